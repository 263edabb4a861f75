"""Parameter checks shared by the API and the pages: bad values become 422 errors, never 500s."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..store.queries import PERIODS
from .errors import invalid

MAX_PAGE = 500
MAX_OFFSET = 10_000_000
ACTOR_RE = re.compile(r"^[A-Za-z]{3}[A-Za-z0-9]{0,12}$")
ACTOR_PATTERN = ACTOR_RE.pattern
ID_PATTERN = r"^[A-Za-z0-9_.:-]{1,128}$"
EVENT_ID_PATTERN = r"^[0-9a-f]{16}$"
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
DATE_PATTERN = DATE_RE.pattern


def actor(value: str | None, name: str = "actor") -> str | None:
    """An actor code or country (``RUS``, ``RUSGOV``, ``IGOUNO``), upper-cased; None when empty."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if not ACTOR_RE.match(text):
        raise invalid(f"{name} {text!r} is not an actor code", "use a code such as RUS, RUSGOV or IGOUNO")
    return text.upper()


def day(value: str | None, name: str) -> date | None:
    """A date given as YYYY, YYYY-MM or YYYY-MM-DD (the first day of the period)."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        if not DATE_RE.match(text):
            raise ValueError
        parts = [int(p) for p in text.split("-")] + [1, 1]
        return date(parts[0], parts[1], parts[2])
    except ValueError:
        raise invalid(f"{name} {text!r} is not a date", "use YYYY-MM-DD, YYYY-MM or YYYY") from None


def period(value: str | None) -> str:
    by = (value or "month").strip().lower()
    if by not in PERIODS:
        raise invalid(f"by {value!r} is not a period", f"use one of {', '.join(PERIODS)}")
    return by


def quad(value: str | int | None) -> int | None:
    if value is None or value == "":
        return None
    text = str(value).strip()
    if text not in ("1", "2", "3", "4"):
        raise invalid(f"quad {value!r} is not a QuadClass", "use 1 (verbal cooperation) to 4 (material conflict)")
    return int(text)


@dataclass(frozen=True, slots=True)
class Range:
    since: date | None
    until: date | None

    def query(self) -> dict[str, str]:
        """The range as URL parameters (for links that keep the filters)."""
        out = {}
        if self.since:
            out["since"] = self.since.isoformat()
        if self.until:
            out["until"] = self.until.isoformat()
        return out


def date_range(since: str | None, until: str | None) -> Range:
    lo, hi = day(since, "since"), day(until, "until")
    if lo and hi and hi < lo:
        raise invalid(f"until {hi} is before since {lo}", "swap the two dates")
    return Range(lo, hi)
