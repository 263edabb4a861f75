"""Writer benchmark: the time and memory of a batch when the same events keep being reported.

    PYTHONPATH=src python benchmarks/rollup.py [--batches 400] [--batch 64] [--hot 50] [--src TREE]

Every generated article mentions three of ``--hot`` recurring events (the same dyads, roots and
days, from different outlets) and two new ones, so the recurring events gain mentions batch after
batch, as the big stories of a news stream do. For each stretch of batches it prints the median
milliseconds a batch took to write and the writing process's peak memory in that stretch. ``--src``
runs another dyadwatch source tree (e.g. a checkout of an older version, for before/after).
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _peak_sampler() -> tuple[list[int], threading.Event]:
    """A thread that keeps the highest resident memory seen (in the list) until the event is set."""
    import psutil

    me = psutil.Process()
    peak = [0]
    stop = threading.Event()

    def run() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], me.memory_info().rss)
            time.sleep(0.005)

    threading.Thread(target=run, daemon=True).start()
    return peak, stop


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--batches", type=int, default=400)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--hot", type=int, default=50)
    ap.add_argument("--every", type=int, default=50, help="batches per printed stretch")
    ap.add_argument("--src", type=Path, help="dyadwatch source tree to run instead of this one")
    args = ap.parse_args()
    sys.path.insert(0, str(args.src.resolve() if args.src else HERE.parent / "src"))
    sys.path.insert(0, str(HERE.parent / "tests" / "store"))
    from factory import event, result

    from dyadwatch.store import StoreWriter

    rng = random.Random(5)
    countries = ["RUS", "UKR", "USA", "CHN", "PRK", "IRN", "ISR", "IND", "PAK", "TUR", "GBR", "FRA"]
    roots = ["04", "05", "06", "11", "13", "19"]
    hot = [(rng.choice(countries), rng.choice(countries), rng.choice(roots), f"2024-0{1 + k % 9}-1{k % 10}")
           for k in range(args.hot)]
    start = datetime(2024, 1, 1, tzinfo=UTC)
    db = Path(tempfile.mkdtemp()) / "rollup.duckdb"
    peak, stop = _peak_sampler()
    times: list[float] = []
    print(f"{'batches':>9}{'articles':>10}{'ms/batch':>10}{'peak MB':>9}{'most mentions':>15}")
    with StoreWriter(db, snapshots=False) as w:
        run = w.start_run({"benchmark": True})
        for b in range(args.batches):
            batch = []
            for i in range(args.batch):
                n = b * args.batch + i
                events = [event(a + "GOV", t + "GOV", root, date=day, sentence=f"Report {n} on {a} and {t}.",
                                confidence=round(rng.random(), 2), start=40 * j)
                          for j, (a, t, root, day) in enumerate(rng.sample(hot, 3))]
                events += [event(rng.choice(countries) + "MIL", rng.choice(countries), rng.choice(roots),
                                 date=(start + timedelta(days=n % 700)).date().isoformat(),
                                 sentence=f"Other {n}-{j}.", start=200 + 40 * j) for j in range(2)]
                batch.append(result(f"a{n:07d}", events, publisher=f"Outlet {n % 40}",
                                    published=start + timedelta(minutes=n)))
            t = time.perf_counter()
            w.write_batch(batch, run)
            times.append((time.perf_counter() - t) * 1000)
            if (b + 1) % args.every == 0:
                most = w.con.execute("SELECT max(num_mentions) FROM events").fetchone()
                print(f"{b + 1:>9}{(b + 1) * args.batch:>10}{statistics.median(times):>10.0f}"
                      f"{peak[0] / 2**20:>9.0f}{most[0] if most else 0:>15}", flush=True)
                times = []
                peak[0] = 0
        w.finish_run(run)
    stop.set()


if __name__ == "__main__":
    main()
