"""Readers: files, directories and pasted text -> Documents, and an Outcome for what is not read.

`read_paths` never raises for one bad item: each file, JSONL line or feed entry that cannot become
a Document yields an `Outcome` (`skipped` by policy, `failed` when broken) and the run goes on.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from dossier.ingest.documents import attempt, os_reason, refusal
from dossier.ingest.feeds import read_feed
from dossier.ingest.html import html_document, read_html
from dossier.ingest.jsonl import read_jsonl, read_jsonl_stream
from dossier.ingest.text import read_text, read_txt, text_document
from dossier.records import Document, Outcome
from dossier.settings import Settings

__all__ = ["STREAM_FORMATS", "SUPPORTED_SUFFIXES", "expected_items", "read_paths", "read_stream", "read_text"]

LOGGER = logging.getLogger(__name__)

_SINGLE: dict[str, Callable[[Path, Settings], Document]] = {
    ".txt": read_txt, ".html": read_html, ".htm": read_html,
}
_STREAMED: dict[str, Callable[[Path, Settings], Iterator[Document | Outcome]]] = {
    ".jsonl": read_jsonl, ".xml": read_feed, ".rss": read_feed, ".atom": read_feed,
}
SUPPORTED_SUFFIXES = (*_SINGLE, *_STREAMED)


def read_paths(paths: Iterable[str | Path], settings: Settings) -> Iterator[Document | Outcome]:
    """Every article in `paths` (directories recursively, sorted, hidden files ignored).

    A path that cannot be read (missing, a broken link, no permission) is a `failed` Outcome with
    the reason, never an exception: the rest of the run goes on.
    """
    for given in paths:
        path = Path(given)
        for item in _walk(path) if os.path.isdir(path) else [path]:  # isdir never raises
            if isinstance(item, Outcome):
                yield item
            else:
                yield from _read_file(item, settings)


def expected_items(paths: Iterable[str | Path]) -> int | None:
    """How many items `read_paths` will yield, when every file holds one article (text and HTML),
    for a progress bar's total; None when a JSONL file or a feed may hold any number."""
    count = 0
    for given in paths:
        items = _walk(Path(given)) if os.path.isdir(given) else [Path(given)]
        for item in items:
            if isinstance(item, Path) and item.suffix.lower() in _STREAMED:
                return None
            count += 1
    return count


def _walk(root: Path) -> list[Path | Outcome]:
    """Files under `root` sorted by path, leaving out hidden files and directories, and a `failed`
    Outcome in its place for each directory that cannot be listed."""
    found: list[Path | Outcome] = []

    def unlisted(error: OSError) -> None:
        found.append(refusal(error.filename, os_reason(error)))

    for directory, subdirectories, names in os.walk(root, onerror=unlisted):
        subdirectories[:] = [name for name in subdirectories if not name.startswith(".")]
        found.extend(Path(directory, name) for name in names if not name.startswith("."))
    return sorted(found, key=lambda item: Path(item.origin if isinstance(item, Outcome) else item)
                  .relative_to(root).parts)


STREAM_FORMATS = ("txt", "html", "jsonl")
_FROM_BYTES: dict[str, Callable[[bytes, str, Settings], Document]] = {"txt": text_document, "html": html_document}


def read_stream(handle: BinaryIO, fmt: str, settings: Settings, name: str = "stdin") -> Iterator[Document | Outcome]:
    """Articles from an open stream (standard input, for `dossier ingest -`) read as `fmt`, one of
    `STREAM_FORMATS`: JSONL streams line by line; a text or a page is read up to its size limit."""
    if fmt == "jsonl":
        yield from read_jsonl_stream(handle, name, settings)
        return
    limit = settings.max_html_bytes if fmt == "html" else settings.max_file_bytes
    data = handle.read(limit + 1)
    if len(data) > limit:
        yield refusal(name, f"too large: more than {limit} bytes, limit {limit}")
    else:
        yield attempt(name, _FROM_BYTES[fmt], data, name, settings)


def _byte_limit(suffix: str, settings: Settings) -> int | None:
    """The most bytes a file may hold to be read: HTML has its own limit, JSONL none (it streams,
    and each line is bounded)."""
    if suffix == ".jsonl":
        return None
    return settings.max_html_bytes if suffix in (".html", ".htm") else settings.max_file_bytes


def _read_file(path: Path, settings: Settings) -> Iterator[Document | Outcome]:
    """The file's articles; its size, from the file system, is checked before a byte is read."""
    origin = str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        yield refusal(origin, "broken symbolic link" if os.path.islink(path) else "no such file")
        return
    except OSError as error:
        yield refusal(origin, os_reason(error))
        return
    suffix = path.suffix.lower()
    limit = _byte_limit(suffix, settings)
    if not stat.S_ISREG(info.st_mode):
        yield refusal(origin, "not a regular file")
    elif suffix not in SUPPORTED_SUFFIXES:
        shown = suffix or "without suffix"
        yield refusal(origin, f"unsupported file type {shown} (supported: {', '.join(SUPPORTED_SUFFIXES)})")
    elif limit is not None and info.st_size > limit:
        yield refusal(origin, f"too large: {info.st_size} bytes, limit {limit}")
    elif suffix in _SINGLE:
        yield attempt(origin, _SINGLE[suffix], path, settings)
    else:
        try:
            yield from _STREAMED[suffix](path, settings)
        except OSError as error:
            yield refusal(origin, os_reason(error))
        except Exception as error:  # one bad file must not stop the run
            LOGGER.exception("unexpected error reading %s", origin)
            yield refusal(origin, f"unexpected error: {error}")
