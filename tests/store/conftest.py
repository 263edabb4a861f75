"""Fixtures for the store tests: a fresh database path and a helper that writes results into it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from factory import event, quantity, result  # noqa: E402
from storehelp import Write  # noqa: E402

from dyadwatch.model import ArticleResult  # noqa: E402
from dyadwatch.store import StoreWriter  # noqa: E402


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "test.duckdb"



@pytest.fixture
def write(db: Path) -> Write:
    def _write(results: list[ArticleResult], batch: int = 100, path: Path | None = None) -> None:
        with StoreWriter(path or db, snapshot_interval_s=0) as w:
            run = w.start_run({"test": True})
            for i in range(0, len(results), batch):
                w.write_batch(results[i : i + batch], run)
            w.finish_run(run)

    return _write


@pytest.fixture
def sample(write: Write, db: Path) -> Path:
    """A small database: syndicated strike reports, a summit, a hypothetical threat, figures."""
    strike = [
        result(f"strike{i}", [event("RUSMIL", "UKR", "19", sentence=f"Report {i}: Russia struck Odesa.")],
               publisher=f"Paper {i}", url=f"https://p{i}.example/strike")
        for i in range(5)
    ]
    summit = result("summit", [
        event("RUSGOV", "PRKGOV", "04", date="2023-09-13", sentence="Putin met Kim at Vostochny."),
        event("PRKGOV", "RUSGOV", "04", date="2023-09-13", sentence="Kim met Putin."),
        event("USAGOV", "PRK", "11", date="2023-09-14", sentence="Washington criticised the meeting."),
        event("RUSGOV", "PRKGOV", "06", date="2024-06-19", precision="day", sentence="They signed a pact."),
        event("PRK", "KOR", "17", modality="hypothetical", sentence="Pyongyang could threaten Seoul."),
        event("RUS", "PRK", "19", negated=True, sentence="Russia did not attack."),
    ], url="https://wire.example/summit", quantities=[quantity()])
    write([*strike, summit])
    return db
