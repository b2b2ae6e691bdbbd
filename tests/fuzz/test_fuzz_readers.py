"""Every reader, on hostile files of its own suffix and on noise: Documents or Outcomes, never an
exception, and never an `unexpected error` (the readers' guard turning a crash into an outcome)."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dossier.errors import UnreadableInput
from dossier.ingest import SUPPORTED_SUFFIXES, read_paths, read_text
from dossier.records import Document, Outcome
from dossier.settings import Settings

from adversarial import articles, feeds, html_pages, jsonl_files, raw_published

SETTINGS = Settings()
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1252", "latin-1", "shift_jis"]


def _encoded(text: str, encoding: str) -> bytes:
    return text.encode(encoding, "replace")


_TEXT_FILES = st.builds(_encoded, articles, st.sampled_from(_ENCODINGS))
_HTML_FILES = st.builds(_encoded, html_pages(), st.sampled_from(_ENCODINGS))
FILES = {".txt": _TEXT_FILES, ".html": _HTML_FILES, ".htm": _HTML_FILES, ".jsonl": jsonl_files,
         ".xml": feeds(), ".rss": feeds(), ".atom": feeds()}


def test_every_suffix_has_a_strategy():
    assert set(FILES) == set(SUPPORTED_SUFFIXES)


def check_document(document: Document) -> None:
    """What the store and the analysis rely on in every Document a reader gives."""
    text = document.text
    assert text == text.strip() and SETTINGS.min_chars <= len(text) <= SETTINGS.max_chars
    assert document.sha256 == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert not _CONTROL.search(text) and "\r" not in text
    assert document.id and not _CONTROL.search(document.id) and document.id.encode("utf-8")
    for field in (document.title, document.outlet, document.url):  # one line, storable anywhere
        assert field is None or (field == " ".join(field.split()) and not _CONTROL.search(field) and field.encode())
    if document.published is not None:
        datetime.fromisoformat(document.published)


def check_read(items: list) -> None:
    assert items
    for item in items:
        assert isinstance(item, Document | Outcome), item
        if isinstance(item, Outcome):
            assert item.status in {"skipped", "failed"} and item.reason, item
            assert not item.reason.startswith("unexpected error"), item.reason
        else:
            check_document(item)


@pytest.mark.parametrize("suffix", SUPPORTED_SUFFIXES)
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_reader_never_raises(tmp_path: Path, suffix: str, data: st.DataObject) -> None:
    content = data.draw(FILES[suffix] | st.binary(max_size=2000), label="content")
    path = tmp_path / f"article{suffix}"
    path.write_bytes(content)
    check_read(list(read_paths([path], SETTINGS)))


@given(text=articles, published=raw_published, title=st.none() | articles, language=st.sampled_from([None, "en", "EN-gb", "fr", "", "\u202e"]))
def test_pasted_text_is_a_document_or_refused(text: str, published: str | None, title: str | None,
                                              language: str | None) -> None:
    try:
        document = read_text(text, title=title, published=published, language=language, settings=SETTINGS)
    except UnreadableInput:
        return
    check_document(document)
