"""The scorer's party matching (quality/gold.py): a gold party is ours when it is the actor, its state,
or, for a body or a person, one of the names the actor goes by."""

from __future__ import annotations

import pytest

from dossier.quality.gold import _same_actor, _same_row, catalogued, parties_of
from dossier.records import Actor

ACTORS = [Actor("org:eu", "European Union", "organization", None, aliases=["EU"]),
          Actor("org:state-department", "State Department", "organization", "USA"),
          Actor("person:kim-jong-un", "Kim Jong Un", "person", "PRK"), Actor("IRN", "Iran", "state", "IRN")]


@pytest.mark.parametrize("gold, ours, right", [
    ("org:European Union", "org:eu", True),  # by its name
    ("org:EU", "org:eu", True),  # by its alias
    ("USA", "org:state-department", True),  # by its state
    ("org:State Department", "org:state-department", True),
    ("PRK", "person:kim-jong-un", True),
    ("Kim Jong Un", "person:kim-jong-un", True),  # a person's name, as the gold writes it
    ("org:European Commission", "org:eu", False),
    ("IRN", "org:eu", False),
    ("person:European Union", "org:eu", False),  # a name matches only within its kind
    ("IRN", None, False),
    (None, None, True),  # the gold names no party: nothing we found is wrong
])
def test_a_gold_party_matches_the_actor_its_state_or_its_names(gold, ours, right):
    assert _same_actor(gold, ours, parties_of(ACTORS)) is right


@pytest.mark.parametrize("gold, ours", [("A-29", "Super Tucano"), ("MQ-9B", "MQ-9 Reaper"), ("S-400", "S-400"),
                                        ("Not A System", "Not A System"),
                                        # one word of one designation only: the catalogue never matches it alone
                                        ("Abrams", "M1 Abrams"), ("Kilo", "Kilo class"),
                                        ("class", "class")])  # a word many designations hold names none
def test_a_gold_system_is_read_through_the_catalogue(gold, ours):
    assert catalogued(gold) == ours


@pytest.mark.parametrize("gold, ours, right", [
    ("org:Saab", "SWE", True),  # the register is kept by state: a maker the gold names is its state's row
    ("org:Saab", "KOR", False),
    ("org:European Union", "BEL", False),  # a body of no state is no state's
    ("IRN", "IRN", True),
])
def test_a_register_row_party_is_read_by_state(gold, ours, right):
    row = {"supplier": ours, "recipient": "PHL", "system": "Gripen", "category": "aircraft"}
    gold_row = {"supplier": gold, "recipient": "PHL", "system": "Gripen", "category": "aircraft"}
    assert _same_row(gold_row, row, parties_of(ACTORS)) is right
