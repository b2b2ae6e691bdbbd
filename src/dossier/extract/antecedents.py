"""Answers to events told before: 'Manila rejected the demand', 'Moscow dismissed the criticism',
'Ankara welcomed the decision', 'requests that Mexico turned down'.

A definite noun that names no party of its own ('the demand', not 'China's demand') stands for an
event told before it in the document, and an answer to it (a rejection, a charge, a word of
support) is aimed at that event's doer, never at the answer's own side. The noun makes no event of
its own: it retells one. It is read twice:
- while triggers are read (`answered_events`): a noun of an event type stands for the last event of
  that type told before with both parties ('the demand': a request). A relative clause's head is its
  verb's object, definite or not ('a demand Ali refused'), and when that noun names its own event
  ('requests that Mexico turned down') it is that event.
- once every event has its parties (`answer_retold_acts`): a noun that may retell any act ('the
  decision', 'the move'), or one whose type was not told, stands for the last act told just before
  (in its sentence or the two before) by someone other than the one who answers; so does 'it' or
  'this' as the object of an answer that names no party ('Blinken condemned it').
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from spacy.tokens import Doc, Token

from dossier.extract.actor_tokens import ActorTokens
from dossier.extract.arguments import trigger_token
from dossier.extract.matching import Found
from dossier.extract.parties import side
from dossier.extract.syntax import definite, event_object
from dossier.extract.triggers import noun_event_types
from dossier.extract.vocabulary import RELATIVE_PRONOUNS, RETOLD_ACTS
from dossier.records import Event

ANSWERS = {"REJECT", "ACCUSE", "SUPPORT"}  # acts that answer an event told before: aimed at its doer
ACT_PRONOUNS = {"it", "this"}  # 'condemned it', 'welcomed this': an act told just before, when no party
RECENT_SENTENCES = 2  # how far back a noun of any act ('the decision') points: its sentence and the two before


def answered_events(found: Sequence[Found], actors: ActorTokens) -> list[tuple[Found, Found]]:
    """Each answer with no target whose object is a noun of an event type pointing back, with the
    event that noun stands for."""
    told = sorted((f for f in found if f.source and f.target and f.source != f.target), key=lambda f: f.anchor.i)
    own = {f.anchor.i: f for f in found if f.trigger.pos == "NOUN" and f.source}
    answered: list[tuple[Found, Found]] = []
    for item in found:
        if item.trigger.type not in ANSWERS or item.trigger.pos == "NOUN" or item.target is not None:
            continue
        noun, relative = _answered_noun(item.anchor)
        if noun is None:
            continue
        if relative and noun.i in own:
            antecedent = own[noun.i]
        elif (relative or definite(noun)) and not actors.in_phrase(noun):
            types = noun_event_types(noun.lemma_)
            antecedent = next((f for f in reversed(told) if f.anchor.i < noun.i and f.trigger.type in types), None)
        else:
            continue
        if antecedent is not None and not actors.same_side(item.source or "", antecedent.source):
            answered.append((item, antecedent))
    return answered


def answer_retold_acts(doc: Doc, events: list[Event], countries: dict[str, str | None],
                       sentence_starts: list[int]) -> None:
    """Aims, in place, each answer still without a target whose object is a definite noun of any act
    ('welcomed the decision') or of a type not told, at the doer of the last act told just before
    (`sentence_starts`: the offset where each sentence begins, in order)."""
    told = [(bisect_right(sentence_starts, e.trigger.start), e) for e in events if e.source]
    for event in events:
        if event.type not in ANSWERS or event.source is None or event.target is not None:
            continue
        verb = trigger_token(doc, event)
        noun, relative = _answered_noun(verb)
        pointing = noun is not None and noun.lower_ in ACT_PRONOUNS  # 'Blinken condemned it'
        if noun is None or verb.pos_ == "NOUN" or not (relative or definite(noun) or pointing):
            continue
        retold = noun_event_types(noun.lemma_)
        if not pointing and noun.lemma_ not in RETOLD_ACTS and not retold:
            continue
        sentence = bisect_right(sentence_starts, noun.idx)
        before = [e for number, e in told if sentence - RECENT_SENTENCES <= number
                  and e.trigger.start < noun.idx and side(e.source, countries) != side(event.source, countries)
                  and (e.type not in ANSWERS or e.type in retold)]  # 'hailed the decision': not an earlier welcome
        if before:
            event.target = before[-1].source
            event.others = [o for o in event.others if o != event.target]


def _answered_noun(verb: Token) -> tuple[Token | None, bool]:
    """The noun an answer takes as its object, and whether it heads the answer's relative clause
    ('a request Berlin turned down', 'requests that Mexico turned down')."""
    noun = event_object(verb)
    if noun is not None and noun.lower_ not in RELATIVE_PRONOUNS:
        return noun, False
    if verb.dep_ == "relcl" and verb.head.pos_ == "NOUN":
        return verb.head, True
    return None, False
