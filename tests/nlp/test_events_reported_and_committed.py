"""Event-coding rules added in the second round, on hand-built parses (no spaCy model needed)."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from dyadwatch.codebook import codebook, lookup
from dyadwatch.evaluate import _plover_roots
from dyadwatch.nlp.actors import ActorRef, Mention
from dyadwatch.nlp.events import EventCoder, demand_code, reject_code, stop_code
from dyadwatch.nlp.lexicon import inflections, load_lexicon

VOCAB = spacy.blank("en").vocab


def doc(spec: list[tuple[str, int, str, str, str]]) -> Doc:
    """spec: (word, head index, dep, pos, lemma) per token."""
    words, heads, deps, pos, lemmas = zip(*spec, strict=True)
    return Doc(VOCAB, words=list(words), heads=list(heads), deps=list(deps), pos=list(pos), lemmas=list(lemmas))


def coder_events(spec, mentions: list[tuple[int, str]]):
    ms = [Mention(i, i + 1, ActorRef(code, code[:3], code[3:] or None, code, "test")) for i, code in mentions]
    return EventCoder(load_lexicon()).code(doc(spec), ms, day=None)

RUSSIA_SAID_SUDAN_MUST_RETURN = [
    ("Russia", 1, "nsubj", "PROPN", "Russia"), ("said", 1, "ROOT", "VERB", "say"),
    ("Sudan", 4, "nsubj", "PROPN", "Sudan"), ("must", 4, "aux", "AUX", "must"),
    ("return", 1, "ccomp", "VERB", "return"), ("prisoners", 4, "dobj", "NOUN", "prisoner")]
RUSSIA_SAID_SUDAN_RETURNED = [
    ("Russia", 1, "nsubj", "PROPN", "Russia"), ("said", 1, "ROOT", "VERB", "say"),
    ("Sudan", 3, "nsubj", "PROPN", "Sudan"), ("returned", 1, "ccomp", "VERB", "return"),
    ("prisoners", 3, "dobj", "NOUN", "prisoner")]
REBELS_SAID_THEY_WILL_RELEASE = [
    ("rebels", 1, "nsubj", "NOUN", "rebel"), ("said", 1, "ROOT", "VERB", "say"),
    ("they", 4, "nsubj", "PRON", "they"), ("will", 4, "aux", "AUX", "will"),
    ("release", 1, "ccomp", "VERB", "release"), ("hostages", 4, "dobj", "NOUN", "hostage")]
SYRIA_SAID_IT_WILL_NOT_ACCEPT = [
    ("Syria", 1, "nsubj", "PROPN", "Syria"), ("said", 1, "ROOT", "VERB", "say"),
    ("it", 5, "nsubj", "PRON", "it"), ("will", 5, "aux", "AUX", "will"), ("not", 5, "neg", "PART", "not"),
    ("release", 1, "ccomp", "VERB", "release"), ("prisoners", 5, "dobj", "NOUN", "prisoner")]
JORDAN_AND_BRITAIN_AGREED_TO_UNDERTAKE = [
    ("Jordan", 3, "nsubj", "PROPN", "Jordan"), ("and", 0, "cc", "CCONJ", "and"),
    ("Britain", 0, "conj", "PROPN", "Britain"), ("agreed", 3, "ROOT", "VERB", "agree"),
    ("to", 5, "aux", "PART", "to"), ("undertake", 3, "xcomp", "VERB", "undertake"),
    ("reforms", 5, "dobj", "NOUN", "reform")]
BIDEN_AND_XI_SPOKE_BY_PHONE = [
    ("Biden", 3, "nsubj", "PROPN", "Biden"), ("and", 0, "cc", "CCONJ", "and"), ("Xi", 0, "conj", "PROPN", "Xi"),
    ("spoke", 3, "ROOT", "VERB", "speak"), ("by", 3, "prep", "ADP", "by"), ("phone", 4, "pobj", "NOUN", "phone")]
ERDOGAN_SPOKE_WITH_PUTIN = [
    ("Erdogan", 1, "nsubj", "PROPN", "Erdogan"), ("spoke", 1, "ROOT", "VERB", "speak"),
    ("with", 1, "prep", "ADP", "with"), ("Putin", 2, "pobj", "PROPN", "Putin")]
GERMANY_SUSPENDED_TALKS_WITH_IRAN = [
    ("Germany", 1, "nsubj", "PROPN", "Germany"), ("suspended", 1, "ROOT", "VERB", "suspend"),
    ("talks", 1, "dobj", "NOUN", "talk"), ("with", 2, "prep", "ADP", "with"), ("Iran", 3, "pobj", "PROPN", "Iran")]
GERMANY_HELD_TALKS_WITH_IRAN = [
    ("Germany", 1, "nsubj", "PROPN", "Germany"), ("held", 1, "ROOT", "VERB", "hold"),
    ("talks", 1, "dobj", "NOUN", "talk"), ("with", 2, "prep", "ADP", "with"), ("Iran", 3, "pobj", "PROPN", "Iran")]
GROUPS_IN_ZIMBABWE_PROTESTED = [
    ("groups", 3, "nsubj", "NOUN", "group"), ("in", 0, "prep", "ADP", "in"),
    ("Zimbabwe", 1, "pobj", "PROPN", "Zimbabwe"), ("protested", 3, "ROOT", "VERB", "protest")]
SUDAN_LIFTED_STATE_OF_EMERGENCY = [
    ("Sudan", 1, "nsubj", "PROPN", "Sudan"), ("lifted", 1, "ROOT", "VERB", "lift"),
    ("state", 1, "dobj", "NOUN", "state"), ("of", 2, "prep", "ADP", "of"), ("emergency", 3, "pobj", "NOUN", "emergency")]
ISRAEL_ATTACKED_UKRAINE_SAID = [
    ("Russia", 1, "nsubj", "PROPN", "Russia"), ("attacked", 5, "ccomp", "VERB", "attack"),
    ("a", 3, "det", "DET", "a"), ("port", 1, "dobj", "NOUN", "port"),
    ("officials", 5, "nsubj", "NOUN", "official"), ("said", 5, "ROOT", "VERB", "say")]


def summary(spec, mentions):
    return sorted((e.code, e.source.code, e.target and e.target.code, e.negated, e.modality)
                  for e in coder_events(spec, mentions))


def test_said_that_someone_must_act_is_a_demand_on_them_and_the_act_is_not_coded() -> None:
    evs = summary(RUSSIA_SAID_SUDAN_MUST_RETURN, [(0, "RUS"), (2, "SDN")])
    assert evs == [("1053", "RUS", "SDN", False, "asserted")]


def test_said_that_someone_acted_is_a_statement_plus_the_reported_act() -> None:
    evs = summary(RUSSIA_SAID_SUDAN_RETURNED, [(0, "RUS"), (2, "SDN")])
    assert [e[0][:2] for e in evs] == ["01", "08"]
    assert [(e[0][:2], e[1], e[4]) for e in evs][1] == ("08", "SDN", "reported")


def test_unresolved_pronoun_subject_of_a_reported_clause_is_the_speaker() -> None:
    evs = summary(REBELS_SAID_THEY_WILL_RELEASE, [(0, "FJIREB")])
    assert ("0353", "FJIREB", None, False, "asserted") in evs  # a pledge is made now (tests/gold/README.md)


def test_saying_one_will_not_do_a_cooperative_act_is_a_rejection() -> None:
    evs = summary(SYRIA_SAID_IT_WILL_NOT_ACCEPT, [(0, "SYR")])
    assert ("1243", "SYR", None, False, "asserted") in evs
    assert any(e[3] for e in evs)  # the refused act itself stays, flagged negated


def test_commitment_whose_complement_codes_nothing_is_itself_the_event() -> None:
    evs = summary(JORDAN_AND_BRITAIN_AGREED_TO_UNDERTAKE, [(0, "JOR"), (2, "GBR")])
    assert [(e[0], e[1], e[2]) for e in evs] == [("030", "JOR", "GBR")]


@pytest.mark.parametrize(("spec", "mentions", "expected"), [
    (BIDEN_AND_XI_SPOKE_BY_PHONE, [(0, "USAGOV"), (2, "CHNGOV")], "041"),
    (ERDOGAN_SPOKE_WITH_PUTIN, [(0, "TURGOV"), (3, "RUSGOV")], "040"),
])
def test_speaking_with_a_counterpart_is_a_consultation_and_by_phone_a_call(spec, mentions, expected: str) -> None:
    assert [e[0] for e in summary(spec, mentions)] == [expected]


@pytest.mark.parametrize(("spec", "expected"), [
    (GERMANY_SUSPENDED_TALKS_WITH_IRAN, "164"),
    (GERMANY_HELD_TALKS_WITH_IRAN, "040"),
])
def test_halting_a_cooperative_act_reduces_relations(spec, expected: str) -> None:
    assert [(e[0], e[1], e[2]) for e in summary(spec, [(0, "DEU"), (4, "IRN")])] == [(expected, "DEU", "IRN")]


def test_group_named_only_by_where_it_is_stands_for_that_country() -> None:
    evs = summary(GROUPS_IN_ZIMBABWE_PROTESTED, [(2, "ZWE")])
    assert [(e[0][:2], e[1]) for e in evs] == [("14", "ZWE")]


def test_pattern_preposition_inside_the_object_phrase_matches() -> None:
    evs = summary(SUDAN_LIFTED_STATE_OF_EMERGENCY, [(0, "SDN")])
    assert [e[0] for e in evs] == ["0814"]


def test_reported_attack_without_a_named_target_is_against_the_reporting_side() -> None:
    evs = summary(ISRAEL_ATTACKED_UKRAINE_SAID, [(0, "RUS"), (4, "UKRGOV")])
    assert ("190", "RUS", "UKR", False, "reported") in evs


@pytest.mark.parametrize(("fn", "code", "expected"), [
    (demand_code, "0842", "1053"), (demand_code, "040", "106"), (demand_code, "190", "100"),
    (reject_code, "040", "125"), (reject_code, "0841", "1243"), (reject_code, "010", "120"),
    (stop_code, "072", "1622"), (stop_code, "045", "165"), (stop_code, "190", None),
])
def test_what_was_demanded_refused_or_halted_picks_the_cameo_subcode(fn, code: str, expected) -> None:
    assert fn(code) == expected
    if expected is not None:
        assert expected in codebook()


@pytest.mark.parametrize(("lemma", "form"), [
    ("shell", "shelled"), ("seize", "seized"), ("seize", "seizing"), ("ban", "banned"), ("ally", "allied"),
    ("strike", "strikes"),
])
def test_sentence_selector_cues_include_regular_inflections(lemma: str, form: str) -> None:
    assert form in inflections(lemma)


@pytest.mark.parametrize(("code", "plover"), [
    ("010", None), ("02", None), ("0256", None), ("036", "AGREE"), ("08", "CONCEDE"), ("0841", "RETREAT"),
    ("100", "REQUEST"), ("1056", "REQUEST"), ("090", "ACCUSE"), ("112", "ACCUSE"), ("163", "COERCE"),
    ("190", "ASSAULT"), ("20", "ASSAULT"),
])
def test_codebook_plover_type_follows_cameo2plover_2021(code: str, plover) -> None:
    assert lookup(code).plover == plover


def test_appeals_and_statements_map_to_no_plover_type_in_evaluation() -> None:
    roots = _plover_roots()
    assert not any(r in {"01", "02"} for rs in roots.values() for r in rs)
    assert roots["REQUEST"] == {"10"} and roots["DEMAND"] == {"10"}
