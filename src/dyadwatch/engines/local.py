"""The local engine: stream inputs through the pipeline and into the database in committed batches.

Articles already stored (same id) are skipped before any NLP work, and near-duplicates of stored or
earlier articles are marked, by ``engines.screen``; so a run that was killed and is started again codes
only what was not committed, and ends with the same database. With
``settings.workers > 1`` the batches are coded by a pool of processes (``engines.worker``), in order,
with a bounded number in flight; this process reads, cleans, de-duplicates and writes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from ..model import Article
from ..readers import check_reading_settings, read_inputs
from ..settings import Settings
from ..store.writer import StoreWriter
from .screen import Screen
from .worker import code_batches

if TYPE_CHECKING:  # the pipeline (spaCy) is imported where batches are coded, not in the writing process
    from ..pipeline import Pipeline


@dataclass(slots=True)
class IngestReport:
    run_id: str = ""
    seen: int = 0
    skipped_stored: int = 0
    stored: int = 0
    reindexed: int = 0
    """Stored articles whose near-duplicate signatures were indexed again for new settings."""
    errors: list[InputError] = field(default_factory=list)


def _batches(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for a in items:
        batch.append(a)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def ingest(
    paths: list[str],
    *,
    db: str | Path,
    settings: Settings,
    pipeline: Pipeline | None = None,
    on_error: Callable[[InputError], None] | None = None,
    on_batch: Callable[[IngestReport], None] | None = None,
) -> IngestReport:
    """Read, code and store every input; returns counts. Input problems go to ``on_error``."""
    check_reading_settings(settings)  # a bad pattern file stops the run before the database is touched
    report = IngestReport()
    with StoreWriter.from_settings(db, settings) as writer:
        run_id = writer.start_run(settings.as_dict())
        report.run_id = run_id
        screen = Screen(writer, settings=settings)  # stored and pending ids, near-duplicates (not in memory)
        report.reindexed = screen.reindexed

        def screened(chunk: list[Article]) -> Iterator[Article]:
            for item, verdict in zip(chunk, screen.check([(a.id, a.body) for a in chunk]), strict=True):
                if verdict.skip:
                    report.skipped_stored += 1
                    continue
                item.duplicate_of = verdict.duplicate_of
                yield item

        def fresh() -> Iterator[Article]:
            chunk: list[Article] = []
            for item in read_inputs(paths, settings=settings, near_duplicates=False):
                if isinstance(item, InputError):
                    if not item.warning:
                        report.errors.append(item)
                    if on_error is not None:
                        on_error(item)
                    continue
                report.seen += 1
                chunk.append(item)
                if len(chunk) >= settings.batch_size:
                    yield from screened(chunk)
                    chunk = []
            yield from screened(chunk)

        batches = ((None, batch) for batch in _batches(fresh(), settings.batch_size))
        for _, results in code_batches(batches, settings=settings, pipeline=pipeline):
            ids = [r.article.id for r in results]
            stats = writer.write_batch(results, run_id, signatures=screen.signatures(ids))
            screen.committed(ids)
            report.stored += stats.stored
            if on_batch is not None:
                on_batch(report)
        writer.finish_run(run_id, articles_seen=report.seen, articles_stored=report.stored, errors=len(report.errors))
    return report
