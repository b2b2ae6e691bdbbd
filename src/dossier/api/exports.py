"""`GET /api/export/...`: the exporters, streamed, taking the event filters of `/api/events`."""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterator
from typing import IO, Any

from fastapi import APIRouter, Depends
from fastapi.responses import StreamingResponse
from sqlalchemy import Engine

from dossier.api.common import EventFilters
from dossier.export import BINARY_FORMATS, export

SPOOL_BYTES = 8 * 1024 * 1024  # exports larger than this are spooled to a temporary file
# Path under /api/export -> (export format, media type, file name offered to the browser).
EXPORTS: dict[str, tuple[str, str, str]] = {
    "json": ("json", "application/json", "dossier.json"),
    "csv": ("csv", "text/csv; charset=utf-8", "dossier-events.csv"),
    "parquet": ("parquet", "application/vnd.apache.parquet", "dossier-events.parquet"),
    "graphml": ("graphml", "application/graphml+xml", "dossier-actors.graphml"),
    "plover.jsonl": ("plover", "application/x-ndjson", "dossier-plover.jsonl"),
}


def router(engine: Engine) -> APIRouter:
    """One route per export format over the store `engine`."""
    api = APIRouter()
    for path, (fmt, media_type, filename) in EXPORTS.items():
        api.add_api_route(
            f"/api/export/{path}", _exporter(engine, fmt, media_type, filename), methods=["GET"],
            tags=["export"], name=f"export_{fmt}", summary=f"The store as {path}",
            response_class=StreamingResponse,
            responses={200: {"content": {media_type.split(";")[0]: {}}, "description": filename}},
        )
    return api


def _exporter(engine: Engine, fmt: str, media_type: str, filename: str) -> Any:
    """A route that streams the export `fmt`, spooled first so an error is an error, not half a file."""

    def route(filters: EventFilters = Depends()) -> StreamingResponse:
        spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
        if fmt in BINARY_FORMATS:
            export(engine, fmt, spool, **vars(filters))
        else:
            text: IO[str] = io.TextIOWrapper(spool, encoding="utf-8", newline="")
            export(engine, fmt, text, **vars(filters))
            text.flush()
            text.detach()
        spool.seek(0)
        headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
        return StreamingResponse(_chunks(spool), media_type=media_type, headers=headers)

    route.__doc__ = f"The store as `{filename}`; the event filters of `/api/events` keep the events it holds."
    return route


def _chunks(spool: IO[bytes]) -> Iterator[bytes]:
    with spool:
        while chunk := spool.read(64 * 1024):
            yield chunk
