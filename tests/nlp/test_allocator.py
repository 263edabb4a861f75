"""A coding process fixes glibc's memory-map threshold, so freed arrays of a batch go back to the
system instead of fragmenting the heap (each case in a fresh interpreter: the setting is process-wide)."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import subprocess
import sys

import pytest

PROBE = """
import ctypes, sys
from dyadwatch.nlp.allocator import set_mmap_threshold

class MallInfo2(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in
                ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]

libc = ctypes.CDLL("libc.so.6")
libc.mallinfo2.restype = MallInfo2
libc.malloc.restype, libc.malloc.argtypes = ctypes.c_void_p, [ctypes.c_size_t]
libc.free.argtypes = [ctypes.c_void_p]
applied = set_mmap_threshold(int(sys.argv[1]))

def mapped(size):
    before = libc.mallinfo2().hblkhd
    block = libc.malloc(size)
    during = libc.mallinfo2().hblkhd
    libc.free(block)
    return during - before >= size

size = 3 << 20
print(applied, mapped(size), mapped(size))
"""


def _has_mallinfo2() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        return hasattr(ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6"), "mallinfo2")
    except OSError:
        return False


@pytest.mark.skipif(not _has_mallinfo2(), reason="glibc 2.33 or later reports its memory maps")
@pytest.mark.parametrize(
    ("threshold", "want"),
    [
        (1 << 20, "True True True"),  # fixed: every 3 MB block gets a map of its own, each time
        (0, "False True False"),  # glibc's default: freeing the first raises the threshold, the second is on the heap
    ],
)
def test_a_fixed_threshold_keeps_big_blocks_in_their_own_maps(threshold: int, want: str) -> None:
    # glibc's MALLOC_* variables (Dask sets MALLOC_TRIM_THRESHOLD_ for its workers) also stop the raising
    env = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")}
    out = subprocess.run([sys.executable, "-c", PROBE, str(threshold)], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.split() == want.split(), out.stderr


def test_a_negative_or_zero_threshold_leaves_the_allocator_alone() -> None:
    from dyadwatch.nlp.allocator import set_mmap_threshold

    assert set_mmap_threshold(0) is False
    assert set_mmap_threshold(-1) is False
