"""JSON Lines: one article a line with any of text, html, url, title, published, author."""

from __future__ import annotations

import json
from collections.abc import Iterator

from ..clean.dates import parse_published
from ..errors import InputError
from .build import ArticleDraft
from .html import read_html

KEYS = ("text", "html", "url", "title", "published", "author")


def read_jsonl(
    text: str, *, source: str | None, boilerplate_files: tuple[str, ...] = (),
) -> Iterator[tuple[ArticleDraft, list[str], str] | InputError]:
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        label = f"{source or '<stdin>'}:{n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(label, f"line {n} is not JSON ({exc.msg})", fix="fix or remove that line; the other lines were read")
            continue
        if not isinstance(obj, dict) or not any(k in obj for k in ("text", "html")):
            yield InputError(label, f"line {n} has neither 'text' nor 'html'", fix=f"give an object with some of {', '.join(KEYS)}")
            continue
        warnings: list[str] = []
        if obj.get("html"):
            try:
                draft, warnings = read_html(str(obj["html"]), source=label, url=obj.get("url"),
                                            boilerplate_files=boilerplate_files)
            except InputError as exc:
                yield exc
                continue
        else:
            paras = [" ".join(p.split()) for p in str(obj["text"]).split("\n\n") if p.strip()]
            if len(paras) == 1 and "\n" in str(obj["text"]):
                paras = [" ".join(p.split()) for p in str(obj["text"]).split("\n") if p.strip()]
            draft = ArticleDraft(body="\n\n".join(paras))
        draft.url = obj.get("url") or draft.url
        draft.title = obj.get("title") or draft.title
        draft.author = obj.get("author") or draft.author
        draft.publisher = obj.get("publisher") or draft.publisher
        if obj.get("published"):
            dt = parse_published(str(obj["published"]))
            if dt is None:
                warnings.append(f"line {n}: 'published' {obj['published']!r} is not a date; ignored")
            draft.published = dt or draft.published
        yield draft, warnings, label
