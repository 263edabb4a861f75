"""Read a plain-text capture of a news page (chrome left in) line by line, like an analyst would.

Each non-empty line is classified as section label, headline, standfirst, byline, dateline,
caption, body paragraph or boilerplate. Page chrome is recognised by the patterns in
``data/clean/boilerplate.txt`` and photo credits by ``data/clean/credits.txt``; the rest is
decided by position (header, body, trailer) and shape (prose or label).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from .dates import looks_like_dateline, parse_published
from .patterns import load_patterns

_TERMINAL = tuple(".!?\"”’')]…:;")
_NAME = r"[A-Z][\w'’.-]*(?:\s+(?:de|van|von|al|el|bin|da|di|du|la|le|[A-Z][\w'’.-]*))*"
_BYLINE_RE = re.compile(r"^(?:by|written by|words by|story by)\s+(.+)$", re.I)
_WRITES_RE = re.compile(rf"(?:,|\.|\s)\s*(?:writes|reports|says)\s+({_NAME})\s*$")
_SIGNOFF_RE = re.compile(r"^\(?(?:additional )?(?:reporting|writing) by (.+?)(?:;|\.|\band\b\s+(?:editing|edited)|$)", re.I)
_WIRE_RE = re.compile(
    r"^[A-Z][A-Za-z .,'’-]{1,40}?(?:,\s*[A-Z][a-z]{2,9}\.?\s+\d{1,2})?\s*\(([A-Z][A-Za-z&.]*(?: [A-Z][A-Za-z&.]*){0,3})\)\s*[-–—]"
)
_COPYRIGHT_RE = re.compile(
    r"^(?=copyright|©|\(c\))(?:copyright\s*)?(?:©|\(c\))?\s*(?:\d{4}\s*)?(.+?)(?:\.|,|\s+all rights reserved.*)?$", re.I
)
_ROLE_WORDS = re.compile(
    r"\b(correspondent|reporter|editor|writer|journalist|staff|contributor|analyst|columnist|chief|bureau|"
    r"producer|in [A-Z]\w+|for [A-Z]\w+)\b",
    re.I,
)
_ORG_WORDS = re.compile(r"\b(wire|news|press|radio|post|times|herald|agency|service|reuters|cnn|bbc|afp|staff|desk|tribune|journal|gazette|daily|online)\b", re.I)
_TIMESTAMP_RE = re.compile(r"^\d{1,2}[:.]\d{2}(\s*(am|pm|[A-Z]{2,4}))?$", re.I)
_SECTION_WORDS = frozenset(
    w.lower()
    for w in (
        "Analysis", "World", "News", "Europe", "Politics", "Business", "Opinion", "Comment", "Asia", "Africa",
        "Americas", "Middle East", "UK", "US", "Live", "Explainer", "Economy", "Diplomacy", "Conflict",
        "International", "Asia-Pacific", "Asia Pacific", "Defence", "Defense", "Security", "Markets",
        "Global", "Breaking", "Exclusive", "Investigation", "Features", "Feature", "Latest", "World news",
        "US news", "UK news", "Ukraine war", "Israel-Gaza war", "Middle East crisis", "Live updates",
    )
)


@dataclass(slots=True)
class CaptureParts:
    title: str | None = None
    section: str | None = None
    standfirst: str | None = None
    author: str | None = None
    published: datetime | None = None
    publisher: str | None = None
    captions: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    boilerplate: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _words(s: str) -> int:
    return len(s.split())


def _is_prose(s: str) -> bool:
    n = _words(s)
    return (n >= 8 and s.rstrip().endswith(_TERMINAL)) or n >= 22


def _split_names(s: str) -> str | None:
    s = re.sub(r"\s*[|•·]\s*.*$", "", s).strip(" ,.;")
    s = re.split(r",\s*(?=[A-Z][a-z]+(?:\s|$))(?!.*\band\b)", s)[0] if "," in s and " and " not in s else s
    parts = re.split(r"\s*(?:,|\band\b|&)\s*", s)
    names = []
    for p in parts:
        p = re.sub(r"\s+in\s+[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?$", "", p.strip(" ."))
        if _ORG_WORDS.search(p):
            continue
        if not p or _ROLE_WORDS.search(p) or (p.isupper() and len(p) <= 5):
            continue
        if re.fullmatch(_NAME, p) and 2 <= _words(p) <= 5:
            names.append(p)
    return ", ".join(names) or None


_PLACE_BYLINE_RE = re.compile(rf"^({_NAME})\s+in\s+[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?$")


def _is_byline(s: str) -> bool:
    return bool(_BYLINE_RE.match(s) and _words(s) <= 14) or _byline(s) is not None


def _byline(s: str) -> str | None:
    s = s.split(" | ")[0]
    m = _BYLINE_RE.match(s)
    if m and _words(s) <= 14:
        return _split_names(m.group(1))
    m = _PLACE_BYLINE_RE.match(s)
    if m and _words(s) <= 6:
        return _split_names(m.group(1))
    return None


def _publisher_hint(line: str) -> str | None:
    wire = _WIRE_RE.match(line)
    if wire:
        return {"AP": "Associated Press"}.get(wire.group(1), wire.group(1))
    cp = _COPYRIGHT_RE.match(line)
    if cp and 1 <= _words(cp.group(1)) <= 8:
        name = re.sub(r"[\s,.]*\b(19|20)\d\d\b.*$", "", cp.group(1)).strip(" .,")
        name = re.sub(r"^(19|20)\d\d\s+", "", name)
        return name or None
    return None


_HOME_LINK = r"(?i:(?:(?:back|go|return)\s+to\s+(?:the\s+)?)?home(?:\s*page)?)"
_LOGO_RE = re.compile(rf"^(?P<name>{_NAME})??\s*(?:[-–—|:]\s*)?(?P<link>{_HOME_LINK})\s*(?P<again>{_NAME})?$")


def _logo_name(line: str) -> str | None:
    """The site's name in a logo link's text, as a capture prints it: "The Guardian - Back to homeThe
    Guardian" (the name, the link's label, the name again), or the name beside an explicit "back to home"
    label; None for any other line (a bare "Home" menu entry included)."""
    m = _LOGO_RE.match(line.strip()) if len(line) <= 120 else None
    if m is None:
        return None
    name, again, link = m.group("name"), m.group("again"), m.group("link")
    if name and again:
        found = name if name.strip().lower() == again.strip().lower() else None
    elif name or again:
        found = name or again if link.lower().split()[0] in ("back", "go", "return") else None
    else:
        found = None
    if found is None or not found[:1].isupper() or not 1 <= _words(found) <= 5:
        return None
    return found.strip()


def _looks_like_menu(s: str) -> bool:
    return s.count("|") >= 2 or s.count("•") >= 2 or s.count("·") >= 2


def _join_wrapped(lines: list[str]) -> list[tuple[str, bool]]:
    """Non-empty lines with whether a blank line preceded them; hard-wrapped prose is re-joined."""
    out: list[tuple[str, bool]] = []
    blank = True
    for raw in lines:
        line = raw.strip().replace("\u00a0", " ")
        if not line:
            blank = True
            continue
        wrapped = out and _words(out[-1][0]) >= 8 and not out[-1][0].endswith(_TERMINAL)
        if wrapped and not blank and line[:1].islower():
            out[-1] = (out[-1][0] + " " + line, out[-1][1])
        else:
            out.append((line, blank))
        blank = False
    return out


def clean_capture(text: str, *, extra_boilerplate: tuple[str, ...] = ()) -> CaptureParts:
    """Separate a text capture into metadata, captions, body paragraphs and removed lines.

    ``extra_boilerplate``: the user's pattern files (``settings.boilerplate_files``); lines they take too
    long on are kept, and named in ``warnings``."""
    bp_pats = load_patterns("boilerplate.txt", extra_boilerplate)
    credit_pats = load_patterns("credits.txt")
    rows = _join_wrapped(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    lines = [r[0] for r in rows]
    blank_before = [r[1] for r in rows]
    n = len(lines)
    parts = CaptureParts()
    kind: list[str] = [""] * n

    bp_cache: dict[str, bool] = {}
    overran: list[str] = []

    def is_bp(s: str) -> bool:
        hit = bp_cache.get(s)
        if hit is None:
            hit = bp_cache[s] = bp_pats.match(s, overran=overran)
        return hit

    def has_credit(s: str) -> bool:
        return credit_pats.search(s)

    # captions: credited lines, and the uncredited copy a page prints just before or after them
    credited = [i for i, s in enumerate(lines) if has_credit(s) and not _SIGNOFF_RE.match(s)]
    for i in credited:
        kind[i] = "caption"
    for i, s in enumerate(lines):
        if kind[i] or _words(s) < 3:
            continue
        for j in credited:
            if j != i and abs(j - i) <= 3 and lines[j].startswith(s) and len(lines[j]) > len(s):
                kind[i] = "caption_copy"
                break

    def chrome(i: int) -> bool:
        """Lines that never carry article text: boilerplate, captions, datelines, bylines, stamps."""
        t = lines[i]
        return (bool(kind[i]) or is_bp(t) or looks_like_dateline(t) or _is_byline(t) or bool(_TIMESTAMP_RE.match(t))
                or any(looks_like_dateline(p) for p in t.split(" | ")[1:]))

    def prose(i: int) -> bool:
        t = lines[i]
        short_question = t.rstrip().endswith("?") and _words(t) <= 14
        return (_is_prose(t) and not short_question) or bool(_WIRE_RE.match(t))

    # 1. where the body starts: a wire dateline, or the first of two prose lines with only
    #    boilerplate between them (a dateline, byline or caption between them breaks the run)
    provisional = None
    for i in range(n):
        if kind[i] or not prose(i) or is_bp(lines[i]):
            continue
        if _WIRE_RE.match(lines[i]):
            provisional = i
            break
        j = i + 1
        while j < n and (is_bp(lines[j]) or _TIMESTAMP_RE.match(lines[j])) and not kind[j]:
            j += 1
        if j < n and not kind[j] and prose(j):
            provisional = i
            break
    if provisional is None:
        provisional = next((i for i in range(n) if not kind[i] and prose(i)), n)

    # 2. the header: title, standfirst and section among the non-chrome lines before the body
    cands = [i for i in range(provisional) if not chrome(i)]
    long_ = [i for i in cands if _words(lines[i]) >= 4 and not _looks_like_menu(lines[i]) and " | " not in lines[i]]
    # the headline sits above the byline/dateline block: lines after it are player or promo chrome
    anchor = next((i for i in range(provisional) if not kind[i] and (looks_like_dateline(lines[i]) or _byline(lines[i]))), None)
    if anchor is not None and any(i < anchor for i in long_):
        long_ = [i for i in long_ if i < anchor]
    title_i = standfirst_i = None
    if long_:
        title_i = long_[-1]
        if len(long_) >= 2:
            prev = long_[-2]
            between = [k for k in range(prev + 1, title_i) if not is_bp(lines[k]) or kind[k]]
            if not between and _words(lines[title_i]) >= 6:
                title_i, standfirst_i = prev, title_i
    if title_i is not None:
        parts.title = lines[title_i]
        kind[title_i] = "title"
        if standfirst_i is None:
            nxt = next((k for k in range(title_i + 1, n) if not is_bp(lines[k]) or kind[k]), None)
            if (nxt is not None and nxt < provisional and not chrome(nxt) and _words(lines[nxt]) >= 6):
                standfirst_i = nxt
        if standfirst_i is not None:
            kind[standfirst_i] = "standfirst"
        before = [k for k in cands if k < title_i]
        sec = before[-1] if before else None
        in_menu = (sec is not None and sec > 0 and sec != title_i - 1 and not blank_before[sec]
                   and not is_bp(lines[sec - 1]) and _words(lines[sec - 1]) <= 2)
        if sec is not None and _words(lines[sec]) <= 4 and not _looks_like_menu(lines[sec]) and not in_menu:
            parts.section = lines[before[-1]]
            kind[before[-1]] = "section"
    body_start = provisional
    if title_i is not None and body_start <= max(title_i, standfirst_i or -1):
        body_start = next((i for i in range(max(title_i, standfirst_i or -1) + 1, n) if not chrome(i) and prose(i)), n)

    # 3. the trailer: after the last prose line of the body
    body_end = body_start - 1
    for i in range(body_start, n):
        if not kind[i] and not is_bp(lines[i]) and prose(i):
            body_end = i

    hints: dict[str, str] = {}
    for i, s in enumerate(lines):
        k = kind[i]
        if k == "section" or k == "title":
            continue
        if k == "standfirst":
            parts.standfirst = s
            w = _WRITES_RE.search(s)
            if w and not parts.author:
                parts.author = _split_names(w.group(1))
            continue
        if k == "caption":
            parts.captions.append(s)
            continue
        if k == "caption_copy":
            parts.boilerplate.append(s)
            continue
        signoff = _SIGNOFF_RE.match(s)
        if signoff:
            parts.boilerplate.append(s)
            if not parts.author:
                parts.author = _split_names(signoff.group(1))
            continue
        hint = _publisher_hint(s)
        if hint:
            hints["wire" if _WIRE_RE.match(s) else "copyright"] = hints.get("wire" if _WIRE_RE.match(s) else "copyright") or hint
        if i < body_start or i > body_end:
            by = _byline(s)
            if by and not parts.author:
                parts.author = by
                pub = re.search(r",\s*([A-Z][A-Za-z]{1,10})\s*$", s)
                if pub and pub.group(1).isupper():
                    hints["byline"] = pub.group(1)
            if parts.published is None and i < body_start:
                # a dateline alone, or after a byline: "By Omar Haddad | Published March 10, 2023 - 4:15 PM GST"
                dated = next((p for p in [s, *s.split(" | ")[1:]] if looks_like_dateline(p)), None)
                if dated is not None:
                    parts.published = parse_published(dated)
            parts.boilerplate.append(s)
            continue
        # inside the body
        if is_bp(s) or _TIMESTAMP_RE.match(s) or not prose(i):
            parts.boilerplate.append(s)
            continue
        parts.paragraphs.append(s)
    # the site the page sits on: the name in a logo link, else a name the page repeats, a byline's
    # outlet, a copyright line, a wire tag, or the first name-like header line
    header = [i for i in range(min(provisional, n)) if kind[i] in ("", "section") and not is_bp(lines[i])
              and not _is_byline(lines[i])]
    repeated, first = _site_name(lines, header)
    logo = next((name for name in map(_logo_name, lines[:min(provisional, n)]) if name), None)
    parts.publisher = (logo or repeated or hints.get("byline") or hints.get("copyright") or hints.get("wire") or first)
    if parts.publisher and parts.section and parts.section.lower() == parts.publisher.lower():
        parts.section = None
    if parts.publisher and parts.publisher.isupper() and len(parts.publisher) > 5:
        mixed = re.search(re.escape(parts.publisher), "\n".join(lines), re.I)
        same = [m.group(0) for m in re.finditer(re.escape(parts.publisher), "\n".join(lines), re.I) if not m.group(0).isupper()]
        parts.publisher = same[0] if same else parts.publisher.title() if mixed else parts.publisher
    if overran:
        parts.warnings.append(bp_pats.overrun_warning(overran))
    return parts


_SMALL = frozenset({"of", "the", "and", "for", "on", "in", "a"})


def _site_name(lines: list[str], header: list[int]) -> tuple[str | None, str | None]:
    """The site's name among the header lines: (a short title-case line that the page repeats, in a
    credit, a copyright line or "More from X"; the first such line)."""
    names = [i for i in header
             if 1 <= _words(lines[i]) <= 5 and not lines[i].rstrip().endswith(_TERMINAL) and lines[i].lower() not in _SECTION_WORDS
             and all(w[:1].isupper() or w in _SMALL for w in lines[i].split()) and not looks_like_dateline(lines[i])]
    repeated = None
    for i in names:
        name = lines[i]
        if _words(name) < 2 and not (name.isupper() or any(c.isupper() for c in name[1:])):
            continue
        low = name.lower()
        if any(low in other.lower() and other != name and not _looks_like_menu(other) for k, other in enumerate(lines) if k != i):
            repeated = name
            break
    first = next((lines[i] for i in names if _words(lines[i]) >= 2), None)
    return repeated, first


def paragraphs_text(paragraphs: Iterable[str]) -> str:
    return "\n\n".join(p.strip() for p in paragraphs if p.strip())
