"""Hand-built analyses for the store tests: an invented article about two states and a third."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import Engine

from dossier.records import (
    Actor,
    Analysis,
    Attribution,
    Cue,
    DateValue,
    Document,
    Event,
    EventAttribution,
    Evidence,
    Location,
    Mention,
    Money,
    Quantity,
    Span,
    Weapon,
)
from dossier.store import open_store

TEXT = (
    "Iran delivered 12 Falcon-7 drones to Russia in August 2024, according to a US official. "
    "The shipment was worth $50 million, it was reported. "
    "Tehran rejected the claim at a briefing in Vienna."
)


def span(text: str, part: str, after: int = 0) -> Span:
    start = text.index(part, after)
    return Span(start, start + len(part), part)


def sentence_of(text: str, part: str) -> Evidence:
    """Evidence for the sentence holding `part` (sentences end with '. ')."""
    at = text.index(part)
    start = text.rfind(". ", 0, at)
    start = 0 if start < 0 else start + 2
    end = text.index(".", at) + 1
    return Evidence("", start, end, text[start:end])


def make_analysis(doc_id: str = "d1", suffix: str = "", **document: str | None) -> Analysis:
    """One analysis of TEXT (+ suffix, to vary the hash); ids are prefixed with the document id."""
    text = TEXT + suffix
    doc = Document(
        id=doc_id, text=text, sha256=hashlib.sha256(text.encode()).hexdigest(),
        title="Drones for Russia", outlet="Example Wire", url=f"https://example.org/{doc_id}",
        published="2024-09-02", language="en", origin=f"inbox/{doc_id}.txt",
    )
    for key, value in document.items():
        setattr(doc, key, value)
    actors = [
        Actor("IRN", "Iran", "state", "IRN", aliases=["Tehran", "Islamic Republic"]),
        Actor("RUS", "Russia", "state", "RUS", aliases=["Moscow"]),
        Actor("USA", "United States", "state", "USA", aliases=["US"]),
    ]
    mentions = [
        Mention(doc_id, *_where(text, "Iran"), "IRN"),
        Mention(doc_id, *_where(text, "Russia"), "RUS"),
        Mention(doc_id, *_where(text, "Tehran"), "IRN"),
    ]
    attributions = [
        Attribution(f"{doc_id}-a1", doc_id, span(text, "a US official"), span(text, "according to"),
                    span(text, "Iran delivered 12 Falcon-7 drones to Russia in August 2024"),
                    "USA", "government"),
        Attribution(f"{doc_id}-a2", doc_id, None, span(text, "it was reported"),
                    span(text, "The shipment was worth $50 million"), None, "anonymous"),
    ]
    delivery_evidence = sentence_of(text, "delivered")
    delivery_evidence.document = doc_id
    rejection_evidence = sentence_of(text, "rejected")
    rejection_evidence.document = doc_id
    events = [
        Event(
            id=f"{doc_id}-e1", type="AID", mode="military", source="IRN", target="RUS",
            trigger=span(text, "delivered"), context=["transfer"],
            date=DateValue("2024-08", "2024-08", "in August 2024"),
            weapons=[Weapon("Falcon-7", "drones", "Falcon-7 drones", *_where(text, "Falcon-7 drones")[:2])],
            quantity=Quantity(12, 12, "12"), value=Money(50_000_000, "USD", "$50 million"),
            factuality="reported",
            attributions=[EventAttribution("USA", "a US official", "government", "according to", None)],
            evidence=[delivery_evidence],
        ),
        Event(
            id=f"{doc_id}-e2", type="REJECT", mode=None, source="IRN", target=None,
            trigger=span(text, "rejected"), others=["USA"], location=Location("Vienna", "AUT"),
            factuality="asserted", evidence=[rejection_evidence],
        ),
    ]
    cues = [Cue(doc_id, *_where(text, "rejected"), "denial")]
    return Analysis(doc, actors, mentions, attributions, events, cues)


def _where(text: str, part: str) -> tuple[int, int, str]:
    s = span(text, part)
    return s.start, s.end, s.text


@pytest.fixture
def db_path(tmp_path) -> str:
    return str(tmp_path / "store.db")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, db_path: str) -> str:
    """Every store test runs on both backends: a SQLite file, and a database on a real PostgreSQL."""
    return request.getfixturevalue("postgres_url") if request.param == "postgresql" else db_path


@pytest.fixture
def engine(store_url: str) -> Iterator[Engine]:
    engine = open_store(store_url)
    yield engine
    engine.dispose()


@pytest.fixture(name="make_analysis")
def make_analysis_fixture() -> Callable[..., Analysis]:
    return make_analysis
