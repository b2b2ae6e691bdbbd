"""The arms-transfer register: one row per supplier, recipient and system (or category where the
reports name no system), with a status history whose every step cites its evidence.

Steps come from events that carry weapons: REQUEST (requested), AGREE (ordered, agreed, or
offered when only an approval or offer: an approved possible sale is not an order), AID
(delivered, delivering when begun or partial, or agreed when pledged), the alleged and denied
versions of these, and SANCTION events that discontinue a transfer (cancelled: 'suspended
deliveries of the S-300 to Iran', 'cancelled the contract'). A halted supply names its supplier
as the subject and may open a row; a cancelled contract may be either party's act, so it joins a
row the other reports open, in either direction, and opens one only when the system's maker is one
of the two sides (the maker sells). A row whose latest step is a
cancellation is `cancelled`. Talks over a weapon are `negotiating`: a purchase planned in talks
('is in talks with China to buy J-10C fighters'), or a CONSULT that names a system whose maker is
one of its two parties ('negotiating with South Korea over KM-SAM': Korea supplies). A deal signed
by both sides runs from the system's maker. Only complete events reach the register: one that
names the system but leaves a party out ('the contract covers five S-300 units') took the parties
its document gives that system at extraction (`extract.restated.complete_by_weapon`), or stays
incomplete and out. Conflicting figures stay side by side in `figures`, each with its source; the row's
`number` and `value` are the most recent ones asserted. Undated steps sort at the latest date
their document mentions: a report is written after what it tells.

Each event's steps are computed from that event alone (`event_steps`), and a row's record is folded
from its steps in any order (`RowState`), so the store brings a row up to date from its new steps
without reading its history. Only where a cancellation belongs depends on other steps (the rows
transfers open, and cancellations before it), so `place` puts a pair's cancellations in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from dossier import lexicons
from dossier.fuse.dates import date_range
from dossier.records import TRANSFER_LIFECYCLE as LIFECYCLE
from dossier.records import UNDOING_STEMS
_ORDER_WORDS = ("order", "buy", "bought", "purchase", "contract", "acquire", "procure", "deal")
_START_WORDS = ("begin", "began", "begun", "start", "commence", "launch")
_TRANSFER_TYPES = {"AID", "AGREE", "REQUEST"}
_NEGOTIATION_WORDS = ("talks", "negotiat")
_RETOLD_NOUNS = {"transfer", "aid", "assistance", "supplies", "transfers"}
_DEFINITE = {"the", "this", "that", "these", "those"}
_SALE_WORDS = ("sale",)  # a sale named as a thing is agreed; its delivery is told apart ('sold' is a verb)
_STOPPING_MODE = "discontinue"  # PLOVER's SANCTION mode for halting aid, supplies and contracts
_SUPPLY_WORDS = ("aid", "assistance", "suppl", "deliver", "export", "sale", "shipment", "transfer")
_NEAR_WORDS = 4  # words near a trigger that may name what it stops or what undoes it: 'suspended all further deliveries'
_OFFER_PHRASES = ("possible sale", "proposed sale", "possible foreign military sale", "offered", "an offer")
# an agreement in principle, not a firm order: 'memorandums signed ... provide for the kingdom to buy'
_IN_PRINCIPLE = re.compile(r"\bmemorand|\bletters? of intent\b|\bframework\b|\bpreliminary\b|\bin principle\b")
_SIGNED_CONTRACT = re.compile(r"\bsign\w* (?:\S+ ){0,4}(?:contract|deal)s?\b")  # 'signed a $1.1 billion deal'
# what a signature makes an agreement, not an order: 'signed a defence pact', 'signed an accord'
_AGREEMENT_WORDS = re.compile(r"\b(?:agreement|pact|accord|treaty|cooperation|partnership)s?\b")
# a delivery that is one of several: begun, the first or second of them, some of a number
_PARTIAL = re.compile(r"\b(?:began|begun|started|begin|start) deliver|\bhalf of\b|"
                      r"\b(?:first|second|third|fourth|fifth|initial)\b(?! time)|\b\d+ of (?:the |its )?\d+\b")


def _trigger_has(event: dict, stems: tuple[str, ...]) -> bool:
    """Whether a trigger word starts with one of `stems`: the trigger is surface text ('ordered')."""
    words = (event.get("trigger") or {}).get("text", "").lower().split()
    return any(word.startswith(stems) for word in words)


def _sentence(event: dict) -> str:
    return " ".join(e.get("sentence", "") for e in event["evidence"]).lower()


def is_offer(event: dict) -> bool:
    """An approval or offer that is not yet a contract ('approved a possible sale')."""
    if event["type"] == "AID" and _trigger_has(event, ("approv",)):
        return True  # 'approved the sale of 40 F-16s to Turkey'
    return event["type"] in {"AGREE", "AID"} and any(p in _sentence(event) for p in _OFFER_PHRASES)


def is_cancellation(event: dict) -> bool:
    """A SANCTION that halts a supply or cancels a contract ('suspended deliveries', 'scrapped the deal')."""
    return event["type"] == "SANCTION" and event.get("mode") == _STOPPING_MODE


def _around_trigger(event: dict) -> tuple[list[str], list[str]]:
    """The lower-cased words of the evidence sentence before the trigger, and from the trigger on."""
    trigger, evidence = event.get("trigger") or {}, event["evidence"][0] if event["evidence"] else {}
    sentence, offset = evidence.get("sentence") or "", (trigger.get("start") or 0) - (evidence.get("start") or 0)
    return sentence[:max(offset, 0)].lower().split(), sentence[max(offset, 0):].lower().split()


def _undone(event: dict) -> bool:
    """The transfer is what a verb just before it stops or undoes ('urged Washington to cancel the sale
    of F-16 jets'): the sentence tells of undoing it, which is no step towards it (the halt itself, when
    it happened, is a SANCTION event of its own)."""
    before, _ = _around_trigger(event)
    return any(word.startswith(UNDOING_STEMS) for word in before[-_NEAR_WORDS:])


def _retold(event: dict) -> bool:
    """'called the transfer illegal', 'regarded the aid as a pillar': a transfer named again by a definite
    noun says nothing new of its progress (the step was told where it was first named)."""
    before, _ = _around_trigger(event)
    trigger = (event.get("trigger") or {}).get("text", "").lower()
    return event["type"] == "AID" and trigger in _RETOLD_NOUNS and bool(before) and before[-1] in _DEFINITE


def step_status(event: dict) -> str | None:
    """What an event says about a transfer's progress, or None when it says nothing."""
    factuality, kind = event["factuality"], event["type"]
    if kind == "SANCTION":
        return "cancelled" if is_cancellation(event) and factuality not in {"denied", "speculated"} else None
    if _undone(event) or _retold(event):
        return None
    if factuality in {"denied", "alleged"}:
        return factuality
    if factuality == "speculated":  # 'Moscow is likely to seek further deliveries': no step yet
        return None
    if kind == "REQUEST" or factuality == "requested":  # asked for, not given: 'asked Moscow to deliver'
        return "requested"
    if is_offer(event):
        return "offered"
    if factuality == "expected" and any(word in _sentence(event) for word in _NEGOTIATION_WORDS):
        return "negotiating"
    if kind == "AGREE":
        if factuality == "expected":
            return "offered"
        if _IN_PRINCIPLE.search(_sentence(event)):  # 'memorandums signed ... provide for the kingdom to buy'
            return "agreed"
        signed = _trigger_has(event, ("sign",)) and not _AGREEMENT_WORDS.search(_sentence(event))
        ordering = _trigger_has(event, _ORDER_WORDS) or _SIGNED_CONTRACT.search(_sentence(event))
        return "ordered" if ordering or signed else "agreed"  # 'the package signed that month', 'signed for 14 F-16s'
    if factuality == "expected" or _trigger_has(event, _SALE_WORDS):  # 'the sale had not been cancelled'
        return "agreed"
    if _trigger_has(event, _START_WORDS) or _PARTIAL.search(_sentence(event)):
        return "delivering"
    return "delivered"


def _parties(event: dict, countries: dict[str, str | None]) -> tuple[str | None, str | None]:
    """(supplier, recipient) as countries: the requester of a REQUEST is the recipient."""
    source = countries.get(event["source"]) or event["source"] if event["source"] else None
    target = countries.get(event["target"]) or event["target"] if event["target"] else None
    return (target, source) if event["type"] == "REQUEST" else (source, target)


def _step(event: dict, status: str) -> dict:
    evidence = event["evidence"][0] if event["evidence"] else {}
    speaker = event["attributions"][0] if event["attributions"] else {}
    date = event.get("date") or {}
    return {"status": status, "date": date.get("start"), "event": event["id"],
            "document": evidence.get("document", event.get("document")), "start": evidence.get("start"),
            "end": evidence.get("end"), "sentence": evidence.get("sentence"),
            "speaker": speaker.get("speaker_text"), "speaker_kind": speaker.get("speaker_kind"),
            "number": event.get("quantity"), "value": event.get("value")}


RowKey = tuple[str, str, str]  # (supplier, recipient, weapon name: system, else category)


@dataclass(frozen=True)
class Step:
    """One step an event makes of a register row, computed from that event alone. A cancellation's
    `row` is its own direction until `place` puts it in a row (maybe the reverse one) or drops it."""

    row: RowKey
    rank: tuple[int, str, int]  # (phase, event, which weapon): the order one pass over every event takes steps in
    when: tuple[str, bool]  # where it sorts in a history (`_when`)
    category: str
    entry: dict  # its history entry
    halts: bool = False  # a cancellation that halts a supply may open a row of its own
    maker: str | None = None  # the system's maker: a cancelled contract opens a row only for it

    @property
    def order(self) -> list:
        """Its place in its row's history: by date, then in the order steps are taken."""
        return [*self.when, *self.rank]


def event_steps(event: dict, countries: dict[str, str | None], latest: dict[str, str]) -> list[Step]:
    """The steps one complete event may make (a transfer, a cancellation, or talks over a system its
    maker is party to); `latest` maps its document to where its undated steps sort."""
    if event["type"] == "CONSULT":
        return _negotiation_steps(event, countries, latest)
    if not event["weapons"] or not (event["type"] in _TRANSFER_TYPES or is_cancellation(event)):
        return []
    status = step_status(event)
    if status is None:
        return []
    phase, (supplier, recipient) = int(status == "cancelled"), _parties(event, countries)
    found = []
    for item, weapon in enumerate(_distinct_weapons(event["weapons"])):
        seller, buyer = supplier, recipient  # both named: fusion reads complete events only
        if event["type"] == "AGREE" and buyer is not None and buyer == _maker(weapon):
            seller, buyer = buyer, seller  # 'Germany and Israel signed a deal for the Arrow 3': Israel sells
        if not seller or not buyer or seller == buyer:
            continue
        found.append(_made(event, status, (seller, buyer, weapon["system"] or weapon["category"]), (phase, item),
                           weapon, latest, halts=bool(phase) and _halts_supply(event), maker=_maker(weapon)))
    return found


def _negotiation_steps(event: dict, countries: dict[str, str | None], latest: dict[str, str]) -> list[Step]:
    """Talks between two parties over a system one of them makes, with the maker as supplier."""
    if event["factuality"] in {"denied", "speculated"}:
        return []
    parties = {countries.get(actor) or actor for actor in (event["source"], event["target"]) if actor}
    found = []
    for item, weapon in enumerate(event["weapons"]):
        maker = _maker(weapon)
        if len(parties) == 2 and maker in parties:
            (buyer,) = parties - {maker}
            found.append(_made(event, "negotiating", (maker, buyer, weapon["system"]), (2, item), weapon, latest))
    return found


def _made(event: dict, status: str, row: RowKey, at: tuple[int, int], weapon: dict, latest: dict[str, str],
          halts: bool = False, maker: str | None = None) -> Step:
    entry = _step(event, status)
    return Step(row, (at[0], event["id"], at[1]), _when(entry, _date(event) or latest.get(event["document"])),
                weapon["category"], entry, halts, maker)


def place(opened: set[RowKey], cancellations: list[Step]) -> list[RowKey | None]:
    """The rows cancellations belong to, taken in order (`rank`), given the rows transfers open
    (`opened`): a cancellation that opens a row makes it there for the next ones."""
    rows, placed = set(opened), []
    for step in sorted(cancellations, key=lambda s: s.rank):
        row = _cancelled_row(step, rows)
        if row is not None:
            rows.add(row)
        placed.append(row)
    return placed


def placed_steps(steps: list[Step]) -> dict[RowKey, list[Step]]:
    """Whole pairs' steps by the row they belong to, cancellations placed (`place`)."""
    rows: dict[RowKey, list[Step]] = {}
    cancellations = sorted((s for s in steps if s.rank[0] == 1), key=lambda s: s.rank)
    for step in steps:
        if step.rank[0] != 1:
            rows.setdefault(step.row, []).append(step)
    for step, row in zip(cancellations, place({s.row for s in steps if s.rank[0] == 0}, cancellations)):
        if row is not None:
            rows.setdefault(row, []).append(step)
    return rows


def ranked_register(events: list[dict], countries: dict[str, str | None],
                    latest: dict[str, str] | None = None) -> list[tuple[tuple[int, str, int], dict]]:
    """Register rows, each with its rank: (phase, the event that opened it, which of that event's
    weapons), so rows computed apart (one pair of countries, or one weapon of a pair, at a time)
    sort as one pass over every event would list them. `latest` maps documents to the latest date
    any of their complete events carries (taken from `events` when not given): undated steps sort
    there."""
    latest = document_latest(events) if latest is None else latest
    rows = placed_steps([step for event in events for step in event_steps(event, countries, latest)])
    ranked = []
    for row, steps in rows.items():
        state, documents = RowState.of(steps[0]), set()
        for step in steps:
            state.add(step, step.entry["document"] not in documents, limit=0)
            documents.add(step.entry["document"])
        history = [step.entry for step in sorted(steps, key=lambda s: s.order)]
        ranked.append((tuple(state.rank), state.record(row, history)))
    return sorted(ranked, key=lambda ranked_row: ranked_row[0])


def _maker(weapon: dict) -> str | None:
    """The country that makes a named system, from the weapon catalogue."""
    entry = lexicons.weapon_systems().get(weapon.get("system") or "")
    return entry.country if entry else None


def _cancelled_row(step: Step, rows: set[RowKey]) -> RowKey | None:
    """The row a cancellation belongs to: its own, or the reverse one (the buyer cancelled); a halted
    supply may open a row of its own; a cancelled contract only when the system's maker is one of
    the two sides, which says who sells ('the Philippines cancelled a deal to buy Mi-17s')."""
    seller, buyer, name = step.row
    for candidate in (step.row, (buyer, seller, name)):
        if candidate in rows:
            return candidate
    if step.halts:
        return step.row
    if step.maker in (seller, buyer):
        return (step.maker, buyer if step.maker == seller else seller, name)
    return None


def _halts_supply(event: dict) -> bool:
    """Whether the trigger or the few words after it name a supply: 'halted arms exports',
    'suspended deliveries of the S-300'."""
    _, after = _around_trigger(event)
    words = after[:len((event.get("trigger") or {}).get("text", "").split()) + _NEAR_WORDS]
    return any(word.startswith(_SUPPLY_WORDS) for word in words)


def _date(event: dict) -> str | None:
    return (event.get("date") or {}).get("start")


def document_latest(events: list[dict]) -> dict[str, str]:
    """Document -> the first day of the latest date any of its events carries."""
    latest: dict[str, str] = {}
    for event in events:
        when = date_range(_date(event))
        if when and when[0] > latest.get(event["document"], ""):
            latest[event["document"]] = when[0]
    return latest


def _distinct_weapons(weapons: list[dict]) -> list[dict]:
    """Named systems, and generic weapons only where no system of that category is named."""
    named = {w["category"] for w in weapons if w.get("system")}
    seen, kept = set(), []
    for weapon in weapons:
        key = weapon.get("system") or weapon["category"]
        if key not in seen and (weapon.get("system") or weapon["category"] not in named):
            seen.add(key)
            kept.append(weapon)
    return kept


def _when(entry: dict, sort: str | None) -> tuple[str, bool]:
    """Sort key: own date, else `sort` (its document's latest date: after the steps dated so), else last."""
    own = date_range(entry["date"])
    return (own or date_range(sort) or ("9999", "9999"))[0], own is None


def step_figure(entry: dict) -> dict | None:
    """What a step says of the numbers or value of a transfer, if anything."""
    if not (entry["number"] or entry["value"]):
        return None
    return {k: entry[k] for k in ("number", "value", "event", "document", "sentence", "speaker")}


def row_lists(history: list[dict]) -> dict[str, list]:
    """A row's lists from its whole history, in order."""
    return {"events": [s["event"] for s in history], "documents": sorted({s["document"] for s in history}),
            "history": history, "figures": [f for f in map(step_figure, history) if f is not None]}


@dataclass
class RowState:
    """What a register row's record needs of its steps, folded one step at a time in any order: so a
    row is brought up to date from its new steps alone. It holds the first `limit` items of each list
    (by their order in the row) and how many there are; the whole lists are the row's steps, in order.
    Orders are lists (`Step.order`) so that the state reads back from JSON as it was written."""

    rank: list  # the first step's: where one pass over every event opens the row
    category: str  # the first step's weapon category
    steps: int = 0
    figures: int = 0
    documents: int = 0
    last: list | None = None  # [order, status] of the latest step
    furthest: int = -1  # the furthest lifecycle status any step reached (its index)
    alleged: bool = False
    number: list | None = None  # [order, figure] of the latest asserted step that gives one
    value: list | None = None
    ordered: list | None = None  # [order, date] of the first dated order or agreement
    delivered: list | None = None  # [order, date] of the latest dated delivery
    history_head: list = field(default_factory=list)  # [order, entry] of the first steps
    figures_head: list = field(default_factory=list)  # [order, figure] of the first figures
    documents_head: list = field(default_factory=list)  # the first documents, sorted

    @classmethod
    def of(cls, step: Step) -> RowState:
        return cls(list(step.rank), step.category)

    def add(self, step: Step, new_document: bool, limit: int) -> None:
        """Fold in one step; `new_document` when no step of the row folded so far cites its document."""
        entry, order, status = step.entry, step.order, step.entry["status"]
        if list(step.rank) < self.rank:
            self.rank, self.category = list(step.rank), step.category
        self.steps += 1
        if self.last is None or order > self.last[0]:
            self.last = [order, status]
        if status in LIFECYCLE:
            self.furthest = max(self.furthest, LIFECYCLE.index(status))
            for name in ("number", "value"):
                held = getattr(self, name)
                if entry[name] and (held is None or order > held[0]):
                    setattr(self, name, [order, entry[name]])
        self.alleged |= status == "alleged"
        if entry["date"] and status in {"ordered", "agreed"} and (self.ordered is None or order < self.ordered[0]):
            self.ordered = [order, entry["date"]]
        if entry["date"] and status in {"delivering", "delivered"} and (
                self.delivered is None or order > self.delivered[0]):
            self.delivered = [order, entry["date"]]
        self.history_head = _head(self.history_head, [order, entry], limit)
        figure = step_figure(entry)
        if figure is not None:
            self.figures += 1
            self.figures_head = _head(self.figures_head, [order, figure], limit)
        if new_document:
            self.documents += 1
            self.documents_head = _head(self.documents_head, entry["document"], limit)

    def totals(self) -> dict[str, int]:
        """How many items each list of the row holds."""
        return {"history": self.steps, "figures": self.figures, "events": self.steps, "documents": self.documents}

    def record(self, row: RowKey, history: list[dict] | None = None) -> dict:
        """The row, before any review: with its whole lists given its whole `history`, else with the
        first items of each (`totals` counts them all)."""
        supplier, recipient, name = row
        if history is None:
            heads = [entry for _, entry in self.history_head]
            lists = {"events": [entry["event"] for entry in heads], "documents": list(self.documents_head),
                     "history": heads, "figures": [figure for _, figure in self.figures_head]}
        else:
            lists = row_lists(history)
        if self.last is not None and self.last[1] == "cancelled":
            status = "cancelled"
        elif self.furthest >= 0:
            status = LIFECYCLE[self.furthest]
        else:
            status = "alleged" if self.alleged else "denied"
        number = self.number[1] if self.number else None
        return {"id": f"transfer:{supplier}-{recipient}-{name}".replace(" ", "-"), "supplier": supplier,
                "recipient": recipient, "system": name if name != self.category else None, "category": self.category,
                "number": {"min": number["min"], "max": number["max"]} if number else None,
                "value": self.value[1] if self.value else None,
                "ordered": self.ordered[1] if self.ordered else None,
                "delivered": self.delivered[1] if self.delivered else None,
                "status": status, **{name: lists[name] for name in ("events", "documents", "history", "figures")}}


def _head(items: list, item: Any, limit: int) -> list:
    """`items` (sorted, at most `limit`) with `item` in its place, still at most `limit`."""
    return sorted([*items, item])[:limit] if limit else []
