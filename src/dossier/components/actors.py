"""Turns gazetteer matches and person entities into `doc.spans['actors']`, with the references
that stand for them: pronouns ('he added') and role nouns ('the Russian leader')."""

from __future__ import annotations

from datetime import date, datetime

from spacy.language import Language
from spacy.tokens import Doc, Span

from dossier.extract.actors import ACTORS_KEY, Person, link_people
from dossier.extract.coref import resolve_pronouns, resolve_roles

for _name in ("country", "reference"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)  # reference: True for a pronoun or role noun


@Language.component("dossier_actors", requires=["doc.ents", "doc.spans"], assigns=["doc.spans"])
def dossier_actors(doc: Doc) -> Doc:
    published = _published(doc)
    people: dict[str, Person] = link_people(doc, published)
    named = list(doc.spans[ACTORS_KEY])
    roles = []
    for found in resolve_roles(doc, named, people, published):
        person = people.setdefault(found.person, Person(found.person, found.name, [], found.country, found.wikidata))
        if found.role not in person.roles:
            person.roles.append(found.role)
        roles.append(Span(doc, found.start, found.end, label="person", kb_id=found.person))
    countries = {span.kb_id_: span._.country for span in named} | {p.id: p.country for p in people.values()}
    references = resolve_pronouns(doc, named + roles) + roles
    for span in references:
        span._.country = countries.get(span.kb_id_)
        span._.reference = True
    doc.user_data["people"] = people
    doc.spans[ACTORS_KEY] = sorted(named + references, key=lambda span: span.start)
    return doc


def _published(doc: Doc) -> date | None:
    """The publication date the pipeline leaves in `doc.user_data` (a date, datetime or ISO string)."""
    value = doc.user_data.get("published")
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date) or value is None:
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
