"""Turns gazetteer matches and person entities into `doc.spans['actors']`, pronouns included."""

from __future__ import annotations

from datetime import date, datetime

from spacy.language import Language
from spacy.tokens import Doc, Span

from dossier.extract.actors import ACTORS_KEY, link_people
from dossier.extract.coref import resolve_pronouns

if not Span.has_extension("country"):
    Span.set_extension("country", default=None)


@Language.component("dossier_actors", requires=["doc.ents", "doc.spans"], assigns=["doc.spans"])
def dossier_actors(doc: Doc) -> Doc:
    doc.user_data["people"] = link_people(doc, _published(doc))
    named = list(doc.spans[ACTORS_KEY])
    countries = {span.kb_id_: span._.country for span in named}
    pronouns = resolve_pronouns(doc, named)
    for span in pronouns:
        span._.country = countries.get(span.kb_id_)
    doc.spans[ACTORS_KEY] = sorted(named + pronouns, key=lambda span: span.start)
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
