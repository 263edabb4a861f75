"""Events from their mentions: the roll-up the writer runs for the events a batch touches.

An event is every counted mention with one merge key (``schema.event_key``). Its row holds:
- the best mention (highest confidence, then earliest published article, then article id and
  position) as evidence, with its root, countries (sorted for mutual roots) and date;
- the most frequent CAMEO code (ties: the smallest code), the mean Goldstein (exact, whatever the
  order of the mentions) and the lowest QuadClass of the mentions with that code;
- counts of mentions, articles and sources (publisher, else URL, else article id), first and last
  publication time, the highest confidence;
- the place of the best mention that has one.

Every one of these can be brought up to date from the event's row and a few kept tallies
(``EventState``; tables ``event_tallies`` and ``event_sources``, schema version 4),
so a batch that only adds articles reads, for each event it touches, that event's row and tallies
and its own new mentions: the time and memory of a batch do not grow with how often an event has
been reported before. An event that loses mentions (an article replaced by a new version at the same
URL) is rolled up again from all its stored mentions. Both ways give the same row (tested against
one SQL statement in ``tests/store/test_event_rollup.py``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from fractions import Fraction
from typing import Any

import duckdb
import pyarrow as pa

from .schema import MUTUAL_ROOTS, insert_rows

EVENTS = pa.schema(
    [("event_id", pa.string()), ("root", pa.string()), ("cameo", pa.string()),
     ("source_country", pa.string()), ("target_country", pa.string()), ("date", pa.date32()),
     ("date_precision", pa.string()), ("quad_class", pa.int8()), ("goldstein", pa.float64()),
     ("num_mentions", pa.int32()), ("num_articles", pa.int32()), ("num_sources", pa.int32()),
     ("first_seen", pa.timestamp("us", tz="UTC")), ("last_seen", pa.timestamp("us", tz="UTC")),
     ("evidence_sentence", pa.string()), ("evidence_article_id", pa.string()), ("evidence_idx", pa.int32()),
     ("confidence", pa.float64()), ("lat", pa.float64()), ("lon", pa.float64()),
     ("location_name", pa.string()), ("location_country", pa.string())]
)
"""The columns of the ``events`` table, in order."""

_CODE = pa.struct([("cameo", pa.string()), ("goldstein", pa.float64()), ("quad_class", pa.int8()), ("n", pa.int32())])

EVENT_TALLIES = pa.schema([("event_id", pa.string()), ("best_published", pa.timestamp("us", tz="UTC")),
                           ("place_article_id", pa.string()), ("place_idx", pa.int32()),
                           ("place_confidence", pa.float64()), ("place_published", pa.timestamp("us", tz="UTC")),
                           ("codes", pa.list_(_CODE))])
"""``event_tallies``: what ranks an event's best mention and its best mention with a place, and how many
of its counted mentions have each (CAMEO code, Goldstein, QuadClass)."""

_MENTIONS_OF = """
SELECT event_id, article_id, idx, root, cameo, source_country, target_country, quad_class, goldstein,
       event_date, event_precision, location_name, location_country, lat, lon, confidence
FROM mentions WHERE counts AND event_id IN (SELECT unnest($ids::VARCHAR[]))
"""

_SENTENCES_OF = """
SELECT article_id, idx, sentence FROM mentions
WHERE (article_id, idx) IN (SELECT (unnest($articles::VARCHAR[]), unnest($idxs::INTEGER[])))
"""

_ARTICLES_OF = """
SELECT id, published, coalesce(publisher, url, id) FROM articles WHERE id IN (SELECT unnest($ids::VARCHAR[]))
"""

_EVENT_COLUMNS = ", ".join(EVENTS.names)


@dataclass(slots=True, frozen=True)
class CountedMention:
    """What the roll-up reads of one counted mention and its article."""

    event_id: str
    article_id: str
    idx: int
    root: str
    cameo: str | None
    source_country: str | None
    target_country: str | None
    quad_class: int | None
    goldstein: float | None
    event_date: date | None
    event_precision: str | None
    location_name: str | None
    location_country: str | None
    lat: float | None
    lon: float | None
    confidence: float | None
    published: datetime | None
    source_key: str

    def rank(self) -> tuple[Any, ...]:
        """Sort key of the best mention first: confidence (high first), published (early first), id, position."""
        return _rank(self.confidence, self.published, self.article_id, self.idx)


_FIELDS = [f.name for f in fields(CountedMention)]


def _counted(*values: Any) -> CountedMention:
    """A CountedMention from its fields' values, in order."""
    return CountedMention(**dict(zip(_FIELDS, values, strict=True)))


def _rank(confidence: float | None, published: datetime | None, article_id: str, idx: int) -> tuple[Any, ...]:
    return (confidence is None, -(confidence or 0.0), published is None,
            published.timestamp() if published else 0.0, article_id, idx)


@dataclass(slots=True)
class EventState:
    """One event's row and the tallies it is worked out from, updated a mention at a time (``add``)."""

    event_id: str
    row: dict[str, Any] = field(default_factory=dict)
    """The events row so far (empty before the first mention)."""
    best_published: datetime | None = None
    codes: dict[tuple[str | None, float | None, int | None], int] = field(default_factory=dict)
    """(cameo, goldstein, quad_class) -> counted mentions."""
    place: tuple[str, int, float | None, datetime | None] | None = None
    """(article id, position, confidence, published) of the best mention with a place."""
    new_sources: set[str] = field(default_factory=set)
    """Sources first seen for this event by the mentions added (to count, and to keep)."""

    def best_rank(self) -> tuple[Any, ...] | None:
        row = self.row
        if not row:
            return None
        return _rank(row["confidence"], self.best_published, row["evidence_article_id"], row["evidence_idx"])

    def place_rank(self) -> tuple[Any, ...] | None:
        if self.place is None:
            return None
        article_id, idx, confidence, published = self.place
        return _rank(confidence, published, article_id, idx)

    def add(self, m: CountedMention, *, sentence: str | None, new_source: bool, new_article: bool) -> None:
        """Count one more mention (``sentence`` is its sentence, used if it becomes the evidence)."""
        row = self.row
        if not row:
            source, target = m.source_country, m.target_country
            if m.root in MUTUAL_ROOTS and (source or "") > (target or ""):
                source, target = target, source
            row.update(event_id=self.event_id, root=m.root, source_country=source, target_country=target,
                       date=m.event_date, date_precision=m.event_precision, num_mentions=0, num_articles=0,
                       num_sources=0, first_seen=None, last_seen=None, confidence=None, lat=None, lon=None,
                       location_name=None, location_country=None)
            best = None
        else:
            best = self.best_rank()
        rank = m.rank()
        if best is None or rank < best:
            row.update(evidence_sentence=sentence, evidence_article_id=m.article_id, evidence_idx=m.idx)
            row["confidence"] = m.confidence  # the best mention's confidence is the highest one
            self.best_published = m.published
        if m.location_name is not None or m.lat is not None:
            place = self.place_rank()
            if place is None or rank < place:
                self.place = (m.article_id, m.idx, m.confidence, m.published)
                row.update(lat=m.lat, lon=m.lon, location_name=m.location_name, location_country=m.location_country)
        key = (m.cameo, m.goldstein, m.quad_class)
        self.codes[key] = self.codes.get(key, 0) + 1
        row["num_mentions"] += 1
        row["num_articles"] += new_article
        row["num_sources"] += new_source
        if new_source:
            self.new_sources.add(m.source_key)
        if m.published is not None:
            row["first_seen"] = m.published if row["first_seen"] is None else min(row["first_seen"], m.published)
            row["last_seen"] = m.published if row["last_seen"] is None else max(row["last_seen"], m.published)

    def finish(self) -> dict[str, Any]:
        """The events row: the CAMEO code with the most mentions, its exact mean Goldstein and lowest QuadClass."""
        per_cameo: dict[str | None, list[tuple[float | None, int | None, int]]] = defaultdict(list)
        for (cameo, goldstein, quad), n in self.codes.items():
            per_cameo[cameo].append((goldstein, quad, n))
        cameo = min(per_cameo, key=lambda c: (-sum(n for _, _, n in per_cameo[c]), c is None, c or ""))
        tallies = per_cameo[cameo]
        scored = [(g, n) for g, _, n in tallies if g is not None]
        count = sum(n for _, n in scored)
        quads = [q for _, q, _ in tallies if q is not None]
        self.row.update(cameo=cameo, goldstein=float(sum((Fraction(g) * n for g, n in scored), Fraction(0)) / count)
                        if count else None, quad_class=min(quads) if quads else None)
        return self.row


def mentions_of(con: duckdb.DuckDBPyConnection, event_ids: list[str]) -> list[CountedMention]:
    """The counted mentions of these events, with their article's publication time and source
    (without their sentences, which only the evidence needs: see ``sentences_of``)."""
    rows = con.execute(_MENTIONS_OF, {"ids": event_ids}).fetchall()
    article_ids = sorted({r[1] for r in rows})
    articles = {r[0]: (r[1], r[2]) for r in con.execute(_ARTICLES_OF, {"ids": article_ids}).fetchall()}
    return [_counted(*r, *articles[r[1]]) for r in rows]


def sentences_of(con: duckdb.DuckDBPyConnection, keys: list[tuple[str, int]]) -> dict[tuple[str, int], str | None]:
    """The sentences of these mentions, by (article id, position)."""
    rows = con.execute(_SENTENCES_OF, {"articles": [k[0] for k in keys], "idxs": [k[1] for k in keys]}).fetchall()
    return {(r[0], r[1]): r[2] for r in rows}


def batch_mentions(tables: dict[str, pa.Table]) -> list[tuple[CountedMention, str | None]]:
    """The counted mentions among a batch's new rows (with their sentences), from its Arrow tables."""
    mentions = tables["mentions"]
    if not mentions.num_rows:
        return []
    arts = tables["articles"]
    about = {aid: (published, _first(publisher, url, aid)) for aid, published, publisher, url in zip(
        *(arts.column(c).to_pylist() for c in ("id", "published", "publisher", "url")), strict=True)}
    columns = [mentions.column(c).to_pylist() for c in (*_FIELDS[:-2], "sentence", "counts")]
    out = []
    for values in zip(*columns, strict=True):
        *own, sentence, counts = values
        if counts and own[0]:
            out.append((_counted(*own, *about[own[1]]), sentence))
    return out


def _first(*values: str | None) -> str:
    """The first value that is not None (SQL's ``coalesce``)."""
    return next(v for v in values if v is not None)


def load_states(con: duckdb.DuckDBPyConnection, event_ids: list[str]) -> dict[str, EventState]:
    """The kept state of these events (those with no events row are left out)."""
    states: dict[str, EventState] = {}
    for values in con.execute(f"SELECT {_EVENT_COLUMNS} FROM events WHERE event_id IN (SELECT unnest(?::VARCHAR[]))",
                              [event_ids]).fetchall():
        row = dict(zip(EVENTS.names, values, strict=True))
        states[row["event_id"]] = EventState(row["event_id"], row=row)
    for event_id, best_published, article_id, idx, confidence, published, codes in con.execute(
            f"SELECT {', '.join(EVENT_TALLIES.names)} FROM event_tallies WHERE event_id IN (SELECT unnest(?::VARCHAR[]))",
            [event_ids]).fetchall():
        state = states.get(event_id)
        if state is not None:
            state.best_published = best_published
            state.place = None if article_id is None else (article_id, idx, confidence, published)
            state.codes = {(c["cameo"], c["goldstein"], c["quad_class"]): c["n"] for c in codes}
    return states


def known_sources(con: duckdb.DuckDBPyConnection, pairs: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """Which of these (event id, source) pairs ``event_sources`` holds."""
    pairs = sorted(set(pairs))
    if not pairs:
        return set()
    return {(r[0], r[1]) for r in con.execute(
        "SELECT event_id, source_key FROM event_sources WHERE (event_id, source_key) IN"
        " (SELECT (unnest(?::VARCHAR[]), unnest(?::VARCHAR[])))",
        [[p[0] for p in pairs], [p[1] for p in pairs]]).fetchall()}


def update_with(con: duckdb.DuckDBPyConnection, event_ids: list[str],
                added: list[tuple[CountedMention, str | None]]) -> list[EventState]:
    """The states of these events (whose stored mentions are all still there) after the ``added`` new
    mentions (of articles stored in this batch): from their kept state, not from their old mentions."""
    states = load_states(con, event_ids)
    wanted = set(event_ids)
    mine = [(m, s) for m, s in added if m.event_id in wanted]
    _fold(states, mine, known_sources(con, ((m.event_id, m.source_key) for m, _ in mine)))
    return [states[e] for e in sorted(states)]


def _fold(states: dict[str, EventState], mentions: list[tuple[CountedMention, str | None]],
          seen_sources: set[tuple[str, str]]) -> None:
    """Add these mentions (each with its sentence, or None) to their events' states, creating those
    missing, in the order of (article, position); ``seen_sources`` are the (event, source) pairs
    already counted (grown in place). Every mention's article is new to its event."""
    seen_articles: set[tuple[str, str]] = set()
    for m, sentence in sorted(mentions, key=lambda ms: (ms[0].article_id, ms[0].idx)):
        state = states.get(m.event_id)
        if state is None:
            state = states[m.event_id] = EventState(m.event_id)
        source = (m.event_id, m.source_key)
        article = (m.event_id, m.article_id)
        state.add(m, sentence=sentence, new_source=source not in seen_sources, new_article=article not in seen_articles)
        seen_sources.add(source)
        seen_articles.add(article)


def roll_up(con: duckdb.DuckDBPyConnection, event_ids: list[str]) -> list[EventState]:
    """The states of these events from all their stored counted mentions (events left with none give no state)."""
    by_id: dict[str, EventState] = {}
    _fold(by_id, [(m, None) for m in mentions_of(con, event_ids)], set())
    states = [by_id[e] for e in sorted(by_id)]
    keys = [(s.row["evidence_article_id"], s.row["evidence_idx"]) for s in states]
    found = sentences_of(con, keys) if keys else {}
    for state, key in zip(states, keys, strict=True):
        state.row["evidence_sentence"] = found.get(key)
    return states


def store_states(con: duckdb.DuckDBPyConnection, states: list[EventState]) -> None:
    """Insert these states' events rows and tallies, and the sources they added (their old rows,
    and for states rolled up again their sources, were deleted by the caller)."""
    if not states:
        return
    insert_rows(con, "events", pa.Table.from_pylist([s.finish() for s in states], schema=EVENTS))
    insert_rows(con, "event_tallies", pa.Table.from_pylist(
        [{"event_id": s.event_id, "best_published": s.best_published,
          "place_article_id": s.place[0] if s.place else None, "place_idx": s.place[1] if s.place else None,
          "place_confidence": s.place[2] if s.place else None, "place_published": s.place[3] if s.place else None,
          "codes": [{"cameo": c, "goldstein": g, "quad_class": q, "n": n}
                    for (c, g, q), n in sorted(s.codes.items(), key=lambda kv: repr(kv[0]))]}
         for s in states], schema=EVENT_TALLIES))
    pairs = sorted((s.event_id, k) for s in states for k in s.new_sources)
    if pairs:
        con.execute("INSERT INTO event_sources SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[])",
                    [[p[0] for p in pairs], [p[1] for p in pairs]])


def refresh_events(con: duckdb.DuckDBPyConnection, *, touched: set[str], emptied: set[str],
                   added: list[tuple[CountedMention, str | None]]) -> None:
    """Bring the events rows and tallies of the ``touched`` events up to date, after a batch's rows
    were deleted and inserted: those in ``emptied`` lost mentions and are rolled up again from all
    their stored mentions, the others are updated with their ``added`` mentions."""
    if not touched:
        return
    ids = sorted(touched)
    again = sorted(emptied & touched)
    grown = sorted(touched - emptied)
    fresh = roll_up(con, again) if again else []
    updated = update_with(con, grown, added) if grown else []
    for table in ("events", "event_tallies"):
        con.execute(f"DELETE FROM {table} WHERE event_id IN (SELECT unnest(?::VARCHAR[]))", [ids])
    if again:
        con.execute("DELETE FROM event_sources WHERE event_id IN (SELECT unnest(?::VARCHAR[]))", [again])
    store_states(con, fresh + updated)
