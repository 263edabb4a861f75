"""Jinja2 templates with autoescaping always on; every page goes through ``render_page``."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import quote, urlencode

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse


def url(*parts: Any, fragment: str | None = None, **query: Any) -> str:
    """A local link from path segments (each quoted), parameters (empty ones dropped) and a fragment."""
    path = "/" + "/".join(quote(str(p), safe="") for p in parts)
    clean = {k: v for k, v in query.items() if v not in (None, "")}
    return path + (f"?{urlencode(clean)}" if clean else "") + (f"#{quote(fragment, safe='')}" if fragment else "")


def _num(value: Any, digits: int = 2) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


@cache
def environment() -> jinja2.Environment:
    folder = str(resources.files("dyadwatch.server") / "templates")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(folder), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals["url"] = url
    env.filters["num"] = _num
    env.globals["QUADS"] = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
                            4: "material conflict"}
    return env


def render_page(request: Request, template: str, context: dict[str, Any], *, status: int = 200,
                title: str = "dyadwatch") -> HTMLResponse:
    page = environment().get_template(template)
    html = page.render(request_path=request.url.path, title=title, **context)
    return HTMLResponse(html, status_code=status)
