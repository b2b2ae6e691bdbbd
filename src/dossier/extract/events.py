"""Finds PLOVER events in a parsed Doc: triggers from a lexicon, source and target from the parse.

The stages, each its own module: `matching.py` finds the triggers (a dict lookup a token, the senses
of `senses.py` checked) and keeps those that name an event of their own; `slots.py` reads each one's
parties from the role slots of the lexicon, through the actors of `actor_tokens.py`; `transfers.py`
completes a transfer from the maker of its system or the transfer named before; `derived.py` adds
what reaches past the trigger (a promise or threat announced, sanctions warned of, a request read
from a wish). Date, place, weapons, factuality and attributions are left to `arguments.py` and
`factuality.py`.
"""

from __future__ import annotations

import dataclasses
import logging

from spacy.tokens import Doc, Span

from dossier.extract.actor_tokens import ActorTokens
from dossier.extract.antecedents import answered_events
from dossier.extract.derived import (
    aim_at_completed_acts,
    announced_intent,
    asker_receives,
    deal_for_transfer,
    intending_verb,
    refusal,
    sanctions_warned,
    wished,
    wishing_verb,
)
from dossier.extract.matching import Found, own_events, trigger_matches
from dossier.extract.slots import RoleSlots
from dossier.extract.syntax import verb_subject
from dossier.extract.transfers import Transfers, armed_tokens, complete_transfer
from dossier.extract.triggers import lexicon
from dossier.extract.vocabulary import MANNER_PREPS
from dossier.records import Event, Evidence
from dossier.records import Span as TextSpan

LOGGER = logging.getLogger(__name__)


def extract_events(doc: Doc, document_id: str) -> list[Event]:
    """Every PLOVER event the lexicon's triggers name in `doc`, in text order."""
    light = lexicon().light
    actors = ActorTokens(doc)
    roles = RoleSlots(actors, light)
    found = own_events(trigger_matches(doc, actors), light)
    for item in sorted(found, key=lambda f: f.trigger.pos != "NOUN"):  # nouns first: verbs may take them
        roles.resolve(item)
    for item, answered in answered_events(found, actors):  # aimed at the doer of what it answers
        item.target = answered.source
        item.others = tuple(o for o in item.others if o != answered.source)
    verbs = {f.anchor.i: f for f in found if f.trigger.pos == "VERB"}
    armed_at = armed_tokens(actors) if actors.weapon_roots else set()
    transfers = Transfers()
    events: list[Event] = []
    made: dict[int, list[Event]] = {}  # trigger anchor -> the events it made
    for item in found:
        trigger = item.trigger
        if trigger.pos == "NOUN" and item.source is None and item.target is None:
            _inherit(item, verbs)
        asker_receives(item, verbs)
        deal_for_transfer(item, verbs)
        armed = item.anchor.i in armed_at
        named = item.source is not None or item.target is not None
        transfer = complete_transfer(item, transfers, armed, actors)
        filled = item.source is not None or item.target is not None
        if trigger.pos == "NOUN" and not named and not (transfer and filled) and not (armed and trigger.type == "AID"):
            continue  # 'regional cooperation', 'the war': no party named, nor a transfer named before
        if ("+src" in trigger.flags and item.source is None) or ("+tgt" in trigger.flags and item.target is None):
            continue
        wisher = wishing_verb(item)
        if wisher is not None and item.target is None:  # the one who seeks it is the recipient
            item.target = next((actor for actor, _ in actors.in_phrase(verb_subject(wisher))), None)
        for party in _parties(item):
            intent = announced_intent(party, actors)
            if intent is not None:  # before the act, so that the act's arguments stay on the act
                events.append(_event(party, document_id, len(events) + 1, False, intent))
            events.append(_event(party, document_id, len(events) + 1, armed and trigger.type == "AID"))
            made.setdefault(item.anchor.i, []).append(events[-1])
    for item in found:
        threat = sanctions_warned(item, actors)
        if threat is not None:
            events.append(_event(threat, document_id, len(events) + 1, False, "THREATEN"))
    aim_at_completed_acts(found, made)
    _acts_of_bodies(events, doc.user_data.get("people", {}))
    LOGGER.debug("%s: %d events from %d triggers", document_id, len(events), len(found))
    return events


def _acts_of_bodies(events: list[Event], people: dict) -> None:
    """A person who speaks for a body acts for it: 'NATO spokesperson Oana Lungescu called ...' is
    NATO's charge, 'UN Secretary-General Antonio Guterres condemned ...' the UN's. Only as the one who
    acts: a person acted upon ('the killing of Hamas leader Ismail Haniyeh') stays that person."""
    for event in events:
        person = people.get(event.source)
        if person is not None and person.body and person.body != event.target:
            event.source = person.body
            event.others = [o for o in event.others if o != person.body]


def _inherit(item: Found, verbs: dict[int, Found]) -> None:
    """A nominal event with no actor takes those of the event its phrase modifies ('delivered ... in a deal')."""
    anchor = item.anchor
    if anchor.dep_ == "pobj" and anchor.head.dep_ == "prep" and anchor.head.lower_ in MANNER_PREPS:
        owner = verbs.get(anchor.head.head.i)
        if owner is not None:
            item.source, item.target, item.others = owner.source, owner.target, owner.others


def _parties(item: Found) -> list[Found]:
    """The trigger once, and once more for each party conjoined with its source or target, that party
    in its place and the one it stood beside among the others."""
    copies = [item]
    for field, co in (("source", item.co_sources), ("target", item.co_targets)):
        for actor in co:
            replaced = getattr(item, field)
            others = tuple(o for o in item.others if o != actor) + ((replaced,) if replaced else ())
            copies.append(dataclasses.replace(item, **{field: actor}, others=others, co_sources=(), co_targets=()))
    if item.mutual:
        copies.append(dataclasses.replace(item, source=item.target, target=item.source, mutual=False))
    return copies


def _event(item: Found, document_id: str, number: int, armed: bool, intent: str | None = None) -> Event:
    """The record for one kept trigger, or for the promise or threat it announces (`intent`); an AID
    with a weapon among its arguments is military."""
    trigger, span = item.trigger, item.span
    mode, context = (None, []) if intent else (trigger.mode, list(trigger.context))
    intending = intending_verb(item.anchor) if intent else None
    if intending is not None:  # the plan is stated by 'wants', 'has sworn'; the act stays on its own verb
        span = item.anchor.doc[intending.i:intending.i + 1]
    if armed:
        mode = "military"
        context = context if "military" in context else [*context, "military"]
    sentence = span.root.sent
    as_request = intent is None and wished(item)
    return Event(
        id=f"{document_id}:e{number}",
        type=intent or refusal(item) or ("REQUEST" if as_request else trigger.type),
        mode=mode,
        source=item.target if as_request else item.source,  # the one who would receive asks the supplier
        target=item.source if as_request else item.target,
        others=list(item.others),
        context=context,
        trigger=TextSpan(span.start_char, span.end_char, span.text),
        evidence=[evidence_of(document_id, sentence)],
    )


def evidence_of(document_id: str, sentence: Span) -> Evidence:
    """The sentence as evidence, without the blank lines spaCy keeps at its end."""
    text = sentence.text.rstrip()
    return Evidence(document_id, sentence.start_char, sentence.start_char + len(text), text)
