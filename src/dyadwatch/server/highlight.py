"""Article text cut into plain-text pieces at the offsets of actors, events and figures.

The templates escape each piece and wrap it in a ``<mark>`` with fixed classes: the text itself never
becomes markup, whatever it contains.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from ..store.queries import ArticleView
from .data import FigureSpan


@dataclass(slots=True)
class Span:
    start: int
    end: int
    kind: str  # actor, event, figure
    tip: str
    anchors: list[str] = field(default_factory=list)
    ref: str | None = None


@dataclass(slots=True)
class Piece:
    text: str
    classes: list[str]
    tips: list[str]
    anchors: list[str]
    links: list[str]


def pieces(text: str, spans: list[Span]) -> list[Piece]:
    """Cut ``text`` at every span boundary; each piece knows which spans cover it."""
    n = len(text)
    valid = [s for s in spans if 0 <= s.start < s.end <= n]
    cuts = sorted({0, n, *(s.start for s in valid), *(s.end for s in valid)})
    out: list[Piece] = []
    placed: set[int] = set()
    for lo, hi in pairwise(cuts):
        cover = [s for s in valid if s.start <= lo and hi <= s.end]
        anchors = []
        for s in cover:
            if id(s) not in placed:
                placed.add(id(s))
                anchors += s.anchors
        out.append(Piece(text[lo:hi], sorted({s.kind for s in cover}), [s.tip for s in cover], anchors,
                         [s.ref for s in cover if s.ref]))
    return out


def field_spans(view: ArticleView, figures: list[FigureSpan]) -> dict[str, list[Span]]:
    """The spans of each field (title, standfirst, body, caption)."""
    out: dict[str, list[Span]] = {"title": [], "standfirst": [], "body": [], "caption": []}
    for a in view.actors:
        out.setdefault(a.field, []).append(Span(a.start, a.end, "actor", f"actor {a.code}: {a.name or a.text}",
                                                ref=a.country or a.code))
    seen: set[str] = set()
    for m in view.mentions:
        anchors = [f"m-{m.idx}"]
        if m.event_id and m.event_id not in seen:
            seen.add(m.event_id)
            anchors.append(f"ev-{m.event_id}")
        how = "" if m.counts else f" (not counted: {'negated' if m.negated else m.modality})"
        out.setdefault(m.field, []).append(Span(
            m.start, m.end, "event", f"event {m.source or '?'} → {m.target or '?'} CAMEO {m.cameo}{how}", anchors))
    where = {f.idx: f for f in figures}
    for q in view.quantities:
        at = where.get(q.idx)
        if at is None:
            continue
        unit = f" {q.unit}" if q.unit else ""
        value = "" if q.value is None else f": {q.value:g}{unit}"
        out.setdefault(at.field, []).append(Span(at.start, at.end, "figure", f"figure {q.kind or ''}{value}"))
    return out


def article_fields(view: ArticleView, figures: list[FigureSpan]) -> list[tuple[str, list[Piece]]]:
    """(field, pieces) for each non-empty field in reading order; captions joined by newlines."""
    spans = field_spans(view, figures)
    texts = {"title": view.title or "", "standfirst": view.standfirst or "", "body": view.body or "",
             "caption": "\n".join(view.captions)}
    return [(name, pieces(texts[name], spans.get(name, []))) for name in ("title", "standfirst", "body", "caption")
            if texts[name]]
