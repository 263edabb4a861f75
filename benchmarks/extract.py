"""Where the pipeline's time goes, in one process: cleaning, cheap pass, parsing, coding.

    .venv/bin/python benchmarks/extract.py [--articles 300]

Codes a generated corpus (benchmarks/corpus.py) with one Pipeline and prints CPU seconds per stage,
how many sentences were parsed (and how many with the entity recogniser), articles/s, and the floor
(bare ``nlp.pipe`` over the same bodies, same process) for comparison. Figures only.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_corpus

from dyadwatch.model import Article
from dyadwatch.pipeline import Pipeline
from dyadwatch.readers import read_inputs
from dyadwatch.settings import load_settings


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=300)
    args = ap.parse_args()
    base = Path(tempfile.mkdtemp(prefix="dw-extract-"))
    try:
        write_corpus(base, args.articles)
        settings = load_settings()
        t = time.process_time()
        pipe = Pipeline(settings=settings)
        print(f"pipeline loaded: {time.process_time() - t:.1f}s CPU")
        t = time.process_time()
        articles = [a for a in read_inputs([str(base)], settings=settings) if isinstance(a, Article)]
        clean = time.process_time() - t
        words = sum(len(a.body.split()) for a in articles)
        list(pipe.process(articles[:4]))  # warm caches (places, lexicon)

        stats: dict[str, Any] = {"parse": 0.0, "jobs": 0, "ents": 0}
        parse = pipe._parse

        def timed(jobs: list[Any]) -> Iterator[Any]:
            stats["jobs"] += len(jobs)
            stats["ents"] += sum(j.want_entities for j in jobs)
            t0 = time.process_time()
            done = list(parse(jobs))
            stats["parse"] += time.process_time() - t0
            return iter(done)

        pipe._parse = timed  # type: ignore[method-assign]
        t = time.process_time()
        results = list(pipe.process(articles))
        total = time.process_time() - t
        sentences = sum(1 for a in articles for _ in pipe.fast(a.body).sents)
        events = sum(len(r.events) for r in results)
        t = time.process_time()
        for _ in pipe.nlp.pipe((a.body for a in articles), batch_size=64):
            pass
        floor = time.process_time() - t
        n = len(articles)
        print(f"{n} articles, {words} words, {sentences} body sentences; {events} events")
        print(f"read + clean        {clean:7.1f}s CPU  ({n / clean:.0f} articles/s)")
        print(f"pipeline            {total:7.1f}s CPU  ({n / total:.1f} articles/s, {words / total:.0f} words/s)")
        print(f"  of which parsing  {stats['parse']:7.1f}s CPU  ({stats['jobs']} sentences parsed, "
              f"{stats['ents']} with the entity recogniser)")
        print(f"  cheap pass + coding {total - stats['parse']:5.1f}s CPU")
        print(f"floor (nlp.pipe)    {floor:7.1f}s CPU  ({n / floor:.1f} articles/s); floor/pipeline = {floor / total:.2f}")
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
