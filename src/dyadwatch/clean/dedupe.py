"""Exact and near-duplicate articles: content ids and MinHash/LSH over word shingles."""

from __future__ import annotations

import hashlib
import re
import unicodedata

import numpy as np
from datasketch import MinHash, MinHashLSH

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


class Deduplicator:
    """Remembers the articles seen so far and says which earlier one a new article repeats.

    The index is compact: the MinHash signatures of the indexed articles in one numpy array (4 bytes
    per permutation), and per LSH band a dict from the band's hash to the rows holding it. It answers as
    datasketch's ``MinHashLSH`` with the same bands would (a band-hash collision only adds a candidate,
    and every candidate is checked on its signature), at about a fifth of the memory of keeping
    ``MinHash`` objects and an LSH of byte keys.
    """

    def __init__(self, *, threshold: float = 0.7, num_perm: int = 128) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)  # only for its choice of bands
        self._ranges: list[tuple[int, int]] = list(lsh.hashranges)
        self._template = MinHash(num_perm=num_perm, seed=7)
        self._bands: list[dict[int, int | list[int]]] = [{} for _ in self._ranges]
        self._sigs = np.empty((64, num_perm), dtype=self._template.hashvalues.dtype)
        self._rows: list[str] = []  # article id of each signature row, in order seen
        self._seen: set[str] = set()

    def _minhash(self, text: str) -> np.ndarray:
        t = self._template
        m = MinHash(num_perm=self.num_perm, seed=7, permutations=t.permutations, scheme=t.scheme)
        m.update_batch(list(_shingles(text)))
        return m.hashvalues

    def _candidates(self, sig: np.ndarray) -> set[int]:
        found: set[int] = set()
        for (start, end), table in zip(self._ranges, self._bands, strict=True):
            hit = table.get(hash(sig[start:end].tobytes()))
            if hit is None:
                continue
            if isinstance(hit, int):
                found.add(hit)
            else:
                found.update(hit)
        return found

    def _insert(self, article_id: str, sig: np.ndarray) -> None:
        row = len(self._rows)
        if row == len(self._sigs):
            grown = np.empty((2 * row, self.num_perm), dtype=self._sigs.dtype)
            grown[:row] = self._sigs
            self._sigs = grown
        self._sigs[row] = sig
        self._rows.append(article_id)
        for (start, end), table in zip(self._ranges, self._bands, strict=True):
            key = hash(sig[start:end].tobytes())
            hit = table.get(key)
            if hit is None:
                table[key] = row
            elif isinstance(hit, int):
                table[key] = [hit, row]
            else:
                hit.append(row)

    def check(self, article_id: str, body: str) -> str | None:
        """The id of an earlier article this one duplicates, or None (and remember it)."""
        if article_id in self._seen:
            return article_id
        if len(body) < 200:
            self._seen.add(article_id)
            return None
        sig = self._minhash(body)
        rows = sorted(self._candidates(sig))
        for row in rows:  # rows are in the order seen: the first close enough is the earliest
            if np.count_nonzero(self._sigs[row] == sig) / self.num_perm >= self.threshold:
                return self._rows[row]
        self._insert(article_id, sig)
        self._seen.add(article_id)
        return None

    def seen(self, article_id: str, body: str) -> None:
        """Remember an article known from elsewhere (e.g. the database) without checking it."""
        if article_id in self._seen:
            return
        self._seen.add(article_id)
        if len(body) >= 200:
            self._insert(article_id, self._minhash(body))
