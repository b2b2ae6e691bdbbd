"""Checks on the filters a reader asks for, so a typo is an error that names what is accepted.

Without them an unknown event type or a date like 'zzzz' is a valid SQL comparison that quietly
returns nothing (or everything). Every query takes its filters through here; the CLI turns the
error into a message and a non-zero exit, the API into a 422.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from datetime import date
from functools import partial

from dossier.errors import InvalidFilter
from dossier.records import ACTOR_KINDS, CLAIM_STATUSES, EVENT_TYPES, FACTUALITY, SPEAKER_KINDS, TRANSFER_STATUSES

# Past this, SQL engines overflow (SQLite and PostgreSQL hold offsets in 64 bits); no store is near it.
MAX_OFFSET = 10**12
_ISO_PERIOD = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_COUNTRY = re.compile(r"[A-Za-z]{3}")


def choice(name: str, value: str | None, accepted: tuple[str, ...]) -> str | None:
    """`value` as the store spells it (any case accepted), or an error listing `accepted`."""
    if value is None:
        return None
    for known in accepted:
        if value.strip().lower() == known.lower():
            return known
    raise InvalidFilter(f"unknown {name} {value!r}; accepted: {', '.join(accepted)}")


event_type = partial(choice, "event type", accepted=EVENT_TYPES)
factuality = partial(choice, "factuality", accepted=FACTUALITY)
actor_kind = partial(choice, "actor kind", accepted=ACTOR_KINDS)
speaker_kind = partial(choice, "speaker kind", accepted=SPEAKER_KINDS)
claim_status = partial(choice, "claim status", accepted=CLAIM_STATUSES)
transfer_status = partial(choice, "transfer status", accepted=TRANSFER_STATUSES)


def period(name: str, value: str | None) -> str | None:
    """An ISO date of any precision (2024, 2024-09, 2024-09-02) that exists on the calendar."""
    if value is None:
        return None
    found = _ISO_PERIOD.fullmatch(value.strip())
    try:
        if found is None:
            raise ValueError
        year, month, day = (int(part) if part else 1 for part in found.groups())
        date(year, month, day)
    except ValueError:
        raise InvalidFilter(f"{name} {value!r} is not an ISO date; accepted: YYYY, YYYY-MM or YYYY-MM-DD") from None
    return value.strip()


def country(value: str | None) -> str | None:
    """An ISO 3166-1 alpha-3 code, upper case."""
    if value is None:
        return None
    if _COUNTRY.fullmatch(value.strip()) is None:
        raise InvalidFilter(f"country {value!r} is not an ISO 3166-1 alpha-3 code such as IRN")
    return value.strip().upper()


def year(value: str | None) -> str | None:
    """A year of four digits."""
    if value is None:
        return None
    if not value.strip().isdigit() or len(value.strip()) != 4:
        raise InvalidFilter(f"year {value!r} is not a year; accepted: YYYY")
    return value.strip()


def offset(value: int) -> int:
    if not 0 <= value <= MAX_OFFSET:
        raise InvalidFilter(f"offset {value} is out of range; accepted: 0 to {MAX_OFFSET}")
    return value


def limit(value: int | None) -> int | None:
    if value is not None and value < 0:
        raise InvalidFilter(f"limit {value} is negative; accepted: 0 or more, or none for all")
    return value


def cursor(values: list[str | int]) -> str:
    """A place in a list's order (`queries.cursor`) as an opaque URL-safe token."""
    return base64.urlsafe_b64encode(json.dumps(values, separators=(",", ":")).encode()).decode().rstrip("=")


def after(token: str | None) -> list[str | int] | None:
    """The place a `cursor` token names, or an error when it is not one."""
    if token is None:
        return None
    try:
        values = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (binascii.Error, ValueError) as error:
        raise InvalidFilter(f"after {token[:40]!r} is not a cursor from a page's next link") from error
    if not isinstance(values, list) or not all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in values):
        raise InvalidFilter(f"after {token[:40]!r} is not a cursor from a page's next link")
    return values
