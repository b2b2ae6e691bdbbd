"""Plain text: `.txt` files and pasted text, in whatever encoding they were saved."""

from __future__ import annotations

import codecs
import logging
import re
from pathlib import Path
from typing import Any

import charset_normalizer

from dossier.errors import UnreadableInput
from dossier.ingest.documents import check_size, clean_text, make_document
from dossier.records import Document
from dossier.settings import Settings

LOGGER = logging.getLogger(__name__)

MAX_TITLE_CHARS = 200
CHAOS_TOLERANCE = 0.01
_NOT_TITLE_ENDINGS = (".", ",", ";", ":", "…")  # a sentence, or one that runs on
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_bytes(data: bytes) -> str:
    """UTF-8 (or the encoding a BOM names), else charset-normalizer's guess; binary is refused."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise UnreadableInput("binary or not text") from None
    try:
        text: str | None = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is None or "\x00" in text:  # NULs: binary, or UTF-16 without a BOM
        text = _guess(data)
    if text is None or "\x00" in text:
        raise UnreadableInput("binary or not text")
    return text


def _guess(data: bytes) -> str | None:
    """charset-normalizer's reading, preferring Windows-1252 on a tie.

    Short Western texts tie between cp1250, cp1252 and others; English-language news saved in a
    legacy encoding is far more often Windows-1252 (a superset of Latin-1).
    """
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    western = next((match for match in matches if match.encoding == "cp1252"), None)
    if western is not None and western.chaos <= best.chaos + CHAOS_TOLERANCE:
        best = western
    LOGGER.debug("decoded as %s", best.encoding)
    return str(best)


def split_title(text: str) -> tuple[str | None, str]:
    """(title, body): the first line is a title when short, not a sentence, and text follows.

    A first line whose next line starts in lower case is the start of a hard-wrapped paragraph,
    not a title.
    """
    text = clean_text(text)
    first, _, rest = text.partition("\n")
    runs_on = rest[:1].islower()  # no blank line, and the next line continues a sentence
    rest = rest.strip()
    if not rest or len(first) >= MAX_TITLE_CHARS or first.endswith(_NOT_TITLE_ENDINGS) or runs_on:
        return None, text
    return first, rest


def read_text(text: str, *, title: str | None = None, settings: Settings, **metadata: Any) -> Document:
    """A Document from plain text; without a `title`, a title-like first line becomes one.

    `metadata` is what `make_document` takes besides (id, outlet, url, published, language,
    origin). The length is checked first, as finding the title cleans the whole text.
    """
    if title is None:
        check_size(len(text), settings.max_chars, "characters")
        title, text = split_title(text)
    return make_document(text, title=title, settings=settings, **metadata)


# A text file may open with a header of these fields, one 'Field: value' a line, then a blank line.
_HEADER_FIELDS = {"title": "title", "outlet": "outlet", "published": "published", "date": "published", "url": "url"}
_HEADER_LINE = re.compile(r"([A-Za-z]+)[ \t]*:[ \t]*(\S.*)")


def split_header(text: str) -> tuple[dict[str, str], str]:
    """(metadata, body): a first block made only of 'Title:', 'Outlet:', 'Published:' (or 'Date:')
    and 'URL:' lines is the text's metadata, as an e-mail's header is; anything else is body."""
    block, blank, body = text.lstrip("\ufeff").partition("\n\n")
    lines = [_HEADER_LINE.fullmatch(line.strip()) for line in block.strip().splitlines()]
    if not blank or not lines or not all(m and m.group(1).lower() in _HEADER_FIELDS for m in lines):
        return {}, text
    return {_HEADER_FIELDS[m.group(1).lower()]: m.group(2).strip() for m in lines if m}, body


def read_txt(path: Path, settings: Settings) -> Document:
    """One Document from a text file: its header's metadata (`split_header`) where it has one, else
    `settings.published`/`outlet`."""
    return text_document(path.read_bytes(), str(path), settings)


def text_document(data: bytes, origin: str, settings: Settings) -> Document:
    """One Document from a text's bytes, read from `origin`."""
    metadata, body = split_header(decode_bytes(data).replace("\r\n", "\n"))
    return read_text(body, origin=origin, settings=settings, **metadata)
