"""End to end: the bundled samples through the real pipeline into a real SQLite store."""

from __future__ import annotations

import json
import time

import pytest

from dossier.export import export_json
from dossier.pipeline import ingest, read_ahead
from dossier.settings import Settings
from dossier.store import counts, list_events, open_store

from support import analyse_text, sample_paths


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("store") / "dossier.db")
    summary = ingest(sample_paths(), Settings(db=db))
    return db, summary


def test_every_sample_is_new_and_has_events(store):
    _, summary = store
    assert summary.counts["new"] == 11
    assert summary.counts["failed"] == 0 and summary.counts["skipped"] == 0
    assert all(o.events > 0 for o in summary.outcomes)


def test_reingest_changes_nothing(store):
    db, _ = store
    before = counts(open_store(db, readonly=True))
    again = ingest(sample_paths(), Settings(db=db))
    assert again.counts == {"duplicate": 11}
    assert counts(open_store(db, readonly=True)) == before


def test_every_event_has_evidence_inside_its_document(store):
    db, _ = store
    engine = open_store(db, readonly=True)
    out = __import__("io").StringIO()
    export_json(engine, out)
    data = json.loads(out.getvalue())
    assert data["schema"] == "dossier/1"
    assert data["events"]
    chars = {d["id"]: d["chars"] for d in data["documents"]}
    actor_ids = {a["id"] for a in data["actors"]}
    for event in data["events"]:
        assert event["evidence"], event
        for evidence in event["evidence"]:
            assert 0 <= evidence["start"] < evidence["end"] <= chars[evidence["document"]]
        for party in [event["source"], event["target"], *event["others"]]:
            assert party is None or party in actor_ids


def test_filters_reach_the_store(store):
    db, _ = store
    engine = open_store(db, readonly=True)
    aid = list_events(engine, type="AID")
    assert aid and all(e["type"] == "AID" for e in aid)
    iran = list_events(engine, actor="Iran")
    assert iran and all("IRN" in {e["source"], e["target"], *e["others"]} for e in iran)


def test_workers_give_the_same_records(tmp_path):
    one = ingest(sample_paths(), Settings(db=str(tmp_path / "one.db")))
    two = ingest(sample_paths(), Settings(db=str(tmp_path / "two.db"), workers=2, batch_size=3))
    assert sorted((o.document, o.events) for o in one.outcomes) == sorted((o.document, o.events) for o in two.outcomes)


@pytest.mark.parametrize("text, speakers", [
    ("Ukraine's foreign ministry said it would act. The ministry said Iran had supplied drones to Russia.",
     ["UKR", "UKR"]),
    ("The ministry said Iran had supplied drones to Russia.", [None]),  # no ministry named before
    ("Ukraine's foreign ministry said it would act. The army said Iran had supplied drones.", ["UKR", None]),
])
def test_a_definite_source_takes_the_speaker_named_before(text, speakers):
    said = [a for a in analyse_text(text).attributions if a.cue.text == "said"]
    assert [a.speaker for a in said] == speakers


def _jsonl(path, *articles):
    path.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    return path


def test_a_date_at_the_end_of_the_calendar_loses_nothing(tmp_path):
    reports = _jsonl(tmp_path / "reports.jsonl",
                     {"id": "first", "published": "0001-01-01",
                      "text": "Russia delivered S-300 systems to Iran yesterday, the ministry said."},
                     {"id": "last", "published": "9999-12-31",
                      "text": "Germany will deliver IRIS-T systems to Ukraine tomorrow, Berlin said."},
                     {"id": "good", "published": "2024-10-11",
                      "text": "France delivered Rafale jets to Egypt on Tuesday, Cairo said."})
    summary = ingest([reports], Settings(db=str(tmp_path / "d.db")))
    assert summary.counts == {"new": 3}


def test_a_supplier_known_only_as_the_maker_is_stored(tmp_path):
    # found by the fuzz suite: the event ran from France, which the text never names, and the store
    # refused the document ('invalid analysis: unknown actors')
    reports = _jsonl(tmp_path / "reports.jsonl",
                     {"id": "rafale", "text": "Five Rafale jets landed in India on Wednesday, officials said."})
    db = str(tmp_path / "d.db")
    assert ingest([reports], Settings(db=db)).counts == {"new": 1}
    [event] = list_events(open_store(db, readonly=True))
    assert (event["source"], event["target"]) == ("FRA", "IND")


def test_an_extractor_that_raises_fails_one_document_not_the_batch(tmp_path, monkeypatch):
    import dossier.pipeline as pipeline

    real = pipeline.extract_events

    def breaks_on_poison(doc, document_id):
        if "poison" in doc.text:
            raise RuntimeError("extractor bug\nsecond line")
        return real(doc, document_id)

    monkeypatch.setattr(pipeline, "extract_events", breaks_on_poison)
    reports = _jsonl(tmp_path / "reports.jsonl",
                     {"id": "a", "text": "Russia delivered S-300 systems to Iran in 2016."},
                     {"id": "b", "text": "A poison sentence: France delivered Rafale jets to Egypt."},
                     {"id": "c", "text": "Germany delivered IRIS-T systems to Ukraine in 2022."})
    db = str(tmp_path / "d.db")
    summary = ingest([reports], Settings(db=db))
    assert summary.counts == {"new": 2, "failed": 1}
    failed = next(o for o in summary.outcomes if o.status == "failed")
    assert failed.document == "b"
    assert failed.reason == "analysis failed: RuntimeError: extractor bug"
    assert {e["document"] for e in list_events(open_store(db, readonly=True), limit=100)} >= {"a", "c"}


def test_read_ahead_keeps_order_and_raises_errors_in_order():
    def items():
        yield 1
        yield 2
        raise ValueError("bad batch")

    got = []
    with pytest.raises(ValueError, match="bad batch"):
        for item in read_ahead(items()):
            got.append(item)
    assert got == [1, 2]


def test_read_ahead_stops_making_items_when_the_caller_leaves():
    made = []

    def items():
        for n in range(1000):
            made.append(n)
            yield n

    for item in read_ahead(items()):
        if item == 3:
            break
    time.sleep(0.5)  # the thread sees the stop within its 0.1 s hand-over wait
    assert len(made) <= 6, made  # the one in hand and the one queued, not the whole run
