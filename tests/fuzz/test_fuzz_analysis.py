"""The whole analysis on hostile text: it never raises, every offset it records lies in the
document's text and says what the text says there, and storing the same input twice changes nothing."""

from __future__ import annotations

import hashlib
import io
import json
import math
import re
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from dossier.export import export_json
from dossier.ingest.documents import clean_text
from dossier.pipeline import analyse, ingest_documents
from dossier.records import Analysis, Document
from dossier.settings import Settings
from dossier.store import counts, open_store

from adversarial import articles, published

SETTINGS = Settings()
_ISO = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
batches = st.lists(articles, min_size=1, max_size=3)


def document_of(text: str, published: str | None) -> Document | None:
    """The Document a reader would make of `text`, without the language and length policy, so
    that every text reaches the analysis."""
    text = clean_text(text)
    if not text:
        return None
    sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(sha256[:16], text, sha256, published=published)


def documents_of(texts: list[str], published: str | None) -> list[Document]:
    documents = {d.sha256: d for d in (document_of(text, published) for text in texts) if d is not None}
    return list(documents.values())


def check_spans(analysis: Analysis) -> None:
    """Every offset inside the text, with the words recorded for it; every event inside its evidence."""
    text = analysis.document.text

    def at(start: int, end: int, words: str) -> None:
        assert 0 <= start <= end <= len(text) and text[start:end] == words, (start, end, words)

    for mention in analysis.mentions:
        at(mention.start, mention.end, mention.text)
    for cue in analysis.cues:
        at(cue.start, cue.end, cue.text)
    for attribution in analysis.attributions:
        for span in (attribution.source, attribution.cue, attribution.content):
            if span is not None:
                at(span.start, span.end, span.text)
    for event in analysis.events:
        at(event.trigger.start, event.trigger.end, event.trigger.text)
        assert event.evidence, event
        for evidence in event.evidence:
            at(evidence.start, evidence.end, evidence.sentence)
        assert any(e.start <= event.trigger.start and event.trigger.end <= e.end for e in event.evidence), event
        for weapon in event.weapons:
            if weapon.start is not None:
                at(weapon.start, weapon.end, weapon.text)
        check_values(event)


def check_values(event) -> None:
    """Dates are ISO at some precision and in order; numbers and sums are finite (JSON has no infinity)."""
    if event.date is not None:
        for value in (event.date.start, event.date.end):
            assert value is None or _ISO.match(value), event.date
        if event.date.start and len(event.date.start) == 10:
            date.fromisoformat(event.date.start)
    if event.quantity is not None:
        bounds = [b for b in (event.quantity.min, event.quantity.max) if b is not None]
        assert all(math.isfinite(b) for b in bounds) and bounds == sorted(bounds), event.quantity
    if event.value is not None:
        assert math.isfinite(event.value.amount), event.value


@given(texts=batches, published=published)
@example(texts=[f"Russia will deliver S-400 systems to Iran {when}, Moscow said." for when in
                ("tomorrow", "next week", "next month", "in 10000000 years", "99999999999 days later")],
         published="9999-12-31")
@example(texts=[f"Russia delivered S-400 systems to Iran {when}, Moscow said." for when in
                ("yesterday", "last week", "last month", "on Monday", "10000000 days ago", "a day earlier")],
         published="0001-01-01")
def test_analysis_never_raises_and_offsets_hold(texts: list[str], published: str | None) -> None:
    documents = documents_of(texts, published)
    for analysis in analyse(documents, SETTINGS):  # unguarded: a crash fails here with its traceback
        check_spans(analysis)


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


@settings(max_examples=max(1, settings().max_examples // 3))
@given(texts=batches, published=published)
@example(texts=["Abidjan abducted Abidjan.\non 31 December 9999\nAbidjan."], published="0001-01-01")  # claims overflowed
def test_ingest_stores_once_and_exports_strict_json(texts: list[str], published: str | None) -> None:
    documents = documents_of(texts, published)
    with tempfile.TemporaryDirectory(prefix="dossier-fuzz-") as folder:
        engine = open_store(str(Path(folder) / "fuzz.db"))
        try:
            first = ingest_documents(documents, SETTINGS, engine=engine)
            assert [o.status for o in first.outcomes] == ["new"] * len(documents), first.outcomes
            before = counts(engine)
            again = ingest_documents(documents, SETTINGS, engine=engine)
            assert [o.status for o in again.outcomes] == ["duplicate"] * len(documents)
            assert counts(engine) == before
            out = io.StringIO()
            export_json(engine, out)
            json.loads(out.getvalue(), parse_constant=_no_constant)
        finally:
            engine.dispose()
