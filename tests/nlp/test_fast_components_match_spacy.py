"""The speed-ups (issue 8) change nothing but speed: the fast attribute ruler and lemmatizer set what
spaCy's own set, numpy's matrix multiply parses as BLIS does, and the entity recogniser is skipped only
where no figure can come out."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from dyadwatch.errors import UsageError
from dyadwatch.nlp.backend import set_matmul
from dyadwatch.nlp.fast_rules import FastAttributeRuler, Memo, speed_up
from dyadwatch.pipeline import load_nlp

WORDS = ["There", "was", "n't", "a", "storm", " ", "They", "were", "gone", "and", "it", "was", "over"]
SPACES = [True, False, True, True, False, False, True, True, True, True, True, True, False]
TAGS = ["EX", "VBD", "RB", "DT", "NN", "_SP", "PRP", "VBD", "VBN", "CC", "PRP", "VBD", "RB"]
DEPS = ["expl", "ROOT", "neg", "det", "attr", "dep", "nsubjpass", "auxpass", "conj", "cc", "nsubj", "conj", "advmod"]
HEADS = [1, 1, 1, 4, 1, 4, 8, 8, 1, 8, 11, 8, 11]


def _ruler():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"TAG": "NN"}]], {"POS": "NOUN"})
    ruler.add([[{"TAG": "VBD"}]], {"POS": "VERB", "MORPH": "Tense=Past"})
    ruler.add([[{"TAG": "VBD", "LOWER": {"IN": ["was", "were"]}}]], {"POS": "AUX", "LEMMA": "be"})  # later wins POS
    ruler.add([[{"DEP": "expl"}, {"LOWER": {"IN": ["is", "was"]}}]], {"POS": "VERB"}, index=1)  # multi-token
    ruler.add([[{"LOWER": {"REGEX": "^n'?t$"}}]], {"LEMMA": "not", "POS": "PART"})
    ruler.add([[{"TAG": {"NOT_IN": ["TO", ""]}, "DEP": {"IN": ["aux", "auxpass"]}}]], {"POS": "AUX"})
    ruler.add([[{"LOWER": "storm"}]], {"TAG": "NNP"})
    ruler.add([[{"TAG": "NNP"}]], {"MORPH": "Number=Sing"})  # tested on the Doc as it came: not on "storm"
    ruler.add([[{"IS_SPACE": True}]], {"POS": "SPACE"})
    return nlp, ruler


def _doc(vocab) -> Doc:
    return Doc(vocab, words=WORDS, spaces=SPACES, tags=TAGS, deps=DEPS, heads=HEADS)


def _attrs(doc: Doc) -> list[tuple[str, ...]]:
    return [(t.pos_, t.tag_, t.dep_, str(t.morph), t.lemma_) for t in doc]


def test_fast_attribute_ruler_sets_what_spacys_ruler_sets_on_a_hand_built_doc():
    nlp, ruler = _ruler()
    want = _attrs(ruler(_doc(nlp.vocab)))
    got = _attrs(FastAttributeRuler(ruler)(_doc(nlp.vocab)))
    assert got == want
    by_word = dict(zip(WORDS, got, strict=False))
    assert by_word["were"][0] == "AUX" and by_word["were"][4] == "be"  # the later pattern won
    assert got[1][0] == "VERB"  # "There was": the multi-token pattern, applied in pattern order
    assert by_word["storm"][1] == "NNP" and by_word["storm"][3] == ""  # a tag set by a rule is not matched again
    assert by_word["n't"][4] == "not"


@pytest.mark.parametrize("limit", [1, 3, 1000])
def test_fast_attribute_ruler_answers_the_same_when_its_memo_turns_over(monkeypatch, limit: int):
    from dyadwatch.nlp import fast_rules

    monkeypatch.setattr(fast_rules, "_MEMO_LIMIT", limit)
    nlp, ruler = _ruler()
    want = _attrs(ruler(_doc(nlp.vocab)))
    fast = FastAttributeRuler(ruler)
    for _ in range(3):  # the memo's generations fill and turn over
        assert _attrs(fast(_doc(nlp.vocab))) == want
    assert len(fast._known) <= 2 * limit


def test_a_memo_holds_at_most_two_generations():
    memo: Memo[int, str] = Memo(3)
    for k in range(10):
        memo.put(k, str(k))
    assert len(memo) == 4  # 0..5 are gone: the old generation holds 6, 7, 8 and the young one 9
    assert [memo.get(k) for k in range(10)] == [None] * 6 + ["6", "7", "8", "9"]


def test_a_memo_keeps_an_answer_that_is_used_however_many_others_pass_through():
    memo: Memo[str, int] = Memo(4)
    memo.put("the", 1)
    for k in range(100):
        memo.put(f"rare{k}", k)
        assert memo.get("the") == 1, k  # found in the old generation, it moves back into the young one
    assert memo.get("rare0") is None and len(memo) <= 8


def test_a_memo_answers_from_the_old_generation_and_promotes_the_answer():
    memo: Memo[str, int] = Memo(2)
    memo.put("a", 1)
    memo.put("b", 2)
    memo.put("c", 3)  # young {a, b} becomes old
    assert "a" not in memo.young and memo.get("a") == 1
    assert memo.young == {"c": 3, "a": 1}


@pytest.mark.parametrize("pattern", [
    [{"POS": "NOUN"}],
    [{"LOWER": "a", "OP": "?"}],
    [{"LENGTH": {">=": 3}}],
])
def test_a_pattern_the_fast_ruler_cannot_evaluate_leaves_spacys_ruler_in_place(pattern):
    nlp, ruler = _ruler()
    ruler.add([pattern], {"MORPH": "Foo=Bar"})
    assert "attribute_ruler" not in speed_up(nlp)
    assert nlp.get_pipe("attribute_ruler") is ruler


TEXT = ("There was no agreement, officials said. Russia's foreign minister Sergei Lavrov met his Chinese "
        "counterpart in Beijing on Tuesday and they're gon na meet again. Let's see, said the minister, who "
        "didn't give details.  \n\n The two countries' trade rose 40.7 per cent to $93.8bn in the first five "
        "months, while 12 soldiers were killed and dozens of protesters were arrested in Tbilisi.")


@pytest.fixture(scope="module")
def spacy_default():
    return load_nlp()


def test_the_fast_pipeline_parses_exactly_as_spacys_default(pipeline, spacy_default):
    want, got = spacy_default(TEXT), pipeline.nlp(TEXT)
    assert [type(c).__name__ for _, c in pipeline.nlp.pipeline if "Fast" in type(c).__name__] == \
        ["FastAttributeRuler", "FastLemmatizer"]
    assert [(t.text, t.tag_, t.pos_, t.dep_, t.head.i, str(t.morph), t.lemma_, t.ent_type_) for t in got] == \
        [(t.text, t.tag_, t.pos_, t.dep_, t.head.i, str(t.morph), t.lemma_, t.ent_type_) for t in want]


def test_an_unknown_matmul_is_a_usage_error_that_names_the_choices(spacy_default):
    with pytest.raises(UsageError, match="numpy, blis"):
        set_matmul(spacy_default, "gpu")


FIGURES = [
    "Trade rose 40.7 per cent to $93.8bn in the first five months.",
    "At least 12 soldiers were killed in the attack.",
    "Most of Karabakh's 120,000 Armenians would leave, the prime minister said.",
    "Dozens of protesters were arrested in Tbilisi.",
    "The death toll rose to 45 on Sunday.",
]
NO_FIGURES = [
    "The two leaders met in Beijing in 1992.",
    "They talked for two days at a hotel.",
    "Talks resumed on June 13 after a pause.",
    "Pakistan ordered diplomats from seven countries to leave.",
]


@pytest.mark.parametrize("sentence", FIGURES + NO_FIGURES)
def test_the_entity_recogniser_is_skipped_only_where_no_figure_can_come_out(pipeline, sentence):
    parsed = pipeline.nlp(sentence, disable=["ner"])
    figures = pipeline.figures.read(pipeline.nlp(sentence), [], day=None)
    if figures:
        assert pipeline.figures.could_hold(parsed)
    assert bool(figures) == (sentence in FIGURES)
    if sentence in NO_FIGURES:
        assert not pipeline.figures.could_hold(parsed), "a sentence without figures still goes to the recogniser"
