"""A newswire dateline is a sentence of its own, so the lead sentence parses with its own subject."""

import pytest

from dossier.annotate import load_pipeline
from dossier.extract.actors import dateline_state

from support import analyse_text


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


@pytest.mark.parametrize("text, first_sentence", [
    ("LONDON — Britain said on Tuesday that talks had begun.", "LONDON —"),
    ("DEBLIN, Poland — Poland signed a contract on Friday.", "DEBLIN, Poland —"),
    ("NEW YORK - The council met on Monday.", "NEW YORK -"),
    ("Title line\n\nKYIV — Ukraine received the jets.", "Title line"),
    ("SEOUL, Oct 18 (Reuters) - South Korea said on Tuesday that talks had begun.", "SEOUL, Oct 18 (Reuters) -"),
    ("GDYNIA, Poland, Dec 7 (Blind Test Wire) - Poland took delivery on Tuesday.",
     "GDYNIA, Poland, Dec 7 (Blind Test Wire) -"),
])
def test_the_dateline_is_split_off(nlp, text, first_sentence):
    sentences = [s.text.strip() for s in nlp(text).sents]
    assert sentences[0] == first_sentence or first_sentence in sentences
    assert any(s.startswith(("Britain", "Poland", "The council", "Ukraine", "South Korea")) for s in sentences)


@pytest.mark.parametrize("text", [
    "NATO — the alliance — met on Monday.",  # an acronym in capitals with a dash, not at a dateline's place
    "The US - and its allies - met on Monday.",
    "UN (and other) bodies - as they say - met.",  # words in brackets, but no place before them
])
def test_no_split_without_a_dateline(nlp, text):
    doc = nlp(text)
    assert not any(token.is_sent_start for token in doc[1:4] if token.i > 0 and doc[token.i - 1].text in "—-")


def test_the_dateline_date_is_not_the_event_date():
    analysis = analyse_text("GDYNIA, Poland, Dec 7 (Wire) - Poland took delivery of its first K2 tanks from South Korea "
                            "on Tuesday.", published="2022-12-07")
    (delivery,) = [e for e in analysis.events if e.type == "AID"]
    assert delivery.date.start == "2022-12-06"


@pytest.mark.parametrize("text, state", [
    ("NIAMEY, July 31 (Test Wire) - The junta met.", "NER"),  # a capital, in capitals
    ("DEBLIN, Poland — Poland signed a contract on Friday.", "POL"),  # a place below the state, with it
    ("WASHINGTON — The council met on Monday.", "USA"),
    ("The council met on Monday in New York.", None),  # no dateline
])
def test_the_dateline_names_the_state_it_files_from(nlp, text, state):
    assert dateline_state(nlp(text)) == state
