"""Fusion tables kept in step: story groups, fusion's view of each complete event, claims with their
voices, and register rows, written in the transaction of each batch (or review) that changes them.

New documents extend the claims: each new event, in stored order, is compared with the claims of
its key filed under its weapons (`claim_marks`) and joins the first that accepts it, or makes a new
one; a denial joins its key's signature, which is linked once to each claim it disputes. The cost
of a batch is its own events, not the size of their keys. A change that takes events away or moves
them (re-analysis, a review, an actor given a country) recomputes the claims of the keys it
touches from their events (`fuse.claims.KeyClaims`), as `rebuild` does for every key. Register
rows are recomputed for the pairs of parties a change touches.

A document's story group is decided once, when it is stored, by looking its LSH band keys up among
the documents stored before it; a later document never changes an earlier one's group.
`rebuild` recomputes everything (after a change of rules), one chunk of documents and then one key
at a time, so memory stays bounded by the largest key.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, and_, bindparam, delete, func, or_, select, update

from dossier.fuse import claims as fc
from dossier.fuse import fusion
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
    """What a change touches: claim keys to recompute, new events to add to their keys' claims (in
    stored order), and register pairs to recompute."""

    keys: set[fusion.ClaimKey] = field(default_factory=set)
    added: list[Any] = field(default_factory=list)  # rows of `fusion_events`
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
    """Story groups for new documents (id, text), in the order stored, then their events, which
    extend the claims of their keys."""
    fd = t.fusion_documents.c
    position = conn.execute(select(func.max(fd.position))).scalar() or 0
    for doc_id, text in documents:
        position += 1
        _place(conn, doc_id, text, position)
    refresh_documents(conn, [doc_id for doc_id, _ in documents], touched, new=True)


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


def refresh_documents(conn: Connection, documents: Sequence[str], touched: Touched, new: bool = False) -> None:
    """Read these documents' events again (as reviewed) into `fusion_events`, and their latest
    dates. Events of `new` documents are added to their keys' claims; otherwise the keys their
    events had and have are recomputed. Their pairs are touched either way."""
    fe, fd = t.fusion_events.c, t.fusion_documents.c
    for chunk in _chunks(sorted(set(documents))):
        if not new:
            _collect(conn, chunk, touched)
        conn.execute(delete(t.fusion_events).where(fe.document.in_(chunk)))
        events = [e for e in events_of_documents(conn, chunk) if not e["incomplete"]]
        actors = sorted({e["source"] for e in events} | {e["target"] for e in events})
        countries: dict[str, str | None] = {}
        for part in _chunks(actors):
            countries.update(conn.execute(select(t.actors.c.id, t.actors.c.country).where(t.actors.c.id.in_(part))).all())
        positions = dict(conn.execute(select(fd.document, fd.position).where(fd.document.in_(chunk))).all())
        rows = []
        for event in events:
            key, (low, high) = fusion.claim_key(event, countries), fusion.pair(event, countries)
            touched.pairs.add((low, high))
            if not new:
                touched.keys.add(key)
            rows.append({"event": event["id"], "document": event["document"], "position": positions[event["document"]],
                         "type": key[0], "source": key[1], "target": key[2], "low": low, "high": high,
                         "source_actor": event["source"], "target_actor": event["target"], "record": event,
                         "voice": fc.voice(event)})
        if rows:
            conn.execute(t.fusion_events.insert(), rows)
        if new:
            touched.added += [_Added(**row) for row in rows]
        latest = document_latest(events)
        stmt = update(t.fusion_documents).where(fd.document == bindparam("b_document")).values(latest=bindparam("b_latest"))
        conn.execute(stmt, [{"b_document": doc, "b_latest": latest.get(doc)} for doc in chunk])


@dataclass
class _Added:
    """A new row of `fusion_events`, as the claims step reads it."""

    event: str
    document: str
    position: int
    type: str
    source: str
    target: str
    low: str
    high: str
    source_actor: str
    target_actor: str
    record: dict
    voice: dict


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
    """Recompute the claims of every touched key, extend the others' with the added events, and
    write again the register rows of every touched pair."""
    keys, pairs = sorted(touched.keys), sorted(touched.pairs)
    c, s, tr = t.claims.c, t.denial_signatures.c, t.transfers.c
    for key in keys:  # all first: an event that moved keys names its claim in the new one
        conn.execute(delete(t.claims).where(c.type == key[0], c.source == key[1], c.target == key[2]))
        conn.execute(delete(t.denial_signatures).where(s.type == key[0], s.source == key[1], s.target == key[2]))
    for low, high in pairs:
        conn.execute(delete(t.transfers).where(tr.low == low, tr.high == high))
    for done, key in enumerate(keys, 1):
        _write_key(conn, key)
        if progress is not None:
            progress("claims", done, len(keys))
    stories = _stories(conn, {row.document for row in touched.added})
    by_key: dict[fusion.ClaimKey, list[_Added]] = {}
    for row in sorted(touched.added, key=lambda r: (r.position, r.event)):
        by_key.setdefault((row.type, row.source, row.target), []).append(row)
    for key in sorted(set(by_key) - touched.keys):
        _extend(conn, key, by_key[key], stories)
    for done, pair in enumerate(pairs, 1):
        _write_transfers(conn, pair)
        if progress is not None:
            progress("register", done, len(pairs))


def _stories(conn: Connection, documents: set[str]) -> dict[str, str]:
    fd = t.fusion_documents.c
    found: dict[str, str] = {}
    for chunk in _chunks(sorted(documents)):
        found.update(conn.execute(select(fd.document, fd.story).where(fd.document.in_(chunk))).all())
    return found


# Claims of one key, written whole from its events


def _write_key(conn: Connection, key: fusion.ClaimKey) -> None:
    """The claims of one key from its events in stored order (`KeyClaims`), written in bulk."""
    fe, fd = t.fusion_events.c, t.fusion_documents.c
    stmt = select(fe.record, fe.position, fd.story).join(t.fusion_documents, fd.document == fe.document) \
        .where(fe.type == key[0], fe.source == key[1], fe.target == key[2]).order_by(fe.position, fe.event)
    group, placed = fc.KeyClaims(), {}
    for row in conn.execute(stmt):
        group.add(row.record, key)
        placed[row.record["id"]] = (row.position, row.story)
    links = group.links()
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in
                                             ("claims", "marks", "voices", "documents", "stories", "disputes")}
    for claim, supporting, signatures in zip(group.claims, group.supporting, links):
        first = supporting[0]["id"]
        claim_id = f"claim:{first}"
        stories = {placed[e["id"]][1] for e in supporting}
        summary = None
        for event in supporting:
            summary = fc.summarise(summary, event)
        rows["claims"].append(_claim_row(claim_id, claim, placed[first][0], first, len(supporting), len(stories),
                                         len(signatures), summary))
        rows["marks"] += [_mark_row(claim_id, claim, mark) for mark in claim.marks()]
        rows["voices"] += [{"claim": claim_id, "position": n, "event": e["id"]} for n, e in enumerate(supporting)]
        rows["documents"] += [{"claim": claim_id, "document": d} for d in sorted({e["document"] for e in supporting})]
        rows["stories"] += [{"claim": claim_id, "story": story} for story in sorted(stories)]
        rows["disputes"] += [{"claim": claim_id, "signature": sig.id} for sig in signatures]
    linked = {sig for signatures in links for sig in signatures}
    signatures, denials = [], []
    for sig, events in group.denials.items():
        signatures.append(_signature_row(sig, sum(sig in mine for mine in links), len(events)))
        denials += [{"event": e["id"], "signature": sig.id, "position": placed[e["id"]][0], "document": e["document"]}
                    for e in events]
        if sig not in linked:
            for e in events:
                rows["claims"].append(_lone_denial_row(key, e["id"], placed[e["id"]][0]))
                rows["documents"].append({"claim": f"claim:{e['id']}", "document": e["document"]})
    for table, values in ((t.denial_signatures, signatures), (t.denials, denials), (t.claims, rows["claims"]),
                          (t.claim_marks, rows["marks"]), (t.claim_voices, rows["voices"]),
                          (t.claim_documents, rows["documents"]), (t.claim_stories, rows["stories"]),
                          (t.claim_disputes, rows["disputes"])):
        if values:
            conn.execute(table.insert(), values)


def _claim_row(claim_id: str, claim: fc.Claim, position: int, first: str, supporting: int, stories: int,
               signatures: int, summary: dict | None = None) -> dict[str, Any]:
    return {"id": claim_id, "type": claim.key[0], "source": claim.key[1], "target": claim.key[2],
            "status": fc.status(supporting > 0, signatures > 0, stories), "rank": 0, "first_position": position,
            "first": first, "forecast": claim.forecast, "systems": sorted(claim.systems),
            "categories": sorted(claim.categories), "when_low": claim.when[0] if claim.when else None,
            "when_high": claim.when[1] if claim.when else None, "independent_stories": stories,
            "supporting_total": supporting, "signatures": signatures, "denial": None,
            "summary": summary or fc.summarise(None, {"weapons": []})}


def _lone_denial_row(key: fusion.ClaimKey, event: str, position: int) -> dict[str, Any]:
    return {"id": f"claim:{event}", "type": key[0], "source": key[1], "target": key[2],
            "status": fc.status(False, True, 0), "rank": 1, "first_position": position, "first": event,
            "forecast": False, "systems": [], "categories": [], "when_low": None, "when_high": None,
            "independent_stories": 0, "supporting_total": 0, "signatures": 0, "denial": event,
            "summary": fc.summarise(None, {"weapons": []})}


def _mark_row(claim_id: str, claim: fc.Claim, mark: str) -> dict[str, Any]:
    return {"claim": claim_id, "mark": mark, "type": claim.key[0], "source": claim.key[1],
            "target": claim.key[2], "forecast": claim.forecast}


def _signature_row(sig: fc.Signature, links: int, denials: int) -> dict[str, Any]:
    return {"id": sig.id, "type": sig.key[0], "source": sig.key[1], "target": sig.key[2],
            "systems": sorted(sig.systems), "categories": sorted(sig.categories), "links": links,
            "denials_total": denials}


# Claims extended by a batch's new events


@dataclass
class _Held:
    """One claim of a key as the batch sees it: its state, and what the batch changes."""

    id: str
    claim: fc.Claim
    order: tuple[int, str]
    supporting: int
    stories: set[str]  # those of the batch's stories it already has
    independent: int
    summary: dict | None
    marks: set[str]
    linked: int  # how many signatures dispute it, as stored
    signatures: set[str] | None  # which, once read (only for claims whose links may change)
    new: bool = False
    changed: bool = False
    voices: list[tuple[str, str]] = field(default_factory=list)  # (event, document)


def _extend(conn: Connection, key: fusion.ClaimKey, added: list[_Added], stories: dict[str, str]) -> None:
    """Add a key's new events, in stored order, to its claims: each to the first claim filed under
    its weapons that accepts it, else to a new claim; a denial to its signature. The claims such an
    event could join are read once for the batch, in memory, then written back in bulk."""
    found = [(row, fc.features(row.record, key)) for row in added]
    assertions = [(row, f) for row, f in found if row.record["factuality"] != "denied"]
    held = _candidates(conn, key, [f for _, f in assertions], {stories[row.document] for row, _ in assertions})
    for row, features in assertions:
        marks = set(fc.candidate_marks(features))
        claim = next((h for h in held if h.claim.forecast == features.forecast and h.marks & marks
                      and h.claim.accepts(features)), None)
        if claim is None:
            claim = _Held(f"claim:{row.event}", fc.Claim(key, features.forecast), (row.position, row.event), 0, set(),
                          0, None, set(), 0, set(), new=True, changed=True)
            held.append(claim)
        claim.changed |= claim.claim.add(features)
        claim.marks = claim.claim.marks()
        claim.voices.append((row.event, row.document))
        claim.summary = fc.summarise(claim.summary, row.record)
        story = stories[row.document]
        if story not in claim.stories:
            claim.stories.add(story)
            claim.independent += 1
    signatures = {r.id: r for r in _signatures_of(conn, key)}
    denials = [(row, fc.signature(f)) for row, f in found if row.record["factuality"] == "denied"]
    fresh = {sig for _, sig in denials if sig.id not in signatures}
    if fresh:  # a new signature is compared with every claim of its key
        held = _every_claim(conn, key, held)
    links = {sig_id: row.links for sig_id, row in signatures.items()} | {sig.id: 0 for sig in fresh}
    known = [_signature_of(r) for r in signatures.values()] + sorted(fresh, key=lambda sig: sig.id)
    disputes_in, disputes_out = [], []
    for claim in held:
        if not (claim.changed or fresh):
            continue
        if claim.signatures is None:
            claim.signatures = _linked(conn, claim.id)
        want = {sig.id for sig in known if claim.claim.answered_by(sig)}
        if not claim.changed:
            want &= {sig.id for sig in fresh} | claim.signatures
        disputes_in += [{"claim": claim.id, "signature": sig} for sig in sorted(want - claim.signatures)]
        disputes_out += [{"b_claim": claim.id, "b_signature": sig} for sig in sorted(claim.signatures - want)]
        for sig in want - claim.signatures:
            links[sig] += 1
        for sig in claim.signatures - want:
            links[sig] -= 1
        claim.signatures = want
        claim.changed = True
    _write_held(conn, key, [claim for claim in held if claim.changed or claim.voices])
    if fresh:
        conn.execute(t.denial_signatures.insert(), [_signature_row(sig, 0, 0) for sig in fresh])
    cd, s = t.claim_disputes.c, t.denial_signatures.c
    if disputes_out:
        conn.execute(delete(t.claim_disputes).where(cd.claim == bindparam("b_claim"),
                                                     cd.signature == bindparam("b_signature")), disputes_out)
    if disputes_in:
        conn.execute(t.claim_disputes.insert(), disputes_in)
    if denials:
        conn.execute(t.denials.insert(), [{"event": row.event, "signature": sig.id, "position": row.position,
                                           "document": row.document} for row, sig in denials])
    counted = {sig.id: 0 for _, sig in denials}
    for _, sig in denials:
        counted[sig.id] += 1
    changed = sorted(set(counted) | {sig for sig, n in links.items() if n != (signatures[sig].links if sig in signatures else 0)})
    for sig in changed:
        before = signatures[sig].links if sig in signatures else 0
        total = (signatures[sig].denials_total if sig in signatures else 0) + counted.get(sig, 0)
        conn.execute(update(t.denial_signatures).where(s.id == sig).values(links=links[sig], denials_total=total))
        _lone_denials(conn, key, sig, before > 0, links[sig] > 0, [(row, g) for row, g in denials if g.id == sig])


def _candidates(conn: Connection, key: fusion.ClaimKey, events: list[fc.Features], stories: set[str]) -> list[_Held]:
    """The claims of `key` that could accept any of `events` (filed under their weapons, in their
    mode, over their period), in the order they were made."""
    if not events:
        return []
    c, m = t.claims.c, t.claim_marks.c
    marks = sorted({mark for f in events for mark in fc.candidate_marks(f)})
    filed = select(m.claim).where(m.type == key[0], m.source == key[1], m.target == key[2],
                                  m.forecast.in_(sorted({f.forecast for f in events})), m.mark.in_(marks))
    stmt = select(t.claims).where(c.id.in_(filed))
    if all(f.when for f in events):  # a dated event can join only a claim over its period, or undated
        low, high = min(f.when[0] for f in events), max(f.when[1] for f in events)
        stmt = stmt.where(or_(c.when_low.is_(None), and_(c.when_low <= high, c.when_high >= low)))
    return _held(conn, conn.execute(stmt.order_by(c.first_position, c.first)).all(), stories)


def _every_claim(conn: Connection, key: fusion.ClaimKey, held: list[_Held]) -> list[_Held]:
    """Every claim of `key`: those already held, and the rest as stored."""
    c = t.claims.c
    have = {claim.id for claim in held}
    stmt = select(t.claims).where(c.type == key[0], c.source == key[1], c.target == key[2], c.rank == 0)
    rest = _held(conn, [r for r in conn.execute(stmt) if r.id not in have], set())
    return sorted(held + rest, key=lambda claim: claim.order)


def _held(conn: Connection, rows: Sequence[Any], stories: set[str]) -> list[_Held]:
    cs = t.claim_stories.c
    have: dict[str, set[str]] = {}
    for chunk in _chunks([row.id for row in rows]):
        stmt = select(cs.claim, cs.story).where(cs.claim.in_(chunk), cs.story.in_(sorted(stories)))
        for claim, story in conn.execute(stmt):
            have.setdefault(claim, set()).add(story)
    held = []
    for row in rows:
        when = (row.when_low, row.when_high) if row.when_low is not None else None
        claim = fc.Claim((row.type, row.source, row.target), row.forecast, set(row.systems), set(row.categories), when)
        held.append(_Held(row.id, claim, (row.first_position, row.first), row.supporting_total,
                          have.get(row.id, set()), row.independent_stories, row.summary, claim.marks(),
                          row.signatures, None))
    return held


def _linked(conn: Connection, claim_id: str) -> set[str]:
    cd = t.claim_disputes.c
    return set(conn.execute(select(cd.signature).where(cd.claim == claim_id)).scalars())


def _write_held(conn: Connection, key: fusion.ClaimKey, held: list[_Held]) -> None:
    """Insert the new claims, update the others, and add voices, documents, stories and marks."""
    values = []
    for claim in held:
        row = _claim_row(claim.id, claim.claim, claim.order[0], claim.order[1], claim.supporting + len(claim.voices),
                         claim.independent, claim.linked if claim.signatures is None else len(claim.signatures),
                         claim.summary)
        values.append(row)
    new = [v for v, claim in zip(values, held) if claim.new]
    if new:
        conn.execute(t.claims.insert(), new)
    old = [{f"b_{k}": v for k, v in row.items()} for row, claim in zip(values, held) if not claim.new]
    if old:
        columns = ("status", "systems", "categories", "when_low", "when_high", "independent_stories",
                   "supporting_total", "signatures", "summary")
        stmt = update(t.claims).where(t.claims.c.id == bindparam("b_id")).values(
            {name: bindparam(f"b_{name}") for name in columns})
        conn.execute(stmt, old)
    voices, documents, stories, marks = [], [], [], []
    for claim in held:
        voices += [{"claim": claim.id, "position": claim.supporting + n, "event": event}
                   for n, (event, _) in enumerate(claim.voices)]
        documents += [{"claim": claim.id, "document": d} for d in sorted({d for _, d in claim.voices})]
        marks += [_mark_row(claim.id, claim.claim, mark) for mark in sorted(claim.marks)]
    for table, rows in ((t.claim_voices, voices), (t.claim_documents, documents)):
        if rows:
            conn.execute(table.insert(), rows)
    ids = [claim.id for claim in held]
    m, cs = t.claim_marks.c, t.claim_stories.c
    for chunk in _chunks(ids):  # marks and stories: only grow, written again whole for the few claims touched
        conn.execute(delete(t.claim_marks).where(m.claim.in_(chunk)))
    if marks:
        conn.execute(t.claim_marks.insert(), marks)
    for claim in held:
        if claim.voices:
            stored = set(conn.execute(select(cs.story).where(cs.claim == claim.id)).scalars())
            stories += [{"claim": claim.id, "story": s} for s in sorted(claim.stories - stored)]
    if stories:
        conn.execute(t.claim_stories.insert(), stories)


def _lone_denials(conn: Connection, key: fusion.ClaimKey, signature: str, was: bool, now: bool,
                  added: list[tuple[_Added, fc.Signature]]) -> None:
    """A signature's denials stand alone as claims while it disputes no claim."""
    d, c = t.denials.c, t.claims.c
    if was and not now:  # every denial of it, the batch's among them, now stands alone
        rows = conn.execute(select(d.event, d.position, d.document).where(d.signature == signature)).all()
    elif now and not was:
        conn.execute(delete(t.claims).where(c.denial.in_(select(d.event).where(d.signature == signature))))
        return
    elif not now:
        rows = [(row.event, row.position, row.document) for row, _ in added]
    else:
        return
    if rows:
        conn.execute(t.claims.insert(), [_lone_denial_row(key, event, position) for event, position, _ in rows])
        conn.execute(t.claim_documents.insert(), [{"claim": f"claim:{event}", "document": document}
                                                  for event, _, document in rows])


def _signatures_of(conn: Connection, key: fusion.ClaimKey) -> list[Any]:
    s = t.denial_signatures.c
    return list(conn.execute(select(t.denial_signatures).where(s.type == key[0], s.source == key[1], s.target == key[2])))


def _signature_of(row: Any) -> fc.Signature:
    return fc.Signature((row.type, row.source, row.target), frozenset(row.systems), frozenset(row.categories))


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
