"""API benchmark: p50/p95 latency of the main endpoints and pages on a database of at least 100k events.

    PYTHONPATH=src python benchmarks/api.py [--articles 45000] [--db PATH] [--repeat 50]

Builds the database with the store tests' generator (or reuses --db when it exists), then calls each
endpoint in-process through Starlette's TestClient: every request opens and closes its own read-only
connection, as in production. Prints figures; asserts nothing about timing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "store"))


def build(db: Path, articles: int, per_article: int, batch: int) -> None:
    from factory import synthetic

    from dyadwatch.store import StoreWriter

    t = time.perf_counter()
    results = synthetic(articles, per_article, seed=1, syndicate=0.05)
    with StoreWriter(db, snapshot_interval_s=3600) as w:
        run = w.start_run({"benchmark": True})
        for i in range(0, len(results), batch):
            w.write_batch(results[i : i + batch], run)
        w.finish_run(run)
    print(f"built {db} from {articles:,} articles in {time.perf_counter() - t:.0f}s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=45_000)
    ap.add_argument("--events-per-article", type=int, default=3)
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=50)
    ap.add_argument("--db", type=Path)
    args = ap.parse_args()
    db = args.db or Path(tempfile.mkdtemp()) / "api-bench.duckdb"
    if not db.exists():
        build(db, args.articles, args.events_per_article, args.batch)

    from fastapi.testclient import TestClient

    from dyadwatch.server import create_app

    client = TestClient(create_app(db))
    summary = client.get("/api/summary").json()
    print(f"database: {summary['articles']:,} articles, {summary['mentions']:,} mentions, "
          f"{summary['events']:,} events ({db.stat().st_size / 1e6:.0f} MB)")
    some = client.get("/api/events", params={"limit": 1}).json()["items"][0]
    article = some["evidence_article_id"]
    html = {"accept": "text/html"}
    checks: list[tuple[str, str, dict[str, str]]] = [
        ("GET /api/summary", "/api/summary", {}),
        ("GET /api/events", "/api/events?limit=100", {}),
        ("GET /api/events?actor&target", "/api/events?actor=RUS&target=UKR", {}),
        ("GET /api/events?quad&since", "/api/events?quad=4&since=2024-01-01&offset=200", {}),
        ("GET /api/events/{id}/mentions", f"/api/events/{some['event_id']}/mentions", {}),
        ("GET /api/dyads", "/api/dyads?top=20", {}),
        ("GET /api/timeline/RUS/UKR", "/api/timeline/RUS/UKR?by=month", {}),
        ("GET /api/activity", "/api/activity?by=month", {}),
        ("GET /api/network", "/api/network", {}),
        ("GET /api/changes", "/api/changes", {}),
        ("GET /api/facts?actor", "/api/facts?actor=RUS", {}),
        ("GET /api/articles/{id}", f"/api/articles/{article}", {}),
        ("GET /api/actors?q", "/api/actors?q=RUS", {}),
        ("page /", "/", html),
        ("page /dyad/RUS/UKR", "/dyad/RUS/UKR", html),
        ("page /network", "/network", html),
        ("page /actor/RUS", "/actor/RUS", html),
        ("page /article/{id}", f"/article/{article}", html),
    ]
    print(f"{'request':<32}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for name, url, headers in checks:
        client.get(url, headers=headers)  # warm up
        samples = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            r = client.get(url, headers=headers)
            samples.append((time.perf_counter() - t) * 1000)
            if r.status_code != 200:
                raise SystemExit(f"{url}: HTTP {r.status_code} {r.text[:200]}")
        samples.sort()
        p95 = samples[min(len(samples) - 1, int(0.95 * len(samples)))]
        print(f"{name:<32}{statistics.median(samples):>9.1f}{p95:>9.1f}{samples[-1]:>9.1f}")


if __name__ == "__main__":
    main()
