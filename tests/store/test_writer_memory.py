"""The writer's DuckDB memory is a setting (issue 8: a small buffer keeps a long ingest flat); running
out of it is an error that says which setting to raise, and leaves nothing half-stored."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import duckdb
import pytest

from dyadwatch.engines.local import ingest
from dyadwatch.errors import StoreError
from dyadwatch.settings import Settings, load_settings

DEMO = str(resources.files("dyadwatch") / "data" / "demo")


def test_the_writer_memory_setting_defaults_small_and_reads_from_the_environment() -> None:
    assert Settings().db_memory == "64MB"
    assert load_settings({"DYADWATCH_DB_MEMORY": "512MB"}).db_memory == "512MB"


def test_a_writer_out_of_memory_names_the_setting_to_raise(tmp_path: Path, pipeline) -> None:
    db = tmp_path / "tiny.duckdb"
    with pytest.raises(StoreError) as err:
        ingest([DEMO], db=db, settings=Settings(db_memory="16MB"), pipeline=pipeline)
    assert "DYADWATCH_DB_MEMORY" in str(err.value.fix) and "16MB" in str(err.value.fix)
    con = duckdb.connect(str(db), read_only=True)
    try:
        stored = con.execute("SELECT count(*) FROM articles").fetchone()
        orphans = con.execute(
            "SELECT (SELECT count(*) FROM mentions WHERE article_id NOT IN (SELECT id FROM articles))"
            " + (SELECT count(*) FROM quantities WHERE article_id NOT IN (SELECT id FROM articles))").fetchone()
    finally:
        con.close()
    assert orphans == (0,)
    assert stored is not None
