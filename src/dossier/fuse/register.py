"""The arms-transfer register: one row per supplier, recipient and system (or category where the
reports name no system), with a status history whose every step cites its evidence.

Steps come from events that carry weapons: REQUEST (requested), AGREE (ordered, agreed, or
offered when only an approval or offer: an approved possible sale is not an order), AID
(delivered, delivering, or agreed when pledged), and the alleged and denied versions of these.
Conflicting figures stay side by side in `figures`, each with its source; the row's `number` and
`value` are the most recent ones asserted.
"""

from __future__ import annotations

from dossier.fuse.dates import date_range

LIFECYCLE = ("requested", "offered", "negotiating", "agreed", "ordered", "delivering", "delivered")
_ORDER_WORDS = {"order", "buy", "purchase", "contract", "acquire", "procure"}
_START_WORDS = {"begin", "start", "commence", "launch"}
_TRANSFER_TYPES = {"AID", "AGREE", "REQUEST"}
_OFFER_PHRASES = ("possible sale", "proposed sale", "possible foreign military sale", "offered", "an offer")


def _trigger_words(event: dict) -> set[str]:
    return {word.lower().rstrip("s") for word in (event.get("trigger") or {}).get("text", "").split()}


def step_status(event: dict) -> str | None:
    """What an event says about a transfer's progress, or None when it says nothing."""
    factuality, kind = event["factuality"], event["type"]
    if factuality in {"denied", "alleged"}:
        return factuality
    if kind == "REQUEST":
        return "requested"
    if factuality == "speculated":
        return None
    words = _trigger_words(event)
    if kind == "AGREE":
        if factuality == "expected":
            return "offered"
        return "ordered" if words & _ORDER_WORDS or "deal" in words or "contract" in words else "agreed"
    sentence = " ".join(e.get("sentence", "") for e in event["evidence"]).lower()
    if factuality == "expected":
        return "offered" if any(words in sentence for words in _OFFER_PHRASES) else "agreed"
    if words & _START_WORDS or any(w in sentence for w in ("began deliver", "started deliver", "begun deliver")):
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


def build_register(events: list[dict], countries: dict[str, str | None]) -> list[dict]:
    """Transfer rows in the export's shape (plus `history` and `figures`) from events."""
    rows: dict[tuple[str, str, str], list[dict]] = {}
    categories: dict[tuple[str, str, str], str] = {}
    for event in sorted(events, key=lambda e: e["id"]):
        if event["type"] not in _TRANSFER_TYPES or not event["weapons"]:
            continue
        status = step_status(event)
        supplier, recipient = _parties(event, countries)
        if status is None or not supplier or not recipient or supplier == recipient:
            continue
        for weapon in _distinct_weapons(event["weapons"]):
            key = (supplier, recipient, weapon["system"] or weapon["category"])
            categories.setdefault(key, weapon["category"])
            rows.setdefault(key, []).append(_step(event, status))
    return [_row(key, categories[key], steps) for key, steps in rows.items()]


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


def _when(step: dict) -> str:
    return (date_range(step["date"]) or ("9999", "9999"))[0]


def _row(key: tuple[str, str, str], category: str, steps: list[dict]) -> dict:
    supplier, recipient, name = key
    history = sorted(steps, key=_when)
    done = [s for s in history if s["status"] in LIFECYCLE]
    if done:
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
