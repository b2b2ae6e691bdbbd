"""The actors of one document by token, and the actors a noun phrase names: the one nearest its head
and its conjuncts, a pronoun's antecedent in the sentence, 'the two countries' and 'the kingdom' for
the parties named before. Read from `doc.spans['actors']` (set by the annotate pipeline), weapon
designations left out; shared by the trigger senses, the role slots and the transfer reading.
"""

from __future__ import annotations

from functools import cached_property

from spacy.tokens import Doc, Token

from dossier import lexicons
from dossier.extract.actors import ACTORS_KEY, WEAPONS_KEY, home_state
from dossier.extract.syntax import MODIFIERS, PHRASE_STOPS, SUBJECTS, np_role, verb_subject
from dossier.extract.vocabulary import (NUMBER_WORDS, PAIR_NOUNS, PAIR_WORDS, PRONOUN_IS_PERSON, STATE_BODIES,
                                        STATE_NOUNS, STYLED_STATE_NOUNS)

Hit = tuple[str, int]  # an actor id and the token it was read from
MAX_GROUP = 6  # 'the four countries': past a handful, a group is named, not counted back
CORE_ROLES = SUBJECTS | {"dobj", "dative"}  # the parties a clause is about, not those in its adjuncts
_PARTY_PREPS = {"to", "for", "from", "with", "against"}  # prepositions whose object is a party, not a place
_PAIR_WINDOW = 80  # tokens looked back for 'the two countries', 'the kingdom': the sentence and about the one before


def _group_size(noun: Token) -> int:
    """How many parties 'the two countries', 'both leaders' or 'the four countries' stand for (0: none
    named before; 'four countries' with no article names new ones)."""
    words = {c.lower_ for c in noun.children}
    if words & PAIR_WORDS:
        return 2
    number = next((NUMBER_WORDS.get(c.lower_, 0) for c in noun.children if c.dep_ == "nummod"), 0)
    return number if 2 < number <= MAX_GROUP and words & {"the", "all"} else 0


def _subject_tokens(verb: Token) -> range:
    """The tokens of a verb's subject phrase: what an object of that verb cannot stand for."""
    subject = verb_subject(verb)
    return range(subject.left_edge.i, subject.right_edge.i + 1) if subject is not None else range(0)


class ActorTokens:
    """Actor ids by token, from `doc.spans['actors']`, weapon designations left out."""

    def __init__(self, doc: Doc):
        self.doc = doc
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

    @cached_property
    def home_state(self) -> str | None:
        """Whose bodies the text names bare; read only when a phrase needs it."""
        return home_state(self.doc, self.doc.spans[ACTORS_KEY] if ACTORS_KEY in self.doc.spans else [])

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
        if head.pos_ == "PRON" and head.lower_ in PRONOUN_IS_PERSON:  # else the actor coreference gave it
            resolved = head.i in self.by_token and head.dep_ not in {"dobj", "pobj"}  # an object 'it' is often a thing
            return self._before(head) or ([(self.by_token[head.i], head.i)] if resolved else [])
        size = _group_size(head)
        if head.lemma_ in PAIR_NOUNS and size == 2:
            return self._pair_before(head, PAIR_NOUNS[head.lemma_])  # 'the two countries', 'both leaders'
        if head.lemma_ in PAIR_NOUNS and size:
            return self._list_before(head, size)  # 'the four countries'
        if head.lower_ in PAIR_WORDS and head.pos_ in {"NUM", "PRON", "DET"} and head.dep_ in SUBJECTS:
            return self._pair_before(head, "any")  # 'Putin met Lukashenko, and the two agreed'
        if self._state_noun(head):
            return self._state_before(head)  # 'the kingdom', 'the country'
        named = [c for c in head.children if c.dep_ == "appos" and c.i in self.by_token]
        start = [head, *named] if head.i not in self.by_token else [head]
        found = self._breadth_first(list(start), PHRASE_STOPS) or self._breadth_first(start, PHRASE_STOPS - {"appos"})
        if not found and self.home_state and self._bare_body(head):
            return [(self.home_state, head.i)]  # 'security forces killed', 'the junta arrested'
        return found

    @staticmethod
    def _state_noun(head: Token) -> bool:
        """'the country', 'the kingdom': a state named before, not 'the country's north' or 'the two countries'."""
        return head.lower_ in STATE_NOUNS and any(c.lower_ == "the" for c in head.children) and not any(
            c.dep_ in MODIFIERS | {"prep", "nummod"} for c in head.children)

    @staticmethod
    def _bare_body(head: Token) -> bool:
        """A state's body named without its state: 'the junta', 'security forces'; not 'a government',
        'GNA forces' (a name the gazetteer does not know is some other party's)."""
        return head.lemma_ in STATE_BODIES and head.pos_ == "NOUN" and head.dep_ not in MODIFIERS and not any(
            c.dep_ == "det" and c.lower_ != "the" or c.dep_ in MODIFIERS and c.pos_ == "PROPN" for c in head.children)

    def _breadth_first(self, queue: list[Token], stops: set[str]) -> list[Hit]:
        """The actor nearest the phrase's head, and its conjuncts; an apposition is read only when the
        phrase itself names no one ('the Gibraltar Eagle, a US-owned carrier')."""
        while queue:
            node = queue.pop(0)
            actor = self.by_token.get(node.i)
            if actor is not None:
                more = [(self.by_token[c.i], c.i) for c in node.conjuncts if c.i in self.by_token]
                return [(actor, node.i), *more]
            if node.dep_ == "poss" and node.lower_ in PRONOUN_IS_PERSON and node.head.dep_ in SUBJECTS:
                found = self._before(node)  # 'its forces had destroyed': the party 'its' stands for
                if found:
                    return found
            if node.dep_ == "pobj" and node.head.lower_ in _PARTY_PREPS and self._state_noun(node):
                found = self._state_before(node)  # 'an embargo on arms sales to the country', not 'the north of the country'
                if found:
                    return found
            children = [c for c in node.children if c.dep_ not in stops]
            queue.extend(sorted(children, key=lambda c: c.dep_ == "poss"))  # 'bin Laden's al-Qaeda network'
        return []

    def _before(self, pronoun: Token) -> list[Hit]:
        """The actor named earlier in the sentence that 'he'/'she' (a person) or 'it' (not) can be: the
        nearest subject, else the nearest ('India has deployed the Russian S-400, which it received': India)."""
        person = PRONOUN_IS_PERSON[pronoun.lower_]
        bound = _subject_tokens(pronoun.head) if pronoun.dep_ in {"dobj", "dative"} else range(0)
        fits = [i for i in range(pronoun.i - 1, pronoun.sent.start - 1, -1)  # 'Blinken condemned it': not Blinken
                if i in self.by_token and i not in bound and (person is None or (i in self.people) == person)]
        subjects = [i for i in fits if np_role(pronoun.doc[i]) in SUBJECTS]
        if pronoun.dep_ == "poss" and pronoun.head.dep_ == "pobj":  # 'sanctions on Turkey's agency over its purchase'
            subjects = []  # a possessive in a prepositional phrase takes the nearest party, not the subject
        return [(self.by_token[i], i) for i in (subjects or fits)[:1]]

    def _state_before(self, head: Token) -> list[Hit]:
        """The state 'the country' or 'the kingdom' stands for: the last one named before it, not the
        subject of its own clause ('Washington refused to sell the kingdom drones': not Washington; 'US
        President Obama lifted an embargo on arms sales to the country': not the US)."""
        verb = next((a for a in head.ancestors if a.pos_ in {"VERB", "AUX"}), head.head)
        clause_subject = _subject_tokens(verb) if verb.pos_ in {"VERB", "AUX"} else range(0)
        styled = lexicons.states_styled(head.lemma_) if head.lemma_ in STYLED_STATE_NOUNS else None
        window = _PAIR_WINDOW if styled is None else head.i  # a kingdom is found however far back it was named
        fits = [i for i in range(head.i - 1, max(-1, head.i - window), -1)
                if ":" not in self.by_token.get(i, ":") and i not in clause_subject  # state ids are bare ISO codes
                and (styled is None or self.by_token[i] in styled)]  # 'the kingdom' is one styled so
        if np_role(head) in SUBJECTS:  # 'The country took delivery': the last state a clause was about, not one
            fits = [i for i in fits if np_role(self.doc[i]) in CORE_ROLES] or fits  # named by the way ('given by Belarus')
        return [(self.by_token[i], i) for i in fits[:1]]

    def _list_before(self, head: Token, size: int) -> list[Hit]:
        """The parties 'the four countries' stands for: the last list of that many named together before
        it ('Saudi Arabia, the UAE, Bahrain and Egypt accuse Qatar ... The four countries'); none when no
        list of that size was named, rather than a guess from scattered names. A list is looked for
        anywhere before: named together, it is the group a text goes on to count."""
        for i in range(head.i - 1, -1, -1):
            if i not in self.by_token:
                continue
            node = self.doc[i]
            members = [node, *node.conjuncts]
            first = min(members, key=lambda t: t.i)
            if first.dep_ == "appos" and first.head.i in self.by_token:
                members.append(first.head)  # 'Saudi Arabia, the UAE, Bahrain and Egypt': a list read as an apposition
            hits = {self.by_token[m.i]: m.i for m in sorted(members, key=lambda t: -t.i) if m.i in self.by_token}
            if len(hits) == size:
                return sorted(hits.items(), key=lambda hit: hit[1])  # each party at its first token, in order
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
