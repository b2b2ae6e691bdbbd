"""Named migrations, recorded in the `migrations` table and applied when a store is opened for writing.

`schema.py` holds the current shape and migration 1 creates it. A later migration must bring an older
store to the current shape and also pass on a fresh store that migration 1 has just created in that
shape (check with `sqlalchemy.inspect` before altering). Never rename or drop an applied migration.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Connection, Table, delete, func, inspect, select, text, update

from dossier.fuse.claims import QUIET
from dossier.store import schema
from dossier.store.schema import METADATA, cues, event_reviews, migrations, reviews, url_states

LOGGER = logging.getLogger(__name__)

Migration = Callable[[Connection], None]


def _create_schema(conn: Connection) -> None:
    METADATA.create_all(conn)


def _actor_wikidata(conn: Connection) -> None:
    """Actors carry their Wikidata id where the shipped tables know it."""
    if "wikidata" not in {column["name"] for column in inspect(conn).get_columns("actors")}:
        conn.execute(text("ALTER TABLE actors ADD COLUMN wikidata VARCHAR"))


FULL_TEXT_TABLE = "documents_fts"

# A standalone FTS5 table (it keeps its own copy of the text) rather than an external-content one:
# `documents` has no INTEGER PRIMARY KEY, so VACUUM may renumber the rowids such an index points at.
_FULL_TEXT_DDL = (
    f"CREATE VIRTUAL TABLE {FULL_TEXT_TABLE} USING fts5("
    "document UNINDEXED, title, text, tokenize = 'porter unicode61 remove_diacritics 2')",
    f"INSERT INTO {FULL_TEXT_TABLE} (document, title, text) SELECT id, title, text FROM documents",
    f"CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN "
    f"INSERT INTO {FULL_TEXT_TABLE} (document, title, text) VALUES (new.id, new.title, new.text); END",
    f"CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN "
    f"DELETE FROM {FULL_TEXT_TABLE} WHERE document = old.id; END",
    f"CREATE TRIGGER documents_fts_update AFTER UPDATE OF id, title, text ON documents BEGIN "
    f"DELETE FROM {FULL_TEXT_TABLE} WHERE document = old.id; "
    f"INSERT INTO {FULL_TEXT_TABLE} (document, title, text) VALUES (new.id, new.title, new.text); END",
)


def _full_text(conn: Connection) -> None:
    """SQLite: an FTS5 index of documents' titles and texts, kept in sync by triggers."""
    if conn.dialect.name != "sqlite":
        return
    if inspect(conn).has_table(FULL_TEXT_TABLE):
        return
    for statement in _FULL_TEXT_DDL:
        conn.exec_driver_sql(statement)


# PostgreSQL's own full text: one tsvector of title (weighted above the text) and text. The index is
# on this expression, so `search.search` must spell it the same way for the planner to use it.
TEXT_SEARCH_CONFIG = "english"
DOCUMENT_VECTOR = (
    f"(setweight(to_tsvector('{TEXT_SEARCH_CONFIG}', coalesce(title, '')), 'A') "
    f"|| to_tsvector('{TEXT_SEARCH_CONFIG}', text))"
)
_DOCUMENT_VECTOR_INDEX = "documents_full_text"


def _postgresql_full_text(conn: Connection) -> None:
    """PostgreSQL: a GIN index over the documents' tsvector, which `search.search` matches against.

    Other backends get no index here; SQLite has its FTS5 table, and any other backend falls back
    to matching words with LIKE.
    """
    if conn.dialect.name != "postgresql":
        return
    conn.exec_driver_sql(
        f"CREATE INDEX IF NOT EXISTS {_DOCUMENT_VECTOR_INDEX} ON documents USING GIN ({DOCUMENT_VECTOR})"
    )


def _weapon_offsets_and_cues(conn: Connection) -> None:
    """Weapons keep where they stand in the text, and hedges and factuality cues get a table."""
    columns = {column["name"] for column in inspect(conn).get_columns("event_weapons")}
    for name in ("start", "end"):
        if name not in columns:
            conn.execute(text(f'ALTER TABLE event_weapons ADD COLUMN "{name}" INTEGER'))
    cues.create(conn, checkfirst=True)


def _url_states(conn: Connection) -> None:
    """`dossier watch` remembers each URL's validators, last poll and failures across restarts."""
    url_states.create(conn, checkfirst=True)


def _reviews(conn: Connection) -> None:
    """An analyst's reviews of events and register rows, and which stored event each one holds for."""
    reviews.create(conn, checkfirst=True)
    event_reviews.create(conn, checkfirst=True)


FUSION_TABLES = (
    schema.fusion_documents, schema.story_bands, schema.story_keys, schema.fusion_events, schema.register_steps, schema.claims,
    schema.claim_marks,
    schema.claim_voices, schema.claim_documents, schema.claim_stories, schema.denial_signatures, schema.signature_marks, schema.denials,
    schema.claim_disputes, schema.transfers, schema.transfer_dates,
)


def _fusion_tables(conn: Connection) -> None:
    """Claims, their voices, story groups and register rows as tables the writer keeps in step,
    filled here from the stored events (what `dossier fuse --rebuild` does)."""
    for table in FUSION_TABLES:
        table.create(conn, checkfirst=True)
    from dossier.store.fused import rebuild  # it reads the store through queries, which read this module

    rebuild(conn)


def _claim_lookup(conn: Connection) -> None:
    """A key's claims of one mode indexed in the order they were made (an undated event looks up the
    first that accepts it), and every claim filed again under its marks (claims of no system are
    filed apart for the events that name one)."""
    next(index for index in schema.claims.indexes if index.name == "ix_claims_key_order").create(conn, checkfirst=True)
    from dossier.store.fused import refile  # it reads the store through queries, which read this module

    refile(conn)


def _register_steps(conn: Connection) -> None:
    """Register rows kept from their events' steps, filed once (`register_steps`), instead of
    recomputed from every event of a row: the steps of every fusion event are filed and every row is
    written again from them (its whole lists are read from its steps, no longer stored with it).
    A store whose fusion tables were made in this shape (by migration 1 or 8) needs nothing."""
    if inspect(conn).has_table(schema.register_steps.name):
        return
    for name in ("step_weapons", schema.transfer_dates.name, schema.transfers.name):
        if inspect(conn).has_table(name):
            conn.execute(text(f"DROP TABLE {name}"))
    for table in (schema.register_steps, schema.transfers, schema.transfer_dates):
        table.create(conn)
    from dossier.store.register import refile  # it reads the store through queries, which read this module

    refile(conn)


def _bounded_lookups(conn: Connection) -> None:
    """Lookups that read a few rows whatever the store's size: the least story under each band key
    (`story_keys`), claims filed under each mark by month and in the order they were made
    (`claim_marks`, written again), and a register row's steps that state figures, indexed
    (`register_steps.figure`). A store whose fusion tables were made in this shape (by migration 1
    or 8) needs nothing."""
    from dossier.store.fused import refile, restore_least_stories  # they read the store through queries
    from dossier.store.register import mark_figures

    if not inspect(conn).has_table(schema.story_keys.name):
        schema.story_keys.create(conn)
        restore_least_stories(conn)
    if "period" not in {column["name"] for column in inspect(conn).get_columns(schema.claim_marks.name)}:
        conn.execute(text(f"DROP TABLE {schema.claim_marks.name}"))
        schema.claim_marks.create(conn)
        refile(conn)
    if "figure" not in {column["name"] for column in inspect(conn).get_columns(schema.register_steps.name)}:
        conn.execute(text(f"ALTER TABLE {schema.register_steps.name} ADD COLUMN figure BOOLEAN NOT NULL DEFAULT FALSE"))
        mark_figures(conn)
        next(index for index in schema.register_steps.indexes if index.name == "ix_register_steps_figures").create(conn)


def _signature_marks(conn: Connection) -> None:
    """Denial signatures filed under the marks of the claims they answer (`signature_marks`), so a
    claim whose weapons change reads the signatures that answer it, not every one of its key. A store
    whose fusion tables were made in this shape (by migration 1 or 8) needs nothing."""
    if inspect(conn).has_table(schema.signature_marks.name):
        return
    schema.signature_marks.create(conn)
    from dossier.store.fused import file_signatures  # it reads the store through queries, which read this module

    file_signatures(conn)


def _postgresql_code_point_orders(conn: Connection) -> None:
    """PostgreSQL: the lists of claims and register rows are ordered by event ids compared by code
    point (`queries.collated`, as fusion sorts them). Where the database's collation orders text
    otherwise, an index of its collation serves neither their ORDER BY nor a page read past a place
    (each page a scan and a sort of the whole table), so their indexes compare text by code point
    too. SQLite compares by code point already."""
    if conn.dialect.name != "postgresql":
        return
    for table, name in ((schema.claims, "ix_claims_order"), (schema.transfers, "ix_transfers_order")):
        _index_by_code_point(conn, table, name, "first")


def _postgresql_claim_marks_order(conn: Connection) -> None:
    """PostgreSQL: an undated event's lookup reads a mark's claims in the order they were made,
    `first` compared by code point (`fused._pages`), a page at a time past the last. `claim_marks`
    made before its `first` was declared of collation "C" indexes it in the database's collation,
    which serves neither that order nor the seek, so the index compares `first` by code point (the
    key's other columns, compared for equality, keep the collation their lookups compare in)."""
    if conn.dialect.name != "postgresql":
        return
    _index_by_code_point(conn, schema.claim_marks, "ix_claim_marks_order", "first")


def _key_disputes(conn: Connection) -> None:
    """A claim that every denial signature of its key answers (filed 'quiet':
    `fuse.claims.answered_by_every`) keeps that once, as its mark, instead of a link to each
    signature: its links are deleted, its `signatures` counts its links (none, its status stays),
    each signature's `links` counts the rows left, and signatures are no longer filed under 'quiet'
    (`fuse.claims.answering_marks`). A store whose fusion tables were made in this shape has none of
    these rows, and the counts come out as they are."""
    c, cd, cm, s, sm = (table.c for table in (schema.claims, schema.claim_disputes, schema.claim_marks,
                                               schema.denial_signatures, schema.signature_marks))
    answered_by_every = select(cm.claim).where(cm.mark == QUIET)
    conn.execute(delete(schema.claim_disputes).where(cd.claim.in_(answered_by_every)))
    conn.execute(update(schema.claims).where(c.id.in_(answered_by_every), c.signatures != 0).values(signatures=0))
    linked = select(func.count()).select_from(schema.claim_disputes).where(cd.signature == s.id).scalar_subquery()
    conn.execute(update(schema.denial_signatures).where(s.links != linked).values(links=linked))
    conn.execute(delete(schema.signature_marks).where(sm.mark == QUIET))


def _index_by_code_point(conn: Connection, table: Table, name: str, ordered: str) -> None:
    """The index `name` of `table` made again with its column `ordered` compared by code point."""
    index = next(index for index in table.indexes if index.name == name)
    columns = ", ".join(f'"{column.name}"' + (' COLLATE "C"' if column.name == ordered else "")
                        for column in index.columns)
    conn.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")
    conn.exec_driver_sql(f"CREATE INDEX {name} ON {table.name} ({columns})")


MIGRATIONS: tuple[tuple[str, Migration], ...] = (
    ("0001_create_schema", _create_schema),
    ("0002_actor_wikidata", _actor_wikidata),
    ("0003_full_text", _full_text),
    ("0004_weapon_offsets_and_cues", _weapon_offsets_and_cues),
    ("0005_postgresql_full_text", _postgresql_full_text),
    ("0006_url_states", _url_states),
    ("0007_reviews", _reviews),
    ("0008_fusion_tables", _fusion_tables),
    ("0009_claim_lookup", _claim_lookup),
    ("0010_register_steps", _register_steps),
    ("0011_bounded_lookups", _bounded_lookups),
    ("0012_signature_marks", _signature_marks),
    ("0013_postgresql_code_point_orders", _postgresql_code_point_orders),
    ("0014_postgresql_claim_marks_order", _postgresql_claim_marks_order),
    ("0015_key_disputes", _key_disputes),
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
