"""Gives each event its date, from the dates the text tells (normalised by `dates.py`), the way an
analyst reads them:

- the date told for the event's own clause, the closest in the parse when a sentence tells several
  ('Croatia, Serbia's foe in the wars of the 1990s, bought Rafales in 2021': 2021; a date under
  another clause's verb, 'and announced this month that ...', only when nothing closer dates it);
- for the date of a statement ('said on Tuesday that Russia has received ...'), the acts it reports
  as done by then;
- a date counted from another told before ('two days later', 'the same day', 'at the time'), from
  the last date the text told as the time of an act: not a date naming a thing ('a 2016 contract'),
  a span's start ('since the 1990s') or a deadline ('by early February');
- 'a day after' counts back from the date its sentence told before it ('On Sunday, Russia ordered
  20 diplomats out, a day after Prague expelled 18': Saturday);
- an event its sentence leaves undated takes the date of the nearest dated event in the parse of
  that sentence ('Pompeo on Monday warned Lavrov in a telephone call': the call is Monday's).

A dateline's date is the filing date, never an act's. A planned, denied or guessed-at act takes a
date only where the text tells one for it, as the analysts' conventions ask.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc, Span, Token

from dossier.components.datelines import DASHES, MAX_DATELINE_TOKENS
from dossier.extract.arguments import deal_of, governing, nearest, trigger_token
from dossier.extract.dates import WEEKDAYS, normalize_anchored, normalize_date, told_relative
from dossier.extract.vocabulary import FUTURE_MARKERS, PARTS_OF_DAY
from dossier.records import DateValue, Event

Pairs = list[tuple[Token, Event]]
# a verb heading a clause of its own: a date under it dates that clause ('and announced this month that ...'),
# unlike a participle that describes a noun ('a contract signed in December 2020')
CLAUSES = {"ccomp", "conj", "advcl", "relcl", "xcomp", "parataxis", "csubj", "ROOT"}
SPANS = {"since", "by", "until", "till", "before"}  # a span's start or a deadline: not the time the story stands at
UNITS = {"day", "week", "month", "year"}
UNSURE = {"denied", "speculated"}  # factualities of acts that take no date from another, nor give one
# ranks of the events a date may belong to (lower is closer); the governing event's is the length of the path
JOINED, REPORTED, NEAREST, CROSSED, NOMINAL = 50, 60, 70, 80, 10


@dataclass(frozen=True, slots=True)
class Told:
    """A date the text tells: its words, its value counted from the date told before (if it is so
    told), and what it resolves to."""

    span: Span
    anchored: DateValue | None
    value: DateValue | None


def date_events(doc: Doc, events: list[Event], published: date | None) -> None:
    """Sets the date of `events` in place (after their factuality: see `_told_as_done`)."""
    if not events:
        return
    pairs = [(trigger_token(doc, e), e) for e in events]
    triggers = {t.i: e for t, e in pairs}
    told = told_dates(doc, published)
    best: dict[int, tuple[int, int, Told]] = {}  # trigger token -> the closest date told for it
    for order, mention in enumerate(told):
        if mention.value is None:
            continue
        for event, rank in _dated_events(mention.span.root, pairs, triggers):
            index = trigger_token(doc, event).i
            if index not in best or (rank, order) < best[index][:2]:
                best[index] = (rank, order, mention)
    for token, event in pairs:  # the events one trigger names for each of conjoined parties share its date
        if token.i in best:
            mention = best[token.i][2]
            event.date = mention.anchored or normalize_date(_day_words(mention.span), published,
                                                            future=_is_future(token))
    _counted_back(pairs, told)
    _from_the_tree(pairs)
    for token, event in pairs:  # 'signed a deal on December 3 to buy': bought that day
        deal, purpose = deal_of(token, event, triggers)
        if purpose and event.type == "AGREE":
            event.date = event.date or deal.date


def told_dates(doc: Doc, published: date | None) -> list[Told]:
    """Every date the text tells for an act, in order, each resolved against the publication date or
    counted from the last one told before."""
    anchor: DateValue | None = None  # the last date the text gave: 'that November', 'a day earlier' count from it
    found = []
    for span in _date_spans(doc):
        if span.end < len(doc) and doc[span.end].lower_ == "than":
            continue  # 'a year earlier than first planned': a comparison, no date
        that = span.start > 0 and doc[span.start - 1].lower_ == "that"  # 'that July': the model leaves 'that' out
        plain = None if that else normalize_date(_day_words(span), published)
        anchored = None
        if plain is None or plain.start is None:
            anchored = normalize_anchored(f"that {span.text}" if that else span.text, anchor)
        value = anchored or plain
        found.append(Told(span, anchored, value))
        if value is not None and value.start and not _nominal(span.root) and _preposition(span) not in SPANS:
            anchor = value
    return found


def _date_spans(doc: Doc) -> list[Span]:
    """The model's dates outside a dateline; its times that name a day ('Wednesday night', 'hours
    later'); and dates told relative to the one before that it does not tag ('the following day')."""
    spans = [ent for ent in doc.ents if ent.label_ == "DATE" and not _in_dateline(ent)]
    spans += [ent for ent in doc.ents if ent.label_ == "TIME" and (
        any(t.lower_ in WEEKDAYS for t in ent) or told_relative(ent.text))]
    taken = {i for span in spans for i in range(span.start, span.end)}
    # The words of every stretch of 2-4 tokens, read from the text by offsets: a Span per stretch
    # made spaCy build its tokens again, three times over, and was a fifth of the whole analysis.
    text = doc.text
    starts = [t.idx for t in doc]
    ends = [start + len(t) for start, t in zip(starts, doc)]
    that = [t.lower_ == "that" for t in doc]
    for i in range(len(doc) - 2):  # 'the following day', 'at the time', 'that evening'
        for size in (4, 3, 2):
            if i + size <= len(doc) and (size > 2 or that[i]) and told_relative(
                    text[starts[i]:ends[i + size - 1]]) and not any(j in taken for j in range(i, i + size)):
                spans.append(Span(doc, i, i + size, label="DATE"))
                break
    return sorted(spans, key=lambda span: span.start)


def _day_words(span: Span) -> str:
    """A date's words without the part of the day after a weekday ('Thursday night': Thursday)."""
    if not any(t.lower_ in WEEKDAYS for t in span):
        return span.text
    return " ".join(t.text for t in span if t.lower_ not in PARTS_OF_DAY)


def _in_dateline(span: Span) -> bool:
    """'KINGSTOWN, St Vincent and the Grenadines, December 15 (Caribbean Wire Service) -': the filing
    date, a few words into a paragraph, before the agency's name and a dash."""
    doc = span.doc
    start = span.start
    while start > 0 and "\n" not in doc[start - 1].text + doc[start - 1].whitespace_:
        start -= 1
    if span.start - start > MAX_DATELINE_TOKENS:
        return False
    i = span.end
    if i < len(doc) and doc[i].text == "(":
        while i < len(doc) and doc[i].text != ")":
            i += 1
        i += 1
    return i < len(doc) and doc[i].text in DASHES


def _preposition(span: Span) -> str | None:
    """The preposition a date is told with: 'since' in 'since the 1990s'."""
    if span.start > 0 and span.doc[span.start - 1].dep_ == "prep":
        return span.doc[span.start - 1].lower_
    return span.root.head.lower_ if span.root.dep_ == "pobj" else None


def _nominal(root: Token) -> bool:
    """A date that names a thing rather than dates an act: 'a 2016 contract', 'the wars of the 1990s'."""
    return (root.dep_ in {"compound", "nmod", "amod", "nummod", "poss"} and root.head.pos_ in {"NOUN", "PROPN"}
            or root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.pos_ in {"NOUN", "PROPN"})


def _is_future(trigger: Token) -> bool:
    """A planned or forecast event: 'will visit', 'is expected to sign', 'the upcoming summit'."""
    return any(t.lower_ in FUTURE_MARKERS or t.lemma_ in FUTURE_MARKERS
               for node in [trigger, *trigger.ancestors] for t in [node, *node.children]
               if t is node or t.dep_ in {"aux", "amod"})


def _told_as_done(token: Token, event: Event) -> bool:
    """An act the text tells as done (or a speech act, done by being said), not one planned, denied or
    guessed at: only such an act takes a date from another or gives one."""
    return event.factuality not in UNSURE and not _is_future(token)


def _dated_events(date: Token, pairs: Pairs, triggers: dict[int, Event]) -> list[tuple[Event, int]]:
    """The events a date belongs to, each with its rank (see the constants): the governing one, by
    the length of the path up to it, further when the date names a thing or sits in a clause of its
    own; else, for the date of a statement, the acts it reports as done by then; else the nearest."""
    event = governing(date, triggers)
    if event is not None:
        verb = trigger_token(date.doc, event)
        fronted = date.i < verb.i and date.head.i == verb.i or date.head.head.i == verb.i and date.i < verb.i
        joined = [e for t, e in pairs if fronted and t.dep_ == "conj" and t.head.i == verb.i
                  and not any(w.ent_type_ == "DATE" for w in t.subtree)]  # 'and will send tanks in May'
        path = list(date.ancestors)[:_depth(date, verb)]
        crossed = any(node.pos_ in {"VERB", "AUX"} and node.dep_ in CLAUSES for node in path)
        rank = len(path) + NOMINAL * _nominal(date) + CROSSED * crossed
        return [(event, rank), *((e, JOINED) for e in joined)]  # 'In December, X condemned ... and accused ...'
    verb = next((node for node in date.ancestors if node.pos_ in {"VERB", "AUX"}), None)
    reported = [e for t, e in pairs if verb is not None and verb in t.ancestors and not _is_future(t)]
    if reported:
        return [(e, REPORTED) for e in reported]
    found = nearest(date, pairs)
    return [(found, NEAREST)] if found else []


def _depth(token: Token, ancestor: Token) -> int:
    """The steps from `token` up to `ancestor`, that one not counted."""
    return next((depth for depth, node in enumerate(token.ancestors) if node.i == ancestor.i), 0)


def _counted_back(pairs: Pairs, told: list[Told]) -> None:
    """'On Sunday, Russia ordered 20 diplomats out, a day after Prague expelled 18': the clause after 'a
    day after' is dated from the date its sentence told before it (a day before Sunday); 'days after'
    keeps the month."""
    doc = pairs[0][0].doc
    for token in doc[2:]:
        if token.lower_ not in {"after", "before"}:
            continue
        unit, count = doc[token.i - 1], doc[token.i - 2]
        clause = unit.head
        if unit.lemma_.lower() not in UNITS or clause.pos_ not in {"VERB", "AUX"} or clause.i < token.i:
            continue
        if count.like_num or count.lower_ in {"a", "an", "one"}:
            words = f"{count.text} {unit.lower_}"
        elif count.lower_ == "the" and unit.lower_ in UNITS:
            words = f"a {unit.lower_}"  # 'the day after'
        elif unit.lower_ != unit.lemma_.lower():
            words = unit.lower_  # 'days after'
        else:
            continue
        before = [m.value for m in told if m.value is not None and m.value.start and m.span.end <= unit.i
                  and m.span.sent.start == token.sent.start]
        value = before and normalize_anchored(f"{words} {'earlier' if token.lower_ == 'after' else 'later'}",
                                              before[-1])
        for trigger, event in pairs:
            if value and event.date is None and clause.left_edge.i <= trigger.i <= clause.right_edge.i:
                event.date = value


def _tree_path(a: Token, b: Token) -> tuple[list[Token], list[Token]] | None:
    """The path in the parse from `a` up to the lowest node above both, and from there down to `b`
    (each list without that node), or None when they are in different sentences."""
    up = [a, *a.ancestors]
    above_b = [b, *b.ancestors]
    index = {node.i: depth for depth, node in enumerate(above_b)}
    for depth, node in enumerate(up):
        if node.i in index:
            return up[:depth], above_b[:index[node.i]]
    return None


def _from_the_tree(pairs: Pairs) -> None:
    """An event its sentence does not date takes the date of the nearest dated event in the parse of
    that sentence, by the steps between their triggers, the one above first when two are as near:
    'Pompeo on Monday warned Lavrov in a telephone call' (the call is Monday's), 'met on Friday and
    agreed to pull troops back', 'signed the contract during a visit in December 2009'."""
    dated = [(t, e) for t, e in pairs if e.date is not None and e.date.start and _told_as_done(t, e)]
    for token, event in pairs:
        if event.date is not None or not _told_as_done(token, event):
            continue
        candidates = []
        for other, source in dated:
            path = _tree_path(token, other) if other.i != token.i else None
            if path is not None:
                up, down = path
                candidates.append((len(up) + len(down), bool(down), abs(other.i - token.i), source))
        if candidates:
            event.date = min(candidates, key=lambda c: c[:3])[3].date
