"""Round 7 rules: groups as sources, "agreed to" as agreement (03), riots (145) and repression (175)."""

from __future__ import annotations

import pytest
from eventhelp import coded_events


@pytest.mark.parametrize(("text", "want"), [
    ("Leaders of the Azadliq opposition coalition agreed to postpone the demonstration in Baku until 9 November.",
     ("03", "AZE", None)),
    ("Islamic fundamentalists continued their hunger strike to demand the resignation of Algerian President "
     "Ahmed Ben Bella.", ("10", "DZA", "DZA")),
    ("Protesters stormed Kenya's parliament in Nairobi.", ("145", "KEN", "KEN")),
    ("In Yerevan, hundreds of angry protesters broke into the government headquarters.", ("145", "ARM", None)),
    ("Iranian security forces fired on protesters in Zahedan.", ("175", "IRN", "IRN")),
    ("The Forces for Defence of Democracy attacked an army post in Burundi.", ("19", "BDI", None)),
])
def test_rule(pipeline, text: str, want: tuple[str, str | None, str | None]) -> None:
    got = coded_events(pipeline, text)
    assert any(c.startswith(want[0]) and s == want[1] and (want[2] is None or t == want[2]) for c, s, t in got), got


@pytest.mark.parametrize(("text", "bad"), [
    ("Russian troops killed villagers near Bucha.", "175"),  # an attack, not repression of a crowd
    ("Riot police fired tear gas at protesters in Istanbul.", "145"),  # the police do not riot
])
def test_not(pipeline, text: str, bad: str) -> None:
    assert not any(c == bad for c, _, _ in coded_events(pipeline, text))
