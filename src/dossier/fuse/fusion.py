"""Fusion over the whole store: claims and the transfer register, computed from stored events.

Both are derived data, so they are computed when asked for (export, CLI) rather than stored: a
re-run after an ingest can never disagree with the events it came from. Events come as the
analyst's reviews have them (the store's query layer applies those), and register rows reviewed
by an analyst take the status the analyst gave them, or leave the register when rejected.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Connection, select

from dossier.fuse.claims import build_claims
from dossier.fuse.duplicates import story_groups
from dossier.fuse.register import build_register
from dossier.store import schema
from dossier.store.queries import iter_actors, iter_events
from dossier.store.reviews import apply_to_transfers


@dataclass
class Fusion:
    claims: list[dict]
    transfers: list[dict]
    rejected: list[dict] = field(default_factory=list)  # register rows an analyst rejected


def fuse(conn: Connection) -> Fusion:
    """Claims and transfers from every complete event in the store (one consistent snapshot): an
    event with no source or no target would read as a fact about nobody, so it stays out."""
    events = [event for event in iter_events(conn) if not event["incomplete"]]
    countries = {actor["id"]: actor["country"] for actor in iter_actors(conn)}
    texts = conn.execute(select(schema.documents.c.id, schema.documents.c.text))
    stories = story_groups((row.id, row.text) for row in texts)
    transfers, rejected = apply_to_transfers(conn, build_register(events, countries))
    return Fusion(build_claims(events, countries, stories), transfers, rejected)
