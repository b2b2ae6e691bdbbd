"""Events read beyond the trigger's own clause: a supply asked for goes to the one who asks, an act
aimed at another event is aimed at that event's doer, an act announced as one's own plan is also a
promise or a threat (AGREE, THREATEN, as PLOVER codes it), a warning of sanctions is a threat, a
negated acceptance is a refusal, and a purchase one seeks is a request to the supplier.
"""

from __future__ import annotations

import dataclasses

from spacy.tokens import Token

from dossier.extract.actor_tokens import ActorTokens
from dossier.extract.attribution import cue_lexicon
from dossier.extract.matching import Found
from dossier.extract.syntax import CLAUSES, child_of, event_object, infinitive, purpose_clauses, verb_object, verb_subject
from dossier.extract.vocabulary import (
    CONDITIONS,
    FUTURE_AUXILIARIES,
    HEDGES_OF_PLANS,
    INTENDING,
    MODALS_OF_POSSIBILITY,
    NEGATIONS,
    RECEIVING,
    WISHING,
)
from dossier.records import Event

# an announced act that hurts its target is a threat, one that helps it a promise (PLOVER codes both so)
_HARMFUL = {"ASSAULT", "COERCE", "SANCTION", "PROTEST", "REJECT", "MOBILIZE", "ACCUSE"}
_HELPFUL = {"AID", "CONSULT", "COOPERATE", "RETREAT", "CONCEDE", "SUPPORT"}


def asker_receives(item: Found, verbs: dict[int, Found]) -> None:
    """'Iran asked Russia to deliver S-400 systems': a supply asked for goes to the one who asks."""
    if item.trigger.type != "AID" or item.target is not None or item.anchor.dep_ not in CLAUSES:
        return
    request = verbs.get(item.anchor.head.i)
    if request is not None and request.trigger.type == "REQUEST" and request.source not in {None, item.source}:
        item.target = request.source


def deal_for_transfer(item: Found, verbs: dict[int, Found]) -> None:
    """'KAI signed a deal in 2023 to supply 18 FA-50s to Malaysia': a deal that names no counterpart
    is made with the other party of the transfer it is for (its purpose clause, or its object's)."""
    if item.trigger.type != "AGREE" or item.source is None or item.target is not None:
        return
    for clause in purpose_clauses(item.anchor):
        transfer = verbs.get(clause.i)
        if transfer is None or transfer.trigger.type not in {"AID", "AGREE"}:
            continue
        other = {transfer.source: transfer.target, transfer.target: transfer.source}.get(item.source)
        if other is not None:
            item.target = other
            return


def aim_at_completed_acts(found: list[Found], made: dict[int, list[Event]]) -> None:
    """'The White House called the transfer an escalation': an event whose object is an event noun is
    aimed at that event's doer, known only once the transfer took its parties from the one named before."""
    for item in found:
        obj = event_object(item.anchor) if item.trigger.pos == "VERB" else None
        acts = made.get(obj.i, []) if obj is not None else []
        doer = next((act.source for act in acts if act.source), None)
        for event in made.get(item.anchor.i, []):
            if event.target is None and doer is not None and doer != event.source:
                event.target = doer


def announced_intent(item: Found, actors: ActorTokens) -> str | None:
    """THREATEN or AGREE for an act announced as one's own plan ('said they would boycott', 'will give
    Tanzania a grant', 'will withdraw unless', 'have sworn to fight', 'wants to help Israel'), REJECT
    for a help one says one will not give ('would not provide support'); None for other acts, for
    hedged forecasts ('will probably fire') and for another party's forecast ('Washington warned that
    Moscow would retaliate'), which are the act itself, expected."""
    anchor, trigger = item.anchor, item.trigger
    if trigger.pos != "VERB" or item.source is None or wished(item):
        return None
    if anchor.dep_ == "ccomp" and any(not actors.same_side(actor, item.source)
                                      for actor, _ in actors.in_phrase(verb_subject(anchor.head))):
        return None  # another party's forecast; a state's own leader speaks for it
    words = {c.lower_ for c in anchor.children if c.dep_ in {"aux", "advmod", "neg"}}
    intending = intending_verb(anchor)
    if not (words & FUTURE_AUXILIARIES or intending is not None):
        return None
    if words & NEGATIONS and not words & (HEDGES_OF_PLANS - NEGATIONS):
        return "REJECT" if trigger.type in _HELPFUL else None
    if words & HEDGES_OF_PLANS:
        return None
    conditional = any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONDITIONS for m in c.children)
                      for c in anchor.children)
    if intending is not None and intending.lemma_ == "prepare" and trigger.type == "ASSAULT":
        return "MOBILIZE"  # 'the army prepared to resume shelling': forces readied, not yet an attack
    if conditional or trigger.type in _HARMFUL:
        return "THREATEN"
    return "AGREE" if trigger.type in _HELPFUL else None


def sanctions_warned(item: Found, actors: ActorTokens) -> Found | None:
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
    if words & NEGATIONS or not (words & (FUTURE_AUXILIARIES | MODALS_OF_POSSIBILITY) or ready):
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


def intending_verb(anchor: Token) -> Token | None:
    """The verb of intention whose 'to' clause holds the act: 'wants' in 'wants to attack'."""
    head = anchor.head
    if anchor.dep_ in {"xcomp", "advcl"} and head.pos_ == "VERB" and head.lemma_ in INTENDING and infinitive(anchor):
        return head
    return None


def refusal(item: Found) -> str | None:
    """REJECT for a negated acceptance: 'will not accept any more refugees', 'did not agree to'."""
    if item.trigger.type == "AGREE" and item.trigger.pos == "VERB" and child_of(item.anchor, "neg") is not None:
        return "REJECT"
    return None


def wishing_verb(item: Found) -> Token | None:
    """The verb that seeks a purchase or receipt ('is seeking to buy', 'would want to obtain',
    'leveraging its position to obtain'): such a transfer is a request to the supplier."""
    anchor = item.anchor
    if item.trigger.type not in {"AID", "AGREE"} or anchor.lemma_ not in RECEIVING:
        return None
    if anchor.dep_ == "acl" and anchor.head.pos_ == "NOUN":  # 'its position to obtain'
        anchor = anchor.head
    head = anchor.head
    return head if anchor.dep_ in {"xcomp", "advcl", "acl", "dobj"} and head.lemma_ in WISHING else None


def wished(item: Found) -> bool:
    return wishing_verb(item) is not None
