"""A user's own boilerplate patterns (``boilerplate_files``): applied to captures and pages, checked
before a run, and limited in time on hostile lines."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dyadwatch.clean.patterns import load_patterns
from dyadwatch.errors import DataFileError, UsageError
from dyadwatch.model import Article
from dyadwatch.readers import read_inputs
from dyadwatch.readers.html import read_html
from dyadwatch.settings import Settings, load_settings

PROMO = "Readers of the Harbour Bulletin can have every morning's stories sent to them by signing up today."
FIRST = ("The foreign ministers of the two neighbouring states met in the port city on Monday to discuss "
         "a new agreement on fishing rights and shipping lanes.")
SECOND = ("Officials said the talks would continue next week, after both delegations had consulted their "
          "governments on the draft text.")
CAPTURE = f"Ministers meet on fishing rights\n\n{FIRST}\n\n{PROMO}\n\n{SECOND}\n"
PAGE = (f"<!doctype html><html><head><title>Ministers meet on fishing rights</title></head><body><article>"
        f"<h1>Ministers meet on fishing rights</h1><p>{FIRST}</p><p>{PROMO}</p><p>{SECOND}</p>"
        "</article></body></html>")


@pytest.fixture
def promo_file(tmp_path: Path) -> Path:
    path = tmp_path / "house.txt"
    path.write_text("# our own promotion lines\nreaders of the harbour bulletin\\b.*\n", encoding="utf-8")
    return path


def _articles(path: Path, settings: Settings) -> list[Article]:
    return [a for a in read_inputs([str(path)], settings=settings) if isinstance(a, Article)]


@pytest.mark.parametrize(("name", "content"), [("page.txt", CAPTURE), ("page.html", PAGE)])
def test_user_pattern_moves_a_body_line_to_boilerplate(tmp_path, promo_file, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    (plain,) = _articles(path, Settings())
    assert PROMO in plain.body
    (cleaned,) = _articles(path, Settings(boilerplate_files=(str(promo_file),)))
    assert PROMO not in cleaned.body
    assert PROMO in cleaned.boilerplate
    assert FIRST in cleaned.body and SECOND in cleaned.body


def test_boilerplate_files_setting_comes_from_the_environment(promo_file, tmp_path):
    other = tmp_path / "other.txt"
    other.write_text("x\n", encoding="utf-8")
    joined = f"{promo_file}{os.pathsep}{other}"
    assert load_settings({"DYADWATCH_BOILERPLATE_FILES": joined}).boilerplate_files == (str(promo_file), str(other))


def test_missing_pattern_file_is_a_usage_error_naming_it(tmp_path):
    missing = tmp_path / "nope.txt"
    with pytest.raises(UsageError) as err:
        list(read_inputs([str(tmp_path)], settings=Settings(boilerplate_files=(str(missing),))))
    assert str(missing) in err.value.render() and "boilerplate_files" in err.value.render()


def test_bad_user_pattern_names_its_file_and_line(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("# fine\nok line\n(unclosed\n", encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_patterns("boilerplate.txt", (str(bad),))
    assert err.value.path == str(bad) and err.value.line == 3


def test_ingest_with_a_missing_pattern_file_stops_before_touching_the_database(tmp_path):
    from dyadwatch.engines.local import ingest

    page = tmp_path / "in" / "page.txt"
    page.parent.mkdir()
    page.write_text(CAPTURE, encoding="utf-8")
    db = tmp_path / "news.duckdb"
    with pytest.raises(UsageError):
        ingest([str(page.parent)], db=db, settings=Settings(boilerplate_files=(str(tmp_path / "nope.txt"),)))
    assert not db.exists()


SLOW = "^(\\w|\\w\\w|\\s)+$\n"  # "a line of words and spaces only", written so that it tries every split


def test_user_pattern_that_backtracks_is_cut_short_and_reported(tmp_path, run_in_child):
    slow = tmp_path / "slow.txt"
    slow.write_text(SLOW, encoding="utf-8")
    page = tmp_path / "page.txt"
    page.write_text(CAPTURE, encoding="utf-8")
    code = f"""
from dyadwatch.errors import InputError
from dyadwatch.model import Article
from dyadwatch.readers import read_inputs
from dyadwatch.settings import Settings
items = list(read_inputs([{str(page)!r}], settings=Settings(boilerplate_files=({str(slow)!r},))))
(article,) = [i for i in items if isinstance(i, Article)]
warned = [i for i in items if isinstance(i, InputError)]
assert all(line in article.body for line in ({FIRST!r}, {PROMO!r}, {SECOND!r}))
assert len(warned) == 1 and warned[0].warning, warned
assert {str(slow)!r} in warned[0].message and "possessive" in warned[0].message, warned[0].message
"""
    # without the time limit, this pattern takes seconds on a short line and years on a long one
    run_in_child(code, timeout=120)


def test_html_warning_for_an_overrun_names_the_pattern_file(tmp_path):
    slow = tmp_path / "slow.txt"
    slow.write_text(SLOW, encoding="utf-8")
    draft, warnings = read_html(PAGE, source="page.html", boilerplate_files=(str(slow),))
    assert PROMO in draft.body
    assert any(str(slow) in w for w in warnings)


def test_bundled_patterns_alone_have_no_time_limit_to_report():
    patterns = load_patterns("boilerplate.txt")
    overran: list[str] = []
    assert patterns.user is None
    assert patterns.match("Home | News | Sport | Business", overran=overran)
    assert overran == []


class _AlwaysOverruns:
    """Stands in for a compiled user pattern that runs past any time limit; counts the calls."""

    def __init__(self) -> None:
        self.calls = 0

    def match(self, line: str, *, timeout: float) -> None:
        self.calls += 1
        raise TimeoutError("regex timed out")


def test_an_article_stops_trying_a_pattern_after_a_few_overruns():
    from dyadwatch.clean.patterns import MAX_OVERRUNS, LinePatterns

    user = _AlwaysOverruns()
    slow = LinePatterns(load_patterns("boilerplate.txt").bundled, user, ("slow.txt",))  # type: ignore[arg-type]
    overran: list[str] = []
    lines = [f"{FIRST} {i}." for i in range(MAX_OVERRUNS + 5)]
    assert not any(slow.match(line, overran=overran) for line in lines)
    assert overran == lines  # every line is reported as taken for not matching
    assert user.calls == MAX_OVERRUNS  # but the ones after the first overruns were not tried
    assert slow.match(lines[0], overran=[]) is False and user.calls == MAX_OVERRUNS + 1  # the next article tries again
