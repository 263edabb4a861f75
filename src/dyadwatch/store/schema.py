"""The database schema, its version and the migrations that create or upgrade it."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TYPE_CHECKING

import duckdb

from ..errors import StoreError

if TYPE_CHECKING:
    import pyarrow as pa

    from ..clean.dedupe import Signature

SCHEMA_VERSION = 4
"""Version of the tables below; bump it and add a migration when they change."""

TABLES = ("articles", "actors", "mentions", "events", "quantities", "runs")
"""Every table dyadwatch owns (besides ``meta``)."""

DATA_TABLES = ("articles", "actors", "mentions", "events", "quantities")
"""The tables that hold results (``runs`` only records how they were made)."""

INDEX_TABLES = ("minhashes", "minhash_bands")
"""The near-duplicate index of the stored articles (since version 3): not results, not exported."""

ROLLUP_TABLES = ("event_tallies", "event_sources")
"""What each event's row is updated from (since version 4, ``store.rollup``): not results, not exported."""

KEYS: dict[str, tuple[str, ...]] = {
    "articles": ("id",),
    "actors": ("article_id", "idx"),
    "mentions": ("article_id", "idx"),
    "events": ("event_id",),
    "quantities": ("article_id", "idx"),
    "runs": ("run_id",),
}
"""Columns that identify one row of each table (for ordering and comparison)."""

MUTUAL_ROOTS = frozenset({"03", "04", "05", "06", "08"})
"""CAMEO roots where the direction does not matter: A→B and B→A are one event."""

_V1 = """
CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE articles (
    id VARCHAR PRIMARY KEY,
    url VARCHAR,
    source_path VARCHAR,
    publisher VARCHAR,
    section VARCHAR,
    title VARCHAR,
    standfirst VARCHAR,
    author VARCHAR,
    published TIMESTAMPTZ,
    language VARCHAR,
    captions VARCHAR[],
    body VARCHAR,
    boilerplate VARCHAR[],
    duplicate_of VARCHAR,
    input_format VARCHAR,
    coded BOOLEAN,
    run_id VARCHAR
);
CREATE TABLE actors (
    article_id VARCHAR NOT NULL,
    idx INTEGER NOT NULL,
    text VARCHAR,
    field VARCHAR,
    start INTEGER,
    "end" INTEGER,
    code VARCHAR,
    country VARCHAR,
    role VARCHAR,
    name VARCHAR,
    via VARCHAR,
    members VARCHAR[]
);
CREATE TABLE mentions (
    article_id VARCHAR NOT NULL,
    idx INTEGER NOT NULL,
    event_id VARCHAR,
    source VARCHAR,
    target VARCHAR,
    source_country VARCHAR,
    target_country VARCHAR,
    cameo VARCHAR,
    root VARCHAR,
    quad_class TINYINT,
    goldstein DOUBLE,
    plover VARCHAR,
    date DATE,
    date_precision VARCHAR,
    event_date DATE,
    event_precision VARCHAR,
    negated BOOLEAN,
    modality VARCHAR,
    field VARCHAR,
    start INTEGER,
    "end" INTEGER,
    sentence VARCHAR,
    trigger VARCHAR,
    location_name VARCHAR,
    location_country VARCHAR,
    lat DOUBLE,
    lon DOUBLE,
    confidence DOUBLE,
    counts BOOLEAN
);
CREATE TABLE events (
    event_id VARCHAR PRIMARY KEY,
    root VARCHAR,
    cameo VARCHAR,
    source_country VARCHAR,
    target_country VARCHAR,
    date DATE,
    date_precision VARCHAR,
    quad_class TINYINT,
    goldstein DOUBLE,
    num_mentions INTEGER,
    num_articles INTEGER,
    num_sources INTEGER,
    first_seen TIMESTAMPTZ,
    last_seen TIMESTAMPTZ,
    evidence_sentence VARCHAR,
    evidence_article_id VARCHAR,
    evidence_idx INTEGER,
    confidence DOUBLE,
    lat DOUBLE,
    lon DOUBLE,
    location_name VARCHAR,
    location_country VARCHAR
);
CREATE TABLE quantities (
    article_id VARCHAR NOT NULL,
    idx INTEGER NOT NULL,
    text VARCHAR,
    field VARCHAR,
    start INTEGER,
    "end" INTEGER,
    value DOUBLE,
    unit VARCHAR,
    kind VARCHAR,
    direction VARCHAR,
    period_start VARCHAR,
    period_end VARCHAR,
    same_as INTEGER,
    subject VARCHAR,
    actors VARCHAR[],
    qualifier VARCHAR,
    low DOUBLE,
    high DOUBLE,
    change_of VARCHAR,
    event_idx INTEGER
);
CREATE TABLE runs (
    run_id VARCHAR PRIMARY KEY,
    started TIMESTAMPTZ,
    finished TIMESTAMPTZ,
    version VARCHAR,
    settings VARCHAR,
    articles_seen INTEGER,
    articles_stored INTEGER,
    errors INTEGER
);
"""

def _create_v1(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(_V1)


UNKEYED = ("articles", "events")
"""Tables whose id column is not a PRIMARY KEY (since version 2), though the writer keeps it unique."""


def _drop_key_indexes_v2(con: duckdb.DuckDBPyConnection) -> None:
    """Version 2: ``articles.id`` and ``events.event_id`` are no longer PRIMARY KEYs.

    DuckDB keeps a key's ART index in memory, pinned while rows are inserted or deleted, so the
    writer's memory grew with the database (about 1.3 KB an article) and a fixed memory limit would
    fail on a large enough one. The writer keeps the ids unique itself (``StoreWriter._write`` plans
    every batch against the stored ids) and finds rows by scanning, whose memory does not grow.
    """
    for table in UNKEYED:
        key = KEYS[table][0]
        con.execute(f"ALTER TABLE {table} RENAME TO {table}_v1")
        con.execute(f"CREATE TABLE {table} AS SELECT * FROM {table}_v1")
        con.execute(f"DROP TABLE {table}_v1")
        con.execute(f"ALTER TABLE {table} ALTER COLUMN {key} SET NOT NULL")


def _add_minhash_index_v3(con: duckdb.DuckDBPyConnection) -> None:
    """Version 3: the near-duplicate index lives in the database, so ``ingest`` finds near-duplicates of
    articles stored by earlier runs and keeps no index in memory. ``minhashes`` holds the signature of
    every stored article that is not a duplicate (``seq`` orders them as they were stored) and
    ``minhash_bands`` the hash of each of its LSH bands. Articles already stored are signed here with
    the default settings, a slice of about 1,000 at a time (rows written in this transaction have no
    usable ``rowid`` order, so the slices are buckets of the id's hash)."""
    from ..clean.dedupe import MinHasher

    con.execute("CREATE TABLE minhashes (seq BIGINT NOT NULL, article_id VARCHAR NOT NULL, signature BLOB NOT NULL)")
    con.execute("CREATE TABLE minhash_bands (band SMALLINT NOT NULL, key BIGINT NOT NULL, seq BIGINT NOT NULL)")
    hasher = MinHasher()
    row = con.execute("SELECT count(*) FROM articles WHERE duplicate_of IS NULL").fetchone()
    parts = max(1, -(-int(row[0] if row else 0) // 1000))  # about 1,000 bodies in memory at a time
    seq = 0
    for part in range(parts):
        rows = con.execute("SELECT id, body FROM articles WHERE duplicate_of IS NULL AND hash(id) % ? = ?"
                           " ORDER BY id", [parts, part]).fetchall()
        signed = [s for s in (hasher.sign(aid, body or "") for aid, body in rows) if s is not None]
        seq = insert_signatures(con, signed, first_seq=seq)


def _add_event_tallies_v4(con: duckdb.DuckDBPyConnection) -> None:
    """Version 4: the tallies each events row is worked out from are kept (``store.rollup``), so a
    batch updates the events it touches from their rows and its own mentions instead of reading every
    mention of each again: per event, how many counted mentions have each (CAMEO code, Goldstein,
    QuadClass), the sources seen, and what ranks the best mention and the best one with a place. The
    stored events are rolled up again here, about 5,000 at a time."""
    from .rollup import refresh_events

    con.execute("CREATE TABLE event_tallies (event_id VARCHAR NOT NULL, best_published TIMESTAMPTZ,"
                " place_article_id VARCHAR, place_idx INTEGER, place_confidence DOUBLE, place_published TIMESTAMPTZ,"
                " codes STRUCT(cameo VARCHAR, goldstein DOUBLE, quad_class TINYINT, n INTEGER)[])")
    con.execute("CREATE TABLE event_sources (event_id VARCHAR NOT NULL, source_key VARCHAR NOT NULL)")
    row = con.execute("SELECT count(DISTINCT event_id) FROM mentions WHERE counts AND event_id IS NOT NULL").fetchone()
    parts = max(1, -(-int(row[0] if row else 0) // 5000))
    for part in range(parts):
        ids = {r[0] for r in con.execute("SELECT DISTINCT event_id FROM mentions WHERE counts AND event_id IS NOT NULL"
                                         " AND hash(event_id) % ? = ?", [parts, part]).fetchall()}
        refresh_events(con, touched=ids, emptied=ids, added=[])


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: pa.Table) -> None:
    """Append an Arrow table's rows to a table, by column name (nothing when it has none)."""
    if not rows.num_rows:
        return
    con.register("_dw_rows", rows)
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _dw_rows")
    finally:
        con.unregister("_dw_rows")


def insert_signatures(con: duckdb.DuckDBPyConnection, signatures: list[Signature], *, first_seq: int) -> int:
    """Add signatures to the near-duplicate index, numbered from ``first_seq``; returns the next number."""
    if not signatures:
        return first_seq
    seqs = list(range(first_seq, first_seq + len(signatures)))
    con.execute("INSERT INTO minhashes SELECT unnest(?::BIGINT[]), unnest(?::VARCHAR[]), unnest(?::BLOB[])",
                [seqs, [s.article_id for s in signatures], [s.values.tobytes() for s in signatures]])
    owners, bands, keys = band_rows(signatures, seqs)
    con.execute("INSERT INTO minhash_bands SELECT unnest(?::SMALLINT[]), unnest(?::BIGINT[]), unnest(?::BIGINT[])",
                [bands, keys, owners])
    return first_seq + len(signatures)


def band_rows(signatures: list[Signature], owners: list[int]) -> tuple[list[int], list[int], list[int]]:
    """The (owner, band, key) columns of every LSH band of these signatures, owner ``owners[i]`` for the i-th."""
    owner_col: list[int] = []
    bands: list[int] = []
    keys: list[int] = []
    for owner, sig in zip(owners, signatures, strict=True):
        owner_col.extend([owner] * len(sig.keys))
        bands.extend(range(len(sig.keys)))
        keys.extend(sig.keys)
    return owner_col, bands, keys


MIGRATIONS: dict[int, Callable[[duckdb.DuckDBPyConnection], None]] = {
    1: _create_v1, 2: _drop_key_indexes_v2, 3: _add_minhash_index_v3, 4: _add_event_tallies_v4}
"""``MIGRATIONS[n]`` brings a database from version n-1 to version n."""


def table_names(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
    ).fetchall()
    return {r[0] for r in rows}


def schema_version(con: duckdb.DuckDBPyConnection, label: str = "the database") -> int:
    """The schema version of an open database: 0 when empty; StoreError when foreign."""
    names = table_names(con)
    if not names:
        return 0
    if "meta" not in names:
        shown = ", ".join(sorted(names)[:5])
        raise StoreError(
            f"{label} is a DuckDB file of something else (tables: {shown})",
            fix="give a new file name or the right file with --db",
        )
    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if row is None:
        raise StoreError(f"{label} has no schema version", fix="give a new file name or the right file with --db")
    return int(row[0])


def migrate(con: duckdb.DuckDBPyConnection, label: str = "the database") -> int:
    """Create or upgrade the tables in one transaction; return the schema version."""
    current = schema_version(con, label)
    if current > SCHEMA_VERSION:
        raise StoreError(
            f"{label} was written by a newer dyadwatch (schema {current}, this one reads {SCHEMA_VERSION})",
            fix="upgrade dyadwatch or give another --db",
        )
    if current == SCHEMA_VERSION:
        return current
    con.begin()
    try:
        for version in range(current + 1, SCHEMA_VERSION + 1):
            MIGRATIONS[version](con)
        con.execute(
            "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)]
        )
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return SCHEMA_VERSION


def country_of(code: str | None) -> str | None:
    """The country part of an actor code: IGO codes and WST stay whole, others give 3 letters."""
    if not code:
        return None
    code = code.upper()
    if code.startswith("IGO") or code == "WST":
        return code
    return code[:3]


def event_key(
    root: str, source: str | None, target: str | None, day: str | None, precision: str | None
) -> tuple[str, str | None, str | None, str | None, str | None]:
    """The merge key of a mention: root, countries (sorted for mutual roots), date and precision."""
    if root in MUTUAL_ROOTS and (source or "") > (target or ""):
        source, target = target, source
    return (root, source, target, day, precision)


def event_id_of(key: tuple[str, str | None, str | None, str | None, str | None]) -> str:
    """The first 16 hex digits of the SHA-256 of the key."""
    text = "|".join("" if part is None else part for part in key)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def global_event_id(event_id: str) -> int:
    """A stable integer for GDELT's GLOBALEVENTID (60 bits of the event id)."""
    return int(event_id[:15], 16)
