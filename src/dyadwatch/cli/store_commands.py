"""Commands over the event database: queries, SQL, plots and exports (``register(app)`` adds them)."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict, fields, is_dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from ..errors import DyadwatchError, UsageError
from .edge import fail

OUTPUT_FORMATS = ("table", "json", "csv")
T = TypeVar("T")

DbOpt = Annotated[str | None, typer.Option("--db", help="Database file (default: the `db` setting, ./dyadwatch.duckdb).")]
FmtOpt = Annotated[str, typer.Option("--format", "-f", help="Output: table, json or csv.")]
SinceOpt = Annotated[str | None, typer.Option("--since", help="First event date (YYYY-MM-DD).")]
UntilOpt = Annotated[str | None, typer.Option("--until", help="Last event date (YYYY-MM-DD).")]


exit_with_error = fail


def _db(db: str | None) -> str:
    if db:
        return db
    from ..settings import load_settings

    return load_settings().db


def _guard(fn: Callable[[], T]) -> T:
    try:
        return fn()
    except DyadwatchError as exc:
        raise exit_with_error(exc) from None


def _check_format(fmt: str) -> None:
    if fmt not in OUTPUT_FORMATS:
        raise exit_with_error(UsageError(f"unknown --format {fmt!r}", fix="use table, json or csv"), 2)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if is_dataclass(value) and not isinstance(value, type):
        return {k: _plain(v) for k, v in asdict(value).items()}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _text(value: Any, width: int | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        text = f"{value:.2f}"
    elif isinstance(value, list):
        text = "; ".join(_text(v) for v in value)
    elif isinstance(value, datetime | date):
        text = value.isoformat()
    else:
        text = str(value)
    if width and len(text) > width:
        text = text[: width - 1] + "…"
    return text


def emit(rows: Sequence[Any], fmt: str, *, columns: Sequence[str] | None = None, title: str | None = None) -> None:
    """Print dataclass rows as a Rich table, JSON or CSV (table shows ``columns`` when given)."""
    if fmt == "json":
        typer.echo(json.dumps([_plain(r) for r in rows], ensure_ascii=False, indent=2))
        return
    names = [f.name for f in fields(rows[0])] if rows else list(columns or [])
    if fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(names)
        for r in rows:
            writer.writerow([_text(getattr(r, n)) for n in names])
        return
    emit_table(list(columns or names), [[getattr(r, n) for n in (columns or names)] for r in rows], title=title)


def emit_table(columns: Sequence[str], rows: Sequence[Sequence[Any]], *, title: str | None = None) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for c in columns:
        table.add_column(str(c), overflow="fold")
    for r in rows:
        table.add_row(*(_text(v, 120) for v in r))
    Console().print(table)
    if not rows:
        typer.echo("(no rows)", err=True)


def _queries() -> Any:
    """The query module, imported when a command runs (it pulls in DuckDB and Arrow)."""
    from ..store import queries

    return queries


def _query(db: str | None, fn: Callable[[Any], T]) -> T:
    from ..store import open_reader

    def run() -> T:
        with open_reader(_db(db)) as con:
            return fn(con)

    return _guard(run)


EVENT_TABLE = ("event_id", "date", "source_country", "target_country", "cameo", "quad_class", "goldstein",
               "num_articles", "num_sources", "evidence_sentence")


def register(app: typer.Typer) -> None:
    """Add the store's commands (events, dyads, timeline, network, facts, article, sql, plot, export)."""

    @app.command()
    def events(
        actor: Annotated[str | None, typer.Option("--actor", help="Source country or actor code, e.g. RUS.")] = None,
        target: Annotated[str | None, typer.Option("--target", help="Target country or actor code.")] = None,
        root: Annotated[str | None, typer.Option("--root", help="CAMEO root, 01-20.")] = None,
        quad: Annotated[int | None, typer.Option("--quad", help="QuadClass 1-4.")] = None,
        since: SinceOpt = None,
        until: UntilOpt = None,
        min_confidence: Annotated[float | None, typer.Option("--min-confidence")] = None,
        limit: Annotated[int, typer.Option("--limit")] = 100,
        offset: Annotated[int, typer.Option("--offset")] = 0,
        db: DbOpt = None,
        fmt: FmtOpt = "table",
    ) -> None:
        """Events (merged reports), newest first."""
        _check_format(fmt)
        rows = _query(db, lambda con: _queries().events(
            con, actor=actor, target=target, root=root, quad=quad, since=since, until=until,
            min_confidence=min_confidence, limit=limit, offset=offset))
        emit(rows, fmt, columns=EVENT_TABLE, title="events")

    @app.command()
    def dyads(
        top: Annotated[int, typer.Option("--top", help="How many pairs.")] = 20,
        since: SinceOpt = None,
        until: UntilOpt = None,
        db: DbOpt = None,
        fmt: FmtOpt = "table",
    ) -> None:
        """Country pairs by event volume, with cooperation/conflict balance and mean Goldstein."""
        _check_format(fmt)
        emit(_query(db, lambda con: _queries().dyads(con, top=top, since=since, until=until)), fmt, title="dyads")

    @app.command()
    def timeline(
        a: Annotated[str, typer.Argument(help="First actor, e.g. RUS.")],
        b: Annotated[str, typer.Argument(help="Second actor, e.g. PRK.")],
        by: Annotated[str, typer.Option("--by", help="day, week, month or year.")] = "month",
        since: SinceOpt = None,
        until: UntilOpt = None,
        db: DbOpt = None,
        fmt: FmtOpt = "table",
    ) -> None:
        """Events between two actors per period: counts per QuadClass and Goldstein sum, both directions."""
        _check_format(fmt)
        rows = _query(db, lambda con: _queries().timeline(con, a, b, by=by, since=since, until=until))
        emit(rows, fmt, title=f"{a.upper()} / {b.upper()} by {by} (A>B: {a.upper()} acts on {b.upper()})")

    @app.command()
    def network(
        since: SinceOpt = None,
        until: UntilOpt = None,
        quad: Annotated[int | None, typer.Option("--quad", help="Only this QuadClass.")] = None,
        db: DbOpt = None,
        fmt: FmtOpt = "table",
    ) -> None:
        """Weighted, directed edges between countries, cooperative and hostile."""
        _check_format(fmt)
        emit(_query(db, lambda con: _queries().network(con, since=since, until=until, quad=quad)), fmt,
             title="network")

    @app.command()
    def facts(
        actor: Annotated[str | None, typer.Option("--actor", help="Only figures about this actor.")] = None,
        limit: Annotated[int, typer.Option("--limit")] = 100,
        offset: Annotated[int, typer.Option("--offset")] = 0,
        db: DbOpt = None,
        fmt: FmtOpt = "table",
    ) -> None:
        """Figures (amounts, counts, shares) with their periods and sources."""
        _check_format(fmt)
        rows = _query(db, lambda con: _queries().facts(con, actor=actor, limit=limit, offset=offset))
        emit(rows, fmt, columns=("text", "value", "unit", "kind", "period_start", "period_end", "subject",
                                 "actors", "publisher", "published"), title="facts")

    @app.command("article")
    def article_cmd(
        article_id: Annotated[str, typer.Argument(help="Article id (see `dyadwatch events`).")],
        db: DbOpt = None,
        fmt: FmtOpt = "table",
    ) -> None:
        """An article with its actors, events and figures."""
        _check_format(fmt)
        view = _query(db, lambda con: _queries().article(con, article_id))
        if view is None:
            raise exit_with_error(UsageError(f"no article with id {article_id!r}",
                                             fix="take an id from `dyadwatch events` or `dyadwatch sql`"), 1)
        if fmt != "table":
            emit([view], fmt)
            return
        typer.echo(f"{view.title or '(untitled)'}\n{view.publisher or ''}  {_text(view.published)}  "
                   f"{view.url or view.source_path or ''}\n")
        typer.echo(view.body + "\n")
        emit(view.actors, "table", columns=("text", "code", "name", "field", "start", "end", "via"), title="actors")
        emit(view.mentions, "table", columns=("source", "target", "cameo", "date", "modality", "negated",
                                              "counts", "event_id", "sentence"), title="events")
        emit(view.quantities, "table", columns=("text", "value", "unit", "kind", "period_start", "period_end",
                                                "subject"), title="figures")

    @app.command("sql")
    def sql_cmd(
        statement: Annotated[str, typer.Argument(help="One SELECT/WITH/SHOW/DESCRIBE/EXPLAIN statement.")],
        max_rows: Annotated[int, typer.Option("--max-rows")] = 10_000,
        db: DbOpt = None,
        fmt: FmtOpt = "table",
    ) -> None:
        """Run a read-only SQL statement against the database."""
        _check_format(fmt)
        columns, rows = _query(db, lambda con: _queries().run_sql(con, statement, max_rows=max_rows))
        if fmt == "json":
            typer.echo(json.dumps([dict(zip(columns, map(_plain, r), strict=True)) for r in rows],
                                  ensure_ascii=False, indent=2, default=str))
        elif fmt == "csv":
            writer = csv.writer(sys.stdout, lineterminator="\n")
            writer.writerow(columns)
            writer.writerows([[_text(v) for v in r] for r in rows])
        else:
            emit_table(columns, rows)

    plot = typer.Typer(help="Pictures: a dyad timeline or the event network (PNG, SVG or PDF).",
                       no_args_is_help=True)
    app.add_typer(plot, name="plot")

    @plot.command("timeline")
    def plot_timeline(
        a: Annotated[str, typer.Argument(help="First actor.")],
        b: Annotated[str, typer.Argument(help="Second actor.")],
        out: Annotated[Path, typer.Option("-o", "--out", help="Picture to write.")] = Path("timeline.png"),
        by: Annotated[str, typer.Option("--by", help="day, week, month or year.")] = "month",
        since: SinceOpt = None,
        until: UntilOpt = None,
        db: DbOpt = None,
    ) -> None:
        """Events between two actors per period, by QuadClass, both directions."""
        from ..store import plots

        path = _query(db, lambda con: plots.plot_timeline(con, a, b, out, by=by, since=since, until=until))
        typer.echo(f"wrote {path}")

    @plot.command("network")
    def plot_network(
        out: Annotated[Path, typer.Option("-o", "--out", help="Picture to write.")] = Path("network.png"),
        since: SinceOpt = None,
        until: UntilOpt = None,
        db: DbOpt = None,
    ) -> None:
        """Countries on a circle, edges by volume, green cooperative and red conflictual."""
        from ..store import plots

        path = _query(db, lambda con: plots.plot_network(con, out, since=since, until=until))
        typer.echo(f"wrote {path}")

    @app.command("export")
    def export_cmd(
        fmt: Annotated[str, typer.Option("--format", "-f", help="parquet, csv, jsonl or gdelt.")] = "parquet",
        out: Annotated[Path, typer.Option("-o", "--out", help="Folder to write into.")] = Path("export"),
        db: DbOpt = None,
    ) -> None:
        """Export the tables: Parquet partitioned by month, CSV, JSONL, or GDELT 2.0 Events/Mentions."""
        from ..store import exports

        paths = _query(db, lambda con: exports.export(con, out, fmt=fmt))
        for p in paths:
            typer.echo(f"wrote {p}")
