"""A long run's coding memory does not grow with the corpus: after the first batches, which fill the
tokenizers' caches, each batch runs in spaCy's memory zone, so the words it meets leave the shared
vocabulary afterwards; and the figure reader gets parsed sentences one parse batch at a time."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from dyadwatch.model import Article
from dyadwatch.pipeline import WARM_BATCHES, _Job, parse_batches

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


@pytest.mark.parametrize(("trim", "want"), [(True, 2), (False, 0)])
def test_each_batch_hands_free_memory_back_when_the_setting_says_so(pipeline, monkeypatch, trim: bool,
                                                                    want: int) -> None:
    from dataclasses import replace

    import dyadwatch.pipeline as module

    calls: list[int] = []
    monkeypatch.setattr(module, "release_free_memory", lambda: calls.append(1) or True)
    monkeypatch.setattr(pipeline, "settings", replace(pipeline.settings, malloc_trim=trim, batch_size=2))
    got = list(pipeline.process([_article(w, n=1) for w in ("Ardmoor", "Belvane", "Corrisk")]))
    assert len(got) == 3 and all(r.events for r in got)
    assert len(calls) == want  # one per batch of two articles


def test_a_batch_codes_the_same_before_and_after_its_words_left_the_vocabulary(pipeline) -> None:
    first = pipeline.process_one(_article("Brennock", n=5))
    again = pipeline.process_one(_article("Brennock", n=5))
    assert first == again
    assert first.events and first.quantities


@pytest.mark.parametrize(("parse_batch", "parse_chars"), [(1, 4096), (2, 4096), (3, 4096), (64, 4096), (64, 1),
                                                          (64, 150), (64, 400), (64, 100_000)])
def test_figures_are_read_the_same_whatever_the_parse_batch(pipeline, parse_batch: int, parse_chars: int) -> None:
    from dataclasses import replace

    art = _article("Oskarby", n=7)
    want = pipeline.process_one(art)
    saved = pipeline.settings
    pipeline.settings = replace(saved, parse_batch=parse_batch, parse_chars=parse_chars)
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


def _jobs(*lengths: int) -> list[_Job]:
    return [_Job(i, "body", 0, "x" * n, [], True, False) for i, n in enumerate(lengths)]


@pytest.mark.parametrize(("lengths", "most", "chars", "want"), [
    ((10, 10, 10, 10), 64, 25, [[0, 1], [2, 3]]),      # the characters end a batch
    ((10, 10, 10, 10), 3, 1000, [[0, 1, 2], [3]]),     # so does the count
    ((10, 50, 10), 64, 25, [[0], [1], [2]]),           # a sentence longer than the budget goes alone
    ((5, 5, 5), 64, 15, [[0, 1, 2]]),                  # a batch may fill the budget exactly
    ((), 64, 25, []),
])
def test_parse_batches_are_bounded_by_sentences_and_characters_and_keep_the_order(
        lengths: tuple[int, ...], most: int, chars: int, want: list[list[int]]) -> None:
    got = [[job.article for job in batch] for batch in parse_batches(_jobs(*lengths), most=most, chars=chars)]
    assert got == want


def test_the_parser_never_gets_more_characters_at_once_than_parse_chars(pipeline, monkeypatch) -> None:
    from dataclasses import replace

    seen: list[list[str]] = []
    real = pipeline.nlp.pipe

    def spy(items, **kwargs):
        if kwargs.get("as_tuples"):
            items = list(items)
            seen.append([text for text, _ in items])
        return real(iter(items), **kwargs)

    monkeypatch.setattr(pipeline.nlp, "pipe", spy)
    monkeypatch.setattr(pipeline, "settings", replace(pipeline.settings, parse_chars=400))
    got = pipeline.process_one(_article("Tarnholm", n=9))
    assert got.events and len(seen) > 1
    assert all(sum(map(len, texts)) <= 400 or len(texts) == 1 for texts in seen)
    assert max(sum(map(len, texts)) for texts in seen) > 200  # batches are filled, not one sentence each
