"""The store: writing batches, idempotence, atomicity, upserts, filters, read-only mode, migrations."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, func, insert, inspect, select
from sqlalchemy.exc import DBAPIError

from dossier.errors import StoreError
from dossier.records import Actor, Analysis, Outcome, Weapon
from dossier.store import (
    MIGRATIONS,
    StoreWriter,
    counts,
    get_document,
    last_run_outcomes,
    list_actors,
    list_attributions,
    list_documents,
    list_events,
    open_store,
)
from dossier.pipeline import new_outcome as new
from dossier.store import schema as t
from dossier.store import writer as writer_module
from dossier.store.migrations import applied
from dossier.store.queries import any_of

from support import store_analyses as store


def test_round_trip(engine, make_analysis):
    analysis = make_analysis()
    store(engine, analysis)
    events = {e["id"]: e for e in list_events(engine)}
    delivery = events["d1-e1"]
    assert delivery | {"evidence": None} == {
        "id": "d1-e1", "document": "d1", "type": "AID", "mode": "military", "source": "IRN",
        "target": "RUS", "incomplete": False, "others": [],
        "date": {"start": "2024-08", "end": "2024-08", "text": "in August 2024"},
        "location": None,
        "weapons": [{"system": "Falcon-7", "category": "drones", "text": "Falcon-7 drones"}],
        "quantity": {"min": 12, "max": 12, "text": "12"},
        "value": {"amount": 50_000_000, "currency": "USD", "text": "$50 million"},
        "factuality": "reported",
        "attributions": [{"speaker": "USA", "speaker_text": "a US official", "speaker_kind": "government",
                          "cue": "according to", "outlet": None}],
        "evidence": None,
        "trigger": {"start": 5, "end": 14, "text": "delivered"}, "context": ["transfer"],
    }
    assert delivery["evidence"] == [dataclasses.asdict(analysis.events[0].evidence[0])]
    assert events["d1-e2"]["others"] == ["USA"]
    assert events["d1-e2"]["location"] == {"name": "Vienna", "country": "AUT"}
    assert events["d1-e2"]["date"] is None and events["d1-e2"]["value"] is None
    assert list_documents(engine) == [{
        "id": "d1", "title": "Drones for Russia", "outlet": "Example Wire",
        "url": "https://example.org/d1",
        "published": "2024-09-02", "language": "en", "sha256": analysis.document.sha256,
        "chars": len(analysis.document.text),
    }]
    iran = list_actors(engine, name="iran")
    assert iran == [{"id": "IRN", "name": "Iran", "kind": "state", "country": "IRN", "wikidata": None,
                     "aliases": ["Islamic Republic", "Tehran"], "roles": []}]
    sourced, unsourced = list_attributions(engine, document="d1")
    assert sourced["source"] == {"start": analysis.attributions[0].source.start,
                                 "end": analysis.attributions[0].source.end, "text": "a US official"}
    assert unsourced["source"] is None and unsourced["cue"]["text"] == "it was reported"
    document = get_document(engine, "d1")
    assert document["text"] == analysis.document.text
    assert [m["actor"] for m in document["mentions"]] == ["IRN", "RUS", "IRN"]
    falcon = analysis.document.text.index("Falcon-7 drones")
    assert document["weapons"] == [{"start": falcon, "end": falcon + 15, "text": "Falcon-7 drones",
                                    "category": "drones", "system": "Falcon-7"}]
    rejected = analysis.document.text.index("rejected")
    assert document["cues"] == [{"start": rejected, "end": rejected + 8, "text": "rejected", "kind": "denial"}]
    assert [e["id"] for e in document["events"]] == ["d1-e1", "d1-e2"]
    assert get_document(engine, "nope") is None
    assert counts(engine) == {"documents": 1, "events": 2, "actors": 3, "attributions": 2,
                              "events_by_type": {"AID": 1, "REJECT": 1}}


def test_writing_the_same_text_twice_is_a_no_op(engine, make_analysis):
    store(engine, make_analysis("d1"))
    before = counts(engine)
    again = make_analysis("d1-copy")  # same text, another id: still the same document
    recorded = store(engine, make_analysis("d1"), again)
    assert counts(engine) == before
    assert [(o.status, o.events) for o in recorded] == [("duplicate", 0), ("duplicate", 0)]
    assert [o["status"] for o in last_run_outcomes(engine)] == ["duplicate", "duplicate"]
    writer = StoreWriter(engine)
    assert writer.known([again.document.sha256, "0" * 64]) == {again.document.sha256}


def test_duplicates_inside_one_batch_are_stored_once(engine, make_analysis):
    recorded = store(engine, make_analysis("d1"), make_analysis("d1-copy"))
    assert [o.status for o in recorded] == ["new", "duplicate"]
    assert counts(engine)["documents"] == 1


def test_a_failing_batch_leaves_earlier_batches_intact(engine, make_analysis):
    store(engine, make_analysis("d1"))
    before = counts(engine)
    good, bad = make_analysis("d2", " Second."), make_analysis("d3", " Third.")
    bad.events[0].weapons.append(Weapon("X", "drones", None))  # NOT NULL text: fails mid-insert
    with pytest.raises(StoreError):
        store(engine, good, bad)
    assert counts(engine) == before
    assert [d["id"] for d in list_documents(engine)] == ["d1"]
    store(engine, good)  # the store is still writable
    assert counts(engine)["documents"] == 2


def _unknown_actor(a: Analysis) -> None:
    a.events[0].target = "XYZ"


def _offsets_outside(a: Analysis) -> None:
    a.mentions[0].end = len(a.document.text) + 5


def _unknown_type(a: Analysis) -> None:
    a.events[0].type = "DELIVER"


def _foreign_evidence(a: Analysis) -> None:
    a.events[0].evidence[0].document = "elsewhere"


def _repeated_event_id(a: Analysis) -> None:
    a.events[1].id = a.events[0].id


def _bad_category(a: Analysis) -> None:
    a.events[0].weapons[0].category = "drone"


def _weapon_outside(a: Analysis) -> None:
    a.events[0].weapons[0].end = len(a.document.text) + 1


def _bad_cue_kind(a: Analysis) -> None:
    a.cues[0].kind = "doubt"


def _foreign_cue(a: Analysis) -> None:
    a.cues[0].document = "elsewhere"


@pytest.mark.parametrize(
    ("spoil", "reason"),
    [
        (_unknown_actor, "unknown actors ['XYZ']"),
        (_offsets_outside, "outside the text"),
        (_unknown_type, "unknown type 'DELIVER'"),
        (_foreign_evidence, "points into document 'elsewhere'"),
        (_repeated_event_id, "ids already in use ['event d2-e1']"),
        (_bad_category, "unknown weapon category 'drone'"),
        (_weapon_outside, "weapon offsets"),
        (_bad_cue_kind, "unknown kind 'doubt'"),
        (_foreign_cue, "points into document 'elsewhere'"),
    ],
)
def test_an_invalid_analysis_fails_alone(engine, spoil, reason, make_analysis):
    good, bad = make_analysis("d1"), make_analysis("d2", " Again.")
    spoil(bad)
    recorded = store(engine, good, bad)
    assert [o.status for o in recorded] == ["new", "failed"]
    assert reason in recorded[1].reason
    assert [d["id"] for d in list_documents(engine)] == ["d1"]


def test_an_id_taken_by_another_text_fails(engine, make_analysis):
    store(engine, make_analysis("d1"))
    recorded = store(engine, make_analysis("d1", " Different text."))
    assert recorded[0].status == "failed" and "already names another text" in recorded[0].reason


def test_an_analysis_without_an_outcome_gets_one(engine, make_analysis):
    with StoreWriter(engine) as writer:
        writer.write([make_analysis("d1")], [])
        recorded = writer.write([make_analysis("d1")], [Outcome("feed.xml#3", "skipped", "not English")])
    assert [(o.origin, o.status) for o in recorded] == [
        ("feed.xml#3", "skipped"), ("inbox/d1.txt", "duplicate")
    ]


def test_actors_are_merged_across_documents(engine, make_analysis):
    first, second = make_analysis("d1"), make_analysis("d2", " More.")
    first.actors[0] = Actor("IRN", "Iran", "state", None, aliases=["Tehran"])
    second.actors[0] = Actor("IRN", "Islamic Republic of Iran", "organization", "IRN",
                             aliases=["tehran", "Persia"])
    first.actors.append(Actor("p1", "Jane Roe", "person", None, roles=["envoy"]))
    second.actors.append(Actor("p1", "J. Roe", "person", "USA", roles=["envoy", "defence minister"]))
    store(engine, first)
    store(engine, second)
    actors = {a["id"]: a for a in list_actors(engine)}
    assert actors["IRN"] == {"id": "IRN", "name": "Iran", "kind": "state", "country": "IRN", "wikidata": None,
                             "aliases": ["Islamic Republic of Iran", "Persia", "Tehran"], "roles": []}
    assert actors["p1"] == {"id": "p1", "name": "Jane Roe", "kind": "person", "country": "USA", "wikidata": None,
                            "aliases": ["J. Roe"], "roles": ["defence minister", "envoy"]}


@pytest.mark.parametrize("same_batch", [False, True])
def test_a_later_document_may_refer_to_an_actor_it_does_not_bring(engine, make_analysis, same_batch):
    first, later = make_analysis("d1"), make_analysis("d2", " Later.")
    later.actors = [a for a in later.actors if a.id != "USA"]
    if same_batch:
        assert [o.status for o in store(engine, first, later)] == ["new", "new"]
    else:
        store(engine, first)
        assert store(engine, later)[0].status == "new"
    assert counts(engine)["documents"] == 2


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["d1-e1", "d1-e2"]),
        ({"actor": "IRN"}, ["d1-e1", "d1-e2"]),
        ({"actor": "tehran"}, ["d1-e1", "d1-e2"]),
        ({"actor": "MOSCOW"}, ["d1-e1"]),
        ({"actor": "united states"}, ["d1-e2"]),
        ({"actor": "irn"}, []),  # an id matches exactly; 'irn' is no name or alias
        ({"actor": "Atlantis"}, []),
        ({"type": "AID"}, ["d1-e1"]),
        ({"type": "reject"}, ["d1-e2"]),
        ({"type": "ASSAULT"}, []),
        ({"factuality": "reported"}, ["d1-e1"]),
        ({"factuality": "denied"}, []),
        ({"date_from": "2024-08-15"}, ["d1-e1"]),
        ({"date_from": "2024-08"}, ["d1-e1"]),
        ({"date_from": "2024-09-01"}, []),
        ({"date_to": "2024-08-01"}, ["d1-e1"]),
        ({"date_to": "2024-07-31"}, []),
        ({"date_from": "2024", "date_to": "2024"}, ["d1-e1"]),
        ({"actor": "Russia", "type": "AID", "date_to": "2025"}, ["d1-e1"]),
        ({"limit": 1}, ["d1-e1"]),
        ({"limit": 1, "offset": 1}, ["d1-e2"]),
    ],
)
def test_event_filters(engine, filters, expected, make_analysis):
    store(engine, make_analysis())
    assert [e["id"] for e in list_events(engine, **filters)] == expected


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"kind": "state"}, ["IRN", "RUS", "USA"]),
        ({"kind": "person"}, []),
        ({"country": "rus"}, ["RUS"]),
        ({"name": "mosc"}, ["RUS"]),
        ({"name": "%"}, []),
        ({"name": "r"}, ["IRN", "RUS"]),
    ],
)
def test_actor_filters(engine, filters, expected, make_analysis):
    store(engine, make_analysis())
    assert [a["id"] for a in list_actors(engine, **filters)] == expected


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"speaker": "US"}, ["d1-a1"]),
        ({"speaker_kind": "anonymous"}, ["d1-a2"]),
        ({"document": "d2"}, []),
    ],
)
def test_attribution_filters(engine, filters, expected, make_analysis):
    store(engine, make_analysis())
    assert [a["id"] for a in list_attributions(engine, **filters)] == expected


def test_read_only_store_refuses_writes(engine, store_url, make_analysis):
    store(engine, make_analysis())
    reader = open_store(store_url, readonly=True)
    try:
        assert counts(reader)["events"] == 2
        with pytest.raises(StoreError):
            StoreWriter(reader).start_run()
        with pytest.raises(StoreError):
            StoreWriter(reader).write([make_analysis("d2", " x")], [])
        with pytest.raises(DBAPIError, match="readonly|read-only"):
            with reader.begin() as conn:
                conn.execute(insert(t.runs).values(started_at=func.now(), version="x"))
    finally:
        reader.dispose()
    assert counts(engine)["documents"] == 1


@pytest.mark.parametrize("target", ["missing.db", "sqlite://", ":memory:"])
def test_read_only_needs_an_existing_file(tmp_path, target):
    with pytest.raises(StoreError):
        open_store(str(tmp_path / target) if target.endswith(".db") else target, readonly=True)


def test_migrations_are_recorded_once(store_url):
    first = open_store(store_url)
    with first.connect() as conn:
        recorded = conn.execute(select(t.migrations)).all()
    first.dispose()
    again = open_store(store_url)
    with again.connect() as conn:
        assert applied(conn) == [name for name, _ in MIGRATIONS]
        assert conn.execute(select(t.migrations)).all() == recorded
    again.dispose()


def test_sqlite_is_tuned(db_path):
    engine = open_store(db_path)
    with engine.connect() as conn:
        values = [conn.exec_driver_sql(f"PRAGMA {name}").scalar()
                  for name in ("journal_mode", "foreign_keys", "synchronous", "busy_timeout")]
    engine.dispose()
    assert values == ["wal", 1, 1, 10_000]  # synchronous 1 is NORMAL


def test_last_run_outcomes(engine, make_analysis):
    assert last_run_outcomes(engine) == []
    store(engine, make_analysis("d1"))
    with StoreWriter(engine) as writer:
        second = make_analysis("d2", " Two.")
        writer.write([second], [new(second), Outcome("bad.html", "failed", "no text")])
    outcomes = last_run_outcomes(engine)
    assert [(o["origin"], o["status"], o["reason"], o["document"], o["events"]) for o in outcomes] == [
        ("inbox/d2.txt", "new", None, "d2", 2), ("bad.html", "failed", "no text", None, 0)
    ]
    assert outcomes[0]["run"] == outcomes[1]["run"] == 2


def test_unknown_outcome_status_is_refused(engine):
    with pytest.raises(StoreError, match="valid: new, duplicate, skipped, failed"):
        StoreWriter(engine).write([], [Outcome("x", "ok")])


def test_a_race_on_the_same_text_is_caught_by_the_unique_constraint(engine, make_analysis, monkeypatch):
    store(engine, make_analysis("d1"))
    real, calls = writer_module._existing, []

    def blind_once(conn, column, values):  # the first admission pass sees an empty store
        calls.append(column)
        return set() if len(calls) <= 5 else real(conn, column, values)

    monkeypatch.setattr(writer_module, "_existing", blind_once)
    recorded = store(engine, make_analysis("d1"), make_analysis("d2", " New."))
    assert [o.status for o in recorded] == ["duplicate", "new"]
    assert counts(engine)["documents"] == 2


def _url(store_url: str) -> str:
    return store_url if "://" in store_url else f"sqlite:///{store_url}"


def test_a_store_from_before_wikidata_is_migrated(store_url):
    """A store made by migration 0001 alone gains the column and records migration 0002."""
    old = create_engine(_url(store_url))
    with old.begin() as conn:
        t.METADATA.create_all(conn)
        conn.exec_driver_sql("ALTER TABLE actors DROP COLUMN wikidata")
        conn.execute(t.migrations.insert(), {"name": "0001_create_schema", "applied_at": datetime.now(UTC)})
    old.dispose()
    engine = open_store(store_url)
    with engine.connect() as conn:
        assert "wikidata" in {c["name"] for c in inspect(conn).get_columns("actors")}
        assert applied(conn) == [name for name, _ in MIGRATIONS]  # 0002 and every later one
    engine.dispose()


@pytest.mark.parametrize("weapon_offsets", [True, False])
def test_a_store_from_before_cues_is_migrated(store_url, make_analysis, weapon_offsets):
    """A store without weapon offsets or the cues table gains both; old weapons keep null offsets
    and stay off the document's highlights."""
    old = create_engine(_url(store_url))
    with old.begin() as conn:
        t.METADATA.create_all(conn)
        conn.exec_driver_sql("DROP TABLE cues")
        conn.exec_driver_sql('ALTER TABLE event_weapons DROP COLUMN "start"')
        conn.exec_driver_sql('ALTER TABLE event_weapons DROP COLUMN "end"')
        for name in ("0001_create_schema", "0002_actor_wikidata", "0003_full_text"):
            conn.execute(t.migrations.insert(), {"name": name, "applied_at": datetime.now(UTC)})
    old.dispose()
    engine = open_store(store_url)
    with engine.connect() as conn:
        assert {"start", "end"} <= {c["name"] for c in inspect(conn).get_columns("event_weapons")}
        assert inspect(conn).has_table("cues")
        assert applied(conn) == [name for name, _ in MIGRATIONS]
    analysis = make_analysis("d1")
    if not weapon_offsets:
        analysis.events[0].weapons[0].start = analysis.events[0].weapons[0].end = None
    store(engine, analysis)
    document = get_document(engine, "d1")
    assert len(document["weapons"]) == (1 if weapon_offsets else 0)
    assert [c["text"] for c in document["cues"]] == ["rejected"]
    engine.dispose()


def test_rows_asked_by_their_values_are_looked_up_in_an_index(engine):
    """`any_of`: SQLite reaches the rows of a list of (pair, weapon) groups through the index on those
    columns, where a plain list of row values made it scan the table; the condition runs on either backend."""
    tr = t.transfers.c
    columns, groups = (tr.low, tr.high, tr.name), [("IRN", "RUS", "Shahed-136"), ("PRK", "RUS", "KN-23")]
    stmt = select(tr.key).where(any_of(columns, groups))
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            sql = str(stmt.compile(conn, compile_kwargs={"literal_binds": True}))
            plan = " ".join(row[-1] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
            assert "SEARCH transfers USING INDEX ix_transfers_row" in plan and "SCAN transfers" not in plan
        assert conn.execute(stmt).all() == []
