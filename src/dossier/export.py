"""Exporters: the store as SCHEMA.md's JSON object, one CSV row or Parquet row per event, the actor
network as GraphML, or PLOVER-style JSONL events. Every one reads events as the analyst's reviews
have them (rejected ones gone, corrections applied, reviewed ones marked).

All but GraphML stream: records are read in chunks on one connection (one consistent snapshot) and
written as they come, so the export's size does not bound memory. Parquet writes bytes (see
`BINARY_FORMATS`); the others write text.
"""

from __future__ import annotations

import csv
import json
import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from typing import IO, Any, BinaryIO, TextIO

import networkx as nx
import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import Connection, Engine, select

from dossier.errors import UnsupportedFormat
from dossier.fuse.fusion import fuse
from dossier.store import schema
from dossier.store.queries import CHUNK, iter_actors, iter_attributions, iter_documents, iter_events

LOGGER = logging.getLogger(__name__)

SCHEMA_VERSION = "dossier/1"

CSV_COLUMNS = (
    "id", "document", "type", "mode", "source", "source_name", "target", "target_name", "incomplete",
    "date_start", "date_end", "factuality", "weapons", "quantity", "value", "currency", "location",
    "speakers", "evidence", "evidence_start", "evidence_end", "review",
)


def export_json(engine: Engine, out: TextIO) -> None:
    """Write the whole store as one JSON object, one record per line inside each list."""
    with engine.connect() as conn:
        out.write(f'{{"schema": {json.dumps(SCHEMA_VERSION)},\n')
        fusion = fuse(conn)
        sections: tuple[tuple[str, Iterator[dict[str, Any]]], ...] = (
            ("documents", iter_documents(conn)),
            ("actors", iter_actors(conn)),
            ("attributions", iter_attributions(conn)),
            ("events", iter_events(conn)),
            ("claims", iter(fusion.claims)),
            ("transfers", iter(fusion.transfers)),
        )
        for i, (name, records) in enumerate(sections):
            out.write(f'"{name}": [')
            written = 0
            for record in records:
                out.write(",\n" if written else "\n")
                out.write(json.dumps(record, ensure_ascii=False))
                written += 1
            out.write("\n]" if written else "]")
            out.write(",\n" if i < len(sections) - 1 else "\n}\n")
            LOGGER.debug("exported %d %s", written, name)


def export_csv(engine: Engine, out: TextIO) -> None:
    """Write one row per event with its actors' names, weapons, speakers and first evidence."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    with engine.connect() as conn:
        names = _actor_names(conn)
        for event in iter_events(conn):
            writer.writerow(_csv_row(event, names))


_TEXTS = pa.list_(pa.string())
PARQUET_SCHEMA = pa.schema([
    ("id", pa.string()), ("document", pa.string()), ("type", pa.string()), ("mode", pa.string()),
    ("source", pa.string()), ("source_name", pa.string()), ("target", pa.string()),
    ("target_name", pa.string()), ("incomplete", pa.bool_()), ("others", _TEXTS), ("date_start", pa.string()),
    ("date_end", pa.string()), ("date_text", pa.string()), ("location", pa.string()),
    ("location_country", pa.string()), ("weapon_systems", _TEXTS), ("weapon_categories", _TEXTS),
    ("quantity_min", pa.float64()), ("quantity_max", pa.float64()), ("value_amount", pa.float64()),
    ("value_currency", pa.string()), ("factuality", pa.string()), ("speakers", _TEXTS),
    ("speaker_kinds", _TEXTS), ("trigger", pa.string()), ("context", _TEXTS),
    ("evidence", pa.string()), ("evidence_start", pa.int64()), ("evidence_end", pa.int64()),
    ("review", pa.string()), ("reviewed_by", pa.string()), ("reviewed_at", pa.string()),
])


def export_parquet(engine: Engine, out: BinaryIO) -> None:
    """Write the events table as Parquet: one row per event, lists as list columns."""
    with engine.connect() as conn:
        names = _actor_names(conn)
        with pq.ParquetWriter(out, PARQUET_SCHEMA) as writer:
            rows: list[dict[str, Any]] = []
            for event in iter_events(conn):
                rows.append(_parquet_row(event, names))
                if len(rows) >= CHUNK:
                    writer.write_table(pa.Table.from_pylist(rows, schema=PARQUET_SCHEMA))
                    rows = []
            if rows:
                writer.write_table(pa.Table.from_pylist(rows, schema=PARQUET_SCHEMA))


def actor_network(engine: Engine) -> nx.MultiDiGraph:
    """Actors as nodes; one edge per source, target and event type, weighted by its events."""
    graph = nx.MultiDiGraph(name="dossier actor network")
    with engine.connect() as conn:
        for actor in iter_actors(conn):
            attributes = {"name": actor["name"], "kind": actor["kind"], "country": actor["country"],
                          "wikidata": actor.get("wikidata")}
            graph.add_node(actor["id"], **{k: v for k, v in attributes.items() if v is not None})
        weights: Counter[tuple[str, str, str]] = Counter()
        documents: defaultdict[tuple[str, str, str], set[str]] = defaultdict(set)
        for event in iter_events(conn):
            if event["source"] and event["target"]:
                key = (event["source"], event["target"], event["type"])
                weights[key] += 1
                documents[key].add(event["document"])
    for (source, target, kind), weight in sorted(weights.items()):
        graph.add_edge(source, target, key=kind, type=kind, weight=weight,
                       documents=len(documents[(source, target, kind)]))
    return graph


def export_graphml(engine: Engine, out: TextIO) -> None:
    """Write the actor network (`actor_network`) as GraphML."""
    for line in nx.generate_graphml(actor_network(engine)):
        out.write(line + "\n")


def export_plover(engine: Engine, out: TextIO) -> None:
    """Write one PLOVER/POLECAT-style JSON event a line, with text offsets and its citation."""
    with engine.connect() as conn:
        actors = {actor["id"]: actor for actor in iter_actors(conn)}
        documents = {document["id"]: document for document in iter_documents(conn)}
        for event in iter_events(conn):
            out.write(json.dumps(_plover(event, actors, documents[event["document"]]), ensure_ascii=False))
            out.write("\n")


ExportFunction = Callable[[Engine, IO[Any]], None]

EXPORT_FORMATS: dict[str, ExportFunction] = {
    "json": export_json, "csv": export_csv, "parquet": export_parquet, "graphml": export_graphml,
    "plover": export_plover,
}
BINARY_FORMATS = frozenset({"parquet"})  # written to a binary stream; the rest to a text one


def export(engine: Engine, fmt: str, out: IO[Any]) -> None:
    """Write the store to `out` in format `fmt`, one of `EXPORT_FORMATS` (binary for `BINARY_FORMATS`)."""
    function = EXPORT_FORMATS.get(fmt.lower())
    if function is None:
        valid = ", ".join(EXPORT_FORMATS)
        raise UnsupportedFormat(f"unknown export format {fmt!r}; valid formats: {valid}")
    function(engine, out)


def _actor_names(conn: Connection) -> dict[str, str]:
    return {row.id: row.name for row in conn.execute(select(schema.actors.c.id, schema.actors.c.name))}


def _parquet_row(event: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    date, quantity, value, location = event["date"] or {}, event["quantity"] or {}, event["value"] or {}, \
        event["location"] or {}
    first = event["evidence"][0] if event["evidence"] else {}
    review = event.get("review") or {}
    return {
        "id": event["id"], "document": event["document"], "type": event["type"], "mode": event["mode"],
        "source": event["source"], "source_name": names.get(event["source"] or ""),
        "target": event["target"], "target_name": names.get(event["target"] or ""),
        "incomplete": event["incomplete"], "others": event["others"], "date_start": date.get("start"), "date_end": date.get("end"),
        "date_text": date.get("text"), "location": location.get("name"),
        "location_country": location.get("country"),
        "weapon_systems": [w["system"] or w["text"] for w in event["weapons"]],
        "weapon_categories": [w["category"] for w in event["weapons"]],
        "quantity_min": quantity.get("min"), "quantity_max": quantity.get("max"),
        "value_amount": value.get("amount"), "value_currency": value.get("currency"),
        "factuality": event["factuality"],
        "speakers": [x["speaker_text"] or x["speaker"] or x["speaker_kind"] for x in event["attributions"]],
        "speaker_kinds": [x["speaker_kind"] for x in event["attributions"]],
        "trigger": event["trigger"]["text"], "context": event["context"],
        "evidence": first.get("sentence"), "evidence_start": first.get("start"),
        "evidence_end": first.get("end"), "review": review.get("verdict"), "reviewed_by": review.get("by"),
        "reviewed_at": review.get("at"),
    }


def _plover_actor(actor_id: str, actors: dict[str, dict[str, Any]]) -> dict[str, Any]:
    actor = actors.get(actor_id) or {}
    return {"id": actor_id, "name": actor.get("name"), "kind": actor.get("kind"),
            "country": actor.get("country"), "wikidata": actor.get("wikidata")}


def _plover(event: dict[str, Any], actors: dict[str, dict[str, Any]], document: dict[str, Any]) -> dict[str, Any]:
    """An event in the PLOVER/POLECAT layout: who, to whom, what, how, where the text says so."""
    date = event["date"] or {}
    return {
        "id": event["id"],
        "date": date.get("start"),
        "date_info": event["date"],
        "event": event["type"],
        "mode": event["mode"],
        "context": event["context"],
        "actor": [_plover_actor(event["source"], actors)] if event["source"] else [],
        "recipient": [_plover_actor(event["target"], actors)] if event["target"] else [],
        "others": [_plover_actor(other, actors) for other in event["others"]],
        "location": event["location"],
        "weapons": event["weapons"],
        "quantity": event["quantity"],
        "value": event["value"],
        "factuality": event["factuality"],
        "attributions": event["attributions"],
        "text_info": {
            "document": event["document"],
            "trigger": event["trigger"],
            "evidence": [{"start": x["start"], "end": x["end"], "sentence": x["sentence"]}
                         for x in event["evidence"]],
        },
        "cite_info": {"document": document["id"], "title": document["title"], "outlet": document["outlet"],
                      "url": document["url"], "published": document["published"],
                      "language": document["language"]},
        **({"review": event["review"]} if "review" in event else {}),
    }


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def _quantity(quantity: dict[str, Any] | None) -> str:
    """'12', '10-20', '>=10', '<=5', or the text when it carries no number."""
    if quantity is None:
        return ""
    low, high = quantity["min"], quantity["max"]
    if low is not None and high is not None:
        return _number(low) if low == high else f"{_number(low)}-{_number(high)}"
    if low is not None:
        return f">={_number(low)}"
    if high is not None:
        return f"<={_number(high)}"
    return quantity["text"]


def _csv_row(event: dict[str, Any], names: dict[str, str]) -> list[Any]:
    date, value, location = event["date"], event["value"], event["location"]
    first = event["evidence"][0] if event["evidence"] else None
    return [
        event["id"], event["document"], event["type"], event["mode"] or "",
        event["source"] or "", names.get(event["source"] or "", ""),
        event["target"] or "", names.get(event["target"] or "", ""), "yes" if event["incomplete"] else "",
        (date and date["start"]) or "", (date and date["end"]) or "",
        event["factuality"],
        "; ".join(f"{w['system'] or w['text']} ({w['category']})" for w in event["weapons"]),
        _quantity(event["quantity"]),
        _number(value["amount"]) if value else "", value["currency"] if value else "",
        "" if location is None
        else location["name"] + (f" ({location['country']})" if location["country"] else ""),
        "; ".join(
            x["speaker_text"] or names.get(x["speaker"] or "") or x["speaker_kind"]
            for x in event["attributions"]
        ),
        first["sentence"] if first else "",
        first["start"] if first else "", first["end"] if first else "",
        _reviewed(event.get("review")),
    ]


def _reviewed(review: dict[str, Any] | None) -> str:
    """'corrected by NAME on DAY', or '' for an event no analyst reviewed."""
    if not review:
        return ""
    return f"{review['verdict']} by {review['by']} on {(review['at'] or '')[:10]}"
