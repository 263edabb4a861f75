"""Small pieces: cutting text at offsets, chart periods, the network layout, reading beside a writer, `serve`."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from dyadwatch.server.charts import auto_period, every_period, mirrored
from dyadwatch.server.highlight import Span, pieces
from dyadwatch.server.netlayout import layout
from dyadwatch.store.queries import EdgeRow

STORE_TESTS = Path(__file__).resolve().parents[1] / "store"


def test_pieces_cover_the_text_exactly_with_nested_spans() -> None:
    text = "Putin met <b>Kim</b> in Vladivostok."
    spans = [Span(0, len(text), "event", "e", ["ev-1"]), Span(0, 5, "actor", "a", ref="RUS"),
             Span(13, 16, "actor", "k"), Span(30, 99, "figure", "out of range"), Span(5, 5, "actor", "empty")]
    out = pieces(text, spans)
    assert "".join(p.text for p in out) == text
    assert out[0].text == "Putin" and out[0].classes == ["actor", "event"] and out[0].anchors == ["ev-1"]
    assert out[0].links == ["RUS"]
    assert [p.text for p in out if "actor" in p.classes] == ["Putin", "Kim"]
    assert sum(len(p.anchors) for p in out) == 1  # the anchor sits once, on the first piece
    assert pieces("", spans) == []


def test_periods() -> None:
    assert every_period([date(2023, 11, 1), date(2024, 2, 1)], "month") == [
        date(2023, 11, 1), date(2023, 12, 1), date(2024, 1, 1), date(2024, 2, 1)]
    assert len(every_period([date(2020, 1, 6), date(2020, 1, 27)], "week")) == 4
    assert every_period([], "year") == []
    assert auto_period(date(2024, 1, 1), date(2024, 2, 1)) == "day"
    assert auto_period(date(2023, 1, 1), date(2024, 6, 1)) == "week"
    assert auto_period(date(2015, 1, 1), date(2024, 6, 1)) == "month"
    assert auto_period(date(1971, 1, 1), date(2024, 6, 1)) == "year"
    assert auto_period(None, None) == "month"
    chart = mirrored([date(2024, 1, 1)], {date(2024, 1, 1): [(3, "q1", "t")]}, {}, by="month",
                     up_label="a", down_label="b")
    assert len(chart.bars) == 1 and chart.bars[0].y + chart.bars[0].h == chart.axis
    assert mirrored([], {}, {}, by="month", up_label="a", down_label="b").empty


def test_network_layout_keeps_busiest_nodes() -> None:
    rows = [EdgeRow("RUS", "UKR", 10, 2, 8, -5.0), EdgeRow("UKR", "RUS", 4, 4, 0, 2.0),
            EdgeRow("FRA", "DEU", 1, 1, 0, 1.0)]
    net = layout(rows, max_nodes=2, selected=("RUS", "UKR"))
    assert {n.code for n in net.nodes} == {"RUS", "UKR"} and net.hidden_nodes == 2
    assert [(e.source, e.cls, e.selected) for e in net.edges] == [("UKR", "coop", False), ("RUS", "conf", True)]
    assert net.edges[1].width > net.edges[0].width
    assert layout([]).nodes == []


def test_reads_the_snapshot_while_a_writer_holds_the_file(tmp_path: Path) -> None:
    from dyadwatch.server import create_app

    db = tmp_path / "busy.duckdb"
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(STORE_TESTS), env.get("PYTHONPATH", "")])
    holder = subprocess.Popen([sys.executable, str(STORE_TESTS / "_holder.py"), str(db), "60"],
                              stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        c = TestClient(create_app(db))
        r = c.get("/api/summary")
        assert r.status_code == 200, r.text
        assert r.json()["articles"] == 1
        assert c.get("/api/events").json()["items"]
    finally:
        holder.kill()
        holder.wait(10)


def test_serve_refuses_a_missing_database(tmp_path: Path) -> None:
    from dyadwatch.cli import app

    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1
    assert "does not exist" in result.output
