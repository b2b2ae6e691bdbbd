"""The review routes: the queue, every review, and `POST /api/review` behind the write guard."""

from __future__ import annotations

from functools import partial
from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import Engine

from dossier import review
from dossier.access import WriteGuard
from dossier.api.common import BEARER, PART_LIMIT, KeysetPaging, Page, Paging, count_cap, keyset_page, page


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


def router(engine: Engine, writer: Engine | None, guard: WriteGuard) -> APIRouter:
    """The review routes: reads through `engine`, verdicts through `writer` (None when read-only)."""
    api = APIRouter()

    @api.get("/api/review/queue", response_model=Page, tags=["review"], summary="What most needs an eye")
    def review_queue(request: Request, paging: Paging = Depends()) -> dict[str, Any]:
        """Disputed claims with an event not yet reviewed, register rows resting on one document,
        then incomplete events, each item with its `kind`, `id`, `reason` and record. A claim or row
        is cut as `/api/claims` and `/api/transfers` cut theirs, and a claim item's `events` are
        those its cut claim lists, with `events_total`; `/api/claims/part` pages through the rest."""
        items, total = review.queue(engine, limit=paging.limit, offset=paging.offset, cap=count_cap(paging),
                                    part_limit=PART_LIMIT)
        return page(request, paging, items, total)

    @api.get("/api/reviews", response_model=Page, tags=["review"], summary="Every review, newest first")
    def reviews(request: Request, paging: KeysetPaging = Depends()) -> dict[str, Any]:
        """Each review with its verdict, corrected `fields`, `by`, `at` and `note`; an event review
        that holds now carries its `event` (a rejected one too). Pages by keyset: `next` starts past
        the page's last review."""
        items, total = review.history(engine, limit=paging.limit + 1, offset=paging.offset, after=paging.after,
                                      cap=count_cap(paging))
        return keyset_page(request, paging, items, total, lambda review_id: [review_id])

    @api.post(
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
            record = partial(review.review_event, writer, asked.event)
        else:
            record = partial(review.review_transfer, writer, asked.transfer)
        found = await run_in_threadpool(record, asked.verdict, asked.fields, note=asked.note, by=asked.by)
        return {"event": found} if asked.event is not None else {"transfer": found}

    return api
