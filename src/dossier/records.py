"""Every record type that flows through the pipeline, in one place.

Stages pass these plain dataclasses to each other; only the store and the exporters know how they
are persisted or serialised. Offsets are character offsets into `Document.text`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

EVENT_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
FACTUALITY = ("asserted", "reported", "alleged", "denied", "expected", "speculated", "requested")
SPEAKER_KINDS = ("named", "anonymous", "government", "state_media", "outlet", "analyst")
ACTOR_KINDS = ("state", "organization", "person", "group")
CUE_KINDS = ("hedge", "denial", "allegation", "forecast", "request")
CLAIM_STATUSES = ("corroborated", "single_source", "disputed")
# A transfer's steps in the order a deal moves; a row's status is the furthest, or one of the others.
TRANSFER_LIFECYCLE = ("requested", "offered", "negotiating", "agreed", "ordered", "delivering", "delivered")
TRANSFER_STATUSES = (*TRANSFER_LIFECYCLE, "alleged", "denied", "cancelled")
# Stems of the words that stop or undo a transfer ('urged Washington to cancel the sale'): no step towards it.
UNDOING_STEMS = ("cancel", "halt", "stop", "suspend", "scrap", "block", "freeze", "revoke", "reverse",
                 "abandon", "drop", "end", "terminate", "annul", "veto")
WEAPON_CATEGORIES = (
    "aircraft", "air defence", "missiles", "drones", "armoured vehicles", "artillery", "ships",
    "electronic warfare", "sensors", "engines", "small arms", "other",
)


@dataclass(slots=True)
class Document:
    """One article as read from its source, before analysis."""

    id: str
    text: str
    sha256: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date or datetime, anchors relative dates
    language: str | None = None
    origin: str | None = None  # the file (and line or entry) it came from


@dataclass(slots=True, frozen=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Actor:
    """A state, organisation, armed group or person, with a stable id."""

    id: str
    name: str
    kind: str
    country: str | None = None
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    wikidata: str | None = None  # from the shipped tables, never fetched


@dataclass(slots=True)
class Mention:
    """A stretch of text that names an actor."""

    document: str
    start: int
    end: int
    text: str
    actor: str


@dataclass(slots=True)
class Attribution:
    """Who said what: the source, the cue ('said', 'according to') and the content."""

    id: str
    document: str
    source: Span | None
    cue: Span
    content: Span
    speaker: str | None  # actor id where the source resolves to one
    speaker_kind: str


@dataclass(slots=True)
class Weapon:
    system: str | None  # catalogue designation, None for a generic phrase
    category: str
    text: str
    start: int | None = None  # where the phrase stands in the text, when known
    end: int | None = None


@dataclass(slots=True)
class Cue:
    """A word that set an event's factuality: a hedge ('reportedly') or a governing verb ('denies').

    `kind` is one of CUE_KINDS.
    """

    document: str
    start: int
    end: int
    text: str
    kind: str


@dataclass(slots=True)
class Quantity:
    min: float | None
    max: float | None
    text: str


@dataclass(slots=True)
class Money:
    amount: float
    currency: str
    text: str


@dataclass(slots=True)
class DateValue:
    start: str | None  # ISO at the precision the text supports: 2024-08-05, 2024-09, 2016
    end: str | None
    text: str


@dataclass(slots=True)
class Location:
    name: str
    country: str | None


@dataclass(slots=True)
class EventAttribution:
    speaker: str | None
    speaker_text: str | None
    speaker_kind: str
    cue: str
    outlet: str | None


@dataclass(slots=True)
class Evidence:
    document: str
    start: int
    end: int
    sentence: str


@dataclass(slots=True)
class Event:
    """One PLOVER event with its arguments, certainty and evidence."""

    id: str
    type: str
    mode: str | None
    source: str | None
    target: str | None
    trigger: Span
    others: list[str] = field(default_factory=list)
    context: list[str] = field(default_factory=list)
    date: DateValue | None = None
    location: Location | None = None
    weapons: list[Weapon] = field(default_factory=list)
    quantity: Quantity | None = None
    value: Money | None = None
    factuality: str = "asserted"
    attributions: list[EventAttribution] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def incomplete(self) -> bool:
        """No source or no target was found: the event keeps its evidence but never feeds the
        register, the claims or the actor network, where a missing party would read as a fact."""
        return self.source is None or self.target is None


@dataclass(slots=True)
class Analysis:
    """Everything the pipeline found in one document: what the store writes in one go."""

    document: Document
    actors: list[Actor]
    mentions: list[Mention]
    attributions: list[Attribution]
    events: list[Event]
    cues: list[Cue] = field(default_factory=list)


@dataclass(slots=True)
class Outcome:
    """What happened to one input item: `new`, `duplicate`, `skipped` or `failed`, and why."""

    origin: str
    status: str
    reason: str | None = None
    document: str | None = None
    events: int = 0


@dataclass(slots=True, frozen=True)
class UrlState:
    """What `dossier watch` remembers of a URL: the validators for its next conditional request,
    when it was last polled and last fetched whole, and its run of failures (for backoff)."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    checked_at: datetime | None = None
    fetched_at: datetime | None = None
    error: str | None = None
    failures: int = 0
    retry_at: datetime | None = None
