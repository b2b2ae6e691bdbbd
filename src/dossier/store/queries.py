"""Read-only queries returning plain dicts in the export's shape (SCHEMA.md), for API, CLI and exports.

Lists come in a stable order (documents and actors by id; attributions and events by document, then
their order in the text) so pages and exports are reproducible. The `iter_*` generators read in
chunks on one connection so an export of 10^5 events never holds them all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, ColumnElement, Engine, Row, Select, Table, func, or_, select

from dossier.store import schema as t

CHUNK = 500  # rows per read, and values per IN (...) list
# Appended to an ISO date of any precision, it sorts after every day that date covers
# ('2024-09-99-99' >= '2024-09-30'), also under collations that ignore punctuation.
_END_OF_PERIOD = "-99-99"

_DOCUMENT_COLUMNS = (
    t.documents.c.id, t.documents.c.title, t.documents.c.outlet, t.documents.c.url,
    t.documents.c.published, t.documents.c.language, t.documents.c.sha256, t.documents.c.chars,
)


def list_documents(
    engine: Engine, *, outlet: str | None = None, limit: int | None = None, offset: int = 0
) -> list[dict[str, Any]]:
    """Documents' metadata (no text), by id."""
    stmt = select(*_DOCUMENT_COLUMNS).order_by(t.documents.c.id).limit(limit).offset(offset)
    if outlet is not None:
        stmt = stmt.where(func.lower(t.documents.c.outlet) == outlet.lower())
    with engine.connect() as conn:
        return [_document(row) for row in conn.execute(stmt)]


def get_document(engine: Engine, document_id: str) -> dict[str, Any] | None:
    """One document with its text and everything found in it: mentions, attributions, events."""
    with engine.connect() as conn:
        row = conn.execute(
            select(*_DOCUMENT_COLUMNS, t.documents.c.origin, t.documents.c.text)
            .where(t.documents.c.id == document_id)
        ).first()
        if row is None:
            return None
        m = t.mentions.c
        mentions = conn.execute(
            select(m.start, m.end, m.text, m.actor).where(m.document == document_id)
            .order_by(m.start, m.end, m.actor)
        )
        attributions = _by_documents(conn, t.attributions, [document_id])
        return {
            **_document(row),
            "origin": row.origin,
            "text": row.text,
            "mentions": [dict(mention._mapping) for mention in mentions],
            "attributions": [_attribution(x) for x in attributions],
            "events": _events(conn, _by_documents(conn, t.events, [document_id])),
        }


def list_actors(
    engine: Engine,
    *,
    kind: str | None = None,
    country: str | None = None,
    name: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Actors by id; `name` matches part of a name or alias, ignoring case."""
    stmt = select(t.actors).order_by(t.actors.c.id).limit(limit).offset(offset)
    if kind is not None:
        stmt = stmt.where(t.actors.c.kind == kind)
    if country is not None:
        stmt = stmt.where(t.actors.c.country == country.upper())
    if name is not None:
        needle = name.lower()
        aliased = select(t.actor_aliases.c.actor).where(
            func.lower(t.actor_aliases.c.alias).contains(needle, autoescape=True)
        )
        stmt = stmt.where(or_(
            func.lower(t.actors.c.name).contains(needle, autoescape=True), t.actors.c.id.in_(aliased)
        ))
    with engine.connect() as conn:
        return _actors(conn, list(conn.execute(stmt)))


def list_attributions(
    engine: Engine,
    *,
    document: str | None = None,
    speaker: str | None = None,
    speaker_kind: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Attributions by document and position; `speaker` is an actor id, name or alias."""
    a = t.attributions
    stmt = select(a).order_by(a.c.document, a.c.position).limit(limit).offset(offset)
    if document is not None:
        stmt = stmt.where(a.c.document == document)
    if speaker_kind is not None:
        stmt = stmt.where(a.c.speaker_kind == speaker_kind)
    with engine.connect() as conn:
        if speaker is not None:
            stmt = stmt.where(a.c.speaker.in_(_resolve_actor(conn, speaker)))
        return [_attribution(row) for row in conn.execute(stmt)]


def list_events(
    engine: Engine,
    *,
    actor: str | None = None,
    type: str | None = None,  # noqa: A002 - the export's field name
    factuality: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Events by document and position, filtered.

    `actor` (an id, or a name or alias in any case) matches events where it is source, target or
    among the others. `date_from`/`date_to` (ISO, any precision) keep events whose date period
    overlaps them; undated events drop out when either is given.
    """
    e = t.events
    stmt = select(e).order_by(e.c.document, e.c.position).limit(limit).offset(offset)
    if type is not None:
        stmt = stmt.where(e.c.type == type.upper())
    if factuality is not None:
        stmt = stmt.where(e.c.factuality == factuality.lower())
    if date_from is not None:
        period_end = func.coalesce(e.c.date_end, e.c.date_start).concat(_END_OF_PERIOD)
        stmt = stmt.where(period_end >= date_from)
    if date_to is not None:
        stmt = stmt.where(e.c.date_start <= date_to + _END_OF_PERIOD)
    with engine.connect() as conn:
        if actor is not None:
            stmt = stmt.where(_involves(_resolve_actor(conn, actor)))
        return _events(conn, list(conn.execute(stmt)))


def counts(engine: Engine) -> dict[str, Any]:
    """How many documents, events, actors and attributions the store holds, and events by type."""
    with engine.connect() as conn:
        total = {
            table.name: conn.execute(select(func.count()).select_from(table)).scalar_one()
            for table in (t.documents, t.events, t.actors, t.attributions)
        }
        by_type = conn.execute(
            select(t.events.c.type, func.count()).group_by(t.events.c.type).order_by(t.events.c.type)
        )
        return {**total, "events_by_type": {kind: n for kind, n in by_type}}


def last_run_outcomes(engine: Engine) -> list[dict[str, Any]]:
    """What happened to each input item in the latest ingest run (empty if there was none)."""
    o = t.outcomes
    with engine.connect() as conn:
        run = conn.execute(select(func.max(t.runs.c.id))).scalar_one()
        rows = conn.execute(select(o).where(o.c.run == run).order_by(o.c.id)) if run is not None else []
        return [
            {"run": row.run, "origin": row.origin, "status": row.status, "reason": row.reason,
             "document": row.document, "events": row.events, "at": _iso(row.at)}
            for row in rows
        ]


def iter_documents(conn: Connection) -> Iterator[dict[str, Any]]:
    """Every document's metadata, by id, read in chunks."""
    stmt = select(*_DOCUMENT_COLUMNS)
    for rows in _keyset(conn, stmt, t.documents.c.id):
        yield from (_document(row) for row in rows)


def iter_actors(conn: Connection) -> Iterator[dict[str, Any]]:
    """Every actor, by id, read in chunks."""
    for rows in _keyset(conn, select(t.actors), t.actors.c.id):
        yield from _actors(conn, rows)


def iter_attributions(conn: Connection) -> Iterator[dict[str, Any]]:
    """Every attribution, by document and position, read a chunk of documents at a time."""
    for ids in _document_id_chunks(conn):
        yield from (_attribution(row) for row in _by_documents(conn, t.attributions, ids))


def iter_events(conn: Connection) -> Iterator[dict[str, Any]]:
    """Every event, by document and position, read a chunk of documents at a time."""
    for ids in _document_id_chunks(conn):
        yield from _events(conn, _by_documents(conn, t.events, ids))


def _keyset(conn: Connection, stmt: Select[Any], key: Any) -> Iterator[list[Row[Any]]]:
    """Pages of `stmt` ordered by the unique `key`, each read after the last key of the one before."""
    last = None
    while True:
        page = stmt.order_by(key).limit(CHUNK)
        if last is not None:
            page = page.where(key > last)
        rows = list(conn.execute(page))
        if not rows:
            return
        yield rows
        last = rows[-1]._mapping[key]


def _document_id_chunks(conn: Connection) -> Iterator[list[str]]:
    for rows in _keyset(conn, select(t.documents.c.id), t.documents.c.id):
        yield [row.id for row in rows]


def _by_documents(conn: Connection, table: Table, ids: Sequence[str]) -> list[Row[Any]]:
    stmt = select(table).where(table.c.document.in_(ids)).order_by(table.c.document, table.c.position)
    return list(conn.execute(stmt))


def _children(conn: Connection, table: Table, key: Any, ids: Sequence[str]) -> dict[str, list[Row[Any]]]:
    """Rows of `table` whose `key` is among `ids`, grouped by it, in position order."""
    grouped: dict[str, list[Row[Any]]] = defaultdict(list)
    for i in range(0, len(ids), CHUNK):
        stmt = select(table).where(key.in_(ids[i : i + CHUNK])).order_by(key, table.c.position)
        for row in conn.execute(stmt):
            grouped[row._mapping[key]].append(row)
    return grouped


def _resolve_actor(conn: Connection, actor: str) -> list[str]:
    """Ids of the actors an id, name or alias (any case) points to."""
    needle = actor.lower()
    by_name = select(t.actors.c.id).where(
        or_(t.actors.c.id == actor, func.lower(t.actors.c.name) == needle)
    )
    by_alias = select(t.actor_aliases.c.actor).where(func.lower(t.actor_aliases.c.alias) == needle)
    return sorted(set(conn.execute(by_name).scalars()) | set(conn.execute(by_alias).scalars()))


def _involves(actor_ids: Iterable[str]) -> ColumnElement[bool]:
    ids = list(actor_ids)
    e = t.events.c
    among_others = select(t.event_others.c.event).where(t.event_others.c.actor.in_(ids))
    return or_(e.source.in_(ids), e.target.in_(ids), e.id.in_(among_others))


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()


def _span(start: int | None, end: int | None, text: str | None) -> dict[str, Any] | None:
    return None if start is None else {"start": start, "end": end, "text": text}


def _document(row: Row[Any]) -> dict[str, Any]:
    return {
        "id": row.id, "title": row.title, "outlet": row.outlet, "url": row.url,
        "published": row.published, "language": row.language, "sha256": row.sha256, "chars": row.chars,
    }


def _attribution(row: Row[Any]) -> dict[str, Any]:
    return {
        "id": row.id,
        "document": row.document,
        "source": _span(row.source_start, row.source_end, row.source_text),
        "cue": _span(row.cue_start, row.cue_end, row.cue_text),
        "content": _span(row.content_start, row.content_end, row.content_text),
        "speaker": row.speaker,
        "speaker_kind": row.speaker_kind,
    }


def _actors(conn: Connection, rows: Sequence[Row[Any]]) -> list[dict[str, Any]]:
    ids = [row.id for row in rows]
    aliases: dict[str, list[str]] = defaultdict(list)
    roles: dict[str, list[str]] = defaultdict(list)
    a, r = t.actor_aliases.c, t.actor_roles.c
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i : i + CHUNK]
        alias_rows = select(a.actor, a.alias).where(a.actor.in_(chunk)).order_by(a.alias)
        for actor, alias in conn.execute(alias_rows):
            aliases[actor].append(alias)
        distinct_roles = select(r.actor, r.role).where(r.actor.in_(chunk)).distinct().order_by(r.role)
        for actor, role in conn.execute(distinct_roles):
            roles[actor].append(role)
    return [
        {"id": row.id, "name": row.name, "kind": row.kind, "country": row.country,
         "wikidata": row.wikidata, "aliases": aliases[row.id], "roles": roles[row.id]}
        for row in rows
    ]


def _events(conn: Connection, rows: Sequence[Row[Any]]) -> list[dict[str, Any]]:
    """Event dicts for `rows`, with their others, weapons, attributions and evidence."""
    ids = [row.id for row in rows]
    others = _children(conn, t.event_others, t.event_others.c.event, ids)
    weapons = _children(conn, t.event_weapons, t.event_weapons.c.event, ids)
    attributions = _children(conn, t.event_attributions, t.event_attributions.c.event, ids)
    evidence = _children(conn, t.evidence, t.evidence.c.event, ids)
    return [
        {
            "id": row.id,
            "document": row.document,
            "type": row.type,
            "mode": row.mode,
            "source": row.source,
            "target": row.target,
            "others": [o.actor for o in others[row.id]],
            "date": None if row.date_text is None and row.date_start is None and row.date_end is None
            else {"start": row.date_start, "end": row.date_end, "text": row.date_text},
            "location": None if row.location_name is None
            else {"name": row.location_name, "country": row.location_country},
            "weapons": [
                {"system": w.system, "category": w.category, "text": w.text} for w in weapons[row.id]
            ],
            "quantity": None if row.quantity_text is None
            else {"min": row.quantity_min, "max": row.quantity_max, "text": row.quantity_text},
            "value": None if row.value_text is None
            else {"amount": row.value_amount, "currency": row.value_currency, "text": row.value_text},
            "factuality": row.factuality,
            "attributions": [
                {"speaker": x.speaker, "speaker_text": x.speaker_text, "speaker_kind": x.speaker_kind,
                 "cue": x.cue, "outlet": x.outlet}
                for x in attributions[row.id]
            ],
            "evidence": [
                {"document": x.document, "start": x.start, "end": x.end, "sentence": x.sentence}
                for x in evidence[row.id]
            ],
            "trigger": {"start": row.trigger_start, "end": row.trigger_end, "text": row.trigger_text},
            "context": list(row.context),
        }
        for row in rows
    ]
