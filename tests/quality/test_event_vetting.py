"""The learned event scorer (extract/vetting.py): the shipped model was trained on the gold files as
they are now, the readings it may complete an event with, and what it does with its scores."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from dossier.extract.vetting import (MODEL_FILE, Fill, VettingModel, event_features, fill_options,
                                     read_document, shipped_model, vet_events)
from dossier.quality.train_vetting import SEEDS, choose_thresholds, training_inputs
from dossier.quality.train_roles import inputs_sha256
from dossier.records import Actor, Document, Event, EventAttribution, Evidence, Location, Mention, Span

TEXT = ("Russia delivered jets to Iran. Iran paid for them. The jets arrived in Tehran. "
        "Officials in Kyiv said the deal worried them.")


def _sentence(start: int) -> Evidence:
    end = TEXT.index(".", start) + 1
    return Evidence("d", start, end, TEXT[start:end])


def _event(kind, source, target, word, location=None) -> Event:
    start = TEXT.index(word)
    event = Event(f"d:{start}", kind, None, source, target, Span(start, start + len(word), word),
                  location=location)
    event.evidence = [_sentence(TEXT.rfind(". ", 0, start) + 2 if ". " in TEXT[:start] else 0)]
    return event


ACTORS = [Actor("RUS", "Russia", "state", "RUS"), Actor("IRN", "Iran", "state", "IRN"),
          Actor("UKR", "Ukraine", "state", "UKR"), Actor("person:official", "official", "person", "UKR")]
MENTIONS = [Mention("d", TEXT.index("Russia"), TEXT.index("Russia") + 6, "Russia", "RUS"),
            Mention("d", TEXT.index("Iran"), TEXT.index("Iran") + 4, "Iran", "IRN"),
            Mention("d", TEXT.index("Iran paid"), TEXT.index("Iran paid") + 4, "Iran", "IRN"),
            Mention("d", TEXT.index("Kyiv"), TEXT.index("Kyiv") + 4, "Kyiv", "UKR")]
DOCUMENT = Document("d", TEXT, "", published="2024-01-01")


def _card() -> dict:
    return json.loads(resources.files("dossier.resources").joinpath(MODEL_FILE).read_text(encoding="utf-8"))["card"]


@pytest.mark.skipif(not all(p.exists() for p in training_inputs()) or not SEEDS.is_dir(),
                    reason="shared data (the seed reports) not found")
def test_the_model_was_trained_on_the_current_gold():
    assert _card()["inputs_sha256"] == inputs_sha256(training_inputs()), \
        "gold changed: rebuild with python -m dossier.quality.train_vetting train"


def test_the_shipped_model_loads_with_thresholds_in_range():
    model = shipped_model()
    assert model is not None and 0.0 <= model.keep < 1.0 and 0.0 < model.fill
    reading = read_document([], ACTORS, MENTIONS, DOCUMENT)
    assert 0.0 < model.probability(event_features(_event("AID", "RUS", "IRN", "delivered"), reading)) < 1.0


def test_the_readings_offered_for_a_missing_party_are_one_per_state_and_never_the_known_side():
    events = [_event("AID", "RUS", "IRN", "delivered"), _event("AID", "IRN", None, "paid"),
              _event("MOBILIZE", "RUS", None, "arrived", Location("Tehran", "IRN"))]
    reading = read_document(events, ACTORS, MENTIONS, DOCUMENT)
    assert fill_options(events[1], reading) == [(Fill(("partner", "most_named"), "target"), "RUS")]
    # the partner, the place and the most named are one state: offered once, with every way it was found
    assert fill_options(events[2], reading) == [(Fill(("partner", "place", "most_named"), "target"), "IRN")]
    # no partner, no place, only the known side nearby: the most named other state
    lone = _event("ACCUSE", "UKR", None, "worried")
    assert fill_options(lone, reading) == [(Fill(("most_named",), "target"), "IRN")]


def test_a_doer_left_out_may_be_the_one_who_tells_of_it():
    event = _event("SANCTION", None, "IRN", "paid")
    event.attributions = [EventAttribution("UKR", "Officials in Kyiv", "official", "said", None)]
    reading = read_document([event], ACTORS, MENTIONS, DOCUMENT)
    assert any("speaker" in fill.found_by and actor == "UKR" for fill, actor in fill_options(event, reading))
    # only a doer left out is read from the speaker
    aimed = _event("SANCTION", "IRN", None, "paid")
    aimed.attributions = event.attributions
    assert all("speaker" not in fill.found_by for fill, _ in fill_options(aimed, reading))


def test_a_one_sided_event_names_only_the_known_side_nearby():
    event = _event("AID", "IRN", None, "paid")
    reading = read_document([event], ACTORS, MENTIONS, DOCUMENT)
    assert all("nearest" not in fill.found_by for fill, _ in fill_options(event, reading))


# a hand-made model: an event naming its target in its sentence is trusted, a reading found as the
# document's usual partner is trusted, anything else is doubted
_MODEL = VettingModel({"target_named_there": 4.0, "filled_by=partner": 6.0, "filled_by=most_named": -3.0},
                      -2.0, keep=0.5, fill=0.5)


def test_a_doubted_event_is_held_back_with_its_target_among_the_others():
    trusted, doubted = _event("AID", "RUS", "IRN", "delivered"), _event("AGREE", "UKR", "RUS", "deal")
    vet_events([trusted, doubted], read_document([trusted, doubted], ACTORS, MENTIONS, DOCUMENT), _MODEL)
    assert (trusted.source, trusted.target) == ("RUS", "IRN") and not trusted.incomplete
    assert doubted.incomplete and doubted.source == "UKR" and doubted.others == ["RUS"]


def test_a_one_sided_event_is_completed_only_with_a_trusted_reading():
    events = [_event("AID", "RUS", "IRN", "delivered"), _event("AID", "IRN", None, "paid"),
              _event("THREATEN", None, None, "worried")]
    vet_events(events, read_document(events, ACTORS, MENTIONS, DOCUMENT), _MODEL)
    assert (events[1].source, events[1].target) == ("IRN", "RUS")
    assert (events[2].source, events[2].target) == (None, None)  # nothing to read a side from
    never = VettingModel(_MODEL.weights, _MODEL.bias, keep=0.0, fill=1.1)
    lone = _event("AID", "IRN", None, "paid")
    vet_events([events[0], lone], read_document([events[0], lone], ACTORS, MENTIONS, DOCUMENT), never)
    assert lone.target is None


def test_every_event_is_judged_against_the_rules_reading():
    """Holding one event back must not change how another is judged (its pair counts still stand)."""
    first, second = _event("AID", "RUS", "IRN", "delivered"), _event("AID", "IRN", None, "paid")
    doubting = VettingModel({"filled_by=partner": 6.0}, -2.0, keep=0.5, fill=0.5)
    vet_events([first, second], read_document([first, second], ACTORS, MENTIONS, DOCUMENT), doubting)
    assert first.incomplete and second.target == "RUS"


@pytest.mark.parametrize("scored, chosen", [
    ({(0.2, 0.5): [(52, 100, 70, 100)], (0.4, 1.1): [(49, 100, 90, 100)]}, (0.2, 0.5)),  # no whole event lost
    ({(0.4, 1.1): [(49, 100, 90, 100)]}, (0.0, 1.1)),  # every setting loses whole events: the rules
    ({(0.1, 1.1): [(50, 100, 60, 100)]}, (0.0, 1.1)),  # no gain: the rules
])
def test_thresholds_keep_every_whole_event_and_gain_most(scored, chosen):
    assert choose_thresholds(scored, [(50, 100, 60, 100)]) == chosen
