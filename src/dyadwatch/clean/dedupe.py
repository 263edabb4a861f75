"""Exact and near-duplicate articles: content ids and MinHash/LSH over word shingles.

MinHash here is the textbook one: each 5-word shingle is hashed to 32 bits (the first four bytes of
its SHA-1), and each of ``num_perm`` universal hash functions ``(a * h + b) mod (2**61 - 1)``, cut to
32 bits, keeps its minimum over the shingles. The estimated Jaccard similarity of two articles is
the share of equal minima. LSH splits a signature into ``bands`` of ``rows`` and makes two articles
candidates when a band is equal, and every candidate is then checked on its whole signature. The
split minimises the expected false positives and false negatives around the threshold, weighing a
false negative (a duplicate missed) nine times a false positive (one more signature compared).
"""

from __future__ import annotations

import hashlib
import operator
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})
_WS_RE = re.compile(r"\s+")
_WORD_RE = re.compile(r"\w+")


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).lower()
    return _WS_RE.sub(" ", text).strip()


def content_id(body: str, *, title: str | None = None) -> str:
    """A stable id: the hash of the normalised body (the title when the body is empty)."""
    basis = normalise(body) or normalise(title or "")
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]


def _shingles(text: str, k: int = 5) -> set[bytes]:
    words = _WORD_RE.findall(normalise(text))
    if len(words) < k:
        return {" ".join(words).encode()}
    return {" ".join(words[i:i + k]).encode() for i in range(len(words) - k + 1)}


_trapezoid: Any = getattr(np, "trapezoid", None) or getattr(np, "trapz")  # noqa: B009 - numpy 2 renamed trapz
_PRIME = np.uint64((1 << 61) - 1)
_MAX_HASH = np.uint64((1 << 32) - 1)


def permutations(num_perm: int, *, seed: int = 7) -> tuple[np.ndarray, np.ndarray]:
    """The ``a`` and ``b`` of each universal hash function, drawn from a seeded generator."""
    gen = np.random.RandomState(seed)
    pairs = [(gen.randint(1, int(_PRIME), dtype=np.uint64), gen.randint(0, int(_PRIME), dtype=np.uint64))
             for _ in range(num_perm)]
    a, b = np.array(pairs, dtype=np.uint64).T
    return a, b


def signature(shingles: set[bytes], a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The MinHash signature of a set of shingles (uint32: 4 bytes a permutation)."""
    if not shingles:
        return np.full(len(a), _MAX_HASH, dtype=np.uint32)
    hashes = np.array([int.from_bytes(hashlib.sha1(sh).digest()[:4], "little") for sh in shingles],
                      dtype=np.uint64).reshape(-1, 1)
    with np.errstate(over="ignore"):  # a * h wraps modulo 2**64, as the scheme allows
        return ((hashes * a + b) % _PRIME & _MAX_HASH).min(axis=0).astype(np.uint32)


def bands_for(threshold: float, num_perm: int, *, miss_weight: float = 0.9) -> tuple[int, int]:
    """(bands, rows) with bands * rows <= num_perm that minimise the weighted area of false positives
    below the threshold and of false negatives above it (weight ``miss_weight``), for a candidate
    probability of 1 - (1 - s**rows)**bands at similarity s."""
    below = np.linspace(0.0, threshold, 1001)
    above = np.linspace(threshold, 1.0, 1001)
    best: tuple[float, int, int] | None = None
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            fp = _trapezoid(1 - (1 - below ** rows) ** bands, below)
            fn = _trapezoid((1 - above ** rows) ** bands, above)
            err = (1 - miss_weight) * fp + miss_weight * fn
            if best is None or err < best[0]:
                best = (err, bands, rows)
    assert best is not None
    return best[1], best[2]


MIN_BODY = 200
"""Bodies shorter than this (characters) are too short to compare; only their ids are checked."""


@dataclass(frozen=True, slots=True, eq=False)
class Signature:
    """An article's MinHash signature and the hash of each of its LSH bands."""

    article_id: str
    values: np.ndarray
    """``num_perm`` uint32 minima."""
    keys: tuple[int, ...]
    """One signed 64-bit BLAKE2b hash per band: the same in every process and run, so it can be stored."""


class MinHasher:
    """Signs article bodies and says whether two signatures are near-duplicates: they share a band
    (LSH makes them candidates) and agree on at least ``threshold`` of their values."""

    def __init__(self, *, threshold: float = 0.7, num_perm: int = 128) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        bands, rows = _bands_cached(threshold, num_perm)
        self.ranges: list[tuple[int, int]] = [(i * rows, (i + 1) * rows) for i in range(bands)]
        self._a, self._b = _permutations_cached(num_perm)

    def keys(self, values: np.ndarray) -> tuple[int, ...]:
        return tuple(int.from_bytes(hashlib.blake2b(values[start:end].tobytes(), digest_size=8).digest(),
                                    "little", signed=True) for start, end in self.ranges)

    def sign(self, article_id: str, body: str) -> Signature | None:
        """The body's signature, or None when it is shorter than ``MIN_BODY``."""
        if len(body) < MIN_BODY:
            return None
        values = signature(_shingles(body), self._a, self._b)
        return Signature(article_id, values, self.keys(values))

    def restore(self, article_id: str, blob: bytes) -> Signature | None:
        """A stored signature (None when it was made with another ``num_perm``)."""
        values = np.frombuffer(blob, dtype=np.uint32)
        if len(values) != self.num_perm:
            return None
        return Signature(article_id, values, self.keys(values))

    def agree(self, first: np.ndarray, second: np.ndarray) -> bool:
        """Whether two signatures' values agree on at least ``threshold`` of the permutations."""
        return bool(np.count_nonzero(first == second) / self.num_perm >= self.threshold)

    def close(self, first: Signature, second: Signature) -> bool:
        """Whether two signatures share a band and agree on at least ``threshold`` of their values."""
        if len(first.keys) != len(second.keys):
            raise ValueError("signatures of different hashers cannot be compared")
        if not any(map(operator.eq, first.keys, second.keys)):  # a band in common (compared in C: the hot loop)
            return False
        return self.agree(first.values, second.values)


class Deduplicator:
    """Remembers the last ``window`` articles seen and says which earlier one a new article repeats.

    The index is compact: the MinHash signatures in one numpy ring of ``window`` rows, and per LSH band
    a dict from the band's hash to the rows holding it (every candidate is checked on its signature).
    Rows are numbered in the order seen; when the ring is full the oldest row leaves the index, so
    memory stays bounded on a stream of any length (about 1.3 KB an article: 26 MB at the default
    window of 20,000 articles). Used where there is no database (``extract``); ``ingest`` keeps the
    index in the database instead (``engines.screen``).
    """

    def __init__(self, *, threshold: float = 0.7, num_perm: int = 128, window: int = 20_000) -> None:
        if window < 1:
            raise ValueError("window must be at least 1")
        self.hasher = MinHasher(threshold=threshold, num_perm=num_perm)
        self.window = window
        self._bands: list[dict[int, int | list[int]]] = [{} for _ in self.hasher.ranges]
        self._sigs = np.empty((min(64, window), num_perm), dtype=np.uint32)
        self._ids: list[str] = []  # article id of each ring slot
        self._next = 0  # number of the next row; rows below ``_next - window`` have left the index
        self._seen: dict[str, None] = {}  # ids seen, oldest first (at most ``window``)

    def _candidates(self, sig: Signature) -> set[int]:
        found: set[int] = set()
        for key, table in zip(sig.keys, self._bands, strict=True):
            hit = table.get(key)
            if hit is None:
                continue
            if isinstance(hit, int):
                found.add(hit)
            else:
                found.update(hit)
        return found

    def _slot(self, row: int) -> int:
        return row % self.window

    def _evict(self, row: int) -> None:
        """Take the row out of every band (its slot is about to be reused)."""
        for key, table in zip(self.hasher.keys(self._sigs[self._slot(row)]), self._bands, strict=True):
            hit = table.get(key)
            if hit == row:
                del table[key]
            elif isinstance(hit, list):
                hit.remove(row)
                if len(hit) == 1:
                    table[key] = hit[0]

    def _insert(self, sig: Signature) -> None:
        row = self._next
        if row >= self.window:
            self._evict(row - self.window)
        slot = self._slot(row)
        if slot >= len(self._sigs):
            grown = np.empty((min(2 * len(self._sigs), self.window), self._sigs.shape[1]), dtype=self._sigs.dtype)
            grown[: len(self._sigs)] = self._sigs
            self._sigs = grown
        self._sigs[slot] = sig.values
        if slot < len(self._ids):
            self._ids[slot] = sig.article_id
        else:
            self._ids.append(sig.article_id)
        self._next += 1
        for key, table in zip(sig.keys, self._bands, strict=True):
            hit = table.get(key)
            if hit is None:
                table[key] = row
            elif isinstance(hit, int):
                table[key] = [hit, row]
            else:
                hit.append(row)

    def _remember(self, article_id: str) -> None:
        self._seen[article_id] = None
        if len(self._seen) > self.window:
            del self._seen[next(iter(self._seen))]

    def check(self, article_id: str, body: str) -> str | None:
        """The id of an earlier article this one duplicates, or None (and remember it)."""
        if article_id in self._seen:
            return article_id
        sig = self.hasher.sign(article_id, body)
        if sig is None:
            self._remember(article_id)
            return None
        for row in sorted(self._candidates(sig)):  # rows in the order seen: the first close enough is the earliest
            slot = self._slot(row)
            if self.hasher.agree(self._sigs[slot], sig.values):  # a candidate shares a band already
                return self._ids[slot]
        self._insert(sig)
        self._remember(article_id)
        return None


@lru_cache(maxsize=8)
def _bands_cached(threshold: float, num_perm: int) -> tuple[int, int]:
    return bands_for(threshold, num_perm)


@lru_cache(maxsize=8)
def _permutations_cached(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    return permutations(num_perm)
