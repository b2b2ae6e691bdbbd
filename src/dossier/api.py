"""The HTTP API (`dossier serve`): FastAPI routes, thin over the store queries, exporters and pipeline.

Reads go through a read-only engine and are open to any client that names a host the server
answers to. `POST /api/ingest` goes through the same pipeline code as `dossier ingest`
(`pipeline.ingest_documents`) and its single writer, and `POST /api/review` through `review.py`,
only when the app was made with an ingest token, and then behind the guards in `access.py`. Article text is data: it is stored and returned
as JSON strings, never evaluated. The library's exceptions become JSON errors here, once. `/`
serves the analyst's page (`web/`), static files that read this same API; `/docs` and `/redoc`
describe it with assets from an installed package, so they work offline.
"""

from __future__ import annotations

import dataclasses
import html
import io
import logging
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import partial
from importlib import resources
from pathlib import Path
from typing import IO, Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import Engine
from starlette.datastructures import UploadFile
from starlette.middleware.trustedhost import TrustedHostMiddleware

from dossier import __version__, review
from dossier.access import LOCAL_HOSTS, BodyLimit, WriteGuard
from dossier.errors import DossierError, StoreError, UnknownRecord, UnsupportedFormat
from dossier.export import BINARY_FORMATS, export
from dossier.ingest import read_paths, read_text
from dossier.ingest.documents import attempt
from dossier.pipeline import IngestSummary, ingest_documents
from dossier.records import Document, Outcome
from dossier.settings import Settings
from dossier.store import open_store, queries
from dossier.store.filters import MAX_OFFSET

LOGGER = logging.getLogger(__name__)

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
PART_LIMIT = 10  # items of each list inside a listed claim or register row; the rest are paged apart
WEB = Path(__file__).with_name("web")  # the analyst's page: static files, no build step
DOCS_ASSETS = resources.files("fastapi_offline") / "static"  # Swagger UI and ReDoc, installed, never a CDN
# The page runs only its own script and styles: a second guard, after textContent, against article markup.
PAGE_POLICY = "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
# Swagger UI and ReDoc set inline styles and draw icons from data: URIs; ReDoc runs a worker from a blob.
DOCS_POLICY = ("default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
               "worker-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
BEARER = HTTPBearer(auto_error=False, description="the token `dossier serve --allow-ingest` printed")
SPOOL_BYTES = 8 * 1024 * 1024  # exports larger than this are spooled to a temporary file
# Path under /api/export -> (export format, media type, file name offered to the browser).
EXPORTS: dict[str, tuple[str, str, str]] = {
    "json": ("json", "application/json", "dossier.json"),
    "csv": ("csv", "text/csv; charset=utf-8", "dossier-events.csv"),
    "parquet": ("parquet", "application/vnd.apache.parquet", "dossier-events.parquet"),
    "graphml": ("graphml", "application/graphml+xml", "dossier-actors.graphml"),
    "plover.jsonl": ("plover", "application/x-ndjson", "dossier-plover.jsonl"),
}

DESCRIPTION = """\
Sourced, structured records of states' military cooperation, read from news reports.

Lists are pages `{"items", "total", "next"}` in the JSON export's shape (SCHEMA.md); `next` is the
URL of the following page or null. Every span is a pair of character offsets into the document's
stored text (`GET /api/documents/{id}` returns it).
"""


class Page(BaseModel):
    """One page of records, the number of records matching the filters, and the next page's URL."""

    items: list[dict[str, Any]]
    total: int = Field(description="records matching the filters, on every page")
    next: str | None = Field(description="URL of the next page, null on the last")
    model_config = ConfigDict(json_schema_extra={"example": {
        "items": [{"id": "IRN", "name": "Iran", "kind": "state", "country": "IRN", "wikidata": "Q794",
                   "aliases": ["Tehran"], "roles": []}],
        "total": 1, "next": None,
    }})


class PartPage(BaseModel):
    """One page of a list inside a record: voices and steps (objects), or event and document ids."""

    items: list[Any]
    total: int = Field(description="items in the whole list")
    next: str | None = Field(description="URL of the next page, null on the last")


class Article(BaseModel):
    """An article pasted as JSON: text and optional metadata."""

    text: str = Field(description="the article's text; a short first line becomes the title when none is given")
    title: str | None = None
    outlet: str | None = None
    published: str | None = Field(None, description="ISO date or datetime; anchors relative dates")
    url: str | None = None
    model_config = ConfigDict(json_schema_extra={"example": {
        "text": "Iran delivered drones to Russia in August, a US official said.",
        "title": "Drones for Russia", "outlet": "Example Wire", "published": "2024-09-02",
        "url": "https://example.org/drones",
    }})


class IngestResult(BaseModel):
    """What happened to each item ingested, and the events stored for its document."""

    outcomes: list[dict[str, Any]]
    counts: dict[str, int]
    events: list[dict[str, Any]]


class ReviewRequest(BaseModel):
    """A verdict on one event or one register row, by whom and why."""

    event: str | None = Field(None, description="the event's id")
    transfer: str | None = Field(None, description="the register row's id, e.g. transfer:IRN-RUS-Shahed-136")
    verdict: Literal["confirmed", "rejected", "corrected"]
    fields: dict[str, str | None] = Field(
        default_factory=dict, description="for `corrected`: name -> value, as `dossier review --set` takes them "
        "(an event's type, source, target, date, weapon, number, value, factuality; a row's status)")
    note: str | None = Field(None, max_length=review.MAX_NOTE)
    by: str = Field(..., min_length=1, max_length=100, description="who reviews")
    model_config = ConfigDict(extra="forbid", json_schema_extra={"example": {
        "event": "sample-fath360-iran-russia-2024:e3", "verdict": "corrected",
        "fields": {"type": "AGREE", "target": "RUS"}, "note": "a contract, not a delivery", "by": "analyst",
    }})


class Paging:
    """`limit` and `offset` query parameters."""

    def __init__(
        self,
        limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"records per page (max {MAX_LIMIT})"),
        offset: int = Query(0, ge=0, le=MAX_OFFSET, description="records to skip"),
    ) -> None:
        self.limit = limit
        self.offset = offset


class EventFilters:
    """The filters of `/api/events`, as query parameters."""

    def __init__(
        self,
        actor: str | None = Query(None, description="source, target or other party (id, name or alias)"),
        type: str | None = Query(None, description="PLOVER event type, e.g. AID"),  # noqa: A002
        factuality: str | None = Query(None, description="asserted, reported, alleged, denied, expected, "
                                                         "speculated or requested"),
        date_from: str | None = Query(None, description="event period ends on or after (ISO)"),
        date_to: str | None = Query(None, description="event period starts on or before (ISO)"),
        weapon: str | None = Query(None, description="weapon category (e.g. drones) or system (e.g. S-300)"),
        document: str | None = Query(None, description="document id"),
        q: str | None = Query(None, description="part of an evidence sentence, any case"),
    ) -> None:
        self.actor, self.type, self.factuality = actor, type, factuality
        self.date_from, self.date_to, self.weapon, self.document, self.q = date_from, date_to, weapon, document, q


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
    base_settings = replace(settings or Settings(), db=db)
    guard = WriteGuard(ingest_token, list(hosts), base_settings.writes_per_minute)
    writer_engine = open_store(db) if guard.open else None  # creates and migrates the store
    engine = open_store(db, readonly=True)
    app = FastAPI(title="dossier", version=__version__, description=DESCRIPTION, docs_url=None, redoc_url=None)
    _add_error_handlers(app)
    app.add_middleware(BodyLimit, max_bytes=base_settings.max_request_bytes)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=guard.hosts)  # DNS rebinding finds no page here

    app.mount("/static", StaticFiles(directory=WEB), name="static")
    app.mount("/docs-assets", StaticFiles(directory=str(DOCS_ASSETS)), name="docs-assets")
    page = _page_with_token((WEB / "index.html").read_text(encoding="utf-8"), ingest_token)

    @app.get("/", include_in_schema=False)
    def root() -> HTMLResponse:
        """The analyst's page; it reads everything through the JSON API below."""
        return HTMLResponse(page, headers={"Content-Security-Policy": PAGE_POLICY, "Cache-Control": "no-store"})

    @app.get("/docs", include_in_schema=False)
    def docs() -> FileResponse:
        return FileResponse(WEB / "docs.html", media_type="text/html", headers={"Content-Security-Policy": DOCS_POLICY})

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> FileResponse:
        return FileResponse(WEB / "redoc.html", media_type="text/html", headers={"Content-Security-Policy": DOCS_POLICY})

    @app.get("/api/documents", response_model=Page, tags=["records"], summary="Documents (metadata, no text)")
    def documents(
        request: Request,
        paging: Paging = Depends(),
        outlet: str | None = Query(None, description="outlet name, any case"),
        actor: str | None = Query(None, description="documents that mention this actor (id, name or alias)"),
        date_from: str | None = Query(None, description="published on or after (ISO, any precision)"),
        date_to: str | None = Query(None, description="published on or before (ISO, any precision)"),
        q: str | None = Query(None, description="part of the title or text, any case"),
    ) -> dict[str, Any]:
        filters = {"outlet": outlet, "actor": actor, "date_from": date_from, "date_to": date_to, "q": q}
        items = queries.list_documents(engine, **filters, limit=paging.limit, offset=paging.offset)
        return _page(request, paging, items, queries.count_documents(engine, **filters))

    @app.get("/api/documents/{document_id:path}", tags=["records"],
             summary="One document with its text and spans",
             responses={404: {"description": "no such document",
                              "content": {"application/json": {"example": {"detail": "no document 'x'"}}}}})
    def document(document_id: str) -> dict[str, Any]:
        """The document's metadata, stored `text`, and its `mentions`, `attributions`, `events`,
        `weapons` and `cues` (hedges, denials), every span as offsets into `text`."""
        found = queries.get_document(engine, document_id)
        if found is None:
            raise HTTPException(status_code=404, detail=f"no document {document_id!r}")
        return found

    @app.get("/api/actors", response_model=Page, tags=["records"], summary="Actors")
    def actors(
        request: Request,
        paging: Paging = Depends(),
        kind: str | None = Query(None, description="state, organization, person or group"),
        country: str | None = Query(None, description="ISO 3166-1 alpha-3 code, e.g. IRN"),
        q: str | None = Query(None, description="part of a name or alias, any case"),
    ) -> dict[str, Any]:
        filters = {"kind": kind, "country": country, "name": q}
        items = queries.list_actors(engine, **filters, limit=paging.limit, offset=paging.offset)
        return _page(request, paging, items, queries.count_actors(engine, **filters))

    @app.get("/api/events", response_model=Page, tags=["records"], summary="Events")
    def events(request: Request, paging: Paging = Depends(), chosen: EventFilters = Depends()) -> dict[str, Any]:
        filters = vars(chosen)
        items = queries.list_events(engine, **filters, limit=paging.limit, offset=paging.offset)
        return _page(request, paging, items, queries.count_events(engine, **filters))

    @app.get("/api/attributions", response_model=Page, tags=["records"], summary="Attributions (who said what)")
    def attributions(
        request: Request,
        paging: Paging = Depends(),
        actor: str | None = Query(None, description="the speaker (id, name or alias)"),
        type: str | None = Query(None, description="speaker kind: named, anonymous, government, "  # noqa: A002
                                                   "state_media, outlet or analyst"),
        document: str | None = Query(None, description="document id"),
        q: str | None = Query(None, description="part of the content, any case"),
    ) -> dict[str, Any]:
        filters = {"speaker": actor, "speaker_kind": type, "document": document, "q": q}
        items = queries.list_attributions(engine, **filters, limit=paging.limit, offset=paging.offset)
        return _page(request, paging, items, queries.count_attributions(engine, **filters))

    @app.get("/api/claims", response_model=Page, tags=["records"], summary="Claims across documents")
    def claims(
        request: Request,
        paging: Paging = Depends(),
        status: str | None = Query(None, description="corroborated, single_source or disputed"),
        type: str | None = Query(None, description="PLOVER event type"),  # noqa: A002
        actor: str | None = Query(None, description="source or target (by country where it has one)"),
        document: str | None = Query(None, description="claims a document supports or disputes"),
    ) -> dict[str, Any]:
        """Each claim's `supporting`, `disputing`, `events` and `documents` are cut to the first
        ten, with `<list>_total` counting them all; `/api/claims/part` pages through one list."""
        found = queries.list_claims(engine, status=status, type=type, actor=actor, document=document)
        items = [queries.cut_parts(c, queries.CLAIM_PARTS, PART_LIMIT)
                 for c in found[paging.offset : paging.offset + paging.limit]]
        return _page(request, paging, items, len(found))

    @app.get("/api/claims/part", response_model=PartPage, tags=["records"], summary="One list of one claim, paged",
             responses={404: {"description": "no such claim"}})
    def claim_part(
        request: Request,
        paging: Paging = Depends(),
        id: str = Query(..., description="the claim's id"),  # noqa: A002
        part: str = Query(..., description="supporting, disputing, events or documents"),
    ) -> dict[str, Any]:
        whole = queries.record_part(queries.list_claims(engine), id, part, queries.CLAIM_PARTS)
        return _part_page(request, paging, whole, f"no claim {id!r}")

    @app.get("/api/transfers", response_model=Page, tags=["records"], summary="The arms-transfer register")
    def transfers(
        request: Request,
        paging: Paging = Depends(),
        status: str | None = Query(None, description="requested, offered, negotiating, agreed, ordered, "
                                                     "delivering, delivered, alleged, denied or cancelled"),
        actor: str | None = Query(None, description="supplier or recipient (by country where it has one)"),
        weapon: str | None = Query(None, description="weapon category or system"),
        date_from: str | None = Query(None, description="a step dated on or after (ISO)"),
        date_to: str | None = Query(None, description="a step dated on or before (ISO)"),
    ) -> dict[str, Any]:
        """Each row's `history`, `figures`, `events` and `documents` are cut to the first ten, with
        `<list>_total` counting them all; `/api/transfers/part` pages through one list."""
        found = queries.list_transfers(engine, status=status, actor=actor, weapon=weapon,
                                       date_from=date_from, date_to=date_to)
        items = [queries.cut_parts(t, queries.TRANSFER_PARTS, PART_LIMIT)
                 for t in found[paging.offset : paging.offset + paging.limit]]
        return _page(request, paging, items, len(found))

    @app.get("/api/transfers/part", response_model=PartPage, tags=["records"],
             summary="One list of one register row, paged", responses={404: {"description": "no such row"}})
    def transfer_part(
        request: Request,
        paging: Paging = Depends(),
        id: str = Query(..., description="the register row's id"),  # noqa: A002
        part: str = Query(..., description="history, figures, events or documents"),
    ) -> dict[str, Any]:
        whole = queries.record_part(queries.list_transfers(engine), id, part, queries.TRANSFER_PARTS)
        return _part_page(request, paging, whole, f"no register row {id!r}")

    @app.get("/api/search", response_model=Page, tags=["search"], summary="Full-text search")
    def search(
        request: Request,
        q: str = Query(..., min_length=1, description="words, all required; a trailing * matches a prefix"),
        limit: int = Query(20, ge=1, le=MAX_LIMIT),
        offset: int = Query(0, ge=0, le=MAX_OFFSET),
    ) -> dict[str, Any]:
        """Documents holding every word, best first. Each hit has `matches` (offsets into the
        document's text), `title_matches`, a `snippet` (`start`, `end`, `text`) and the `events`
        whose evidence sentence holds a match. Offsets, never markup."""
        paging = Paging(limit=limit, offset=offset)
        items = queries.search(engine, q, limit=limit, offset=offset)
        return _page(request, paging, items, queries.count_search(engine, q))

    for path, (fmt, media_type, filename) in EXPORTS.items():
        app.add_api_route(
            f"/api/export/{path}", _exporter(engine, fmt, media_type, filename), methods=["GET"],
            tags=["export"], name=f"export_{fmt}", summary=f"The store as {path}",
            response_class=StreamingResponse,
            responses={200: {"content": {media_type.split(";")[0]: {}}, "description": filename}},
        )

    @app.post(
        "/api/ingest", response_model=IngestResult, tags=["ingest"], summary="Ingest an article",
        responses={401: {"description": "no valid token"}, 403: {"description": "read-only, or another origin"},
                   413: {"description": "body too large"}, 415: {"description": "not JSON or multipart"},
                   429: {"description": "too many writes from this client"}},
        openapi_extra={"requestBody": {"required": True, "content": {
            "application/json": {"schema": Article.model_json_schema()},
            "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {
                "file": {"type": "string", "format": "binary",
                         "description": ".txt, .html, .jsonl or an RSS/Atom feed"}}}},
        }}},
    )
    async def ingest(
        request: Request, credentials: HTTPAuthorizationCredentials | None = Depends(BEARER),
        update: bool = Query(False, description="analyse again an article already stored, with the metadata "
                                                "given now (its id and reviews stay)"),
    ) -> dict[str, Any]:
        """Analyse and store an article pasted as JSON, or an uploaded file, as `dossier ingest`
        does; an article already stored changes nothing (its outcome is `duplicate`) unless
        `update`. Needs the server's token as `Authorization: Bearer <token>`."""
        guard.check(request, credentials.credentials if credentials else "")
        settings = replace(base_settings, update=update)
        if request.headers.get("content-type", "").lower().startswith("multipart/form-data"):
            upload = (await request.form()).get("file")
            if not isinstance(upload, UploadFile):
                raise HTTPException(status_code=422, detail="send the article as a form field 'file'")
            summary = await run_in_threadpool(_ingest_upload, upload, settings, writer_engine)
        else:
            try:
                article = Article.model_validate_json(await request.body())
            except ValidationError as error:
                detail = error.errors(include_url=False, include_input=False)  # never echo the article
                raise HTTPException(status_code=422, detail=detail) from error
            summary = await run_in_threadpool(_ingest_pasted, article, settings, writer_engine)
        return await run_in_threadpool(_ingest_result, engine, summary.outcomes)

    @app.get("/api/review/queue", response_model=Page, tags=["review"], summary="What most needs an eye")
    def review_queue(request: Request, paging: Paging = Depends()) -> dict[str, Any]:
        """Disputed claims with an event not yet reviewed, register rows resting on one document,
        then incomplete events, each item with its `kind`, `id`, `reason` and record."""
        items, total = review.queue(engine, limit=paging.limit, offset=paging.offset)
        return _page(request, paging, items, total)

    @app.get("/api/reviews", response_model=Page, tags=["review"], summary="Every review, newest first")
    def reviews(request: Request, paging: Paging = Depends()) -> dict[str, Any]:
        """Each review with its verdict, corrected `fields`, `by`, `at` and `note`; an event review
        that holds now carries its `event` (a rejected one too)."""
        items, total = review.history(engine, limit=paging.limit, offset=paging.offset)
        return _page(request, paging, items, total)

    @app.post(
        "/api/review", tags=["review"], summary="Confirm, reject or correct an event or a register row",
        responses={401: {"description": "no valid token"}, 403: {"description": "read-only, or another origin"},
                   404: {"description": "no such event or row"}, 415: {"description": "not JSON"},
                   422: {"description": "a value outside its vocabulary"},
                   429: {"description": "too many writes from this client"}},
        openapi_extra={"requestBody": {"required": True, "content": {
            "application/json": {"schema": ReviewRequest.model_json_schema()}}}},
    )
    async def review_one(
        request: Request, credentials: HTTPAuthorizationCredentials | None = Depends(BEARER)
    ) -> dict[str, Any]:
        """Record an analyst's verdict, behind the same guard as ingest; returns the event or row
        as it now reads, with its `review`."""
        guard.check(request, credentials.credentials if credentials else "")
        try:
            asked = ReviewRequest.model_validate_json(await request.body())
        except ValidationError as error:
            raise HTTPException(status_code=422, detail=error.errors(include_url=False, include_input=False)) from error
        if (asked.event is None) == (asked.transfer is None):
            raise HTTPException(status_code=422, detail="name one 'event' or one 'transfer'")
        if asked.event is not None:
            record = partial(review.review_event, writer_engine, asked.event)
        else:
            record = partial(review.review_transfer, writer_engine, asked.transfer)
        found = await run_in_threadpool(record, asked.verdict, asked.fields, note=asked.note, by=asked.by)
        return {"event": found} if asked.event is not None else {"transfer": found}

    return app


def _page_with_token(page: str, token: str | None) -> str:
    """The page, carrying the ingest token when writes are open: only a page served here can read it."""
    if token is None:
        return page
    return page.replace('<meta charset="utf-8">', f'<meta charset="utf-8">\n  <meta name="dossier-token" content="{html.escape(token)}">', 1)


def _add_error_handlers(app: FastAPI) -> None:
    """The library's exceptions as JSON errors with their message."""

    @app.exception_handler(DossierError)
    def dossier_error(_request: Request, error: DossierError) -> JSONResponse:
        status = 400 if isinstance(error, UnsupportedFormat) else 503 if isinstance(error, StoreError) \
            else 404 if isinstance(error, UnknownRecord) else 422
        return JSONResponse({"detail": str(error)}, status_code=status)


def _page(request: Request, paging: Paging, items: list[Any], total: int) -> dict[str, Any]:
    following = paging.offset + paging.limit
    next_url = None
    if following < total:
        next_url = str(request.url.include_query_params(offset=following, limit=paging.limit))
    return {"items": items, "total": total, "next": next_url}


def _part_page(request: Request, paging: Paging, whole: list[Any] | None, missing: str) -> dict[str, Any]:
    if whole is None:
        raise HTTPException(status_code=404, detail=missing)
    return _page(request, paging, whole[paging.offset : paging.offset + paging.limit], len(whole))


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


def _ingest_pasted(article: Article, settings: Settings, engine: Engine) -> IngestSummary:
    """Ingest pasted text as a Document, or as the Outcome saying why it cannot be one."""
    origin = "api: pasted text"
    read = partial(read_text, origin=origin, settings=settings)
    item = attempt(origin, read, article.text, title=article.title, outlet=article.outlet, url=article.url,
                   published=article.published)
    return ingest_documents([item], settings, engine=engine)


def _ingest_upload(upload: UploadFile, settings: Settings, engine: Engine) -> IngestSummary:
    """Ingest an uploaded file through the file readers; outcomes name the upload, not the temp file."""
    name = Path(upload.filename or "").name or "upload.txt"
    with tempfile.TemporaryDirectory(prefix="dossier-upload-") as folder:
        path = Path(folder) / name
        with path.open("wb") as handle:
            shutil.copyfileobj(upload.file, handle)
        items = _renamed(read_paths([path], settings), str(path), f"upload: {name}")
        return ingest_documents(items, settings, engine=engine)


def _renamed(items: Iterable[Document | Outcome], old: str, new: str) -> Iterator[Document | Outcome]:
    for item in items:
        if item.origin is not None:
            item.origin = item.origin.replace(old, new, 1)
        yield item


def _ingest_result(engine: Engine, outcomes: list[Outcome]) -> dict[str, Any]:
    counts: dict[str, int] = {}
    events: list[dict[str, Any]] = []
    for outcome in outcomes:
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
        if outcome.document is not None and outcome.status in {"new", "duplicate"}:
            events += queries.list_events(engine, document=outcome.document)
    return {"outcomes": [dataclasses.asdict(o) for o in outcomes], "counts": counts, "events": events}
