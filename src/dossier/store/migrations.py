"""Named migrations, recorded in the `migrations` table and applied when a store is opened for writing.

`schema.py` holds the current shape and migration 1 creates it. A later migration must bring an older
store to the current shape and also pass on a fresh store that migration 1 has just created in that
shape (check with `sqlalchemy.inspect` before altering). Never rename or drop an applied migration.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Connection, inspect, select, text

from dossier.store.schema import METADATA, migrations

LOGGER = logging.getLogger(__name__)

Migration = Callable[[Connection], None]


def _create_schema(conn: Connection) -> None:
    METADATA.create_all(conn)


def _actor_wikidata(conn: Connection) -> None:
    """Actors carry their Wikidata id where the shipped tables know it."""
    if "wikidata" not in {column["name"] for column in inspect(conn).get_columns("actors")}:
        conn.execute(text("ALTER TABLE actors ADD COLUMN wikidata VARCHAR"))


MIGRATIONS: tuple[tuple[str, Migration], ...] = (
    ("0001_create_schema", _create_schema),
    ("0002_actor_wikidata", _actor_wikidata),
)


def applied(conn: Connection) -> list[str]:
    """Names of the migrations this store has recorded, oldest first."""
    if not inspect(conn).has_table(migrations.name):
        return []
    rows = conn.execute(select(migrations.c.name).order_by(migrations.c.applied_at, migrations.c.name))
    return list(rows.scalars())


def pending(conn: Connection) -> list[str]:
    """Names of the migrations this store still needs, in the order they will run."""
    done = set(applied(conn))
    return [name for name, _ in MIGRATIONS if name not in done]


def migrate(conn: Connection) -> list[str]:
    """Apply the pending migrations inside the caller's transaction; return their names."""
    todo = pending(conn)
    steps = dict(MIGRATIONS)
    for name in todo:
        steps[name](conn)
        conn.execute(migrations.insert(), {"name": name, "applied_at": datetime.now(UTC)})
        LOGGER.info("applied migration %s", name)
    return todo
