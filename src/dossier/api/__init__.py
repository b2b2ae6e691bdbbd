"""The HTTP API (`dossier serve`): FastAPI routers, one module per resource, thin over the store
queries, exporters and pipeline.

Reads (`records`, `exports`) go through a read-only engine and are open to any client that names a
host the server answers to. `POST /api/ingest` (`ingest`) goes through the same pipeline code as
`dossier ingest` and its single writer, and `POST /api/review` (`reviews`) through `review.py`, only
when the app was made with an ingest token, and then behind the guards in `access.py`. Article text
is data: it is stored and returned as JSON strings, never evaluated. The library's exceptions
become JSON errors here, once. `/` serves the analyst's page (`web/`, `page`), static files that
read this same API; `/docs` and `/redoc` describe it with assets from an installed package, so
they work offline.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import replace

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.trustedhost import TrustedHostMiddleware

from dossier import __version__
from dossier.access import LOCAL_HOSTS, BodyLimit, WriteGuard
from dossier.api import exports, ingest, page, records, reviews
from dossier.api.common import DEFAULT_LIMIT, MAX_LIMIT, MAX_PAGE_OFFSET, PART_LIMIT
from dossier.api.page import DOCS_ASSETS, DOCS_POLICY, PAGE_POLICY, WEB
from dossier.errors import DossierError, StoreError, UnknownRecord, UnsupportedFormat
from dossier.settings import Settings
from dossier.store import open_store

__all__ = ["DEFAULT_LIMIT", "DOCS_POLICY", "MAX_LIMIT", "MAX_PAGE_OFFSET", "PAGE_POLICY", "PART_LIMIT", "WEB",
           "create_app"]

LOGGER = logging.getLogger(__name__)

DESCRIPTION = f"""\
Sourced, structured records of states' military cooperation, read from news reports.

Lists are pages `{{"items", "total", "next"}}` in the JSON export's shape (SCHEMA.md); `next` is the
URL of the following page or null. The lists of records (documents, actors, events, attributions,
claims, the register) page by keyset: `next` carries `after`, the place of the page's last record
in the list's order, so any page costs an index seek however deep. `offset` reaches at most
{MAX_PAGE_OFFSET:,} records deep; search, the review queue and history, and a record's inner lists
page by offset alone, so their `next` links stop there. Every span is a pair of character offsets
into the document's stored text (`GET /api/documents/{{id}}` returns it).
"""


def create_app(
    db: str,
    *,
    ingest_token: str | None = None,
    hosts: Iterable[str] = LOCAL_HOSTS,
    settings: Settings | None = None,
) -> FastAPI:
    """The API over the store at `db`, answering requests addressed to `hosts`.

    Without `ingest_token` the app never opens the store for writing and refuses every ingest;
    with it, ingest needs that token (the page it serves carries it). `settings` holds the limits.
    """
    settings = replace(settings or Settings(), db=db)
    guard = WriteGuard(ingest_token, list(hosts), settings.writes_per_minute)
    writer = open_store(db) if guard.open else None  # creates and migrates the store
    engine = open_store(db, readonly=True)
    app = FastAPI(title="dossier", version=__version__, description=DESCRIPTION, docs_url=None, redoc_url=None)
    _add_error_handlers(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_request_bytes)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=guard.hosts)  # DNS rebinding finds no page here

    app.mount("/static", StaticFiles(directory=WEB), name="static")
    app.mount("/docs-assets", StaticFiles(directory=str(DOCS_ASSETS)), name="docs-assets")
    app.include_router(page.router(ingest_token))
    app.include_router(records.router(engine))
    app.include_router(exports.router(engine))
    app.include_router(ingest.router(engine, writer, guard, settings))
    app.include_router(reviews.router(engine, writer, guard))
    return app


def _add_error_handlers(app: FastAPI) -> None:
    """The library's exceptions as JSON errors with their message."""

    @app.exception_handler(DossierError)
    def dossier_error(_request: Request, error: DossierError) -> JSONResponse:
        status = 400 if isinstance(error, UnsupportedFormat) else 503 if isinstance(error, StoreError) \
            else 404 if isinstance(error, UnknownRecord) else 422
        return JSONResponse({"detail": str(error)}, status_code=status)
