"""Claims: one event told by several documents, with every supporting and disputing sentence.

Events link into a claim when they have the same type, the same parties (by country, so that
'Putin' and 'the Kremlin' agree), the same mode (a forecast or an offer is not the act it announces:
'will deliver' never corroborates 'delivered', an approved possible sale never an order), compatible
weapons and compatible dates. A day-precise date is usually the day a report was made, so reports of
one act days apart still meet: such dates are widened by `DAY_SLACK`. Events are taken in the order
their documents were stored, and each joins the first claim that accepts it, so a new document
never moves an event stored before it: the store extends its claims as documents arrive
(`store/fused.py`) and gets what one pass over every event gives.

A denial of the act ('Iran denies supplying any weapons to Russia') disputes every claim of its key
whose weapons it can be about (a denial of 'any weapons' answers claims about missiles and drones
alike). Denials that name the same weapons form one `Signature`, and a claim is linked to the few
signatures of its key, not to each denial: a thousand copies of one denial cost one link per claim.
A claim that names no weapon category is answered by every signature of its key
(`answered_by_every`): the store keeps that once, as the claim's `QUIET` mark, not as a link to each.
A denial that answers no claim stands alone as a claim of its own. A claim is `disputed` when it has
both sides, `corroborated` when independent stories support it (copies of one story, found by
`duplicates`, count once), and `single_source` otherwise.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from datetime import date, timedelta

from dossier.fuse.dates import date_range, intersect, overlap
from dossier.fuse.register import is_offer

GENERIC = "other"  # 'weapons', 'arms': compatible with any category
EVERY = "every"  # what a denial signature that names no weapon is filed under: it answers every claim
QUIET = "quiet"  # what a claim that every signature of its key answers is filed under (`answered_by_every`)
DAY_SLACK = timedelta(days=31)
PERIOD_MONTHS = 13  # a claim whose dates start and end at most this many months apart is filed by month
FORECAST = {"expected", "speculated"}
TRANSFERS = {"AID", "AGREE", "REQUEST"}

ClaimKey = tuple[str, str, str]
When = tuple[str, str] | None


@dataclass
class Features:
    """What decides whether two events are one: type and parties, mode, weapons, and when."""

    key: ClaimKey
    forecast: bool
    systems: frozenset[str]
    categories: frozenset[str]
    when: When


@dataclass
class Claim:
    """What a claim accepts, as its supporting events have narrowed it."""

    key: ClaimKey
    forecast: bool
    systems: set[str] = field(default_factory=set)
    categories: set[str] = field(default_factory=set)
    when: When = None

    def accepts(self, event: Features) -> bool:
        if event.forecast != self.forecast:
            return False
        silent = not (self.systems or self.categories or event.systems or event.categories)
        if silent and self.key[0] in TRANSFERS and (self.when is None or event.when is None):
            return False  # two transfers that name neither weapon nor date may be any two transfers
        return overlap(self.when, event.when) and _weapons_agree(self.systems, self.categories,
                                                                 event.systems, event.categories)

    def add(self, event: Features) -> bool:
        """Take a supporting event in; True when what the claim names of weapons changed."""
        before = (len(self.systems), len(self.categories))
        self.systems |= event.systems
        self.categories |= event.categories
        self.when = intersect(self.when, event.when)
        return before != (len(self.systems), len(self.categories))

    def marks(self) -> set[str]:
        """What the claim is filed under, so an event finds the few claims it could join: each system
        and category, 'generic' and 'armed', or 'silent' when it names no weapon (a silent transfer
        with no date accepts nothing, so it is not filed at all). A claim that names categories but
        no system is filed under them again as 'bare', for the events that name a system: those join
        a claim of another system never, a claim of no system by category."""
        marks = {f"system:{s}" for s in self.systems} | {f"category:{c}" for c in self.categories}
        if self.categories:
            marks.add("armed")
        if GENERIC in self.categories:
            marks.add("generic")
        if self.categories and not self.systems:
            marks |= {f"bare {mark}" for mark in marks}
        if not self.categories and not (self.key[0] in TRANSFERS and self.when is None):
            marks.add("silent")
        if answered_by_every(self.categories):
            marks.add(QUIET)
        return marks

    def answered_by(self, signature: Signature) -> bool:
        """Whether denials naming these weapons dispute this claim (loosely: a denial that names no
        weapon answers any claim of its key)."""
        return _weapons_agree(self.systems, self.categories, signature.systems, signature.categories, lenient=True)


@dataclass(frozen=True)
class Signature:
    """Denials of one key that name the same weapons."""

    key: ClaimKey
    systems: frozenset[str]
    categories: frozenset[str]

    @cached_property
    def id(self) -> str:  # compared often: a claim of a busy key is compared with every signature of it
        return "|".join([*self.key, ",".join(sorted(self.systems)), ",".join(sorted(self.categories))])


def answered_by_every(categories: Collection[str]) -> bool:
    """Whether every signature of a claim's key answers it (`Claim.answered_by`): it names no weapon
    category, and denials name weapons loosely. The store files such a claim under `QUIET` and links
    it to no signature, so that a busy key's new signature or new such claim writes one row, not one
    a claim or one a signature."""
    return not categories


def answering_marks(signature: Signature) -> set[str] | None:
    """The marks of the claims `signature` answers by a link of their own (`Claim.answered_by`:
    exactly those filed under one of them, but the claims `answered_by_every`, which need none), or
    None when it names no weapon category and so answers every claim of its key. A signature that
    names a system answers claims of other systems never, claims of no system by category: those
    are filed 'bare'."""
    if not signature.categories:
        return None
    bare = "bare " if signature.systems else ""
    marks = {f"system:{s}" for s in signature.systems} | {f"{bare}category:{c}" for c in signature.categories}
    marks |= {f"{bare}generic"} | ({f"{bare}armed"} if GENERIC in signature.categories else set())
    return marks


def signature_marks(signature: Signature) -> set[str]:
    """What a signature is filed under, so that a claim finds the few signatures that answer it
    (`answering_signature_marks`): the marks of the claims it answers, or `EVERY`."""
    return answering_marks(signature) or {EVERY}


def answering_signature_marks(claim: Claim) -> set[str]:
    """The marks of the signatures that answer `claim` by a link of its own: its own, and `EVERY`
    (a claim `answered_by_every` needs none)."""
    return claim.marks() | {EVERY}


def candidate_marks(event: Features) -> list[str]:
    """The marks under which the claims that could accept `event` are filed (none for a transfer that
    names neither weapon nor date: it accepts no claim)."""
    if not event.categories and event.key[0] in TRANSFERS and event.when is None:
        return []
    bare = "bare " if event.systems else ""  # a claim of other systems rejects it: only those of none by category
    marks = [f"{bare}category:{c}" for c in sorted(event.categories)]
    marks += [f"{bare}generic"] if event.categories else ["silent"]
    if GENERIC in event.categories:
        marks.append(f"{bare}armed")
    return [f"system:{s}" for s in sorted(event.systems)] + marks


def period(when: When) -> str | None:
    """The month a claim is filed under for dated events to find it (`periods`): the month its dates
    start in, when they end at most `PERIOD_MONTHS` later; None for an undated claim or a wider one,
    which every dated event of its weapons reads. Dates only narrow as events join, so a claim's
    month only moves forward and its span only shrinks."""
    if when is None or _month(when[1]) - _month(when[0]) > PERIOD_MONTHS:
        return None
    return when[0][:7]


def periods(when: tuple[str, str]) -> tuple[str, str]:
    """The first and last month under which a claim that shares a day with `when` can be filed
    (`period`): it starts before `when` ends, and ends after `when` starts, at most `PERIOD_MONTHS`
    months after it started itself."""
    first = max(_month(when[0]) - PERIOD_MONTHS, 12)  # January of year 1
    return f"{first // 12:04d}-{first % 12 + 1:02d}", when[1][:7]


def _month(day: str) -> int:
    """Months since the start of the era, of an ISO day."""
    return int(day[:4]) * 12 + int(day[5:7]) - 1


def _weapons_agree(systems_a, categories_a, systems_b, categories_b, lenient: bool = False) -> bool:
    """Same system; else a shared or generic category; else both silent on weapons. A `lenient`
    match (for denials, which name weapons loosely) also accepts one side silent."""
    if systems_a and systems_b:
        return bool(systems_a & systems_b)
    if not categories_a or not categories_b:
        return lenient or not (categories_a or categories_b)
    return GENERIC in categories_a | categories_b or bool(categories_a & categories_b)


def party(actor: str, countries: dict[str, str | None]) -> str:
    """What fusion calls an actor: its country where it has one."""
    return countries.get(actor) or actor


def claim_key(event: dict, countries: dict[str, str | None]) -> ClaimKey:
    """The key of the claims a complete event may join: type, source party, target party."""
    return event["type"], party(event["source"], countries), party(event["target"], countries)


def features(event: dict, key: ClaimKey) -> Features:
    systems = frozenset(w["system"] for w in event["weapons"] if w.get("system"))
    categories = frozenset(w["category"] for w in event["weapons"])
    given = event.get("date") or {}
    forecast = event["factuality"] in FORECAST or is_offer(event)
    return Features(key, forecast, systems, categories,
                    _widen(date_range(given.get("start"), given.get("end"))))


def signature(event: Features) -> Signature:
    return Signature(event.key, event.systems, event.categories)


def status(supporting: bool, disputed: bool, independent_stories: int) -> str:
    if supporting and disputed:
        return "disputed"
    return "corroborated" if independent_stories >= 2 else "single_source"


def _widen(when: When) -> When:
    """A day-precise range widened by `DAY_SLACK` each side, within the calendar Python can hold (an
    event dated 9999-12-31 must not stop fusion); coarser ranges are left as they are."""
    if when is None or when[0] != when[1]:
        return when
    day = date.fromisoformat(when[0])
    low, high = max(day, date.min + DAY_SLACK) - DAY_SLACK, min(day, date.max - DAY_SLACK) + DAY_SLACK
    return low.isoformat(), high.isoformat()


def voice(event: dict) -> dict:
    """What a claim shows of one event: its sentence, where it stands, its factuality and speaker."""
    evidence = event["evidence"][0] if event["evidence"] else {}
    speaker = event["attributions"][0] if event["attributions"] else {}
    return {"event": event["id"], "document": evidence.get("document", event.get("document")),
            "start": evidence.get("start"), "end": evidence.get("end"), "sentence": evidence.get("sentence"),
            "factuality": event["factuality"], "speaker": speaker.get("speaker"),
            "speaker_text": speaker.get("speaker_text"), "speaker_kind": speaker.get("speaker_kind")}


def summarise(summary: dict | None, event: dict) -> dict:
    """A claim's summary with one more supporting event: what tells apart claims of the same type and
    parties, kept as events join so that no listing reads them all: `weapons` (system and category),
    the `date` period they cover, the distinct `quantities` and `values` stated, and the `triggers`
    (the words that named the event, for claims that state none of these)."""
    summary = summary or {"weapons": [], "date": None, "quantities": [], "values": [], "triggers": []}
    weapons = {(w["system"], w["category"]) for w in summary["weapons"]}
    weapons |= {(w.get("system"), w["category"]) for w in event["weapons"]}
    period = dict(summary["date"]) if summary["date"] else None
    given = event.get("date") or {}
    if given.get("start"):
        end = given.get("end") or given["start"]
        period = {"start": min(period["start"], given["start"]), "end": max(period["end"], end)} if period \
            else {"start": given["start"], "end": end}

    def add(items: list, item: Any, key: Any) -> list:
        return items if item is None or any(key(i) == key(item) for i in items) else [*items, item]

    return {
        "weapons": [{"system": s, "category": c} for s, c in sorted(weapons, key=lambda k: (k[0] or "", k[1]))],
        "date": period,
        "quantities": add(summary["quantities"], event.get("quantity"), lambda q: q["text"]),
        "values": add(summary["values"], event.get("value"), lambda v: v["text"]),
        "triggers": add(summary["triggers"], (event.get("trigger") or {}).get("text"), lambda t: t),
    }


@dataclass
class KeyClaims:
    """The claims of one key from its events in stored order: what `dossier fuse --rebuild` writes,
    and what the store's step-by-step claims must equal."""

    claims: list[Claim] = field(default_factory=list)
    supporting: list[list[dict]] = field(default_factory=list)  # each claim's events, in order
    denials: dict[Signature, list[dict]] = field(default_factory=dict)

    def add(self, event: dict, key: ClaimKey) -> None:
        found = features(event, key)
        if event["factuality"] == "denied":
            self.denials.setdefault(signature(found), []).append(event)
            return
        number = next((n for n, claim in enumerate(self.claims) if claim.accepts(found)), None)
        if number is None:
            number = len(self.claims)
            self.claims.append(Claim(found.key, found.forecast))
            self.supporting.append([])
        self.claims[number].add(found)
        self.supporting[number].append(event)

    def links(self) -> list[list[Signature]]:
        """Each claim's signatures, by the claim's final weapons."""
        return [[s for s in self.denials if claim.answered_by(s)] for claim in self.claims]


def build_claims(events: list[dict], countries: dict[str, str | None], stories: dict[str, str]) -> list[dict]:
    """Claims in the export's shape from events in the export's shape, taken in the order given
    (the order their documents were stored): claims with support first, in the order made, then the
    denials that answer no claim. `countries` maps actor ids to their country; `stories` maps
    document ids to their story group."""
    by_key: dict[ClaimKey, KeyClaims] = {}
    for event in events:
        key = claim_key(event, countries)
        by_key.setdefault(key, KeyClaims()).add(event, key)
    order = {event["id"]: n for n, event in enumerate(events)}
    made, alone = [], []
    for key, group in by_key.items():
        answered = set()
        for supporting, signatures in zip(group.supporting, group.links()):
            answered.update(signatures)
            disputing = sorted((d for s in signatures for d in group.denials[s]), key=lambda e: order[e["id"]])
            made.append(as_record(key, supporting, disputing, stories))
        alone += [d for s, denials in group.denials.items() if s not in answered for d in denials]
    made.sort(key=lambda record: order[record["events"][0]])
    alone.sort(key=lambda e: order[e["id"]])
    return made + [as_record(claim_key(d, countries), [], [d], stories) for d in alone]


def as_record(key: ClaimKey, supporting: list[dict], disputing: list[dict], stories: dict[str, str]) -> dict:
    """A claim in the export's shape, named after its first supporting event (or its lone denial)."""
    first = (supporting or disputing)[0]
    independent = {stories.get(e["document"], e["document"]) for e in supporting}
    documents = {voice(e)["document"] for e in supporting + disputing}
    summary = None
    for event in supporting:
        summary = summarise(summary, event)
    return {"id": f"claim:{first['id']}", "type": key[0], "source": key[1], "target": key[2], "events": [e["id"] for e in supporting + disputing],
            "status": status(bool(supporting), bool(disputing), len(independent)),
            "documents": sorted(documents), "independent_stories": len(independent),
            "supporting": [voice(e) for e in supporting], "disputing": [voice(e) for e in disputing],
            "summary": summary or summarise(None, {"weapons": []})}
