"""RSS and Atom feeds: every item with content or a summary is an article."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import UTC, datetime

import feedparser
from lxml import html as lxml_html

from ..clean.dates import parse_published
from ..errors import InputError
from .build import ArticleDraft


def _html_paragraphs(fragment: str) -> list[str]:
    if "<" not in fragment:
        return [" ".join(p.split()) for p in fragment.split("\n\n") if p.strip()]
    try:
        tree = lxml_html.fromstring(f"<div>{fragment}</div>")
    except (ValueError, lxml_html.etree.ParserError):
        return []
    paras = [" ".join(p.text_content().split()) for p in tree.xpath("//p")]
    paras = [p for p in paras if p]
    return paras or [" ".join(tree.text_content().split())]


def read_feed(text: str, *, source: str | None) -> Iterator[tuple[ArticleDraft, list[str], str] | InputError]:
    parsed = feedparser.parse(text)
    if not parsed.entries:
        why = getattr(parsed, "bozo_exception", None)
        yield InputError(source, f"is not a readable RSS/Atom feed ({why or 'no items'})", fix="check that the file is complete, well-formed XML")
        return
    publisher = parsed.feed.get("title") if hasattr(parsed, "feed") else None
    for n, entry in enumerate(parsed.entries, start=1):
        label = f"{source or '<stdin>'}#{n}"
        content = ""
        if entry.get("content"):
            content = entry.content[0].get("value", "")
        content = content or entry.get("summary", "") or entry.get("description", "")
        paragraphs = _html_paragraphs(content)
        if not paragraphs:
            yield InputError(label, "feed item has no content or summary", fix="nothing to do; the item was skipped")
            continue
        published = None
        if entry.get("published"):
            published = parse_published(entry.published)
        if published is None and entry.get("published_parsed"):
            published = datetime.fromtimestamp(calendar.timegm(entry.published_parsed), tz=UTC)
        draft = ArticleDraft(
            body="\n\n".join(paragraphs),
            title=entry.get("title"),
            author=entry.get("author"),
            published=published,
            publisher=publisher,
            url=entry.get("link"),
        )
        yield draft, [], label
