"""A coding process fixes glibc's memory-map threshold, so freed arrays of a batch go back to the
system instead of fragmenting the heap, and hands the heap's free pages back after each batch (each
case in a fresh interpreter: the settings are process-wide)."""

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


TRIM_PROBE = """
import ctypes, os, sys
from dyadwatch.nlp.allocator import release_free_memory

libc = ctypes.CDLL("libc.so.6")
libc.malloc.restype, libc.malloc.argtypes = ctypes.c_void_p, [ctypes.c_size_t]
libc.free.argtypes = [ctypes.c_void_p]

def resident():
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

blocks = [libc.malloc(4000) for _ in range(10_000)]  # 40 MB of small blocks: on the heap, not in maps
for b in blocks:
    ctypes.memset(b, 1, 4000)
keep = libc.malloc(4000)  # the heap's last block stays in use, so free() cannot shrink the heap's top
for b in blocks:
    libc.free(b)
before = resident()
released = release_free_memory() if sys.argv[1] == "trim" else False
print(released, before - resident())
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


@pytest.mark.skipif(not _has_mallinfo2(), reason="glibc only")
@pytest.mark.parametrize(("how", "least_mb", "most_mb"), [("trim", 30, None), ("none", None, 5)])
def test_released_free_memory_leaves_the_process(how: str, least_mb: int | None, most_mb: int | None) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")}
    out = subprocess.run([sys.executable, "-c", TRIM_PROBE, how], capture_output=True, text=True, check=True, env=env)
    released, dropped = out.stdout.split()
    assert released == str(how == "trim")
    if least_mb is not None:
        assert int(dropped) >= least_mb << 20
    if most_mb is not None:
        assert int(dropped) <= most_mb << 20
