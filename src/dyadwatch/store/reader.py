"""Opening database files: error translation, lock waits, and read-only access with a snapshot fallback.

DuckDB lets one process open a file read-write, and a read-only open fails while that process holds
it. The writer therefore publishes ``<db>.snapshot`` (an atomic copy) after committed batches;
readers open the database itself read-only when it is free and fall back to the snapshot when it
is locked.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from ..errors import StoreError, StoreLockedError
from .schema import SCHEMA_VERSION, schema_version

SNAPSHOT_SUFFIX = ".snapshot"
_PID = re.compile(r"\(PID (\d+)\)")


def snapshot_path(db: str | Path) -> Path:
    """Where the writer publishes the read-only copy of ``db``."""
    p = Path(db)
    return p.with_name(p.name + SNAPSHOT_SUFFIX)


def _is_lock_error(exc: Exception) -> bool:
    return "lock" in str(exc).lower() and "conflicting" in str(exc).lower()


def _locked_error(db: Path, exc: Exception) -> StoreLockedError:
    match = _PID.search(str(exc))
    who = f" (pid {match.group(1)})" if match else ""
    return StoreLockedError(
        f"{db} is being written by another dyadwatch process{who}",
        fix="wait for it to finish or use another --db",
    )


def _open_error(db: Path, exc: Exception) -> StoreError:
    text = str(exc)
    if "not a valid DuckDB database" in text or "corrupt" in text.lower() or "checksum" in text.lower():
        return StoreError(
            f"{db} is not a dyadwatch database (not a readable DuckDB file)",
            fix="give a new file name or the right file with --db",
        )
    if "version" in text.lower() and "storage" in text.lower():
        return StoreError(f"{db} was written by another DuckDB version ({text})", fix="give another --db")
    return StoreError(f"{db} cannot be opened ({text.splitlines()[0]})", fix="check the path and its permissions")


def connect(db: str | Path, *, read_only: bool, wait_s: float = 10.0) -> duckdb.DuckDBPyConnection:
    """Open ``db``, retrying while another process holds its lock for up to ``wait_s`` seconds."""
    path = Path(db)
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file", fix="give a file name with --db")
    if read_only and not path.exists():
        raise StoreError(f"{path} does not exist", fix="run `dyadwatch ingest` first or give the right --db")
    deadline = time.monotonic() + wait_s
    delay = 0.05
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            con.execute("SET TimeZone = 'UTC'")
            return con
        except duckdb.Error as exc:
            if not _is_lock_error(exc):
                raise _open_error(path, exc) from None
            if time.monotonic() >= deadline:
                raise _locked_error(path, exc) from None
        time.sleep(min(delay, max(0.0, deadline - time.monotonic())))
        delay = min(delay * 2, 0.5)


def _check(con: duckdb.DuckDBPyConnection, label: str) -> None:
    try:
        version = schema_version(con, label)
    except StoreError:
        con.close()
        raise
    if version == 0:
        con.close()
        raise StoreError(f"{label} holds no dyadwatch data yet", fix="run `dyadwatch ingest` first")
    if version > SCHEMA_VERSION:
        con.close()
        raise StoreError(
            f"{label} was written by a newer dyadwatch (schema {version})", fix="upgrade dyadwatch"
        )


@contextmanager
def open_reader(db: str | Path, *, wait_s: float = 0.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived read-only connection: the database itself, or its snapshot while a writer holds it.

    Keep the block short: while it is open a writer waits for the file.
    """
    path = Path(db)
    snap = snapshot_path(path)
    try:
        con = connect(path, read_only=True, wait_s=wait_s)
        label = str(path)
    except StoreLockedError as locked:
        if not snap.exists():
            raise StoreError(
                f"{path} is being written and has no snapshot to read yet",
                fix="wait for the first batch to be committed and try again",
            ) from locked
        try:
            con = connect(snap, read_only=True, wait_s=wait_s)
        except StoreError as exc:
            raise StoreError(
                f"{path} is being written and its snapshot {snap} cannot be read ({exc.message})",
                fix="try again in a moment",
            ) from None
        label = f"{snap} (snapshot of {path} while it is being written)"
    except StoreError:
        if not path.exists() and snap.exists():
            con = connect(snap, read_only=True, wait_s=wait_s)
            label = str(snap)
        else:
            raise
    _check(con, label)
    try:
        yield con
    finally:
        con.close()
