"""Actors from text: states under their many names, organisations, people with roles and countries."""

import pytest

from dossier.annotate import load_pipeline
from dossier.extract.actors import actors_and_mentions


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def _actors(nlp, text):
    actors, mentions = actors_and_mentions(nlp(text), "doc")
    return {a.id: a for a in actors}, mentions


@pytest.mark.parametrize("text, surface, actor_id", [
    ("Tehran has asked Moscow for help.", "Tehran", "IRN"),
    ("Tehran has asked Moscow for help.", "Moscow", "RUS"),
    ("The Kremlin declined to comment.", "The Kremlin", "RUS"),
    ("Officials in the Islamic Republic were pleased.", "the Islamic Republic", "IRN"),
    ("Two Iranian officials confirmed the request.", "Iranian", "IRN"),
    ("The White House said nothing.", "The White House", "USA"),
    ("Kyiv and Washington disagree.", "Kyiv", "UKR"),
    ("Hizbollah fired rockets.", "Hizbollah", "org:hezbollah"),
    ("A member of the Islamic Revolutionary Guard Corps spoke.", "the Islamic Revolutionary Guard Corps", "org:irgc"),
])
def test_states_and_organisations(nlp, text, surface, actor_id):
    _, mentions = _actors(nlp, text)
    assert (surface, actor_id) in {(m.text, m.actor) for m in mentions}


@pytest.mark.parametrize("text, name, role, country", [
    ("Russian President Vladimir Putin met him on Friday.", "Vladimir Putin", "president", "RUS"),
    ("On 5 August, former Russian Defence Minister Sergey Shoigu visited Tehran.",
     "Sergey Shoigu", "former defence minister", "RUS"),
    ("He held talks with Iran’s new president, Masoud Pezeshkian, on Monday.", "Masoud Pezeshkian", "president", "IRN"),
    ("Putin met his new Iranian counterpart Masoud Pezeshkian.", "Masoud Pezeshkian", None, "IRN"),
    ("US secretary of state Antony Blinken warned of a response.", "Antony Blinken", "secretary of state", "USA"),
    ("“It will be precise,” Israeli defence minister Yoav Gallant said.", "Yoav Gallant", "defence minister", "ISR"),
    ("In response, Iran’s Supreme Leader Ayatollah Ali Khamenei ordered an attack.",
     "Ali Khamenei", "supreme leader", "IRN"),
    ("The killing of Hamas political leader Ismail Haniyeh shocked the region.",
     "Ismail Haniyeh", "political leader", "PSE"),
])
def test_people_roles_and_countries(nlp, text, name, role, country):
    actors, _ = _actors(nlp, text)
    [person] = [a for a in actors.values() if a.kind == "person" and a.name == name]
    assert person.country == country
    if role:
        assert role in person.roles


def test_short_name_resolves_to_full_name(nlp):
    actors, mentions = _actors(nlp, "Masoud Pezeshkian took office in July. Pezeshkian said the talks went well.")
    people = {m.actor for m in mentions if m.actor.startswith("person:")}
    assert people == {"person:masoud-pezeshkian"}


@pytest.mark.parametrize("text", [
    "Russia delivered S-400 systems last year.",
    "The Shahed-136 drones were used in Ukraine.",
])
def test_weapon_designations_are_never_actors(nlp, text):
    _, mentions = _actors(nlp, text)
    assert not any(m.text.startswith(("S-400", "Shahed")) for m in mentions)


def test_no_actors_in_plain_text(nlp):
    actors, mentions = _actors(nlp, "The weather was mild and the harvest was good.")
    assert actors == {} and mentions == []
