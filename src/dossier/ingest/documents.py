"""Turn raw article text into a `Document`: normalise, drop non-content lines, check, identify.

Every reader ends here, so a text gets the same id and sha256 whichever format it came in, and the
stored text (which all offsets point into) is always normalised the same way.

Language policy: a declared `language` other than `settings.language` is trusted and the document
is skipped. A declared match is still checked when the text is long enough (`VERIFY_DECLARED_CHARS`)
for py3langid to be reliable, because feeds and scrapers often label everything 'en'. Undeclared
text is always checked. Only a confident detection (`LANGUAGE_CONFIDENCE`) of another language
refuses a text: name-heavy English sentences are otherwise easy to misclassify.
"""

from __future__ import annotations

import email.utils
import hashlib
import logging
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib.resources import files
from typing import ParamSpec

import dateparser
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from dossier.errors import UnreadableInput
from dossier.records import Document, Outcome
from dossier.settings import Settings

LOGGER = logging.getLogger(__name__)
P = ParamSpec("P")

LANGUAGE_SAMPLE_CHARS = 2000
LANGUAGE_CONFIDENCE = 0.9
VERIFY_DECLARED_CHARS = 200
NON_TEXT_SHARE = 0.05  # above this share of control or replacement characters, it is not text
BOILERPLATE_MAX_LINE = 300  # credit and promo lines are short; longer lines are never tested
# Reasons that mean "nothing to analyse here" rather than "this input is broken".
SKIP_REASONS = (
    "empty", "too short", "too large", "binary", "language is", "unsupported file type",
    "unsupported content type",
    "not an RSS or Atom feed", "feed has no entries",
)

_LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")  # lone halves, as JSON escapes give them ('\ud800')
_NON_TEXT = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffd\ud800-\udfff\ue000-\uf8ff]")
_BLANK_RUNS = re.compile(r"\n{3,}")
_HAS_TIME = re.compile(r"\d{1,2}:\d{2}")
_DATEPARSER_SETTINGS = {
    "PARSERS": ["custom-formats", "absolute-time"],  # never 'yesterday' resolved from the clock
    "REQUIRE_PARTS": ["day", "month", "year"],
}


@dataclass(frozen=True, slots=True)
class BoilerplateRule:
    label: str
    first_line_only: bool
    pattern: re.Pattern[str]


def normalise_text(text: str) -> str:
    """NFC, `\\n` line ends, no trailing spaces or control characters, no double blank lines; a lone
    surrogate becomes U+FFFD, since no store can encode it."""
    text = unicodedata.normalize("NFC", _SURROGATES.sub("\ufffd", text)).lstrip("\ufeff")
    text = _CONTROL.sub("", _LINE_BREAKS.sub("\n", text))
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return _BLANK_RUNS.sub("\n\n", text).strip()


@cache
def boilerplate_rules() -> tuple[BoilerplateRule, ...]:
    """The patterns of `resources/boilerplate.tsv`, compiled once."""
    source = files("dossier").joinpath("resources/boilerplate.tsv").read_text(encoding="utf-8")
    rules = []
    for row in source.splitlines():
        if not row.strip() or row.startswith("#") or row.startswith("label\t"):
            continue
        label, where, pattern = row.split("\t", 2)
        rules.append(BoilerplateRule(label, where == "first", re.compile(pattern)))
    return tuple(rules)


def boilerplate_label(line: str, *, first: bool) -> str | None:
    """The label of the rule that makes `line` boilerplate, or None when it is content."""
    line = line.strip()
    if not line or len(line) > BOILERPLATE_MAX_LINE:
        return None
    for rule in boilerplate_rules():
        if (first or not rule.first_line_only) and rule.pattern.fullmatch(line):
            return rule.label
    return None


def strip_boilerplate(text: str) -> str:
    """Drop bylines, credits, promos and rights lines from normalised text."""
    kept = []
    for number, line in enumerate(text.split("\n")):
        label = boilerplate_label(line, first=number == 0)
        if label:
            LOGGER.debug("dropped %s line: %r", label, line)
        else:
            kept.append(line)
    return _BLANK_RUNS.sub("\n\n", "\n".join(kept)).strip()


def clean_text(text: str) -> str:
    """Normalised text without boilerplate: what a Document stores."""
    return strip_boilerplate(normalise_text(text))


def is_mostly_non_text(text: str) -> bool:
    """True for decoded binary: many control, replacement, surrogate or private-use characters."""
    return len(_NON_TEXT.findall(text)) > NON_TEXT_SHARE * len(text)


def normalise_language(tag: str | None) -> str | None:
    """'en-GB', 'EN_us' -> 'en'; blank -> None."""
    primary = (tag or "").strip().lower().replace("_", "-").split("-")[0]
    return primary or None


@cache
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, float]:
    """py3langid's language and probability for the start of `text`."""
    language, probability = _identifier().classify(text[:LANGUAGE_SAMPLE_CHARS])
    return language, float(probability)


def check_language(text: str, declared: str | None, expected: str) -> str:
    """The document's language, or UnreadableInput when it is not `expected` (see module doc)."""
    if declared and declared != expected:
        raise UnreadableInput(f"language is {declared}, not {expected}")
    if declared and len(text) < VERIFY_DECLARED_CHARS:
        return declared
    detected, probability = detect_language(text)
    if detected != expected and probability >= LANGUAGE_CONFIDENCE:
        note = f" (declared {declared})" if declared else ""
        raise UnreadableInput(f"language is {detected}, not {expected}{note}")
    return expected


def normalise_date(value: str | date | None) -> str | None:
    """ISO `2024-10-11` or `2024-10-11T09:30:00+00:00`; None (with a warning) when unparseable."""
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    raw = (value or "").strip()
    if not raw:
        return None
    moment = _parse_datetime(raw)
    if moment is None:
        LOGGER.warning("dropping unparseable publication date %r", raw)
        return None
    if not _HAS_TIME.search(raw):
        return moment.date().isoformat()
    return moment.isoformat(timespec="seconds")


def _parse_datetime(raw: str) -> datetime | None:
    try:
        return datetime.fromisoformat(raw)
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(raw)  # RFC 822 dates of RSS
    except (TypeError, ValueError, IndexError):
        pass
    parsed: datetime | None = dateparser.parse(
        raw, languages=["en"], settings=_DATEPARSER_SETTINGS
    )
    return parsed


def _one_line(value: str | None) -> str | None:
    text = " ".join(normalise_text(value or "").split())
    return text or None


def make_document(
    text: str,
    *,
    id: str | None = None,  # noqa: A002 - the record's field name
    title: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    published: str | date | None = None,
    language: str | None = None,
    origin: str | None = None,
    settings: Settings,
) -> Document:
    """A checked, normalised Document, or UnreadableInput saying why the text cannot be one.

    `settings.published` and `settings.outlet` fill in what the input does not carry (an
    unparseable date counts as not carried).
    """
    check_size(len(text), settings.max_chars, "characters")
    if not text or not text.strip():
        raise UnreadableInput("empty")
    if is_mostly_non_text(text):
        raise UnreadableInput("binary or not text")
    text = strip_boilerplate(normalise_text(text))
    if not text:
        raise UnreadableInput("empty")
    if len(text) < settings.min_chars:
        raise UnreadableInput(f"too short: {len(text)} characters")
    expected = normalise_language(settings.language) or "en"
    language = check_language(text, normalise_language(language), expected)
    sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(
        id=normalise_text(id or "") or sha256[:16],
        text=text,
        sha256=sha256,
        title=_one_line(title),
        outlet=_one_line(outlet) or _one_line(settings.outlet),
        url=_one_line(url),
        published=normalise_date(published) or normalise_date(settings.published),
        language=language,
        origin=origin,
    )


def check_size(size: int, limit: int, unit: str) -> None:
    """UnreadableInput naming the size and the limit when `size` is over it. Called before the work
    whose cost grows with the size (reading, cleaning, extraction), so a huge input costs nothing."""
    if size > limit:
        raise UnreadableInput(f"too large: {size} {unit}, limit {limit}")


def os_reason(error: OSError) -> str:
    """An OS error as a one-line reason: 'permission denied', 'no such file' ..."""
    if isinstance(error, FileNotFoundError):
        return "no such file"
    return (error.strerror or str(error)).lower()


def refusal(origin: str, reason: str) -> Outcome:
    """The Outcome for an item that gives no Document: `skipped` by policy, else `failed`."""
    status = "skipped" if reason.startswith(SKIP_REASONS) else "failed"
    LOGGER.info("%s %s: %s", status, origin, reason)
    return Outcome(origin=origin, status=status, reason=reason)


def attempt(
    origin: str, build: Callable[P, Document], *args: P.args, **kwargs: P.kwargs
) -> Document | Outcome:
    """`build(...)`, or the Outcome saying why it failed: a batch never dies of one bad item."""
    try:
        return build(*args, **kwargs)
    except UnreadableInput as error:
        return refusal(origin, str(error))
    except OSError as error:
        return refusal(origin, os_reason(error))
    except Exception as error:  # a library bug on one item must not stop the run
        LOGGER.exception("unexpected error reading %s", origin)
        return refusal(origin, f"unexpected error: {error}")
