"""Candidate parties of an event and their features, for the learned role scorer (issue 8, item 3).

For each event the rules made, the candidates are every actor named in its sentence (mentions from
`doc.spans['actors']`, so pronouns, 'the country' and role nouns count as the actor the annotate
pipeline resolved them to), the speaker of the statement that holds it, and the parties the rules
chose. Each candidate is described by how it stands to the trigger in the dependency parse (relation
path, preposition, before or after, distance), what it is (state, body, person; with a country or
not), how often the document names it, the event's type and voice, the lexicon's own role slots, and
whether the rules or the attribution picked it. Training (`quality/train_roles.py`) and inference
share this one function, `candidates`.
"""

from __future__ import annotations

import math
from collections import Counter
from functools import cache
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from dossier.extract.actors import ACTORS_KEY, WEAPONS_KEY
from dossier.extract.parties import side
from dossier.extract.syntax import np_role, passive
from dossier.extract.triggers import Trigger, index
from dossier.extract.vetting import logistic, shipped_file
from dossier.records import Attribution, Event

_MAX_PATH = 4  # relations kept on each side of the path; longer paths are 'long'
_PREPS = {"prep", "agent", "dative"}


@dataclass(slots=True)
class Candidate:
    """One actor that may be the event's source or target, and what describes it."""

    actor: str
    features: dict[str, float] = field(default_factory=dict)


@dataclass(slots=True)
class DocumentActors:
    """What the candidates of every event of one document are drawn from, computed once."""

    mentions: list[tuple[Span, str]]  # (span, actor id), weapon designations left out
    kinds: dict[str, str]  # actor id -> state, person or a body's kind
    countries: dict[str, str | None]
    counts: dict[str, int]  # mentions per actor
    country_counts: dict[str, int]  # mentions per country, of actors of that country


def document_actors(doc: Doc, countries: dict[str, str | None]) -> DocumentActors:
    weapons = {i for span in doc.spans[WEAPONS_KEY] for i in range(span.start, span.end)} \
        if WEAPONS_KEY in doc.spans else set()
    mentions, kinds, counts, country_counts = [], {}, {}, {}
    for span in doc.spans[ACTORS_KEY] if ACTORS_KEY in doc.spans else []:
        if not span.kb_id_ or any(i in weapons for i in range(span.start, span.end)):
            continue
        actor = span.kb_id_
        mentions.append((span, actor))
        kinds.setdefault(actor, span.label_)
        counts[actor] = counts.get(actor, 0) + 1
        country = countries.get(actor) or actor
        country_counts[country] = country_counts.get(country, 0) + 1
    return DocumentActors(mentions, kinds, countries, counts, country_counts)


def trigger_entry(token: Token, event_type: str) -> Trigger | None:
    """The lexicon entry a trigger word was read with (its first sense of the event's type)."""
    words, _ = index()
    return next((t for t in words.get((token.lemma_, token.pos_), ()) if t.type == event_type), None)


def _path(anchor: Token, target: Token) -> tuple[list[str], list[Token]]:
    """Relations from `anchor` up to the common ancestor, and the tokens from there down to `target`."""
    up_chain = [anchor, *anchor.ancestors]
    down_chain = [target, *target.ancestors]
    down_ids = {t.i: n for n, t in enumerate(down_chain)}
    for n, node in enumerate(up_chain):
        if node.i in down_ids:
            return [t.dep_ for t in up_chain[:n]], down_chain[:down_ids[node.i]][::-1]
    return [t.dep_ for t in up_chain], down_chain[::-1]  # another sentence: no common ancestor


def _bucket(value: float) -> str:
    return str(min(int(math.log2(1 + value)), 5))


def _mention_features(anchor: Token, span: Span) -> dict[str, float]:
    root = span.root
    up, down = _path(anchor, root)
    down_deps = [t.dep_ for t in down]
    preps = [t.lower_ for t in down if t.dep_ in _PREPS]
    first = down_deps[0] if down_deps else "self"
    path = ("^".join(up[:_MAX_PATH]) if len(up) <= _MAX_PATH else "long") + "|" + (
        ">".join(down_deps[:_MAX_PATH]) if len(down_deps) <= _MAX_PATH else "long")
    distance = abs(root.i - anchor.i)
    return {
        f"path={path}": 1.0,
        f"first={first}": 1.0,
        f"prep={preps[-1] if preps else '-'}": 1.0,
        f"own={np_role(root)}": 1.0,
        f"up={min(len(up), 5)}": 1.0,
        f"down={min(len(down), 5)}": 1.0,
        "below": float(not up),  # in the trigger's own phrase
        "after": float(root.i > anchor.i),
        f"distance={_bucket(distance)}": 1.0,
        "closeness": 1.0 / (1 + len(up) + len(down)),
    }


def candidates(event: Event, anchor: Token, actors: DocumentActors,
               speakers: set[str], hints: dict[str, set[str]]) -> list[Candidate]:
    """The candidate parties of `event` read at `anchor` (its trigger word), with their features.

    `speakers` are the actors who say the statement the event is in; `hints` maps 'source' and
    'target' to the actors the lexicon's role slots for this trigger point at.
    """
    sentence = anchor.sent
    found: dict[str, dict[str, float]] = {}
    for span, actor in actors.mentions:
        if span.start < sentence.start or span.end > sentence.end:
            continue
        features = _mention_features(anchor, span)
        best = found.get(actor)
        if best is None or features["closeness"] > best["closeness"]:
            found[actor] = features
    for actor in {*speakers, event.source, event.target, *event.others} - {None}:
        found.setdefault(actor, {"outside": 1.0})
    voice = "passive" if passive(anchor) else "active"
    base = {f"type={event.type}": 1.0, f"pos={anchor.pos_}": 1.0, f"voice={voice}": 1.0}
    result = []
    for actor, mention in found.items():
        features = dict(base)
        features.update(mention)
        kind = actors.kinds.get(actor) or ("state" if ":" not in actor else actor.split(":")[0])
        country = actors.countries.get(actor)
        features[f"kind={kind}"] = 1.0
        features["has_country"] = float(bool(country))
        features["salience"] = math.log1p(actors.counts.get(actor, 0))
        features["country_salience"] = math.log1p(actors.country_counts.get(country or actor, 0))
        features["rules_source"] = float(actor == event.source)
        features["rules_target"] = float(actor == event.target)
        features["rules_other"] = float(actor in event.others)
        features["speaker"] = float(actor in speakers)
        features["hint_source"] = float(actor in hints.get("source", ()))
        features["hint_target"] = float(actor in hints.get("target", ()))
        # the relation read with the event's type and voice: the lexicon's slots differ by type
        for key in [k for k in mention if k.startswith(("first=", "prep="))]:
            features[f"{event.type}|{key}"] = 1.0
            features[f"{voice}|{key}"] = 1.0
        result.append(Candidate(actor, features))
    return result


def speakers_of(event: Event, attributions: list[Attribution]) -> set[str]:
    """The actors who say the statement whose content holds the event's trigger."""
    start = event.trigger.start
    return {a.speaker for a in attributions if a.speaker and a.content.start <= start < a.content.end}


@dataclass(frozen=True, slots=True)
class RoleModel:
    """Logistic-regression weights per role ('source', 'target') and how their scores are used.

    `mode` 'fill' keeps the rules' parties and fills an empty one with the best candidate scoring at
    least `threshold`; 'override' fills none but replaces a rules' party when the best candidate
    scores `threshold` or more and beats it by `margin` (a party the rules took from outside the
    sentence is kept); 'ranker' ignores the rules' choice (their
    pick is still a feature) and keeps a party only above `threshold`.
    """

    weights: dict[str, dict[str, float]]
    bias: dict[str, float]
    mode: str = "fill"
    threshold: float = 0.5
    margin: float = 0.0

    def may_change(self, event: Event, alone: bool) -> bool:
        """Whether `choose` can give `event` other parties than the rules did: only then are its
        candidates worth gathering (they cost about a fifth of the extraction)."""
        if self.mode == "override":
            return alone and (event.source is not None or event.target is not None)
        if self.mode == "ranker" and alone:
            return True
        return event.source is None or event.target is None

    def probability(self, role: str, features: dict[str, float]) -> float:
        return logistic(self.bias[role], self.weights[role], features)


def choose(event: Event, found: list[Candidate], model: RoleModel, countries: dict[str, str | None],
           alone: bool = True) -> tuple[str | None, str | None]:
    """The source and target `model` gives `event` from its candidates; never one actor (nor two of
    one country) on both sides. `alone`: no other event shares the trigger (a conjoined party's copy
    keeps the parties the rules gave it, and may only be filled)."""
    scores = {role: {c.actor: model.probability(role, c.features) for c in found} for role in ("source", "target")}

    def best(role: str, other: str | None) -> tuple[str | None, float]:
        ranked = [(p, a) for a, p in scores[role].items()
                  if other is None or side(a, countries) != side(other, countries)]
        p, actor = max(ranked, default=(0.0, None))
        return (actor, p) if p >= model.threshold else (None, p)

    source, target = event.source, event.target
    if model.mode == "ranker" and alone:
        s, ps = best("source", None)
        t, pt = best("target", s)
        t2, pt2 = best("target", None)
        s2, ps2 = best("source", t2)
        return (s, t) if ps + pt >= ps2 + pt2 else (s2, t2)
    if model.mode == "override":
        if not alone:
            return source, target
        read_elsewhere = {c.actor for c in found if "outside" in c.features}
        for role in ("source", "target"):
            current = source if role == "source" else target
            if current in read_elsewhere:
                continue  # taken from a transfer or a statement named before: the sentence cannot say
            actor, p = best(role, target if role == "source" else source)
            if actor is not None and current is not None and p - scores[role].get(current, 0.0) >= model.margin:
                source, target = (actor, target) if role == "source" else (source, actor)
        return source, target
    if source is None:
        source = best("source", target)[0]
    if target is None:
        target = best("target", source)[0]
    return source, target


def event_candidates(doc: Doc, events: list[Event], attributions: list[Attribution],
                     countries: dict[str, str | None]) -> list[list[Candidate]]:
    """The candidates of each event, in the events' order."""
    from dossier.extract.arguments import trigger_token
    from dossier.extract.slots import SlotReader

    if not events:
        return []
    actors = document_actors(doc, countries)
    reader = SlotReader(doc)
    found = []
    for event in events:
        token = trigger_token(doc, event)
        entry = trigger_entry(token, event.type)
        anchor = reader.anchor(token, entry)
        found.append(candidates(event, anchor, actors, speakers_of(event, attributions),
                                reader.hints(anchor, entry)))
    return found


def alone_on_trigger(events: list[Event]) -> list[bool]:
    """For each event, whether no other event shares its trigger and type (conjoined parties do)."""
    shared = Counter((event.trigger.start, event.type) for event in events)
    return [shared[event.trigger.start, event.type] == 1 for event in events]


def assign_parties(events: list[Event], found: list[list[Candidate]], model: RoleModel,
                   countries: dict[str, str | None], alone: list[bool] | None = None) -> None:
    """Sets, in place, each event's source and target as `model` chooses them; a party replaced
    joins the event's others, a party chosen leaves them. `alone` as `alone_on_trigger` gives it,
    when `events` are some of a document's."""
    for event, candidates_, single in zip(events, found, alone or alone_on_trigger(events), strict=True):
        source, target = choose(event, candidates_, model, countries, single)
        dropped = [a for a in (event.source, event.target) if a and a not in {source, target}]
        event.others = [o for o in dict.fromkeys([*event.others, *dropped]) if o not in {source, target}]
        event.source, event.target = source, target


MODEL_FILE = "role_ranker.json"


@cache
def shipped_model() -> RoleModel | None:
    """The model `quality/train_roles.py` wrote into the package, or None where none ships."""
    data = shipped_file(MODEL_FILE)
    return None if data is None else RoleModel(data["weights"], data["bias"], data["mode"], data["threshold"],
                                               data["margin"])


def assign_roles(doc: Doc, events: list[Event], attributions: list[Attribution],
                 countries: dict[str, str | None]) -> None:
    """The pipeline's step: the shipped model's choice of parties, where one ships (else the rules')."""
    model = shipped_model()
    if model is None or not events:
        return
    todo = [(event, single) for event, single in zip(events, alone_on_trigger(events)) if model.may_change(event, single)]
    if todo:
        chosen, alone = [event for event, _ in todo], [single for _, single in todo]
        assign_parties(chosen, event_candidates(doc, chosen, attributions, countries), model, countries, alone)
