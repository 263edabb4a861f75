"""The query functions shared by the CLI, the API and the dashboard."""

from __future__ import annotations

from dataclasses import is_dataclass
from datetime import date
from pathlib import Path

import pytest

from dyadwatch.errors import UsageError
from dyadwatch.store import open_reader
from dyadwatch.store import queries as q


@pytest.fixture
def con(sample: Path):  # type: ignore[no-untyped-def]
    with open_reader(sample) as c:
        yield c


def test_events_merge_syndicated_reports_and_skip_unreal_mentions(con) -> None:  # type: ignore[no-untyped-def]
    rows = q.events(con)
    assert all(is_dataclass(r) for r in rows)
    strike = [r for r in rows if r.root == "19"]
    assert len(strike) == 1 and strike[0].num_articles == 5 and strike[0].num_sources == 5
    assert {r.root for r in rows} == {"19", "04", "11", "06"}  # no hypothetical 17, no negated 19 RUS>PRK


@pytest.mark.parametrize(
    ("filters", "roots"),
    [
        ({"actor": "RUS"}, {"19", "04", "06"}),
        ({"actor": "PRK", "target": "RUS"}, {"04", "06"}),  # mutual roots match either direction
        ({"actor": "RUSMIL", "target": "UKR"}, {"19"}),
        ({"target": "PRK"}, {"04", "06", "11"}),
        ({"root": "4"}, {"04"}),
        ({"quad": 3}, {"11"}),
        ({"since": "2024-01-01"}, {"06"}),
        ({"until": "2023-09-12"}, {"19"}),
        ({"min_confidence": 0.95}, set()),
    ],
)
def test_event_filters(con, filters: dict, roots: set[str]) -> None:  # type: ignore[no-untyped-def]
    assert {r.root for r in q.events(con, **filters)} == roots


def test_events_page_with_limit_and_offset(con) -> None:  # type: ignore[no-untyped-def]
    everything = q.events(con)
    assert q.events(con, limit=2) + q.events(con, limit=10, offset=2) == everything


@pytest.mark.parametrize(
    "filters", [{"since": "yesterday"}, {"root": "99"}, {"quad": 5}, {"limit": -1}], ids=str
)
def test_bad_filters_raise_usage_errors_with_a_fix(con, filters: dict) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UsageError) as info:
        q.events(con, **filters)
    assert info.value.fix


def test_event_mentions_give_the_evidence_with_sources(con) -> None:  # type: ignore[no-untyped-def]
    strike = next(r for r in q.events(con) if r.root == "19")
    mentions = q.event_mentions(con, strike.event_id)
    assert len(mentions) == 5
    assert {m.publisher for m in mentions} == {f"Paper {i}" for i in range(5)}
    assert all(m.sentence.startswith("Report") and m.end > m.start for m in mentions)
    assert q.event_mentions(con, "0" * 16) == []


def test_dyads_combine_both_directions(con) -> None:  # type: ignore[no-untyped-def]
    rows = q.dyads(con)
    pairs = {(r.a, r.b): r for r in rows}
    assert set(pairs) == {("RUS", "UKR"), ("PRK", "RUS"), ("PRK", "USA")}
    assert pairs[("PRK", "RUS")].events == 2 and pairs[("PRK", "RUS")].cooperative == 2
    assert pairs[("RUS", "UKR")].conflictual == 1 and pairs[("RUS", "UKR")].goldstein_mean == -10.0
    assert len(q.dyads(con, top=1)) == 1


@pytest.mark.parametrize(("by", "periods"), [("month", 2), ("year", 2), ("day", 2), ("week", 2)])
def test_timeline_counts_per_period(con, by: str, periods: int) -> None:  # type: ignore[no-untyped-def]
    rows = q.timeline(con, "RUS", "PRK", by=by)
    assert len({r.period for r in rows}) == periods
    assert sum(r.quad1 for r in rows) == 1 and sum(r.quad2 for r in rows) == 1
    assert {r.direction for r in q.timeline(con, "USA", "PRK")} == {"A>B"}
    assert {r.direction for r in q.timeline(con, "PRK", "USA")} == {"B>A"}


def test_timeline_rejects_unknown_periods(con) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UsageError, match="day, week, month, year"):
        q.timeline(con, "RUS", "PRK", by="fortnight")


def test_network_edges_are_directed_and_filterable(con) -> None:  # type: ignore[no-untyped-def]
    edges = {(e.source, e.target): e for e in q.network(con)}
    assert ("RUS", "UKR") in edges and ("USA", "PRK") in edges
    assert [(e.source, e.target) for e in q.network(con, quad=3)] == [("USA", "PRK")]
    assert q.network(con, since="2030-01-01") == []


def test_changed_relations_compare_the_halves_of_the_range(con) -> None:  # type: ignore[no-untyped-def]
    rows = q.changed_relations(con, since="2023-01-01", until="2024-12-31")
    assert [(r.a, r.b) for r in rows] == [("PRK", "RUS")]
    assert rows[0].before_mean == 3.0 and rows[0].after_mean == 6.0 and rows[0].change == 3.0
    assert q.changed_relations(con, since="2023-09-12", until="2023-09-12") == []


def test_facts_with_sources_and_actor_filter(con) -> None:  # type: ignore[no-untyped-def]
    rows = q.facts(con)
    assert len(rows) == 1 and rows[0].value == 93.8e9 and rows[0].actors == ["CHN", "RUS"]
    assert rows[0].period_start == "2023-01-01" and rows[0].publisher == "Wire"
    assert len(q.facts(con, actor="CHN")) == 1 and len(q.facts(con, actor="CHNGOV")) == 1
    assert q.facts(con, actor="USA") == []


def test_article_view_holds_actors_mentions_and_figures(con) -> None:  # type: ignore[no-untyped-def]
    view = q.article(con, "summit")
    assert view is not None and view.url == "https://wire.example/summit"
    assert len(view.mentions) == 6 and len(view.quantities) == 1 and len(view.actors) == 12
    assert [m.counts for m in view.mentions] == [True, True, True, True, False, False]
    assert view.captions == ["A caption"] and view.boilerplate == ["Sign up to our newsletter"]
    assert q.article(con, "missing") is None


@pytest.mark.parametrize(("text", "first"), [("rus", "RUSGOV"), ("PRK", "PRKGOV"), ("mil", "RUSMIL")])
def test_search_actors_by_code_prefix_or_name(con, text: str, first: str) -> None:  # type: ignore[no-untyped-def]
    hits = q.search_actors(con, text)
    assert hits and first in [h.code for h in hits]
    assert q.search_actors(con, "   ") == []


def test_summary_counts_everything(con) -> None:  # type: ignore[no-untyped-def]
    s = q.summary(con)
    assert (s.articles, s.mentions, s.counted_mentions, s.events) == (6, 11, 9, 4)
    assert (s.quad1, s.quad2, s.quad3, s.quad4) == (1, 1, 1, 1)
    assert s.first_date == date(2023, 9, 12) and s.last_date == date(2024, 6, 19)
    assert s.top_dyads and s.most_changed is not None and (s.most_changed.a, s.most_changed.b) == ("PRK", "RUS")


@pytest.mark.parametrize(
    "sql",
    ["SELECT count(*) FROM events", "WITH x AS (SELECT 1 AS n) SELECT n FROM x", "SHOW TABLES",
     "DESCRIBE events", "EXPLAIN SELECT 1", "select 1;"],
)
def test_run_sql_allows_reading(con, sql: str) -> None:  # type: ignore[no-untyped-def]
    columns, rows = q.run_sql(con, sql)
    assert columns and rows


@pytest.mark.parametrize(
    "sql",
    ["DELETE FROM events", "DROP TABLE events", "SELECT 1; DELETE FROM events", "COPY events TO 'x.csv'",
     "ATTACH 'x.db'", "PRAGMA version", "CREATE TABLE t (a INT)", "not sql at all"],
)
def test_run_sql_rejects_anything_but_one_read(con, sql: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UsageError):
        q.run_sql(con, sql)
    assert q.summary(con).events == 4
