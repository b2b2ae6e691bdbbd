"""Answers to events told before: 'Manila rejected the demand', 'Moscow dismissed the criticism'.

A definite event noun that names no party of its own ('the demand', not 'China's demand') stands
for the event of its type told last before it in the document. An answer whose object is such a
noun (a rejection, a charge, a word of support) is aimed at that event's doer, as it is when the
noun names its own ('rejected China's demand'). The noun makes no event of its own: it retells one.
"""

from __future__ import annotations

from collections.abc import Sequence

from dossier.extract.actor_tokens import ActorTokens
from dossier.extract.matching import Found
from dossier.extract.syntax import definite, event_object
from dossier.extract.triggers import noun_event_types

ANSWERS = {"REJECT", "ACCUSE", "SUPPORT"}  # acts that answer an event told before: aimed at its doer


def answered_events(found: Sequence[Found], actors: ActorTokens) -> dict[int, Found]:
    """For each answer with no target whose object is a definite event noun naming no party, the
    event that noun points back to, by the noun's token: the latest earlier event of its type with
    both parties."""
    told = sorted((f for f in found if f.source and f.target and f.source != f.target), key=lambda f: f.anchor.i)
    pointed: dict[int, Found] = {}
    for item in found:
        if item.trigger.type not in ANSWERS or item.trigger.pos == "NOUN" or item.target is not None:
            continue
        noun = event_object(item.anchor)
        types = noun_event_types(noun.lemma_) if noun is not None else frozenset()
        if not types or not definite(noun) or actors.in_phrase(noun):
            continue
        antecedent = next((f for f in reversed(told) if f.anchor.i < noun.i and f.trigger.type in types), None)
        if antecedent is not None:
            pointed[noun.i] = antecedent
    return pointed
