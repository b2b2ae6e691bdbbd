"""Reviews win over the machine everywhere events are read, and survive re-analysis (both backends)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import sqlite3

import pytest
from sqlalchemy import event

from dossier import review
from dossier.api import PART_LIMIT
from dossier.errors import InvalidFilter, InvalidReview, UnknownRecord
from dossier.export import export_csv, export_json
from dossier.quality.gold import Parties, score, score_register
from dossier.records import Span
from dossier.store import StoreWriter, get_document, list_claims, list_events, list_transfers, open_store, queries
from dossier.store.reviews import Anchor, match
from dossier.store.queries import CLAIM_PARTS, TRANSFER_PARTS, count_events, cut_parts
from dossier.store.search import search

from support import busy_claim_store, store_analyses

ROW = "transfer:IRN-RUS-Falcon-7"


@pytest.fixture
def stored(engine, make_analysis):
    """d1: an AID Iran -> Russia with Falcon-7 drones (d1-e1) and an incomplete REJECT (d1-e2); d2 the
    same story told again, so the AID is a corroborated claim."""
    store_analyses(engine, make_analysis("d1"), make_analysis("d2", suffix=" Again."))
    return engine


def _ids(engine, **filters):
    return [e["id"] for e in list_events(engine, **filters)]


def test_a_rejected_event_leaves_every_view(stored):
    before = count_events(stored)
    done = review.review_event(stored, "d1-e1", "rejected", note="a rumour", by="ann")
    assert done["review"] == {"verdict": "rejected", "by": "ann", "at": done["review"]["at"], "note": "a rumour"}
    assert "d1-e1" not in _ids(stored) and count_events(stored) == before - 1
    assert "d1-e1" not in _ids(stored, type="AID") and count_events(stored, type="AID") == 1
    assert "d1-e1" not in [e["id"] for e in get_document(stored, "d1")["events"]]
    assert get_document(stored, "d2")["weapons"] and not get_document(stored, "d1")["weapons"]  # only its weapon
    assert all("d1-e1" not in hit["events"] for hit in search(stored, "Falcon"))
    claim = next(c for c in list_claims(stored) if c["type"] == "AID")
    assert claim["events"] == ["d2-e1"] and claim["status"] == "single_source"
    out = io.StringIO()
    export_json(stored, out)
    assert "d1-e1" not in [e["id"] for e in json.loads(out.getvalue())["events"]]
    out = io.StringIO()
    export_csv(stored, out)
    assert "d1-e1" not in [row["id"] for row in csv.DictReader(io.StringIO(out.getvalue()))]
    assert queries.get_events(stored, ["d1-e1"]) == []
    assert queries.get_events(stored, ["d1-e1"], rejected=True)[0]["review"]["verdict"] == "rejected"


def test_the_stores_counts_are_the_reviewed_ones(stored):
    before = queries.counts(stored)
    review.review_event(stored, "d1-e1", "rejected", by="ann")
    review.review_event(stored, "d2-e1", "corrected", {"type": "AGREE"}, by="ann")
    after = queries.counts(stored)
    assert after["events"] == before["events"] - 1 == count_events(stored)
    assert after["events_by_type"].get("AID", 0) == before["events_by_type"]["AID"] - 2
    assert after["events_by_type"]["AGREE"] == before["events_by_type"].get("AGREE", 0) + 1


def test_a_confirmed_event_after_a_rejection_comes_back(stored):
    review.review_event(stored, "d1-e1", "rejected", by="ann")
    review.review_event(stored, "d1-e1", "confirmed", note="checked the source", by="bob")
    event = list_events(stored, document="d1")[0]
    assert event["id"] == "d1-e1" and event["review"]["verdict"] == "confirmed" and event["review"]["by"] == "bob"
    items, total = review.history(stored)
    assert total == 2 and [i["verdict"] for i in items] == ["confirmed", "rejected"]  # history kept, latest first
    assert items[0]["event"]["id"] == "d1-e1" and "event" not in items[1]


def test_a_correction_wins_in_lists_filters_exports_claims_and_register(stored):
    fields = {"type": "AGREE", "target": "Moscow", "date": "2023-05", "weapon": "Shahed-136",
              "number": "10-20", "value": "40,000,000 USD", "factuality": "asserted"}
    event = review.review_event(stored, "d1-e1", "corrected", fields, note="a contract", by="ann")
    assert (event["type"], event["target"], event["date"]["start"], event["factuality"]) == \
        ("AGREE", "RUS", "2023-05", "asserted")
    assert event["weapons"] == [{"system": "Shahed-136", "category": "drones", "text": "Shahed-136"}]
    assert event["quantity"] == {"min": 10, "max": 20, "text": "10-20"}
    assert event["value"] == {"amount": 40_000_000, "currency": "USD", "text": "40,000,000 USD"}
    assert event["review"]["machine"]["type"] == "AID"
    # filters read the corrected values, not the machine's
    assert "d1-e1" in _ids(stored, type="AGREE") and "d1-e1" not in _ids(stored, type="AID")
    assert "d1-e1" in _ids(stored, weapon="Shahed-136") and "d1-e1" not in _ids(stored, weapon="Falcon-7")
    assert "d1-e1" in _ids(stored, date_from="2023-05", date_to="2023-05")
    assert "d1-e1" not in _ids(stored, date_from="2024-08")
    assert "d1-e1" in _ids(stored, factuality="asserted") and "d1-e1" not in _ids(stored, factuality="reported")
    assert count_events(stored, type="AGREE") == len(list_events(stored, type="AGREE")) == 1
    out = io.StringIO()
    export_json(stored, out)
    exported = next(e for e in json.loads(out.getvalue())["events"] if e["id"] == "d1-e1")
    assert exported["type"] == "AGREE" and exported["review"]["by"] == "ann"
    out = io.StringIO()
    export_csv(stored, out)
    row = next(r for r in csv.DictReader(io.StringIO(out.getvalue())) if r["id"] == "d1-e1")
    assert row["type"] == "AGREE" and (row["review"], row["reviewed_by"]) == ("corrected", "ann")
    assert any(c["type"] == "AGREE" and c["events"] == ["d1-e1"] for c in list_claims(stored))
    shahed = next(r for r in list_transfers(stored) if r["system"] == "Shahed-136")
    assert shahed["events"] == ["d1-e1"] and shahed["status"] == "agreed"


def test_a_correction_can_complete_an_incomplete_event(stored):
    assert "d1-e2" in _ids(stored, incomplete=True)
    event = review.review_event(stored, "d1-e2", "corrected", {"target": "USA"}, by="ann")
    assert event["incomplete"] is False and "d1-e2" in _ids(stored, incomplete=False)
    assert "d1-e2" in _ids(stored, actor="United States")


def _reanalysed(analysis, shift: int = 0):
    """The same document analysed again by a newer extractor that finds one more event first, so
    every positional id moves up by one; `shift` moves the AID's trigger within its sentence."""
    events = analysis.events
    extra = dataclasses.replace(events[1], id="d1-e1", type="CONSULT", target="USA")
    aid = events[0]
    trigger = Span(aid.trigger.start + shift, aid.trigger.end + shift, analysis.document.text[
        aid.trigger.start + shift:aid.trigger.end + shift])
    renumbered = [extra, dataclasses.replace(aid, id="d1-e2", trigger=trigger),
                  dataclasses.replace(events[1], id="d1-e3")]
    return dataclasses.replace(analysis, events=renumbered)


@pytest.mark.parametrize("shift", [0, 1])  # the same trigger, or one a newer extractor reads a word on
def test_reviews_survive_reanalysis_of_the_document(stored, make_analysis, shift):
    review.review_event(stored, "d1-e1", "corrected", {"type": "AGREE"}, by="ann")
    review.review_event(stored, "d1-e2", "rejected", by="ann")
    analysis = _reanalysed(make_analysis("d1"), shift)
    with StoreWriter(stored) as writer:
        writer.write([analysis], [], replace=True)
    events = {e["id"]: e for e in list_events(stored, document="d1")}
    assert set(events) == {"d1-e1", "d1-e2"}  # the REJECT, now d1-e3, stays rejected
    assert events["d1-e1"]["type"] == "CONSULT" and "review" not in events["d1-e1"]
    assert events["d1-e2"]["type"] == "AGREE" and events["d1-e2"]["review"]["machine"] == {"type": "AID"}
    assert queries.get_events(stored, ["d1-e3"], rejected=True)[0]["review"]["verdict"] == "rejected"


def test_re_ingesting_the_same_text_changes_nothing(stored, make_analysis):
    review.review_event(stored, "d1-e2", "rejected", by="ann")
    store_analyses(stored, make_analysis("d1"))  # a duplicate: not stored again
    assert "d1-e2" not in _ids(stored)


@pytest.mark.parametrize("events, reviews, expected", [
    # exact anchors, whatever the ids
    ([("e1", Anchor("d", 0, 9, "AID", 2, 5)), ("e2", Anchor("d", 0, 9, "AID", 6, 8))],
     [(Anchor("d", 0, 9, "AID", 6, 8), "r")], {"e2": "r"}),
    # the trigger moved: the only event of that type in that sentence
    ([("e1", Anchor("d", 0, 9, "AID", 3, 5)), ("e2", Anchor("d", 0, 9, "ACCUSE", 6, 8))],
     [(Anchor("d", 0, 9, "AID", 2, 5), "r")], {"e1": "r"}),
    # two candidates: no guess
    ([("e1", Anchor("d", 0, 9, "AID", 3, 5)), ("e2", Anchor("d", 0, 9, "AID", 6, 8))],
     [(Anchor("d", 0, 9, "AID", 2, 5), "r")], {}),
    # the machine no longer finds it: the review waits, attached to nothing
    ([("e1", Anchor("d", 10, 20, "AID", 12, 15))], [(Anchor("d", 0, 9, "AID", 2, 5), "r")], {}),
    # an event taken by its exact review is no candidate for a looser one
    ([("e1", Anchor("d", 0, 9, "AID", 2, 5))],
     [(Anchor("d", 0, 9, "AID", 2, 5), "r1"), (Anchor("d", 0, 9, "AID", 6, 8), "r2")], {"e1": "r1"}),
])
def test_match(events, reviews, expected):
    assert match(events, reviews) == expected


def test_register_row_reviews(stored):
    row = review.review_transfer(stored, ROW, "corrected", {"status": "Ordered"}, note="contract seen", by="ann")
    assert row["status"] == "ordered" and row["review"]["machine"] == {"status": "delivered"}
    assert next(r for r in list_transfers(stored) if r["id"] == ROW)["status"] == "ordered"
    assert list_transfers(stored, status="ordered")[0]["id"] == ROW
    review.review_transfer(stored, ROW, "rejected", by="ann")
    assert ROW not in [r["id"] for r in list_transfers(stored)]
    assert review.review_transfer(stored, ROW, "confirmed", by="bob")["status"] == "delivered"
    assert ROW in [r["id"] for r in list_transfers(stored)]


@pytest.mark.parametrize("fields, error, words", [
    ({"type": "GIVE"}, InvalidFilter, "accepted: AGREE"),
    ({"factuality": "maybe"}, InvalidFilter, "accepted: asserted"),
    ({"target": "Atlantis"}, InvalidReview, "unknown actor 'Atlantis'"),
    ({"weapon": "Death Star"}, InvalidReview, "weapon catalogue"),
    ({"date": "last week"}, InvalidFilter, "not an ISO date"),
    ({"number": "many"}, InvalidReview, "not a number"),
    ({"value": "50 million"}, InvalidReview, "currency code"),
    ({"colour": "red"}, InvalidReview, "accepted: type, source"),
])
def test_corrections_are_checked_against_the_vocabularies(stored, fields, error, words):
    with pytest.raises(error, match=words):
        review.review_event(stored, "d1-e1", "corrected", fields, by="ann")
    assert "review" not in list_events(stored, document="d1")[0]


@pytest.mark.parametrize("call, error, words", [
    (lambda e: review.review_event(e, "nope", "confirmed", by="ann"), UnknownRecord, "no event 'nope'"),
    (lambda e: review.review_event(e, "d1-e1", "confirmed", {"type": "AID"}, by="ann"), InvalidReview, "only a correction"),
    (lambda e: review.review_event(e, "d1-e1", "corrected", {}, by="ann"), InvalidReview, "needs the values"),
    (lambda e: review.review_event(e, "d1-e1", "approved", by="ann"), InvalidReview, "accepted: confirmed"),
    (lambda e: review.review_event(e, "d1-e1", "confirmed", by=" "), InvalidReview, "who reviews"),
    (lambda e: review.review_transfer(e, "transfer:X", "confirmed", by="ann"), UnknownRecord, "no register row"),
    (lambda e: review.review_transfer(e, ROW, "corrected", {"status": "sold"}, by="ann"), InvalidFilter, "accepted: requested"),
])
def test_bad_reviews_are_refused_with_a_clear_message(stored, call, error, words):
    with pytest.raises(error, match=words):
        call(stored)


def test_the_queue_puts_what_most_needs_an_eye_first(stored, make_analysis):
    items, total = review.queue(stored)
    kinds = [item["kind"] for item in items]
    assert total == len(items) and kinds == sorted(kinds, key=["claim", "transfer", "event"].index)
    assert {i["id"] for i in items if i["kind"] == "event"} == {"d1-e2", "d2-e2"}  # the incomplete REJECTs
    review.review_event(stored, "d1-e2", "confirmed", by="ann")
    page, again = review.queue(stored, limit=1, offset=total - 2)
    assert again == total - 1 and [i["id"] for i in page] == ["d2-e2"]


def test_reviewed_events_exported_as_gold_score_one_against_the_store(stored, tmp_path):
    review.review_event(stored, "d1-e1", "confirmed", by="ann")
    review.review_event(stored, "d2-e1", "corrected", {"type": "AGREE", "weapon": "S-300", "number": "4"}, by="ann")
    review.review_event(stored, "d1-e2", "corrected", {"target": "USA"}, by="ann")
    review.review_event(stored, "d2-e2", "rejected", by="ann")
    review.review_transfer(stored, ROW, "corrected", {"status": "ordered"}, by="ann")
    written = review.export_gold(stored, tmp_path / "gold")
    assert written == {"documents": 2, "events": 3, "register": 1}
    gold = json.loads((tmp_path / "gold" / "gold.json").read_text(encoding="utf-8"))
    reports = [json.loads(line) for line in (tmp_path / "gold" / "reports.jsonl").read_text().splitlines()]
    assert [r["id"] for r in reports] == ["d1", "d2"] and reports[0]["text"] == get_document(stored, "d1")["text"]
    assert {e["sentence_contains"] for e in gold["events"]} >= {"Tehran rejected the claim at a briefing in Vienna."}
    result = score(gold["events"], review.reviewed_analyses(stored))
    assert (result.gold, result.whole_recall, result.all_right, result.precision) == (3, 1.0, 1.0, 1.0)
    countries = {a["id"]: a["country"] for a in queries.list_actors(stored)}
    assert score_register(gold["register"], list_transfers(stored), Parties(countries)).recall == 1.0


def _whole_queue(engine) -> list[dict]:
    """The queue read whole, as it was before it was paged in SQL: every disputed claim with an event
    not yet reviewed, every register row resting on one document not yet reviewed, every incomplete
    event not yet reviewed."""
    items = []
    for claim in list_claims(engine, status="disputed"):
        mine = queries.get_events(engine, claim["events"])
        if any("review" not in e for e in mine):
            items.append({"kind": "claim", "id": claim["id"], "reason": review.QUEUE_REASONS["claim"], "claim": claim,
                          "events": mine})
    items += [{"kind": "transfer", "id": row["id"], "reason": review.QUEUE_REASONS["transfer"], "transfer": row}
              for row in list_transfers(engine) if len(row["documents"]) == 1 and "review" not in row]
    return items + [{"kind": "event", "id": e["id"], "reason": review.QUEUE_REASONS["event"], "event": e}
                    for e in list_events(engine, incomplete=True, reviewed=False)]


def _cut(item: dict) -> dict:
    """A whole queue item cut as the listings cut theirs: a claim's lists and its events to their
    first few, each with the count of them all; a register row's lists."""
    if item["kind"] == "claim":
        return {**item, "claim": cut_parts(item["claim"], CLAIM_PARTS, PART_LIMIT),
                "events": item["events"][:PART_LIMIT], "events_total": len(item["events"])}
    if item["kind"] == "transfer":
        return {**item, "transfer": cut_parts(item["transfer"], TRANSFER_PARTS, PART_LIMIT)}
    return item


def _reviewed_copy(generated_db: str, tmp_path) -> tuple:
    """A copy of the generated store after reviews took claims, rows and events out of the queue;
    the engine, the disputed claims before and the quiet ones whose every event was confirmed."""
    db = str(tmp_path / "store.db")
    with sqlite3.connect(generated_db) as source, sqlite3.connect(db) as copy:
        source.backup(copy)
    engine = open_store(db)
    disputed = list_claims(engine, status="disputed")
    review.review_event(engine, disputed[0]["events"][0], "confirmed", by="ann")
    quiet = sorted(disputed[1:], key=lambda c: len(c["events"]))[:3]
    for event_id in {event_id for claim in quiet for event_id in claim["events"]}:
        review.review_event(engine, event_id, "confirmed", by="ann")
    single = [row for row in list_transfers(engine) if len(row["documents"]) == 1]
    review.review_transfer(engine, single[0]["id"], "confirmed", by="ann")
    review.review_event(engine, list_events(engine, incomplete=True)[0]["id"], "rejected", by="ann")
    return engine, disputed, quiet


def test_a_queue_page_is_the_whole_queue_sliced(generated_db, tmp_path):
    """Each part of the queue is counted and read a page at a time in SQL: any page, across the parts'
    borders too, is that slice of the whole queue, after reviews took claims, rows and events out."""
    engine, disputed, quiet = _reviewed_copy(generated_db, tmp_path)
    whole = _whole_queue(engine)
    kinds = [item["kind"] for item in whole]
    queued = {item["id"] for item in whole}
    assert {claim["id"] for claim in quiet} - queued and disputed[0]["id"] in queued  # (a generated sentence may
    # give two events one anchor, which a review holds for one of)
    assert review.queue(engine) == (whole, len(whole))
    rows, events = kinds.index("transfer"), kinds.index("event")
    for limit, offset in ((5, 0), (7, rows - 3), (50, rows + 1), (20, events - 2), (10, len(whole) - 4),
                          (3, len(whole) + 2)):
        assert review.queue(engine, limit=limit, offset=offset) == (whole[offset : offset + limit], len(whole))
    assert review.queue(engine, limit=5, cap=rows + 2) == (whole[:5], rows + 2)


def test_a_queue_page_reads_its_own_claims_alone(generated_db):
    """A page of two disputed claims reads those two, not every disputed claim in the store."""
    engine = open_store(generated_db, readonly=True)
    disputed = {claim["id"] for claim in list_claims(engine, status="disputed")}
    bound: list = []
    event.listen(engine, "before_cursor_execute", lambda conn, cursor, statement, parameters, *_: bound.append(parameters))
    items, _ = review.queue(engine, limit=2)
    named = {value for parameters in bound for value in parameters if isinstance(value, str)}
    assert len(disputed) > 10 and [item["kind"] for item in items] == ["claim", "claim"]
    assert named & disputed == {item["id"] for item in items}


def test_queue_items_are_cut_as_the_listings_cut_theirs(generated_db, tmp_path):
    """With `part_limit` every page holds the whole queue's items cut, the totals those of the whole
    lists: a claim's voices, events and documents, and the events its item carries; a register row's
    history, figures, events and documents."""
    engine = _reviewed_copy(generated_db, tmp_path)[0]
    whole = _whole_queue(engine)
    assert any(len(item["events"]) > PART_LIMIT for item in whole if item["kind"] == "claim")
    assert any(len(item["claim"]["documents"]) > PART_LIMIT for item in whole if item["kind"] == "claim")
    cut = [_cut(item) for item in whole]
    for offset in range(0, len(whole), 50):
        assert review.queue(engine, limit=50, offset=offset, part_limit=PART_LIMIT) == (cut[offset : offset + 50],
                                                                                         len(whole))


def test_a_queue_item_costs_its_first_events_whatever_its_claim_holds(tmp_path):
    """A disputed claim told more times than a read of events takes ids (`CHUNK`): its item carries its
    first ten events and the count of all, and the page holding it runs as many statements as a page
    holding a claim of a few events."""
    busy = busy_claim_store(str(tmp_path / "busy.db"), queries.CHUNK + 20)
    engine = open_store(str(tmp_path / "busy.db"), readonly=True)
    whole = review.queue(engine)[0]
    places = {"busy": next(n for n, item in enumerate(whole) if item["id"] == busy),
              "quiet": next(n for n, item in enumerate(whole) if item["kind"] == "claim" and len(item["events"]) < 5)}
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda conn, cursor, statement, *_: statements.append(statement))
    spent = {}
    for name, place in places.items():
        statements.clear()
        items, _ = review.queue(engine, limit=1, offset=place, part_limit=PART_LIMIT)
        spent[name] = len(statements)
        assert items == [_cut(whole[place])]
    assert len(whole[places["busy"]]["events"]) > queries.CHUNK
    assert spent["busy"] == spent["quiet"]
