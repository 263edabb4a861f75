"""Shared fixtures: paths, the seed, and one loaded pipeline for the whole session."""

from __future__ import annotations

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
