"""`POST /api/ingest`: an article pasted as JSON or a file uploaded, through the pipeline's own code
(`pipeline.ingest_documents`) and its single writer, behind the guards in `access.py`."""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import Engine
from starlette.datastructures import UploadFile

from dossier.access import WriteGuard
from dossier.api.common import BEARER
from dossier.ingest import read_paths, read_text
from dossier.ingest.documents import attempt
from dossier.pipeline import IngestSummary, ingest_documents
from dossier.records import Document, Outcome
from dossier.settings import Settings
from dossier.store import queries


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


def router(engine: Engine, writer: Engine | None, guard: WriteGuard, settings: Settings) -> APIRouter:
    """The ingest route: writes through `writer` (None on a read-only server), reads back through `engine`."""
    api = APIRouter()

    @api.post(
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
        chosen = replace(settings, update=update)
        if request.headers.get("content-type", "").lower().startswith("multipart/form-data"):
            upload = (await request.form()).get("file")
            if not isinstance(upload, UploadFile):
                raise HTTPException(status_code=422, detail="send the article as a form field 'file'")
            summary = await run_in_threadpool(_ingest_upload, upload, chosen, writer)
        else:
            try:
                article = Article.model_validate_json(await request.body())
            except ValidationError as error:
                detail = error.errors(include_url=False, include_input=False)  # never echo the article
                raise HTTPException(status_code=422, detail=detail) from error
            summary = await run_in_threadpool(_ingest_pasted, article, chosen, writer)
        return await run_in_threadpool(_ingest_result, engine, summary.outcomes)

    return api


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
