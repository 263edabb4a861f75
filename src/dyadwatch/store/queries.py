"""Read-only queries shared by the CLI, the HTTP API and the dashboard.

Every function takes a DuckDB connection first and keyword-only filters, runs parameterised SQL and
returns dataclasses. Actor and target filters take a country or an actor code (``RUSGOV`` means
``RUS``); events with a mutual root (03, 04, 05, 06, 08) match in either direction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import duckdb

from ..errors import UsageError
from .schema import MUTUAL_ROOTS, country_of

DateLike = date | str | None
_MUTUAL = ", ".join(f"'{r}'" for r in sorted(MUTUAL_ROOTS))
PERIODS = ("day", "week", "month", "year")


# -- rows --------------------------------------------------------------------------------------
@dataclass(slots=True)
class EventRow:
    event_id: str
    root: str
    cameo: str
    quad_class: int
    goldstein: float
    source_country: str | None
    target_country: str | None
    date: date | None
    date_precision: str | None
    num_mentions: int
    num_articles: int
    num_sources: int
    first_seen: datetime | None
    last_seen: datetime | None
    evidence_sentence: str | None
    evidence_article_id: str | None
    confidence: float | None
    location_name: str | None
    lat: float | None
    lon: float | None


@dataclass(slots=True)
class MentionRow:
    article_id: str
    idx: int
    event_id: str | None
    source: str | None
    target: str | None
    cameo: str
    root: str
    quad_class: int
    goldstein: float
    date: date | None
    date_precision: str | None
    negated: bool
    modality: str
    counts: bool
    field: str
    start: int
    end: int
    sentence: str
    confidence: float | None
    location_name: str | None
    title: str | None
    publisher: str | None
    published: datetime | None
    url: str | None


@dataclass(slots=True)
class DyadRow:
    a: str
    b: str
    events: int
    cooperative: int
    conflictual: int
    goldstein_mean: float | None
    articles: int


@dataclass(slots=True)
class TimelineRow:
    period: date
    direction: str
    events: int
    quad1: int
    quad2: int
    quad3: int
    quad4: int
    goldstein_sum: float


@dataclass(slots=True)
class EdgeRow:
    source: str
    target: str
    events: int
    cooperative: int
    conflictual: int
    goldstein_mean: float | None


@dataclass(slots=True)
class ChangeRow:
    a: str
    b: str
    before_mean: float
    after_mean: float
    change: float
    events_before: int
    events_after: int
    split: date


@dataclass(slots=True)
class FactRow:
    article_id: str
    idx: int
    text: str
    value: float | None
    unit: str | None
    kind: str | None
    direction: str | None
    period_start: str | None
    period_end: str | None
    subject: str | None
    actors: list[str]
    qualifier: str | None
    title: str | None
    publisher: str | None
    published: datetime | None
    url: str | None


@dataclass(slots=True)
class ActorRow:
    idx: int
    text: str
    field: str
    start: int
    end: int
    code: str
    country: str | None
    role: str | None
    name: str | None
    via: str | None


@dataclass(slots=True)
class ArticleView:
    id: str
    url: str | None
    source_path: str | None
    publisher: str | None
    section: str | None
    title: str | None
    standfirst: str | None
    author: str | None
    published: datetime | None
    language: str | None
    captions: list[str]
    body: str
    boilerplate: list[str]
    duplicate_of: str | None
    input_format: str | None
    coded: bool
    actors: list[ActorRow] = field(default_factory=list)
    mentions: list[MentionRow] = field(default_factory=list)
    quantities: list[FactRow] = field(default_factory=list)


@dataclass(slots=True)
class ActorHit:
    code: str
    name: str | None
    country: str | None
    mentions: int
    articles: int


@dataclass(slots=True)
class Summary:
    articles: int
    coded_articles: int
    mentions: int
    counted_mentions: int
    events: int
    quad1: int
    quad2: int
    quad3: int
    quad4: int
    first_date: date | None
    last_date: date | None
    top_dyads: list[DyadRow]
    most_changed: ChangeRow | None


# -- helpers -----------------------------------------------------------------------------------
def _day(value: DateLike, name: str) -> date | None:
    if value is None or isinstance(value, date):
        return value.date() if isinstance(value, datetime) else value
    text = str(value).strip()
    try:
        if len(text) == 4:
            return date(int(text), 1, 1)
        if len(text) == 7:
            return date(int(text[:4]), int(text[5:7]), 1)
        return date.fromisoformat(text[:10])
    except ValueError:
        raise UsageError(f"{name} {value!r} is not a date", fix="use YYYY-MM-DD, YYYY-MM or YYYY") from None


def _country(value: str | None) -> str | None:
    return country_of(value.strip()) if value and value.strip() else None


def _root(value: str | int | None) -> str | None:
    if value is None or value == "":
        return None
    text = str(value).strip()
    if not text.isdigit() or not 1 <= int(text) <= 20:
        raise UsageError(f"root {value!r} is not a CAMEO root", fix="use 01 to 20")
    return f"{int(text):02d}"


def _quad(value: int | str | None) -> int | None:
    if value is None or value == "":
        return None
    try:
        quad = int(value)
    except (TypeError, ValueError):
        quad = 0
    if quad not in (1, 2, 3, 4):
        raise UsageError(f"quad class {value!r} is not 1-4", fix="use 1 (verbal cooperation) to 4 (material conflict)")
    return quad


def _page(limit: int, offset: int) -> tuple[int, int]:
    if limit < 0 or offset < 0:
        raise UsageError("limit and offset must not be negative", fix="give 0 or more")
    return limit, offset


def _range(since: DateLike, until: DateLike) -> tuple[date | None, date | None]:
    return _day(since, "since"), _day(until, "until")


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | dict[str, Any]) -> list[tuple[Any, ...]]:
    return con.execute(sql, params).fetchall()


_EVENT_COLS = (
    "event_id, root, cameo, quad_class, goldstein, source_country, target_country, date, date_precision, "
    "num_mentions, num_articles, num_sources, first_seen, last_seen, evidence_sentence, "
    "evidence_article_id, confidence, location_name, lat, lon"
)
_MENTION_COLS = (
    "m.article_id, m.idx, m.event_id, m.source, m.target, m.cameo, m.root, m.quad_class, m.goldstein, "
    "m.date, m.date_precision, m.negated, m.modality, m.counts, m.field, m.start, m.\"end\", m.sentence, "
    "m.confidence, m.location_name, a.title, a.publisher, a.published, a.url"
)
_FACT_COLS = (
    "q.article_id, q.idx, q.text, q.value, q.unit, q.kind, q.direction, q.period_start, q.period_end, "
    "q.subject, coalesce(q.actors, []), q.qualifier, a.title, a.publisher, a.published, a.url"
)
_WHEN = "($since::DATE IS NULL OR date >= $since) AND ($until::DATE IS NULL OR date <= $until)"


# -- queries -----------------------------------------------------------------------------------
def events(
    con: duckdb.DuckDBPyConnection,
    *,
    actor: str | None = None,
    target: str | None = None,
    root: str | int | None = None,
    quad: int | str | None = None,
    since: DateLike = None,
    until: DateLike = None,
    min_confidence: float | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[EventRow]:
    """Events, newest first; ``actor`` is the source country, ``target`` the target country."""
    lo, hi = _range(since, until)
    limit, offset = _page(limit, offset)
    sql = f"""
        SELECT {_EVENT_COLS} FROM events
        WHERE (
            (($a::VARCHAR IS NULL OR source_country = $a) AND ($t::VARCHAR IS NULL OR target_country = $t))
            OR (root IN ({_MUTUAL}) AND ($a::VARCHAR IS NULL OR target_country = $a)
                AND ($t::VARCHAR IS NULL OR source_country = $t))
        )
        AND ($root::VARCHAR IS NULL OR root = $root) AND ($quad::INTEGER IS NULL OR quad_class = $quad)
        AND {_WHEN} AND ($conf::DOUBLE IS NULL OR confidence >= $conf)
        ORDER BY date DESC NULLS LAST, num_articles DESC, event_id
        LIMIT $limit OFFSET $offset
    """
    params = {"a": _country(actor), "t": _country(target), "root": _root(root), "quad": _quad(quad),
              "since": lo, "until": hi, "conf": min_confidence, "limit": limit, "offset": offset}
    return [EventRow(*r) for r in _rows(con, sql, params)]


def event_mentions(con: duckdb.DuckDBPyConnection, event_id: str) -> list[MentionRow]:
    """The mentions (evidence) merged into one event, earliest report first."""
    sql = f"""
        SELECT {_MENTION_COLS} FROM mentions m JOIN articles a ON a.id = m.article_id
        WHERE m.event_id = ? ORDER BY a.published NULLS LAST, m.article_id, m.idx
    """
    return [MentionRow(*r) for r in _rows(con, sql, [event_id])]


def dyads(
    con: duckdb.DuckDBPyConnection, *, top: int = 20, since: DateLike = None, until: DateLike = None
) -> list[DyadRow]:
    """Country pairs by event volume, both directions together (pair sorted)."""
    lo, hi = _range(since, until)
    sql = f"""
        SELECT least(source_country, target_country) AS a, greatest(source_country, target_country) AS b,
               count(*) AS events, count(*) FILTER (WHERE quad_class IN (1, 2)),
               count(*) FILTER (WHERE quad_class IN (3, 4)), avg(goldstein), sum(num_articles)
        FROM events
        WHERE source_country IS NOT NULL AND target_country IS NOT NULL
          AND source_country <> target_country AND {_WHEN}
        GROUP BY ALL ORDER BY events DESC, a, b LIMIT $top
    """
    rows = _rows(con, sql, {"since": lo, "until": hi, "top": max(0, top)})
    return [DyadRow(r[0], r[1], r[2], r[3], r[4], r[5], int(r[6] or 0)) for r in rows]


def timeline(
    con: duckdb.DuckDBPyConnection,
    a: str,
    b: str,
    *,
    by: str = "month",
    since: DateLike = None,
    until: DateLike = None,
) -> list[TimelineRow]:
    """Events between two actors per period and direction ("A>B", "B>A"), by QuadClass."""
    if by not in PERIODS:
        raise UsageError(f"--by {by!r} is not a period", fix=f"use one of {', '.join(PERIODS)}")
    ca, cb = _country(a), _country(b)
    if not ca or not cb:
        raise UsageError("timeline needs two actors", fix="give two codes, e.g. RUS PRK")
    lo, hi = _range(since, until)
    sql = f"""
        SELECT date_trunc('{by}', date)::DATE AS period,
               CASE WHEN source_country = $a THEN 'A>B' ELSE 'B>A' END AS direction,
               count(*), count(*) FILTER (WHERE quad_class = 1), count(*) FILTER (WHERE quad_class = 2),
               count(*) FILTER (WHERE quad_class = 3), count(*) FILTER (WHERE quad_class = 4),
               coalesce(sum(goldstein), 0)
        FROM events
        WHERE ((source_country = $a AND target_country = $b) OR (source_country = $b AND target_country = $a))
          AND date IS NOT NULL AND {_WHEN}
        GROUP BY ALL ORDER BY period, direction
    """
    return [TimelineRow(*r) for r in _rows(con, sql, {"a": ca, "b": cb, "since": lo, "until": hi})]


def network(
    con: duckdb.DuckDBPyConnection,
    *,
    since: DateLike = None,
    until: DateLike = None,
    quad: int | str | None = None,
) -> list[EdgeRow]:
    """Directed, weighted edges between countries."""
    lo, hi = _range(since, until)
    sql = f"""
        SELECT source_country, target_country, count(*) AS events,
               count(*) FILTER (WHERE quad_class IN (1, 2)), count(*) FILTER (WHERE quad_class IN (3, 4)),
               avg(goldstein)
        FROM events
        WHERE source_country IS NOT NULL AND target_country IS NOT NULL
          AND source_country <> target_country AND {_WHEN}
          AND ($quad::INTEGER IS NULL OR quad_class = $quad)
        GROUP BY ALL ORDER BY events DESC, source_country, target_country
    """
    return [EdgeRow(*r) for r in _rows(con, sql, {"since": lo, "until": hi, "quad": _quad(quad)})]


def changed_relations(
    con: duckdb.DuckDBPyConnection, *, since: DateLike, until: DateLike, top: int = 10
) -> list[ChangeRow]:
    """Pairs whose mean Goldstein moved most between the earlier and the later half of the range's events.

    The range is split at its median event date, so a few old background events (a war in 1971 named in a
    2025 story) do not put the split decades before the news. ``since``/``until`` of None mean the
    first/last event date in the database.
    """
    lo, hi = _range(since, until)
    if lo is None or hi is None:
        first, last = con.execute("SELECT min(date), max(date) FROM events").fetchone() or (None, None)
        lo, hi = lo or first, hi or last
    if lo is None or hi is None or hi <= lo:
        return []
    row = con.execute("SELECT quantile_disc(date, 0.5) FROM events WHERE date BETWEEN ? AND ?", [lo, hi]).fetchone()
    median = row[0] if row and row[0] is not None else lo + timedelta(days=(hi - lo).days // 2)
    mid = min(max(median + timedelta(days=1), lo + timedelta(days=1)), hi)
    sql = f"""
        WITH e AS (
            SELECT least(source_country, target_country) AS a, greatest(source_country, target_country) AS b,
                   date < $mid AS early, goldstein
            FROM events
            WHERE source_country IS NOT NULL AND target_country IS NOT NULL
              AND source_country <> target_country AND {_WHEN}
        )
        SELECT a, b, avg(goldstein) FILTER (WHERE early) AS before, avg(goldstein) FILTER (WHERE NOT early) AS after,
               after - before AS change, count(*) FILTER (WHERE early), count(*) FILTER (WHERE NOT early)
        FROM e GROUP BY a, b
        HAVING count(*) FILTER (WHERE early) > 0 AND count(*) FILTER (WHERE NOT early) > 0
        ORDER BY abs(change) DESC, count(*) DESC, a, b LIMIT $top
    """
    rows = _rows(con, sql, {"since": lo, "until": hi, "mid": mid, "top": max(0, top)})
    return [ChangeRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], mid) for r in rows]


def facts(
    con: duckdb.DuckDBPyConnection, *, actor: str | None = None, limit: int = 100, offset: int = 0
) -> list[FactRow]:
    """Figures (quantities) with their periods, subjects and sources; ``actor`` matches a code or its country."""
    limit, offset = _page(limit, offset)
    code = actor.strip().upper() if actor and actor.strip() else None
    sql = f"""
        SELECT {_FACT_COLS} FROM quantities q JOIN articles a ON a.id = q.article_id
        WHERE $code::VARCHAR IS NULL OR EXISTS (
            SELECT 1 FROM (SELECT unnest(q.actors) AS x) WHERE upper(x) = $code OR starts_with(upper(x), $country)
        )
        ORDER BY a.published DESC NULLS LAST, q.article_id, q.idx LIMIT $limit OFFSET $offset
    """
    params = {"code": code, "country": country_of(code) if code else None, "limit": limit, "offset": offset}
    return [FactRow(*r) for r in _rows(con, sql, params)]


def article(con: duckdb.DuckDBPyConnection, article_id: str) -> ArticleView | None:
    """One article with its actors, mentions and figures (None when absent)."""
    row = con.execute(
        "SELECT id, url, source_path, publisher, section, title, standfirst, author, published, language,"
        " coalesce(captions, []), body, coalesce(boilerplate, []), duplicate_of, input_format, coded"
        " FROM articles WHERE id = ?",
        [article_id],
    ).fetchone()
    if row is None:
        return None
    view = ArticleView(*row)
    view.actors = [ActorRow(*r) for r in _rows(con, (
        'SELECT idx, text, field, start, "end", code, country, role, name, via FROM actors'
        " WHERE article_id = ? ORDER BY idx"), [article_id])]
    view.mentions = [MentionRow(*r) for r in _rows(con, (
        f"SELECT {_MENTION_COLS} FROM mentions m JOIN articles a ON a.id = m.article_id"
        " WHERE m.article_id = ? ORDER BY m.idx"), [article_id])]
    view.quantities = [FactRow(*r) for r in _rows(con, (
        f"SELECT {_FACT_COLS} FROM quantities q JOIN articles a ON a.id = q.article_id"
        " WHERE q.article_id = ? ORDER BY q.idx"), [article_id])]
    return view


def search_actors(con: duckdb.DuckDBPyConnection, q: str, *, limit: int = 20) -> list[ActorHit]:
    """Actors whose code starts with ``q`` or whose name contains it, most mentioned first."""
    text = q.strip()
    if not text:
        return []
    sql = """
        SELECT code, mode(name), min(country), count(*) AS n, count(DISTINCT article_id)
        FROM actors
        WHERE starts_with(upper(code), upper($q)) OR contains(lower(name), lower($q))
        GROUP BY code ORDER BY n DESC, code LIMIT $limit
    """
    return [ActorHit(*r) for r in _rows(con, sql, {"q": text, "limit": max(0, limit)})]


def summary(con: duckdb.DuckDBPyConnection) -> Summary:
    """Counts of articles, mentions and events by QuadClass, the top dyads and the most changed relation."""
    arts, coded = con.execute("SELECT count(*), count(*) FILTER (WHERE coded) FROM articles").fetchone() or (0, 0)
    ments, counted = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE counts) FROM mentions").fetchone() or (0, 0)
    ev = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE quad_class = 1), count(*) FILTER (WHERE quad_class = 2),"
        " count(*) FILTER (WHERE quad_class = 3), count(*) FILTER (WHERE quad_class = 4), min(date), max(date)"
        " FROM events"
    ).fetchone() or (0, 0, 0, 0, 0, None, None)
    changed = changed_relations(con, since=None, until=None, top=1)
    return Summary(
        articles=arts, coded_articles=coded, mentions=ments, counted_mentions=counted, events=ev[0],
        quad1=ev[1], quad2=ev[2], quad3=ev[3], quad4=ev[4], first_date=ev[5], last_date=ev[6],
        top_dyads=dyads(con, top=5), most_changed=changed[0] if changed else None,
    )


_ALLOWED = {"SELECT", "EXPLAIN"}


def run_sql(
    con: duckdb.DuckDBPyConnection, sql: str, *, max_rows: int | None = 10_000
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run one read-only statement (SELECT, WITH, SHOW, DESCRIBE, EXPLAIN); returns columns and rows."""
    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as exc:
        raise UsageError(f"the SQL does not parse ({str(exc).splitlines()[0]})", fix="check the statement") from None
    if len(statements) != 1:
        raise UsageError(f"give exactly one statement, not {len(statements)}", fix="drop the extra statements")
    kind = statements[0].type.name
    if kind not in _ALLOWED:
        raise UsageError(f"{kind} statements are not allowed here", fix="use SELECT, WITH, SHOW, DESCRIBE or EXPLAIN")
    try:
        cur = con.execute(sql)
        columns = [d[0] for d in cur.description or []]
        rows = cur.fetchall() if max_rows is None else cur.fetchmany(max_rows)
    except duckdb.Error as exc:
        raise UsageError(f"the query failed ({str(exc).splitlines()[0]})", fix="check table and column names") from None
    return columns, rows
