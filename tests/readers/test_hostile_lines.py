"""Lines that make a backtracking pattern run for hours are cleaned like any other.

Every line of a capture is tried against the boilerplate and photo-credit patterns, and article text is
untrusted. A pattern whose pieces can split the same text in many ways (``(\\s*\\|\\s*[^|]{1,40}){2,}``
on a menu that ends with a pipe; ``(?:[A-Z][\\w.&'-]*\\s?){1,4}`` on a long word in brackets) tries
every split before it fails: with 20 menu items that is about a million, so a single line stopped a
run. The patterns are written so that each piece matches one way (possessive quantifiers, atomic
groups). Each case runs in a child process, so a regression fails on its timeout instead of hanging.
"""

from __future__ import annotations

import pytest

from dyadwatch.clean.capture import clean_capture
from dyadwatch.clean.patterns import load_patterns

HOSTILE = {
    "menu ending with a pipe": '("Home | News | " * 40).strip()',
    "long word in brackets": '"(" + "A" * 5000',
    "initials run together": '"A." * 20000',
    "hyphenated run": '"Ab-" * 20000',
    "names and slashes": '"Ab Cd " * 5000 + "x/"',
    "names before a home link": '"Ab Cd " * 5000 + "- Back to home" + " Ab" * 5000 + " x"',
}

BODY = "The minister said on Monday that the talks would go on for another week in the capital."


@pytest.mark.parametrize("expr", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_line_is_cleaned_without_hanging(expr, run_in_child):
    code = ("from dyadwatch.clean.capture import clean_capture\n"
            f"line = {expr}\n"
            f"parts = clean_capture('Title of the page\\n\\n' + line + '\\n\\n' + {BODY!r} + '\\n')\n"
            f"assert any({BODY!r} in p for p in parts.paragraphs)\n")
    # the old patterns needed hours for any of these; the current ones take milliseconds
    run_in_child(code, timeout=120)


@pytest.mark.parametrize(("line", "boilerplate"), [
    ("Home | News | Sport | Business", True),
    ("Home |  | Sport", True),
    ("Markets | Oil | Gold | Bonds", True),
    ("News › World › Europe", True),
    ("World / Europe / Ukraine war", True),
    ("Home | News", False),  # two items: not yet a menu
    ("x" * 41 + " | News | Sport", False),  # an item longer than 40 characters is not a menu item
    ("Home | News | Sport |", False),
])
def test_menu_lines_match_the_boilerplate_patterns(line, boilerplate):
    assert load_patterns("boilerplate.txt").match(line) is boilerplate


@pytest.mark.parametrize(("caption", "credited"), [
    ("Kim Jong-un and Vladimir Putin at the cosmodrome (AFP via Getty Images)", True),
    ("Soldiers on patrol near the border. John Smith/Reuters", True),
    ("The summit in 2019 (Mikhail Metzel/Pool Sputnik via AP)", True),
    ("A view of the port at dawn, from the north", False),
    ("Delegates arrive. REUTERS/Evelyn Hockstein/File Photo", True),
    ("A view of the port x-Smith/Reuters", True),
])
def test_photo_credit_lines_are_captions(caption, credited):
    parts = clean_capture(f"Title of the page\n\n{BODY}\n\n{caption}\n\n{BODY} Again.\n")
    assert (caption in parts.captions) is credited
