"""Event-coding rules on hand-built parses (explicit heads and deps), so no spaCy model is needed."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from dyadwatch.nlp.actors import ActorRef, Mention
from dyadwatch.nlp.events import EventCoder, _committed, _expand, _requested, intent_code
from dyadwatch.nlp.lexicon import load_lexicon

VOCAB = spacy.blank("en").vocab


def doc(spec: list[tuple[str, int, str, str, str]]) -> Doc:
    """spec: (word, head index, dep, pos, lemma) per token."""
    words, heads, deps, pos, lemmas = zip(*spec, strict=True)
    return Doc(VOCAB, words=list(words), heads=list(heads), deps=list(deps), pos=list(pos), lemmas=list(lemmas))


def ref(code: str) -> ActorRef:
    return ActorRef(code, code[:3], code[3:] or None, code, "test")


@pytest.mark.parametrize(("code", "expected"), [
    ("072", "0332"), ("070", "033"), ("040", "036"), ("0871", "0356"), ("163", "1312"), ("190", "138"),
    ("195", "138"), ("010", "010"), ("120", "120"),
])
def test_committed_future_act_is_coded_as_intent(code: str, expected: str) -> None:
    assert intent_code(code) == expected


GERMANY_WILL_SEND = [("Germany", 2, "nsubj", "PROPN", "Germany"), ("will", 2, "aux", "AUX", "will"),
                     ("send", 2, "ROOT", "VERB", "send"), ("tanks", 2, "dobj", "NOUN", "tank")]
GERMANY_PLEDGED_TO_SEND = [("Germany", 1, "nsubj", "PROPN", "Germany"), ("pledged", 1, "ROOT", "VERB", "pledge"),
                           ("to", 3, "aux", "PART", "to"), ("send", 1, "xcomp", "VERB", "send"),
                           ("tanks", 3, "dobj", "NOUN", "tank")]
GERMANY_SENT = [("Germany", 1, "nsubj", "PROPN", "Germany"), ("sent", 1, "ROOT", "VERB", "send"),
                ("tanks", 1, "dobj", "NOUN", "tank")]
IRAQ_SAID_IT_WOULD = [("Iraq", 1, "nsubj", "PROPN", "Iraq"), ("said", 1, "ROOT", "VERB", "say"),
                      ("it", 4, "nsubj", "PRON", "it"), ("would", 4, "aux", "AUX", "would"),
                      ("allow", 1, "ccomp", "VERB", "allow"), ("inspections", 4, "dobj", "NOUN", "inspection")]
IF_ATTACKED_WOULD = [("it", 2, "nsubj", "PRON", "it"), ("would", 2, "aux", "AUX", "would"),
                     ("strike", 2, "ROOT", "VERB", "strike"), ("if", 4, "mark", "SCONJ", "if"),
                     ("attacked", 2, "advcl", "VERB", "attack")]


@pytest.mark.parametrize(("spec", "verb_at", "expected"), [
    (GERMANY_WILL_SEND, 2, True),
    (GERMANY_PLEDGED_TO_SEND, 3, True),
    (GERMANY_SENT, 1, False),
    (IRAQ_SAID_IT_WOULD, 4, True),
    (IF_ATTACKED_WOULD, 4, False),
])
def test_commitment_is_will_a_commit_verb_or_reported_would(spec, verb_at: int, expected: bool) -> None:
    assert _committed(doc(spec)[verb_at]) is expected


CHINA_DEMANDED_THAT = [("China", 1, "nsubj", "PROPN", "China"), ("demanded", 1, "ROOT", "VERB", "demand"),
                       ("that", 4, "mark", "SCONJ", "that"), ("Russia", 4, "nsubj", "PROPN", "Russia"),
                       ("release", 1, "ccomp", "VERB", "release"), ("him", 4, "dobj", "PRON", "he")]
KYIV_URGED_BERLIN_TO = [("Kyiv", 1, "nsubj", "PROPN", "Kyiv"), ("urged", 1, "ROOT", "VERB", "urge"),
                        ("Berlin", 1, "dobj", "PROPN", "Berlin"), ("to", 4, "aux", "PART", "to"),
                        ("send", 1, "xcomp", "VERB", "send"), ("tanks", 4, "dobj", "NOUN", "tank")]


@pytest.mark.parametrize(("spec", "verb_at", "expected"), [
    (CHINA_DEMANDED_THAT, 4, True),
    (KYIV_URGED_BERLIN_TO, 4, True),
    (GERMANY_PLEDGED_TO_SEND, 3, False),
    (GERMANY_SENT, 1, False),
])
def test_what_was_demanded_or_urged_is_not_an_event(spec, verb_at: int, expected: bool) -> None:
    assert _requested(doc(spec)[verb_at]) is expected


def coder_events(spec, mentions: list[tuple[int, str]]):
    d = doc(spec)
    ms = [Mention(i, i + 1, ref(code)) for i, code in mentions]
    return EventCoder(load_lexicon()).code(d, ms, day=None)


def test_demand_targets_the_subject_of_its_complement() -> None:
    evs = coder_events(CHINA_DEMANDED_THAT, [(0, "CHN"), (3, "RUS")])
    assert [(e.code[:2], e.source.code, e.target and e.target.code) for e in evs] == [("10", "CHN", "RUS")]


def test_pledge_to_send_is_one_intent_event_not_two() -> None:
    spec = [*GERMANY_PLEDGED_TO_SEND, ("to", 3, "prep", "ADP", "to"), ("Ukraine", 5, "pobj", "PROPN", "Ukraine")]
    evs = coder_events(spec, [(0, "DEU"), (6, "UKR")])
    assert [(e.code[:2], e.source.code, e.target and e.target.code, e.modality) for e in evs] == \
        [("03", "DEU", "UKR", "asserted")]  # a pledge is made now (tests/gold/README.md)


def test_target_named_only_as_where_the_strike_landed() -> None:
    spec = [("India", 1, "nsubj", "PROPN", "India"), ("struck", 1, "ROOT", "VERB", "strike"),
            ("sites", 1, "dobj", "NOUN", "site"), ("in", 2, "prep", "ADP", "in"),
            ("Pakistan", 3, "pobj", "PROPN", "Pakistan")]
    evs = coder_events(spec, [(0, "IND"), (4, "PAK")])
    assert [(e.code[:2], e.source.code, e.target and e.target.code) for e in evs] == [("19", "IND", "PAK")]


def test_coordinated_sources_of_a_one_sided_act_give_one_event_each() -> None:
    d = doc(GERMANY_SENT)
    from dyadwatch.nlp.events import CodedEvent
    ev = CodedEvent("190", ref("USA"), ref("YEM"), d[1], source_actors=[ref("USA"), ref("GBR")],
                    target_actors=[ref("YEM")])
    assert sorted((e.source.code, e.target.code) for e in _expand(ev)) == [("GBR", "YEM"), ("USA", "YEM")]


def test_coordinated_sides_of_a_mutual_act_without_target_stay_one_event() -> None:
    d = doc(GERMANY_SENT)
    from dyadwatch.nlp.events import CodedEvent
    ev = CodedEvent("040", ref("USAGOV"), ref("CHNGOV"), d[1], source_actors=[ref("USAGOV"), ref("CHNGOV")],
                    target_actors=[ref("USAGOV"), ref("CHNGOV")], mutual=True)
    assert len(_expand(ev)) == 1


def test_self_event_of_the_same_actor_is_dropped() -> None:
    d = doc(GERMANY_SENT)
    from dyadwatch.nlp.events import CodedEvent
    ev = CodedEvent("190", ref("RUSMIL"), ref("RUSMIL"), d[1])
    assert _expand(ev) == []
