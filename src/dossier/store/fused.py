"""Fusion tables kept in step: story groups, fusion's view of each complete event, claims with their
voices, and register rows, written in the transaction of each batch (or review) that changes them.

A change is traced to the keys it touches: the claim keys (type, source party, target party) and
the pairs of parties of the events of every document it writes, re-reads or forgets, before and
after. Only those keys are recomputed, each from its own events, read through the index on
`fusion_events` (`fuse.fusion` says why a key's events alone give its claims). A document's story
group is decided once, when it is stored, by looking its LSH band keys up among the documents
stored before it; a later document never changes an earlier one's group, so a claim's status
changes only with its own key. `rebuild` recomputes everything (after a change of rules), one
chunk of documents and then one key at a time, so memory stays bounded by the largest key.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, or_, select, update

from dossier.fuse import fusion
from dossier.fuse.claims import voice
from dossier.fuse.duplicates import band_keys
from dossier.fuse.register import document_latest
from dossier.store import reviews
from dossier.store import schema as t
from dossier.store.queries import events_of_documents

LOGGER = logging.getLogger(__name__)

CHUNK = 500
Progress = Callable[[str, int, int], None]  # stage, done, total


@dataclass
class Touched:
    """The claim keys and register pairs a change touches."""

    keys: set[fusion.ClaimKey] = field(default_factory=set)
    pairs: set[fusion.Pair] = field(default_factory=set)

    def add_pair_of(self, transfer_key: str) -> None:
        """The pair of a register row named by its review key ('supplier|recipient|item')."""
        supplier, recipient, _ = transfer_key.split("|", 2)
        self.pairs.add((min(supplier, recipient), max(supplier, recipient)))


def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for i in range(0, len(values), CHUNK):
        yield values[i : i + CHUNK]


def _collect(conn: Connection, documents: Sequence[str], touched: Touched) -> None:
    """Add the keys and pairs of these documents' stored fusion events."""
    fe = t.fusion_events.c
    for chunk in _chunks(documents):
        stmt = select(fe.type, fe.source, fe.target, fe.low, fe.high).distinct().where(fe.document.in_(chunk))
        for row in conn.execute(stmt):
            touched.keys.add((row.type, row.source, row.target))
            touched.pairs.add((row.low, row.high))


def forget(conn: Connection, documents: Sequence[str], touched: Touched) -> None:
    """Before these documents are deleted (their fusion rows go with them): what they touched."""
    _collect(conn, sorted(set(documents)), touched)


def add_documents(conn: Connection, documents: Sequence[tuple[str, str]], touched: Touched) -> None:
    """Story groups for new documents (id, text), in the order stored, then their events."""
    fd = t.fusion_documents.c
    position = conn.execute(select(func.max(fd.position))).scalar() or 0
    for doc_id, text in documents:
        position += 1
        _place(conn, doc_id, text, position)
    refresh_documents(conn, [doc_id for doc_id, _ in documents], touched)


def _place(conn: Connection, doc_id: str, text: str, position: int | None = None) -> None:
    """Group one document against those stored before it, by its band keys; store its keys."""
    fd, sb = t.fusion_documents.c, t.story_bands.c
    keys = sorted(set(band_keys(text)))
    copies = select(sb.document).where(sb.key.in_(keys), sb.document != doc_id)
    stories = conn.execute(select(fd.story).where(fd.document.in_(copies))).scalars()
    story = min(stories, default=doc_id)  # in Python: SQL's min follows the database's collation
    if position is None:
        conn.execute(update(t.fusion_documents).where(fd.document == doc_id).values(story=story))
    else:
        conn.execute(t.fusion_documents.insert().values(document=doc_id, position=position, story=story))
    conn.execute(t.story_bands.insert(), [{"key": key, "document": doc_id} for key in keys])


def refresh_documents(conn: Connection, documents: Sequence[str], touched: Touched) -> None:
    """Read these documents' events again (as reviewed) into `fusion_events`, and their latest
    dates; the keys and pairs their events had and have are touched."""
    fe, fd = t.fusion_events.c, t.fusion_documents.c
    for chunk in _chunks(sorted(set(documents))):
        _collect(conn, chunk, touched)
        conn.execute(delete(t.fusion_events).where(fe.document.in_(chunk)))
        events = [e for e in events_of_documents(conn, chunk) if not e["incomplete"]]
        actors = sorted({e["source"] for e in events} | {e["target"] for e in events})
        countries: dict[str, str | None] = {}
        for part in _chunks(actors):
            countries.update(conn.execute(select(t.actors.c.id, t.actors.c.country).where(t.actors.c.id.in_(part))).all())
        rows = []
        for event in events:
            key, (low, high) = fusion.claim_key(event, countries), fusion.pair(event, countries)
            touched.keys.add(key)
            touched.pairs.add((low, high))
            rows.append({"event": event["id"], "document": event["document"], "type": key[0], "source": key[1],
                         "target": key[2], "low": low, "high": high, "source_actor": event["source"],
                         "target_actor": event["target"], "record": event, "voice": voice(event)})
        if rows:
            conn.execute(t.fusion_events.insert(), rows)
        latest = document_latest(events)
        stmt = update(t.fusion_documents).where(fd.document == bindparam("b_document")).values(latest=bindparam("b_latest"))
        conn.execute(stmt, [{"b_document": doc, "b_latest": latest.get(doc)} for doc in chunk])


def refresh_actors(conn: Connection, actors: Sequence[str], touched: Touched, skip: Iterable[str] = ()) -> None:
    """An actor's country was filled in: its events now count under that country, so the documents
    holding them (but those in `skip`, just read) are read again."""
    fe = t.fusion_events.c
    documents: set[str] = set()
    for chunk in _chunks(sorted(set(actors))):
        stmt = select(fe.document).distinct().where(or_(fe.source_actor.in_(chunk), fe.target_actor.in_(chunk)))
        documents.update(conn.execute(stmt).scalars())
    refresh_documents(conn, sorted(documents - set(skip)), touched)


def recompute(conn: Connection, touched: Touched, progress: Progress | None = None) -> None:
    """Write again the claims of every touched key and the register rows of every touched pair."""
    keys, pairs = sorted(touched.keys), sorted(touched.pairs)
    c, tr = t.claims.c, t.transfers.c
    for key in keys:  # all first: an event that moved keys names its claim in the new one
        conn.execute(delete(t.claims).where(c.type == key[0], c.source == key[1], c.target == key[2]))
    for low, high in pairs:
        conn.execute(delete(t.transfers).where(tr.low == low, tr.high == high))
    for done, key in enumerate(keys, 1):
        _write_claims(conn, key)
        if progress is not None:
            progress("claims", done, len(keys))
    for done, pair in enumerate(pairs, 1):
        _write_transfers(conn, pair)
        if progress is not None:
            progress("register", done, len(pairs))


def _write_claims(conn: Connection, key: fusion.ClaimKey) -> None:
    fe, fd = t.fusion_events.c, t.fusion_documents.c
    stmt = select(fe.record, fe.source, fe.target, fd.story).join(t.fusion_documents, fd.document == fe.document)
    events, countries, stories = [], {}, {}
    for row in conn.execute(stmt.where(fe.type == key[0], fe.source == key[1], fe.target == key[2])):
        event = row.record
        events.append(event)
        countries[event["source"]], countries[event["target"]] = row.source, row.target
        stories[event["document"]] = row.story
    claims, voices, documents = [], [], []
    for claim in fusion.claims_of_key(events, countries, stories):
        claims.append({
            "id": claim["id"], "type": claim["type"], "source": claim["source"] or "", "target": claim["target"] or "",
            "status": claim["status"], "rank": 0 if claim["supporting"] else 1,
            "first": claim["id"].removeprefix("claim:"), "independent_stories": claim["independent_stories"],
            "supporting_total": len(claim["supporting"]), "disputing_total": len(claim["disputing"]),
            "documents_total": len(claim["documents"]),
        })
        sides = [(v["event"], False) for v in claim["supporting"]] + [(v["event"], True) for v in claim["disputing"]]
        supporting = len(claim["supporting"])
        voices += [{"claim": claim["id"], "position": i, "event": event, "disputing": disputing,
                    "side_position": i - supporting if disputing else i}
                   for i, (event, disputing) in enumerate(sides)]
        documents += [{"claim": claim["id"], "position": i, "document": d} for i, d in enumerate(claim["documents"])]
    for table, rows in ((t.claims, claims), (t.claim_voices, voices), (t.claim_documents, documents)):
        if rows:
            conn.execute(table.insert(), rows)


def _write_transfers(conn: Connection, pair: fusion.Pair) -> None:
    fe, fd = t.fusion_events.c, t.fusion_documents.c
    stmt = select(fe.record, fe.source, fe.target, fd.latest).join(t.fusion_documents, fd.document == fe.document)
    events, countries, latest = [], {}, {}
    for row in conn.execute(stmt.where(fe.low == pair[0], fe.high == pair[1])):
        event = row.record
        events.append(event)
        countries[event["source"]], countries[event["target"]] = row.source, row.target
        if row.latest is not None:
            latest[event["document"]] = row.latest
    ranked = fusion.rows_of_pair(events, countries, latest)
    held = reviews.latest_transfer_reviews(conn, [reviews.transfer_key_of(row) for _, row in ranked])
    rows, dates = [], []
    for (phase, first, item), machine in ranked:
        key = reviews.transfer_key_of(machine)
        row, rejected = reviews.review_transfer(machine, held.get(key))
        rows.append({
            "key": key, "id": row["id"], "low": pair[0], "high": pair[1], "supplier": row["supplier"],
            "recipient": row["recipient"], "system": row["system"], "category": row["category"],
            "status": row["status"], "rejected": rejected, "reviewed": "review" in row,
            "documents_total": len(row["documents"]), "phase": phase, "first": first, "item": item, "record": row,
        })
        dates += [{"transfer": key, "date": d} for d in sorted({s["date"] for s in row["history"] if s["date"]})]
    if rows:
        conn.execute(t.transfers.insert(), rows)
    if dates:
        conn.execute(t.transfer_dates.insert(), dates)


def rebuild(conn: Connection, progress: Progress | None = None) -> dict[str, int]:
    """Recompute every fusion table inside the caller's transaction: story groups in the order the
    documents were stored (documents stored before these tables existed follow, by ingest time and
    id), then each chunk of documents' events, then each key's claims and each pair's rows.
    Returns how many claims and register rows there are."""
    d, fd = t.documents.c, t.fusion_documents.c
    for table in (t.claims, t.transfers, t.fusion_events, t.story_bands):
        conn.execute(delete(table))
    conn.execute(delete(t.fusion_documents).where(fd.document.not_in(select(d.id))))
    position = conn.execute(select(func.max(fd.position))).scalar() or 0
    missing = conn.execute(select(d.id).where(d.id.not_in(select(fd.document))).order_by(d.ingested_at, d.id))
    rows = [{"document": doc_id, "position": position + n, "story": doc_id} for n, doc_id in enumerate(missing.scalars(), 1)]
    for chunk in _chunks(rows):
        conn.execute(t.fusion_documents.insert(), list(chunk))
    total = conn.execute(select(func.count()).select_from(t.fusion_documents)).scalar_one()
    done, last = 0, None
    while True:  # stories, a chunk of documents at a time, in their stored order
        stmt = select(fd.document, fd.position, d.text).join(t.documents, d.id == fd.document).order_by(fd.position)
        chunk = list(conn.execute((stmt if last is None else stmt.where(fd.position > last)).limit(CHUNK)))
        if not chunk:
            break
        for row in chunk:
            _place(conn, row.document, row.text)
        done, last = done + len(chunk), chunk[-1].position
        if progress is not None:
            progress("stories", done, total)
    touched = Touched()
    done, last = 0, None
    while True:  # events, a chunk of documents at a time
        stmt = select(fd.document).order_by(fd.document).limit(CHUNK)
        ids = list(conn.execute(stmt if last is None else stmt.where(fd.document > last)).scalars())
        if not ids:
            break
        refresh_documents(conn, ids, touched)
        done, last = done + len(ids), ids[-1]
        if progress is not None:
            progress("events", done, total)
    recompute(conn, touched, progress)
    counted = {name: conn.execute(select(func.count()).select_from(table)).scalar_one()
               for name, table in (("claims", t.claims), ("transfers", t.transfers))}
    LOGGER.info("rebuilt fusion: %d claims, %d register rows", counted["claims"], counted["transfers"])
    return counted
