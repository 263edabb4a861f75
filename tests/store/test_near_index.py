"""A run with other near-duplicate settings than the database's index rebuilds the index first, so that
it still finds near-duplicates of the articles earlier runs stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from dupcorpus import brute_force, corpus
from storehelp import rows
from test_near_duplicates_stored import _screen_run

from dyadwatch.clean.dedupe import MinHasher
from dyadwatch.settings import Settings
from dyadwatch.store import StoreWriter, near_index

SPLIT = 90


def _stored(items: list[tuple[str, str]], verdicts: list[str | None]) -> list[tuple[str, str, bool]]:
    """(id, body, original) of what a run stored: first occurrences of ids, originals without duplicate_of."""
    seen: set[str] = set()
    out = []
    for (aid, body), dup in zip(items, verdicts, strict=True):
        if aid not in seen:
            seen.add(aid)
            out.append((aid, body, dup is None))
    return out


@pytest.mark.parametrize(("threshold", "num_perm"), [(0.6, 128), (0.7, 64), (0.8, 96)])
def test_second_run_with_other_settings_still_finds_the_first_runs_originals(
    tmp_path: Path, threshold: float, num_perm: int
) -> None:
    items = corpus(4)
    db = tmp_path / "d.duckdb"
    first = _screen_run(db, items[:SPLIT], chunk=9, lag=1)
    assert first == brute_force(items[:SPLIT])
    other = Settings(near_duplicate_threshold=threshold, minhash_permutations=num_perm)
    second = _screen_run(db, items[SPLIT:], chunk=9, lag=1, settings=other)
    want = brute_force(items[SPLIT:], threshold, num_perm=num_perm, stored=_stored(items[:SPLIT], first))
    assert second == want
    first_ids = {aid for aid, _ in items[:SPLIT]}
    assert any(dup in first_ids for dup, (aid, _) in zip(second, items[SPLIT:], strict=True) if dup != aid)
    with StoreWriter(db, snapshots=False) as w:
        assert near_index.recorded(w.con) == near_index.IndexSettings(threshold, num_perm)
        assert w.con.execute("SELECT count(DISTINCT seq) = count(*) FROM minhashes").fetchone() == (True,)
        assert w.con.execute("SELECT count(*) FROM minhash_bands WHERE seq NOT IN (SELECT seq FROM minhashes)"
                             ).fetchone() == (0,)
        assert w.prepare_index(MinHasher(threshold=threshold, num_perm=num_perm)) == 0  # nothing left to change


def test_the_index_keeps_the_order_articles_were_stored_in(tmp_path: Path) -> None:
    items = corpus(4)
    db = tmp_path / "d.duckdb"
    _screen_run(db, items, chunk=9, lag=1)
    before = [r[0] for r in rows(db, "SELECT article_id FROM minhashes ORDER BY seq")]
    with StoreWriter(db, snapshots=False) as w:
        assert w.prepare_index(MinHasher(threshold=0.6, num_perm=64)) == len(before)
    assert [r[0] for r in rows(db, "SELECT article_id FROM minhashes ORDER BY seq")] == before
    assert rows(db, "SELECT DISTINCT octet_length(signature) FROM minhashes") == [(64 * 4,)]


def test_an_index_without_a_record_is_read_as_the_defaults(tmp_path: Path) -> None:
    db = tmp_path / "d.duckdb"
    _screen_run(db, corpus(4)[:40], chunk=9, lag=1)
    with StoreWriter(db, snapshots=False) as w:
        w.con.execute("DELETE FROM meta WHERE key = ?", [near_index.META_KEY])  # as written before the record
        assert near_index.recorded(w.con) == near_index.IndexSettings(0.7, 128)
        assert w.prepare_index(MinHasher()) == 0


def test_a_failed_rebuild_leaves_the_index_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "d.duckdb"
    _screen_run(db, corpus(4), chunk=9, lag=1)
    query = "SELECT * FROM minhashes ORDER BY seq"
    before, bands = rows(db, query), rows(db, "SELECT * FROM minhash_bands ORDER BY seq, band")
    calls = []

    def fail_on_second(con, signatures, *, first_seq):  # type: ignore[no-untyped-def]
        calls.append(len(signatures))
        if len(calls) == 2:
            raise RuntimeError("killed mid-rebuild")
        return original(con, signatures, first_seq=first_seq)

    original = near_index.insert_signatures
    monkeypatch.setattr(near_index, "insert_signatures", fail_on_second)
    monkeypatch.setattr(near_index, "SLICE", 10)
    with StoreWriter(db, snapshots=False) as w, pytest.raises(RuntimeError):
        w.prepare_index(MinHasher(threshold=0.6, num_perm=64))
    assert rows(db, query) == before
    assert rows(db, "SELECT * FROM minhash_bands ORDER BY seq, band") == bands
    with StoreWriter(db, snapshots=False) as w:
        assert near_index.recorded(w.con) == near_index.IndexSettings(0.7, 128)
