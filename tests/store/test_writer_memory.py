"""The writer's DuckDB memory is a setting (issue 8: a small buffer keeps a long ingest flat); a batch
that needs more (very long articles) is still stored, and the small limit comes back after it."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from factory import event, result
from storehelp import rows

from dyadwatch.settings import Settings, load_settings
from dyadwatch.store import StoreWriter


def test_the_writer_memory_setting_defaults_small_and_reads_from_the_environment() -> None:
    assert Settings().db_memory == "24MB"
    assert load_settings({"DYADWATCH_DB_MEMORY": "512MB"}).db_memory == "512MB"


def _long_reads(prefix: str, n: int, words: int) -> list:  # type: ignore[type-arg]
    rng = random.Random(prefix)
    return [result(f"{prefix}{i}", [event("RUSMIL", "UKR", "19")],
                   body=" ".join(f"w{rng.randrange(10**6)}" for _ in range(words))) for i in range(n)]


def test_batches_larger_than_the_writer_memory_are_stored_and_the_limit_comes_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "tiny.duckdb"
    recoveries: list[int] = []
    recover = StoreWriter._recover

    def counted(self: StoreWriter) -> None:
        recoveries.append(1)
        recover(self)

    monkeypatch.setattr(StoreWriter, "_recover", counted)
    with StoreWriter(db, snapshot_interval_s=0, memory_limit="8MB") as w:
        w.write_batch([result("small", [event("RUSMIL", "UKR", "19")])])
        for b in range(3):
            stats = w.write_batch(_long_reads(f"long{b}-", 32, 12_000))
            assert stats.stored == 32
        limit = w.con.execute("SELECT current_setting('memory_limit')").fetchone()
        w.write_batch([result("after", [event("RUSMIL", "UKR", "19")])])
    assert recoveries, "the batches did not outgrow 8MB: make them longer"
    assert limit is not None and "MiB" in str(limit[0]) and float(str(limit[0]).split()[0]) < 8
    assert rows(db, "SELECT count(*), count(DISTINCT id) FROM articles") == [(98, 98)]
    assert rows(db, "SELECT num_mentions, num_articles FROM events") == [(98, 98)]
