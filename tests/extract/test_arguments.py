"""Arguments land on the event whose trigger governs them: weapons with their numbers, money, dates, places."""

import pytest

from support import analyse_text


def event_of(analysis, type_):
    [event] = [e for e in analysis.events if e.type == type_]
    return event


@pytest.mark.parametrize("text, type_, systems, categories, quantity", [
    ("Russia delivered five to six units of the S-300, the predecessor to the S-400, to Iran in 2016.",
     "AID", ["S-300"], ["air defence"], (5, 6)),
    ("US officials charged that Iran had shipped hundreds of short-range ballistic missiles to Russia.",
     "AID", [None], ["missiles"], (200, None)),
    ("Iran has requested advanced air defence systems from Russia.", "REQUEST", [None], ["air defence"], None),
    ("The US approved the sale of 40 F-35 jets to Turkey.", "AID", ["F-35"], ["aircraft"], (40, 40)),  # an approved sale: AID, expected
    ("Russia will deliver the remaining S-400 regiments to India.", "AID", ["S-400"], ["air defence"], None),
    ("Israel and Germany signed a deal for the Arrow 3 missile defence system.", "AGREE", ["Arrow 3"],
     ["air defence"], None),  # the 3 names the system; it counts nothing
    ("Russia has received shipments of Iranian Fath-360 short-range ballistic missiles.",
     "AID", ["Fath-360"], ["missiles"], None),
    ("India signed a contract for five S-400 squadrons in October 2018.", "AGREE", ["S-400"], ["air defence"],
     (5, 5)),
    # in a text about arms, 'the jets' and '36 aircraft' take up the last system of their kind; a cargo ship is none
    ("India ordered Rafale fighters in 2016. All 36 aircraft are due to be delivered by 2021.", "AID", ["Rafale"],
     ["aircraft"], (36, 36)),
    ("Egypt bought two FREMM frigates. Italy handed over the two ships in 2020.", "AID", ["FREMM"], ["ships"], (2, 2)),
    # a maker's name inside a system's name is part of the system
    ("Brazil agreed to buy 36 Saab Gripen fighters.", "AGREE", ["Gripen"], ["aircraft"], (36, 36)),
    # a state's jets are its weapons, named before or not; an airline's are not
    ("Israeli jets struck the airport near Damascus on Aug 31.", "ASSAULT", [None], ["aircraft"], None),
    # a system the parser hung on the adjective before it is still the noun's system
    ("Serbia took delivery of six Chinese CH-92A armed drones in July 2020.", "AID", ["CH-92"], ["drones"], (6, 6)),
    # a designation with a variant's letters the catalogue does not list is still that system
    ("Myanmar agreed to buy six Su-30SME jets from Russia.", "AGREE", ["Su-30"], ["aircraft"], (6, 6)),
    # a designation that is a name takes a plural too
    ("India signed an agreement for 36 Rafales with France.", "AGREE", ["Rafale"], ["aircraft"], (36, 36)),
])
def test_weapons_and_numbers(text, type_, systems, categories, quantity):
    event = event_of(analyse_text(text), type_)
    assert [w.system for w in event.weapons] == systems
    assert [w.category for w in event.weapons] == categories
    assert (None if event.quantity is None else (event.quantity.min, event.quantity.max)) == quantity
    assert [text[w.start:w.end] for w in event.weapons] == [w.text for w in event.weapons]


@pytest.mark.parametrize("text, type_, start, published", [
    ("Russia delivered the S-300 to Iran in 2016.", "AID", "2016", "2024-10-11"),
    ("Putin met Pezeshkian on Friday.", "CONSULT", "2024-10-11", "2024-10-11"),
    ("Putin met Pezeshkian on Friday.", "CONSULT", None, None),  # no anchor: the words stay, no guess
    ("US officials last month charged that Iran had shipped missiles to Russia.", "ACCUSE", "2024-09", "2024-10-11"),
    ("Blinken said on Tuesday that Russia has received Iranian missiles.", "AID", "2024-10-08", "2024-10-11"),
    # dates the text gives relative to one it gave before
    ("Iran signed the deal on 12 March 2023. Russia delivered the first jets two days later.", "AID", "2023-03-14",
     "2024-10-11"),
    ("Russia signed the contract in 2019. It delivered the first S-400 battery that July.", "AID", "2019-07", None),
    ("Le Drian spoke on 16 September. Paris recalled its ambassador from Washington the same day.", "SANCTION",
     "2024-09-16", "2024-10-11"),
    # ... and those the small model does not tag as dates
    ("The crisis began on June 5. Jordan downgraded its ties with Doha the following day.", "SANCTION",
     "2024-06-06", "2024-10-11"),
    ("Le Drian spoke on 16 September. Paris recalled its ambassador from Washington that evening.", "SANCTION",
     "2024-09-16", "2024-10-11"),
])
def test_dates(text, type_, start, published):
    event = event_of(analyse_text(text, published), type_)
    assert event.date is not None and event.date.start == start


def test_a_purchase_made_by_signing_takes_the_signings_date():
    analysis = analyse_text("The UAE signed a deal on December 3 to buy 80 Rafale jets from France.", "2021-12-15")
    (purchase,) = [e for e in analysis.events if e.trigger.text == "buy"]
    assert purchase.date.start == "2021-12-03"


def test_a_fronted_date_opens_the_verbs_joined_to_its_own_unless_they_have_theirs():
    analysis = analyse_text("In December, France condemned the junta and accused Moscow of supporting it. On Monday "
                            "Russia sent jets to Mali and will send tanks in May.", "2022-02-10")
    dates = {(e.type, e.trigger.text): e.date.start if e.date else None for e in analysis.events}
    assert dates[("ACCUSE", "accused")] == "2021-12"
    assert dates[("AID", "sent")] == "2022-02-07" and dates[("AID", "send")] == "2022-05"


def test_an_act_a_charge_tells_as_done_takes_the_charges_date():
    # the gold conventions: an act reported as already done gets the statement's date (done by then);
    # the analysts date what a charge alleges so too ('accused X of arming the RSF', set 3)
    analysis = analyse_text("US officials last month charged that Iran had shipped missiles to Russia.")
    assert event_of(analysis, "AID").date.start == "2024-09"


@pytest.mark.parametrize("text, amount, currency", [
    ("Russia delivered the S-300 to Iran in 2016 in a $800mn deal.", 800e6, "USD"),
    ("Egypt ordered 30 Rafale jets from France in a deal worth 4 billion euros.", 4e9, "EUR"),
])
def test_money(text, amount, currency):
    """One sum, read right; the act done under a deal carries the deal's value too."""
    values = {(round(e.value.amount), e.value.currency) for e in analyse_text(text).events if e.value}
    assert values == {(round(amount), currency)}


@pytest.mark.parametrize("text, type_, value, quantity", [
    ("Poland signed a $4.6 billion contract to buy 32 F-35A fighter jets from the United States.", "AGREE", 4.6e9, 32),
    ("Russia would send four S-300 units to Tehran under the revised contract, which estimates value at about "
     "$1 billion.", "AID", 1e9, 4),
    ("Russia began supplying five S-400 systems to India under a $5.4 billion contract signed in 2018.", "AID", 5.4e9, 5),
])
def test_the_act_that_names_the_weapons_carries_the_deals_figures(text, type_, value, quantity):
    [event] = [e for e in analyse_text(text).events if e.type == type_ and e.weapons]
    assert (event.value.amount, event.quantity.min) == (pytest.approx(value), quantity)


def test_the_jets_are_the_system_named_before():
    events = analyse_text("Russia will deliver the first Su-35 fighter jets to Iran. "
                          "Iran had bought the jets in November.").events
    bought = next(e for e in events if e.trigger.text == "bought")
    assert [(w.system, w.text) for w in bought.weapons] == [("Su-35", "jets")]


def test_places_but_not_the_party_asked():
    analysis = analyse_text("Hamas leader Ismail Haniyeh was killed in a strike at his guest house in Tehran. "
                            "Iran has requested air defence systems from Russia.")
    assert event_of(analysis, "ASSAULT").location.country == "IRN"
    assert event_of(analysis, "REQUEST").location is None


@pytest.mark.parametrize("text, type_, source, target", [
    ("Five Rafale fighter jets landed at an air base in India on Wednesday.", "AID", "FRA", "IND"),
    ("Mali took delivery of Su-25 ground-attack jets.", "AID", "RUS", "MLI"),
    ("Egypt has requested more Rafale jets.", "REQUEST", "EGY", "FRA"),
    ("Poland sent Ukraine more than 240 T-72 tanks.", "AID", "POL", "UKR"),  # a named supplier stays
])
def test_a_transfer_without_a_supplier_takes_the_systems_maker(text, type_, source, target):
    event = event_of(analyse_text(text), type_)
    assert (event.source, event.target) == (source, target)


@pytest.mark.parametrize("text, seller, buyer", [
    ("Egypt signed a contract with Moscow in late 2018 for more than 20 Su-35 fighters.", "RUS", "EGY"),
    ("Israel and Germany signed a deal for the Arrow 3 missile defence system.", "ISR", "DEU"),
    ("Greece bought 18 Rafale jets from France.", "FRA", "GRC"),  # already seller first: left alone
    # no maker named: an arms deal signed with a party is bought from it, unless the signer supplies
    ("Georgia signed a contract with France in 2015 for air defence systems.", "FRA", "GEO"),
    ("Russia signed a contract with Iran to supply air defence systems.", "RUS", "IRN"),
])
def test_a_deal_runs_from_the_maker_of_the_system(text, seller, buyer):
    event = event_of(analyse_text(text), "AGREE")
    assert (event.source, event.target) == (seller, buyer)
