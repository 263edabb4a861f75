"""Exports: Parquet (events and mentions partitioned by month), CSV, JSONL and GDELT 2.0 layouts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb

from ..errors import StoreError, UsageError
from .schema import DATA_TABLES, KEYS, global_event_id

FORMATS = ("parquet", "csv", "jsonl", "gdelt")

_ACTOR_FIELDS = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
                 "Religion2Code", "Type1Code", "Type2Code", "Type3Code")
_GEO_FIELDS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")

GDELT_EVENT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{f}" for f in _ACTOR_FIELDS),
    *(f"Actor2{f}" for f in _ACTOR_FIELDS),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{who}Geo_{f}" for who in ("Actor1", "Actor2", "Action") for f in _GEO_FIELDS),
    "DATEADDED", "SOURCEURL",
)
"""GDELT 2.0 Events columns, in GDELT's order (61)."""

GDELT_MENTION_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
    "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset", "ActionCharOffset",
    "InRawText", "Confidence", "MentionDocLen", "MentionDocTone", "MentionDocTranslationInfo", "Extras",
)
"""GDELT 2.0 Mentions columns, in GDELT's order (16)."""

_PARTITIONED = {
    "events": "SELECT *, coalesce(strftime(date, '%Y-%m'), 'undated') AS month FROM events ORDER BY event_id",
    "mentions": "SELECT *, coalesce(strftime(event_date, '%Y-%m'), 'undated') AS month FROM mentions"
    " ORDER BY article_id, idx",
}


def _ordered(table: str) -> str:
    return f"SELECT * FROM {table} ORDER BY {', '.join(KEYS[table])}"


def _quote(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def export(con: duckdb.DuckDBPyConnection, out: str | Path, *, fmt: str) -> list[Path]:
    """Write the data tables under the folder ``out`` in one format; returns the files or folders written."""
    if fmt not in FORMATS:
        raise UsageError(f"export format {fmt!r} is not known", fix=f"use one of {', '.join(FORMATS)}")
    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is a file", fix="give a folder to export into with -o")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create {folder} ({exc})", fix="give a folder you can write to") from exc
    try:
        if fmt == "gdelt":
            return export_gdelt(con, folder)
        written: list[Path] = []
        for table in DATA_TABLES:
            if fmt == "parquet" and table in _PARTITIONED:
                target = folder / table
                con.execute(
                    f"COPY ({_PARTITIONED[table]}) TO {_quote(target)}"
                    " (FORMAT parquet, PARTITION_BY (month), OVERWRITE_OR_IGNORE)"
                )
            else:
                suffix = {"parquet": "parquet", "csv": "csv", "jsonl": "jsonl"}[fmt]
                target = folder / f"{table}.{suffix}"
                options = {"parquet": "FORMAT parquet", "csv": "FORMAT csv, HEADER", "jsonl": "FORMAT json"}[fmt]
                con.execute(f"COPY ({_ordered(table)}) TO {_quote(target)} ({options})")
            written.append(target)
        return written
    except duckdb.Error as exc:
        raise StoreError(f"export to {folder} failed ({str(exc).splitlines()[0]})", fix="check free space and permissions") from None


# -- GDELT -------------------------------------------------------------------------------------
def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value == value else ""
    return str(value).replace("\t", " ").replace("\r", " ").replace("\n", " ")


def _stamp(ts: datetime | None) -> str | None:
    if ts is None:
        return None
    return (ts.astimezone(UTC) if ts.tzinfo else ts).strftime("%Y%m%d%H%M%S")


def _write(path: Path, rows: Iterable[Sequence[Any]], width: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        for row in rows:
            if len(row) != width:
                raise StoreError(f"internal: a GDELT row has {len(row)} fields, not {width}", fix="report this bug")
            fh.write("\t".join(_cell(v) for v in row) + "\n")


_GDELT_EVENTS_SQL = """
WITH ev AS (
    SELECT e.*, a.url, a.source_path, a.body, m.field AS m_field, m.start AS m_start,
           CASE WHEN coalesce(m.source_country, '') = coalesce(e.source_country, '') THEN m.source
                ELSE m.target END AS code1,
           CASE WHEN coalesce(m.source_country, '') = coalesce(e.source_country, '') THEN m.target
                ELSE m.source END AS code2
    FROM events e
    LEFT JOIN mentions m ON m.article_id = e.evidence_article_id AND m.idx = e.evidence_idx
    LEFT JOIN articles a ON a.id = e.evidence_article_id
),
names AS (
    SELECT article_id, code, min(name) AS name, min(role) AS role FROM actors GROUP BY article_id, code
)
SELECT ev.event_id, ev.date, ev.cameo, ev.root, ev.quad_class, ev.goldstein, ev.num_mentions, ev.num_sources,
       ev.num_articles, ev.source_country, ev.target_country, ev.code1, ev.code2,
       ev.location_name, ev.location_country, ev.lat, ev.lon, ev.first_seen, coalesce(ev.url, ev.source_path),
       ev.m_field IN ('title', 'standfirst')
         OR (ev.m_field = 'body' AND ev.m_start < coalesce(nullif(instr(ev.body, chr(10) || chr(10)), 0), 1e9)),
       n1.name, n1.role, n2.name, n2.role
FROM ev
LEFT JOIN names n1 ON n1.article_id = ev.evidence_article_id AND n1.code = ev.code1
LEFT JOIN names n2 ON n2.article_id = ev.evidence_article_id AND n2.code = ev.code2
ORDER BY ev.date NULLS LAST, ev.event_id
"""


def _actor_cols(code: str | None, country: str | None, name: str | None, role: str | None) -> list[Any]:
    return [code or country, name, country, None, None, None, None, role, None, None]


def _geo_cols(name: str | None, country: str | None, lat: float | None, lon: float | None) -> list[Any]:
    if name is None and lat is None:
        return [None] * 8
    kind = 4 if lat is not None and (name or "") != (country or "") else 1
    return [kind, name, country, None, None, lat, lon, None]


def _event_row(r: tuple[Any, ...]) -> list[Any]:
    (eid, day, cameo, root, quad, gold, n_m, n_s, n_a, sc, tc, code1, code2, loc, loc_c, lat, lon,
     first_seen, url, is_root, name1, role1, name2, role2) = r
    day = day if isinstance(day, date) else None
    fraction = f"{day.year + (day.timetuple().tm_yday - 1) / 365:.4f}" if day else None
    base = cameo[:3] if cameo and len(cameo) >= 3 else cameo
    return (
        [global_event_id(eid), day.strftime("%Y%m%d") if day else None, day.strftime("%Y%m") if day else None,
         day.year if day else None, fraction]
        + _actor_cols(code1, sc, name1, role1)
        + _actor_cols(code2, tc, name2, role2)
        + [1 if is_root else 0, cameo, base, root, quad, gold, n_m, n_s, n_a, None]
        + [None] * 8 + [None] * 8 + _geo_cols(loc, loc_c, lat, lon)
        + [_stamp(first_seen), url]
    )


_GDELT_MENTIONS_SQL = """
SELECT m.event_id, e.date, a.published, a.publisher, coalesce(a.url, a.source_path, a.id), m.start,
       m.confidence, length(a.body)
FROM mentions m JOIN events e ON e.event_id = m.event_id JOIN articles a ON a.id = m.article_id
WHERE m.counts
ORDER BY e.date NULLS LAST, m.event_id, a.published NULLS LAST, m.article_id, m.idx
"""


def _mention_row(r: tuple[Any, ...]) -> list[Any]:
    eid, day, published, publisher, ident, start, conf, doc_len = r
    event_time = day.strftime("%Y%m%d000000") if isinstance(day, date) else None
    confidence = round(conf * 100) if conf is not None else None
    return [global_event_id(eid), event_time, _stamp(published), 1, publisher, ident, None, None, None,
            start, 1, confidence, doc_len, None, None, None]


def export_gdelt(con: duckdb.DuckDBPyConnection, folder: Path) -> list[Path]:
    """``dyadwatch.export.CSV`` (61 columns) and ``dyadwatch.mentions.CSV`` (16), tab-separated, no header.

    Country codes are ISO 3166 alpha-3 (GDELT uses CAMEO/ISO for actors and FIPS for geography).
    """
    events_path = folder / "dyadwatch.export.CSV"
    mentions_path = folder / "dyadwatch.mentions.CSV"
    _write(events_path, (_event_row(r) for r in con.execute(_GDELT_EVENTS_SQL).fetchall()),
           len(GDELT_EVENT_COLUMNS))
    _write(mentions_path, (_mention_row(r) for r in con.execute(_GDELT_MENTIONS_SQL).fetchall()),
           len(GDELT_MENTION_COLUMNS))
    return [events_path, mentions_path]
