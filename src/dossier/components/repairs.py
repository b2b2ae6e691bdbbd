"""Mends one misparse of the small English model that hides events: a gerund read as an adjective
of its own object ('Iran has repeatedly denied supplying weapons to the Houthis' parsed as if
'supplying weapons' were a kind of weapons). The gerund becomes the verb's complement again, with
the noun as its object and the prepositions after the noun as its own, as in the parse the model
gives the same sentence without 'repeatedly'."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

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
    return doc


def _gerund_read_as_adjective(token: Token) -> bool:
    """'supplying' in 'denied supplying weapons': the first word of the verb's object, tagged as a
    gerund, hanging on the object as an adjective."""
    noun = token.head
    return (token.tag_ == "VBG" and token.dep_ == "amod" and noun.dep_ == "dobj" and token.i == noun.left_edge.i
            and noun.head.pos_ == "VERB" and noun.head.lemma_ in GERUND_TAKING and noun.head.i < token.i)
