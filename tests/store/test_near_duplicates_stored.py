"""``ingest`` keeps the near-duplicate index in the database: the screen marks the duplicates a scan of
every earlier article marks, whether those are committed or still pending, in this run or an earlier one."""

from __future__ import annotations

from pathlib import Path

import pytest
from dupcorpus import brute_force, corpus
from factory import result
from storehelp import rows

from dyadwatch.engines.screen import Screen, Verdict
from dyadwatch.settings import Settings
from dyadwatch.store import StoreWriter

Items = list[tuple[str, str]]


def _screen_run(db: Path, items: Items, *, chunk: int, lag: int, settings: Settings | None = None) -> list[str | None]:
    """One run over ``items``: screened ``chunk`` at a time, each chunk written ``lag`` chunks later.
    A skipped article (its id stored or read before) answers its own id, as the scan does."""
    got: list[str | None] = []
    queue: list[list[tuple[str, str, str | None]]] = []
    with StoreWriter(db, snapshots=False) as w:
        screen = Screen(w, settings=settings or Settings())

        def write(kept: list[tuple[str, str, str | None]]) -> None:
            results = [result(aid, [], body=body) for aid, body, _ in kept]
            for r, (_, _, dup) in zip(results, kept, strict=True):
                r.article.duplicate_of = dup
            ids = [aid for aid, _, _ in kept]
            w.write_batch(results, signatures=screen.signatures(ids))
            screen.committed(ids)

        for start in range(0, len(items), chunk):
            part = items[start:start + chunk]
            kept = []
            for (aid, body), verdict in zip(part, screen.check(part), strict=True):
                got.append(aid if verdict.skip else verdict.duplicate_of)
                if not verdict.skip:
                    kept.append((aid, body, verdict.duplicate_of))
            queue.append(kept)
            while len(queue) > lag:
                write(queue.pop(0))
        while queue:
            write(queue.pop(0))
    return got


@pytest.mark.parametrize(("chunk", "lag"), [(1, 0), (7, 0), (7, 3), (25, 1), (400, 0)])
def test_the_screen_answers_as_a_scan_whether_earlier_articles_are_stored_or_pending(
    tmp_path: Path, chunk: int, lag: int
) -> None:
    items = corpus(3)
    assert _screen_run(tmp_path / "d.duckdb", items, chunk=chunk, lag=lag) == brute_force(items)


@pytest.mark.parametrize("split", [1, 60, 131])
def test_a_second_run_finds_near_duplicates_of_articles_stored_by_the_first(tmp_path: Path, split: int) -> None:
    items = corpus(4)
    db = tmp_path / "d.duckdb"
    got = _screen_run(db, items[:split], chunk=9, lag=1) + _screen_run(db, items[split:], chunk=9, lag=1)
    assert got == brute_force(items)
    # the index holds exactly the originals (long bodies, no duplicate_of), numbered in the order stored
    stored = rows(db, "SELECT article_id FROM minhashes ORDER BY seq")
    want = [aid for (aid, body), dup in zip(items, brute_force(items), strict=True) if dup is None and len(body) >= 200]
    assert [r[0] for r in stored] == want
    assert rows(db, "SELECT count(DISTINCT seq) = count(*) FROM minhashes") == [(True,)]


def test_a_replaced_article_leaves_the_index(tmp_path: Path) -> None:
    first, second = [body for aid, body in corpus(5) if aid.startswith("a") and len(body) >= 200][:2]
    url = "https://news.example/page"
    with StoreWriter(tmp_path / "d.duckdb", snapshots=False) as w:
        screen = Screen(w, settings=Settings())

        def store(aid: str, body: str) -> None:
            w.write_batch([result(aid, [], body=body, url=url)], signatures=screen.signatures([aid]))
            screen.committed([aid])

        assert screen.check([("v1", first)]) == [Verdict(skip=False)]
        store("v1", first)
        assert screen.check([("copy", first)]) == [Verdict(skip=False, duplicate_of="v1")]
        screen.committed(["copy"])
        assert screen.check([("v2", second)]) == [Verdict(skip=False)]
        store("v2", second)  # a new version of the page (same URL) replaces v1, in the index too
        assert [r[0] for r in w.con.execute("SELECT article_id FROM minhashes").fetchall()] == ["v2"]
        assert w.con.execute("SELECT count(*) FROM minhash_bands WHERE seq NOT IN (SELECT seq FROM minhashes)"
                             ).fetchone() == (0,)
        assert screen.check([("again", first)]) == [Verdict(skip=False)]
