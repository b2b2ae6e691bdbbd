"""The learned role scorer (extract/roles.py): the shipped model was trained on the gold files as they
are now (a gold change forces `python -m dossier.quality.train_roles train`), and its choice follows
the rules it is used under, in a table."""

from __future__ import annotations

import dataclasses
import json
from importlib import resources

import pytest

from dossier.extract.roles import MODEL_FILE, Candidate, RoleModel, choose, shipped_model
from dossier.quality.train_roles import SEEDS, inputs_sha256, training_inputs
from dossier.records import Event, Span


def _card() -> dict:
    return json.loads(resources.files("dossier.resources").joinpath(MODEL_FILE).read_text(encoding="utf-8"))["card"]


@pytest.mark.skipif(not all(p.exists() for p in training_inputs()) or not SEEDS.is_dir(),
                    reason="shared data (PLOVER GSR, seeds) not found")
def test_the_model_was_trained_on_the_current_gold():
    assert _card()["inputs_sha256"] == inputs_sha256(), "gold changed: rebuild with train_roles train"


def test_the_shipped_model_loads_and_scores():
    model = shipped_model()
    assert model is not None and model.mode in {"fill", "override", "ranker"}
    p = model.probability("source", {"rules_source": 1.0, "first=nsubj": 1.0})
    assert 0.0 < p < 1.0


# a hand-made model: the 'subject' feature says source, 'object' says target
_MODEL = RoleModel({"source": {"subject": 4.0, "object": -4.0}, "target": {"subject": -4.0, "object": 4.0}},
                   {"source": 0.0, "target": 0.0}, mode="override", threshold=0.5, margin=0.2)


def _event(source, target):
    return Event("d:e1", "AID", None, source, target, Span(0, 4, "sent"))


@pytest.mark.parametrize("rules, candidates, alone, expected", [
    (("RUS", "IRN"), {"RUS": "subject", "IRN": "object"}, True, ("RUS", "IRN")),  # agrees with the rules
    (("IRN", "RUS"), {"RUS": "subject", "IRN": "object"}, True, ("IRN", "RUS")),  # no swap, one side at a time
    (("IRN", "UKR"), {"RUS": "subject", "UKR": "object", "IRN": "none"}, True, ("RUS", "UKR")),  # by the margin
    (("IRN", "UKR"), {"RUS": "subject", "UKR": "object"}, False, ("IRN", "UKR")),  # a conjoined copy is kept
    (("IRN", None), {"RUS": "subject", "UKR": "object"}, True, ("RUS", None)),  # override never fills
    (("IRN", "RUS"), {"USA": "subject", "IRN": "outside", "RUS": "object"}, True, ("IRN", "RUS")),  # read before
    (("IRN", "RUS"), {"person:putin": "subject", "RUS": "object", "IRN": "none"}, True, ("IRN", "RUS")),  # one side
])
def test_override_table(rules, candidates, alone, expected):
    found = [Candidate(actor, {kind: 1.0}) for actor, kind in candidates.items()]
    countries = {"person:putin": "RUS"}
    assert choose(_event(*rules), found, _MODEL, countries, alone) == expected


@pytest.mark.parametrize("override, ranker, chosen", [
    ((52, 100, 61, 100), (50, 100, 60, 100), "override"),  # gains on both: chosen
    ((55, 100, 58, 100), (50, 100, 60, 100), "fill"),  # more whole events but less precision: not fair
    ((50, 100, 60, 100), (51, 100, 62, 100), "ranker"),
])
def test_the_rebuild_ships_the_way_of_using_scores_that_gains_most_without_losing(override, ranker, chosen):
    from dossier.quality.train_roles import best_mode

    rules = (50, 100, 60, 100)  # whole, gold, right, emitted
    table = {"a": {"rules": rules, "fill": rules, "override": override, "ranker": ranker}}
    assert best_mode(table) == chosen


@pytest.mark.parametrize("mode", ["override", "fill", "ranker"])
@pytest.mark.parametrize("rules", [(None, None), ("IRN", None), (None, "RUS"), ("IRN", "RUS")])
@pytest.mark.parametrize("alone", [True, False])
def test_candidates_are_skipped_only_where_the_choice_cannot_change(mode, rules, alone):
    """`assign_roles` gathers candidates only where `may_change`: wherever it says no, no candidates
    (even ones scoring at certainty) move a party."""
    model = dataclasses.replace(_MODEL, mode=mode, threshold=0.0, margin=0.0)
    if model.may_change(_event(*rules), alone):
        return
    strong = [Candidate(actor, {"subject": 10.0, "object": 10.0}) for actor in ("USA", "CHN")]
    assert choose(_event(*rules), strong, model, {}, alone) == rules
