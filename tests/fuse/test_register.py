"""The transfer register from hand-built events: step statuses, parties, history order, figures."""

from __future__ import annotations

import pytest

from dossier.fuse.register import is_offer, ranked_register, step_status
from dossier.quality.sets import fused_transfers

from support import analyse_text

COUNTRIES = {"IRN": "IRN", "RUS": "RUS", "USA": "USA", "POL": "POL", "person:vladimir-putin": "RUS"}
S300 = [("S-300", "air defence")]


def event(id, document="d1", type="AID", source="RUS", target="IRN", factuality="asserted", weapons=S300,
          date=None, trigger="delivered", sentence="", quantity=None, value=None, mode=None):
    return {"id": id, "document": document, "type": type, "mode": mode, "source": source, "target": target,
            "factuality": factuality, "date": {"start": date, "end": date, "text": date} if date else None,
            "weapons": [{"system": s, "category": c, "text": s or c} for s, c in weapons],
            "quantity": {"min": quantity[0], "max": quantity[1], "text": "n"} if quantity else None,
            "value": {"amount": value, "currency": "USD", "text": "v"} if value else None,
            "trigger": {"start": 0, "end": len(trigger), "text": trigger}, "attributions": [],
            "evidence": [{"document": document, "start": 0, "end": 10, "sentence": sentence or id}]}


@pytest.mark.parametrize("kwargs, status", [
    (dict(type="REQUEST", factuality="requested", trigger="asked"), "requested"),
    # a signature is an order, unless what is signed is an agreement: 'signed for 14 F-16s', 'signed a pact'
    (dict(type="AGREE", trigger="signed", sentence="Slovakia signed for 14 F-16 Block 70s in December."), "ordered"),
    (dict(type="AGREE", trigger="signed", sentence="Iran and Russia signed an agreement on military cooperation."),
     "agreed"),
    (dict(type="AGREE", trigger="ordered"), "ordered"),
    (dict(type="AGREE", trigger="bought"), "ordered"),
    (dict(type="AID", trigger="started", sentence="Russia started shipping the S-300."), "delivering"),
    (dict(type="AGREE", factuality="reported", trigger="contract"), "ordered"),
    (dict(type="AGREE", factuality="expected", trigger="agree"), "offered"),
    (dict(type="AGREE", factuality="reported", trigger="approved",
          sentence="The State Department has approved a possible sale to Poland of 32 F-35 jets."), "offered"),
    (dict(type="AID", factuality="expected", trigger="send"), "agreed"),
    (dict(type="AID", trigger="delivering", sentence="Russia has begun delivering the S-300 to Iran."), "delivering"),
    (dict(type="AID", trigger="delivered", sentence="Russia has delivered the first S-300 systems to Iran."),
     "delivering"),
    (dict(type="AID", trigger="delivery", sentence="Russia has completed the delivery of the S-300 to Iran."),
     "delivered"),
    # a contract or deal signed is an order; a memorandum or a framework only an agreement
    (dict(type="AGREE", trigger="signed", sentence="Baghdad signed a $1.1 billion deal with Seoul for 24 T-50 jets."),
     "ordered"),
    (dict(type="AGREE", trigger="buy", sentence="Memorandums signed on Thursday provide for the kingdom to buy "
          "Kornet-EM missiles."), "agreed"),
    # a delivery told as one of several is partial: the first or second of them, some of a number
    (dict(type="AID", trigger="handed over", sentence="Italy handed over the first of two FREMM frigates to Egypt."),
     "delivering"),
    (dict(type="AID", trigger="took delivery", sentence="Egypt took delivery of its second Type 209 submarine."),
     "delivering"),
    (dict(type="AID", trigger="delivered", sentence="The jets are the last 12 of 20 F-16s Egypt ordered."),
     "delivering"),
    (dict(type="AID", factuality="reported", trigger="supplied",
          sentence="Iran supplied drones to Russia, the first time Tehran has acknowledged any transfer."),
     "delivered"),
    (dict(type="AID", factuality="alleged"), "alleged"),
    (dict(type="AID", factuality="denied"), "denied"),
    (dict(type="REQUEST", factuality="denied"), "denied"),
    (dict(type="REQUEST", factuality="speculated", trigger="seek"), None),  # "Moscow is likely to seek more"
    (dict(type="AID", factuality="speculated"), None),
])
def test_step_status(kwargs, status):
    assert step_status(event("e", **kwargs)) == status


@pytest.mark.parametrize("kwargs, offer", [
    (dict(type="AGREE", sentence="The US approved a possible sale of F-35s to Poland."), True),
    (dict(type="AID", factuality="expected", sentence="Washington offered Patriot batteries to Kyiv."), True),
    (dict(type="AGREE", sentence="Poland signed a contract to buy F-35s."), False),
    (dict(type="REQUEST", sentence="Iran asked for an offer of Su-35s."), False),
])
def test_is_offer(kwargs, offer):
    assert is_offer(event("e", **kwargs)) is offer


def rows(events):
    return {(r["supplier"], r["recipient"], r["system"] or r["category"]): r for _, r in ranked_register(events, COUNTRIES)}


def test_history_runs_by_date_and_status_is_the_furthest_step():
    row = rows([event("c", date="2016-10", trigger="delivery"),
                event("a", type="AGREE", trigger="signed", date="2007"),
                event("b", trigger="delivering", date="2016-04", sentence="Russia began delivering the S-300.")])
    [(key, r)] = row.items()
    assert key == ("RUS", "IRN", "S-300")
    assert [s["status"] for s in r["history"]] == ["ordered", "delivering", "delivered"]
    assert (r["status"], r["ordered"], r["delivered"]) == ("delivered", "2007", "2016-10")


def test_an_undated_step_sorts_at_its_documents_latest_date():
    events = [event("a", document="d1", type="REQUEST", source="IRN", target="RUS", factuality="requested",
                    trigger="asked", date="2023-01"),
              event("b", document="d2", type="AGREE", trigger="ordered"),
              event("c", document="d2", type="CONSULT", weapons=(), date="2023-03-11"),
              event("d", document="d0", trigger="delivered", date="2024-04")]
    history = rows(events)[("RUS", "IRN", "S-300")]["history"]
    assert [s["event"] for s in history] == ["a", "b", "d"]


@pytest.mark.parametrize("steps, status", [
    ([dict(factuality="alleged")], "alleged"),
    ([dict(factuality="alleged"), dict(factuality="denied")], "alleged"),
    ([dict(factuality="denied")], "denied"),
    ([dict(factuality="denied"), dict(factuality="reported", trigger="supplied")], "delivered"),
    ([dict(type="REQUEST", source="IRN", target="RUS", factuality="requested", trigger="asked"),
      dict(type="AGREE", factuality="reported", trigger="approved", sentence="approved a possible sale")], "offered"),
])
def test_row_status(steps, status):
    row = rows([event(f"e{i}", **kw) for i, kw in enumerate(steps)])[("RUS", "IRN", "S-300")]
    assert row["status"] == status


def test_conflicting_figures_stay_side_by_side_and_the_latest_asserted_wins():
    events = [event("a", document="d1", date="2016-04", quantity=(5, 6), value=800e6),
              event("b", document="d2", date="2016-05", quantity=(4, 4), value=1e9),
              event("c", document="d3", date="2016-06", factuality="alleged", quantity=(9, 9))]
    row = rows(events)[("RUS", "IRN", "S-300")]
    assert [(f["document"], f["number"]["min"]) for f in row["figures"]] == [("d1", 5), ("d2", 4), ("d3", 9)]
    assert row["number"] == {"min": 4, "max": 4} and row["value"]["amount"] == 1e9


@pytest.mark.parametrize("events, keys", [
    ([event("b", type="AGREE", source=None, target=None)], []),  # nothing names the parties
    ([event("a", document="d2"), event("b", type="AGREE", source=None, target=None)],  # only another document
     [("RUS", "IRN", "S-300")]),
    ([event("a"), event("x", target="POL"), event("b", type="AGREE", target=None)],  # two recipients: unknown
     [("RUS", "IRN", "S-300"), ("RUS", "POL", "S-300")]),
    ([event("b", source="RUS", target="RUS")], []),  # a state does not supply itself
    ([event("b", weapons=())], []),  # no weapon, no row
    ([event("b", type="CONSULT", source="USA")], []),  # talks, but not with the system's maker
])
def test_no_step_without_two_parties_or_a_weapon(events, keys):
    found = rows(events)
    assert sorted(found) == keys
    assert not [r for r in found.values() if "b" in r["events"]]


def test_a_request_names_the_requester_as_recipient():
    assert list(rows([event("a", type="REQUEST", source="IRN", target="person:vladimir-putin",
                            factuality="requested", trigger="asked")])) == [("RUS", "IRN", "S-300")]


def cancel(id, trigger="suspended", sentence="Moscow suspended deliveries of the S-300 to Iran.", **kwargs):
    return event(id, type="SANCTION", mode="discontinue", trigger=trigger, sentence=sentence, **kwargs)


@pytest.mark.parametrize("steps, status, history", [
    # S-300 for Iran: agreed 2007, suspended 2010, delivered 2016: a cancellation between stays in the history
    ([event("a", type="AGREE", trigger="agreed", date="2007"), cancel("b", date="2010"),
      event("c", date="2016-10")], "delivered", ["agreed", "cancelled", "delivered"]),
    # the latest step is the cancellation: the row is cancelled
    ([event("a", type="AGREE", trigger="ordered", date="2007"), cancel("b", date="2010")],
     "cancelled", ["ordered", "cancelled"]),
    # a halted supply opens a row of its own
    ([cancel("b", trigger="halted arms exports", sentence="Russia halted arms exports to Iran.")],
     "cancelled", ["cancelled"]),
    # the buyer cancels the contract: the step joins the seller's row
    ([event("a", type="AGREE", trigger="ordered", date="2007"),
      cancel("b", source="IRN", target="RUS", trigger="cancelled its contract", date="2010",
             sentence="Iran cancelled its contract with Russia for the S-300.")], "cancelled", ["ordered", "cancelled"]),
])
def test_cancellations_in_the_history(steps, status, history):
    row = rows(steps)[("RUS", "IRN", "S-300")]
    assert row["status"] == status and [s["status"] for s in row["history"]] == history


@pytest.mark.parametrize("steps", [
    # no row to join, and the system's maker is neither side: who sold is unknown
    [cancel("b", source="IRN", target="BLR", trigger="cancelled the contract",
            sentence="Iran cancelled the contract with Belarus.")],
    [event("b", type="SANCTION", trigger="sanctioned", sentence="The US sanctioned Iran over the S-300.")],  # not a halt
    [cancel("b", factuality="denied")],
])
def test_no_cancellation_row_without_a_halted_supply_or_a_row_to_join(steps):
    assert rows(steps) == {}


def test_a_cancelled_contract_opens_the_row_of_the_systems_maker():
    halt = cancel("b", trigger="cancelled the contract", sentence="Russia cancelled the contract with Iran.")
    assert {key: row["status"] for key, row in rows([halt]).items()} == {("RUS", "IRN", "S-300"): "cancelled"}


@pytest.mark.parametrize("steps, key, history", [
    # a purchase planned in talks
    ([event("a", type="AGREE", source="RUS", target="IRN", factuality="expected", trigger="buy",
            sentence="Iran is in talks with Russia to buy S-300 systems.")], ("RUS", "IRN", "S-300"), ["negotiating"]),
    # talks over a system one party makes: the maker supplies, whichever party the text names first
    ([event("a", type="CONSULT", source="IRN", target="RUS", trigger="negotiating",
            sentence="Iran is negotiating with Russia over the S-300.")], ("RUS", "IRN", "S-300"), ["negotiating"]),
    ([event("a", type="CONSULT", source="IRN", target="RUS", trigger="talks", date="2015"),
      event("b", type="AGREE", trigger="agreed", date="2016")], ("RUS", "IRN", "S-300"), ["negotiating", "agreed"]),
])
def test_negotiations(steps, key, history):
    row = rows(steps)[key]
    assert [s["status"] for s in row["history"]] == history


@pytest.mark.parametrize("steps", [
    [event("a", type="CONSULT", source="IRN", target="USA", trigger="talks")],  # neither makes the S-300
    [event("a", type="CONSULT", source="IRN", target=None, trigger="talks")],
    [event("a", type="CONSULT", source="IRN", target="RUS", trigger="talks", weapons=[(None, "air defence")])],
])
def test_no_negotiation_without_the_maker_among_two_parties(steps):
    assert rows(steps) == {}


def test_a_deal_signed_by_both_sides_runs_from_the_systems_maker():
    deal = event("a", type="AGREE", source="IRN", target="RUS", trigger="signed",
                 sentence="Iran and Russia signed a deal for the S-300.")
    assert list(rows([deal])) == [("RUS", "IRN", "S-300")]


@pytest.mark.parametrize("text, status", [
    ("Chinese foreign ministry spokesman Geng Shuang urged Washington to cancel the sale of F-16 jets to Taiwan.",
     None),
    ("Iran asked Russia on Monday to deliver S-400 systems.", "requested"),
    ("Russia delivered S-400 systems to Iran on Monday.", "delivered"),
    # a transfer named again by a definite noun is no new step
    ("Slovakia will give Ukraine 13 MiG-29 jets. Fico called the transfer illegal.", "agreed"),
    # a sale named as a thing is agreed, not delivered
    ("An official said the sale of 40 F-16 jets to Turkey had not been cancelled.", "agreed"),
])
def test_a_transfer_asked_to_be_undone_is_no_step(text, status):
    transfers, _ = fused_transfers([analyse_text(text, "2019-08-21")])
    assert {row["status"] for row in transfers} == ({status} if status else set())


@pytest.mark.parametrize("text, rows_", [
    # a halt naming only its goods: aimed at the other side of their transfer told before, else at their maker
    ("Russia agreed in 2018 to sell Indonesia 11 Su-35 fighters. Indonesia abandoned the deal for the Su-35 "
     "fighters in 2021.", {("RUS", "IDN", "Su-35", "cancelled")}),
    ("Norway has cancelled its order for 14 NH90 military helicopters.", {("FRA", "NOR", "NH90", "cancelled")}),
    # the purchase inside the halt's clause: the buyer's cancellation joins the seller's row
    ("The Philippines has cancelled a deal to buy 16 Mi-17 helicopters from Russia.",
     {("RUS", "PHL", "Mi-17", "cancelled")}),
    # the contract named before with the same party
    ("In 2021 the Philippines ordered 16 Mi-17 helicopters from Russia. In 2022 the Philippines "
     "cancelled the contract.", {("RUS", "PHL", "Mi-17", "cancelled")}),
    # a transfer elsewhere in the sentence is not what was halted
    ("Russia halted the talks with Japan, although it delivered S-400 systems to India.",
     {("RUS", "IND", "S-400", "delivered")}),
])
def test_a_halt_takes_the_transfer_its_object_names(text, rows_):
    transfers, _ = fused_transfers([analyse_text(text, "2022-08-21")])
    assert {(r["supplier"], r["recipient"], r["system"], r["status"]) for r in transfers} == rows_
