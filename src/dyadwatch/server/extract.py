"""``POST /extract``: code one article sent as text or HTML and answer the contract's JSON; stores nothing."""

from __future__ import annotations

import json
import threading
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from ..errors import InputError
from ..readers import detect_format
from ..readers.build import finish
from ..readers.html import read_html
from ..readers.text import read_text
from ..settings import Settings
from .api import ERRORS
from .errors import ApiError

if TYPE_CHECKING:
    from ..model import Article
    from ..pipeline import Pipeline

MAX_BODY = 1024 * 1024

router = APIRouter(tags=["extract"])


class ExtractRequest(BaseModel):
    """Exactly one of ``text`` (a plain-text capture) or ``html`` (a web page)."""

    text: str | None = Field(None, description="Article as plain text (title, byline, date, body).")
    html: str | None = Field(None, description="Article as an HTML page.")


class PipelineHolder:
    """Loads the NLP pipeline on first use, once, and runs one article at a time through it."""

    def __init__(self, settings: Settings, pipeline: Pipeline | None = None) -> None:
        self.settings = settings
        self._pipeline = pipeline
        self._lock = threading.Lock()

    def code(self, article: Article) -> dict[str, Any]:
        with self._lock:
            if self._pipeline is None:
                from ..pipeline import Pipeline

                self._pipeline = Pipeline(settings=self.settings)
            result = self._pipeline.process_one(article)
        result.events = [e for e in result.events if e.confidence >= self.settings.min_confidence]
        return result.to_dict()


def to_article(payload: ExtractRequest, *, boilerplate_files: tuple[str, ...] = ()) -> Article:
    """Build an Article with the readers' own functions (HTML, or text detected as HTML or a capture)."""
    if (payload.text is None) == (payload.html is None):
        raise ApiError(422, "invalid_body", "give exactly one of text or html", '{"text": "..."} or {"html": "..."}')
    raw = payload.html if payload.html is not None else payload.text or ""
    if not raw.strip():
        raise ApiError(422, "invalid_body", "the article is empty", "send the article's text or HTML")
    as_html = payload.html is not None or detect_format(raw.encode("utf-8", "replace")) == "html"
    try:
        if as_html:
            draft, warnings = read_html(raw, source=None, boilerplate_files=boilerplate_files)
            return finish(draft, source=None, input_format="html", warnings=warnings)
        draft, warnings = read_text(raw, boilerplate_files=boilerplate_files)
        return finish(draft, source=None, input_format="text", warnings=warnings)
    except InputError as exc:
        raise ApiError(422, "unreadable_article", exc.message, exc.fix) from None


async def _body(request: Request) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY:
        raise ApiError(413, "too_large", f"the request is larger than {MAX_BODY} bytes", "send a shorter article")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise ApiError(413, "too_large", f"the request is larger than {MAX_BODY} bytes", "send a shorter article")
        chunks.append(chunk)
    return b"".join(chunks)


@router.post(
    "/api/extract",
    summary="Code one article (text or HTML, at most 1 MiB) and return the contract's JSON; stores nothing",
    responses={**ERRORS, 413: ERRORS[422] | {"description": "The request is too large"}},
    openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
        "schema": ExtractRequest.model_json_schema()}}}},
)
@router.post("/extract", include_in_schema=False)
async def extract(request: Request) -> JSONResponse:
    raw = await _body(request)
    try:
        data = json.loads(raw)
        payload = ExtractRequest.model_validate(data)
    except (ValueError, TypeError) as exc:
        first = str(exc).splitlines()[0]
        raise ApiError(422, "invalid_body", f"the body is not a JSON object with text or html ({first})",
                       '{"text": "..."} or {"html": "..."}') from None
    holder: PipelineHolder = request.app.state.pipeline
    article = to_article(payload, boilerplate_files=holder.settings.boilerplate_files)
    return JSONResponse(await run_in_threadpool(holder.code, article))
