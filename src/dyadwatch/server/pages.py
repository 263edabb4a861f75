"""Dashboard pages: server-rendered HTML (autoescaped) with SVG charts; filters live in the URL."""

from __future__ import annotations

from typing import Annotated

import duckdb
from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ..store import queries
from ..store.queries import EdgeRow, EventRow
from ..store.schema import country_of
from . import params, views
from .data import figure_spans, read
from .errors import invalid, not_found
from .highlight import article_fields
from .netlayout import layout
from .render import render_page, url

router = APIRouter(include_in_schema=False)

Opt = Annotated[str | None, Query(max_length=20)]
Code = Annotated[str, Path(pattern=params.ACTOR_PATTERN)]


def _filters(since: str | None, until: str | None, by: str | None) -> tuple[params.Range, str | None]:
    """The date range and the period (None: chosen from the data's span)."""
    return params.date_range(since, until), params.period(by) if by and by != "auto" else None


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, since: Opt = None, until: Opt = None, actor: Opt = None, by: Opt = None) -> Response:
    r, period = _filters(since, until, by)
    code = params.actor(actor)
    ctx = read(request, lambda con: views.overview(con, r, code, period))
    return render_page(request, "overview.html", {**ctx, "range": r, "actor": code, "by_param": period},
                       title="dyadwatch — overview")


@router.get("/dyad/{a}/{b}", response_class=HTMLResponse)
def dyad(request: Request, a: Code, b: Code, since: Opt = None, until: Opt = None, by: Opt = None) -> Response:
    r, period = _filters(since, until, by)
    a, b = (country_of(a.upper()) or a), (country_of(b.upper()) or b)
    if a == b:
        raise invalid(f"a dyad needs two different actors, not {a} twice", "give two codes, e.g. /dyad/RUS/PRK")
    ctx = read(request, lambda con: views.dyad_page(con, a, b, r, period))
    return render_page(request, "dyad.html", {**ctx, "a": a, "b": b, "range": r, "by_param": period},
                       title=f"{a} – {b}")


@router.get("/network", response_class=HTMLResponse)
def network(
    request: Request, since: Opt = None, until: Opt = None, quad: Opt = None, edge: Opt = None,
    nodes: Annotated[int, Query(ge=2, le=200)] = 40,
) -> Response:
    r, q = params.date_range(since, until), params.quad(quad)
    selected = None
    if edge:
        parts = edge.split("-")
        if len(parts) != 2:
            raise invalid(f"edge {edge!r} is not SOURCE-TARGET", "use e.g. edge=RUS-UKR")
        src, dst = params.actor(parts[0], "edge source"), params.actor(parts[1], "edge target")
        selected = (country_of(src) or "", country_of(dst) or "")

    def gather(con: duckdb.DuckDBPyConnection) -> tuple[list[EdgeRow], list[EventRow]]:
        rows = queries.network(con, since=r.since, until=r.until, quad=q)
        events = queries.events(con, actor=selected[0], target=selected[1], quad=q, since=r.since,
                                until=r.until, limit=50) if selected else []
        return rows, events

    rows, events = read(request, gather)
    net = layout(rows, max_nodes=nodes, selected=selected)
    return render_page(request, "network.html", {
        "net": net, "range": r, "quad": q, "nodes": nodes, "selected": selected, "events": events,
        "total_edges": len(rows)}, title="dyadwatch — network")


@router.get("/actor/{code}", response_class=HTMLResponse)
def actor(request: Request, code: Code, since: Opt = None, until: Opt = None, by: Opt = None) -> Response:
    r, period = _filters(since, until, by)
    code = code.upper()
    ctx = read(request, lambda con: views.actor_page(con, code, r, period))
    return render_page(request, "actor.html", {**ctx, "range": r, "by_param": period}, title=f"actor {code}")


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, q: Annotated[str, Query(max_length=100)] = "") -> Response:
    hits = read(request, lambda con: queries.search_actors(con, q, limit=50)) if q.strip() else []
    exact = [h for h in hits if h.code == q.strip().upper()]
    if exact:
        return RedirectResponse(url("actor", exact[0].code), status_code=303)
    return render_page(request, "search.html", {"q": q, "hits": hits}, title="search actors")


@router.get("/article/{article_id}", response_class=HTMLResponse)
def article(request: Request, article_id: Annotated[str, Path(pattern=params.ID_PATTERN)]) -> Response:
    view, figures = read(request, lambda con: (queries.article(con, article_id), figure_spans(con, article_id)))
    if view is None:
        raise not_found(f"no article with id {article_id!r}", "follow a link from an event")
    return render_page(request, "article.html", {"a": view, "fields": article_fields(view, figures)},
                       title=view.title or "article")


@router.get("/event/{event_id}", response_class=HTMLResponse)
def event(request: Request, event_id: Annotated[str, Path(pattern=params.EVENT_ID_PATTERN)]) -> Response:
    mentions = read(request, lambda con: queries.event_mentions(con, event_id))
    if not mentions:
        raise not_found(f"no event with id {event_id!r}", "follow a link from a dyad or the network")
    return render_page(request, "event.html", {"event_id": event_id, "mentions": mentions},
                       title=f"event {event_id}")


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    return RedirectResponse("/static/favicon.svg", status_code=301)
