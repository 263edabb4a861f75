"""HTML pages: trafilatura for the main text and metadata, htmldate for the date, captions kept apart."""

from __future__ import annotations

import re
from datetime import datetime
from html import unescape

import trafilatura
from htmldate import find_date
from lxml import html as lxml_html

from ..clean.dates import parse_published
from ..clean.patterns import load_patterns
from ..errors import InputError
from .build import ArticleDraft

_META_DATE = re.compile(
    r"<meta[^>]+(?:property|name|itemprop)=[\"'](?:article:published_time|og:published_time|datePublished|"
    r"pubdate|publishdate|date|dc\.date|DC\.date\.issued|parsely-pub-date)[\"'][^>]*>",
    re.I,
)
_CONTENT = re.compile(r"content=[\"']([^\"']+)[\"']", re.I)


def _captions(tree: lxml_html.HtmlElement) -> list[str]:
    out: list[str] = []
    for el in tree.xpath("//figcaption | //*[contains(concat(' ', normalize-space(@class), ' '), ' caption ')]"):
        text = " ".join(el.text_content().split())
        if text and text not in out:
            out.append(text)
    return out


def _published(html: str) -> datetime | None:
    """The publication time from the page's meta tags, else htmldate's reading of the page."""
    for m in _META_DATE.finditer(html):
        c = _CONTENT.search(m.group(0))
        if c:
            dt = parse_published(c.group(1))
            if dt:
                return dt
    found = find_date(html, extensive_search=True, original_date=True, outputformat="%Y-%m-%dT%H:%M:%S")
    return parse_published(found) if found else None


def read_html(
    html: str, *, source: str | None, url: str | None = None, boilerplate_files: tuple[str, ...] = (),
) -> tuple[ArticleDraft, list[str]]:
    """A page's draft article and warnings. ``boilerplate_files``: the user's patterns, applied to the
    extracted paragraphs (a paragraph one matches is boilerplate) and to the page's other lines."""
    warnings: list[str] = []
    if not re.search(r"</html\s*>", html[-2000:], re.I):
        warnings.append("HTML looks truncated (no closing </html>); extracted what was there")
    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False,
        include_images=False, favor_precision=True,
    )
    if doc is None:
        raise InputError(source, "no article text found in the HTML", fix="check that the page is an article, not an index or a login page")
    meta = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    try:
        tree = lxml_html.fromstring(html)
        captions = _captions(tree)
        page_lines = [" ".join(t.split()) for t in tree.xpath("//body//text()[not(ancestor::script) and not(ancestor::style)]")]
    except (ValueError, lxml_html.etree.ParserError):
        captions, page_lines = [], []
    cap_set = set(captions)
    title = meta.get("title")
    og = re.search(r"<meta[^>]+property=[\"']og:title[\"'][^>]*>", html, re.I)
    if og and _CONTENT.search(og.group(0)):
        title = unescape(_CONTENT.search(og.group(0)).group(1))  # type: ignore[union-attr]
    headings = {" ".join((title or "").split()), " ".join((meta.get("title") or "").split())}
    bp_pats = load_patterns("boilerplate.txt", boilerplate_files)
    overran: list[str] = []
    paragraphs = []
    boilerplate: list[str] = []  # paragraphs a pattern matches, then the page's other lines
    for p in (meta.get("text") or "").split("\n"):
        p = " ".join(p.split())
        if not p or p in cap_set or any(p in c for c in captions) or p in headings:
            continue
        if bp_pats.match(p, overran=overran):
            boilerplate.append(p)
            continue
        if re.match(r"^(by|written by)\s+[A-Z]", p, re.I) and len(p.split()) <= 8:
            continue
        paragraphs.append(p)
    standfirst = meta.get("description")
    if standfirst and paragraphs and paragraphs[0].startswith(standfirst[:60]):
        standfirst = None
    published = _published(html)
    kept = set(paragraphs) | cap_set | {title or "", standfirst or ""}
    body_text = "\n".join(paragraphs)
    for line in page_lines:
        fresh = line and line not in kept and line not in body_text and line not in boilerplate
        if fresh and (len(line.split()) >= 2 or bp_pats.match(line, overran=overran)):
            boilerplate.append(line)
    if overran:
        warnings.append(bp_pats.overrun_warning(overran))
    author = meta.get("author")
    if author:
        author = ", ".join(a.strip() for a in re.split(r";|\|", author) if a.strip())
    draft = ArticleDraft(
        body="\n\n".join(paragraphs),
        title=title,
        standfirst=standfirst,
        author=author or None,
        published=published,
        publisher=meta.get("sitename") or None,
        section=(meta.get("categories") or [None])[0] if isinstance(meta.get("categories"), list) else None,
        url=url or meta.get("url") or None,
        captions=captions,
        boilerplate=boilerplate,
        language=meta.get("language") or None,
    )
    return draft, warnings
