"""Figures: money, percentages and counts, from spaCy's MONEY/PERCENT/CARDINAL/QUANTITY entities.

Reads: ``doc.ents``, the dependency parse and ``doc._.dw_actors``.
Writes: ``doc._.dw_figures`` — :class:`Figure` objects with token offsets.
The glue here is what the entity recogniser leaves out: currency symbols and codes, scale words
(bn, m, trillion), ranges, qualifiers, direction words, periods, subjects and same-amount links.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .actors import ActorRef, Mention
from .temporal import MONTHS

CURRENCY_SYMBOLS = {"$": "USD", "us$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "₽": "RUB", "₩": "KRW",
                    "₹": "INR", "₴": "UAH", "a$": "AUD", "c$": "CAD", "hk$": "HKD", "₺": "TRY"}
CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "pound": "GBP", "pounds": "GBP", "sterling": "GBP", "euro": "EUR", "euros": "EUR",
    "yen": "JPY", "yuan": "CNY", "renminbi": "CNY", "rouble": "RUB", "roubles": "RUB", "ruble": "RUB", "rubles": "RUB",
    "won": "KRW", "rupee": "INR", "rupees": "INR", "hryvnia": "UAH", "hryvnias": "UAH", "rial": "IRR", "rials": "IRR",
    "lira": "TRY", "riyal": "SAR", "riyals": "SAR", "dirham": "AED", "dirhams": "AED", "franc": "CHF", "francs": "CHF",
}
ISO_CODES = {"USD", "GBP", "EUR", "JPY", "CNY", "RUB", "KRW", "INR", "CHF", "UAH", "IRR", "TRY", "SAR", "AED", "CAD",
             "AUD", "HKD", "RMB"}
SCALES = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "million": 1e6, "millions": 1e6,
          "bn": 1e9, "b": 1e9, "billion": 1e9, "billions": 1e9, "tn": 1e12, "trillion": 1e12, "trillions": 1e12}
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
                "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
                "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100}
VAGUE = {"dozens": (24.0, None), "dozen": (12.0, 12.0), "scores": (40.0, None), "hundreds": (200.0, None),
         "thousands": (2000.0, None), "tens of thousands": (20000.0, None), "hundreds of thousands": (200000.0, None),
         "several": (3.0, 9.0), "a few": (2.0, 5.0)}
COUNT_NOUNS = {
    "people": "people", "person": "people", "civilians": "people", "civilian": "people", "residents": "people",
    "children": "people", "women": "people", "men": "people", "protesters": "protesters", "demonstrators": "protesters",
    "soldiers": "soldiers", "troops": "troops", "fighters": "fighters", "militants": "fighters", "police": "police",
    "officers": "people", "prisoners": "prisoners", "hostages": "hostages", "refugees": "refugees", "migrants": "people",
    "missiles": "missiles", "missile": "missiles", "drones": "drones", "drone": "drones", "rockets": "rockets",
    "shells": "shells", "tanks": "tanks", "aircraft": "aircraft", "jets": "aircraft", "warships": "ships", "ships": "ships",
    "journalists": "people", "students": "people", "workers": "people", "patients": "people", "detainees": "prisoners",
    "casualties": "people", "victims": "people", "deaths": "people", "dead": "people", "bodies": "people",
}
CASUALTY_WORDS = {"kill": "killed", "killed": "killed", "dead": "killed", "die": "killed", "death": "killed",
                  "wound": "wounded", "injure": "injured", "injured": "injured", "wounded": "wounded",
                  "arrest": "arrested", "detain": "arrested", "displace": "displaced", "flee": "displaced",
                  "evacuate": "displaced", "capture": "captured", "missing": "missing", "release": "released",
                  "free": "released", "launch": "launched", "fire": "launched", "deploy": "deployed", "send": "deployed"}
UP = {"up", "rise", "rose", "risen", "increase", "grow", "grew", "jump", "climb", "higher", "surge", "gain", "more", "soar", "growth"}
DOWN = {"down", "fall", "fell", "fallen", "drop", "decline", "decrease", "lower", "slump", "plunge", "shrink", "less", "contraction"}
QUALIFIERS = [("at least", "at_least"), ("more than", "more_than"), ("over", "more_than"), ("nearly", "about"),
              ("almost", "about"), ("about", "about"), ("around", "about"), ("some", "about"), ("roughly", "about"),
              ("approximately", "about"), ("up to", "at_most"), ("less than", "less_than"), ("fewer than", "less_than"),
              ("under", "less_than"), ("an estimated", "about"), ("as many as", "at_most")]
_NUM = re.compile(r"(\d+(?:[.,]\d+)*)")

if not Doc.has_extension("dw_figures"):
    Doc.set_extension("dw_figures", default=None)


@dataclass(slots=True)
class Figure:
    start: int
    end: int
    value: float
    unit: str
    kind: str
    direction: str | None = None
    period: tuple[str, str] | None = None
    same_as: int | None = None
    subject: str | None = None
    actors: list[ActorRef] = field(default_factory=list)
    qualifier: str | None = None
    low: float | None = None
    high: float | None = None
    change_of: str | None = None
    anchor: Token | None = None


def _number(text: str) -> float | None:
    m = _NUM.search(text)
    if not m:
        low = text.strip().lower()
        return float(NUMBER_WORDS[low]) if low in NUMBER_WORDS else None
    raw = m.group(1)
    if raw.count(",") and not raw.count("."):
        raw = raw.replace(",", "") if re.fullmatch(r"\d{1,3}(,\d{3})+", raw) else raw.replace(",", ".")
    else:
        raw = raw.replace(",", "")
    try:
        return float(raw)
    except ValueError:
        return None


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def period_of(text: str, *, day: date | None) -> tuple[str, str] | None:
    """A period from a date phrase: 'between January and May 2023', 'in the first quarter', 'last year', '2022'."""
    t = text.lower()
    years = [int(y) for y in re.findall(r"\b(19\d\d|20\d\d)\b", t)]
    months = [MONTHS[w] for w in re.findall(r"[a-z]+", t) if w in MONTHS and len(w) > 2]
    year = years[-1] if years else None
    if year is None and day is not None:
        if "last year" in t or "previous year" in t or "a year earlier" in t:
            year = day.year - 1
        else:
            year = day.year
    if year is None:
        return None
    q = re.search(r"\b(first|second|third|fourth|1st|2nd|3rd|4th|q[1-4])\s*(quarter)?\b", t)
    if q and ("quarter" in t or q.group(1).startswith("q")):
        n = {"first": 1, "1st": 1, "q1": 1, "second": 2, "2nd": 2, "q2": 2, "third": 3, "3rd": 3, "q3": 3}.get(q.group(1), 4)
        return date(year, 3 * n - 2, 1).isoformat(), _month_end(year, 3 * n).isoformat()
    if len(months) >= 2:
        return date(year, months[0], 1).isoformat(), _month_end(year, months[-1]).isoformat()
    if len(months) == 1:
        return date(year, months[0], 1).isoformat(), _month_end(year, months[0]).isoformat()
    if years or "year" in t:
        return f"{year}-01-01", f"{year}-12-31"
    return None


class FigureReader:
    def read(self, doc: Doc, mentions: list[Mention], *, day: date | None, carry: FigureCarry | None = None) -> list[Figure]:
        """Figures of one Doc; ``carry`` brings "the same period" and subjects over from earlier sentences."""
        at: dict[int, list[Mention]] = {}
        for m in mentions:
            for i in range(m.start, m.end):
                at.setdefault(i, []).append(m)
        figures: list[Figure] = []
        for ent in doc.ents:
            if ent.label_ in ("MONEY", "PERCENT") or (ent.label_ == "CARDINAL" and "per cent" in doc[ent.end:ent.end + 2].text.lower()):
                fig = self._amount(doc, ent)
            elif ent.label_ in ("CARDINAL", "QUANTITY"):
                fig = self._count(doc, ent)
            else:
                continue
            if fig is not None:
                figures.append(fig)
        # amounts the recogniser leaves out: a currency symbol before a number ("$43bn")
        covered = {i for f in figures for i in range(f.start, f.end)}
        for tok in doc:
            if tok.i in covered or tok.i + 1 >= len(doc):
                continue
            if tok.lower_ in CURRENCY_SYMBOLS and (doc[tok.i + 1].like_num or _NUM.match(doc[tok.i + 1].text)):
                fig = self._amount(doc, doc[tok.i + 1:tok.i + 2])
                if fig is not None:
                    figures.append(fig)
                    covered.update(range(fig.start, fig.end))
        # vague counts the recogniser leaves out ("dozens of people were killed")
        for tok in doc:
            if tok.lower_ in ("dozens", "hundreds", "thousands", "scores") and tok.ent_type_ == "":
                nxt = doc[tok.i + 1:tok.i + 3]
                if len(nxt) == 2 and nxt[0].lower_ == "of" and nxt[1].lower_ in COUNT_NOUNS:
                    low, high = VAGUE[tok.lower_]
                    fig = Figure(tok.i, tok.i + 1, low, COUNT_NOUNS[nxt[1].lower_], self._count_kind(nxt[1]),
                                 qualifier="approximate", low=low, high=high, anchor=nxt[1])
                    figures.append(fig)
        figures.sort(key=lambda f: f.start)
        self._links(doc, figures, at, day, carry if carry is not None else FigureCarry())
        return figures

    def _amount(self, doc: Doc, ent: Span) -> Figure | None:
        start, end = ent.start, ent.end
        # pull in a currency symbol/code before and a scale word or "per cent" after
        while start > 0 and (doc[start - 1].lower_ in CURRENCY_SYMBOLS or doc[start - 1].text.upper() in ISO_CODES):
            start -= 1
        while end < len(doc) and (doc[end].lower_ in SCALES or doc[end].lower_ in CURRENCY_WORDS
                                  or doc[end].lower_ in ("per", "cent", "percent", "%")):
            end += 1
        span = doc[start:end]
        text = span.text
        low_text = text.lower()
        if re.search(r"%|per ?cent|percent|percentage point", low_text):
            value = _number(text)
            if value is None:
                return None
            return Figure(start, end, value, "percent", "percentage", anchor=doc[end - 1])
        unit = None
        for sym, code in sorted(CURRENCY_SYMBOLS.items(), key=lambda kv: -len(kv[0])):
            if low_text.startswith(sym) or f" {sym}" in low_text:
                unit = code
                break
        if unit is None:
            for tok in span:
                if tok.text.upper() in ISO_CODES:
                    unit = "CNY" if tok.text.upper() == "RMB" else tok.text.upper()
                elif tok.lower_ in CURRENCY_WORDS:
                    unit = CURRENCY_WORDS[tok.lower_]
        if unit is None:
            return None
        nums = [(m.group(1), m.start()) for m in _NUM.finditer(text)]
        if not nums:
            return None
        scale = 1.0
        m = re.search(r"\d\s*(k|m|mn|mln|bn|b|tn|thousand|million|billion|trillion)\b", low_text)
        if m:
            scale = SCALES[m.group(1)]
        values = [_number(n) for n, _ in nums]
        vals = [v * scale for v in values if v is not None]
        if not vals:
            return None
        low = high = None
        if len(vals) >= 2 and re.search(r"\d\s*(-|–|to)\s*\D{0,2}\d", text):
            low, high = vals[0], vals[1]
        fig = Figure(start, end, vals[0], unit, "money", low=low, high=high, anchor=doc[end - 1])
        fig.qualifier = _qualifier(doc, start)
        return fig

    def _count_kind(self, noun: Token) -> str:
        return "count"

    def _count(self, doc: Doc, ent: Span) -> Figure | None:
        head = ent.root
        noun = head.head if head.dep_ in ("nummod", "quantmod") else None
        if noun is None or noun.lower_ not in COUNT_NOUNS:
            # "at least 12 were killed" / "the dead numbered 40"
            return None
        if re.search(r"\d[-/]\d|^\d{4}s?$", ent.text):
            return None
        value = _number(ent.text) if any(ch.isdigit() for ch in ent.text) else _words_value(ent.text)
        if value is None:
            return None
        scale = next((SCALES[t.lower_] for t in ent if t.lower_ in SCALES), 1.0)
        if scale > 1 and value < 1000:
            value *= scale
        fig = Figure(ent.start, ent.end, value, COUNT_NOUNS[noun.lower_], "count", anchor=noun)
        fig.qualifier = _qualifier(doc, ent.start)
        return fig

    def _links(self, doc: Doc, figures: list[Figure], at: dict[int, list[Mention]], day: date | None,
               carry: FigureCarry) -> None:
        coder_actors = _ActorFinder(at)
        last_period = carry.period
        last_subject = carry.subject
        for i, fig in enumerate(figures):
            # "$93.8bn (£74.7bn)": the same amount in two currencies
            if fig.kind == "money" and i + 1 < len(figures):
                nxt = figures[i + 1]
                between = doc[fig.end:nxt.start].text.strip()
                if nxt.kind == "money" and between in ("(", "[", "or", ", or", "/") and nxt.unit != fig.unit:
                    fig.same_as, nxt.same_as = i + 1, i
            sent = doc[fig.start].sent
            # period: a DATE entity in the same sentence after (or just before) the figure
            period = None
            dates = [e for e in doc.ents if e.label_ == "DATE" and e.sent == sent]
            after = [e for e in dates if e.start >= fig.end]
            before = [e for e in dates if e.end <= fig.start]
            gap = doc[fig.end:after[0].start].text if after else ""
            if after and not re.search(r"previous|earlier|ago", after[0].text, re.I) and not re.search(r"compared|than|figure|against|\bon\b", gap):
                period = period_of(after[0].text, day=day)
            elif before:
                period = period_of(before[-1].text, day=day)
            if period is None and re.search(r"\bsame period\b", sent.text, re.I) and last_period:
                period = last_period
            if period is None and fig.same_as is not None and fig.same_as < i:
                period = figures[fig.same_as].period
            fig.period = period
            if period and fig.kind != "percentage":
                last_period = period
            if fig.kind == "percentage":
                fig.period = fig.period or last_period
                fig.direction = _direction(doc, fig)
                m = re.search(r"\b(?:compared (?:to|with)|against|on|than|from)\s+(the (?:same period|figure|level|year)[^,.;]*)", doc[fig.end:sent.end].text)
                if m:
                    fig.change_of = m.group(1).strip()
            # subject: the noun phrase the figure is said of
            subject, actors = coder_actors.subject(fig)
            if subject is None and fig.kind in ("percentage",) or (fig.same_as is not None and fig.same_as < i):
                subject, actors = last_subject
            fig.subject, fig.actors = subject, actors
            if fig.kind in ("money",) and subject:
                last_subject = (subject, actors)
            if fig.kind == "count":
                fig.subject = fig.subject or _casualty(fig.anchor)
        carry.period, carry.subject = last_period, last_subject


@dataclass(slots=True)
class FigureCarry:
    """What one sentence's figures leave for the next: the last period and the last subject."""

    period: tuple[str, str] | None = None
    subject: tuple[str | None, list[ActorRef]] = (None, [])


class _ActorFinder:
    def __init__(self, at: dict[int, list[Mention]]) -> None:
        self.at = at

    def actors_in(self, tok: Token) -> list[ActorRef]:
        out: list[ActorRef] = []
        for t in tok.subtree:
            for m in self.at.get(t.i, []):
                if m.ref not in out:
                    out.append(m.ref)
        return out

    def subject(self, fig: Figure) -> tuple[str | None, list[ActorRef]]:
        anchor = fig.anchor
        if anchor is None:
            return None, []
        node = anchor
        for _ in range(5):
            if node.pos_ in ("VERB", "AUX") or node.head is node:
                break
            node = node.head
        for c in node.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                phrase = c.lemma_.lower() if c.pos_ == "NOUN" else c.text
                return phrase, self.actors_in(c)
        return None, []


def _words_value(text: str) -> float | None:
    total = 0.0
    for w in re.findall(r"[a-z]+", text.lower()):
        if w in NUMBER_WORDS:
            total = total * NUMBER_WORDS[w] if w == "hundred" and total else total + NUMBER_WORDS[w]
        elif w in SCALES:
            total *= SCALES[w]
    return total or None


def _qualifier(doc: Doc, start: int) -> str | None:
    before = doc[max(0, start - 3):start].text.lower()
    for phrase, q in QUALIFIERS:
        if before.endswith(phrase):
            return q
    return None


def _direction(doc: Doc, fig: Figure) -> str | None:
    window = [t for t in doc[max(0, fig.start - 4):fig.start]] + [fig.anchor.head] if fig.anchor is not None else []
    for t in reversed(window):
        lem = t.lemma_.lower()
        if lem in UP or t.lower_ in UP:
            return "up"
        if lem in DOWN or t.lower_ in DOWN:
            return "down"
    return None


def _casualty(noun: Token | None) -> str | None:
    if noun is None:
        return None
    for t in [noun.head, *noun.children, *(noun.head.children if noun.head is not noun else [])]:
        lem = t.lemma_.lower()
        if lem in CASUALTY_WORDS:
            return CASUALTY_WORDS[lem]
    return None


@Language.factory("dyadwatch_figures", assigns=["doc._.dw_figures"], requires=["doc.ents", "token.dep"])
def make_figure_component(nlp: Language, name: str) -> FigureComponent:
    return FigureComponent()


class FigureComponent:
    """spaCy component: reads figures as of ``doc._.dw_date``."""

    def __init__(self) -> None:
        self.reader = FigureReader()

    def __call__(self, doc: Doc) -> Doc:
        doc._.dw_figures = self.reader.read(doc, doc._.dw_actors or [], day=doc._.dw_date)
        return doc
