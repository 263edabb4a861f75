"""The server's long-lived reader: it reads snapshots, follows new ones, and never blocks a writer."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from factory import event, result
from storehelp import rows

from dyadwatch.errors import StoreError
from dyadwatch.store import StoreWriter
from dyadwatch.store.reader import SnapshotReader, snapshot_path


def count(reader: SnapshotReader) -> int:
    with reader.cursor() as cur:
        row = cur.execute("SELECT count(*) FROM articles").fetchone()
    assert row is not None
    return int(row[0])


def test_reader_makes_a_snapshot_when_there_is_none(write, db):
    write([result("a1"), result("a2")])
    snapshot_path(db).unlink()
    reader = SnapshotReader(db, check_every_s=0)
    assert count(reader) == 2
    assert snapshot_path(db).exists()
    reader.close()


def test_a_writer_can_open_the_database_while_the_reader_holds_its_connection(write, db):
    write([result("a1")])
    reader = SnapshotReader(db, check_every_s=0)
    assert count(reader) == 1
    with StoreWriter(db, snapshot_interval_s=0) as w:
        run = w.start_run({})
        w.write_batch([result("a2"), result("a3")], run)
        w.publish_snapshot()
        assert count(reader) == 3, "the reader follows the snapshot the writer published"
        w.finish_run(run)
    reader.close()


def test_missing_database_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        count(SnapshotReader(tmp_path / "absent.duckdb"))


def test_a_snapshot_is_copied_by_duckdb_when_the_file_copy_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dyadwatch.store import writer as writer_module

    failing = [sys.executable, "-c", "import sys; sys.exit('cannot share the open file')"]
    monkeypatch.setattr(writer_module, "_copy_command", lambda source, target: failing)
    db = tmp_path / "fallback.duckdb"
    with writer_module.StoreWriter(db, snapshot_interval_s=0) as w:
        w.write_batch([result("a", [event("RUSMIL", "UKR", "19")])])
        snap = w.publish_snapshot()
        assert rows(snap, "SELECT id FROM articles") == [("a",)]
        assert rows(snap, "SELECT num_mentions FROM events") == [(1,)]


@pytest.mark.parametrize("cp_found", [True, False], ids=["cp", "python"])
def test_a_snapshot_is_a_copy_of_the_committed_file_with_either_copier(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cp_found: bool
) -> None:
    from dyadwatch.store import writer as writer_module

    if not cp_found:
        monkeypatch.setattr(writer_module, "_cp", lambda: None)
    command = writer_module._copy_command(tmp_path / "a", tmp_path / "b")
    assert Path(command[0]).name == "cp" if cp_found else command[0] == sys.executable
    db = tmp_path / "copied.duckdb"
    with writer_module.StoreWriter(db, snapshot_interval_s=0) as w:
        w.write_batch([result("a", [event("RUSMIL", "UKR", "19")])])
        snap = w.publish_snapshot()
        assert rows(snap, "SELECT id FROM articles") == [("a",)]
        w.write_batch([result("b", [event("RUSMIL", "UKR", "19")])])
    assert rows(db, "SELECT count(*) FROM articles") == [(2,)]
