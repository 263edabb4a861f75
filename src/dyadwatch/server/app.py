"""The FastAPI application: API, ``POST /extract``, dashboard pages, static assets and security headers."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

from ..settings import Settings
from ..store.reader import SnapshotReader
from . import errors
from .api import router as api_router
from .extract import PipelineHolder
from .extract import router as extract_router
from .pages import router as pages_router

if TYPE_CHECKING:
    from ..pipeline import Pipeline

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
# FastAPI's /docs page loads Swagger UI from a CDN with an inline script; only that page may.
DOCS_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
            "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; img-src 'self' data: https:; "
            "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
DOCS_PATHS = ("/docs", "/docs/oauth2-redirect", "/redoc")


class SecurityHeaders(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        h = response.headers
        h["Content-Security-Policy"] = DOCS_CSP if request.url.path in DOCS_PATHS else CSP
        h["X-Content-Type-Options"] = "nosniff"
        h["Referrer-Policy"] = "no-referrer"
        h["X-Frame-Options"] = "DENY"
        h.setdefault("Cache-Control", "no-store")
        return response


def static_dir() -> Path:
    return Path(str(resources.files("dyadwatch.server") / "static"))


def create_app(db: str | Path, *, settings: Settings | None = None, pipeline: Pipeline | None = None) -> FastAPI:
    """The app over database ``db`` (read-only, one short connection per request).

    ``pipeline`` is optional: ``POST /extract`` loads one on first use otherwise.
    """
    settings = settings or Settings()
    app = FastAPI(
        title="dyadwatch",
        summary="Who did what to whom, when, where, with what figures — and the sentence that says so.",
        description="JSON queries over a dyadwatch event database and a dashboard at `/`. "
                    "Every error answers `{\"error\": {\"code\", \"message\", \"fix\"}}`.",
        redoc_url=None,
    )
    app.state.db = Path(db)
    app.state.reader = SnapshotReader(db)
    app.state.settings = settings
    app.state.pipeline = PipelineHolder(settings, pipeline)
    errors.install(app)
    app.add_middleware(SecurityHeaders)
    app.include_router(api_router)
    app.include_router(extract_router)
    app.include_router(pages_router)
    app.mount("/static", StaticFiles(directory=static_dir()), name="static")
    return app
