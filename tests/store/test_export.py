"""Exporters: the JSON object checked against SCHEMA.md's keys and types, the CSV, the dispatcher."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import pyarrow.parquet as pq
import pytest

from dossier.errors import UnsupportedFormat
from dossier.export import EVENT_COLUMNS, EXPORT_FORMATS, export, export_csv, export_json, export_parquet
from dossier.records import (
    ACTOR_KINDS,
    EVENT_TYPES,
    FACTUALITY,
    SPEAKER_KINDS,
    WEAPON_CATEGORIES,
    Outcome,
)
from dossier.store import StoreWriter, get_document

# SCHEMA.md as data: a dict is an object whose keys are all required, [spec] a list of spec,
# a tuple the alternatives, None JSON null.
OPT_STR = (str, None)
NUMBER = (int, float)
SPAN = {"start": int, "end": int, "text": str}
SCHEMA = {
    "schema": str,
    "documents": [{"id": str, "title": OPT_STR, "outlet": OPT_STR, "url": OPT_STR, "published": OPT_STR,
                   "language": OPT_STR, "sha256": str, "chars": int}],
    "actors": [{"id": str, "name": str, "kind": str, "country": OPT_STR, "aliases": [str],
                "roles": [str]}],
    "attributions": [{"id": str, "document": str, "source": (SPAN, None), "cue": SPAN, "content": SPAN,
                      "speaker": OPT_STR, "speaker_kind": str}],
    "events": [{
        "id": str, "type": str, "mode": OPT_STR, "source": OPT_STR, "target": OPT_STR, "others": [str],
        "date": ({"start": OPT_STR, "end": OPT_STR, "text": str}, None),
        "location": ({"name": str, "country": OPT_STR}, None),
        "weapons": [{"system": OPT_STR, "category": str, "text": str}],
        "quantity": ({"min": (*NUMBER, None), "max": (*NUMBER, None), "text": str}, None),
        "value": ({"amount": NUMBER, "currency": str, "text": str}, None),
        "factuality": str,
        "attributions": [{"speaker": OPT_STR, "speaker_text": OPT_STR, "speaker_kind": str, "cue": str,
                          "outlet": OPT_STR}],
        "evidence": [{"document": str, "start": int, "end": int, "sentence": str}],
    }],
    "claims": [{"id": str, "events": [str], "status": str, "documents": [str], "supporting": list,
                "disputing": list}],
    "transfers": [dict],
}
ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def conforms(value: Any, spec: Any, path: str = "$") -> list[str]:
    """Where `value` departs from `spec`, as JSON paths with what was expected."""
    if spec is None:
        return [] if value is None else [f"{path}: expected null"]
    if isinstance(spec, tuple):
        for option in spec:
            if not conforms(value, option, path):
                return []
        return [f"{path}: {value!r} matches none of {spec}"]
    if isinstance(spec, dict):
        if not isinstance(value, dict):
            return [f"{path}: expected an object"]
        missing = [f"{path}.{key}: missing" for key in spec if key not in value]
        return missing + [err for key, sub in spec.items() if key in value
                          for err in conforms(value[key], sub, f"{path}.{key}")]
    if isinstance(spec, list):
        if not isinstance(value, list):
            return [f"{path}: expected a list"]
        return [err for i, item in enumerate(value) for err in conforms(item, spec[0], f"{path}[{i}]")]
    if spec is int and isinstance(value, bool) or not isinstance(value, spec):
        return [f"{path}: expected {spec.__name__}, got {value!r}"]
    return []


def contract_errors(data: dict[str, Any], texts: dict[str, str]) -> list[str]:
    """SCHEMA.md's rules beyond types: closed vocabularies, references, offsets into the stored text."""
    errors = conforms(data, SCHEMA)
    if errors:
        return errors
    actors = {a["id"] for a in data["actors"]}
    documents = {d["id"] for d in data["documents"]}

    def span_ok(document: str, span: dict[str, Any] | None, where: str) -> None:
        if span is None:
            return
        text = texts[document]
        if not 0 <= span["start"] <= span["end"] <= len(text):
            errors.append(f"{where}: offsets outside the text")
        elif text[span["start"] : span["end"]] != span.get("text", span.get("sentence")):
            errors.append(f"{where}: text differs from the stored text at its offsets")

    errors += [f"schema {data['schema']}" for _ in [1] if data["schema"] != "dossier/1"]
    for d in data["documents"]:
        if d["chars"] != len(texts[d["id"]]):
            errors.append(f"document {d['id']}: chars")
    for a in data["actors"]:
        if a["kind"] not in ACTOR_KINDS or not re.fullmatch(r"[A-Z]{3}", a["country"] or "XXX"):
            errors.append(f"actor {a['id']}: kind or country")
    for x in data["attributions"]:
        if x["speaker_kind"] not in SPEAKER_KINDS or x["document"] not in documents:
            errors.append(f"attribution {x['id']}: speaker kind or document")
        if x["speaker"] is not None and x["speaker"] not in actors:
            errors.append(f"attribution {x['id']}: unknown speaker")
        for part in ("source", "cue", "content"):
            span_ok(x["document"], x[part], f"attribution {x['id']} {part}")
    for e in data["events"]:
        refs = [r for r in (e["source"], e["target"], *e["others"]) if r is not None]
        refs += [x["speaker"] for x in e["attributions"] if x["speaker"] is not None]
        if set(refs) - actors:
            errors.append(f"event {e['id']}: unknown actors {set(refs) - actors}")
        if e["type"] not in EVENT_TYPES or e["factuality"] not in FACTUALITY:
            errors.append(f"event {e['id']}: type or factuality")
        if any(w["category"] not in WEAPON_CATEGORIES for w in e["weapons"]):
            errors.append(f"event {e['id']}: weapon category")
        bounds = (e["date"]["start"], e["date"]["end"]) if e["date"] else ()
        if any(d is not None and not ISO_DATE.match(d) for d in bounds):
            errors.append(f"event {e['id']}: date not ISO")
        if not e["evidence"]:
            errors.append(f"event {e['id']}: no evidence")
        for ev in e["evidence"]:
            if ev["document"] not in documents:
                errors.append(f"event {e['id']}: evidence in unknown document")
            else:
                span_ok(ev["document"], ev, f"event {e['id']} evidence")
    return errors


def fill(engine, make_analysis, n: int) -> None:
    analyses = [make_analysis(f"d{i}", f" Item {i}.") for i in range(n)]
    with StoreWriter(engine) as writer:
        writer.write(analyses, [Outcome(a.document.id, "new", None, a.document.id, 2) for a in analyses])


@pytest.mark.parametrize("documents", [0, 1, 3])
def test_json_export_follows_the_schema(engine, make_analysis, documents):
    fill(engine, make_analysis, documents)
    out = io.StringIO()
    export_json(engine, out)
    data = json.loads(out.getvalue())
    texts = {d["id"]: get_document(engine, d["id"])["text"] for d in data["documents"]}
    assert contract_errors(data, texts) == []
    assert list(data) == list(SCHEMA)
    assert (len(data["documents"]), len(data["events"]), len(data["attributions"])) == (
        documents, 2 * documents, 2 * documents
    )
    event_ids = {e["id"] for e in data["events"]}
    complete = {e["id"] for e in data["events"] if not e["incomplete"]}
    assert all(e["incomplete"] == (e["source"] is None or e["target"] is None) for e in data["events"])
    assert {i for c in data["claims"] for i in c["events"]} == complete  # every complete event has its claim
    assert all(set(t["events"]) <= event_ids for t in data["transfers"])


def test_json_export_streams_beyond_one_chunk(engine, make_analysis, monkeypatch):
    monkeypatch.setattr("dossier.store.queries.CHUNK", 2)
    fill(engine, make_analysis, 5)
    out = io.StringIO()
    export_json(engine, out)
    data = json.loads(out.getvalue())
    assert [d["id"] for d in data["documents"]] == ["d0", "d1", "d2", "d3", "d4"]
    assert [e["id"] for e in data["events"]] == [f"d{i}-e{j}" for i in range(5) for j in (1, 2)]
    assert [a["id"] for a in data["actors"]] == ["IRN", "RUS", "USA"]


@pytest.mark.parametrize(
    ("spoil", "error"),
    [
        (lambda d: d["events"][0].pop("factuality"), "$.events[0].factuality: missing"),
        (lambda d: d["documents"][0].update(chars="12"), "$.documents[0].chars: expected int"),
        (lambda d: d["events"][0]["evidence"][0].update(start=1), "evidence: text differs"),
        (lambda d: d["attributions"][0]["cue"].update(end=10**6), "cue: offsets outside the text"),
        (lambda d: d["events"][0].update(type="DELIVER"), "type or factuality"),
    ],
)
def test_the_checker_catches_departures(engine, make_analysis, spoil, error):
    fill(engine, make_analysis, 1)
    out = io.StringIO()
    export_json(engine, out)
    data = json.loads(out.getvalue())
    spoil(data)
    assert any(error in e for e in contract_errors(data, {"d0": get_document(engine, "d0")["text"]}))


def test_csv_export_has_one_row_per_event(engine, make_analysis):
    fill(engine, make_analysis, 2)
    out = io.StringIO()
    export_csv(engine, out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == EVENT_COLUMNS
    assert [r["id"] for r in rows] == ["d0-e1", "d0-e2", "d1-e1", "d1-e2"]
    delivery, rejection = rows[0], rows[1]
    assert {k: delivery[k] for k in ("source_name", "target_name", "date_start", "weapon_systems",
                                     "weapon_categories", "quantity_min", "quantity_max", "value_amount",
                                     "value_currency", "speakers", "factuality", "incomplete")} == {
        "source_name": "Iran", "target_name": "Russia", "date_start": "2024-08",
        "weapon_systems": "Falcon-7", "weapon_categories": "drones", "quantity_min": "12", "quantity_max": "12",
        "value_amount": "50000000", "value_currency": "USD", "speakers": "a US official",
        "factuality": "reported", "incomplete": "false",
    }
    document = get_document(engine, "d0")
    assert text_of(document, delivery) == delivery["evidence"]
    assert (delivery["document_title"], delivery["document_outlet"], delivery["document_published"],
            delivery["document_url"]) == (document["title"] or "", document["outlet"] or "",
                                          document["published"] or "", document["url"] or "")
    assert (rejection["location"], rejection["location_country"], rejection["target"], rejection["quantity_min"]) == (
        "Vienna", "AUT", "", ""
    )


def text_of(document: dict, row: dict) -> str:
    return document["text"][int(row["evidence_start"]) : int(row["evidence_end"])]


def test_csv_and_parquet_share_their_columns_and_values(engine, make_analysis):
    fill(engine, make_analysis, 2)
    text, binary = io.StringIO(), io.BytesIO()
    export_csv(engine, text)
    export_parquet(engine, binary)
    rows = list(csv.DictReader(io.StringIO(text.getvalue())))
    table = pq.read_table(io.BytesIO(binary.getvalue()))
    assert tuple(table.column_names) == tuple(rows[0]) == EVENT_COLUMNS
    for row, record in zip(rows, table.to_pylist(), strict=True):
        assert row["id"] == record["id"] and row["document_title"] == (record["document_title"] or "")
        assert row["weapon_systems"] == "; ".join(record["weapon_systems"])


@pytest.mark.parametrize("fmt", ["csv", "plover", "json"])
def test_exports_keep_only_the_filtered_events(engine, make_analysis, fmt):
    fill(engine, make_analysis, 2)
    out = io.StringIO()
    export(engine, fmt, out, document="d1", type="aid")
    if fmt == "csv":
        kept = [r["id"] for r in csv.DictReader(io.StringIO(out.getvalue()))]
    elif fmt == "plover":
        kept = [json.loads(line)["id"] for line in out.getvalue().splitlines()]
    else:
        kept = [e["id"] for e in json.loads(out.getvalue())["events"]]
    assert kept == ["d1-e1"]


def test_csv_export_of_an_empty_store_is_a_header(engine):
    out = io.StringIO()
    export_csv(engine, out)
    assert out.getvalue() == ",".join(EVENT_COLUMNS) + "\n"


@pytest.mark.parametrize("fmt", ["json", "csv", "JSON"])
def test_export_dispatches(engine, fmt):
    out = io.StringIO()
    export(engine, fmt, out)
    assert out.getvalue()


@pytest.mark.parametrize("fmt", ["xlsx", "xml", ""])
def test_export_refuses_other_formats(engine, fmt):
    with pytest.raises(UnsupportedFormat, match="valid formats: json, csv, parquet, graphml, plover"):
        export(engine, fmt, io.StringIO())
    assert set(EXPORT_FORMATS) == {"json", "csv", "parquet", "graphml", "plover"}
