"""Events a later sentence refers back to without naming their parties again.

'US officials charged that Iran shipped missiles to Russia. Iran has rejected the accusations.' The
second sentence denies the shipment: it becomes a copy of that event, triggered by 'accusations',
so that factuality reads 'denied' from 'rejected' and the claims board shows Iran's denial beside
the charge. Likewise 'The request was confirmed by two Iranian officials' and 'a source confirmed
the order' restate the request and the order named before, each with its own speaker.

And 'Moscow suspended it' halts the contract named before ('cancelled a deal to buy 16 helicopters'
the purchase inside its object), and 'the transfer' is the one named
before between the same parties: each takes that transfer's weapons (the halt its other party
too), so claims and the register can join them.

A copy keeps the antecedent's parties, weapons, figures and date (it is the same act, told again)
and takes its own sentence as evidence; its factuality and speakers are read afterwards from its
own sentence, as for any event. The antecedents' factuality must already be set: a denied claim
answers an act that was alleged.
"""

from __future__ import annotations

import dataclasses
import logging

from spacy.tokens import Doc, Token

from dossier import lexicons
from dossier.extract.arguments import trigger_token
from dossier.extract.actors import ACTORS_KEY
from dossier.extract.events import evidence_of
from dossier.extract.parties import side
from dossier.extract.syntax import definite
from dossier.extract.triggers import noun_event_types
from dossier.extract.vocabulary import CLAIM_NOUNS, DEFINITE, DENYING
from dossier.records import Event
from dossier.records import Span as TextSpan

LOGGER = logging.getLogger(__name__)

RESTATED_TYPES = {"REQUEST", "AGREE", "AID", "SANCTION"}  # transfer steps a later sentence confirms; sanctions it says stand
TRANSFER_TYPES = {"AID", "AGREE"}
HALTING_MODE = "discontinue"  # PLOVER's SANCTION mode for halting a supply or a contract
_ROLES = {"nsubj", "nsubjpass", "dobj"}
_OWN_WORDS = {"det", "predet", "amod", "compound", "poss", "nummod", "prep", "pobj"}  # not its clauses


def restated_events(doc: Doc, events: list[Event], document_id: str) -> list[Event]:
    """Copies of earlier events that a definite noun refers back to, denied claims included.

    `events` are the document's events so far, in text order; the new ones get ids after theirs.
    """
    triggers = {token.i for event in events for token in _tokens(doc, event)}
    actors = _actor_tokens(doc)
    restated: list[Event] = []
    for token in doc:
        if token.pos_ != "NOUN" or token.i in triggers or token.dep_ not in _ROLES or not _bare(token, actors):
            continue
        antecedent = _antecedent(token, events, actors, triggers)
        if antecedent is None:
            continue
        restated.append(dataclasses.replace(
            antecedent,
            id=f"{document_id}:e{len(events) + len(restated) + 1}",
            trigger=TextSpan(token.idx, token.idx + len(token.text), token.text),
            others=list(antecedent.others),
            context=list(antecedent.context),
            weapons=list(antecedent.weapons),
            factuality=None,
            attributions=[],
            evidence=[evidence_of(document_id, token.sent)],
        ))
    LOGGER.debug("%s: %d restated events", document_id, len(restated))
    return restated


def complete_references(doc: Doc, events: list[Event], countries: dict[str, str | None]) -> None:
    """Events that name a transfer by reference take its weapons: a halt whose object is a pronoun
    ('The two countries signed the S-300 contract in 2007. Moscow suspended it in 2010.', which also
    gives the halt its other party), and a definite transfer noun between the same parties ('Iran
    delivered Fath-360 missiles to Russia ... the White House called the transfer an escalation')."""
    for event in events:
        if event.type in TRANSFER_TYPES and not event.weapons:
            _take_weapons_of_the_transfer_named(doc, event, events)
        if event.type != "SANCTION" or event.mode != HALTING_MODE or event.weapons and event.target is not None:
            continue
        antecedent = _halted(doc, event, events)
        halter = side(event.source, countries)
        if antecedent is None or halter not in {side(antecedent.source, countries), side(antecedent.target, countries)}:
            continue  # a party to it halts it: 'Maliki cancelled it' halts Iraq's order
        if event.weapons and not _goods(event) & _goods(antecedent):
            continue  # 'called off the purchase amid doubts over the aircraft': the same goods, taken up
        event.weapons = event.weapons or list(antecedent.weapons)
        if event.target is None:
            event.target = antecedent.target if halter == side(antecedent.source, countries) else antecedent.source


def _halted(doc: Doc, event: Event, events: list[Event]) -> Event | None:
    """The transfer a halt names by its object: 'suspended it' (the transfer named before), 'cancelled
    a deal to buy 16 Mi-17 helicopters' (the purchase inside the object), 'has cancelled the
    contract' (the contract named before with this party), 'the purchase ... has been cancelled'."""
    verb = trigger_token(doc, event)
    obj = next((c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}), None)
    if obj is None:
        return None
    start = obj.sent.start_char
    earlier = [e for e in events if e.type in TRANSFER_TYPES and e.weapons and e.trigger.end <= start]
    if obj.lower_ in {"it", "them"}:
        return earlier[-1] if earlier else None
    if not noun_event_types(obj.lemma_) & TRANSFER_TYPES:
        return None
    purpose = [c for c in verb.children if c.dep_ in {"advcl", "xcomp"}
               and any(t.lower_ == "to" and t.dep_ == "aux" for t in c.children)]  # 'a deal to buy ...'
    phrases = [doc[t.left_edge.i:t.right_edge.i + 1] for t in (obj, *purpose)]
    inside = [e for e in events if e.type in TRANSFER_TYPES and e.weapons and e is not event
              and any(p.start_char <= e.trigger.start < p.end_char for p in phrases)]
    if inside:
        return inside[0]
    shared = [e for e in earlier if event.source in {e.source, e.target}]
    return shared[-1] if shared else None


def complete_by_weapon(events: list[Event], countries: dict[str, str | None]) -> None:
    """A transfer mention that leaves a party out takes it from the document's other mentions of
    the same system (or, for a generic phrase, the same category), when they agree on one supplier
    or one recipient: 'The contract, first signed in 2007, covers five to six S-300 units' in a
    report of Russia's S-300 deliveries to Iran is Russia's contract with Iran."""
    transfers = [e for e in events if e.type in TRANSFER_TYPES | {"REQUEST"} and e.weapons]
    for halt in events:
        if halt.type == "SANCTION" and halt.mode == HALTING_MODE and halt.weapons and halt.source and not halt.target:
            halt.target = _counterpart(halt, [e for e in transfers if not e.incomplete], countries)
    for event in transfers:
        if not event.incomplete:
            continue
        same = [e for e in transfers if not e.incomplete and _goods(event) & _goods(e)]
        supplier, recipient = _supplier_and_recipient(event)
        pairs = [_supplier_and_recipient(e) for e in same]
        suppliers = {s for s, r in pairs if recipient in {None, r}}
        recipients = {r for s, r in pairs if supplier in {None, s}}
        if supplier is None and len(suppliers) == 1:
            supplier = suppliers.pop()
        if recipient is None and len(recipients) == 1:
            recipient = recipients.pop()
        if supplier is None or recipient is None or supplier == recipient or \
                countries.get(supplier, supplier) == countries.get(recipient, recipient):
            continue
        event.source, event.target = (recipient, supplier) if event.type == "REQUEST" else (supplier, recipient)


def _counterpart(halt: Event, transfers: list[Event], countries: dict[str, str | None]) -> str | None:
    """Whom a halt that names its goods but not its other party is aimed at: the other side of the
    transfer of those goods told in the document ('Indonesia abandoned a 2018 deal for 11 Su-35
    fighters' after 'Russia agreed to sell Indonesia Su-35s'), else the maker of the system
    ('Norway has cancelled its order for 14 NH90 helicopters'), never the halting side itself."""
    own = side(halt.source, countries)
    for event in reversed(transfers):
        if _goods(event) & _goods(halt):
            supplier, recipient = _supplier_and_recipient(event)
            if side(recipient, countries) == own and supplier:
                return supplier
            if side(supplier, countries) == own and recipient:
                return recipient
    systems = lexicons.weapon_systems()
    makers = {systems[w.system].country for w in halt.weapons if w.system in systems} - {None}
    return makers.pop() if len(makers) == 1 and own not in makers else None


def _supplier_and_recipient(event: Event) -> tuple[str | None, str | None]:
    """(supplier, recipient) of a transfer step; a requester receives."""
    pair = (event.source, event.target)
    return pair[::-1] if event.type == "REQUEST" else pair


def _goods(event: Event) -> set[str]:
    """The systems an event names, or the categories of its generic weapons."""
    return {w.system or w.category for w in event.weapons}


def _take_weapons_of_the_transfer_named(doc: Doc, event: Event, events: list[Event]) -> None:
    """'the transfer' takes the weapons of the transfer named before between the same parties; 'the
    loan' (money: an economic context) names no weapons, whatever it pays for."""
    noun = trigger_token(doc, event)
    if noun.pos_ != "NOUN" or not definite(noun) \
            or "economic" in event.context:
        return
    same = [e for e in events if e.trigger.end <= event.trigger.start and e.weapons
            and e.type in TRANSFER_TYPES and (e.source, e.target) == (event.source, event.target)]
    if same:
        event.weapons = list(same[-1].weapons)


def _antecedent(token: Token, events: list[Event], actors: dict[int, str], triggers: set[int]) -> Event | None:
    """The earlier event a bare noun stands for: for a denied claim, the latest act alleged against
    the one who denies it; for a request, order or delivery whose verb names no event of its own,
    the latest event of that type."""
    start = token.sent.start_char  # once: a token's sentence is found by walking the text
    earlier = [e for e in events if e.trigger.end <= start]
    verb = token.head
    if token.lemma_ in CLAIM_NOUNS and token.dep_ == "dobj" and verb.lemma_ in DENYING:
        deniers = {actors[t.i] for child in verb.children if child.dep_ == "nsubj" for t in child.subtree
                   if t.i in actors}
        return next((e for e in reversed(earlier) if e.factuality == "alleged"
                     and (not deniers or deniers & {e.source, e.target})), None)
    if verb.i in triggers:
        return None  # 'rejected the request', 'signed the deal': the verb's own event holds it
    types = noun_event_types(token.lemma_) & RESTATED_TYPES
    return next((e for e in reversed(earlier) if e.type in types and (e.source or e.target)), None)


def _bare(token: Token, actors: dict[int, str]) -> bool:
    """A definite noun phrase that names no party: 'the accusations', 'the order', not 'Iran's request'."""
    refers_back = any(c.dep_ in {"det", "predet", "amod"} and c.lower_ in DEFINITE for c in token.children)
    return refers_back and not any(t.i in actors for t in _phrase(token))


def _phrase(token: Token) -> list[Token]:
    """The noun and its own modifiers, without the clauses and appositions hung on it."""
    words = [token]
    for child in token.children:
        if child.dep_ in _OWN_WORDS:
            words.extend(_phrase(child))
    return words


def _actor_tokens(doc: Doc) -> dict[int, str]:
    spans = doc.spans[ACTORS_KEY] if ACTORS_KEY in doc.spans else []
    return {i: span.kb_id_ for span in spans if span.kb_id_ for i in range(span.start, span.end)}


def _tokens(doc: Doc, event: Event) -> list[Token]:
    span = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
    return list(span) if span is not None else []
