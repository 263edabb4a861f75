"""The compact near-duplicate index answers as datasketch's MinHashLSH with MinHash objects does."""

from __future__ import annotations

import random

from datasketch import MinHash, MinHashLSH

from dyadwatch.clean.dedupe import Deduplicator, _shingles


def _reference(items: list[tuple[str, str]], threshold: float = 0.7) -> list[str | None]:
    lsh = MinHashLSH(threshold=threshold, num_perm=128)
    hashes: dict[str, MinHash] = {}
    order: dict[str, int] = {}
    out: list[str | None] = []
    for aid, body in items:
        if aid in order:
            out.append(aid)
            continue
        if len(body) < 200:
            order[aid] = len(order)
            out.append(None)
            continue
        m = MinHash(num_perm=128, seed=7)
        m.update_batch(list(_shingles(body)))
        close = [c for c in lsh.query(m) if m.jaccard(hashes[c]) >= threshold]
        if close:
            out.append(min(close, key=lambda c: order[c]))
            continue
        lsh.insert(aid, m)
        hashes[aid] = m
        order[aid] = len(order)
        out.append(None)
    return out


def test_compact_index_matches_minhash_lsh() -> None:
    rng = random.Random(3)
    vocab = [f"w{i}" for i in range(400)]
    items: list[tuple[str, str]] = []
    for i in range(150):
        words = [rng.choice(vocab) for _ in range(120)]
        items.append((f"a{i}", " ".join(words)))
        if i % 4 == 0:  # a near copy
            words[rng.randrange(len(words))] = "changed"
            items.append((f"b{i}", " ".join(words)))
        if i % 9 == 0:
            items.append((f"a{i}", "repeated id"))
        if i % 11 == 0:
            items.append((f"s{i}", "too short"))
    d = Deduplicator(threshold=0.7, num_perm=128)
    got = [d.check(aid, body) for aid, body in items]
    assert got == _reference(items)
    assert any(g is not None and g.startswith("a") for g in got)
