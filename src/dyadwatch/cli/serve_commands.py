"""``dyadwatch serve``: the HTTP API and dashboard over a database (``register(app)`` adds it)."""

from __future__ import annotations

from typing import Annotated

import typer

from ..errors import DyadwatchError
from .edge import reading_settings_from
from .store_commands import DbOpt, _db, exit_with_error


def register(app: typer.Typer) -> None:
    """Add ``serve``."""

    @app.command()
    def serve(
        db: DbOpt = None,
        host: Annotated[str, typer.Option("--host", help="Address to bind (loopback unless told otherwise).")] = "127.0.0.1",
        port: Annotated[int, typer.Option("--port", help="TCP port.", min=0, max=65535)] = 8000,
        log_level: Annotated[str, typer.Option("--log-level", help="uvicorn log level.")] = "info",
    ) -> None:
        """Serve the JSON API (/api, docs at /docs) and the dashboard (/) over the database, read-only."""
        import uvicorn

        from ..server import create_app
        from ..store import open_reader

        settings = reading_settings_from()  # POST /api/extract reads articles: its pattern files are checked now
        path = _db(db)
        try:
            with open_reader(path):
                pass
        except DyadwatchError as exc:
            raise exit_with_error(exc) from None
        app_ = create_app(path, settings=settings)
        typer.echo(f"dyadwatch: serving {path} on http://{host}:{port}/ (API docs at /docs)", err=True)
        uvicorn.run(app_, host=host, port=port, log_level=log_level)
