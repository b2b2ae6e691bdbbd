"""RSS and Atom feeds: one Document per entry, through feedparser (never fetching anything)."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import feedparser

from dossier.ingest.documents import attempt, make_document, refusal
from dossier.ingest.html import extract_html
from dossier.records import Document, Outcome
from dossier.settings import Settings

LOGGER = logging.getLogger(__name__)

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_MARKUP = re.compile(r"<[a-zA-Z/!]")


def read_feed(path: Path, settings: Settings) -> Iterator[Document | Outcome]:
    """A Document or an Outcome per entry, or one Outcome for a file that is no usable feed."""
    origin = str(path)
    data = path.read_bytes()  # bytes, so feedparser never takes the input for a URL
    if not data.strip():
        yield refusal(origin, "empty")
        return
    try:
        parsed = feedparser.parse(data)
    except (ValueError, OverflowError) as error:  # its lenient parser raises on '&#xD800;', '&#99999999999999999999;'
        yield refusal(origin, f"malformed feed: {error}")
        return
    if parsed.bozo and not parsed.entries:
        yield refusal(origin, f"malformed feed: {parsed.get('bozo_exception')}")
        return
    if not parsed.get("version"):
        yield refusal(origin, "not an RSS or Atom feed")
        return
    if not parsed.entries:
        yield refusal(origin, "feed has no entries")
        return
    if parsed.bozo:
        LOGGER.warning("%s: malformed feed, reading its entries: %s", origin, parsed.bozo_exception)
    channel = parsed.feed
    for number, entry in enumerate(parsed.entries, start=1):
        entry_origin = f"{path}#{number}"
        yield attempt(entry_origin, _entry_document, entry, channel, entry_origin, settings)


def _entry_document(entry: Any, channel: Any, origin: str, settings: Settings) -> Document:
    detail = _body(entry)
    value = (detail or {}).get("value") or ""
    link = entry.get("link") or ""
    url = link if link.startswith(("http://", "https://")) else None
    if detail and detail.get("type") in _HTML_TYPES and _MARKUP.search(value):
        value = extract_html(value, url=url).text
    source = entry.get("source") or {}
    return make_document(
        value,
        title=entry.get("title"),
        outlet=source.get("title") or entry.get("publisher") or channel.get("title"),
        url=url,
        published=entry.get("published") or entry.get("updated"),
        language=(detail or {}).get("language") or channel.get("language"),
        origin=origin,
        settings=settings,
    )


def _body(entry: Any) -> Any:
    """The longest content block, else the summary: feeds put the full text in either."""
    blocks = list(entry.get("content") or [])
    if entry.get("summary_detail"):
        blocks.append(entry["summary_detail"])
    return max(blocks, key=lambda block: len(block.get("value") or ""), default=None)
