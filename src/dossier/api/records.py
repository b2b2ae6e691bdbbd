"""Routes that read records: documents, actors, events (with their facets and months), attributions,
claims, the register, full-text search and the vocabularies. Each is thin over `store.queries`."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from sqlalchemy import Engine

from dossier import records
from dossier.api.common import (
    MAX_LIMIT, MAX_PAGE_OFFSET, OFFSET, PART_LIMIT, EventFilters, KeysetPaging, Page, PartPage, Paging, count_cap,
    keyset_page, page, part_page,
)
from dossier.store import queries
from dossier.store import search as full_text

# Every closed list of values a record field takes, by the name the API gives it.
VOCABULARY: dict[str, tuple[str, ...]] = {
    "event_types": records.EVENT_TYPES,
    "factualities": records.FACTUALITY,
    "weapon_categories": records.WEAPON_CATEGORIES,
    "claim_statuses": records.CLAIM_STATUSES,
    "transfer_statuses": records.TRANSFER_STATUSES,
    "speaker_kinds": records.SPEAKER_KINDS,
    "actor_kinds": records.ACTOR_KINDS,
    "cue_kinds": records.CUE_KINDS,
}

SEARCH = f"""Documents holding every word, best first. Each hit has `matches` (offsets into the
document's text), `title_matches`, a `snippet` (`start`, `end`, `text`) and the `events` whose
evidence sentence holds a match. Offsets, never markup. Hits are ranked as a whole, so this list
pages by `offset`, not past a place: its `next` links reach hits up to {MAX_PAGE_OFFSET:,} deep (a
narrower query finds the rest)."""

# Each list that pages past a record's place: how it is read and how it is counted.
LISTINGS: dict[str, tuple[Callable[..., list[dict[str, Any]]], Callable[..., int]]] = {
    "documents": (queries.list_documents, queries.count_documents),
    "actors": (queries.list_actors, queries.count_actors),
    "events": (queries.list_events, queries.count_events),
    "attributions": (queries.list_attributions, queries.count_attributions),
    "claims": (queries.list_claims, queries.count_claims),
    "transfers": (queries.list_transfers, queries.count_transfers),
}


def router(engine: Engine) -> APIRouter:
    """The read routes over the store `engine` (read-only)."""
    api = APIRouter()

    def listed(request: Request, paging: KeysetPaging, listing: str, filters: dict[str, Any],
               **options: Any) -> dict[str, Any]:
        """A page of `listing` under `filters`, read past `paging.after`: one record more than the
        page tells whether more follow, and `next` starts past the page's last record."""
        list_records, count_records = LISTINGS[listing]
        items = list_records(engine, **filters, **options, limit=paging.limit + 1, offset=paging.offset,
                             after=paging.after)
        return keyset_page(request, paging, items, count_records(engine, **filters, cap=count_cap(paging)),
                           partial(queries.cursor, engine, listing))

    @api.get("/api/documents", response_model=Page, tags=["records"], summary="Documents (metadata, no text)")
    def documents(
        request: Request,
        paging: KeysetPaging = Depends(),
        outlet: str | None = Query(None, description="outlet name, any case"),
        actor: str | None = Query(None, description="documents that mention this actor (id, name or alias)"),
        date_from: str | None = Query(None, description="published on or after (ISO, any precision)"),
        date_to: str | None = Query(None, description="published on or before (ISO, any precision)"),
        q: str | None = Query(None, description="part of the title or text, any case"),
        ids: list[str] | None = Query(None, description=f"these documents only: repeat for each id (at most {MAX_LIMIT})"),
    ) -> dict[str, Any]:
        filters = {"outlet": outlet, "actor": actor, "date_from": date_from, "date_to": date_to, "q": q,
                   "ids": None if ids is None else ids[:MAX_LIMIT]}
        return listed(request, paging, "documents", filters)

    @api.get("/api/documents/{document_id:path}", tags=["records"],
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

    @api.get("/api/actors", response_model=Page, tags=["records"], summary="Actors")
    def actors(
        request: Request,
        paging: KeysetPaging = Depends(),
        kind: str | None = Query(None, description="state, organization, person or group"),
        country: str | None = Query(None, description="ISO 3166-1 alpha-3 code, e.g. IRN"),
        q: str | None = Query(None, description="part of a name or alias, any case"),
    ) -> dict[str, Any]:
        return listed(request, paging, "actors", {"kind": kind, "country": country, "name": q})

    @api.get("/api/events", response_model=Page, tags=["records"], summary="Events")
    def events(request: Request, paging: KeysetPaging = Depends(), chosen: EventFilters = Depends()) -> dict[str, Any]:
        return listed(request, paging, "events", vars(chosen))

    @api.get("/api/events/facets", tags=["records"], summary="Counts of events by type, factuality, country, "
                                                              "weapon category, outlet and year")
    def event_facets(chosen: EventFilters = Depends()) -> dict[str, list[dict[str, Any]]]:
        """For each facet, its values `{"value", "count"}`, most events first (at most 30): how
        many events the filters keep with that value, each facet counted under every filter but its
        own, so a count is what choosing the value would list. Every value is a filter of `/api/events`
        (a weapon's value is its category)."""
        return queries.event_facets(engine, **vars(chosen))

    @api.get("/api/events/months", tags=["records"], summary="Events per month and type")
    def event_months(chosen: EventFilters = Depends()) -> dict[str, Any]:
        """`items` `{"month", "type", "count"}` by month (the month the event's date starts in)
        under the filters of `/api/events`, and how many are `undated` or dated only to a year."""
        return queries.event_months(engine, **vars(chosen))

    @api.get("/api/network", tags=["records"], summary="The actor network: pairs of actors and their events")
    def event_links(chosen: EventFilters = Depends(),
                    limit: int = Query(300, ge=1, le=MAX_LIMIT * 4, description="pairs, most events first")
                    ) -> dict[str, Any]:
        """`items` `{"a", "b", "events"}`: two actors (ids, `a` before `b`) and how many events under
        the filters of `/api/events` have one as source and the other as target, either way; most
        first, at most `limit`; `total` counts every pair."""
        return queries.event_links(engine, size=limit, **vars(chosen))

    @api.get("/api/attributions", response_model=Page, tags=["records"], summary="Attributions (who said what)")
    def attributions(
        request: Request,
        paging: KeysetPaging = Depends(),
        actor: str | None = Query(None, description="the speaker (id, name or alias)"),
        type: str | None = Query(None, description="speaker kind: named, anonymous, government, "  # noqa: A002
                                                   "state_media, outlet or analyst"),
        document: str | None = Query(None, description="document id"),
        q: str | None = Query(None, description="part of the content, any case"),
    ) -> dict[str, Any]:
        return listed(request, paging, "attributions", {"speaker": actor, "speaker_kind": type, "document": document,
                                                        "q": q})

    @api.get("/api/claims", response_model=Page, tags=["records"], summary="Claims across documents")
    def claims(
        request: Request,
        paging: KeysetPaging = Depends(),
        status: str | None = Query(None, description="corroborated, single_source or disputed"),
        type: str | None = Query(None, description="PLOVER event type"),  # noqa: A002
        actor: str | None = Query(None, description="source or target (by country where it has one)"),
        document: str | None = Query(None, description="claims a document supports or disputes"),
    ) -> dict[str, Any]:
        """Each claim's `supporting`, `disputing`, `events` and `documents` are cut to the first
        ten, with `<list>_total` counting them all; `/api/claims/part` pages through one list. Its
        `summary` gives the weapons, the period and the figures of all its events."""
        filters = {"status": status, "type": type, "actor": actor, "document": document}
        return listed(request, paging, "claims", filters, part_limit=PART_LIMIT)

    @api.get("/api/transfers", response_model=Page, tags=["records"], summary="The arms-transfer register")
    def transfers(
        request: Request,
        paging: KeysetPaging = Depends(),
        status: str | None = Query(None, description="requested, offered, negotiating, agreed, ordered, "
                                                     "delivering, delivered, alleged, denied or cancelled"),
        actor: str | None = Query(None, description="supplier or recipient (by country where it has one)"),
        weapon: str | None = Query(None, description="weapon category or system"),
        date_from: str | None = Query(None, description="a step dated on or after (ISO)"),
        date_to: str | None = Query(None, description="a step dated on or before (ISO)"),
    ) -> dict[str, Any]:
        """Each row's `history`, `figures`, `events` and `documents` are cut to the first ten, with
        `<list>_total` counting them all; `/api/transfers/part` pages through one list."""
        filters = {"status": status, "actor": actor, "weapon": weapon, "date_from": date_from, "date_to": date_to}
        return listed(request, paging, "transfers", filters, part_limit=PART_LIMIT)

    @api.get("/api/search", response_model=Page, tags=["search"], summary="Full-text search", description=SEARCH)
    def search(
        request: Request,
        q: str = Query(..., min_length=1, description="words, all required; a trailing * matches a prefix"),
        limit: int = Query(20, ge=1, le=MAX_LIMIT),
        offset: int = OFFSET,
    ) -> dict[str, Any]:
        paging = Paging(limit=limit, offset=offset)
        items = full_text.search(engine, q, limit=limit, offset=offset)
        return page(request, paging, items, full_text.count_search(engine, q, cap=count_cap(paging)))

    for kind, part_of, parts, what in (("claims", queries.claim_part, queries.CLAIM_PARTS, "claim"),
                                       ("transfers", queries.transfer_part, queries.TRANSFER_PARTS, "register row")):
        api.add_api_route(f"/api/{kind}/part", _part_route(engine, part_of, parts, what), methods=["GET"],
                          response_model=PartPage, tags=["records"], name=f"{kind}_part",
                          summary=f"One list of one {what}, paged", responses={404: {"description": f"no such {what}"}})

    @api.get("/api/vocabulary", tags=["records"], summary="The values each closed field takes")
    def vocabulary() -> dict[str, list[str]]:
        """Event types, factualities, weapon categories, claim and transfer statuses, speaker,
        actor and cue kinds, in their canonical order, as filters and reviews accept them."""
        return {name: list(values) for name, values in VOCABULARY.items()}

    return api


def _part_route(engine: Engine, part_of: Callable[[Engine, str, str, int, int], tuple[list[Any], int] | None],
                parts: tuple[str, ...], what: str) -> Callable[..., dict[str, Any]]:
    """A route paging through one whole inner list (`parts`) of one record, a page read by `part_of`."""

    def route(
        request: Request,
        paging: Paging = Depends(),
        id: str = Query(..., description=f"the {what}'s id"),  # noqa: A002
        part: str = Query(..., description=f"{', '.join(parts[:-1])} or {parts[-1]}"),
    ) -> dict[str, Any]:
        found = part_of(engine, id, part, paging.offset, paging.limit)
        return part_page(request, paging, found, f"no {what} {id!r}")

    return route
