"""Inputs to Articles: one module per format, the format detected from content."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator

from ..clean.dedupe import Deduplicator
from ..clean.patterns import load_patterns
from ..errors import InputError
from ..model import Article
from ..settings import Settings
from .build import ArticleDraft, finish
from .feed import read_feed
from .html import read_html
from .jsonl import read_jsonl
from .sources import decode, expand_paths, read_raw
from .text import read_text
from .warc import read_warc

__all__ = ["check_reading_settings", "detect_format", "read_inputs", "read_one"]

_HTML_RE = re.compile(r"<(!doctype html|html|head|body|article|div|p)[\s>]", re.I)
_FEED_RE = re.compile(r"<(rss|feed|rdf:RDF)[\s>]", re.I)


def detect_format(data: bytes, name: str | None = None) -> str:
    """One of warc, feed, html, jsonl, text; by content first, then by extension."""
    head = data[:4096].lstrip()
    if head.startswith(b"WARC/"):
        return "warc"
    text = head.decode("utf-8", errors="replace")
    if _FEED_RE.search(text[:2000]) and (text.startswith("<?xml") or text.startswith("<rss") or text.startswith("<feed")):
        return "feed"
    if text.startswith("{"):
        first = data.split(b"\n", 1)[0]
        try:
            json.loads(first)
            return "jsonl"
        except ValueError:
            if (name or "").endswith((".jsonl", ".ndjson", ".json")):
                return "jsonl"
    if text.startswith("<") and _HTML_RE.search(text):
        return "html"
    lower = (name or "").lower().removesuffix(".gz")
    if lower.endswith((".warc", ".arc")):
        return "warc"
    if lower.endswith((".rss", ".atom", ".xml")) and _FEED_RE.search(text):
        return "feed"
    if lower.endswith((".html", ".htm")):
        return "html"
    if lower.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    return "text"


def check_reading_settings(settings: Settings) -> None:
    """Load what reading needs from files (the user's boilerplate patterns), so that an unreadable file
    or a bad pattern stops a run before it starts (``UsageError``, ``DataFileError``)."""
    load_patterns("boilerplate.txt", settings.boilerplate_files)


def read_one(name: str, *, settings: Settings) -> Iterator[Article | InputError]:
    """The articles of one input (several for WARC, feeds and JSONL), errors in place."""
    try:
        raw = read_raw(name, max_bytes=settings.max_bytes)
    except InputError as exc:
        yield exc
        return
    fmt = detect_format(raw.data, raw.name)
    label = raw.name
    extra = settings.boilerplate_files
    if fmt == "warc":
        yield from _finish_all(read_warc(raw.data, source=label, boilerplate_files=extra), label, fmt, [])
        return
    text, warnings = decode(raw)
    for w in warnings:
        yield InputError(label, w, warning=True)
    if fmt == "feed":
        yield from _finish_all(read_feed(text, source=label), label, fmt, warnings)
    elif fmt == "jsonl":
        yield from _finish_all(read_jsonl(text, source=label, boilerplate_files=extra), label, fmt, warnings)
    else:  # one page: HTML or a text capture
        try:
            draft, page_warnings = (read_html(text, source=label, boilerplate_files=extra) if fmt == "html"
                                    else read_text(text, boilerplate_files=extra))
        except InputError as exc:
            yield exc
            return
        for w in page_warnings:
            yield InputError(label, w, warning=True)
        yield from _finish_all(iter([(draft, page_warnings, label)]), label, fmt, warnings)


def _finish_all(
    items: Iterable[tuple[ArticleDraft, list[str], str | None] | InputError],
    source: str | None,
    fmt: str,
    warnings: list[str],
) -> Iterator[Article | InputError]:
    for item in items:
        if isinstance(item, InputError):
            yield item
            continue
        draft, more, _label = item
        try:
            article = finish(draft, source=source, input_format=fmt, warnings=warnings + more)
        except InputError as exc:
            yield exc
            continue
        if article.language != "en":
            yield InputError(_label, f"article is in '{article.language}', not English: metadata kept, not coded",
                             fix="nothing to do; pass English articles to code events", warning=True)
        yield article


def read_inputs(
    paths: Iterable[str], *, settings: Settings, dedupe: Deduplicator | None = None, near_duplicates: bool = True,
) -> Iterator[Article | InputError]:
    """Every article of every input in order, with duplicates marked (in memory, over the last
    ``settings.dedupe_window`` articles); problems yielded in place. ``near_duplicates=False`` leaves
    ``duplicate_of`` to the caller (``ingest`` checks the database, see ``engines.screen``)."""
    check_reading_settings(settings)
    if dedupe is None and near_duplicates:
        dedupe = Deduplicator(threshold=settings.near_duplicate_threshold, num_perm=settings.minhash_permutations,
                              window=settings.dedupe_window)
    for item in expand_paths(paths):
        if isinstance(item, InputError):
            yield item
            continue
        for result in read_one(item, settings=settings):
            if isinstance(result, Article) and dedupe is not None:
                result.duplicate_of = dedupe.check(result.id, result.body)
            yield result
