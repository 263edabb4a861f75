"""Network drawing: the busiest countries on a circle, directed edges as curves weighted by volume."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from ..store.queries import EdgeRow


@dataclass(slots=True)
class Node:
    code: str
    x: float
    y: float
    r: float
    volume: int
    lx: float
    ly: float
    anchor: str


@dataclass(slots=True)
class Edge:
    source: str
    target: str
    path: str
    width: float
    cls: str
    tip: str
    events: int
    selected: bool


@dataclass(slots=True)
class Network:
    size: int
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    hidden_nodes: int = 0


def layout(rows: list[EdgeRow], *, max_nodes: int = 40, size: int = 720,
           selected: tuple[str, str] | None = None) -> Network:
    """Place the ``max_nodes`` busiest countries on a circle and draw the edges among them."""
    volume: Counter[str] = Counter()
    for e in rows:
        volume[e.source] += e.events
        volume[e.target] += e.events
    keep = [c for c, _ in sorted(volume.items(), key=lambda kv: (-kv[1], kv[0]))[:max_nodes]]
    net = Network(size, hidden_nodes=max(0, len(volume) - len(keep)))
    if not keep:
        return net
    center, radius = size / 2, size / 2 - 70
    peak_node = max(volume[c] for c in keep)
    pos: dict[str, tuple[float, float]] = {}
    radius_of: dict[str, float] = {}
    for i, code in enumerate(keep):
        angle = 2 * math.pi * i / len(keep) - math.pi / 2
        x, y = center + radius * math.cos(angle), center + radius * math.sin(angle)
        pos[code] = (x, y)
        lx, ly = center + (radius + 22) * math.cos(angle), center + (radius + 22) * math.sin(angle)
        anchor = "start" if math.cos(angle) > 0.2 else "end" if math.cos(angle) < -0.2 else "middle"
        r = 4 + 10 * math.sqrt(volume[code] / peak_node)
        radius_of[code] = r
        net.nodes.append(Node(code, round(x, 1), round(y, 1), round(r, 1), volume[code], round(lx, 1),
                              round(ly + 4, 1), anchor))
    edges = [e for e in rows if e.source in pos and e.target in pos]
    peak_edge = max((e.events for e in edges), default=1)
    for e in sorted(edges, key=lambda e: e.events):
        (x1, y1), (x2, y2) = pos[e.source], pos[e.target]
        # bend every edge to its left so A->B and B->A are two visible curves
        mx, my = (x1 + x2) / 2, (y1 + y2) / 2
        dx, dy = x2 - x1, y2 - y1
        bend = 0.12
        cx, cy = mx - dy * bend, my + dx * bend
        # stop at the target's rim so the arrowhead stays visible
        tx, ty = x2 - cx, y2 - cy
        length = math.hypot(tx, ty) or 1.0
        gap = radius_of[e.target] + 2
        x2, y2 = x2 - tx / length * gap, y2 - ty / length * gap
        coop = e.cooperative >= e.conflictual
        mean = "" if e.goldstein_mean is None else f", mean Goldstein {e.goldstein_mean:+.2f}"
        net.edges.append(Edge(
            e.source, e.target, f"M{x1:.1f},{y1:.1f} Q{cx:.1f},{cy:.1f} {x2:.1f},{y2:.1f}",
            round(1 + 7 * math.sqrt(e.events / peak_edge), 2), "coop" if coop else "conf",
            f"{e.source} → {e.target}: {e.events} events ({e.cooperative} cooperative, "
            f"{e.conflictual} conflictual{mean})", e.events, selected == (e.source, e.target)))
    return net
