"""Scores extracted events against an analyst's gold list (our own samples, the seeds, the blind sets).

A gold event is found when an extracted event of the same type has evidence in the sentence the
gold names; each found event is then checked field by field (source, target, date, weapon,
quantity, value, factuality, speaker kind), which is how an analyst would mark our work.

The figure an analyst needs is the whole event: type, source and target right together
(`whole_recall`). Precision runs the other way: of the complete events we emitted in the scored
documents, the share that matches a gold event whole. It is a lower bound (an event the analyst
did not list counts as wrong). Incomplete events (no source or no target) are counted apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from dossier import lexicons
from dossier.extract.actors import slug
from dossier.records import Actor, Analysis, Event

FIELDS = ("source", "target", "date", "weapon", "quantity", "value", "factuality", "speaker_kind")


@dataclass
class GoldScore:
    gold: int = 0
    found: int = 0
    fields: dict[str, list[bool]] = field(default_factory=lambda: {name: [] for name in FIELDS})
    misses: list[dict] = field(default_factory=list)
    whole: int = 0  # gold events found with type, source and target right together
    whole_fields: int = 0  # of those, the ones whose other fields (date, weapon ...) are all right too
    emitted: int = 0  # complete events emitted in the scored documents
    emitted_right: int = 0  # of those, the ones that match a gold event whole
    incomplete: int = 0  # events emitted without a source or a target, counted apart
    wrong: list[tuple[str, str, str | None, str | None, str]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return _share(self.found, self.gold)

    @property
    def whole_recall(self) -> float:
        return _share(self.whole, self.gold)

    @property
    def fields_of_whole(self) -> float:
        """Of the events right whole, the share with every other field right too."""
        return _share(self.whole_fields, self.whole)

    @property
    def all_right(self) -> float:
        """Gold events found with type, parties and every field right: the strictest figure."""
        return _share(self.whole_fields, self.gold)

    @property
    def precision(self) -> float:
        return _share(self.emitted_right, self.emitted)

    def accuracy(self, name: str) -> float:
        return _share(sum(self.fields[name]), len(self.fields[name]))

    @property
    def all_fields_right(self) -> float:
        """Share of found events with every field right."""
        rows = list(zip(*self.fields.values()))
        return _share(sum(all(row) for row in rows), len(rows))


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def gold_id(gold: str) -> str:
    """The gold's actor in our id scheme: a country code as it is, 'org:Iran Air' -> 'org:iran-air', a
    person's name ('Ismail Haniyeh') -> 'person:ismail-haniyeh'."""
    if len(gold) == 3 and gold.isupper():
        return gold
    prefix, _, name = gold.rpartition(":")
    return f"{prefix or 'person'}:{slug(name)}"


@dataclass(frozen=True, slots=True)
class Parties:
    """What the scorer knows of the actors it matches: each one's state, and its names in the gold's id
    scheme, so the gold's 'org:European Union' is our 'org:eu', named the European Union."""

    countries: dict[str, str | None]
    names: dict[str, frozenset[str]] = field(default_factory=dict)

    def known_as(self, actor: str | None) -> set[str | None]:
        if actor is None:
            return set()
        return {actor, self.countries.get(actor, actor), *self.names.get(actor, ())}


def parties_of(actors: Iterable[Actor]) -> Parties:
    countries, names = {}, {}
    for actor in actors:
        countries[actor.id] = actor.country
        if ":" in actor.id:
            kind = actor.id.split(":", 1)[0]
            names[actor.id] = frozenset(gold_id(f"{kind}:{name}") for name in (actor.name, *actor.aliases) if name)
    return Parties(countries, names)


def catalogued(system: str) -> str:
    """The catalogue's designation for a system the gold names by another of its names (the gold's
    'A-29' is our 'Super Tucano', 'MQ-9B' our 'MQ-9 Reaper'), or by the one word of a designation
    that no other designation holds (the gold's 'Abrams' is our 'M1 Abrams', 'Kilo' our 'Kilo class':
    words the catalogue does not match alone in text, where they may be a storm or a surname)."""
    entry = lexicons.weapon_systems().get(system)
    if entry:
        return entry.id
    return _by_one_word().get(system, system)


@cache
def _by_one_word() -> dict[str, str]:
    """Each word of a catalogued designation held by that designation alone -> the designation."""
    holders: dict[str, set[str]] = {}
    for entry in lexicons.weapon_systems().values():
        for word in entry.id.split():
            holders.setdefault(word, set()).add(entry.id)
    return {word: next(iter(ids)) for word, ids in holders.items() if len(ids) == 1}


def _same_actor(gold: str | None, actor: str | None, parties: Parties) -> bool:
    if gold is None:
        return True  # the gold names no party: whatever we found is not wrong
    return gold_id(gold) in parties.known_as(actor)


def _checks(gold: dict, event: Event, parties: Parties) -> dict[str, bool]:
    date = event.date.start if event.date else None
    systems = {w.system for w in event.weapons}
    categories = {w.category for w in event.weapons}
    quantity = (event.quantity.min, event.quantity.max) if event.quantity else None
    gold_quantity = (gold["quantity"]["min"], gold["quantity"]["max"]) if gold.get("quantity") else None
    value = event.value
    gold_value = gold.get("value")
    kinds = {a.speaker_kind for a in event.attributions}
    return {
        "source": _same_actor(gold.get("source"), event.source, parties),
        "target": _same_actor(gold.get("target"), event.target, parties),
        "date": gold.get("date") == date if gold.get("date") else True,
        "weapon": (catalogued(gold["system"]) in systems if gold.get("system")
                   else gold.get("weapon_category") in categories if gold.get("weapon_category") else True),
        "quantity": gold_quantity is None or gold_quantity == quantity,
        "value": gold_value is None or (value is not None and value.currency == gold_value["currency"]
                                        and abs(value.amount - gold_value["amount"]) <= 0.01 * gold_value["amount"]),
        "factuality": gold.get("factuality") == event.factuality,
        "speaker_kind": gold.get("speaker_kind") in kinds if gold.get("speaker_kind") else True,
    }


def _in_sentence(gold: dict, event: Event) -> bool:
    return event.type == gold["type"] and any(gold["sentence_contains"] in ev.sentence for ev in event.evidence)


def _whole(gold: dict, event: Event, parties: Parties) -> bool:
    return (_in_sentence(gold, event) and _same_actor(gold.get("source"), event.source, parties)
            and _same_actor(gold.get("target"), event.target, parties))


def score(gold_events: list[dict], analyses: dict[str, Analysis]) -> GoldScore:
    """`gold_events` carry a `document` key naming the analysis they belong to; precision is counted
    over the analyses of the documents the gold names."""
    result = GoldScore()
    by_document: dict[str, list[dict]] = {}
    for gold in gold_events:
        by_document.setdefault(gold["document"], []).append(gold)
        result.gold += 1
        analysis = analyses.get(gold["document"])
        if analysis is None:
            result.misses.append(gold)
            continue
        parties = parties_of(analysis.actors)
        candidates = [e for e in analysis.events if _in_sentence(gold, e)]
        if not candidates:
            result.misses.append(gold)
            continue
        best = max((_checks(gold, e, parties) for e in candidates),
                   key=lambda c: (c["source"] and c["target"], sum(c.values())))
        result.found += 1
        result.whole += best["source"] and best["target"]
        result.whole_fields += all(best.values())
        for name, ok in best.items():
            result.fields[name].append(ok)
    for document, golds in by_document.items():
        analysis = analyses.get(document)
        if analysis is None:
            continue
        parties = parties_of(analysis.actors)
        for event in analysis.events:
            if event.incomplete:
                result.incomplete += 1
                continue
            result.emitted += 1
            if any(_whole(g, event, parties) for g in golds):
                result.emitted_right += 1
            else:
                result.wrong.append((document, event.type, event.source, event.target,
                                     event.evidence[0].sentence if event.evidence else ""))
    return result


@dataclass
class RegisterScore:
    gold: int = 0
    right: int = 0  # gold rows found with their status
    emitted: int = 0  # register rows built from the scored documents
    emitted_right: int = 0  # of those, rows that match a gold row with its status
    misses: list[dict] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return _share(self.right, self.gold)

    @property
    def precision(self) -> float:
        return _share(self.emitted_right, self.emitted)


def _same_row(gold: dict, row: dict, parties: Parties) -> bool:
    if not (_same_party(gold["supplier"], row["supplier"], parties)
            and _same_party(gold["recipient"], row["recipient"], parties)):
        return False
    if gold.get("system"):
        return row.get("system") == catalogued(gold["system"])
    return row.get("category") == gold.get("category")


def _same_party(gold: str, actor: str | None, parties: Parties) -> bool:
    """A register row's party: the register is kept by state, as SIPRI keeps it, so a body the gold
    names as supplier or recipient ('org:Saab', 'org:Libyan National Army') is also its state."""
    if _same_actor(gold, actor, parties):
        return True
    kind, _, name = gold.partition(":")
    body = lexicons.organizations().get(name) if kind == "org" else None
    return body is not None and body.country is not None and body.country == actor


def score_register(gold_rows: list[dict], transfers: list[dict], parties: Parties) -> RegisterScore:
    """Register rows against the gold's: a row is right when supplier, recipient, system (or category
    where the gold names no system) and status agree."""
    result = RegisterScore(gold=len(gold_rows), emitted=len(transfers))
    for gold in gold_rows:
        rows = [row for row in transfers if _same_row(gold, row, parties)]
        if any(row["status"] == gold["status"] for row in rows):
            result.right += 1
        else:
            result.misses.append({**gold, "ours": [row["status"] for row in rows]})
    result.emitted_right = sum(
        any(_same_row(gold, row, parties) and row["status"] == gold["status"] for gold in gold_rows)
        for row in transfers)
    return result
