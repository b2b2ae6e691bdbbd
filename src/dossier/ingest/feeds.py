"""RSS and Atom feeds: one Document per entry, through feedparser (which is never let fetch anything).

The parts are public for `ingest/urls.py`, which reads fetched feeds and fetches the links of entries
that carry no full text.
"""

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
    parsed = parse_feed(path.read_bytes(), origin)  # bytes, so feedparser never takes them for a URL
    if isinstance(parsed, Outcome):
        yield parsed
        return
    channel, entries = parsed
    for number, entry in enumerate(entries, start=1):
        entry_origin = f"{path}#{number}"
        yield attempt(entry_origin, entry_document, entry, channel, entry_origin, settings)


def parse_feed(data: bytes, origin: str, charset: str | None = None) -> tuple[Any, list[Any]] | Outcome:
    """The channel and the entries of a feed, or the Outcome for data that is no usable feed."""
    if not data.strip():
        return refusal(origin, "empty")
    headers = {"content-type": f"application/xml; charset={charset}"} if charset else None
    try:
        parsed = feedparser.parse(data, response_headers=headers)
    except (ValueError, OverflowError) as error:  # its lenient parser raises on '&#xD800;', '&#99999999999999999999;'
        return refusal(origin, f"malformed feed: {error}")
    if parsed.bozo and not parsed.entries:
        return refusal(origin, f"malformed feed: {parsed.get('bozo_exception')}")
    if not parsed.get("version"):
        return refusal(origin, "not an RSS or Atom feed")
    if not parsed.entries:
        return refusal(origin, "feed has no entries")
    if parsed.bozo:
        LOGGER.warning("%s: malformed feed, reading its entries: %s", origin, parsed.bozo_exception)
    return parsed.feed, list(parsed.entries)


def entry_link(entry: Any) -> str | None:
    """The entry's http(s) link, if it has one."""
    link = (entry.get("link") or "").strip()
    return link if link.startswith(("http://", "https://")) else None


def entry_text(entry: Any, settings: Settings) -> str:
    """The entry's own text: its longest content block or summary, the article extracted from HTML."""
    detail = _body(entry)
    value = (detail or {}).get("value") or ""
    if detail and detail.get("type") in _HTML_TYPES and _MARKUP.search(value):
        value = extract_html(value, settings, url=entry_link(entry)).text
    return value


def entry_metadata(entry: Any, channel: Any) -> dict[str, Any]:
    """Title, outlet, url, publication date and language of an entry, as `make_document` takes them."""
    source = entry.get("source") or {}
    return {
        "title": entry.get("title"),
        "outlet": source.get("title") or entry.get("publisher") or channel.get("title"),
        "url": entry_link(entry),
        "published": entry.get("published") or entry.get("updated"),
        "language": (_body(entry) or {}).get("language") or channel.get("language"),
    }


def entry_document(entry: Any, channel: Any, origin: str, settings: Settings,
                   text: str | None = None) -> Document:
    """A Document from the entry's own text (`text` when the caller has read it already)."""
    return make_document(entry_text(entry, settings) if text is None else text, **entry_metadata(entry, channel),
                         origin=origin, settings=settings)


def _body(entry: Any) -> Any:
    """The longest content block, else the summary: feeds put the full text in either."""
    blocks = list(entry.get("content") or [])
    if entry.get("summary_detail"):
        blocks.append(entry["summary_detail"])
    return max(blocks, key=lambda block: len(block.get("value") or ""), default=None)
