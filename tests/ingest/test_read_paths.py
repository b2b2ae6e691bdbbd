"""read_paths: dispatch by suffix, directory recursion, and an Outcome instead of an exception."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import dossier.ingest
from dossier.ingest import read_paths
from dossier.records import Document, Outcome
from dossier.settings import Settings

SETTINGS = Settings()
TEXT = (
    "The defence ministers of Norland and Vesmark met in Portmere on Saturday to discuss joint "
    "naval exercises planned for next spring."
)
SUPPORTED = "(supported: .txt, .html, .htm, .jsonl, .xml, .rss, .atom)"


def _tree(root: Path, files: dict[str, str]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "status", "reason"),
    [
        ("report.pdf", "skipped", f"unsupported file type .pdf {SUPPORTED}"),
        ("notes.DOCX", "skipped", f"unsupported file type .docx {SUPPORTED}"),
        ("README", "skipped", f"unsupported file type without suffix {SUPPORTED}"),
    ],
)
def test_unsupported_suffix(tmp_path: Path, name: str, status: str, reason: str) -> None:
    path = tmp_path / name
    path.write_text(TEXT)
    assert list(read_paths([path], SETTINGS)) == [Outcome(str(path), status, reason)]


@pytest.mark.parametrize("name", ["missing.txt", "missing.jsonl", "missing-dir/x.html"])
def test_missing_path(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    assert list(read_paths([str(path)], SETTINGS)) == [Outcome(str(path), "failed", "no such file")]


def test_directory_recursion_is_sorted_and_skips_hidden(tmp_path: Path) -> None:
    _tree(tmp_path, {
        "b/report.txt": TEXT,
        "a/z.jsonl": json.dumps({"id": "j1", "text": TEXT + " One."}) + "\n",
        "a/deeper/page.html": f"<html><body><article><p>{TEXT} Two.</p></article></body></html>",
        "a/.secret.txt": TEXT + " Hidden file.",
        ".cache/c.txt": TEXT + " Hidden directory.",
        "a/deeper/.git/d.txt": TEXT + " Hidden nested directory.",
        "c.pdf": "%PDF-1.4",
    })
    items = list(read_paths([tmp_path], SETTINGS))
    assert [item.origin for item in items] == [
        str(tmp_path / "a" / "deeper" / "page.html"),
        f"{tmp_path / 'a' / 'z.jsonl'}:1",
        str(tmp_path / "b" / "report.txt"),
        str(tmp_path / "c.pdf"),
    ]
    assert [type(item).__name__ for item in items if item.origin.endswith(".pdf")] == ["Outcome"]
    assert sum(isinstance(item, Document) for item in items) == 3


def test_a_named_hidden_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / ".draft.txt"
    path.write_text(TEXT)
    [document] = read_paths([path], SETTINGS)
    assert isinstance(document, Document)


@pytest.mark.parametrize(
    ("name", "content", "read"),
    [
        ("big.txt", TEXT, False),
        ("big.html", f"<p>{TEXT}</p>", False),
        ("big.rss", "<rss/>" + " " * 300, False),
        ("big.jsonl", json.dumps({"text": TEXT}) + "\n", True),  # streamed, so never too large
    ],
)
def test_file_size_limit(tmp_path: Path, name: str, content: str, read: bool) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    size = path.stat().st_size
    [item] = read_paths([path], Settings(max_file_bytes=100))
    if read:
        assert isinstance(item, Document)
    else:
        assert item == Outcome(str(path), "skipped", f"too large: {size} bytes, limit 100")


def test_one_bad_item_never_stops_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _tree(tmp_path, {"1.txt": TEXT, "2.txt": "crash", "3.txt": TEXT + " Again."})
    reader = dossier.ingest._SINGLE[".txt"]

    def fragile(path: Path, settings: Settings) -> Document:
        if path.name == "2.txt":
            raise RuntimeError("library bug")
        return reader(path, settings)

    monkeypatch.setitem(dossier.ingest._SINGLE, ".txt", fragile)
    paths = [tmp_path / "missing.txt", tmp_path / "1.txt", tmp_path / "2.txt", tmp_path / "3.txt"]
    items = list(read_paths(paths, SETTINGS))
    assert [type(item).__name__ for item in items] == ["Outcome", "Document", "Outcome", "Document"]
    assert items[2] == Outcome(str(tmp_path / "2.txt"), "failed", "unexpected error: library bug")
