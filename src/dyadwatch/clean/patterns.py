"""Line patterns (boilerplate, photo credits): the bundled files in data/clean/ and a user's own.

Every line of every page is tried against these, and page text is untrusted. The bundled patterns are
written so that each piece matches one way (atomic groups, possessive quantifiers) and run with ``re``.
A user's patterns may not be: ``(a|aa)+$`` or ``(\\w+\\s?)+:`` can take hours on one hostile line. So
they are compiled with the ``regex`` module and given at most ``USER_PATTERN_TIMEOUT_S`` a line; a
line that runs past it counts as not matching, and the caller is told which line it was. After
``MAX_OVERRUNS`` such lines in one article, its other lines are not tried.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import regex

from ..errors import DataFileError, UsageError

USER_PATTERN_TIMEOUT_S = 0.05
"""Seconds a user's patterns may take on one line (news lines take them microseconds)."""

MAX_OVERRUNS = 3
"""Lines of one article the user's patterns may overrun; the article's later lines are not tried (so a
bad pattern costs an article at most this many time limits)."""


@dataclass(frozen=True, slots=True, eq=False)
class LinePatterns:
    """One alternation of the bundled patterns, and one of the user's (``None`` without user files)."""

    bundled: re.Pattern[str]
    user: regex.Pattern[str] | None = None
    files: tuple[str, ...] = ()
    timeout_s: float = USER_PATTERN_TIMEOUT_S

    def match(self, line: str, *, overran: list[str] | None = None) -> bool:
        """Whether a pattern matches at the start of ``line``; a line a user pattern overran is
        appended to ``overran`` and does not match."""
        return self.bundled.match(line) is not None or self._user(line, overran, whole=True)

    def search(self, line: str, *, overran: list[str] | None = None) -> bool:
        """Whether a pattern matches anywhere in ``line`` (``overran`` as for ``match``)."""
        return self.bundled.search(line) is not None or self._user(line, overran, whole=False)

    def _user(self, line: str, overran: list[str] | None, *, whole: bool) -> bool:
        if self.user is None:
            return False
        if overran is not None and len(overran) >= MAX_OVERRUNS:
            overran.append(line)  # not tried: taken as not matching, like the lines overrun
            return False
        try:
            found = (self.user.match if whole else self.user.search)(line, timeout=self.timeout_s)
        except TimeoutError:
            if overran is not None:
                overran.append(line)
            return False
        return found is not None

    def overrun_warning(self, lines: list[str]) -> str:
        """A warning, with its fix, for the lines of one article that the user's patterns overran or,
        after ``MAX_OVERRUNS`` of them, were not tried on (``overran`` of ``match``)."""
        first = lines[0] if len(lines[0]) <= 80 else lines[0][:77] + "..."
        return (f"the patterns of {', '.join(self.files)} ran past {self.timeout_s * 1000:.0f} ms on "
                f"{min(len(lines), MAX_OVERRUNS)} line(s) (first: {first!r}), and {len(lines)} line(s) of this "
                "article were taken as not matching them; rewrite the pattern so that each part can match only "
                "one way: an atomic group (?>...) or a possessive quantifier such as \\w++ instead of nested "
                "repeats like (\\w+\\s?)+")


def _compile_lines(path: str, text: str, *, user: bool) -> list[str]:
    """The patterns of one file (one a line; blank lines and # comments skipped), each checked."""
    out = []
    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            if user:
                regex.compile(line, regex.IGNORECASE)
            else:
                re.compile(line, re.I)
        except (re.error, regex.error) as exc:
            raise DataFileError(path, n, f"bad regular expression ({exc})", fix="fix or remove the line") from exc
        out.append(line)
    return out


def _alternation(patterns: list[str]) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


@lru_cache(maxsize=8)
def load_patterns(name: str, extra: tuple[str, ...] = ()) -> LinePatterns:
    """The patterns of the bundled file ``data/clean/<name>`` and of the user's files ``extra``, each
    line validated, compiled once (one call a line instead of one a pattern)."""
    res = resources.files("dyadwatch") / "data" / "clean" / name
    bundled = re.compile(_alternation(_compile_lines(str(res), res.read_text(encoding="utf-8"), user=False)), re.I)
    if not extra:
        return LinePatterns(bundled)
    mine: list[str] = []
    for path in extra:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"{path}: cannot read the pattern file ({exc})",
                             fix="check the path in boilerplate_files (DYADWATCH_BOILERPLATE_FILES); "
                                 "the file holds one regular expression a line, UTF-8") from exc
        mine += _compile_lines(path, text, user=True)
    user = regex.compile(_alternation(mine), regex.IGNORECASE) if mine else None
    return LinePatterns(bundled, user, tuple(extra))
