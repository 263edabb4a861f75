"""Store benchmark: ingest speed and query latency on a database of at least 100k generated events.

    PYTHONPATH=src python benchmarks/store.py [--articles 45000] [--batch 500] [--db PATH]

Prints figures; asserts nothing about timing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "store"))

from factory import synthetic

from dyadwatch.store import StoreWriter, open_reader
from dyadwatch.store import queries as q


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(0.95 * len(samples)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--articles", type=int, default=45_000)
    ap.add_argument("--events-per-article", type=int, default=3)
    ap.add_argument("--batch", type=int, default=500)
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--db", type=Path)
    args = ap.parse_args()
    db = args.db or Path(tempfile.mkdtemp()) / "bench.duckdb"

    t = time.perf_counter()
    results = synthetic(args.articles, args.events_per_article, seed=1, syndicate=0.05)
    print(f"generated {len(results)} articles in {time.perf_counter() - t:.1f}s")

    t = time.perf_counter()
    batch_ms = []
    with StoreWriter(db, snapshot_interval_s=30) as w:
        run = w.start_run({"benchmark": True})
        for i in range(0, len(results), args.batch):
            b = time.perf_counter()
            w.write_batch(results[i : i + args.batch], run)
            batch_ms.append((time.perf_counter() - b) * 1000)
        w.finish_run(run)
    elapsed = time.perf_counter() - t
    batch_ms.sort()
    print(f"ingest: {len(results) / elapsed:,.0f} articles/s ({elapsed:.1f}s; batch of {args.batch}: "
          f"p50 {statistics.median(batch_ms):.0f} ms, p95 {batch_ms[int(0.95 * len(batch_ms))]:.0f} ms)")

    with open_reader(db) as con:
        s = q.summary(con)
        print(f"database: {s.articles:,} articles, {s.mentions:,} mentions, {s.events:,} events "
              f"({db.stat().st_size / 1e6:.0f} MB)")
        some = q.events(con, limit=1)[0]
        art = some.evidence_article_id or ""
        checks: dict[str, Callable[[], Any]] = {
            "events": lambda: q.events(con, limit=100),
            "events(actor,target)": lambda: q.events(con, actor="RUS", target="UKR"),
            "events(root,since)": lambda: q.events(con, root="19", since="2024-01-01"),
            "event_mentions": lambda: q.event_mentions(con, some.event_id),
            "dyads": lambda: q.dyads(con, top=20),
            "timeline(month)": lambda: q.timeline(con, "RUS", "UKR", by="month"),
            "network": lambda: q.network(con),
            "changed_relations": lambda: q.changed_relations(con, since=None, until=None),
            "facts": lambda: q.facts(con, actor="RUS"),
            "article": lambda: q.article(con, art),
            "search_actors": lambda: q.search_actors(con, "RUS"),
            "summary": lambda: q.summary(con),
            "run_sql": lambda: q.run_sql(con, "SELECT root, count(*) FROM events GROUP BY root"),
        }
        print(f"{'query':<24}{'p50 ms':>10}{'p95 ms':>10}")
        for name, fn in checks.items():
            p50, p95 = timed(fn, args.repeat)
            print(f"{name:<24}{p50:>10.1f}{p95:>10.1f}")
    t = time.perf_counter()
    with open_reader(db):
        pass
    print(f"open_reader: {(time.perf_counter() - t) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
