"""Short-lived read-only access for each request, JSON encoding of query rows, and the one extra query."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, is_dataclass
from datetime import date, datetime
from typing import Any, TypeVar

import duckdb
from fastapi import Request

from ..store.reader import SnapshotReader
from ..store.schema import country_of

T = TypeVar("T")


def read(request: Request, fn: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
    """Run ``fn`` on a cursor of the app's snapshot reader (it never holds the database file itself)."""
    reader: SnapshotReader = request.app.state.reader
    with reader.cursor() as con:
        return fn(con)


def plain(value: Any) -> Any:
    """Dataclasses, dates and lists as JSON-ready values."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, float) and value != value:  # NaN is not JSON
        return None
    return value


@dataclass(slots=True)
class ActivityRow:
    period: date
    events: int
    cooperative: int
    conflictual: int
    quad1: int
    quad2: int
    quad3: int
    quad4: int
    goldstein_mean: float | None


def activity(
    con: duckdb.DuckDBPyConnection,
    *,
    by: str,
    since: date | None = None,
    until: date | None = None,
    actor: str | None = None,
) -> list[ActivityRow]:
    """Events per period split into cooperation and conflict; ``actor`` on either side."""
    if by not in ("day", "week", "month", "year"):
        raise ValueError(by)
    sql = f"""
        SELECT date_trunc('{by}', date)::DATE AS period, count(*),
               count(*) FILTER (WHERE quad_class IN (1, 2)), count(*) FILTER (WHERE quad_class IN (3, 4)),
               count(*) FILTER (WHERE quad_class = 1), count(*) FILTER (WHERE quad_class = 2),
               count(*) FILTER (WHERE quad_class = 3), count(*) FILTER (WHERE quad_class = 4),
               avg(goldstein)
        FROM events
        WHERE date IS NOT NULL
          AND ($since::DATE IS NULL OR date >= $since) AND ($until::DATE IS NULL OR date <= $until)
          AND ($a::VARCHAR IS NULL OR source_country = $a OR target_country = $a)
        GROUP BY ALL ORDER BY period
    """
    params = {"since": since, "until": until, "a": country_of(actor) if actor else None}
    return [ActivityRow(*r) for r in con.execute(sql, params).fetchall()]


@dataclass(slots=True)
class FigureSpan:
    idx: int
    field: str
    start: int
    end: int


def figure_spans(con: duckdb.DuckDBPyConnection, article_id: str) -> list[FigureSpan]:
    """Where each figure of an article sits (``queries.FactRow`` carries no offsets)."""
    rows = con.execute('SELECT idx, field, start, "end" FROM quantities WHERE article_id = ? ORDER BY idx',
                       [article_id]).fetchall()
    return [FigureSpan(*r) for r in rows]
