"""Round 6 rules: unattributed attacks coded from their place, military posture (15), bans on protest (1721),
"opposed to", curfews in a named town, visits and talks kept apart, cities after place prepositions."""

from __future__ import annotations

import pytest
from eventhelp import coded_events


@pytest.mark.parametrize(("text", "want"), [
    ("A roadside bombing near the town of Samarra on Sunday killed one U.S. soldier.", ("18", "IRQ", "USA")),
    ("Three US servicemen were killed by an improvised explosive device outside the Iraqi city of Basra.",
     ("18", "IRQ", "USA")),
    ("Vladimir Putin ordered Russia's nuclear deterrence forces on to high alert on Sunday.", ("152", "RUS", None)),
    ("Israel has strengthened its forces in Lebanon.", ("153", "ISR", "LBN")),
    ("Turkish police prevented the demonstration staged by students in Sivas.", ("1721", "TUR", None)),
    ("Turkish authorities have imposed a curfew in the town of Cizre.", ("1723", "TUR", None)),
    ("Israel is opposed to French mediation in the negotiations.", ("12", "ISR", "FRA")),
    ("Burmese troops have captured part of a Karen guerrilla stronghold.", ("19", "MMR", None)),
])
def test_rule(pipeline, text: str, want: tuple[str, str | None, str | None]) -> None:
    got = coded_events(pipeline, text)
    assert any(c.startswith(want[0]) and s == want[1] and t == want[2] for c, s, t in got), got


@pytest.mark.parametrize("text", [
    "At least 232 Palestinians were killed in Gaza and 12 people were killed in Israel.",
    "Five soldiers were killed in an attack on an Israeli base in the north.",
])
def test_casualty_counts_without_an_act_are_not_attacks_by_the_place(pipeline, text: str) -> None:
    assert not any(c[:2] in ("18", "19") and s in ("PSE", "ISR") and t is None for c, s, t in coded_events(pipeline, text))


def test_a_visit_and_its_talks_are_twocoded_events(pipeline) -> None:
    got = coded_events(pipeline, "Yoon Suk Yeol held talks with Fumio Kishida in Tokyo on Thursday, "
                            "the first visit by a South Korean president to Japan in 12 years.")
    assert len([c for c, s, t in got if c[:2] == "04" and s == "KOR" and t == "JPN"]) >= 2, got


def test_a_neutral_venue_city_is_not_the_counterpart(pipeline) -> None:
    got = coded_events(pipeline, "Joe Biden and Vladimir Putin met for three hours at a lakeside villa in Geneva.")
    assert not any(t == "CHE" for _c, _s, t in got), got
