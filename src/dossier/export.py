"""Exporters: the store as SCHEMA.md's JSON object or as one CSV row per event.

Both stream: records are read in chunks on one connection (one consistent snapshot) and written
as they come, so the export's size does not bound memory.
"""

from __future__ import annotations

import csv
import json
import logging
from collections.abc import Callable, Iterator
from typing import Any, TextIO

from sqlalchemy import Engine, select

from dossier.errors import UnsupportedFormat
from dossier.fuse.fusion import fuse
from dossier.store import schema
from dossier.store.queries import iter_actors, iter_attributions, iter_documents, iter_events

LOGGER = logging.getLogger(__name__)

SCHEMA_VERSION = "dossier/1"

CSV_COLUMNS = (
    "id", "document", "type", "mode", "source", "source_name", "target", "target_name",
    "date_start", "date_end", "factuality", "weapons", "quantity", "value", "currency", "location",
    "speakers", "evidence", "evidence_start", "evidence_end",
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
        actors = conn.execute(select(schema.actors.c.id, schema.actors.c.name))
        names = {row.id: row.name for row in actors}
        for event in iter_events(conn):
            writer.writerow(_csv_row(event, names))


ExportFunction = Callable[[Engine, TextIO], None]

EXPORT_FORMATS: dict[str, ExportFunction] = {"json": export_json, "csv": export_csv}


def export(engine: Engine, fmt: str, out: TextIO) -> None:
    """Write the store to `out` in format `fmt`, one of `EXPORT_FORMATS`."""
    function = EXPORT_FORMATS.get(fmt.lower())
    if function is None:
        valid = ", ".join(EXPORT_FORMATS)
        raise UnsupportedFormat(f"unknown export format {fmt!r}; valid formats: {valid}")
    function(engine, out)


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
        event["target"] or "", names.get(event["target"] or "", ""),
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
    ]
