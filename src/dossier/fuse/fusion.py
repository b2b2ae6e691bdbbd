"""Fusion as a stage: claims and register rows from complete events, one key at a time.

Fusion reads complete events only (source and target both named): an event with no source or no
target would read as a fact about nobody. So every claim belongs to one key (type, source country,
target country), every register row to one pair of countries, and the claims of a key computed from
that key's events alone are the claims all the events would give for it (likewise a pair's rows).
The store keeps the results in tables (`store/fused.py`) and recomputes, in each batch's
transaction, only the keys and pairs the batch touches. This module reads no store: events come in
the export's shape, as the analyst's reviews have them.
"""

from __future__ import annotations

from collections.abc import Iterable

from dossier.fuse.claims import build_claims
from dossier.fuse.register import ranked_register

ClaimKey = tuple[str, str, str]
Pair = tuple[str, str]


def party(actor: str, countries: dict[str, str | None]) -> str:
    """What fusion calls an actor: its country where it has one."""
    return countries.get(actor) or actor


def claim_key(event: dict, countries: dict[str, str | None]) -> ClaimKey:
    """The key of the claims a complete event may join: type, source party, target party."""
    return event["type"], party(event["source"], countries), party(event["target"], countries)


def pair(event: dict, countries: dict[str, str | None]) -> Pair:
    """The two parties of a complete event, in sorted order: the register rows it may touch."""
    low, high = sorted((party(event["source"], countries), party(event["target"], countries)))
    return low, high


def claims_of_key(events: Iterable[dict], countries: dict[str, str | None], stories: dict[str, str]) -> list[dict]:
    """The claims of one key (or of any set of whole keys) from all their complete events."""
    return build_claims([e for e in events if not e["incomplete"]], countries, stories)


def rows_of_pair(events: Iterable[dict], countries: dict[str, str | None],
                 latest: dict[str, str] | None = None) -> list[tuple[tuple[int, str, int], dict]]:
    """The register rows of one pair (or of any set of whole pairs), ranked, before any review."""
    return ranked_register([e for e in events if not e["incomplete"]], countries, latest)


def fuse_events(events: list[dict], countries: dict[str, str | None],
                stories: dict[str, str]) -> tuple[list[dict], list[dict]]:
    """Claims and register rows of every complete event at once (what `dossier fuse --rebuild`
    must agree with; the tests compare the store's tables with it)."""
    complete = [e for e in events if not e["incomplete"]]
    return claims_of_key(complete, countries, stories), [row for _, row in rows_of_pair(complete, countries)]
