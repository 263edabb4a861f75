"""The Dask engine: workers code partitions of the inputs into Parquet shards; one writer merges them.

    dyadwatch ingest PATH... --engine dask [--scheduler tcp://host:8786]

Each partition (a few input files, in input order) is read, cleaned and coded by a worker with the
pipeline it loaded once (``engines.worker``); its results go to a Parquet shard in a run folder next
to the database (``<db>.dask/<run_id>/``). This process, the single writer, takes the shards in input
order, screens them exactly as the local engine does (``engines.screen``, same order), and writes them
with ``StoreWriter.write_tables``: the database ends identical to a local run's. A worker that dies
loses only its in-flight tasks; Dask runs them again and a shard is written once (atomic rename), so
nothing is lost or stored twice. At most a few partitions per worker are in flight, so memory stays
bounded on both sides. Shards are removed after the merge unless ``keep_shards``.
"""

from __future__ import annotations

import contextlib
import logging
import math
import shutil
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from ..errors import InputError, UsageError
from ..readers import check_reading_settings
from ..readers.sources import expand_paths
from ..settings import Settings
from ..store.writer import StoreWriter
from .local import IngestReport
from .screen import Screen
from .shards import STORED_IDS, error_from_dict, read_shard, shard_dir
from .worker import Partition, code_partition

WARC_SPLIT_BYTES = 64 * 2**20
"""WARC files larger than this are cut into partitions of whole records (``batch_size`` HTML pages each)."""


def plan_partitions(
    paths: list[str], *, per_partition: int | None, workers: int, batch_size: int,
    warc_split_bytes: int = WARC_SPLIT_BYTES,
) -> tuple[list[Partition], list[InputError]]:
    """Input files in order, cut into partitions (about four per worker, at most ``batch_size`` files
    each); a big WARC file becomes several partitions of consecutive records."""
    files: list[str] = []
    errors: list[InputError] = []
    for item in expand_paths(paths):
        if isinstance(item, InputError):
            errors.append(item)
        elif item == "-":
            errors.append(InputError(None, "standard input cannot be shared with Dask workers",
                                     fix="save it to a file, or use --engine local"))
        else:
            files.append(item)
    size = per_partition or max(1, min(batch_size, math.ceil(len(files) / (4 * max(workers, 1)))))
    parts: list[Partition] = []
    group: list[str] = []

    def flush() -> None:
        if group:
            parts.append(Partition(len(parts), tuple(group)))
            group.clear()

    for f in files:
        ranges = _warc_ranges(f, batch_size) if _is_big_warc(f, warc_split_bytes) else None
        if ranges is None:
            group.append(f)
            if len(group) >= size:
                flush()
            continue
        flush()
        base = len(parts)
        parts.extend(Partition(base + k, (), (f, start, end)) for k, (start, end) in enumerate(ranges))
    flush()
    return parts, errors


def _is_big_warc(path: str, limit: int) -> bool:
    name = path.lower()
    try:
        return name.endswith((".warc", ".warc.gz")) and Path(path).stat().st_size > limit
    except OSError:
        return False


def _warc_ranges(path: str, per_range: int) -> list[tuple[int, int]] | None:
    """Byte ranges of whole records, each with ``per_range`` HTML responses (the last to the end of
    the file); None when the file cannot be scanned (it is then read whole, and its problem reported)."""
    from warcio.archiveiterator import ArchiveIterator

    starts: list[int] = []
    html = 0
    try:
        with open(path, "rb") as fh:
            records = ArchiveIterator(fh)
            for record in records:
                ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else "") or ""
                if record.rec_type == "response" and "html" in ctype.lower():
                    if html % per_range == 0:
                        starts.append(records.get_record_offset())
                    html += 1
    except Exception:  # a damaged archive is the reader's to report, read whole
        return None
    if not starts:
        return None
    starts[0] = 0  # the first range keeps the leading warcinfo/request records
    size = Path(path).stat().st_size
    return list(zip(starts, [*starts[1:], size], strict=True))


def _client(scheduler: str | None, workers: int) -> Any:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:
        raise UsageError("the dask engine needs dask[distributed]",
                         fix="pip install 'dyadwatch[dask]', or use --engine local") from exc
    if scheduler:
        return Client(scheduler)
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                           silence_logs=logging.ERROR)
    return Client(cluster)


def ingest_dask(
    paths: list[str],
    *,
    db: str | Path,
    settings: Settings,
    scheduler: str | None = None,
    on_error: Callable[[InputError], None] | None = None,
    on_batch: Callable[[IngestReport], None] | None = None,
    partition_files: int | None = None,
    warc_split_bytes: int = WARC_SPLIT_BYTES,
    keep_shards: bool = False,
) -> IngestReport:
    """Code and store every input on a Dask cluster (a LocalCluster of ``max(2, workers)`` processes
    when no scheduler address is given); same database as the local engine."""
    check_reading_settings(settings)  # here too: the workers read the same files
    report = IngestReport()
    workers = max(2, settings.workers)

    def problem(err: InputError) -> None:
        if not err.warning:
            report.errors.append(err)
        if on_error is not None:
            on_error(err)

    parts, errors = plan_partitions(paths, per_partition=partition_files, workers=workers,
                                    batch_size=settings.batch_size, warc_split_bytes=warc_split_bytes)
    for err in errors:
        problem(err)
    with StoreWriter.from_settings(db, settings) as writer:
        run_id = writer.start_run(settings.as_dict())
        report.run_id = run_id
        run_dir = Path(f"{writer.path}.dask") / run_id
        run_dir.mkdir(parents=True, exist_ok=True)
        # the ids stored before this run, in a file next to the shards, so that workers do not code them
        # again; each worker reads only the ids of its own partition from it (nothing here grows with the
        # database)
        writer.write_stored_ids(run_dir / STORED_IDS)
        client = _client(scheduler, workers)
        try:
            merger = _Merger(writer, run_id, settings, report, problem)
            for part, manifest in _run(client, parts, run_dir, settings):
                merger.merge(shard_dir(run_dir, part.index), manifest)
                if on_batch is not None:
                    on_batch(report)
        finally:
            cluster = getattr(client, "cluster", None)
            client.close()
            if cluster is not None and not scheduler:
                cluster.close()
            if not keep_shards:
                shutil.rmtree(run_dir, ignore_errors=True)
                with contextlib.suppress(OSError):
                    run_dir.parent.rmdir()  # only when no other run's shards are kept there
        writer.finish_run(run_id, articles_seen=report.seen, articles_stored=report.stored, errors=len(report.errors))
    return report


def _run(client: Any, parts: list[Partition], run_dir: Path, settings: Settings) -> Iterator[tuple[Partition, dict[str, Any]]]:
    """Partitions and their manifests in input order, a bounded number in flight. Tasks get only small
    arguments (no scattered data, which is lost with the worker holding it)."""
    limit = 2 * max(1, len(client.scheduler_info().get("workers", {})) or 2) + 1
    window: deque[tuple[Partition, Any]] = deque()
    todo = iter(parts)
    for part in todo:
        window.append((part, client.submit(code_partition, part, str(run_dir), settings,
                                           key=f"dyadwatch-{run_dir.name}-{part.index}", retries=2)))
        if len(window) >= limit:
            break
    while window:
        part, fut = window.popleft()
        yield part, fut.result()
        fut.release()
        nxt = next(todo, None)
        if nxt is not None:
            window.append((nxt, client.submit(code_partition, nxt, str(run_dir), settings,
                                              key=f"dyadwatch-{run_dir.name}-{nxt.index}", retries=2)))


class _Merger:
    """The single writer's side: shards in input order → screened (``engines.screen``) → ``write_tables``."""

    def __init__(self, writer: StoreWriter, run_id: str, settings: Settings,
                 report: IngestReport, problem: Callable[[InputError], None]) -> None:
        self.writer, self.run_id, self.report, self.problem = writer, run_id, report, problem
        self.screen = Screen(writer, settings=settings)
        report.reindexed = self.screen.reindexed

    def merge(self, out: Path, manifest: dict[str, Any]) -> None:
        tables = read_shard(out)
        arts = tables["articles"]
        ids = arts.column("id").to_pylist()
        verdicts = self.screen.check(list(zip(ids, (b or "" for b in arts.column("body").to_pylist()), strict=True)))
        errors = sorted(manifest["errors"], key=lambda e: e["at"])
        keep: list[int] = []
        dup_of: list[str | None] = []
        for i, verdict in enumerate(verdicts):
            while errors and errors[0]["at"] <= i:
                self.problem(error_from_dict(errors.pop(0)))
            self.report.seen += 1
            if verdict.skip:
                self.report.skipped_stored += 1
                continue
            keep.append(i)
            dup_of.append(verdict.duplicate_of)
        for e in errors:
            self.problem(error_from_dict(e))
        kept = [ids[i] for i in keep]
        if keep:
            stats = self.writer.write_tables(_mark_duplicates(tables, keep, dup_of), self.run_id,
                                             signatures=self.screen.signatures(kept))
            self.report.stored += stats.stored
        self.screen.committed(kept)


def _mark_duplicates(tables: dict[str, pa.Table], keep: list[int], dup_of: list[str | None]) -> dict[str, pa.Table]:
    """The kept articles; duplicates get ``duplicate_of``, ``coded = false`` and no coded rows (as in a local run)."""
    arts = tables["articles"].take(pa.array(keep, pa.int64()))
    is_dup = pa.array([d is not None for d in dup_of], pa.bool_())
    if not any(d is not None for d in dup_of):
        return {**tables, "articles": arts}
    names = arts.schema.names
    arts = arts.set_column(names.index("duplicate_of"), "duplicate_of", pa.array(dup_of, pa.string()))
    arts = arts.set_column(names.index("coded"), "coded", pc.if_else(is_dup, False, arts.column("coded")))
    dups = pa.array([aid for aid, d in zip(arts.column("id").to_pylist(), dup_of, strict=True) if d is not None],
                    pa.string())
    out = {"articles": arts}
    for name in ("actors", "mentions", "quantities"):
        t = tables[name]
        out[name] = t.filter(pc.invert(pc.is_in(t.column("article_id"), value_set=dups))) if t.num_rows else t
    return out
