"""A run-on "sentence" (a table or transcript flattened into one line) is coded as pieces of news-sentence
length, so coding time stays linear in the text; sentences of news length are coded whole, as before."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from dyadwatch.model import Article
from dyadwatch.pipeline import sentence_pieces

PUBLISHED = datetime(2023, 9, 12, tzinfo=UTC)


def _sentence(nlp, text: str):
    """The sentence of the text with the most words (the sentencizer may give edge whitespace its own)."""
    return max(nlp(text).sents, key=lambda s: sum(not t.is_space for t in s))


@pytest.mark.parametrize("most", [0, 12, 256])
def test_a_short_sentence_is_one_piece_without_edge_whitespace(nlp, most: int) -> None:
    sent = _sentence(nlp, "  Russia accused Ukraine of shelling the town on Monday.  ")
    (piece,) = sentence_pieces(sent, most=most)
    assert piece.text == "Russia accused Ukraine of shelling the town on Monday."


@pytest.mark.parametrize("most", [5, 8, 13, 40])
@pytest.mark.parametrize("unit", ["Russia shelled the town, ", "Putin said that ", "one two three four five six "])
def test_long_sentence_pieces_are_short_in_order_and_cover_every_word(nlp, most: int, unit: str) -> None:
    sent = _sentence(nlp, unit * 30 + "and that was all.")
    pieces = list(sentence_pieces(sent, most=most))
    assert len(pieces) > 1
    assert all(0 < len(p) <= most for p in pieces)
    assert [t.i for p in pieces for t in p] == [t.i for t in sent if not t.is_space]
    assert all(not p[0].is_space and not p[-1].is_space for p in pieces)


def test_a_long_sentence_is_cut_after_a_clause_mark_in_the_second_half(nlp) -> None:
    sent = _sentence(nlp, "Russia shelled the town, " * 10 + "and that was all.")
    pieces = list(sentence_pieces(sent, most=12))
    assert all(p[-1].text == "," for p in pieces[:-1])  # 6 tokens a clause: two clauses a piece


@pytest.mark.parametrize("at", [3, 9, 10, 11])
def test_a_long_sentence_is_never_cut_inside_an_actor_mention(nlp, at: int) -> None:
    sent = _sentence(nlp, " ".join(["word"] * 40) + ".")
    keep = [(at, at + 3)]  # a three-token mention somewhere around the first cut (after token 10)
    pieces = list(sentence_pieces(sent, most=10, keep=keep))
    for p in pieces:
        assert not (p.start < at < p.end < at + 3) and not (at < p.start < at + 3)
    assert [t.i for p in pieces for t in p] == [t.i for t in sent]


def _run_on(reps: int) -> Article:
    body = ("Russia's president met China's leader in Moscow on Monday.\n\n"
            + "Putin said that Russia attacked Ukraine and " * reps + "the talks went on.\n\nThe talks ended.")
    return Article(id=f"run-on-{reps}", body=body, published=PUBLISHED)


def test_a_run_on_sentence_is_coded_in_pieces_with_offsets_into_the_article(pipeline, monkeypatch) -> None:
    monkeypatch.setattr(pipeline, "settings", replace(pipeline.settings, max_sentence_tokens=40))
    result = pipeline.process_one(_run_on(30))
    body = result.article.body
    attacks = [e for e in result.events if e.root == "19"]
    assert len({e.start for e in attacks}) >= 5, "events all along the run-on sentence are coded"
    assert max(e.start for e in attacks) > 1000
    for e in result.events:
        assert body[e.start:e.end] == e.sentence
        assert len(e.sentence) < 400  # a piece, not the whole 1,800-character line


def test_news_length_sentences_are_coded_the_same_with_or_without_the_limit(pipeline, monkeypatch) -> None:
    from importlib import resources

    from dyadwatch.readers import read_inputs
    from dyadwatch.settings import Settings

    demo = sorted(str(p) for p in (resources.files("dyadwatch") / "data" / "demo").iterdir() if p.name.endswith(".txt"))
    articles = [a for a in read_inputs(demo[:6], settings=Settings()) if isinstance(a, Article)]
    limited = list(pipeline.process(articles))
    assert sum(len(r.events) for r in limited) > 10
    monkeypatch.setattr(pipeline, "settings", replace(pipeline.settings, max_sentence_tokens=0))
    assert list(pipeline.process(articles)) == limited
    monkeypatch.setattr(pipeline, "settings", replace(pipeline.settings, max_sentence_tokens=12))
    assert list(pipeline.process(articles)) != limited  # the setting is the one in use


def test_a_sentence_of_thousands_of_tokens_is_coded_without_hanging(code_in_child) -> None:
    # 4,800 tokens in one sentence: coded whole, this took over 8 minutes; in pieces, seconds
    code_in_child("'Putin said that ' * 1200 + 'Russia attacked Ukraine.'", then="assert result.coded\n", timeout=240)
