"""The whole product on a real PostgreSQL server: the same records as on SQLite, idempotent
ingest, and the API's full-text search through PostgreSQL's own text search."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text as sql_text

from dossier.api import create_app
from dossier.pipeline import ingest
from dossier.settings import Settings
from dossier.store import open_store
from dossier.store import fused
from dossier.store import search as full_text
from dossier.store.queries import get_document
from dossier.store.search import search

from support import exported, local_client, postgres_database, sample_paths

SAMPLES = 11


@pytest.fixture(scope="module")
def postgres_store(postgres) -> str:
    with postgres_database(postgres) as url:
        assert ingest(sample_paths(), Settings(db=url)).counts["new"] == SAMPLES
        yield url


@pytest.fixture(scope="module")
def client(postgres_store) -> TestClient:
    return local_client(create_app(postgres_store))


def test_postgresql_holds_the_same_records_as_sqlite(postgres_store, tmp_path):
    sqlite = str(tmp_path / "dossier.db")
    ingest(sample_paths(), Settings(db=sqlite))
    on_postgresql, on_sqlite = exported(postgres_store), exported(sqlite)
    assert on_postgresql["events"] and on_postgresql["claims"] and on_postgresql["transfers"]
    assert on_postgresql == on_sqlite


def test_ingesting_again_changes_nothing(postgres_url):
    assert ingest(sample_paths(), Settings(db=postgres_url)).counts["new"] == SAMPLES
    before = exported(postgres_url)
    again = ingest(sample_paths(), Settings(db=postgres_url)).counts
    assert again["new"] == 0 and again["duplicate"] == SAMPLES
    assert exported(postgres_url) == before


@pytest.mark.parametrize("q, expected", [
    ("S-300", "300"), ("deliveries", "deliver"), ("deliver*", "deliver"), ("Pyongyang", "pyongyang"),
])
def test_search_through_postgresql_text_search(client, q, expected):
    page = client.get("/api/search", params={"q": q}).json()
    assert page["items"] and page["total"] >= len(page["items"])
    for hit in page["items"]:
        text = client.get(f"/api/documents/{hit['document']}").json()["text"]
        assert all(text[m["start"]:m["end"]] == m["text"] for m in hit["matches"])
        assert any(expected in m["text"].lower() for m in hit["matches"])


def test_highlighting_keeps_every_character_of_the_text(postgres_store):
    """ts_headline gives back the whole text with marks: every word is marked where it stands."""
    engine = open_store(postgres_store, readonly=True)
    hits = search(engine, "Russia", limit=None)
    assert hits
    for hit in hits:
        text = get_document(engine, hit["document"])["text"]
        assert hit["matches"] and all(text[m["start"]:m["end"]].lower() == "russia" for m in hit["matches"])
        assert len(hit["matches"]) == len(re.findall(r"\bRussia\b", text, re.IGNORECASE))
    with engine.connect() as conn:
        rows = conn.execute(sql_text(
            "SELECT text, ts_headline('english', text, plainto_tsquery('english', 'Russia'), :options) "
            "FROM documents"), {"options": full_text._HEADLINE_OPTIONS}).all()
    assert rows and all(full_text._unmark(marked)[0] == stored for stored, marked in rows)
    engine.dispose()


def test_read_only_api_refuses_ingest(client):
    response = client.post("/api/ingest", json={"text": "Russia delivered S-400 systems to India in 2021."})
    assert response.status_code == 403


@pytest.mark.parametrize("scheme", ["postgresql", "postgres"])
def test_a_bare_postgresql_url_uses_psycopg(postgres_url, scheme):
    engine = open_store(postgres_url.replace("postgresql+psycopg", scheme, 1))
    assert engine.dialect.driver == "psycopg"
    engine.dispose()


@pytest.mark.parametrize("path", ["/api/documents", "/api/actors", "/api/events", "/api/attributions", "/api/claims",
                                  "/api/transfers"])
def test_next_links_walk_every_record_once_on_postgresql(client, path):
    """Keyset paging compares rows in the database's order (claims' and register rows' ids by code
    point, as listed)."""
    everything = client.get(path, params={"limit": 500}).json()["items"]
    seen, url = [], f"{path}?limit=7"
    while url:
        page = client.get(url).json()
        seen += page["items"]
        url = page["next"]
    assert seen == everything and len(seen) > 7


def test_the_lists_orders_are_indexed_by_code_point(postgres_url):
    """Claims and register rows are listed by event ids compared by code point: their indexes
    compare the same way, or a database of another collation would sort every page whole."""
    engine = open_store(postgres_url)
    with engine.connect() as conn:
        made = dict(conn.execute(sql_text("SELECT indexname, indexdef FROM pg_indexes WHERE indexname IN "
                                          "('ix_claims_order', 'ix_transfers_order')")).all())
    engine.dispose()
    assert made["ix_claims_order"].endswith('(rank, first_position, first COLLATE "C")')
    assert made["ix_transfers_order"].endswith('(phase, first COLLATE "C", item)')


def test_fusion_reads_a_mark_s_claims_in_index_order_in_any_collation(postgres):
    """Fusion reads a mark's claims in the order they were made, `first` by code point, a page past
    the last: in a database sorting by a locale's rules, a store whose `claim_marks.first` was made
    in that collation (before it was declared "C") sorts each page, until migration 0014 makes its
    index compare `first` by code point."""
    with postgres_database(postgres, icu_locale="en-US") as url:
        engine = open_store(url)
        assert not _lookup_sorts(engine)
        with engine.begin() as conn:
            conn.exec_driver_sql('ALTER TABLE claim_marks ALTER COLUMN first TYPE VARCHAR COLLATE "default"')
            conn.exec_driver_sql("DELETE FROM migrations WHERE name = '0014_postgresql_claim_marks_order'")
        assert _lookup_sorts(engine)
        engine.dispose()
        engine = open_store(url)
        assert not _lookup_sorts(engine)
        engine.dispose()


def _lookup_sorts(engine) -> bool:
    """Whether the plan of a mark's first page of claims, or of the page after a claim, sorts (with
    every other way than an index scan turned off, so that an empty table plans as a large one)."""
    marked = {**fused._key_parameters(("AID", "RUS", "IRN")), "forecast": False, "mark": "drones",
              "after_position": 5, "after_first": "d5:e1"}
    with engine.connect() as conn:
        for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
            conn.exec_driver_sql(f"SET {setting} = off")
        plans = []
        for stmt in fused._pages(conn):
            compiled = stmt.compile(conn)
            plans += conn.exec_driver_sql(f"EXPLAIN {compiled}", {**compiled.params, **marked}).scalars()
    return any("Sort" in line for line in plans)
