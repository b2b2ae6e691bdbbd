"""References to actors named elsewhere: pronouns, and role nouns ('the Russian leader').

Pronouns that stand for an actor named before: 'he added' (Kaushal), 'It has confirmed the
sale' (Iran). Possessives ('its troops') are left to the clause they sit in: they mostly point
back to its own subject, and an actor there would read as the event's target.

Deliberately simple rules (a trained resolver such as coreferee would need a larger English model
than the one we ship): a personal pronoun takes the latest person named in its
sentence or, failing that, the person who was the subject of a recent sentence; 'it'/'its' take
the latest state or organisation in subject position in the last two sentences. Pleonastic 'it'
('it is likely that') is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from spacy.tokens import Doc, Span, Token

from dossier import lexicons
from dossier.extract.actors import slug

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


# Role nouns that stand for a person when a country qualifies them: 'the Russian president',
# 'Iran's foreign minister', 'the Russian leader'. Two-word roles are read on their head noun.
_ROLE_HEADS = {"president": "president", "premier": "prime minister", "chancellor": "chancellor",
               "king": "king", "leader": "leader"}
_MINISTERS = {"prime": "prime minister", "foreign": "foreign minister", "defence": "defence minister",
              "defense": "defence minister"}
_HEAD_ROLES = {"president", "prime minister", "supreme leader", "chancellor", "king", "leader"}


@dataclass(frozen=True, slots=True)
class RoleReference:
    """'the Russian leader' at tokens start..end: who it is, as far as the text and the table tell."""

    start: int
    end: int
    person: str  # actor id
    name: str
    role: str
    country: str
    wikidata: str | None


def _role_of(noun: Token) -> str | None:
    if noun.lemma_ == "minister":
        words = {child.lower_ for child in noun.children if child.dep_ in {"compound", "amod"}}
        return next((_MINISTERS[w] for w in words if w in _MINISTERS), None)
    if noun.lemma_ == "leader" and any(c.lower_ == "supreme" for c in noun.children):
        return "supreme leader"
    return _ROLE_HEADS.get(noun.lemma_)


@cache
def _holders_by_office() -> dict[tuple[str, str], list[lexicons.OfficeTerm]]:
    index: dict[tuple[str, str], list[lexicons.OfficeTerm]] = {}
    for terms in lexicons.office_holders().values():
        for term in terms:
            if term.country and term not in index.get((term.country, term.role), []):
                index.setdefault((term.country, term.role), []).append(term)
    return index


def resolve_roles(doc: Doc, actors: list[Span], people: dict, published: date | None) -> list[RoleReference]:
    """Role nouns qualified by a state and naming no one ('the Russian leader', 'Iran's president'),
    resolved to a person named in the document with that country and role, or else to the holder of
    that office on the publication date. 'Leader' means the office `resources/leaders.tsv` gives for
    that state then (its president, prime minister, chancellor or supreme leader)."""
    state_at = {i: span.kb_id_ for span in actors if span.label_ == "state" for i in range(span.start, span.end)}
    person_at = {i: span.kb_id_ for span in actors if span.label_ == "person" for i in range(span.start, span.end)}
    found = []
    for noun in doc:
        if noun.pos_ != "NOUN" or noun.i in person_at or (role := _role_of(noun)) is None:
            continue
        if any(c.dep_ != "appos" and c.i in person_at for c in noun.children) or noun.dep_ == "compound":
            continue  # 'President Putin': the title is part of the name
        country = next((state_at[c.i] for c in noun.children if c.dep_ in {"amod", "poss", "compound"}
                        and c.i in state_at), None)
        if country is None:
            continue
        named = next((person_at[c.i] for c in noun.children if c.dep_ == "appos" and c.i in person_at), None)
        if named is not None:  # 'Iran's president, Ebrahim Raisi': the title is a mention of him too
            person = people.get(named)
            found.append(RoleReference(noun.left_edge.i, noun.i + 1, named, person.name if person else named,
                                       role, country, person.wikidata if person else None))
            continue
        if any(c.dep_ == "appos" for c in noun.children):
            continue  # an apposition that names no one we know
        office = leader_office(country, published) if role == "leader" else role
        reference = (_from_document(people, country, office or role, published)
                     or (_from_table(country, office, published) if office else None))
        if reference is not None:
            person, name, wikidata = reference
            found.append(RoleReference(noun.left_edge.i, noun.i + 1, person, name, role, country, wikidata))
    return found


def _from_document(people: dict, country: str, role: str,
                   published: date | None) -> tuple[str, str, str | None] | None:
    """A person of that country named in the document who holds the role, by the text's own words
    or by the office-holders table on the publication date."""
    wanted = _HEAD_ROLES if role == "leader" else {role}
    for person in people.values():
        if person.country != country:
            continue
        held = {r.removeprefix("new ") for r in person.roles} | {
            term.role for term in lexicons.office_holders().get(person.name, [])
            if published is not None and term.covers(published)}
        if held & wanted:
            return person.id, person.name, person.wikidata
    return None


def leader_office(country: str, published: date | None) -> str | None:
    """The office a state's 'leader' holds on the publication date (the latest rule if undated)."""
    offices = lexicons.leader_offices().get(country, [])
    day = published.isoformat() if published else "9999"  # 'since' is an ISO date of any precision
    current = [office for since, office in offices if since <= day]
    return current[-1] if current else None


def _from_table(country: str, role: str, published: date | None) -> tuple[str, str, str | None] | None:
    if published is None:
        return None
    holders = {t.name: t for t in _holders_by_office().get((country, role), []) if t.covers(published)}
    if len(holders) != 1:
        return None
    term = next(iter(holders.values()))
    return "person:" + slug(term.name), term.name, term.wikidata
