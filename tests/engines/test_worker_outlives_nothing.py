"""A coding worker does not outlive the process that started it (killed ingest runs leave nothing behind).

That the watch leaves a worker with a live parent alone is covered by every multi-process engine test:
a worker that exited would break its pool."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

SRC = str(Path(__file__).resolve().parents[2] / "src")

# the middle process starts a spawned worker that watches it, prints the worker's pid, and is killed
MIDDLE = """
import multiprocessing, os, signal, sys, time
from dyadwatch.engines.worker import exit_with_parent

def worker(parent):
    exit_with_parent(parent, every_s=0.1)
    time.sleep(60)

if __name__ == "__main__":
    child = multiprocessing.get_context("spawn").Process(target=worker, args=(os.getpid(),))
    child.start()
    time.sleep(float(sys.argv[1]))
    print(child.pid, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"  # a zombie has exited; only its parent (here, init) has not collected it yet


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("settle_s", [0.5, 2.0])
def test_a_worker_exits_when_the_process_that_started_it_is_killed(tmp_path: Path, settle_s: float) -> None:
    script = tmp_path / "middle.py"
    script.write_text(MIDDLE)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([SRC, os.environ.get("PYTHONPATH", "")]))
    done = subprocess.run([sys.executable, str(script), str(settle_s)], capture_output=True, text=True, env=env,
                          timeout=60, check=False)
    assert done.returncode == -9, done.stderr
    pid = int(done.stdout.split()[0])
    deadline = time.monotonic() + 10
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(pid)

