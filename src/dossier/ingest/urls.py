"""Fetched URLs -> Documents: an article page, or a feed's entries.

An entry that carries the full text (`settings.full_text_chars` or more) is read from the feed; one
with only a teaser is read from the page its link points to, fetched through the caller's `links`
(which also knows which links were fetched before and answers those with an Outcome).
"""

from __future__ import annotations

import codecs
import logging
from collections.abc import Callable, Iterator
from typing import Any

from dossier.ingest.documents import attempt, make_document, refusal
from dossier.ingest.feeds import entry_document, entry_link, entry_metadata, entry_text, parse_feed
from dossier.ingest.fetch import Fetched
from dossier.ingest.html import extract_html
from dossier.records import Document, Outcome
from dossier.settings import Settings

LOGGER = logging.getLogger(__name__)

LinkFetcher = Callable[[str], Fetched | Outcome]


def read_fetched(fetched: Fetched, origin: str, settings: Settings,
                 links: LinkFetcher) -> Iterator[Document | Outcome]:
    """A Document or an Outcome per article in a fetched body (a page, or each entry of a feed)."""
    kind = fetched.kind
    if kind == "html":
        yield attempt(origin, page_document, fetched, origin, settings)
        return
    if kind is None:
        shown = fetched.content_type or "none"
        yield refusal(origin, f"unsupported content type {shown} (supported: RSS or Atom feeds, HTML pages)")
        return
    parsed = parse_feed(fetched.body, origin, fetched.charset)
    if isinstance(parsed, Outcome):
        yield parsed
        return
    channel, entries = parsed
    for number, entry in enumerate(entries, start=1):
        yield _entry(entry, channel, f"{origin}#{number}", settings, links)


def _entry(entry: Any, channel: Any, origin: str, settings: Settings, links: LinkFetcher) -> Document | Outcome:
    """The entry from its own text when that is the full text (or all there is), else from its link."""
    link = entry_link(entry)
    try:
        text: str | None = entry_text(entry, settings)
    except Exception:  # noqa: BLE001 - markup without an article: its link may have one
        text = None
    if link is None or (text is not None and len(text) >= settings.full_text_chars):
        return attempt(origin, entry_document, entry, channel, origin, settings, text)
    try:
        page = links(link)
    except Exception as error:  # noqa: BLE001 - one bad link must not stop the feed
        LOGGER.exception("fetching %r failed unexpectedly", link)
        return refusal(link, f"unexpected error: {error}")
    if isinstance(page, Outcome):
        return page
    return attempt(link, page_document, page, link, settings, entry_metadata(entry, channel))


def page_document(fetched: Fetched, origin: str, settings: Settings,
                  metadata: dict[str, Any] | None = None) -> Document:
    """The article of a fetched HTML page; what a feed entry says about it (`metadata`) comes first."""
    article = extract_html(_decoded(fetched), settings, url=fetched.url)
    given = metadata or {}
    return make_document(
        article.text,
        title=given.get("title") or article.title,
        outlet=given.get("outlet") or article.outlet,
        url=given.get("url") or fetched.url,
        published=given.get("published") or article.published,
        language=given.get("language"),
        origin=origin,
        settings=settings,
    )


def _decoded(fetched: Fetched) -> str | bytes:
    """The body as text in the charset the server named, or bytes for trafilatura to decode."""
    if fetched.charset:
        try:
            return fetched.body.decode(codecs.lookup(fetched.charset).name, errors="replace")
        except LookupError:
            LOGGER.debug("unknown charset %r from %s", fetched.charset, fetched.url)
    return fetched.body
