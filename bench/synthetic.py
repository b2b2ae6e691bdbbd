"""A synthetic store for the growth benchmarks: N documents of generated news, written as analyses.

Copies of the bundled samples (corpus.py) tell the same 13 stories over and over, which no real store
does. Here each document tells a new story about a pair of states drawn with Zipf-like popularity (a
few pairs such as RUS-IRN or USA-TWN come up all the time, most rarely), in generated sentences whose
records are built with their offsets as the pipeline emits them: events of the PLOVER types with
mode, factuality and its cue, parties (some missing), weapons from the catalogue, quantities, sums,
dates at day, month or year precision, places, attributions and evidence. Parties, speakers,
weapons, places and outlets come from the gazetteers the pipeline reads. Nothing is parsed: the
analyses go straight to the single writer, `BATCH` documents a transaction. About one document in
twenty is a syndicated near-copy of an earlier one. Seeded: a size and a seed give the same store.

    python bench/synthetic.py --documents 10000 --out /tmp/synthetic.db [--seed 0]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import time
from bisect import bisect
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path

from rich.progress import track

from corpus import copy_analysis
from dossier import lexicons
from dossier.extract.actors import slug
from dossier.pipeline import new_outcome
from dossier.records import (
    Actor, Analysis, Attribution, Cue, DateValue, Document, Event, EventAttribution, Evidence, Location,
    WEAPON_CATEGORIES, Mention, Money, Quantity, Span, Weapon,
)
from dossier.store import StoreWriter, open_store

BATCH = 500  # documents per write, one transaction each
COPY_SHARE = 0.05  # documents that are a syndicated near-copy of an earlier one
EVENTS = (6, 24)  # events per document, drawn evenly: about 15 on average
FIRST_YEAR, LAST_YEAR = 1995, 2025

# Sixty states, most reported first: a state's rank sets how often it is drawn as a third party.
STATES = (
    "USA RUS CHN UKR IRN ISR TUR IND FRA DEU GBR PRK TWN SAU PAK JPN KOR SYR EGY ARE QAT POL IRQ BLR "
    "VEN AZE ARM KAZ GRC ITA ESP NLD NOR SWE FIN DNK CAN AUS IDN MYS VNM PHL THA MMR BGD DZA MAR LBY "
    "NGA ETH SDN YEM LBN JOR KWT OMN BRA ARG SRB HUN"
).split()
# The pairs news returns to most, as (supplier or actor, recipient or target): the head of the ranking,
# the other pairs of STATES following in a seeded order.
HOT_PAIRS = (
    ("RUS", "IRN"), ("USA", "TWN"), ("USA", "UKR"), ("IRN", "RUS"), ("RUS", "PRK"), ("CHN", "PAK"),
    ("USA", "ISR"), ("RUS", "IND"), ("FRA", "EGY"), ("DEU", "UKR"), ("PRK", "RUS"), ("TUR", "AZE"),
    ("CHN", "RUS"), ("USA", "SAU"), ("GBR", "UKR"), ("RUS", "SYR"), ("USA", "KOR"), ("IRN", "SYR"),
    ("FRA", "IND"), ("RUS", "TUR"), ("USA", "JPN"), ("ISR", "AZE"), ("CHN", "IRN"), ("USA", "POL"),
)
ZIPF = 1.1  # exponent of the pairs' popularity: the top pair is drawn ~12% of the time, rank 100 ~0.1%

TYPE_WEIGHTS = {
    "AID": 24, "AGREE": 15, "CONSULT": 10, "SANCTION": 8, "ACCUSE": 8, "REQUEST": 6, "SUPPORT": 5,
    "THREATEN": 4, "MOBILIZE": 4, "COOPERATE": 4, "ASSAULT": 4, "REJECT": 3, "PROTEST": 1.5,
    "COERCE": 1.5, "CONCEDE": 1, "RETREAT": 1,
}
# One clause per trigger: type, mode, contexts, the verb's "base|past|participle|gerund" and the rest of
# the clause. Slots: {T} target, {W} weapon, {Q} quantity, {M} sum, {D} date, {L} place; a [part] is
# dropped unless each of its slots is filled. A weapon in the rest makes an event of military mode.
CLAUSES = (
    ("AID", "military", "military", "deliver|delivered|delivered|delivering", " [{Q} ]{W}[ to {T}][ {D}]"),
    ("AID", "military", "military", "supply|supplied|supplied|supplying", "[ {T} with] [{Q} ]{W}[ {D}]"),
    ("AID", "military", "military", "ship|shipped|shipped|shipping", " [{Q} ]{W}[ to {T}][ {D}]"),
    ("AID", "military", "military", "sell|sold|sold|selling", " [{Q} ]{W}[ to {T}][ for {M}][ {D}]"),
    ("AID", "military", "military", "transfer|transferred|transferred|transferring", " {W}[ to {T}][ {D}]"),
    ("AID", "military", "military", "export|exported|exported|exporting", " {W}[ to {T}][ worth {M}][ {D}]"),
    ("AID", "training", "military", "train|trained|trained|training", "[ {T}'s] pilots to fly {W}[ {D}]"),
    ("AID", None, "economic", "fund|funded|funded|funding", "[ {T}'s] purchase of {W}[ with {M}][ {D}]"),
    ("AID", None, "humanitarian", "donate|donated|donated|donating", " field hospitals[ to {T}][ {D}]"),
    ("AGREE", None, "military", "order|ordered|ordered|ordering", " [{Q} ]{W}[ from {T}][ worth {M}][ {D}]"),
    ("AGREE", None, "military", "buy|bought|bought|buying", " [{Q} ]{W}[ from {T}][ for {M}][ {D}]"),
    ("AGREE", None, "", "sign|signed|signed|signing", " a deal[ with {T}] for {W}[ worth {M}][ {D}]"),
    ("AGREE", None, "", "sign|signed|signed|signing", " a defence cooperation accord[ with {T}][ {D}]"),
    ("AGREE", None, "", "pledge|pledged|pledged|pledging", " [{Q} ]{W}[ to {T}][ {D}]"),
    ("CONSULT", "meet", "diplomatic", "meet|met|met|meeting", "[ officials from {T}][ in {L}][ {D}]"),
    ("CONSULT", "visit", "diplomatic", "visit|visited|visited|visiting", "[ {T}][ {D}] for arms talks"),
    ("CONSULT", "host", "diplomatic", "host|hosted|hosted|hosting", " talks[ with {T}][ in {L}][ {D}]"),
    ("COOPERATE", None, "intelligence", "share|shared|shared|sharing", " intelligence[ with {T}][ {D}]"),
    ("COOPERATE", None, "", "cooperate|cooperated|cooperated|cooperating", "[ with {T}] on {W} upkeep[ {D}]"),
    ("SUPPORT", None, "diplomatic", "back|backed|backed|backing", "[ {T}'s] bid for {W}[ {D}]"),
    ("SUPPORT", None, "diplomatic", "praise|praised|praised|praising", "[ {T}'s] defence ties[ {D}]"),
    ("REQUEST", None, "", "ask|asked|asked|asking", "[ {T}] for {W}[ {D}]"),
    ("REQUEST", None, "", "request|requested|requested|requesting", " [{Q} ]{W}[ from {T}][ {D}]"),
    ("REQUEST", None, "", "urge|urged|urged|urging", "[ {T}] to speed up {W} deliveries[ {D}]"),
    ("ACCUSE", "allege", "", "accuse|accused|accused|accusing", "[ {T}] of arming its rivals with {W}[ {D}]"),
    ("ACCUSE", "disapprove", "", "condemn|condemned|condemned|condemning", "[ {T}'s] purchase of {W}[ {D}]"),
    ("SANCTION", None, "", "sanction|sanctioned|sanctioned|sanctioning", "[ {T}'s] arms agency over {W}[ {D}]"),
    ("SANCTION", "discontinue", "", "suspend|suspended|suspended|suspending", " the {W} contract[ with {T}][ {D}]"),
    ("SANCTION", None, "economic", "blacklist|blacklisted|blacklisted|blacklisting", " [{Q} ]firms[ from {T}][ {D}]"),
    ("SANCTION", "expel", "diplomatic", "expel|expelled|expelled|expelling", "[ {T}'s] military attaches[ {D}]"),
    ("THREATEN", None, "", "threaten|threatened|threatened|threatening", "[ {T}] with sanctions over {W}[ {D}]"),
    ("THREATEN", None, "", "warn|warned|warned|warning", "[ {T}] against buying {W}[ {D}]"),
    ("REJECT", None, "", "reject|rejected|rejected|rejecting", "[ {T}'s] offer of {W}[ {D}]"),
    ("REJECT", None, "", "refuse|refused|refused|refusing", " to sell {W}[ to {T}][ {D}]"),
    ("MOBILIZE", "troops", "military", "deploy|deployed|deployed|deploying", " [{Q} ]{W}[ near {T}'s border][ {D}]"),
    ("ASSAULT", None, "military", "strike|struck|struck|striking", "[ targets in {T}] with {W}[ near {L}][ {D}]"),
    ("ASSAULT", None, "military", "shoot down|shot down|shot down|shooting down", "[ {T}'s] {W}[ over {L}][ {D}]"),
    ("COERCE", "seize", "military", "seize|seized|seized|seizing", " a shipment of {W}[ bound for {T}][ {D}]"),
    ("PROTEST", None, "", "protest|protested|protested|protesting", " against the sale of {W}[ to {T}][ {D}]"),
    ("CONCEDE", None, "", "ease|eased|eased|easing", " curbs on {W} exports[ to {T}][ {D}]"),
    ("RETREAT", "withdraw", "military", "withdraw|withdrew|withdrawn|withdrawing", " [{Q} ]{W}[ from {T}][ {D}]"),
)
BASE, PAST, PARTICIPLE, GERUND = range(4)
# How a sentence frames its clause, by factuality: (template, cue, cue kind or None, verb form). {S}
# source, {P} speaker, {C} cue, {V} trigger, {R} the clause's rest; <...> is the attributed content.
FRAMINGS = {
    "asserted": (("<{S} {V}{R}>.", None, None, PAST),),
    "reported": (("<{S} {V}{R}>, {P} {C}.", "said", None, PAST),
                 ("{C} {P}, <{S} {V}{R}>.", "According to", None, PAST),
                 ("{P} {C} <{S} had {V}{R}>.", "said", None, PARTICIPLE),
                 ("<{S} {C} {V}{R}>.", "reportedly", "hedge", PAST)),
    "expected": (("<{S} {C} {V}{R}>.", "will", "hedge", BASE),
                 ("<{S} {C} {V}{R}>, {P} said.", "is expected to", "hedge", BASE),
                 ("{P} said <{S} {C} {V}{R}>.", "promised to", "forecast", BASE)),
    "alleged": (("<{S} {C} {V}{R}>.", "allegedly", "hedge", PAST),
                ("{P} {C} <{S} of {V}{R}>.", "accused", "allegation", GERUND)),
    "denied": (("<{S} {C} {V}{R}>.", "denied", "denial", GERUND),),
    "speculated": (("<{S} {C} have {V}{R}>.", "may", "hedge", PARTICIPLE),
                   ("<{S} {C} {V}{R}>, {P} said.", "probably", "hedge", PAST)),
    "requested": (("{P} {C} <{S} to {V}{R}>.", "asked", "request", BASE),
                  ("{P} {C} <{S} to {V}{R}>.", "called on", "request", BASE)),
}
FACTUALITY_WEIGHTS = {"asserted": 40, "reported": 18, "expected": 14, "requested": 9, "alleged": 8,
                      "denied": 6, "speculated": 5}
SPEAKER_WEIGHTS = {"named": 35, "government": 30, "anonymous": 15, "state_media": 8, "outlet": 7, "analyst": 5}
ANONYMOUS = ("officials speaking on condition of anonymity", "a senior official", "two people familiar with the talks",
             "sources close to the negotiations", "a diplomat briefed on the matter", "a defence industry source")
UNRESOLVED = ("Officials", "The government", "The ministry", "The two sides", "The buyer", "Its navy")
# Sentences with no event: background, colour and boilerplate. {A}, {B} name states.
FILLERS = (
    "{A} and {B} have deepened their defence ties since {Y}.",
    "The {W} entered service in {Y}, according to figures compiled by analysts.",
    "{B}'s embassy did not respond to a request for comment on {N} questions sent by email.",
    "Analysts said the move could shift the military balance around {A} for {N} years or more.",
    "Talks on the package began in {Y} and stalled at least {N} times.",
    "Neither {A} nor {B} disclosed the terms, which diplomats put at {M}.",
    "{B} has sought to diversify its arms suppliers since {Y}.",
    "Parliament in {A} debated the issue for {N} hours on a motion tabled in {Y}.",
    "The {W} is built in {A}, which exported about {N} units last decade.",
    "Satellite images taken in {Y} showed {N} launch sites near the coast of {B}.",
)
QUANTITY_FORMS = {"{n}": 65, "more than {n}": 15, "up to {n}": 10, "about {n}": 10}
CURRENCIES = {"USD": 75, "EUR": 20, "GBP": 5}
YEARS = {year: 1 + 3 * (year - FIRST_YEAR) / (LAST_YEAR - FIRST_YEAR) for year in range(FIRST_YEAR, LAST_YEAR + 1)}
# Who does what to whom, by type: a = the story's first state, b = its partner, c = a third state.
DIRECTIONS = {
    "reaction": {"ca": 5, "cb": 3, "ba": 2},  # ACCUSE, SANCTION ... aimed at the deal's parties
    "force": {"bc": 4, "ac": 3, "cb": 3},  # ASSAULT, MOBILIZE, RETREAT
    "request": {"ba": 7, "ab": 3},
    "deal": {"ab": 8, "ba": 2},
}
SIDES = {"ACCUSE": "reaction", "SANCTION": "reaction", "THREATEN": "reaction", "PROTEST": "reaction",
         "REJECT": "reaction", "COERCE": "reaction", "ASSAULT": "force", "MOBILIZE": "force", "RETREAT": "force",
         "REQUEST": "request", "order": "request", "buy": "request"}  # a buyer is the partner
UNCOUNTED = {"aircraft", "materiel", "equipment", "ammunition", "artillery", "ordnance", "hardware", "armour"}

_SLOT = re.compile(r"\{(\w)\}|[<>]")
_GROUP = re.compile(r"\[([^\]]*)\]")


def fill(template: str, values: dict[str, str | None]) -> tuple[str, dict[str, tuple[int, int]]]:
    """The template with its slots filled and where each stands: `[...]` parts are kept only when
    every slot in them has a value, and `<...>` marks the span named `content`."""
    kept = _GROUP.sub(lambda group: group[1] if all(values.get(s) is not None for s in _slots(group[1])) else "",
                      template)
    parts: list[str] = []
    spans: dict[str, tuple[int, int]] = {}
    size = last = 0
    for match in _SLOT.finditer(kept):
        literal = kept[last:match.start()]
        parts.append(literal)
        size += len(literal)
        last = match.end()
        if match[0] == "<":
            opened = size
        elif match[0] == ">":
            spans["content"] = (opened, size)
        else:
            value = values[match[1]]
            if value is None:
                raise ValueError(f"slot {match[1]} of {template!r} has no value")
            spans[match[1]] = (size, size + len(value))
            parts.append(value)
            size += len(value)
    parts.append(kept[last:])
    return "".join(parts), spans


def _slots(template: str) -> list[str]:
    return [m[1] for m in _SLOT.finditer(template) if m[1]]


class Draw:
    """Seeded choices by weight from constant tables, their cumulative weights computed once each."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._totals: dict[object, tuple[list, list[float]]] = {}

    def pick(self, weighted: dict):
        """A key of `weighted` (a module-level table, cached by identity), drawn by its weight."""
        table = self._totals.get(id(weighted))
        if table is None:
            table = self._totals[id(weighted)] = (list(weighted), list(accumulate(weighted.values())))
        keys, totals = table
        return keys[self._index(totals)]

    def zipf(self, items: Sequence, exponent: float = 1.0):
        """An item of `items`, the one at rank r drawn with weight 1 / r ** exponent."""
        key = (len(items), exponent)
        if key not in self._totals:
            self._totals[key] = ([], list(accumulate(1 / rank ** exponent for rank in range(1, len(items) + 1))))
        return items[self._index(self._totals[key][1])]

    def _index(self, totals: list[float]) -> int:
        return bisect(totals, self.rng.random() * totals[-1])


@dataclass(frozen=True, slots=True)
class Party:
    """An actor as one sentence names it: the records' id, the words in the text, and the actor."""

    id: str | None  # None: a phrase no actor stands behind ('Officials')
    text: str
    actor: Actor | None
    kind: str  # the speaker kind when it speaks: government, named, state_media ...


class World:
    """What stories are made of, from the gazetteers: states with their names and capitals, their
    bodies and office holders, weapons by maker, places and outlets; and the seeded ranking of pairs."""

    def __init__(self, rng: random.Random) -> None:
        names = lexicons.state_names()
        self.wikidata = lexicons.wikidata()
        self.names = {code: names[code] for code in STATES}
        self.forms: dict[str, list[str]] = {code: [] for code in STATES}
        self.usual = {code: name for code, name in self.names.items()}  # 'the United States'
        for form, entry in lexicons.states().items():
            if entry.id not in self.forms or entry.subkind not in ("alias", "metonym"):
                continue
            if form == f"the {entry.name}":
                self.usual[entry.id] = form
            elif not form.startswith("the "):
                self.forms[entry.id].append(form)
        rest = [(a, b) for a in STATES for b in STATES if a != b and (a, b) not in HOT_PAIRS]
        rng.shuffle(rest)
        self.pairs = [*HOT_PAIRS, *rest]
        self.bodies: dict[str, list[Actor]] = {code: [] for code in STATES}
        self.media: dict[str, list[Actor]] = {code: [] for code in STATES}
        outlets, analysts = {}, {}
        for entry in {entry.id: entry for entry in lexicons.organizations().values()}.values():
            actor = Actor(entry.id, entry.name, entry.kind, entry.country, wikidata=self.wikidata.get(entry.id))
            if entry.country in self.bodies and entry.subkind in ("government", "military"):
                self.bodies[entry.country].append(actor)
            elif entry.country in self.media and entry.subkind == "state_media":
                self.media[entry.country].append(actor)
            elif entry.subkind == "outlet":
                outlets[entry.id] = actor
            elif entry.subkind == "think_tank":
                analysts[entry.id] = actor
        self.outlets, self.analysts = list(outlets.values()), list(analysts.values())
        self.holders: dict[str, list[lexicons.OfficeTerm]] = {code: [] for code in STATES}
        for term in sorted({t for terms in lexicons.office_holders().values() for t in terms},
                           key=lambda t: (t.country or "", t.start, t.name, t.role)):
            if term.country in self.holders:
                self.holders[term.country].append(term)
        systems = {entry.id: entry for entry in lexicons.weapon_systems().values()}
        self.systems: dict[str, list[lexicons.Entry]] = {}
        for entry in systems.values():
            self.systems.setdefault(entry.country or "", []).append(entry)
        self.generic = sorted((phrase, category) for phrase, category in lexicons.weapon_phrases().items()
                              if category in WEAPON_CATEGORIES)  # the table also lists look-alikes: 'not a weapon'
        self.places = sorted(lexicons.places().items())
        self.clauses = {kind: [c for c in CLAUSES if c[0] == kind] for kind in TYPE_WEIGHTS}


class Story:
    """One document being written: its text so far and everything found in it, with offsets."""

    def __init__(self, world: World, draw: Draw, doc_id: str, published: date, outlet: Actor) -> None:
        self.world, self.draw, self.rng = world, draw, draw.rng
        self.id, self.published, self.outlet = doc_id, published, outlet
        self.parts: list[str] = []
        self.size = 0
        self.actors: dict[str, Actor] = {}
        self.mentions: list[Mention] = []
        self.attributions: list[Attribution] = []
        self.events: list[Event] = []
        self.cues: list[Cue] = []
        self.a, self.b = draw.zipf(world.pairs, ZIPF)
        self.c = self.a
        while self.c in (self.a, self.b):
            self.c = draw.zipf(STATES)
        self.sentences = 0
        self.in_office: dict[str, list[lexicons.OfficeTerm]] = {}  # by state, on the publication day

    def analysis(self) -> Analysis:
        text = "".join(self.parts)
        first = self.events[0].evidence[0].sentence if self.events else text[:80]
        title = _headline(first)
        document = Document(self.id, text, hashlib.sha256(text.encode()).hexdigest(), title=title,
                            outlet=self.outlet.name, url=f"https://news.example/{slug(self.outlet.name)}/{self.id}",
                            published=self.published.isoformat(), language="en", origin=f"synthetic:{self.id}")
        return Analysis(document, list(self.actors.values()), self.mentions, self.attributions, self.events, self.cues)

    def add(self, text: str) -> int:
        """Append a sentence (a paragraph break every few); where it starts."""
        if self.parts:
            gap = "\n\n" if self.sentences % 3 == 0 else " "
            self.parts.append(gap)
            self.size += len(gap)
        start = self.size
        self.parts.append(text)
        self.size += len(text)
        self.sentences += 1
        return start

    def party(self, code: str, persons: float = 0.12, bodies: float = 0.18) -> Party:
        """Who acts for a state in a sentence: mostly the state, else with these shares one of its
        bodies or, when one is in office on the publication day, an office holder."""
        roll = self.rng.random()
        if code not in self.in_office:
            self.in_office[code] = [t for t in self.world.holders[code] if t.covers(self.published)]
        terms = self.in_office[code]
        if roll < persons and terms:
            term = self.rng.choice(terms)
            actor = Actor("person:" + slug(term.name), term.name, "person", code, roles=[term.role],
                          wikidata=term.wikidata)
            title = " ".join(w if w in ("of", "the", "and", "for") else w.capitalize() for w in term.role.split())
            return Party(actor.id, f"{title} {term.name}", actor, "named")
        if roll < persons + bodies and self.world.bodies[code]:
            actor = self.rng.choice(self.world.bodies[code])
            return Party(actor.id, actor.name, actor, "government")
        name = self.world.names[code]
        forms = self.world.forms[code]
        text = self.rng.choice(forms) if forms and self.rng.random() < 0.2 else self.world.usual[code]
        actor = Actor(code, name, "state", code, aliases=[text] if text not in (name, self.world.usual[code]) else [],
                      wikidata=self.world.wikidata.get(code))
        return Party(code, text, actor, "government")

    def speaker(self, codes: Sequence[str]) -> Party:
        kind = self.draw.pick(SPEAKER_WEIGHTS)
        code = self.rng.choice(codes)
        if kind == "named":
            found = self.party(code)
            if found.kind == "named":
                return found
            kind = "government"
        if kind == "government":
            return self.party(code, persons=0)
        if kind == "state_media" and self.world.media[code]:
            actor = self.rng.choice(self.world.media[code])
            return Party(actor.id, f"{actor.name}", actor, "state_media")
        if kind == "outlet":
            return Party(self.outlet.id, self.outlet.name, self.outlet, "outlet")
        if kind == "analyst":
            actor = self.rng.choice(self.world.analysts)
            return Party(actor.id, f"analysts at {actor.name}", actor, "analyst")
        return Party(None, self.rng.choice(ANONYMOUS), None, "anonymous")

    def mention(self, party: Party, span: tuple[int, int], at: int) -> None:
        """Record the party's actor and its mention at the span (sentence offsets, sentence at `at`)."""
        if party.id is None or party.actor is None:
            return
        known = self.actors.get(party.id)
        if known is None:
            self.actors[party.id] = party.actor
        elif party.actor.aliases and party.actor.aliases[0] not in known.aliases:
            known.aliases.append(party.actor.aliases[0])
        start, end = at + span[0], at + span[1]
        if party.kind == "named" or party.text.startswith("analysts at "):  # the name, not the title
            start = end - len(party.actor.name)
        self.mentions.append(Mention(self.id, start, end, self.parts[-1][start - at:end - at], party.id))

    def sentence(self) -> None:
        """One sentence that states one event, or two when it names two sources."""
        kind = self.draw.pick(TYPE_WEIGHTS)
        event_type, mode, context, verbs, rest = self.rng.choice(self.world.clauses[kind])
        source_code, target_code = self._direction(kind, verbs.split("|")[0])
        factuality = self.draw.pick(FACTUALITY_WEIGHTS)
        template, cue, cue_kind, form = self.rng.choice(FRAMINGS[factuality])
        if self.rng.random() < 0.04:
            source = Party(None, self.rng.choice(UNRESOLVED), None, "government")
        else:
            source = self.party(source_code)
        target = self.party(target_code, persons=0, bodies=0.1) if self.rng.random() > 0.08 else None
        second = None
        if source.id is not None and self.rng.random() < 0.3:
            ally = self.draw.zipf(STATES)
            if ally not in (source_code, target_code):
                second = self.party(ally, persons=0)
                template = template.replace("{S}", "{S} and {X}", 1)
        voices = [code for code in (target_code, self.c, self.b) if code != source_code]
        speaker = self.speaker(voices) if "{P}" in template else None
        weapon = self._weapon() if "{W}" in rest else None
        future = factuality in ("expected", "requested")
        values = {
            "S": source.text, "X": second.text if second else None, "P": speaker.text if speaker else None,
            "C": cue, "V": verbs.split("|")[form], "T": target.text if target else None,
            "W": weapon.text if weapon else None,
            "Q": None, "M": None, "D": None, "L": None,
        }
        quantity = self._quantity() if "{Q}" in rest and self.rng.random() < 0.5 else None
        money = self._money() if "{M}" in rest and self.rng.random() < 0.4 else None
        when = self._date(future) if self.rng.random() < 0.6 else None
        place = self.rng.choice(self.world.places) if "{L}" in rest and self.rng.random() < 0.5 else None
        values.update(Q=quantity.text if quantity else None, M=money.text if money else None,
                      D=when[0] if when else None, L=place[0] if place else None)
        text, spans = fill(template.replace("{R}", rest), values)
        if text[0].islower():
            text = text[0].upper() + text[1:]
        at = self.add(text)
        for name, party in (("S", source), ("X", second), ("T", target), ("P", speaker)):
            if party is not None:
                self.mention(party, spans[name], at)

        def span(name: str) -> Span:
            start, end = spans[name]
            return Span(at + start, at + end, text[start:end])

        trigger = span("V")
        evidence = Evidence(self.id, at, at + len(text), text)
        held: list[EventAttribution] = []
        if speaker is not None or cue_kind in ("denial", "allegation"):
            teller = speaker or source
            told = span("P" if speaker else "S")
            self.attributions.append(Attribution(f"{self.id}:a{len(self.attributions) + 1}", self.id, told,
                                                 span("C"), span("content"), teller.id, teller.kind))
            held.append(EventAttribution(teller.id, told.text, teller.kind, cue, self.outlet.name))
        if cue_kind is not None:
            found = span("C")
            self.cues.append(Cue(self.id, found.start, found.end, found.text, cue_kind))
        weapons = []
        if weapon is not None:
            start = at + spans["W"][0]
            weapons.append(Weapon(weapon.system, weapon.category, weapon.text, start, start + len(weapon.text)))
        location = Location(place[0], place[1]) if place and "L" in spans else None
        armed = weapons and event_type == "AID"  # as the pipeline: aid with a weapon is military aid
        sources = [source] if second is None else [source, second]
        for party in sources:
            others = [p.id for p in sources if p is not party and p.id]
            self.events.append(Event(
                f"{self.id}:e{len(self.events) + 1}", event_type, "military" if armed else mode,
                party.id, target.id if target else None, trigger, others=others,
                context=["military"] if armed else [c for c in [context] if c],
                date=when[1] if when and "D" in spans else None, location=location, weapons=list(weapons),
                quantity=quantity if quantity and "Q" in spans else None,
                value=money if money and "M" in spans else None, factuality=factuality,
                attributions=list(held), evidence=[evidence]))

    def filler(self) -> None:
        """A sentence of background that states no event."""
        template = self.rng.choice(FILLERS)
        a, b = self.party(self.a, persons=0, bodies=0), self.party(self.b, persons=0, bodies=0)
        weapon = self._weapon()
        year = self.rng.randint(FIRST_YEAR - 20, self.published.year)
        values = {"A": a.text, "B": b.text, "W": weapon.text, "Y": str(year), "N": str(self.rng.randint(2, 90)),
                  "M": self._money().text}
        text, spans = fill(template, values)
        at = self.add(text)
        for name, party in (("A", a), ("B", b)):
            if name in spans:
                self.mention(party, spans[name], at)

    def _direction(self, kind: str, verb: str) -> tuple[str, str]:
        """Source and target states of an event of this type in this story."""
        roles = {"a": self.a, "b": self.b, "c": self.c}
        source, target = self.draw.pick(DIRECTIONS[SIDES.get(verb, SIDES.get(kind, "deal"))])
        return roles[source], roles[target]

    def _weapon(self) -> Weapon:
        """A system the story's supplier makes (the catalogue's designation), or a generic phrase."""
        made = self.world.systems.get(self.a)
        if made and self.rng.random() < 0.7:
            entry = self.draw.zipf(made)
            return Weapon(entry.id, entry.kind, entry.id)
        phrase, category = self.rng.choice(self.world.generic)
        uncounted = phrase.endswith(("s", "y")) or phrase.split()[-1] in UNCOUNTED
        return Weapon(None, category, phrase if uncounted else phrase + "s")

    def _quantity(self) -> Quantity:
        n = max(2, int(self.rng.lognormvariate(2.5, 1.2)))
        form = self.draw.pick(QUANTITY_FORMS)
        return Quantity(None if form.startswith("up to") else n, None if form.startswith("more") else n,
                        form.format(n=n))

    def _money(self) -> Money:
        if self.rng.random() < 0.6:
            amount, scale = self.rng.randint(20, 950), "million"
        else:
            amount, scale = self.rng.randint(10, 150) / 10, "billion"
        value = amount * (1e6 if scale == "million" else 1e9)
        currency = self.draw.pick(CURRENCIES)
        number = f"{amount:g} {scale}"
        text = {"USD": f"${number}", "EUR": f"{number} euros", "GBP": f"£{number}"}[currency]
        return Money(value, currency, text)

    def _date(self, future: bool) -> tuple[str, DateValue]:
        """A date phrase near the publication day, forward for what is expected, and its value."""
        sign = 1 if future else -1
        roll, published = self.rng.random(), self.published
        if roll < 0.5:
            day = published + timedelta(days=sign * self.rng.randint(0, 60))
            iso = day.isoformat()
            if abs((day - published).days) < 7 and day != published:
                return f"on {day:%A}", DateValue(iso, iso, f"{day:%A}")
            return f"on {day:%B} {day.day}, {day.year}", DateValue(iso, iso, f"{day:%B} {day.day}, {day.year}")
        if roll < 0.8:
            months = published.year * 12 + published.month - 1 + sign * self.rng.randint(0, 14)
            year, month = divmod(months, 12)
            iso = f"{year}-{month + 1:02d}"
            name = date(year, month + 1, 1).strftime("%B")
            return f"in {name} {year}", DateValue(iso, iso, f"{name} {year}")
        year = published.year + sign * self.rng.randint(0, 8)
        return f"in {year}", DateValue(str(year), str(year), str(year))


def _headline(sentence: str) -> str:
    """A title from the lead sentence: its first clause, cut at a word near 90 characters."""
    title = sentence.rstrip(".").split(", ")[0]
    return title if len(title) <= 90 else title[:90].rsplit(" ", 1)[0]


def _published(draw: Draw) -> date:
    """A day from 1995 to 2025, later years more likely (there is more news about them)."""
    return date(draw.pick(YEARS), 1, 1) + timedelta(days=draw.rng.randint(0, 364))


def analyses(documents: int, seed: int = 0) -> Iterator[Analysis]:
    """`documents` analyses of generated stories, the same ones for the same seed."""
    rng = random.Random(seed)
    draw = Draw(rng)
    world = World(rng)
    recent: deque[Analysis] = deque(maxlen=2000)
    copied: set[tuple[str, str]] = set()  # (original, outlet): an outlet runs a story once
    for n in range(documents):
        doc_id = hashlib.sha256(f"synthetic:{seed}:{n}".encode()).hexdigest()[:16]
        outlet = draw.zipf(world.outlets)
        if recent and rng.random() < COPY_SHARE:
            original = rng.choice(recent)
            if (original.document.id, outlet.id) not in copied and original.document.outlet != outlet.name:
                copied.add((original.document.id, outlet.id))
                yield _syndicated(original, doc_id, outlet, rng)
                continue
        story = Story(world, draw, doc_id, _published(draw), outlet)
        wanted = rng.randint(*EVENTS)
        while len(story.events) < wanted:
            if rng.random() < 0.2:
                story.filler()
            story.sentence()
        analysis = story.analysis()
        recent.append(analysis)
        yield analysis


def _syndicated(original: Analysis, doc_id: str, outlet: Actor, rng: random.Random) -> Analysis:
    """A near-copy of `original` as another outlet runs it: a line of its own at the end."""
    credit = f"\n\nThis report was first published by {original.document.outlet} and edited by {outlet.name}."
    twin = copy_analysis(original, doc_id, credit)
    day = date.fromisoformat(original.document.published) + timedelta(days=rng.randint(0, 2))
    twin.document.outlet, twin.document.published = outlet.name, day.isoformat()
    twin.document.url = f"https://news.example/{slug(outlet.name)}/{doc_id}"
    twin.document.origin = f"synthetic:{doc_id}"
    for event in twin.events:
        for held in event.attributions:
            held.outlet = outlet.name
    return twin


def build_store(path: str, documents: int, seed: int = 0, *, progress: bool = True) -> dict[str, int]:
    """Write `documents` generated documents into a new store at `path`; how many documents and
    events were written. Stops if the store refuses any (a figure on a short store would mislead).
    A bulk load: the batches are written without fusion's tables, which are rebuilt once at the end
    (`dossier fuse --rebuild`); bench_growth.py times the incremental path apart."""
    if Path(path).exists():
        raise FileExistsError(f"{path} exists: build_store writes a new store")
    engine = open_store(path)
    generated = analyses(documents, seed)
    written = {"documents": 0, "events": 0}
    with StoreWriter(engine, fuse=False) as writer:
        batches = range(0, documents, BATCH)
        for start in track(batches, description=f"{documents} documents", disable=not progress):
            batch = [next(generated) for _ in range(start, min(start + BATCH, documents))]
            outcomes = writer.write(batch, [new_outcome(a) for a in batch])
            refused = [o for o in outcomes if o.status != "new"]
            if refused:
                raise RuntimeError(f"the store refused {len(refused)} documents, first: {refused[0]}")
            written["documents"] += len(batch)
            written["events"] += sum(len(a.events) for a in batch)
        writer.rebuild_fusion()
    engine.dispose()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--out", required=True, help="path of the new SQLite store")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    start = time.perf_counter()
    written = build_store(args.out, args.documents, args.seed)
    seconds = time.perf_counter() - start
    print(f"{written['documents']} documents, {written['events']} events in {seconds:.0f} s "
          f"({written['documents'] / seconds:.0f} documents/s): {args.out}")


if __name__ == "__main__":
    main()
