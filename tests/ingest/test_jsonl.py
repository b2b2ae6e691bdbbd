"""JSONL: one article a line; a broken line is a failed outcome and the reading goes on."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest

from dossier.ingest import read_paths
from dossier.records import Document, Outcome
from dossier.settings import Settings

SETTINGS = Settings()
TEXT = (
    "Vesmark has formally asked Norland for a batch of coastal surveillance drones, the Vesmark "
    "foreign ministry said on Thursday."
)
HTML = (
    "<html><head><title>Drones for Vesmark | Lakeside Wire</title>"
    "<meta property='og:title' content='Drones for Vesmark'>"
    "<meta property='article:published_time' content='2024-10-09'></head>"
    f"<body><nav><a href='/'>Home</a></nav><article><h1>Drones for Vesmark</h1><p>{TEXT}</p>"
    "<p>Norland officials said the request was under review.</p></article></body></html>"
)
LINES = [
    json.dumps({
        "id": "wire-1", "text": TEXT, "title": "Drones", "published": "2024-10-11T09:30:00Z",
        "outlet": "Lakeside Wire", "url": "https://wire.example/1", "language": "en",
    }),
    '{"id": "wire-2", "text": "unterminated',
    "",
    "[1, 2, 3]",
    json.dumps({"id": "wire-4", "title": "No body"}),
    json.dumps({"id": "wire-5", "html": HTML, "outlet": "Given Outlet"}),
    json.dumps({"text": "Le ministère a confirmé lundi la livraison de deux radars au voisin."}),
    json.dumps({"id": 42, "text": TEXT + " Officials confirmed it."}),
    json.dumps({"text": TEXT, "html": "<p>ignored: text is given</p>", "title": ["not a string"]}),
    json.dumps({"text": {"nested": True}}),
    "   ",
]
Results = tuple[Path, list[Document | Outcome]]
EXPECTED = [
    (1, "document", ("wire-1", "Drones", "2024-10-11T09:30:00+00:00", "Lakeside Wire")),
    (2, "failed", "bad JSON: Unterminated string starting at (column 26)"),
    (4, "failed", "not a JSON object but list"),
    (5, "failed", "neither text nor html"),
    (6, "document", ("wire-5", "Drones for Vesmark", "2024-10-09", "Given Outlet")),
    (7, "skipped", "language is fr, not en"),
    (8, "document", ("42", None, None, None)),
    (9, "document", (None, None, None, None)),
    (10, "failed", "text is not a string"),
]


@pytest.fixture
def results(tmp_path: Path) -> Results:
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    return path, list(read_paths([path], SETTINGS))


def test_one_result_per_non_blank_line(results: Results) -> None:
    path, items = results
    assert [item.origin for item in items] == [f"{path}:{lineno}" for lineno, _, _ in EXPECTED]


@pytest.mark.parametrize(("index", "expected"), list(enumerate(EXPECTED)))
def test_each_line(results: Results, index: int, expected: tuple) -> None:
    path, items = results
    lineno, kind, detail = expected
    item = items[index]
    if kind == "document":
        assert isinstance(item, Document)
        given_id, title, published, outlet = detail
        assert (item.id, item.title, item.published, item.outlet) == (
            given_id or item.sha256[:16], title, published, outlet,
        )
        assert item.text.startswith(TEXT)
    else:
        assert item == Outcome(origin=f"{path}:{lineno}", status=kind, reason=detail)


def test_html_line_keeps_only_the_article(results: Results) -> None:
    _, items = results
    document = items[4]
    assert isinstance(document, Document)
    assert document.text == f"{TEXT}\nNorland officials said the request was under review."


@pytest.mark.parametrize("content", ["", "\n  \n\n"])
def test_file_without_articles_is_skipped_as_empty(tmp_path: Path, content: str) -> None:
    path = tmp_path / "nothing.jsonl"
    path.write_text(content, encoding="utf-8")
    assert list(read_paths([path], SETTINGS)) == [Outcome(str(path), "skipped", "empty")]


def test_overlong_line_is_skipped_and_reading_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    huge = json.dumps({"text": "x" * (1 << 24)})
    path.write_text(f"{huge}\n{json.dumps({'id': 'after', 'text': TEXT})}\n", encoding="utf-8")
    tracemalloc.start()
    try:
        first, second = read_paths([path], Settings(max_file_bytes=1000))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    size = len(huge) + 1
    assert first == Outcome(f"{path}:1", "skipped", f"too large: line of {size} bytes, limit 1000")
    assert peak < 4_000_000  # read past in chunks, never held
    assert isinstance(second, Document) and second.id == "after"


def test_deeply_nested_line_fails_and_reading_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "deep.jsonl"  # found by the fuzz suite: a RecursionError ended as 'unexpected error'
    path.write_text("[" * 10**5 + "]" * 10**5 + f"\n{json.dumps({'id': 'after', 'text': TEXT})}\n", encoding="utf-8")
    first, second = read_paths([path], SETTINGS)
    assert first == Outcome(f"{path}:1", "failed", "bad JSON: nested too deeply")
    assert isinstance(second, Document) and second.id == "after"


def test_lone_surrogates_and_nuls_from_escapes_are_stored_safely(tmp_path: Path) -> None:
    path = tmp_path / "escapes.jsonl"  # found by the fuzz suite: sha256 of the text raised UnicodeEncodeError
    line = '{"id": "x\\udfff", "text": "%s\\ud800", "title": "T\\u0000", "outlet": "\\ud83dO"}' % TEXT
    path.write_text(line + "\n", encoding="utf-8")
    [document] = read_paths([path], SETTINGS)
    assert isinstance(document, Document)
    assert (document.id, document.text[-2:], document.title, document.outlet) == ("x\ufffd", ".\ufffd", "T", "\ufffdO")


def test_jsonl_is_streamed_not_loaded(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    padding = (" " * 1023 + "\n") * 16_384  # 16 MiB of blank lines before one article
    path.write_text(padding + json.dumps({"id": "last", "text": TEXT}) + "\n", encoding="utf-8")
    assert path.stat().st_size > 16_000_000
    tracemalloc.start()
    try:
        [document] = read_paths([path], Settings(max_file_bytes=2000))  # bounds lines, not the file
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(document, Document) and document.id == "last"
    assert peak < 2_000_000
