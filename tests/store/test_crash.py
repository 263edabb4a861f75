"""A writer killed with SIGKILL at several points and started again ends with the clean run's database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from storehelp import HERE, subprocess_env

from dyadwatch.store.schema import DATA_TABLES, KEYS

SCRIPT = str(HERE / "_crash_writer.py")
IGNORED_COLUMNS = {"run_id"}  # which run stored a row is run metadata, like the runs table


def run_to_end(db: Path) -> None:
    subprocess.run([sys.executable, SCRIPT, str(db), "0"], check=True, env=subprocess_env(),
                   capture_output=True, timeout=120)


def start_and_kill(db: Path, after_batches: int, extra_delay: float) -> None:
    """Start the writer, wait until it has committed ``after_batches``, then SIGKILL it."""
    proc = subprocess.Popen([sys.executable, SCRIPT, str(db), "0.3"], stdout=subprocess.PIPE, text=True,
                            env=subprocess_env())
    assert proc.stdout is not None
    try:
        for line in proc.stdout:
            if line.strip() == f"committed {after_batches}":
                break
        time.sleep(extra_delay)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()


def dump(db: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for table in DATA_TABLES:
            cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall() if r[0] not in IGNORED_COLUMNS]
            order = ", ".join(KEYS[table])
            select = ", ".join(f'"{c}"' for c in cols)
            out[table] = con.execute(f"SELECT {select} FROM {table} ORDER BY {order}").fetchall()
        return out
    finally:
        con.close()


@pytest.mark.slow
@pytest.mark.parametrize("where", ["transaction", "snapshot"])
@pytest.mark.parametrize("batch", [1, 4])
def test_writer_killed_inside_a_batch_matches_a_clean_run(
    tmp_path: Path, clean: dict[str, list[tuple]], batch: int, where: str
) -> None:
    db = tmp_path / "crash.duckdb"
    proc = subprocess.run([sys.executable, SCRIPT, str(db), "0", str(batch), where], env=subprocess_env(),
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL
    # killed before printing: inside batch ``batch``'s transaction, or after its commit while copying
    assert proc.stdout.count("committed") == batch - 1
    run_to_end(db)
    assert dump(db) == clean
    assert not list(tmp_path.glob("*.tmp-*")), "a stale snapshot copy was left behind"


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple]]:
    db = tmp_path_factory.mktemp("clean") / "clean.duckdb"
    run_to_end(db)
    return dump(db)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("kills", "extra_delay"),
    [((1,), 0.0), ((2,), 0.0), ((3,), 0.0), ((1,), 0.31), ((2,), 0.33), ((1, 3, 5), 0.32)],
    ids=["after-1", "after-2", "after-3", "during-2", "during-3", "three-kills"],
)
def test_killed_and_restarted_writer_matches_a_clean_run(
    tmp_path: Path, clean: dict[str, list[tuple]], kills: tuple[int, ...], extra_delay: float
) -> None:
    db = tmp_path / "crash.duckdb"
    for k in kills:
        start_and_kill(db, k, extra_delay)
    run_to_end(db)
    resumed = dump(db)
    assert clean["articles"], "the clean run stored nothing"
    for table in DATA_TABLES:
        assert len(resumed[table]) == len(clean[table]), table
        assert resumed[table] == clean[table], table
