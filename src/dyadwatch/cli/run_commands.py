"""`dyadwatch ingest` and `dyadwatch demo`: run the pipeline into a database, with progress."""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import DyadwatchError, InputError, UsageError
from ..settings import Settings
from .edge import fail, reading_settings_from, report_input

if TYPE_CHECKING:
    from ..engines.local import IngestReport


def register(app: typer.Typer) -> None:

    @app.command()
    def ingest(
        paths: Annotated[list[str], typer.Argument(help="Files, folders, globs, or - for stdin.")],
        db: Annotated[str | None, typer.Option("--db", help="Database file (default ./dyadwatch.duckdb).")] = None,
        workers: Annotated[int | None, typer.Option("--workers", help="Processes for the NLP pipeline.")] = None,
        engine: Annotated[str, typer.Option("--engine", help="local or dask.")] = "local",
        scheduler: Annotated[str | None, typer.Option("--scheduler", help="Dask scheduler address (dask engine).")] = None,
        actors: Annotated[list[Path] | None, typer.Option("--actors", help="Extra actor dictionary; repeatable.")] = None,
        boilerplate: Annotated[list[Path] | None, typer.Option(
            "--boilerplate", help="Extra boilerplate patterns (one regular expression a line); repeatable.")] = None,
        min_confidence: Annotated[float | None, typer.Option("--min-confidence")] = None,
    ) -> None:
        """Code articles and store them (idempotent, incremental, resumable after a crash)."""
        settings = reading_settings_from(workers=workers, min_confidence=min_confidence,
                                         actors_files=tuple(str(a) for a in actors) if actors else None,
                                         boilerplate_files=tuple(str(b) for b in boilerplate) if boilerplate else None)
        target = db or settings.db
        if engine not in ("local", "dask"):
            raise fail(UsageError(f"unknown --engine {engine!r}", fix="use local or dask"), 2)
        try:
            if engine == "dask":
                try:
                    from ..engines.dask import ingest_dask
                except ImportError as exc:
                    raise fail(UsageError(f"the dask engine cannot be loaded ({exc})",
                                          fix="pip install 'dyadwatch[dask]', or use --engine local"), 2) from exc

                rep = ingest_dask(paths, db=target, settings=settings, scheduler=scheduler, on_error=report_input)
            else:
                rep = _run_local(paths, target, settings, report_input)
        except DyadwatchError as exc:
            raise fail(exc) from exc
        if rep.reindexed:
            typer.echo(f"{target}: the near-duplicate index was rebuilt for this run's settings "
                       f"({rep.reindexed} stored article(s))", err=True)
        typer.echo(f"{target}: {rep.stored} article(s) stored, {rep.skipped_stored} already there, "
                   f"{len(rep.errors)} input problem(s)", err=True)
        raise typer.Exit(1 if rep.errors else 0)

    @app.command()
    def demo(
        db: Annotated[str | None, typer.Option("--db", help="Where to build the demo database (default: a new temp folder).")] = None,
    ) -> None:
        """Ingest the bundled sample articles into a fresh database and print a summary."""
        from ..store import queries
        from ..store.reader import open_reader

        settings = reading_settings_from()
        target = Path(db) if db else Path(tempfile.mkdtemp(prefix="dyadwatch-demo-")) / "demo.duckdb"
        corpus = resources.files("dyadwatch") / "data" / "demo"
        try:
            rep = _run_local([str(corpus)], str(target), settings, lambda _e: None)
            with open_reader(target) as con:
                s = queries.summary(con)
        except DyadwatchError as exc:
            raise fail(exc) from exc
        out = [f"Demo database: {target}",
               f"{s.articles} articles ({s.coded_articles} coded), {s.mentions} event reports, {s.events} events "
               f"from {s.first_date} to {s.last_date}",
               f"Events by QuadClass: verbal cooperation {s.quad1}, material cooperation {s.quad2}, "
               f"verbal conflict {s.quad3}, material conflict {s.quad4}",
               "Top dyads:"]
        for d in s.top_dyads[:8]:
            mean = "n/a" if d.goldstein_mean is None else f"{d.goldstein_mean:+.1f}"
            out.append(f"  {d.a}–{d.b}: {d.events} events ({d.cooperative} cooperative, {d.conflictual} hostile), mean Goldstein {mean}")
        if s.most_changed is not None:
            c = s.most_changed
            out.append(f"Most changed relation: {c.a}–{c.b}, mean Goldstein {c.before_mean:+.1f} → {c.after_mean:+.1f} (around {c.split})")
        out += ["Next:",
                f"  dyadwatch events --db {target} --actor RUS --target UKR",
                f"  dyadwatch timeline RUS UKR --db {target} --by month",
                f"  dyadwatch serve --db {target}",
                f"  ({rep.stored} stored, {len(rep.errors)} input problems)"]
        typer.echo("\n".join(out))


def _run_local(paths: list[str], target: str, settings: Settings, on_error: Callable[[InputError], None]) -> IngestReport:
    from ..engines.local import ingest as run

    start = time.monotonic()
    if sys.stderr.isatty():
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        from ..readers.sources import expand_paths

        # one article a file is the usual case; WARC files and feeds hold more, and then the bar stops guessing
        expected = sum(1 for p in expand_paths(paths) if isinstance(p, str))
        with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[rate]}"),
                      TimeElapsedColumn(), TimeRemainingColumn(), transient=True) as progress:
            task = progress.add_task("ingesting", total=expected or None, rate="")

            def on_batch(rep: IngestReport) -> None:
                rate = rep.seen / max(time.monotonic() - start, 1e-6)
                total = expected if rep.seen <= expected else None
                progress.update(task, completed=rep.seen, total=total, rate=f"{rep.seen} articles, {rate:.1f}/s")

            return run(paths, db=target, settings=settings, on_error=on_error, on_batch=on_batch)

    def log_batch(rep: IngestReport) -> None:
        rate = rep.seen / max(time.monotonic() - start, 1e-6)
        print(f"ingest: {rep.seen} articles read, {rep.stored} stored, {rate:.1f} articles/s", file=sys.stderr)

    return run(paths, db=target, settings=settings, on_error=on_error, on_batch=log_batch)
