"""The store's tables as SQLAlchemy Core metadata: the current shape, for SQLite and PostgreSQL alike.

Ids are the pipeline's string ids so the export needs no translation; lists that belong to an event
or actor are child tables with a `position` where order matters, so they can be filtered and joined.
Only `events.context` is JSON: a list of tags no query looks inside.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    func,
)

METADATA = MetaData()

_CASCADE = {"ondelete": "CASCADE"}
# An id that fusion orders by, compared by code point as Python compares it (`queries.collated`):
# PostgreSQL's index on it then serves that order whatever the database's locale.
_ORDERED_ID = String().with_variant(String(collation="C"), "postgresql")


def _document_fk() -> ForeignKey:
    return ForeignKey("documents.id", **_CASCADE)


def _event_fk() -> ForeignKey:
    return ForeignKey("events.id", **_CASCADE)


def _actor_fk() -> ForeignKey:
    return ForeignKey("actors.id")


migrations = Table(
    "migrations",
    METADATA,
    Column("name", String, primary_key=True),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)

runs = Table(
    "runs",
    METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("version", String, nullable=False),
)

documents = Table(
    "documents",
    METADATA,
    Column("id", String, primary_key=True),
    Column("sha256", String, nullable=False, unique=True),
    Column("title", Text),
    Column("outlet", String),
    Column("url", Text),
    Column("published", String),
    Column("language", String),
    Column("chars", Integer, nullable=False),
    Column("origin", Text),
    Column("text", Text, nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
)

outcomes = Table(
    "outcomes",
    METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run", Integer, ForeignKey("runs.id"), nullable=False, index=True),
    Column("origin", Text, nullable=False),
    Column("status", String, nullable=False),
    Column("reason", Text),
    Column("document", String),  # not a foreign key: a duplicate or failure names a document not stored
    Column("events", Integer, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)

actors = Table(
    "actors",
    METADATA,
    Column("id", String, primary_key=True),
    Column("name", String, nullable=False),
    Column("kind", String, nullable=False),
    Column("country", String),
    Column("wikidata", String),
    Index("ix_actors_kind", "kind"),
    Index("ix_actors_country", "country"),
)

actor_aliases = Table(
    "actor_aliases",
    METADATA,
    Column("actor", String, ForeignKey("actors.id", **_CASCADE), primary_key=True),
    Column("alias", String, primary_key=True),
)

# The actor filter compares names and aliases case-insensitively.
Index("ix_actors_name_lower", func.lower(actors.c.name))
Index("ix_actor_aliases_alias_lower", func.lower(actor_aliases.c.alias))

actor_roles = Table(
    "actor_roles",
    METADATA,
    Column("actor", String, ForeignKey("actors.id", **_CASCADE), primary_key=True),
    Column("role", String, primary_key=True),
    Column("document", String, _document_fk(), primary_key=True),
)

mentions = Table(
    "mentions",
    METADATA,
    Column("document", String, _document_fk(), primary_key=True),
    Column("start", Integer, primary_key=True),
    Column("end", Integer, primary_key=True),
    Column("actor", String, _actor_fk(), primary_key=True, index=True),
    Column("text", Text, nullable=False),
)

attributions = Table(
    "attributions",
    METADATA,
    Column("id", String, primary_key=True),
    Column("document", String, _document_fk(), nullable=False),
    Column("position", Integer, nullable=False),
    Column("source_start", Integer),
    Column("source_end", Integer),
    Column("source_text", Text),
    Column("cue_start", Integer, nullable=False),
    Column("cue_end", Integer, nullable=False),
    Column("cue_text", Text, nullable=False),
    Column("content_start", Integer, nullable=False),
    Column("content_end", Integer, nullable=False),
    Column("content_text", Text, nullable=False),
    Column("speaker", String, _actor_fk(), index=True),
    Column("speaker_kind", String, nullable=False),
    Index("ix_attributions_document", "document", "position"),
)

events = Table(
    "events",
    METADATA,
    Column("id", String, primary_key=True),
    Column("document", String, _document_fk(), nullable=False),
    Column("position", Integer, nullable=False),
    Column("type", String, nullable=False, index=True),
    Column("mode", String),
    Column("source", String, _actor_fk(), index=True),
    Column("target", String, _actor_fk(), index=True),
    Column("factuality", String, nullable=False, index=True),
    Column("date_start", String, index=True),
    Column("date_end", String),
    Column("date_text", Text),
    Column("location_name", String),
    Column("location_country", String),
    Column("quantity_min", Float),
    Column("quantity_max", Float),
    Column("quantity_text", Text),
    Column("value_amount", Float),
    Column("value_currency", String),
    Column("value_text", Text),
    Column("trigger_start", Integer, nullable=False),
    Column("trigger_end", Integer, nullable=False),
    Column("trigger_text", Text, nullable=False),
    Column("context", JSON, nullable=False),
    Index("ix_events_document", "document", "position"),
)

event_others = Table(
    "event_others",
    METADATA,
    Column("event", String, _event_fk(), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("actor", String, _actor_fk(), nullable=False, index=True),
)

event_weapons = Table(
    "event_weapons",
    METADATA,
    Column("event", String, _event_fk(), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("system", String, index=True),
    Column("category", String, nullable=False),
    Column("text", Text, nullable=False),
    Column("start", Integer),  # null in stores written before migration 0004
    Column("end", Integer),
)

event_attributions = Table(
    "event_attributions",
    METADATA,
    Column("event", String, _event_fk(), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("speaker", String, _actor_fk()),
    Column("speaker_text", Text),
    Column("speaker_kind", String, nullable=False),
    Column("cue", Text, nullable=False),
    Column("outlet", String),
)

evidence = Table(
    "evidence",
    METADATA,
    Column("event", String, _event_fk(), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("document", String, _document_fk(), nullable=False, index=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("sentence", Text, nullable=False),
)

cues = Table(
    "cues",
    METADATA,
    # hedges and factuality cues; the key, document first, is the index by document
    Column("document", String, _document_fk(), primary_key=True),
    Column("start", Integer, primary_key=True),
    Column("end", Integer, primary_key=True),
    Column("kind", String, primary_key=True),
    Column("text", Text, nullable=False),
)

url_states = Table(
    "url_states",
    METADATA,
    # what `dossier watch` remembers per URL it fetched (watched feeds and pages, and entries' links)
    Column("url", Text, primary_key=True),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("checked_at", DateTime(timezone=True)),
    Column("fetched_at", DateTime(timezone=True)),
    Column("error", Text),
    Column("failures", Integer, nullable=False),
    Column("retry_at", DateTime(timezone=True)),
)

# An analyst's verdicts, kept apart from what the machine extracted, every one of them (the latest for
# a subject wins). Not tied to documents by a foreign key: a review outlives the re-analysis of its
# document, whose events are deleted and written again, and re-attaches by its anchor (document,
# evidence offsets, machine type, trigger offsets). A transfer review names its register row by
# `target` = 'supplier|recipient|system or category'.
reviews = Table(
    "reviews",
    METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String, nullable=False),  # event or transfer
    Column("target", String, nullable=False),  # the event id when reviewed, or the register row's key
    Column("document", String),
    Column("evidence_start", Integer),
    Column("evidence_end", Integer),
    Column("machine_type", String),
    Column("trigger_start", Integer),
    Column("trigger_end", Integer),
    Column("verdict", String, nullable=False),  # confirmed, rejected or corrected
    Column("fields", JSON, nullable=False),  # corrected values, in the export's shape
    Column("note", Text),
    Column("reviewer", String, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_reviews_document", "document"),
    Index("ix_reviews_kind_target", "kind", "target"),
)

# Derived, written by the single writer whenever reviews or a document's events change: which review
# holds for which stored event, with the values that then hold, so filters and pages read them in SQL.
event_reviews = Table(
    "event_reviews",
    METADATA,
    Column("event", String, _event_fk(), primary_key=True),
    Column("review", Integer, ForeignKey("reviews.id", **_CASCADE), nullable=False, index=True),
    Column("verdict", String, nullable=False),
    Column("type", String, nullable=False),
    Column("source", String),
    Column("target", String),
    Column("factuality", String, nullable=False),
    Column("date_start", String),
    Column("date_end", String),
    Column("weapons_set", Boolean, nullable=False),  # the review replaced the weapons
    Column("weapon_system", String),
    Column("weapon_category", String),
)

# Fusion, derived and written by the single writer in each batch's transaction for the keys the batch
# touches (`store/fused.py`); `dossier fuse --rebuild` recomputes them all.
# Each document's story group (near-duplicates count once), decided against the documents stored
# before it (`position`), and the latest date its complete events carry (where undated steps sort).
fusion_documents = Table(
    "fusion_documents",
    METADATA,
    Column("document", String, _document_fk(), primary_key=True),
    Column("position", Integer, nullable=False, unique=True),
    Column("story", String, nullable=False),
    Column("latest", String),
)

# Each document's MinHash LSH band keys: a new document finds its copies by lookup.
story_bands = Table(
    "story_bands",
    METADATA,
    Column("key", String, primary_key=True),
    Column("document", String, _document_fk(), primary_key=True, index=True),
)

# The least story among the documents stored under each band key: what a new document's lookup reads
# (`fuse.duplicates.story_group`), one row a key however many documents share it.
story_keys = Table(
    "story_keys",
    METADATA,
    Column("key", String, primary_key=True),
    Column("story", String, nullable=False),
)

# Every complete event as fusion reads it (reviewed, in the export's shape), indexed by its claim key
# (type, source party, target party: parties by country) and its pair of parties, so the claims or
# register rows of one key are recomputed from that key's events alone.
fusion_events = Table(
    "fusion_events",
    METADATA,
    Column("event", String, _event_fk(), primary_key=True),
    Column("document", String, _document_fk(), nullable=False, index=True),
    Column("position", Integer, nullable=False),  # its document's, for the order events are taken in
    Column("type", String, nullable=False),
    Column("source", String, nullable=False),
    Column("target", String, nullable=False),
    Column("low", String, nullable=False),
    Column("high", String, nullable=False),
    Column("source_actor", String, nullable=False, index=True),
    Column("target_actor", String, nullable=False, index=True),
    Column("record", JSON, nullable=False),
    Column("voice", JSON, nullable=False),  # what a claim shows of it, stored once for every claim
    Index("ix_fusion_events_key", "type", "source", "target", "position", "event"),
)

# The register steps each fusion event makes (`fuse.register.event_steps`), filed when the event is:
# a row is brought up to date from its new steps, and read whole from them in order (`day`,
# `undated`, `phase`, `event`, `item`). `transfer` is the row a step is placed in (a cancellation's
# may change as rows open, or be none); `supplier` and `recipient` its own direction.
register_steps = Table(
    "register_steps",
    METADATA,
    Column("event", String, ForeignKey("fusion_events.event", **_CASCADE), primary_key=True),
    Column("item", Integer, primary_key=True),
    Column("phase", Integer, nullable=False),
    Column("low", String, nullable=False),
    Column("high", String, nullable=False),
    Column("name", String, nullable=False),
    Column("supplier", String, nullable=False),
    Column("recipient", String, nullable=False),
    Column("transfer", String),
    Column("day", String, nullable=False),
    Column("undated", Boolean, nullable=False),
    Column("category", String, nullable=False),
    Column("halts", Boolean, nullable=False),
    Column("maker", String),
    Column("document", String, nullable=False),
    Column("date", String),
    Column("entry", JSON, nullable=False),  # the step as a row's history lists it
    Column("figure", Boolean, nullable=False),  # whether it states numbers or a value (a row's `figures`)
    Index("ix_register_steps_row", "low", "high", "name", "phase"),
    Index("ix_register_steps_history", "transfer", "day", "undated", "phase", "event", "item"),
    Index("ix_register_steps_document", "transfer", "document"),
    Index("ix_register_steps_figures", "transfer", "figure", "day", "undated", "phase", "event", "item"),
)

# Claims, listed by (`rank`, `first_position`, `first`): those with a supporting voice first, each
# by its first event (its document's position, then its id), as one pass over every event makes them.
# A claim keeps what it accepts (`forecast`, `systems`, `categories`, the `when_` range its events
# narrowed) so that a new event is compared with it without reading its events. A lone denial that
# answers no claim is a claim of its own (`denial`, rank 1). A key's claims of one mode are indexed in
# their order: an undated event joins the first of them that accepts it.
claims = Table(
    "claims",
    METADATA,
    Column("id", String, primary_key=True),
    Column("type", String, nullable=False),
    Column("source", String, nullable=False),
    Column("target", String, nullable=False),
    Column("status", String, nullable=False, index=True),
    Column("rank", Integer, nullable=False),
    Column("first_position", Integer, nullable=False),
    Column("first", String, nullable=False),
    Column("forecast", Boolean, nullable=False),
    Column("systems", JSON, nullable=False),
    Column("categories", JSON, nullable=False),
    Column("when_low", String),
    Column("when_high", String),
    Column("independent_stories", Integer, nullable=False),
    Column("supporting_total", Integer, nullable=False),
    Column("signatures", Integer, nullable=False),  # how many denial signatures dispute it by a link (`claim_disputes`)
    Column("summary", JSON, nullable=False),  # `fuse.claims.summarise` of its supporting events
    Column("denial", String, index=True),
    Index("ix_claims_key", "type", "source", "target"),
    Index("ix_claims_order", "rank", "first_position", "first"),  # `first` by code point on PostgreSQL (0013)
    Index("ix_claims_key_order", "type", "source", "target", "forecast", "first_position", "first"),
)

# What each claim is filed under (`fuse.claims.Claim.marks`): a new event of the key looks up the
# claims filed under its own weapons, not every claim of the key; a dated one those filed by a month
# near its dates (`fuse.claims.period`), an undated one the first in the order claims were made.
claim_marks = Table(
    "claim_marks",
    METADATA,
    Column("claim", String, ForeignKey("claims.id", **_CASCADE), primary_key=True),
    Column("mark", String, primary_key=True),
    Column("type", String, nullable=False),
    Column("source", String, nullable=False),
    Column("target", String, nullable=False),
    Column("forecast", Boolean, nullable=False),
    Column("period", String),  # 'YYYY-MM', or null for a claim undated or dated widely
    Column("first_position", Integer, nullable=False),  # the claim's order, as in `claims`
    Column("first", _ORDERED_ID, nullable=False),
    Index("ix_claim_marks_period", "type", "source", "target", "forecast", "mark", "period"),
    # `first` by code point on PostgreSQL: its column's collation, and the index's on a store from before (0014)
    Index("ix_claim_marks_order", "type", "source", "target", "forecast", "mark", "first_position", "first"),
)

# A claim's supporting events, in the order they joined (the voice itself is in `fusion_events`).
claim_voices = Table(
    "claim_voices",
    METADATA,
    Column("claim", String, ForeignKey("claims.id", **_CASCADE), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("event", String, nullable=False, index=True),
)

# The documents of a claim's supporting events (a lone denial's claim: its document).
claim_documents = Table(
    "claim_documents",
    METADATA,
    Column("claim", String, ForeignKey("claims.id", **_CASCADE), primary_key=True),
    Column("document", String, primary_key=True, index=True),
)

# The story groups of a claim's supporting documents: how many independent stories support it.
claim_stories = Table(
    "claim_stories",
    METADATA,
    Column("claim", String, ForeignKey("claims.id", **_CASCADE), primary_key=True),
    Column("story", String, primary_key=True),
)

# Denials of one key that name the same weapons (`fuse.claims.Signature`), with how many claims they
# dispute by a link (`links`; they also dispute the key's claims filed 'quiet') and how many denials
# they hold (`denials_total`).
denial_signatures = Table(
    "denial_signatures",
    METADATA,
    Column("id", String, primary_key=True),
    Column("type", String, nullable=False),
    Column("source", String, nullable=False),
    Column("target", String, nullable=False),
    Column("systems", JSON, nullable=False),
    Column("categories", JSON, nullable=False),
    Column("links", Integer, nullable=False),
    Column("denials_total", Integer, nullable=False),
    Index("ix_denial_signatures_key", "type", "source", "target"),
)

# What each signature is filed under (`fuse.claims.signature_marks`): a claim whose weapons change
# reads the few signatures filed under its marks, not every signature of its key.
signature_marks = Table(
    "signature_marks",
    METADATA,
    Column("signature", String, ForeignKey("denial_signatures.id", **_CASCADE), primary_key=True),
    Column("mark", String, primary_key=True),
    Column("type", String, nullable=False),
    Column("source", String, nullable=False),
    Column("target", String, nullable=False),
    Index("ix_signature_marks_key", "type", "source", "target", "mark"),
)

denials = Table(
    "denials",
    METADATA,
    Column("event", String, primary_key=True),
    Column("signature", String, ForeignKey("denial_signatures.id", **_CASCADE), nullable=False),
    Column("position", Integer, nullable=False),
    Column("document", String, nullable=False, index=True),
    Index("ix_denials_order", "signature", "position", "event"),
)

# Which signatures dispute which claims: one row per claim and signature, however many denials. A claim
# filed under the mark 'quiet' (it names no weapon category: `fuse.claims.answered_by_every`) has no
# rows: every signature of its key disputes it.
claim_disputes = Table(
    "claim_disputes",
    METADATA,
    Column("claim", String, ForeignKey("claims.id", **_CASCADE), primary_key=True),
    Column("signature", String, ForeignKey("denial_signatures.id", **_CASCADE), primary_key=True, index=True),
)

# Register rows as the analyst's reviews have them (a rejected row kept, marked, for the review page),
# keyed like their reviews (`reviews.transfer_key`), listed by (`phase`, `first`, `item`) as one
# pass over every event opens them. A row's whole lists are its steps (`register_steps`).
transfers = Table(
    "transfers",
    METADATA,
    Column("key", String, primary_key=True),
    Column("id", String, nullable=False, index=True),
    Column("low", String, nullable=False),
    Column("high", String, nullable=False),
    Column("supplier", String, nullable=False),
    Column("recipient", String, nullable=False),
    Column("system", String),
    Column("category", String, nullable=False),
    Column("status", String, nullable=False, index=True),
    Column("rejected", Boolean, nullable=False),
    Column("reviewed", Boolean, nullable=False),
    Column("documents_total", Integer, nullable=False),
    Column("phase", Integer, nullable=False),
    Column("first", String, nullable=False),
    Column("item", Integer, nullable=False),
    Column("name", String, nullable=False),  # system, else category
    # The record as a page lists it: each list cut to its first `queries.LISTED_PARTS` items, with
    # `<list>_total`. A busy row's history grows with the store; a page need not read all of it.
    Column("listed", JSON, nullable=False),
    Column("state", JSON, nullable=False),  # `fuse.register.RowState`: what new steps are folded into
    Index("ix_transfers_row", "low", "high", "name"),
    Index("ix_transfers_order", "phase", "first", "item"),  # `first` by code point on PostgreSQL (0013)
)

# The dates of a register row's steps, for the date filter.
transfer_dates = Table(
    "transfer_dates",
    METADATA,
    Column("transfer", String, ForeignKey("transfers.key", **_CASCADE), primary_key=True),
    Column("date", String, primary_key=True),
)
