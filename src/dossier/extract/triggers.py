"""The event-trigger lexicon: `resources/event_triggers.tsv` read into `Trigger` records, and indexed so
that one dict lookup a token finds every trigger (ten times faster than a spaCy Matcher with this many
patterns). The file's header documents the role language; `parse_roles` reads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Token

from dossier import lexicons
from dossier.extract.senses import SENSES
from dossier.records import EVENT_TYPES

TRIGGERS_FILE = "event_triggers.tsv"
LIGHT = "LIGHT"
CARRIER = "CARRIER"
FLAGS = frozenset({"+src", "+tgt", "!clause", "!event", "absorb"})
SLOTS = frozenset({"subj", "obj", "dative", "poss", "origin", "up.subj", "if.subj"})  # besides prepositions and 'comp.' slots
MAX_GAP = 4  # words that may stand between the words of a phrase: 'broke off diplomatic relations'
GOVERNED = {"dobj", "obj", "nsubjpass", "dative", "attr", "oprd", "ccomp", "xcomp", "prt"}  # a verb's arguments, not
# its adjuncts: 'struck ... according to' is no 'struck an accord'
GAP_POS = {"DET", "ADJ", "ADV", "NUM", "NOUN", "PROPN", "PRON", "PART", "ADP", "PUNCT", "CCONJ"}  # "cut diplomatic and trade ties"


@dataclass(frozen=True, slots=True)
class Trigger:
    """One lexicon entry: the words that name an event and how its arguments are found."""

    lemma: str
    pos: str
    type: str
    mode: str | None
    context: tuple[str, ...]
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    reciprocal: bool
    flags: frozenset[str]
    sense: str | None = None  # a sense of `senses.py` ('@weapon'): tried before the lemma's plain entry, only when it holds

    @property
    def key(self) -> str:
        return f"{self.lemma}/{self.pos}{self.sense or ''}"

    @property
    def words(self) -> list[list[str]]:
        return [word.split("|") for word in self.lemma.split()]


@dataclass(frozen=True, slots=True)
class Lexicon:
    triggers: dict[str, Trigger]
    light: frozenset[str]  # support verbs: 'held talks'
    carriers: frozenset[str]  # nouns an event noun can modify: 'a mediation effort'


def _cell(value: str) -> str | None:
    return None if value in {"", "-"} else value


def parse_roles(spec: str) -> tuple[tuple[str, ...], tuple[str, ...], bool, frozenset[str]]:
    """'subj~with,to absorb' -> (('subj',), ('with', 'to'), True, {'absorb'})."""
    roles, *flags = spec.split()
    senses = {flag for flag in flags if flag.startswith("@")}
    if senses - SENSES.keys():
        raise ValueError(f"unknown sense {sorted(senses - SENSES.keys())} in roles {spec!r}; registered in "
                         f"extract/senses.py: {sorted(SENSES)}")
    unknown = set(flags) - FLAGS - senses
    if unknown:
        raise ValueError(f"unknown flags {sorted(unknown)} in roles {spec!r}; valid: {sorted(FLAGS)}, or a sense")
    if len(senses) > 1:
        raise ValueError(f"roles {spec!r} name more than one sense condition")
    reciprocal = "~" in roles
    source, _, target = roles.partition("~" if reciprocal else ">")
    if not _:
        raise ValueError(f"roles {spec!r} need SOURCE>TARGET or SOURCE~TARGET")
    return _slots(source, spec), _slots(target, spec), reciprocal, frozenset(flags)


def _slots(side: str, spec: str) -> tuple[str, ...]:
    slots = tuple(slot for slot in side.split(",") if slot)
    for slot in slots:
        name = slot.removeprefix("comp.")
        if name not in SLOTS and not (name.isalpha() and name.islower()):
            raise ValueError(f"unknown slot {slot!r} in roles {spec!r}; valid: {sorted(SLOTS)}, a preposition, "
                             "or either after 'comp.'")
    return slots


@cache
def lexicon() -> Lexicon:
    """The trigger lexicon, read once."""
    triggers: dict[str, Trigger] = {}
    light: set[str] = set()
    carriers: set[str] = set()
    for row in lexicons.read_table(TRIGGERS_FILE):
        if row["type"] in {LIGHT, CARRIER}:
            (light if row["type"] == LIGHT else carriers).add(row["lemma"])
            continue
        if row["type"] not in EVENT_TYPES:
            raise ValueError(f"{TRIGGERS_FILE}: unknown type {row['type']!r} for {row['lemma']!r}")
        sources, targets, reciprocal, flags = parse_roles(row["roles"])
        context = tuple(lexicons.split_list(row["context"])) if _cell(row["context"]) else ()
        sense = next((flag for flag in flags if flag in SENSES), None)
        trigger = Trigger(row["lemma"], row["pos"], row["type"], _cell(row["mode"]), context,
                          sources, targets, reciprocal, flags - {sense}, sense)
        if trigger.key in triggers:
            raise ValueError(f"{TRIGGERS_FILE}: {trigger.key} is listed twice")
        triggers[trigger.key] = trigger
    return Lexicon(triggers, frozenset(light), frozenset(carriers))


@cache
def index() -> tuple[dict[tuple[str, str], list[Trigger]], dict[str, list[Trigger]]]:
    """One-word triggers by (lemma, part of speech), conditional senses first, and phrases by their first
    word: one dict lookup a token."""
    words: dict[tuple[str, str], list[Trigger]] = {}
    phrases: dict[str, list[Trigger]] = {}
    for trigger in sorted(lexicon().triggers.values(), key=lambda t: t.sense is None):
        first = trigger.words[0]
        for word in first:
            if len(trigger.words) == 1:
                words.setdefault((word, trigger.pos), []).append(trigger)
            else:
                phrases.setdefault(word, []).append(trigger)
    return words, phrases


def phrase_at(doc: Doc, start: int, trigger: Trigger) -> list[Token] | None:
    """The words of `trigger` from token `start` on, with up to MAX_GAP modifiers between words; a
    verb phrase's later word may also be any word the verb governs, wherever it stands ('cancelled a
    12.7-billion-peso deal', 'the purchase of the jets has been cancelled', 'declared the ambassador,
    Raquel Serur, persona non grata')."""
    found = [doc[start]]
    for alternatives in trigger.words[1:]:
        nxt = _next_word(doc, found[-1], alternatives)
        if nxt is None and trigger.pos == "VERB":
            nxt = next((c for c in found[0].children
                        if c.dep_ in GOVERNED and c.lemma_ in alternatives and c not in found), None)
        if nxt is None:
            return None
        found.append(nxt)
    head = found[0] if trigger.pos in {"VERB", "AUX"} else found[-1]
    return found if head.pos_ == trigger.pos else None


def _next_word(doc: Doc, last: Token, alternatives: list[str]) -> Token | None:
    """The next word of a phrase after `last`, past at most MAX_GAP modifiers."""
    for k in range(last.i + 1, min(last.i + 2 + MAX_GAP, len(doc))):
        token = doc[k]
        if token.lemma_ in alternatives:
            return token
        if token.pos_ not in GAP_POS:
            return None
    return None


def noun_event_types(lemma: str) -> frozenset[str]:
    """The event types a noun names in the lexicon ('order': AGREE and REQUEST senses alike)."""
    words, _ = index()
    return frozenset(t.type for t in words.get((lemma, "NOUN"), ()))
