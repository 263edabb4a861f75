"""Cleaning throughput: reading and cleaning only (no NLP), for text captures and for HTML pages.

    .venv/bin/python benchmarks/ingest.py [--articles 1000]

Cleaning runs in the process that also writes (the NLP runs in the workers), so it must stay far ahead
of coding (about 8 articles/s per core): prints articles/s and ms/article for each format, one process.
Figures only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import html
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import article_text

from dyadwatch.readers import read_inputs
from dyadwatch.settings import Settings

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | Bench Times</title>
<meta property="og:site_name" content="Bench Times"><meta property="article:published_time" content="{date}">
</head><body>
<header class="site-header"><a class="logo" href="/">Bench Times</a><nav><ul><li><a href="/world">World</a></li>
<li><a href="/politics">Politics</a></li><li><a href="/business">Business</a></li></ul></nav></header>
<main><article class="story"><h1>{title}</h1><div class="byline">By Bench Writer</div>
{paras}
<aside class="related"><h2>Read more</h2><ul><li><a href="/world">More world news</a></li></ul></aside>
</article></main><footer><p>© Bench Times. All rights reserved.</p>
<div id="cookie-banner">We use cookies. <button>Accept all</button></div></footer></body></html>
"""


def as_html(i: int) -> str:
    lines = article_text(i).split("\n\n")
    title, paras = lines[1], [p for p in lines[4:] if p.strip()]
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paras)
    return PAGE.format(title=html.escape(title), date=f"2024-0{1 + i % 9}-1{i % 10}T08:30:00+00:00", paras=body)


def rate(folder: Path) -> tuple[int, float]:
    t = time.perf_counter()
    n = sum(1 for item in read_inputs([str(folder)], settings=Settings()) if hasattr(item, "body"))
    return n, time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=1000)
    args = ap.parse_args()
    base = Path(tempfile.mkdtemp(prefix="dw-clean-"))
    try:
        for fmt, make in (("text", article_text), ("html", as_html)):
            folder = base / fmt
            folder.mkdir()
            for i in range(args.articles):
                (folder / f"{i:06d}.{'txt' if fmt == 'text' else 'html'}").write_text(make(i), encoding="utf-8")
            n, secs = rate(folder)
            print(f"{fmt:<5} {n} articles read and cleaned in {secs:.1f}s: {n / secs:.0f} articles/s, "
                  f"{1000 * secs / max(n, 1):.1f} ms/article", flush=True)
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
