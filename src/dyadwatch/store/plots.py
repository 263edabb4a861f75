"""Pictures of the queries: a dyad timeline and a country network (matplotlib, Agg backend)."""

from __future__ import annotations

import math
from pathlib import Path

import duckdb
import matplotlib

matplotlib.use("Agg")

from matplotlib import pyplot as plt
from matplotlib.figure import Figure

from ..errors import StoreError
from . import queries
from .queries import DateLike

QUAD_COLOURS = {1: "#9ecae1", 2: "#3182bd", 3: "#fdae6b", 4: "#e6550d"}
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
COOPERATIVE = "#2ca02c"
CONFLICTUAL = "#d62728"


def _save(fig: Figure, out_path: str | Path) -> Path:
    path = Path(out_path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, dpi=120)
    except OSError as exc:
        raise StoreError(f"cannot write {path} ({exc})", fix="give a path you can write to with -o") from exc
    finally:
        plt.close(fig)
    return path


def plot_timeline(
    con: duckdb.DuckDBPyConnection,
    a: str,
    b: str,
    out_path: str | Path,
    by: str = "month",
    *,
    since: DateLike = None,
    until: DateLike = None,
) -> Path:
    """Stacked QuadClass counts per period for A>B (up) and B>A (down), with the Goldstein sum."""
    rows = queries.timeline(con, a, b, by=by, since=since, until=until)
    periods = sorted({r.period for r in rows})
    index = {p: i for i, p in enumerate(periods)}
    fig, (ax, ax2) = plt.subplots(2, 1, figsize=(10, 6), sharex=True, height_ratios=(3, 1))
    x = list(range(len(periods)))
    for direction, sign in (("A>B", 1), ("B>A", -1)):
        bottom = [0.0] * len(periods)
        for quad in (1, 2, 3, 4):
            heights = [0.0] * len(periods)
            for r in rows:
                if r.direction == direction:
                    heights[index[r.period]] = sign * getattr(r, f"quad{quad}")
            label = QUAD_NAMES[quad] if direction == "A>B" else None
            ax.bar(x, heights, bottom=bottom, color=QUAD_COLOURS[quad], label=label, width=0.8)
            bottom = [bt + h for bt, h in zip(bottom, heights, strict=True)]
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_ylabel(f"events  ▲ {a.upper()}→{b.upper()}   ▼ {b.upper()}→{a.upper()}")
    ax.set_title(f"{a.upper()} – {b.upper()} events by {by}")
    if rows:
        ax.legend(loc="upper left", fontsize="small")
    else:
        ax.text(0.5, 0.5, "no events between these actors", ha="center", va="center", transform=ax.transAxes)
    gold = [0.0] * len(periods)
    for r in rows:
        gold[index[r.period]] += r.goldstein_sum
    ax2.bar(x, gold, color=[COOPERATIVE if g >= 0 else CONFLICTUAL for g in gold], width=0.8)
    ax2.axhline(0, color="black", linewidth=0.8)
    ax2.set_ylabel("Goldstein sum")
    step = max(1, len(periods) // 12)
    ax2.set_xticks(x[::step], [p.isoformat() for p in periods][::step], rotation=45, ha="right", fontsize="small")
    fig.tight_layout()
    return _save(fig, out_path)


def plot_network(
    con: duckdb.DuckDBPyConnection,
    out_path: str | Path,
    since: DateLike = None,
    *,
    until: DateLike = None,
    max_nodes: int = 30,
) -> Path:
    """Countries on a circle; edges as wide as their volume, green when cooperative, red when hostile."""
    edges = queries.network(con, since=since, until=until)
    volume: dict[str, int] = {}
    for e in edges:
        volume[e.source] = volume.get(e.source, 0) + e.events
        volume[e.target] = volume.get(e.target, 0) + e.events
    nodes = sorted(volume, key=lambda n: (-volume[n], n))[:max_nodes]
    keep = set(nodes)
    nodes.sort()
    pos = {
        n: (math.cos(2 * math.pi * i / max(1, len(nodes))), math.sin(2 * math.pi * i / max(1, len(nodes))))
        for i, n in enumerate(nodes)
    }
    fig, ax = plt.subplots(figsize=(9, 9))
    shown = [e for e in edges if e.source in keep and e.target in keep]
    top = max((e.events for e in shown), default=1)
    for e in sorted(shown, key=lambda e: e.events):
        (x1, y1), (x2, y2) = pos[e.source], pos[e.target]
        colour = COOPERATIVE if e.cooperative >= e.conflictual else CONFLICTUAL
        ax.annotate(
            "", xy=(x2, y2), xytext=(x1, y1),
            arrowprops={"arrowstyle": "-|>", "color": colour, "alpha": 0.6, "lw": 0.5 + 6 * e.events / top,
                        "connectionstyle": "arc3,rad=0.12", "shrinkA": 12, "shrinkB": 12},
        )
    biggest = max(volume.values(), default=1)
    for n in nodes:
        x, y = pos[n]
        ax.scatter([x], [y], s=200 + 1200 * volume[n] / biggest, color="#f0f0f0", edgecolors="#333333", zorder=3)
        ax.text(x, y, n, ha="center", va="center", fontsize=9, zorder=4)
    if not nodes:
        ax.text(0, 0, "no events in this range", ha="center", va="center")
    ax.set_xlim(-1.3, 1.3)
    ax.set_ylim(-1.3, 1.3)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title("Event network (green: mostly cooperative, red: mostly conflictual; width: events)")
    fig.tight_layout()
    return _save(fig, out_path)
