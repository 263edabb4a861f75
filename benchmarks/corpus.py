"""A synthetic corpus for the benchmarks and the engine tests: ~600-word text captures built from the demo corpus.

Every article mixes sentences drawn from all demo articles, with countries, leaders and dates swapped,
so that no two are (near-)duplicates and de-duplication codes them all.

    python benchmarks/corpus.py OUT_DIR [--articles 2000] [--words 600] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import re
from datetime import date, timedelta
from functools import cache
from importlib import resources
from pathlib import Path

_SENT = re.compile(r"(?<=[.!?\"”])\s+(?=[A-Z\"“])")
_COUNTRIES = ["Russia", "Ukraine", "China", "Iran", "Israel", "India", "Pakistan", "Turkey", "Japan", "France",
              "Germany", "Egypt", "Qatar", "Armenia", "Azerbaijan", "Sudan", "Venezuela", "Brazil", "Canada"]
_LEADERS = ["Vladimir Putin", "Xi Jinping", "Joe Biden", "Narendra Modi", "Kim Jong Un", "Recep Tayyip Erdogan",
            "Benjamin Netanyahu", "Volodymyr Zelenskiy", "Emmanuel Macron", "Olaf Scholz"]
_NAME_RE = re.compile(r"\b(" + "|".join(map(re.escape, _COUNTRIES + _LEADERS)) + r")\b")
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]


@cache
def _pool() -> tuple[list[str], list[tuple[str, str]]]:
    """Sentences of every coded demo article, and (section, title) pairs."""
    from dyadwatch.model import Article
    from dyadwatch.readers import read_inputs
    from dyadwatch.settings import Settings

    sentences: list[str] = []
    heads: list[tuple[str, str]] = []
    demo = str(resources.files("dyadwatch") / "data" / "demo")
    for a in read_inputs([demo], settings=Settings()):
        if not isinstance(a, Article) or not a.codable:  # input problem, French or duplicate
            continue
        heads.append((a.section or "World", a.title or "News"))
        for para in a.paragraphs:
            sentences.extend(s.strip() for s in _SENT.split(para) if len(s.split()) >= 6)
    return sentences, heads


def article_text(i: int, *, words: int = 600, seed: int = 1) -> str:
    """The i-th synthetic article (deterministic) as a plain-text page capture."""
    sentences, heads = _pool()
    rng = random.Random(seed * 1_000_003 + i)
    countries = _COUNTRIES[:]
    rng.shuffle(countries)
    leaders = _LEADERS[:]
    rng.shuffle(leaders)
    swap = dict(zip(_COUNTRIES, countries, strict=True)) | dict(zip(_LEADERS, leaders, strict=True))

    def vary(s: str) -> str:
        return _NAME_RE.sub(lambda m: swap[m.group(1)], s)

    section, title = rng.choice(heads)
    day = date(2019, 1, 1) + timedelta(days=rng.randrange(6 * 365))
    paras: list[str] = []
    count = len(title.split())
    while count < words:
        para = [vary(rng.choice(sentences)) for _ in range(rng.randint(2, 4))]
        count += sum(len(s.split()) for s in para)
        paras.append(" ".join(para))
    return "\n\n".join([
        section, vary(title) + f" ({i})", f"By Bench Writer {i % 97}",
        f"{_MONTHS[day.month - 1]} {day.day}, {day.year} {rng.randint(1, 11)}:{rng.randint(0, 59):02d} PM GMT",
        *paras, "",
    ])


def write_corpus(out: Path, n: int, *, words: int = 600, seed: int = 1) -> list[Path]:
    """Write n articles as out/NNNNNN.txt; returns their paths."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        p = out / f"{i:06d}.txt"
        p.write_text(article_text(i, words=words, seed=seed), encoding="utf-8")
        paths.append(p)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--words", type=int, default=600)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    paths = write_corpus(args.out, args.articles, words=args.words, seed=args.seed)
    print(f"{len(paths)} articles in {args.out}")


if __name__ == "__main__":
    main()
