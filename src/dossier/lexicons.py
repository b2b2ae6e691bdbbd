"""Loads the data files in `resources/`: gazetteers and lexicons are data, not code.

Each file is UTF-8, tab-separated, starts with `# ` comment lines naming its source, then a header
row. Lists inside a cell are separated by `|`. Loaders are cached: every stage shares one copy.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
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

