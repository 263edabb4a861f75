"""The writer's DuckDB memory is a setting (issue 8: a small buffer keeps a long ingest flat); a batch
that needs more (very long articles) is still stored, and the small limit comes back after it."""

from __future__ import annotations

import ctypes
import random
from collections.abc import Callable
from pathlib import Path

import pytest
from factory import event, result
from storehelp import rows

from dyadwatch.engines.screen import Screen
from dyadwatch.model import ArticleResult
from dyadwatch.settings import Settings, load_settings
from dyadwatch.store import StoreWriter


def test_the_writer_memory_setting_defaults_small_and_reads_from_the_environment() -> None:
    assert Settings().db_memory == "24MB"
    assert load_settings({"DYADWATCH_DB_MEMORY": "512MB"}).db_memory == "512MB"


def _calls(monkeypatch: pytest.MonkeyPatch, method: str) -> list[int]:
    """A list that gains an item each time ``StoreWriter.<method>`` is called (it still runs)."""
    calls: list[int] = []
    original = getattr(StoreWriter, method)

    def counted(self: StoreWriter) -> None:
        calls.append(1)
        original(self)

    monkeypatch.setattr(StoreWriter, method, counted)
    return calls


def _long_reads(prefix: str, n: int, words: int) -> list[ArticleResult]:
    rng = random.Random(prefix)
    return [result(f"{prefix}{i}", [event("RUSMIL", "UKR", "19")],
                   body=" ".join(f"w{rng.randrange(10**6)}" for _ in range(words))) for i in range(n)]


def test_batches_larger_than_the_writer_memory_are_stored_and_the_limit_comes_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "tiny.duckdb"
    recoveries = _calls(monkeypatch, "_recover")
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


def _cached_bytes(w: StoreWriter) -> int:
    row = w.con.execute("SELECT sum(memory_usage_bytes) FROM duckdb_memory()").fetchone()
    return int(row[0]) if row and row[0] else 0


@pytest.mark.parametrize("articles", [0, 40])
def test_a_sweep_empties_the_cache_and_keeps_the_memory_limit(tmp_path: Path, articles: int) -> None:
    """Empty, DuckDB takes a limit of 0 (nothing is in use): the writer must set its own back."""
    db = tmp_path / "sweep.duckdb"
    with StoreWriter(db, snapshot_interval_s=0, memory_limit="16MB") as w:
        if articles:
            w.write_batch([result(f"a{i}", [event("RUSMIL", "UKR", "19")]) for i in range(articles)])
        w.con.execute("SELECT count(*), max(body) FROM articles").fetchall()
        w.sweep()
        assert _cached_bytes(w) < 64 * 1024
        limit = w.con.execute("SELECT current_setting('memory_limit')").fetchone()
        assert limit is not None and str(limit[0]).endswith("MiB") and 14 < float(str(limit[0]).split()[0]) < 16
        w.write_batch([result("after", [event("RUSMIL", "UKR", "19")])])
    assert rows(db, "SELECT count(*) FROM articles") == [(articles + 1,)]


def test_a_sweep_leaves_duckdbs_own_cache_alone_without_a_memory_limit(tmp_path: Path) -> None:
    with StoreWriter(tmp_path / "own.duckdb", snapshot_interval_s=0, memory_limit=None) as w:
        w.write_batch([result(f"a{i}", [event("RUSMIL", "UKR", "19")]) for i in range(40)])
        w.con.execute("SELECT count(*), max(body) FROM articles").fetchall()
        before = _cached_bytes(w)
        w.sweep()
        assert before > 0 and _cached_bytes(w) == before


def test_each_batch_is_followed_by_a_sweep(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    swept = _calls(monkeypatch, "sweep")
    with StoreWriter(tmp_path / "each.duckdb", snapshot_interval_s=60) as w:
        for b in range(3):
            w.write_batch([result(f"b{b}", [event("RUSMIL", "UKR", "19")])])
    assert len(swept) == 3


def _glibc_in_use() -> Callable[[], int]:
    try:
        libc = ctypes.CDLL("libc.so.6")
        info = libc.mallinfo2
    except (OSError, AttributeError):
        pytest.skip("needs glibc's mallinfo2 to count the bytes in use")

    class Info(ctypes.Structure):
        _fields_ = [(n, ctypes.c_size_t) for n in (
            "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]

    info.restype = Info
    return lambda: int(info().uordblks)


def test_sweeping_keeps_the_records_of_freed_query_blocks_from_piling_up(tmp_path: Path) -> None:
    """Each hash join leaves DuckDB's eviction queue an entry that keeps a freed block's handle
    allocated; without sweeps 300 joins kept about 1.1 MB more, with one after each join nothing."""
    in_use = _glibc_in_use()
    with StoreWriter(tmp_path / "joins.duckdb", snapshots=False) as w:
        w.con.execute("CREATE TABLE t AS SELECT range AS i, hash(range) AS k FROM range(50000)")
        keys = [int(k) for (k,) in w.con.execute("SELECT k FROM t WHERE i % 100 = 7").fetchall()]

        def grown(joins: int, *, sweep: bool) -> int:
            w.sweep()
            start = in_use()
            for _ in range(joins):
                w.con.execute("SELECT count(*) FROM t JOIN (SELECT unnest(?::UBIGINT[]) AS k) USING (k)",
                              [keys]).fetchall()
                if sweep:
                    w.sweep()
            return in_use() - start

        grown(50, sweep=True)  # DuckDB's first queries allocate what it keeps for good
        swept = grown(300, sweep=True)
        unswept = grown(300, sweep=False)
    assert swept <= unswept // 4 + 64 * 1024, (swept, unswept)


@pytest.mark.parametrize("sweep", [True, False])
def test_the_screens_look_ups_leave_nothing_cached_while_a_batch_is_coded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sweep: bool
) -> None:
    """The stored-id and near-duplicate look-ups read DuckDB blocks; in a one-process run those would
    stay resident while the batch is coded. The control (the screen's sweep made a no-op) shows that
    the look-ups do cache something, so the first case can fail."""
    rng = random.Random(8)
    bodies = {f"a{i}": " ".join(f"w{rng.randrange(10**5)}" for _ in range(300)) for i in range(200)}
    with StoreWriter(tmp_path / "screen.duckdb", snapshots=False, memory_limit="24MB") as w:
        screen = Screen(w, settings=Settings())
        ids = list(bodies)
        screen.check([(aid, bodies[aid]) for aid in ids])
        w.write_batch([result(aid, [], body=bodies[aid]) for aid in ids], signatures=screen.signatures(ids))
        screen.committed(ids)
        w.checkpoint()  # the appended rows leave memory for the file, and the sweep empties the cache
        w.sweep()
        assert _cached_bytes(w) == 0
        if not sweep:
            monkeypatch.setattr(StoreWriter, "sweep", lambda self: None)
        verdicts = screen.check([(f"new{i}", body) for i, body in enumerate(bodies.values())] + [("a3", "x")])
        cached = _cached_bytes(w)
    assert [v.duplicate_of for v in verdicts[:3]] == ["a0", "a1", "a2"] and verdicts[-1].skip
    assert (cached == 0) if sweep else (cached >= 256 * 1024), cached


@pytest.mark.parametrize(("wal_limit", "checkpointed"), [("64KB", True), (None, False)])
def test_committed_batches_are_checkpointed_once_the_log_passes_the_wal_limit(
    tmp_path: Path, wal_limit: str | None, checkpointed: bool
) -> None:
    db = tmp_path / "wal.duckdb"
    with StoreWriter(db, snapshots=False, wal_limit=wal_limit) as w:
        for b in range(4):
            w.write_batch(_long_reads(f"b{b}-", 16, 400))
        wal = db.with_name(db.name + ".wal")
        held = wal.stat().st_size if wal.exists() else 0
        setting = w.con.execute("SELECT current_setting('checkpoint_threshold')").fetchone()
    assert (held < 64 * 1024) is checkpointed, f"{held} bytes in the log"
    assert setting is not None and ("KiB" in str(setting[0])) is checkpointed
    assert rows(db, "SELECT count(*) FROM articles") == [(64,)]


def test_the_wal_limit_setting_defaults_small_and_reads_from_the_environment() -> None:
    assert Settings().db_wal_limit == "4MB"
    assert load_settings({"DYADWATCH_DB_WAL_LIMIT": "16MB"}).db_wal_limit == "16MB"


@pytest.mark.parametrize(("option", "setting"), [("memory_limit", "db_memory"), ("wal_limit", "db_wal_limit")])
def test_a_size_duckdb_cannot_read_is_a_usage_error_naming_the_setting(tmp_path: Path, option: str, setting: str) -> None:
    from dyadwatch.errors import UsageError

    db = tmp_path / "sizes.duckdb"
    with pytest.raises(UsageError, match=f"{setting} = 'lots' is not a size") as caught:
        StoreWriter(db, snapshots=False, **{option: "lots"}).open()
    assert f"DYADWATCH_{setting.upper()}" in (caught.value.fix or "")
    with StoreWriter(db, snapshots=False) as w:  # the failed writer let go of the file
        w.write_batch([result("after", [event("RUSMIL", "UKR", "19")])])
    assert rows(db, "SELECT count(*) FROM articles") == [(1,)]


@pytest.mark.parametrize("trim", [True, False])
def test_the_writers_allocator_follows_the_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, trim: bool
) -> None:
    from dyadwatch.store import writer as writer_module

    thresholds: list[int] = []
    trims: list[int] = []
    monkeypatch.setattr(writer_module, "set_mmap_threshold", lambda size: thresholds.append(size) or True)
    monkeypatch.setattr(writer_module, "release_free_memory", lambda: trims.append(1) or True)
    settings = Settings(malloc_mmap_threshold=262_144, malloc_trim=trim)
    with StoreWriter.from_settings(tmp_path / "a.duckdb", settings) as w:
        assert (w.memory_limit, w.wal_limit, w.arrow_pool) == (settings.db_memory, settings.db_wal_limit,
                                                             settings.arrow_pool)
        assert thresholds == [262_144]
        for n in range(3):
            w.write_batch([result(f"a{n}", [event("RUSGOV", "UKR", "19")])])
    assert len(trims) == (3 if trim else 0)
