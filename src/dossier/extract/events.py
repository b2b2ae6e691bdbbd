"""Finds PLOVER events in a parsed Doc: triggers from a lexicon, source and target from the parse.

Triggers (verbs, event nouns, phrases) come from the lexicon in `triggers.py`, each with a small
role language that says where the doer and the one done to stand ('subj>to' for 'supply X to Y',
'from,obj>subj' for 'buy X from Y'). One pass over the tokens, a dict lookup each, finds every
trigger; everything after that is a walk of a few nodes of the dependency tree around each
trigger (`syntax.py`). Two readings reach past the trigger: a transfer mention that leaves a party
out takes it from the transfer named before it ('the systems had been received'), and an act
announced as one's own plan is also a promise or a threat (AGREE, THREATEN), as PLOVER codes it.
Actors are read from `doc.spans['actors']` (set by the annotate pipeline); date, place, weapons,
factuality and attributions are left to `arguments.py` and `factuality.py`.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from dossier import lexicons
from dossier.extract.actors import ACTORS_KEY, WEAPONS_KEY, place_in
from dossier.extract.attribution import cue_lexicon
from dossier.extract.syntax import (
    MODIFIERS,
    SUBJECTS,
    child_of,
    infinitive,
    np_role,
    passive,
    pobj,
    relative_head,
    verb_object,
    verb_subject,
)
from dossier.extract.triggers import Trigger, index, lexicon, phrase_at
from dossier.records import Event, Evidence
from dossier.records import Span as TextSpan

LOGGER = logging.getLogger(__name__)


_RECEIVING = {"obtain", "acquire", "get", "buy", "purchase", "receive", "import", "procure", "replace"}
_WISHING = {"seek", "want", "look", "try", "hope", "aim", "leverage", "wish", "need", "push", "press",
            "lobby", "strive", "attempt"}
_CLAUSES = {"ccomp", "xcomp"}
# dependents that open another clause or list item: an argument phrase stops there
_PHRASE_STOPS = {"relcl", "acl", "advcl", "ccomp", "xcomp", "csubj", "conj", "cc", "punct", "parataxis",
                 "mark", "det", "appos"}
# pronouns that stand for an actor named earlier: True for a person, False for a state or body, None for either
_PRONOUNS = {"he": True, "she": True, "his": True, "her": True, "it": False, "its": False,
             "they": None, "their": None, "we": None, "our": None}
# Nouns that, as 'the two X' or 'both X', stand for the last two parties of their kind named before.
_PAIR_NOUNS = {"country": "state", "nation": "state", "state": "state", "government": "state", "capital": "state",
               "side": "party", "party": "party", "leader": "person", "president": "person", "minister": "person"}
_STATE_NOUNS = {"country", "kingdom", "emirate", "republic", "island", "nation"}  # 'the kingdom': a state named before
_PAIR_WINDOW = 80  # tokens looked back for them: the sentence and about the one before
MANNER_PREPS = {"in", "under", "through", "via", "as"}  # 'delivered ... in a $800mn deal'
_FUTURE = {"will", "would", "'ll", "shall", "wo"}
_HEDGES = {"probably", "likely", "possibly", "perhaps", "may", "might", "could", "not", "n't", "never"}  # no plan
_CONDITIONS = {"unless", "if"}
_NEGATIONS = {"not", "n't", "never"}
_INTENDING = {"want", "plan", "intend", "swear", "vow", "decide", "resolve", "prepare"}  # 'wants to attack': one's own plan
# an announced act that hurts its target is a threat, one that helps it a promise (PLOVER codes both so)
_AIMED_AT_PLACES = {"ASSAULT", "MOBILIZE", "COERCE", "RETREAT"}  # acts aimed at where they happen, when no one is named
_PLACE_PREPS = {"in", "at", "on", "near", "around", "into", "inside", "across", "over", "of", "off"}
_TARGETS_PLACES = {"strike", "hit", "bomb", "shell", "attack", "raid", "target"}  # 'struck Aleppo airport'
_HARMFUL = {"ASSAULT", "COERCE", "SANCTION", "PROTEST", "REJECT", "MOBILIZE", "ACCUSE"}
_HELPFUL = {"AID", "CONSULT", "COOPERATE", "RETREAT", "CONCEDE", "SUPPORT"}


Hit = tuple[str, int]  # an actor id and the token it was read from


@dataclass(slots=True)
class _Found:
    """A trigger occurrence while the document is being read."""

    trigger: Trigger
    span: Span
    anchor: Token  # the token the roles are read from: the clause verb for 'must', the head of 'mediation effort'
    source: str | None = None
    target: str | None = None
    others: tuple[str, ...] = ()
    co_sources: tuple[str, ...] = ()  # conjoined with the source: 'Denmark and the Netherlands pledged'
    co_targets: tuple[str, ...] = ()  # conjoined with the target: 'supplied drones to Iran and Syria'


def _root(words: list[Token], trigger: Trigger) -> Token | None:
    """The phrase's head word; None when a phrase with gaps is not one syntactic unit."""
    head = words[0] if trigger.pos in {"VERB", "AUX"} else words[-1]
    if words[-1].i - words[0].i + 1 == len(words):
        return head
    for word in words:
        if word.i != head.i and not word.is_punct and head not in word.ancestors:
            return None
    return head


def _anchor(root: Token, trigger: Trigger) -> Token | None:
    """The token the roles are read from; None for a noun that only modifies another ('aid groups')."""
    if trigger.pos == "AUX":
        return root.head
    if trigger.pos == "NOUN" and root.dep_ == "compound":
        return root.head if root.head.lemma_ in lexicon().carriers else None  # 'a mediation effort'
    return root


def _sense_holds(trigger: Trigger, token: Token, actors: _Actors) -> bool:
    """Whether a conditional sense applies: 'ordered jets' is a purchase, 'ordered an attack' is not."""
    if trigger.sense is None:
        return True
    if trigger.sense == "@verdict":
        return any(t.lemma_.lower() in lexicons.verdicts() for t in _predicated(token))
    if trigger.sense == "@cargo":  # 'the first batch of Su-35 jets arrived'
        if _with_weapons(token, actors):
            return True  # 'instructors arrived with an air defence system'
        subject = verb_subject(token) or child_of(token, "nsubj") or (verb_object(token) if passive(token) else None)
        return subject is not None and any(t.i in actors.weapon_tokens for t in subject.subtree)
    if trigger.sense == "@directive":
        clause = child_of(token, "xcomp")
        return clause is not None and child_of(token, "dobj") is not None and child_of(clause, "aux") is not None
    obj = child_of(token, "dobj", "nsubjpass", "dative") if token.pos_ != "NOUN" else _noun_object(token)
    if obj is None:
        return False
    if trigger.sense == "@weapon" and token.pos_ == "VERB" and any(  # 'promised Ukraine 16 of the launchers'
            c.dep_ in {"dobj", "dative"} and _names_weapon(c, actors) for c in token.children):
        return True
    obj = relative_head(obj, token)  # 'Harop munitions, which it used against Armenian forces'
    if trigger.sense == "@weapon" and token.pos_ == "VERB" and _with_weapons(token, actors):
        return True  # 'replace its fleet with Russian-made jets'
    if trigger.sense == "@weapon":  # 'ordered 30 jets', 'an order for 36 Rafale jets'
        return _names_weapon(obj, actors)
    return obj.i in actors.by_token


def _with_weapons(verb: Token, actors: _Actors) -> bool:
    """A 'with' phrase on the verb names weapons: 'replace its fleet with Russian-made jets'."""
    with_ = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "with"), None)
    goods = pobj(with_) if with_ is not None else None
    return goods is not None and _names_weapon(goods, actors)


def _names_weapon(noun: Token, actors: _Actors) -> bool:
    """A weapon, a noun a weapon designation qualifies ('36 Rafale jets'), or a group of weapons ('its
    fleet of fighter aircraft')."""
    if noun.i in actors.weapon_tokens or any(
            c.dep_ in {"compound", "amod", "nmod", "nummod"} and c.i in actors.weapon_tokens for c in noun.children):
        return True
    of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    member = pobj(of) if of is not None else None
    return member is not None and _names_weapon(member, actors)  # 'the sale of 66 F-16 jets'


def _noun_object(noun: Token) -> Token | None:
    """What a noun is of or for: 'an order of S-400 systems', 'the order for 36 jets'."""
    prep = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in {"of", "for"}), None)
    return pobj(prep) if prep is not None else None


def _predicated(verb: Token) -> Iterator[Token]:
    """What a verb of calling says its object is: 'called it "extremely dangerous"', 'described the
    sanctions as illegal'."""
    for child in verb.children:
        if child.dep_ in {"oprd", "xcomp", "ccomp"} or (child.dep_ == "prep" and child.lower_ == "as"):
            yield from child.subtree


def _candidates(doc: Doc, actors: _Actors) -> Iterator[tuple[Trigger, list[Token]]]:
    """Every trigger occurrence with its words, overlapping ones included; one sense a word."""
    words, phrases = index()
    for token in doc:
        senses = words.get((token.lemma_, token.pos_), ())
        trigger = next((t for t in senses if _sense_holds(t, token, actors)), None)
        if trigger is not None:
            yield trigger, [token]
        for trigger in phrases.get(token.lemma_, ()):
            found = phrase_at(doc, token.i, trigger)
            if found is not None:
                yield trigger, found


def _matches(doc: Doc, actors: _Actors) -> list[_Found]:
    """One occurrence per trigger word, the longest phrase winning: 'hunger strike' over 'strike'."""
    spans: list[Span] = []
    roots: dict[tuple[int, int, str], Token] = {}
    for trigger, words in _candidates(doc, actors):
        root = _root(words, trigger)
        if root is None or root.i in actors.weapon_tokens:
            continue  # not one phrase; or 'attack helicopters', a weapon, not an attack
        if len(words) > 1 and not _sense_holds(trigger, root, actors):
            continue  # a phrase's sense is read on its head, as a word's is on the word
        if len(words) > 1 and any(c.dep_ == "prt" and c not in words for c in words[0].children):
            continue  # a verb with a particle of its own is another verb: 'will end up supplying'
        span = Span(doc, min(w.i for w in words), max(w.i for w in words) + 1, label=trigger.key)
        roots[span.start, span.end, span.label_] = root
        spans.append(span)
    found: dict[int, _Found] = {}
    for span in filter_spans(spans):
        trigger = lexicon().triggers[span.label_]
        root = roots[span.start, span.end, span.label_]
        anchor = _anchor(root, trigger)
        key = root.i if trigger.pos == "AUX" else anchor.i if anchor is not None else -1
        if anchor is not None and key not in found:
            found[key] = _Found(trigger, span, anchor)
    return sorted(found.values(), key=lambda f: f.span.start)


class _Actors:
    """Actor ids by token, from `doc.spans['actors']`, weapon designations left out."""

    def __init__(self, doc: Doc):
        weapons = list(doc.spans[WEAPONS_KEY]) if WEAPONS_KEY in doc.spans else []
        self.weapon_tokens = {i for span in weapons for i in range(span.start, span.end)}
        self.weapon_roots = [span.root for span in weapons]
        systems = lexicons.weapon_systems()
        self.makers = {span.root.i: systems[span.kb_id_].country for span in weapons  # root -> maker country
                       if span.kb_id_ in systems and systems[span.kb_id_].country}
        self.by_token: dict[int, str] = {}
        self.people: set[int] = set()
        self.countries: dict[str, str] = {}  # actor id -> its country, where known
        for span in doc.spans[ACTORS_KEY] if ACTORS_KEY in doc.spans else []:
            country = getattr(span._, "country", None) or (span.kb_id_ if span.label_ == "state" else None)
            if span.kb_id_ and country:
                self.countries.setdefault(span.kb_id_, country)
            if span.kb_id_ and not any(i in self.weapon_tokens for i in range(span.start, span.end)):
                for i in range(span.start, span.end):
                    self.by_token.setdefault(i, span.kb_id_)
                    if span.label_ == "person":
                        self.people.add(i)

    def same_side(self, speaker: str, actor: str) -> bool:
        """The same actor, or one of its country: 'Chancellor Scholz said Germany will not send'."""
        return speaker == actor or self.countries.get(speaker, speaker) == self.countries.get(actor, actor)

    def in_phrase(self, head: Token | None, theme: bool = False) -> list[Hit]:
        """Actors a noun phrase names: the one nearest its head, then its conjuncts' ones.

        A `theme` phrase headed by a weapon names no actor: 'supplied Russian drones' is what, not to whom.
        """
        if head is None or (theme and head.i in self.weapon_tokens):
            return []
        found: list[Hit] = []
        for node in [head, *head.conjuncts]:
            found.extend(hit for hit in self._nearest(node) if hit not in found)
        return found

    def _nearest(self, head: Token) -> list[Hit]:
        if head.pos_ == "PRON" and head.lower_ in _PRONOUNS:
            return self._before(head)
        if head.lemma_ in _PAIR_NOUNS and any(c.lower_ in {"two", "both"} for c in head.children):
            return self._pair_before(head, _PAIR_NOUNS[head.lemma_])
        if head.lower_ in {"two", "both"} and head.pos_ in {"NUM", "PRON", "DET"} and head.dep_ in SUBJECTS:
            return self._pair_before(head, "any")  # 'Putin met Lukashenko, and the two agreed'
        if head.lower_ in _STATE_NOUNS and any(c.lower_ == "the" for c in head.children) and not any(
                c.dep_ in MODIFIERS | {"prep", "nummod"} for c in head.children):
            return self._state_before(head)  # 'the kingdom', 'the country'
        named = [c for c in head.children if c.dep_ == "appos" and c.i in self.by_token]
        start = [head, *named] if head.i not in self.by_token else [head]
        return self._breadth_first(list(start), _PHRASE_STOPS) or self._breadth_first(start, _PHRASE_STOPS - {"appos"})

    def _breadth_first(self, queue: list[Token], stops: set[str]) -> list[Hit]:
        """The actor nearest the phrase's head, and its conjuncts; an apposition is read only when the
        phrase itself names no one ('the Gibraltar Eagle, a US-owned carrier')."""
        while queue:
            node = queue.pop(0)
            actor = self.by_token.get(node.i)
            if actor is not None:
                more = [(self.by_token[c.i], c.i) for c in node.conjuncts if c.i in self.by_token]
                return [(actor, node.i), *more]
            if node.dep_ == "poss" and node.lower_ in _PRONOUNS and node.head.dep_ in SUBJECTS:
                found = self._before(node)  # 'its forces had destroyed': the party 'its' stands for
                if found:
                    return found
            children = [c for c in node.children if c.dep_ not in stops]
            queue.extend(sorted(children, key=lambda c: c.dep_ == "poss"))  # 'bin Laden's al-Qaeda network'
        return []

    def _before(self, pronoun: Token) -> list[Hit]:
        """The actor named earlier in the sentence that 'he'/'she' (a person) or 'it' (not) can be: the
        nearest subject, else the nearest ('India has deployed the Russian S-400, which it received': India)."""
        person = _PRONOUNS[pronoun.lower_]
        fits = [i for i in range(pronoun.i - 1, pronoun.sent.start - 1, -1)
                if i in self.by_token and (person is None or (i in self.people) == person)]
        subjects = [i for i in fits if np_role(pronoun.doc[i]) in SUBJECTS]
        if pronoun.dep_ == "poss" and pronoun.head.dep_ == "pobj":  # 'sanctions on Turkey's agency over its purchase'
            subjects = []  # a possessive in a prepositional phrase takes the nearest party, not the subject
        return [(self.by_token[i], i) for i in (subjects or fits)[:1]]


    def _state_before(self, head: Token) -> list[Hit]:
        """The state 'the country' or 'the kingdom' stands for: the last one named before it, not the
        subject of its own clause ('Washington refused to sell the kingdom drones': not Washington)."""
        verb = head.head if head.dep_ != "pobj" else head.head.head
        own = verb_subject(verb) if verb.pos_ in {"VERB", "AUX"} else None
        clause_subject = range(own.left_edge.i, own.right_edge.i + 1) if own is not None else range(0)
        for i in range(head.i - 1, max(-1, head.i - _PAIR_WINDOW), -1):
            actor = self.by_token.get(i)
            if actor is not None and ":" not in actor and i not in clause_subject:  # state ids are bare ISO codes
                return [(actor, i)]
        return []

    def _pair_before(self, head: Token, kind: str) -> list[Hit]:
        """The two parties 'the two countries', 'both leaders' or 'the two' stand for: the last two of
        that kind named before, in the text's order ('Iran has supplied Russia ..., and the two countries')."""
        found: list[Hit] = []
        for i in range(head.i - 1, max(-1, head.i - _PAIR_WINDOW), -1):
            actor = self.by_token.get(i)
            if actor is None or any(actor == seen for seen, _ in found):
                continue
            fits = {"any": True, "party": i not in self.people, "person": i in self.people,
                    "state": ":" not in actor}  # state ids are bare ISO codes: 'IRN', not 'org:un'
            if fits[kind]:
                found.append((actor, i))
            if len(found) == 2:
                return found[::-1]
        return []


class _Roles:
    """Reads the slots of the role language around one trigger."""

    def __init__(self, actors: _Actors, light: frozenset[str]):
        self.actors = actors
        self.light = light
        self.transfer = False  # reading an AID trigger: its object may be the goods, not a party
        self.nouns: dict[int, _Found] = {}  # event nouns already read: 'condemned the killing of X'

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
        return None

    def slot(self, anchor: Token, slot: str, inner: bool = False) -> list[Hit]:
        if slot.startswith("comp."):
            clause = child_of(anchor, *_CLAUSES) or child_of(anchor, "acl")
            return self.slot(clause, slot[5:], inner=True) if clause is not None else []
        if slot == "up.subj":
            if anchor.dep_ in _CLAUSES and anchor.head.i != anchor.i:
                return self.actors.in_phrase(verb_subject(anchor.head))
            return []
        if slot == "origin":
            return self.actors.in_phrase(self._goods(anchor))
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
            return self._argument(pobj(dative), self.transfer, inner) if dative is not None else []
        return self._preposition(slot, [anchor, verb_object(anchor)], inner)

    @staticmethod
    def _goods(anchor: Token) -> Token | None:
        """What changes hands: a verb's object, a noun's 'of' or 'for' phrase ('the purchase of Russian
        jets', 'an order for jets from France')."""
        return verb_object(anchor) if anchor.pos_ not in {"NOUN", "PROPN"} else _noun_object(anchor)

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
        phrases = [obj] if anchor.lemma_ in _TARGETS_PLACES else []
        for head in (anchor, obj):
            for prep in head.children if head is not None else ():
                if prep.dep_ in {"prep", "prt"} and prep.lower_ == "out":
                    prep = child_of(prep, "prep") or prep  # 'out of Mali'
                if prep.dep_ == "prep" and prep.lower_ in _PLACE_PREPS:
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

    def resolve(self, found: _Found) -> None:
        """Sets source, target and others; a target is never read from the source's own words."""
        trigger, anchor = found.trigger, found.anchor
        self.transfer = trigger.type == "AID"
        _, sources = self._first(anchor, trigger.sources, set())
        slot, targets = self._first(anchor, trigger.targets, {i for _, i in sources[:1]})
        if trigger.reciprocal and not targets and len(sources) > 1:  # 'Iran and Russia signed'
            targets, sources = [s for s in sources[1:] if s[0] != sources[0][0]], sources[:1]
        elif trigger.reciprocal and not sources and slot == "between" and len(targets) > 1:
            sources, targets = targets[:1], targets[1:]  # 'an agreement between Russia and Iran'
        source = sources[0][0] if sources else None
        target = targets[0][0] if targets else None
        if target is None and trigger.type in _AIMED_AT_PLACES:
            target = self._place_state(anchor, source)
        others = [actor for actor, _ in [*sources[1:], *targets[1:]] if actor not in {source, target}]
        found.source, found.target, found.others = source, target, tuple(dict.fromkeys(others))
        if not trigger.reciprocal:  # each party of a directed act does it: one event each
            found.co_sources = tuple(dict.fromkeys(a for a, _ in sources[1:] if a not in {source, target}))
            found.co_targets = tuple(dict.fromkeys(a for a, _ in targets[1:] if a not in {source, target}))
        if trigger.pos == "NOUN":
            self.nouns[anchor.i] = found


def _condition(anchor: Token) -> Token | None:
    """The verb of an 'if' or 'unless' clause on the trigger or on its complement."""
    for head in (anchor, child_of(anchor, *_CLAUSES)):
        for clause in head.children if head is not None else ():
            if clause.dep_ == "advcl" and any(c.lower_ in _CONDITIONS and c.dep_ == "mark" for c in clause.children):
                return clause
    return None


def _event_object(verb: Token) -> Token | None:
    """The noun a verb takes as its object, directly or through a preposition ('agreed to a truce')."""
    obj = child_of(verb, "dobj", "nsubjpass")
    if obj is not None:
        return obj
    prep = child_of(verb, "prep")
    return pobj(prep) if prep is not None else None


def _verb_kept(item: _Found, nouns: dict[int, _Found], light: frozenset[str]) -> bool:
    anchor, flags = item.anchor, item.trigger.flags
    if anchor.dep_ in {"amod", "compound"}:
        return False  # 'the Israeli-occupied West Bank'
    if anchor.dep_ == "acl" and anchor.tag_ == "VBN" and any(
            c.dep_ == "prep" and c.lower_ == "with" for c in anchor.children):
        return False  # 'militiamen armed with machetes': how they were, not an act
    obj = _event_object(anchor)
    event_object = obj is not None and obj.i in nouns
    if ("!event" in flags and event_object) or ("!clause" in flags and child_of(anchor, *_CLAUSES) is not None):
        return False  # 'denies supplying': the denial is the supply event's factuality
    return not (event_object and anchor.lemma_ in light and child_of(anchor, "dobj") == obj)  # 'gave a welcome'


def _complements(verb: Token) -> list[Token]:
    """The clauses that say what a verb commits to: 'agreed to buy', 'signed a contract to buy'."""
    obj = child_of(verb, "dobj")
    return [c for c in verb.children if c.dep_ == "xcomp"] + [
        c for c in (obj.children if obj is not None else ()) if c.dep_ == "acl"]


def _restated(item: _Found, verbs: dict[int, _Found]) -> bool:
    """An agreement whose complement is itself an agreement is that one: 'agreed to buy' and 'signed a
    contract to buy' are one AGREE, read on 'buy', the verb that holds the seller, the goods and the date.
    ('summoned the ambassador to complain' keeps both: the summons names the one complained to.)"""
    return item.trigger.type == "AGREE" and any(
        c.i in verbs and verbs[c.i].trigger.type == "AGREE" for c in _complements(item.anchor))


def _noun_kept(item: _Found, verbs: dict[int, _Found]) -> bool:
    """False for an event noun that only names the verb's own event: 'rejected a request', 'lifted the
    curfew', 'bought the system in a deal'."""
    anchor, trigger = item.anchor, item.trigger
    governor = anchor.head.head if anchor.dep_ == "pobj" else anchor.head
    owner = verbs.get(governor.i)
    if owner is None:
        return True
    if _event_object(governor) == anchor and (owner.trigger.type == trigger.type or "absorb" in owner.trigger.flags):
        return False
    return not (anchor.dep_ == "pobj" and anchor.head.lower_ in MANNER_PREPS and owner.trigger.type == trigger.type)


def _keep(found: list[_Found], light: frozenset[str]) -> list[_Found]:
    """Drops triggers that are part of another event: 'signed an agreement' is one AGREE."""
    nouns = {f.anchor.i: f for f in found if f.trigger.pos == "NOUN"}
    verbs = {f.anchor.i: f for f in found if f.trigger.pos == "VERB" and _verb_kept(f, nouns, light)}
    verbs = {i: f for i, f in verbs.items() if not _restated(f, verbs)}
    kept = []
    for item in found:
        if item.trigger.pos == "VERB" and item.anchor.i not in verbs:
            continue
        if item.trigger.pos == "NOUN" and not _noun_kept(item, verbs):
            continue
        kept.append(item)
    return kept


def _inherit(item: _Found, verbs: dict[int, _Found]) -> None:
    """A nominal event with no actor takes those of the event its phrase modifies ('delivered ... in a deal')."""
    anchor = item.anchor
    if anchor.dep_ == "pobj" and anchor.head.dep_ == "prep" and anchor.head.lower_ in MANNER_PREPS:
        owner = verbs.get(anchor.head.head.i)
        if owner is not None:
            item.source, item.target, item.others = owner.source, owner.target, owner.others


def _armed_tokens(actors: _Actors) -> set[int]:
    """Tokens that have a weapon among their arguments: each weapon's heads up to its clause."""
    armed: set[int] = set()
    stops = _PHRASE_STOPS - {"conj"}
    for node in actors.weapon_roots:
        while node.head.i != node.i and node.dep_ not in stops and node.head.i not in armed:
            node = node.head
            armed.add(node.i)
    return armed


class _Transfers:
    """Who supplied whom, mention by mention as the text goes, so that a later mention that leaves a
    party out ('the systems had been received', 'India signed a contract', 'the contract was signed')
    takes it from the transfer the text is about."""

    def __init__(self) -> None:
        self.pairs: list[tuple[str, str]] = []  # (supplier, recipient), latest last

    def complete(self, supplier: str | None, recipient: str | None, reciprocal: bool) -> tuple[str | None, str | None]:
        if supplier is None or recipient is None:
            supplier, recipient = self._antecedent(supplier, recipient, reciprocal)
        if supplier is not None and recipient is not None and supplier != recipient:
            self.pairs.append((supplier, recipient))
        return supplier, recipient

    def _antecedent(self, supplier: str | None, recipient: str | None,
                    reciprocal: bool) -> tuple[str | None, str | None]:
        """The latest transfer that shares the known party in its role; else, for a reciprocal trigger
        whose one party is the other transfer's recipient, that transfer; else the latest without it."""
        known = supplier or recipient
        for pair in reversed(self.pairs):
            if known is None or pair[0] == supplier or pair[1] == recipient:
                return pair
        for pair in reversed(self.pairs):
            if reciprocal and known == pair[1]:
                return pair  # 'India signed a contract' after Russia supplied India
            if known not in pair:
                return (supplier, pair[1]) if supplier else (pair[0], recipient)
        return supplier, recipient


def _transfer_direction(item: _Found, armed: bool) -> int:
    """1 for a mention of an arms transfer read as supplier > recipient (AID; an AGREE on weapons, a
    purchase or a contract), -1 for a request for one (the asker receives), 0 for other events."""
    trigger = item.trigger
    about_transfer = armed or _names_transfer(item.anchor)
    if trigger.type == "AID" or (trigger.type == "AGREE" and (about_transfer or _is_transfer(trigger))):
        return 1
    if trigger.type == "REQUEST" and about_transfer:
        return -1
    return 0


def _is_transfer(trigger: Trigger) -> bool:
    return trigger.type == "AID" or (trigger.type == "AGREE" and bool({"military", "economic"} & set(trigger.context)))


def _names_transfer(anchor: Token) -> bool:
    """'seek further deliveries', 'signed the contract', 'approved the transfers': the object is a transfer noun."""
    obj = _event_object(anchor)
    words, _ = index()
    return obj is not None and any(_is_transfer(t) for t in words.get((obj.lemma_, obj.pos_), ()))


def _complete(item: _Found, transfers: _Transfers, armed: bool, actors: _Actors) -> bool:
    """Fills a transfer mention's missing parties from the system's maker or else from the transfers named
    before it; False for other events."""
    direction = _transfer_direction(item, armed)
    if direction == 0:
        return False
    _maker_as_supplier(item, actors)
    parties = (item.source, item.target)[::direction]
    supplier, recipient = transfers.complete(*parties, item.trigger.reciprocal)
    item.source, item.target = (supplier, recipient)[::direction]
    item.others = tuple(o for o in item.others if o not in {item.source, item.target})
    return True


def _maker_as_supplier(item: _Found, actors: _Actors) -> None:
    """A deal runs from seller to buyer: where the grammar put the maker of the system it names second
    ('Egypt signed a contract with Moscow for Su-35 fighters'), the parties swap. A transfer that names
    its recipient and a system but no supplier ('five Rafale jets landed in India', 'Mali took delivery
    of Su-25 jets') takes the system's maker; a request that names no one asked, the maker too."""
    first, last = item.anchor.left_edge.i, item.anchor.right_edge.i  # the anchor's subtree: a parse is projective
    maker = next((country for i, country in sorted(actors.makers.items()) if first <= i <= last), None)
    if maker is None:
        return
    country = actors.countries.get
    source, target = country(item.source, item.source), country(item.target, item.target)
    if item.trigger.type == "REQUEST":
        if item.target is None and source not in {None, maker}:
            item.target = maker
    elif item.source is None and target not in {None, maker}:
        item.source = maker
    elif item.trigger.type == "AGREE" and target == maker and source != maker:
        item.source, item.target = item.target, item.source


def extract_events(doc: Doc, document_id: str) -> list[Event]:
    """Every PLOVER event the lexicon's triggers name in `doc`, in text order."""
    light = lexicon().light
    actors = _Actors(doc)
    roles = _Roles(actors, light)
    found = _keep(_matches(doc, actors), light)
    for item in sorted(found, key=lambda f: f.trigger.pos != "NOUN"):  # nouns first: verbs may take them
        roles.resolve(item)
    verbs = {f.anchor.i: f for f in found if f.trigger.pos == "VERB"}
    armed_tokens = _armed_tokens(actors) if actors.weapon_roots else set()
    transfers = _Transfers()
    events: list[Event] = []
    made: dict[int, list[Event]] = {}  # trigger anchor -> the events it made
    for item in found:
        trigger = item.trigger
        if trigger.pos == "NOUN" and item.source is None and item.target is None:
            _inherit(item, verbs)
        _asker_receives(item, verbs)
        armed = item.anchor.i in armed_tokens
        named = item.source is not None or item.target is not None
        transfer = _complete(item, transfers, armed, actors)
        filled = item.source is not None or item.target is not None
        if trigger.pos == "NOUN" and not named and not (transfer and filled) and not (armed and trigger.type == "AID"):
            continue  # 'regional cooperation', 'the war': no party named, nor a transfer named before
        if ("+src" in trigger.flags and item.source is None) or ("+tgt" in trigger.flags and item.target is None):
            continue
        wisher = _wishing_verb(item)
        if wisher is not None and item.target is None:  # the one who seeks it is the recipient
            item.target = next((actor for actor, _ in actors.in_phrase(verb_subject(wisher))), None)
        for party in _parties(item):
            intent = _announced_intent(party, actors)
            if intent is not None:  # before the act, so that the act's arguments stay on the act
                events.append(_event(party, document_id, len(events) + 1, False, intent))
            events.append(_event(party, document_id, len(events) + 1, armed and trigger.type == "AID"))
            made.setdefault(item.anchor.i, []).append(events[-1])
    for item in found:
        threat = _sanctions_warned(item, actors)
        if threat is not None:
            events.append(_event(threat, document_id, len(events) + 1, False, "THREATEN"))
    _aim_at_completed_acts(found, made)
    LOGGER.debug("%s: %d events from %d triggers", document_id, len(events), len(found))
    return events


def _asker_receives(item: _Found, verbs: dict[int, _Found]) -> None:
    """'Iran asked Russia to deliver S-400 systems': a supply asked for goes to the one who asks."""
    if item.trigger.type != "AID" or item.target is not None or item.anchor.dep_ not in _CLAUSES:
        return
    request = verbs.get(item.anchor.head.i)
    if request is not None and request.trigger.type == "REQUEST" and request.source not in {None, item.source}:
        item.target = request.source


def _aim_at_completed_acts(found: list[_Found], made: dict[int, list[Event]]) -> None:
    """'The White House called the transfer an escalation': an event whose object is an event noun is
    aimed at that event's doer, known only once the transfer took its parties from the one named before."""
    for item in found:
        obj = _event_object(item.anchor) if item.trigger.pos == "VERB" else None
        acts = made.get(obj.i, []) if obj is not None else []
        doer = next((act.source for act in acts if act.source), None)
        for event in made.get(item.anchor.i, []):
            if event.target is None and doer is not None and doer != event.source:
                event.target = doer


def _parties(item: _Found) -> list[_Found]:
    """The trigger once, and once more for each party conjoined with its source or target, that party
    in its place and the one it stood beside among the others."""
    copies = [item]
    for field, co in (("source", item.co_sources), ("target", item.co_targets)):
        for actor in co:
            replaced = getattr(item, field)
            others = tuple(o for o in item.others if o != actor) + ((replaced,) if replaced else ())
            copies.append(dataclasses.replace(item, **{field: actor}, others=others, co_sources=(), co_targets=()))
    return copies


def _announced_intent(item: _Found, actors: _Actors) -> str | None:
    """THREATEN or AGREE for an act announced as one's own plan ('said they would boycott', 'will give
    Tanzania a grant', 'will withdraw unless', 'have sworn to fight', 'wants to help Israel'), REJECT
    for a help one says one will not give ('would not provide support'); None for other acts, for
    hedged forecasts ('will probably fire') and for another party's forecast ('Washington warned that
    Moscow would retaliate'), which are the act itself, expected."""
    anchor, trigger = item.anchor, item.trigger
    if trigger.pos != "VERB" or item.source is None or _wished(item):
        return None
    if anchor.dep_ == "ccomp" and any(not actors.same_side(actor, item.source)
                                      for actor, _ in actors.in_phrase(verb_subject(anchor.head))):
        return None  # another party's forecast; a state's own leader speaks for it
    words = {c.lower_ for c in anchor.children if c.dep_ in {"aux", "advmod", "neg"}}
    intending = _intending_verb(anchor)
    if not (words & _FUTURE or intending is not None):
        return None
    if words & _NEGATIONS and not words & (_HEDGES - _NEGATIONS):
        return "REJECT" if trigger.type in _HELPFUL else None
    if words & _HEDGES:
        return None
    conditional = any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in _CONDITIONS for m in c.children)
                      for c in anchor.children)
    if intending is not None and intending.lemma_ == "prepare" and trigger.type == "ASSAULT":
        return "MOBILIZE"  # 'the army prepared to resume shelling': forces readied, not yet an attack
    if conditional or trigger.type in _HARMFUL:
        return "THREATEN"
    return "AGREE" if trigger.type in _HELPFUL else None


def _sanctions_warned(item: _Found, actors: _Actors) -> _Found | None:
    """A warning of sanctions is a threat ('Belgrade could face US sanctions if it kept buying', 'the
    purchase would trigger sanctions', 'stood ready to respond with sanctions against Minsk'): sanctions
    named as what would or could follow. It comes from the sanctions' imposer, else from the speaker, and
    is aimed at their target, else at the one who would face them or be exposed to them."""
    noun = item.anchor
    if item.trigger.type != "SANCTION" or item.trigger.pos != "NOUN":
        return None
    verb = noun.head.head if noun.dep_ == "pobj" else noun.head
    if noun.dep_ not in {"dobj", "pobj"} or verb.pos_ != "VERB":
        return None
    words = {c.lower_ for c in verb.children if c.dep_ in {"aux", "neg"}}
    ready = verb.dep_ == "xcomp" and verb.head.lemma_ in {"ready", "prepared", "willing"}
    if words & _NEGATIONS or not (words & (_FUTURE | {"could", "may", "might"}) or ready):
        return None
    source = item.source or next((a for a, _ in actors.in_phrase(_speaker_of(verb))), None)
    exposed = verb_subject(verb) if verb.lemma_ in {"face", "risk", "incur"} else (
        verb_object(verb) if verb.lemma_ == "expose" else None)
    target = item.target or next((a for a, _ in actors.in_phrase(exposed)), None)
    if source is None or source == target:
        return None
    return dataclasses.replace(item, source=source, target=target, others=(), co_sources=(), co_targets=())


def _speaker_of(verb: Token) -> Token | None:
    """The subject of the verb of saying whose clause holds `verb` ('Pompeo told senators that ...')."""
    node = verb
    for _ in range(4):
        if node.head.i == node.i:
            return None
        node = node.head
        if node.pos_ == "VERB" and (node.lemma_, "verb") in cue_lexicon():
            return verb_subject(node)
    return None


def _intending_verb(anchor: Token) -> Token | None:
    """The verb of intention whose 'to' clause holds the act: 'wants' in 'wants to attack'."""
    head = anchor.head
    if anchor.dep_ in {"xcomp", "advcl"} and head.pos_ == "VERB" and head.lemma_ in _INTENDING and infinitive(anchor):
        return head
    return None


def _refusal(item: _Found) -> str | None:
    """REJECT for a negated acceptance: 'will not accept any more refugees', 'did not agree to'."""
    if item.trigger.type == "AGREE" and item.trigger.pos == "VERB" and child_of(item.anchor, "neg") is not None:
        return "REJECT"
    return None


def _wishing_verb(item: _Found) -> Token | None:
    """The verb that seeks a purchase or receipt ('is seeking to buy', 'would want to obtain',
    'leveraging its position to obtain'): such a transfer is a request to the supplier."""
    anchor = item.anchor
    if item.trigger.type not in {"AID", "AGREE"} or anchor.lemma_ not in _RECEIVING:
        return None
    if anchor.dep_ == "acl" and anchor.head.pos_ == "NOUN":  # 'its position to obtain'
        anchor = anchor.head
    head = anchor.head
    return head if anchor.dep_ in {"xcomp", "advcl", "acl", "dobj"} and head.lemma_ in _WISHING else None


def _wished(item: _Found) -> bool:
    return _wishing_verb(item) is not None


def _event(item: _Found, document_id: str, number: int, armed: bool, intent: str | None = None) -> Event:
    """The record for one kept trigger, or for the promise or threat it announces (`intent`); an AID
    with a weapon among its arguments is military."""
    trigger, span = item.trigger, item.span
    mode, context = (None, []) if intent else (trigger.mode, list(trigger.context))
    intending = _intending_verb(item.anchor) if intent else None
    if intending is not None:  # the plan is stated by 'wants', 'has sworn'; the act stays on its own verb
        span = item.anchor.doc[intending.i:intending.i + 1]
    if armed:
        mode = "military"
        context = context if "military" in context else [*context, "military"]
    sentence = span.root.sent
    wished = intent is None and _wished(item)
    return Event(
        id=f"{document_id}:e{number}",
        type=intent or _refusal(item) or ("REQUEST" if wished else trigger.type),
        mode=mode,
        source=item.target if wished else item.source,  # the one who would receive asks the supplier
        target=item.source if wished else item.target,
        others=list(item.others),
        context=context,
        trigger=TextSpan(span.start_char, span.end_char, span.text),
        evidence=[evidence_of(document_id, sentence)],
    )


def evidence_of(document_id: str, sentence: Span) -> Evidence:
    """The sentence as evidence, without the blank lines spaCy keeps at its end."""
    text = sentence.text.rstrip()
    return Evidence(document_id, sentence.start_char, sentence.start_char + len(text), text)


class SlotReader:
    """The lexicon's role slots read around any trigger of one document: the role scorer's hints
    (`roles.py`), read by the same code as the rules."""

    def __init__(self, doc: Doc):
        self._roles = _Roles(_Actors(doc), lexicon().light)

    def anchor(self, token: Token, trigger: Trigger | None) -> Token:
        """The token the roles of a trigger word are read from ('must' -> its verb)."""
        return (_anchor(token, trigger) if trigger is not None else None) or token

    def hints(self, anchor: Token, trigger: Trigger | None) -> dict[str, set[str]]:
        if trigger is None:
            return {}
        self._roles.transfer = trigger.type == "AID"
        return {role: {actor for slot in slots for actor, _ in self._roles.slot(anchor, slot)}
                for role, slots in (("source", trigger.sources), ("target", trigger.targets))}
