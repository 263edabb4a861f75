"""The command line: thin commands over the library; errors become one-line messages here."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import Annotated

import typer

from ..errors import DyadwatchError, InputError, UsageError
from ..model import ArticleResult
from .edge import DEBUG, fail, reading_settings_from, report_input, settings_from

app = typer.Typer(
    name="dyadwatch",
    help="Read news into a queryable record of who did what to whom, when, where, with what figures.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

def version() -> str:
    try:
        return metadata.version("dyadwatch")
    except metadata.PackageNotFoundError:
        return "0.0.0+unknown"


@app.callback(invoke_without_command=True)
def main(
    show_version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
) -> None:
    DEBUG["on"] = debug
    if show_version:
        typer.echo(f"dyadwatch {version()}")
        raise typer.Exit(0)


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, globs, or - for stdin.")],
    fmt: Annotated[str, typer.Option("--format", help="Output format: jsonl or json.")] = "jsonl",
    actors: Annotated[list[Path] | None, typer.Option("--actors", help="Extra actor dictionary (YAML/CSV/TSV); repeatable.")] = None,
    boilerplate: Annotated[list[Path] | None, typer.Option(
        "--boilerplate", help="Extra boilerplate patterns (one regular expression a line); repeatable.")] = None,
    min_confidence: Annotated[float | None, typer.Option("--min-confidence", help="Drop events below this confidence.")] = None,
    max_bytes: Annotated[int | None, typer.Option("--max-bytes", help="Skip inputs larger than this.")] = None,
    no_code: Annotated[bool, typer.Option("--no-code", help="Only read and clean; no actors, events or figures.")] = False,
    workers: Annotated[int | None, typer.Option("--workers", help="Processes that code articles (default: the workers setting).")] = None,
) -> None:
    """Read, clean and code articles; write one JSON object per article to stdout (stores nothing)."""
    if fmt not in ("jsonl", "json"):
        raise fail(UsageError(f"unknown --format {fmt!r}", fix="use jsonl or json"), 2)
    from ..pipeline import extract as run_extract
    from ..readers import read_inputs

    settings = reading_settings_from(min_confidence=min_confidence, max_bytes=max_bytes, workers=workers,
                                     actors_files=tuple(str(a) for a in actors) if actors else None,
                                     boilerplate_files=tuple(str(b) for b in boilerplate) if boilerplate else None)
    problems = 0
    out = sys.stdout
    collected = []
    items: Iterable[ArticleResult | InputError]
    try:
        if no_code:
            items = (ArticleResult(article=i, coded=False) if not isinstance(i, InputError) else i
                     for i in read_inputs(paths, settings=settings))
        else:
            items = run_extract(paths, settings=settings)
        for item in items:
            if isinstance(item, InputError):
                report_input(item)
                problems += 0 if item.warning else 1
                continue
            obj = item.to_dict()
            if fmt == "json":
                collected.append(obj)
            else:
                out.write(json.dumps(obj, ensure_ascii=False) + "\n")
                out.flush()
    except DyadwatchError as exc:
        raise fail(exc) from exc
    if fmt == "json":
        out.write(json.dumps(collected, ensure_ascii=False, indent=2) + "\n")
    raise typer.Exit(1 if problems else 0)


@app.command()
def evaluate(
    gold: Annotated[list[Path], typer.Argument(help="Gold files: PLOVER GSR JSON or dyadwatch gold JSONL.")],
) -> None:
    """Print precision, recall and F1 (overall, per root, per QuadClass) and the worst confusions."""
    from ..evaluate import evaluate as run
    from ..evaluate import load_gold, render
    from ..pipeline import Pipeline

    settings = settings_from()
    try:
        pipe = Pipeline(settings=settings)
        for g in gold:
            rep = run(load_gold(str(g)), pipeline=pipe)
            typer.echo("\n".join(render(rep, name=str(g))))
    except DyadwatchError as exc:
        raise fail(exc) from exc
    except OSError as exc:
        raise fail(UsageError(f"{exc.filename}: cannot be read", fix="check the path")) from exc


from .run_commands import register as _register_run  # noqa: E402
from .store_commands import register as _register_store  # noqa: E402

_register_store(app)
_register_run(app)

from .serve_commands import register as _register_serve  # noqa: E402

_register_serve(app)
