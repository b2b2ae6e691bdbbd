"""Fusion as a stage: claims and register rows from complete events, one key at a time.

Fusion reads complete events only (source and target both named): an event with no source or no
target would read as a fact about nobody. So every claim belongs to one key (type, source country,
target country), every register row to one pair of countries and one weapon, and the claims of a key
computed from that key's events alone are the claims all the events would give for it (likewise a
row's, from the events naming its pair and weapon). The store keeps the results in tables
(`store/fused.py`): a batch of new documents extends the claims of the keys it touches, and the
register rows it touches are recomputed. This module reads no store: events come in the export's
shape, as the analyst's reviews have them.
"""

from __future__ import annotations

from collections.abc import Iterable

from dossier.fuse.claims import ClaimKey, build_claims, claim_key, party
from dossier.fuse.register import ranked_register

__all__ = ["ClaimKey", "Pair", "claim_key", "fuse_events", "pair", "rows_of_pair"]

Pair = tuple[str, str]


def pair(event: dict, countries: dict[str, str | None]) -> Pair:
    """The two parties of a complete event, in sorted order: the register rows it may touch."""
    low, high = sorted((party(event["source"], countries), party(event["target"], countries)))
    return low, high


def rows_of_pair(events: Iterable[dict], countries: dict[str, str | None],
                 latest: dict[str, str] | None = None) -> list[tuple[tuple[int, str, int], dict]]:
    """The register rows of one pair (or of any set of whole pairs), ranked, before any review."""
    return ranked_register([e for e in events if not e["incomplete"]], countries, latest)


def fuse_events(events: list[dict], countries: dict[str, str | None],
                stories: dict[str, str]) -> tuple[list[dict], list[dict]]:
    """Claims and register rows of every complete event at once, events in the order their
    documents were stored (what the store's tables must agree with; the tests compare them)."""
    complete = [e for e in events if not e["incomplete"]]
    return build_claims(complete, countries, stories), [row for _, row in rows_of_pair(complete, countries)]
