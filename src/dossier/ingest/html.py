"""HTML pages and fragments: the main text and metadata, through trafilatura.

Navigation, comments, tables and promos are left to trafilatura; what slips through is caught by
the boilerplate lines of `make_document`. Also used for the HTML of JSONL lines and feed entries.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

import trafilatura
from trafilatura.settings import Document as Extraction

from dossier.errors import UnreadableInput
from dossier.ingest.documents import check_size, make_document
from dossier.records import Document
from dossier.settings import Settings

LOGGER = logging.getLogger(__name__)

_PAGE = re.compile(r"<(?:html|body)[\s>]")
# Publication date from metadata and URL only: a date mentioned in the text is not the page's.
_DATE_PARAMS = {"original_date": True, "extensive_search": False}


@dataclass(frozen=True, slots=True)
class HtmlArticle:
    """What trafilatura found in one page."""

    text: str
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    url: str | None = None


def extract_html(markup: str | bytes, settings: Settings, *, url: str | None = None) -> HtmlArticle:
    """The article in `markup`, or UnreadableInput when there is no main text or the markup is over
    `settings.max_html_bytes` (checked first: trafilatura's time and memory grow fast with size)."""
    size = len(markup) if isinstance(markup, bytes) else len(markup.encode("utf-8", "surrogatepass"))
    check_size(size, settings.max_html_bytes, "bytes of HTML")
    try:
        result = trafilatura.bare_extraction(
            _as_page(markup),
            url=url,
            include_comments=False,
            include_tables=False,
            with_metadata=True,
            date_extraction_params=dict(_DATE_PARAMS),
        )
    except AssertionError:  # lxml's, when htmldate drops the root of '</html><body><svg><foreignObject>'
        raise UnreadableInput("HTML too broken to read") from None
    text = (result.text or "").strip() if isinstance(result, Extraction) else ""
    if not isinstance(result, Extraction) or not text:
        raise UnreadableInput("no article text found in HTML")
    title = (result.title or "").strip() or None
    first, _, rest = text.partition("\n")
    if title and rest.strip() and _folded(first) == _folded(title):
        text = rest.strip()  # the headline is kept as the title, not repeated in the text
    return HtmlArticle(
        text=text, title=title, published=result.date, outlet=result.sitename, url=result.url or url
    )


def _as_page(markup: str | bytes) -> str | bytes:
    """A fragment (a feed entry's `<p>...</p>`) in a page: lxml makes a lone element the root."""
    head = markup[:4096]
    opening = head.decode("latin-1") if isinstance(head, bytes) else head
    if _PAGE.search(opening.lower()):
        return markup
    if isinstance(markup, bytes):
        return b"<html><body>" + markup + b"</body></html>"
    return f"<html><body>{markup}</body></html>"


def _folded(line: str) -> str:
    return " ".join(line.split()).casefold()


def read_html(path: Path, settings: Settings) -> Document:
    """One Document from an `.html`/`.htm` file."""
    return html_document(path.read_bytes(), str(path), settings)


def html_document(markup: bytes, origin: str, settings: Settings) -> Document:
    """One Document from a page's bytes, read from `origin`."""
    article = extract_html(markup, settings)
    return make_document(
        article.text,
        title=article.title,
        outlet=article.outlet,
        url=article.url,
        published=article.published,
        origin=origin,
        settings=settings,
    )
