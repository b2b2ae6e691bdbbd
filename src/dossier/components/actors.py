"""Turns gazetteer matches and person entities into `doc.spans['actors']`."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from dossier.extract.actors import link_people

if not Span.has_extension("country"):
    Span.set_extension("country", default=None)


@Language.component("dossier_actors", requires=["doc.ents", "doc.spans"], assigns=["doc.spans"])
def dossier_actors(doc: Doc) -> Doc:
    doc.user_data["people"] = link_people(doc)
    return doc
