"""Which allocator Arrow's buffers come from in the writing process.

The writer turns every batch into Arrow tables (``build_tables``) and reads DuckDB's answers back as
Arrow. pyarrow's default pool (mimalloc in its wheels) keeps what it frees resident for later use, so
each batch of a one-process run started its coding from more memory, and from an amount that varied
more: over 2,560 benchmark articles, a median of 370 MB with a standard deviation of 2.6 MB in the
later batches. With glibc's allocator (Arrow's "system" pool), whose free pages the coding step hands
back after each batch, it was 362 MB with 1.0 MB, at the same speed (docs/scale.md).
"""

from __future__ import annotations

import os

import pyarrow as pa

from ..errors import UsageError

POOLS = {"system": pa.system_memory_pool, "mimalloc": pa.mimalloc_memory_pool, "jemalloc": pa.jemalloc_memory_pool}


def use_arrow_pool(name: str | None) -> str:
    """Make ``name`` ("system", "mimalloc" or "jemalloc") Arrow's default pool for this process; returns
    the pool in use. None or "" leave Arrow's choice, and so does ``ARROW_DEFAULT_MEMORY_POOL``, which
    is the user's own. Raises UsageError for another name or a pool this pyarrow was built without."""
    if name and not os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        make = POOLS.get(name)
        if make is None:
            raise UsageError(f"unknown Arrow memory pool {name!r} (setting arrow_pool)",
                             fix=f"use one of {', '.join(POOLS)}, or leave it empty for Arrow's default")
        try:
            pool = make()
        except NotImplementedError as exc:
            raise UsageError(f"this pyarrow has no {name} memory pool ({exc})",
                             fix="set arrow_pool (DYADWATCH_ARROW_POOL) to system") from exc
        if pa.default_memory_pool().backend_name != pool.backend_name:
            pa.set_memory_pool(pool)
    return str(pa.default_memory_pool().backend_name)
