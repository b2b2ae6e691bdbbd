"""The sense registry: each check read on its own sentences, and the lexicon naming only registered senses."""

import pytest

from dossier.annotate import load_pipeline
from dossier.extract.actor_tokens import ActorTokens
from dossier.extract.senses import SENSES, sense
from dossier.extract.triggers import lexicon, parse_roles


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


# sense, sentence, trigger word -> whether the sense holds there
CASES = [
    ("@weapon", "Egypt has ordered 30 more Rafale fighter jets from France.", "ordered", True),
    ("@weapon", "Khamenei ordered an attack on Israel.", "ordered", False),
    ("@weapon", "Riyadh ordered 72 Typhoons from Britain in 2007.", "ordered", True),  # goods had from a party
    ("@weapon", "Sisi ordered the ships to leave the port.", "ordered", False),  # a command
    ("@weapon", "The four C295 transport aircraft it ordered from Spain have arrived.", "ordered", True),  # no 'that'
    ("@party", "Denmark welcomed President Vladimir Putin.", "welcomed", True),
    ("@party", "Taiwan welcomed the decision.", "welcomed", False),
    ("@verdict", 'Germany called the decision "extremely dangerous".', "called", True),
    ("@verdict", "China called the meeting productive.", "called", False),
    ("@verdict", 'Ecuador called the remarks "very unfortunate" the same day.', "called", True),
    ("@verdict", 'Putin called the talks "a big step forward".', "called", False),
    ("@verdict", 'Biden called Putin on Tuesday, an aide said.', "called", False),
    ("@directive", "Washington has told Israel to avoid nuclear sites.", "told", True),
    ("@directive", "The minister told reporters that talks would resume.", "told", False),
    ("@cargo", "The first batch of Su-35 jets arrived in Iran last week.", "arrived", True),
    ("@cargo", "Russian military instructors arrived in Niger with an air defence system.", "arrived", True),
    ("@cargo", "Putin arrived in Tehran on Monday.", "arrived", False),
    ("@cargo", "Israel will retire the oldest of its Dolphin-class submarines, the first of which arrived from "
     "Germany in 1999.", "arrived", True),  # the weapons a relative 'which' stands for
    # goods a later sentence takes up: a partitive, an ordinal or a number with 'more', once a weapon is named
    ("@cargo", "Russia sold six Su-30 jets to Myanmar. The first two aircraft arrived in March.", "arrived", True),
    ("@cargo", "Russia sold six Su-30 jets to Myanmar. The last of them arrived in 2017.", "arrived", True),
    ("@cargo", "Russia sold six Kilo-class submarines to Vietnam. Four more followed between March 2014 and February 2016.", "followed", True),
    ("@cargo", "The first two aircraft arrived in March.", "arrived", False),
    # 'more' alone, or hung on the verb as an adverb ('Four more followed' as the parser may read it)
    ("@cargo", "Iraq ordered Su-25 jets from Russia. More are expected to follow, it said.", "follow", True),
    ("@cargo", "Russia delivered the first of six Kilo-class submarines to Vietnam in 2013. Four more followed "
     "between March 2014 and February last year.", "followed", True),
    ("@cargo", "Australia will give Ukraine 49 Abrams tanks. The first tanks were expected to leave Australia "
     "before the end of the year.", "leave", True),
    ("@cargo", "The delegation left Moscow on Tuesday.", "left", False),
    # words and time handed over are no goods
    ("@goods", "The list, delivered to Doha by Kuwaiti mediators, gives Qatar 10 days to comply.", "delivered", False),
    ("@goods", "The list, delivered to Doha by Kuwaiti mediators, gives Qatar 10 days to comply.", "gives", False),
    ("@goods", "Washington's arms sales sent a wrong signal to Taiwan.", "sent", False),
    ("@goods", "The United States gave Ukraine 31 Abrams tanks.", "gave", True),
    ("@contents", "Washington announced a package of 66 F-16 jets for Taiwan.", "package", True),
    ("@contents", "The package includes 44 THAAD launchers.", "package", True),
    ("@contents", "The European Union agreed a package of reforms.", "package", False),
    ("@contents", "The US announced an aid package including Javelin missiles.", "package", False),  # 'aid' names it
    ("@weapon", "The cabinet picked the F-16 over Gripen jets offered by Sweden.", "offered", True),  # the goods described
    ("@weapon", "Spain will fit radars into 12 transport planes ordered by Caracas last year.", "ordered", True),
    ("@funds", "Japan offered Vietnam a loan of $300 million.", "offered", True),
    ("@funds", "India offered a $500 million line of credit to Bangladesh.", "offered", True),
    ("@funds", "Baku offered to pay compensation to Russia.", "offered", True),
    ("@funds", "Russia offered to host the talks.", "offered", False),
    ("@untargeted", "North Korea fired a Hwasong-18 missile on Thursday.", "fired", True),  # a date is no target
    ("@untargeted", "Russia launched 120 drones at Kyiv overnight.", "launched", False),
    ("@untargeted", "Protesters fired into the air.", "fired", False),
    ("@trainees", "Taiwanese tank crews have trained on the Abrams in the United States.", "trained", True),
    ("@trainees", "About 40 Thai sailors had already finished training in China.", "training", True),
    ("@trainees", "Russia trained the Vietnamese crews.", "trained", False),
    ("@trainees", "Russia's training of Malian officers went on.", "training", False),
    ("@cargo", "Russia sold six Su-30 jets to Myanmar. The delegation arrived in March.", "arrived", False),
    ("@own_act", "Putin warned that Russia would hit targets in Ukraine.", "warned", True),
    ("@own_act", "Washington warned that Moscow would retaliate.", "warned", False),  # another's act: a report
    ("@own_act", "Putin warned that Russia hit targets in Ukraine.", "warned", False),  # told as done, not to come
]


@pytest.mark.parametrize("name, text, word, holds", CASES)
def test_sense(nlp, name, text, word, holds):
    doc = nlp(text)
    token = next(t for t in doc if t.text == word)
    assert SENSES[name](token, ActorTokens(doc)) is holds


def test_every_sense_has_cases_and_the_lexicon_uses_every_sense():
    used = {t.sense for t in lexicon().triggers.values() if t.sense}
    assert used == set(SENSES) == {name for name, *_ in CASES}


def test_an_unregistered_sense_fails_when_the_lexicon_is_read():
    with pytest.raises(ValueError, match="unknown sense"):
        parse_roles("subj>obj @nonsense")


def test_a_sense_is_registered_once():
    with pytest.raises(ValueError, match="registered twice"):
        sense("@weapon")(lambda token, actors: True)
