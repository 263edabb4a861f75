"""`dyadwatch ingest` on the bundled demo corpus: queries, exports, idempotence, and kill -9 at any point."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from importlib import resources
from pathlib import Path

import duckdb
import pytest

from dyadwatch.engines.local import ingest
from dyadwatch.settings import Settings
from dyadwatch.store import queries
from dyadwatch.store.exports import export
from dyadwatch.store.reader import open_reader
from dyadwatch.store.schema import DATA_TABLES, KEYS

DEMO = str(resources.files("dyadwatch") / "data" / "demo")
IGNORED_COLUMNS = {"run_id"}


def dump(db: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for table in DATA_TABLES:
            cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall() if r[0] not in IGNORED_COLUMNS]
            select = ", ".join(f'"{c}"' for c in cols)
            out[table] = con.execute(f"SELECT {select} FROM {table} ORDER BY {', '.join(KEYS[table])}").fetchall()
        return out
    finally:
        con.close()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory, pipeline) -> Path:
    db = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    report = ingest([DEMO], db=db, settings=Settings(), pipeline=pipeline)
    assert report.stored == report.seen > 40
    return db


def test_demo_corpus_gives_events_across_many_dyads(demo_db):
    with open_reader(demo_db) as con:
        s = queries.summary(con)
        assert s.articles >= 44 and s.coded_articles < s.articles, "the non-English page is kept, not coded"
        assert s.events > 50 and min(s.quad1, s.quad4) > 0
        assert len(s.top_dyads) >= 5
        pairs = {(d.a, d.b) for d in queries.dyads(con, top=30)}
        assert ("RUS", "UKR") in pairs


def test_event_query_returns_evidence_sentences_from_the_articles(demo_db):
    with open_reader(demo_db) as con:
        rows = queries.events(con, actor="RUS", target="UKR", limit=20)
        assert rows
        evidence = queries.event_mentions(con, rows[0].event_id)
        assert evidence and all(m.sentence for m in evidence)
        m = evidence[0]
        art = queries.article(con, m.article_id)
        assert art is not None
        text = "\n".join(art.captions) if m.field == "caption" else getattr(art, m.field)
        assert text[m.start:m.end] == m.sentence


def test_timeline_and_facts_on_the_demo(demo_db):
    with open_reader(demo_db) as con:
        assert queries.timeline(con, "RUS", "UKR", by="month")
        facts = queries.facts(con, limit=500)
        assert any(f.unit == "USD" for f in facts)


def test_gdelt_export_has_61_event_columns_and_16_mention_columns(demo_db, tmp_path):
    with open_reader(demo_db) as con:
        export(con, tmp_path / "gdelt", fmt="gdelt")
    files = sorted((tmp_path / "gdelt").rglob("*"))
    events = next(f for f in files if f.name.endswith("export.CSV"))
    mentions = next(f for f in files if f.name.endswith("mentions.CSV"))
    rows = list(csv.reader(events.open(encoding="utf-8"), delimiter="\t"))
    assert rows and all(len(r) == 61 for r in rows)
    assert all(len(r) == 16 for r in csv.reader(mentions.open(encoding="utf-8"), delimiter="\t"))


def test_ingesting_the_same_corpus_again_changes_nothing(demo_db, tmp_path, pipeline):
    before = dump(demo_db)
    report = ingest([DEMO], db=demo_db, settings=Settings(), pipeline=pipeline)
    assert report.stored == 0 and report.skipped_stored == report.seen
    assert dump(demo_db) == before


def _cli(db: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, DYADWATCH_BATCH_SIZE="4")
    return subprocess.Popen([sys.executable, "-m", "dyadwatch", "ingest", DEMO, "--db", str(db)],
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env)


@pytest.mark.slow
def test_ingest_killed_at_several_points_ends_with_the_clean_database(tmp_path):
    clean = tmp_path / "clean.duckdb"
    proc = _cli(clean)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    db = tmp_path / "killed.duckdb"
    for after_batches, delay in [(1, 0.0), (2, 0.15), (4, 0.05)]:
        proc = _cli(db)
        assert proc.stderr is not None
        seen = 0
        try:
            for line in proc.stderr:
                if line.startswith("ingest:"):
                    seen += 1
                    if seen == after_batches:
                        break
            time.sleep(delay)
        finally:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
    final = _cli(db)
    _, err = final.communicate(timeout=300)
    assert final.returncode == 0, err
    assert dump(db) == dump(clean)


def test_second_ingest_on_a_busy_database_fails_with_a_clear_message(tmp_path):
    db = tmp_path / "busy.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time\nfrom dyadwatch.store import StoreWriter\n"
        f"w = StoreWriter({str(db)!r}).open()\nprint('ready', flush=True)\ntime.sleep(60)\n")],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        env = dict(os.environ, DYADWATCH_CONFIG="")
        p = subprocess.run([sys.executable, "-m", "dyadwatch", "ingest", DEMO, "--db", str(db)],
                           capture_output=True, text=True, timeout=120, env=env)
        assert p.returncode == 1
        assert "another dyadwatch process" in p.stderr and "Traceback" not in p.stderr
    finally:
        holder.kill()
        holder.wait()


def test_corrupt_database_file_is_refused_and_left_alone(tmp_path):
    db = tmp_path / "notes.duckdb"
    db.write_text(json.dumps({"not": "a database"}))
    before = db.read_bytes()
    p = subprocess.run([sys.executable, "-m", "dyadwatch", "ingest", DEMO, "--db", str(db)],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 1 and "not a dyadwatch database" in p.stderr and "Traceback" not in p.stderr
    assert db.read_bytes() == before
