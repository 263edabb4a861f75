"""What each dashboard page shows, gathered on one read-only connection (no HTTP here)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb

from ..store import queries
from ..store.queries import EventRow, TimelineRow
from ..store.schema import country_of
from . import charts
from .data import ActivityRow, activity
from .params import Range

QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}


def _stack(row: Any, label: str) -> charts.Stack:
    return [(getattr(row, f"quad{q}"), f"q{q}", f"{label}: {getattr(row, f'quad{q}')} {QUAD_NAMES[q]}")
            for q in (1, 2, 3, 4)]


def activity_chart(rows: list[ActivityRow], by: str) -> charts.Chart:
    periods = charts.every_period([r.period for r in rows], by)
    up = {r.period: [(r.quad1, "q1", f"{r.period}: {r.quad1} verbal cooperation"),
                     (r.quad2, "q2", f"{r.period}: {r.quad2} material cooperation")] for r in rows}
    down = {r.period: [(r.quad3, "q3", f"{r.period}: {r.quad3} verbal conflict"),
                       (r.quad4, "q4", f"{r.period}: {r.quad4} material conflict")] for r in rows}
    return charts.mirrored(periods, up, down, by=by, up_label="cooperation", down_label="conflict")


def timeline_charts(rows: list[TimelineRow], a: str, b: str, by: str) -> tuple[charts.Chart, charts.Chart]:
    periods = charts.every_period([r.period for r in rows], by)
    up = {r.period: _stack(r, f"{a} → {b} {r.period}") for r in rows if r.direction == "A>B"}
    down = {r.period: _stack(r, f"{b} → {a} {r.period}") for r in rows if r.direction == "B>A"}
    volume = charts.mirrored(periods, up, down, by=by, up_label=f"{a} → {b}", down_label=f"{b} → {a}")
    mean = {d: {r.period: r.goldstein_sum / r.events for r in rows if r.direction == d and r.events}
            for d in ("A>B", "B>A")}
    goldstein = charts.lines(periods, [("ab", f"{a} → {b}", mean["A>B"]), ("ba", f"{b} → {a}", mean["B>A"])],
                             by=by)
    return volume, goldstein


def both_ways(con: duckdb.DuckDBPyConnection, a: str, b: str | None, r: Range, limit: int) -> list[EventRow]:
    """Events from a to b and from b to a (or a on either side when b is None), newest first."""
    rows = queries.events(con, actor=a, target=b, since=r.since, until=r.until, limit=limit)
    rows += queries.events(con, actor=b, target=a, since=r.since, until=r.until, limit=limit)
    unique = {e.event_id: e for e in rows}
    return sorted(unique.values(), key=lambda e: (e.date or date.min, e.num_articles), reverse=True)[:limit]


def _span(con: duckdb.DuckDBPyConnection, r: Range, actor: str | None, other: str | None = None) -> tuple[
        date | None, date | None]:
    """First and last event date in the range (for an actor, or a pair of actors)."""
    a, b = (country_of(actor) if actor else None), (country_of(other) if other else None)
    row = con.execute(
        "SELECT min(date), max(date) FROM events WHERE date IS NOT NULL"
        " AND ($since::DATE IS NULL OR date >= $since) AND ($until::DATE IS NULL OR date <= $until)"
        " AND ($a::VARCHAR IS NULL OR source_country = $a OR target_country = $a)"
        " AND ($b::VARCHAR IS NULL OR source_country = $b OR target_country = $b)",
        {"since": r.since, "until": r.until, "a": a, "b": b}).fetchone()
    return (r.since or (row[0] if row else None), r.until or (row[1] if row else None))


def pick_period(con: duckdb.DuckDBPyConnection, by: str | None, r: Range, actor: str | None = None,
                other: str | None = None) -> str:
    return by or charts.auto_period(*_span(con, r, actor, other))


def overview(con: duckdb.DuckDBPyConnection, r: Range, actor: str | None, by: str | None) -> dict[str, Any]:
    by = pick_period(con, by, r, actor)
    many = 500 if actor else 15
    country = country_of(actor) if actor else None
    dyads = queries.dyads(con, top=many, since=r.since, until=r.until)
    changes = queries.changed_relations(con, since=r.since, until=r.until, top=many)
    if country:
        dyads = [d for d in dyads if country in (d.a, d.b)]
        changes = [c for c in changes if country in (c.a, c.b)]
    recent = both_ways(con, actor, None, r, 15) if actor else queries.events(
        con, since=r.since, until=r.until, limit=15)
    return {"summary": queries.summary(con), "dyads": dyads[:15], "changes": changes[:10], "recent": recent, "by": by,
            "chart": activity_chart(activity(con, by=by, since=r.since, until=r.until, actor=actor), by)}


@dataclass(slots=True)
class Partner:
    code: str
    outgoing: int
    incoming: int
    cooperative: int
    conflictual: int


def actor_page(con: duckdb.DuckDBPyConnection, code: str, r: Range, by: str | None) -> dict[str, Any]:
    by = pick_period(con, by, r, code)
    country = country_of(code) or code
    hits = [h for h in queries.search_actors(con, code, limit=50) if h.code == code]
    partners: dict[str, Partner] = {}
    for e in queries.network(con, since=r.since, until=r.until):
        if country not in (e.source, e.target):
            continue
        other = e.target if e.source == country else e.source
        p = partners.setdefault(other, Partner(other, 0, 0, 0, 0))
        if e.source == country:
            p.outgoing += e.events
        else:
            p.incoming += e.events
        p.cooperative += e.cooperative
        p.conflictual += e.conflictual
    ranked = sorted(partners.values(), key=lambda p: (-(p.outgoing + p.incoming), p.code))
    return {"code": code, "country": country, "by": by, "hit": hits[0] if hits else None, "partners": ranked[:30],
            "events": both_ways(con, code, None, r, 50), "facts": queries.facts(con, actor=code, limit=20),
            "chart": activity_chart(activity(con, by=by, since=r.since, until=r.until, actor=code), by)}


def dyad_page(con: duckdb.DuckDBPyConnection, a: str, b: str, r: Range, by: str | None) -> dict[str, Any]:
    by = pick_period(con, by, r, a, b)
    rows = queries.timeline(con, a, b, by=by, since=r.since, until=r.until)
    volume, goldstein = timeline_charts(rows, a, b, by)
    events = both_ways(con, a, b, r, 100)
    totals: dict[str, int] = defaultdict(int)
    for row in rows:
        totals[row.direction] += row.events
    return {"volume": volume, "goldstein": goldstein, "events": events, "totals": dict(totals), "by": by}
