"""The edge of the CLI: library errors become one-line messages here (tracebacks only with --debug)."""

from __future__ import annotations

import typer

from ..errors import DyadwatchError, InputError, UsageError
from ..settings import Settings, load_settings

DEBUG = {"on": False}


def fail(exc: DyadwatchError, code: int | None = None) -> typer.Exit:
    """Print one line for an error and return the exit to raise (tracebacks only with --debug): ``code``,
    else 2 for a usage error (an option or setting to change, as the README says) and 1 for any other."""
    if DEBUG["on"]:
        raise exc
    typer.echo(f"error: {exc.render()}", err=True)
    return typer.Exit(code if code is not None else 2 if isinstance(exc, UsageError) else 1)


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
