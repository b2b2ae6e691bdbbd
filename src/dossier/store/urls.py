"""What `dossier watch` remembers per URL (`url_states`): read by the watcher, upserted by the writer."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError

from dossier.errors import StoreError
from dossier.records import UrlState
from dossier.store.queries import CHUNK
from dossier.store.schema import url_states as table

_TIMES = ("checked_at", "fetched_at", "retry_at")


def load_url_states(engine: Engine, urls: Iterable[str]) -> dict[str, UrlState]:
    """The remembered state of each of `urls` that has one."""
    wanted = sorted(set(urls))
    found: dict[str, UrlState] = {}
    try:
        with engine.connect() as conn:
            for i in range(0, len(wanted), CHUNK):
                for row in conn.execute(select(table).where(table.c.url.in_(wanted[i : i + CHUNK]))):
                    values = row._asdict()
                    found[row.url] = UrlState(**{k: _aware(v) if k in _TIMES else v for k, v in values.items()})
    except DBAPIError as exc:
        raise StoreError(f"cannot read the store: {exc.orig}") from exc
    return found


def upsert_url_states(conn: Connection, states: Sequence[UrlState]) -> None:
    """Insert or replace these URLs' rows, in the caller's transaction."""
    if not states:
        return
    dialect = {"postgresql": postgresql, "sqlite": sqlite}.get(conn.dialect.name)
    if dialect is None:
        raise StoreError(f"remembering URLs needs SQLite or PostgreSQL, not {conn.dialect.name}")
    rows: list[dict[str, Any]] = [dataclasses.asdict(state) for state in states]
    statement = dialect.insert(table)
    updates = {column.name: statement.excluded[column.name] for column in table.columns if column.name != "url"}
    conn.execute(statement.on_conflict_do_update(index_elements=[table.c.url], set_=updates), rows)


def _aware(value: datetime | None) -> datetime | None:
    """SQLite gives back naive datetimes; every time here was written in UTC."""
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value
