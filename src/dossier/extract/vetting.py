"""Whether a document supports each event as read: a learned scorer over the finished events (issue 8).

On full-length news about half of what the rules emit matches no event an analyst lists (a
background sentence read as a new deal, a party taken from the wrong clause), and about half of
what they leave incomplete names the right type but no second party. Both are questions about the
whole document, not one sentence: is this pair what the article is about, is the trigger a word
that usually means what its type says, is the party named near it. A logistic regression answers
them from plain records (the events, actors and mentions of one document), so it runs after every
rule, and training (`quality/train_vetting.py`) shares `event_features` with inference.

Its two uses, with thresholds chosen by leave one set out over the development sets:
- an event it doubts (below `keep`) is held back: its target moves to its others and the event
  becomes incomplete, kept with its evidence but out of the register, the claims and the network;
- an event missing one party is completed with the best of a few readings (`fill_options`: the
  document's usual partner of the known party, the country of the place it happens in, the nearest
  other actor in its sentence, the one who tells of it, the document's most named other state) when
  that reading scores `fill` or more.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import NamedTuple

from dossier.extract.parties import side
from dossier.records import Actor, Document, Event, Mention

MODEL_FILE = "event_vetting.json"
# Articles only: a lone sentence gives none of the document's evidence the scorer reads (which pair
# the story is about, what it told before). Trained on articles and tried on the PLOVER records, one
# sentence each, it held back much of what the rules read right there (type with actors, dev half
# 0.65 to 0.51, cross-validated).
MIN_SENTENCES = 3


@dataclass(slots=True)
class DocumentReading:
    """What the features of every event of one document are drawn from, computed once."""

    countries: dict[str, str | None]  # actor id -> its state
    pairs: Counter  # frozenset of the two sides' states -> complete events between them
    named: Counter  # state or actor -> mentions
    mentions: list[tuple[int, str]]  # (offset, actor), in order
    per_sentence: Counter  # sentence offset -> events read there
    told: dict[tuple, list[int]]  # (type, pair) -> where each complete event of it stands, in order
    length: int
    published_year: int | None

    def side(self, actor: str | None) -> str | None:
        """The state an actor stands for (itself when it has none)."""
        return side(actor, self.countries)


class Fill(NamedTuple):
    """How a one-sided event's missing party was offered: every way that found its state, and the role."""

    found_by: tuple[str, ...]
    role: str


def read_document(events: list[Event], actors: list[Actor], mentions: list[Mention],
                  document: Document) -> DocumentReading:
    countries = {a.id: a.country for a in actors}
    reading = DocumentReading(countries, Counter(), Counter(), sorted((m.start, m.actor) for m in mentions),
                              Counter(), {}, len(document.text), None)
    for event in events:
        if not event.incomplete and reading.side(event.source) != reading.side(event.target):
            pair = frozenset((reading.side(event.source), reading.side(event.target)))
            reading.pairs[pair] += 1
            reading.told.setdefault((event.type, pair), []).append(event.trigger.start)
        if event.evidence:
            reading.per_sentence[event.evidence[0].start] += 1
    reading.named.update(reading.side(actor) for _, actor in reading.mentions)
    year = (document.published or "")[:4]
    reading.published_year = int(year) if year.isdigit() else None
    return reading


def _kind(actor: str | None) -> str:
    if actor is None:
        return "none"
    return actor.split(":", 1)[0] if ":" in actor else "state"


def _bucket(value: float) -> str:
    return str(min(int(math.log2(1 + value)), 5))


def event_features(event: Event, reading: DocumentReading, fill: Fill | None = None) -> dict[str, float]:
    """What describes one reading of an event: its type and trigger word, certainty, the kinds of its
    parties, whether they are named in its sentence, how often the document pairs them, where it
    stands in the document, and, for a completed event, every way its missing party was found and
    how recently that party was named."""
    kind, word = event.type, event.trigger.text.lower()
    source, target = reading.side(event.source), reading.side(event.target)
    features = {f"type={kind}": 1.0, f"word={word}": 1.0, f"{kind}|word={word}": 1.0,
                f"factuality={event.factuality}": 1.0, f"{kind}|factuality={event.factuality}": 1.0,
                f"mode={event.mode}": 1.0, f"source={_kind(event.source)}": 1.0,
                f"target={_kind(event.target)}": 1.0, f"{kind}|source={_kind(event.source)}": 1.0,
                f"{kind}|target={_kind(event.target)}": 1.0, "weapons": float(bool(event.weapons)),
                "quantity": float(event.quantity is not None), "value": float(event.value is not None),
                "date": float(event.date is not None), f"others={min(len(event.others), 2)}": 1.0,
                f"place={int(4 * event.trigger.start / max(reading.length, 1))}": 1.0,
                "one_side": float(source == target), f"length={_bucket(reading.length // 1000)}": 1.0,
                f"events={_bucket(sum(reading.per_sentence.values()))}": 1.0}
    if event.date and event.date.start and reading.published_year and event.date.start[:4].isdigit():
        features[f"age={min(max(reading.published_year - int(event.date.start[:4]), -1), 3)}"] = 1.0
    if event.evidence:
        sentence = event.evidence[0]
        features[f"in_sentence={_bucket(reading.per_sentence[sentence.start])}"] = 1.0
        inside = {reading.side(actor) for start, actor in reading.mentions if sentence.start <= start < sentence.end}
        features["source_named_there"] = float(source in inside)
        features["target_named_there"] = float(target in inside)
        features["quoted"] = float('"' in sentence.sentence or "\u201c" in sentence.sentence)
        features["lead"] = float(sentence.start < 400)
    pair = reading.pairs.get(frozenset((source, target)), 0)
    told_before = bisect_left(reading.told.get((kind, frozenset((source, target))), []), event.trigger.start)
    features[f"told_before={min(told_before, 3)}"] = 1.0
    features["pair"] = math.log1p(pair)
    features[f"pair={_bucket(pair)}"] = 1.0
    features["pair_share"] = pair / (sum(reading.pairs.values()) or 1)
    features["source_named"] = math.log1p(reading.named.get(source, 0))
    features["target_named"] = math.log1p(reading.named.get(target, 0))
    for attribution in event.attributions:
        features[f"speaker={attribution.speaker_kind}"] = 1.0
    if event.location:
        features["located"] = 1.0
        features["located_at_target"] = float(event.location.country == target)
    if fill:
        for how in fill.found_by:
            features[f"filled_by={how}"] = 1.0
            features[f"{kind}|filled_by={how}"] = 1.0
        features[f"found_ways={len(fill.found_by)}"] = 1.0
        filled = source if fill.role == "source" else target
        features[f"named_before={_bucket(_distance_back(reading, filled, event.trigger.start) // 200)}"] = 1.0
        # a completed reading weighs every feature apart too: what makes a read party right is not
        # what makes a guessed one right (cross-validated: whole .550 -> .558, precision .687 -> .697)
        features.update({f"filled|{name}": value for name, value in list(features.items())})
    return features


def _distance_back(reading: DocumentReading, state: str | None, offset: int) -> int:
    """Characters back from `offset` to the last mention of `state` (the whole text when none)."""
    before = [start for start, actor in reading.mentions[:bisect_left(reading.mentions, (offset, ""))]
              if reading.side(actor) == state]
    return offset - before[-1] if before else reading.length


def fill_options(event: Event, reading: DocumentReading) -> list[tuple[Fill, str]]:
    """(how it was found, actor) for each reading of the one party `event` lacks, one per state."""
    role = "target" if event.target is None else "source"
    known = reading.side(event.source or event.target)
    options = []
    partners = Counter()
    for pair, count in reading.pairs.items():
        if known in pair and len(pair) == 2:
            partners.update({next(iter(pair - {known})): count})
    if partners:
        options.append(("partner", partners.most_common(1)[0][0]))
    if event.location and event.location.country:
        options.append(("place", event.location.country))
    if event.evidence:
        sentence = event.evidence[0]
        near = [(abs(start - event.trigger.start), actor) for start, actor in reading.mentions
                if sentence.start <= start < sentence.end and actor not in event.others]
        near = [(distance, actor) for distance, actor in near if reading.side(actor) != known]
        if near:
            options.append(("nearest", min(near)[1]))
    if role == "source":  # 'the ministry said Lebanon's envoy had been given 48 hours to leave'
        options += [("speaker", a.speaker) for a in event.attributions if a.speaker][:1]
    salient = [state for state, _ in reading.named.most_common()
               if state and state != known and ":" not in state and state.isupper()]
    if salient:
        options.append(("most_named", salient[0]))
    found: dict[str | None, tuple[list[str], str]] = {}
    for how, actor in options:
        if reading.side(actor) != known:
            found.setdefault(reading.side(actor), ([], actor))[0].append(how)
    return [(Fill(tuple(hows), role), actor) for hows, actor in found.values()]


def logistic(bias: float, weights: dict[str, float], features: dict[str, float]) -> float:
    """A logistic regression's probability from named weights (the form both learned scorers ship)."""
    z = bias + sum(value * weights.get(name, 0.0) for name, value in features.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True, slots=True)
class VettingModel:
    """Weights of one logistic regression over `event_features`; `keep` holds back an event scoring
    below it, `fill` completes one whose best reading scores at least it (above 1: never)."""

    weights: dict[str, float]
    bias: float
    keep: float = 0.0
    fill: float = 1.1

    def probability(self, features: dict[str, float]) -> float:
        return logistic(self.bias, self.weights, features)


def vet_events(events: list[Event], reading: DocumentReading, model: VettingModel) -> None:
    """Holds back, in place, the complete events `model` doubts and completes the one-sided events
    whose best reading it trusts. Every event is judged against the document as the rules read it."""
    judged = []
    for event in events:
        if not event.incomplete:
            judged.append((event, None if model.probability(event_features(event, reading)) >= model.keep
                           else ("target", None)))
        elif (event.source is None) != (event.target is None):
            best = max(((model.probability(event_features(with_party(event, fill.role, actor), reading, fill)),
                         fill.role, actor) for fill, actor in fill_options(event, reading)), default=None)
            judged.append((event, best[1:] if best and best[0] >= model.fill else None))
    for event, change in judged:
        if change is None:
            continue
        role, actor = change
        if actor is None:  # held back: the doubted target stays named among the others
            event.others = [event.target, *(o for o in event.others if o != event.target)]
            event.target = None
        else:
            setattr(event, role, actor)
            event.others = [o for o in event.others if o != actor]


def with_party(event: Event, role: str, actor: str) -> Event:
    """A copy of `event` with `actor` as its `role`."""
    return replace(event, **{role: actor})


def shipped_file(name: str) -> dict | None:
    """A learned scorer's file as its training script wrote it into the package, or None."""
    path = resources.files("dossier.resources").joinpath(name)
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


@cache
def shipped_model() -> VettingModel | None:
    """The model `quality/train_vetting.py` wrote into the package, or None where none ships."""
    data = shipped_file(MODEL_FILE)
    return None if data is None else VettingModel(data["weights"], data["bias"], data["keep"], data["fill"])


def vet(events: list[Event], actors: list[Actor], mentions: list[Mention], document: Document,
        sentences: int) -> None:
    """The pipeline's step: the shipped model's judgement of an article of `sentences` sentences,
    where one ships (else, and for a text shorter than an article, the rules' events)."""
    model = shipped_model()
    if model is not None and events and sentences >= MIN_SENTENCES:
        vet_events(events, read_document(events, actors, mentions, document), model)
