"""The local engine (one process or a pool) and the Dask engine store the same rows; a killed Dask worker
loses and duplicates nothing."""

from __future__ import annotations

import itertools
import os
import signal
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pytest

from dyadwatch.engines.local import IngestReport, ingest
from dyadwatch.engines.shards import read_shard
from dyadwatch.settings import Settings

distributed = pytest.importorskip("distributed")

DEMO = Path(str(resources.files("dyadwatch") / "data" / "demo"))
# text captures (three syndicated copies of one wire story, a French page), HTML pages, the feed and the WARC
SLICE = [str(DEMO / n) for n in (
    "002_kim_putin_vladivostok_summit.txt", "007_russia_invades_ukraine_wire.txt",
    "010_china_drills_taiwan_pelosi.txt", "013_sudan_army_rsf_khartoum_fighting.txt",
    "017_gaza_truce_hostages_wire.txt", "018_gaza_truce_hostages_syndicated_morningpost.txt",
    "019_gaza_truce_hostages_syndicated_northfield.txt", "022_iran_ballistic_missiles_israel.txt",
    "030_fr_soudan_el_fasher_fsr.txt", "040_iran_drone_missile_attack_israel.html",
    "044_biden_xi_lima_final_meeting.html", "feed_world.xml", "archive.warc.gz",
)]
ORDER = {
    "articles": "id", "actors": "article_id, idx", "mentions": "article_id, idx",
    "quantities": "article_id, idx", "events": "event_id",
}


def tables(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the result tables (run ids left out), in key order."""
    out = {}
    with duckdb.connect(str(db), read_only=True) as con:
        for name, key in ORDER.items():
            cols = [r[0] for r in con.execute(f"DESCRIBE {name}").fetchall() if r[0] != "run_id"]
            sel = ", ".join(f'"{c}"' for c in cols)
            out[name] = con.execute(f"SELECT {sel} FROM {name} ORDER BY {key}").fetchall()
    return out


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=40) as c:
        yield c


@pytest.fixture(scope="module")
def local_tables(tmp_path_factory: pytest.TempPathFactory, pipeline: Any) -> dict[str, list[tuple[Any, ...]]]:
    db = tmp_path_factory.mktemp("local") / "local.duckdb"
    rep = ingest(SLICE, db=db, settings=Settings(), pipeline=pipeline)
    assert rep.stored == rep.seen > 10
    return tables(db)


def _check_same(got: dict[str, list[tuple[Any, ...]]], want: dict[str, list[tuple[Any, ...]]]) -> None:
    for name in ORDER:
        assert len(got[name]) == len(want[name]), name
        for a, b in zip(got[name], want[name], strict=True):
            assert a == b, name


def test_local_engine_with_a_pool_matches_one_process(tmp_path: Path, local_tables: dict[str, Any]) -> None:
    db = tmp_path / "pool.duckdb"
    ingest(SLICE, db=db, settings=Settings(workers=2, batch_size=4))
    _check_same(tables(db), local_tables)


def test_dask_engine_matches_local_engine_row_by_row(tmp_path: Path, cluster: Any, local_tables: dict[str, Any]) -> None:
    from dyadwatch.engines.dask import ingest_dask

    db = tmp_path / "dask.duckdb"
    rep = ingest_dask(SLICE, db=db, settings=Settings(), scheduler=cluster.scheduler_address)
    got = tables(db)
    _check_same(got, local_tables)
    assert any(row[13] for row in got["articles"]), "the syndicated copies are marked duplicate_of"
    assert rep.stored == len(local_tables["articles"])
    assert not (tmp_path / "dask.duckdb.dask").exists(), "shards are removed after the merge"
    again = ingest_dask(SLICE, db=db, settings=Settings(), scheduler=cluster.scheduler_address, keep_shards=True)
    assert (again.stored, again.skipped_stored) == (0, rep.stored)
    _check_same(tables(db), local_tables)
    # the workers looked the stored ids up in the run's ids file and coded none of them again
    shards = sorted((tmp_path / "dask.duckdb.dask" / again.run_id).glob("part-*"))
    assert shards
    coded = [read_shard(s)["articles"].column("coded").to_pylist() for s in shards]
    assert sum(len(c) for c in coded) == again.seen and not any(itertools.chain(*coded))
    assert sum(read_shard(s)["mentions"].num_rows for s in shards) == 0


def test_warc_files_are_cut_into_record_ranges() -> None:
    from dyadwatch.engines.dask import plan_partitions

    parts, errors = plan_partitions(SLICE, per_partition=None, workers=2, batch_size=1, warc_split_bytes=1)
    ranges = [p.warc for p in parts if p.warc]
    assert not errors and [p.index for p in parts] == list(range(len(parts)))
    assert len(ranges) == 3 and ranges[0][1] == 0  # three HTML responses, the first range from the start
    assert all(a[2] == b[1] for a, b in itertools.pairwise(ranges))


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(
    tmp_path: Path, cluster: Any, local_tables: dict[str, Any]
) -> None:
    from dyadwatch.engines.dask import ingest_dask

    killed: list[int] = []

    def kill_one(report: IngestReport) -> None:
        if killed:
            return
        with distributed.Client(cluster.scheduler_address) as client:
            pids = client.run(os.getpid)
            busy = client.processing()
        addr = max(pids, key=lambda a: len(busy.get(a, ())))  # the one with work in flight
        os.kill(pids[addr], signal.SIGKILL)
        killed.append(pids[addr])

    db = tmp_path / "killed.duckdb"
    # one file or one WARC record per partition: many tasks in flight when the worker dies
    ingest_dask(SLICE, db=db, settings=Settings(batch_size=1), scheduler=cluster.scheduler_address,
                on_batch=kill_one, warc_split_bytes=1)
    assert killed
    got = tables(db)
    ids = [row[0] for row in got["articles"]]
    assert len(ids) == len(set(ids))
    _check_same(got, local_tables)
