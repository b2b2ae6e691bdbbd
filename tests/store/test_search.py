"""Full-text search, on both backends: SQLite's FTS5 table and PostgreSQL's tsvector index."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from dossier.store.migrations import DOCUMENT_VECTOR
from dossier.store.queries import get_document
from dossier.store.search import count_search, search

from support import store_analyses

# (query, documents found, a match in the text starts with this, ignoring case; None: no text match)
CASES = [
    ("delivered", ["d1", "d2"], "delivered"),
    ("drone", ["d1", "d2"], "drones"),           # stemmed: one form finds another
    ("rejects", ["d1", "d2"], "rejected"),
    ("Fal*", ["d1", "d2"], "fal"),               # a prefix
    ("Vienna briefing", ["d1", "d2"], "vienna"),  # every word, in any order
    ("Cairo", ["d2"], "cairo"),
    ("Cairo rejected", ["d2"], "cairo"),
    ("Vienna zzzqqq", [], None),                 # ... and all of them are required
]


@pytest.fixture
def stored(engine, make_analysis):
    second = make_analysis("d2", " Cairo was told of the shipment.", title="A note from Cairo")
    store_analyses(engine, make_analysis("d1"), second)
    return engine


@pytest.mark.parametrize("q, found, match", CASES)
def test_search_finds_words_and_their_offsets(stored, q, found, match):
    hits = search(stored, q, limit=None)
    assert sorted(hit["document"] for hit in hits) == found
    assert count_search(stored, q) == len(found)
    for hit in hits:
        text_ = get_document(stored, hit["document"])["text"]
        assert hit["matches"] and all(text_[m["start"]:m["end"]] == m["text"] for m in hit["matches"])
        assert any(m["text"].lower().startswith(match) for m in hit["matches"])
        snippet = hit["snippet"]
        assert text_[snippet["start"]:snippet["end"]] == snippet["text"]


def test_search_marks_title_matches_and_the_events_behind_them(stored):
    hits = {hit["document"]: hit for hit in search(stored, "rejected Russia")}
    assert hits["d1"]["title_matches"] == [{"start": 11, "end": 17}]  # 'Drones for Russia'
    assert hits["d2"]["title_matches"] == []
    assert set(hits["d1"]["events"]) == {"d1-e1", "d1-e2"}  # each sentence holds one of the words


def test_search_pages(stored):
    first, second = search(stored, "shipment", limit=1), search(stored, "shipment", limit=1, offset=1)
    assert len(first) == len(second) == 1 and first[0]["document"] != second[0]["document"]


@pytest.mark.parametrize("q", ['"', "AND OR NOT", "NEAR(", "*", "a\\b*", "it's*", "o'neil", "x:*", "!(&|)"])
def test_odd_queries_never_fail(stored, q):
    assert count_search(stored, q) == len(search(stored, q, limit=None))


def test_postgresql_search_uses_its_index(stored, store_url):
    """The query spells the indexed expression exactly, so the planner can use the GIN index."""
    if not store_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only")
    with stored.connect() as conn:
        conn.execute(text("SET enable_seqscan = off"))
        plan = "\n".join(conn.execute(text(
            f"EXPLAIN SELECT id FROM documents WHERE {DOCUMENT_VECTOR} @@ plainto_tsquery('english', 'drone')"
        )).scalars())
    assert "documents_full_text" in plan
