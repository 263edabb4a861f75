"""The HTTP API and the web dashboard over the event database (``create_app(db)``; ``dyadwatch serve``)."""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
