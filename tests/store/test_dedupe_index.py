"""The near-duplicate index: MinHash signatures estimate Jaccard similarity, and the LSH bands find every
earlier article whose signature is close enough (checked against a brute-force scan)."""

from __future__ import annotations

import random

import numpy as np
import pytest
from dupcorpus import brute_force, corpus

from dyadwatch.clean.dedupe import Deduplicator, _shingles, bands_for, permutations, signature


@pytest.mark.parametrize("seed", [3, 4, 5])
def test_the_index_answers_as_a_scan_of_every_signature(seed: int) -> None:
    items = corpus(seed)
    d = Deduplicator(threshold=0.7, num_perm=128)
    got = [d.check(aid, body) for aid, body in items]
    assert got == brute_force(items)
    copies = {aid: hit for (aid, _), hit in zip(items, got, strict=True) if aid[0] in "bc"}
    assert all(hit == "a" + aid[1:] for aid, hit in copies.items()), copies


def test_signature_agreement_estimates_jaccard_similarity() -> None:
    rng = random.Random(1)
    words = [f"w{rng.randrange(5000)}" for _ in range(600)]
    first, second = _shingles(" ".join(words)), _shingles(" ".join(words[:450]))
    a, b = permutations(128)
    estimate = float(np.mean(signature(first, a, b) == signature(second, a, b)))
    true = len(first & second) / len(first | second)
    assert abs(estimate - true) < 0.12
    assert np.array_equal(signature(first, a, b), signature(set(first), *permutations(128)))  # seeded: repeatable
    assert float(np.mean(signature(first, a, b) == signature(_shingles("other text " * 50), a, b))) < 0.1


@pytest.mark.parametrize(("threshold", "num_perm"), [(0.5, 128), (0.7, 128), (0.9, 128), (0.7, 64), (0.8, 256)])
def test_bands_put_the_candidate_curve_at_the_threshold_favouring_recall(threshold: float, num_perm: int) -> None:
    bands, rows = bands_for(threshold, num_perm)
    assert bands * rows <= num_perm

    def candidate(s: float) -> float:
        return float(1 - (1 - s**rows) ** bands)

    assert candidate(min(1.0, threshold + 0.1)) > 0.97  # a near-duplicate is almost never missed
    assert candidate(threshold - 0.4) < 0.05  # unrelated articles are seldom compared


@pytest.mark.parametrize("window", [1, 7, 40])
def test_a_windowed_index_answers_as_a_scan_of_the_last_window_articles(window: int) -> None:
    items = corpus(6)
    d = Deduplicator(threshold=0.7, num_perm=128, window=window)
    got = [d.check(aid, body) for aid, body in items]
    # the scan over the same window: the signatures of the last ``window`` articles indexed, and the
    # last ``window`` ids seen
    a, b = permutations(128)
    kept: list[tuple[str, np.ndarray]] = []
    seen: list[str] = []
    want: list[str | None] = []
    for aid, body in items:
        if aid in seen:
            want.append(aid)
            continue
        if len(body) >= 200:
            sig = signature(_shingles(body), a, b)
            hit = next((k for k, other in kept if np.mean(other == sig) >= 0.7), None)
            if hit is not None:
                want.append(hit)
                continue
            kept = [*kept, (aid, sig)][-window:]
        seen = [*seen, aid][-window:]
        want.append(None)
    assert got == want
    assert len(d._bands[0]) <= window and sum(1 for _ in d._seen) <= window
