"""Throughput: dyadwatch against the floor (bare spaCy over the full text), at several corpus sizes.

    .venv/bin/python benchmarks/throughput.py [--sizes 500,2000,8000] [--procs 1,2] [--modes floor,extract,ingest]

For each size, a corpus of ~600-word articles is generated from the demo corpus (benchmarks/corpus.py)
and timed, each command in its own process (start-up and model loading included), with 1 and 2
processes:
  floor    bare spaCy ``nlp.pipe`` over the full text of every file (same model, all components)
  floor_numpy  the same, multiplying with numpy's BLAS (one thread) as dyadwatch does by default
           (settings.matmul): shows how much of dyadwatch's lead is the matrix library, how much the rest
  extract  ``dyadwatch extract DIR`` (DYADWATCH_WORKERS=n), output to /dev/null
  ingest   ``dyadwatch ingest DIR --db fresh.duckdb --workers n``
Prints articles/s, words/s, floor_time / time at the same process count, the peak RSS of the largest
process (getrusage of the children) and of the whole process tree (psutil, when installed): the sum of
the processes' RSS, and of their PSS, which counts pages they share (libraries, the model's files) once
(RSS sampled every 0.25 s, PSS every second and at each new high of the RSS: see ``TreeSampler``).
Figures only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_corpus

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

FLOOR = """
import sys, pathlib
from dyadwatch.pipeline import load_nlp
nlp = load_nlp()
if sys.argv[3] == "numpy":
    from dyadwatch.nlp.backend import set_matmul
    set_matmul(nlp, "numpy")
files = sorted(pathlib.Path(sys.argv[1]).glob("*.txt"))
texts = (f.read_text(encoding="utf-8") for f in files)
n = sum(1 for _ in nlp.pipe(texts, batch_size=64, n_process=int(sys.argv[2])))
"""

# runs a command and reports the largest max RSS of any process it started (Linux: kilobytes)
WRAP = """
import json, resource, subprocess, sys
rc = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
open(sys.argv[1], "w").write(json.dumps({"rc": rc, "maxrss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


class TreeSampler:
    """Peak resident memory of a process and all its descendants: the sum of their RSS, and of their PSS
    (shared pages such as libraries counted once, split among the processes). Sampling must not take
    much of the cores it measures: the kernel works PSS out by walking every page (about 5 ms for a
    process of 300 MB), so RSS (``statm``, cheap) is read at every sample and PSS once a second and
    whenever the RSS sum reaches a new high, which is when PSS's is most likely; the processes are
    listed again every 2 s (they start once). ``peak`` is None without psutil."""

    def __init__(self, pid: int) -> None:
        try:
            import psutil
        except ImportError:
            self.root = None
            return
        self.psutil = psutil
        self.root = psutil.Process(pid)
        self.procs: list[Any] = []
        self.listed = self.pss_read = float("-inf")
        self.rss_peak = self.pss_peak = 0

    @property
    def peak(self) -> tuple[int, int] | None:
        return None if self.root is None else (self.rss_peak, self.pss_peak)

    def _sum(self, read: Callable[[Any], int]) -> int:
        total = 0
        for p in self.procs:
            with contextlib.suppress(self.psutil.Error):
                total += read(p)
        return total

    def sample(self) -> None:
        if self.root is None:
            return
        now = time.monotonic()
        if now - self.listed >= 2.0:
            with contextlib.suppress(self.psutil.Error):
                self.procs = [self.root, *self.root.children(recursive=True)]
            self.listed = now
        rss = self._sum(lambda p: p.memory_info().rss)
        if rss > self.rss_peak or now - self.pss_read >= 1.0:
            pss = self._sum(lambda p: getattr(p.memory_full_info(), "pss", 0))
            self.pss_peak, self.pss_read = max(self.pss_peak, pss), now
        self.rss_peak = max(self.rss_peak, rss)


def measure(cmd: list[str], env: dict[str, str]) -> tuple[float, int, tuple[int, int] | None, int]:
    """(seconds, peak RSS of the largest process, peak RSS and PSS of the tree, exit status)."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as fh:
        report = fh.name
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", WRAP, report, *cmd], env=env, cwd=ROOT)
    tree = TreeSampler(proc.pid)
    while proc.poll() is None:
        tree.sample()
        time.sleep(0.25)
    elapsed = time.perf_counter() - start
    data = json.loads(Path(report).read_text())
    os.unlink(report)
    return elapsed, data["maxrss_kb"] * 1024, tree.peak, data["rc"]


def corpus_for(master: Path, n: int, base: Path) -> tuple[Path, int]:
    """A folder with the first n articles (hard links into the master corpus); its word count."""
    out = base / f"n{n}"
    out.mkdir()
    words = 0
    for i in range(n):
        src = master / f"{i:06d}.txt"
        os.link(src, out / src.name)
        words += len(src.read_text(encoding="utf-8").split())
    return out, words


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="2000", help="comma-separated corpus sizes (articles)")
    ap.add_argument("--procs", default="1,2", help="comma-separated process counts")
    ap.add_argument("--modes", default="floor,floor_numpy,extract,ingest")
    ap.add_argument("--words", type=int, default=600, help="words per generated article (about)")
    ap.add_argument("--src", type=Path, default=ROOT / "src",
                    help="dyadwatch source tree to run (e.g. a checkout of an older version, for before/after)")
    ap.add_argument("--tmp", type=Path, help="work folder (default: a new temp folder, removed at the end)")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    procs = [int(p) for p in args.procs.split(",")]
    modes = args.modes.split(",")

    base = Path(tempfile.mkdtemp(prefix="dw-throughput-", dir=args.tmp))
    try:
        t = time.perf_counter()
        master = base / "master"
        write_corpus(master, max(sizes), words=args.words)
        print(f"generated {max(sizes)} articles in {time.perf_counter() - t:.0f}s ({base})", flush=True)
        env = dict(os.environ, PYTHONPATH=str(args.src))
        print(f"{'articles':>8} {'mode':<11} {'procs':>5} {'seconds':>8} {'art/s':>7} {'words/s':>8} "
              f"{'floor/this':>10} {'maxRSS MB':>9} {'treeRSS MB':>10} {'treePSS MB':>10}", flush=True)
        growth: dict[tuple[str, int], list[tuple[int, float, int, int]]] = {}
        for n in sizes:
            folder, words = corpus_for(master, n, base)
            floor: dict[int, float] = {}
            for mode in modes:
                for p in procs:
                    run_env = dict(env, DYADWATCH_WORKERS=str(p))
                    if mode in ("floor", "floor_numpy"):
                        cmd = [sys.executable, "-c", FLOOR, str(folder), str(p), mode.removeprefix("floor_")]
                        if mode == "floor_numpy":
                            run_env["OPENBLAS_NUM_THREADS"] = "1"
                    elif mode == "extract":
                        cmd = [str(BIN / "dyadwatch"), "extract", str(folder)]
                    else:
                        db = base / f"ingest-{n}-{p}.duckdb"
                        cmd = [str(BIN / "dyadwatch"), "ingest", str(folder), "--db", str(db), "--workers", str(p)]
                    secs, rss, tree, rc = measure(cmd, run_env)
                    if mode == "floor":
                        floor[p] = secs
                    ratio = f"{floor[p] / secs:.2f}" if p in floor else "-"
                    tree_mb, pss_mb = (f"{tree[0] / 2**20:.0f}", f"{tree[1] / 2**20:.0f}") if tree else ("-", "-")
                    flag = "" if rc in (0, 1) else f"  (exit {rc})"
                    print(f"{n:>8} {mode:<11} {p:>5} {secs:>8.1f} {n / secs:>7.1f} {words / secs:>8.0f} "
                          f"{ratio:>10} {rss / 2**20:>9.0f} {tree_mb:>10} {pss_mb:>10}{flag}", flush=True)
                    growth.setdefault((mode, p), []).append((n, secs, rss, tree[1] if tree else 0))
                    for stale in base.glob("ingest-*"):
                        shutil.rmtree(stale) if stale.is_dir() else stale.unlink()
            shutil.rmtree(folder)
        if len(sizes) > 1:
            print("\ngrowth (relative to the smallest size):")
            for (mode, p), rows in growth.items():
                n0, s0, r0, t0 = rows[0]
                parts = [f"{n}: time x{s / s0:.2f} for x{n / n0:.0f} articles, maxRSS {(r - r0) / 2**20:+.0f} MB"
                         f" (x{r / r0:.3f}), treePSS {(t - t0) / 2**20:+.0f} MB" for n, s, r, t in rows[1:]]
                print(f"  {mode:<11} {p} proc: " + "; ".join(parts))
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
