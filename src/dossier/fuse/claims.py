"""Claims: one event told by several documents, with every supporting and disputing sentence.

Events link into a claim when they have the same type, the same parties (by country, so that
'Putin' and 'the Kremlin' agree), the same mode (a forecast or an offer is not the act it announces:
'will deliver' never corroborates 'delivered', an approved possible sale never an order), compatible
weapons and compatible dates. A day-precise date is usually the day a report was made, so reports of
one act days apart still meet: such dates are widened by `DAY_SLACK`. A denial of the act
('Iran denies supplying any weapons to Russia') joins the claim as a disputing voice. A claim is
`disputed` when it has both sides, `corroborated` when independent stories support it (copies of
one story, found by `duplicates.story_groups`, count once), and `single_source` otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from dossier.fuse.dates import date_range, intersect, overlap
from dossier.fuse.register import is_offer

GENERIC = "other"  # 'weapons', 'arms': compatible with any category
DAY_SLACK = timedelta(days=31)
FORECAST = {"expected", "speculated"}
TRANSFERS = {"AID", "AGREE", "REQUEST"}


@dataclass
class _Claim:
    key: tuple[str, str, str]
    forecast: bool = False
    systems: set[str] = field(default_factory=set)
    categories: set[str] = field(default_factory=set)
    when: tuple[str, str] | None = None
    events: list[dict] = field(default_factory=list)

    def accepts(self, systems: set[str], categories: set[str], when, lenient: bool = False) -> bool:
        silent = not (self.systems or self.categories or systems or categories)
        if silent and not lenient and self.key[0] in TRANSFERS and (self.when is None or when is None):
            return False  # two transfers that name neither weapon nor date may be any two transfers
        return overlap(self.when, when) and _weapons_agree(
            self.systems, self.categories, systems, categories, lenient)

    def add(self, event: dict, systems: set[str], categories: set[str], when) -> None:
        self.events.append(event)
        if event["factuality"] != "denied":  # a denial neither narrows what the claim is about
            self.systems |= systems        # nor dates the act: its date is when it was said
            self.categories |= categories
            self.when = intersect(self.when, when)


def _weapons_agree(systems_a, categories_a, systems_b, categories_b, lenient: bool = False) -> bool:
    """Same system; else a shared or generic category; else both silent on weapons. A `lenient`
    match (for denials, which name weapons loosely) also accepts one side silent."""
    if systems_a and systems_b:
        return bool(systems_a & systems_b)
    if not categories_a or not categories_b:
        return lenient or not (categories_a or categories_b)
    return GENERIC in categories_a | categories_b or bool(categories_a & categories_b)


def _party(actor: str | None, countries: dict[str, str | None]) -> str | None:
    return (countries.get(actor) or actor) if actor else None


def voice(event: dict) -> dict:
    """What a claim shows of one event: its sentence, where it stands, its factuality and speaker."""
    evidence = event["evidence"][0] if event["evidence"] else {}
    speaker = event["attributions"][0] if event["attributions"] else {}
    return {"event": event["id"], "document": evidence.get("document", event.get("document")),
            "start": evidence.get("start"), "end": evidence.get("end"), "sentence": evidence.get("sentence"),
            "factuality": event["factuality"], "speaker": speaker.get("speaker"),
            "speaker_text": speaker.get("speaker_text"), "speaker_kind": speaker.get("speaker_kind")}


class _Index:
    """One key's claims filed under what they could accept, so an event is compared with the few
    claims it could join, in the order they were made (the first that accepts it wins, as a scan of
    every claim would find it). A claim is filed under each of its systems and categories, under
    'generic' when it has a generic category and 'armed' when it has any, and under 'silent' when it
    names no weapon; a silent transfer with no date accepts nothing, so it is not filed at all."""

    def __init__(self) -> None:
        self.claims: list[_Claim] = []
        self.filed: dict[tuple, list[int]] = {}
        self.marks: dict[int, set[tuple]] = {}

    def append(self, claim: _Claim) -> None:
        self.marks[len(self.claims)] = set()
        self.claims.append(claim)

    def __iter__(self):
        return iter(self.claims)

    def file(self, number: int) -> None:
        """File claim `number` under what it now is (a claim only grows)."""
        claim = self.claims[number]
        marks = {("system", s) for s in claim.systems} | {("category", c) for c in claim.categories}
        if claim.categories:
            marks.add(("armed",))
        if GENERIC in claim.categories:
            marks.add(("generic",))
        if not claim.categories and not (claim.key[0] in TRANSFERS and claim.when is None):
            marks.add(("silent",))
        for mark in marks - self.marks[number]:
            self.filed.setdefault((claim.forecast, *mark), []).append(number)
        self.marks[number] |= marks

    def candidates(self, forecast: bool, systems: set[str], categories: set[str]) -> list[int]:
        """The claims (by number, oldest first) that could accept an event naming these weapons."""
        marks = [("system", s) for s in systems] + [("category", c) for c in categories]
        marks += [("generic",)] if categories else [("silent",)]
        if GENERIC in categories:
            marks.append(("armed",))
        return sorted({n for mark in marks for n in self.filed.get((forecast, *mark), ())})


def build_claims(events: list[dict], countries: dict[str, str | None], stories: dict[str, str]) -> list[dict]:
    """Claims in the export's shape from events in the export's shape.

    `countries` maps actor ids to their country; `stories` maps document ids to their story group.
    Assertions group first; then each denial disputes every claim it can be about (a denial of 'any
    weapons' answers claims about missiles and about drones alike), or stands alone.
    """
    by_key: dict[tuple[str, str, str], _Index] = {}
    claims: list[_Claim] = []
    denials = [e for e in events if e["factuality"] == "denied"]
    for event in sorted((e for e in events if e["factuality"] != "denied"), key=lambda e: e["id"]):
        key, systems, categories, when = _features(event, countries)
        forecast = event["factuality"] in FORECAST or is_offer(event)
        index = by_key.setdefault(key, _Index()) if all(key[1:]) else _Index()
        number = next((n for n in index.candidates(forecast, systems, categories)
                       if index.claims[n].accepts(systems, categories, when)), None)
        if number is None:
            number = len(index.claims)
            index.append(_Claim(key, forecast))
            claims.append(index.claims[number])
        index.claims[number].add(event, systems, categories, when)
        index.file(number)
    for event in sorted(denials, key=lambda e: e["id"]):
        key, systems, categories, when = _features(event, countries)
        same_parties = [c for k, group in by_key.items() if k == key or (not key[2] and k[:2] == key[:2])
                        for c in group]  # 'Tehran rejected claims it was exporting arms': to anyone
        disputed = [c for c in same_parties if c.accepts(systems, categories, None, lenient=True)]
        if not disputed:
            disputed = [_Claim(key)]
            claims.extend(disputed)
        for claim in disputed:
            claim.add(event, systems, categories, when)
    return [_as_record(claim, stories) for claim in claims]


def _features(event: dict, countries: dict[str, str | None]):
    """What decides whether two events are one: type and parties, weapons, and when."""
    key = (event["type"], _party(event["source"], countries) or "", _party(event["target"], countries) or "")
    systems = {w["system"] for w in event["weapons"] if w.get("system")}
    categories = {w["category"] for w in event["weapons"]}
    given = event.get("date") or {}
    return key, systems, categories, _widen(date_range(given.get("start"), given.get("end")))


def _widen(when: tuple[str, str] | None) -> tuple[str, str] | None:
    """A day-precise range widened by `DAY_SLACK` each side, within the calendar Python can hold (an
    event dated 9999-12-31 must not stop fusion); coarser ranges are left as they are."""
    if when is None or when[0] != when[1]:
        return when
    day = date.fromisoformat(when[0])
    low, high = max(day, date.min + DAY_SLACK) - DAY_SLACK, min(day, date.max - DAY_SLACK) + DAY_SLACK
    return low.isoformat(), high.isoformat()


def _as_record(claim: _Claim, stories: dict[str, str]) -> dict:
    supporting = [voice(e) for e in claim.events if e["factuality"] != "denied"]
    disputing = [voice(e) for e in claim.events if e["factuality"] == "denied"]
    independent = {stories.get(v["document"], v["document"]) for v in supporting}
    if supporting and disputing:
        status = "disputed"
    elif len(independent) >= 2:
        status = "corroborated"
    else:
        status = "single_source"
    # named after its first supporting event: a denial may answer several claims, a support only one
    first = min(e["id"] for e in claim.events if e["factuality"] != "denied" or not supporting)
    return {"id": f"claim:{first}", "type": claim.key[0], "source": claim.key[1] or None,
            "target": claim.key[2] or None, "events": [e["id"] for e in claim.events], "status": status,
            "documents": sorted({v["document"] for v in supporting + disputing}),
            "independent_stories": len(independent), "supporting": supporting, "disputing": disputing}
