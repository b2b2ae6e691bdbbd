"""The HTTP API against the real app on a store filled with the bundled samples."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient

from dossier.api import MAX_LIMIT, MAX_PAGE_OFFSET, common, create_app
from dossier.pipeline import ingest
from dossier import records
from dossier.records import EVENT_TYPES
from dossier.settings import Settings
from dossier.store import open_store, queries

from support import local_client, retold_store, sample_paths

TOKEN = "test-token-0123456789"

ARTICLE = ("Iran delivered Shahed drones to Russia in August 2024, a US official said on Tuesday. "
           "The Kremlin denied receiving any drones from Tehran.")
HOSTILE = ARTICLE + ' <script>alert("x")</script> <img src=x onerror=alert(1)>'


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("api") / "dossier.db")
    assert ingest(sample_paths(), Settings(db=path)).counts["new"] == 11
    return path


@pytest.fixture(scope="module")
def client(db) -> TestClient:
    return local_client(create_app(db))


@pytest.fixture
def fresh(tmp_path) -> TestClient:
    """A writable app on an empty store of its own, called with its token."""
    return local_client(create_app(str(tmp_path / "fresh.db"), ingest_token=TOKEN), TOKEN)


@pytest.mark.parametrize("path, keys", [
    ("/api/documents", {"id", "title", "outlet", "url", "published", "language", "sha256", "chars"}),
    ("/api/actors", {"id", "name", "kind", "country", "aliases", "roles"}),
    ("/api/events", {"id", "type", "mode", "source", "target", "others", "date", "location", "weapons",
                     "quantity", "value", "factuality", "attributions", "evidence"}),
    ("/api/attributions", {"id", "document", "source", "cue", "content", "speaker", "speaker_kind"}),
    ("/api/claims", {"id", "events", "status", "documents", "supporting", "disputing"}),
    ("/api/transfers", {"id", "supplier", "recipient", "system", "category", "number", "value", "ordered",
                        "delivered", "status", "events", "documents"}),
])
def test_lists_are_pages_in_the_export_shape(client, path, keys):
    page = client.get(path).json()
    assert set(page) == {"items", "total", "total_exact", "next"}
    assert page["items"] and keys <= set(page["items"][0])
    assert page["total"] >= len(page["items"]) and page["total_exact"] is True


@pytest.mark.parametrize("path", ["/api/events", "/api/documents", "/api/claims", "/api/search?q=said"])
def test_counts_stop_past_the_page_and_say_so(client, path, monkeypatch):
    """A page counts no further than COUNT_AHEAD records past itself (a store of a million events
    pages as fast as a small one); a total that reaches it is a lower bound, and paging goes on."""
    joiner = "&" if "?" in path else "?"
    everything = client.get(f"{path}{joiner}limit={MAX_LIMIT}").json()
    assert everything["total"] > 4
    monkeypatch.setattr(common, "COUNT_AHEAD", 2)
    first = client.get(f"{path}{joiner}limit=1").json()
    assert (first["total"], first["total_exact"]) == (3, False) and first["next"]
    seen, url = [], f"{path}{joiner}limit=1"
    while url:
        page = client.get(url).json()
        seen += page["items"]
        url = page["next"]
    assert seen == everything["items"]
    if "after=" in (first["next"] or ""):  # pages after the first start past a record, not at an offset
        assert page["total"] == 3 and page["total_exact"] is False
    else:
        assert page["total_exact"] is True and page["total"] == everything["total"]


RECORD_LISTS = ["/api/documents", "/api/actors", "/api/events", "/api/attributions", "/api/claims", "/api/transfers"]


@pytest.mark.parametrize("path", RECORD_LISTS)
def test_next_links_start_past_the_last_record(client, path):
    """The lists of records page by keyset: `next` names the last record shown, so a deep page
    costs an index seek, not a walk over every record before it. An offset still works."""
    everything = client.get(path, params={"limit": MAX_LIMIT}).json()["items"]
    first = client.get(path, params={"limit": 5, "offset": 3}).json()
    assert first["items"] == everything[3:8] and "after=" in first["next"] and "offset" not in first["next"]
    assert client.get(first["next"]).json()["items"] == everything[8:13]
    assert client.get(path, params={"after": "not a cursor"}).status_code == 422
    wrong_length = client.get(path, params={"after": "WyJ4IiwxLDIsM10"})  # ["x", 1, 2, 3]: no list has four
    assert wrong_length.status_code == 422 and "after must hold" in wrong_length.json()["detail"]


@pytest.mark.parametrize("path", [*RECORD_LISTS, "/api/events?type=AID", "/api/attributions?type=government",
                                  "/api/claims?status=disputed", "/api/transfers?actor=Russia"])
def test_paging_walks_every_record_once(client, path):
    """Following `next` from the first page lists every record once, in the order of one big
    page, every link past a record (`after`) and none at an offset, filters kept."""
    joiner = "&" if "?" in path else "?"
    everything = client.get(f"{path}{joiner}limit={MAX_LIMIT}").json()
    assert everything["next"] is None and everything["total"] == len(everything["items"]) > 3
    seen, url = [], f"{path}{joiner}limit=3"
    while url:
        page = client.get(url).json()
        assert page["total"] == everything["total"] and len(page["items"]) <= 3
        seen += page["items"]
        url = page["next"]
        assert url is None or ("after=" in url and "offset=" not in url and path.partition("?")[2] in url)
    assert seen == everything["items"]


@pytest.mark.parametrize("path", [*RECORD_LISTS, "/api/search?q=iran", "/api/review/queue", "/api/reviews"])
def test_offsets_past_the_deepest_are_refused_naming_the_way_on(client, path):
    """An offset steps over every record before it: past MAX_PAGE_OFFSET it is a 422 that says
    to follow `next` links instead."""
    joiner = "&" if "?" in path else "?"
    assert client.get(f"{path}{joiner}offset={MAX_PAGE_OFFSET}").status_code == 200
    refused = client.get(f"{path}{joiner}offset={MAX_PAGE_OFFSET + 1}")
    assert refused.status_code == 422
    assert f"past {MAX_PAGE_OFFSET}" in refused.json()["detail"] and "`next`" in refused.json()["detail"]


def test_next_links_by_offset_stop_at_the_deepest_offset_and_by_keyset_go_on(client, monkeypatch):
    """Search pages by offset (hits are ranked as a whole): its `next` links stop where an offset
    would be refused. The lists of records page past it."""
    hits = client.get("/api/search", params={"q": "said", "limit": MAX_LIMIT}).json()["items"]
    documents = client.get("/api/documents", params={"limit": MAX_LIMIT}).json()["items"]
    assert len(hits) > 6 and len(documents) > 6
    monkeypatch.setattr(common, "MAX_PAGE_OFFSET", 4)
    for path, whole in (("/api/search?q=said&limit=2", hits[:6]), ("/api/documents?limit=2", documents)):
        seen, url = [], path
        while url:
            page = client.get(url).json()
            seen += page["items"]
            url = page["next"]
        assert seen == whole


def test_the_exports_walks_hold_every_record_of_the_lists(db, monkeypatch):
    """The exports read a chunk at a time, each past the last row of the one before: across chunks
    of two they hold what the lists hold, in the same order."""
    by_id = {"key": lambda event: event["id"]}  # filtered events are read in the order of their ids
    engine = open_store(db, readonly=True)
    whole = {"claims": queries.list_claims(engine), "transfers": queries.list_transfers(engine),
             "events": sorted(queries.list_events(engine, type="AID"), **by_id),
             "documents": queries.list_documents(engine)}
    monkeypatch.setattr(queries, "CHUNK", 2)
    with engine.connect() as conn:
        walked = {"claims": list(queries.iter_claims(conn)), "transfers": list(queries.iter_transfers(conn)),
                  "events": list(queries.iter_events(conn, type="AID")),
                  "documents": list(queries.iter_documents(conn))}
    engine.dispose()
    assert walked["events"] == sorted(walked["events"], **by_id)
    assert walked == whole and all(len(records) > 4 for records in whole.values())


def test_country_filter_keeps_events_with_a_party_of_that_country(client):
    """A party of the country: the state itself, or a person or body of it ('Iran Air')."""
    countries = {a["id"]: a["country"] for a in client.get("/api/actors", params={"limit": MAX_LIMIT}).json()["items"]}
    page = client.get("/api/events", params={"country": "irn", "limit": MAX_LIMIT}).json()
    assert page["items"] and page["total"] == len(page["items"])
    assert all("IRN" in {countries.get(e["source"]), countries.get(e["target"])} for e in page["items"])
    assert any("IRN" in {e["source"], e["target"]} for e in page["items"])


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": MAX_LIMIT + 1}, {"offset": -1}])
def test_paging_bounds(client, params):
    assert client.get("/api/events", params=params).status_code == 422


@pytest.mark.parametrize("params, check", [
    ({"type": "aid"}, lambda e: e["type"] == "AID"),
    ({"factuality": "denied"}, lambda e: e["factuality"] == "denied"),
    ({"actor": "Tehran"}, lambda e: "IRN" in {e["source"], e["target"], *e["others"]}),
    ({"weapon": "air defence"}, lambda e: "air defence" in {w["category"] for w in e["weapons"]}),
    ({"weapon": "S-300"}, lambda e: "S-300" in {w["system"] for w in e["weapons"]}),
    ({"date_from": "2016", "date_to": "2016"}, lambda e: e["date"]["start"][:4] <= "2016"),
    ({"q": "s-300"}, lambda e: any("s-300" in x["sentence"].lower() for x in e["evidence"])),
    ({"year": "2016"}, lambda e: e["date"]["start"].startswith("2016")),
])
def test_event_filters(client, params, check):
    page = client.get("/api/events", params={**params, "limit": MAX_LIMIT}).json()
    assert page["items"] and page["total"] == len(page["items"])
    assert all(check(event) for event in page["items"])
    assert page["total"] < client.get("/api/events").json()["total"]


@pytest.mark.parametrize("params", [{"actor": "Atlantis"}, {"q": "zzzqqq"}, {"date_from": "1900", "date_to": "1900-12"}])
def test_event_filters_that_match_nothing(client, params):
    assert client.get("/api/events", params=params).json() == {"items": [], "total": 0, "total_exact": True, "next": None}


@pytest.mark.parametrize("path, params, named", [
    ("/api/events", {"type": "NOT-A-TYPE"}, "ASSAULT"),
    ("/api/events", {"factuality": "rumoured"}, "speculated"),
    ("/api/events", {"date_from": "zzzz"}, "YYYY-MM-DD"),
    ("/api/events", {"date_to": "' OR 1=1 --"}, "YYYY-MM-DD"),
    ("/api/events", {"date_from": "2024-02-30"}, "YYYY-MM-DD"),
    ("/api/events", {"year": "16"}, "YYYY"),
    ("/api/events", {"country": "Iran"}, "alpha-3"),
    ("/api/events/facets", {"type": "HUG"}, "ASSAULT"),
    ("/api/events/months", {"factuality": "rumoured"}, "speculated"),
    ("/api/documents", {"date_to": "yesterday"}, "YYYY-MM-DD"),
    ("/api/actors", {"kind": "robot"}, "organization"),
    ("/api/actors", {"country": "Iran"}, "alpha-3"),
    ("/api/attributions", {"type": "oracle"}, "state_media"),
    ("/api/claims", {"status": "maybe"}, "single_source"),
    ("/api/claims", {"type": "HUG"}, "ASSAULT"),
    ("/api/transfers", {"status": "shipped"}, "delivering"),
    ("/api/transfers", {"date_from": "20245"}, "YYYY-MM-DD"),
])
def test_unknown_filter_values_are_a_422_naming_the_accepted_ones(client, path, params, named):
    response = client.get(path, params=params)
    assert response.status_code == 422 and named in str(response.json()["detail"])


@pytest.mark.parametrize("path", ["/api/events", "/api/documents", "/api/actors", "/api/attributions",
                                  "/api/claims", "/api/transfers", "/api/search?q=iran"])
@pytest.mark.parametrize("offset", [2**63, 2**64 + 5, -1])
def test_offsets_out_of_range_are_a_422_never_a_500(client, path, offset):
    joiner = "&" if "?" in path else "?"
    assert client.get(f"{path}{joiner}offset={offset}").status_code == 422


def test_filter_values_are_read_in_any_case(client):
    assert client.get("/api/events", params={"type": "aid", "factuality": "REPORTED"}).json()["total"] > 0
    assert client.get("/api/transfers", params={"status": "Delivered"}).json()["total"] > 0


@pytest.mark.parametrize("path, params, check", [
    ("/api/actors", {"kind": "state", "q": "iran"}, lambda a: a["id"] == "IRN"),
    ("/api/documents", {"actor": "Iran", "date_from": "2016-10", "date_to": "2016-10"},
     lambda d: d["published"].startswith("2016-10")),
    ("/api/attributions", {"type": "government"}, lambda a: a["speaker_kind"] == "government"),
    ("/api/claims", {"status": "disputed"}, lambda c: c["status"] == "disputed" and c["disputing"]),
    ("/api/transfers", {"actor": "Russia", "weapon": "S-300"},
     lambda t: "RUS" in {t["supplier"], t["recipient"]} and t["system"] == "S-300"),
    ("/api/transfers", {"status": "delivered"}, lambda t: t["status"] == "delivered"),
])
def test_other_filters(client, path, params, check):
    page = client.get(path, params={**params, "limit": MAX_LIMIT}).json()
    assert page["items"] and page["total"] == len(page["items"])
    assert all(check(item) for item in page["items"])


def test_document_with_text_and_spans(client):
    event = client.get("/api/events", params={"limit": 1}).json()["items"][0]
    document = client.get(f"/api/documents/{event['document']}").json()
    text = document["text"]
    assert len(text) == document["chars"] and document["mentions"] and document["events"]
    for mention in document["mentions"]:
        assert text[mention["start"]:mention["end"]] == mention["text"]
    for evidence in event["evidence"]:
        assert text[evidence["start"]:evidence["end"]] == evidence["sentence"]


@pytest.mark.parametrize("document_id", ["nope", "a/b", "%3Cscript%3E"])
def test_unknown_document_is_a_json_404(client, document_id):
    response = client.get(f"/api/documents/{document_id}")
    assert response.status_code == 404
    assert "no document" in response.json()["detail"]


@pytest.mark.parametrize("q, expected", [
    ("S-300", "s-300"), ("s-300 deliveries", "s-300"), ("deliver*", "deliver"),
])
def test_search_hits_with_offsets(client, q, expected):
    page = client.get("/api/search", params={"q": q}).json()
    assert page["items"] and page["total"] >= len(page["items"])
    for hit in page["items"]:
        text = client.get(f"/api/documents/{hit['document']}").json()["text"]
        assert hit["matches"]
        for match in hit["matches"]:
            assert text[match["start"]:match["end"]] == match["text"]
        assert any(expected in m["text"].lower() for m in hit["matches"])
        snippet = hit["snippet"]
        assert text[snippet["start"]:snippet["end"]] == snippet["text"]  # offsets, never markup


def test_search_finds_the_events_whose_evidence_matches(client):
    hit = client.get("/api/search", params={"q": "S-300"}).json()["items"][0]
    assert hit["events"]
    events = client.get("/api/events", params={"document": hit["document"], "limit": MAX_LIMIT}).json()["items"]
    sentences = {e["id"]: " ".join(x["sentence"] for x in e["evidence"]) for e in events}
    assert all("S-300" in sentences[event_id] for event_id in hit["events"])


@pytest.mark.parametrize("q", ['"', "AND OR NOT", "NEAR(", "*", "zzzqqq", "drones AND"])
def test_search_never_fails_on_odd_queries(client, q):
    response = client.get("/api/search", params={"q": q})
    assert response.status_code == 200, response.text
    assert set(response.json()) == {"items", "total", "total_exact", "next"}


def test_search_needs_a_query(client):
    assert client.get("/api/search").status_code == 422


def test_export_json(client):
    data = json.loads(client.get("/api/export/json").content)
    assert data["schema"] == "dossier/1" and data["events"] and data["claims"] and data["transfers"]


def test_export_csv(client):
    response = client.get("/api/export/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert response.headers["content-type"].startswith("text/csv")
    assert rows and {"type", "source", "target", "factuality"} <= set(rows[0])


def test_export_parquet(client):
    table = pq.read_table(io.BytesIO(client.get("/api/export/parquet").content))
    total = client.get("/api/events").json()["total"]
    assert table.num_rows == total
    rows = table.to_pylist()
    assert {row["type"] for row in rows} <= set(EVENT_TYPES)
    assert any("S-300" in row["weapon_systems"] for row in rows)


def test_export_graphml(client):
    graph = nx.read_graphml(io.BytesIO(client.get("/api/export/graphml").content))
    assert graph.nodes["IRN"]["name"] == "Iran" and graph.nodes["RUS"]["kind"] == "state"
    edges = list(graph.edges(data=True))
    assert edges and all(data["type"] in EVENT_TYPES and data["weight"] >= 1 for _, _, data in edges)
    aid = [data for source, target, data in edges if (source, target) == ("RUS", "IRN") and data["type"] == "AID"]
    assert aid and aid[0]["weight"] >= 2


def test_export_plover_jsonl(client):
    lines = client.get("/api/export/plover.jsonl").text.splitlines()
    assert len(lines) == client.get("/api/events").json()["total"]
    for line in lines:
        event = json.loads(line)
        assert {"id", "event", "mode", "context", "actor", "recipient", "text_info", "cite_info"} <= set(event)
        assert event["event"] in EVENT_TYPES
        assert {"document", "outlet", "url", "published"} <= set(event["cite_info"])
        assert all(0 <= x["start"] < x["end"] for x in event["text_info"]["evidence"])


def test_openapi_documents_every_route(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/documents", "/api/documents/{document_id}", "/api/events", "/api/search",
                 "/api/export/parquet", "/api/export/plover.jsonl", "/api/ingest", "/api/events/facets",
                 "/api/events/months", "/api/vocabulary", "/api/claims/part", "/api/transfers/part"):
        assert path in spec["paths"]
    assert spec["info"]["title"] == "dossier" and spec["info"]["description"]
    assert "multipart/form-data" in spec["paths"]["/api/ingest"]["post"]["requestBody"]["content"]


def test_read_only_app_refuses_ingest(client):
    response = client.post("/api/ingest", json={"text": ARTICLE})
    assert response.status_code == 403 and "read-only" in response.json()["detail"]


def test_ingest_json_then_again_is_a_no_op(fresh):
    first = fresh.post("/api/ingest", json={"text": ARTICLE, "title": "Drones", "outlet": "Example Wire",
                                            "published": "2024-09-03", "url": "https://example.org/a"})
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["counts"] == {"new": 1} and body["events"]
    assert any(e["type"] == "AID" and e["source"] == "IRN" for e in body["events"])
    document = body["outcomes"][0]["document"]
    again = fresh.post("/api/ingest", json={"text": ARTICLE}).json()
    assert again["counts"] == {"duplicate": 1} and again["outcomes"][0]["document"] == document
    assert fresh.get("/api/documents").json()["total"] == 1
    stored = fresh.get(f"/api/documents/{document}").json()
    assert (stored["title"], stored["outlet"], stored["published"]) == ("Drones", "Example Wire", "2024-09-03")


def test_ingest_file_upload_then_again_is_a_no_op(fresh):
    sample = next(p for p in sample_paths() if p.suffix == ".txt")
    upload = {"file": (sample.name, sample.read_bytes(), "text/plain")}
    first = fresh.post("/api/ingest", files=upload).json()
    assert first["counts"] == {"new": 1} and first["events"]
    assert first["outcomes"][0]["origin"] == f"upload: {sample.name}"
    again = fresh.post("/api/ingest", files=upload).json()
    assert again["counts"] == {"duplicate": 1}
    assert fresh.get("/api/documents").json()["total"] == 1


@pytest.mark.parametrize("request_kwargs, status", [
    ({"json": {"title": "no text"}}, 422),
    ({"content": b"not json", "headers": {"content-type": "application/json"}}, 422),
    ({"files": {"other": ("a.txt", b"x")}}, 422),
])
def test_ingest_bad_requests(fresh, request_kwargs, status):
    assert fresh.post("/api/ingest", **request_kwargs).status_code == status


@pytest.mark.parametrize("payload, reason", [
    ({"text": "   "}, "empty"),
    ({"text": "Too short."}, "too short"),
])
def test_ingest_reports_skipped_articles(fresh, payload, reason):
    body = fresh.post("/api/ingest", json=payload).json()
    assert body["counts"] == {"skipped": 1} and reason in body["outcomes"][0]["reason"]


def test_ingest_refuses_unsupported_uploads(fresh):
    body = fresh.post("/api/ingest", files={"file": ("notes.pdf", b"%PDF-1.4")}).json()
    assert body["counts"] == {"skipped": 1} and "unsupported" in body["outcomes"][0]["reason"]


def test_hostile_text_is_stored_and_returned_as_data(fresh):
    body = fresh.post("/api/ingest", json={"text": HOSTILE, "title": "<b>Drones</b>"}).json()
    document = fresh.get(f"/api/documents/{body['outcomes'][0]['document']}")
    assert document.headers["content-type"] == "application/json"
    assert '<script>alert("x")</script>' in document.json()["text"]
    assert document.json()["title"] == "<b>Drones</b>"
    hit = fresh.get("/api/search", params={"q": "script"}).json()["items"][0]
    assert hit["matches"][0]["text"] == "script"


def test_ingest_of_a_date_at_the_end_of_the_calendar_is_stored_not_a_500(fresh):
    response = fresh.post("/api/ingest", json={"text": "Russia delivered S-300 systems to Iran yesterday.",
                                               "published": "0001-01-01"})
    assert response.status_code == 200, response.text
    assert response.json()["counts"] == {"new": 1}


def test_events_say_whether_they_are_incomplete(fresh):
    text = ("Russia delivered S-300 systems to Iran in 2016. Belarus denied a report that it had sent two "
            "Iskander-M launchers to Russia.")
    assert fresh.post("/api/ingest", json={"text": text, "published": "2024-10-11"}).status_code == 200
    events = fresh.get("/api/events", params={"limit": 500}).json()["items"]
    assert events and all(e["incomplete"] == (e["source"] is None or e["target"] is None) for e in events)
    incomplete = {e["id"] for e in events if e["incomplete"]}
    claimed = {i for c in fresh.get("/api/claims", params={"limit": 500}).json()["items"] for i in c["events"]}
    assert incomplete and not incomplete & claimed


@pytest.fixture(scope="module")
def retold(tmp_path_factory) -> TestClient:
    """A store where one delivery is told by twelve reports: a claim with twelve voices, a register
    row with twelve steps."""
    db = retold_store(tmp_path_factory.mktemp("retold"))
    return local_client(create_app(db))


def test_listed_claims_and_rows_cut_their_inner_lists_and_count_them(retold):
    claim = retold.get("/api/claims").json()["items"][0]
    assert len(claim["supporting"]) == 10 and claim["supporting_total"] == 12
    assert len(claim["documents"]) == 10 and claim["documents_total"] == 12
    row = next(t for t in retold.get("/api/transfers").json()["items"] if t["system"] == "S-400")
    assert len(row["history"]) == 10 and row["history_total"] == 12


@pytest.mark.parametrize("kind, part", [("claims", "supporting"), ("claims", "documents"), ("transfers", "history")])
def test_one_inner_list_is_paged_apart(retold, kind, part):
    record = retold.get(f"/api/{kind}").json()["items"][0]
    page = retold.get(f"/api/{kind}/part", params={"id": record["id"], "part": part, "limit": 5}).json()
    assert page["total"] == 12 and len(page["items"]) == 5
    paged = page["items"]
    while page["next"]:
        page = retold.get(page["next"].replace("http://localhost", "")).json()
        paged += page["items"]
    whole = retold.get(f"/api/{kind}/part", params={"id": record["id"], "part": part, "limit": 12}).json()
    assert paged == whole["items"] and len(paged) == 12 and paged[:10] == record[part]


def test_an_unknown_record_or_list_is_an_error(retold):
    assert retold.get("/api/claims/part", params={"id": "claim:nope", "part": "supporting"}).status_code == 404
    response = retold.get("/api/transfers/part", params={"id": "x", "part": "voices"})
    assert response.status_code == 422 and "history" in response.json()["detail"]


@pytest.mark.parametrize("path", ["/api/export/csv", "/api/export/plover.jsonl"])
def test_exports_honour_the_event_filters(client, path):
    kept = client.get(path, params={"actor": "Iran", "type": "AID"})
    everything = client.get(path)
    listed = client.get("/api/events", params={"actor": "Iran", "type": "AID", "limit": MAX_LIMIT}).json()
    lines = kept.text.strip().splitlines()
    rows = len(lines) - (1 if path.endswith("csv") else 0)
    assert rows == listed["total"] > 0 and len(everything.text) > len(kept.text)
    assert client.get(path, params={"type": "HUG"}).status_code == 422


def test_ingest_with_update_stores_the_new_metadata_under_the_same_id(fresh):
    first = fresh.post("/api/ingest", json={"text": ARTICLE}).json()["outcomes"][0]
    again = fresh.post("/api/ingest", params={"update": "true"},
                       json={"text": ARTICLE, "published": "2024-09-03", "outlet": "Example Wire"}).json()
    assert again["counts"] == {"new": 1} and again["outcomes"][0]["document"] == first["document"]
    assert again["outcomes"][0]["reason"].startswith("updated")
    stored = fresh.get(f"/api/documents/{first['document']}").json()
    assert (stored["published"], stored["outlet"]) == ("2024-09-03", "Example Wire")
    assert fresh.get("/api/documents").json()["total"] == 1


def test_vocabulary_is_the_records_own(client):
    vocabulary = client.get("/api/vocabulary").json()
    assert vocabulary["event_types"] == list(records.EVENT_TYPES)
    assert vocabulary["factualities"] == list(records.FACTUALITY)
    assert vocabulary["weapon_categories"] == list(records.WEAPON_CATEGORIES)
    assert vocabulary["claim_statuses"] == list(records.CLAIM_STATUSES)
    assert vocabulary["transfer_statuses"] == list(records.TRANSFER_STATUSES)
    assert vocabulary["speaker_kinds"] == list(records.SPEAKER_KINDS)


FACETS = ("type", "factuality", "country", "weapon", "outlet", "year")


def test_each_facet_count_is_what_choosing_its_value_lists(client):
    facets = client.get("/api/events/facets").json()
    assert tuple(facets) == FACETS
    for name, values in facets.items():
        assert values, name
        counts = [v["count"] for v in values]
        assert counts == sorted(counts, reverse=True)
        for value in values[:4]:
            listed = client.get("/api/events", params={name: value["value"]}).json()["total"]
            assert listed == value["count"], (name, value)
    total = client.get("/api/events").json()["total"]
    assert sum(v["count"] for v in facets["type"]) == total  # one type per event
    assert sum(v["count"] for v in facets["factuality"]) == total


def test_facet_counts_follow_the_other_filters_and_not_their_own(client):
    everything = client.get("/api/events/facets").json()
    chosen = {"type": "AID", "country": "IRN"}
    facets = client.get("/api/events/facets", params=chosen).json()
    assert facets != everything
    aid = client.get("/api/events/facets", params={"type": "AID"}).json()
    assert facets["country"] == aid["country"]  # the country facet sets its own filter aside
    by_country = client.get("/api/events/facets", params={"country": "IRN"}).json()
    assert facets["type"] == by_country["type"]
    kept = client.get("/api/events", params=chosen).json()["total"]
    assert sum(v["count"] for v in facets["factuality"]) == kept > 0
    for value in facets["weapon"][:3]:
        listed = client.get("/api/events", params={**chosen, "weapon": value["value"]}).json()["total"]
        assert listed == value["count"]


def test_events_per_month_and_type(client):
    months = client.get("/api/events/months").json()
    total = client.get("/api/events").json()["total"]
    assert sum(item["count"] for item in months["items"]) + months["undated"] == total
    keys = [(item["month"], item["type"]) for item in months["items"]]
    assert keys == sorted(keys) and all(len(month) == 7 for month, _ in keys)
    aid = client.get("/api/events/months", params={"type": "AID"}).json()["items"]
    assert aid and {item["type"] for item in aid} == {"AID"}


def test_claims_carry_a_summary_that_tells_them_apart(client):
    claims = client.get("/api/claims", params={"limit": MAX_LIMIT}).json()["items"]
    assert all({"weapons", "date", "quantities", "values", "triggers"} <= set(c["summary"]) for c in claims)
    patriot = [c for c in claims if any(w["system"] == "Patriot" for w in c["summary"]["weapons"])]
    assert patriot and any(v["currency"] == "USD" for c in patriot for v in c["summary"]["values"])
    assert any(c["summary"]["date"] and c["summary"]["date"]["start"] for c in claims)


@pytest.mark.parametrize("params", [{}, {"type": "AID"}, {"country": "IRN"}])
def test_network_groups_the_listed_events_into_pairs(client, params):
    """/api/network counts, per pair of actors (either direction), the events /api/events lists under
    the same filters that have both a source and a target, most first; `limit` keeps the busiest."""
    events = client.get("/api/events", params={**params, "limit": MAX_LIMIT}).json()["items"]
    expected: dict[tuple[str, str], int] = {}
    for event in events:
        if event["source"] and event["target"] and event["source"] != event["target"]:
            pair = tuple(sorted((event["source"], event["target"])))
            expected[pair] = expected.get(pair, 0) + 1
    links = client.get("/api/network", params=params).json()
    assert links["total"] == len(expected) > 0
    assert {(link["a"], link["b"]): link["events"] for link in links["items"]} == expected
    counts = [link["events"] for link in links["items"]]
    assert counts == sorted(counts, reverse=True)
    busiest = client.get("/api/network", params={**params, "limit": 2}).json()
    assert busiest["items"] == links["items"][:2] and busiest["total"] == links["total"]


def test_documents_by_ids(client):
    """`ids` keeps the listed documents only (the register view reads the titles of the documents
    its rows cite, not every document)."""
    every = client.get("/api/documents", params={"limit": MAX_LIMIT}).json()["items"]
    wanted = [every[0]["id"], every[-1]["id"]]
    found = client.get("/api/documents", params={"ids": wanted + ["no-such, document"]}).json()
    assert sorted(d["id"] for d in found["items"]) == sorted(wanted) and found["total"] == 2
