"""Which allocator Arrow's buffers come from in the writing process.

The writer turns every batch into Arrow tables (``build_tables``) and reads DuckDB's answers back as
Arrow. pyarrow's default pool (mimalloc in its wheels) keeps the memory it frees for later use, so
after each batch the writing process still held a varying part of that batch's tables: over 2,560
articles in one process, the resident memory with which a batch's coding started varied with a
standard deviation of 2.6 MB and crept up, and every peak sits on top of it. glibc's allocator (Arrow's
"system" pool) hands that memory back with the coding process's ``malloc_trim``: the same run started
each batch 8 MB lower with a deviation of 1.0 MB, at the same speed (benchmarks/throughput.py).
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
