"""A long run's coding memory does not grow with the corpus: after the first batches, which fill the
tokenizers' caches, each batch runs in spaCy's memory zone, so the words it meets leave the shared
vocabulary afterwards; and the figure reader gets parsed sentences one parse batch at a time."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from dyadwatch.model import Article
from dyadwatch.pipeline import WARM_BATCHES

PUBLISHED = datetime(2024, 3, 1, tzinfo=UTC)


def _article(word: str, n: int = 3) -> Article:
    body = " ".join(
        f"Russia accused Ukraine of shelling {word}{i}ville on Monday, and France condemned the attack on "
        f"{word}{i}ville, where 1{i} people were killed and $4{i}m of damage was done." for i in range(n))
    return Article(id=f"mem-{word}", body=body, published=PUBLISHED)


def test_new_words_leave_the_vocabulary_after_their_batch(pipeline) -> None:
    for k in range(WARM_BATCHES):  # the warm-up batches (already done when other tests ran first)
        pipeline.process_one(_article(f"warm{k}"))
    strings = len(pipeline.nlp.vocab.strings)  # (spaCy's len(vocab) counts lexemes ever made, so not that)
    got = list(pipeline.process([_article(w) for w in ("Zorblax", "Quintarre", "Vellomir")]))
    towns = {q.subject for r in got for q in r.quantities} | {e.sentence for r in got for e in r.events}
    assert any("Zorblax0ville" in (t or "") for t in towns), "the batch was coded, its new words included"
    assert len(pipeline.nlp.vocab.strings) == strings
    for word in ("Zorblax0ville", "zorblax0ville", "Vellomir2ville"):
        assert word not in pipeline.nlp.vocab.strings and word not in pipeline.nlp.vocab


def test_a_batch_codes_the_same_before_and_after_its_words_left_the_vocabulary(pipeline) -> None:
    first = pipeline.process_one(_article("Brennock", n=5))
    again = pipeline.process_one(_article("Brennock", n=5))
    assert first == again
    assert first.events and first.quantities


@pytest.mark.parametrize("parse_batch", [1, 2, 3, 64])
def test_figures_are_read_the_same_whatever_the_parse_batch(pipeline, parse_batch: int) -> None:
    from dataclasses import replace

    art = _article("Oskarby", n=7)
    want = pipeline.process_one(art)
    saved = pipeline.settings
    pipeline.settings = replace(saved, parse_batch=parse_batch)
    try:
        got = pipeline.process_one(art)
    finally:
        pipeline.settings = saved
    assert got.quantities == want.quantities and got.events == want.events
    assert len(want.quantities) >= 7


def test_remembered_lemmas_outlive_the_memory_zone_that_made_them(pipeline) -> None:
    text = "The zorblaxes glorped the quintarrean wickets."  # lemmas ("zorblaxe", "glorpe") not in the text
    lemmas = []
    for _ in range(2):
        with pipeline.nlp.memory_zone():
            lemmas.append([t.lemma_ for t in pipeline.nlp(text)])
    assert lemmas[1] == lemmas[0]
    assert "zorblaxe" in lemmas[0] and "glorpe" in lemmas[0]
