"""Text captures written in the layouts of different outlets, read like an analyst would."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from dyadwatch.clean.capture import clean_capture
from dyadwatch.readers import read_inputs
from dyadwatch.settings import Settings

CAPTURES = Path(__file__).resolve().parents[1] / "fixtures" / "captures"
NAMES = sorted(p.stem for p in CAPTURES.glob("*.txt"))


def norm(s: str | None) -> str:
    return re.sub(r"\s+", " ", (s or "").replace("\u2019", "'")).strip().lower()


def load(name: str):
    exp = json.loads((CAPTURES / f"{name}.expected.json").read_text())
    (article,) = [a for a in read_inputs([str(CAPTURES / f"{name}.txt")], settings=Settings()) if hasattr(a, "body")]
    return article, exp


def test_there_are_enough_layouts():
    assert len(NAMES) >= 15


@pytest.mark.parametrize("name", NAMES)
def test_capture_body_captions_author_and_date(name):
    a, exp = load(name)
    assert len(a.paragraphs) == exp["body_paragraphs"]
    assert norm(a.body).startswith(norm(exp["body_starts_with"]))
    assert norm(a.body).endswith(norm(exp["body_ends_with"]))
    for s in exp["not_in_body"]:
        assert norm(s) not in norm(a.body)
    assert sorted(norm(c) for c in a.captions) == sorted(norm(c) for c in exp["captions"])
    assert norm(a.author) == norm(exp["author"])
    assert (a.published.isoformat() if a.published else None) == exp["published"]


@pytest.mark.parametrize("name", NAMES)
def test_capture_chrome_lines_go_to_boilerplate(name):
    a, exp = load(name)
    removed = {norm(b) for b in a.boilerplate}
    assert [b for b in exp["boilerplate_lines"] if norm(b) not in removed] == []


@pytest.mark.parametrize(("name", "field"), [(n, f) for n in NAMES for f in ("title", "section", "standfirst", "publisher")])
def test_capture_header_field(name, field):
    a, exp = load(name)
    assert norm(getattr(a, field)) == norm(exp[field])


def test_syndicated_copy_is_a_near_duplicate_of_the_original():
    paths = [str(CAPTURES / "syndicated_a.txt"), str(CAPTURES / "syndicated_b.txt")]
    first, second = [a for a in read_inputs(paths, settings=Settings()) if hasattr(a, "body")]
    assert first.duplicate_of is None
    assert second.duplicate_of == first.id


BODY = ("The foreign minister said on Monday that the talks with the neighbouring government would resume "
        "next week in the capital, after a pause of nearly two months.\n")


@pytest.mark.parametrize(("logo", "publisher"), [
    ("The Guardian - Back to homeThe Guardian", "The Guardian"),
    ("The Northern Ledger - Back to home", "The Northern Ledger"),
    ("Back to home Harbour Times", "Harbour Times"),
    ("Valley Courier | Go to the homepage", "Valley Courier"),
])
def test_site_name_in_a_logo_link_is_the_publisher(logo, publisher):
    page = f"Skip to main content\nSign in\n{logo}\nNews\nWorld\nTalks to resume after two-month pause\n\n{BODY}"
    parts = clean_capture(page)
    assert parts.publisher == publisher
    assert logo in parts.boilerplate


@pytest.mark.parametrize("line", ["Home", "Homepage", "Welcome home", "Sign in - Back to home",
                                  "The Guardian Home The Observer"])
def test_home_links_without_a_site_name_name_no_publisher(line):
    page = f"Skip to main content\n{line}\nTalks to resume after two-month pause\n\n{BODY}"
    assert clean_capture(page).publisher is None
