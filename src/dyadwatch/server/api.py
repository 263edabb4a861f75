"""JSON endpoints under ``/api``: the CLI's queries (same library functions), paginated and validated."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from ..store import queries
from . import params
from .data import activity, plain, read
from .errors import not_found


class ErrorDetail(BaseModel):
    code: str
    message: str
    fix: str | None


class ErrorBody(BaseModel):
    error: ErrorDetail


ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "Not found"},
    422: {"model": ErrorBody, "description": "A parameter is invalid"},
    503: {"model": ErrorBody, "description": "The database cannot be read"},
}

router = APIRouter(prefix="/api", tags=["queries"], responses=ERRORS)

Actor = Annotated[str | None, Query(description="Country or actor code, e.g. RUS or RUSGOV.", max_length=15)]
Since = Annotated[str | None, Query(description="First event date: YYYY-MM-DD, YYYY-MM or YYYY.", max_length=10)]
Until = Annotated[str | None, Query(description="Last event date: YYYY-MM-DD, YYYY-MM or YYYY.", max_length=10)]
Quad = Annotated[str | None, Query(description="QuadClass 1-4.", max_length=2)]
Limit = Annotated[int, Query(ge=1, le=params.MAX_PAGE, description=f"Page size (at most {params.MAX_PAGE}).")]
Offset = Annotated[int, Query(ge=0, le=params.MAX_OFFSET, description="Rows to skip.")]
Top = Annotated[int, Query(ge=1, le=params.MAX_PAGE, description=f"How many rows (at most {params.MAX_PAGE}).")]
By = Annotated[str, Query(description="Period: day, week, month or year.", max_length=8)]
PathActor = Annotated[str, Path(pattern=params.ACTOR_PATTERN, description="Country or actor code.")]


def page(rows: list[Any], limit: int, offset: int) -> dict[str, Any]:
    """A page of rows; ``rows`` holds up to limit + 1 so we know whether there is a next page."""
    more = len(rows) > limit
    return {"items": plain(rows[:limit]), "limit": limit, "offset": offset,
            "next_offset": offset + limit if more else None}


@router.get("/summary", summary="Counts, top dyads and the most changed relation")
def summary(request: Request) -> JSONResponse:
    return JSONResponse(plain(read(request, queries.summary)))


@router.get("/events", summary="Events (merged reports), newest first")
def events(
    request: Request,
    actor: Actor = None,
    target: Actor = None,
    root: Annotated[str | None, Query(description="CAMEO root 01-20.", max_length=2)] = None,
    quad: Quad = None,
    since: Since = None,
    until: Until = None,
    min_confidence: Annotated[float | None, Query(ge=0, le=1, allow_inf_nan=False)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> JSONResponse:
    a, t = params.actor(actor), params.actor(target, "target")
    r, q = params.date_range(since, until), params.quad(quad)
    rows = read(request, lambda con: queries.events(
        con, actor=a, target=t, root=root, quad=q, since=r.since, until=r.until,
        min_confidence=min_confidence, limit=limit + 1, offset=offset))
    return JSONResponse(page(rows, limit, offset))


@router.get("/events/{event_id}/mentions", summary="The reports (evidence sentences) behind one event")
def event_mentions(
    request: Request,
    event_id: Annotated[str, Path(pattern=params.EVENT_ID_PATTERN, description="16 hex digits.")],
) -> JSONResponse:
    rows = read(request, lambda con: queries.event_mentions(con, event_id))
    if not rows:
        raise not_found(f"no event with id {event_id!r}", "take an id from /api/events")
    return JSONResponse({"event_id": event_id, "items": plain(rows)})


@router.get("/dyads", summary="Country pairs by event volume")
def dyads(request: Request, top: Top = 20, since: Since = None, until: Until = None) -> JSONResponse:
    r = params.date_range(since, until)
    rows = read(request, lambda con: queries.dyads(con, top=top, since=r.since, until=r.until))
    return JSONResponse({"items": plain(rows)})


@router.get("/timeline/{a}/{b}", summary="Events between two actors per period, by QuadClass, both directions")
def timeline(
    request: Request, a: PathActor, b: PathActor, by: By = "month", since: Since = None, until: Until = None,
) -> JSONResponse:
    period, r = params.period(by), params.date_range(since, until)
    rows = read(request, lambda con: queries.timeline(con, a, b, by=period, since=r.since, until=r.until))
    return JSONResponse({"a": a.upper(), "b": b.upper(), "by": period, "items": plain(rows)})


@router.get("/activity", summary="Cooperation vs conflict per period (optionally for one actor)")
def activity_route(
    request: Request, by: By = "month", since: Since = None, until: Until = None, actor: Actor = None,
) -> JSONResponse:
    period, r, a = params.period(by), params.date_range(since, until), params.actor(actor)
    rows = read(request, lambda con: activity(con, by=period, since=r.since, until=r.until, actor=a))
    return JSONResponse({"by": period, "items": plain(rows)})


@router.get("/network", summary="Directed, weighted edges between countries")
def network(
    request: Request, since: Since = None, until: Until = None, quad: Quad = None, actor: Actor = None,
    limit: Top = 200,
) -> JSONResponse:
    r, q, a = params.date_range(since, until), params.quad(quad), params.actor(actor)
    rows = read(request, lambda con: queries.network(con, since=r.since, until=r.until, quad=q))
    if a:
        rows = [e for e in rows if a in (e.source, e.target)]
    return JSONResponse({"items": plain(rows[:limit]), "total": len(rows)})


@router.get("/changes", summary="Pairs whose mean Goldstein moved most between the two halves of the range")
def changes(request: Request, since: Since = None, until: Until = None, top: Top = 10) -> JSONResponse:
    r = params.date_range(since, until)
    rows = read(request, lambda con: queries.changed_relations(con, since=r.since, until=r.until, top=top))
    return JSONResponse({"items": plain(rows)})


@router.get("/facts", summary="Figures with their periods, subjects and sources")
def facts(request: Request, actor: Actor = None, limit: Limit = 50, offset: Offset = 0) -> JSONResponse:
    a = params.actor(actor)
    rows = read(request, lambda con: queries.facts(con, actor=a, limit=limit + 1, offset=offset))
    return JSONResponse(page(rows, limit, offset))


@router.get("/articles/{article_id}", summary="One article with its actors, events and figures")
def article(
    request: Request, article_id: Annotated[str, Path(pattern=params.ID_PATTERN)],
) -> JSONResponse:
    view = read(request, lambda con: queries.article(con, article_id))
    if view is None:
        raise not_found(f"no article with id {article_id!r}", "take an id from /api/events")
    return JSONResponse(plain(view))


@router.get("/actors", summary="Actors whose code starts with q or whose name contains it")
def actors(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=100, description="Code prefix or part of a name.")],
    limit: Top = 20,
) -> JSONResponse:
    rows = read(request, lambda con: queries.search_actors(con, q, limit=limit))
    return JSONResponse({"items": plain(rows)})
