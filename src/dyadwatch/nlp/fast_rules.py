"""Drop-in stand-ins for the English models' two rule components, the same attributes for less work.

The attribute ruler. spaCy's ``AttributeRuler`` runs a Matcher with all its patterns (about 180 in the English models: a
tag map and exceptions) over every Doc, then sets each match through a Span, in pattern order. Here
every pattern is a fixed-length sequence of exact tests on ``LOWER``, ``TAG``, ``DEP`` and
``IS_SPACE`` (equality, ``IN``, ``NOT_IN``, ``REGEX``). So which single-token patterns match a token
depends only on those four values: it is worked out once per distinct combination and remembered
(in a bounded ``Memo``), and the attributes of all the patterns that hit a token are merged in
pattern order (a later pattern wins an attribute, as in the original). The few multi-token patterns
are tested where their first token matches. Every pattern is tested on the Doc as it came, before
anything is set, as the original does.

Reads: ``token.lower``, ``token.tag``, ``token.dep``, ``token.is_space``.
Writes: whatever the ruler's patterns set (``POS``, ``MORPH``, ``LEMMA``, and a few ``TAG``/``DEP``).

The lemmatizer. spaCy's rule lemmatizer works a token's lemma out from its text, part of speech and
morphology, remembering only some of its answers; here its answers are remembered by those three
values (in a bounded ``Memo``), so a word form in use is worked out once.

Reads: ``token.orth``, ``token.pos``, ``token.morph``. Writes: ``token.lemma``.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.pipeline.attributeruler import set_token_attrs
from spacy.tokens import Doc, Token

_FEATURES: dict[str, Callable[[Token], Any]] = {
    "LOWER": lambda t: t.lower_,
    "TAG": lambda t: t.tag_,
    "DEP": lambda t: t.dep_,
    "IS_SPACE": lambda t: t.is_space,
}

Test = Callable[[Token], bool]
_LEMMA_KEY = [ORTH, POS, MORPH, LEMMA]
_MEMO_LIMIT = 4_096
"""Answers per generation of a component's memo (``Memo``): at most twice this many are held, so memory
stops growing after the first few hundred articles, and the frequent words are never forgotten."""

K = TypeVar("K")
V = TypeVar("V")


class Memo(Generic[K, V]):
    """Remembered answers in two generations of at most ``size`` each, so memory is bounded and the
    answers in use stay: when the young generation is full it becomes the old one (the previous old one
    is dropped), and an answer found in the old generation moves back into the young one.

    Hot loops read ``young`` directly and call ``recall`` only on a miss there."""

    __slots__ = ("old", "size", "young")

    def __init__(self, size: int) -> None:
        self.size = max(1, size)
        self.young: dict[K, V] = {}
        self.old: dict[K, V] = {}

    def get(self, key: K) -> V | None:
        value = self.young.get(key)
        return self.recall(key) if value is None else value

    def recall(self, key: K) -> V | None:
        """The answer from the old generation (moved back into the young one), or None."""
        value = self.old.get(key)
        if value is not None:
            self.put(key, value)
        return value

    def put(self, key: K, value: V) -> None:
        if len(self.young) >= self.size:
            self.old, self.young = self.young, {}
        self.young[key] = value

    def __len__(self) -> int:
        return len(self.young) + len(self.old)


class UnsupportedPattern(ValueError):
    """A pattern this ruler cannot evaluate (the original ruler is then kept)."""


def _value_test(attr: str, want: Any) -> Test:
    get = _FEATURES[attr]
    if isinstance(want, str | bool):
        return lambda t: get(t) == want
    if isinstance(want, dict) and len(want) == 1:
        ((op, arg),) = want.items()
        if op == "IN":
            members = frozenset(arg)
            return lambda t: get(t) in members
        if op == "NOT_IN":
            excluded = frozenset(arg)
            return lambda t: get(t) not in excluded
        if op == "REGEX":
            rx = re.compile(arg)
            return lambda t: bool(rx.search(get(t)))
    raise UnsupportedPattern(f"{attr}: {want!r}")


def _token_test(spec: dict[str, Any]) -> Test:
    if not spec or any(key not in _FEATURES for key in spec):
        raise UnsupportedPattern(str(spec))
    tests = [_value_test(key, value) for key, value in spec.items()]
    return lambda t: all(test(t) for test in tests)


class FastAttributeRuler:
    """Applies an ``AttributeRuler``'s patterns with the same result (see the module docstring)."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self.ruler = ruler
        strings = ruler.vocab.strings
        self.attrs: list[dict[Any, Any]] = list(ruler.attrs)
        # single-token patterns, found by the lower-case form or the tag they require when they do
        self.by_lower: dict[str, list[tuple[int, Test]]] = {}
        self.by_tag: dict[str, list[tuple[int, Test]]] = {}
        self.others: list[tuple[int, Test]] = []
        self.multis: list[tuple[int, list[Test], int]] = []
        for i in range(len(ruler.attrs)):
            for pattern in ruler.matcher.get(strings[str(i)])[1]:
                tests = [_token_test(spec) for spec in pattern]
                if len(tests) > 1:
                    index = ruler.indices[i]
                    self.multis.append((i, tests, index if index >= 0 else len(tests) + index))
                    continue
                spec = pattern[0]
                for attr, table in (("LOWER", self.by_lower), ("TAG", self.by_tag)):
                    values = _required(spec.get(attr))
                    if values is not None:
                        for v in values:
                            table.setdefault(v, []).append((i, tests[0]))
                        break
                else:
                    self.others.append((i, tests[0]))
        # (lower, tag, dep, is_space) -> (merged attributes of the single-token patterns that match,
        # their ids, the multi-token patterns whose first token matches)
        self._known: Memo[tuple[int, int, int, bool], tuple[dict[Any, Any] | None, tuple[int, ...], tuple[int, ...]]]
        self._known = Memo(_MEMO_LIMIT)
        self._plans: dict[tuple[tuple[int, ...], tuple[int, ...]],
                          tuple[dict[Any, Any] | None, tuple[int, ...], tuple[int, ...]]] = {}

    def _plan(self, token: Token) -> tuple[dict[Any, Any] | None, tuple[int, ...], tuple[int, ...]]:
        candidates = self.by_lower.get(token.lower_, []) + self.by_tag.get(token.tag_, []) + self.others
        ids = tuple(sorted({i for i, test in candidates if test(token)}))
        firsts = tuple(k for k, (_, tests, _) in enumerate(self.multis) if tests[0](token))
        plan = self._plans.get((ids, firsts))
        if plan is None:  # few distinct plans: tokens share them, so a memo entry costs only its key
            plan = self._plans[(ids, firsts)] = (self._merge(ids), ids, firsts)
        return plan

    def _merge(self, ids: tuple[int, ...] | list[int]) -> dict[Any, Any] | None:
        if not ids:
            return None
        merged: dict[Any, Any] = {}
        for i in sorted(ids):
            merged.update(self.attrs[i])
        return merged

    def __call__(self, doc: Doc) -> Doc:
        known = self._known
        plans = []
        extra: dict[int, list[int]] = {}
        for token in doc:
            key = (token.lower, token.tag, token.dep, token.is_space)
            plan = known.young.get(key) or known.recall(key)
            if plan is None:
                plan = self._plan(token)
                known.put(key, plan)
            plans.append(plan)
            if plan[2]:
                self._multi(doc, token.i, plan[2], extra)
        for i, (attrs, ids, _) in enumerate(plans):
            if i in extra:
                attrs = self._merge([*ids, *extra[i]])
            if attrs is not None:
                set_token_attrs(doc[i], attrs)
        return doc

    def _multi(self, doc: Doc, i: int, firsts: tuple[int, ...], extra: dict[int, list[int]]) -> None:
        for k in firsts:
            pattern_id, tests, index = self.multis[k]
            if i + len(tests) <= len(doc) and all(test(doc[i + j]) for j, test in enumerate(tests[1:], 1)):
                extra.setdefault(i + index, []).append(pattern_id)


def _required(want: Any) -> list[str] | None:
    """The values an attribute must have for a token test to pass (None: not a closed list)."""
    if isinstance(want, str):
        return [want]
    if isinstance(want, dict) and set(want) == {"IN"}:
        return list(want["IN"])
    return None


class FastLemmatizer:
    """Applies a ``Lemmatizer`` with the same result, remembering the lemmas it works out."""

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        self._known: Memo[tuple[int, int, int], str] = Memo(_MEMO_LIMIT)

    def __call__(self, doc: Doc) -> Doc:
        lem = self.lemmatizer
        if not lem._validated:
            return lem(doc)  # let spaCy report missing tables as it does
        known, strings = self._known, doc.vocab.strings
        table = doc.to_array(_LEMMA_KEY)
        lemmas = table[:, 3].copy()
        for i, (orth, pos, morph, lemma) in enumerate(table.tolist()):
            if lem.overwrite or lemma == 0:
                key = (orth, pos, morph)
                got = known.young.get(key) or known.recall(key)
                if got is None:
                    got = lem.lemmatize(doc[i])[0]
                    known.put(key, got)
                # the lemma, not its hash, is remembered: a string added inside a memory zone is gone after it
                lemmas[i] = strings.add(got)
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))  # type: ignore[arg-type]
        return doc


def speed_up(nlp: Language) -> list[str]:
    """Swap the pipeline's attribute ruler and rule lemmatizer for their fast stand-ins (in place,
    same names and order); returns the names of the components swapped.

    A component is left as it is when a pattern uses something the fast ruler does not evaluate, or
    the lemmatizer is not spaCy's ``Lemmatizer``."""
    swapped: dict[str, Any] = {}
    if "attribute_ruler" in nlp.pipe_names:
        ruler = nlp.get_pipe("attribute_ruler")
        if isinstance(ruler, AttributeRuler):
            with contextlib.suppress(UnsupportedPattern):
                swapped["attribute_ruler"] = FastAttributeRuler(ruler)
    if "lemmatizer" in nlp.pipe_names:
        lemmatizer = nlp.get_pipe("lemmatizer")
        if isinstance(lemmatizer, Lemmatizer) and type(lemmatizer).__call__ is Lemmatizer.__call__:
            swapped["lemmatizer"] = FastLemmatizer(lemmatizer)
    components = nlp._components  # spaCy keeps (name, component) pairs here; names and order unchanged
    for i, (name, _) in enumerate(components):
        if name in swapped:
            components[i] = (name, swapped[name])
    return list(swapped)
