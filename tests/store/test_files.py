"""Opening files: one writer at a time, clear errors for wrong files, readers beside a writer."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest
from factory import result
from storehelp import HERE, subprocess_env

from dyadwatch.errors import StoreError, StoreLockedError
from dyadwatch.store import StoreWriter, open_reader
from dyadwatch.store import queries as q


@contextmanager
def held(db: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding ``db`` open for writing."""
    proc = subprocess.Popen([sys.executable, str(HERE / "_holder.py"), str(db), "60"], stdout=subprocess.PIPE,
                            text=True, env=subprocess_env())
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        yield proc
    finally:
        proc.kill()
        proc.wait()


def test_second_writer_waits_then_says_who_holds_the_file(db: Path) -> None:
    with held(db) as proc:
        started = time.monotonic()
        with pytest.raises(StoreLockedError) as info, StoreWriter(db, wait_s=1.0):
            pass
        assert time.monotonic() - started >= 0.9
    message = str(info.value)
    assert "is being written by another dyadwatch process" in message
    assert f"pid {proc.pid}" in message and "--db" in message


def test_second_writer_gets_the_file_when_the_first_finishes(db: Path) -> None:
    proc = subprocess.Popen([sys.executable, str(HERE / "_holder.py"), str(db), "1"], stdout=subprocess.PIPE,
                            text=True, env=subprocess_env())
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    with StoreWriter(db, wait_s=20) as w:
        w.write_batch([result("second")])
    proc.wait()
    with open_reader(db) as con:
        assert con.execute("SELECT id FROM articles ORDER BY id").fetchall() == [("held",), ("second",)]


def test_reader_falls_back_to_the_snapshot_while_a_writer_holds_the_file(db: Path) -> None:
    with held(db):
        with pytest.raises(duckdb.Error):
            duckdb.connect(str(db), read_only=True)
        with open_reader(db) as con:
            assert con.execute("SELECT id FROM articles").fetchall() == [("held",)]
            assert q.summary(con).articles == 1


def test_reader_without_database_or_snapshot_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"does not exist.*dyadwatch ingest"), open_reader(tmp_path / "none.duckdb"):
        pass


@pytest.mark.parametrize(
    "content", [b"this is not a database\n" * 10, b"", b"\x00" * 8192, b"DUCK" + b"\xff" * 5000],
    ids=["text", "empty", "zeros", "bad-header"],
)
@pytest.mark.parametrize("opener", ["writer", "reader"])
def test_a_file_that_is_not_duckdb_is_refused_and_left_alone(tmp_path: Path, content: bytes, opener: str) -> None:
    path = tmp_path / "notes.duckdb"
    path.write_bytes(content)
    with pytest.raises(StoreError, match=r"notes\.duckdb is not a dyadwatch database.*new file name"):
        if opener == "writer":
            with StoreWriter(path, wait_s=0):
                pass
        else:
            with open_reader(path):
                pass
    assert path.read_bytes() == content


@pytest.mark.parametrize("opener", ["writer", "reader"])
def test_a_duckdb_file_of_something_else_is_refused(tmp_path: Path, opener: str) -> None:
    path = tmp_path / "other.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE customers (id INTEGER)")
    con.close()
    with pytest.raises(StoreError, match="is a DuckDB file of something else"):
        if opener == "writer":
            with StoreWriter(path):
                pass
        else:
            with open_reader(path):
                pass
    con = duckdb.connect(str(path), read_only=True)
    assert con.execute("SHOW TABLES").fetchall() == [("customers",)]
    con.close()


def test_a_folder_given_as_database_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"), StoreWriter(tmp_path):
        pass
