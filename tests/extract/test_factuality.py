"""How sure the text is of each event: the governing words, hedges and who says it."""

import pytest

from support import analyse_text


@pytest.mark.parametrize("text, type_, factuality", [
    ("Russia delivered the S-300 to Iran in 2016.", "AID", "asserted"),
    ("The delivery of the air defence systems has reportedly already commenced.", "AID", "reported"),
    ("Iran denies supplying any weapons to Russia.", "AID", "denied"),
    ("US and Ukrainian officials charged that Iran had shipped missiles to Russia.", "AID", "alleged"),
    ("Iran has requested advanced air defence systems from Russia.", "REQUEST", "requested"),
    ("Tehran is expected to seek Moscow's help.", "REQUEST", "expected"),
    ("A US official said that Belgrade could face US sanctions.", "THREATEN", "asserted"),  # the threat is made
    ("Putin invited Pezeshkian to Russia for a state visit.", "CONSULT", "expected"),
    ("The United States on Friday approved the sale of 40 F-16 fighter jets to Turkey.", "AID", "expected"),
    ("Washington cleared the sale of 22 SeaGuardian drones to India in 2020.", "AID", "expected"),  # allowed, not made
    ("Berlin cleared the Netherlands to deliver 400 grenade launchers to Ukraine.", "AID", "expected"),
    ("The United States will send a Patriot battery to Ukraine.", "AID", "expected"),
    ("Analysts say Tehran is probably pressing Russia for fighter jets.", "REQUEST", "speculated"),
    ("Moscow will probably send more aircraft to Mali.", "AID", "speculated"),  # a hedged forecast
    ("Moscow will send more aircraft to Mali.", "AID", "expected"),
    ("Iran and Russia held two rounds of talks in Ankara in July.", "CONSULT", "asserted"),  # talks held, not a deal
    ("Iran's defence minister said Russia had delivered the S-300 to Iran.", "AID", "reported"),
    ("Ankara agreed to buy the Russian system in 2017.", "AGREE", "asserted"),
    # a coordinate act and a past clause of time are told as facts; a clause of time to come is not
    ("Riyadh ordered 72 Typhoons from Britain in 2007, and the last of those jets was delivered in 2017.", "AID",
     "asserted"),
    ("Modi offered a further credit line for defence purchases when he visited Hanoi in 2016.", "CONSULT", "asserted"),
    ("The leaders are expected to discuss Fiji when they meet at the summit in Port Moresby.", "CONSULT", "expected"),
    ("The Israeli foreign minister said that Iran was lying.", "ACCUSE", "asserted"),  # the saying is the act
    # claims called false are denied; an act called wrong is not
    ("He said claims that Iran had supplied missiles to Russia were completely wrong.", "AID", "denied"),
    ("Reports that Iran shipped drones to Russia are baseless, the ministry said.", "AID", "denied"),
    ("Russia's invasion of Ukraine was wrong, the minister said.", "ASSAULT", "reported"),
    # a purchase planned in talks is expected; a supply warned against did not happen
    ("Egypt is in talks with China to buy J-10C fighters.", "AGREE", "expected"),
    ("Lavrov warned the West against supplying long-range missiles to Kyiv.", "AID", "speculated"),
    # a purchase under consideration is expected; a relative clause states its own fact
    ("India is considering the purchase of Su-57 fighters from Russia.", "AGREE", "expected"),
    ("Washington has pressed Ankara to give up the S-400 system it bought from Russia in 2017.", "AGREE", "asserted"),
    # an act that failed did not happen
    ("Armenia complained that Moscow failed to deliver weapons it had paid for.", "AID", "denied"),
    # a refusal is stated, not denied: the negation makes it
    ("Syria said it will not accept any more refugees.", "REJECT", "reported"),
    ("Obama wants to attack Switzerland.", "THREATEN", "asserted"),
    # a newspaper relays a report; it charges no one
    ("The New York Times reported that Shoigu visited Tehran on 5 August.", "CONSULT", "reported"),
])
def test_factuality(text, type_, factuality):
    events = [e for e in analyse_text(text).events if e.type == type_]
    assert events and events[0].factuality == factuality, [(e.type, e.factuality) for e in events]


@pytest.mark.parametrize("text, kind", [
    ("Two Iranian officials, speaking on condition of anonymity, said Iran had asked Russia for jets.", "anonymous"),
    ("Iranian state media reported that Russia had delivered the S-300 to Iran.", "state_media"),
    ("Russia delivered the S-300 to Iran, as reported by The New York Times.", "outlet"),
    ("Washington has told Israel to avoid nuclear sites.", "government"),  # the telling is the request
    # a speech act no one is reported saying: its doer speaks
    ("Estonian Prime Minister Kaja Kallas accused the Russian embassy of spreading propaganda.", "named"),
    ("The Kremlin condemned the move by Latvia.", "government"),
])
def test_the_speaker_travels_with_the_event(text, kind):
    kinds = {a.speaker_kind for e in analyse_text(text).events for a in e.attributions}
    assert kind in kinds


@pytest.mark.parametrize("text, cues", [
    ("The delivery of the air defence systems has reportedly already commenced.", [("reportedly", "hedge")]),
    ("Iran denies supplying any weapons to Russia.", [("denies", "denial")]),
    ("US and Ukrainian officials charged that Iran had shipped missiles to Russia.", [("charged", "allegation")]),
    ("Tehran is expected to seek Moscow's help.", [("expected", "forecast")]),  # once, as the verb
    ("Analysts say Tehran is probably pressing Russia for fighter jets.", [("probably", "hedge")]),
    ("Russia did not deliver the S-300 to Iran.", [("not", "denial")]),
    ("Russia delivered the S-300 to Iran in 2016.", []),  # asserted: nothing to mark
    ("Iran has requested advanced air defence systems from Russia.", []),  # the trigger itself says it
    ("Iran's defence minister said Russia had delivered the S-300 to Iran.", []),  # the attribution says it
])
def test_the_words_that_set_factuality_are_cues(text, cues):
    analysis = analyse_text(text)
    assert [(c.text, c.kind) for c in analysis.cues] == cues
    assert all(text[c.start:c.end] == c.text and c.document == analysis.document.id for c in analysis.cues)
