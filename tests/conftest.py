"""Shared fixtures: paths, the seed, and one loaded pipeline for the whole session."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "000_92807a2a8e5ecbe2.txt"


@pytest.fixture(scope="session")
def pipeline():
    from dyadwatch.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def seed_path() -> Path:
    if not SEED.exists():
        pytest.fail(f"the seed article is missing at {SEED}; CI lays ../shared beside the repo")
    return SEED


def _run_in_child(code: str, *, timeout: float) -> None:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout, check=False)
    assert done.returncode == 0, done.stderr[-2000:]


@pytest.fixture(scope="session")
def run_in_child() -> Callable[..., None]:
    """Runs Python code in a child process within ``timeout`` seconds, so that input that takes time out
    of proportion to its length fails a test on the timeout instead of hanging the suite."""
    return _run_in_child


_CODE_ONE = """from datetime import UTC, datetime
from dyadwatch.model import Article
from dyadwatch.pipeline import Pipeline
body = {body}
result = Pipeline().process_one(Article(id="x", body=body, published=datetime(2023, 9, 12, tzinfo=UTC)))
"""


@pytest.fixture(scope="session")
def code_in_child() -> Callable[..., None]:
    """Codes one article whose body is the Python expression ``body`` with a fresh pipeline in a child
    process, then runs ``then`` (code that reads ``result``), all within ``timeout`` seconds."""
    def run(body: str, *, then: str, timeout: float) -> None:
        _run_in_child(_CODE_ONE.format(body=body) + then, timeout=timeout)
    return run
