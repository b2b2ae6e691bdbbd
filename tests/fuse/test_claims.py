"""Claims from events told by several documents: linking, independence, disputes."""

from __future__ import annotations

import itertools
import random
from datetime import date, timedelta

import pytest

from dossier.fuse.claims import (QUIET, Claim, Signature, answered_by_every, answering_marks, answering_signature_marks,
                                 build_claims, period, periods, signature_marks)
from dossier.fuse.dates import overlap
from dossier.fuse.duplicates import band_keys, story_groups

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


def _grouped_against_every_copy(documents: list[tuple[str, str]]) -> dict[str, str]:
    """Story groups as the store found them before `story_keys`: the least story among every earlier
    document that shares a band key with the new one."""
    holders: dict[str, list[str]] = {}
    group: dict[str, str] = {}
    for doc_id, text in documents:
        keys = band_keys(text)
        copies = {other for key in keys for other in holders.get(key, ())}
        group[doc_id] = min((group[other] for other in copies), default=doc_id)
        for key in keys:
            holders.setdefault(key, []).append(doc_id)
    return group


def test_the_least_story_under_each_key_groups_as_every_earlier_copy_does():
    """Chains of copies, each sharing some band keys with some earlier ones, under ids that do not
    sort in the order stored: reading the least story under each key (one row a key) gives the
    groups that reading every document under it gave."""
    rng = random.Random(10)
    sentences = [f"Report {n} says {' '.join(rng.choice(['drones', 'missiles', 'tanks', 'Iran', 'Russia', 'shipped', 'denied', 'on', 'the', 'of']) for _ in range(12))}."
                 for n in range(40)]
    documents, stories = [], [rng.sample(range(40), 12) for _ in range(8)]
    for n in range(120):
        chosen = list(rng.choice(stories))
        for _ in range(rng.choice([0, 0, 1, 3, 6])):  # edits: some copies stay close, some drift away
            chosen[rng.randrange(len(chosen))] = rng.randrange(40)
        documents.append((f"doc-{rng.randrange(10**6):06d}-{n}", " ".join(sentences[i] for i in chosen)))
    groups = story_groups(documents)
    assert groups == _grouped_against_every_copy(documents)
    assert 1 < len(set(groups.values())) < len(documents) / 2  # copies grouped, stories kept apart
    assert any(story != min(d for d, s in groups.items() if s == story) for story in groups.values())


@pytest.mark.parametrize("when, filed", [
    (None, None),
    (("2024-03-05", "2024-03-05"), "2024-03"),
    (("2024-01-01", "2024-12-31"), "2024-01"),  # a year
    (("2023-12-01", "2025-01-31"), "2023-12"),  # thirteen months on: still by month
    (("2023-12-01", "2025-02-01"), None),  # wider: read by every dated event of its weapons
])
def test_the_month_a_claim_is_filed_under(when, filed):
    assert period(when) == filed


def test_a_dated_event_reads_every_month_a_claim_it_overlaps_is_filed_under():
    """`periods` of an event covers the month of every claim sharing a day with it."""
    rng = random.Random(3)

    def span() -> tuple[str, str]:
        start = date(2000, 1, 1) + timedelta(days=rng.randrange(9000))
        return start.isoformat(), (start + timedelta(days=rng.choice([0, 20, 62, 364, 420, 2000]))).isoformat()

    checked = 0
    for _ in range(5000):
        claim, event = span(), span()
        if overlap(claim, event) and period(claim) is not None:
            first, last = periods(event)
            assert first <= period(claim) <= last, (claim, event)
            checked += 1
    assert checked > 100
    assert periods(("0001-02-01", "0001-02-03")) == ("0001-01", "0001-02")  # the calendar's first months


WEAPONS = [("Iskander", "missiles"), ("Kh-101", "missiles"), (None, "missiles"), ("Shahed-136", "drones"),
           (None, "drones"), (None, "other")]


@pytest.mark.parametrize("kind", ["AID", "ATTACK"])
def test_a_signature_and_the_claims_it_answers_find_each_other_by_their_marks(kind):
    """Claims filed under `Claim.marks` and signatures under `signature_marks`: a claim that names no
    weapon category is answered by every signature (`answered_by_every`, filed under `QUIET`); for
    the others, a signature's `answering_marks` reach exactly the claims it answers, and a claim's
    `answering_signature_marks` exactly the signatures that answer it, for every pair of weapons of
    up to two kinds."""
    weapon_sets = [c for n in range(3) for c in itertools.combinations(WEAPONS, n)]
    checked, by_key = 0, 0
    for claimed, denied, when in itertools.product(weapon_sets, weapon_sets, [None, ("2024-01-01", "2024-01-31")]):
        key = (kind, "IRN", "RUS")
        claim = Claim(key, False, {s for s, _ in claimed if s}, {c for _, c in claimed}, when)
        signature = Signature(key, frozenset(s for s, _ in denied if s), frozenset(c for _, c in denied))
        answering = answering_marks(signature)
        answered = claim.answered_by(signature)
        assert answered_by_every(claim.categories) == (QUIET in claim.marks()) == (not claimed), claimed
        if answered_by_every(claim.categories):
            assert answered and QUIET not in signature_marks(signature), (claimed, denied)
            by_key += 1
            continue
        assert answered == (answering is None or bool(claim.marks() & answering)), (claimed, denied)
        assert answered == bool(signature_marks(signature) & answering_signature_marks(claim)), (claimed, denied)
        checked += answered
    assert 0 < checked < len(weapon_sets) ** 2 * 2 and by_key == len(weapon_sets) * 2


def test_a_claim_that_names_another_system_leaves_the_denial_it_answered():
    """A claim about missiles answers a denial of the Iskander until it names the Kh-101: then the
    denial stands alone (the store relinks claims whose weapons change)."""
    iskander = [("Iskander", "missiles")]
    events = [event("a", "d1", weapons=[(None, "missiles")]), event("c", "d3", factuality="denied", weapons=iskander)]
    assert statuses(events) == [("disputed", ("a", "c"))]
    events.insert(1, event("b", "d2", weapons=[("Kh-101", "missiles")]))
    assert statuses(events) == [("corroborated", ("a", "b")), ("single_source", ("c",))]
