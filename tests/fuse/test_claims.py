"""Claims from events told by several documents: linking, independence, disputes."""

from __future__ import annotations

import pytest

from dossier.fuse.claims import build_claims
from dossier.fuse.duplicates import story_groups

COUNTRIES = {"IRN": "IRN", "RUS": "RUS", "person:vladimir-putin": "RUS", "UKR": "UKR"}


def event(id, document, type="AID", source="IRN", target="RUS", factuality="asserted",
          weapons=(), date=None):
    return {"id": id, "document": document, "type": type, "source": source, "target": target,
            "factuality": factuality, "date": {"start": date, "end": date, "text": date} if date else None,
            "weapons": [{"system": s, "category": c, "text": s or c} for s, c in weapons],
            "attributions": [], "evidence": [{"document": document, "start": 0, "end": 10, "sentence": id}]}


DRONES = [(None, "drones")]
MISSILES = [("Fath-360", "missiles")]


def statuses(events, stories=None):
    return sorted((c["status"], tuple(c["events"])) for c in build_claims(events, COUNTRIES, stories or {}))


def test_two_documents_corroborate():
    assert statuses([event("a", "d1", weapons=DRONES), event("b", "d2", weapons=DRONES)]) == [
        ("corroborated", ("a", "b"))]


def test_copies_of_one_story_count_once():
    events = [event("a", "d1", weapons=DRONES), event("b", "d2", weapons=DRONES)]
    assert statuses(events, {"d1": "d1", "d2": "d1"}) == [("single_source", ("a", "b"))]


def test_a_denial_disputes_every_claim_it_answers():
    events = [event("a", "d1", weapons=DRONES), event("b", "d2", factuality="alleged", weapons=MISSILES),
              event("c", "d3", factuality="denied", weapons=[(None, "other")])]
    assert statuses(events) == [("disputed", ("a", "c")), ("disputed", ("b", "c"))]


def test_claim_ids_stay_unique_when_a_denial_answers_several_claims():
    events = [event("b", "d1", weapons=DRONES), event("c", "d2", factuality="alleged", weapons=MISSILES),
              event("a", "d3", factuality="denied", weapons=[(None, "other")])]
    ids = [claim["id"] for claim in build_claims(events, COUNTRIES, {})]
    assert sorted(ids) == ["claim:b", "claim:c"]


def test_a_denial_of_drones_leaves_missiles_alone():
    events = [event("b", "d2", factuality="alleged", weapons=MISSILES),
              event("c", "d3", factuality="denied", weapons=DRONES)]
    assert statuses(events) == [("single_source", ("b",)), ("single_source", ("c",))]


@pytest.mark.parametrize("first, second, linked", [
    (dict(date="2016"), dict(date="2016-04"), True),
    (dict(date="2016"), dict(date="2022"), False),
    (dict(weapons=MISSILES), dict(weapons=[("Shahed-136", "drones")]), False),
    (dict(weapons=MISSILES), dict(weapons=[(None, "missiles")]), True),
    (dict(weapons=MISSILES), dict(), False),
    (dict(source="person:vladimir-putin", target="IRN", weapons=DRONES),
     dict(source="RUS", target="IRN", weapons=DRONES), True),
    (dict(), dict(), False),  # transfers naming neither weapon nor date may be any two transfers
    (dict(date="2016"), dict(date="2016"), True),
    (dict(type="CONSULT"), dict(type="CONSULT"), True),
    (dict(type="AID"), dict(type="AGREE"), False),
    # found by the fuzz suite: widening a day at the calendar's ends by DAY_SLACK raised OverflowError
    (dict(date="9999-12-31"), dict(date="9999-12-01"), True),
    (dict(date="0001-01-01"), dict(date="0001-01-20"), True),
])
def test_what_links_two_events(first, second, linked):
    claims = build_claims([event("a", "d1", **first), event("b", "d2", **second)], COUNTRIES, {})
    assert (len(claims) == 1) == linked


def test_near_duplicate_texts_form_one_story():
    base = ("Russia has completed the delivery of the S-300 air defence system to Iran, the Iranian defence "
            "minister said on Tuesday, ending a contract that was signed in 2007 and suspended in 2010. ")
    groups = story_groups([("a", base * 3), ("b", base * 3 + "Reporting by a wire service."),
                           ("c", "Egypt has ordered thirty more Rafale fighter jets from France in a deal "
                                 "reported at about four billion euros, the Egyptian army said on Tuesday.")])
    assert groups == {"a": "a", "b": "a", "c": "c"}


def test_a_claim_that_names_another_system_leaves_the_denial_it_answered():
    """A claim about missiles answers a denial of the Iskander until it names the Kh-101: then the
    denial stands alone (the store relinks claims whose weapons change)."""
    iskander = [("Iskander", "missiles")]
    events = [event("a", "d1", weapons=[(None, "missiles")]), event("c", "d3", factuality="denied", weapons=iskander)]
    assert statuses(events) == [("disputed", ("a", "c"))]
    events.insert(1, event("b", "d2", weapons=[("Kh-101", "missiles")]))
    assert statuses(events) == [("corroborated", ("a", "b")), ("single_source", ("c",))]
