"""Accuracy gate: the own gold set and the PLOVER GSR through the real pipeline. Floors may only rise."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyadwatch.evaluate import _plover_roots, evaluate, load_gold

ROOT = Path(__file__).resolve().parents[2]
OWN_GOLD = ROOT / "tests" / "gold" / "events.jsonl"
GSR = ROOT.parent / "shared" / "eventdata" / "raw" / "plover" / "PLOVER_GSR_CAMEO.txt"

OWN_F1_FLOOR = 0.86
GSR_ROOT_FLOOR = 0.75
GSR_SOURCE_FLOOR = 0.84


@pytest.mark.parametrize(("plover", "roots"), [
    ("AGREE", {"03"}), ("CONSULT", {"04"}), ("RETREAT", {"08"}), ("CONCEDE", {"08"}), ("MOBILIZE", {"15"}),
    ("DEMAND", {"10"}), ("DISAPPROVE", {"11"}), ("INVESTIGATE", {"09"}), ("FIGHT", {"19", "20"}),
    ("SANCTION", {"16"}), ("PROTEST", {"14"}), ("THREATEN", {"13"}),
])
def test_every_gsr_plover_type_maps_to_the_cameo_roots_that_convert_to_it(plover: str, roots: set[str]) -> None:
    assert _plover_roots()[plover] == roots


def test_gsr_types_all_map_to_some_root() -> None:
    if not GSR.exists():
        pytest.fail("PLOVER GSR not present")
    assert all(g.roots for it in load_gold(str(GSR)) for g in it.events)


@pytest.mark.slow
def test_own_gold_f1_floor(pipeline) -> None:
    rep = evaluate(load_gold(str(OWN_GOLD)), pipeline=pipeline)
    assert rep.f1 >= OWN_F1_FLOOR


@pytest.mark.slow
def test_gsr_root_and_source_accuracy_floors(pipeline) -> None:
    if not GSR.exists():
        pytest.fail("PLOVER GSR not present")
    rep = evaluate(load_gold(str(GSR)), pipeline=pipeline)
    assert rep.root_accuracy >= GSR_ROOT_FLOOR
    assert rep.source_accuracy >= GSR_SOURCE_FLOOR
