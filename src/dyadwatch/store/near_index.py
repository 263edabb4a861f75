"""Which near-duplicate settings the database's index was built with, and rebuilding it for others.

The index (``minhashes``, ``minhash_bands``: schema version 3) holds the MinHash signature of every
stored original and the hashes of its LSH bands. The bands depend on both settings
(``near_duplicate_threshold`` and ``minhash_permutations``), the signatures on the permutations. A run
with other settings than the index's would find no stored article to compare with, so the writer
rebuilds the index first, in one transaction: the stored signatures get new bands (a new threshold),
or the stored bodies are signed again (new permutations), a slice at a time. The articles' own
``duplicate_of`` stays as it was decided when they were stored.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

import duckdb

from .schema import insert_signatures

if TYPE_CHECKING:
    from ..clean.dedupe import MinHasher, Signature

META_KEY = "near_duplicate_index"
"""The ``meta`` row that records the index's settings (JSON: threshold, permutations)."""

SLICE = 1_000
"""Signatures read, and bodies signed again, at a time."""


@dataclass(frozen=True, slots=True)
class IndexSettings:
    threshold: float
    permutations: int


def recorded(con: duckdb.DuckDBPyConnection) -> IndexSettings | None:
    """The settings the index was built with: as recorded, else read off a stored signature's length
    (indexes from before they were recorded, built with the default threshold), else None (empty)."""
    row = con.execute("SELECT value FROM meta WHERE key = ?", [META_KEY]).fetchone()
    if row is not None:
        data = json.loads(row[0])
        return IndexSettings(float(data["threshold"]), int(data["permutations"]))
    row = con.execute("SELECT octet_length(signature) FROM minhashes LIMIT 1").fetchone()
    if row is None:
        return None
    from ..clean.dedupe import MinHasher

    return IndexSettings(MinHasher().threshold, int(row[0]) // 4)


def record(con: duckdb.DuckDBPyConnection, hasher: MinHasher) -> None:
    value = json.dumps({"threshold": hasher.threshold, "permutations": hasher.num_perm})
    con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [META_KEY, value])


def matches(found: IndexSettings | None, hasher: MinHasher) -> bool:
    return found is not None and (found.threshold, found.permutations) == (hasher.threshold, hasher.num_perm)


def rebuild(con: duckdb.DuckDBPyConnection, hasher: MinHasher, *, found: IndexSettings | None) -> int:
    """Rebuild the index for ``hasher`` inside the caller's transaction, in the order the signatures
    were stored; returns how many signatures it holds."""
    con.execute("ALTER TABLE minhashes RENAME TO minhashes_old")
    con.execute("ALTER TABLE minhash_bands RENAME TO minhash_bands_old")
    con.execute("CREATE TABLE minhashes (seq BIGINT NOT NULL, article_id VARCHAR NOT NULL, signature BLOB NOT NULL)")
    con.execute("CREATE TABLE minhash_bands (band SMALLINT NOT NULL, key BIGINT NOT NULL, seq BIGINT NOT NULL)")
    resign = found is None or found.permutations != hasher.num_perm
    seq = 0
    last = -1
    while True:
        rows = con.execute("SELECT seq, article_id, signature FROM minhashes_old WHERE seq > ? ORDER BY seq LIMIT ?",
                           [last, SLICE]).fetchall()
        if not rows:
            break
        last = int(rows[-1][0])
        signed: list[Signature | None]
        if resign:  # the signatures change: sign the stored bodies again
            ids = [aid for _, aid, _ in rows]
            bodies = dict(con.execute("SELECT id, body FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))",
                                      [ids]).fetchall())
            signed = [hasher.sign(aid, bodies.get(aid) or "") for aid in ids]
        else:  # only the bands change
            signed = [hasher.restore(aid, blob) for _, aid, blob in rows]
        seq = insert_signatures(con, [s for s in signed if s is not None], first_seq=seq)
    con.execute("DROP TABLE minhashes_old")
    con.execute("DROP TABLE minhash_bands_old")
    record(con, hasher)
    return seq
