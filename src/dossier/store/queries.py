"""Read-only queries returning plain dicts in the export's shape (SCHEMA.md), for API, CLI and exports.

Lists come in a stable order (documents and actors by id; attributions and events by document, then
their order in the text; `list_order` has them all) so pages and exports are reproducible. Each
order is unique and that of an index, so a list read `after` a record's place (`cursor`) starts
with an index seek, as cheaply at the millionth record as at the first. The `iter_*` generators
read in chunks on one connection, each past the last, so an export of 10^5 events never holds them
all.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    Connection, ColumnElement, Engine, Row, Select, Table, TextClause, and_, case, false, func, inspect, literal, or_,
    select, text, true, tuple_, union,
)

from dossier.errors import InvalidFilter
from dossier.fuse.claims import QUIET, answered_by_every
from dossier.fuse.register import row_lists, step_figure
from dossier.store import filters, reviews
from dossier.store import schema as t

CHUNK = 500  # rows per read, and values per IN (...) list
# Appended to an ISO date of any precision, it sorts after every day that date covers
# ('2024-09-99-99' >= '2024-09-30'), also under collations that ignore punctuation.
_END_OF_PERIOD = "-99-99"

_DOCUMENT_COLUMNS = (
    t.documents.c.id, t.documents.c.title, t.documents.c.outlet, t.documents.c.url,
    t.documents.c.published, t.documents.c.language, t.documents.c.sha256, t.documents.c.chars,
)


# The lists that page by a place in their order (`cursor`), and the table each lists.
LISTS = {"documents": t.documents, "actors": t.actors, "attributions": t.attributions, "events": t.events,
         "claims": t.claims, "transfers": t.transfers}


def list_order(conn: Connection, listing: str) -> tuple[Any, ...]:
    """The order of the list `listing` (one of `LISTS`): unique, so a place in it names one record,
    and that of an index (the key, `ix_attributions_document`, `ix_events_document`, `ix_claims_order`,
    `ix_transfers_order`), so a page read past a place starts with a seek."""
    a, e, c, tr = t.attributions.c, t.events.c, t.claims.c, t.transfers.c
    return {
        "documents": (t.documents.c.id,), "actors": (t.actors.c.id,), "attributions": (a.document, a.position),
        "events": (e.document, e.position), "claims": (c.rank, c.first_position, collated(conn, c.first)),
        "transfers": (tr.phase, collated(conn, tr.first), tr.item),
    }[listing]


def cursor(engine: Engine, listing: str, record_id: str) -> list[Any]:
    """Where the record `record_id` stands in the order of the list `listing` (one of `LISTS`): the
    `after` that lists what follows it. (A register row's id is that of a row not rejected.)"""
    table = LISTS[listing]
    with engine.connect() as conn:
        order = list_order(conn, listing)
        stmt = select(*order).where(table.c.id == record_id)
        if "rejected" in table.c:
            stmt = stmt.where(table.c.rejected == false())
        return list(conn.execute(stmt.order_by(*order).limit(1)).one())


def list_documents(
    engine: Engine,
    *,
    outlet: str | None = None,
    actor: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    q: str | None = None,
    ids: Sequence[str] | None = None,
    limit: int | None = None,
    offset: int = 0,
    after: Sequence[Any] | None = None,
) -> list[dict[str, Any]]:
    """Documents' metadata (no text), by id; `after` (a `cursor`) starts past that document.

    `actor` keeps documents that mention it; `date_from`/`date_to` bound the publication day;
    `q` matches part of the title or text, ignoring case; `ids` keeps those documents only.
    """
    with engine.connect() as conn:
        stmt = _filtered_documents(conn, outlet, actor, date_from, date_to, q, ids)
        stmt = _page(stmt, *list_order(conn, "documents"), limit=limit, offset=offset, after=after)
        return [_document(row) for row in conn.execute(stmt)]


def count_documents(
    engine: Engine,
    *,
    outlet: str | None = None,
    actor: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    q: str | None = None,
    ids: Sequence[str] | None = None,
    cap: int | None = None,
) -> int:
    """How many documents `list_documents` would list with the same filters and no limit, counting
    no further than `cap`."""
    with engine.connect() as conn:
        return count_rows(conn, _filtered_documents(conn, outlet, actor, date_from, date_to, q, ids), cap)


def get_document(engine: Engine, document_id: str) -> dict[str, Any] | None:
    """One document with its text and everything found in it: mentions, weapons, hedges and
    factuality cues, attributions, events. `weapons` are the distinct weapon phrases events carry
    (those stored with offsets), for highlighting."""
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
        w, e, c = t.event_weapons.c, t.events.c, t.cues.c
        rejected = select(t.event_reviews.c.event).where(t.event_reviews.c.verdict == "rejected")
        weapons = conn.execute(
            select(w.start, w.end, w.text, w.category, w.system).distinct()
            .join_from(t.event_weapons, t.events, w.event == e.id)
            .where(e.document == document_id, w.start.is_not(None), w.end.is_not(None), e.id.not_in(rejected))
            .order_by(w.start, w.end, w.category, w.system)
        )
        cues = conn.execute(
            select(c.start, c.end, c.text, c.kind).where(c.document == document_id)
            .order_by(c.start, c.end, c.kind)
        )
        attributions = _by_documents(conn, t.attributions, [document_id])
        return {
            **_document(row),
            "origin": row.origin,
            "text": row.text,
            "mentions": [dict(mention._mapping) for mention in mentions],
            "weapons": [dict(weapon._mapping) for weapon in weapons],
            "cues": [dict(cue._mapping) for cue in cues],
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
    after: Sequence[Any] | None = None,
) -> list[dict[str, Any]]:
    """Actors by id; `name` matches part of a name or alias, ignoring case. `after` (a `cursor`)
    starts past that actor."""
    with engine.connect() as conn:
        stmt = _page(_filtered_actors(kind, country, name), *list_order(conn, "actors"), limit=limit, offset=offset,
                     after=after)
        return _actors(conn, list(conn.execute(stmt)))


def count_actors(
    engine: Engine, *, kind: str | None = None, country: str | None = None, name: str | None = None,
    cap: int | None = None,
) -> int:
    """How many actors `list_actors` would list with the same filters and no limit, counting
    no further than `cap`."""
    with engine.connect() as conn:
        return count_rows(conn, _filtered_actors(kind, country, name), cap)


def list_attributions(
    engine: Engine,
    *,
    document: str | None = None,
    speaker: str | None = None,
    speaker_kind: str | None = None,
    q: str | None = None,
    limit: int | None = None,
    offset: int = 0,
    after: Sequence[Any] | None = None,
) -> list[dict[str, Any]]:
    """Attributions by document and position; `speaker` is an actor id, name or alias. `after`
    (a `cursor`) starts past that attribution.

    `q` matches part of the content, ignoring case.
    """
    with engine.connect() as conn:
        stmt = _filtered_attributions(conn, document, speaker, speaker_kind, q)
        stmt = _page(stmt, *list_order(conn, "attributions"), limit=limit, offset=offset, after=after)
        return [_attribution(row) for row in conn.execute(stmt)]


def count_attributions(
    engine: Engine,
    *,
    document: str | None = None,
    speaker: str | None = None,
    speaker_kind: str | None = None,
    q: str | None = None,
    cap: int | None = None,
) -> int:
    """How many attributions `list_attributions` would list with the same filters and no limit, counting
    no further than `cap`."""
    with engine.connect() as conn:
        return count_rows(conn, _filtered_attributions(conn, document, speaker, speaker_kind, q), cap)


def list_events(
    engine: Engine,
    *,
    actor: str | None = None,
    type: str | None = None,  # noqa: A002 - the export's field name
    factuality: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    weapon: str | None = None,
    document: str | None = None,
    q: str | None = None,
    country: str | None = None,
    outlet: str | None = None,
    year: str | None = None,
    incomplete: bool | None = None,
    reviewed: bool | None = None,
    limit: int | None = None,
    offset: int = 0,
    after: Sequence[Any] | None = None,
) -> list[dict[str, Any]]:
    """Events by document and position, filtered, as the analyst's reviews have them (a rejected
    event is gone, a corrected one is filtered by its corrected values). `after` (a `cursor`)
    starts the list past that event, as cheaply at the millionth event as at the first.

    `actor` (an id, or a name or alias in any case) matches events where it is source, target or
    among the others. `date_from`/`date_to` (ISO, any precision) keep events whose date period
    overlaps them; undated events drop out when either is given. `weapon` is a weapon category
    or system; `q` matches part of an evidence sentence, ignoring case; `country` (alpha-3) keeps
    events whose source or target is of that country, `outlet` those of documents from that outlet
    (any case), `year` those whose date starts in that year. `incomplete` and
    `reviewed`, when given, keep events that lack a party (or not) and that carry a review (or not).
    """
    with engine.connect() as conn:
        stmt = _filtered_events(conn, actor, type, factuality, date_from, date_to, weapon, document, q,
                                incomplete, reviewed, country=country, outlet=outlet, year=year)
        stmt = _page(stmt, *list_order(conn, "events"), limit=limit, offset=offset, after=after)
        return _events(conn, list(conn.execute(stmt)))


def count_events(
    engine: Engine,
    *,
    actor: str | None = None,
    type: str | None = None,  # noqa: A002 - the export's field name
    factuality: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    weapon: str | None = None,
    document: str | None = None,
    q: str | None = None,
    country: str | None = None,
    outlet: str | None = None,
    year: str | None = None,
    incomplete: bool | None = None,
    reviewed: bool | None = None,
    cap: int | None = None,
) -> int:
    """How many events `list_events` would list with the same filters and no limit, counting
    no further than `cap`."""
    with engine.connect() as conn:
        stmt = _filtered_events(conn, actor, type, factuality, date_from, date_to, weapon, document, q,
                                incomplete, reviewed, country=country, outlet=outlet, year=year)
        return count_rows(conn, stmt, cap)


def get_events(engine: Engine, ids: Sequence[str], *, rejected: bool = False) -> list[dict[str, Any]]:
    """The events with these ids, as reviewed, in the order given (unknown ids are left out);
    `rejected` keeps those an analyst rejected (for the review queue)."""
    with engine.connect() as conn:
        found: dict[str, dict[str, Any]] = {}
        for i in range(0, len(ids), CHUNK):
            rows = list(conn.execute(select(t.events).where(t.events.c.id.in_(ids[i : i + CHUNK]))))
            found.update((event["id"], event) for event in _events(conn, rows, rejected=rejected))
        return [found[i] for i in ids if i in found]


# The facets of the event listing, each counted under every filter but its own, as Datasette's are:
# a value's count is what choosing it would list, and the chosen facet still offers the others.
EVENT_FACETS = ("type", "factuality", "country", "weapon", "outlet", "year")
FACET_VALUES = 30  # values per facet, most events first
EVENT_FILTERS = ("actor", "type", "factuality", "date_from", "date_to", "weapon", "document", "q",
                 "country", "outlet", "year")


def event_facets(engine: Engine, *, size: int = FACET_VALUES, **chosen: str | None) -> dict[str, list[dict[str, Any]]]:
    """Facet -> its values `{"value", "count"}` among the events `chosen` (the filters of
    `list_events`) keeps, its own filter set aside; most events first, at most `size`. Counted in
    SQL, one GROUP BY a facet, so a store of any size answers at the speed of its indexes."""
    with engine.connect() as conn:
        return {name: _facet(conn, name, {**chosen, name: None}, size) for name in EVENT_FACETS}


def event_months(engine: Engine, **chosen: str | None) -> dict[str, Any]:
    """Events per month and type (`{"month": "2024-08", "type", "count"}`, by month) under the
    filters of `list_events`, and how many are `undated` or dated only to a year."""
    e, er = t.events.c, t.event_reviews.c
    with engine.connect() as conn:
        kept = _filtered_events(conn, **chosen).subquery()
        held = _held()
        month = func.substr(held["date_start"], 1, 7)
        rows = select(month.label("month"), held["type"].label("type"), func.count().label("count")) \
            .select_from(t.events.outerjoin(t.event_reviews, er.event == e.id)) \
            .where(e.id.in_(select(kept.c.id)), func.length(held["date_start"]) >= 7) \
            .group_by(month, held["type"]).order_by(month, held["type"])
        items = [dict(row._mapping) for row in conn.execute(rows)]
        total = int(conn.execute(select(func.count()).select_from(kept)).scalar_one())
    return {"items": items, "undated": total - sum(item["count"] for item in items)}


def event_links(engine: Engine, *, size: int = 300, **chosen: str | None) -> dict[str, Any]:
    """The actor network under the filters of `list_events`: pairs of actors (`a` < `b`, either
    direction) with how many events link them (`{"a", "b", "events"}`, most first, at most `size`),
    and how many pairs there are. Grouped in SQL: the page draws a store of a million events from a
    few hundred rows, not from every event."""
    e, er = t.events.c, t.event_reviews.c
    with engine.connect() as conn:
        kept = _filtered_events(conn, **chosen).subquery()
        held = _held()
        source, target = held["source"], held["target"]
        low = case((source < target, source), else_=target)
        high = case((source < target, target), else_=source)
        pairs = select(low.label("a"), high.label("b"), func.count().label("events")) \
            .select_from(t.events.outerjoin(t.event_reviews, er.event == e.id)) \
            .where(e.id.in_(select(kept.c.id)), source.is_not(None), target.is_not(None), source != target) \
            .group_by(low, high).subquery()
        total = int(conn.execute(select(func.count()).select_from(pairs)).scalar_one())
        rows = conn.execute(select(pairs).order_by(pairs.c.events.desc(), pairs.c.a, pairs.c.b).limit(size))
        return {"items": [dict(row._mapping) for row in rows], "total": total}


def _facet(conn: Connection, name: str, chosen: dict[str, str | None], size: int) -> list[dict[str, Any]]:
    kept = _filtered_events(conn, **chosen).subquery()
    pairs = _facet_pairs(name).subquery()
    count = func.count(func.distinct(pairs.c.event))
    stmt = select(pairs.c.value, count.label("count")) \
        .where(pairs.c.event.in_(select(kept.c.id)), pairs.c.value.is_not(None)) \
        .group_by(pairs.c.value).order_by(count.desc(), pairs.c.value).limit(size)
    return [{"value": row.value, "count": row.count} for row in conn.execute(stmt)]


def _facet_pairs(name: str) -> Any:
    """(event, value) for the facet `name`, values as reviewed where a review holds."""
    e, er, a, w = t.events.c, t.event_reviews.c, t.actors.c, t.event_weapons.c
    reviewed = t.events.outerjoin(t.event_reviews, er.event == e.id)
    held = _held()
    if name in ("type", "factuality"):
        return select(e.id.label("event"), held[name].label("value")).select_from(reviewed)
    if name == "year":
        return select(e.id.label("event"), func.substr(held["date_start"], 1, 4).label("value")).select_from(reviewed)
    if name == "outlet":
        return select(e.id.label("event"), t.documents.c.outlet.label("value")) \
            .join_from(t.events, t.documents, t.documents.c.id == e.document)
    if name == "country":
        return union(*(select(e.id.label("event"), a.country.label("value"))
                       .select_from(reviewed.join(t.actors, a.id == held[party])) for party in ("source", "target")))
    if name == "weapon":
        machine = select(w.event.label("event"), w.category.label("value")) \
            .join_from(t.event_weapons, t.event_reviews, er.event == w.event, isouter=True) \
            .where(or_(er.weapons_set.is_(None), er.weapons_set != true()))
        corrected = select(er.event.label("event"), er.weapon_category.label("value")).where(er.weapons_set == true())
        return union(machine, corrected)
    raise ValueError(f"no facet {name!r}")


def list_claims(
    engine: Engine,
    *,
    status: str | None = None,
    type: str | None = None,  # noqa: A002 - the export's field name
    actor: str | None = None,
    document: str | None = None,
    reviewed: bool | None = None,
    limit: int | None = None,
    offset: int = 0,
    part_limit: int | None = None,
    after: Sequence[Any] | None = None,
) -> list[dict[str, Any]]:
    """The store's claims (kept by the writer in the fusion tables), filtered; `actor` is source or
    target; `reviewed`, when given, keeps claims whose every event carries a review (or those with
    one that does not). With `part_limit`, each claim's lists are cut to that many, as `cut_parts`
    cuts them. `after` (a `cursor`) starts the list past that claim."""
    with engine.connect() as conn:
        stmt = _filtered_claims(conn, status, type, actor, document, reviewed)
        rows = list(conn.execute(_page(stmt, *list_order(conn, "claims"), limit=limit, offset=offset, after=after)))
        return _claims(conn, rows, part_limit)


def count_claims(
    engine: Engine,
    *,
    status: str | None = None,
    type: str | None = None,  # noqa: A002 - the export's field name
    actor: str | None = None,
    document: str | None = None,
    reviewed: bool | None = None,
    cap: int | None = None,
) -> int:
    """How many claims `list_claims` would list with the same filters and no limit, counting
    no further than `cap`."""
    with engine.connect() as conn:
        return count_rows(conn, _filtered_claims(conn, status, type, actor, document, reviewed), cap)


# The lists inside a claim or a register row grow with the store (every copy of a story is a voice):
# listings cut them, and `claim_part` and `transfer_part` page through one of them.
CLAIM_PARTS = ("supporting", "disputing", "events", "documents")
TRANSFER_PARTS = ("history", "figures", "events", "documents")
LISTED_PARTS = 10  # items of each list a register row keeps in `transfers.listed`


def cut_parts(record: dict[str, Any], parts: tuple[str, ...], limit: int) -> dict[str, Any]:
    """`record` with each of its `parts` cut to `limit` items and `<part>_total` counting them all."""
    cut = dict(record)
    for part in parts:
        cut[f"{part}_total"] = len(record[part])
        cut[part] = record[part][:limit]
    return cut


def claim_part(engine: Engine, claim_id: str, part: str, offset: int = 0, limit: int | None = None
               ) -> tuple[list[Any], int] | None:
    """`limit` items of the list `part` of one claim from `offset` on, and how many it holds; None
    when there is no such claim. (The claim is read whole.)"""
    part = filters.choice("part", part, CLAIM_PARTS)
    with engine.connect() as conn:
        rows = list(conn.execute(select(t.claims).where(t.claims.c.id == claim_id)))
        whole = _claims(conn, rows)[0][part] if rows else None
    return None if whole is None else (whole[offset : None if limit is None else offset + limit], len(whole))


def iter_claims(conn: Connection, *, status: str | None = None, type: str | None = None,  # noqa: A002
                actor: str | None = None, document: str | None = None) -> Iterator[dict[str, Any]]:
    """Every claim `list_claims` lists with these filters, whole, in its order, read a chunk at a
    time on one connection (each chunk starting past the last: memory holds one chunk)."""
    for rows in _keyset(conn, _filtered_claims(conn, status, type, actor, document), list_order(conn, "claims")):
        yield from _claims(conn, rows)


def list_transfers(
    engine: Engine,
    *,
    status: str | None = None,
    actor: str | None = None,
    weapon: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    documents: int | None = None,
    reviewed: bool | None = None,
    limit: int | None = None,
    offset: int = 0,
    part_limit: int | None = None,
    after: Sequence[Any] | None = None,
) -> list[dict[str, Any]]:
    """The transfer register, filtered; `actor` is supplier or recipient, `weapon` a category or
    system, and `date_from`/`date_to` keep rows with a step dated within them; `documents` keeps
    rows resting on that many documents, and `reviewed` rows an analyst reviewed (or not). A row an
    analyst rejected is left out. With `part_limit`, each row's lists are cut to that many. `after`
    (a `cursor`) starts past that row."""
    with engine.connect() as conn:
        stmt = _filtered_transfers(conn, status, actor, weapon, date_from, date_to, documents, reviewed)
        listed = part_limit is not None and part_limit <= LISTED_PARTS
        stmt = stmt.with_only_columns(t.transfers.c.key, t.transfers.c.listed)
        rows = list(conn.execute(_page(stmt, *list_order(conn, "transfers"), limit=limit, offset=offset, after=after)))
        records = [row.listed for row in rows] if listed else _whole_transfers(conn, rows)
    if part_limit is None:
        return records
    return [{**r, **{part: r[part][:part_limit] for part in TRANSFER_PARTS}} if listed
            else cut_parts(r, TRANSFER_PARTS, part_limit) for r in records]


def count_transfers(
    engine: Engine,
    *,
    status: str | None = None,
    actor: str | None = None,
    weapon: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    documents: int | None = None,
    reviewed: bool | None = None,
    cap: int | None = None,
) -> int:
    """How many rows `list_transfers` would list with the same filters and no limit, counting
    no further than `cap`."""
    with engine.connect() as conn:
        return count_rows(conn, _filtered_transfers(conn, status, actor, weapon, date_from, date_to, documents, reviewed),
                      cap)


def get_transfer(engine: Engine, row_id: str, *, rejected: bool = False) -> dict[str, Any] | None:
    """One register row by its id, as reviewed and as listings show it: each list cut to its first
    ten, with `<list>_total` (`transfer_part` pages through one), so reading it costs one row
    whatever its history; `rejected` finds it also when an analyst rejected it."""
    with engine.connect() as conn:
        row = _transfer_row(conn, row_id, rejected)
    return None if row is None else row.listed


def transfer_part(engine: Engine, row_id: str, part: str, offset: int = 0, limit: int | None = None
                  ) -> tuple[list[Any], int] | None:
    """`limit` items of the list `part` of one register row from `offset` on, and how many it holds;
    None when there is no such row. The page is read from the row's steps in SQL, in order
    (`ix_register_steps_history`, `_figures`, `_document`), so it costs its own items, not the row's
    history."""
    part = filters.choice("part", part, TRANSFER_PARTS)
    rs = t.register_steps.c
    with engine.connect() as conn:
        row = _transfer_row(conn, row_id, rejected=False)
        if row is None:
            return None
        if part == "documents":
            stmt = select(rs.document).distinct().where(rs.transfer == row.key).order_by(collated(conn, rs.document))
        else:
            stmt = select(rs.event if part == "events" else rs.entry).where(rs.transfer == row.key) \
                .order_by(*_step_order(conn))
            stmt = stmt.where(rs.figure == true()) if part == "figures" else stmt
        items = list(conn.execute(stmt.offset(offset).limit(limit)).scalars())
    if part == "figures":
        items = [step_figure(entry) for entry in items]
    return items, row.listed[f"{part}_total"]


def _transfer_row(conn: Connection, row_id: str, rejected: bool) -> Row[Any] | None:
    """The `key` and `listed` of the register row `row_id` (also when rejected, with `rejected`)."""
    tr = t.transfers.c
    stmt = select(tr.key, tr.listed).where(tr.id == row_id)
    if not rejected:
        stmt = stmt.where(tr.rejected == false())
    return conn.execute(stmt.order_by(*list_order(conn, "transfers")).limit(1)).first()


def _step_order(conn: Connection) -> tuple[Any, ...]:
    """The order of a register row's steps: its history's."""
    rs = t.register_steps.c
    return collated(conn, rs.day), rs.undated, rs.phase, collated(conn, rs.event), rs.item


def iter_transfers(conn: Connection, *, status: str | None = None, actor: str | None = None,
                   weapon: str | None = None, date_from: str | None = None, date_to: str | None = None,
                   ) -> Iterator[dict[str, Any]]:
    """Every register row `list_transfers` lists with these filters, whole, in its order, a chunk
    at a time on one connection, each chunk starting past the last."""
    stmt = _filtered_transfers(conn, status, actor, weapon, date_from, date_to).with_only_columns(
        t.transfers.c.key, t.transfers.c.listed)
    for rows in _keyset(conn, stmt, list_order(conn, "transfers")):
        yield from _whole_transfers(conn, rows)


def _whole_transfers(conn: Connection, rows: Sequence[Row[Any]]) -> list[dict[str, Any]]:
    """Register rows (`key`, `listed`) whole: each list read from the row's steps, in order."""
    rs = t.register_steps.c
    history: dict[str, list[dict]] = {row.key: [] for row in rows}
    order = (rs.transfer, *_step_order(conn))
    for i in range(0, len(rows), CHUNK):
        stmt = select(rs.transfer, rs.entry).where(rs.transfer.in_([row.key for row in rows[i : i + CHUNK]]))
        for key, entry in conn.execute(stmt.order_by(*order)):
            history[key].append(entry)
    totals = {f"{part}_total" for part in TRANSFER_PARTS}
    return [{**{k: v for k, v in row.listed.items() if k not in totals}, **row_lists(history[row.key])}
            for row in rows]


def counts(engine: Engine) -> dict[str, Any]:
    """How many documents, events, actors and attributions the store holds, and events by type; events
    as the analyst's reviews have them (a rejected one is not counted, a corrected one by its new type)."""
    with engine.connect() as conn:
        total = {
            table.name: conn.execute(select(func.count()).select_from(table)).scalar_one()
            for table in (t.documents, t.actors, t.attributions)
        }
        listed = _filtered_events(conn)
        kind = _held()["type"]
        by_type = conn.execute(listed.with_only_columns(kind, func.count()).group_by(kind).order_by(kind))
        return {"documents": total["documents"], "events": count_rows(conn, listed), "actors": total["actors"],
                "attributions": total["attributions"], "events_by_type": {k: n for k, n in by_type}}


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
    for rows in _keyset(conn, stmt, list_order(conn, "documents")):
        yield from (_document(row) for row in rows)


def iter_actors(conn: Connection) -> Iterator[dict[str, Any]]:
    """Every actor, by id, read in chunks."""
    for rows in _keyset(conn, select(t.actors), list_order(conn, "actors")):
        yield from _actors(conn, rows)


def iter_attributions(conn: Connection) -> Iterator[dict[str, Any]]:
    """Every attribution, by document and position, read a chunk of documents at a time."""
    for ids in _document_id_chunks(conn):
        yield from (_attribution(row) for row in _by_documents(conn, t.attributions, ids))


def iter_events(conn: Connection, **filters: str | None) -> Iterator[dict[str, Any]]:
    """Every event, by document and position, read a chunk of documents at a time; with `filters`
    (those of `list_events`), the events they keep, a chunk at a time in the order of their ids."""
    if not any(value is not None for value in filters.values()):
        for ids in _document_id_chunks(conn):
            yield from _events(conn, _by_documents(conn, t.events, ids))
        return
    unknown = set(filters) - set(EVENT_FILTERS)
    if unknown:
        raise TypeError(f"unknown event filters: {', '.join(sorted(unknown))}")
    stmt = _filtered_events(conn, **filters)
    for rows in _keyset(conn, stmt, (t.events.c.id,)):
        yield from _events(conn, rows)


def events_of_documents(conn: Connection, ids: Sequence[str]) -> list[dict[str, Any]]:
    """The events of these documents, as reviewed (a rejected one left out), by document and position."""
    return _events(conn, _by_documents(conn, t.events, ids))


def document_metadata(conn: Connection, document_id: str) -> dict[str, Any] | None:
    """A document's metadata (no text), for exports that cite it beside each event."""
    row = conn.execute(select(*_DOCUMENT_COLUMNS).where(t.documents.c.id == document_id)).first()
    return None if row is None else _document(row)


def _page(stmt: Select[Any], *order: Any, limit: int | None, offset: int, after: Sequence[Any] | None = None
          ) -> Select[Any]:
    """`stmt` in `order`, past the place `after` when given, `limit` rows from `offset` on."""
    return _after(stmt, order, after).order_by(*order).limit(filters.limit(limit)).offset(filters.offset(offset))


def _after(stmt: Select[Any], order: Sequence[Any], after: Sequence[Any] | None) -> Select[Any]:
    """`stmt` kept to the rows past `after` in `order` (keyset paging: an index seek, where an
    offset steps over every row before it)."""
    if after is None:
        return stmt
    if len(after) != len(order):
        raise InvalidFilter(f"after must hold {len(order)} values")
    return stmt.where(tuple_(*order) > tuple_(*(literal(value) for value in after)))


def count_rows(conn: Connection, stmt: Select[Any], cap: int | None = None) -> int:
    """Rows `stmt` selects: the same filtered statement a list runs, counted, up to `cap` (a page
    need not count a million rows to say there are more than it shows)."""
    if cap is not None:
        stmt = stmt.limit(cap)
    return int(conn.execute(select(func.count()).select_from(stmt.subquery())).scalar_one())


def _contains(column: Any, needle: str) -> ColumnElement[bool]:
    """`column` holds `needle`, ignoring case; LIKE wildcards in `needle` are taken literally."""
    return func.lower(column).contains(needle.lower(), autoescape=True)


def _filtered_documents(
    conn: Connection, outlet: str | None, actor: str | None, date_from: str | None,
    date_to: str | None, q: str | None, ids: Sequence[str] | None = None,
) -> Select[Any]:
    d = t.documents.c
    stmt = select(*_DOCUMENT_COLUMNS)
    if ids is not None:
        stmt = stmt.where(d.id.in_(list(ids)))
    if outlet is not None:
        stmt = stmt.where(func.lower(d.outlet) == outlet.lower())
    if actor is not None:
        mentioned = select(t.mentions.c.document).where(t.mentions.c.actor.in_(_resolve_actor(conn, actor)))
        stmt = stmt.where(d.id.in_(mentioned))
    day = func.substr(d.published, 1, 10)  # a datetime compares by its day
    date_from, date_to = filters.period("date_from", date_from), filters.period("date_to", date_to)
    if date_from is not None:
        stmt = stmt.where(day >= date_from)
    if date_to is not None:
        stmt = stmt.where(day <= date_to + _END_OF_PERIOD)
    if q is not None:
        stmt = stmt.where(or_(_contains(d.title, q), _contains(d.text, q)))
    return stmt


def _filtered_actors(kind: str | None, country: str | None, name: str | None) -> Select[Any]:
    stmt = select(t.actors)
    kind, country = filters.actor_kind(kind), filters.country(country)
    if kind is not None:
        stmt = stmt.where(t.actors.c.kind == kind)
    if country is not None:
        stmt = stmt.where(t.actors.c.country == country)
    if name is not None:
        aliased = select(t.actor_aliases.c.actor).where(_contains(t.actor_aliases.c.alias, name))
        stmt = stmt.where(or_(_contains(t.actors.c.name, name), t.actors.c.id.in_(aliased)))
    return stmt


def _filtered_attributions(
    conn: Connection, document: str | None, speaker: str | None, speaker_kind: str | None, q: str | None
) -> Select[Any]:
    a = t.attributions.c
    stmt = select(t.attributions)
    if document is not None:
        stmt = stmt.where(a.document == document)
    if speaker_kind is not None:
        stmt = stmt.where(a.speaker_kind == filters.speaker_kind(speaker_kind))
    if speaker is not None:
        stmt = stmt.where(a.speaker.in_(_resolve_actor(conn, speaker)))
    if q is not None:
        stmt = stmt.where(_contains(a.content_text, q))
    return stmt


def _filtered_events(
    conn: Connection, actor: str | None = None, type: str | None = None,  # noqa: A002
    factuality: str | None = None, date_from: str | None = None, date_to: str | None = None,
    weapon: str | None = None, document: str | None = None, q: str | None = None,
    incomplete: bool | None = None, reviewed: bool | None = None, *,
    country: str | None = None, outlet: str | None = None, year: str | None = None,
) -> Select[Any]:
    """Events as reviewed: rejected ones left out, and every filter reading a reviewed event's
    values from `event_reviews` (kept in step by the writer) instead of the machine's."""
    e, er = t.events, t.event_reviews
    stmt = select(e).outerjoin(er, er.c.event == e.c.id).where(
        or_(er.c.verdict.is_(None), er.c.verdict != "rejected"))
    held = _held()
    country, year = filters.country(country), filters.year(year)
    if country is not None:
        of_country = select(t.actors.c.id).where(t.actors.c.country == country)
        stmt = stmt.where(or_(held["source"].in_(of_country), held["target"].in_(of_country)))
    if outlet is not None:
        from_outlet = select(t.documents.c.id).where(func.lower(t.documents.c.outlet) == outlet.lower())
        stmt = stmt.where(e.c.document.in_(from_outlet))
    if year is not None:
        stmt = stmt.where(func.substr(held["date_start"], 1, 4) == year)
    type, factuality = filters.event_type(type), filters.factuality(factuality)  # noqa: A001
    date_from, date_to = filters.period("date_from", date_from), filters.period("date_to", date_to)
    if type is not None:
        stmt = stmt.where(held["type"] == type)
    if factuality is not None:
        stmt = stmt.where(held["factuality"] == factuality)
    if date_from is not None:
        period_end = func.coalesce(held["date_end"], held["date_start"]).concat(_END_OF_PERIOD)
        stmt = stmt.where(period_end >= date_from)
    if date_to is not None:
        stmt = stmt.where(held["date_start"] <= date_to + _END_OF_PERIOD)
    if weapon is not None:
        w, needle = t.event_weapons.c, weapon.lower()
        armed = select(w.event).where(or_(func.lower(w.category) == needle, func.lower(w.system) == needle))
        corrected = and_(er.c.weapons_set == true(), or_(func.lower(er.c.weapon_category) == needle,
                                                          func.lower(er.c.weapon_system) == needle))
        stmt = stmt.where(or_(and_(or_(er.c.weapons_set.is_(None), er.c.weapons_set != true()),
                                   e.c.id.in_(armed)), corrected))
    if document is not None:
        stmt = stmt.where(e.c.document == document)
    if q is not None:
        stmt = stmt.where(e.c.id.in_(select(t.evidence.c.event).where(_contains(t.evidence.c.sentence, q))))
    if actor is not None:
        stmt = stmt.where(_involves(_resolve_actor(conn, actor), held["source"], held["target"]))
    if incomplete is not None:
        lacking = or_(held["source"].is_(None), held["target"].is_(None))
        stmt = stmt.where(lacking if incomplete else ~lacking)
    if reviewed is not None:
        stmt = stmt.where(er.c.event.is_not(None) if reviewed else er.c.event.is_(None))
    return stmt


def _held() -> dict[str, ColumnElement[Any]]:
    """An event's columns as its review has them, for statements joining `event_reviews`."""
    e, er = t.events.c, t.event_reviews.c
    return {name: _reviewed(e[name], er[name])
            for name in ("type", "source", "target", "factuality", "date_start", "date_end")}


def _reviewed(machine: Any, review: Any) -> ColumnElement[Any]:
    """A column's value as the event's review has it, where it has one."""
    return case((t.event_reviews.c.event.is_(None), machine), else_=review)


def _parties(conn: Connection, actor: str) -> set[str]:
    """What claims and transfers call the actor: its country where it has one (as fusion does)."""
    ids = _resolve_actor(conn, actor)
    rows = conn.execute(select(t.actors.c.id, t.actors.c.country).where(t.actors.c.id.in_(ids)))
    return {country or actor_id for actor_id, country in rows}


def any_of(columns: Sequence[Any], rows: Iterable[Sequence[Any]]) -> Any:
    """`columns` equal to one of `rows`, spelt as a row value in a selection from a VALUES list:
    SQLite looks each row up in an index on the columns, where for a plain list of row values
    (`tuple_(...).in_(rows)`) it scans the whole table. The list is padded to a power of two with its
    last row, so that a batch compiles a few statements, not one per length."""
    rows = list(rows)
    size = 1 << (len(rows) - 1).bit_length()
    rows += rows[-1:] * (size - len(rows))
    wanted = _values_list(len(columns), size)
    return tuple_(*columns).in_(wanted.bindparams(**{f"r{i}_{j}": value for i, row in enumerate(rows)
                                                     for j, value in enumerate(row)}))


@cache
def _values_list(width: int, size: int) -> TextClause:
    names = ", ".join(f"c{j}" for j in range(width))
    rows = ", ".join("(" + ", ".join(f":r{i}_{j}" for j in range(width)) + ")" for i in range(size))
    return text(f"WITH wanted ({names}) AS (VALUES {rows}) SELECT {names} FROM wanted")


def collated(conn: Connection, column: Any) -> Any:
    """`column` compared by code point, as Python sorts the ids fusion orders by (PostgreSQL's
    default collation may follow a locale's rules instead)."""
    return column.collate("C") if conn.dialect.name == "postgresql" else column


def _filtered_claims(
    conn: Connection, status: str | None, type: str | None, actor: str | None, document: str | None,  # noqa: A002
    reviewed: bool | None = None,
) -> Select[Any]:
    c = t.claims.c
    status, type = filters.claim_status(status), filters.event_type(type)  # noqa: A001
    stmt = select(t.claims)
    if status is not None:
        stmt = stmt.where(c.status == status)
    if type is not None:
        stmt = stmt.where(c.type == type)
    if actor is not None:
        parties = sorted(_parties(conn, actor))
        stmt = stmt.where(or_(c.source.in_(parties), c.target.in_(parties)))
    if document is not None:
        d, cd, s, cm = t.denials.c, t.claim_disputes.c, t.denial_signatures.c, t.claim_marks.c
        disputed = select(cd.claim).join(t.denials, d.signature == cd.signature).where(d.document == document)
        by_key = select(cm.claim).join_from(t.denials, t.denial_signatures, s.id == d.signature).join(
            t.claim_marks, and_(*_same_key(cm, s), cm.forecast.in_([False, True]), cm.mark == QUIET)) \
            .where(d.document == document)
        stmt = stmt.where(or_(c.id.in_(select(t.claim_documents.c.claim).where(t.claim_documents.c.document == document)),
                              c.id.in_(disputed), c.id.in_(by_key)))
    if reviewed is not None:
        stmt = stmt.where(~_unreviewed_event() if reviewed else _unreviewed_event())
    return stmt


def _unreviewed_event() -> ColumnElement[bool]:
    """The claim has a voice or a denial that carries no review (a rejected event is in no claim)."""
    c, cv, d, cd, s, cm = t.claims.c, t.claim_voices.c, t.denials.c, t.claim_disputes.c, t.denial_signatures.c, t.claim_marks.c
    voiced = select(cv.event).where(cv.claim == c.id, _no_review(cv.event))
    lone = select(d.event).where(d.event == c.denial, _no_review(d.event))
    answered = select(d.event).join_from(t.claim_disputes, t.denials, d.signature == cd.signature) \
        .where(cd.claim == c.id, _no_review(d.event))
    quiet = select(cm.claim).where(cm.claim == c.id, cm.mark == QUIET)
    by_key = select(d.event).join_from(t.denial_signatures, t.denials, d.signature == s.id) \
        .where(*_same_key(s, c), _no_review(d.event))
    return or_(voiced.exists(), and_(c.denial.is_not(None), lone.exists()), and_(c.denial.is_(None), answered.exists()),
               and_(quiet.exists(), by_key.exists()))


def _same_key(a: Any, b: Any) -> list[ColumnElement[bool]]:
    """Rows of two tables (their columns `a` and `b`) of one claim key."""
    return [a.type == b.type, a.source == b.source, a.target == b.target]


def _no_review(event: Any) -> ColumnElement[bool]:
    return ~select(t.event_reviews.c.event).where(t.event_reviews.c.event == event).exists()


def _filtered_transfers(
    conn: Connection, status: str | None, actor: str | None, weapon: str | None, date_from: str | None,
    date_to: str | None, documents: int | None = None, reviewed: bool | None = None,
) -> Select[Any]:
    tr = t.transfers.c
    status = filters.transfer_status(status)
    date_from, date_to = filters.period("date_from", date_from), filters.period("date_to", date_to)
    stmt = select(t.transfers).where(tr.rejected == false())
    if status is not None:
        stmt = stmt.where(tr.status == status)
    if actor is not None:
        parties = sorted(_parties(conn, actor))
        stmt = stmt.where(or_(tr.supplier.in_(parties), tr.recipient.in_(parties)))
    if weapon is not None:
        needle = weapon.lower()
        stmt = stmt.where(or_(func.lower(func.coalesce(tr.system, "")) == needle, func.lower(tr.category) == needle))
    if date_from is not None or date_to is not None:
        td = t.transfer_dates.c
        dated = select(td.transfer)
        if date_from is not None:
            dated = dated.where(td.date.concat(_END_OF_PERIOD) >= date_from)
        if date_to is not None:
            dated = dated.where(td.date <= date_to + _END_OF_PERIOD)
        stmt = stmt.where(tr.key.in_(dated))
    if documents is not None:
        stmt = stmt.where(tr.documents_total == documents)
    if reviewed is not None:
        stmt = stmt.where(tr.reviewed == (true() if reviewed else false()))
    return stmt


def _claims(conn: Connection, rows: Sequence[Row[Any]], part_limit: int | None = None) -> list[dict[str, Any]]:
    """Claim records for `rows` of `claims`, each voice read once from `fusion_events`: supporting
    voices from `claim_voices`, disputing ones from the denials of the signatures that dispute the
    claim (or the lone denial a claim of its own is). With `part_limit`, only the first few of each
    list are read, and `<list>_total` counts them all. The lists of all `rows` are read together,
    a few statements `IN` their ids and their signatures' (signatures dispute many claims), so a
    page costs the same number of queries whatever its length."""
    ids = [row.id for row in rows]
    supporting = _supporting_voices(conn, ids, part_limit)
    disputes = _disputes(conn, rows)
    denied = _signature_denials(conn, {s for sources in disputes.values() for s in sources}, part_limit)
    denied |= _lone_denials(conn, [row.denial for row in rows if row.denial is not None])
    documents = _claim_documents(conn, ids)
    records = []
    for row in rows:
        sources = [denied[source] for source in disputes[row.id] if source in denied]
        disputing = [voice for _, _, voice in heapq.merge(*(s.first for s in sources), key=lambda x: x[:2])][:part_limit]
        listed = documents[row.id].union(*(source.documents for source in sources))
        voices = {"supporting": supporting[row.id], "disputing": disputing}
        record = {
            "id": row.id, "type": row.type, "source": row.source or None, "target": row.target or None,
            "events": [v["event"] for v in voices["supporting"] + voices["disputing"]][:part_limit],
            "status": row.status,
            "documents": sorted(listed) if part_limit is None else heapq.nsmallest(part_limit, listed),
            "independent_stories": row.independent_stories, **voices, "summary": row.summary,
        }
        if part_limit is not None:
            disputing_total = sum(source.total for source in sources)
            record |= {"supporting_total": row.supporting_total, "disputing_total": disputing_total,
                       "events_total": row.supporting_total + disputing_total, "documents_total": len(listed)}
        records.append(record)
    return records


@dataclass
class _Denied:
    """What disputes a claim from one signature (or one lone denial): its first denials as
    (position, event, voice), in that order, how many denials it holds, and their documents."""

    first: list[tuple[int, str, Any]] = field(default_factory=list)
    total: int = 0
    documents: set[str] = field(default_factory=set)


def _supporting_voices(conn: Connection, ids: Sequence[str], limit: int | None) -> dict[str, list[Any]]:
    """Claim id -> its supporting voices in the order they joined, the first `limit` of each. A
    claim's voices are at positions 0 to `supporting_total` - 1 (the writer appends at
    `supporting_total`), so the first few are an index range, not a scan of every voice."""
    cv, fe = t.claim_voices.c, t.fusion_events.c
    stmt = select(cv.claim, fe.voice).join_from(t.claim_voices, t.fusion_events, fe.event == cv.event) \
        .where(cv.claim.in_(ids)).order_by(cv.claim, cv.position)
    if limit is not None:
        stmt = stmt.where(cv.position < limit)
    voices: dict[str, list[Any]] = defaultdict(list)
    for claim, voice in conn.execute(stmt):
        voices[claim].append(voice)
    return voices


def _disputes(conn: Connection, rows: Sequence[Row[Any]]) -> dict[str, list[str]]:
    """Claim id -> what disputes it: a lone denial's claim its denial (the event's id), a claim that
    every signature of its key answers (`answered_by_every`, stored with no link) those signatures,
    any other claim the signatures linked to it."""
    c, cd, s = t.claims.c, t.claim_disputes.c, t.denial_signatures.c
    disputes: dict[str, list[str]] = defaultdict(list)
    answered = [row.id for row in rows if row.denial is None]
    for claim, signature in conn.execute(select(cd.claim, cd.signature).where(cd.claim.in_(answered))):
        disputes[claim].append(signature)
    by_key = [row for row in rows if row.denial is None and answered_by_every(row.categories)]
    of_key: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    stmt = select(s.id, s.type, s.source, s.target).distinct() \
        .join_from(t.claims, t.denial_signatures, and_(*_same_key(s, c))).where(c.id.in_([row.id for row in by_key]))
    for signature, *key in conn.execute(stmt):
        of_key[tuple(key)].append(signature)
    for row in by_key:
        disputes[row.id] = of_key[(row.type, row.source, row.target)]
    for row in rows:
        if row.denial is not None:
            disputes[row.id] = [row.denial]
    return disputes


def _signature_denials(conn: Connection, signatures: set[str], limit: int | None) -> dict[str, _Denied]:
    """Signature -> its denials: the first `limit` in order (`ix_denials_order`, read in its order),
    how many, and their documents."""
    d, fe = t.denials.c, t.fusion_events.c
    chosen = sorted(signatures)
    ranked = select(d.signature, d.event, d.position,
                    func.row_number().over(partition_by=d.signature, order_by=(d.position, d.event)).label("n"),
                    func.count().over(partition_by=d.signature).label("total")) \
        .where(d.signature.in_(chosen)).subquery()
    stmt = select(ranked.c.signature, ranked.c.total, ranked.c.position, ranked.c.event, fe.voice) \
        .join(t.fusion_events, fe.event == ranked.c.event).order_by(ranked.c.signature, ranked.c.n)
    if limit is not None:
        stmt = stmt.where(ranked.c.n <= limit)
    denied: dict[str, _Denied] = defaultdict(_Denied)
    for signature, total, position, event, voice in conn.execute(stmt):
        denied[signature].first.append((position, event, voice))
        denied[signature].total = total
    for signature, document in conn.execute(select(d.signature, d.document).distinct().where(d.signature.in_(chosen))):
        denied[signature].documents.add(document)
    return denied


def _lone_denials(conn: Connection, events: Sequence[str]) -> dict[str, _Denied]:
    """Event id -> the lone denial it is, as what disputes the claim it makes."""
    d, fe = t.denials.c, t.fusion_events.c
    stmt = select(d.event, d.position, d.document, fe.voice).outerjoin(t.fusion_events, fe.event == d.event) \
        .where(d.event.in_(events))
    return {event: _Denied([] if voice is None else [(position, event, voice)], 1, {document})
            for event, position, document, voice in conn.execute(stmt)}


def _claim_documents(conn: Connection, ids: Sequence[str]) -> dict[str, set[str]]:
    """Claim id -> the documents of its supporting voices (a lone denial's claim: its document)."""
    cd = t.claim_documents.c
    documents: dict[str, set[str]] = defaultdict(set)
    for claim, document in conn.execute(select(cd.claim, cd.document).where(cd.claim.in_(ids))):
        documents[claim].add(document)
    return documents


def _keyset(conn: Connection, stmt: Select[Any], order: Sequence[Any]) -> Iterator[list[Row[Any]]]:
    """Chunks of `stmt` in the unique `order`, each read past the last row of the one before (its
    place, selected beside each row)."""
    places = [column.label(f"place_{i}") for i, column in enumerate(order)]
    stmt, after = stmt.add_columns(*places), None
    while rows := list(conn.execute(_page(stmt, *order, limit=CHUNK, offset=0, after=after))):
        yield rows
        if len(rows) < CHUNK:
            return
        after = [rows[-1]._mapping[place.name] for place in places]


def _document_id_chunks(conn: Connection) -> Iterator[list[str]]:
    for rows in _keyset(conn, select(t.documents.c.id), list_order(conn, "documents")):
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


def resolve_actor(engine: Engine, actor: str) -> list[str]:
    """Ids of the actors an id, name or alias (any case) points to."""
    with engine.connect() as conn:
        return _resolve_actor(conn, actor)


def _resolve_actor(conn: Connection, actor: str) -> list[str]:
    """Ids of the actors an id, name or alias (any case) points to."""
    needle = actor.lower()
    by_name = select(t.actors.c.id).where(
        or_(t.actors.c.id == actor, func.lower(t.actors.c.name) == needle)
    )
    by_alias = select(t.actor_aliases.c.actor).where(func.lower(t.actor_aliases.c.alias) == needle)
    return sorted(set(conn.execute(by_name).scalars()) | set(conn.execute(by_alias).scalars()))


def _involves(actor_ids: Iterable[str], source: Any, target: Any) -> ColumnElement[bool]:
    ids = list(actor_ids)
    among_others = select(t.event_others.c.event).where(t.event_others.c.actor.in_(ids))
    return or_(source.in_(ids), target.in_(ids), t.events.c.id.in_(among_others))


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


def _events(conn: Connection, rows: Sequence[Row[Any]], *, rejected: bool = False) -> list[dict[str, Any]]:
    """Event dicts for `rows`, with their others, weapons, attributions and evidence, as the
    analyst's reviews have them: the one place every reader (lists, documents, exports, fusion)
    gets its events from. A rejected event is left out unless `rejected`."""
    ids = [row.id for row in rows]
    held = _reviews_of(conn, ids)
    events = (_machine_event(row, children) for row, children in zip(rows, _event_children(conn, ids)))
    return [
        reviews.apply(event, held[event["id"]]) if event["id"] in held else event
        for event in events
        if rejected or event["id"] not in held or held[event["id"]].verdict != "rejected"
    ]


def _reviews_of(conn: Connection, ids: Sequence[str]) -> dict[str, Row[Any]]:
    """Event id -> the review that holds for it, for the reviewed ones among `ids`."""
    er = t.event_reviews.c
    held: dict[str, Row[Any]] = {}
    for i in range(0, len(ids), CHUNK):
        stmt = select(er.event, t.reviews).join(t.reviews, t.reviews.c.id == er.review).where(
            er.event.in_(ids[i : i + CHUNK]))
        held.update((row.event, row) for row in conn.execute(stmt))
    return held


def _event_children(conn: Connection, ids: Sequence[str]) -> Iterator[tuple[list[Row[Any]], ...]]:
    """Each event's others, weapons, attributions and evidence rows, in the order of `ids`."""
    tables = (t.event_others, t.event_weapons, t.event_attributions, t.evidence)
    grouped = [_children(conn, table, table.c.event, ids) for table in tables]
    for event_id in ids:
        yield tuple(group[event_id] for group in grouped)


def _machine_event(row: Row[Any], children: tuple[list[Row[Any]], ...]) -> dict[str, Any]:
    """One event in the export's shape, as the machine extracted it."""
    others, weapons, attributions, evidence = children
    return {
        "id": row.id,
        "document": row.document,
        "type": row.type,
        "mode": row.mode,
        "source": row.source,
        "target": row.target,
        "incomplete": row.source is None or row.target is None,  # as records.Event.incomplete
        "others": [o.actor for o in others],
        "date": None if row.date_text is None and row.date_start is None and row.date_end is None
        else {"start": row.date_start, "end": row.date_end, "text": row.date_text},
        "location": None if row.location_name is None
        else {"name": row.location_name, "country": row.location_country},
        "weapons": [
            {"system": w.system, "category": w.category, "text": w.text} for w in weapons
        ],
        "quantity": None if row.quantity_text is None
        else {"min": row.quantity_min, "max": row.quantity_max, "text": row.quantity_text},
        "value": None if row.value_text is None
        else {"amount": row.value_amount, "currency": row.value_currency, "text": row.value_text},
        "factuality": row.factuality,
        "attributions": [
            {"speaker": x.speaker, "speaker_text": x.speaker_text, "speaker_kind": x.speaker_kind,
             "cue": x.cue, "outlet": x.outlet}
            for x in attributions
        ],
        "evidence": [
            {"document": x.document, "start": x.start, "end": x.end, "sentence": x.sentence}
            for x in evidence
        ],
        "trigger": {"start": row.trigger_start, "end": row.trigger_end, "text": row.trigger_text},
        "context": list(row.context),
    }
