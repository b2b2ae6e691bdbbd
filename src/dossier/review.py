"""An analyst's review: confirm, reject or correct an event or a register row's status, with a note.

Reviews are stored apart from what the machine extracted (`store.schema.reviews`, every one kept,
the latest for a subject winning), with who and when. The store applies them as events are read
(`store.reviews.apply`), so every view, export and fusion shows the analyst's version; they
re-attach after a re-analysis of their document. This module is the library the CLI
(`dossier review ...`) and the API (`/api/review...`) stand on: checking corrected values against
the vocabularies, recording reviews through the single writer, the queue of what most needs an eye,
and the reviewed events written as gold for the quality gates.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from dossier import lexicons
from dossier import records as rec
from dossier.errors import InvalidFilter, InvalidReview, UnknownRecord
from dossier.records import EVENT_TYPES, FACTUALITY, TRANSFER_STATUSES, WEAPON_CATEGORIES
from dossier.store import StoreWriter, filters, queries
from dossier.store import schema as t
from dossier.store.reviews import VERDICTS, anchor_of, review_record, transfer_key

LOGGER = logging.getLogger(__name__)

# What an analyst may correct, as `name=value` (the CLI's --set, the API's `fields`).
EVENT_FIELDS = ("type", "source", "target", "date", "weapon", "number", "value", "factuality")
TRANSFER_FIELDS = ("status",)
NONE = "none"  # clears a date, weapon, number or value
MAX_NOTE = 2000
_NUMBER = re.compile(r"(\d+(?:\.\d+)?)(?:\s*-\s*(\d+(?:\.\d+)?))?")
_MONEY = re.compile(r"(?:([A-Za-z]{3})\s*)?([\d][\d,]*(?:\.\d+)?)(?:\s*[: ]\s*([A-Za-z]{3}))?")
QUEUE_REASONS = {
    "claim": "disputed claim",
    "transfer": "register row resting on one source",
    "event": "incomplete event",
}


def parse_settings(pairs: Sequence[str]) -> dict[str, str]:
    """`['type=AID', 'target=IRN']` -> `{'type': 'AID', 'target': 'IRN'}`."""
    fields: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise InvalidReview(f"{pair!r} is not name=value, e.g. type=AID")
        fields[name.strip().lower()] = value.strip()
    return fields


def verdict_of(confirm: bool, reject: bool, fields: Mapping[str, Any]) -> str:
    """The verdict the CLI's flags say: --confirm, --reject, or --set (corrected)."""
    chosen = [v for v, on in (("confirmed", confirm), ("rejected", reject), ("corrected", bool(fields))) if on]
    if len(chosen) != 1:
        raise InvalidReview("give exactly one of --confirm, --reject or --set name=value")
    return chosen[0]


def event_corrections(engine: Engine, fields: Mapping[str, str | None]) -> dict[str, Any]:
    """Corrected event values in the export's shape, each checked against its vocabulary."""
    unknown = sorted(set(fields) - set(EVENT_FIELDS))
    if unknown:
        raise InvalidReview(f"cannot correct {', '.join(unknown)}; accepted: {', '.join(EVENT_FIELDS)}")
    corrected: dict[str, Any] = {}
    for name, raw in fields.items():
        value = (raw or "").strip()
        cleared = value.lower() in {"", NONE}
        if name == "type":
            corrected["type"] = filters.choice("event type", value, EVENT_TYPES)
        elif name == "factuality":
            corrected["factuality"] = filters.choice("factuality", value, FACTUALITY)
        elif name in {"source", "target"}:
            corrected[name] = None if cleared else _actor(engine, name, value)
        elif name == "date":
            day = None if cleared else filters.period("date", value)
            corrected["date"] = None if day is None else {"start": day, "end": day, "text": day}
        elif name == "weapon":
            corrected["weapons"] = [] if cleared else [_weapon(value)]
        elif name == "number":
            corrected["quantity"] = None if cleared else _quantity(value)
        elif name == "value":
            corrected["value"] = None if cleared else _money(value)
    return corrected


def transfer_corrections(fields: Mapping[str, str | None]) -> dict[str, Any]:
    unknown = sorted(set(fields) - set(TRANSFER_FIELDS))
    if unknown:
        raise InvalidReview(f"cannot correct {', '.join(unknown)} of a register row; accepted: status")
    return {"status": filters.choice("transfer status", fields.get("status") or "", TRANSFER_STATUSES)}


def _actor(engine: Engine, name: str, value: str) -> str:
    found = queries.resolve_actor(engine, value)
    if len(found) == 1:
        return found[0]
    if found:
        raise InvalidReview(f"{name} {value!r} names several actors: {', '.join(found)}; give one id")
    raise InvalidReview(f"unknown actor {value!r} for {name}; give an actor id the store holds (IRN, org:irgc, "
                        "person:...) or a name or alias of one")


def _weapon(value: str) -> dict[str, Any]:
    for category in WEAPON_CATEGORIES:
        if value.lower() == category:
            return {"system": None, "category": category, "text": category}
    systems = {form.lower(): entry for form, entry in lexicons.weapon_systems().items()}
    entry = systems.get(value.lower())
    if entry is None:
        raise InvalidReview(f"unknown weapon {value!r}; give a system from the weapon catalogue "
                            f"(resources/weapons.tsv) or a category: {', '.join(WEAPON_CATEGORIES)}")
    return {"system": entry.id, "category": entry.kind, "text": value}


def _quantity(value: str) -> dict[str, Any]:
    found = _NUMBER.fullmatch(value)
    if found is None:
        raise InvalidReview(f"number {value!r} is not a number or a range such as 12 or 10-20")
    low = float(found.group(1))
    high = float(found.group(2)) if found.group(2) else low
    if high < low:
        raise InvalidReview(f"number {value!r} runs backwards")
    return {"min": low, "max": high, "text": value}


def _money(value: str) -> dict[str, Any]:
    found = _MONEY.fullmatch(value.strip())
    currency = found and (found.group(1) or found.group(3))
    if found is None or not currency or (found.group(1) and found.group(3)):
        raise InvalidReview(f"value {value!r} is not an amount with a currency code, such as '50000000 USD'")
    return {"amount": float(found.group(2).replace(",", "")), "currency": currency.upper(), "text": value}


def _check(verdict: str, note: str | None, by: str) -> None:
    if verdict not in VERDICTS:
        raise InvalidReview(f"unknown verdict {verdict!r}; accepted: {', '.join(VERDICTS)}")
    if not by or not by.strip():
        raise InvalidReview("say who reviews (--by NAME, or 'by' in the request)")
    if note is not None and len(note) > MAX_NOTE:
        raise InvalidReview(f"the note is longer than {MAX_NOTE} characters")


def review_event(
    engine: Engine, event_id: str, verdict: str, fields: Mapping[str, str | None] | None = None, *,
    note: str | None = None, by: str,
) -> dict[str, Any]:
    """Record a verdict on an event (an analyst may review a rejected one again); return the event
    as it now reads, with its `review`. `fields` are the corrections, for `corrected` only."""
    _check(verdict, note, by)
    fields = dict(fields or {})
    if (verdict == "corrected") != bool(fields):
        raise InvalidReview("a correction needs the values it corrects, and only a correction has them")
    found = queries.get_events(engine, [event_id], rejected=True)
    if not found:
        raise UnknownRecord(f"no event {event_id!r}")
    corrected = event_corrections(engine, fields) if verdict == "corrected" else {}
    anchor = anchor_of(_machine(engine, found[0]))
    StoreWriter(engine).record_review({
        "kind": "event", "target": event_id, "document": anchor.document,
        "evidence_start": anchor.evidence_start, "evidence_end": anchor.evidence_end,
        "machine_type": anchor.type, "trigger_start": anchor.trigger_start, "trigger_end": anchor.trigger_end,
        "verdict": verdict, "fields": corrected, "note": note, "reviewer": by.strip(),
    })
    LOGGER.info("%s %s event %s", by, verdict, event_id)
    return queries.get_events(engine, [event_id], rejected=True)[0]


def _machine(engine: Engine, event: dict[str, Any]) -> dict[str, Any]:
    """The event as the machine has it: a corrected type is not the anchor."""
    machine = (event.get("review") or {}).get("machine") or {}
    return {**event, **machine}


def review_transfer(
    engine: Engine, row_id: str, verdict: str, fields: Mapping[str, str | None] | None = None, *,
    note: str | None = None, by: str,
) -> dict[str, Any]:
    """Record a verdict on a register row (by its id, `transfer:SUPPLIER-RECIPIENT-SYSTEM`); return
    the row as it now reads. A correction sets its status."""
    _check(verdict, note, by)
    fields = dict(fields or {})
    if (verdict == "corrected") != bool(fields):
        raise InvalidReview("a correction needs the status it sets, and only a correction has one")
    corrected = transfer_corrections(fields) if verdict == "corrected" else {}
    row = queries.get_transfer(engine, row_id, rejected=True)
    if row is None:
        raise UnknownRecord(f"no register row {row_id!r}")
    key = transfer_key(row["supplier"], row["recipient"], row["system"] or row["category"])
    StoreWriter(engine).record_review({"kind": "transfer", "target": key, "verdict": verdict, "fields": corrected,
                                       "note": note, "reviewer": by.strip()})
    LOGGER.info("%s %s register row %s", by, verdict, row_id)
    return queries.get_transfer(engine, row_id, rejected=True)


def queue(engine: Engine, *, limit: int | None = None, offset: int = 0, cap: int | None = None,
          part_limit: int | None = None) -> tuple[list[dict[str, Any]], int]:
    """What most needs an eye, in that order: disputed claims with an event not yet reviewed,
    register rows resting on one document and not yet reviewed, incomplete events not yet reviewed.
    Returns one page of items (`kind`, `id`, `reason` and the record) and how many there are,
    counted no further than `cap`. Each part is counted and read a page at a time in SQL, in its
    list's order, so a page costs its own items, not the whole queue. With `part_limit`, each item's
    lists are cut as the listings cut them, so an item costs the same whatever its claim or row holds:
    the claim's or row's own lists, and a claim item's `events`, each with `<list>_total`."""
    limit, offset = filters.limit(limit), filters.offset(offset)
    items: list[dict[str, Any]] = []
    total = 0
    for kind, count, read in _QUEUE_PARTS:
        size = count(engine, cap=None if cap is None else max(0, cap - total))
        start, wanted = max(0, offset - total), None if limit is None else limit - len(items)
        if start < size and wanted != 0:
            items += [{"kind": kind, "id": record["id"], "reason": QUEUE_REASONS[kind], **part}
                      for record, part in read(engine, limit=wanted, offset=start, part_limit=part_limit)]
        total += size
    return items, total


def _queued_claims(engine: Engine, part_limit: int | None = None, **page: int | None
                   ) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Disputed claims with an event not yet reviewed, each with the events it lists (its first
    `part_limit` when cut, with `events_total` counting them all)."""
    claims = queries.list_claims(engine, status="disputed", reviewed=False, part_limit=part_limit, **page)
    events = {e["id"]: e for e in queries.get_events(engine, sorted({i for c in claims for i in c["events"]}))}
    return [(claim, {"claim": claim, "events": [events[i] for i in claim["events"] if i in events],
                     **({} if part_limit is None else {"events_total": claim["events_total"]})})
            for claim in claims]


def _queued_rows(engine: Engine, **page: int | None) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return [(row, {"transfer": row}) for row in queries.list_transfers(engine, documents=1, reviewed=False, **page)]


def _queued_events(engine: Engine, part_limit: int | None = None, **page: int | None
                   ) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Incomplete events not yet reviewed (an event holds no list that grows with the store)."""
    return [(event, {"event": event}) for event in queries.list_events(engine, incomplete=True, reviewed=False, **page)]


# The queue's parts, most urgent first: each item's kind, how many there are, and one page of them.
_QUEUE_PARTS = (
    ("claim", partial(queries.count_claims, status="disputed", reviewed=False), _queued_claims),
    ("transfer", partial(queries.count_transfers, documents=1, reviewed=False), _queued_rows),
    ("event", partial(queries.count_events, incomplete=True, reviewed=False), _queued_events),
)


def history(engine: Engine, *, limit: int | None = None, offset: int = 0, after: Sequence[Any] | None = None,
            cap: int | None = None) -> tuple[list[dict[str, Any]], int]:
    """Every review, newest first, and how many there are (counted no further than `cap`); `after`
    (`[id]`, a review's place) starts past that review, an index seek at any depth. An event review
    that holds now carries its `event` (a rejected one too, so the page can show it struck through
    and an analyst can undo it)."""
    limit, offset = filters.limit(limit), filters.offset(offset)
    r, er = t.reviews.c, t.event_reviews.c
    listed = select(t.reviews)
    if after is not None:
        if len(after) != 1 or not isinstance(after[0], int):
            raise InvalidFilter("after must hold one review id")
        listed = listed.where(r.id < after[0])
    with engine.connect() as conn:
        total = queries.count_rows(conn, select(r.id), cap)
        rows = list(conn.execute(listed.order_by(r.id.desc()).limit(limit).offset(offset)))
        holding = dict(conn.execute(select(er.review, er.event).where(er.review.in_([row.id for row in rows]))).all())
    events = {e["id"]: e for e in queries.get_events(engine, sorted(holding.values()), rejected=True)}
    items = []
    for row in rows:
        item = {"id": row.id, "kind": row.kind, "target": row.target, "fields": row.fields, **review_record(row)}
        if row.id in holding and holding[row.id] in events:
            item["event"] = events[holding[row.id]]
        items.append(item)
    return items, int(total)


def gold_event(event: dict[str, Any]) -> dict[str, Any]:
    """A reviewed event as a gold event in the format of `tests/gold/` (with its review kept)."""
    weapons = event["weapons"]
    system = next((w["system"] for w in weapons if w["system"]), None)
    quantity, value = event["quantity"], event["value"]
    evidence = next((x for x in event["evidence"] if x["document"] == event["document"]), None)
    return {
        "document": event["document"],
        "sentence_contains": (evidence["sentence"] if evidence else event["trigger"]["text"]).strip(),
        "type": event["type"], "mode": event["mode"], "source": event["source"], "target": event["target"],
        "others": event["others"], "date": (event["date"] or {}).get("start"),
        "weapon_category": weapons[0]["category"] if weapons else None, "system": system,
        "quantity": None if quantity is None else {"min": quantity["min"], "max": quantity["max"]},
        "value": None if value is None else {"amount": value["amount"], "currency": value["currency"]},
        "factuality": event["factuality"],
        "speaker_kind": event["attributions"][0]["speaker_kind"] if event["attributions"] else None,
        "review": event["review"],
    }


def export_gold(engine: Engine, folder: Path) -> dict[str, int]:
    """Write the reviewed events (confirmed and corrected; rejected ones left out) and reviewed
    register rows as a gold set in `folder`: `reports.jsonl` with their documents' stored text and
    `gold.json` in the format of `tests/gold/`. Returns how many documents, events and rows."""
    events = queries.list_events(engine, reviewed=True)
    rows = [row for row in queries.list_transfers(engine) if "review" in row]
    documents = sorted({e["document"] for e in events} | {d for row in rows for d in row["documents"][:1]})
    stored = [queries.get_document(engine, d) for d in documents]
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "reports.jsonl").open("w", encoding="utf-8") as out:
        for doc in stored:
            record = {k: doc[k] for k in ("id", "title", "outlet", "url", "published", "language", "text")}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    gold = {
        "conventions": [
            "Written by `dossier review export` from an analyst's reviews: each event is one the analyst "
            "confirmed or corrected (rejected events are left out), with its evidence sentence as "
            "`sentence_contains`; each register row one whose status the analyst confirmed or corrected.",
            "Events in these documents that no one reviewed are not listed, so precision against this "
            "set is a lower bound.",
        ],
        "documents": [{"document": doc["id"], "published": doc["published"]} for doc in stored],
        "events": [gold_event(e) for e in events],
        "register": [
            {"document": row["documents"][0], "supplier": row["supplier"], "recipient": row["recipient"],
             "system": row["system"], "category": row["category"], "status": row["status"],
             "review": row["review"]}
            for row in rows
        ],
    }
    (folder / "gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return {"documents": len(stored), "events": len(gold["events"]), "register": len(gold["register"])}


def reviewed_analyses(engine: Engine) -> dict[str, rec.Analysis]:
    """The store's reviewed events (not rejected) as records, by document: what the quality scorers
    (`quality.gold.score`) read, so a gold set exported from reviews can be scored against them."""
    actors = [rec.Actor(a["id"], a["name"], a["kind"], a["country"]) for a in queries.list_actors(engine)]
    by_document: dict[str, list[rec.Event]] = {}
    for event in queries.list_events(engine, reviewed=True):
        by_document.setdefault(event["document"], []).append(event_record(event))
    analyses = {}
    for document_id, events in by_document.items():
        doc = queries.get_document(engine, document_id)
        document = rec.Document(doc["id"], doc["text"], doc["sha256"], doc["title"], doc["outlet"], doc["url"],
                            doc["published"], doc["language"], doc["origin"])
        analyses[document_id] = rec.Analysis(document, actors, [], [], events)
    return analyses


def event_record(event: dict[str, Any]) -> rec.Event:
    """An event in the export's shape as the pipeline's record."""
    date, location, quantity, value = event["date"], event["location"], event["quantity"], event["value"]
    return rec.Event(
        id=event["id"], type=event["type"], mode=event["mode"], source=event["source"], target=event["target"],
        trigger=rec.Span(**event["trigger"]), others=list(event["others"]), context=list(event["context"]),
        date=None if date is None else rec.DateValue(date["start"], date["end"], date["text"]),
        location=None if location is None else rec.Location(location["name"], location["country"]),
        weapons=[rec.Weapon(w["system"], w["category"], w["text"]) for w in event["weapons"]],
        quantity=None if quantity is None else rec.Quantity(quantity["min"], quantity["max"], quantity["text"]),
        value=None if value is None else rec.Money(value["amount"], value["currency"], value["text"]),
        factuality=event["factuality"],
        attributions=[rec.EventAttribution(x["speaker"], x["speaker_text"], x["speaker_kind"], x["cue"], x["outlet"])
                      for x in event["attributions"]],
        evidence=[rec.Evidence(x["document"], x["start"], x["end"], x["sentence"]) for x in event["evidence"]],
    )
