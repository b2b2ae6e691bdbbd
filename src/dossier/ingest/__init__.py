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

from dossier.ingest.documents import attempt, os_reason, refusal
from dossier.ingest.feeds import read_feed
from dossier.ingest.html import read_html
from dossier.ingest.jsonl import read_jsonl
from dossier.ingest.text import read_text, read_txt
from dossier.records import Document, Outcome
from dossier.settings import Settings

__all__ = ["SUPPORTED_SUFFIXES", "read_paths", "read_text"]

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
