"""Opening a store: SQLAlchemy engine, SQLite tuning, read-only mode and migrations on open.

Readers open the store read-only (SQLite `mode=ro`) so the API can never write; the single writer
takes SQLite's write lock up front (`BEGIN IMMEDIATE`) so its read-then-write cannot race another.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import quote

from sqlalchemy import URL, Connection, Engine, create_engine, event, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from dossier.errors import StoreError
from dossier.store.migrations import migrate, pending

LOGGER = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000
POSTGRESQL_DRIVER = "postgresql+psycopg"
_IMMEDIATE = "dossier_immediate"


def open_store(url_or_path: str, *, readonly: bool = False) -> Engine:
    """An engine on the store, migrated to the current schema (or checked to be, when read-only)."""
    url = _to_url(url_or_path, readonly=readonly)
    options: dict[str, Any] = {}
    if readonly and url.get_backend_name() == "postgresql":
        options["execution_options"] = {"postgresql_readonly": True}
    try:
        engine = create_engine(url, **options)
    except (ArgumentError, NoSuchModuleError) as exc:
        raise StoreError(f"cannot open store {url_or_path!r}: {exc}") from exc
    if url.get_backend_name() == "sqlite":
        _tune_sqlite(engine, readonly=readonly)
    try:
        if readonly:
            with engine.connect() as conn:
                todo = pending(conn)
            if todo:
                raise StoreError(
                    f"store {url_or_path!r} needs migrations {', '.join(todo)}; open it for writing once"
                )
        else:
            with write_transaction(engine) as conn:
                migrate(conn)
    except DBAPIError as exc:
        engine.dispose()
        raise StoreError(f"cannot open store {url_or_path!r}: {exc.orig}") from exc
    except StoreError:
        engine.dispose()
        raise
    return engine


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that holds the write lock from its start: commit on exit, roll back on error."""
    with engine.connect() as conn:
        conn.execution_options(**{_IMMEDIATE: True})
        with conn.begin():
            yield conn


def _to_url(url_or_path: str, *, readonly: bool) -> URL:
    """A SQLAlchemy URL for a URL or a file path; a read-only SQLite file becomes a `mode=ro` URI."""
    if "://" in url_or_path:
        try:
            url = make_url(url_or_path)
        except ArgumentError as exc:
            raise StoreError(f"not a database URL: {url_or_path!r}") from exc
        if url.drivername in ("postgresql", "postgres"):
            url = url.set(drivername=POSTGRESQL_DRIVER)  # SQLAlchemy would pick psycopg2, not ours
    else:
        url = URL.create("sqlite", database=url_or_path)
    if not readonly or url.get_backend_name() != "sqlite":
        return url
    database = url.database or ""
    if database in ("", ":memory:") or "mode=memory" in database:
        raise StoreError("a read-only store needs a database file, not an in-memory one")
    if url.query.get("uri") != "true":
        database = "file:" + quote(database, safe="/:")
    return url.set(database=database).update_query_dict({"mode": "ro", "uri": "true"})


def _tune_sqlite(engine: Engine, *, readonly: bool) -> None:
    """Pragmas on every new connection, and our own BEGIN so DDL and reads are transactional too."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # the driver's implicit BEGIN skips DDL; we emit our own
        cursor = dbapi_conn.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys = ON")
            if readonly:
                cursor.execute("PRAGMA query_only = ON")
            else:
                cursor.execute("PRAGMA journal_mode = WAL")
                cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get(_IMMEDIATE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
