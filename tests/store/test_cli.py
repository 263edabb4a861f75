"""The store's commands: output formats and one-line errors with exit code 1."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from dyadwatch.cli.store_commands import register

app = typer.Typer()
register(app)
runner = CliRunner()


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


@pytest.mark.parametrize(
    "args",
    [["events"], ["events", "--actor", "RUS", "--quad", "4"], ["dyads", "--top", "5"],
     ["timeline", "RUS", "PRK", "--by", "year"], ["network"], ["facts", "--actor", "CHN"],
     ["sql", "SELECT count(*) AS n FROM events"]],
)
@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_query_commands_print_every_format(sample: Path, args: list[str], fmt: str) -> None:
    res = invoke(*args, "--db", str(sample), "--format", fmt)
    assert res.exit_code == 0, res.output
    if fmt == "json":
        assert isinstance(json.loads(res.stdout), list)
    elif fmt == "csv":
        assert len(list(csv.reader(io.StringIO(res.stdout)))) >= 2


def test_article_command_shows_text_and_tables(sample: Path) -> None:
    res = invoke("article", "summit", "--db", str(sample))
    assert res.exit_code == 0 and "Putin met Kim" in res.stdout
    assert json.loads(invoke("article", "summit", "--db", str(sample), "-f", "json").stdout)[0]["id"] == "summit"


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [(["events", "--since", "soon"], "is not a date", 2), (["sql", "DROP TABLE events"], "not allowed", 2),
     (["timeline", "RUS", "PRK", "--by", "eon"], "not a period", 2),
     (["export", "--format", "xml", "-o", "x"], "not known", 2), (["article", "nope"], "no article with id", 1)],
)
def test_errors_are_one_line_with_exit_code_2_for_usage_and_1_otherwise(
    sample: Path, args: list[str], message: str, code: int
) -> None:
    res = invoke(*args, "--db", str(sample))
    assert res.exit_code == code
    assert res.stderr.startswith("error: ") and message in res.stderr and "Traceback" not in res.output


def test_missing_database_is_explained(tmp_path: Path) -> None:
    res = invoke("dyads", "--db", str(tmp_path / "none.duckdb"))
    assert res.exit_code == 1 and "does not exist" in res.stderr


def test_plot_and_export_commands_write_files(sample: Path, tmp_path: Path) -> None:
    assert invoke("plot", "timeline", "RUS", "PRK", "-o", str(tmp_path / "t.png"), "--db", str(sample)).exit_code == 0
    assert invoke("plot", "network", "-o", str(tmp_path / "n.png"), "--db", str(sample)).exit_code == 0
    res = invoke("export", "--format", "gdelt", "-o", str(tmp_path / "g"), "--db", str(sample))
    assert res.exit_code == 0 and (tmp_path / "g" / "dyadwatch.export.CSV").is_file()
    assert (tmp_path / "t.png").stat().st_size > 0 and (tmp_path / "n.png").stat().st_size > 0
