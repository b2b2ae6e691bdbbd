"""Dates as the text gives them, normalised against the publication date.

Returns ISO strings at the precision the text supports: a day ('2024-08-05'), a month
('2024-09'), a year ('2016'), or a range (start and end differ, as for 'this week'). Without a
publication date, relative expressions ('on Friday', 'last month') stay unresolved: the text is
kept, never guessed from the clock.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from functools import lru_cache

import dateparser

from dossier.extract.vocabulary import NUMBER_WORDS, PARTS_OF_DAY
from dossier.records import DateValue

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d{2})"
_PATTERNS = [
    re.compile(rf"^{_DAY}\s+(?:of\s+)?{_MONTH},?(?:\s+{_YEAR})?$", re.I),
    re.compile(rf"^{_MONTH}\s+{_DAY},?(?:\s+{_YEAR})?$", re.I),
    re.compile(rf"^{_MONTH},?\s+{_YEAR}$", re.I),
    re.compile(rf"^{_MONTH}$", re.I),
    re.compile(rf"^{_YEAR}$"),
    re.compile(rf"^(?:spring|summer|autumn|fall|winter)\s+(?:of\s+)?{_YEAR}$", re.I),  # 'the autumn of 2006': its year
    re.compile(r"^(?P<decade>(?:1[89]|20)\d0)s$"),
]
_DURATION = re.compile(r"\b(?:years?|months?|weeks?|days?|hours?|decades?|ago)\b", re.I)
_ISO = re.compile(r"^(?!0000)\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_LEADING = re.compile(r"^(?:on|in|since|by|from|during|until|till|early|late|mid|the|only|just|fiscal|"
                      r"as\s+(?:early|late|soon)\s+as|(?:end|start|beginning|middle|turn)\s+of)\s+", re.I)
# ('the end of October': October; 'only last month', 'as early as next week', 'fiscal 2025')
_SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}  # the month each begins in


def parse_published(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def _moved(day: date, days: int) -> date:
    """`day` moved by whole days, clamped to the calendar Python can hold (a report dated 0001-01-01
    that says 'yesterday' must not stop an ingest)."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def _month_shift(day: date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def _absolute(text: str, published: date | None, future: bool = False) -> tuple[str, str] | None:
    for pattern in _PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        parts = match.groupdict()
        if parts.get("decade"):
            decade = int(parts["decade"])
            return str(decade), str(decade + 9)
        year = int(parts["year"]) if parts.get("year") else None
        month = MONTHS[parts["month"].lower()] if parts.get("month") else None
        day = int(parts["day"]) if parts.get("day") else None
        if year is None:
            if published is None:
                return None
            year = published.year
            if month and not future and (month, day or 1) > (published.month, published.day):
                year -= 1  # 'in November' in a March report: the latest November before it
        if month is None:
            return str(year), str(year)
        if day is None:
            return f"{year}-{month:02d}", f"{year}-{month:02d}"
        try:
            iso = date(year, month, day).isoformat()
        except ValueError:
            return None
        return iso, iso
    return None


def _relative(text: str, published: date, future: bool) -> tuple[str, str] | None:
    lower = text.lower()
    if lower in {"today", "tonight", "this morning", "this afternoon", "this evening"}:
        return published.isoformat(), published.isoformat()
    if lower == "yesterday":
        day = _moved(published, -1).isoformat()
        return day, day
    if lower == "tomorrow":
        day = _moved(published, 1).isoformat()
        return day, day
    if lower in WEEKDAYS or lower.removeprefix("last ") in WEEKDAYS:  # 'on Tuesday', 'last Thursday': the latest
        delta = (published.weekday() - WEEKDAYS[lower.removeprefix("last ")]) % 7
        if lower.startswith("last "):
            delta = delta or 7
        day = _moved(published, (7 - delta) % 7 if future and lower in WEEKDAYS else -delta)
        return day.isoformat(), day.isoformat()
    if lower in _SEASONS:  # 'in the summer': the latest one begun by the report; if planned, the next not over
        first = _SEASONS[lower]
        year = published.year + (int(published.month >= first + 3) if future else -int(published.month < first))
        return str(year), str(year)
    shifts = {"last": -1, "past": -1, "previous": -1, "this": 0, "current": 0, "next": 1,
              "later this": 0, "earlier this": 0, "early this": 0, "late this": 0, "coming": 1}
    match = re.match(r"^(last|past|previous|this|current|next|coming|later this|earlier this|early this|late this)"
                     r"\s+(week|month|year|decade)$", lower)
    if match:
        shift, unit = shifts[match.group(1)], match.group(2)
        if unit == "year":
            return str(published.year + shift), str(published.year + shift)
        if unit == "month":
            year, month = _month_shift(published, shift)
            return f"{year}-{month:02d}", f"{year}-{month:02d}"
        if unit == "week":  # the month it falls in: a week tells no one day
            monday = _moved(published, 7 * shift - published.weekday())
            return monday.isoformat()[:7], _moved(monday, 6).isoformat()[:7]
    match = re.match(r"^(?P<date>.+?)\s+(?:of\s+)?(?P<which>last|this|next)\s+year$", lower)
    if match:  # 'September last year', 'May 24 last year'
        year = published.year + shifts[match.group("which")]
        return _absolute(f"{match.group('date')} {year}", None)
    match = re.match(rf"^(?P<which>last|next)\s+{_MONTH}$", lower)
    if match:  # 'last October': the latest October before the report's month; 'next March' the first after
        month = MONTHS[match.group("month")]
        if match.group("which") == "last":
            year = published.year if month < published.month else published.year - 1
        else:
            year = published.year if month > published.month else published.year + 1
        return f"{year}-{month:02d}", f"{year}-{month:02d}"
    match = re.match(r"^(last|this|next|early this|earlier this|later this)\s+(spring|summer|autumn|fall|winter)$", lower)
    if match:  # a season: the year it falls in, which is all the text commits to
        year = str(published.year + shifts.get(match.group(1), 0))
        return year, year
    match = re.match(r"^(\d+|a|one|two|three|four|five|six|seven|eight|nine|ten)\s+(day|week|month|year)s?\s+ago$", lower)
    if match:
        count = int(match.group(1)) if match.group(1).isdigit() else NUMBER_WORDS[match.group(1)]
        unit = match.group(2)
        if unit == "year":
            return str(published.year - count), str(published.year - count)
        if unit == "month":
            year, month = _month_shift(published, -count)
            return f"{year}-{month:02d}", f"{year}-{month:02d}"
        day = _moved(published, -count * (7 if unit == "week" else 1))
        return day.isoformat(), day.isoformat()
    return None


def normalize_date(text: str, published: date | None, *, future: bool = False) -> DateValue | None:
    """A DateValue for a date expression, or None when the text is not a date we can place."""
    cleaned = text.strip().rstrip(",.")
    while True:
        stripped = _LEADING.sub("", cleaned)
        if stripped == cleaned:
            break
        cleaned = stripped
    if not cleaned:
        return None
    found = _absolute(cleaned, published, future)
    if found is None and published is not None:
        found = _relative(cleaned, published, future)
    if found is None and (parts := _parts(cleaned, published, future)) is not None:
        return DateValue(parts.start, parts.end, text)
    if found is None and published is None and (
            _relative(cleaned, date(2000, 1, 1), future) or _absolute(cleaned, date(2000, 1, 1))):
        return DateValue(None, None, text)  # needs an anchor we lack: keep the words only
    if found is None:
        found = _fallback(cleaned, published)
    if found is None or not all(map(_ISO.match, found)):
        return None  # nothing, or a shift past the ends of the calendar ('last year' in year 1)
    return DateValue(found[0], found[1], text)


_BETWEEN = re.compile(r"^between\s+(.+?)\s+and\s+(.+)$", re.I)


def _parts(text: str, published: date | None, future: bool) -> DateValue | None:
    """A date told in parts: a range ('between 2024 and 2026': from the first to the last), or a date
    the model ran on past a comma ('Jan 31, days after', 'March 2015, months after')."""
    if match := _BETWEEN.match(text):
        first, last = (normalize_date(part, published, future=future) for part in match.groups())
        if first is not None and last is not None and first.start is not None and last.end is not None:
            return DateValue(first.start, last.end, text)
        return None
    if "," in text:  # the head, unless what runs on is a date of its own ('Saturday, October 19')
        head, rest = text.split(",", 1)
        return normalize_date(rest, published, future=future) or normalize_date(head, published, future=future)
    return None


@lru_cache(maxsize=4096)
def _fallback(text: str, published: date | None) -> tuple[str, str] | None:
    """Other absolute forms ('2024-08-05', '5/8/2024'), through dateparser; never relative ones.
    Cached: dateparser is slow, and news repeats its date phrases."""
    if not re.search(r"\d", text) or published is None and not re.search(r"(1[89]|20)\d\d", text):
        return None
    if _DURATION.search(text):
        return None  # 'first visit in 24 years': a span of time, not a date
    settings = {"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DAY_OF_MONTH": "first"}
    if published is not None:
        settings["RELATIVE_BASE"] = datetime(published.year, published.month, published.day)
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    if parsed is None:
        return None
    iso = parsed.date().isoformat()
    return iso, iso


_SHIFT = re.compile(r"^(?P<count>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
                    r"(?P<unit>day|week|month|year)s?\s+(?P<way>earlier|later|after|before)$")
_NEXT = re.compile(r"^(?:the\s+)?(?P<way>next|following|previous|preceding)\s+(?P<unit>day|week|month|year)$")
_AS_TOLD = re.compile(rf"^(?:(?:that|the same|that same|later that|earlier that|later in the|earlier in the)\s+"
                      rf"(?:day|{'|'.join(PARTS_OF_DAY)})|at the time|(?:only |just |a few )?hours "
                      rf"(?:later|earlier|after|before)|within hours)$")  # the date told before, as told
_SOME_DAYS = re.compile(r"^(?:only |just |a few |several )?days (?:later|earlier|after|before)$|^within days$")
# any of the three, in one pattern: dating tries it on every stretch of two to four words
_TOLD_RELATIVE = re.compile("|".join(f"(?:{pattern.pattern})" for pattern in (_NEXT, _AS_TOLD, _SOME_DAYS)))


def told_relative(text: str) -> bool:
    """Words that date an act from the date told before: 'the following day', 'at the time', 'days later'."""
    return _TOLD_RELATIVE.match(text.lower()) is not None


def normalize_anchored(text: str, anchor: DateValue | None) -> DateValue | None:
    """A date the text gives relative to another it gave before ('that November', 'the same day', 'a
    day earlier', 'two days later', 'earlier that year', 'at the time'), at the precision both
    support: 'the next day' after 'in September' is September, 'days later' a month."""
    if anchor is None or anchor.start is None:
        return None
    lower = re.sub(r"^(?:on|in|by|during)\s+", "", text.strip().rstrip(",.").lower())
    start = anchor.start
    year = start[:4]
    if _AS_TOLD.match(lower):
        found = start
    elif _SOME_DAYS.match(lower):  # a few days either way: the month is all it commits to
        found = start[:7]
    elif lower in {"that month", "the same month", "later that month", "earlier that month"}:
        found = start[:7]
    elif lower in {"that year", "the same year", "earlier that year", "later that year", "that same year"}:
        found = year
    elif (match := re.match(rf"^(?:that|the same)\s+{_MONTH}$", lower) or re.match(
            rf"^{_MONTH}\s+(?:of\s+)?that\s+year$", lower)):  # 'that November', 'March of that year'
        found = f"{year}-{MONTHS[match.group('month')]:02d}"
    elif (match := _SHIFT.match(lower)) or (match := _NEXT.match(lower)):
        parts = match.groupdict()
        count = int(parts["count"]) if parts.get("count", "").isdigit() else NUMBER_WORDS.get(parts.get("count"), 1)
        sign = -1 if parts["way"] in {"earlier", "before", "previous", "preceding"} else 1
        found = _shifted(start, parts["unit"], sign * count)
    else:
        return None
    return DateValue(found, found, text) if found and _ISO.match(found) else None


def _shifted(start: str, unit: str, count: int) -> str | None:
    """An ISO date moved by whole units, kept at the anchor's precision: an anchor too coarse for the
    unit stays as it is ('a day later' than September is September)."""
    if unit == "year":
        return str(int(start[:4]) + count)  # 'a year later': the year is all it commits to
    if unit == "month":
        if len(start) < 7:
            return start
        year, month = _month_shift(date(int(start[:4]), int(start[5:7]), 1), count)
        return f"{year}-{month:02d}"
    if len(start) < 10:
        return start
    days = count * (7 if unit == "week" else 1)
    return _moved(date.fromisoformat(start), days).isoformat()
