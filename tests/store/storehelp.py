"""Helpers the store tests import by name (a module of its own: every test folder has a conftest)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb

HERE = Path(__file__).parent
SRC = str(HERE.parents[1] / "src")


def subprocess_env() -> dict[str, str]:
    """Environment for helper scripts run in a subprocess (finds the package and the factory)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([SRC, str(HERE), env.get("PYTHONPATH", "")])
    return env


Write = Callable[..., None]


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    """The rows of one query on a database file, opened read-only for it."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()
