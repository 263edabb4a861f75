"""The command line: the contract's JSONL, exit codes, stdin, and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

BODY = ("Turkey's foreign minister met his Iranian counterpart in Ankara on Monday to discuss trade, officials said. "
        "The two ministers agreed to meet again next month.")


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dyadwatch", *args], input=stdin, capture_output=True, text=True, timeout=300)


def test_version_and_help():
    assert run("--version").stdout.startswith("dyadwatch ")
    for cmd in ("extract", "evaluate"):
        assert run(cmd, "--help").returncode == 0


def test_extract_reads_stdin_and_writes_one_object_per_article():
    p = run("extract", "-", "--format", "jsonl", stdin="Turkey and Iran hold talks\n\n" + BODY)
    assert p.returncode == 0, p.stderr
    (obj,) = [json.loads(x) for x in p.stdout.splitlines()]
    assert obj["schema"] == 1 and obj["source_path"] is None
    assert obj["title"] == "Turkey and Iran hold talks"
    assert {a["code"][:3] for a in obj["actors"]} >= {"TUR", "IRN"}


def test_extract_exit_code_is_1_when_an_input_is_skipped(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Turkey and Iran hold talks\n\n" + BODY)
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    p = run("extract", str(good), str(empty))
    assert p.returncode == 1
    assert len(p.stdout.splitlines()) == 1
    assert p.stderr.count("\n") == 1 and "empty.txt" in p.stderr and "Traceback" not in p.stderr


def test_extract_takes_boilerplate_files(tmp_path):
    patterns = tmp_path / "house.txt"
    patterns.write_text("the two ministers agreed\\b.*\n")
    text = "Turkey and Iran hold talks\n\n" + BODY.replace(" The two", "\n\nThe two")
    p = run("extract", "-", "--boilerplate", str(patterns), stdin=text)
    assert p.returncode == 0, p.stderr
    (obj,) = [json.loads(x) for x in p.stdout.splitlines()]
    assert "agreed to meet again" not in obj["body"]
    assert "The two ministers agreed to meet again next month." in obj["boilerplate"]
    missing = run("extract", "-", "--boilerplate", str(tmp_path / "nope.txt"), stdin=text)
    assert missing.returncode == 2 and "nope.txt" in missing.stderr and "Traceback" not in missing.stderr


def test_usage_error_exits_2():
    p = run("extract", "x.txt", "--format", "xml")
    assert p.returncode == 2 and "error:" in p.stderr
