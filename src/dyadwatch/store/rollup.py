"""Events from their mentions: the roll-up the writer runs for the events a batch touches.

An event is every counted mention with one merge key (``schema.event_key``). Its row holds:
- the best mention (highest confidence, then earliest published article, then article id and
  position) as evidence, with its root, countries (sorted for mutual roots) and date;
- the most frequent CAMEO code (ties: the smallest code), the mean Goldstein and the lowest
  QuadClass of the mentions with that code;
- counts of mentions, articles and sources (publisher, else URL, else article id), first and last
  publication time, the highest confidence;
- the place of the best mention that has one.

The writer fetches the touched events' mentions with plain look-ups (no joins, windows or aggregates
inside DuckDB; the sentence only for the evidence) and rolls them up here. DuckDB's working memory
then stays small whatever the database size, so its buffer pool can be small too
(``StoreWriter.memory_limit``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

import duckdb
import pyarrow as pa

from .schema import MUTUAL_ROOTS

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
        return (self.confidence is None, -(self.confidence or 0.0), self.published is None,
                self.published.timestamp() if self.published else 0.0, self.article_id, self.idx)


def mentions_of(con: duckdb.DuckDBPyConnection, event_ids: list[str]) -> list[CountedMention]:
    """The counted mentions of these events, with their article's publication time and source
    (without their sentences, which only the evidence needs: see ``sentences_of``)."""
    rows = con.execute(_MENTIONS_OF, {"ids": event_ids}).fetchall()
    article_ids = sorted({r[1] for r in rows})
    articles = {r[0]: (r[1], r[2]) for r in con.execute(_ARTICLES_OF, {"ids": article_ids}).fetchall()}
    names = [f.name for f in fields(CountedMention)]
    return [CountedMention(**dict(zip(names, (*r, *articles[r[1]]), strict=True))) for r in rows]


def sentences_of(con: duckdb.DuckDBPyConnection, keys: list[tuple[str, int]]) -> dict[tuple[str, int], str | None]:
    """The sentences of these mentions, by (article id, position)."""
    rows = con.execute(_SENTENCES_OF, {"articles": [k[0] for k in keys], "idxs": [k[1] for k in keys]}).fetchall()
    return {(r[0], r[1]): r[2] for r in rows}


def events_of(con: duckdb.DuckDBPyConnection, event_ids: list[str]) -> pa.Table:
    """The events rows of these event ids, rolled up from the stored mentions (ids without a counted
    mention give no row)."""
    table = roll_up(mentions_of(con, event_ids))
    if not table.num_rows:
        return table
    keys = list(zip(table.column("evidence_article_id").to_pylist(), table.column("evidence_idx").to_pylist(),
                    strict=True))
    found = sentences_of(con, keys)
    return table.set_column(table.schema.get_field_index("evidence_sentence"), EVENTS.field("evidence_sentence"),
                            pa.array([found.get(k) for k in keys], pa.string()))


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def roll_up(mentions: list[CountedMention]) -> pa.Table:
    """One events row per event id among these mentions (all of each event's counted mentions);
    ``evidence_sentence`` is left empty for ``events_of`` to fill in."""
    by_event: dict[str, list[CountedMention]] = defaultdict(list)
    for m in mentions:
        by_event[m.event_id].append(m)
    rows: list[dict[str, Any]] = []
    for event_id in sorted(by_event):
        group = sorted(by_event[event_id], key=CountedMention.rank)  # stable sums, best first
        best = group[0]
        per_cameo: dict[str | None, list[CountedMention]] = defaultdict(list)
        for m in group:
            per_cameo[m.cameo].append(m)
        cameo = min(per_cameo, key=lambda c: (-len(per_cameo[c]), c is None, c or ""))
        coded = sorted(per_cameo[cameo], key=lambda m: (m.article_id, m.idx))
        quads = [m.quad_class for m in coded if m.quad_class is not None]
        place = next((m for m in group if m.location_name is not None or m.lat is not None), None)
        published = [m.published for m in group if m.published is not None]
        confidences = [m.confidence for m in group if m.confidence is not None]
        source, target = best.source_country, best.target_country
        if best.root in MUTUAL_ROOTS and (source or "") > (target or ""):
            source, target = target, source
        rows.append({
            "event_id": event_id, "root": best.root, "cameo": cameo, "source_country": source,
            "target_country": target, "date": best.event_date, "date_precision": best.event_precision,
            "quad_class": min(quads) if quads else None,
            "goldstein": _mean([m.goldstein for m in coded if m.goldstein is not None]),
            "num_mentions": len(group), "num_articles": len({m.article_id for m in group}),
            "num_sources": len({m.source_key for m in group}),
            "first_seen": min(published) if published else None, "last_seen": max(published) if published else None,
            "evidence_sentence": None, "evidence_article_id": best.article_id, "evidence_idx": best.idx,
            "confidence": max(confidences) if confidences else None,
            "lat": place.lat if place else None, "lon": place.lon if place else None,
            "location_name": place.location_name if place else None,
            "location_country": place.location_country if place else None,
        })
    return pa.Table.from_pylist(rows, schema=EVENTS)
