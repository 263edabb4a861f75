"""SVG geometry for the dashboard's charts, computed here and drawn by the templates (no JS needed)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

QUAD_CLASS = {1: "q1", 2: "q2", 3: "q3", 4: "q4"}


@dataclass(slots=True)
class Bar:
    x: float
    y: float
    w: float
    h: float
    cls: str
    tip: str


@dataclass(slots=True)
class Text:
    x: float
    y: float
    text: str
    anchor: str = "middle"


@dataclass(slots=True)
class Series:
    cls: str
    label: str
    points: str
    dots: list[Bar] = field(default_factory=list)


@dataclass(slots=True)
class Chart:
    width: int
    height: int
    bars: list[Bar] = field(default_factory=list)
    series: list[Series] = field(default_factory=list)
    labels: list[Text] = field(default_factory=list)
    grid: list[float] = field(default_factory=list)
    axis: float = 0.0
    left: float = 48.0
    right: float = 0.0
    empty: bool = False


Stack = Sequence[tuple[float, str, str]]  # (value, css class, tooltip)

LEFT, RIGHT, TOP, BOTTOM = 48.0, 12.0, 18.0, 26.0


def auto_period(first: date | None, last: date | None) -> str:
    """The period that gives a readable number of bars between two dates."""
    if first is None or last is None:
        return "month"
    days = (last - first).days
    return "day" if days <= 92 else "week" if days <= 730 else "month" if days <= 12 * 366 else "year"


def _next(d: date, by: str) -> date:
    if by == "day":
        return d + timedelta(days=1)
    if by == "week":
        return d + timedelta(days=7)
    if by == "month":
        return date(d.year + d.month // 12, d.month % 12 + 1, 1)
    return date(d.year + 1, 1, 1)


def every_period(periods: Sequence[date], by: str, limit: int = 2000) -> list[date]:
    """All periods from the first to the last given one, so that empty periods take their place on the axis."""
    if not periods:
        return []
    out: list[date] = []
    d, last = min(periods), max(periods)
    while d <= last and len(out) < limit:
        out.append(d)
        d = _next(d, by)
    return out


def _ticks(periods: Sequence[date], x_of: dict[date, float], chart: Chart, by: str) -> None:
    step = max(1, len(periods) // 10)
    fmt = {"year": "%Y", "month": "%Y-%m"}.get(by, "%Y-%m-%d")
    for p in periods[::step]:
        chart.labels.append(Text(x_of[p], chart.height - 8, p.strftime(fmt)))


def mirrored(
    periods: Sequence[date], up: Mapping[date, Stack], down: Mapping[date, Stack], *, by: str,
    up_label: str, down_label: str, width: int = 900, height: int = 300,
) -> Chart:
    """Stacked bars per period: ``up`` above a middle axis, ``down`` below it."""
    chart = Chart(width, height, right=width - RIGHT)
    if not periods:
        chart.empty = True
        return chart
    plot_w = width - LEFT - RIGHT
    half = (height - TOP - BOTTOM) / 2
    chart.axis = TOP + half
    peak = max([sum(v for v, _, _ in s) for s in (*up.values(), *down.values())] + [1])
    slot = plot_w / len(periods)
    bar_w = max(1.0, slot * 0.8)
    x_of = {}
    for i, p in enumerate(periods):
        x = LEFT + i * slot + (slot - bar_w) / 2
        x_of[p] = x + bar_w / 2
        for stack, sign in ((up.get(p, []), -1), (down.get(p, []), 1)):
            offset = 0.0
            for value, cls, tip in stack:
                if value <= 0:
                    continue
                h = value / peak * half
                y = chart.axis - offset - h if sign < 0 else chart.axis + offset
                chart.bars.append(Bar(round(x, 1), round(y, 1), round(bar_w, 1), round(h, 1), cls, tip))
                offset += h
    chart.labels += [Text(LEFT - 6, TOP + 10, str(peak), "end"), Text(LEFT - 6, chart.axis + half, str(peak), "end"),
                     Text(LEFT + 4, TOP + 10, up_label, "start"), Text(LEFT + 4, chart.axis + half - 4, down_label, "start")]
    chart.grid = [TOP, chart.axis + half]
    _ticks(periods, x_of, chart, by)
    return chart


def lines(
    periods: Sequence[date], series: Sequence[tuple[str, str, dict[date, float]]], *, by: str,
    lo: float = -10.0, hi: float = 10.0, width: int = 900, height: int = 200,
) -> Chart:
    """One line per series over the periods (values between ``lo`` and ``hi``), zero as the axis."""
    chart = Chart(width, height, right=width - RIGHT)
    if not periods:
        chart.empty = True
        return chart
    plot_w, plot_h = width - LEFT - RIGHT, height - TOP - BOTTOM
    slot = plot_w / len(periods)
    x_of = {p: LEFT + (i + 0.5) * slot for i, p in enumerate(periods)}

    def y_of(v: float) -> float:
        return round(TOP + (hi - max(lo, min(hi, v))) / (hi - lo) * plot_h, 1)

    chart.axis = y_of(0)
    chart.grid = [y_of(hi), y_of(lo)]
    chart.labels += [Text(LEFT - 6, y_of(hi) + 4, f"{hi:+.0f}", "end"), Text(LEFT - 6, y_of(lo) + 4, f"{lo:+.0f}", "end"),
                     Text(LEFT - 6, chart.axis + 4, "0", "end")]
    for cls, label, values in series:
        pts = [(round(x_of[p], 1), y_of(values[p]), p, values[p]) for p in periods if p in values]
        s = Series(cls, label, " ".join(f"{x},{y}" for x, y, _, _ in pts))
        s.dots = [Bar(x, y, 3, 3, cls, f"{label} {p.isoformat()}: {v:+.2f}") for x, y, p, v in pts]
        chart.series.append(s)
    _ticks(periods, x_of, chart, by)
    return chart
