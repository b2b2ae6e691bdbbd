"""Date ranges for comparing events: '2016' is all of 2016, '2024-09' all of September 2024."""

from __future__ import annotations

import calendar


def date_range(start: str | None, end: str | None = None) -> tuple[str, str] | None:
    """The first and last day an ISO date of any precision can mean, as ISO days; None if unknown."""
    if not start:
        return None
    return _first_day(start), _last_day(end or start)


def _first_day(value: str) -> str:
    parts = value[:10].split("-")
    return "-".join([parts[0], *(parts[1:] + ["01", "01"])[:2]])


def _last_day(value: str) -> str:
    parts = value[:10].split("-")
    year = int(parts[0])
    month = int(parts[1]) if len(parts) > 1 else 12
    day = int(parts[2]) if len(parts) > 2 else calendar.monthrange(year, month)[1]
    return f"{year:04d}-{month:02d}-{day:02d}"


def overlap(a: tuple[str, str] | None, b: tuple[str, str] | None) -> bool:
    """True when two ranges share a day, or either is unknown."""
    return a is None or b is None or (a[0] <= b[1] and b[0] <= a[1])


def intersect(a: tuple[str, str] | None, b: tuple[str, str] | None) -> tuple[str, str] | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a[0], b[0]), min(a[1], b[1])
