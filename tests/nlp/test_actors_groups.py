"""Groups: ethnic and religious peoples and generic political groupings (data/actors/groups.tsv) resolved to a
state — their own, the one of their states named in context, or (generic groupings) the one state named in the
same or the previous sentence; Phoenix's non-state groups imported into organisations.tsv."""

from __future__ import annotations

from datetime import date

import pytest

from dyadwatch.errors import DataFileError
from dyadwatch.kb.actors import ActorKB, Named, _group_row, load_kb
from dyadwatch.nlp.actors import CorefContext


def _mentions(p, *texts: str) -> list[tuple[str, str]]:
    ctx = CorefContext()
    out = []
    for text in texts:
        doc = p.fast(text)
        out += [(doc[m.start:m.end].text, m.ref.code) for m in p.resolver.resolve(doc, day=date(2024, 1, 1), context=ctx)]
    return out


@pytest.mark.parametrize(("text", "span", "code"), [
    ("A group of Yoruba leaders announced they would back the president.", "Yoruba leaders", "NGACVL"),
    ("Ibo traditional elders have demanded control of the ministry.", "Ibo traditional elders", "NGACVL"),
    ("Uighurs held a vigil outside the consulate.", "Uighurs", "CHNCVL"),
    ("Rohingya refugees crossed the border overnight.", "Rohingya refugees", "MMRCVL"),
    ("Bosnian Serbs rejected the peace plan.", "Bosnian Serbs", "BIHCVL"),
    ("Chechen rebels attacked a convoy.", "Chechen rebels", "RUSREB"),
    ("The Tamil Tigers ambushed an army patrol.", "Tamil Tigers", "LKAREB"),
    # several states: the one named in the sentence
    ("The main Hutu rebel group insisted that Burundi's government grant its demands.", "Hutu rebel group", "BDIREB"),
    ("Kurdish rebels attacked a police post in southeastern Turkey.", "Kurdish rebels", "TURREB"),
    # generic groupings: the one state named in the sentence
    ("Leaders of the Azadliq opposition coalition agreed to postpone the demonstration in Baku.", "opposition coalition",
     "AZEOPP"),
    ("Islamic fundamentalists continued their hunger strike against Algerian President Ahmed Ben Bella.",
     "Islamic fundamentalists", "DZARAD"),
    ("Students marched through the streets of Tehran on Monday.", "Students", "IRNEDU"),
    # Phoenix MilNonState groups and hand-written GSR groups
    ("The rebel Revolutionary United Front announced it would return weapons.", "Revolutionary United Front", "SLEREB"),
    ("The Forces for Defence of Democracy attacked the capital.", "Forces for Defence of Democracy", "BDIREB"),
    ("The Ulster Volunteer Force announced a ceasefire.", "Ulster Volunteer Force", "GBRREB"),
    ("UNITA refused to allow UN planes to land.", "UNITA", "AGOREB"),
])
def test_group_resolves(pipeline, text: str, span: str, code: str) -> None:
    assert (span, code) in _mentions(pipeline, text)


def test_previous_sentence_names_the_state(pipeline) -> None:
    got = _mentions(pipeline, "Police in Kenya braced for more unrest.", "Students marched on Tuesday.")
    assert ("Students", "KENEDU") in got


@pytest.mark.parametrize("text", [
    "Students marched on Tuesday.",  # no state named: left unresolved
    "Kurds celebrated Nowruz on Friday.",  # several states possible, none named
    "Protesters from Russia and Ukraine met Turkish officials in talks.",  # several states, no single place
    "Hutu and Tutsi leaders met in Arusha.",  # Rwanda or Burundi: not named
])
def test_group_left_unresolved(pipeline, text: str) -> None:
    got = _mentions(pipeline, text)
    assert not any(code.endswith(("EDU", "CVL")) and span.lower() in ("students", "kurds", "protesters", "hutu")
                   for span, code in got), got


def test_place_decides_between_states(pipeline) -> None:
    got = _mentions(pipeline, "Protesters rallied outside the Russian embassy in London.")
    assert ("Protesters", "GBRCVL") in got


def test_proper_group_needs_capital(pipeline) -> None:
    assert not any(span.lower() == "kurds" for span, _ in _mentions(pipeline, "the kurds of turkey"))


def test_generic_group_two_states_named_is_unresolved(pipeline) -> None:
    got = _mentions(pipeline, "Rebels clashed with troops as Sudan and Chad traded accusations.")
    assert not any(span == "Rebels" for span, _ in got)


def test_imported_generic_phoenix_names_do_not_match_lowercase(pipeline) -> None:
    # Phoenix names are proper names: "army of god" in lower case is not the US group
    assert not any(code == "USAREB" for _, code in _mentions(pipeline, "He called them the army of god, Iran said."))


def test_groups_file_rows_are_checked() -> None:
    kb = ActorKB()
    kb.countries["NGA"] = Named("NGA", "Nigeria", "country", "NGA")
    g = _group_row("groups.tsv", 3, {"text": "Yoruba", "code": "CVL", "country": "NGA"}, kb)
    assert g.countries == ("NGA",) and g.role == "CVL" and g.proper
    with pytest.raises(DataFileError, match=r"groups\.tsv:4"):
        _group_row("groups.tsv", 4, {"text": "Hutu", "code": "CVL", "country": "RWA|XXX"}, kb)
    with pytest.raises(DataFileError, match=r"groups\.tsv:5"):
        _group_row("groups.tsv", 5, {"text": "X", "code": "NGAXYZ", "country": ""}, kb)


def test_kb_groups_loaded() -> None:
    kb = load_kb()
    assert kb.groups["hutu"].countries == ("RWA", "BDI", "COD")
    assert not kb.groups["students"].proper
    assert kb.people and "revolutionary united front" in kb.names
