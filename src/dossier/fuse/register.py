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
"""

from __future__ import annotations

import re

from dossier import lexicons
from dossier.fuse.dates import date_range
from dossier.records import TRANSFER_LIFECYCLE as LIFECYCLE
_ORDER_WORDS = ("order", "buy", "bought", "purchase", "contract", "acquire", "procure", "deal")
_START_WORDS = ("begin", "began", "begun", "start", "commence", "launch")
_TRANSFER_TYPES = {"AID", "AGREE", "REQUEST"}
_NEGOTIATION_WORDS = ("talks", "negotiat")
_STOPPING_MODE = "discontinue"  # PLOVER's SANCTION mode for halting aid, supplies and contracts
_SUPPLY_WORDS = ("aid", "assistance", "suppl", "deliver", "export", "sale", "shipment", "transfer")
_UNDOING_WORDS = ("cancel", "halt", "stop", "suspend", "scrap", "block", "freeze", "revoke", "reverse",
                  "abandon", "drop", "end", "terminate", "annul", "veto")
_NEAR_WORDS = 4  # words near a trigger that may name what it stops or what undoes it: 'suspended all further deliveries'
_OFFER_PHRASES = ("possible sale", "proposed sale", "possible foreign military sale", "offered", "an offer")
_PARTIAL = re.compile(r"\b(?:began|begun|started|begin|start) deliver|deliver\w* (?:the )?first\b|"
                      r"\bfirst (?:\w+ ){0,4}(?:was|were|have been|has been) deliver|\bhalf of\b")


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
    return any(word.startswith(_UNDOING_WORDS) for word in before[-_NEAR_WORDS:])


def may_step(event: dict) -> bool:
    """Whether an event can make a register step at all (a transfer, a cancellation or talks that name
    a weapon): only these are read when a pair's rows are computed again."""
    return bool(event["weapons"]) and event["type"] in _TRANSFER_TYPES | {"SANCTION", "CONSULT"}


def step_status(event: dict) -> str | None:
    """What an event says about a transfer's progress, or None when it says nothing."""
    factuality, kind = event["factuality"], event["type"]
    if kind == "SANCTION":
        return "cancelled" if is_cancellation(event) and factuality not in {"denied", "speculated"} else None
    if _undone(event):
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
        return "ordered" if _trigger_has(event, _ORDER_WORDS) else "agreed"
    if factuality == "expected":
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


def ranked_register(events: list[dict], countries: dict[str, str | None],
                    latest: dict[str, str] | None = None) -> list[tuple[tuple[int, str, int], dict]]:
    """Register rows, each with its rank: (phase, the event that opened it, which of that event's
    weapons), so rows computed apart (one pair of countries, or one weapon of a pair, at a time)
    sort as one pass over every event would list them. `latest` maps documents to the latest date
    any of their complete events carries (taken from `events` when not given): undated steps sort
    there."""
    transfers = [e for e in sorted(events, key=lambda e: e["id"]) if e["type"] in _TRANSFER_TYPES and e["weapons"]]
    latest = document_latest(events) if latest is None else latest
    rows: dict[tuple[str, str, str], list[dict]] = {}
    categories: dict[tuple[str, str, str], str] = {}
    ranks: dict[tuple[str, str, str], tuple[int, str, int]] = {}

    def add(key: tuple[str, str, str], category: str, step: dict, rank: tuple[int, str, int], event: dict) -> None:
        ranks.setdefault(key, rank)
        categories.setdefault(key, category)
        rows.setdefault(key, []).append(step | {"sort": _date(event) or latest.get(event["document"])})

    cancellations = [e for e in sorted(events, key=lambda e: e["id"]) if is_cancellation(e) and e["weapons"]]
    for phase, event in [(0, e) for e in transfers] + [(1, e) for e in cancellations]:
        status = step_status(event)
        if status is None:
            continue
        supplier, recipient = _parties(event, countries)
        for item, weapon in enumerate(_distinct_weapons(event["weapons"])):
            name = weapon["system"] or weapon["category"]
            seller, buyer = supplier, recipient  # both named: fusion reads complete events only
            if event["type"] == "AGREE" and buyer is not None and buyer == _maker(weapon):
                seller, buyer = buyer, seller  # 'Germany and Israel signed a deal for the Arrow 3': Israel sells
            if not seller or not buyer or seller == buyer:
                continue
            key = _cancelled_row(event, (seller, buyer, name), rows, _maker(weapon)) if status == "cancelled" \
                else (seller, buyer, name)
            if key is None:
                continue
            add(key, weapon["category"], _step(event, status), (phase, event["id"], item), event)
    for event, item, weapon, key in _negotiations(events, countries):
        add(key, weapon["category"], _step(event, "negotiating"), (2, event["id"], item), event)
    return [(ranks[key], _row(key, categories[key], steps)) for key, steps in rows.items()]


def step_names(event: dict) -> set[str]:
    """The register rows' weapon names (system, else category) an event may make steps of: a batch
    recomputes the rows of these names only, for the event's pair."""
    return {w["system"] or w["category"] for w in event["weapons"]} if may_step(event) else set()


def _negotiations(events: list[dict], countries: dict[str, str | None]
                  ) -> list[tuple[dict, int, dict, tuple[str, str, str]]]:
    """Talks between two parties over a system one of them makes: (event, which of its weapons,
    weapon, row key) with the maker as supplier."""
    found = []
    for event in sorted(events, key=lambda e: e["id"]):
        if event["type"] != "CONSULT" or event["factuality"] in {"denied", "speculated"}:
            continue
        parties = {countries.get(actor) or actor for actor in (event["source"], event["target"]) if actor}
        for item, weapon in enumerate(event["weapons"]):
            maker = _maker(weapon)
            if len(parties) == 2 and maker in parties:
                (buyer,) = parties - {maker}
                found.append((event, item, weapon, (maker, buyer, weapon["system"])))
    return found


def _maker(weapon: dict) -> str | None:
    """The country that makes a named system, from the weapon catalogue."""
    entry = lexicons.weapon_systems().get(weapon.get("system") or "")
    return entry.country if entry else None


def _cancelled_row(event: dict, key: tuple[str, str, str], rows: dict, maker: str | None) -> tuple[str, str, str] | None:
    """The row a cancellation belongs to: its own, or the reverse one (the buyer cancelled); a halted
    supply may open a row of its own; a cancelled contract only when the system's maker is one of
    the two sides, which says who sells ('the Philippines cancelled a deal to buy Mi-17s')."""
    seller, buyer, name = key
    for candidate in (key, (buyer, seller, name)):
        if candidate in rows:
            return candidate
    if _halts_supply(event):
        return key
    if maker in (seller, buyer):
        return (maker, buyer if maker == seller else seller, name)
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


def _when(step: dict) -> tuple[str, bool]:
    """Sort key: own date, else its document's latest date (after the steps dated so), else last."""
    own = date_range(step["date"])
    return (own or date_range(step.get("sort")) or ("9999", "9999"))[0], own is None


def _row(key: tuple[str, str, str], category: str, steps: list[dict]) -> dict:
    supplier, recipient, name = key
    history = [{k: v for k, v in s.items() if k != "sort"} for s in sorted(steps, key=_when)]
    done = [s for s in history if s["status"] in LIFECYCLE]
    if history[-1]["status"] == "cancelled":
        status = "cancelled"
    elif done:
        status = max(done, key=lambda s: LIFECYCLE.index(s["status"]))["status"]
    else:
        status = "alleged" if any(s["status"] == "alleged" for s in history) else "denied"
    figures = [{k: s[k] for k in ("number", "value", "event", "document", "sentence", "speaker")}
               for s in history if s["number"] or s["value"]]
    asserted = [f for f, s in zip(figures, [s for s in history if s["number"] or s["value"]])
                if s["status"] in LIFECYCLE]
    number = next((f["number"] for f in reversed(asserted) if f["number"]), None)
    value = next((f["value"] for f in reversed(asserted) if f["value"]), None)
    ordered = [s["date"] for s in history if s["status"] in {"ordered", "agreed"} and s["date"]]
    delivered = [s["date"] for s in history if s["status"] in {"delivering", "delivered"} and s["date"]]
    return {"id": f"transfer:{supplier}-{recipient}-{name}".replace(" ", "-"), "supplier": supplier,
            "recipient": recipient, "system": name if name != category else None, "category": category,
            "number": {"min": number["min"], "max": number["max"]} if number else None, "value": value,
            "ordered": ordered[0] if ordered else None, "delivered": delivered[-1] if delivered else None,
            "status": status, "events": [s["event"] for s in history],
            "documents": sorted({s["document"] for s in history}), "history": history, "figures": figures}
