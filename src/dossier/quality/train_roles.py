"""The learned role scorer's experiment and recipe (issue 8, item 3).

`python -m dossier.quality.train_roles cv` runs every development set once (the bundled samples with
the seeds, blind sets 1-5 and the PLOVER GSR's dev half; never its held-out half), gathers each
event's candidate parties with `extract/roles.py`, labels them from the gold (a candidate is right
when it is, or is of the country of, the gold's source or target, as the scorer matches parties)
and cross-validates leave one set out: for each set, models trained on the others score its events,
and its whole events and precision are measured for the rules alone, the ranker, and two hybrids
(the ranker fills only empty parties; it also overrides the rules above a confidence). The
thresholds are chosen inside the training sets (an inner leave-one-set-out), never on the held-out
one. `python -m dossier.quality.train_roles train` fits the chosen variant on every set and writes
`resources/role_ranker.json` with a card: the SHA-256 of the training inputs, the date and the
cross-validated figures.
"""

from __future__ import annotations

import copy
import hashlib
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from spacy.tokens import Doc

from dossier import pipeline
from dossier.extract.restated import restated_events
from dossier.extract.roles import MODEL_FILE, Candidate, RoleModel, assign_parties, event_candidates
from dossier.ingest import SUPPORTED_SUFFIXES, read_paths
from dossier.quality.gold import _in_sentence, _same_actor, parties_of, score
from dossier.quality.plover import SPLITS, _agrees, actor_countries, actors_right, read_gsr
from dossier.records import Analysis, Document, Event
from dossier.settings import Settings

REPO = Path(__file__).resolve().parents[3]
SHARED = REPO.parent / "shared"
GOLD = REPO / "tests" / "gold"
BLIND = ("blind", "blind2", "blind3", "blind4", "blind5")
GSR = SHARED / "data" / "plover-gsr" / "PLOVER_GSR_CAMEO.json"
SEEDS = SHARED / "corpus" / "seeds"
ROLES = ("source", "target")
MODES = ("fill", "override", "ranker")
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
MARGINS = (0.0, 0.2, 0.4)


@dataclass
class Captured:
    """A document's state where the role scorer runs: after the rules, before restated events."""

    doc: Doc
    document: Document
    analysis: Analysis  # the rules' analysis, for the actors and the final events
    events: list[Event]  # the events at that point, a copy
    attributions: list
    countries: dict[str, str | None]
    candidates: list[list[Candidate]] = field(default_factory=list)


@dataclass
class DevSet:
    name: str
    captured: dict[str, Captured]  # by document id and by file name
    gold: list[dict]  # gold events with 'document', or GSR records
    plover: bool = False


def training_inputs() -> list[Path]:
    """The files the model is trained from, hashed into its card."""
    paths = [GOLD / "samples_gold.json", *(GOLD / name / "gold.json" for name in BLIND),
             *(GOLD / name / "reports.jsonl" for name in BLIND), GSR]
    paths += sorted(p for p in Path(str(resources.files("dossier") / "samples")).iterdir()
                    if p.suffix in SUPPORTED_SUFFIXES)
    paths += sorted(SEEDS.iterdir()) if SEEDS.is_dir() else []
    return paths


def inputs_sha256(paths: list[Path] | None = None) -> str:
    digest = hashlib.sha256()
    for path in paths or training_inputs():
        digest.update(path.name.encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _capture(documents: list[Document]) -> dict[str, Captured]:
    """Analyses `documents` with the rules only, keeping each one's state where the scorer runs."""
    states: list[tuple] = []
    original = pipeline.restated_events

    def keep(doc, events, document_id):  # the step right after the rules have set every party
        states.append((doc, copy.deepcopy(events)))
        return original(doc, events, document_id)

    pipeline.restated_events, scorer = keep, getattr(pipeline, "assign_roles", None)
    if scorer is not None:
        pipeline.assign_roles = lambda *args: None  # the rules alone, whatever model ships
    try:
        analyses = list(pipeline.analyse(documents, Settings()))
    finally:
        pipeline.restated_events = original
        if scorer is not None:
            pipeline.assign_roles = scorer
    captured = {}
    for analysis, (doc, events) in zip(analyses, states):
        attributions, countries = analysis.attributions, {a.id: a.country for a in analysis.actors}
        state = Captured(doc, analysis.document, analysis, events, attributions, countries)
        state.candidates = event_candidates(doc, events, attributions, countries)
        captured[analysis.document.id] = state
        captured[Path(analysis.document.origin or "").name] = state
    return captured


def _documents(paths: list[Path]) -> list[Document]:
    found = {}
    for item in read_paths(paths, Settings()):
        if isinstance(item, Document):
            found.setdefault(item.id, item)
    return list(found.values())


def load_sets() -> list[DevSet]:
    samples = json.loads((GOLD / "samples_gold.json").read_text(encoding="utf-8"))
    named = [dict(e, document=e.get("document") or e["file"]) for e in samples["events"] + samples["seeds"]]
    sample_files = sorted(p for p in Path(str(resources.files("dossier") / "samples")).iterdir()
                          if p.suffix in SUPPORTED_SUFFIXES)
    sets = [DevSet("samples", _capture(_documents([*sample_files, SEEDS])), named)]
    for name in BLIND:
        gold = json.loads((GOLD / name / "gold.json").read_text(encoding="utf-8"))["events"]
        sets.append(DevSet(name, _capture(_documents([GOLD / name / "reports.jsonl"])), gold))
    records = [r for r in read_gsr(GSR) if r.split == SPLITS[0]]  # the dev half only
    captured = _capture([Document(r.id, r.text, "") for r in records])
    sets.append(DevSet("plover_dev", captured, records, plover=True))
    return sets


def _states(dev: DevSet) -> list[Captured]:
    return list({id(s): s for s in dev.captured.values()}.values())


def labelled(dev: DevSet) -> list[tuple[dict[str, float], dict[str, int | None]]]:
    """(features, {role: 1 right, 0 wrong, None unknown}) for every candidate of an event the gold
    lists with the type and sentence the pipeline found."""
    rows = []
    records = {r.id: r for r in dev.gold} if dev.plover else {}
    golds: dict[str, list[dict]] = {}
    for gold in [] if dev.plover else dev.gold:
        golds.setdefault(gold["document"], []).append(gold)
    for state in _states(dev):
        if dev.plover:
            record = records[state.document.id]
            parties = actor_countries(state.doc)
        known = parties_of(state.analysis.actors)
        for event, candidates in zip(state.events, state.candidates):
            if dev.plover:
                if event.type != record.type:
                    continue
                wanted = {"source": record.sources | (record.targets if record.reciprocal else frozenset()),
                          "target": record.targets | (record.sources if record.reciprocal else frozenset())}
                labels = {c.actor: {role: (int(_agrees(wanted[role], c.actor, parties)) if wanted[role] else None)
                                    for role in ROLES} for c in candidates}
            else:
                matching = [g for g in golds.get(state.document.id, []) + golds.get(
                    Path(state.document.origin or "").name, []) if _in_sentence(g, event)]
                if not matching:
                    continue
                labels = {c.actor: {role: (int(any(_same_actor(g[role], c.actor, known) for g in matching))
                                           if all(g.get(role) for g in matching) else None) for role in ROLES}
                          for c in candidates}
            rows.extend((c.features, labels[c.actor]) for c in candidates)
    return rows


def fit(rows: list, c: float = 1.0) -> RoleModel:
    """Logistic regression per role on the labelled candidates, as plain weights."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    weights, bias = {}, {}
    for role in ROLES:
        data = [(features, label[role]) for features, label in rows if label[role] is not None]
        vectorizer = DictVectorizer()
        x = vectorizer.fit_transform([f for f, _ in data])
        model = LogisticRegression(C=c, max_iter=2000).fit(x, [y for _, y in data])
        weights[role] = {name: round(float(w), 6) for name, w in zip(vectorizer.feature_names_, model.coef_[0])
                         if abs(w) > 1e-6}
        bias[role] = round(float(model.intercept_[0]), 6)
    return RoleModel(weights, bias)


def evaluate(dev: DevSet, model: RoleModel | None) -> tuple[int, int, int, int]:
    """(whole right, gold events, complete emitted right, complete emitted) with `model` assigning
    parties (None: the rules alone)."""
    analyses = {}
    for key, state in dev.captured.items():
        events = copy.deepcopy(state.events)
        if model is not None:
            assign_parties(events, state.candidates, model, state.countries)
        restated = restated_events(state.doc, events, state.document.id)
        analysis = copy.copy(state.analysis)
        analysis.events = sorted(events + restated, key=lambda e: e.trigger.start)
        analyses[key] = analysis
    if not dev.plover:
        result = score(dev.gold, analyses)
        return result.whole, result.gold, result.emitted_right, result.emitted
    whole = right = complete = 0
    for record in dev.gold:
        state = dev.captured[record.id]
        parties = actor_countries(state.doc)
        events = analyses[record.id].events
        whole += any(e.type == record.type and actors_right(record, e, parties) for e in events)
        done = [e for e in events if not e.incomplete]
        complete += len(done)
        right += sum(e.type == record.type and actors_right(record, e, parties) for e in done)
    return whole, len(dev.gold), right, complete


def _variants(base: RoleModel) -> list[RoleModel]:
    found = []
    for mode in MODES:
        for threshold in THRESHOLDS:
            for margin in MARGINS if mode == "override" else (0.0,):
                found.append(RoleModel(base.weights, base.bias, mode, threshold, margin))
    return found


def _pooled(counts: list[tuple[int, int, int, int]]) -> tuple[float, float]:
    whole, gold, right, emitted = (sum(c[i] for c in counts) for i in range(4))
    return whole / gold, right / emitted if emitted else 0.0


def _pick(per_variant: dict[tuple, list[tuple[int, int, int, int]]], rules: list[tuple[int, int, int, int]],
          mode: str) -> tuple | None:
    """The variant of `mode` that neither loses whole events nor precision against the rules, pooled
    over the sets scored, with the largest relative gain in the two together; None if none."""
    whole, precision = _pooled(rules)
    fits = []
    for key, counts in per_variant.items():
        w, p = _pooled(counts)
        if key[0] == mode and w >= whole - 1e-9 and p >= precision - 1e-9:
            fits.append(((w - whole) / whole + (p - precision) / precision, key))
    best = max(fits, default=(0.0, None))
    return best[1] if best[0] > 0 else None


def _settings_of(model: RoleModel) -> tuple:
    return model.mode, model.threshold, model.margin


def cross_validate(sets: list[DevSet], log: Callable[[str], None] = print) -> dict:
    """Leave one set out: every figure of a set comes from models that never saw it, with thresholds
    chosen by an inner leave-one-set-out over the other sets."""
    rows = {dev.name: labelled(dev) for dev in sets}
    rules = {dev.name: evaluate(dev, None) for dev in sets}
    table = {dev.name: {"rules": rules[dev.name]} for dev in sets}
    for held in sets:
        train = [dev for dev in sets if dev is not held]
        inner: dict[tuple, list] = {}
        for inner_held in train:
            model = fit([row for dev in train if dev is not inner_held for row in rows[dev.name]])
            for variant in _variants(model):
                inner.setdefault(_settings_of(variant), []).append(evaluate(inner_held, variant))
        model = fit([row for dev in train for row in rows[dev.name]])
        inner_rules = [rules[dev.name] for dev in train]
        for mode in MODES:
            chosen = _pick(inner, inner_rules, mode)
            if chosen is None:
                table[held.name][mode] = rules[held.name]
                table[held.name][mode + "_settings"] = None
                continue
            variant = RoleModel(model.weights, model.bias, *chosen)
            table[held.name][mode] = evaluate(held, variant)
            table[held.name][mode + "_settings"] = chosen
        log(f"{held.name}: " + ", ".join(f"{k} {v}" for k, v in table[held.name].items()))
    return table


def format_table(table: dict) -> list[str]:
    lines = ["| set | gold | rules whole | rules precision | " + " | ".join(
        f"{m} whole | {m} precision" for m in MODES) + " |", "| --- " * (3 + 2 * len(MODES)) + "|"]
    totals: dict[str, list] = {}
    for name, row in table.items():
        cells = []
        for variant in ("rules", *MODES):
            whole, gold, right, emitted = row[variant]
            totals.setdefault(variant, []).append(row[variant])
            cells.append(f"{whole / gold:.3f} | {right / emitted if emitted else 0:.3f}")
        lines.append(f"| {name} | {row['rules'][1]} | " + " | ".join(cells) + " |")
    pooled = [f"{w:.3f} | {p:.3f}" for w, p in (_pooled(totals[v]) for v in ("rules", *MODES))]
    lines.append(f"| pooled | {sum(r['rules'][1] for r in table.values())} | " + " | ".join(pooled) + " |")
    return lines


def best_mode(table: dict) -> str:
    """The way of using the scores that gains most, pooled over the held-out sets, without losing
    whole events or precision against the rules (the table's own verdict; 'fill' when none gains)."""
    pooled = {name: _pooled([row[name] for row in table.values()]) for name in ("rules", *MODES)}
    whole, precision = pooled["rules"]
    fair = [m for m in MODES if pooled[m][0] >= whole - 1e-9 and pooled[m][1] >= precision - 1e-9]
    return max(fair, key=lambda m: pooled[m][0] + pooled[m][1], default="fill")


def train(sets: list[DevSet], mode: str, table: dict | None = None, trained: str | None = None) -> dict:
    """The shipped model: weights fitted on every set; its threshold (and margin) chosen, as in the
    cross-validation, by leave one set out over all of them."""
    rows = {dev.name: labelled(dev) for dev in sets}
    rules = [evaluate(dev, None) for dev in sets]
    scored: dict[tuple, list] = {}
    for held in sets:
        model = fit([row for dev in sets if dev is not held for row in rows[dev.name]])
        for variant in _variants(model):
            scored.setdefault(_settings_of(variant), []).append(evaluate(held, variant))
    chosen = _pick(scored, rules, mode)
    if chosen is None:
        raise SystemExit(f"no {mode} setting keeps the rules' precision: nothing to ship")
    model = fit([row for dev in sets for row in rows[dev.name]])
    _, threshold, margin = chosen
    return {
        "card": {
            "what": "logistic regression per role over the candidate parties of extract/roles.py",
            "trained": trained,
            "data": [str(p.relative_to(REPO.parent)) for p in training_inputs()],
            "inputs_sha256": inputs_sha256(),
            "sets": [dev.name for dev in sets],
            "cross_validated": format_table(table) if table else None,
            "rebuild": f"python -m dossier.quality.train_roles train {mode}",
        },
        "mode": mode, "threshold": threshold, "margin": margin,
        "bias": model.bias, "weights": {role: dict(sorted(w.items())) for role, w in model.weights.items()},
    }


def main(argv: list[str] | None = None) -> None:
    """`python -m dossier.quality.train_roles cv` prints the cross-validated table; `... train [MODE
    [DATE]]` writes the model (`cv` first, to put its table on the card); without MODE, the one the
    table shows gaining most (`best_mode`)."""
    args = sys.argv[1:] if argv is None else argv
    command = args[0] if args else "cv"
    sets = load_sets()
    table = cross_validate(sets)
    print("\n".join(format_table(table)))
    for name, row in table.items():
        print(name, {m: row[m + "_settings"] for m in MODES})
    if command == "train":
        mode = args[1] if len(args) > 1 else best_mode(table)
        model = train(sets, mode, table, args[2] if len(args) > 2 else None)
        path = Path(str(resources.files("dossier.resources").joinpath(MODEL_FILE)))
        path.write_text(json.dumps(model, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {path} ({mode}, threshold {model['threshold']}, margin {model['margin']})")


if __name__ == "__main__":
    main()
