"""Plots write real pictures, also when there is nothing to draw."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyadwatch.store import open_reader
from dyadwatch.store.plots import plot_network, plot_timeline

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(("a", "b"), [("RUS", "PRK"), ("FRA", "DEU")], ids=["with-events", "empty"])
def test_timeline_plot_writes_a_png(sample: Path, tmp_path: Path, a: str, b: str) -> None:
    with open_reader(sample) as con:
        path = plot_timeline(con, a, b, tmp_path / "t.png", by="month")
    assert path.read_bytes().startswith(PNG) and path.stat().st_size > 5000


@pytest.mark.parametrize("since", [None, "2030-01-01"], ids=["with-events", "empty"])
def test_network_plot_writes_a_png(sample: Path, tmp_path: Path, since: str | None) -> None:
    with open_reader(sample) as con:
        path = plot_network(con, tmp_path / "sub" / "n.png", since=since)
    assert path.read_bytes().startswith(PNG) and path.stat().st_size > 5000
