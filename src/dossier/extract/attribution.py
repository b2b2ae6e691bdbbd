"""Attribution: who said what, as source, cue and content spans found around reporting cues.

Cues ('said', 'denied', 'according to', 'pointed out', 'claim that', 'is confident that') come from
`resources/reporting_cues.tsv`, looked up in each Doc's arrays of lemmas, forms and parts of speech;
only the dependency tree around each cue found is walked. The source is the cue's subject, its 'by'
agent, the object of 'according to' or a noun cue's possessor; the content is the cue's clausal
complement, its object (where the cue's frame allows one), the quotation next to it, or the clause
an 'according to' phrase modifies. Quotation marks are read from the raw text, so quoted content
keeps its marks and the sentences the parser split, and a cue inside a quotation is left to the
quoted speech. Two layout cues need no verb: 'Name: text' lines (headlines, transcripts) and
'"quote" - Name' lines. An attribution inside another's content ('X said Y denied C') is kept:
callers wanting the innermost one for a claim can compare spans.

`speaker_kind` is read from the source's words, spaCy entities, and the states and organisations
of the gazetteer (see `speakers.py`); a relation without a source counts as `anonymous`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from spacy.attrs import LEMMA, LOWER, POS
from spacy.parts_of_speech import ADJ, NOUN, VERB
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from dossier import lexicons
from dossier.extract.speakers import speaker_kind
from dossier.extract.syntax import child_of
from dossier.extract.syntax import infinitive as is_infinitive  # the local name 'infinitive' is a token
from dossier.records import Attribution, Span

CUES_FILE = "reporting_cues.tsv"

Range = tuple[int, int]  # character offsets [start, end) into the document text
Relation = tuple[Range | None, Range, Range]  # source, cue, content

# English inflection the suffix rules in `_base_forms` cannot undo.
_IRREGULAR = {
    "said": "say", "says": "say", "told": "tell", "wrote": "write", "written": "write",
    "thought": "think", "knew": "know", "known": "know", "found": "find", "felt": "feel",
    "understood": "understand", "shown": "show", "spoke": "speak", "spoken": "speak",
}
_SUBJECT_DEPS = {"nsubj", "csubj"}
_INHERIT_DEPS = {"conj", "advcl", "xcomp"}
_CLAUSE_DEPS = {"ccomp"}
_COMPLEMENT_DEPS = {"ccomp", "xcomp", "dobj", "dative", "oprd", "attr", "acomp"}
_OBJECT_DEPS = {"dobj", "dative"}
_ADDRESSEE_CUES = {"tell", "ask", "urge", "warn", "caution", "press", "encourage", "call on", "accuse"}
_CONTENT_PREPS = {"for", "about", "of", "against", "over"}
_TIME_DEPS = {"npadvmod", "tmod"}
_CUE_PREFIX_DEPS = {"aux", "auxpass", "neg"}
_SPEAKER_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
_RELATIVE_PRONOUNS = {"that", "which"}
_EDGE_PUNCT = " \t\n\xa0,;:.-\u2013\u2014\u2015()"
_QUOTE_MARKS = "\u201c\u201d\"'"
_QUOTE = re.compile("[\u201c\u201d\"]|''")
_PARAGRAPH = re.compile("[^\n]+")
_MAX_SOURCE_GAP_TOKENS = 8
_NAME_PHRASE_POS = {"PROPN", "NOUN", "ADJ", "DET", "PART", "NUM"}  # 'South Korea's spy agency'


@dataclass(frozen=True, slots=True)
class Cue:
    """One entry of the cue lexicon."""

    lemma: str
    kind: str
    frame: str  # clause, infinitive, object, noun or adjective


@cache
def cue_lexicon() -> dict[tuple[str, str], Cue]:
    """(lemma, part of speech: verb, noun or adjective) -> cue entry, from `resources/reporting_cues.tsv`."""
    table = {}
    for row in lexicons.read_table(CUES_FILE):
        part = row["frame"] if row["frame"] in ("noun", "adjective") else "verb"
        table[(row["lemma"], part)] = Cue(row["lemma"], row["kind"], row["frame"])
    return table


def _base_forms(word: str) -> list[str]:
    """Candidate lemmas of an inflected English word form, the form itself first."""
    forms = [word, _IRREGULAR.get(word, word)]
    if word.endswith(("ies", "ied")):
        forms.append(word[:-3] + "y")
    for suffix in ("es", "s", "ed", "d", "ing"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            forms.append(stem)
            if suffix in ("ed", "ing"):
                forms.append(stem + "e")
                if stem[-1] == stem[-2]:
                    forms.append(stem[:-1])
    return forms


def cue_kind(lemma_or_text: str) -> str | None:
    """The kind of act a cue reports ('statement', 'denial' ...) from its lemma or its text ('has denied')."""
    table = cue_lexicon()
    words = lemma_or_text.lower().split()
    for i, word in enumerate(words):
        following = f" {words[i + 1]}" if i + 1 < len(words) else ""
        for base in _base_forms(word):
            for lemma in (base + following, base) if following else (base,):
                entry = table.get((lemma, "verb")) or table.get((lemma, "noun")) or table.get((lemma, "adjective"))
                if entry is not None:
                    return entry.kind
    return None


@cache
def _word_cues() -> dict[tuple[int, int, int], str]:
    """The one-word cues by (column of `_cue_matches`'s rows, part of speech, hash of the word): verbs
    and nouns by lemma (column 0), adjectives by their lower-case form (column 1)."""
    column = {"verb": (0, VERB), "noun": (0, NOUN), "adjective": (1, ADJ)}
    return {(*column[part], get_string_id(lemma)): part.upper() for lemma, part in cue_lexicon()
            if " " not in lemma}


@cache
def _cue_phrases() -> dict[int, list[tuple[int, ...]]]:
    """The verb phrases ('point out', 'according to'): the hash of the first word -> the hashes of
    the words after it, for each phrase."""
    phrases: dict[int, list[tuple[int, ...]]] = {}
    for lemma, part in cue_lexicon():
        first, *rest = lemma.split()
        if rest and part == "verb":
            phrases.setdefault(get_string_id(first), []).append(tuple(map(get_string_id, rest)))
    return phrases


def _cue_matches(doc: Doc) -> list[tuple[str, int, int]]:
    """Every cue in the Doc as (label, start, end), by start, read from one array of its tokens' lemmas,
    forms and parts of speech: a word by its lemma (an adjective by its form) and part of speech, a
    phrase by its first word's lemma or form and the forms of the others. A spaCy Matcher tried
    each of its patterns at every token, and took a third of the attributions' time."""
    words, phrases = _word_cues(), _cue_phrases()
    rows = doc.to_array([LEMMA, LOWER, POS]).tolist()
    lower = [row[1] for row in rows]
    found = set()
    for i, (lemma, form, part) in enumerate(rows):
        label = words.get((0, part, lemma)) or words.get((1, part, form))
        if label is not None:
            found.add((label, i, i + 1))
        for first in {lemma, form} & phrases.keys():
            found.update(("PHRASE", i, i + 1 + len(rest)) for rest in phrases[first]
                         if tuple(lower[i + 1:i + 1 + len(rest)]) == rest)
    return sorted(found, key=lambda match: (match[1], match[2], match[0]))


def _quote_regions(text: str) -> list[Range]:
    """Quoted stretches, marks included; a quotation left open runs to the end of its paragraph.

    Quote marks are curly (U+201C, U+201D), straight (") or two apostrophes ('') as some wires use.
    """
    regions = []
    for paragraph in _PARAGRAPH.finditer(text):
        opened = None
        for mark in _QUOTE.finditer(text, paragraph.start(), paragraph.end()):
            if opened is None and mark.group() != "\u201d":
                opened = mark.start()
            elif opened is not None and mark.group() != "\u201c":
                regions.append((opened, mark.end()))
                opened = None
        if opened is not None and paragraph.end() - opened > 1:
            regions.append((opened, paragraph.end()))
    return regions


class _View:
    """What the extractor reads from one Doc more than once: text, quotations, sentences, entities."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text  # Doc.text joins every token again on each call
        self.regions = _quote_regions(self.text)
        self.starts = [start for start, _ in self.regions]
        self.sentences: list[Range] = []
        self.sentence_of: list[int] = []
        for sentence in doc.sents:
            self.sentence_of.extend([len(self.sentences)] * len(sentence))
            self.sentences.append((sentence.start_char, sentence.end_char))
        self.ents = [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]

    def sentence(self, token: Token) -> Range:
        return self.sentences[self.sentence_of[token.i]]

    def quoted(self, start: int, end: int) -> Range | None:
        """The quotation overlapping [start, end), if any."""
        i = bisect.bisect_right(self.starts, end - 1) - 1
        if i >= 0 and self.regions[i][1] > start:
            return self.regions[i]
        return None

    def quote_before(self, offset: int) -> Range | None:
        """The quotation that ends just before `offset`, with at most a comma or dash between."""
        i = bisect.bisect_right(self.starts, offset) - 1
        if i >= 0 and self.regions[i][1] <= offset:
            gap = self.text[self.regions[i][1]:offset]
            if len(gap) < 6 and not gap.strip(" ,\u2014\u2013-\n"):
                return self.regions[i]
        return None

    def quote_after(self, offset: int) -> Range | None:
        """The quotation that starts just after `offset`, with at most a colon or comma between."""
        i = bisect.bisect_left(self.starts, offset)
        if i < len(self.regions):
            gap = self.text[offset:self.regions[i][0]]
            if len(gap) < 4 and not gap.strip(" :,"):
                return self.regions[i]
        return None


def _subtree(token: Token) -> Range:
    return token.left_edge.idx, token.right_edge.idx + len(token.right_edge)


def _extent(token: Token) -> Range:
    return token.idx, token.idx + len(token)


def _trim(text: str, span: Range, quotes: bool = True) -> Range:
    """Shrinks a span past spaces and edge punctuation; quote marks stay unless `quotes` is False."""
    start, end = span
    strip = _EDGE_PUNCT if quotes else _EDGE_PUNCT + _QUOTE_MARKS
    while start < end and text[start] in strip:
        start += 1
    while end > start and text[end - 1] in strip:
        end -= 1
    return start, end


def _without(outer: Range, holes: Iterable[Range | None]) -> Range:
    """The longest stretch of `outer` that overlaps none of `holes`."""
    pieces = [outer]
    for hole in holes:
        if hole is None:
            continue
        kept = []
        for start, end in pieces:
            if hole[1] <= start or hole[0] >= end:
                kept.append((start, end))
                continue
            if hole[0] > start:
                kept.append((start, hole[0]))
            if hole[1] < end:
                kept.append((hole[1], end))
        pieces = kept
    return max(pieces, key=lambda piece: piece[1] - piece[0], default=(outer[0], outer[0]))


def _own_source(verb: Token, view: _View) -> Range | None:
    """The verb's own subject (the one nearest it outside quotations) or its 'by' agent."""
    subjects = [child for child in verb.children
                if child.dep_ in _SUBJECT_DEPS and not view.quoted(*_extent(child))]
    if subjects:
        subject = min(subjects, key=lambda child: abs(child.i - verb.i))
        if subject.lower_ in _RELATIVE_PRONOUNS and verb.dep_ == "relcl":
            return _noun_phrase(verb.head)  # 'rules that promise to ...': the rules speak
        return _subtree(subject)
    agent = child_of(verb, "agent")
    pobj = child_of(agent, "pobj") if agent is not None else None
    return _subtree(pobj) if pobj is not None else None


def _noun_phrase(noun: Token) -> Range:
    """A noun with its premodifiers, without what follows it."""
    return noun.left_edge.idx, noun.idx + len(noun)


def _source(verb: Token, view: _View) -> tuple[Range | None, bool]:
    """The source span, and whether it is the verb's own subject or agent.

    Without one, the source is borrowed: from the verb this one depends on ('X said A, adding B';
    'X declined to say'; 'X began by saying'), from the noun a participle qualifies ('footage of
    Clinton asking'; 'X issued a statement calling ...' gives X), or from a name just before a
    finite verb the parser failed to link.
    """
    own = _own_source(verb, view)
    if own is not None:
        return own, True
    node = verb
    for _ in range(3):
        if node.dep_ == "pcomp" and node.head.dep_ == "prep":
            node = node.head.head  # 'by telling them ...'
        elif node.dep_ in _INHERIT_DEPS:
            node = node.head
        else:
            break
        if node.pos_ in ("VERB", "AUX"):
            borrowed = _own_source(node, view)
            if borrowed is not None:
                return borrowed, False
    if verb.dep_ == "acl" and verb.tag_ == "VBG":
        head = verb.head
        if head.pos_ == "NOUN" and head.dep_ == "dobj":
            borrowed = _own_source(head.head, view)
            if borrowed is not None:
                return borrowed, False
        if head.pos_ in ("NOUN", "PROPN"):
            return _noun_phrase(head), False
    if verb.tag_ in ("VBD", "VBZ", "VBP") and verb.i > 0 and verb.doc[verb.i - 1].pos_ == "PROPN":
        first = verb.i - 1
        while first > 0 and verb.doc[first - 1].pos_ == "PROPN":
            first -= 1
        return (verb.doc[first].idx, verb.idx), False
    if verb.tag_ in ("VBD", "VBZ", "VBP") and verb.i > 1:  # '..., South Korea's spy agency said on Friday'
        doc, first = verb.doc, verb.i
        while first > 0 and doc[first - 1].pos_ in _NAME_PHRASE_POS:
            first -= 1
        if first < verb.i and first > 0 and doc[first - 1].text == "," and doc[verb.i - 1].pos_ == "NOUN":
            return (doc[first].idx, verb.idx), False
    return None, False


def _cue_range(verb: Token, end: int) -> Range:
    """The cue: the matched words, the auxiliaries and negation right before, a particle or day after."""
    doc = verb.doc
    first = verb.i
    while first > 0 and doc[first - 1].head == verb and doc[first - 1].dep_ in _CUE_PREFIX_DEPS:
        first -= 1
    last = end - 1
    while last + 1 < len(doc) and doc[last + 1].head == verb and (
            doc[last + 1].dep_ == "prt" or doc[last + 1].dep_ in _TIME_DEPS and doc[last + 1].ent_type_ in ("DATE", "TIME")):
        last += 1  # 'pointed out', 'said Monday'
    return doc[first].idx, doc[last].idx + len(doc[last])


def _that_clause(verb: Token) -> Token | None:
    """A 'that' clause the parser hung lower ('tweeted in the early hours that C'), within a few words."""
    doc = verb.doc
    for token in doc[verb.i + 1:min(verb.i + 8, verb.right_edge.i + 1)]:
        if token.lower_ == "that" and token.dep_ == "mark" and token.head.dep_ in ("ccomp", "acl", "advcl"):
            return token.head
    return None


def _tree_content(verb: Token, cue: Cue) -> tuple[Range | None, Token | None]:
    """Content the verb's own dependents carry, and the preposition that joins the cue if one does."""
    clause = child_of(verb, *_CLAUSE_DEPS) or _that_clause(verb)
    obj = child_of(verb, *_OBJECT_DEPS)
    if clause is not None:
        start, end = _subtree(clause)
        if obj is not None and obj.i < clause.i and cue.lemma not in _ADDRESSEE_CUES and cue.frame == "object":
            start = obj.left_edge.idx
        return (start, end), None
    if cue.frame == "clause":
        return None, None
    infinitive = child_of(verb, "xcomp")
    if infinitive is not None and is_infinitive(infinitive):
        start, end = _subtree(infinitive)
        if obj is not None and obj.i < infinitive.i and cue.lemma in _ADDRESSEE_CUES:
            start = obj.left_edge.idx  # 'urged Trump to apologise': the object belongs to the request
        return (start, end), None
    if cue.frame != "object":
        return None, None
    if infinitive is not None and infinitive.tag_ == "VBG" and obj is None:
        return _subtree(infinitive), None  # 'denies sending drones'
    oprd = child_of(verb, "oprd", "xcomp")
    if obj is not None and cue.lemma not in _ADDRESSEE_CUES:
        start, end = _subtree(obj)
        if oprd is not None and oprd.i > obj.i:
            end = max(end, _subtree(oprd)[1])  # 'called the charges unsubstantiated'
        return (start, end), None
    particle = cue.lemma.split()[-1] if " " in cue.lemma else None  # 'point to', 'call for'
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in ({particle} if particle else _CONTENT_PREPS) and prep.i > verb.i:
            pobj = child_of(prep, "pobj", "pcomp")
            if pobj is not None:
                start, end = _subtree(pobj)
                if obj is not None and obj.i < prep.i:
                    start = obj.left_edge.idx  # 'accused Tehran of supplying drones'
                return (start, end), prep
    passive_subject = child_of(verb, "nsubjpass")
    if passive_subject is not None and passive_subject.lower_ != "it":
        return _subtree(passive_subject), None
    return None, None


def _verb_relation(verb: Token, end: int, cue: Cue, view: _View) -> Relation | None:
    """Source, cue and content of one verb cue, or None when the verb reports nothing here."""
    if verb.dep_ in ("amod", "compound"):
        return None  # 'the said agreement'
    cue_span = _cue_range(verb, end)
    source, own_subject = _source(verb, view)
    mark = child_of(verb, "mark")
    if mark is not None and mark.lower_ == "as" and mark.i < verb.i and verb.dep_ == "advcl":
        # 'C, as reported by X' / 'C, as X said': the content is the clause around
        if mark.i == verb.i - 1:
            agent = child_of(verb, "agent")
            cue_span = (mark.idx, agent.idx + len(agent) if agent is not None else cue_span[1])
        return _finish(view, source if own_subject else None, cue_span,
                       _without(view.sentence(verb), [_subtree(verb)]))
    left = source[0] if own_subject and source[1] <= cue_span[0] else cue_span[0]
    right = source[1] if own_subject and source[0] >= cue_span[1] else cue_span[1]
    before = view.quote_before(left)
    if before is None and source is None:
        before, source = _source_after_quote(verb, cue_span, view)
    content, prep = _tree_content(verb, cue)
    if prep is not None and prep.i == end:
        cue_span = (cue_span[0], prep.idx + len(prep))
    if before is not None and (content is None or content[0] < cue_span[0]):
        content = before
    if content is None and verb.dep_ == "parataxis":
        content = _without(_subtree(verb.head), [_subtree(verb)])  # 'C, X said, ...' parsed as an aside
    if content is None and verb.dep_ == "acl" and verb.tag_ == "VBN" and own_subject:
        content = _without(_subtree(verb.head), [_subtree(verb)])  # 'The request, confirmed by X, ...'
    if content is None:
        content = view.quote_after(right)
    if content is None and own_subject and source[1] <= cue_span[0] and not any(
            child.i > verb.i and child.dep_ in _COMPLEMENT_DEPS for child in verb.children):
        content = _clause_before(source, verb, view)  # 'People like Scott, he said.'
    if content is None:
        return None
    return _finish(view, source, cue_span, content)


def _clause_before(source: Range, verb: Token, view: _View) -> Range | None:
    """The sentence up to the comma before the source, when 'X said' closes the sentence."""
    sentence_start = view.sentence(verb)[0]
    before = view.text[sentence_start:source[0]].rstrip()
    if not before.endswith(",") or len(before) < 2:
        return None
    return sentence_start, sentence_start + len(before) - 1


def _source_after_quote(verb: Token, cue: Range, view: _View) -> tuple[Range | None, Range | None]:
    """'"C," Tulsa police Chief Chuck Jordan said': the words between a quotation and the cue."""
    doc = verb.doc
    i = verb.i
    while i > 0 and verb.i - i < _MAX_SOURCE_GAP_TOKENS and not view.quoted(*_extent(doc[i - 1])):
        i -= 1
    if i == verb.i or i == 0:
        return None, None
    before = view.quote_before(doc[i].idx)
    if before is None:
        return None, None
    return before, _trim(view.text, (doc[i].idx, cue[0]))


def _finish(view: _View, source: Range | None, cue: Range, content: Range) -> Relation | None:
    """Cuts the content clear of the source and cue, pulls in the whole quotation it starts in, trims."""
    text = view.text
    content = _without(content, [cue, source])
    region = view.quoted(*content)
    if region is not None and not region[0] <= cue[0] < region[1]:
        content = _without((min(content[0], region[0]), max(content[1], region[1])), [cue, source])
    content = _trim(text, content)
    if content[0] >= content[1]:
        return None
    if source is not None:
        source = _trim(text, source, quotes=False)
        if source[0] >= source[1]:
            source = None
    return source, cue, content


def _noun_relation(noun: Token, view: _View) -> Relation | None:
    """"X's claim that C' / "X's plan to C': the possessor is the source, the clause the content."""
    owner = child_of(noun, "poss")
    if owner is None:
        return None
    for child in noun.children:
        if child.i <= noun.i or child.dep_ not in ("acl", "relcl", "ccomp"):
            continue
        first = child.left_edge
        if first.i == noun.i + 1 and first.lower_ in ("that", "to"):
            return _finish(view, _subtree(owner), _extent(noun), _subtree(child))
    return None


def _adjective_relation(adjective: Token, view: _View) -> Relation | None:
    """'X is confident that C' / 'X is willing to C' / 'it is unclear whether C' (no source)."""
    copula = adjective.head
    if adjective.dep_ not in ("acomp", "oprd") or copula.pos_ not in ("AUX", "VERB"):
        return None
    content = None
    for child in (*adjective.children, *copula.children):
        if child.i > adjective.i and child.dep_ in ("ccomp", "xcomp"):
            content = _subtree(child)
            break
        if child.i > adjective.i and child.dep_ == "prep" and child.head == adjective:
            pobj = child_of(child, "pobj", "pcomp")
            if pobj is not None:
                content = _subtree(pobj)
                break
    if content is None:
        return None
    subject = child_of(copula, *_SUBJECT_DEPS)
    source = _subtree(subject) if subject is not None and subject.lower_ != "it" else None
    cue = (_cue_range(copula, copula.i + 1)[0], adjective.idx + len(adjective))
    return _finish(view, source, cue, content)


def _according_relation(view: _View, start: int, end: int) -> Relation | None:
    """'according to X, C' / 'C, according to X': X is the source, the rest of the sentence the content."""
    doc = view.doc
    according, to = doc[start], doc[end - 1]
    pobj = child_of(to, "pobj")
    if pobj is None:
        return None
    source = _subtree(pobj)
    cue = (according.idx, to.idx + len(to))
    content = _without(view.sentence(according), [(cue[0], source[1])])
    return _finish(view, source, cue, content)


_COLON_LINE = re.compile(r"^\"?(?P<source>[A-Z][^:\n\"\u201c]{0,40}?):[^\S\n]+(?P<content>\S[^\n]*)$", re.M)
_DASH_CUE = re.compile(
    r"[\u201d\"\u2019.!?][^\S\n]*(?P<cue>\u2015|\u2014|--)[^\S\n]*(?P<source>[A-Z][\w.'\u2019-]*(?:[^\S\n]+[A-Z][\w.'\u2019-]*){0,4})"
    r"(?=[^\S\n]*(?:[\u201c\u201d\"]|\.?[^\S\n]*$|\.[^\S\n]))", re.M)
_COLON_STOP = {"update", "updated", "exclusive", "analysis", "opinion", "watch", "read more", "breaking",
               "live", "factbox", "explainer", "photos", "video", "note", "editor's note", "related",
               "see also", "source", "sources", "correction", "advertisement", "q", "a", "clarification"}


def _is_name(span: Range, view: _View) -> bool:
    """Whether an entity that can speak covers the span ('Pat Caddell', 'Politifact', 'Iran')."""
    return any(label in _SPEAKER_LABELS and start <= span[0] and end >= span[1] - 1
               for start, end, label in view.ents)


def _layout_relations(view: _View) -> list[Relation]:
    """'Name: text' lines (headlines, transcripts) and '"quote" - Name' attributions."""
    text = view.text
    found = []
    for match in _COLON_LINE.finditer(text):
        name = match["source"]
        if len(name.split()) > 5 or name.lower() in _COLON_STOP:
            continue
        if not (name.isupper() or _is_name(match.span("source"), view)):
            continue  # a transcript's 'PENCE:' or a named speaker, not 'The Latest:'

        colon = match.end("source")
        relation = _finish(view, match.span("source"), (colon, colon + 1), match.span("content"))
        if relation is not None:
            found.append(relation)
    previous = 0
    for match in _DASH_CUE.finditer(text):
        paragraph = text.rfind("\n", 0, match.start()) + 1
        start = max(paragraph, previous)
        previous = match.end("source")
        content = view.quote_before(match.start("cue")) or (start, match.start("cue"))
        relation = _finish(view, match.span("source"), match.span("cue"), content)
        if relation is not None:
            found.append(relation)
    return found


def extract_attributions(doc: Doc, document_id: str) -> list[Attribution]:
    """Every attribution relation in a parsed Doc, in text order, with ids `<document_id>:a<n>`."""
    view = _View(doc)
    table = cue_lexicon()
    spans: dict[int, tuple[int, str]] = {}
    for label, start, end in _cue_matches(doc):
        if end > spans.get(start, (start, ""))[0]:
            spans[start] = (end, label)
    found = _layout_relations(view)
    for start, (end, label) in spans.items():
        token = doc[start]
        if view.quoted(*_extent(token)):
            continue  # a cue inside a quotation belongs to the quoted speech
        if token.lower_ == "according":
            relation = _according_relation(view, start, end)
        elif label == "NOUN":
            relation = _noun_relation(token, view)
        elif label == "ADJECTIVE":
            relation = _adjective_relation(token, view)
        elif token.pos_ == "VERB":
            lemma = " ".join([token.lemma_.lower(), *(t.lower_ for t in doc[start + 1:end])])
            cue = table.get((lemma, "verb"))
            relation = _verb_relation(token, end, cue, view) if cue is not None else None
        else:
            relation = None
        if relation is not None:
            found.append(relation)
    found.sort(key=lambda relation: relation[1])
    attributions: list[Attribution] = []
    earlier: list[tuple[str, str]] = []
    text = view.text
    for source, cue, content in found:
        if attributions and attributions[-1].cue.start == cue[0]:
            continue
        kind = speaker_kind(view.text, view.ents, source, earlier)
        if source is not None:
            earlier.append((text[source[0]:source[1]], kind))
        attributions.append(Attribution(
            id=f"{document_id}:a{len(attributions) + 1}",
            document=document_id,
            source=Span(source[0], source[1], text[source[0]:source[1]]) if source is not None else None,
            cue=Span(cue[0], cue[1], text[cue[0]:cue[1]]),
            content=Span(content[0], content[1], text[content[0]:content[1]]),
            speaker=None,
            speaker_kind=kind,
        ))
    return attributions
