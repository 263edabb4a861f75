"""A corpus with near copies, repeated ids and short bodies, and the scan that says what duplicates what."""

from __future__ import annotations

import random
from collections.abc import Sequence

import numpy as np

from dyadwatch.clean.dedupe import _shingles, permutations, signature


def brute_force(
    items: list[tuple[str, str]], threshold: float = 0.7, *, num_perm: int = 128,
    stored: Sequence[tuple[str, str, bool]] = (),
) -> list[str | None]:
    """The earliest earlier article whose signature agrees on at least ``threshold`` of its values.

    ``stored``: (id, body, is an original) of the articles stored before ``items``: their ids are skipped,
    and the originals compared first (signed with ``num_perm``)."""
    a, b = permutations(num_perm)
    kept: list[tuple[str, np.ndarray]] = [(aid, signature(_shingles(body), a, b)) for aid, body, original in stored
                                          if original and len(body) >= 200]
    seen: set[str] = {aid for aid, _, _ in stored}
    out: list[str | None] = []
    for aid, body in items:
        if aid in seen:
            out.append(aid)
            continue
        seen.add(aid)
        if len(body) < 200:
            out.append(None)
            continue
        sig = signature(_shingles(body), a, b)
        hit = next((k for k, other in kept if np.mean(other == sig) >= threshold), None)
        out.append(hit)
        if hit is None:
            kept.append((aid, sig))
    return out


def corpus(seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(400)]
    items: list[tuple[str, str]] = []
    for i in range(150):
        words = [rng.choice(vocab) for _ in range(120)]
        items.append((f"a{i}", " ".join(words)))
        if i % 4 == 0:  # a near copy: one word changed, or the last tenth cut
            changed = list(words)
            changed[rng.randrange(len(changed))] = "changed"
            items.append((f"b{i}", " ".join(changed)))
            items.append((f"c{i}", " ".join(words[: int(len(words) * 0.9)])))
        if i % 9 == 0:
            items.append((f"a{i}", "repeated id"))
        if i % 11 == 0:
            items.append((f"s{i}", "too short"))
    return items
