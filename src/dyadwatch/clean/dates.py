"""Publication dates as pages print them, read into tz-aware datetimes."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache

ZONES: dict[str, float] = {
    "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "BST": 1, "IST": 1, "CET": 1, "WAT": 1, "WEST": 1,
    "CEST": 2, "EET": 2, "CAT": 2, "SAST": 2, "EEST": 3, "MSK": 3, "EAT": 3, "AST": 3, "GST": 4,
    "PKT": 5, "ICT": 7, "WIB": 7, "HKT": 8, "SGT": 8, "AWST": 8, "KST": 9, "JST": 9,
    "AEST": 10, "AEDT": 11, "NZST": 12, "NZDT": 13, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5,
    "MST": -7, "MDT": -6, "PST": -8, "PDT": -7, "AKST": -9, "HST": -10,
}
MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_MONTH_RE = re.compile(rf"\b({MONTHS})\.?\b", re.I)
_YEAR_RE = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_ISO_RE = re.compile(
    r"\b(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?"
)
_NUMERIC_RE = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")
_TIME_RE = re.compile(r"\b(\d{1,2})[:.](\d{2})(?:\s*([ap])\.?m\.?)?(?=\W|$)", re.I)
_ZONE_RE = re.compile(r"\b(" + "|".join(sorted((z for z in ZONES if z != "Z"), key=len, reverse=True)) + r")\b")
_LEAD_RE = re.compile(
    r"^\s*(published|updated|posted|last updated|last modified|first published|created|date|dateline)\s*(on|at)?\s*:?\s*",
    re.I,
)
_RELATIVE_RE = re.compile(r"\b(ago|yesterday|today|just now|minutes? read|min read)\b", re.I)
_MONTH_NUM = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], start=1)}


def _month_number(word: str) -> int:
    w = word.lower().rstrip(".")
    for name, num in _MONTH_NUM.items():
        if name.startswith(w[:3]):
            return num
    raise ValueError(word)


def looks_like_dateline(line: str) -> bool:
    """A short line that is mostly an absolute date (not "Updated 3 hours ago")."""
    line = re.split(r"\s+(?:updated|last updated|modified)\b", line, maxsplit=1, flags=re.I)[0]
    if len(line) > 90 or _RELATIVE_RE.search(line):
        return False
    return parse_published(line) is not None


@lru_cache(maxsize=1024)  # full within the first few hundred articles, so memory stays flat after them (docs/scale.md)
def parse_published(text: str) -> datetime | None:
    """Read one absolute date(-time) from a short string; None when it holds none.

    Times without a zone are taken as UTC; a zone abbreviation (BST, EST, CET ...) or an
    offset gives the offset. A date without a time is midnight in that zone.
    """
    s = _LEAD_RE.sub("", text.strip())
    # "September 4, 2023 4:12 PM GMT+1 Updated 2 hours ago": keep the absolute part
    s = re.split(r"\s+(?:updated|last updated|modified)\b", s, maxsplit=1, flags=re.I)[0]
    if not s or _RELATIVE_RE.search(s):
        return None
    iso = _ISO_RE.search(s)
    y = mo = d = None
    hh = mm = ss = 0
    tz: timezone | None = None
    if iso:
        y, mo, d = int(iso.group(1)), int(iso.group(2)), int(iso.group(3))
        if iso.group(4):
            hh, mm, ss = int(iso.group(4)), int(iso.group(5)), int(iso.group(6) or 0)
        if iso.group(7):
            z = iso.group(7)
            if z == "Z":
                tz = UTC
            else:
                sign = 1 if z[0] == "+" else -1
                digits = z[1:].replace(":", "")
                tz = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
        rest = s[iso.end():]
    else:
        year = _YEAR_RE.search(s)
        month = _MONTH_RE.search(s)
        num = _NUMERIC_RE.search(s)
        if year and month:
            y, mo = int(year.group(1)), _month_number(month.group(1))
            day = None
            for m in re.finditer(r"\b(\d{1,2})(?:st|nd|rd|th)?\b", s):
                if m.start() == year.start():
                    continue
                # a day number sits next to the month name, not inside a time
                near = abs(m.start() - month.end()) <= 3 or abs(month.start() - m.end()) <= 3
                if near and not re.match(r"[:.]\d", s[m.end():m.end() + 2]):
                    day = int(m.group(1))
                    break
            if day is None:
                return None
            d = day
            rest = s[:month.start()] + " " + s[max(month.end(), year.end()):]
        elif num:
            d, mo, y = int(num.group(1)), int(num.group(2)), int(num.group(3))
            if mo > 12 and d <= 12:
                d, mo = mo, d
            rest = s[num.end():]
        else:
            return None
        t = _TIME_RE.search(rest)
        if t:
            hh, mm = int(t.group(1)), int(t.group(2))
            ampm = (t.group(3) or "").lower()
            if ampm == "p" and hh < 12:
                hh += 12
            elif ampm == "a" and hh == 12:
                hh = 0
    if tz is None:
        gmt = re.search(r"\b(?:GMT|UTC)\s*([+-])(\d{1,2})(?::?(\d{2}))?\b", s)
        if gmt:
            sign = 1 if gmt.group(1) == "+" else -1
            tz = timezone(sign * timedelta(hours=int(gmt.group(2)), minutes=int(gmt.group(3) or 0)))
    if tz is None:
        zone = _ZONE_RE.search(s)
        tz = timezone(timedelta(hours=ZONES[zone.group(1)])) if zone else UTC
    try:
        return datetime(y, mo, d, hh, mm, ss, tzinfo=tz)
    except (TypeError, ValueError):
        return None
