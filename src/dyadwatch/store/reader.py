"""Opening database files: error translation, lock waits, and read-only access with a snapshot fallback.

DuckDB lets one process open a file read-write, and a read-only open fails while that process holds
it. The writer therefore publishes ``<db>.snapshot`` (an atomic copy) after committed batches;
readers open the database itself read-only when it is free and fall back to the snapshot when it
is locked.
"""

from __future__ import annotations

import os
import re
import threading
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


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")


class SnapshotReader:
    """A long-lived reader for servers: one read-only connection to ``<db>.snapshot``, reopened when
    the writer publishes a new snapshot, and a cursor per request.

    It never holds the database file itself, so an ingest can start at any time. When there is no
    snapshot yet (or the database is newer than it and no writer is running), one is made from a
    brief read-only open of the database.
    """

    def __init__(self, db: str | Path, *, check_every_s: float = 1.0) -> None:
        self.path = Path(db)
        self.snap = snapshot_path(self.path)
        self.check_every_s = check_every_s
        self._con: duckdb.DuckDBPyConnection | None = None
        self._key: tuple[int, int] | None = None
        self._checked = float("-inf")
        self._lock = threading.Lock()

    def _stat(self, p: Path) -> tuple[int, int] | None:
        try:
            st = p.stat()
        except FileNotFoundError:
            return None
        return st.st_ino, st.st_mtime_ns

    def _refresh_snapshot(self) -> None:
        """Make ``<db>.snapshot`` from the database when it is missing or stale and nobody writes."""
        db_key, snap_key = self._stat(self.path), self._stat(self.snap)
        if db_key is None or (snap_key is not None and snap_key[1] >= db_key[1]):
            return
        try:
            check = connect(self.path, read_only=True)
        except StoreLockedError:
            return  # a writer is running: it publishes snapshots itself
        try:
            _check(check, str(self.path))
        finally:
            check.close()
        tmp = self.snap.with_name(f"{self.snap.name}.tmp-{os.getpid()}-{threading.get_ident()}")
        tmp.unlink(missing_ok=True)
        con = duckdb.connect()  # an in-memory connection copies one attached file into the other
        try:
            con.execute(f"ATTACH '{_quote(self.path)}' AS dw_source (READ_ONLY)")
            con.execute(f"ATTACH '{_quote(tmp)}' AS dw_snapshot")
            con.execute("COPY FROM DATABASE dw_source TO dw_snapshot")
            con.execute("DETACH dw_snapshot")
            con.execute("DETACH dw_source")
            os.replace(tmp, self.snap)
        except (OSError, duckdb.Error) as exc:
            raise StoreError(f"cannot make a snapshot of {self.path} ({exc})", fix="check free disk space and permissions") from exc
        finally:
            con.close()

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self._lock:
            now = time.monotonic()
            if self._con is None or now - self._checked >= self.check_every_s:
                self._checked = now
                self._refresh_snapshot()
                key = self._stat(self.snap)
                if key is None and not self.path.exists():
                    raise StoreError(f"{self.path} does not exist", fix="give the database that dyadwatch ingest wrote, with --db")
                if key is None:
                    raise StoreError(f"{self.path} is being written and has no snapshot to read yet",
                                     fix="wait for the first batch to be committed and try again")
                if key != self._key or self._con is None:
                    # close first: DuckDB would hand back the cached instance of the replaced file
                    if self._con is not None:
                        self._con.close()
                        self._con = None
                    self._con = connect(self.snap, read_only=True)
                    _check(self._con, f"{self.snap} (snapshot of {self.path})")
                    self._key = key
            cur = self._con.cursor()
        try:
            yield cur
        finally:
            cur.close()

    def close(self) -> None:
        with self._lock:
            if self._con is not None:
                self._con.close()
                self._con = None
