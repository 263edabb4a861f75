"""Figures: money, percentages and counts, with their periods, subjects, actors and same-amount links.

Reads: the parsed sentence (``doc.ents``, the dependency parse) and the actor mentions.
Writes: ``doc._.dw_figures`` — :class:`Figure` objects with token offsets.

spaCy's recogniser finds numbers (CARDINAL, MONEY, PERCENT, QUANTITY) and dates (DATE), but it often
splits or mislabels news amounts ("$2-3bn" comes out as MONEY "2", "USD 5m" as PRODUCT, "2.1 per cent" as
MONEY, "3.2 trillion roubles" as QUANTITY). So amounts are read as a currency or percent marker around a
number (the glue: currency mapping, scales, ranges, qualifiers), counts from the recogniser's numbers plus
the noun they count, and single dates through ``dateparser``. The word lists live in
``data/figures/*.tsv`` and are validated when loaded.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..errors import DataFileError
from .actors import ActorRef, Mention
from .temporal import MONTHS

if not Doc.has_extension("dw_figures"):
    Doc.set_extension("dw_figures", default=None)

KINDS = ("money", "percentage", "count")
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# entity labels a count's number must not carry: it is a date, a name, a model or a law, not a count
_NOT_COUNTS = {"DATE", "TIME", "ORDINAL", "PERCENT", "MONEY", "LAW", "PRODUCT", "ORG", "FAC", "EVENT",
               "WORK_OF_ART", "PERSON", "GPE", "LOC", "NORP", "LANGUAGE"}
_PERIOD_WORDS = re.compile(r"period|year|month|quarter|half|week|figure|level|time|\b(?:19|20)\d\d\b|"
                           + "|".join(m for m in MONTHS if len(m) > 3), re.I)


# -- data ------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class FigureWords:
    """The word lists of ``data/figures``; see each file's header for what it holds."""

    currencies: dict[str, str]
    """Marker as written (symbols and codes) or lowercased (words) -> ISO 4217 code."""
    prefixes: tuple[str, ...]
    codes: tuple[str, ...]
    words: tuple[str, ...]
    scales: dict[str, float]
    numbers: dict[str, int]
    vague: dict[str, tuple[float, float | None]]
    count_nouns: dict[str, str]
    casualties: dict[str, str]
    directions: dict[str, str]
    qualifiers: tuple[tuple[str, str], ...]

    def currency(self, marker: str | None) -> str | None:
        if not marker:
            return None
        m = re.sub(r"\s+", " ", marker.strip())
        return self.currencies.get(m) or self.currencies.get(m.lower()) or self.currencies.get(m.upper())


def _table(name: str, columns: tuple[str, ...]) -> list[tuple[str, int, dict[str, str]]]:
    path = f"dyadwatch/data/figures/{name}"
    text = (resources.files("dyadwatch") / "data" / "figures" / name).read_text(encoding="utf-8")
    header: list[str] | None = None
    rows = []
    seen: set[str] = set()
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if header is None:
            header = cells
            if tuple(header[:len(columns)]) != columns:
                raise DataFileError(path, n, f"header is {header}, expected {list(columns)}",
                                    fix="keep the columns in this order, tab-separated")
            continue
        row = dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=False))
        key = row[columns[0]]
        if not key:
            raise DataFileError(path, n, f"empty {columns[0]!r}", fix="fill the first column or remove the line")
        if key.lower() in seen:
            raise DataFileError(path, n, f"{key!r} is listed twice", fix="keep one line per entry")
        seen.add(key.lower())
        rows.append((path, n, row))
    if header is None or not rows:
        raise DataFileError(path, None, "no entries", fix="restore the file from the package")
    return rows


def _float(path: str, n: int, raw: str, what: str, *, blank: bool = False) -> float | None:
    if blank and raw == "":
        return None
    try:
        value = float(raw)
    except ValueError:
        raise DataFileError(path, n, f"{what} {raw!r} is not a number", fix="write a plain number, e.g. 1e9") from None
    if value <= 0:
        raise DataFileError(path, n, f"{what} {raw!r} must be positive", fix="write a positive number")
    return value


@lru_cache(maxsize=1)
def load_words() -> FigureWords:
    """Read and check ``data/figures/*.tsv`` (once)."""
    import pycountry

    currencies: dict[str, str] = {}
    prefixes: list[str] = []
    codes: list[str] = []
    words: list[str] = []
    for path, n, row in _table("currencies.tsv", ("text", "code", "form")):
        code, form, text = row["code"], row["form"], row["text"]
        if not re.fullmatch(r"[A-Z]{3}", code) or pycountry.currencies.get(alpha_3=code) is None:
            raise DataFileError(path, n, f"{code!r} is not an ISO 4217 currency code", fix="use the ISO 4217 code, e.g. USD")
        if form not in ("symbol", "code", "word"):
            raise DataFileError(path, n, f"form {form!r} is not symbol, code or word", fix="use one of symbol, code, word")
        if form == "code" and not re.fullmatch(r"[A-Z]{3}", text):
            raise DataFileError(path, n, f"code {text!r} is not three capital letters", fix="list it as a symbol or word")
        if form == "word":
            text = text.lower()
            words.append(text)
        else:
            (codes if form == "code" else prefixes).append(text)
        currencies[text] = code
    scales = {row["word"].lower(): _float(path, n, row["factor"], "factor") or 1.0
              for path, n, row in _table("scales.tsv", ("word", "factor"))}
    numbers = {}
    for path, n, row in _table("numbers.tsv", ("word", "value")):
        value = _float(path, n, row["value"], "value")
        if value is None or value != int(value):
            raise DataFileError(path, n, f"value {row['value']!r} is not a whole number", fix="write a whole number")
        numbers[row["word"].lower()] = int(value)
    vague: dict[str, tuple[float, float | None]] = {}
    for path, n, row in _table("vague.tsv", ("phrase", "low", "high")):
        low = _float(path, n, row["low"], "low") or 0.0
        high = _float(path, n, row["high"], "high", blank=True)
        if high is not None and high < low:
            raise DataFileError(path, n, "high is below low", fix="swap them or leave high blank (open-ended)")
        vague[row["phrase"].lower()] = (low, high)
    count_nouns = {row["word"].lower(): row["unit"] for _, _, row in _table("count_nouns.tsv", ("word", "unit"))}
    for path, n, row in _table("count_nouns.tsv", ("word", "unit")):
        if not re.fullmatch(r"[a-z_]+", row["unit"]):
            raise DataFileError(path, n, f"unit {row['unit']!r} is not a lowercase word", fix="e.g. people, troops, missiles")
    casualties = {row["lemma"].lower(): row["subject"] for _, _, row in _table("casualties.tsv", ("lemma", "subject"))}
    directions: dict[str, str] = {}
    for path, n, row in _table("directions.tsv", ("word", "direction")):
        if row["direction"] not in ("up", "down"):
            raise DataFileError(path, n, f"direction {row['direction']!r} is not up or down", fix="write up or down")
        directions[row["word"].lower()] = row["direction"]
    qualifiers = []
    for path, n, row in _table("qualifiers.tsv", ("phrase", "qualifier")):
        if not re.fullmatch(r"[a-z_]+", row["qualifier"]):
            raise DataFileError(path, n, f"qualifier {row['qualifier']!r} is not a lowercase name", fix="e.g. at_least, about")
        qualifiers.append((row["phrase"].lower(), row["qualifier"]))
    qualifiers.sort(key=lambda pq: -len(pq[0]))
    by_len = lambda xs: tuple(sorted(xs, key=len, reverse=True))  # noqa: E731
    return FigureWords(currencies, by_len(prefixes), by_len(codes), by_len(words), scales, numbers, vague,
                       count_nouns, casualties, directions, tuple(qualifiers))


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    w = load_words()
    pre = "|".join(re.escape(p) for p in w.prefixes + w.codes)
    codes = "|".join(re.escape(c) for c in w.codes)
    scale = "(?i:" + "|".join(re.escape(s) for s in sorted(w.scales, key=len, reverse=True)) + r")(?![A-Za-z])"
    word = r"(?i:(?:US |U\.S\. |American |Hong Kong |Canadian |Australian )?(?:" + "|".join(re.escape(x) for x in w.words) + r"))(?![A-Za-z])"

    def one(k: int) -> str:
        return rf"(?P<c{k}>{pre})?\s?(?P<n{k}>{_NUM})(?:\s?(?P<s{k}>{scale}))?"

    money = re.compile(rf"(?<![\w.,]){one(1)}(?:\s?(?P<sep>-|–|—|to|and)\s?{one(2)})?"
                       rf"(?:\s(?P<w>{word}))?(?:\s?(?P<c3>{codes})(?![A-Za-z]))?")
    percent = re.compile(rf"(?<![\w.,])(?P<n1>{_NUM})(?:\s?(?P<sep>-|–|—|to|and)\s?(?P<n2>{_NUM}))?\s?"
                         r"(?P<u>%|(?i:per\s?cent|percent|pc|percentage points?)(?![A-Za-z]))")
    return money, percent


def numberish() -> re.Pattern[str]:
    """Whether a sentence can hold a figure (a digit, a number word, a vague count): for sentence selection."""
    w = load_words()
    vague_heads = {p.split()[-1] if p.startswith("a ") else p.split()[0] for p in w.vague}
    alts = "|".join(sorted(set(w.numbers) | vague_heads, key=len, reverse=True))
    return re.compile(rf"\d|\b(?:{alts})\b", re.I)


# -- figures -----------------------------------------------------------------------------------------
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


def _number(raw: str) -> float | None:
    raw = raw.strip()
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", raw):
        raw = raw.replace(",", "")
    try:
        return float(raw)
    except ValueError:
        return None


@dataclass(slots=True)
class FigureCarry:
    """What one sentence's figures leave for the next: the last period and the last subject."""

    period: tuple[str, str] | None = None
    subject: tuple[str | None, list[ActorRef]] = (None, [])


class FigureReader:
    def __init__(self, words: FigureWords | None = None) -> None:
        self.w = words or load_words()
        self.money_re, self.percent_re = _patterns()
        self._vague = [(p.split(), p) for p in sorted(self.w.vague, key=len, reverse=True)]
        self._vague_first = {words[0] for words, _ in self._vague}

    def read(self, doc: Doc, mentions: list[Mention], *, day: date | None, carry: FigureCarry | None = None) -> list[Figure]:
        """Figures of one Doc; ``carry`` brings "the same period" and subjects over from earlier sentences."""
        at: dict[int, list[Mention]] = {}
        for m in mentions:
            for i in range(m.start, m.end):
                at.setdefault(i, []).append(m)
        figures = self._amounts(doc)
        taken = {i for f in figures for i in range(f.start, f.end)}
        figures += self._counts(doc, taken)
        figures.sort(key=lambda f: f.start)
        self._links(doc, figures, at, day, carry if carry is not None else FigureCarry())
        return figures

    def could_hold(self, doc: Doc) -> bool:
        """Whether the Doc (tagged and parsed, before the entity recogniser) can give a figure, whatever
        the recogniser would say: entities only veto a count, or make a plural name of a people (a
        NORP: "Armenians", "Democrats") the counted noun, which is assumed here for any capitalised plural."""
        return bool(self._amounts(doc)) or bool(self._counts(doc, set(), any_plural=True))

    # -- money and percentages ---------------------------------------------------------------------
    def _amounts(self, doc: Doc) -> list[Figure]:
        text = doc.text
        out: list[Figure] = []
        taken: set[int] = set()
        for kind, rx in (("percentage", self.percent_re), ("money", self.money_re)):
            pos = 0
            while (m := rx.search(text, pos)) is not None:
                pos = m.end()
                fig, end_char = self._amount(doc, m, kind)
                if end_char < m.end():
                    pos = end_char
                if fig is None or any(i in taken for i in range(fig.start, fig.end)):
                    continue
                taken.update(range(fig.start, fig.end))
                out.append(fig)
        return out

    def _amount(self, doc: Doc, m: re.Match[str], kind: str) -> tuple[Figure | None, int]:
        text = doc.text
        g = m.groupdict()
        before = text[:m.start()].lower()
        ranged = g.get("n2") is not None
        if ranged and g["sep"] == "and" and not re.search(r"\bbetween\s*$", before):
            ranged = False
        if ranged and g["sep"] == "to" and re.search(r"\bfrom\s*$", before):
            ranged = False  # "from $2bn to $3bn" is a change, two figures
        end_char = m.end() if ranged else (m.end("s1") if g.get("s1") else m.end("n1"))
        if not ranged and kind == "percentage":
            end_char = m.end()
            if g.get("n2") is not None:  # "5 and 10 per cent" without "between": keep the percentage only
                return None, m.end("n1")
        if not ranged and kind == "money" and g.get("n2") is None:
            end_char = m.end()
        if kind == "percentage":
            unit = "percentage_points" if "point" in g["u"].lower() else "percent"
            low, high = _number(g["n1"]), _number(g["n2"]) if ranged else None
            if low is None:
                return None, end_char
            fig = self._figure(doc, m.start(), end_char, low, unit, "percentage")
        else:
            cur = (self.w.currency(g.get("c1")) or self.w.currency(g.get("c2")) or self.w.currency(g.get("w"))
                   or self.w.currency(g.get("c3")))
            if not ranged and g.get("n2") is not None:
                # "$5bn and $3bn": the first amount alone, its own currency
                cur = self.w.currency(g.get("c1"))
            if cur is None:
                return None, end_char
            if g.get("w") and g["w"].lower().endswith(("pound", "pounds")) and re.match(r"\s+of\b", text[m.end():]):
                return None, end_char  # "500 pounds of explosives" is a weight
            s1 = self.w.scales.get((g.get("s1") or "").lower())
            s2 = self.w.scales.get((g.get("s2") or "").lower())
            n1 = _number(g["n1"])
            if n1 is None:
                return None, end_char
            low = n1 * (s1 or (s2 if ranged else None) or 1.0)
            high = None
            if ranged and g.get("n2") is not None:
                n2 = _number(g["n2"])
                high = None if n2 is None else n2 * (s2 or s1 or 1.0)
            fig = self._figure(doc, m.start(), end_char, low, cur, "money")
        if fig is not None and high is not None:
            fig.low, fig.high = low, high
        return fig, end_char

    def _figure(self, doc: Doc, start_char: int, end_char: int, value: float, unit: str, kind: str) -> Figure | None:
        while end_char > start_char and doc.text[end_char - 1].isspace():
            end_char -= 1
        span = doc.char_span(start_char, end_char, alignment_mode="expand")
        if span is None or not len(span):
            return None
        fig = Figure(span.start, span.end, value, unit, kind, anchor=_root(span))
        fig.qualifier = self._qualifier(doc, span.start)
        return fig

    def _qualifier(self, doc: Doc, start: int) -> str | None:
        sent_start = doc[start].sent.start if doc.has_annotation("SENT_START") or doc.has_annotation("DEP") else 0
        before = " " + doc[max(sent_start, start - 4):start].text.lower()
        for phrase, q in self.w.qualifiers:
            if before.endswith(" " + phrase):
                return q
        return None

    # -- counts --------------------------------------------------------------------------------------
    def _counts(self, doc: Doc, taken: set[int], *, any_plural: bool = False) -> list[Figure]:
        out: list[Figure] = []
        i = 0
        while i < len(doc):
            if i in taken or (doc[i].lower_ not in self._vague_first and not self._numeric(doc[i])):
                i += 1
                continue
            got = self._count_at(doc, i, taken, any_plural=any_plural)
            if got is None:
                i += 1
                continue
            fig, end = got
            out.append(fig)
            taken.update(range(fig.start, fig.end))
            i = end
        return out

    def _run(self, doc: Doc, i: int, taken: set[int]) -> tuple[int, float, float | None, bool] | None:
        """A number starting at token i: (end, value, high, vague)."""
        lows = [t.lower_ for t in doc[i:i + 4]]
        for words, phrase in self._vague:
            if lows[:len(words)] == words:
                end = i + len(words)
                if any(doc[k].ent_type_ in _NOT_COUNTS for k in range(i, end)):
                    return None
                low, high = self.w.vague[phrase]
                return end, low, high, True
        if not self._numeric(doc[i]):
            return None
        if doc[i].lower_ == "one" and doc[i].dep_ != "nummod":
            return None  # "no one was killed", "one of them"
        end = i
        while end < len(doc) and end not in taken and (self._numeric(doc[end]) or doc[end].lower_ in self.w.scales
                                                        or (doc[end].lower_ in ("-", "and") and end + 1 < len(doc)
                                                            and doc[end + 1].lower_ in self.w.numbers
                                                            and doc[end - 1].lower_ in self.w.numbers)):
            end += 1
        value = self._value(doc[i:end])
        if value is None:
            return None
        high = None
        # "10-15 people", "20,000 to 30,000 troops", "between 10 and 15 people"
        if end + 1 < len(doc) and doc[end].text in ("-", "–", "to", "and") and self._numeric(doc[end + 1]) \
                and (doc[end].text != "and" or (i > 0 and doc[i - 1].lower_ == "between")):
            j = end + 1
            while j < len(doc) and (self._numeric(doc[j]) or doc[j].lower_ in self.w.scales):
                j += 1
            high = self._value(doc[end + 1:j])
            if high is not None and high > value:
                end = j
            else:
                high = None
        return end, value, high, False

    def _numeric(self, tok: Token) -> bool:
        if tok.lower_ in self.w.numbers:
            return True
        return bool(re.fullmatch(r"\d{1,3}(,\d{3})+|\d+(\.\d+)?", tok.text))

    def _value(self, span: Span) -> float | None:
        total = 0.0
        seen = False
        for t in span:
            low = t.lower_
            if re.fullmatch(r"[\d,.]+", t.text):
                v = _number(t.text)
                if v is None:
                    return None
                total += v
                seen = True
            elif low in self.w.numbers:
                n = self.w.numbers[low]
                total = total * n if n == 100 and total else total + n
                seen = True
            elif low in self.w.scales and seen:
                total *= self.w.scales[low]
        return total if seen and total > 0 else None

    def _count_at(self, doc: Doc, i: int, taken: set[int], *, any_plural: bool = False) -> tuple[Figure, int] | None:
        run = self._run(doc, i, taken)
        if run is None:
            return None
        end, value, high, vague = run
        span = doc[i:end]
        if not self._standalone(doc, i, end):
            return None
        noun, unit = self._counted(doc, span, any_plural=any_plural)
        if unit is None:
            return None
        labels = {t.ent_type_ for t in span} & _NOT_COUNTS
        if labels and not (labels == {"DATE"} and noun is not None and not self._datelike(doc, span)):
            # the recogniser calls "between 10 and 15 people" a DATE; a counted noun says otherwise
            return None
        fig = Figure(i, end, value, unit, "count", anchor=noun or _root(span))
        if vague:
            fig.qualifier = "approximate"
            fig.low, fig.high = value, high
        else:
            fig.qualifier = self._qualifier(doc, i)
            if high is not None:
                fig.low, fig.high = value, high
        fig.subject = self._casualty(span, noun)
        if fig.subject is None and i > 0 and doc[i - 1].lower_ in ("the", "these", "those", "both", "all"):
            return None  # "the two men held talks": a reference back, not a count of anything that happened
        return fig, end

    @staticmethod
    def _datelike(doc: Doc, span: Span) -> bool:
        for e in doc.ents:
            if e.start <= span.start < e.end:
                return any(t.lower_ in MONTHS or re.fullmatch(r"(19|20)\d\d", t.text) for t in e)
        return False

    def _standalone(self, doc: Doc, i: int, end: int) -> bool:
        """Not part of a name, model, score, date or phone number: "Boeing 737", "F-16", "3-1", "9/11"."""
        first, last = doc[i], doc[end - 1]
        if re.fullmatch(r"(19|20)\d\d", first.text) and end == i + 1:
            return False
        if i > 0:
            prev = doc[i - 1]
            if not prev.whitespace_ and (prev.is_punct or prev.is_alpha) and prev.text not in ("(", "[", '"', "'"):
                return False  # glued: "F-16", "No.5"
            if (prev.is_title or prev.is_upper) and prev.is_alpha and not prev.is_sent_start \
                    and prev.lower_ not in self.w.numbers and prev.pos_ == "PROPN":
                return False  # "Boeing 737", "Resolution 2231", "Article 5"
            if prev.like_num and prev.i not in range(i, end):
                return False  # phone numbers, lists of numbers
        if end < len(doc):
            nxt = doc[end]
            if not last.whitespace_ and nxt.text in ("/", ":", "-", "–", ".") and end + 1 < len(doc) and doc[end + 1].like_num:
                return False  # "9/11", "3-1", "10:30"
            if nxt.like_num and nxt.lower_ not in self.w.numbers:
                return False
        return True

    def _counted(self, doc: Doc, span: Span, *, any_plural: bool = False) -> tuple[Token | None, str | None]:
        """The noun a number counts and its unit; or ("people") when it is the subject or object of a casualty verb."""
        root = _root(span)
        cands: list[Token] = []
        if root.dep_ in ("nummod", "quantmod", "amod", "compound", "nmod") and root.head not in span:
            cands.append(root.head)
            if root.head.dep_ in ("quantmod", "nummod"):
                cands.append(root.head.head)
        for c in root.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                cands.extend(p for p in c.children if p.dep_ == "pobj")
        # "dozens of protesters" parsed as "of" hanging off the verb
        nxt = doc[span.end:span.end + 2]
        if len(nxt) == 2 and nxt[0].lower_ == "of":
            cands.append(nxt[1])
        if span.end < len(doc):
            cands.append(doc[span.end])
        for noun in cands:
            if noun.i in range(span.start, span.end):
                continue
            if noun.lower_ in self.w.count_nouns:
                return noun, self.w.count_nouns[noun.lower_]
            if noun.lemma_.lower() in self.w.count_nouns:
                return noun, self.w.count_nouns[noun.lemma_.lower()]
            if (noun.ent_type_ == "NORP" or (any_plural and noun.text[:1].isupper())) \
                    and (noun.tag_ in ("NNPS", "NNS") or noun.text.endswith("s")):
                return noun, "people"
        # "20 were injured", "the strike killed 7", "the death toll rose to 45"
        head = root.head
        if root.dep_ in ("nsubj", "nsubjpass", "dobj") and self._casualty_word(head):
            return None, "people"
        if root.dep_ == "pobj" and head.lower_ in ("to", "at", "of"):
            verb = head.head
            toll = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() == "toll"]
            if toll or verb.lemma_.lower() == "toll":
                return None, "people"
        return None, None

    def _casualty_word(self, tok: Token) -> str | None:
        lem = tok.lemma_.lower()
        prt = next((c.lower_ for c in tok.children if c.dep_ in ("prt", "advmod") and c.lower_ in ("down", "up", "off")), None)
        if prt and f"{lem} {prt}" in self.w.casualties:
            return self.w.casualties[f"{lem} {prt}"]
        return self.w.casualties.get(lem) or self.w.casualties.get(tok.lower_)

    def _casualty(self, span: Span, noun: Token | None) -> str | None:
        """What happened to those counted: the verb or adjective governing the count ("killed", "arrested")."""
        start = noun if noun is not None else _root(span)
        # "3 people dead", "people killed in the attack", "the death toll"
        for c in start.children:
            if c.dep_ in ("amod", "acl", "compound", "relcl") and c.i not in range(span.start, span.end):
                got = self._casualty_word(c)
                if got:
                    return got
        node = start
        for _ in range(5):
            if node.head is node:
                break
            node = node.head
            got = self._casualty_word(node)
            if got:
                return got
            if node.pos_ in ("VERB", "AUX"):
                # the toll: "the death toll rose to 45"
                for c in node.children:
                    if c.dep_ in ("nsubj", "nsubjpass", "acomp", "oprd"):
                        got = self._casualty_word(c) or next((self._casualty_word(g) for g in c.children
                                                              if g.dep_ == "compound" and self._casualty_word(g)), None)
                        if got:
                            return got
                break
        return None

    # -- links ---------------------------------------------------------------------------------------
    def _links(self, doc: Doc, figures: list[Figure], at: dict[int, list[Mention]], day: date | None,
               carry: FigureCarry) -> None:
        finder = _ActorFinder(at)
        last_period = carry.period
        last_subject = carry.subject
        for i, fig in enumerate(figures):
            # "$93.8bn (£74.7bn)": the same amount in two currencies
            if fig.kind == "money" and fig.same_as is None and i + 1 < len(figures):
                nxt = figures[i + 1]
                between = doc[fig.end:nxt.start].text.strip()
                if nxt.kind == "money" and between in ("(", "[", "or", ", or", "/", "or about", "(about", "(around") \
                        and nxt.unit != fig.unit:
                    fig.same_as, nxt.same_as = i + 1, i
            sent = doc[fig.start].sent
            fig.period = self._period(doc, fig, sent, day)
            if fig.period is None and re.search(r"\bsame period\b", sent.text, re.I) and last_period:
                fig.period = last_period
            if fig.period is None and fig.same_as is not None and fig.same_as < i:
                fig.period = figures[fig.same_as].period
            if fig.period and fig.kind != "percentage":
                last_period = fig.period
            if fig.kind == "percentage":
                fig.period = fig.period or last_period
                fig.direction = self._direction(doc, fig)
                fig.change_of = _change_of(doc[fig.end:sent.end].text)
            if fig.kind == "count":
                fig.actors = finder.agents(fig, self)
                continue
            subject, actors = finder.subject(fig, self.w)
            if fig.same_as is not None and fig.same_as < i:
                subject, actors = figures[fig.same_as].subject, figures[fig.same_as].actors
            elif subject is None and fig.kind == "percentage":
                subject, actors = last_subject
            elif subject is not None and not actors and subject == last_subject[0]:
                actors = last_subject[1]
            fig.subject, fig.actors = subject, list(actors)
            if fig.kind == "money" and subject:
                last_subject = (subject, list(actors))
        carry.period, carry.subject = last_period, last_subject

    def _period(self, doc: Doc, fig: Figure, sent: Span, day: date | None) -> tuple[str, str] | None:
        """The DATE entity of the figure's sentence that says when: the first after it, else the last before."""
        dates = [e for e in doc.ents if e.label_ == "DATE" and e.sent == sent]
        after = [e for e in dates if e.start >= fig.end]
        before = [e for e in dates if e.end <= fig.start]
        if after:
            gap = doc[fig.end:after[0].start].text
            ranged = re.search(r"\s(?:to|until|through)\s|[-–]", after[0].text)
            if not re.search(r"previous|earlier|ago", after[0].text, re.I) \
                    and not re.search(r"compared|than|figure|against|\bsince\b", gap) \
                    and not (re.search(r"\bfrom\b", gap) and not ranged):
                got = period_of(after[0].text, day=day)
                if got:
                    return got
        for e in reversed(before):
            if re.search(r"previous|earlier|ago", e.text, re.I):
                continue
            got = period_of(e.text, day=day)
            if got:
                return got
        return None

    def _direction(self, doc: Doc, fig: Figure) -> str | None:
        dirs = self.w.directions
        skip = {"by", "of", "to", "at", "a", "an", "the", "some", "around", "about", "nearly", "almost", "over",
                "than", "more", "less", "least", "roughly", "just", "only", "as", "much", "many", ",", "was", "were",
                "is", "are", "been", "has", "had", "have"}
        cands: list[Token] = []
        k = fig.start - 1
        while k >= max(0, fig.start - 5):
            t = doc[k]
            if t.lower_ in skip:
                k -= 1
                continue
            cands.append(t)
            break
        if fig.end < len(doc) and doc[fig.end].pos_ in ("ADJ", "ADV", "NOUN"):
            cands.append(doc[fig.end])  # "5 per cent higher", "a 5 per cent increase"
        root = _root(doc[fig.start:fig.end])
        head = root.head
        if head.i not in range(fig.start, fig.end):
            cands.append(head)
            if head.pos_ == "ADP" and head.head is not head:
                cands.append(head.head)
        for t in cands:
            if t.dep_ in ("nsubj", "nsubjpass"):
                continue
            d = dirs.get(t.lower_) or dirs.get(t.lemma_.lower())
            if d:
                return d
        return None


def _root(span: Span) -> Token:
    roots = [t for t in span if t.head.i < span.start or t.head.i >= span.end or t.head is t]
    nums = [t for t in span if t.like_num or re.search(r"\d", t.text)]
    return roots[0] if roots else (nums[-1] if nums else span[-1])


def _change_of(after: str) -> str | None:
    """What a percentage is a change of: "compared to the same period the previous year", "on last year"."""
    if re.search(r"\byear[- ]on[- ]year\b|\bfrom a year (?:earlier|ago)\b|\ba year (?:earlier|ago)\b", after, re.I):
        return "the previous year"
    m = re.search(r"\b(?:(?:when )?compared (?:to|with)|against|on|than|from|over|versus|vs\.?)\s+"
                  r"((?:the|a|last|its|their|this)\b[^,.;()]*)", after, re.I)
    if m and _PERIOD_WORDS.search(m.group(1)):
        return re.split(r"\s+(?:when|while|as|according|,)\b", m.group(1))[0].strip()
    return None


class _ActorFinder:
    def __init__(self, at: dict[int, list[Mention]]) -> None:
        self.at = at

    def actors_in(self, tok: Token, out: list[ActorRef] | None = None) -> list[ActorRef]:
        out = [] if out is None else out
        for t in tok.subtree:
            for m in self.at.get(t.i, []):
                if m.ref not in out:
                    out.append(m.ref)
        return out

    @staticmethod
    def _verb(tok: Token) -> Token:
        node = tok
        for _ in range(6):
            if node.pos_ in ("VERB", "AUX") or node.head is node:
                break
            node = node.head
        return node

    def subject(self, fig: Figure, words: FigureWords) -> tuple[str | None, list[ActorRef]]:
        """The noun phrase a money or percentage figure is said of, and the actors in it."""
        anchor = fig.anchor
        if anchor is None:
            return None, []
        # "sales of $4bn", "a loan of $5bn": the noun the figure is "of"
        node = anchor
        for _ in range(3):
            if node.head is node:
                break
            if node.dep_ == "pobj" and node.head.lower_ == "of" and node.head.head.pos_ in ("NOUN", "PROPN") \
                    and node.head.head.lemma_.lower() not in words.directions:
                noun = node.head.head
                return _phrase(noun), self.actors_in(noun)
            node = node.head
        verb = self._verb(anchor)
        for c in verb.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                if c.pos_ == "PRON" or c.i in range(fig.start, fig.end):
                    return None, []
                actors = self.actors_in(c)
                if fig.kind == "money":
                    for d in verb.children:  # "gave Ukraine $1bn", "sent €50bn to Ukraine"
                        if d.dep_ == "dative" or (d.dep_ == "prep" and d.lower_ in ("to", "for")
                                                  and not any(t.i in range(fig.start, fig.end) for t in d.subtree)):
                            self.actors_in(d, actors)
                return _phrase(c), actors
        return None, []

    def agents(self, fig: Figure, reader: FigureReader) -> list[ActorRef]:
        """Who did what a count counts: the verb's subject, or its "by" agent ("killed by Russian forces")."""
        verb = self._verb(fig.anchor) if fig.anchor is not None else None
        if verb is None or verb.pos_ not in ("VERB", "AUX"):
            return []
        out: list[ActorRef] = []
        for c in verb.children:
            if (c.dep_ == "nsubj" and not any(t.i in range(fig.start, fig.end) for t in c.subtree)) or c.dep_ == "agent":
                self.actors_in(c, out)
        if not out and verb.dep_ in ("advcl", "conj", "xcomp") and verb.head is not verb:
            # "Russian troops shelled Kharkiv, killing 4 people"
            for c in verb.head.children:
                if c.dep_ == "nsubj":
                    self.actors_in(c, out)
        return out


def _phrase(tok: Token) -> str:
    if tok.pos_ == "PROPN":
        parts = [c for c in tok.children if c.dep_ in ("compound", "flat") and c.i < tok.i] + [tok]
        return " ".join(t.text for t in sorted(parts, key=lambda t: t.i))
    return tok.lemma_.lower() if tok.pos_ == "NOUN" else tok.text


# -- periods --------------------------------------------------------------------------------------
def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


@lru_cache(maxsize=64)
def _dateparser(day: date | None):
    from dateparser.date import DateDataParser

    settings = {"PREFER_DATES_FROM": "past", "PREFER_DAY_OF_MONTH": "first"}
    if day is not None:
        settings["RELATIVE_BASE"] = datetime(day.year, day.month, day.day)  # type: ignore[assignment]
    return DateDataParser(languages=["en"], settings=settings)


_ORD = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "last": 4, "final": 4}


def _year_of(t: str, day: date | None) -> int | None:
    years = re.findall(r"\b(19\d\d|20\d\d)\b", t)
    if years:
        return int(years[-1])
    if day is None:
        return None
    if re.search(r"\b(last|previous|prior) year\b|\ba year (earlier|ago|before)\b", t):
        return day.year - 1
    return day.year


@lru_cache(maxsize=1024)  # full within the first few hundred articles, so memory stays flat after them (docs/scale.md)
def _single(t: str, day: date | None) -> tuple[date, date] | None:
    """One date phrase (no range) as a first and last day, through dateparser."""
    t = re.sub(r"^(?:in|on|during|for|over|of|at|by|the|early|late|mid|since)\s+", "", t.strip())
    t = re.sub(r"^(?:in|on|during|for|over|of|at|by|the|early|late|mid)\s+", "", t)
    if not t or re.fullmatch(r"\d{1,2}", t):
        return None
    decade = re.fullmatch(r"(19|20)(\d)0s", t)
    if decade:
        y = int(decade.group(1) + decade.group(2) + "0")
        return date(y, 1, 1), date(y + 9, 12, 31)
    if day is None and not re.search(r"\b(19|20)\d\d\b", t):
        return None
    if re.fullmatch(r"(19|20)\d\d", t):
        return date(int(t), 1, 1), date(int(t), 12, 31)
    if re.search(r"\d+/\d+", t):
        return None  # "9/11": a name, not a period
    got = _dateparser(day).get_date_data(t)
    if got is None or got.date_obj is None:
        return None
    d = got.date_obj.date()
    if got.period == "year":
        return date(d.year, 1, 1), date(d.year, 12, 31)
    if got.period == "month":
        return date(d.year, d.month, 1), _month_end(d.year, d.month)
    if got.period == "week":
        return d, d + timedelta(days=6)
    return d, d


def period_of(text: str, *, day: date | None) -> tuple[str, str] | None:
    """A period from a date phrase, resolved against ``day`` (the article date): "between January and May 2023",
    "in the first quarter", "the first half of 2022", "the three months to June", "last year", "2022", "March"."""
    t = re.sub(r"\s+", " ", text.lower()).strip()
    year = _year_of(t, day)
    q = re.search(r"\b(first|second|third|fourth|final|last|1st|2nd|3rd|4th)\s+quarter\b|\bq([1-4])\b", t)
    if q and year is not None:
        n = int(q.group(2)) if q.group(2) else _ORD[q.group(1)]
        return date(year, 3 * n - 2, 1).isoformat(), _month_end(year, 3 * n).isoformat()
    h = re.search(r"\b(first|second|1st|2nd)\s+half\b|\bh([12])\b", t)
    if h and year is not None:
        n = int(h.group(2)) if h.group(2) else _ORD[h.group(1)]
        return date(year, 6 * n - 5, 1).isoformat(), _month_end(year, 6 * n).isoformat()
    months_to = re.search(r"\b(\w+) months (?:to|until|through|ending(?: in)?) (?:the end of )?([a-z]+)", t)
    if months_to and months_to.group(2) in MONTHS and year is not None:
        words = load_words().numbers
        n = int(months_to.group(1)) if months_to.group(1).isdigit() else words.get(months_to.group(1), 0)
        end_m = MONTHS[months_to.group(2)]
        if 0 < n <= 24:
            first = date(year, end_m, 1)
            for _ in range(n - 1):
                first = (first - timedelta(days=1)).replace(day=1)
            return first.isoformat(), _month_end(year, end_m).isoformat()
    if re.search(r"\b(so far )?this year\b|\byear to date\b", t) and day is not None:
        return date(day.year, 1, 1).isoformat(), date(day.year, 12, 31).isoformat()
    if re.search(r"\b(last|previous|prior) year\b|\ba year (earlier|ago|before)\b", t) and year is not None:
        return date(year, 1, 1).isoformat(), date(year, 12, 31).isoformat()
    parts = re.split(r"\s+(?:and|to|through|until|till)\s+|\s*[-–—]\s*(?=[a-z])", re.sub(r"^(?:between|from)\s+", "", t))
    if len(parts) == 2 and all(parts):
        left_txt, right_txt = parts
        right = _single(right_txt, day)
        if right is not None:
            ry = right[1].year
            if not re.search(r"\b(19|20)\d\d\b", left_txt):
                left_txt = f"{left_txt} {ry}"
            left = _single(left_txt, day)
            if left is not None:
                if left[0] > right[1]:
                    left = (left[0].replace(year=left[0].year - 1), left[1])
                return left[0].isoformat(), right[1].isoformat()
    got = _single(t, day)
    if got is None:
        return None
    return got[0].isoformat(), got[1].isoformat()


# -- spaCy component ----------------------------------------------------------------------------------
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
