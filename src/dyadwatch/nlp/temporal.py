"""When an event happened: explicit dates in the event's clause, resolved against the article date."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from spacy.tokens import Token

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_YEAR = re.compile(r"^(19[5-9]\d|20\d\d)$")


@dataclass(frozen=True, slots=True)
class EventDate:
    value: str
    precision: str  # day, month, year

    @property
    def start(self) -> date:
        parts = [int(p) for p in self.value.split("-")]
        return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def _scope(trigger: Token) -> list[Token]:
    """Tokens of the clause around the trigger: its subtree, minus embedded clauses of their own,
    plus the governing verb's own modifiers when the trigger is a noun."""
    clause_deps = {"relcl", "ccomp", "parataxis"}
    toks: list[Token] = []

    def walk(t: Token, top: bool) -> None:
        if not top and t.dep_ in clause_deps:
            return
        toks.append(t)
        for c in t.children:
            walk(c, False)

    walk(trigger, True)
    head = trigger
    for _ in range(3):
        if head.head is head or head.pos_ in ("VERB", "AUX"):
            break
        head = head.head
    if head is not trigger:
        for c in head.children:
            if c.dep_ in ("prep", "npadvmod", "advmod", "advcl") and c not in toks:
                walk(c, False)
    return sorted(toks, key=lambda t: t.i)


def resolve_words(words: list[str], *, day: date | None, future: bool = False) -> EventDate | None:
    """A date from a short run of lowercased words ("in march", "on 3 june 2023", "last year"). A month or weekday
    without a year is the last one on or before ``day``; for a planned act (``future``) the next one on or after it."""
    n = len(words)
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < n else ""
        prev = words[i - 1] if i > 0 else ""
        if w in MONTHS and len(w) > 2:
            month = MONTHS[w]
            year = int(nxt) if _YEAR.match(nxt) else None
            if year is None and i + 2 < n and nxt.isdigit() and _YEAR.match(words[i + 2]):
                year = int(words[i + 2])
            dnum = None
            if nxt.isdigit() and 1 <= int(nxt) <= 31 and not _YEAR.match(nxt):
                dnum = int(nxt)
            elif prev.isdigit() and 1 <= int(prev) <= 31:
                dnum = int(prev)
            if year is None:
                if day is None:
                    continue
                if future:
                    year = day.year if (month, dnum or 31) >= (day.month, day.day) else day.year + 1
                else:
                    year = day.year if (month, dnum or 1) <= (day.month, day.day) else day.year - 1
            if dnum:
                try:
                    return EventDate(date(year, month, dnum).isoformat(), "day")
                except ValueError:
                    pass
            return EventDate(f"{year:04d}-{month:02d}", "month")
        if _YEAR.match(w) and prev in ("in", "since", "during", "of", "by", "early", "late", "mid", "until"):
            return EventDate(w, "year")
        if w in WEEKDAYS and day is not None:
            if future and prev != "last":
                ahead = (WEEKDAYS[w] - day.weekday()) % 7 or (7 if prev == "next" else 0)
                return EventDate((day + timedelta(days=ahead)).isoformat(), "day")
            back = (day.weekday() - WEEKDAYS[w]) % 7
            if prev == "last" and back == 0:
                back = 7
            return EventDate((day - timedelta(days=back)).isoformat(), "day")
        if day is not None:
            if w == "yesterday":
                return EventDate((day - timedelta(days=1)).isoformat(), "day")
            if w in ("today", "tonight"):
                return EventDate(day.isoformat(), "day")
            if prev == "last" and w == "year":
                return EventDate(str(day.year - 1), "year")
            if prev == "this" and w == "year":
                return EventDate(str(day.year), "year")
            if prev == "last" and w == "month":
                m = day.replace(day=1) - timedelta(days=1)
                return EventDate(f"{m.year:04d}-{m.month:02d}", "month")
            if prev == "last" and w == "week":
                return EventDate((day - timedelta(days=7)).isoformat(), "day")
    return None


def find_event_date(trigger: Token, *, day: date | None, caption: bool = False, future: bool = False) -> EventDate | None:
    """The date the clause gives, else the article date (captions: no date unless one is written); ``future``
    for a planned act, whose "in April" is the coming April."""
    words = [t.lower_ for t in _scope(trigger)]
    found = resolve_words(words, day=day, future=future)
    if found is not None:
        return found
    if caption or day is None:
        return None
    return EventDate(day.isoformat(), "day")
