"""Marks a newswire dateline ('WASHINGTON —', 'DEBLIN, Poland —', 'SEOUL, Oct 18 (Reuters) -') as a
sentence of its own, before the parser runs: otherwise the parser takes the place name for the lead sentence's subject ('LONDON —
Britain, France and Germany said ...' parses 'LONDON' as the subject and the speakers as its apposition).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

from dossier.extract.dates import MONTHS

DASHES = {"—", "–", "--", "-"}
MAX_DATELINE_TOKENS = 16  # 'GDYNIA , Poland , Dec 7 ( Blind Test Wire ) -'
MAX_BRACKETED = 6  # '(Reuters)', '(Blind Test Wire)'


@Language.component("dossier_datelines")
def dossier_datelines(doc: Doc) -> Doc:
    for start in _paragraph_starts(doc):
        dash = dateline_end(doc, start)
        if dash is not None and dash + 1 < len(doc) and doc[dash + 1].text[:1].isupper():
            doc[start].is_sent_start = True  # after a title line too
            doc[dash + 1].is_sent_start = True
    return doc


def _paragraph_starts(doc: Doc) -> list[int]:
    """The first word of the text and of each paragraph."""
    starts = [0]
    for token in doc:
        if "\n" in token.text or token.whitespace_.count("\n"):
            starts.append(token.i + 1)
    return [i for i in starts if i < len(doc) and not doc[i].is_space]


def dateline_end(doc: Doc, start: int) -> int | None:
    """The dash that closes a dateline opening at `start`: a place in capitals ('LONDON', 'NEW YORK'),
    maybe followed by a comma and a country ('DEBLIN, Poland'), a date ('Dec 7') and the agency in
    brackets ('(Reuters)'), then a dash. The dateline's date is the filing date, not an event's."""
    if not _capitals(doc[start]):
        return None
    bracket = None
    for i in range(start + 1, min(start + MAX_DATELINE_TOKENS + 1, len(doc))):
        token = doc[i]
        if bracket is not None:
            if token.text == ")":
                bracket = None
            elif i - bracket > MAX_BRACKETED:
                return None
            continue
        if token.text == "(":
            bracket = i
        elif token.text in DASHES:
            return i
        elif not (_capitals(token) or token.text == "," or (token.is_title and doc[i - 1].text == ",")
                  or token.like_num or token.lower_.rstrip(".") in MONTHS):
            return None
    return None


def _capitals(token: Token) -> bool:
    return token.is_alpha and token.is_upper and len(token) > 1
