"""Places below the state (places.tsv): every country is a state the gazetteer knows, no name is listed
twice or shadows a state's own names, and places name no actor."""

from __future__ import annotations

import pytest

from dossier import lexicons
from dossier.annotate import load_pipeline
from dossier.extract.actors import actors_and_mentions


def test_every_place_lies_in_a_known_state():
    states = {entry.country for entry in lexicons.states().values()}
    places = lexicons.places()
    assert len(places) >= 90
    assert set(places.values()) <= states


def test_no_place_is_listed_twice_or_shadows_a_state():
    names = [name for row in lexicons.read_table("places.tsv")
             for name in [row["name"], *lexicons.split_list(row["aliases"])]]
    assert len(names) == len(set(names))
    assert not set(names) & set(lexicons.states()), "a state's name or metonym belongs in states.tsv"


@pytest.mark.parametrize("text", ["Russian forces shelled Kharkiv overnight.", "Odesa was hit again."])
def test_a_place_is_never_an_actor(text):
    actors, _ = actors_and_mentions(load_pipeline()(text), "doc")
    assert {a.kind for a in actors} <= {"state"}
