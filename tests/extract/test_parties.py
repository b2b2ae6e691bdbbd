"""The party the grammar left out, from the actors around the event (extract/parties.py)."""

from __future__ import annotations

import pytest

from dossier.extract.parties import complete_parties
from dossier.records import Attribution, Event, Mention, Span

TEXT = "Israel struck Aleppo on Tuesday. Syria condemned the attack on Iran, Damascus said."
STARTS = [0, 33]  # where each sentence begins
ISRAEL, SYRIA, IRAN, DAMASCUS = (Mention("d", TEXT.index(name), TEXT.index(name) + len(name), name, actor)
                                 for name, actor in [("Israel", "ISR"), ("Syria", "SYR"), ("Iran", "IRN"),
                                                     ("Damascus", "SYR")])
SAID = Attribution("a", "d", Span(DAMASCUS.start, DAMASCUS.end, "Damascus"), Span(78, 82, "said"),
                   Span(33, 67, "content"), "SYR", "government")
CONDEMNED = (TEXT.index("condemned"), TEXT.index("condemned") + 9)


def _event(kind, source, target, start, end):
    return Event("e", kind, None, source, target, Span(start, end, TEXT[start:end]))


@pytest.mark.parametrize("event, mentions, expected", [
    (_event("ACCUSE", "SYR", None, *CONDEMNED), [ISRAEL, SYRIA, IRAN, DAMASCUS], ("SYR", "IRN")),
    # only the event's own sentence: Israel, in the sentence before, is not taken
    (_event("ACCUSE", "SYR", None, *CONDEMNED), [ISRAEL, SYRIA, DAMASCUS], ("SYR", None)),
    # only the gaps that fill well are filled: an attack's target is left alone
    (_event("ASSAULT", "ISR", None, 7, 13), [ISRAEL, SYRIA, IRAN], ("ISR", None)),
    # a visit's missing source may be the one who speaks, before a nearer actor
    (_event("CONSULT", None, "ISR", *CONDEMNED), [ISRAEL, IRAN, DAMASCUS], ("SYR", "ISR")),
])
def test_a_gap_is_filled_from_the_actors_in_the_events_sentence(event, mentions, expected):
    complete_parties([event], mentions, [SAID], {}, STARTS)
    assert (event.source, event.target) == expected


def test_a_missing_target_is_never_the_one_who_speaks_nor_of_the_known_partys_country():
    event = _event("ACCUSE", "person:bashar-al-assad", None, *CONDEMNED)
    complete_parties([event], [SYRIA, DAMASCUS], [SAID], {"person:bashar-al-assad": "SYR"}, STARTS)
    assert event.target is None
