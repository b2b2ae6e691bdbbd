"""The kind of speaker a source names, read from its words, the gazetteer and the text's entities."""

import pytest

from dossier.extract.speakers import speaker_kind


def _kind(source: str, ents=(), earlier=()):
    text = f"{source} said on Monday that talks had begun."
    spans = [(text.index(name), text.index(name) + len(name), label) for name, label in ents]
    return speaker_kind(text, spans, (0, len(source)), list(earlier))


@pytest.mark.parametrize("source, ents, earlier, kind", [
    ("Iranian state media", [], [], "state_media"),
    ("The Kremlin", [], [], "government"),
    ("Two Iranian officials", [], [], "anonymous"),  # counted: unnamed on purpose
    ("Iranian military officials", [], [], "government"),  # speaking for their state on the record
    ("Officials", [], [], "government"),  # on the record: not unnamed on purpose, whatever state they serve
    ("Bangladeshi officials", [("Bangladeshi", "PERSON")], [], "government"),  # a demonym the model took for a name
    ("Officials familiar with the talks", [], [], "anonymous"),
    ("A senior Israeli official", [], [], "anonymous"),
    ("The New York Times", [("The New York Times", "ORG")], [], "outlet"),
    ("Sidharth Kaushal, senior research fellow at RUSI", [("Sidharth Kaushal", "PERSON")], [], "analyst"),
    ("Kaushal", [("Kaushal", "PERSON")], [("Sidharth Kaushal, senior research fellow at RUSI", "analyst")], "analyst"),
    ("Masoud Pezeshkian", [("Masoud Pezeshkian", "PERSON")], [], "named"),
    ("He", [], [("Masoud Pezeshkian", "named")], "named"),
    ("It", [], [("The Kremlin", "government")], "government"),
])
def test_speaker_kind(source, ents, earlier, kind):
    assert _kind(source, ents, earlier) == kind


def test_no_source_is_anonymous():
    assert speaker_kind("Talks had begun, it was reported.", [], None, []) == "anonymous"
