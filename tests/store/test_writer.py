"""Writing: idempotence, URL replacement, event merging and counting rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from factory import event, result
from storehelp import Write, rows

from dyadwatch.store import StoreWriter, country_of, event_id_of, event_key


def counts(db: Path) -> dict[str, int]:
    return {t: rows(db, f"SELECT count(*) FROM {t}")[0][0]
            for t in ("articles", "actors", "mentions", "events", "quantities")}


@pytest.mark.parametrize(
    ("code", "country"),
    [("RUSGOV", "RUS"), ("UKR", "UKR"), ("IGOUNO", "IGOUNO"), ("IGOEURNAT", "IGOEURNAT"), ("WST", "WST"),
     ("WSTMIL", "WST"), (None, None), ("", None)],
)
def test_country_of_keeps_igo_and_west_codes_whole(code: str | None, country: str | None) -> None:
    assert country_of(code) == country


def test_event_id_is_sixteen_hex_and_mutual_roots_sort_the_pair() -> None:
    a = event_id_of(event_key("04", "RUS", "PRK", "2023-09-13", "day"))
    b = event_id_of(event_key("04", "PRK", "RUS", "2023-09-13", "day"))
    c = event_id_of(event_key("19", "PRK", "RUS", "2023-09-13", "day"))
    d = event_id_of(event_key("19", "RUS", "PRK", "2023-09-13", "day"))
    assert a == b and c != d and len(a) == 16 and int(a, 16) >= 0


def test_rewriting_the_same_articles_changes_nothing(db: Path, write: Write) -> None:
    results = [result(f"a{i}", url=f"https://x/{i}") for i in range(3)]
    write(results)
    before = counts(db), rows(db, "SELECT * FROM events ORDER BY event_id")
    write(results)
    write(results + results, batch=2)
    assert (counts(db), rows(db, "SELECT * FROM events ORDER BY event_id")) == before
    assert counts(db)["articles"] == 3


def test_a_new_version_of_a_url_replaces_the_old_article(db: Path, write: Write) -> None:
    write([result("old", [event("RUS", "UKR", "19")], url="https://x/story")])
    write([result("new", [event("RUS", "UKR", "17")], url="https://x/story")])
    assert rows(db, "SELECT id FROM articles") == [("new",)]
    assert rows(db, "SELECT DISTINCT article_id FROM mentions") == [("new",)]
    assert rows(db, "SELECT root, num_articles FROM events") == [("17", 1)]


def test_url_replacement_inside_one_batch_keeps_the_last_version(db: Path, write: Write) -> None:
    write([result("v1", url="https://x/s"), result("v2", url="https://x/s"), result("other")])
    assert rows(db, "SELECT id FROM articles ORDER BY id") == [("other",), ("v2",)]


def test_articles_without_url_are_never_replaced(db: Path, write: Write) -> None:
    write([result("a"), result("b")])
    assert counts(db)["articles"] == 2


def test_five_syndicated_reports_of_one_strike_are_one_event(db: Path, write: Write) -> None:
    reports = [result(f"r{i}", [event("RUSMIL", "UKRMIL", "19", date="2023-09-12")], publisher=f"P{i}")
               for i in range(5)]
    write(reports, batch=2)
    assert rows(db, "SELECT num_mentions, num_articles, num_sources, source_country, target_country"
                    " FROM events") == [(5, 5, 5, "RUS", "UKR")]


def test_two_strikes_on_different_days_are_two_events(db: Path, write: Write) -> None:
    write([result("d1", [event(date="2023-09-12")]), result("d2", [event(date="2023-09-14")])])
    assert rows(db, "SELECT date::VARCHAR, num_articles FROM events ORDER BY date") == [
        ("2023-09-12", 1), ("2023-09-14", 1)]


@pytest.mark.parametrize(
    ("root", "expected"), [("04", 1), ("06", 1), ("19", 2), ("11", 2)],
)
def test_mutual_roots_merge_both_directions(db: Path, write: Write, root: str, expected: int) -> None:
    write([result("ab", [event("RUS", "PRK", root)]), result("ba", [event("PRK", "RUS", root)])])
    assert rows(db, "SELECT count(*) FROM events")[0][0] == expected


def test_month_precision_dates_merge_within_the_month(db: Path, write: Write) -> None:
    write([result("m1", [event(date="2023-09", precision="month")]),
           result("m2", [event(date="2023-09-20", precision="month")]),
           result("d1", [event(date="2023-09-20", precision="day")])])
    assert rows(db, "SELECT date::VARCHAR, date_precision, num_articles FROM events ORDER BY date_precision") == [
        ("2023-09-20", "day", 1), ("2023-09-01", "month", 2)]


def test_undated_mentions_take_the_publication_date(db: Path, write: Write) -> None:
    write([result("u", [event(date=None, precision=None)])])
    assert rows(db, "SELECT date::VARCHAR, date_precision FROM events") == [("2023-09-12", "day")]


@pytest.mark.parametrize(
    ("negated", "modality", "counted"),
    [(False, "asserted", True), (False, "reported", True), (True, "asserted", False),
     (False, "hypothetical", False), (False, "intended", False), (True, "reported", False)],
)
def test_negated_and_unreal_mentions_are_stored_but_not_counted(
    db: Path, write: Write, negated: bool, modality: str, counted: bool
) -> None:
    write([result("x", [event(negated=negated, modality=modality)])])
    assert rows(db, "SELECT counts, event_id IS NOT NULL, negated, modality FROM mentions") == [
        (counted, counted, negated, modality)]
    assert rows(db, "SELECT count(*) FROM events")[0][0] == int(counted)


def test_replacing_an_article_updates_the_events_it_fed(db: Path, write: Write) -> None:
    write([result("a", [event()], url="https://x/a"), result("b", [event()], url="https://x/b")])
    assert rows(db, "SELECT num_articles FROM events") == [(2,)]
    write([result("b2", [event(root="17")], url="https://x/b")])
    assert rows(db, "SELECT root, num_articles FROM events ORDER BY root") == [("17", 1), ("19", 1)]


def test_event_evidence_is_the_most_confident_mention(db: Path, write: Write) -> None:
    write([result("low", [event(confidence=0.3, sentence="weak")]),
           result("high", [event(confidence=0.95, sentence="strong")])])
    assert rows(db, "SELECT evidence_sentence, evidence_article_id, confidence FROM events") == [
        ("strong", "high", 0.95)]


def test_runs_record_counts_and_settings(db: Path) -> None:
    with StoreWriter(db) as w:
        run = w.start_run({"batch_size": 2})
        w.write_batch([result("a"), result("b")], run)
        w.write_batch([result("a")], run)
        w.finish_run(run)
    assert rows(db, "SELECT articles_seen, articles_stored, errors, settings, finished IS NOT NULL FROM runs") == [
        (3, 2, 0, '{"batch_size": 2}', True)]
    assert rows(db, "SELECT run_id FROM articles") == [(run,), (run,)]


def test_writer_publishes_a_snapshot_that_opens_read_only(db: Path, write: Write) -> None:
    write([result("a")])
    snap = db.with_name(db.name + ".snapshot")
    assert rows(snap, "SELECT id FROM articles") == [("a",)]


def test_writer_caps_duckdb_memory_and_threads(db: Path) -> None:
    with StoreWriter(db, memory_limit="128MB", threads=1) as w:
        limit = w.con.execute("SELECT current_setting('memory_limit')").fetchone()
        threads = w.con.execute("SELECT current_setting('threads')").fetchone()
    assert limit is not None and limit[0].replace(" ", "").upper().startswith(("122", "128"))
    assert threads == (1,)


def test_snapshot_wait_grows_with_the_cost_of_the_copy(db: Path) -> None:
    with StoreWriter(db, snapshot_interval_s=2.0, snapshot_share=0.1) as w:
        w._snapshot_cost = 0.05
        assert w._snapshot_wait() == 2.0
        w._snapshot_cost = 1.5
        assert w._snapshot_wait() == pytest.approx(15.0)
        w.write_batch([result("a")])  # published at open; the next one waits
        assert w._dirty, "a batch written within the wait is not published yet"
    assert rows(db.with_name(db.name + ".snapshot"), "SELECT id FROM articles") == [("a",)], "published on close"
    with StoreWriter(db, snapshot_interval_s=0) as w:
        w._snapshot_cost = 5.0
        assert w._snapshot_wait() == 0.0, "0 still means after every batch"
