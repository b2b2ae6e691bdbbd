"""Mends two misparses of the small English model that hide events or their doers:
- a gerund read as an adjective of its own object ('Iran has repeatedly denied supplying weapons to
  the Houthis' parsed as if 'supplying weapons' were a kind of weapons). The gerund becomes the verb's
  complement again, with the noun as its object and the prepositions after the noun as its own, as in
  the parse the model gives the same sentence without 'repeatedly';
- a second act of the speaker hung inside what it said ('the embassy said the tanks "will not
  change the situation" and accused Australia of...': 'accused' read as coordinate with 'change').
  A past verb with no subject of its own, coordinate with a reported verb of another tense, is the
  speaker's: it moves to the speech verb, so its doer is the speaker and it is no part of the
  reported (and perhaps hedged) clause."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

from dossier.extract.syntax import SUBJECTS
from dossier.extract.vocabulary import SPEECH_VERBS

# verbs that take an '-ing' complement: 'denied supplying', 'admitted sending', 'stopped shipping'
GERUND_TAKING = {"deny", "admit", "acknowledge", "stop", "halt", "resume", "continue", "begin", "start",
                 "avoid", "consider", "discuss", "suspend", "keep", "finish", "risk", "defend", "justify"}
_OWN_PREPOSITIONS = {"to", "for", "from", "into", "via"}


@Language.component("dossier_repairs", requires=["token.dep", "token.lemma", "token.pos"], assigns=["token.dep", "token.head"])
def dossier_repairs(doc: Doc) -> Doc:
    for token in doc:
        if _gerund_read_as_adjective(token):
            noun, verb = token.head, token.head.head
            moved = [c for c in verb.children if c.dep_ == "prep" and c.lower_ in _OWN_PREPOSITIONS and c.i > noun.i]
            token.head, token.dep_ = verb, "xcomp"
            noun.head, noun.dep_ = token, "dobj"
            for prep in moved:
                prep.head = token
        elif _speakers_act_inside_speech(token):
            speech = token.head.head
            conjunction = [c for c in token.head.children if c.dep_ == "cc" and c.i == token.i - 1]
            token.head = speech
            for cc in conjunction:
                cc.head = speech
    return doc


def _gerund_read_as_adjective(token: Token) -> bool:
    """'supplying' in 'denied supplying weapons': the first word of the verb's object, tagged as a
    gerund, hanging on the object as an adjective."""
    noun = token.head
    return (token.tag_ == "VBG" and token.dep_ == "amod" and noun.dep_ == "dobj" and token.i == noun.left_edge.i
            and noun.head.pos_ == "VERB" and noun.head.lemma_ in GERUND_TAKING and noun.head.i < token.i)


def _speakers_act_inside_speech(token: Token) -> bool:
    """'accused' in 'the embassy said the tanks "will not change the situation" and accused Australia':
    a subjectless past verb coordinate with the verb of a reported clause in another tense."""
    clause = token.head
    return (token.dep_ == "conj" and token.tag_ == "VBD" and clause.dep_ == "ccomp" and clause.i < token.i
            and clause.tag_ != "VBD" and clause.head.lemma_ in SPEECH_VERBS and clause.head.tag_ == "VBD"
            and not any(c.dep_ in SUBJECTS | {"expl"} for c in token.children))
