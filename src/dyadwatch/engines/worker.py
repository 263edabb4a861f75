"""What a worker process does: hold one Pipeline (loaded once per process) and code batches of articles.

Used by the local engine's process pool (``settings.workers > 1``) and by the Dask engine's tasks; both
import this module in the worker, so the pipeline is loaded once per process and kept between tasks.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import InputError
from ..model import Article, ArticleResult
from ..settings import Settings
from .shards import MANIFEST, STORED_IDS, error_to_dict, read_manifest, shard_dir, stored_among, write_shard

if TYPE_CHECKING:  # the pipeline (spaCy) is imported where batches are coded, not in the writing process
    from ..pipeline import Pipeline

T = TypeVar("T")

_PIPELINES: dict[Settings, Pipeline] = {}


def get_pipeline(settings: Settings) -> Pipeline:
    """This process's Pipeline for these settings (loaded on first use, then cached)."""
    pipe = _PIPELINES.get(settings)
    if pipe is None:
        _PIPELINES.clear()  # one pipeline per process: a new configuration replaces the old one
        from ..pipeline import Pipeline

        pipe = _PIPELINES[settings] = Pipeline(settings=settings)
    return pipe


def code_batch(articles: list[Article], settings: Settings) -> list[ArticleResult]:
    """Code one batch with this process's pipeline (results in input order)."""
    return list(get_pipeline(settings).process(articles))


def _warm(settings: Settings, parent: int) -> None:
    exit_with_parent(parent)
    get_pipeline(settings)


def exit_with_parent(parent: int, *, every_s: float = 1.0) -> None:
    """End this worker process as soon as ``parent`` is no longer its parent (it was killed).

    A pool's workers otherwise wait for work forever once the process that started them is killed,
    each holding a pipeline (about 300 MB). A daemon thread checks every ``every_s`` seconds."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every_s)
        os._exit(1)  # nothing of this process's is left to save: results only ever reach the writer

    threading.Thread(target=watch, name="dyadwatch-parent-watch", daemon=True).start()


def code_batches(
    batches: Iterable[tuple[T, list[Article]]],
    *,
    settings: Settings,
    pipeline: Pipeline | None = None,
) -> Iterator[tuple[T, list[ArticleResult]]]:
    """Code tagged batches in input order, in ``settings.workers`` processes.

    With one worker the batches are coded here (with ``pipeline`` when given). With more, a pool of
    spawned processes codes them, at most ``2 * workers`` batches in flight, so memory stays bounded
    however long the input is; the calling process only reads, cleans and writes.
    """
    if settings.workers <= 1:
        pipe = pipeline or get_pipeline(settings)
        for tag, batch in batches:
            yield tag, list(pipe.process(batch))
        return
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(settings.workers, mp_context=ctx, initializer=_warm,
                             initargs=(settings, os.getpid())) as pool:
        window: deque[tuple[T, Future[list[ArticleResult]]]] = deque()
        for tag, batch in batches:
            window.append((tag, pool.submit(code_batch, batch, settings)))
            if len(window) >= 2 * settings.workers:
                head, fut = window.popleft()
                yield head, fut.result()
        while window:
            head, fut = window.popleft()
            yield head, fut.result()


@dataclass(frozen=True, slots=True)
class Partition:
    """A unit of work for the Dask engine: some input files in input order, or one byte range of
    whole records of a big WARC file (``warc = (path, start, end)``)."""

    index: int
    paths: tuple[str, ...]
    warc: tuple[str, int, int] | None = None


def _read_partition(part: Partition, settings: Settings) -> Iterator[Article | InputError]:
    from ..readers import _finish_all, read_one
    from ..readers.sources import _gunzip
    from ..readers.warc import read_warc

    for path in part.paths:
        yield from read_one(path, settings=settings)
    if part.warc is not None:
        path, start, end = part.warc
        with open(path, "rb") as fh:
            fh.seek(start)
            data = fh.read(end - start)
        if data[:2] == b"\x1f\x8b":  # records of a .warc.gz are gzip members of their own
            data = _gunzip(data, max(settings.max_bytes, 8 * len(data)))
        yield from _finish_all(read_warc(data, source=path, boilerplate_files=settings.boilerplate_files), path, "warc", [])


def code_partition(part: Partition, run_dir: str, settings: Settings) -> dict[str, Any]:
    """Read, clean and code one partition into its Parquet shard; returns the shard's manifest.

    Articles whose id was stored before the run (listed in the run folder's ``STORED_IDS`` file) or
    repeats an earlier one are read but not coded. De-duplication is left to the single writer, which
    sees every article in input order (as the local engine does).
    """
    from ..store.writer import build_tables

    out = shard_dir(run_dir, part.index)
    if (out / MANIFEST).exists():  # a retry of a task whose shard was written
        return read_manifest(out)
    articles: list[Article] = []
    errors: list[dict[str, Any]] = []
    for item in _read_partition(part, settings):
        if isinstance(item, InputError):
            errors.append(error_to_dict(item, len(articles)))
        else:
            articles.append(item)
    seen = stored_among(Path(run_dir) / STORED_IDS, [a.id for a in articles])
    wanted = []
    for a in articles:  # a repeated id is stored once, by its first occurrence: code only that one
        wanted.append(a.id not in seen)
        seen.add(a.id)
    coded = iter(get_pipeline(settings).process([a for a, w in zip(articles, wanted, strict=True) if w]))
    results = [next(coded) if w else ArticleResult(article=a, coded=False) for a, w in zip(articles, wanted, strict=True)]
    manifest = {"index": part.index, "articles": len(articles), "errors": errors}
    write_shard(out, build_tables(results, None), manifest)
    return manifest
