"""Loads the data files in `resources/`: gazetteers and lexicons are data, not code.

Each file is UTF-8, tab-separated, starts with `# ` comment lines naming its source, then a header
row. Lists inside a cell are separated by `|`. Loaders are cached: every stage shares one copy.
"""

from __future__ import annotations

import csv
import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Iterator


def read_table(name: str) -> Iterator[dict[str, str]]:
    """Rows of `resources/<name>` as dicts keyed by the header row, comments skipped."""
    with resources.files("dossier.resources").joinpath(name).open(encoding="utf-8") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
            yield {key: (value or "").strip() for key, value in row.items()}


def split_list(cell: str) -> list[str]:
    return [item.strip() for item in cell.split("|") if item.strip()]


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer entry: the actor or weapon a surface form stands for."""

    id: str  # actor id ('IRN', 'org:irgc') or weapon system designation
    name: str
    kind: str  # actor kind, or weapon category
    country: str | None
    subkind: str = ""  # 'metonym', 'demonym', 'state_media', 'outlet' ...


@cache
def states() -> dict[str, Entry]:
    """Surface form -> state entry, from every name, alias, demonym and metonym."""
    forms: dict[str, Entry] = {}
    for row in read_table("states.tsv"):
        iso3, name = row["iso3"], row["name"]
        for subkind, cell in (("name", name), ("alias", row["aliases"]),
                              ("demonym", row["demonyms"]), ("metonym", row["metonyms"])):
            for form in split_list(cell):
                forms.setdefault(form, Entry(iso3, name, "state", iso3, subkind))
    return forms


@cache
def state_names() -> dict[str, str]:
    """ISO alpha-3 -> common short name."""
    return {row["iso3"]: row["name"] for row in read_table("states.tsv")}


@cache
def states_styled(word: str) -> frozenset[str]:
    """The states one of whose names holds `word` ('kingdom': Saudi Arabia, the Kingdom of Saudi
    Arabia), so that 'the kingdom' is not taken for the last state named when that is a republic."""
    return frozenset(row["iso3"] for row in read_table("states.tsv")
                     if word.lower() in f"{row['name']} {row['aliases']}".lower().replace("|", " ").split())


@cache
def organizations() -> dict[str, Entry]:
    forms: dict[str, Entry] = {}
    for row in read_table("organizations.tsv"):
        entry = Entry(row["id"], row["name"], row["kind"], row["country"] or None, row["subkind"])
        for form in [row["name"], *split_list(row["aliases"])]:
            forms.setdefault(form, entry)
    return forms


@cache
def weapon_systems() -> dict[str, Entry]:
    """Surface form -> weapon system entry (designation and every alias)."""
    forms: dict[str, Entry] = {}
    for row in read_table("weapons.tsv"):
        entry = Entry(row["system"], row["system"], row["category"], row["maker"] or None, "weapon")
        for form in [row["system"], *split_list(row["aliases"])]:
            forms.setdefault(form, entry)
    return forms


@cache
def weapon_phrases() -> dict[str, str]:
    """Generic weapon phrase (lower case, singular) -> category."""
    return {row["phrase"]: row["category"] for row in read_table("weapon_phrases.tsv")}


@cache
def roles() -> dict[str, str]:
    """Role phrase (lower case) -> role kind ('government', 'military', 'analyst' ...)."""
    return {row["role"]: row["kind"] for row in read_table("roles.tsv")}


@cache
def hedges() -> dict[str, str]:
    """Hedge or certainty cue (lower case) -> the factuality it signals."""
    return {row["cue"]: row["factuality"] for row in read_table("hedges.tsv")}



@cache
def leader_offices() -> dict[str, list[tuple[str, str]]]:
    """State (ISO alpha-3) -> (since year or '', office) pairs, oldest first: which office the news
    means by that state's 'leader' ('the Russian leader' is its president, 'Iran's leader' the supreme leader)."""
    offices: dict[str, list[tuple[str, str]]] = {}
    for row in read_table("leaders.tsv"):
        offices.setdefault(row["country"], []).append((row["since"], row["role"]))
    return {country: sorted(pairs) for country, pairs in offices.items()}


@cache
def places() -> dict[str, str]:
    """Place name or alias -> the state it lies in ('Aleppo' -> 'SYR'): places, never actors."""
    found = {}
    for row in read_table("places.tsv"):
        for name in [row["name"], *split_list(row["aliases"])]:
            found[name] = row["country"]
    return found


@cache
def verdicts() -> frozenset[str]:
    """Lemmas of condemnation ('dangerous', 'escalation') that make calling an act so an accusation."""
    return frozenset(row["lemma"] for row in read_table("verdicts.tsv"))


@dataclass(frozen=True, slots=True)
class OfficeTerm:
    """One person's term in one office: who held it, for which state, and when."""

    name: str  # the person's canonical name
    country: str | None  # None for posts in international organisations
    role: str
    start: str  # ISO date at the precision known: 2024-07-28, 2025-08, 2017
    end: str | None  # None while in office
    wikidata: str | None

    def covers(self, day: date) -> bool:
        """True when `day` may fall in the term (partial dates are read as widely as they allow)."""
        return _first_day(self.start) <= day and (self.end is None or day <= _last_day(self.end))


def _first_day(value: str) -> date:
    """'2017' -> 2017-01-01, '2025-08' -> 2025-08-01."""
    year, month, day = (value.split("-") + ["1", "1"])[:3]
    return date(int(year), int(month), int(day))


def _last_day(value: str) -> date:
    """'2017' -> 2017-12-31, '2024-02' -> 2024-02-29."""
    parts = [int(part) for part in value.split("-")]
    if len(parts) == 3:
        return date(*parts)
    year, month = parts[0], parts[1] if len(parts) == 2 else 12
    return date(year, month, monthrange(year, month)[1])


_NOT_SURNAMES = re.compile(r"[IVX]+|Jr\.?|Sr\.?")  # regnal numbers and suffixes
_PATRONYMIC = {"bin", "ibn", "bint", "ben"}  # lower case: 'Ben Wallace' has a surname


def _surname(name: str) -> str | None:
    """Last word of a name, unless it is a regnal number or suffix ('Abdullah II', 'Marcos Jr.') or a
    father's name ('Mohammed bin Salman')."""
    words = name.split()
    if len(words) < 2 or _NOT_SURNAMES.fullmatch(words[-1]) or words[-2] in _PATRONYMIC:
        return None
    return words[-1]


@cache
def office_holders() -> dict[str, list[OfficeTerm]]:
    """Surface form -> the terms of office of every person it names.

    Forms are each name and alias, plus the surname alone where no other person bears it, no other
    person is listed under it and it names no state or organisation ('Montenegro'). A form listed for
    several people ('Bush') maps to all their terms; the caller picks by date.
    """
    forms: dict[str, list[OfficeTerm]] = {}
    surnames: dict[str, dict[str, list[OfficeTerm]]] = {}
    for row in read_table("office_holders.tsv"):
        term = OfficeTerm(row["name"], row["country"] or None, row["role"], row["start"],
                          row["end"] or None, row["wikidata"] or None)
        for form in dict.fromkeys([row["name"], *split_list(row["aliases"])]):
            forms.setdefault(form, []).append(term)
        surname = _surname(row["name"])
        if surname:
            surnames.setdefault(surname, {}).setdefault(row["name"], []).append(term)
    for surname, people in surnames.items():
        taken = surname in forms or surname in states() or surname in organizations()
        if len(people) == 1 and not taken:
            forms[surname] = next(iter(people.values()))
    return forms


@cache
def wikidata() -> dict[str, str]:
    """Actor id -> Wikidata id, for states and organisations we are sure of."""
    return {row["actor"]: row["wikidata"] for row in read_table("wikidata.tsv")}
