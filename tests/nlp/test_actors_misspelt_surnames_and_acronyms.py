"""Round 4 actor rules: a leader's surname misspelt by one letter (7+ letters, unique in the KB) after a title or
the leader's own first name; short acronyms only as written."""

from __future__ import annotations

from datetime import date

import pytest

from dyadwatch.evaluate import country
from dyadwatch.nlp.actors import CorefContext, _one_edit


@pytest.fixture(scope="module")
def resolver():
    from dyadwatch.pipeline import Pipeline
    return Pipeline()


def _mentions(p, text: str) -> list[tuple[str, str]]:
    doc = p.fast(text)
    ms = p.resolver.resolve(doc, day=date(2024, 1, 1), context=CorefContext())
    return [(doc[m.start:m.end].text, m.ref.code) for m in ms]


@pytest.mark.parametrize(("text", "span", "want"), [
    ("President Francois Mitterand welcomed the South African leader.", "Mitterand", "FRA"),
    ("President Abdelaziz Bouteflicka threatened to impose a curfew.", "Bouteflicka", "DZA"),
    ("Rebels demanded the removal of President Juvenal Habyariman.", "Habyariman", "RWA"),
    ("Abdelaziz Bouteflicka spoke to reporters.", "Bouteflicka", "DZA"),
])
def test_near_surname(resolver, text: str, span: str, want: str) -> None:
    got = _mentions(resolver, text)
    assert any(s.endswith(span) and country(c) == want for s, c in got), got


@pytest.mark.parametrize("text", [
    "Mitterand spoke to reporters on Monday.",  # no title, no first name
    "The farmer Smithson sold his land.",  # not one edit from a KB surname
    "President Bouteflicka Jones arrived.",  # not the last word of a name
])
def test_no_near_surname(resolver, text: str) -> None:
    got = _mentions(resolver, text)
    assert not any(country(c) in ("FRA", "DZA") for _s, c in got), got


@pytest.mark.parametrize(("a", "b", "want"), [
    ("mitterand", "mitterrand", True), ("bouteflicka", "bouteflika", True), ("habyariman", "habyarimana", True),
    ("netanyahu", "netanyhau", True), ("netanyahu", "netanyahu", False), ("mitterand", "miterand", True),
    ("mitterand", "mittterrand", False), ("abcdefg", "abcdxyg", False),
])
def test_one_edit(a: str, b: str, want: bool) -> None:
    assert _one_edit(a, b) is want
