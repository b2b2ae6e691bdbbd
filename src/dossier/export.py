"""Exporters: the store as SCHEMA.md's JSON object, one CSV row or Parquet row per event, the actor
network as GraphML, or PLOVER-style JSONL events. Every one reads events as the analyst's reviews
have them (rejected ones gone, corrections applied, reviewed ones marked).

All but GraphML stream: records are read in chunks on one connection (one consistent snapshot) and
written as they come, so the export's size does not bound memory. Parquet writes bytes (see
`BINARY_FORMATS`); the others write text. CSV and Parquet share their columns (`EVENT_COLUMNS`),
each row citing its document. Every format takes the event filters of `queries.list_events`: they
keep the events (and, in the JSON object and the network, only those; documents, actors, claims
and transfers stay whole).
"""

from __future__ import annotations

import csv
import json
import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import IO, Any, BinaryIO, TextIO

import networkx as nx
import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import Connection, Engine, select

from dossier.errors import UnsupportedFormat
from dossier.store import schema
from dossier.store.queries import (
    CHUNK, document_metadata, iter_actors, iter_attributions, iter_claims, iter_documents, iter_events,
    iter_transfers,
)

LOGGER = logging.getLogger(__name__)

SCHEMA_VERSION = "dossier/1"

def export_json(engine: Engine, out: TextIO, **filters: str | None) -> None:
    """Write the whole store as one JSON object, one record per line inside each list."""
    with engine.connect() as conn:
        out.write(f'{{"schema": {json.dumps(SCHEMA_VERSION)},\n')
        sections: tuple[tuple[str, Iterator[dict[str, Any]]], ...] = (
            ("documents", iter_documents(conn)),
            ("actors", iter_actors(conn)),
            ("attributions", iter_attributions(conn)),
            ("events", iter_events(conn, **filters)),
            ("claims", iter_claims(conn)),
            ("transfers", iter_transfers(conn)),
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
    ("document_title", pa.string()), ("document_outlet", pa.string()), ("document_published", pa.string()),
    ("document_url", pa.string()),
    ("review", pa.string()), ("reviewed_by", pa.string()), ("reviewed_at", pa.string()),
])
EVENT_COLUMNS = tuple(PARQUET_SCHEMA.names)  # the CSV's header too


def export_csv(engine: Engine, out: TextIO, **filters: str | None) -> None:
    """Write one row per event (`EVENT_COLUMNS`), lists joined by '; '."""
    with engine.connect() as conn:
        write_event_rows(iter_events(conn, **filters), _actor_names(conn), out, partial(document_metadata, conn))


def write_event_rows(events: Iterable[dict[str, Any]], names: dict[str, str], out: TextIO,
                     document: Callable[[str], dict[str, Any] | None]) -> None:
    """`events` as CSV rows in `EVENT_COLUMNS`; `document` looks up the metadata each row cites."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EVENT_COLUMNS)
    for row in _event_rows(events, names, document):
        writer.writerow([_csv_cell(row[column]) for column in EVENT_COLUMNS])


def export_parquet(engine: Engine, out: BinaryIO, **filters: str | None) -> None:
    """Write the events table as Parquet: one row per event (`EVENT_COLUMNS`), lists as list columns."""
    with engine.connect() as conn:
        rows = _event_rows(iter_events(conn, **filters), _actor_names(conn), partial(document_metadata, conn))
        with pq.ParquetWriter(out, PARQUET_SCHEMA) as writer:
            chunk: list[dict[str, Any]] = []
            for row in rows:
                chunk.append(row)
                if len(chunk) >= CHUNK:
                    writer.write_table(pa.Table.from_pylist(chunk, schema=PARQUET_SCHEMA))
                    chunk = []
            if chunk:
                writer.write_table(pa.Table.from_pylist(chunk, schema=PARQUET_SCHEMA))


def _event_rows(events: Iterable[dict[str, Any]], names: dict[str, str],
                document: Callable[[str], dict[str, Any] | None]) -> Iterator[dict[str, Any]]:
    for event, cited in _with_documents(events, document):
        yield _flat_row(event, names, cited)


def _with_documents(events: Iterable[dict[str, Any]], document: Callable[[str], dict[str, Any] | None]
                    ) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """Each event with its document's metadata; events come by document, so each is looked up once."""
    cited: tuple[str | None, dict[str, Any]] = (None, {})
    for event in events:
        if cited[0] != event["document"]:
            cited = (event["document"], document(event["document"]) or {})
        yield event, cited[1]


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(item) for item in value if item is not None)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _number(value)
    return value


def actor_network(engine: Engine, **filters: str | None) -> nx.MultiDiGraph:
    """Actors as nodes; one edge per source, target and event type, weighted by its events."""
    graph = nx.MultiDiGraph(name="dossier actor network")
    with engine.connect() as conn:
        for actor in iter_actors(conn):
            attributes = {"name": actor["name"], "kind": actor["kind"], "country": actor["country"],
                          "wikidata": actor.get("wikidata")}
            graph.add_node(actor["id"], **{k: v for k, v in attributes.items() if v is not None})
        weights: Counter[tuple[str, str, str]] = Counter()
        documents: defaultdict[tuple[str, str, str], set[str]] = defaultdict(set)
        for event in iter_events(conn, **filters):
            if event["source"] and event["target"]:
                key = (event["source"], event["target"], event["type"])
                weights[key] += 1
                documents[key].add(event["document"])
    for (source, target, kind), weight in sorted(weights.items()):
        graph.add_edge(source, target, key=kind, type=kind, weight=weight,
                       documents=len(documents[(source, target, kind)]))
    return graph


def export_graphml(engine: Engine, out: TextIO, **filters: str | None) -> None:
    """Write the actor network (`actor_network`) as GraphML."""
    for line in nx.generate_graphml(actor_network(engine, **filters)):
        out.write(line + "\n")


def export_plover(engine: Engine, out: TextIO, **filters: str | None) -> None:
    """Write one PLOVER/POLECAT-style JSON event a line, with text offsets and its citation."""
    with engine.connect() as conn:
        actors = {actor["id"]: actor for actor in iter_actors(conn)}
        for event, cited in _with_documents(iter_events(conn, **filters), partial(document_metadata, conn)):
            out.write(json.dumps(_plover(event, actors, cited), ensure_ascii=False))
            out.write("\n")


ExportFunction = Callable[..., None]

EXPORT_FORMATS: dict[str, ExportFunction] = {
    "json": export_json, "csv": export_csv, "parquet": export_parquet, "graphml": export_graphml,
    "plover": export_plover,
}
BINARY_FORMATS = frozenset({"parquet"})  # written to a binary stream; the rest to a text one


def export(engine: Engine, fmt: str, out: IO[Any], **filters: str | None) -> None:
    """Write the store to `out` in format `fmt`, one of `EXPORT_FORMATS` (binary for `BINARY_FORMATS`),
    its events kept by `filters` (those of `queries.list_events`)."""
    function = EXPORT_FORMATS.get(fmt.lower())
    if function is None:
        valid = ", ".join(EXPORT_FORMATS)
        raise UnsupportedFormat(f"unknown export format {fmt!r}; valid formats: {valid}")
    function(engine, out, **filters)


def _actor_names(conn: Connection) -> dict[str, str]:
    return {row.id: row.name for row in conn.execute(select(schema.actors.c.id, schema.actors.c.name))}


def _flat_row(event: dict[str, Any], names: dict[str, str], document: dict[str, Any]) -> dict[str, Any]:
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
        "evidence_end": first.get("end"), "document_title": document.get("title"),
        "document_outlet": document.get("outlet"), "document_published": document.get("published"),
        "document_url": document.get("url"),
        "review": review.get("verdict"), "reviewed_by": review.get("by"), "reviewed_at": review.get("at"),
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
