"""The single writer: batches of ArticleResults in one transaction each, events kept up to date.

Idempotent (an article id already stored is skipped), replacing (a new id for a stored URL replaces
the old article) and resumable (a batch is committed whole or not at all, so a killed run that is
started again ends with the database an uninterrupted run gives).
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from importlib import metadata
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from ..errors import StoreError, UsageError
from ..model import ArticleResult, Event
from ..nlp.allocator import release_free_memory, set_mmap_threshold
from ..settings import Settings
from . import near_index
from .arrow_memory import use_arrow_pool
from .reader import connect, snapshot_path
from .rollup import CountedMention, batch_mentions, refresh_events
from .schema import band_rows, country_of, event_id_of, event_key, insert_rows, insert_signatures, migrate

if TYPE_CHECKING:
    from ..clean.dedupe import MinHasher, Signature

COUNTED_MODALITIES = frozenset({"asserted", "reported"})

_S = pa.string()
_I = pa.int32()
_F = pa.float64()
_B = pa.bool_()
_TS = pa.timestamp("us", tz="UTC")
_L = pa.list_(pa.string())

ARTICLES = pa.schema(
    [("id", _S), ("url", _S), ("source_path", _S), ("publisher", _S), ("section", _S), ("title", _S),
     ("standfirst", _S), ("author", _S), ("published", _TS), ("language", _S), ("captions", _L),
     ("body", _S), ("boilerplate", _L), ("duplicate_of", _S), ("input_format", _S), ("coded", _B),
     ("run_id", _S)]
)
ACTORS = pa.schema(
    [("article_id", _S), ("idx", _I), ("text", _S), ("field", _S), ("start", _I), ("end", _I),
     ("code", _S), ("country", _S), ("role", _S), ("name", _S), ("via", _S), ("members", _L)]
)
MENTIONS = pa.schema(
    [("article_id", _S), ("idx", _I), ("event_id", _S), ("source", _S), ("target", _S),
     ("source_country", _S), ("target_country", _S), ("cameo", _S), ("root", _S), ("quad_class", pa.int8()),
     ("goldstein", _F), ("plover", _S), ("date", pa.date32()), ("date_precision", _S),
     ("event_date", pa.date32()), ("event_precision", _S), ("negated", _B), ("modality", _S),
     ("field", _S), ("start", _I), ("end", _I), ("sentence", _S), ("trigger", _S),
     ("location_name", _S), ("location_country", _S), ("lat", _F), ("lon", _F), ("confidence", _F),
     ("counts", _B)]
)
QUANTITIES = pa.schema(
    [("article_id", _S), ("idx", _I), ("text", _S), ("field", _S), ("start", _I), ("end", _I),
     ("value", _F), ("unit", _S), ("kind", _S), ("direction", _S), ("period_start", _S),
     ("period_end", _S), ("same_as", _I), ("subject", _S), ("actors", _L), ("qualifier", _S),
     ("low", _F), ("high", _F), ("change_of", _S), ("event_idx", _I)]
)


def counts(event: Event) -> bool:
    """Whether a mention feeds events: not negated, and asserted or reported."""
    return not event.negated and event.modality in COUNTED_MODALITIES


def parse_date(text: str | None, precision: str | None) -> tuple[date | None, str | None]:
    """The first day of the period a date string names, and its precision (None when unreadable)."""
    if not text:
        return None, None
    text = text.strip()[:10]
    parts = text.split("-")
    try:
        if len(parts) >= 3 and len(parts[0]) == 4:
            day, found = date(int(parts[0]), int(parts[1]), int(parts[2])), "day"
        elif len(parts) == 2:
            day, found = date(int(parts[0]), int(parts[1]), 1), "month"
        elif len(parts) == 1 and len(parts[0]) == 4:
            day, found = date(int(parts[0]), 1, 1), "year"
        else:
            return None, None
    except ValueError:
        return None, None
    if precision not in ("day", "month", "year"):
        precision = found
    if precision == "month":
        day = day.replace(day=1)
    elif precision == "year":
        day = day.replace(month=1, day=1)
    return day, precision


def key_text(day: date | None, precision: str | None) -> str | None:
    """The date part of an event key: the date truncated to its precision."""
    if day is None:
        return None
    return {"day": day.isoformat(), "month": day.isoformat()[:7], "year": day.isoformat()[:4]}[precision or "day"]


def _utc(ts: datetime | None) -> datetime | None:
    if ts is None:
        return None
    return ts.replace(tzinfo=UTC) if ts.tzinfo is None else ts.astimezone(UTC)


def mention_row(result: ArticleResult, idx: int, e: Event) -> dict[str, Any]:
    """One mentions row; ``event_id`` is set only for mentions that count."""
    day, precision = parse_date(e.date, e.date_precision)
    event_day, event_precision = day, precision
    ref = result.article.reference_date
    if event_day is None and ref is not None:
        event_day, event_precision = ref, "day"
    sc, tc = country_of(e.source), country_of(e.target)
    counted = counts(e)
    event_id = None
    if counted:
        event_id = event_id_of(event_key(e.root, sc, tc, key_text(event_day, event_precision), event_precision))
    loc = e.location
    return {
        "article_id": result.article.id, "idx": idx, "event_id": event_id, "source": e.source,
        "target": e.target, "source_country": sc, "target_country": tc, "cameo": e.cameo, "root": e.root,
        "quad_class": e.quad_class, "goldstein": e.goldstein, "plover": e.plover, "date": day,
        "date_precision": e.date_precision or precision, "event_date": event_day,
        "event_precision": event_precision, "negated": e.negated, "modality": e.modality, "field": e.field,
        "start": e.start, "end": e.end, "sentence": e.sentence, "trigger": e.trigger or None,
        "location_name": loc.name if loc else None, "location_country": loc.country if loc else None,
        "lat": loc.lat if loc else None, "lon": loc.lon if loc else None, "confidence": e.confidence,
        "counts": counted,
    }


def build_tables(results: list[ArticleResult], run_id: str | None) -> dict[str, pa.Table]:
    """Arrow tables for articles, actors, mentions and quantities of these results."""
    arts: list[dict[str, Any]] = []
    actors: list[dict[str, Any]] = []
    mentions: list[dict[str, Any]] = []
    quants: list[dict[str, Any]] = []
    for r in results:
        a = r.article
        arts.append({
            "id": a.id, "url": a.url, "source_path": a.source_path, "publisher": a.publisher,
            "section": a.section, "title": a.title, "standfirst": a.standfirst, "author": a.author,
            "published": _utc(a.published), "language": a.language, "captions": list(a.captions),
            "body": a.body, "boilerplate": list(a.boilerplate), "duplicate_of": a.duplicate_of,
            "input_format": a.input_format, "coded": r.coded, "run_id": run_id,
        })
        for i, m in enumerate(r.actors):
            actors.append({
                "article_id": a.id, "idx": i, "text": m.text, "field": m.field, "start": m.start,
                "end": m.end, "code": m.code, "country": m.country, "role": m.role, "name": m.name,
                "via": m.via, "members": list(m.members) if m.members else None,
            })
        mentions.extend(mention_row(r, i, e) for i, e in enumerate(r.events))
        for i, q in enumerate(r.quantities):
            quants.append({
                "article_id": a.id, "idx": i, "text": q.text, "field": q.field, "start": q.start,
                "end": q.end, "value": q.value, "unit": q.unit, "kind": q.kind, "direction": q.direction,
                "period_start": q.period.start if q.period else None,
                "period_end": q.period.end if q.period else None, "same_as": q.same_as,
                "subject": q.subject, "actors": list(q.actors), "qualifier": q.qualifier, "low": q.low,
                "high": q.high, "change_of": q.change_of, "event_idx": q.event,
            })
    return {
        "articles": pa.Table.from_pylist(arts, schema=ARTICLES),
        "actors": pa.Table.from_pylist(actors, schema=ACTORS),
        "mentions": pa.Table.from_pylist(mentions, schema=MENTIONS),
        "quantities": pa.Table.from_pylist(quants, schema=QUANTITIES),
    }


@dataclass(slots=True)
class BatchStats:
    """What one ``write_batch`` did."""

    seen: int = 0
    stored: int = 0
    skipped: int = 0
    replaced: int = 0
    events_touched: int = 0


@dataclass(frozen=True, slots=True)
class _Batch:
    """What one write needs: (article id, URL) in order, the tables of the rows to insert, the run, and
    the signatures to index."""

    keys: list[tuple[str, str | None]]
    make_tables: Callable[[list[int]], dict[str, pa.Table]]
    run_id: str | None
    signatures: Mapping[str, Signature]


def _version() -> str:
    try:
        return metadata.version("dyadwatch")
    except metadata.PackageNotFoundError:
        return "unknown"


def _plan(
    keys: list[tuple[str, str | None]], known_ids: set[str], url_owner: dict[str, str]
) -> tuple[list[int], set[str], int]:
    """Which rows (positions, in order) to insert and which stored ids to delete, as if written one after another."""
    present = set(known_ids)
    inserted: dict[str, int] = {}
    deleted: set[str] = set()
    skipped = 0
    for pos, (aid, url) in enumerate(keys):
        if aid in present:
            skipped += 1
            continue
        owner = url_owner.get(url) if url else None
        if owner is not None and owner != aid:
            present.discard(owner)
            if owner in inserted:
                del inserted[owner]
            else:
                deleted.add(owner)
        inserted[aid] = pos
        present.add(aid)
        if url:
            url_owner[url] = aid
    return list(inserted.values()), deleted, skipped


def _select(tables: dict[str, pa.Table], rows: list[int], run_id: str | None) -> dict[str, pa.Table]:
    """The rows of ``tables`` that belong to the articles at these positions (article ids are unique)."""
    arts = tables["articles"].take(pa.array(rows, pa.int64()))
    arts = arts.set_column(arts.schema.get_field_index("run_id"), "run_id",
                           pa.array([run_id] * arts.num_rows, pa.string()))
    ids = arts.column("id")
    out = {"articles": arts}
    for name in ("actors", "mentions", "quantities"):
        t = tables[name]
        out[name] = t.filter(pc.is_in(t.column("article_id"), value_set=ids)) if t.num_rows else t
    return out


class StoreWriter:
    """The one read-write connection to a database file (a context manager).

    ``snapshot_interval_s``: publish ``<db>.snapshot`` for readers after a committed batch when at
    least this long has passed since the last one (0: after every batch); always on close. The copy
    costs time in proportion to the database, so the wait also grows with it: at least
    ``1 / snapshot_share`` times as long as the last copy took (by default the copies take at most
    ~10% of the writer's time: a 0.5 s copy is repeated at most every 5 s).

    ``memory_limit`` and ``threads``: DuckDB's settings for this connection (``None``: DuckDB's own
    defaults, 80% of RAM and every core). The writer inserts one batch at a time and keeps nothing that
    grows with the database (no key indexes, events updated from kept tallies: ``store.rollup``; after
    each batch ``sweep`` clears DuckDB's records of freed blocks), so a small buffer pool is enough,
    and leaving cores to the coding processes matters more than DuckDB's parallelism. DuckDB's buffers
    fill up to the limit as the database grows: over 8,000 articles the writer's peak grew 43 MB at
    64 MB, 16-23 MB at 32 MB and 6 MB at 24 MB (20 MB made more batches need the step below; at 16 MB
    a two-process run recovered in nearly every batch after 6,000 articles). A batch or checkpoint
    that needs more than the limit (very long articles) is run again, or recovered, under DuckDB's own
    limit (see ``_recover``).

    ``arrow_pool``: Arrow's allocator for this process, set on ``open`` (``store.arrow_memory``;
    ``None`` leaves pyarrow's default).

    ``mmap_threshold`` and ``trim``: this process's glibc allocator, as in a coding process
    (``nlp.allocator``): blocks from ``mmap_threshold`` bytes get memory maps of their own (set on
    ``open``; 0 or ``None`` leaves glibc's default), and with ``trim`` the heap's free pages go back to
    the system after each batch. The batch's Arrow tables and unpickled results otherwise fragment the
    heap, which grew about 4 MB over 8,000 articles in a two-process run.

    ``wal_limit``: the write-ahead log's size at which DuckDB checkpoints on its own (its
    ``checkpoint_threshold``; ``None``: DuckDB's 16 MB). Committed batches stay in DuckDB's memory
    until a checkpoint writes them into the file; snapshots checkpoint, but less often as the file
    grows and its copy takes longer, so without a small limit the batches held between checkpoints
    grew with the database (to about 8 MB by 10,000 articles).
    """

    def __init__(
        self,
        db: str | Path,
        *,
        wait_s: float = 10.0,
        snapshot_interval_s: float = 2.0,
        snapshot_share: float = 0.1,
        snapshots: bool = True,
        memory_limit: str | None = "24MB",
        threads: int | None = 1,
        arrow_pool: str | None = "system",
        wal_limit: str | None = "4MB",
        mmap_threshold: int | None = None,
        trim: bool = False,
    ) -> None:
        self.path = Path(db)
        self.wait_s = wait_s
        self.snapshot_interval_s = snapshot_interval_s
        self.snapshot_share = snapshot_share
        self.snapshots = snapshots
        self.memory_limit = memory_limit
        self.threads = threads
        self.arrow_pool = arrow_pool
        self.wal_limit = wal_limit
        self.mmap_threshold = mmap_threshold
        self.trim = trim
        self._con: duckdb.DuckDBPyConnection | None = None
        self._last_snapshot = float("-inf")
        self._snapshot_cost = 0.0
        self._dirty = False
        self.totals = BatchStats()

    @classmethod
    def from_settings(cls, db: str | Path, settings: Settings) -> StoreWriter:
        """The engines' writer: DuckDB's memory and log limits and this process's allocators as set."""
        return cls(db, memory_limit=settings.db_memory, arrow_pool=settings.arrow_pool,
                   wal_limit=settings.db_wal_limit, mmap_threshold=settings.malloc_mmap_threshold,
                   trim=settings.malloc_trim)

    # -- lifecycle -------------------------------------------------------------------------
    def open(self) -> StoreWriter:
        if self._con is not None:
            return self
        use_arrow_pool(self.arrow_pool)
        if self.mmap_threshold:
            set_mmap_threshold(self.mmap_threshold)
        con = self._connect()
        try:
            migrate(con, str(self.path))
        except BaseException:
            con.close()
            raise
        self._con = con
        try:
            self._limit_memory()
        except UsageError:
            self.close()
            raise
        for stale in self.path.parent.glob(snapshot_path(self.path).name + ".tmp-*"):
            stale.unlink(missing_ok=True)
        if self.snapshots and not snapshot_path(self.path).exists():
            self.publish_snapshot()
        return self

    def close(self) -> None:
        if self._con is None:
            return
        try:
            if self.snapshots and self._dirty:
                self.publish_snapshot()
            elif self._dirty:
                self.checkpoint()  # closing checkpoints too, but could not recover from a failure
        finally:
            self._con.close()
            self._con = None

    def __enter__(self) -> StoreWriter:
        return self.open()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The read-write connection (only while open)."""
        if self._con is None:
            raise StoreError(f"{self.path} is not open for writing", fix="use StoreWriter as a context manager")
        return self._con

    # -- runs ------------------------------------------------------------------------------
    def start_run(self, settings: dict[str, Any] | None = None) -> str:
        """Record the start of a run; returns its id."""
        run_id = uuid.uuid4().hex
        self.con.execute(
            "INSERT INTO runs (run_id, started, version, settings, articles_seen, articles_stored, errors)"
            " VALUES (?, ?, ?, ?, 0, 0, 0)",
            [run_id, datetime.now(UTC), _version(), json.dumps(settings or {}, default=str, sort_keys=True)],
        )
        self.totals = BatchStats()
        return run_id

    def finish_run(
        self,
        run_id: str,
        *,
        articles_seen: int | None = None,
        articles_stored: int | None = None,
        errors: int = 0,
    ) -> None:
        """Record the end of a run (counts default to what this writer saw since ``start_run``)."""
        self.con.execute(
            "UPDATE runs SET finished = ?, articles_seen = ?, articles_stored = ?, errors = ? WHERE run_id = ?",
            [
                datetime.now(UTC),
                self.totals.seen if articles_seen is None else articles_seen,
                self.totals.stored if articles_stored is None else articles_stored,
                errors,
                run_id,
            ],
        )
        self._dirty = True

    # -- writing ---------------------------------------------------------------------------
    def write_batch(
        self, results: list[ArticleResult], run_id: str | None = None, *,
        signatures: Mapping[str, Signature] | None = None,
    ) -> BatchStats:
        """Write a batch in one transaction and bring the events it touches up to date.

        ``signatures``: MinHash signatures (by article id) to add to the near-duplicate index with the
        articles stored (``engines.screen`` signs the articles that are not duplicates)."""
        keys = [(r.article.id, r.article.url) for r in results]
        return self._write(_Batch(keys, lambda rows: build_tables([results[i] for i in rows], run_id), run_id,
                                  signatures or {}))

    def write_tables(
        self, tables: dict[str, pa.Table], run_id: str | None = None, *,
        signatures: Mapping[str, Signature] | None = None,
    ) -> BatchStats:
        """``write_batch`` for results already turned into tables by ``build_tables`` (e.g. Parquet shards
        coded elsewhere): the same plan, rows and events. Article ids must be unique within the tables."""
        arts = tables["articles"]
        ids = arts.column("id").to_pylist()
        if len(set(ids)) != len(ids):
            raise StoreError("write_tables: an article id occurs twice in one batch",
                             fix="drop repeated articles before writing")
        keys = list(zip(ids, arts.column("url").to_pylist(), strict=True))
        return self._write(_Batch(keys, lambda rows: _select(tables, rows, run_id), run_id, signatures or {}))

    # -- look-ups for the engines ----------------------------------------------------------
    def stored_ids(self, ids: list[str]) -> set[str]:
        """Which of these article ids the database holds (one scan, not a set of every id)."""
        if not ids:
            return set()
        return {row[0] for row in self.con.execute(
            "SELECT id FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids]).fetchall()}

    def write_stored_ids(self, path: str | Path) -> None:
        """Write every stored article id, sorted, to a Parquet file (streamed by DuckDB, not held here), so
        that other processes can look ids up without this connection (``engines.shards.stored_among``)."""
        self.con.execute(f"COPY (SELECT id FROM articles ORDER BY id) TO '{_sql_text(path)}' "
                         "(FORMAT parquet, ROW_GROUP_SIZE 65536)")

    def near_duplicates(self, signatures: list[Signature], *, hasher: MinHasher) -> list[str | None]:
        """For each signature, the earliest stored article it near-duplicates (``hasher.close``), or None.

        The candidates come from one join of the signatures' band hashes with ``minhash_bands``; only
        their signatures are read, so memory does not grow with the database."""
        if not signatures:
            return []
        which, bands, keys = band_rows(signatures, list(range(len(signatures))))
        pairs = self.con.execute(
            "SELECT DISTINCT q.i, b.seq FROM minhash_bands AS b JOIN (SELECT unnest(?::INTEGER[]) AS i,"
            " unnest(?::SMALLINT[]) AS band, unnest(?::BIGINT[]) AS key) AS q ON b.band = q.band AND b.key = q.key",
            [which, bands, keys]).fetchall()
        out: list[str | None] = [None] * len(signatures)
        if not pairs:
            return out
        stored = {seq: hasher.restore(aid, blob) for seq, aid, blob in self.con.execute(
            "SELECT seq, article_id, signature FROM minhashes WHERE seq IN (SELECT unnest(?::BIGINT[]))",
            [sorted({seq for _, seq in pairs})]).fetchall()}
        for i, seq in sorted(pairs):  # by signature, then in the order stored: the first close one is the earliest
            other = stored.get(seq)
            if out[i] is None and other is not None and hasher.close(signatures[i], other):
                out[i] = other.article_id
        return out

    def prepare_index(self, hasher: MinHasher) -> int:
        """Make the near-duplicate index match ``hasher``'s settings: record them for an empty index, or
        rebuild an index built with other settings (one transaction: ``store.near_index``). Returns how
        many signatures were indexed again (0 when nothing had to change)."""
        found = near_index.recorded(self.con)
        if near_index.matches(found, hasher):
            return 0
        con = self.con
        if found is not None and self.memory_limit is not None:
            con.execute("RESET memory_limit")  # a rebuild reads every stored signature or body: DuckDB's own limit
        try:
            with _atomic(con):
                indexed = 0
                if found is None:
                    near_index.record(con, hasher)
                else:
                    indexed = near_index.rebuild(con, hasher, found=found)
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: rebuilding the near-duplicate index failed ({str(exc).splitlines()[0]})",
                             fix="nothing was changed; free memory or disk and run again, or run with the index's "
                                 "settings (near_duplicate_threshold, minhash_permutations)") from exc
        finally:
            self._limit_memory()
        self._dirty = True
        self.sweep()
        return indexed

    def _write(self, batch: _Batch) -> BatchStats:
        stats = BatchStats(seen=len(batch.keys))
        if not batch.keys:
            return stats
        try:
            try:
                self._transaction(batch, stats)
            except duckdb.FatalException as exc:
                durable = "durable" in str(exc).lower()  # the commit went through, its checkpoint did not
                self._recover()
                if not durable:
                    stats = BatchStats(seen=len(batch.keys))
                    self._transaction(batch, stats)
            except (duckdb.OutOfMemoryException, duckdb.TransactionException) as exc:
                if self.memory_limit is None or not _is_memory_error(exc):
                    raise
                # a batch larger than the writer's memory (very long articles): once more, from a fresh
                # connection, under DuckDB's own limit; setting the small one back evicts what it cached
                self._recover()
                stats = BatchStats(seen=len(batch.keys))
                self.con.execute("RESET memory_limit")
                try:
                    self._transaction(batch, stats)
                finally:
                    self._limit_memory()
        except duckdb.Error as exc:
            fix = "nothing of this batch was stored; run the same command again"
            if _is_memory_error(exc):
                fix = ("nothing of this batch was stored; give the writer more memory (DYADWATCH_DB_MEMORY, now "
                       f"{self.memory_limit}, e.g. 512MB) and run the same command again")
            raise StoreError(f"{self.path}: writing a batch failed ({str(exc).splitlines()[0]})", fix=fix) from exc
        for field_name in ("seen", "stored", "skipped", "replaced", "events_touched"):
            setattr(self.totals, field_name, getattr(self.totals, field_name) + getattr(stats, field_name))
        self._dirty = True
        if self.snapshots and time.monotonic() - self._last_snapshot >= self._snapshot_wait():
            self.publish_snapshot()
        self.sweep()
        if self.trim:
            release_free_memory()
        return stats

    def _transaction(self, batch: _Batch, stats: BatchStats) -> None:
        """One batch in one transaction (rolled back on any error)."""
        con = self.con
        keys, run_id, signatures = batch.keys, batch.run_id, batch.signatures
        urls = sorted({k[1] for k in keys if k[1]})
        with _atomic(con):
            known = self.stored_ids([k[0] for k in keys])
            owners = dict(con.execute(
                "SELECT url, id FROM articles WHERE url IN (SELECT unnest(?::VARCHAR[]))", [urls]).fetchall())
            todo, deleted, stats.skipped = _plan(keys, known, owners)
            stats.replaced = len(deleted)
            stats.stored = len(todo)
            touched: set[str] = set()  # events whose rows change
            emptied: set[str] = set()  # events that lose mentions: rolled up again from all of theirs
            added: list[tuple[CountedMention, str | None]] = []  # counted mentions inserted, with sentences
            if deleted:
                gone = sorted(deleted)
                emptied.update(row[0] for row in con.execute(
                    "SELECT DISTINCT event_id FROM mentions WHERE event_id IS NOT NULL"
                    " AND article_id IN (SELECT unnest(?::VARCHAR[]))", [gone]).fetchall())
                touched.update(emptied)
                con.execute("DELETE FROM minhash_bands WHERE seq IN (SELECT seq FROM minhashes"
                            " WHERE article_id IN (SELECT unnest(?::VARCHAR[])))", [gone])
                for table in ("actors", "mentions", "quantities", "minhashes"):
                    con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [gone])
                con.execute("DELETE FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [gone])
            if todo:
                tables = batch.make_tables(todo)
                signed = [signatures[k] for k in (keys[i][0] for i in todo) if k in signatures]
                if signed:
                    row = con.execute("SELECT coalesce(max(seq) + 1, 0) FROM minhashes").fetchone()
                    insert_signatures(con, signed, first_seq=int(row[0]) if row else 0)
                touched.update(e for e in tables["mentions"].column("event_id").to_pylist() if e)
                added = batch_mentions(tables)
                for name, table in tables.items():
                    insert_rows(con, name, table)
            refresh_events(con, touched=touched, emptied=emptied, added=added)
            stats.events_touched = len(touched)
            if run_id is not None:
                con.execute(
                    "UPDATE runs SET articles_seen = articles_seen + ?, articles_stored = articles_stored + ?"
                    " WHERE run_id = ?", [stats.seen, stats.stored, run_id])

    def _snapshot_wait(self) -> float:
        """Seconds between snapshots: ``snapshot_interval_s``, or longer when the last copy was slow."""
        if self.snapshot_interval_s <= 0:
            return 0.0
        share = self.snapshot_share if self.snapshot_share > 0 else 1.0
        return max(self.snapshot_interval_s, self._snapshot_cost / share)

    # -- checkpoints and snapshots ---------------------------------------------------------
    def checkpoint(self) -> None:
        """Write the committed batches from DuckDB's write-ahead log into the file."""
        try:
            self.con.execute("CHECKPOINT")
        except duckdb.FatalException:
            self._recover()

    def _recover(self) -> None:
        """Reopen after a fatal DuckDB error and checkpoint with DuckDB's own memory limit.

        A checkpoint rewrites a table's last row group, long strings included; when that needs more
        than ``memory_limit`` (batches of very long articles), DuckDB invalidates the connection.
        What was committed is durable in the write-ahead log, so the writer reopens the file (DuckDB
        replays the log), checkpoints under its own limit (80% of RAM) and goes back to the small one.
        """
        old, self._con = self._con, None
        if old is not None:
            with contextlib.suppress(duckdb.Error):
                old.close()
        con = self._connect()
        try:
            con.execute("CHECKPOINT")
        except duckdb.Error as exc:
            con.close()
            raise StoreError(f"{self.path}: DuckDB failed and could not recover ({str(exc).splitlines()[0]})",
                             fix="the batches committed so far are kept; run the same command again with "
                                 "more memory for the writer (DYADWATCH_DB_MEMORY, e.g. 512MB)") from exc
        self._con = con
        self._limit_memory()

    def _connect(self) -> duckdb.DuckDBPyConnection:
        """The read-write connection, with ``threads`` set (``memory_limit`` is set by ``_limit_memory``
        once the file is open: opening replays the write-ahead log under DuckDB's own limit)."""
        con = connect(self.path, read_only=False, wait_s=self.wait_s)
        if self.threads is not None:
            con.execute(f"SET threads = {int(self.threads)}")
        if self.wal_limit is not None:
            try:
                _set_size(con, "checkpoint_threshold", self.wal_limit, setting="db_wal_limit")
            except UsageError:
                con.close()
                raise
        return con

    def _limit_memory(self) -> None:
        """Set ``memory_limit`` (evicting what DuckDB cached beyond it; when it cannot yet, DuckDB's
        own limit stays until the next call)."""
        if self.memory_limit is None:
            return
        with contextlib.suppress(duckdb.OutOfMemoryException):
            _set_size(self.con, "memory_limit", self.memory_limit, setting="db_memory")

    def sweep(self) -> None:
        """Empty DuckDB's buffer cache, and with it the records of blocks already freed (a no-op
        without ``memory_limit``, whose point is a large cache).

        Each query's temporary blocks (hash joins, aggregates) leave an entry in DuckDB's eviction
        queue, and the entry keeps the block's handle allocated after the block is gone. DuckDB drops
        such entries only when the queue reaches tens of thousands of them, or while it evicts, so a
        writer that never runs short of memory kept about 46 KB more after each batch: 11 MB over
        16,000 articles, given back all at once when a purge came. Asking DuckDB for a memory limit of
        0 makes it walk the whole queue, unloading what it can; it then refuses the limit (a few
        bytes stay in use) or takes it, and ``memory_limit`` is set back either way. The batch is
        committed before: an error here only means that nothing was swept.
        """
        if self.memory_limit is None:
            return
        try:
            with contextlib.suppress(duckdb.Error):
                self.con.execute("SET memory_limit = '0B'")
        finally:
            self._limit_memory()

    def publish_snapshot(self) -> Path:
        """Checkpoint, then atomically replace ``<db>.snapshot`` with a copy of the committed file.

        After ``CHECKPOINT`` the file holds every committed row and nothing is written until the next
        batch, so a byte copy is a consistent database. The copy is made by a child process: on POSIX
        systems closing any descriptor of the file in this process would drop the lock DuckDB holds
        on it. A byte copy costs little memory and time (the kernel copies the pages); DuckDB's own
        ``COPY FROM DATABASE`` re-encodes every table and needed memory growing with the database.
        """
        started = time.monotonic()
        self.checkpoint()
        snap = snapshot_path(self.path)
        tmp = snap.with_name(f"{snap.name}.tmp-{os.getpid()}")
        tmp.unlink(missing_ok=True)
        try:
            done = subprocess.run(_copy_command(self.path, tmp), capture_output=True, text=True, check=False)
            if done.returncode != 0:  # e.g. a platform that refuses to share the open file: DuckDB copies
                tmp.unlink(missing_ok=True)
                self._copy_with_duckdb(tmp)
            os.replace(tmp, snap)
        except (OSError, duckdb.Error) as exc:
            tmp.unlink(missing_ok=True)
            raise StoreError(f"cannot write the snapshot {snap} ({exc})", fix="check free disk space") from exc
        self._last_snapshot = time.monotonic()
        self._snapshot_cost = self._last_snapshot - started
        self._dirty = False
        return snap

    def _copy_with_duckdb(self, target: Path) -> None:
        """The committed data copied into a new database file by DuckDB (slower, more memory)."""
        con = self.con
        con.execute(f"ATTACH '{_sql_text(target)}' AS dw_snapshot")
        try:
            row = con.execute("SELECT current_database()").fetchone()
            con.execute(f'COPY FROM DATABASE "{row[0] if row else "main"}" TO dw_snapshot')
        finally:
            con.execute("DETACH dw_snapshot")


# run in a child process by publish_snapshot (see there why not in the writer's own process)
_COPY_FILE = "import shutil, sys; shutil.copyfile(sys.argv[1], sys.argv[2])"


@functools.cache
def _cp() -> str | None:
    """Where ``cp`` is (looked up once a process; None off POSIX or without one)."""
    return shutil.which("cp") if os.name == "posix" else None


def _copy_command(source: Path, target: Path) -> list[str]:
    """The child process that copies the file: ``cp`` where there is one (about 2 MB of memory, against
    9 MB for a Python interpreter, and the copy runs alongside the coding processes), else Python."""
    cp = _cp()
    if cp is not None:
        return [cp, "--", str(source), str(target)]
    return [sys.executable, "-I", "-S", "-c", _COPY_FILE, str(source), str(target)]


def _is_memory_error(exc: BaseException) -> bool:
    text = str(exc).lower()
    return isinstance(exc, duckdb.OutOfMemoryException) or "out of memory" in text or "failed to pin" in text


@contextlib.contextmanager
def _atomic(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """One transaction: committed when the block ends, rolled back on any error (``_rollback``)."""
    con.begin()
    try:
        yield
        con.commit()
    except BaseException:
        _rollback(con)
        raise


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Roll back the open transaction, if any: a failed COMMIT leaves none, and after a fatal error the
    connection refuses everything (the error that caused it is the one to report)."""
    with contextlib.suppress(duckdb.Error):
        con.rollback()


def _set_size(con: duckdb.DuckDBPyConnection, name: str, size: str, *, setting: str) -> None:
    """``SET name = size`` (a DuckDB size such as 24MB); one DuckDB cannot read is a usage error that
    names dyadwatch's ``setting``."""
    try:
        con.execute(f"SET {name} = '{_sql_text(size)}'")
    except (duckdb.ParserException, duckdb.InvalidInputException) as exc:
        raise UsageError(f"{setting} = {size!r} is not a size ({str(exc).splitlines()[0]})",
                         fix=f"give a size such as 24MB or 512MB (DYADWATCH_{setting.upper()})") from exc


def _sql_text(path: str | Path) -> str:
    return str(path).replace("'", "''")
