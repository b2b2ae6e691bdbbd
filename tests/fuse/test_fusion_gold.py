"""Cross-document fusion against hand-written gold: the real pipeline over 13 short reports.

Gold and its conventions: tests/gold/fusion/expected.json. Expectations marked `known_gap` fail
because of extraction, not fusion, and are xfailed with their reason.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import create_engine, select

from dossier.fuse.duplicates import story_groups
from dossier.pipeline import ingest
from dossier.settings import Settings
from dossier.store import schema
from dossier.store import list_claims, list_transfers, open_store
from dossier.store.queries import iter_events

GOLD = Path(__file__).parents[1] / "gold" / "fusion"
EXPECTED = json.loads((GOLD / "expected.json").read_text())


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    db = tmp_path_factory.mktemp("fusion") / "fusion.db"
    summary = ingest([GOLD / "reports.jsonl"], Settings(db=str(db)))
    assert summary.counts["new"] == 13
    with create_engine(f"sqlite:///{db}").connect() as conn:
        events = {e["id"]: e for e in iter_events(conn)}
        texts = dict(conn.execute(select(schema.documents.c.id, schema.documents.c.text)).all())
        mentions = conn.execute(select(schema.mentions.c.document, schema.mentions.c.text,
                                       schema.actors.c.country).join(
            schema.actors, schema.actors.c.id == schema.mentions.c.actor)).all()
    engine = open_store(str(db), readonly=True)
    fusion = SimpleNamespace(claims=list_claims(engine), transfers=list_transfers(engine))  # as the writer keeps them
    engine.dispose()
    with create_engine(f"sqlite:///{db}").connect() as conn:
        yield {"fusion": fusion, "events": events, "texts": texts, "mentions": mentions}


def _check(expected: dict, check, *args) -> None:
    """Runs `check`; a known gap must still fail (xfail), and says so when it starts passing."""
    if "known_gap" not in expected:
        check(*args, expected)
        return
    try:
        check(*args, expected)
    except AssertionError:
        pytest.xfail(expected["known_gap"])
    pytest.fail(f"known gap now passes, remove it from expected.json: {expected['known_gap']}")


def _names(items: list[dict]) -> list[str]:
    return [item["name"] for item in items]


def _claim_matches(claim: dict, expected: dict, events: dict) -> bool:
    weapons = [w for e in claim["events"] for w in events[e]["weapons"]]
    named = (any(w["system"] == expected["system"] for w in weapons) if expected["system"]
             else any(w["category"] == expected["category"] for w in weapons))
    supporting = {v["document"] for v in claim["supporting"]}
    parties = (claim["type"], claim["source"], claim["target"]) == (
        expected["type"], expected["source"], expected["target"])
    return parties and named and supporting >= set(expected["supporting"])


@pytest.mark.parametrize("expected", EXPECTED["claims"], ids=_names(EXPECTED["claims"]))
def test_claims(store, expected):
    _check(expected, _check_claim, store)


def _check_claim(store, expected):
    found = [c for c in store["fusion"].claims if _claim_matches(c, expected, store["events"])]
    assert found, f"no claim for {expected['name']}"
    claim = min(found, key=lambda c: len(c["documents"]))  # a report may tell two stages: the closest claim
    assert claim["status"] == expected["status"]
    if "independent_stories" in expected:
        assert claim["independent_stories"] == expected["independent_stories"]
    for other in expected.get("not_with", []):
        assert other not in claim["documents"]
    for denial in expected.get("disputing", []):
        assert any(v["document"] == denial["report"] and denial["sentence_contains"] in v["sentence"]
                   and denial["speaker_contains"] in (v["speaker_text"] or "") for v in claim["disputing"])


def test_an_approved_possible_sale_never_joins_the_contract(store):
    approval, contract = "fz-f35-approval", "fz-f35-contract"
    assert not [c for c in store["fusion"].claims if {approval, contract} <= set(c["documents"])]


def test_near_duplicate_copies_form_one_story(store):
    groups = story_groups(store["texts"].items())
    for first, copy in EXPECTED["copies"]:
        assert groups[copy] == groups[first]
    copies = {doc for pair in EXPECTED["copies"] for doc in pair}
    assert len({groups[d] for d in groups if d not in copies}) == len(groups) - len(copies)


@pytest.mark.parametrize("expected", EXPECTED["actors"], ids=[f"{a['report']}:{a['text']}" for a in EXPECTED["actors"]])
def test_one_actor_however_named(store, expected):
    _check(expected, _check_actor, store)


def _check_actor(store, expected):
    countries = {country for doc, text, country in store["mentions"]
                 if doc == expected["report"] and text.lower() == expected["text"].lower()}
    assert countries == {expected["country"]}


def _row(store, expected: dict) -> dict:
    rows = [r for r in store["fusion"].transfers
            if (r["supplier"], r["recipient"], r["system"], r["category"]) == (
                expected["supplier"], expected["recipient"], expected["system"], expected["category"])]
    assert len(rows) == 1, f"expected one row for {expected['name']}, found {len(rows)}"
    return rows[0]


def _in_order(wanted: list[str], statuses: list[str]) -> bool:
    remaining = iter(statuses)
    return all(status in remaining for status in wanted)


@pytest.mark.parametrize("expected", EXPECTED["register"], ids=_names(EXPECTED["register"]))
def test_register(store, expected):
    _check(expected, _check_row, store)


def _check_row(store, expected):
    row = _row(store, expected)
    if "status" in expected:
        assert row["status"] == expected["status"]
    if "history" in expected:
        statuses = [step["status"] for step in row["history"]]
        assert _in_order(expected["history"], statuses), statuses
        assert all(step["sentence"] and step["document"] for step in row["history"])
    assert set(expected.get("documents", [])) <= set(row["documents"])
    for figure in expected.get("figures", []):
        assert _figure(figure) in [_figure_of(f) for f in row["figures"]], row["figures"]


def _figure(figure: dict) -> tuple:
    number = tuple(figure["number"]) if figure["number"] else None
    return figure["report"], number, figure["value"]


def _figure_of(found: dict) -> tuple:
    number = (found["number"]["min"], found["number"]["max"]) if found["number"] else None
    return found["document"], number, (found["value"] or {}).get("amount")


def test_conflicting_figures_stand_side_by_side(store):
    row = _row(store, EXPECTED["register"][0])
    numbers = {(f["number"]["min"], f["number"]["max"]) for f in row["figures"] if f["number"]}
    assert {(5, 6), (4, 4)} <= numbers
    assert len({f["document"] for f in row["figures"]}) >= 2
