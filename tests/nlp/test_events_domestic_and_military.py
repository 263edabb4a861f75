"""Event-coding rules of the fourth round (domestic dyads, army violence, object-phrase targets, pattern
synonyms), on hand-built parses (no spaCy model needed)."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from dyadwatch.nlp.actors import ActorRef, Mention
from dyadwatch.nlp.events import EventCoder, distinct_actors
from dyadwatch.nlp.lexicon import _widen, load_lexicon

VOCAB = spacy.blank("en").vocab


def doc(spec: list[tuple[str, int, str, str, str]]) -> Doc:
    """spec: (word, head index, dep, pos, lemma) per token."""
    words, heads, deps, pos, lemmas = zip(*spec, strict=True)
    return Doc(VOCAB, words=list(words), heads=list(heads), deps=list(deps), pos=list(pos), lemmas=list(lemmas))


def ref(code: str) -> ActorRef:
    return ActorRef(code, code[:3], code[3:6] or None, code, "test")


def events(spec, mentions: list[tuple[int, int, str]]):
    ms = [Mention(s, e, ref(code)) for s, e, code in mentions]
    return [(e.code, e.source.code if e.source else None, e.target.code if e.target else None)
            for e in EventCoder(load_lexicon()).code(doc(spec), ms, day=None)]


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("TURCOP", "TUROPP", True),   # police vs opposition: a domestic event
    ("SDNGOV", "SDNREB", True),   # government vs rebels
    ("TUR", "TURCVL", True),      # the state vs its civilians
    ("SDNREB", "SDNCVL", True),   # rebels vs civilians
    ("RUSGOV", "RUSMIL", False),  # two arms of one state
    ("RUS", "RUSGOV", False),
    ("TURCOP", "TURCOP", False),  # identical codes
    ("RUS", "UKR", True),
])
def test_distinct_actors(a: str, b: str, expected: bool) -> None:
    assert distinct_actors(ref(a), ref(b)) is expected


ARRESTED = [("police", 1, "nsubj", "NOUN", "police"), ("arrested", 1, "ROOT", "VERB", "arrest"),
            ("activists", 1, "dobj", "NOUN", "activist")]


@pytest.mark.parametrize(("src", "tgt", "expected_target"), [
    ("TURCOP", "TUROPP", "TUROPP"),  # same country, other side: kept as TUR -> TUR
    ("TURCOP", "TURMIL", None),      # same side: not a dyad
    ("TURCOP", "SYRCVL", "SYRCVL"),
])
def test_domestic_targets(src: str, tgt: str, expected_target: str | None) -> None:
    got = events(ARRESTED, [(0, 1, src), (2, 3, tgt)])
    assert [(s, t) for c, s, t in got if c.startswith("17")] == [(src, expected_target)]


def test_statement_target_is_never_domestic() -> None:
    # "Pelosi said America stands with Taiwan": not a statement by the US Congress to the US
    spec = [("Pelosi", 1, "nsubj", "PROPN", "Pelosi"), ("said", 1, "ROOT", "VERB", "say"),
            ("America", 3, "nsubj", "PROPN", "America"), ("stands", 1, "ccomp", "VERB", "stand")]
    got = events(spec, [(0, 1, "USALEG"), (2, 3, "USA")])
    assert [(c, s, t) for c, s, t in got if c.startswith("01")] == [("010", "USALEG", None)]


@pytest.mark.parametrize(("source", "verb", "lemma", "root"), [
    ("RUSMIL", "killed", "kill", "19"),     # an army's killing is conventional force
    ("PSEREB", "killed", "kill", "18"),     # a militia's stays unconventional violence
    ("THAMIL", "bombed", "bomb", "19"),
])
def test_army_violence_is_military_force(source: str, verb: str, lemma: str, root: str) -> None:
    spec = [("troops", 1, "nsubj", "NOUN", "troop"), (verb, 1, "ROOT", "VERB", lemma),
            ("villagers", 1, "dobj", "NOUN", "villager")]
    got = events(spec, [(0, 1, source), (2, 3, "UKRCVL")])
    assert got and got[0][0][:2] == root and got[0][1:] == (source, "UKRCVL")


def test_target_in_the_objects_phrase() -> None:
    # "Israel shared evidence with Washington": the target hangs on the object, not the verb
    spec = [("Israel", 1, "nsubj", "PROPN", "Israel"), ("shared", 1, "ROOT", "VERB", "share"),
            ("evidence", 1, "dobj", "NOUN", "evidence"), ("with", 2, "prep", "ADP", "with"),
            ("Washington", 3, "pobj", "PROPN", "Washington")]
    assert events(spec, [(0, 1, "ISR"), (4, 5, "USAGOV")]) == [("064", "ISR", "USAGOV")]


def test_pattern_synonyms() -> None:
    assert {"ties", "relations"} <= _widen(["relations"])
    assert _widen(["embassy"]) == frozenset({"embassy"})
    # "upgraded their diplomatic ties" matches the pattern written as "diplomatic relations" (050)
    spec = [("Czechia", 3, "nsubj", "PROPN", "Czechia"), ("and", 0, "cc", "CCONJ", "and"),
            ("Albania", 0, "conj", "PROPN", "Albania"), ("upgraded", 3, "ROOT", "VERB", "upgrade"),
            ("diplomatic", 5, "amod", "ADJ", "diplomatic"), ("ties", 3, "dobj", "NOUN", "tie")]
    got = events(spec, [(0, 1, "CZE"), (2, 3, "ALB")])
    assert got and got[0][0] == "050"
