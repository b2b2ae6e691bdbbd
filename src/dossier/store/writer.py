"""The single writer: every record enters the store through `StoreWriter.write`, a batch a transaction,
and every review through `StoreWriter.record_review`.

A batch is all or nothing, so a crash loses only the batch in flight. A document whose text is
already stored is skipped, and one that would break the store's invariants (offsets outside its
text, unknown actors or types) is recorded as failed, so one bad document never sinks its batch.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

from sqlalchemy import Column, Connection, Engine, Table, bindparam, select
from sqlalchemy.exc import DBAPIError, IntegrityError

from dossier import __version__
from dossier.errors import StoreError
from dossier.records import (
    ACTOR_KINDS,
    CUE_KINDS,
    EVENT_TYPES,
    FACTUALITY,
    SPEAKER_KINDS,
    WEAPON_CATEGORIES,
    Analysis,
    Event,
    Outcome,
    UrlState,
)
from dossier.store import fused, reviews
from dossier.store import schema as t
from dossier.store.engine import write_transaction
from dossier.store.urls import upsert_url_states

LOGGER = logging.getLogger(__name__)

OUTCOME_STATUSES = ("new", "duplicate", "skipped", "failed")
IN_CHUNK = 500  # values per IN (...) list, well under every backend's parameter limit
_CHILD_TABLES = (
    t.mentions, t.attributions, t.events, t.event_others, t.event_weapons, t.event_attributions,
    t.evidence, t.cues,
)


class StoreWriter:
    """Writes analyses and outcomes; use one per store (SQLite serialises writers anyway)."""

    def __init__(self, engine: Engine, *, fuse: bool = True) -> None:
        """`fuse=False` leaves fusion's tables behind the batches (a bulk load), until `rebuild_fusion`."""
        self.engine = engine
        self.run: int | None = None
        self.fuse = fuse

    def __enter__(self) -> StoreWriter:
        self.start_run()
        return self

    def __exit__(
        self, _type: type[BaseException] | None, _exc: BaseException | None, _tb: TracebackType | None
    ) -> None:
        self.finish_run()

    def start_run(self) -> int:
        """Open an ingest run: the outcomes written until `finish_run` belong to it."""
        with self._transaction() as conn:
            result = conn.execute(t.runs.insert().values(started_at=_now(), version=__version__))
            self.run = int(result.inserted_primary_key[0])
        return self.run

    def finish_run(self) -> None:
        """Stamp the current run as finished."""
        if self.run is None:
            return
        with self._transaction() as conn:
            conn.execute(t.runs.update().where(t.runs.c.id == self.run).values(finished_at=_now()))
        self.run = None
        self._checkpoint()

    def _checkpoint(self) -> None:
        """Move SQLite's write-ahead log into the database file, so that after a run the file alone
        holds everything (a copy of `dossier.db` without its `-wal` is whole). Readers still
        reading the log keep it alive; the checkpoint then moves what it can and says so, no error."""
        if self.engine.dialect.name != "sqlite":
            return
        with self.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    def known(self, sha256s: Iterable[str]) -> set[str]:
        """The given text hashes the store already holds."""
        return set(self.stored_ids(sha256s))

    def stored_ids(self, sha256s: Iterable[str]) -> dict[str, str]:
        """The id each of the given text hashes is stored under, for those the store holds."""
        wanted = sorted(set(sha256s))
        d = t.documents.c
        found: dict[str, str] = {}
        try:
            with self.engine.connect() as conn:
                for chunk in _chunks(wanted):
                    found.update((row.sha256, row.id) for row in conn.execute(select(d.sha256, d.id).where(d.sha256.in_(chunk))))
        except DBAPIError as exc:
            raise StoreError(f"cannot read the store: {exc.orig}") from exc
        return found

    def write(
        self, analyses: Sequence[Analysis], outcomes: Sequence[Outcome], *, replace: bool = False
    ) -> list[Outcome]:
        """Store a batch in one transaction; return the outcomes as recorded.

        An analysis not stored (its text is already there, or it is invalid) turns its `new`
        outcome into `duplicate` or `failed` with the reason. With `replace`, a document already
        stored under the same id or text is re-analysis: its old records go in the same
        transaction, and the analyst's reviews re-attach to the new events.
        """
        unknown = sorted({o.status for o in outcomes} - set(OUTCOME_STATUSES))
        if unknown:
            raise StoreError(f"unknown outcome status {unknown}; valid: {', '.join(OUTCOME_STATUSES)}")
        if self.run is None:
            self.start_run()
        try:
            return self._write(analyses, outcomes, replace)
        except StoreError as exc:
            # Only another writer (PostgreSQL; SQLite holds the lock) can store a text between our
            # check and our insert: the unique constraint stops it, and a second pass skips it.
            texts = [a.document.sha256 for a in analyses]
            if not (isinstance(exc.__cause__, IntegrityError) and self.known(texts)):
                raise
            LOGGER.info("another writer stored part of this batch meanwhile; writing the rest")
        return self._write(analyses, outcomes, replace)

    def record_review(self, values: dict[str, Any]) -> int:
        """Add one review (a row of `reviews`, without id and time) and re-link the reviews of its
        document; return the review's id."""
        with self._transaction() as conn:
            result = conn.execute(t.reviews.insert().values(**values, created_at=_now()))
            touched = fused.Touched()
            if values.get("document") is not None:
                reviews.attach(conn, [values["document"]])
                fused.refresh_documents(conn, [values["document"]], touched)  # old and new keys
            if values.get("kind") == "transfer":
                touched.add_row_of(values["target"])
            fused.recompute(conn, touched)
        return int(result.inserted_primary_key[0])

    def rebuild_fusion(self, progress: fused.Progress | None = None) -> dict[str, int]:
        """Recompute every claim, story group and register row from the stored events, in one
        transaction (after a change of fusion's rules); return how many claims and rows."""
        with self._transaction() as conn:
            return fused.rebuild(conn, progress)

    def save_url_states(self, states: Sequence[UrlState]) -> None:
        """Remember what `dossier watch` learnt about these URLs, in one transaction."""
        with self._transaction() as conn:
            upsert_url_states(conn, states)

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        try:
            with write_transaction(self.engine) as conn:
                yield conn
        except DBAPIError as exc:
            raise StoreError(f"cannot write the store: {exc.orig}") from exc

    def _write(self, analyses: Sequence[Analysis], outcomes: Sequence[Outcome], replace: bool) -> list[Outcome]:
        with self._transaction() as conn:
            touched = fused.Touched()  # the claim keys and register rows this batch changes
            if replace:
                _forget(conn, analyses, touched)
            batch, dropped = _admit(conn, analyses)
            recorded = _recorded_outcomes(analyses, outcomes, dropped)
            if batch:
                actor_inserts, actor_updates, aliases, roles = _merge_actors(conn, batch)
                rows = _rows(batch)
                _insert(conn, t.documents, rows["documents"])
                _insert(conn, t.actors, actor_inserts)
                if actor_updates:
                    stmt = t.actors.update().where(t.actors.c.id == bindparam("b_id"))
                    stmt = stmt.values(country=bindparam("b_country"), wikidata=bindparam("b_wikidata"))
                    conn.execute(stmt, [{k: v for k, v in u.items() if k != "b_filled"} for u in actor_updates])
                _insert(conn, t.actor_aliases, aliases)
                _insert(conn, t.actor_roles, roles)
                for table in _CHILD_TABLES:
                    _insert(conn, table, rows[table.name])
                ids = [a.document.id for a in batch]
                reviews.attach(conn, ids)
                if self.fuse:
                    fused.add_documents(conn, [(a.document.id, a.document.text) for a in batch], touched)
                    filled = [u["b_id"] for u in actor_updates if u["b_filled"]]
                    fused.refresh_actors(conn, filled, touched, skip=ids)
            if self.fuse:
                fused.recompute(conn, touched)
            at = _now()
            _insert(conn, t.outcomes, [
                {"run": self.run, "origin": o.origin, "status": o.status, "reason": o.reason,
                 "document": o.document, "events": o.events, "at": at}
                for o in recorded
            ])
        LOGGER.debug("wrote %d documents, recorded %d outcomes", len(batch), len(recorded))
        return recorded


def _now() -> datetime:
    return datetime.now(UTC)


def _chunks(values: Sequence[Any], size: int = IN_CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(values), size):
        yield values[i : i + size]


def _existing(conn: Connection, column: Column[Any], values: Iterable[Any]) -> set[Any]:
    """Which of `values` occur in `column`."""
    wanted = sorted(set(values))
    found: set[Any] = set()
    for chunk in _chunks(wanted):
        found.update(conn.execute(select(column).where(column.in_(chunk))).scalars())
    return found


def _insert(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(table.insert(), rows)  # a list of parameter sets runs as one executemany


def _forget(conn: Connection, analyses: Sequence[Analysis], touched: fused.Touched) -> None:
    """Delete the stored documents these analyses replace (same id or same text) with everything
    found in them (adding what they touched to `touched`); actors stay, and reviews stay to re-attach."""
    ids = {a.document.id for a in analyses}
    d = t.documents.c
    for chunk in _chunks(sorted({a.document.sha256 for a in analyses})):
        ids.update(conn.execute(select(d.id).where(d.sha256.in_(chunk))).scalars())
    fused.forget(conn, sorted(ids), touched)
    for chunk in _chunks(sorted(ids)):
        conn.execute(t.documents.delete().where(d.id.in_(chunk)))  # the rest cascades


def _admit(
    conn: Connection, analyses: Sequence[Analysis]
) -> tuple[list[Analysis], dict[int, tuple[str, str]]]:
    """Split the batch into analyses to store and, by position, the status and reason of the rest."""
    docs = [a.document for a in analyses]
    stored_texts = _existing(conn, t.documents.c.sha256, (d.sha256 for d in docs))
    known_actors = _existing(conn, t.actors.c.id, (ref for a in analyses for ref in _actor_refs(a)))
    taken = {
        "document": _existing(conn, t.documents.c.id, (d.id for d in docs)),
        "event": _existing(conn, t.events.c.id, (e.id for a in analyses for e in a.events)),
        "attribution": _existing(
            conn, t.attributions.c.id, (x.id for a in analyses for x in a.attributions)
        ),
    }
    batch: list[Analysis] = []
    dropped: dict[int, tuple[str, str]] = {}
    seen_texts: set[str] = set()
    for i, analysis in enumerate(analyses):
        doc = analysis.document
        if doc.sha256 in stored_texts or doc.sha256 in seen_texts:
            dropped[i] = ("duplicate", "the same text is already stored")
            continue
        problem = _problem(analysis, known_actors, taken)
        if problem:
            LOGGER.warning("not storing document %s: %s", doc.id, problem)
            dropped[i] = ("failed", f"invalid analysis: {problem}")
            continue
        seen_texts.add(doc.sha256)
        known_actors.update(a.id for a in analysis.actors)
        taken["document"].add(doc.id)
        taken["event"].update(e.id for e in analysis.events)
        taken["attribution"].update(x.id for x in analysis.attributions)
        batch.append(analysis)
    return batch, dropped


def _actor_refs(analysis: Analysis) -> Iterator[str]:
    """Every actor id the analysis points at."""
    yield from (m.actor for m in analysis.mentions)
    yield from (x.speaker for x in analysis.attributions if x.speaker)
    for event in analysis.events:
        yield from (ref for ref in (event.source, event.target) if ref)
        yield from event.others
        yield from (x.speaker for x in event.attributions if x.speaker)


def _problem(analysis: Analysis, known_actors: set[str], taken: dict[str, set[str]]) -> str | None:
    """The first way in which this analysis would break the store's invariants, if any.

    `known_actors` are those stored or brought by an analysis admitted earlier in the batch;
    `taken` the document, event and attribution ids already used.
    """
    doc = analysis.document
    size = len(doc.text)
    if doc.id in taken["document"]:
        return f"document id {doc.id!r} already names another text"
    own_actors = {a.id for a in analysis.actors}
    for actor in analysis.actors:
        if actor.kind not in ACTOR_KINDS:
            return f"actor {actor.id} has unknown kind {actor.kind!r}"
    missing = sorted(set(_actor_refs(analysis)) - own_actors - known_actors)
    if missing:
        return f"unknown actors {missing}"
    spans = [("mention", m.document, m.start, m.end) for m in analysis.mentions]
    ids: list[tuple[str, str]] = []
    for x in analysis.attributions:
        if x.speaker_kind not in SPEAKER_KINDS:
            return f"attribution {x.id} has unknown speaker kind {x.speaker_kind!r}"
        parts = [s for s in (x.source, x.cue, x.content) if s is not None]
        spans += [(f"attribution {x.id}", x.document, s.start, s.end) for s in parts]
        ids.append(("attribution", x.id))
    for event in analysis.events:
        if event.type not in EVENT_TYPES:
            return f"event {event.id} has unknown type {event.type!r}"
        if event.factuality not in FACTUALITY:
            return f"event {event.id} has unknown factuality {event.factuality!r}"
        for weapon in event.weapons:
            if weapon.category not in WEAPON_CATEGORIES:
                return f"event {event.id} has unknown weapon category {weapon.category!r}"
            if weapon.start is not None and weapon.end is not None:
                spans.append((f"event {event.id} weapon", doc.id, weapon.start, weapon.end))
        for x in event.attributions:
            if x.speaker_kind not in SPEAKER_KINDS:
                return f"event {event.id} has unknown speaker kind {x.speaker_kind!r}"
        spans.append((f"event {event.id} trigger", doc.id, event.trigger.start, event.trigger.end))
        spans += [(f"event {event.id} evidence", e.document, e.start, e.end) for e in event.evidence]
        ids.append(("event", event.id))
    for cue in analysis.cues:
        if cue.kind not in CUE_KINDS:
            return f"cue {cue.text!r} has unknown kind {cue.kind!r}"
        spans.append((f"cue {cue.text!r}", cue.document, cue.start, cue.end))
    for what, document, start, end in spans:
        if document != doc.id:
            return f"{what} points into document {document!r}"
        if not 0 <= start <= end <= size:
            return f"{what} offsets {start}:{end} outside the text (0:{size})"
    counts = Counter(ids)
    clashes = sorted({f"{kind} {i}" for kind, i in ids if i in taken[kind] or counts[(kind, i)] > 1})
    if clashes:
        return f"ids already in use {clashes}"
    return None


def _recorded_outcomes(
    analyses: Sequence[Analysis], outcomes: Sequence[Outcome], dropped: dict[int, tuple[str, str]]
) -> list[Outcome]:
    """The outcomes with each dropped analysis's `new` outcome corrected (or added if it had none)."""
    recorded = list(outcomes)
    unclaimed: dict[str | None, list[int]] = {}
    for i, outcome in enumerate(outcomes):
        if outcome.status == "new":
            unclaimed.setdefault(outcome.document, []).append(i)
    for i, analysis in enumerate(analyses):
        doc = analysis.document
        slots = unclaimed.get(doc.id) or []
        slot = slots.pop(0) if slots else None
        if i not in dropped:
            continue
        status, reason = dropped[i]
        if slot is None:
            recorded.append(Outcome(doc.origin or doc.id, status, reason, doc.id, 0))
        else:
            recorded[slot] = dataclasses.replace(recorded[slot], status=status, reason=reason, events=0)
    return recorded


def _merge_actors(
    conn: Connection, batch: Sequence[Analysis]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Rows that upsert the batch's actors: new actors, countries to fill, new aliases, new roles.

    The first name, kind and country stick, but a country fills a null one; other names become aliases.
    """
    first: dict[str, dict[str, Any]] = {}
    names: dict[str, list[str]] = {}
    roles: dict[tuple[str, str, str], None] = {}
    for analysis in batch:
        for actor in analysis.actors:
            row = first.setdefault(actor.id, {"id": actor.id, "name": actor.name, "kind": actor.kind,
                                              "country": actor.country, "wikidata": actor.wikidata})
            row["country"] = row["country"] or actor.country
            row["wikidata"] = row["wikidata"] or actor.wikidata
            names.setdefault(actor.id, []).extend([actor.name, *actor.aliases])
            for role in actor.roles:
                if role.strip():
                    roles[(actor.id, role.strip(), analysis.document.id)] = None
    ids = sorted(first)
    stored: dict[str, Any] = {}
    aliases_stored: dict[str, set[str]] = {}
    for chunk in _chunks(ids):
        for row in conn.execute(select(t.actors).where(t.actors.c.id.in_(chunk))):
            stored[row.id] = row
        alias_rows = conn.execute(select(t.actor_aliases).where(t.actor_aliases.c.actor.in_(chunk)))
        for row in alias_rows:
            aliases_stored.setdefault(row.actor, set()).add(row.alias.casefold())
    inserts, updates, aliases = [], [], []
    for actor_id in ids:
        row = first[actor_id]
        old = stored.get(actor_id)
        if old is None:
            inserts.append(row)
            name = row["name"]
        else:
            name = old.name
            if (old.country is None and row["country"]) or (old.wikidata is None and row["wikidata"]):
                updates.append({"b_id": actor_id, "b_country": old.country or row["country"],
                                "b_wikidata": old.wikidata or row["wikidata"],
                                "b_filled": old.country is None and bool(row["country"])})
        seen = aliases_stored.get(actor_id, set()) | {name.casefold()}
        for alias in (n.strip() for n in names[actor_id]):
            if alias and alias.casefold() not in seen:
                seen.add(alias.casefold())
                aliases.append({"actor": actor_id, "alias": alias})
    role_rows = [{"actor": a, "role": r, "document": d} for a, r, d in roles]
    return inserts, updates, aliases, role_rows


def _rows(batch: Sequence[Analysis]) -> dict[str, list[dict[str, Any]]]:
    """Insert rows for every table but the actors', keyed by table name."""
    rows: dict[str, list[dict[str, Any]]] = {
        name: [] for name in ("documents", "mentions", "attributions", "events", "event_others",
                              "event_weapons", "event_attributions", "evidence", "cues")
    }
    ingested_at = _now()
    for analysis in batch:
        doc = analysis.document
        rows["documents"].append({
            "id": doc.id, "sha256": doc.sha256, "title": doc.title, "outlet": doc.outlet, "url": doc.url,
            "published": doc.published, "language": doc.language, "chars": len(doc.text),
            "origin": doc.origin, "text": doc.text, "ingested_at": ingested_at,
        })
        mentions = {(m.document, m.start, m.end, m.actor): m.text for m in analysis.mentions}
        rows["mentions"] += [
            {"document": d, "start": s, "end": e, "actor": a, "text": text}
            for (d, s, e, a), text in mentions.items()
        ]
        for position, x in enumerate(analysis.attributions):
            source = x.source
            rows["attributions"].append({
                "id": x.id, "document": x.document, "position": position,
                "source_start": source.start if source else None,
                "source_end": source.end if source else None,
                "source_text": source.text if source else None,
                "cue_start": x.cue.start, "cue_end": x.cue.end, "cue_text": x.cue.text,
                "content_start": x.content.start, "content_end": x.content.end,
                "content_text": x.content.text, "speaker": x.speaker, "speaker_kind": x.speaker_kind,
            })
        cues = {(c.document, c.start, c.end, c.kind): c.text for c in analysis.cues}
        rows["cues"] += [
            {"document": d, "start": s, "end": e, "kind": k, "text": text}
            for (d, s, e, k), text in cues.items()
        ]
        for position, event in enumerate(analysis.events):
            rows["events"].append(_event_row(doc.id, position, event))
            rows["event_others"] += [
                {"event": event.id, "position": i, "actor": actor}
                for i, actor in enumerate(event.others)
            ]
            rows["event_weapons"] += [
                {"event": event.id, "position": i, "system": w.system, "category": w.category,
                 "text": w.text, "start": w.start, "end": w.end}
                for i, w in enumerate(event.weapons)
            ]
            rows["event_attributions"] += [
                {"event": event.id, "position": i, "speaker": x.speaker, "speaker_text": x.speaker_text,
                 "speaker_kind": x.speaker_kind, "cue": x.cue, "outlet": x.outlet}
                for i, x in enumerate(event.attributions)
            ]
            rows["evidence"] += [
                {"event": event.id, "position": i, "document": e.document, "start": e.start,
                 "end": e.end, "sentence": e.sentence}
                for i, e in enumerate(event.evidence)
            ]
    return rows


def _event_row(document: str, position: int, event: Event) -> dict[str, Any]:
    date, location, quantity, value = event.date, event.location, event.quantity, event.value
    return {
        "id": event.id, "document": document, "position": position, "type": event.type,
        "mode": event.mode, "source": event.source, "target": event.target,
        "factuality": event.factuality,
        "date_start": date.start if date else None,
        "date_end": date.end if date else None,
        "date_text": date.text if date else None,
        "location_name": location.name if location else None,
        "location_country": location.country if location else None,
        "quantity_min": quantity.min if quantity else None,
        "quantity_max": quantity.max if quantity else None,
        "quantity_text": quantity.text if quantity else None,
        "value_amount": value.amount if value else None,
        "value_currency": value.currency if value else None,
        "value_text": value.text if value else None,
        "trigger_start": event.trigger.start, "trigger_end": event.trigger.end,
        "trigger_text": event.trigger.text, "context": list(event.context),
    }
