"""One JSON error shape for every failure: ``{"error": {"code", "message", "fix"}}``.

API paths answer JSON; dashboard pages answer the same message as an HTML page with the same status.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import DyadwatchError, StoreError, UsageError

log = logging.getLogger("dyadwatch.server")

JSON_PREFIXES = ("/api/", "/extract", "/openapi.json")


class ApiError(Exception):
    """An error with an HTTP status, a stable code, a message and a fix."""

    def __init__(self, status: int, code: str, message: str, fix: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.fix = fix


def not_found(what: str, fix: str | None = None) -> ApiError:
    return ApiError(404, "not_found", what, fix)


def invalid(message: str, fix: str | None = None) -> ApiError:
    return ApiError(422, "invalid_parameter", message, fix)


def body(code: str, message: str, fix: str | None) -> dict[str, dict[str, str | None]]:
    return {"error": {"code": code, "message": message, "fix": fix}}


def _respond(request: Request, err: ApiError) -> Response:
    if request.url.path.startswith(JSON_PREFIXES) or "text/html" not in request.headers.get("accept", ""):
        return JSONResponse(body(err.code, err.message, err.fix), status_code=err.status)
    from .render import render_page

    return render_page(request, "error.html", {"status": err.status, "error": err}, status=err.status,
                       title=f"Error {err.status}")


def _from_dyadwatch(exc: DyadwatchError) -> ApiError:
    if isinstance(exc, UsageError):
        return ApiError(422, "invalid_parameter", exc.message, exc.fix)
    if isinstance(exc, StoreError):
        return ApiError(503, "database_unavailable", exc.message, exc.fix)
    return ApiError(400, "bad_request", exc.message, exc.fix)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for e in exc.errors():
        loc = [str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body")]
        name = ".".join(loc) or "request"
        parts.append(f"{name}: {e.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into the one shape."""

    @app.exception_handler(ApiError)
    async def _api(request: Request, exc: ApiError) -> Response:
        return _respond(request, exc)

    @app.exception_handler(DyadwatchError)
    async def _dw(request: Request, exc: DyadwatchError) -> Response:
        return _respond(request, _from_dyadwatch(exc))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        return _respond(request, invalid(_validation_message(exc), "see /docs for the accepted values"))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        codes = {404: "not_found", 405: "method_not_allowed", 413: "too_large"}
        message = str(exc.detail) if exc.detail else "error"
        if exc.status_code == 404:
            message, fix = f"nothing at {request.url.path}", "see /docs for the endpoints"
        elif exc.status_code == 405:
            message, fix = f"{request.method} is not allowed on {request.url.path}", "see /docs"
        else:
            fix = None
        return _respond(request, ApiError(exc.status_code, codes.get(exc.status_code, "http_error"), message, fix))

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return _respond(request, ApiError(500, "internal", "unexpected server error", "see the server log"))

