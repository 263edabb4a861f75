"""Databases written by an older schema are upgraded in place when a writer opens them."""

from __future__ import annotations

from pathlib import Path

import duckdb
from factory import event, result
from storehelp import rows

from dyadwatch.store import StoreWriter
from dyadwatch.store.schema import SCHEMA_VERSION, UNKEYED, _create_v1


def _v1_database(path: Path) -> None:
    con = duckdb.connect(str(path))
    try:
        _create_v1(con)
        con.execute("INSERT INTO meta VALUES ('schema_version', '1')")
        con.execute("INSERT INTO articles (id, url, body) VALUES ('old', 'https://news.example/old', 'Old text.')")
        con.execute("INSERT INTO events (event_id, root, num_mentions) VALUES ('e1', '19', 1)")
    finally:
        con.close()


def test_a_version_1_database_keeps_its_rows_and_loses_its_key_indexes(tmp_path: Path) -> None:
    db = tmp_path / "v1.duckdb"
    _v1_database(db)
    with StoreWriter(db, snapshots=False) as w:
        w.write_batch([result("new", [event("RUSMIL", "UKR", "19")])])
        con = w.con
        assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (str(SCHEMA_VERSION),)
        assert sorted(r[0] for r in con.execute("SELECT id FROM articles").fetchall()) == ["new", "old"]
        assert con.execute("SELECT root, num_mentions FROM events WHERE event_id = 'e1'").fetchone() == ("19", 1)
        keyed = {r[0] for r in con.execute(
            "SELECT table_name FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY'").fetchall()}
        assert keyed.isdisjoint(UNKEYED)
        nullable = dict(con.execute(
            "SELECT table_name, is_nullable FROM information_schema.columns"
            " WHERE (table_name, column_name) IN (('articles', 'id'), ('events', 'event_id'))").fetchall())
        assert nullable == {"articles": "NO", "events": "NO"}


def test_writing_the_same_batch_twice_keeps_ids_unique_without_a_key(db: Path) -> None:
    batch = [result(f"a{i}", [event("RUSMIL", "UKR", "19")]) for i in range(3)]
    for _ in range(2):
        with StoreWriter(db, snapshots=False) as w:
            w.write_batch(batch)
    assert rows(db, "SELECT count(*), count(DISTINCT id) FROM articles") == [(3, 3)]
    assert rows(db, "SELECT count(*), count(DISTINCT event_id) FROM events") == [(1, 1)]


def test_upgrading_signs_the_stored_originals_so_later_copies_are_found(tmp_path: Path) -> None:
    from dupcorpus import corpus

    from dyadwatch.engines.screen import Screen, Verdict
    from dyadwatch.settings import Settings

    originals = [(aid, body) for aid, body in corpus(7) if aid.startswith("a") and len(body) >= 200][:3]
    db = tmp_path / "v1.duckdb"
    _v1_database(db)
    con = duckdb.connect(str(db))
    try:
        for aid, body in originals:
            con.execute("INSERT INTO articles (id, body) VALUES (?, ?)", [aid, body])
        con.execute("INSERT INTO articles (id, body, duplicate_of) VALUES ('dup', ?, ?)",
                    [originals[0][1], originals[0][0]])
    finally:
        con.close()
    with StoreWriter(db, snapshots=False) as w:
        signed = w.con.execute("SELECT article_id FROM minhashes ORDER BY seq").fetchall()
        assert [r[0] for r in signed] == [aid for aid, _ in originals]  # not 'old' (short) nor 'dup'
        screen = Screen(w, settings=Settings())
        copy = originals[1][1][: int(len(originals[1][1]) * 0.9)]
        assert screen.check([("copy", copy)]) == [Verdict(skip=False, duplicate_of=originals[1][0])]
