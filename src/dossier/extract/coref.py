"""Pronouns that stand for an actor named before: 'he added' (Kaushal), 'It has confirmed the
sale' (Iran). Possessives ('its troops') are left to the clause they sit in: they mostly point
back to its own subject, and an actor there would read as the event's target.

Deliberately simple rules, chosen over a trained resolver (coreferee needs a larger model and
misses more than it gains on wire copy): a personal pronoun takes the latest person named in its
sentence or, failing that, the person who was the subject of a recent sentence; 'it'/'its' take
the latest state or organisation in subject position in the last two sentences. Pleonastic 'it'
('it is likely that') is left alone.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

PERSONAL = {"he", "him", "she", "her"}
NEUTER = {"it"}
_SUBJECTS = {"nsubj", "nsubjpass"}
_WINDOW_SENTENCES = 2


def _pleonastic(token: Token) -> bool:
    """'it is likely that', 'it was reported that', 'it remains unclear whether'."""
    if token.dep_ == "expl":
        return True
    head = token.head
    return token.lower_ == "it" and token.dep_ in _SUBJECTS and (
        any(c.dep_ in {"ccomp", "xcomp", "acomp", "attr"} and c.i > head.i for c in head.children)
        and head.lemma_ in {"be", "seem", "appear", "remain", "become"}
        or any(c.dep_ == "ccomp" for c in head.children) and head.tag_ == "VBN")


def resolve_pronouns(doc: Doc, actors: list[Span]) -> list[Span]:
    """Spans over pronouns, each with the label and actor id of its antecedent."""
    if not actors:
        return []
    sentence_of = {sent.start: n for n, sent in enumerate(doc.sents)}
    sentence_index = [0] * len(doc)
    for sent in doc.sents:
        for i in range(sent.start, sent.end):
            sentence_index[i] = sentence_of[sent.start]
    found: list[Span] = []
    ordered = sorted(actors, key=lambda s: s.start)
    for token in doc:
        lower = token.lower_
        if token.pos_ != "PRON" or lower not in PERSONAL | NEUTER or token.dep_ == "poss":
            continue
        if _pleonastic(token):
            continue
        here = sentence_index[token.i]
        earlier = [s for s in ordered if s.end <= token.i and here - sentence_index[s.start] <= _WINDOW_SENTENCES]
        person = lower in PERSONAL
        kind = [s for s in earlier if (s.label_ == "person") == person]
        same_sentence = [s for s in kind if sentence_index[s.start] == here]
        subjects = [s for s in kind if s.root.dep_ in _SUBJECTS]
        pool = (same_sentence or subjects or kind) if person else (subjects or same_sentence)
        if pool:
            antecedent = pool[-1]
            found.append(Span(doc, token.i, token.i + 1, label=antecedent.label_, kb_id=antecedent.kb_id_))
    return found
