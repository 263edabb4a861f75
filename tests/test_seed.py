"""The acceptance example: the seed page read as ../shared/seed/expected.json says."""

from __future__ import annotations

import json
import re

import pytest

from dyadwatch.pipeline import extract
from dyadwatch.settings import Settings


def norm(s: str | None) -> str:
    s = (s or "").replace("\u2019", "'")
    return re.sub(r"\s+", " ", s).strip().lower()


@pytest.fixture(scope="module")
def seed_output(seed_path, pipeline):
    (result,) = list(extract([str(seed_path)], settings=Settings(), pipeline=pipeline))
    expected = json.loads((seed_path.parent / "expected.json").read_text())
    return result.to_dict(), expected


@pytest.mark.parametrize("field", ["title", "section", "standfirst", "author"])
def test_seed_metadata_field_matches(seed_output, field):
    out, exp = seed_output
    assert norm(out[field]) == norm(exp["article"][field])


def test_seed_date_caption_body_and_boilerplate(seed_output):
    out, exp = seed_output
    a = exp["article"]
    assert out["published"] == a["published"]
    assert [norm(c) for c in out["captions"]] == [norm(c) for c in a["captions"]]
    assert len(out["body"].split("\n\n")) == a["body_paragraphs"]
    assert norm(out["body"]).startswith(norm(a["body_starts_with"]))
    for line in a["boilerplate_lines"]:
        assert norm(line) in {norm(b) for b in out["boilerplate"]}
        assert line not in out["body"]


def test_seed_offsets_point_at_the_text(seed_output):
    out, _ = seed_output
    fields = {"title": out["title"], "standfirst": out["standfirst"], "body": out["body"], "caption": "\n".join(out["captions"])}
    for item in out["actors"] + out["quantities"]:
        assert fields[item["field"]][item["start"]:item["end"]] == item["text"]
    for ev in out["events"]:
        assert fields[ev["field"]][ev["start"]:ev["end"]] == ev["sentence"]


@pytest.mark.parametrize(
    ("mention", "codes"),
    [("Vladimir Putin", {"RUSGOV"}), ("Kim Jong-un", {"PRKGOV"}), ("Xi Jinping", {"CHNGOV"}), ("Mr Putin", {"RUSGOV"}),
     ("The North Korean leader", {"PRKGOV"}), ("its president", {"CHNGOV"}), ("the two nations", {"CHN", "RUS"}),
     ("Western", {"WST"}), ("Ukraine", {"UKR"})],
)
def test_seed_actor_resolves(seed_output, mention, codes):
    out, _ = seed_output
    got = {a["code"] for a in out["actors"] if norm(mention) in norm(a["text"])}
    assert codes <= got


@pytest.mark.parametrize(
    ("contains", "pair", "root"),
    [("is in Russia to discuss", ("PRK", "RUS"), "04"), ("invasion of Ukraine", ("RUS", "UKR"), "19"),
     ("Western sanctions", ("WST", "RUS"), "16"), ("met in March", ("RUS", "CHN"), "04"),
     ("trade between the two nations", ("CHN", "RUS"), "06"), ("economic support given to Moscow", ("CHN", "RUS"), "07")],
)
def test_seed_event_is_coded(seed_output, contains, pair, root):
    out, _ = seed_output
    hits = [e for e in out["events"] if contains in e["sentence"].replace("\u2019", "'") and e["root"] == root
            and {e["source"][:3], (e["target"] or "")[:3]} == set(pair)]
    assert hits, [(e["source"], e["target"], e["cameo"], e["sentence"][:40]) for e in out["events"]]


def test_seed_march_meeting_is_dated_to_march_and_caption_not_to_2023(seed_output):
    out, _ = seed_output
    march = [e for e in out["events"] if "met in March" in e["sentence"]]
    assert march and march[0]["date"] == "2023-03" and march[0]["date_precision"] == "month"
    assert not [e for e in out["events"] if e["field"] == "caption" and str(e["date"]).startswith("2023")]


def test_seed_figures_with_links_periods_and_actors(seed_output):
    out, exp = seed_output
    qs = out["quantities"]
    for g in exp["quantities"]:
        q = next(q for q in qs if abs(q["value"] - g["value"]) < 0.005 * g["value"])
        assert q["unit"] == g["unit"]
        if "direction" in g:
            assert q["direction"] == g["direction"]
        if "period" in g:
            assert [q["period"]["start"], q["period"]["end"]] == g["period"]
        if "same_as" in g:
            assert qs[q["same_as"]]["text"] == g["same_as"]
        assert set(q["actors"]) == {"CHN", "RUS"}
