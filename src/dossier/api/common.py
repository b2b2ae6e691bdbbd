"""What every router shares: page models, paging and event-filter parameters, and the page builder."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import HTTPException, Query, Request
from fastapi.security import HTTPBearer
from pydantic import BaseModel, ConfigDict, Field

from dossier.store import filters

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
PART_LIMIT = 10  # items of each list inside a listed claim or register row; the rest are paged apart
COUNT_AHEAD = 10_000  # a page counts the records past it up to this many: `total` is then a lower bound
# The deepest page an `offset` reaches: an offset steps over every record before it, so past this a
# page would cost the depth of the store. Deeper pages follow `next`, which starts past a record.
MAX_PAGE_OFFSET = 10_000
AFTER = "start past this place: the token a page's `next` link carries (an index seek, not an offset)"
BEARER = HTTPBearer(auto_error=False, description="the token `dossier serve --allow-ingest` printed")


class Page(BaseModel):
    """One page of records, the number of records matching the filters, and the next page's URL."""

    items: list[dict[str, Any]]
    total: int = Field(description="records matching the filters, on every page; counted no further than "
                                   f"{COUNT_AHEAD:,} past the page, so a lower bound when `total_exact` is false")
    total_exact: bool = Field(description="whether `total` counts every matching record")
    next: str | None = Field(description="URL of the next page, null on the last")
    model_config = ConfigDict(json_schema_extra={"example": {
        "items": [{"id": "IRN", "name": "Iran", "kind": "state", "country": "IRN", "wikidata": "Q794",
                   "aliases": ["Tehran"], "roles": []}],
        "total": 1, "total_exact": True, "next": None,
    }})


class PartPage(BaseModel):
    """One page of a list inside a record: voices and steps (objects), or event and document ids."""

    items: list[Any]
    total: int = Field(description="items in the whole list")
    total_exact: bool = Field(description="always true: a record's list is counted whole")
    next: str | None = Field(description="URL of the next page, null on the last")


LIMIT = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"records per page (max {MAX_LIMIT})")
OFFSET = Query(0, ge=0, json_schema_extra={"maximum": MAX_PAGE_OFFSET},  # checked by `Paging`, with its own message
               description=f"records to skip, at most {MAX_PAGE_OFFSET:,}: deeper pages follow `next`")


class Paging:
    """`limit` and `offset` query parameters; an offset past `MAX_PAGE_OFFSET` is a 422 that says
    to follow `next` instead."""

    def __init__(self, limit: int = LIMIT, offset: int = OFFSET) -> None:
        if offset > MAX_PAGE_OFFSET:
            raise HTTPException(status_code=422, detail=(
                f"offset {offset} is past {MAX_PAGE_OFFSET}, the deepest an offset reaches: follow each page's "
                "`next` link instead (on the lists of records it carries `after`, which starts past the page's "
                "last record)"))
        self.limit = limit
        self.offset = offset


class KeysetPaging(Paging):
    """`limit`, `offset` and `after` query parameters, for a list that pages past a record's place."""

    def __init__(self, limit: int = LIMIT, offset: int = OFFSET,
                 after: str | None = Query(None, description=AFTER)) -> None:
        super().__init__(limit, offset)
        self.after = filters.after(after)


class EventFilters:
    """The filters of `/api/events` (and of its facets, its months and the exports), as query parameters."""

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
        country: str | None = Query(None, description="source or target of this country (alpha-3, e.g. IRN)"),
        outlet: str | None = Query(None, description="documents from this outlet, any case"),
        year: str | None = Query(None, description="the event's date starts in this year (YYYY)"),
    ) -> None:
        self.actor, self.type, self.factuality = actor, type, factuality
        self.date_from, self.date_to, self.weapon, self.document, self.q = date_from, date_to, weapon, document, q
        self.country, self.outlet, self.year = country, outlet, year


def count_cap(paging: Paging) -> int:
    """How far a list's count goes: the page and `COUNT_AHEAD` records past it. A page of a store of
    a million events then costs the same as one of a thousand; past that, `total` is a lower bound."""
    return paging.offset + paging.limit + COUNT_AHEAD


def page(request: Request, paging: Paging, items: list[Any], total: int, exact: bool | None = None) -> dict[str, Any]:
    """`items` as a page of `total`, with the URL of the next page when there is one that an offset
    reaches (`MAX_PAGE_OFFSET`). A total that reached `count_cap` is a lower bound (unless `exact`
    says otherwise)."""
    following = paging.offset + paging.limit
    next_url = None
    if following < total and following <= MAX_PAGE_OFFSET:
        next_url = str(request.url.include_query_params(offset=following, limit=paging.limit))
    exact = total < count_cap(paging) if exact is None else exact
    return {"items": items, "total": total, "total_exact": exact, "next": next_url}


def keyset_page(request: Request, paging: KeysetPaging, items: list[Any], total: int,
                place: Callable[[str], list[Any]]) -> dict[str, Any]:
    """Like `page`, for a list read with `after`: `items` holds one more record than the page when
    more follow, and the next URL starts past the place of the page's last record (`place` of its
    id; `after`, no offset), so following `next` costs the same at the millionth record as at the first."""
    shown = items[: paging.limit]
    result = page(request, paging, shown, total)
    result["next"] = None
    if len(items) > paging.limit:
        token = filters.cursor(place(shown[-1]["id"]))
        result["next"] = str(request.url.remove_query_params("offset").include_query_params(after=token, limit=paging.limit))
    return result


def part_page(request: Request, paging: Paging, found: tuple[list[Any], int] | None, missing: str) -> dict[str, Any]:
    """One page of a record's inner list (`found`: the page's items and the list's length), or a 404
    saying `missing` when there is no such record."""
    if found is None:
        raise HTTPException(status_code=404, detail=missing)
    return page(request, paging, *found, exact=True)

