"""Where a coding process's big arrays come from, so that its memory does not creep up over a long run.

glibc's ``malloc`` serves a large block from a separate memory map, handed back to the system when it
is freed, only above a threshold that it raises each time such a block is freed (up to 32 MB). The
neural layers allocate and free arrays of a few hundred KB to a few MB for every batch; once the
threshold has risen above them they come from the heap, whose free pieces fragment, and the process's
resident memory creeps up batch after batch. Fixing the threshold (``mallopt(M_MMAP_THRESHOLD)``,
which also stops the raising) keeps those arrays in maps of their own. Measured over 8,000 articles in
one process (benchmarks/throughput.py): the peak was about 20 MB lower at 1 MB, as fast; at 128 KB it
was 28 MB lower but 20% slower (every small array a fresh map).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

M_MMAP_THRESHOLD = -3
"""glibc's ``mallopt`` parameter number (malloc.h)."""


def set_mmap_threshold(size: int) -> bool:
    """Serve blocks of at least ``size`` bytes from their own memory maps (glibc only; 0 leaves
    glibc's adaptive default). Returns whether the setting was applied."""
    if size <= 0 or not sys.platform.startswith("linux"):
        return False
    name = ctypes.util.find_library("c") or "libc.so.6"
    try:
        mallopt = ctypes.CDLL(name).mallopt
    except (OSError, AttributeError):  # not glibc (musl has no mallopt): nothing to tune
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(M_MMAP_THRESHOLD, int(size)))
