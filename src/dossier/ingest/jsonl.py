"""JSONL: one article per line (SCHEMA.md), streamed so memory stays flat on any file size."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from dossier.errors import UnreadableInput
from dossier.ingest.documents import attempt, make_document, refusal
from dossier.ingest.html import extract_html
from dossier.records import Document, Outcome
from dossier.settings import Settings

LOGGER = logging.getLogger(__name__)

FIELDS = ("id", "text", "html", "title", "outlet", "url", "published", "language")
_DRAIN_CHUNK = 1 << 20


def read_jsonl(path: Path, settings: Settings) -> Iterator[Document | Outcome]:
    """A Document or an Outcome per non-blank line; a broken line never stops the file.

    A line is held whole, so one longer than `settings.max_file_bytes` is skipped, read past in
    chunks and never decoded.
    """
    with path.open("rb") as handle:
        yield from read_jsonl_stream(handle, str(path), settings)


def read_jsonl_stream(handle: BinaryIO, name: str, settings: Settings) -> Iterator[Document | Outcome]:
    """`read_jsonl` over an open binary stream (a file, standard input); origins are `name:line`."""
    limit = settings.max_file_bytes
    empty = True
    for lineno, (raw, size) in enumerate(_lines(handle, limit), start=1):
        origin = f"{name}:{lineno}"
        if raw is None:
            empty = False
            yield refusal(origin, f"too large: line of {size} bytes, limit {limit}")
        elif raw.strip():
            empty = False
            yield attempt(origin, _line_document, raw, origin, settings)
    if empty:
        yield refusal(name, "empty")


def _lines(handle: BinaryIO, limit: int) -> Iterator[tuple[bytes | None, int]]:
    """Each line's bytes and size; None for the bytes of a line longer than `limit`."""
    while raw := handle.readline(limit + 1):
        size = len(raw)
        if size > limit and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):
                raw = handle.readline(_DRAIN_CHUNK)
                size += len(raw)
            yield None, size
        else:
            yield raw, size


def _line_document(raw: bytes, origin: str, settings: Settings) -> Document:
    try:
        record = json.loads(raw.decode("utf-8-sig").strip())
    except UnicodeDecodeError:
        raise UnreadableInput("line is not UTF-8") from None
    except json.JSONDecodeError as error:
        raise UnreadableInput(f"bad JSON: {error.msg} (column {error.colno})") from None
    except RecursionError:  # Python's decoder recurses once a level: '[' * 10**5 overflows it
        raise UnreadableInput("bad JSON: nested too deeply") from None
    if not isinstance(record, dict):
        raise UnreadableInput(f"not a JSON object but {type(record).__name__}")
    values = {name: _string(record, name, origin) for name in FIELDS}
    text, html = values.pop("text"), values.pop("html")
    if text is None and html is None:
        raise UnreadableInput("neither text nor html")
    if not text and html:
        article = extract_html(html, settings, url=values["url"])
        text = article.text
        for name in ("title", "outlet", "url", "published"):
            values[name] = values[name] or getattr(article, name)
    return make_document(text or "", **values, origin=origin, settings=settings)


def _string(record: dict[str, Any], name: str, origin: str) -> str | None:
    """The field as a string; numbers (ids) are turned into strings, other types dropped."""
    value = record.get(name)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if name in ("text", "html"):
        raise UnreadableInput(f"{name} is not a string")
    LOGGER.warning("%s: ignoring %s of type %s", origin, name, type(value).__name__)
    return None
