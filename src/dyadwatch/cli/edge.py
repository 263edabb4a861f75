"""The edge of the CLI: library errors become one-line messages here (tracebacks only with --debug)."""

from __future__ import annotations

import typer

from ..errors import DyadwatchError, InputError
from ..settings import Settings, load_settings

DEBUG = {"on": False}


def fail(exc: DyadwatchError, code: int = 1) -> typer.Exit:
    """Print one line for an error and return the exit to raise (tracebacks only with --debug)."""
    if DEBUG["on"]:
        raise exc
    typer.echo(f"error: {exc.render()}", err=True)
    return typer.Exit(code)


def report_input(err: InputError) -> None:
    prefix = "warning: " if err.warning else ""
    typer.echo(f"{prefix}{err.render()}", err=True)


def settings_from(**options: object) -> Settings:
    try:
        return load_settings().with_(**options)
    except DyadwatchError as exc:
        raise fail(exc, 2) from exc


def reading_settings_from(**options: object) -> Settings:
    """``settings_from``, with the files that reading inputs needs checked (a usage error, exit 2)."""
    from ..readers import check_reading_settings

    settings = settings_from(**options)
    try:
        check_reading_settings(settings)
    except DyadwatchError as exc:
        raise fail(exc, 2) from exc
    return settings
