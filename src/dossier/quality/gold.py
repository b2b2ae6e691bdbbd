"""Scores extracted events against an analyst's gold list (our own samples and the seeds).

A gold event is found when an extracted event of the same type has evidence in the sentence the
gold names; each found event is then checked field by field (source, target, date, weapon,
quantity, value, factuality, speaker kind), which is how an analyst would mark our work.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dossier.extract.actors import slug
from dossier.records import Analysis, Event

FIELDS = ("source", "target", "date", "weapon", "quantity", "value", "factuality", "speaker_kind")


@dataclass
class GoldScore:
    gold: int = 0
    found: int = 0
    fields: dict[str, list[bool]] = field(default_factory=lambda: {name: [] for name in FIELDS})
    misses: list[dict] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    def accuracy(self, name: str) -> float:
        checks = self.fields[name]
        return sum(checks) / len(checks) if checks else 0.0

    @property
    def all_fields_right(self) -> float:
        """Share of found events with every field right."""
        rows = list(zip(*self.fields.values()))
        return sum(all(row) for row in rows) / len(rows) if rows else 0.0


def _country(actor: str | None, countries: dict[str, str | None]) -> str | None:
    return countries.get(actor, actor) if actor else None


def gold_id(gold: str) -> str:
    """The gold's actor in our id scheme: a country code as it is, 'org:Iran Air' -> 'org:iran-air', a
    person's name ('Ismail Haniyeh') -> 'person:ismail-haniyeh'."""
    if len(gold) == 3 and gold.isupper():
        return gold
    prefix, _, name = gold.rpartition(":")
    return f"{prefix or 'person'}:{slug(name)}"


def _same_actor(gold: str | None, actor: str | None, countries: dict[str, str | None]) -> bool:
    if gold is None:
        return True  # the gold names no party: whatever we found is not wrong
    return gold_id(gold) in {actor, _country(actor, countries)}


def _checks(gold: dict, event: Event, countries: dict[str, str | None]) -> dict[str, bool]:
    date = event.date.start if event.date else None
    systems = {w.system for w in event.weapons}
    categories = {w.category for w in event.weapons}
    quantity = (event.quantity.min, event.quantity.max) if event.quantity else None
    gold_quantity = (gold["quantity"]["min"], gold["quantity"]["max"]) if gold.get("quantity") else None
    value = event.value
    gold_value = gold.get("value")
    kinds = {a.speaker_kind for a in event.attributions}
    return {
        "source": _same_actor(gold.get("source"), event.source, countries),
        "target": _same_actor(gold.get("target"), event.target, countries),
        "date": gold.get("date") == date if gold.get("date") else True,
        "weapon": (gold.get("system") in systems if gold.get("system")
                   else gold.get("weapon_category") in categories if gold.get("weapon_category") else True),
        "quantity": gold_quantity is None or gold_quantity == quantity,
        "value": gold_value is None or (value is not None and value.currency == gold_value["currency"]
                                        and abs(value.amount - gold_value["amount"]) <= 0.01 * gold_value["amount"]),
        "factuality": gold.get("factuality") == event.factuality,
        "speaker_kind": gold.get("speaker_kind") in kinds if gold.get("speaker_kind") else True,
    }


def score(gold_events: list[dict], analyses: dict[str, Analysis]) -> GoldScore:
    """`gold_events` carry a `document` key naming the analysis they belong to."""
    result = GoldScore()
    for gold in gold_events:
        result.gold += 1
        analysis = analyses.get(gold["document"])
        if analysis is None:
            result.misses.append(gold)
            continue
        countries = {a.id: a.country for a in analysis.actors}
        candidates = [e for e in analysis.events if e.type == gold["type"]
                      and any(gold["sentence_contains"] in ev.sentence for ev in e.evidence)]
        if not candidates:
            result.misses.append(gold)
            continue
        best = max((_checks(gold, e, countries) for e in candidates), key=lambda c: sum(c.values()))
        result.found += 1
        for name, ok in best.items():
            result.fields[name].append(ok)
    return result
