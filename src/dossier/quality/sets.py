"""Runs a gold set end to end and scores it: whole events, fields, precision and register rows.

A set is a folder with `reports.jsonl` (the articles, read like any input) and `gold.json` (the
analyst's events and, for the newer sets, the register rows an analyst would enter). The
articles are analysed once, stored in a throwaway SQLite store and fused, so the register is the
one a user would see. `python -m dossier.quality.sets FOLDER...` prints one table row per set.
"""

from __future__ import annotations

import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from dossier.ingest import read_paths
from dossier.pipeline import analyse, new_outcome
from dossier.quality.gold import GoldScore, Parties, RegisterScore, parties_of, score, score_register
from dossier.records import Analysis, Document
from dossier.settings import Settings
from dossier.store import StoreWriter, list_transfers, open_store


@dataclass
class SetScore:
    name: str
    events: GoldScore
    register: RegisterScore | None  # None: the set's gold lists no register rows

    def row(self) -> dict[str, float | int | None]:
        """The figures the README's quality table shows."""
        events = self.events
        return {
            "gold": events.gold,
            "whole": round(events.whole_recall, 3),
            "found": round(events.recall, 3),
            "source": round(events.accuracy("source"), 3),
            "target": round(events.accuracy("target"), 3),
            "fields": round(events.fields_of_whole, 3),
            "all_right": round(events.all_right, 3),
            "precision": round(events.precision, 3),
            "emitted": events.emitted,
            "incomplete": events.incomplete,
            "register": round(self.register.recall, 3) if self.register else None,
            "register_rows": self.register.gold if self.register else None,
            "register_precision": round(self.register.precision, 3) if self.register else None,
        }


def analyse_folder(paths: list[Path], vetted: bool = True) -> dict[str, Analysis]:
    """Analyses of every article under `paths`, keyed by document id and by file name (`vetted`: as
    `pipeline.analyse` takes it; the event scorer trains on the rules' reading)."""
    documents = {}
    for item in read_paths(paths, Settings()):
        if isinstance(item, Document):
            documents.setdefault(item.id, item)
    by_key = {}
    for analysis in analyse(documents.values(), Settings(), vetted):
        by_key[analysis.document.id] = analysis
        by_key[Path(analysis.document.origin or "").name] = analysis
    return by_key


def fused_transfers(analyses: list[Analysis]) -> tuple[list[dict], Parties]:
    """The register a user would see after ingesting these analyses, and what the scorer knows of
    their actors."""
    with tempfile.TemporaryDirectory() as folder:
        engine = open_store(str(Path(folder) / "set.db"))
        with StoreWriter(engine) as writer:
            writer.write(analyses, [new_outcome(a) for a in analyses])
        transfers = list_transfers(engine)
        engine.dispose()
    return transfers, parties_of(actor for a in analyses for actor in a.actors)


def score_set(folder: Path) -> SetScore:
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    analyses = analyse_folder([folder / "reports.jsonl"])
    events = score(gold["events"], analyses)
    register = None
    if "register" in gold:
        unique = list({id(a): a for a in analyses.values()}.values())
        transfers, parties = fused_transfers(unique)
        register = score_register(gold["register"], transfers, parties)
    return SetScore(folder.name, events, register)


def report(result: SetScore, misses: bool = False) -> str:
    """One line of figures; with `misses`, the misses and wrong events below it (for development
    data only: reading them spends a set's value as unseen text)."""
    lines = [f"{result.name}: " + ", ".join(f"{k} {v}" for k, v in result.row().items())]
    if misses:
        for gold in result.events.misses:
            lines.append(f"  missed {gold['type']} {gold.get('source')}->{gold.get('target')}: "
                         f"{gold['sentence_contains'][:80]}")
        for document, kind, source, target, sentence in result.events.wrong:
            lines.append(f"  wrong  {kind} {source}->{target} [{document}]: {sentence[:100]}")
        for row in result.register.misses if result.register else []:
            lines.append(f"  register miss {row['supplier']}->{row['recipient']} {row.get('system') or row.get('category')} "
                         f"{row['status']} (ours: {row['ours']})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """`python -m dossier.quality.sets [--misses] FOLDER...`"""
    args = sys.argv[1:] if argv is None else argv
    misses = "--misses" in args
    for folder in (Path(a) for a in args if a != "--misses"):
        print(report(score_set(folder), misses), flush=True)


if __name__ == "__main__":
    main()
