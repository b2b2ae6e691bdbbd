"""Reviews in the store: which stored event a review holds for, and how it changes what is read.

Event ids are positional (`document:eN`), so a re-analysis of the same document that finds one
more event renumbers the rest. A review is therefore anchored to what the machine said where:
document, evidence offsets, machine type and trigger offsets. `attach` re-links the latest review
of each anchor to the stored event with that anchor (or, when the trigger moved, to the only event
of that type in that sentence); the single writer calls it whenever a document's events are
written and whenever a review is recorded. `apply` is the one place where a review changes an
event as it is read (`queries._events`), so every view, export and fusion sees the same thing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, NamedTuple

from sqlalchemy import Connection, Row, select

from dossier.store import schema as t

LOGGER = logging.getLogger(__name__)

VERDICTS = ("confirmed", "rejected", "corrected")
CHUNK = 500


class Anchor(NamedTuple):
    """What the machine said where: the key a review re-attaches by."""

    document: str
    evidence_start: int
    evidence_end: int
    type: str
    trigger_start: int
    trigger_end: int

    @property
    def sentence(self) -> tuple[str, int, int, str]:
        """The looser key: the same type in the same sentence, wherever its trigger now is."""
        return self.document, self.evidence_start, self.evidence_end, self.type


def anchor_of(event: Mapping[str, Any]) -> Anchor:
    """The anchor of an event in the export's shape, as the machine extracted it."""
    trigger, evidence = event["trigger"], (event["evidence"] or [{}])[0]
    if evidence.get("document") != event["document"]:
        evidence = trigger  # as `attach` reads it: the first evidence, in the event's own document
    return Anchor(event["document"], evidence["start"], evidence["end"], event["type"],
                  trigger["start"], trigger["end"])


def transfer_key(supplier: str, recipient: str, item: str) -> str:
    """The key of a register row: supplier, recipient and system (or category)."""
    return f"{supplier}|{recipient}|{item}"


def match(events: Sequence[tuple[str, Anchor]], reviews: Sequence[tuple[Anchor, Any]]) -> dict[str, Any]:
    """Event id -> the review that holds for it. `reviews` are the latest per anchor.

    An exact anchor wins; a review left over takes the one event still unreviewed of its type in its
    sentence, when there is exactly one and no other review left over wants it.
    """
    linked: dict[str, Any] = {}
    by_anchor = {anchor: event_id for event_id, anchor in events}
    left: list[tuple[Anchor, Any]] = []
    for anchor, review in reviews:
        if anchor in by_anchor:
            linked[by_anchor[anchor]] = review
        else:
            left.append((anchor, review))
    free: dict[tuple[str, int, int, str], list[str]] = {}
    for event_id, anchor in events:
        if event_id not in linked:
            free.setdefault(anchor.sentence, []).append(event_id)
    wanted: dict[tuple[str, int, int, str], list[Any]] = {}
    for anchor, review in left:
        wanted.setdefault(anchor.sentence, []).append(review)
    for sentence, waiting in wanted.items():
        candidates = free.get(sentence, [])
        if len(waiting) == 1 and len(candidates) == 1:
            linked[candidates[0]] = waiting[0]
        else:
            LOGGER.info("%d review(s) of %s in %s:%d-%d find no single event", len(waiting), sentence[3],
                        *sentence[:3])
    return linked


def _latest(rows: Iterable[Row[Any]]) -> list[tuple[Anchor, Row[Any]]]:
    """The latest review of each anchor (rows come oldest first)."""
    latest: dict[Anchor, Row[Any]] = {}
    for row in rows:
        anchor = Anchor(row.document, row.evidence_start, row.evidence_end, row.machine_type,
                        row.trigger_start, row.trigger_end)
        latest.pop(anchor, None)
        latest[anchor] = row
    return list(latest.items())


def attach(conn: Connection, documents: Iterable[str]) -> int:
    """Re-link the reviews of `documents` to their stored events, inside the writer's transaction;
    return how many events carry a review."""
    ids = sorted(set(documents))
    r, e, x, er = t.reviews.c, t.events.c, t.evidence.c, t.event_reviews
    total = 0
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i : i + CHUNK]
        conn.execute(er.delete().where(er.c.event.in_(select(e.id).where(e.document.in_(chunk)))))
        reviews = list(conn.execute(
            select(t.reviews).where(r.kind == "event", r.document.in_(chunk)).order_by(r.id)))
        if not reviews:
            continue
        machine = {row.id: row for row in conn.execute(select(t.events).where(e.document.in_(chunk)))}
        first = {row.event: row for row in conn.execute(
            select(x.event, x.document, x.start, x.end).where(x.position == 0, x.event.in_(select(e.id).where(
                e.document.in_(chunk)))))}
        anchors = []
        for event_id, row in machine.items():
            evidence = first.get(event_id)
            start, end = (evidence.start, evidence.end) if evidence is not None and evidence.document == row.document \
                else (row.trigger_start, row.trigger_end)
            anchors.append((event_id, Anchor(row.document, start, end, row.type, row.trigger_start, row.trigger_end)))
        links = match(sorted(anchors), _latest(reviews))
        rows = [_link_row(machine[event_id], review) for event_id, review in sorted(links.items())]
        if rows:
            conn.execute(er.insert(), rows)
        total += len(rows)
    return total


def _link_row(event: Row[Any], review: Row[Any]) -> dict[str, Any]:
    """The values that hold for a reviewed event, where filters read them."""
    fields = review.fields if review.verdict == "corrected" else {}
    date = fields["date"] if "date" in fields else {"start": event.date_start, "end": event.date_end}
    weapons = fields.get("weapons") or [{}]
    return {
        "event": event.id, "review": review.id, "verdict": review.verdict,
        "type": fields.get("type", event.type), "source": fields.get("source", event.source),
        "target": fields.get("target", event.target), "factuality": fields.get("factuality", event.factuality),
        "date_start": (date or {}).get("start"), "date_end": (date or {}).get("end"),
        "weapons_set": "weapons" in fields, "weapon_system": weapons[0].get("system"),
        "weapon_category": weapons[0].get("category"),
    }


def review_record(review: Row[Any] | Mapping[str, Any]) -> dict[str, Any]:
    """What a reviewed record carries under `review`."""
    row = review._mapping if isinstance(review, Row) else review
    return {"verdict": row["verdict"], "by": row["reviewer"], "at": _iso(row["created_at"]), "note": row["note"]}


def apply(event: dict[str, Any], review: Row[Any]) -> dict[str, Any]:
    """The event as the analyst's review has it: corrected values over the machine's, and a `review`
    saying who decided what and when (with the machine's values where they were corrected)."""
    record = review_record(review)
    if review.verdict == "corrected":
        record["machine"] = {name: event.get(name) for name in review.fields}
        event.update(review.fields)
        event["incomplete"] = event["source"] is None or event["target"] is None
    event["review"] = record
    return event


def transfer_key_of(row: Mapping[str, Any]) -> str:
    """The key of a register row (as the machine made it), which its reviews name."""
    return transfer_key(row["supplier"], row["recipient"], row["system"] or row["category"])


def latest_transfer_reviews(conn: Connection, keys: Sequence[str] | None = None) -> dict[str, Row[Any]]:
    """Register row key -> its latest review, for every row or for those with `keys`."""
    r = t.reviews.c
    latest: dict[str, Row[Any]] = {}
    wanted = [None] if keys is None else [keys[i : i + CHUNK] for i in range(0, len(keys), CHUNK)]
    for chunk in wanted:
        stmt = select(t.reviews).where(r.kind == "transfer")
        if chunk is not None:
            stmt = stmt.where(r.target.in_(chunk))
        latest.update((row.target, row) for row in conn.execute(stmt.order_by(r.id)))
    return latest


def review_transfer(row: dict[str, Any], review: Row[Any] | None) -> tuple[dict[str, Any], bool]:
    """A register row as its latest review (if any) has it, and whether the review rejected it."""
    if review is None:
        return row, False
    record = review_record(review)
    if review.verdict == "corrected":
        record["machine"] = {name: row.get(name) for name in review.fields}
        row = {**row, **review.fields}
    return {**row, "review": record}, review.verdict == "rejected"


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()
