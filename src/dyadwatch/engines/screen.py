"""The writer's gate in front of the coders: which articles to code, and which repeat another one.

Both engines pass every article they read through one ``Screen``, in input order, before it is coded
(local) or merged (Dask). An article whose id is stored, or already read in this run, is skipped. Any
other is compared with the near-duplicate index in the database (every article stored so far, by
this run or earlier ones) and then with the articles read but not yet committed ("pending": at most
the batches in flight), and marked ``duplicate_of`` the earliest one it repeats. Nothing here grows
with the database: the stored ones are looked up a chunk at a time, and a pending article leaves
memory when its batch is committed (``committed``); what the look-ups cached in DuckDB is swept
before the articles go on to be coded. A run killed and started again sees the same articles before
each one (stored, then pending, in input order), so it marks the same duplicates.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..clean.dedupe import MinHasher, Signature
from ..settings import Settings
from ..store.writer import StoreWriter


@dataclass(frozen=True, slots=True)
class Verdict:
    """What to do with one article read."""

    skip: bool
    """Its id is stored, or was read earlier in this run: not coded, not written."""
    duplicate_of: str | None = None
    """The earliest stored or pending article it near-duplicates (it is then stored, not coded)."""


class Screen:
    """Skips stored and repeated ids and marks near-duplicates against the database and the pending articles."""

    def __init__(self, writer: StoreWriter, *, settings: Settings) -> None:
        self.writer = writer
        self.hasher = MinHasher(threshold=settings.near_duplicate_threshold, num_perm=settings.minhash_permutations)
        self.reindexed = writer.prepare_index(self.hasher)
        """Stored signatures indexed again because the index had other settings (0: none)."""
        self._pending: dict[str, Signature | None] = {}  # read, not committed, in input order

    def check(self, items: list[tuple[str, str]]) -> list[Verdict]:
        """Verdicts for (article id, body) pairs in input order; the kept ones become pending."""
        stored = self.writer.stored_ids(sorted({aid for aid, _ in items}))
        fresh: dict[str, int] = {}
        signed: list[Signature] = []
        for aid, body in items:
            if aid in stored or aid in self._pending or aid in fresh:
                continue
            sig = self.hasher.sign(aid, body)
            fresh[aid] = -1 if sig is None else len(signed)
            if sig is not None:
                signed.append(sig)
        in_db = self.writer.near_duplicates(signed, hasher=self.hasher)
        # the look-ups' blocks leave DuckDB's cache now, not after the batch is coded and written: in a
        # one-process run they would otherwise stay resident (about 9 MB) under the coding's peak
        self.writer.sweep()
        out: list[Verdict] = []
        for aid, _ in items:
            if aid in stored or aid in self._pending:
                out.append(Verdict(skip=True))
                continue
            k = fresh[aid]
            if k < 0:
                self._pending[aid] = None
                out.append(Verdict(skip=False))
                continue
            sig = signed[k]
            dup = in_db[k] or next((other.article_id for other in self._pending.values()
                                    if other is not None and self.hasher.close(sig, other)), None)
            self._pending[aid] = sig if dup is None else None  # only originals are indexed
            out.append(Verdict(skip=False, duplicate_of=dup))
        return out

    def signatures(self, ids: list[str]) -> dict[str, Signature]:
        """The signatures of these pending articles that go into the index when they are written."""
        return {aid: sig for aid in ids if (sig := self._pending.get(aid)) is not None}

    def committed(self, ids: list[str]) -> None:
        """These articles are written (or given up): they are in the database's index from now on."""
        for aid in ids:
            self._pending.pop(aid, None)
