"""The act a request, refusal, halt or lifting is about is folded into that event."""

import pytest

from support import analyse_text

# text -> the events read, as (type, source, target, weapon systems or categories)
CASES = [
    ("Thailand asked last year to buy eight F-35 stealth fighters from the United States.",
     [("REQUEST", "THA", "USA", True)]),
    ("China urged the United States to stop arming Taiwan.", [("REQUEST", "CHN", "USA", False)]),
    ("Tallinn asked Berlin for permission to send the D-30s to Ukraine.", [("REQUEST", "EST", "DEU", True)]),
    ("President Barack Obama has lifted a freeze on deliveries of F-16 fighter jets to Egypt.",
     [("CONCEDE", "person:barack-obama", "EGY", True)]),
    ("Washington suspended a planned sale of precision-guided munitions to Riyadh.",
     [("SANCTION", "USA", "SAU", True)]),
    ("Kyiv had for weeks criticised Berlin for refusing to send it weapons.",
     [("ACCUSE", None, "DEU", False), ("REJECT", "DEU", "UKR", True)]),
    # a denial keeps the act it denies; a speech act asked for stays one
    ("Iran denied that it had shipped missiles to Russia.", [("AID", "IRN", "RUS", True)]),
    ("The Arab League urged the European Union to support the Palestinians.",
     [("REQUEST", "org:arab-league", "org:eu", False), ("SUPPORT", "org:eu", "PSE", False)]),
    # a deal to supply stands beside the supply, and takes its goods
    ("Russia agreed to supply Iran with S-300 missiles.",
     [("AGREE", "RUS", "IRN", True), ("AID", "RUS", "IRN", True)]),
    ("Moscow has already agreed to sell the S-400 to Turkey.",
     [("AGREE", "RUS", "TUR", True), ("AID", "RUS", "TUR", True)]),
]


@pytest.mark.parametrize("text, expected", CASES, ids=[case[0][:50] for case in CASES])
def test_contents_fold_into_their_act(text, expected):
    events = analyse_text(text, vetted=False).events
    assert [(e.type, e.source, e.target, bool(e.weapons)) for e in events] == expected


def test_the_governing_event_takes_the_goods_and_number_of_its_content():
    event, = analyse_text("Indonesia asked France to deliver two Scorpene submarines.", vetted=False).events
    assert (event.type, event.source, event.target) == ("REQUEST", "IDN", "FRA")
    assert [w.system for w in event.weapons] == ["Scorpène"]
    assert event.quantity is not None and event.quantity.min == 2
    assert event.evidence[0].sentence.startswith("Indonesia asked France")
