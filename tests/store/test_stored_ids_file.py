"""The Dask engine's workers learn which ids are stored from a sorted Parquet file the writer makes,
reading only the ids they ask about, so no process holds a set of every stored id."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from factory import result

from dyadwatch.engines.shards import stored_among
from dyadwatch.store import StoreWriter

STORED = [f"id{i:04d}" for i in range(0, 300, 3)]  # every third id of id0000..id0299


def test_the_writer_lists_every_stored_id_sorted(tmp_path: Path) -> None:
    folder = tmp_path / "it's a run"  # a quote in the path must not break the COPY statement
    folder.mkdir()
    with StoreWriter(tmp_path / "d.duckdb", snapshots=False) as w:
        for start in range(0, len(STORED), 40):
            w.write_batch([result(aid, []) for aid in reversed(STORED[start:start + 40])])
        w.write_stored_ids(folder / "stored_ids.parquet")
    assert pq.read_table(folder / "stored_ids.parquet").column("id").to_pylist() == sorted(STORED)


@pytest.fixture
def ids_file(tmp_path: Path) -> Path:
    """The ids in row groups of 16, as a big database's file is in row groups of 65,536."""
    path = tmp_path / "stored_ids.parquet"
    pq.write_table(pa.table({"id": sorted(STORED)}), path, row_group_size=16)
    assert pq.ParquetFile(path).metadata.num_row_groups == 7
    return path


@pytest.mark.parametrize(
    "asked",
    [
        [],
        ["id0000"],  # the first id of the first row group
        ["id0297"],  # the last of the last
        ["id0001", "id0299", "zzz", "a"],  # none stored, inside and outside the range
        [f"id{i:04d}" for i in range(40, 120)],  # spans several row groups
        ["id0003", "id0003", "id0004"],  # repeats
    ],
)
def test_a_worker_finds_exactly_the_stored_ids_among_those_it_asks_about(ids_file: Path, asked: list[str]) -> None:
    assert stored_among(ids_file, asked) == set(asked) & set(STORED)


def test_an_empty_database_gives_an_empty_ids_file(tmp_path: Path) -> None:
    with StoreWriter(tmp_path / "d.duckdb", snapshots=False) as w:
        w.write_stored_ids(tmp_path / "ids.parquet")
    assert pq.read_table(tmp_path / "ids.parquet").num_rows == 0
    assert stored_among(tmp_path / "ids.parquet", ["id0000"]) == set()
