"""Parquet shards: the coded results of one partition, as the store's Arrow tables plus a small manifest.

A shard is a folder ``part-NNNNNN/`` with ``articles``, ``actors``, ``mentions`` and ``quantities``
Parquet files (the tables of ``store.writer.build_tables``, run id left empty) and ``manifest.json``
(the input problems met, with their position among the articles). It is written into a temporary
folder and renamed into place, so a shard is complete or absent; a task that runs twice (a retry
after a worker died) finds the shard already there and leaves it alone.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import InputError

TABLES = ("articles", "actors", "mentions", "quantities")
MANIFEST = "manifest.json"
STORED_IDS = "stored_ids.parquet"
"""The ids stored before the run (sorted, one ``id`` column), written in the run folder by the writer."""


def error_to_dict(err: InputError, at: int) -> dict[str, Any]:
    return {"at": at, "path": err.path, "message": err.message, "fix": err.fix, "warning": err.warning}


def error_from_dict(d: dict[str, Any]) -> InputError:
    return InputError(d["path"], d["message"], fix=d["fix"], warning=d["warning"])


def shard_dir(run_dir: str | Path, index: int) -> Path:
    return Path(run_dir) / f"part-{index:06d}"


def write_shard(out: Path, tables: dict[str, pa.Table], manifest: dict[str, Any]) -> None:
    """Write the shard atomically (no-op when it already exists)."""
    if (out / MANIFEST).exists():
        return
    tmp = out.with_name(f".{out.name}.tmp-{uuid.uuid4().hex[:8]}")
    tmp.mkdir(parents=True)
    try:
        for name in TABLES:
            pq.write_table(tables[name], tmp / f"{name}.parquet")
        (tmp / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
        try:
            os.rename(tmp, out)
        except OSError:
            if not (out / MANIFEST).exists():  # not a lost race with a twin task: a real failure
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def read_manifest(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    return data


def read_shard(out: Path) -> dict[str, pa.Table]:
    return {name: pq.read_table(out / f"{name}.parquet") for name in TABLES}


def stored_among(path: str | Path, ids: list[str]) -> set[str]:
    """Which of ``ids`` the stored-ids file lists; its row groups are scanned one at a time (those
    whose id range misses every one of ``ids`` are skipped), so memory does not grow with the database."""
    if not ids:
        return set()
    found = pq.read_table(path, columns=["id"], filters=[("id", "in", sorted(set(ids)))])
    return set(found.column("id").to_pylist())
