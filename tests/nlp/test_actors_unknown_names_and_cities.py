"""Round 3 actor rules: unknown names after "ADJ AGENT", cities after place prepositions, company codes."""

from __future__ import annotations

from datetime import date

import pytest

from dyadwatch.evaluate import country
from dyadwatch.nlp.actors import CorefContext


@pytest.fixture(scope="module")
def resolver():
    from dyadwatch.pipeline import Pipeline
    p = Pipeline()
    return p


def _mentions(p, text: str) -> list[tuple[str, str, str]]:
    doc = p.fast(text)
    ms = p.resolver.resolve(doc, day=date(2024, 1, 1), context=CorefContext())
    return [(doc[m.start:m.end].text, m.ref.code, m.ref.via) for m in ms]


@pytest.mark.parametrize(("text", "span", "code"), [
    ("American journalist Evan Gershkovich was detained.", "American journalist Evan Gershkovich", "USAMED"),
    ("Thousands rallied in Lagos on Friday.", "Lagos", "NGA"),
    ("A bomb exploded near the town of Samarra.", "Samarra", "IRQ"),
    ("Ricardo Lagos met officials in New York.", "New York", "USA"),
])
def test_resolves(resolver, text: str, span: str, code: str) -> None:
    assert any(s == span and c == code for s, c, _v in _mentions(resolver, text)), _mentions(resolver, text)


@pytest.mark.parametrize("text", [
    "He spoke in Reading about the Mobile plan.",      # stoplisted common words
    "The talks in Santa Clara University ended.",       # part of a longer name
    "Lagos said he would run again.",                    # no place preposition
])
def test_no_city(resolver, text: str) -> None:
    assert not any(v == "city" for _s, _c, v in _mentions(resolver, text)), _mentions(resolver, text)


@pytest.mark.parametrize(("code", "want"), [("MNCRUS", "RUS"), ("MNCUSA", "USA"), ("IGOUNO", "IGO"), ("UKG", "GBR"),
                                            ("RUSGOV", "RUS")])
def test_evaluate_country(code: str, want: str) -> None:
    assert country(code) == want
