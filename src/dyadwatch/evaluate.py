"""Accuracy on gold-coded sentences: the PLOVER GSR format and dyadwatch's own gold JSONL."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .clean.dedupe import content_id
from .codebook import MUTUAL_ROOTS, codebook
from .errors import InputError
from .model import Article
from .pipeline import Pipeline

OLD_CODES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "GMY": "DEU", "UKG": "GBR", "ROM": "ROU", "SER": "SRB"}


@dataclass(slots=True)
class GoldEvent:
    roots: frozenset[str]
    sources: frozenset[str]
    targets: frozenset[str] | None
    negated: bool = False
    date: str | None = None
    date_precision: str | None = None


@dataclass(slots=True)
class GoldItem:
    id: str
    text: str
    day: str | None
    field: str
    events: list[GoldEvent]


@dataclass(slots=True)
class Report:
    items: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    per_root: dict[str, list[int]] = field(default_factory=dict)
    per_quad: dict[int, list[int]] = field(default_factory=dict)
    confusions: Counter[tuple[str, str]] = field(default_factory=Counter)
    root_hits: int = 0
    source_hits: int = 0
    gold_events: int = 0
    dated: int = 0
    date_hits: int = 0
    date_misses: Counter[tuple[str, str]] = field(default_factory=Counter)

    @staticmethod
    def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    @property
    def f1(self) -> float:
        return self.prf(self.tp, self.fp, self.fn)[2]

    @property
    def root_accuracy(self) -> float:
        return self.root_hits / self.gold_events if self.gold_events else 0.0

    @property
    def source_accuracy(self) -> float:
        return self.source_hits / self.gold_events if self.gold_events else 0.0

    @property
    def date_accuracy(self) -> float:
        """Of the matched events whose gold gives a date: the share whose date and precision both equal it."""
        return self.date_hits / self.dated if self.dated else 0.0


def country(code: str | None) -> str | None:
    if not code:
        return None
    c = code.upper()
    if c.startswith("IGO"):
        return "IGO"
    if c.startswith("MNC") and len(c) >= 6 and c[3:6].isalpha():
        return OLD_CODES.get(c[3:6], c[3:6])  # a company coded by its home state ("MNCRUS": a Russian firm)
    return OLD_CODES.get(c[:3], c[:3])


LEGACY_PLOVER = {
    # PLOVER types of the GSR's draft (0.5) that the 2021 CAMEO2PLOVER table renamed or merged:
    # DEMAND became REQUEST (CAMEO 10), DISAPPROVE and INVESTIGATE were merged into ACCUSE (CAMEO 11 and 09),
    # and FIGHT, conventional and unconventional military force (CAMEO 19 and 20), was folded into ASSAULT.
    "DEMAND": frozenset({"10"}),
    "DISAPPROVE": frozenset({"11"}),
    "INVESTIGATE": frozenset({"09"}),
    "FIGHT": frozenset({"19", "20"}),
}
"""GSR type -> CAMEO roots where the GSR's name differs from the 2021 conversion table's."""


def _plover_roots() -> dict[str, frozenset[str]]:
    """Each PLOVER type -> the CAMEO roots of the codes that convert to it (CAMEO2PLOVER-2021, as the
    codebook carries it), with the GSR's older type names mapped by :data:`LEGACY_PLOVER`."""
    out: dict[str, set[str]] = {}
    for code in codebook().values():
        if code.plover:  # CAMEO 01 and 02 have no PLOVER type
            out.setdefault(code.plover, set()).add(code.root)
    roots = {k: frozenset(v) for k, v in out.items()}
    roots.update(LEGACY_PLOVER)
    return roots


def load_gold(path: str) -> list[GoldItem]:
    """Gold items from a PLOVER GSR file (a JSON array) or dyadwatch's gold JSONL."""
    text = Path(path).read_text(encoding="utf-8")
    if text.lstrip().startswith("["):
        return _load_gsr(path, json.loads(text))
    items = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{n}", f"line {n} is not JSON ({exc.msg})", fix="fix that line") from exc
        events = []
        for e in obj.get("events", []):
            roots = {e.get("root") or str(e["cameo"])[:2]}
            source, target = country(e["source"]), country(e.get("target"))
            events.append(GoldEvent(frozenset(roots), frozenset({source} if source else ()),
                                    frozenset({target}) if target else None, bool(e.get("negated")),
                                    e.get("date"), e.get("date_precision")))
        items.append(GoldItem(obj["id"], obj["text"], obj.get("article_date"), obj.get("field", "body"), events))
    return items


def _load_gsr(path: str, records: list[dict]) -> list[GoldItem]:
    roots = _plover_roots()
    items = []
    for r in records:
        if r.get("event") in (None, "DOCUMENT") or not r.get("text"):
            continue
        src: list[dict] = r["source"] if isinstance(r.get("source"), list) else []
        tgt: list[dict] = r["target"] if isinstance(r.get("target"), list) else []
        sources = frozenset(filter(None, (country(a.get("code")) for a in src)))
        targets = frozenset(filter(None, (country(a.get("code")) for a in tgt))) or None
        ev = GoldEvent(roots.get(r["event"], frozenset()), sources, targets)
        items.append(GoldItem(r["id"], r["text"], r.get("date"), "body", [ev]))
    return items


def _matches(g: GoldEvent, root: str, src: str | None, tgt: str | None) -> bool:
    if root not in g.roots:
        return False
    if src in g.sources and (g.targets is None or tgt in g.targets):
        return True
    if root in MUTUAL_ROOTS and g.targets is not None:
        return (tgt in g.sources and src in g.targets) or (src in g.sources and src in g.targets)
    return False


def evaluate(items: Iterable[GoldItem], *, pipeline: Pipeline) -> Report:
    rep = Report()
    items = list(items)
    articles = []
    for it in items:
        day = datetime.fromisoformat(it.day).replace(tzinfo=UTC) if it.day else None
        body = "" if it.field in ("caption", "title") else it.text
        a = Article(id=content_id(it.text), body=body, published=day, title=it.text if it.field == "title" else None,
                    captions=[it.text] if it.field == "caption" else [])
        articles.append(a)
    for it, res in zip(items, pipeline.process(articles), strict=True):
        rep.items += 1
        kept = [e for e in res.events if not e.negated]
        preds = [(e.root, country(e.source), country(e.target)) for e in kept]
        used: set[int] = set()
        for g in it.events:
            if g.negated:
                continue
            rep.gold_events += 1
            if any(p[0] in g.roots for p in preds):
                rep.root_hits += 1
            if any(p[1] in g.sources or (p[0] in MUTUAL_ROOTS and p[2] in g.sources) for p in preds):
                rep.source_hits += 1
            hit = next((i for i, p in enumerate(preds) if i not in used and _matches(g, *p)), None)
            groot = sorted(g.roots)[0] if g.roots else "??"
            stats = rep.per_root.setdefault(groot, [0, 0, 0])
            qstats = rep.per_quad.setdefault(_quad(groot), [0, 0, 0])
            if hit is not None:
                used.add(hit)
                if g.date:
                    rep.dated += 1
                    got = (kept[hit].date or "", kept[hit].date_precision or "")
                    if got == (g.date, g.date_precision or ""):
                        rep.date_hits += 1
                    else:
                        rep.date_misses[(f"{g.date}/{g.date_precision}", "/".join(got))] += 1
                rep.tp += 1
                stats[0] += 1
                qstats[0] += 1
            else:
                rep.fn += 1
                stats[2] += 1
                qstats[2] += 1
                near = next((p for p in preds if p[1] in g.sources), None)
                rep.confusions[(groot, near[0] if near else "none")] += 1
        for i, p in enumerate(preds):
            if i not in used:
                rep.fp += 1
                rep.per_root.setdefault(p[0], [0, 0, 0])[1] += 1
                rep.per_quad.setdefault(_quad(p[0]), [0, 0, 0])[1] += 1
    return rep


def _quad(root: str) -> int:
    try:
        r = int(root)
    except ValueError:
        return 0
    return 1 if r <= 5 else 2 if r <= 8 else 3 if r <= 13 else 4


def render(rep: Report, *, name: str) -> list[str]:
    p, r, f = rep.prf(rep.tp, rep.fp, rep.fn)
    lines = [f"{name}: {rep.items} items, {rep.gold_events} gold events",
             f"overall precision {p:.3f} recall {r:.3f} F1 {f:.3f}",
             f"event-root accuracy {rep.root_accuracy:.3f}  source-country accuracy {rep.source_accuracy:.3f}"]
    if rep.dated:
        lines.append(f"date accuracy {rep.date_accuracy:.3f} ({rep.date_hits} of {rep.dated} matched events with a gold date "
                     "have its date and precision)")
    lines += ["per root (tp fp fn  P R F1):"]
    for root in sorted(rep.per_root):
        tp, fp, fn = rep.per_root[root]
        lines.append(f"  {root}: {tp:3d} {fp:3d} {fn:3d}  " + " ".join(f"{x:.2f}" for x in rep.prf(tp, fp, fn)))
    lines.append("per QuadClass:")
    for q in sorted(rep.per_quad):
        tp, fp, fn = rep.per_quad[q]
        lines.append(f"  {q}: {tp:3d} {fp:3d} {fn:3d}  " + " ".join(f"{x:.2f}" for x in rep.prf(tp, fp, fn)))
    lines.append("worst confusions (gold root -> predicted root of the same source):")
    for (g, pr), n in rep.confusions.most_common(8):
        lines.append(f"  {g} -> {pr}: {n}")
    if rep.date_misses:
        lines.append("date misses (gold -> predicted):")
        for (g, pr), n in rep.date_misses.most_common(5):
            lines.append(f"  {g} -> {pr or 'none'}: {n}")
    return lines
