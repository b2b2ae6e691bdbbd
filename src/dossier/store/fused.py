"""Fusion tables kept in step: story groups, fusion's view of each complete event, claims with their
voices, and register rows, written in the transaction of each batch (or review) that changes them.

New documents extend the claims: each new event, in stored order, is compared with the claims of
its key filed under its weapons (`claim_marks`: a dated event those filed by a month near its
dates, an undated one the first of each of its marks in order) and joins the first that accepts
it, or makes a new one; a denial joins its key's signature, which is linked once to each claim it
disputes. Signatures are filed under the marks of the claims they answer (`signature_marks`), so a
claim reads the signatures that answer it, and a new signature is linked to the claims it answers
in SQL. A claim that names no weapon category is answered by every signature of its key
(`fc.answered_by_every`): it is filed under `fc.QUIET` and linked to none, and readers take its
key's signatures (`queries._disputes`). The cost of a batch is its own events and the links they
make, not the size of their keys.
A change that takes events away or moves them (re-analysis, a review, an actor given a country)
recomputes the claims of the keys it touches from their events (`fuse.claims.KeyClaims`), as
`rebuild` does for every key. Each event's register steps are filed with it, and the register rows
are kept from them (`store.register`).

A document's story group is decided once, when it is stored, by looking its LSH band keys up among
the documents stored before it (the least story under each key, `story_keys`); a later document
never changes an earlier one's group.
`rebuild` recomputes everything (after a change of rules), one chunk of documents and then one key
at a time, so memory stays bounded by the largest key.
"""

from __future__ import annotations

import logging
from bisect import insort
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, or_, select, tuple_, update

from dossier.fuse import claims as fc
from dossier.fuse import fusion
from dossier.fuse.dates import overlap
from dossier.fuse.duplicates import band_keys, story_group
from dossier.fuse.register import document_latest
from dossier.store import register
from dossier.store import schema as t
from dossier.store.queries import any_of, collated, events_of_documents

LOGGER = logging.getLogger(__name__)

CHUNK = 500
Progress = Callable[[str, int, int], None]  # stage, done, total


@dataclass
class Touched:
    """What a change touches: claim keys to recompute, new events to add to their keys' claims (in
    stored order), register steps to file, register rows to recompute from their steps (by pair and
    weapon name) and register rows reviewed."""

    keys: set[fusion.ClaimKey] = field(default_factory=set)
    added: list[Any] = field(default_factory=list)  # rows of `fusion_events`
    steps: list[dict] = field(default_factory=list)  # rows of `register_steps`
    rows: set[register.Group] = field(default_factory=set)
    reviewed: set[register.Group] = field(default_factory=set)

    def add_row_of(self, transfer_key: str) -> None:
        """The rows of a register row named by its review key ('supplier|recipient|item')."""
        supplier, recipient, name = transfer_key.split("|", 2)
        self.reviewed.add((min(supplier, recipient), max(supplier, recipient), name))


def _chunks(values: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for i in range(0, len(values), size):
        yield values[i : i + size]


def _collect(conn: Connection, documents: Sequence[str], touched: Touched) -> None:
    """Add the keys and register rows of these documents' stored fusion events."""
    fe = t.fusion_events.c
    for chunk in _chunks(documents):
        stmt = select(fe.type, fe.source, fe.target).distinct().where(fe.document.in_(chunk))
        touched.keys.update((row.type, row.source, row.target) for row in conn.execute(stmt))
        touched.rows.update(register.groups_of_documents(conn, chunk))


def forget(conn: Connection, documents: Sequence[str], touched: Touched) -> None:
    """Before these documents are deleted (their fusion rows go with them): what they touched, and
    their band keys taken away (`_unplace`)."""
    _collect(conn, sorted(set(documents)), touched)
    _unplace(conn, sorted(set(documents)))


def add_documents(conn: Connection, documents: Sequence[tuple[str, str]], touched: Touched) -> None:
    """Story groups for new documents (id, text), in the order stored, then their events, which
    extend the claims of their keys."""
    fd = t.fusion_documents.c
    position = conn.execute(select(func.max(fd.position))).scalar() or 0
    _place(conn, documents, position + 1)
    refresh_documents(conn, [doc_id for doc_id, _ in documents], touched, new=True)


def _place(conn: Connection, documents: Sequence[tuple[str, str]], first: int | None = None) -> None:
    """Group documents (id, text), in order, each against those stored or placed before it by its
    band keys, and store their keys: new rows of `fusion_documents` from position `first` on, or
    (without `first`) the story of rows already there. The least story under each of the chunk's
    keys is read at once (`story_keys`): one row a key, however many stored documents share it."""
    fd, sk = t.fusion_documents.c, t.story_keys.c
    keyed = [(doc_id, sorted(set(band_keys(text)))) for doc_id, text in documents]
    every_key = sorted({key for _, keys in keyed for key in keys})
    least: dict[str, str] = {}
    for chunk in _chunks(every_key):
        least.update(conn.execute(select(sk.key, sk.story).where(sk.key.in_(chunk))).all())
    placed, bands = [], []
    for doc_id, keys in keyed:
        story = story_group(keys, least, doc_id)
        least.update(dict.fromkeys(keys, story))  # no less than any story under them: see `story_group`
        placed.append({"b_document": doc_id, "b_story": story})
        bands += [{"key": key, "document": doc_id} for key in keys]
    if placed and first is None:
        stmt = update(t.fusion_documents).where(fd.document == bindparam("b_document")).values(story=bindparam("b_story"))
        conn.execute(stmt, placed)
    elif placed:
        conn.execute(t.fusion_documents.insert(), [{"document": row["b_document"], "position": first + n,
                                                   "story": row["b_story"]} for n, row in enumerate(placed)])
    if bands:
        conn.execute(t.story_bands.insert(), bands)
    for chunk in _chunks(every_key):
        conn.execute(delete(t.story_keys).where(sk.key.in_(chunk)))
        conn.execute(t.story_keys.insert(), [{"key": key, "story": least[key]} for key in chunk])


def _unplace(conn: Connection, documents: Sequence[str]) -> None:
    """Take these documents' band keys away, and find again the least story under each of them among
    the documents that remain (a document stored later is grouped as if these never were)."""
    sb = t.story_bands.c
    keys: set[str] = set()
    for chunk in _chunks(documents):
        keys.update(conn.execute(select(sb.key).where(sb.document.in_(chunk))).scalars())
        conn.execute(delete(t.story_bands).where(sb.document.in_(chunk)))
    for chunk in _chunks(sorted(keys)):
        restore_least_stories(conn, chunk)


def restore_least_stories(conn: Connection, keys: Sequence[str] | None = None) -> None:
    """`story_keys` for these band keys (every key, without), from the stories of the documents
    stored under them. Its cost is every document under those keys: the path of re-analysis and of
    upgrades, not of ingest."""
    sb, sk, fd = t.story_bands.c, t.story_keys.c, t.fusion_documents.c
    stmt = select(sb.key, func.min(collated(conn, fd.story))).join(t.fusion_documents, fd.document == sb.document) \
        .group_by(sb.key)
    conn.execute(delete(t.story_keys) if keys is None else delete(t.story_keys).where(sk.key.in_(keys)))
    rows = [{"key": key, "story": story}
            for key, story in conn.execute(stmt if keys is None else stmt.where(sb.key.in_(keys)))]
    for chunk in _chunks(rows):
        conn.execute(t.story_keys.insert(), list(chunk))


def refresh_documents(conn: Connection, documents: Sequence[str], touched: Touched, new: bool = False) -> None:
    """Read these documents' events again (as reviewed) into `fusion_events`, with their register
    steps, and their latest dates. Events of `new` documents are added to their keys' claims and
    their steps to their rows; otherwise the keys and rows their events had and have are
    recomputed."""
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
        latest = document_latest(events)
        rows, steps = [], []
        for event in events:
            key, pair = fusion.claim_key(event, countries), fusion.pair(event, countries)
            steps += register.step_rows(event, countries, latest, pair)
            if not new:
                touched.keys.add(key)
            rows.append({"event": event["id"], "document": event["document"], "position": positions[event["document"]],
                         "type": key[0], "source": key[1], "target": key[2], "low": pair[0], "high": pair[1],
                         "source_actor": event["source"], "target_actor": event["target"], "record": event,
                         "voice": fc.voice(event)})
        if rows:
            conn.execute(t.fusion_events.insert(), rows)
        if new:  # filed with the rest of the batch's (`register.write`)
            touched.added += [_Added(**row) for row in rows]
            touched.steps += steps
        else:
            register.insert_steps(conn, steps)
            touched.rows.update(register.group_of(step) for step in steps)
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
    bring every touched register row up to date (`store.register`)."""
    keys = sorted(touched.keys)
    c, s = t.claims.c, t.denial_signatures.c
    for key in keys:  # all first: an event that moved keys names its claim in the new one
        conn.execute(delete(t.claims).where(c.type == key[0], c.source == key[1], c.target == key[2]))
        conn.execute(delete(t.denial_signatures).where(s.type == key[0], s.source == key[1], s.target == key[2]))
    for done, key in enumerate(keys, 1):
        _write_key(conn, key)
        if progress is not None:
            progress("claims", done, len(keys))
    stories = _stories(conn, {row.document for row in touched.added})
    by_key: dict[fusion.ClaimKey, list[_Added]] = {}
    for row in sorted(touched.added, key=lambda r: (r.position, r.event)):
        by_key.setdefault((row.type, row.source, row.target), []).append(row)
    _extend(conn, {key: rows for key, rows in by_key.items() if key not in touched.keys}, stories)
    register.write(conn, touched.rows, touched.steps, touched.reviewed, progress)


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
    stored = [[] if fc.answered_by_every(claim.categories) else signatures  # its key's every signature: no link
              for claim, signatures in zip(group.claims, links)]
    for claim, supporting, signatures, linked_to in zip(group.claims, group.supporting, links, stored):
        first = supporting[0]["id"]
        claim_id = f"claim:{first}"
        stories = {placed[e["id"]][1] for e in supporting}
        summary = None
        for event in supporting:
            summary = fc.summarise(summary, event)
        rows["claims"].append(_claim_row(claim_id, claim, placed[first][0], first, len(supporting), len(stories),
                                         len(linked_to), bool(signatures), summary))
        rows["marks"] += [_mark_row(claim_id, claim, (placed[first][0], first), mark) for mark in claim.marks()]
        rows["voices"] += [{"claim": claim_id, "position": n, "event": e["id"]} for n, e in enumerate(supporting)]
        rows["documents"] += [{"claim": claim_id, "document": d} for d in sorted({e["document"] for e in supporting})]
        rows["stories"] += [{"claim": claim_id, "story": story} for story in sorted(stories)]
        rows["disputes"] += [{"claim": claim_id, "signature": sig.id} for sig in linked_to]
    linked = {sig for signatures in links for sig in signatures}
    signatures, signature_marks, denials = [], [], []
    for sig, events in group.denials.items():
        signatures.append(_signature_row(sig, sum(sig in mine for mine in stored), len(events)))
        signature_marks += _signature_mark_rows(sig)
        denials += [{"event": e["id"], "signature": sig.id, "position": placed[e["id"]][0], "document": e["document"]}
                    for e in events]
        if sig not in linked:
            for e in events:
                rows["claims"].append(_lone_denial_row(key, e["id"], placed[e["id"]][0]))
                rows["documents"].append({"claim": f"claim:{e['id']}", "document": e["document"]})
    for table, values in ((t.denial_signatures, signatures), (t.signature_marks, signature_marks), (t.denials, denials),
                          (t.claims, rows["claims"]),
                          (t.claim_marks, rows["marks"]), (t.claim_voices, rows["voices"]),
                          (t.claim_documents, rows["documents"]), (t.claim_stories, rows["stories"]),
                          (t.claim_disputes, rows["disputes"])):
        if values:
            conn.execute(table.insert(), values)


def _claim_row(claim_id: str, claim: fc.Claim, position: int, first: str, supporting: int, stories: int,
               signatures: int, disputed: bool, summary: dict | None = None) -> dict[str, Any]:
    """`signatures`: how many signatures dispute the claim by a link of their own; `disputed`: whether
    any does, those of a claim `answered_by_every` included."""
    return {"id": claim_id, "type": claim.key[0], "source": claim.key[1], "target": claim.key[2],
            "status": fc.status(supporting > 0, disputed, stories), "rank": 0, "first_position": position,
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


def _mark_row(claim_id: str, claim: fc.Claim, order: tuple[int, str], mark: str) -> dict[str, Any]:
    return {"claim": claim_id, "mark": mark, "type": claim.key[0], "source": claim.key[1],
            "target": claim.key[2], "forecast": claim.forecast, "period": fc.period(claim.when),
            "first_position": order[0], "first": order[1]}


def _signature_mark_rows(sig: fc.Signature) -> list[dict[str, Any]]:
    return [{"signature": sig.id, "mark": mark, "type": sig.key[0], "source": sig.key[1], "target": sig.key[2]}
            for mark in sorted(fc.signature_marks(sig))]


def _signature_row(sig: fc.Signature, links: int, denials: int) -> dict[str, Any]:
    return {"id": sig.id, "type": sig.key[0], "source": sig.key[1], "target": sig.key[2],
            "systems": sorted(sig.systems), "categories": sorted(sig.categories), "links": links,
            "denials_total": denials}


# Claims extended by a batch's new events


@dataclass
class _Held:
    """One claim of a key as the batch sees it: its state, and what the batch changes. Its summary,
    the batch's stories it already has and the signatures that dispute it are read only when the
    batch writes it (`_load`), after every new event has found its claim: a busy key holds many
    claims a batch compares but leaves alone."""

    id: str
    claim: fc.Claim
    order: tuple[int, str]
    supporting: int
    independent: int
    marks: set[str]
    filed: set[str]  # the marks it is stored under
    period: str | None  # the month it is stored under (`fc.period`)
    stories: set[str] = field(default_factory=set)  # those of the batch's stories it has
    added_stories: list[str] = field(default_factory=list)
    summary: dict | None = None
    signatures: set[str] = field(default_factory=set)  # those that dispute it, read when the batch may change them
    disputed: int = 0  # how many signatures dispute it by a link of their own, as stored
    by_key: bool = False  # answered by every signature of its key (`fc.answered_by_every`), which has one
    new: bool = False
    changed: bool = False
    voices: list[_Added] = field(default_factory=list)

    @property
    def answered_by_every(self) -> bool:
        return fc.answered_by_every(self.claim.categories)

    @property
    def refiled(self) -> bool:
        """Whether its marks must be written again: what it is filed under changed."""
        return self.marks != self.filed or fc.period(self.claim.when) != self.period


def _extend(conn: Connection, by_key: dict[fusion.ClaimKey, list[_Added]], stories: dict[str, str]) -> None:
    """Add each key's new events, in stored order, to its claims: each to the first claim filed under
    its weapons that accepts it, else to a new claim; a denial to its signature. The claims such
    events could join, and the signatures of their keys, are read for the whole batch at once, then
    changed in memory and written back in bulk. Of the signatures stored, the batch reads those of
    its denials and those that answer the claims it writes (`_answering`); a new signature is linked
    to the other claims it answers in SQL (`_link_stored`), without reading them. A claim that every
    signature of its key answers (`fc.answered_by_every`) is linked to none: the batch asks only
    whether its key has one (`_signed`)."""
    found = {key: [(row, fc.features(row.record, key)) for row in rows] for key, rows in by_key.items()}
    denied = {key: {fc.signature(f) for row, f in pairs if _denied(row)} for key, pairs in found.items()}
    signatures = _signatures_by_id(conn, sorted(sig.id for sigs in denied.values() for sig in sigs))
    fresh = {key: {sig for sig in sigs if sig.id not in signatures} for key, sigs in denied.items()}
    held = _candidates(conn, {key: [(row, f) for row, f in pairs if not _denied(row)] for key, pairs in found.items()})
    for key in sorted(by_key):
        _join(conn, key, found[key], held.setdefault(key, []))
    written = {key: [claim for claim in held[key] if claim.voices or claim.changed] for key in by_key}
    _load(conn, written, {key: {stories[row.document] for row, _ in pairs if not _denied(row)}
                          for key, pairs in found.items()}, {key for key, sigs in fresh.items() if sigs})
    signed = _signed(conn, written, signatures, fresh)
    signatures.update(_answering(conn, written))
    linked = _link_stored(conn, fresh, written, signed)
    of_key: dict[fusion.ClaimKey, dict[str, Any]] = {}
    for sig_id, row in signatures.items():
        of_key.setdefault((row.type, row.source, row.target), {})[sig_id] = row
    writes = _Writes()
    for key in sorted(by_key):
        _extend_key(key, found[key], written[key], of_key.get(key, {}), fresh[key], linked, key in signed or bool(fresh[key]),
                    stories, writes)
    writes.flush(conn)


def _signed(conn: Connection, written: dict[fusion.ClaimKey, list[_Held]], signatures: dict[str, Any],
            fresh: dict[fusion.ClaimKey, set[fc.Signature]]) -> set[fusion.ClaimKey]:
    """The keys that have a stored signature (before the batch stores its new ones), of those where it
    matters: a claim the batch writes that every signature of its key answers is disputed when its
    key has one, and the key's first signature makes its stored such claims disputed. One seek a key."""
    known = {(row.type, row.source, row.target) for row in signatures.values()}
    asked = {key for key, claims in written.items() if any(claim.answered_by_every for claim in claims)}
    asked |= {key for key, sigs in fresh.items() if sigs}
    return known | _keys_having(conn, _SIGNED, asked - known)


def _keys_having(conn: Connection, statement: Any, keys: Iterable[fusion.ClaimKey]) -> set[fusion.ClaimKey]:
    """Those of `keys` under which `statement` (a key's first row of something) finds a row."""
    return {key for key in sorted(keys) if conn.execute(statement, _key_parameters(key)).first() is not None}


_KEY = ("type", "source", "target")


def _of_key(table: Any) -> list[Any]:
    """`table`'s rows of the claim key given as parameters (`_key_parameters`; named apart from the
    columns, which an UPDATE of `claims` reserves)."""
    return [table.c[name] == bindparam(f"key_{name}") for name in _KEY]


def _key_parameters(key: fusion.ClaimKey) -> dict[str, str]:
    return {f"key_{name}": value for name, value in zip(_KEY, key)}


_SIGNED = select(t.denial_signatures.c.id).where(*_of_key(t.denial_signatures)).limit(1)
_ANSWERED_BY_EVERY = select(t.claim_marks.c.claim).where(  # a key's claims that every signature of it answers
    *_of_key(t.claim_marks), t.claim_marks.c.forecast.in_([False, True]), t.claim_marks.c.mark == fc.QUIET)
_HAS_ANSWERED_BY_EVERY = _ANSWERED_BY_EVERY.limit(1)
_LONE_DENIALS_OF_KEY = delete(t.claims).where(*_of_key(t.claims), t.claims.c.rank == 1)


def _denied(row: _Added) -> bool:
    return row.record["factuality"] == "denied"


@dataclass
class _Writes:
    """What a batch's extension writes, gathered over every key, for one bulk statement per table."""

    claims: list[_Held] = field(default_factory=list)
    disputes_out: list[dict] = field(default_factory=list)
    disputes_in: list[dict] = field(default_factory=list)
    denials: list[dict] = field(default_factory=list)
    links: list[dict] = field(default_factory=list)  # signature counts to update
    # signatures whose denials may start or stop standing alone: key, id, links before and after, new denials
    lone: list[tuple[fusion.ClaimKey, str, int, int, list[tuple[_Added, fc.Signature]]]] = field(default_factory=list)
    answered_by_every: set[fusion.ClaimKey] = field(default_factory=set)  # keys given a claim every signature answers

    def flush(self, conn: Connection) -> None:
        """Write it all. A signature's denials stand alone while it disputes no claim: none by a link
        of its own, and its key has no claim that every signature answers (asked here, before the
        batch's claims are written, of the keys where it decides)."""
        cd, s = t.claim_disputes.c, t.denial_signatures.c
        asked = {key for key, _, before, after, _ in self.lone if not (before and after)} | self.answered_by_every
        had = _keys_having(conn, _HAS_ANSWERED_BY_EVERY, asked)
        _write_held(conn, self.claims)
        for key in sorted(self.answered_by_every - had):  # its signatures now dispute a claim: no denial stands alone
            conn.execute(_LONE_DENIALS_OF_KEY, _key_parameters(key))
        if self.disputes_out:
            conn.execute(delete(t.claim_disputes).where(cd.claim == bindparam("b_claim"),
                                                         cd.signature == bindparam("b_signature")), self.disputes_out)
        if self.disputes_in:
            conn.execute(t.claim_disputes.insert(), self.disputes_in)
        if self.denials:
            conn.execute(t.denials.insert(), self.denials)
        if self.links:
            stmt = update(t.denial_signatures).where(s.id == bindparam("b_id"))
            conn.execute(stmt.values(links=bindparam("b_links"), denials_total=bindparam("b_total")), self.links)
        lone_rows: list[tuple[fusion.ClaimKey, str, int, str]] = []
        for key, signature, before, after, added in self.lone:
            lone_rows += _lone_denials(conn, key, signature, before > 0 or key in had,
                                       after > 0 or key in had | self.answered_by_every, added)
        if lone_rows:
            conn.execute(t.claims.insert(), [_lone_denial_row(key, event, position) for key, event, position, _ in lone_rows])
            conn.execute(t.claim_documents.insert(), [{"claim": f"claim:{event}", "document": document}
                                                      for _, event, _, document in lone_rows])


def _join(conn: Connection, key: fusion.ClaimKey, found: list[tuple[_Added, fc.Features]], held: list[_Held]) -> None:
    """Each asserted event of one key, in stored order, to the first claim filed under its weapons that
    accepts it, else to a new claim (added to `held`, which stays in order): only what decides
    acceptance changes here. A dated event's candidates are all held already (`_candidates`); an
    undated one may join any claim of its weapons, so the first stored one that accepts it is looked
    up in order (`_first_stored`)."""
    ids, filed = {claim.id for claim in held}, _Filed(key)
    for row, features in found:
        if _denied(row):
            continue
        marks = set(fc.candidate_marks(features))
        claim = next((h for h in held if h.claim.forecast == features.forecast and h.marks & marks
                      and h.claim.accepts(features)), None)
        if features.when is None and marks:
            stored = _first_stored(conn, filed, features, marks, ids, claim)
            if stored is not None:
                insort(held, stored, key=lambda h: h.order)
                ids.add(stored.id)
                claim = stored
        if claim is None:
            claim = _Held(f"claim:{row.event}", fc.Claim(key, features.forecast), (row.position, row.event), 0, 0,
                          set(), set(), None, new=True, changed=True)
            held.append(claim)
            ids.add(claim.id)
        claim.changed |= claim.claim.add(features)
        claim.marks = claim.claim.marks()
        claim.voices.append(row)


PAGE = 20  # stored claims of one mark read at a time while looking for the first that accepts an undated event


@dataclass
class _Filed:
    """The stored claims of one key under each mode and mark, in the order they were made
    (`ix_claim_marks_order`), read a page at a time as a batch's lookups reach them: the batch reads
    each page once, however many of its events look there (stored claims do not change until the
    batch writes)."""

    key: fusion.ClaimKey
    pages: dict[tuple[bool, str], list[Any]] = field(default_factory=dict)
    ended: set[tuple[bool, str]] = field(default_factory=set)

    def rows(self, conn: Connection, forecast: bool, mark: str) -> Iterator[Any]:
        first, after = _pages(conn)
        asked = {**_key_parameters(self.key), "forecast": forecast, "mark": mark}
        read = self.pages.setdefault((forecast, mark), [])
        n = 0
        while True:
            if n < len(read):
                yield read[n]
                n += 1
                continue
            if (forecast, mark) in self.ended:
                return
            page = list(conn.execute(first, asked) if not read else
                        conn.execute(after, {**asked, "after_position": read[-1].first_position,
                                             "after_first": read[-1].first}))
            read += page
            if len(page) < PAGE:
                self.ended.add((forecast, mark))


_PAGE_STATEMENTS: dict[str, tuple[Any, Any]] = {}


def _pages(conn: Connection) -> tuple[Any, Any]:
    """The first page of one mark's stored claims, and the page after a given claim: built once per
    dialect, since a batch reads many pages and building a statement costs more than running it."""
    if conn.dialect.name not in _PAGE_STATEMENTS:
        m = t.claim_marks.c
        order = (m.first_position, collated(conn, m.first))
        first = select(*_STATE).join(t.claim_marks, m.claim == t.claims.c.id).where(*_BY_MARK) \
            .order_by(*order).limit(PAGE)
        after = first.where(tuple_(*order) > tuple_(bindparam("after_position", type_=m.first_position.type),
                                                    bindparam("after_first", type_=m.first.type)))
        _PAGE_STATEMENTS[conn.dialect.name] = first, after
    return _PAGE_STATEMENTS[conn.dialect.name]


def _first_stored(conn: Connection, filed: _Filed, features: fc.Features, marks: set[str], held: set[str],
                  before: _Held | None) -> _Held | None:
    """The first stored claim of the key not `held` yet (held ones were compared as they are now) that
    accepts `features`, made before `before`: the first of each mark's claims, in order, before the
    best found so far. A lookup walks past the claims held, not the key's others."""
    found, bound = None, before.order if before is not None else None
    for mark in sorted(marks):
        for row in filed.rows(conn, features.forecast, mark):
            if bound is not None and (row.first_position, row.first) >= bound:
                break
            claim = None if row.id in held else _light(filed.key, row)
            if claim is not None and claim.claim.accepts(features):
                found, bound = claim, claim.order
                break
    return found


def _extend_key(key: fusion.ClaimKey, found: list[tuple[_Added, fc.Features]], held: list[_Held],
                signatures: dict[str, Any], fresh: set[fc.Signature], linked: dict[str, int], signed: bool,
                stories: dict[str, str], writes: _Writes) -> None:
    """The rest of one key's part of `_extend`, in memory, for the claims it writes (`held`): their
    voices' summaries and stories, and the signatures that dispute them (among `signatures`, the
    stored ones that may, and `fresh`, which dispute `linked` claims the batch does not write; a
    claim that every signature answers is disputed when the key is `signed`); the rows to write go
    to `writes`."""
    for claim in held:
        for row in claim.voices:
            claim.summary = fc.summarise(claim.summary, row.record)
            story = stories[row.document]
            if story not in claim.stories:
                claim.stories.add(story)
                claim.added_stories.append(story)
                claim.independent += 1
    denials = [(row, fc.signature(f)) for row, f in found if _denied(row)]
    links = {sig_id: row.links for sig_id, row in signatures.items()} | {sig.id: linked[sig.id] for sig in fresh}
    filed: dict[str, list[fc.Signature]] = {}  # the signatures under each mark: a claim compares those of its own
    for sig in [_signature_of(r) for r in signatures.values()] + sorted(fresh, key=lambda sig: sig.id):
        for mark in fc.signature_marks(sig):
            filed.setdefault(mark, []).append(sig)
    for claim in held:
        if claim.answered_by_every:
            claim.by_key = signed
            if claim.new:
                writes.answered_by_every.add(key)
            continue
        if not (claim.changed or fresh):
            continue
        want = {sig.id for mark in fc.answering_signature_marks(claim.claim) for sig in filed.get(mark, ())
                if claim.claim.answered_by(sig)}
        if not claim.changed:
            want &= {sig.id for sig in fresh} | claim.signatures
        writes.disputes_in += [{"claim": claim.id, "signature": sig} for sig in sorted(want - claim.signatures)]
        writes.disputes_out += [{"b_claim": claim.id, "b_signature": sig} for sig in sorted(claim.signatures - want)]
        for sig in want - claim.signatures:
            links[sig] += 1
        for sig in claim.signatures - want:
            links[sig] -= 1
        claim.changed |= want != claim.signatures  # a claim a new signature leaves alone is not written again
        claim.signatures, claim.disputed = want, len(want)
    writes.claims += [claim for claim in held if claim.changed or claim.voices]
    writes.denials += [{"event": row.event, "signature": sig.id, "position": row.position, "document": row.document}
                       for row, sig in denials]
    of_signature: dict[str, list[tuple[_Added, fc.Signature]]] = {}
    for row, sig in denials:
        of_signature.setdefault(sig.id, []).append((row, sig))
    changed = sorted(set(of_signature) | {sig for sig, n in links.items() if n != (signatures[sig].links if sig in signatures else 0)})
    for sig in changed:  # a new claim of a busy key changes the links of every signature of it: no pass over the denials each
        before = signatures[sig].links if sig in signatures else 0
        total = (signatures[sig].denials_total if sig in signatures else 0) + len(of_signature.get(sig, ()))
        writes.links.append({"b_id": sig, "b_links": links[sig], "b_total": total})
        writes.lone.append((key, sig, before, links[sig], of_signature.get(sig, [])))


def _candidates(conn: Connection, asserted: dict[fusion.ClaimKey, list[tuple[_Added, fc.Features]]]
                ) -> dict[fusion.ClaimKey, list[_Held]]:
    """For each key, its claims that could accept one of its new dated events (filed under its weapons,
    in its mode, over its period or undated), in the order they were made. Each mark is read by
    month (`fc.periods`: the months near an event's dates, and no month), so the rows read are the
    claims of the batch's periods, not every claim of its weapons. (An undated event's candidates
    are looked up as it joins: `_first_stored`.)"""
    dated = {key: [(set(fc.candidate_marks(f)), f) for _, f in pairs if f.when] for key, pairs in asserted.items()}
    probes: set[tuple[Any, ...]] = set()  # key, mode, mark, and the months to read (none: those of no month)
    for key, events in dated.items():
        for event_marks, f in events:
            for mark in event_marks:
                probes |= {(*key, f.forecast, mark, None), (*key, f.forecast, mark, fc.periods(f.when))}
    filed: dict[fusion.ClaimKey, set[str]] = {}
    for type_, source, target, forecast, mark, months in sorted(probes, key=repr):
        key = (type_, source, target)
        asked = {**_key_parameters(key), "forecast": forecast, "mark": mark}
        rows = conn.execute(_UNDATED_MARKS, asked) if months is None else \
            conn.execute(_MARKS_IN_MONTHS, {**asked, "first_month": months[0], "last_month": months[1]})
        for row in rows:
            when = (row.when_low, row.when_high) if row.when_low is not None else None
            if any(mark in event_marks and forecast == f.forecast and overlap(when, f.when) for event_marks, f in dated[key]):
                filed.setdefault(key, set()).add(row.claim)
    rows = _claims_by_id(conn, sorted({claim for claims in filed.values() for claim in claims}))
    return {key: [_light(key, rows[claim]) for claim in sorted(claims, key=lambda i: (rows[i].first_position, rows[i].first))]
            for key, claims in filed.items()}


_BY_MARK = [*_of_key(t.claim_marks), *(t.claim_marks.c[name] == bindparam(name) for name in ("forecast", "mark"))]
_MARKED = select(t.claim_marks.c.claim, t.claims.c.when_low, t.claims.c.when_high) \
    .join(t.claims, t.claims.c.id == t.claim_marks.c.claim).where(*_BY_MARK)
_UNDATED_MARKS = _MARKED.where(t.claim_marks.c.period.is_(None))  # a statement built once: a batch runs it often
_MARKS_IN_MONTHS = _MARKED.where(t.claim_marks.c.period.between(bindparam("first_month"), bindparam("last_month")))


_STATE = [column for column in t.claims.c if column.name != "summary"]  # what deciding on a claim reads


def _claims_by_id(conn: Connection, ids: Sequence[str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for chunk in _chunks(ids):
        found.update((row.id, row) for row in conn.execute(select(*_STATE).where(t.claims.c.id.in_(chunk))))
    return found


def _link_stored(conn: Connection, fresh: dict[fusion.ClaimKey, set[fc.Signature]],
                 written: dict[fusion.ClaimKey, list[_Held]], signed: set[fusion.ClaimKey]) -> dict[str, int]:
    """Store the new signatures, and link each to the stored claims it answers that the batch does
    not write (`_extend_key` links those), in SQL: the claims filed under its answering marks, which
    reach exactly those it answers (`fc.answering_marks`), or every claim of its key; each is now
    disputed. The claims that every signature of a key answers get no link: the key's first
    signature makes them disputed. Returns how many claims each new signature disputes by a link.
    Its cost is one row a claim linked, none read into Python."""
    made = sorted((sig for sigs in fresh.values() for sig in sigs), key=lambda sig: sig.id)
    if made:
        conn.execute(t.denial_signatures.insert(), [_signature_row(sig, 0, 0) for sig in made])
        conn.execute(t.signature_marks.insert(), [row for sig in made for row in _signature_mark_rows(sig)])
    for key in sorted(key for key, sigs in fresh.items() if sigs and key not in signed):
        conn.execute(_NOW_DISPUTED_BY_KEY, _key_parameters(key))
    linked = {}
    for sig in made:
        marks = fc.answering_marks(sig)
        asked = {**_key_parameters(sig.key), "signature": sig.id,
                 "written": [claim.id for claim in written[sig.key] if not claim.new]}
        conn.execute(_LINK_EVERY, asked) if marks is None else conn.execute(_LINK_MARKED, {**asked, "marks": sorted(marks)})
        linked[sig.id] = conn.execute(_DISPUTING, {"signature": sig.id}).scalar_one()  # psycopg counts no INSERT ... SELECT
        if linked[sig.id]:
            conn.execute(_NOW_DISPUTED, {"signature": sig.id})
    return linked


_SIGNATURE = bindparam("signature", type_=t.claim_disputes.c.signature.type)
_LINK_MARKED = t.claim_disputes.insert().from_select(["claim", "signature"], select(
    t.claim_marks.c.claim, _SIGNATURE).distinct().where(
    *_of_key(t.claim_marks),
    t.claim_marks.c.forecast.in_([False, True]),  # either mode: named, so that the index reaches the marks
    t.claim_marks.c.mark.in_(bindparam("marks", expanding=True)),
    t.claim_marks.c.claim.not_in(bindparam("written", expanding=True))))
_LINK_EVERY = t.claim_disputes.insert().from_select(["claim", "signature"], select(t.claims.c.id, _SIGNATURE).where(
    *_of_key(t.claims), t.claims.c.rank == 0, t.claims.c.id.not_in(_ANSWERED_BY_EVERY),
    t.claims.c.id.not_in(bindparam("written", expanding=True))))
_DISPUTING = select(func.count()).select_from(t.claim_disputes).where(t.claim_disputes.c.signature == _SIGNATURE)
_NOW_DISPUTED = update(t.claims).where(t.claims.c.id.in_(
    select(t.claim_disputes.c.claim).where(t.claim_disputes.c.signature == _SIGNATURE))).values(
    signatures=t.claims.c.signatures + 1, status=fc.status(True, True, 0))
_NOW_DISPUTED_BY_KEY = update(t.claims).where(t.claims.c.id.in_(_ANSWERED_BY_EVERY)).values(status=fc.status(True, True, 0))


def _light(key: fusion.ClaimKey, row: Any) -> _Held:
    """A stored claim as the batch compares it with new events (`_STATE`)."""
    when = (row.when_low, row.when_high) if row.when_low is not None else None
    claim = fc.Claim(key, row.forecast, set(row.systems), set(row.categories), when)
    marks = claim.marks()
    return _Held(row.id, claim, (row.first_position, row.first), row.supporting_total, row.independent_stories,
                 marks, set(marks), fc.period(when), disputed=row.signatures)


def _load(conn: Connection, written: dict[fusion.ClaimKey, list[_Held]], stories: dict[fusion.ClaimKey, set[str]],
          fresh: set[fusion.ClaimKey]) -> None:
    """What the stored claims a batch writes need besides their state: which of the batch's stories
    (those of their key's new events) they already have, the summary of those that gain voices, and
    the signatures that dispute those whose signatures the batch may change (their weapons changed,
    or their key has a `fresh` signature). A claim that only gains voices keeps its signatures,
    counted in its row: in a busy key they are every signature of the key."""
    c, cs, cd = t.claims.c, t.claim_stories.c, t.claim_disputes.c
    stored = {claim.id: (key, claim) for key, claims in written.items() for claim in claims if not claim.new}
    every_story = sorted({story for key, _ in stored.values() for story in stories[key]})
    for chunk in _chunks(sorted(stored)):
        if every_story:
            stmt = select(cs.claim, cs.story).where(cs.claim.in_(chunk), cs.story.in_(every_story))
            for claim_id, story in conn.execute(stmt):
                key, claim = stored[claim_id]
                if story in stories[key]:
                    claim.stories.add(story)
    disputable = sorted(claim_id for claim_id, (key, claim) in stored.items()
                        if (claim.changed or key in fresh) and not claim.answered_by_every)
    for chunk in _chunks(disputable):
        for claim_id, signature in conn.execute(select(cd.claim, cd.signature).where(cd.claim.in_(chunk))):
            stored[claim_id][1].signatures.add(signature)
    for chunk in _chunks(sorted(claim_id for claim_id, (_, claim) in stored.items() if claim.voices)):
        for claim_id, summary in conn.execute(select(c.id, c.summary).where(c.id.in_(chunk))):
            stored[claim_id][1].summary = summary


def _write_held(conn: Connection, held: list[_Held]) -> None:
    """Insert the new claims, update the others (their summary only when they gained voices), and add
    voices, documents, stories and the marks that changed."""
    values = [_claim_row(claim.id, claim.claim, claim.order[0], claim.order[1], claim.supporting + len(claim.voices),
                         claim.independent, claim.disputed, claim.disputed > 0 or claim.by_key, claim.summary)
              for claim in held]
    new = [v for v, claim in zip(values, held) if claim.new]
    if new:
        conn.execute(t.claims.insert(), new)
    columns = ("status", "systems", "categories", "when_low", "when_high", "independent_stories",
               "supporting_total", "signatures")
    for voiced, names in ((True, (*columns, "summary")), (False, columns)):
        old = [{f"b_{k}": row[k] for k in ("id", *names)} for row, claim in zip(values, held)
               if not claim.new and bool(claim.voices) == voiced]
        if old:
            stmt = update(t.claims).where(t.claims.c.id == bindparam("b_id")).values(
                {name: bindparam(f"b_{name}") for name in names})
            conn.execute(stmt, old)
    voices, documents, stories, marks = [], [], [], []
    for claim in held:
        voices += [{"claim": claim.id, "position": claim.supporting + n, "event": row.event}
                   for n, row in enumerate(claim.voices)]
        documents += [{"claim": claim.id, "document": d} for d in sorted({row.document for row in claim.voices})]
        stories += [{"claim": claim.id, "story": story} for story in claim.added_stories]
        if claim.refiled:
            marks += [_mark_row(claim.id, claim.claim, claim.order, mark) for mark in sorted(claim.marks)]
    m = t.claim_marks.c
    for chunk in _chunks([claim.id for claim in held if claim.refiled and not claim.new]):
        conn.execute(delete(t.claim_marks).where(m.claim.in_(chunk)))
    for table, rows in ((t.claim_voices, voices), (t.claim_documents, documents), (t.claim_stories, stories),
                        (t.claim_marks, marks)):
        if rows:
            conn.execute(table.insert(), rows)


def _lone_denials(conn: Connection, key: fusion.ClaimKey, signature: str, was: bool, now: bool,
                  added: list[tuple[_Added, fc.Signature]]) -> list[tuple[fusion.ClaimKey, str, int, str]]:
    """A signature's denials stand alone as claims while it disputes no claim: those to add as
    (key, event, position, document); those to take away are deleted here."""
    d, c = t.denials.c, t.claims.c
    if was and not now:  # every denial of it, the batch's among them, now stands alone
        rows = conn.execute(select(d.event, d.position, d.document).where(d.signature == signature)).all()
        return [(key, event, position, document) for event, position, document in rows]
    if now and not was:
        conn.execute(delete(t.claims).where(c.denial.in_(select(d.event).where(d.signature == signature))))
        return []
    if not now:
        return [(key, row.event, row.position, row.document) for row, _ in added]
    return []


def _signatures_by_id(conn: Connection, ids: Sequence[str]) -> dict[str, Any]:
    s = t.denial_signatures.c
    found: dict[str, Any] = {}
    for chunk in _chunks(ids):
        found.update((row.id, row) for row in conn.execute(select(t.denial_signatures).where(s.id.in_(chunk))))
    return found


def _answering(conn: Connection, written: dict[fusion.ClaimKey, list[_Held]]) -> dict[str, Any]:
    """The stored signatures that may dispute the claims a batch writes: those filed under the marks
    of the claims new or whose weapons changed (`fc.answering_signature_marks`), and those that
    dispute the others already (`_load`); not every signature of their keys."""
    sm = t.signature_marks.c
    marks = {key: {mark for claim in claims if claim.changed and not claim.answered_by_every
                   for mark in fc.answering_signature_marks(claim.claim)} for key, claims in written.items()}
    wanted = {sig for claims in written.values() for claim in claims for sig in claim.signatures}
    for chunk in _chunks(sorted(key for key, mine in marks.items() if mine)):
        every = sorted({mark for key in chunk for mark in marks[key]})
        stmt = select(sm.signature, sm.type, sm.source, sm.target, sm.mark).where(
            any_of((sm.type, sm.source, sm.target), chunk), sm.mark.in_(every))
        wanted.update(row.signature for row in conn.execute(stmt) if row.mark in marks[(row.type, row.source, row.target)])
    return _signatures_by_id(conn, sorted(wanted))  # each once, not once a mark it is filed under


def file_signatures(conn: Connection) -> None:
    """File every denial signature under its marks (`fc.signature_marks`), in a store whose
    signatures have none."""
    s = t.denial_signatures.c
    last = None
    while True:
        stmt = select(t.denial_signatures).order_by(s.id).limit(CHUNK)
        rows = list(conn.execute(stmt if last is None else stmt.where(s.id > last)))
        if not rows:
            return
        conn.execute(t.signature_marks.insert(), [mark for row in rows for mark in _signature_mark_rows(_signature_of(row))])
        last = rows[-1].id


def _signature_of(row: Any) -> fc.Signature:
    return fc.Signature((row.type, row.source, row.target), frozenset(row.systems), frozenset(row.categories))


def refile(conn: Connection) -> None:
    """File every claim again under its marks (`fc.Claim.marks`) and month (`fc.period`), after the
    rules of either changed.
    Only the marks that differ are deleted or written: an upgrade that adds a kind of mark reads
    the claims and their marks, and writes the new ones (rewriting every mark took 69 s on a store
    of 10,000 documents)."""
    c, m = t.claims.c, t.claim_marks.c
    conn.execute(delete(t.claim_marks).where(m.claim.in_(select(c.id).where(c.rank != 0))))
    last = None
    while True:
        stmt = select(*_STATE).where(c.rank == 0).order_by(c.id).limit(CHUNK)
        rows = list(conn.execute(stmt if last is None else stmt.where(c.id > last)))
        if not rows:
            return
        held = {claim.id: claim for claim in (_light((row.type, row.source, row.target), row) for row in rows)}
        wanted = {(claim.id, mark, claim.period) for claim in held.values() for mark in claim.marks}
        filed = set(map(tuple, conn.execute(select(m.claim, m.mark, m.period).where(m.claim.in_(list(held))))))
        stale = sorted({(cid, mark) for cid, mark, _ in filed - wanted})
        if stale:
            conn.execute(delete(t.claim_marks).where(any_of((m.claim, m.mark), stale)))
        new = sorted(wanted - filed, key=repr)
        if new:
            conn.execute(t.claim_marks.insert(), [_mark_row(cid, held[cid].claim, held[cid].order, mark)
                                                  for cid, mark, _ in new])
        last = rows[-1].id


def rebuild(conn: Connection, progress: Progress | None = None) -> dict[str, int]:
    """Recompute every fusion table inside the caller's transaction: story groups in the order the
    documents were stored (documents stored before these tables existed follow, by ingest time and
    id), then each chunk of documents' events, then each key's claims and each pair's rows.
    Returns how many claims and register rows there are."""
    d, fd = t.documents.c, t.fusion_documents.c
    for table in (t.claims, t.transfers, t.fusion_events, t.story_bands, t.story_keys):
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
        _place(conn, [(row.document, row.text) for row in chunk])
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
