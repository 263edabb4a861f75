"""The event lexicon: CAMEO verb patterns (converted from PETRARCH2) with dyadwatch's corrections,
and the event nouns. Loaded once and validated."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from ..codebook import codebook
from ..errors import DataFileError


@dataclass(frozen=True, slots=True)
class VerbPattern:
    code: str
    pre: tuple[frozenset[str], ...]
    particle: str | None
    obj: tuple[frozenset[str], ...]
    preps: tuple[tuple[str, tuple[frozenset[str], ...]], ...]

    @property
    def specificity(self) -> int:
        return len(self.pre) + len(self.obj) + sum(1 + len(w) for _, w in self.preps) + (1 if self.particle else 0)


@dataclass(slots=True)
class VerbEntry:
    lemma: str
    particle: str | None
    code: str | None
    patterns: list[VerbPattern]
    light: bool = False


@dataclass(frozen=True, slots=True)
class NounEntry:
    lemma: str
    code: str
    target_preps: frozenset[str]
    modifiers: dict[str, str]
    mutual: bool


@dataclass(slots=True)
class Lexicon:
    verbs: dict[str, list[VerbEntry]] = field(default_factory=dict)
    nouns: dict[str, NounEntry] = field(default_factory=dict)
    cues: frozenset[str] = frozenset()
    """Lowercased word forms that can signal an event (for sentence selection)."""
    forms: dict[str, str] = field(default_factory=dict)
    """Inflected verb form -> lexicon lemma, for when the parser's lemma is wrong ("staged" -> "stag")."""


SYNONYMS: tuple[frozenset[str], ...] = (
    frozenset({"relations", "ties", "relationship", "relation"}),
    frozenset({"talks", "negotiations", "talk", "negotiation"}),
    frozenset({"evidence", "information", "intelligence", "data"}),
    frozenset({"ceasefire", "cease-fire", "truce", "armistice"}),
    frozenset({"aid", "assistance"}),
    frozenset({"troops", "forces", "soldiers"}),
)
"""Words that PETRARCH2's patterns name one way and news another ("upgraded diplomatic ties" is the pattern's
"diplomatic relations"): a pattern word set holding one member accepts them all."""


def _widen(words: list[str]) -> frozenset[str]:
    out = set(words)
    for group in SYNONYMS:
        if out & group:
            out |= group
    return frozenset(out)


def _read(name: str) -> tuple[str, str]:
    res = resources.files("dyadwatch") / "data" / "events" / name
    return f"dyadwatch/data/events/{name}", res.read_text(encoding="utf-8")


def _table(path: str, text: str) -> list[tuple[int, dict[str, str]]]:
    header: list[str] | None = None
    rows = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if header is None:
            header = cells
            continue
        rows.append((n, dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=False))))
    return rows


def _check(path: str, n: int, code: str) -> str:
    if code not in codebook():
        raise DataFileError(path, n, f"unknown CAMEO code {code!r}", fix="use a code from data/codebook/cameo.tsv")
    return code


def inflections(lemma: str) -> set[str]:
    """Regular inflected forms of a verb or noun lemma (for the sentence selector's cue words): "shell" ->
    shells, shelled, shelling; "seize" -> seized, seizing; "ally" -> allied; "ban" -> banned."""
    w = lemma.lower()
    out = {w, w + "s", w + "es", w + "ed", w + "ing"}
    if w.endswith("e"):
        out |= {w + "d", w[:-1] + "ing"}
    if w.endswith("y") and len(w) > 2 and w[-2] not in "aeiou":
        out |= {w[:-1] + "ies", w[:-1] + "ied"}
    if len(w) >= 3 and w[-1] not in "aeiouwxy" and w[-2] in "aeiou" and w[-3] not in "aeiou":
        out |= {w + w[-1] + "ed", w + w[-1] + "ing"}
    return out


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    lex = Lexicon()
    path, text = _read("verbs.jsonl")
    cues: set[str] = set()
    for n, line in enumerate(text.splitlines(), start=1):
        try:
            block = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataFileError(path, n, f"not JSON ({exc.msg})", fix="rebuild it with scripts/build_lexicons.py") from exc
        patterns = []
        for p in block["patterns"]:
            if p["code"] not in codebook():
                continue
            patterns.append(VerbPattern(
                code=p["code"],
                pre=tuple(_widen(w) for w in p["pre"]),
                particle=p["particle"],
                obj=tuple(_widen(w) for w in p["obj"]),
                preps=tuple((q["prep"], tuple(_widen(w) for w in q["words"])) for q in p["preps"]),
            ))
        for v in block["verbs"]:
            # a block without a default lends its head verb the root its patterns share (see build_lexicons.py)
            code = v["code"] or block["default"] or (block.get("majority") if v["lemma"] == block["block"] else None)
            if code is not None and code not in codebook():
                code = None
            entry = VerbEntry(v["lemma"], v["particle"], code, patterns)
            lex.verbs.setdefault(v["lemma"], []).append(entry)
            cues.update(inflections(v["lemma"]))
            cues.update(v["forms"])
            for form in inflections(v["lemma"]) | set(v["forms"]):
                lex.forms.setdefault(form, v["lemma"])
    path, text = _read("verbs_extra.tsv")
    for n, row in _table(path, text):
        lemma, particle = row["lemma"].lower(), row["particle"].lower() or None
        if row["code"] == "x":
            # a verb PETRARCH filed in the wrong block: drop it with the block's patterns
            kept = [e for e in lex.verbs.get(lemma, []) if e.particle != particle]
            if kept:
                lex.verbs[lemma] = kept
            else:
                lex.verbs.pop(lemma, None)
            continue
        code = None if row["code"] == "-" else _check(path, n, row["code"])
        entries = [e for e in lex.verbs.get(lemma, []) if e.particle == particle]
        objects = [w.strip().lower() for w in row.get("object", "").split("|") if w.strip()]
        if objects:
            # a pattern row: "eased emergency measures" -> 081 (the verb's default code is left alone)
            if code is None:
                raise DataFileError(path, n, "a pattern row needs a code", fix="give the code the object selects")
            if not entries:
                entries = [VerbEntry(lemma, particle, None, [])]
                lex.verbs.setdefault(lemma, []).append(entries[0])
            pattern = VerbPattern(code=code, pre=(), particle=None, obj=(_widen(objects),), preps=())
            for e in entries:
                e.patterns = [*e.patterns, pattern]  # block entries share one list: extend a copy
            cues.update(inflections(lemma))
            continue
        if not entries:
            entries = [VerbEntry(lemma, particle, code, [])]
            lex.verbs.setdefault(lemma, []).append(entries[0])
        for e in entries:
            e.code = code
            e.light = row["light"] == "1"
        cues.update(inflections(lemma))
    path, text = _read("nouns.tsv")
    for n, row in _table(path, text):
        mods = {}
        for pair in row["modifiers"].split("|"):
            if "=" in pair:
                k, v = pair.split("=", 1)
                mods[k.strip().lower()] = _check(path, n, v.strip())
        lemma = row["lemma"].lower()
        lex.nouns[lemma] = NounEntry(lemma, _check(path, n, row["code"]),
                                     frozenset(p for p in row["target"].split("|") if p), mods, row["mutual"] == "1")
        cues.update(lemma.split())
        cues.update(inflections(lemma.split()[-1]))
    lex.cues = frozenset(c for c in cues if len(c) > 1)
    return lex
