"""Where a coding process's big arrays come from, so that its memory does not creep up over a long run.

glibc's ``malloc`` serves a large block from a separate memory map, handed back to the system when it
is freed, only above a threshold that it raises each time such a block is freed (up to 32 MB). The
neural layers allocate and free arrays of a few hundred KB to a few MB for every batch; once the
threshold has risen above them they come from the heap, whose free pieces fragment, and the process's
resident memory creeps up batch after batch. Fixing the threshold (``mallopt(M_MMAP_THRESHOLD)``,
which also stops the raising) keeps those arrays in maps of their own. Measured over 8,000 articles in
one process (benchmarks/throughput.py): the peak was about 20 MB lower at 1 MB, as fast; at 128 KB it
was 28 MB lower but 20% slower (every small array a fresh map).

The pieces a batch frees inside the heap stay in the process until glibc finds them at its top, so
right after a batch the process still holds much of the batch's peak. ``release_free_memory``
(``malloc_trim``) hands the free pages back after each batch: in a one-process run the writer's work
(DuckDB's queries and checkpoint, which allocate apart from glibc's heap) then starts from the
resident memory of before the batch instead of from near its peak.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import sys
from typing import Any

M_MMAP_THRESHOLD = -3
"""glibc's ``mallopt`` parameter number (malloc.h)."""


@functools.cache
def _glibc(name: str, *argtypes: type) -> Any:
    """glibc's function ``name`` with its argument types set (returning int), or None where there is
    none (another system, or a C library without it: musl has no mallopt)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        fn = getattr(ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6"), name)
    except (OSError, AttributeError):
        return None
    fn.argtypes = list(argtypes)
    fn.restype = ctypes.c_int
    return fn


def set_mmap_threshold(size: int) -> bool:
    """Serve blocks of at least ``size`` bytes from their own memory maps (glibc only; 0 leaves
    glibc's adaptive default). Returns whether the setting was applied."""
    mallopt = _glibc("mallopt", ctypes.c_int, ctypes.c_int)
    if size <= 0 or mallopt is None:
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, int(size)))


def release_free_memory() -> bool:
    """Give the heap's free pages back to the system (glibc's ``malloc_trim``; elsewhere nothing).
    Returns whether any memory was released."""
    trim = _glibc("malloc_trim", ctypes.c_size_t)
    return False if trim is None else bool(trim(0))
