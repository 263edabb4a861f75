"""Exact and near-duplicate articles: content ids and MinHash/LSH over word shingles."""

from __future__ import annotations

import hashlib
import re
import unicodedata

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
    """Remembers the articles seen so far and says which earlier one a new article repeats."""

    def __init__(self, *, threshold: float = 0.7, num_perm: int = 128) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._hashes: dict[str, MinHash] = {}
        self._order: dict[str, int] = {}

    def _minhash(self, text: str) -> MinHash:
        m = MinHash(num_perm=self.num_perm, seed=7)
        m.update_batch(list(_shingles(text)))
        return m

    def check(self, article_id: str, body: str) -> str | None:
        """The id of an earlier article this one duplicates, or None (and remember it)."""
        if article_id in self._order:
            return article_id
        if len(body) < 200:
            self._order[article_id] = len(self._order)
            return None
        m = self._minhash(body)
        candidates = [c for c in self._lsh.query(m) if m.jaccard(self._hashes[c]) >= self.threshold]
        if candidates:
            return min(candidates, key=lambda c: self._order[c])
        self._lsh.insert(article_id, m)
        self._hashes[article_id] = m
        self._order[article_id] = len(self._order)
        return None

    def seen(self, article_id: str, body: str) -> None:
        """Remember an article known from elsewhere (e.g. the database) without checking it."""
        if article_id in self._order or len(body) < 200:
            self._order.setdefault(article_id, len(self._order))
            return
        m = self._minhash(body)
        self._lsh.insert(article_id, m)
        self._hashes[article_id] = m
        self._order[article_id] = len(self._order)
