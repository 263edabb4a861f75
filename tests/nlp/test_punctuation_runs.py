"""Tokenising takes time linear in the text, whatever the text: a long run of punctuation is one token
and a long chunk without whitespace is tokenised in pieces; prose is tokenised by spaCy exactly as
before, and a Doc's text is always the text given."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime

import pytest
import spacy

from dyadwatch.model import Article
from dyadwatch.nlp.tokenizer import GuardedTokenizer

PROSE = [
    "Russia's president met China's leader in Moscow on Monday.",
    "\"We will not yield,\" he said -- and the U.S. (via its envoy) replied: 'no'...",
    "Trade rose 40.7 per cent to $93.8bn (£74.7bn) in January-May 2023!!!",
    "  Two  spaces,\ttabs\nand new lines;   and   (((nested))) brackets ---- here.  ",
    "A ruler of exactly sixty-four dashes: " + "-" * 64 + " stays spaCy's.",
    "A long link https://example.com/" + "a" * 200 + "?q=1 is spaCy's too, up to 256 characters.",
    "",
]


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("en")


def _tokens(doc) -> list[tuple[str, str]]:
    return [(t.text, t.whitespace_) for t in doc]


@pytest.mark.parametrize("text", PROSE)
def test_text_without_a_long_run_is_tokenised_by_spacy_unchanged(blank, text: str) -> None:
    guarded = GuardedTokenizer(blank.tokenizer)
    assert _tokens(guarded(text)) == _tokens(blank.tokenizer(text))


RUN = "(" * 65
HOSTILE = [
    RUN,
    RUN + "Russia attacked Ukraine.",
    "Russia attacked Ukraine." + RUN,
    "Russia attacked " + RUN + " Ukraine.",
    "Russia attacked  " + RUN + "  Ukraine.",
    "Russia\n" + RUN + "\nattacked " + RUN + RUN + " Ukraine " + "-_" * 40 + " today.",
    " " + "=" * 500 + " ",
    "a" + ".," * 3000 + "b",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_long_run_is_one_token_and_the_text_is_kept_exactly(blank, text: str) -> None:
    doc = GuardedTokenizer(blank.tokenizer)(text)
    assert doc.text == text
    runs = [t for t in doc if len(t.text) > 64]
    assert runs and all(not any(c.isalnum() or c.isspace() for c in t.text) for t in runs)
    assert all(len(t.text) <= 64 or t in runs for t in doc)
    assert [t.text for t in doc if t.text.isalpha()] == re.findall(r"[^\W\d_]+", text)


CHUNKS = ["'s" * 2000, "\U0001F600" * 3000, "(_" * 2000, "-1" * 2000, "a" * 5000 + ")" * 50,
          "(" * 100 + "'s" * 2000, "'s" * 2000 + "(" * 100 + "'s" * 2000]


@pytest.mark.parametrize("chunk", CHUNKS)
def test_a_long_chunk_without_whitespace_is_tokenised_in_pieces(blank, chunk: str) -> None:
    text = "Before " + chunk + " after."
    doc = GuardedTokenizer(blank.tokenizer)(text)
    assert doc.text == text
    assert [doc[0].text, doc[-2].text, doc[-1].text] == ["Before", "after", "."]
    assert all(len(t.text) <= 256 or not any(c.isalnum() or c.isspace() for c in t.text) for t in doc)


@pytest.mark.parametrize("text", HOSTILE + CHUNKS)
def test_spacy_is_never_given_a_run_or_a_long_chunk(blank, text: str) -> None:
    given: list[str] = []

    class Spy:
        vocab = blank.vocab

        def __call__(self, piece: str):
            given.append(piece)
            return blank.tokenizer(piece)

    guarded = GuardedTokenizer(Spy())
    assert guarded(text).text == text
    chunks = [c for piece in given for c in piece.split()]
    assert all(len(c) <= 256 for c in chunks)
    assert not any(guarded._run.search(c) for c in chunks)


def test_the_limits_are_the_ones_given(blank) -> None:
    guarded = GuardedTokenizer(blank.tokenizer, longest_run=3, longest_chunk=8)
    assert [t.text for t in guarded("a ---- b ---")] == ["a", "----", "b", "---"]
    assert [t.text for t in guarded("abcdefghijkl")] == ["abcdefgh", "ijkl"]
    with pytest.raises(ValueError, match="longest_run"):
        GuardedTokenizer(blank.tokenizer, longest_run=8, longest_chunk=8)


def test_the_pipeline_can_leave_spacys_tokenizer_alone() -> None:
    from dyadwatch.pipeline import Pipeline
    from dyadwatch.settings import Settings

    nlp = spacy.blank("en")
    tokenizer = nlp.tokenizer
    Pipeline(settings=replace(Settings(), guard_tokenizer=False), nlp=nlp)
    assert nlp.tokenizer is tokenizer


def test_the_guard_passes_spacys_attributes_through_and_works_in_a_memory_zone() -> None:
    nlp = spacy.blank("en")
    rules = nlp.tokenizer.rules
    nlp.tokenizer = GuardedTokenizer(nlp.tokenizer)
    assert nlp.tokenizer.rules == rules and nlp.tokenizer.vocab is nlp.vocab
    with nlp.memory_zone():
        doc = nlp("Zelenskyy's envoy " + RUN + " met Erdoğan.")
        assert doc[-1].text == "."
    assert nlp("Zelenskyy's envoy met Erdoğan.").text == "Zelenskyy's envoy met Erdoğan."


def test_the_pipeline_codes_around_a_run_with_offsets_into_the_article(pipeline) -> None:
    plain = "Russia attacked Ukraine on Monday.\n\nChina criticised Russia on Tuesday."
    ruled = "Russia attacked Ukraine on Monday.\n\n" + "~" * 300 + "\n\nChina criticised Russia on Tuesday."
    published = datetime(2023, 9, 12, tzinfo=UTC)
    a = pipeline.process_one(Article(id="plain", body=plain, published=published))
    b = pipeline.process_one(Article(id="ruled", body=ruled, published=published))
    assert [(e.cameo, e.source, e.target) for e in a.events] == [(e.cameo, e.source, e.target) for e in b.events]
    assert len(b.events) >= 2
    for e in b.events:
        assert ruled[e.start:e.end] == e.sentence


def test_the_pipeline_guards_both_its_tokenizers_with_its_setting(pipeline) -> None:
    for nlp in (pipeline.nlp, pipeline.fast):
        assert isinstance(nlp.tokenizer, GuardedTokenizer)
    assert pipeline.settings.guard_tokenizer


def test_a_run_of_tens_of_thousands_of_brackets_is_coded_without_hanging(code_in_child) -> None:
    # spaCy alone strips such a run a bracket at a time: 4,800 took 6.6 s, 48,000 would take minutes
    code_in_child("'Russia attacked Ukraine. ' + '(' * 48000 + ' Russia attacked Ukraine.'",
                  then="assert len(result.events) >= 2, result.events\n", timeout=240)


@pytest.mark.parametrize("seed", range(8))
def test_any_text_comes_back_exactly_and_ordinary_stretches_are_tokenised_as_by_spacy(blank, seed: int) -> None:
    import random

    rng = random.Random(seed)
    parts = ["Russia", "attacked", "U.S.", "'s", "(", ")", "-", "_", ".", ",", " ", "  ", "\n", "\t", "é", "\U0001F600",
             "1,000", "http://x.org/a?b=c"]
    guarded = GuardedTokenizer(blank.tokenizer, longest_run=6, longest_chunk=24)
    for _ in range(150):
        text = "".join(rng.choice(parts) * rng.choice([1, 1, 1, 2, 5, 9]) for _ in range(rng.randint(0, 40)))
        doc = guarded(text)
        assert doc.text == text
        if guarded._stretch.search(text) is None:
            assert _tokens(doc) == _tokens(blank.tokenizer(text))
