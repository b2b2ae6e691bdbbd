"""Event nouns that point back: 'Manila rejected the demand', 'Moscow dismissed the criticism'.

A definite event noun that names no party of its own ('the demand', not 'China's demand') stands
for the event of its type told last before it in the document. A verb that takes such a noun reads
its parties through that event, as it does through an event noun that names its own ('rejected the
demand' is aimed at the one who demanded). The noun makes no event of its own: it retells one.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from dossier.extract.actor_tokens import ActorTokens
from dossier.extract.matching import Found
from dossier.extract.triggers import index
from dossier.extract.vocabulary import DEFINITE

ANSWERS = {"REJECT", "ACCUSE", "SUPPORT"}  # acts that answer an event told before: aimed at its doer


def _definite(noun: Token) -> bool:
    """'the demand', 'these requests'; not 'a demand', 'demands for', 'a 2018 deal'."""
    return any(c.dep_ == "det" and c.lower_ in DEFINITE for c in noun.children)


def _noun_types(token: Token) -> set[str]:
    words, _ = index()
    return {trigger.type for trigger in words.get((token.lemma_, "NOUN"), ())}


def pointing_back(doc: Doc, found: Sequence[Found], actors: ActorTokens) -> dict[int, Found]:
    """The event each definite event noun with no party of its own stands for, by the noun's token:
    the latest event of its type told before it with both parties."""
    told = sorted((f for f in found if f.source and f.target and f.source != f.target), key=lambda f: f.anchor.i)
    own = {f.anchor.i for f in found if f.source or f.target}
    pointed: dict[int, Found] = {}
    for token in doc:
        if token.pos_ != "NOUN" or token.i in own or not _definite(token) or actors.in_phrase(token):
            continue
        types = _noun_types(token)
        antecedent = next((f for f in reversed(told) if f.anchor.i < token.i and f.trigger.type in types), None)
        if antecedent is not None:
            pointed[token.i] = antecedent
    return pointed
