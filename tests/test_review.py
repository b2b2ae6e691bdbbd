"""Review at the edges: `dossier review ...` and `/api/review...`, thin over `dossier.review`."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from dossier.api import create_app
from dossier.cli import app
from dossier.pipeline import ingest
from dossier.quality.sets import score_set
from dossier.settings import Settings
from dossier.store import filters, list_events, list_transfers, open_store

from support import local_client, retold_store

runner = CliRunner()
TOKEN = "review-token-0123456789"
ARTICLE = ("Iran delivered Shahed drones to Russia in August 2024, a US official said on Tuesday. "
           "The Kremlin denied receiving any drones from Tehran. "
           "The ministry condemned the deal at a briefing.")


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> str:
    """A store holding one analysed article (analysed once for the module)."""
    folder = tmp_path_factory.mktemp("review")
    (folder / "drones.txt").write_text("Drones for Russia\n\n" + ARTICLE, encoding="utf-8")
    db = str(folder / "template.db")
    assert ingest([folder / "drones.txt"], Settings(db=db, published="2024-09-03")).counts["new"] == 1
    return db


@pytest.fixture
def db(template, tmp_path) -> str:
    """A copy of the template store for one test."""
    import sqlite3

    path = str(tmp_path / "dossier.db")
    with sqlite3.connect(template) as source, sqlite3.connect(path) as copy:
        source.backup(copy)
    return path


def _event(db: str, type_: str) -> dict:
    return next(e for e in list_events(open_store(db, readonly=True)) if e["type"] == type_)


def _run(*args: str):
    return runner.invoke(app, ["review", *args])


# --- CLI ------------------------------------------------------------------------------------------

def test_cli_corrects_an_event_and_every_listing_shows_it(db):
    aid = _event(db, "AID")
    result = _run("event", aid["id"], "--set", "type=AGREE", "--set", "factuality=alleged", "--note", "a deal",
                  "--by", "ann", "--db", db)
    assert result.exit_code == 0, result.output
    assert "corrected" in result.output and "AGREE" in result.output
    listed = runner.invoke(app, ["events", "--db", db, "--type", "AGREE"])
    assert "alleged" in listed.output
    assert aid["id"] not in [e["id"] for e in list_events(open_store(db, readonly=True), type="AID")]


def test_cli_rejects_an_event(db):
    aid = _event(db, "AID")
    assert _run("event", aid["id"], "--reject", "--by", "ann", "--db", db).exit_code == 0
    assert aid["id"] not in [e["id"] for e in list_events(open_store(db, readonly=True))]


@pytest.mark.parametrize("args, words", [
    (["--confirm", "--reject"], "exactly one of"),
    ([], "exactly one of"),
    (["--set", "type=GIVE"], "accepted: AGREE"),
    (["--set", "target=Atlantis"], "unknown actor"),
    (["--set", "type"], "is not name=value"),
])
def test_cli_refuses_bad_reviews_with_exit_2(db, args, words):
    result = _run("event", _event(db, "AID")["id"], *args, "--by", "ann", "--db", db)
    assert result.exit_code == 2 and words in result.output


def test_cli_unknown_event(db):
    result = _run("event", "no-such-event", "--confirm", "--db", db)
    assert result.exit_code == 2 and "no event 'no-such-event'" in result.output


def test_cli_reviews_a_register_row(db):
    row = list_transfers(open_store(db, readonly=True))[0]
    result = _run("transfer", row["id"], "--set", "status=ordered", "--by", "ann", "--db", db)
    assert result.exit_code == 0, result.output
    assert "status ordered" in result.output
    assert list_transfers(open_store(db, readonly=True))[0]["review"]["by"] == "ann"


def test_cli_queue_and_gold_export(db, tmp_path):
    queue = _run("queue", "--db", db)
    assert queue.exit_code == 0, queue.output
    assert "register row resting on one source" in queue.output
    aid = _event(db, "AID")
    assert _run("event", aid["id"], "--confirm", "--by", "ann", "--db", db).exit_code == 0
    result = _run("export", "--out", str(tmp_path / "gold"), "--db", db)
    assert result.exit_code == 0 and "wrote 1 events" in result.output
    gold = json.loads((tmp_path / "gold" / "gold.json").read_text(encoding="utf-8"))
    assert gold["events"][0]["type"] == "AID" and gold["events"][0]["sentence_contains"].startswith("Iran delivered")
    assert (tmp_path / "gold" / "reports.jsonl").read_text(encoding="utf-8").count("\n") == 1
    scored = score_set(tmp_path / "gold")  # the quality gates' runner reads it as any gold set
    assert scored.events.gold == 1 and scored.events.whole_recall == 1.0


# --- API ------------------------------------------------------------------------------------------

def _review(client, **body):
    return client.post("/api/review", json={"by": "ann", **body})


def test_api_writes_need_the_token_and_a_writable_server(db):
    event = _event(db, "AID")["id"]
    read_only = local_client(create_app(db))
    assert _review(read_only, event=event, verdict="rejected").status_code == 403
    writable = local_client(create_app(db, ingest_token=TOKEN))
    assert _review(writable, event=event, verdict="rejected").status_code == 401
    with_token = local_client(create_app(db, ingest_token=TOKEN), TOKEN)
    assert with_token.post("/api/review", json={"event": event, "verdict": "rejected", "by": "x"},
                           headers={"Origin": "https://evil.example"}).status_code == 403
    assert with_token.post("/api/review", content=b'{"event": "x"}',
                           headers={"Content-Type": "text/plain"}).status_code == 415
    assert event in [e["id"] for e in read_only.get("/api/events").json()["items"]]


def test_api_review_wins_in_the_reads(db):
    client = local_client(create_app(db, ingest_token=TOKEN), TOKEN)
    event = _event(db, "AID")["id"]
    response = _review(client, event=event, verdict="corrected", fields={"type": "AGREE", "weapon": "Shahed-136"},
                       note="contract")
    assert response.status_code == 200, response.text
    assert response.json()["event"]["review"]["note"] == "contract"
    assert [e["id"] for e in client.get("/api/events", params={"type": "AGREE"}).json()["items"]] == [event]
    reviewed = client.get("/api/reviews").json()
    assert reviewed["total"] == 1 and reviewed["items"][0]["event"]["type"] == "AGREE"
    assert _review(client, event=event, verdict="rejected").status_code == 200
    assert event not in [e["id"] for e in client.get("/api/events").json()["items"]]
    export = client.get("/api/export/json").json()
    assert event not in [e["id"] for e in export["events"]]


@pytest.mark.parametrize("body, status, words", [
    ({"event": "nope", "verdict": "confirmed"}, 404, "no event"),
    ({"verdict": "confirmed"}, 422, "one 'event' or one 'transfer'"),
    ({"event": "EVENT", "transfer": "transfer:x", "verdict": "confirmed"}, 422, "one 'event'"),
    ({"event": "EVENT", "verdict": "corrected", "fields": {"type": "GIVE"}}, 422, "accepted: AGREE"),
    ({"event": "EVENT", "verdict": "maybe"}, 422, "confirmed"),
    ({"event": "EVENT", "verdict": "confirmed", "colour": "red"}, 422, "colour"),
])
def test_api_bad_reviews(db, body, status, words):
    client = local_client(create_app(db, ingest_token=TOKEN), TOKEN)
    body = {k: _event(db, "AID")["id"] if v == "EVENT" else v for k, v in body.items()}
    response = _review(client, **body)
    assert response.status_code == status and words in json.dumps(response.json())


def test_api_queue_is_paged(db):
    client = local_client(create_app(db))
    page = client.get("/api/review/queue", params={"limit": 1}).json()
    assert set(page) == {"items", "total", "total_exact", "next"} and len(page["items"]) == 1
    assert page["total"] >= 2 and "offset=1" in page["next"]
    assert {"kind", "id", "reason"} <= set(page["items"][0])



def test_api_queue_cuts_a_claim_as_the_claims_list_does(tmp_path):
    """A disputed claim told twelve times: its queue item is the claim as `/api/claims` lists it, with
    its first ten events and `events_total`; `/api/claims/part` gives the rest."""
    client = local_client(create_app(retold_store(tmp_path, denied=True)))
    item = client.get("/api/review/queue").json()["items"][0]
    listed = client.get("/api/claims", params={"status": "disputed"}).json()["items"]
    assert item["kind"] == "claim" and item["claim"] == listed[0]
    assert [e["id"] for e in item["events"]] == item["claim"]["events"] and len(item["events"]) == 10
    assert item["events_total"] == item["claim"]["events_total"] == 13
    rest = client.get("/api/claims/part", params={"id": item["id"], "part": "events", "offset": 10}).json()
    assert rest["total"] == 13 and len(rest["items"]) == 3

def test_api_reviews_page_past_the_last_review(db):
    """The history pages by keyset, as the lists of records do: `next` starts past the page's last
    review (newest first), an explicit offset stops at 10,000 and a malformed `after` is a 422."""
    client = local_client(create_app(db, ingest_token=TOKEN), TOKEN)
    event = _event(db, "AID")["id"]
    for verdict in ("confirmed", "rejected", "confirmed", "rejected", "confirmed"):
        assert _review(client, event=event, verdict=verdict).status_code == 200
    everything = client.get("/api/reviews").json()
    assert everything["total"] == 5 and everything["total_exact"] and everything["next"] is None
    seen, url = [], "/api/reviews?limit=2"
    while url:
        page = client.get(url).json()
        assert page["total"] == 5 and len(page["items"]) <= 2
        seen += page["items"]
        url = page["next"]
        assert url is None or ("after=" in url and "offset" not in url)
    assert seen == everything["items"] and [item["id"] for item in seen] == [5, 4, 3, 2, 1]
    assert client.get("/api/reviews", params={"offset": 3, "limit": 1}).json()["items"] == seen[3:4]
    for params in ({"offset": 10_001}, {"after": "nonsense"}, {"after": filters.cursor(["x"])}):
        assert client.get("/api/reviews", params=params).status_code == 422
