"""The writer's event roll-up (``store.rollup``) against one SQL statement that says the same thing."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest
from factory import event, result
from storehelp import Write, rows

from dyadwatch.model import Location
from dyadwatch.store.schema import MUTUAL_ROOTS

_MUTUAL = ", ".join(f"'{r}'" for r in sorted(MUTUAL_ROOTS))

# the definition of an event row in SQL: best mention by confidence, published, article, position;
# most frequent CAMEO code; counts over every counted mention
REFERENCE = f"""
WITH m AS (
    SELECT m.*, a.published, coalesce(a.publisher, a.url, a.id) AS source_key
    FROM mentions m JOIN articles a ON a.id = m.article_id WHERE m.counts
),
ranked AS (
    SELECT *, row_number() OVER (PARTITION BY event_id
        ORDER BY confidence DESC NULLS LAST, published NULLS LAST, article_id, idx) AS rn FROM m
),
cameos AS (
    SELECT event_id, cameo, avg(goldstein) AS goldstein, min(quad_class) AS quad_class,
           row_number() OVER (PARTITION BY event_id ORDER BY count(*) DESC, cameo) AS rn
    FROM m GROUP BY event_id, cameo
),
places AS (
    SELECT event_id, location_name, location_country, lat, lon, row_number() OVER (PARTITION BY event_id
        ORDER BY confidence DESC NULLS LAST, published NULLS LAST, article_id, idx) AS rn
    FROM m WHERE location_name IS NOT NULL OR lat IS NOT NULL
),
agg AS (
    SELECT event_id, count(*) AS num_mentions, count(DISTINCT article_id) AS num_articles,
           count(DISTINCT source_key) AS num_sources, min(published) AS first_seen,
           max(published) AS last_seen, max(confidence) AS confidence
    FROM m GROUP BY event_id
)
SELECT r.event_id, r.root, c.cameo,
       CASE WHEN r.root IN ({_MUTUAL}) AND coalesce(r.source_country, '') > coalesce(r.target_country, '')
            THEN r.target_country ELSE r.source_country END AS source_country,
       CASE WHEN r.root IN ({_MUTUAL}) AND coalesce(r.source_country, '') > coalesce(r.target_country, '')
            THEN r.source_country ELSE r.target_country END AS target_country,
       r.event_date AS date, r.event_precision AS date_precision, c.quad_class, round(c.goldstein, 9),
       g.num_mentions, g.num_articles, g.num_sources, g.first_seen, g.last_seen,
       r.sentence AS evidence_sentence, r.article_id AS evidence_article_id, r.idx AS evidence_idx,
       g.confidence, p.lat, p.lon, p.location_name, p.location_country
FROM ranked r JOIN agg g USING (event_id)
JOIN cameos c ON c.event_id = r.event_id AND c.rn = 1
LEFT JOIN places p ON p.event_id = r.event_id AND p.rn = 1
WHERE r.rn = 1 ORDER BY r.event_id
"""

STORED = """
SELECT event_id, root, cameo, source_country, target_country, date, date_precision, quad_class,
       round(goldstein, 9), num_mentions, num_articles, num_sources, first_seen, last_seen,
       evidence_sentence, evidence_article_id, evidence_idx, confidence, lat, lon, location_name,
       location_country
FROM events ORDER BY event_id
"""

ACTORS = ["RUSGOV", "RUSMIL", "UKRGOV", "UKR", "USAGOV", "CHNGOV", "PRKGOV", None]
ROOTS = ["04", "05", "06", "11", "13", "19"]


def _random_results(seed: int, n: int) -> list:  # type: ignore[type-arg]
    rng = random.Random(seed)
    start = datetime(2023, 9, 1, tzinfo=UTC)
    out = []
    for i in range(n):
        events = []
        for j in range(rng.randint(0, 5)):
            root = rng.choice(ROOTS)
            place = Location(name="Kyiv", country="UKR", lat=50.45, lon=30.52) if rng.random() < 0.3 else None
            events.append(event(
                rng.choice(ACTORS[:-1]), rng.choice(ACTORS), root, cameo=root + rng.choice("0123"),
                date=rng.choice(["2023-09-12", "2023-09-13", "2023-09", None]),
                precision=None, negated=rng.random() < 0.1, modality=rng.choice(["asserted"] * 4 + ["hypothetical"]),
                sentence=f"Sentence {j} of article {i}.", confidence=rng.choice([0.5, 0.7, 0.9]),
                location=place, start=j * 40,
            ))
        published = start + timedelta(hours=rng.randint(0, 200)) if rng.random() < 0.9 else None
        publisher = rng.choice(["Wire", "Paper A", "Paper B", None])
        # some articles replace an earlier one: same URL, new content id
        url = f"https://news.example/{rng.randint(0, n // 2)}" if rng.random() < 0.3 else None
        out.append(result(f"a{seed}-{i}", events, url=url, publisher=publisher, published=published))
    return out


@pytest.mark.parametrize(("seed", "batch"), [(1, 7), (2, 50), (3, 1)])
def test_events_after_many_batches_equal_the_sql_definition(db: Path, write: Write, seed: int, batch: int) -> None:
    write(_random_results(seed, 120), batch=batch)
    expected = rows(db, REFERENCE)
    stored = rows(db, STORED)
    assert len(expected) > 20
    assert stored == expected


def test_events_with_no_counted_mention_left_are_removed(db: Path, write: Write) -> None:
    url = "https://news.example/one"
    write([result("first", [event("RUSMIL", "UKR", "19")], url=url)])
    write([result("second", [event("RUSMIL", "UKR", "19", negated=True)], url=url)])
    assert rows(db, "SELECT count(*) FROM events") == [(0,)]
    assert rows(db, "SELECT count(*) FROM mentions") == [(1,)]


def test_a_batch_that_only_adds_articles_reads_no_old_mentions(db: Path, write: Write, monkeypatch) -> None:
    from dyadwatch.store import rollup

    asked: list[list[str]] = []
    read = rollup.mentions_of

    def spy(con, event_ids):  # type: ignore[no-untyped-def]
        asked.append(list(event_ids))
        return read(con, event_ids)

    monkeypatch.setattr(rollup, "mentions_of", spy)
    same = [result(f"a{i}", [event("RUSMIL", "UKR", "19", confidence=0.5 + i / 100)], publisher=f"P{i % 3}")
            for i in range(12)]
    write(same, batch=3)
    assert asked == []  # four batches, one event: each updated from its row, tallies and new mentions
    assert rows(db, STORED) == rows(db, REFERENCE)
    assert rows(db, "SELECT num_mentions, num_articles, num_sources FROM events") == [(12, 12, 3)]
    # a new version of an article (same URL, new id) takes its mentions away: that event is rolled up again
    write([result("b0", [event("RUSMIL", "UKR", "19")], url="https://news.example/x")])
    write([result("b1", [event("USAGOV", "CHN", "04")], url="https://news.example/x")])
    assert asked == [[rows(db, "SELECT event_id FROM events WHERE root = '19'")[0][0]]]
    assert rows(db, STORED) == rows(db, REFERENCE)


@pytest.mark.parametrize("batch", [1, 4, 7])
def test_events_do_not_depend_on_how_the_articles_were_batched(tmp_path: Path, write: Write, batch: int) -> None:
    from dataclasses import replace

    results = [result(f"a{i}", [replace(event("RUSMIL", "UKR", "19", cameo="190", confidence=0.9 - (i % 4) / 10),
                                        goldstein=(0.1, 0.7, 0.1, -0.3)[i % 4])], publisher=f"P{i % 5}")
               for i in range(24)]
    one, other = tmp_path / "one.duckdb", tmp_path / "other.duckdb"
    write(results, batch=24, path=one)
    write(results, batch=batch, path=other)
    every = "SELECT * EXCLUDE (evidence_sentence) FROM events ORDER BY event_id"
    assert rows(one, every) == rows(other, every)
    # the exact mean of 12 x 0.1, 6 x 0.7 and 6 x -0.3, whatever the order it was added in
    assert rows(other, "SELECT goldstein FROM events") == [(0.15,)]


def test_a_version_3_database_is_given_its_tallies_and_goes_on_from_them(db: Path, write: Write) -> None:
    write(_random_results(4, 60), batch=10)
    con = duckdb.connect(str(db))
    try:
        for table in ("event_tallies", "event_sources"):
            con.execute(f"DROP TABLE {table}")
        con.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
        con.execute("UPDATE events SET num_sources = 99")  # rolled up again from the mentions on upgrade
    finally:
        con.close()
    write(_random_results(5, 60), batch=10)
    assert rows(db, "SELECT value FROM meta WHERE key = 'schema_version'") == [("4",)]
    assert rows(db, "SELECT count(*) FROM events WHERE num_sources = 99") == [(0,)]
    assert rows(db, STORED) == rows(db, REFERENCE)
