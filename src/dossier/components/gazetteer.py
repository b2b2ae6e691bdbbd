"""The gazetteer: finds states, organisations and weapon systems named in a Doc.

Surface forms come from the data files in `resources/` (see `dossier.lexicons`); matching is done
once per Doc by two spaCy PhraseMatchers, one on exact tokens (names) and one on lower case
(generic weapon phrases, singular and plural, keyed by category), so the cost is one pass
whatever the size of the lexicons.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from dossier import lexicons
from dossier.extract.actors import GAZETTEER_KEY, WEAPONS_KEY

_SUFFIXED = re.compile(r"^([A-Z][A-Za-z]*-\d+)[A-Z]{1,4}\d?s?$")  # 'Su-30SME': a designation and a variant's letters
NOT_A_WEAPON = "not a weapon"  # category of phrases such as 'think tank' that only look like weapons
_IRREGULAR_PLURALS = {"aircraft": "aircraft", "ammunition": "ammunition", "weaponry": "weaponry",
                      "equipment": "equipment", "artillery": "artillery", "arms": "arms",
                      "materiel": "materiel", "hardware": "hardware", "munition": "munitions"}


def _variants(form: str) -> set[str]:
    """The form as written, with a capital 'The' at a sentence start, with curly apostrophes, and with
    capitals inside a word lowered ('Thyssenkrupp Marine Systems' for 'ThyssenKrupp ...'), as news
    often writes company names."""
    out = {form, " ".join(_plain_case(word) for word in form.split(" "))}
    if form.startswith("the "):
        out.add("The " + form[4:])
    return out | {variant.replace("'", "’") for variant in out}


def _plain_case(word: str) -> str:
    """'ThyssenKrupp' -> 'Thyssenkrupp'; acronyms ('TKMS', 'KAI') and plain words stay as they are."""
    if word.isupper() or not word[:1].isupper() or word[1:].islower():
        return word
    return word[0] + word[1:].lower()


def _plural(word: str) -> str:
    if word in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[word]
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    return word + "s"


class Gazetteer:
    """Sets `doc.spans['gazetteer_actors']` (kb_id_ = actor id) and `doc.spans['weapons']`."""

    def __init__(self, nlp: Language):
        self.entries: dict[str, lexicons.Entry] = {}
        self.phrases = PhraseMatcher(nlp.vocab, attr="ORTH")
        for table in (lexicons.states(), lexicons.organizations(), lexicons.weapon_systems()):
            for form, entry in table.items():
                for variant in _variants(form):
                    self.entries.setdefault(variant, entry)
        for form, entry in lexicons.weapon_systems().items():
            *first, last = form.split(" ")
            if last[-1].isdigit() or last[-1].isupper():
                self.entries.setdefault(form + "s", entry)  # 'S-300s', 'F-16s'
            elif last.isalpha() and (first and last.islower() or last[0].isupper()):
                self.entries.setdefault(" ".join([*first, _plural(last)]), entry)  # 'Abrams tanks', 'Rafales'
        self.phrases.add("FORM", [nlp.make_doc(form) for form in self.entries])
        self.generic = PhraseMatcher(nlp.vocab, attr="LOWER")
        for phrase, category in lexicons.weapon_phrases().items():
            *first, last = phrase.split(" ")
            for form in {phrase, " ".join([*first, _plural(last)])}:
                self.generic.add(category, [nlp.make_doc(form)])

    def __call__(self, doc: Doc) -> Doc:
        actors: list[Span] = []
        weapons: list[Span] = []
        for _, start, end in self.phrases(doc):
            span = doc[start:end]
            entry = self.entries.get(span.text)
            if entry is None:
                continue
            if entry.subkind == "weapon":
                weapons.append(Span(doc, start, end, label=entry.kind, kb_id=entry.id))
            else:
                actors.append(Span(doc, start, end, label=entry.kind, kb_id=entry.id))
        for match_id, start, end in self.generic(doc):
            weapons.append(Span(doc, start, end, label=match_id, kb_id=""))
        weapons.extend(self._variants_of_designations(doc, weapons))
        weapons = [w for w in filter_spans(weapons) if w.label_ != NOT_A_WEAPON]
        named = [w for w in weapons if w.kb_id_]  # 'Saab Gripen', 'HAL Tejas': the maker names the system
        actors = [a for a in filter_spans(actors) if not any(w.start <= a.start and a.end <= w.end and len(w) > len(a)
                                                              for w in named)]
        weapons = [w for w in weapons if not any(a.start < w.end and w.start < a.end for a in actors)]
        doc.spans[GAZETTEER_KEY] = actors
        doc.spans[WEAPONS_KEY] = weapons
        return doc

    def _variants_of_designations(self, doc: Doc, found: list[Span]) -> list[Span]:
        """'Su-30SME', 'Su-30SMEs': a catalogued designation with an export or variant suffix the
        catalogue does not list is still that system."""
        taken = {i for span in found for i in range(span.start, span.end)}
        variants = []
        for token in doc:
            match = _SUFFIXED.match(token.text) if token.i not in taken else None
            entry = self.entries.get(match.group(1)) if match else None
            if entry is not None and entry.subkind == "weapon":
                variants.append(Span(doc, token.i, token.i + 1, label=entry.kind, kb_id=entry.id))
        return variants


@Language.factory("dossier_gazetteer", assigns=["doc.spans"])
def make_gazetteer(nlp: Language, name: str) -> Gazetteer:
    return Gazetteer(nlp)
