"""The event scorer's experiment and recipe (`extract/vetting.py`, issue 8).

`python -m dossier.quality.train_vetting cv` analyses every development set once without the scorer
(the bundled samples with the seeds, blind sets 1-6), labels each complete event, and each reading
`fill_options` offers for a one-sided one, right when it matches a gold event whole (type in the
gold sentence, source and target as the scorer matches parties), and cross-validates leave one set
out: each set is judged by a model trained on the others, with the thresholds (`keep`, `fill`)
chosen by an inner leave-one-set-out on those others, never on the set judged. The PLOVER records
are not used: the scorer reads a document's whole story and judges articles only (see
`vetting.MIN_SENTENCES`). `python -m dossier.quality.train_vetting train [DATE]` fits on every set, chooses the
thresholds by leave one set out over all of them, and writes `resources/event_vetting.json` with a
card (the SHA-256 of the training inputs, the date, the cross-validated table).
"""

from __future__ import annotations

import copy
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from dossier.extract.vetting import (MODEL_FILE, VettingModel, event_features, fill_options, read_document,
                                     vet_events, with_party)
from dossier.ingest import SUPPORTED_SUFFIXES
from dossier.quality.gold import _whole, parties_of, score
from dossier.quality.sets import analyse_folder
from dossier.quality.train_roles import GOLD, REPO, SEEDS, inputs_sha256
from dossier.records import Analysis, Event

BLIND = ("blind", "blind2", "blind3", "blind4", "blind5", "blind6", "blind7")
KEEP = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)  # 0: keep every event
FILL = (0.3, 0.4, 0.5, 0.6, 0.7, 1.1)  # above 1: fill none
REGULARISATION = 0.3  # C of the logistic regression (0.3, 1 and 3 gave the same table within 0.01)

Counts = tuple[int, int, int, int]  # whole right, gold events, complete emitted right, complete emitted


@dataclass
class DevSet:
    name: str
    analyses: dict[str, Analysis]  # the rules' reading, by document id and by file name
    gold: list[dict]


def training_inputs() -> list[Path]:
    """The files the model is trained from, hashed into its card."""
    samples = resources.files("dossier") / "samples"
    paths = [GOLD / "samples_gold.json", *(GOLD / name / "gold.json" for name in BLIND),
             *(GOLD / name / "reports.jsonl" for name in BLIND)]
    paths += sorted(p for p in Path(str(samples)).iterdir() if p.suffix in SUPPORTED_SUFFIXES)
    return paths + (sorted(SEEDS.iterdir()) if SEEDS.is_dir() else [])


def load_sets() -> list[DevSet]:
    samples = json.loads((GOLD / "samples_gold.json").read_text(encoding="utf-8"))
    named = [dict(e, document=e.get("document") or e["file"]) for e in samples["events"] + samples["seeds"]]
    files = sorted(p for p in Path(str(resources.files("dossier") / "samples")).iterdir()
                   if p.suffix in SUPPORTED_SUFFIXES)
    sets = [DevSet("samples", analyse_folder([*files, SEEDS], vetted=False), named)]
    for name in BLIND:
        gold = json.loads((GOLD / name / "gold.json").read_text(encoding="utf-8"))["events"]
        sets.append(DevSet(name, analyse_folder([GOLD / name / "reports.jsonl"], vetted=False), gold))
    return sets


def _documents_of(dev: DevSet) -> list[tuple[Analysis, list[dict]]]:
    """Each analysis the gold names, once, with its gold events."""
    golds: dict[int, tuple[Analysis, list[dict]]] = {}
    for gold in dev.gold:
        analysis = dev.analyses.get(gold["document"])
        if analysis is not None:
            golds.setdefault(id(analysis), (analysis, []))[1].append(gold)
    return list(golds.values())


def labelled(dev: DevSet) -> list[tuple[dict[str, float], int]]:
    """(features, 1 when the reading matches a gold event whole) for every complete event and every
    reading offered for a one-sided one."""
    rows = []
    for analysis, golds in _documents_of(dev):
        reading = read_document(analysis.events, analysis.actors, analysis.mentions, analysis.document)

        parties = parties_of(analysis.actors)

        def right(event: Event) -> int:
            return int(any(_whole(gold, event, parties) for gold in golds))

        for event in analysis.events:
            if not event.incomplete:
                rows.append((event_features(event, reading), right(event)))
            elif (event.source is None) != (event.target is None):
                for fill, actor in fill_options(event, reading):
                    filled = with_party(event, fill.role, actor)
                    rows.append((event_features(filled, reading, fill), right(filled)))
    return rows


def fit(rows: list[tuple[dict[str, float], int]]) -> VettingModel:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform([features for features, _ in rows])
    model = LogisticRegression(C=REGULARISATION, max_iter=3000).fit(x, [label for _, label in rows])
    weights = {name: round(float(w), 6) for name, w in zip(vectorizer.feature_names_, model.coef_[0]) if abs(w) > 1e-6}
    return VettingModel(dict(sorted(weights.items())), round(float(model.intercept_[0]), 6))


def evaluate(dev: DevSet, model: VettingModel | None) -> Counts:
    """The set's counts with `model` judging its events (None: the rules' reading)."""
    judged = {}
    for analysis in {id(a): a for a in dev.analyses.values()}.values():
        copied = copy.deepcopy(analysis)
        if model is not None:
            vet_events(copied.events, read_document(copied.events, copied.actors, copied.mentions, copied.document),
                       model)
        judged[id(analysis)] = copied
    result = score(dev.gold, {key: judged[id(a)] for key, a in dev.analyses.items()})
    return result.whole, result.gold, result.emitted_right, result.emitted


def _pooled(counts: list[Counts]) -> tuple[float, float]:
    whole, gold, right, emitted = (sum(c[i] for c in counts) for i in range(4))
    return whole / gold, (right / emitted if emitted else 0.0)


def choose_thresholds(per_setting: dict[tuple[float, float], list[Counts]], rules: list[Counts]) -> tuple[float, float]:
    """The (keep, fill) that loses no whole events against the rules, pooled, and gains most in
    whole events and precision together; (0, 1.1), the rules' reading, when none gains."""
    whole, precision = _pooled(rules)
    fits = [((w - whole) / whole + (p - precision) / precision, setting)
            for setting, counts in per_setting.items()
            for w, p in [_pooled(counts)] if w >= whole - 1e-9]
    gain, setting = max(fits, default=(0.0, (0.0, 1.1)))
    return setting if gain > 0 else (0.0, 1.1)


def _settings(model: VettingModel) -> list[VettingModel]:
    return [VettingModel(model.weights, model.bias, keep, fill) for keep in KEEP for fill in FILL]


def _scored_by_leave_one_out(sets: list[DevSet], rows: dict[str, list]) -> dict[tuple[float, float], list[Counts]]:
    scored: dict[tuple[float, float], list[Counts]] = {}
    for held in sets:
        model = fit([row for dev in sets if dev is not held for row in rows[dev.name]])
        for variant in _settings(model):
            scored.setdefault((variant.keep, variant.fill), []).append(evaluate(held, variant))
    return scored


def cross_validate(sets: list[DevSet], log: Callable[[str], None] = print) -> dict[str, dict]:
    """Leave one set out, thresholds chosen by an inner leave-one-set-out on the others."""
    rows = {dev.name: labelled(dev) for dev in sets}
    rules = {dev.name: evaluate(dev, None) for dev in sets}
    table = {}
    for held in sets:
        train = [dev for dev in sets if dev is not held]
        keep, fill = choose_thresholds(_scored_by_leave_one_out(train, rows), [rules[d.name] for d in train])
        model = fit([row for dev in train for row in rows[dev.name]])
        table[held.name] = {"rules": rules[held.name], "vetted": evaluate(held, VettingModel(
            model.weights, model.bias, keep, fill)), "settings": (keep, fill)}
        log(f"{held.name}: {table[held.name]}")
    return table


def format_table(table: dict[str, dict]) -> list[str]:
    lines = ["| set | gold | rules whole | rules precision | vetted whole | vetted precision | keep, fill |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for name, row in table.items():
        cells = [f"{w:.3f} | {p:.3f}" for w, p in (_pooled([row[v]]) for v in ("rules", "vetted"))]
        lines.append(f"| {name} | {row['rules'][1]} | {' | '.join(cells)} | {row['settings']} |")
    pooled = [f"{w:.3f} | {p:.3f}" for w, p in (_pooled([r[v] for r in table.values()]) for v in ("rules", "vetted"))]
    lines.append(f"| pooled | {sum(r['rules'][1] for r in table.values())} | {' | '.join(pooled)} | |")
    return lines


def train(sets: list[DevSet], table: dict | None = None, trained: str | None = None) -> dict:
    """The shipped model: weights fitted on every set; thresholds chosen by leave one set out."""
    rows = {dev.name: labelled(dev) for dev in sets}
    keep, fill = choose_thresholds(_scored_by_leave_one_out(sets, rows), [evaluate(dev, None) for dev in sets])
    model = fit([row for dev in sets for row in rows[dev.name]])
    return {
        "card": {
            "what": "logistic regression over the finished events of extract/vetting.py",
            "trained": trained,
            "data": [str(p.relative_to(REPO.parent)) for p in training_inputs()],
            "inputs_sha256": inputs_sha256(training_inputs()),
            "sets": [dev.name for dev in sets],
            "cross_validated": format_table(table) if table else None,
            "rebuild": "python -m dossier.quality.train_vetting train",
        },
        "keep": keep, "fill": fill, "bias": model.bias, "weights": model.weights,
    }


def main(argv: list[str] | None = None) -> None:
    """`cv` prints the cross-validated table; `train [DATE]` also writes the model with it."""
    args = sys.argv[1:] if argv is None else argv
    sets = load_sets()
    table = cross_validate(sets)
    print("\n".join(format_table(table)))
    if args and args[0] == "train":
        model = train(sets, table, args[1] if len(args) > 1 else None)
        path = Path(str(resources.files("dossier.resources").joinpath(MODEL_FILE)))
        path.write_text(json.dumps(model, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {path} (keep {model['keep']}, fill {model['fill']})")


if __name__ == "__main__":
    main()
