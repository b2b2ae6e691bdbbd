"""The lexicon's role slots read around a trigger: its source, target and others from the subject,
objects, prepositions, possessor or complement each slot names ('subj>to' for 'supply X to Y',
'from,obj>subj' for 'buy X from Y'; the language is documented in `resources/event_triggers.tsv`).
`RoleSlots` sets the rules' parties; `SlotReader` gives the same readings to the learned role scorer
(`roles.py`) as hints.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Token

from dossier.extract.actor_tokens import ActorTokens, Hit
from dossier.extract.actors import place_in
from dossier.extract.matching import Found, anchor_of
from dossier.extract.syntax import (
    CLAUSES,
    MODIFIERS,
    child_of,
    noun_object,
    passive,
    pobj,
    verb_object,
    verb_subject,
)
from dossier.extract.triggers import Trigger, lexicon
from dossier.extract.vocabulary import (CONDITIONS, PAIR_NOUNS, PAIR_WORDS, PLACE_TARGETING_VERBS, PROMISING,
                                        RELATIVE_PRONOUNS, STATE_BODIES, SUPPLYING, TARGET_PLACE_PREPS)

_AIMED_AT_PLACES = {"ASSAULT", "MOBILIZE", "COERCE", "RETREAT"}  # acts aimed at where they happen, when no one is named


class RoleSlots:
    """Reads the slots of the role language around one trigger."""

    def __init__(self, actors: ActorTokens, light: frozenset[str]):
        self.actors = actors
        self.light = light
        self.transfer = False  # reading an AID trigger: its object may be the goods, not a party
        self.nouns: dict[int, Found] = {}  # event nouns already read: 'condemned the killing of X'

    def _argument(self, head: Token | None, theme: bool = False, inner: bool = False) -> list[Hit]:
        """The actors an argument names. An event noun stands for its doer ('condemned the killing of X'
        is aimed at the killer), or, in the trigger's complement, for its target ('threatened to launch
        an offensive against Y' is aimed at Y)."""
        event = self.nouns.get(head.i) if head is not None else None
        if event is not None:
            actor = event.target if inner else event.source
            return [(actor, head.i)] if actor else []
        return self.actors.in_phrase(head, theme)

    def support_verb(self, noun: Token) -> Token | None:
        """The light verb an event noun is the object of: 'held talks', 'launched ten days of war games',
        'launched artillery and rocket fire'."""
        node = noun
        while node.dep_ == "conj" and node.head.i < node.i:
            node = node.head
        if node.dep_ == "pobj" and node.head.lower_ == "of" and node.head.head.dep_ in {"dobj", "nsubjpass"}:
            node = node.head.head  # 'ten days of war games', 'a round of talks'
        head = node.head
        if node.dep_ == "pobj" and head.dep_ == "prep":
            node, head = head, head.head  # 'engaged in ethnic cleansing'
        if node.dep_ in {"dobj", "nsubjpass", "prep"} and head.pos_ == "VERB" and head.lemma_ in self.light:
            return head
        return next((clause for clause in noun.children if clause.dep_ == "relcl" and clause.lemma_ in self.light
                     and _object_is_relative(clause)), None)  # 'an arms embargo that the Council imposed on Libya'

    def slot(self, anchor: Token, slot: str, inner: bool = False) -> list[Hit]:
        if slot.startswith("comp."):
            clause = child_of(anchor, *CLAUSES) or child_of(anchor, "acl")
            return self.slot(clause, slot[5:], inner=True) if clause is not None else []
        if slot == "up.subj":
            if anchor.dep_ in CLAUSES and anchor.head.i != anchor.i:
                return self.actors.in_phrase(verb_subject(anchor.head))
            return []
        if slot == "origin":
            goods = self._goods(anchor)
            if goods is None or goods.i in self.actors.by_token or goods.lemma_ in STATE_BODIES:
                return []  # 'Ukrainian forces were supplied': a party, not what it was supplied with
            return self.actors.in_phrase(_supplied_by(goods)) or self.actors.in_phrase(goods)
        if slot == "if.subj":
            return self.actors.in_phrase(verb_subject(_condition(anchor)))
        if anchor.pos_ in {"NOUN", "PROPN"}:
            return self._noun_slot(anchor, slot, inner)
        if slot == "poss":
            return []
        if slot == "subj":
            return self.actors.in_phrase(verb_subject(anchor))
        if slot == "obj":
            return self._argument(verb_object(anchor), self.transfer, inner)
        if slot == "dative":  # 'offered Tehran Su-35 jets': the parser may make both objects dobj
            objects = [c for c in anchor.children if c.dep_ == "dobj"]
            dative = child_of(anchor, "dative") or (objects[0] if len(objects) > 1 else None)
            if dative is None and objects:
                dative = _folded_dative(objects[0])
            return self._argument(pobj(dative), self.transfer, inner) if dative is not None else []
        return self._preposition(slot, [anchor, verb_object(anchor)], inner)

    @staticmethod
    def _goods(anchor: Token) -> Token | None:
        """What changes hands: a verb's object, a noun's 'of' or 'for' phrase ('the purchase of Russian
        jets', 'an order for jets from France')."""
        return verb_object(anchor) if anchor.pos_ not in {"NOUN", "PROPN"} else noun_object(anchor)

    def _noun_slot(self, noun: Token, slot: str, inner: bool) -> list[Hit]:
        verb = self.support_verb(noun)
        if slot in {"obj", "dative"}:
            return []
        if slot == "poss":
            possessor = child_of(noun, "poss")
            return self.actors.in_phrase(possessor) if possessor is not None else []
        if slot != "subj":
            return self._preposition(slot, [noun, verb], inner)
        for child in noun.children:
            if child.dep_ in MODIFIERS and child.i < noun.i:
                found = self.actors.in_phrase(child)
                if found:
                    return found
        doer = self._preposition("by", [noun]) or self.actors.in_phrase(self._doer(verb, noun))
        if not doer and noun.dep_ == "pobj" and noun.head.lower_ == "during" and noun.head.head.pos_ == "VERB":
            doer = self.actors.in_phrase(verb_subject(noun.head.head))  # 'X complained during a call with Y'
        return doer

    @staticmethod
    def _doer(verb: Token | None, noun: Token) -> Token | None:
        """The support verb's doer; 'Serb forces were engaged in ethnic cleansing' has no 'by' agent."""
        if verb is None:
            return None
        subject = verb_subject(verb)
        if subject is None and passive(verb):
            subject = child_of(verb, "nsubjpass")
            return subject if subject is not None and subject.i != noun.i else None
        return subject

    def _preposition(self, word: str, heads: Iterable[Token | None], inner: bool = False) -> list[Hit]:
        for head in heads:
            for child in head.children if head is not None else ():
                if child.lower_ == word and child.dep_ in {"prep", "dative", "agent"}:
                    found = self._argument(pobj(child), inner=inner)
                    if word == "for":  # 'for the Vietnamese coast guard', not 'for use against Iran'
                        found = [hit for hit in found if hit[1] in _own_words(pobj(child))]
                    if found:
                        return found
        return []

    def _place_state(self, anchor: Token, source: str | None) -> str | None:
        """The state where an attack, deployment or withdrawal takes place, when it names no other
        target: 'struck targets in Syria', 'struck Aleppo airport' (resources/places.tsv), 'drills
        around Taiwan', 'pull its troops out of Mali'. A state never targets itself this way ('Turkish
        police dispersed a rally in Istanbul')."""
        own = self.actors.countries.get(source, source) if source else None
        obj = verb_object(anchor) if anchor.pos_ == "VERB" else None
        phrases = [obj] if anchor.lemma_ in PLACE_TARGETING_VERBS else []
        for head in (anchor, obj):
            for prep in head.children if head is not None else ():
                if prep.dep_ in {"prep", "prt"} and prep.lower_ == "out":
                    prep = child_of(prep, "prep") or prep  # 'out of Mali'
                if prep.dep_ == "prep" and prep.lower_ in TARGET_PLACE_PREPS:
                    phrases.append(pobj(prep))
        for phrase in (p for p in phrases if p is not None):
            states = [a for a, _ in self.actors.in_phrase(phrase) if ":" not in a]  # state ids are bare ISO codes
            for state in states or [place_in(phrase.doc[phrase.left_edge.i:phrase.right_edge.i + 1])]:
                if state is not None and state != own:
                    return state
        return None

    def _first(self, anchor: Token, slots: tuple[str, ...], taken: set[int]) -> tuple[str, list[Hit]]:
        for slot in slots:
            hits = [hit for hit in self.slot(anchor, slot) if hit[1] not in taken]
            if hits:
                return slot, hits
        return "", []

    def resolve(self, found: Found) -> None:
        """Sets source, target and others; a target is never read from the source's own words."""
        trigger, anchor = found.trigger, found.anchor
        self.transfer = trigger.type == "AID"
        _, sources = self._first(anchor, trigger.sources, set())
        slot, targets = self._first(anchor, trigger.targets, {i for _, i in sources[:1]})
        if trigger.reciprocal and len(sources) > 1 and all(t[0] == sources[0][0] for t in targets):
            # 'Iran and Russia signed'; 'the two governments signed agreements on supplies of Russian fuel'
            targets, sources = [s for s in sources[1:] if s[0] != sources[0][0]], sources[:1]
        elif trigger.reciprocal and not sources and slot == "between" and len(targets) > 1:
            sources, targets = targets[:1], targets[1:]  # 'an agreement between Russia and Iran'
        source = sources[0][0] if sources else None
        target = targets[0][0] if targets else None
        if target is None and not trigger.reciprocal and len({a for a, _ in sources}) == 2 and _mutual(anchor):
            target, sources = sources[1][0], sources[:1]  # and the other way round: `found.mutual`
            found.mutual = True
        if target is None and trigger.type in _AIMED_AT_PLACES:
            target = self._place_state(anchor, source)
        others = [actor for actor, _ in [*sources[1:], *targets[1:]] if actor not in {source, target}]
        found.source, found.target, found.others = source, target, tuple(dict.fromkeys(others))
        found.target_slot = slot if target is not None else ""
        if not trigger.reciprocal:  # each party of a directed act does it: one event each
            found.co_sources = tuple(dict.fromkeys(a for a, _ in sources[1:] if a not in {source, target}))
            found.co_targets = tuple(dict.fromkeys(a for a, _ in targets[1:] if a not in {source, target}))
        if trigger.pos == "NOUN":
            self.nouns[anchor.i] = found


def _own_words(noun: Token | None) -> set[int]:
    """The noun and the words that qualify it, without the phrases hung on it by a preposition."""
    if noun is None:
        return set()
    words = {noun.i}
    for child in noun.children:
        if child.dep_ not in {"prep", "relcl", "acl"}:
            words |= {t.i for t in child.subtree}
    return words


def _mutual(verb: Token) -> bool:
    """Whether two doers act on each other: 'ordered out each other's envoys', 'each expelled six of the
    other's diplomats', 'both sides began withdrawing' (the pair a subject like 'the two sides' names)."""
    words = {t.lower_ for t in verb.subtree}
    if {"each", "other"} <= words or {"one", "another"} <= words:  # 'other's' is two tokens: 'other', ''s'
        return True
    subject = verb_subject(verb)
    return subject is not None and any(c.lower_ in PAIR_WORDS for c in subject.children) \
        and subject.lemma_ in PAIR_NOUNS


def _object_is_relative(clause: Token) -> bool:
    """A relative clause whose object is the noun it describes: 'that the Council imposed', 'Washington
    imposed' (no object of its own), not 'that imposed a curfew'."""
    obj = child_of(clause, "dobj")
    return obj is None and child_of(clause, "nsubj") is not None or obj is not None and obj.lower_ in RELATIVE_PRONOUNS


def _folded_dative(obj: Token) -> Token | None:
    """'sell the Philippines four radars': the parser may hang the one given to on the goods, before
    their number."""
    numbers = [c.i for c in obj.children if c.dep_ == "nummod"]
    return next((c for c in obj.children if c.dep_ in {"nmod", "compound"} and c.pos_ == "PROPN"
                 and numbers and c.i < min(numbers)), None)


def _supplied_by(goods: Token | None) -> Token | None:
    """Who the goods come from, said on them: 'the NASAMS systems promised by the United States',
    'jets supplied by Russia' (rather than the maker a designation names)."""
    for clause in goods.children if goods is not None else ():
        if clause.dep_ == "acl" and clause.lemma_ in SUPPLYING | PROMISING:
            agent = child_of(clause, "agent")
            return pobj(agent) if agent is not None else None
    return None


def _condition(anchor: Token) -> Token | None:
    """The verb of an 'if' or 'unless' clause on the trigger or on its complement."""
    for head in (anchor, child_of(anchor, *CLAUSES)):
        for clause in head.children if head is not None else ():
            if clause.dep_ == "advcl" and any(c.lower_ in CONDITIONS and c.dep_ == "mark" for c in clause.children):
                return clause
    return None


class SlotReader:
    """The lexicon's role slots read around any trigger of one document: the role scorer's hints
    (`roles.py`), read by the same code as the rules."""

    def __init__(self, doc: Doc):
        self._roles = RoleSlots(ActorTokens(doc), lexicon().light)

    def anchor(self, token: Token, trigger: Trigger | None) -> Token:
        """The token the roles of a trigger word are read from ('must' -> its verb)."""
        return (anchor_of(token, trigger) if trigger is not None else None) or token

    def hints(self, anchor: Token, trigger: Trigger | None) -> dict[str, set[str]]:
        if trigger is None:
            return {}
        self._roles.transfer = trigger.type == "AID"
        return {role: {actor for slot in slots for actor, _ in self._roles.slot(anchor, slot)}
                for role, slots in (("source", trigger.sources), ("target", trigger.targets))}
