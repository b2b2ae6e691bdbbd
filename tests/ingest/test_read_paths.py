"""read_paths: dispatch by suffix, directory recursion, and an Outcome instead of an exception."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import dossier.ingest
from dossier.ingest import read_paths
from dossier.records import Document, Outcome
from dossier.settings import Settings

from support import deny_access

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


LINES = "".join(json.dumps({"text": text}) + "\n" for text in (TEXT, TEXT + " Again."))


@pytest.mark.parametrize(
    ("name", "content", "too_large"),
    [
        ("big.txt", TEXT * 2, True),
        ("big.html", f"<p>{TEXT * 2}</p>", True),
        ("big.rss", "<rss/>" + " " * 300, True),
        ("big.jsonl", LINES, False),  # streamed: each line is bounded, not the file
    ],
)
def test_file_size_limit(tmp_path: Path, name: str, content: str, too_large: bool) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    size = path.stat().st_size
    assert size > 200
    items = list(read_paths([path], Settings(max_file_bytes=200, max_html_bytes=200)))
    if too_large:
        assert items == [Outcome(str(path), "skipped", f"too large: {size} bytes, limit 200")]
    else:
        assert [type(item) for item in items] == [Document, Document]


@pytest.mark.parametrize(
    ("name", "size", "setting"),
    [
        ("big.txt", 50_000_000, "max_file_bytes"),
        ("big.rss", 190_000_000, "max_file_bytes"),
        ("big.html", 6_000_000, "max_html_bytes"),
    ],
)
def test_a_file_over_its_default_limit_is_skipped_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, size: int, setting: str
) -> None:
    big, good = tmp_path / name, tmp_path / "good.txt"
    with big.open("wb") as handle:
        handle.truncate(size)  # sparse: no disk, no memory, no time
    good.write_text(TEXT, encoding="utf-8")
    opened: list[Path] = []
    real_open = Path.open

    def watched_open(self: Path, *args: object, **kwargs: object) -> object:
        if self == big:
            opened.append(self)
            raise OSError("the big file was opened")
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", watched_open)  # Path.read_bytes opens through it too
    skipped, document = read_paths([big, good], SETTINGS)
    assert opened == []
    limit = getattr(SETTINGS, setting)
    assert skipped == Outcome(str(big), "skipped", f"too large: {size} bytes, limit {limit}")
    assert isinstance(document, Document)


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


@pytest.mark.parametrize(
    ("given", "denied", "origin", "reason"),
    [
        ("missing.txt", None, "missing.txt", "no such file"),
        ("dangling.txt", None, "dangling.txt", "broken symbolic link"),
        ("locked.txt", "locked.txt", "locked.txt", "permission denied"),
        ("locked", "locked", "locked", "permission denied"),  # a folder that cannot be listed
        ("open", "open/locked", "open/locked", "permission denied"),  # one met on the way down
        ("locked/report.txt", "locked", "locked/report.txt", "permission denied"),  # below one
    ],
)
def test_an_unreadable_path_is_a_failed_outcome_and_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    given: str, denied: str | None, origin: str, reason: str,
) -> None:
    """`failed`, not `skipped`: nothing chose to leave the path out, and the user can mend it."""
    _tree(tmp_path, {
        "locked.txt": TEXT, "locked/report.txt": TEXT, "open/locked/report.txt": TEXT,
        "good.txt": TEXT + " Good.",
    })
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    if denied is not None:
        deny_access(monkeypatch, tmp_path / denied)
    outcome, document = read_paths([tmp_path / given, tmp_path / "good.txt"], SETTINGS)
    assert outcome == Outcome(str(tmp_path / origin), "failed", reason)
    assert isinstance(document, Document)
