"""Scores event detection on the PLOVER gold-standard records (and, for report only, PETRARCH's set).

The PLOVER GSR holds 322 one-sentence examples hand-coded in PLOVER v0.5 (event type, source and
target country codes). It has no dev/test split, so records are split by the number at the end
of their id: odd numbers are the dev half (the one we look at when tuning the lexicon), even
numbers the held-out half; both figures are reported, and the gate asserts both.

Each sentence goes through the whole analysis, as a user's text would. A record's type is found
when any event of its type is extracted from its sentence; its actors are right (the whole event)
when, in addition, one such event's source and target countries are among the gold codes (a
reciprocal SRC/TAR record accepts either direction; a record with no target asks for none). Gold
codes that are not countries (IGO, NGO, IMG ...) accept an organisation or group. Precision is the
share of complete events (source and target found) that match their record whole; a lower bound,
since a sentence may hold events the record does not code. Incomplete events are counted apart.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from dossier.extract.actors import ACTORS_KEY
from dossier.extract.events import extract_events
from dossier.pipeline import analyse_parsed
from dossier.records import EVENT_TYPES, Document, Event

OLD_NAMES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
CODE_FIXES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}  # old or mistyped country codes in the GSR
SPLITS = ("dev", "held_out")
PETRARCH_FILE = "PETR2_GSR_validation.xml"
CAMEO_TABLE = "CAMEO2PLOVER-2021.txt"
NON_STATE = {"organization", "group"}
NON_COUNTRY = {"IGO", "NGO", "IMG", "ISM"}  # GSR codes for international, non-governmental and militant bodies


@dataclass(frozen=True, slots=True)
class GoldRecord:
    id: str
    split: str
    type: str
    text: str
    sources: frozenset[str]
    targets: frozenset[str]  # empty: no target asked for
    reciprocal: bool


def _codes(value: object) -> frozenset[str]:
    if not isinstance(value, list):
        return frozenset()
    codes = (item.get("code") for item in value if isinstance(item, dict))
    return frozenset(CODE_FIXES.get(code, code) for code in codes if code)


def read_gsr(path: str | Path) -> list[GoldRecord]:
    """The coded sentences of the GSR file, with v0.5 event names mapped to the current ones."""
    records = []
    for row in json.loads(Path(path).read_text(encoding="utf-8")):
        if row.get("event") == "DOCUMENT":
            continue
        number = int(row["id"].rsplit("-", 1)[1])
        markup = row.get("textInfo")
        markup = markup.get("markup", "") if isinstance(markup, dict) else str(markup or "")
        records.append(GoldRecord(
            id=row["id"],
            split=SPLITS[0] if number % 2 else SPLITS[1],
            type=OLD_NAMES.get(row["event"], row["event"]),
            text=row["text"].strip(),
            sources=_codes(row.get("source")),
            targets=_codes(row.get("target")),
            reciprocal="SRC/TAR" in markup,
        ))
    return records


def actor_countries(doc: Doc) -> dict[str, tuple[str | None, str]]:
    """Actor id -> (country, kind) for every actor span of the Doc."""
    found: dict[str, tuple[str | None, str]] = {}
    for span in doc.spans[ACTORS_KEY] if ACTORS_KEY in doc.spans else []:
        country = getattr(span._, "country", None) if span.has_extension("country") else None
        if country is None and span.label_ == "state":
            country = span.kb_id_
        found.setdefault(span.kb_id_, (country, span.label_))
    return found


def _agrees(gold: frozenset[str], actor: str | None, countries: dict[str, tuple[str | None, str]]) -> bool:
    if actor is None:
        return False
    country, kind = countries.get(actor, (None, ""))
    if country is not None and country in gold:
        return True
    return kind in NON_STATE and not gold.isdisjoint(NON_COUNTRY)


def actors_right(record: GoldRecord, event: Event, countries: dict[str, tuple[str | None, str]]) -> bool:
    """Source and target agree with the gold codes.

    A reciprocal record lists both parties; either may be source or target, and with no gold target
    one party named in either role is enough.
    """
    if record.reciprocal:
        parties = record.sources | record.targets
        pair = [event.source, event.target]
        if not record.targets:
            return not record.sources or any(_agrees(parties, actor, countries) for actor in pair)
        return all(_agrees(parties, actor, countries) for actor in pair)
    source_ok = not record.sources or _agrees(record.sources, event.source, countries)
    target_ok = not record.targets or _agrees(record.targets, event.target, countries)
    return source_ok and target_ok


def share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


@dataclass
class SplitScore:
    records: int = 0
    type_found: int = 0
    actors_right: int = 0
    other_type_sentences: int = 0
    events: int = 0
    events_of_gold_type: int = 0
    complete_events: int = 0
    complete_right: int = 0
    per_type: Counter = field(default_factory=Counter)
    per_type_found: Counter = field(default_factory=Counter)

    def as_dict(self) -> dict:
        return {
            "records": self.records,
            "type_recall": share(self.type_found, self.records),
            "type_and_actors": share(self.actors_right, self.records),
            "other_type_rate": share(self.other_type_sentences, self.records),
            "precision_of_type": share(self.events_of_gold_type, self.events),
            "precision": share(self.complete_right, self.complete_events),
            "incomplete_rate": share(self.events - self.complete_events, self.events),
            "events_per_sentence": share(self.events, self.records),
            "per_type_recall": {t: share(self.per_type_found[t], self.per_type[t])
                                for t in EVENT_TYPES if self.per_type[t]},
        }


def score_records(records: list[GoldRecord], nlp: Language) -> tuple[dict, list[dict]]:
    """Scores per split and overall, and one row per record for error analysis."""
    scores = {name: SplitScore() for name in (*SPLITS, "all")}
    rows = []
    for record, doc in zip(records, nlp.pipe(r.text for r in records)):
        events = analyse_parsed(doc, Document(record.id, record.text, "")).events
        countries = actor_countries(doc)
        of_type = [e for e in events if e.type == record.type]
        right = any(actors_right(record, e, countries) for e in of_type)
        complete = [e for e in events if not e.incomplete]
        complete_right = sum(e.type == record.type and actors_right(record, e, countries) for e in complete)
        for name in (record.split, "all"):
            score = scores[name]
            score.records += 1
            score.per_type[record.type] += 1
            score.events += len(events)
            score.events_of_gold_type += len(of_type)
            score.complete_events += len(complete)
            score.complete_right += complete_right
            if of_type:
                score.type_found += 1
                score.per_type_found[record.type] += 1
            score.actors_right += right
            score.other_type_sentences += any(e.type != record.type for e in events)
        rows.append({"id": record.id, "type": record.type, "found": bool(of_type), "actors_right": right,
                     "events": [(e.type, e.source, e.target, e.trigger.text) for e in events]})
    return {name: score.as_dict() for name, score in scores.items()}, rows


def score_plover(path: str | Path, nlp: Language) -> dict:
    """Type recall, type-and-actors accuracy, per-type recall and false positives, per split."""
    scores, _ = score_records(read_gsr(path), nlp)
    return scores


def cameo_to_plover(path: str | Path) -> dict[str, str]:
    """CAMEO code -> PLOVER event, from the conversion table."""
    table = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        match = re.match(r"\s*(\d{2,4}):\s*([A-Z]+)", line)
        if match:
            table[match.group(1)] = match.group(2)
    return table


def score_petrarch(path: str | Path, nlp: Language, table: dict[str, str]) -> dict:
    """Report only: type recall on PETRARCH2's coded sentences and events found in its no-event ones."""
    text = Path(path).read_text(encoding="utf-8")
    coded, empty = [], []
    for chunk in re.split(r"<Sentence\b", text)[1:]:
        sentence = re.search(r"<Text>\s*(.*?)\s*</Text>", chunk, re.S)
        if sentence is None:
            continue
        words = " ".join(sentence.group(1).split())
        codes = re.findall(r'eventcode="(\d+)"', chunk)
        types = {_plover_type(code, table) for code in codes} - {None}
        if types:
            coded.append((words, types))
        elif 'noevents="True"' in chunk:
            empty.append(words)
    found = sum(bool(types & {e.type for e in extract_events(doc, "p")})
                for (_, types), doc in zip(coded, nlp.pipe(w for w, _ in coded)))
    false = sum(bool(extract_events(doc, "p")) for doc in nlp.pipe(empty))
    return {"coded": len(coded), "type_recall": share(found, len(coded)),
            "no_event_sentences": len(empty), "with_events": false}


def _plover_type(code: str, table: dict[str, str]) -> str | None:
    for width in range(len(code), 1, -1):
        if code[:width] in table:
            return table[code[:width]]
    return None


def _table(scores: dict) -> Iterable[str]:
    yield f"{'':24}" + "".join(f"{name:>10}" for name in scores)
    for key in ("records", "type_recall", "type_and_actors", "precision", "incomplete_rate", "other_type_rate",
                "precision_of_type", "events_per_sentence"):
        yield f"{key:24}" + "".join(f"{scores[name][key]:>10}" for name in scores)
    for event_type in EVENT_TYPES:
        cells = [scores[name]["per_type_recall"].get(event_type) for name in scores]
        if any(cell is not None for cell in cells):
            yield f"  {event_type:22}" + "".join(f"{'' if c is None else c:>10}" for c in cells)


def main(argv: list[str] | None = None) -> None:
    """`python -m dossier.quality.plover PATH/PLOVER_GSR_CAMEO.json`: prints the score table."""
    from dossier.annotate import load_pipeline

    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else Path("../shared/data/plover-gsr/PLOVER_GSR_CAMEO.json")
    nlp = load_pipeline()
    for line in _table(score_plover(path, nlp)):
        print(line)
    petrarch = path.parent.parent / "petrarch-validation" / PETRARCH_FILE
    table = path.parent / CAMEO_TABLE
    if petrarch.is_file() and table.is_file():
        print("PETRARCH2 validation (report only):", score_petrarch(petrarch, nlp, cameo_to_plover(table)))


if __name__ == "__main__":
    main()
