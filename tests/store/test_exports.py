"""Exports in every format, and GDELT layouts read back column by column."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import pytest

from dyadwatch.errors import UsageError
from dyadwatch.store import open_reader
from dyadwatch.store.exports import GDELT_EVENT_COLUMNS, GDELT_MENTION_COLUMNS, export
from dyadwatch.store.schema import global_event_id


def read_tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_gdelt_column_lists_have_gdelts_lengths_and_order() -> None:
    assert len(GDELT_EVENT_COLUMNS) == 61 and len(set(GDELT_EVENT_COLUMNS)) == 61
    assert len(GDELT_MENTION_COLUMNS) == 16
    assert GDELT_EVENT_COLUMNS[:6] == ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate", "Actor1Code")
    assert GDELT_EVENT_COLUMNS[25:35] == ("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
                                          "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone")
    assert GDELT_EVENT_COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")


def test_gdelt_export_reads_back_with_61_and_16_fields(sample: Path, tmp_path: Path) -> None:
    with open_reader(sample) as con:
        paths = export(con, tmp_path / "gdelt", fmt="gdelt")
        events = {r[0]: r for r in con.execute("SELECT event_id, num_articles, cameo FROM events").fetchall()}
    ev_rows, mention_rows = read_tsv(paths[0]), read_tsv(paths[1])
    assert len(ev_rows) == 4 and all(len(r) == 61 for r in ev_rows)
    assert len(mention_rows) == 9 and all(len(r) == 16 for r in mention_rows)
    col = {name: i for i, name in enumerate(GDELT_EVENT_COLUMNS)}
    ids = {global_event_id(e): e for e in events}
    strike = next(r for r in ev_rows if r[col["EventRootCode"]] == "19")
    assert int(strike[col["GLOBALEVENTID"]]) in ids
    assert strike[col["SQLDATE"]] == "20230912" and strike[col["MonthYear"]] == "202309"
    assert strike[col["Actor1Code"]] == "RUSMIL" and strike[col["Actor1CountryCode"]] == "RUS"
    assert strike[col["Actor2CountryCode"]] == "UKR" and strike[col["NumArticles"]] == "5"
    assert strike[col["QuadClass"]] == "4" and strike[col["AvgTone"]] == ""
    assert strike[col["SOURCEURL"]].startswith("https://") and len(strike[col["DATEADDED"]]) == 14
    assert {int(r[0]) for r in mention_rows} <= set(ids)


def test_global_event_ids_are_stable_integers() -> None:
    assert global_event_id("ffffffffffffffff") == global_event_id("ffffffffffffffff") < 2**63


def test_parquet_partitions_events_and_mentions_by_month(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "pq"
    with open_reader(sample) as con:
        export(con, out, fmt="parquet")
    months = sorted(p.name for p in (out / "events").iterdir())
    assert months == ["month=2023-09", "month=2024-06"]
    assert (out / "mentions").is_dir() and (out / "articles.parquet").is_file()
    con = duckdb.connect()
    assert con.execute(f"SELECT count(*) FROM read_parquet('{out}/events/*/*.parquet', hive_partitioning=true)"
                       ).fetchone() == (4,)
    assert con.execute(f"SELECT count(*) FROM read_parquet('{out}/mentions/*/*.parquet')").fetchone() == (11,)


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_csv_and_jsonl_write_one_file_per_table(sample: Path, tmp_path: Path, fmt: str) -> None:
    with open_reader(sample) as con:
        paths = export(con, tmp_path / fmt, fmt=fmt)
    names = {p.name for p in paths}
    assert names == {f"{t}.{fmt}" for t in ("articles", "actors", "mentions", "events", "quantities")}
    events = tmp_path / fmt / f"events.{fmt}"
    if fmt == "jsonl":
        rows = [json.loads(line) for line in events.read_text().splitlines()]
        assert len(rows) == 4 and "event_id" in rows[0]
    else:
        assert len(list(csv.DictReader(events.open()))) == 4


def test_unknown_export_format_is_a_usage_error(sample: Path, tmp_path: Path) -> None:
    with open_reader(sample) as con, pytest.raises(UsageError, match="parquet, csv, jsonl, gdelt"):
        export(con, tmp_path, fmt="xlsx")
