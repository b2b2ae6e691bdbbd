"""Events a later sentence refers back to: denied accusations, confirmed requests and orders, sanctions in place."""

import pytest

from support import analyse_text

# text -> (type, source, target, factuality, trigger) of the restated event, or None when none is
CASES = [
    ("US officials charged that Iran shipped ballistic missiles to Russia. Iran has rejected the accusations.",
     ("AID", "IRN", "RUS", "denied", "accusations")),
    ("Ukraine said North Korea had sent artillery shells to Russia. Pyongyang dismissed the claims as lies.",
     ("AID", "PRK", "RUS", "denied", "claims")),
    ("Iran has asked Russia for S-400 systems. The request was confirmed by two Iranian officials.",
     ("REQUEST", "IRN", "RUS", "requested", "request")),
    ("Russia agreed to sell 24 Su-35 jets to Iran. A source close to the negotiations confirmed the order.",
     ("AGREE", "RUS", "IRN", "reported", "order")),
    # nothing to refer back to, or a noun that names its own parties or belongs to its verb's event
    ("Iran has rejected the accusations.", None),
    ("Russia delivered the S-300 to Iran in 2016. Iran rejected the accusations of Israel.", None),
    ("Iran has asked Russia for S-400 systems. Russia rejected the request.", None),
    ("The request was confirmed by two officials.", None),
]


@pytest.mark.parametrize("text, expected", CASES, ids=[case[0][:50] for case in CASES])
def test_restated_events(text, expected):
    analysis = analyse_text(text)
    if expected is None:
        restated = [e for e in analysis.events if e.trigger.text in {"accusations", "request", "order"}]
        assert restated == [], [(e.type, e.trigger.text) for e in restated]
        return
    type_, source, target, factuality, trigger = expected
    event = next((e for e in analysis.events if e.trigger.text == trigger and e.type == type_), None)
    assert event is not None, [(e.type, e.trigger.text) for e in analysis.events]
    assert (event.source, event.target, event.factuality) == (source, target, factuality)
    sentence = event.evidence[0]
    assert sentence.start <= event.trigger.start < sentence.end and trigger in sentence.sentence
    assert analysis.document.text[event.trigger.start:event.trigger.end] == trigger


def test_a_sanction_said_to_stand_is_the_one_imposed_before():
    events = analyse_text("The European Union imposed an arms embargo on China in 1989. "
                          "The embargo has been in place since then.").events
    later = [e for e in events if e.type == "SANCTION" and "in place" in e.evidence[0].sentence]
    assert [(e.source, e.target, e.trigger.text) for e in later] == [("org:eu", "CHN", "embargo")]


def test_a_restated_event_keeps_the_weapons_and_takes_its_own_speaker():
    analysis = analyse_text("Iran has asked Russia for S-400 systems, the newspaper said. "
                            "The request was confirmed by two Iranian officials.")
    event = next(e for e in analysis.events if e.trigger.text == "request")
    assert [w.system for w in event.weapons] == ["S-400"]
    assert [a.speaker_text for a in event.attributions] == ["two Iranian officials"]
    assert len({e.id for e in analysis.events}) == len(analysis.events)


@pytest.mark.parametrize("text, weapons, target", [
    ("Russia agreed to sell the S-300 to Iran in 2007. Moscow suspended it in 2010.", ["S-300"], "IRN"),
    ("Russia agreed to sell the S-300 to Iran in 2007. Moscow suspended talks with Kyiv in 2010.", [], "UKR"),
    ("Russia agreed to sell the S-300 to Iran in 2007. Germany suspended it in 2010.", [], None),  # no party to it
    # a party's leader halts it for the party
    ("Iraq ordered 28 Mi-28 helicopters from Russia in 2012. Maliki cancelled it the following month.",
     ["Mi-28"], "RUS"),
    # a halt that names its goods again still takes the other party of the purchase it calls off
    ("Argentina agreed to buy 16 Mirage F1 jets from Spain. Buenos Aires called off the purchase amid doubts "
     "over the aircraft's condition.", ["Mirage F1"], "ESP"),
])
def test_a_halt_of_it_takes_the_transfer_it_refers_to(text, weapons, target):
    [halt] = [e for e in analyse_text(text).events if e.type == "SANCTION"]
    assert [w.system for w in halt.weapons] == weapons and halt.target == target


def test_the_transfer_is_the_one_named_before_between_the_same_parties():
    events = analyse_text("Iran delivered Fath-360 missiles to Russia, US officials said. "
                          "The White House called the transfer a dramatic escalation.").events
    transfer = next(e for e in events if e.trigger.text == "transfer")
    assert (transfer.source, transfer.target) == ("IRN", "RUS")
    assert [w.system for w in transfer.weapons] == ["Fath-360"]
    accusation = next(e for e in events if e.type == "ACCUSE")
    assert (accusation.source, accusation.target) == ("USA", "IRN")  # aimed at the transfer's doer


def _transfer(kind, source, target, system="S-300"):
    from dossier.records import Event, Span, Weapon

    return Event(f"e-{kind}-{source}-{target}", kind, None, source, target, Span(0, 1, "x"),
                 weapons=[Weapon(system, "air defence", system)])


@pytest.mark.parametrize("others, gap, filled", [
    ([("AID", "RUS", "IRN")], ("AGREE", None, None), ("RUS", "IRN")),  # 'the contract covers five S-300 units'
    ([("AID", "RUS", "IRN")], ("AGREE", "RUS", None), ("RUS", "IRN")),
    ([("AID", "RUS", "IRN")], ("REQUEST", None, None), ("IRN", "RUS")),  # the asker receives
    ([("AID", "RUS", "IRN"), ("AID", "RUS", "POL")], ("AGREE", "RUS", None), ("RUS", None)),  # two recipients
    ([("AID", "RUS", "IRN", "S-400")], ("AGREE", None, None), (None, None)),  # another system
    ([], ("AGREE", None, None), (None, None)),  # nothing names the parties
])
def test_a_transfer_missing_a_party_takes_it_from_the_same_system_elsewhere(others, gap, filled):
    from dossier.extract.restated import complete_by_weapon

    events = [_transfer(*other) for other in others]
    event = _transfer(*gap)
    complete_by_weapon(events + [event], {})
    assert (event.source, event.target) == filled
