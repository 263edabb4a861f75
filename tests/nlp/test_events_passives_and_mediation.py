"""Event-coding rules added in the third round, on hand-built parses (no spaCy model needed)."""

from __future__ import annotations

from datetime import date

import pytest
import spacy
from spacy.tokens import Doc

from dyadwatch.nlp.actors import ActorRef, Mention
from dyadwatch.nlp.events import EventCoder
from dyadwatch.nlp.lexicon import load_lexicon
from dyadwatch.nlp.temporal import resolve_words

VOCAB = spacy.blank("en").vocab


def doc(spec: list[tuple[str, int, str, str, str]]) -> Doc:
    """spec: (word, head index, dep, pos, lemma) per token."""
    words, heads, deps, pos, lemmas = zip(*spec, strict=True)
    return Doc(VOCAB, words=list(words), heads=list(heads), deps=list(deps), pos=list(pos), lemmas=list(lemmas))


def events(spec, mentions: list[tuple[int, int, str]], day: date | None = None):
    ms = [Mention(s, e, ActorRef(code, code[:3], code[3:] or None, code, "test")) for s, e, code in mentions]
    return [(e.code, e.source.code if e.source else None, e.target.code if e.target else None, e.negated, e.modality)
            for e in EventCoder(load_lexicon()).code(doc(spec), ms, day=day)]


KREMLIN_DECLINED_TO_COMMENT = [
    ("Kremlin", 1, "nsubj", "PROPN", "Kremlin"), ("declined", 1, "ROOT", "VERB", "decline"),
    ("to", 3, "aux", "PART", "to"), ("comment", 1, "xcomp", "VERB", "comment")]
CHINA_NEVER_CONDEMNED_INVASION = [
    ("China", 2, "nsubj", "PROPN", "China"), ("never", 2, "neg", "ADV", "never"),
    ("condemned", 2, "ROOT", "VERB", "condemn"), ("Russia", 5, "poss", "PROPN", "Russia"),
    ("'s", 3, "case", "PART", "'s"), ("invasion", 2, "dobj", "NOUN", "invasion"),
    ("of", 5, "prep", "ADP", "of"), ("Ukraine", 6, "pobj", "PROPN", "Ukraine")]
HUNT_CONDEMNED_SEIZURE_BY_IRAN = [
    ("Hunt", 1, "nsubj", "PROPN", "Hunt"), ("condemned", 1, "ROOT", "VERB", "condemn"),
    ("the", 3, "det", "DET", "the"), ("seizure", 1, "dobj", "NOUN", "seizure"), ("by", 3, "prep", "ADP", "by"),
    ("Iran", 4, "pobj", "PROPN", "Iran")]
LEADER_KILLED_IN_ISRAELI_STRIKE = [
    ("leader", 3, "nsubjpass", "NOUN", "leader"), ("was", 3, "auxpass", "AUX", "be"), ("reportedly", 3, "advmod", "ADV", "reportedly"),
    ("assassinated", 3, "ROOT", "VERB", "assassinate"), ("in", 3, "prep", "ADP", "in"), ("an", 7, "det", "DET", "an"),
    ("Israeli", 7, "amod", "ADJ", "israeli"), ("strike", 4, "pobj", "NOUN", "strike")]
QATAR_AND_EGYPT_MEDIATING = [
    ("Qatar", 4, "nsubj", "PROPN", "Qatar"), ("and", 0, "cc", "CCONJ", "and"), ("Egypt", 0, "conj", "PROPN", "Egypt"),
    ("have", 4, "aux", "AUX", "have"), ("mediated", 4, "ROOT", "VERB", "mediate"), ("between", 4, "prep", "ADP", "between"),
    ("Israel", 5, "pobj", "PROPN", "Israel"), ("and", 6, "cc", "CCONJ", "and"), ("Hamas", 6, "conj", "PROPN", "Hamas")]
SAUDI_HOSTED_DELEGATIONS_FOR_TALKS = [
    ("Saudi", 1, "nsubj", "PROPN", "Saudi"), ("hosted", 1, "ROOT", "VERB", "host"), ("US", 5, "nmod", "PROPN", "US"),
    ("and", 2, "cc", "CCONJ", "and"), ("Ukrainian", 2, "conj", "ADJ", "ukrainian"),
    ("delegations", 1, "dobj", "NOUN", "delegation"), ("for", 1, "prep", "ADP", "for"), ("talks", 6, "pobj", "NOUN", "talk")]
TURKEY_OFFERED_TO_HOST_TALKS_BETWEEN = [
    ("Turkey", 1, "nsubj", "PROPN", "Turkey"), ("offered", 1, "ROOT", "VERB", "offer"), ("to", 3, "aux", "PART", "to"),
    ("host", 1, "xcomp", "VERB", "host"), ("talks", 3, "dobj", "NOUN", "talk"), ("between", 4, "prep", "ADP", "between"),
    ("Russia", 5, "pobj", "PROPN", "Russia"), ("and", 6, "cc", "CCONJ", "and"), ("Ukraine", 6, "conj", "PROPN", "Ukraine")]
PEOPLE_DEMONSTRATED_OUTSIDE_EMBASSY_IN_BERLIN = [
    ("People", 1, "nsubj", "NOUN", "people"), ("demonstrated", 1, "ROOT", "VERB", "demonstrate"),
    ("outside", 1, "prep", "ADP", "outside"), ("the", 5, "det", "DET", "the"), ("Russian", 5, "amod", "ADJ", "russian"),
    ("embassy", 2, "pobj", "NOUN", "embassy"), ("in", 1, "prep", "ADP", "in"), ("Berlin", 6, "pobj", "PROPN", "Berlin")]
SOUTH_AFRICA_SUED_ISRAEL_ACCUSING_IT = [
    ("Africa", 1, "nsubj", "PROPN", "Africa"), ("sued", 1, "ROOT", "VERB", "sue"), ("Israel", 1, "dobj", "PROPN", "Israel"),
    ("at", 1, "prep", "ADP", "at"), ("ICJ", 3, "pobj", "PROPN", "ICJ"), (",", 1, "punct", "PUNCT", ","),
    ("accusing", 1, "advcl", "VERB", "accuse"), ("it", 6, "dobj", "PRON", "it"), ("of", 6, "prep", "ADP", "of"),
    ("genocide", 8, "pobj", "NOUN", "genocide")]
PROTESTERS_BLOCKED_ROADS = [
    ("Protesters", 1, "nsubj", "NOUN", "protester"), ("blocked", 1, "ROOT", "VERB", "block"),
    ("roads", 1, "dobj", "NOUN", "road")]
TRUMP_PLANS_TO_VISIT_CHINA_IN_APRIL = [
    ("Trump", 1, "nsubj", "PROPN", "Trump"), ("plans", 1, "ROOT", "VERB", "plan"), ("to", 3, "aux", "PART", "to"),
    ("visit", 1, "xcomp", "VERB", "visit"), ("China", 3, "dobj", "PROPN", "China"), ("in", 3, "prep", "ADP", "in"),
    ("April", 5, "pobj", "PROPN", "April")]
RUSSIAN_AND_CHINESE_WARSHIPS_BEGAN_EXERCISES = [
    ("Russian", 3, "amod", "ADJ", "russian"), ("and", 0, "cc", "CCONJ", "and"), ("Chinese", 0, "conj", "ADJ", "chinese"),
    ("warships", 4, "nsubj", "NOUN", "warship"), ("began", 4, "ROOT", "VERB", "begin"),
    ("joint", 6, "amod", "ADJ", "joint"), ("exercises", 4, "dobj", "NOUN", "exercise")]
SERBIA_LODGED_PROTEST_WITH_ALBANIA = [
    ("Serbia", 1, "nsubj", "PROPN", "Serbia"), ("lodged", 1, "ROOT", "VERB", "lodge"), ("a", 3, "det", "DET", "a"),
    ("protest", 1, "dobj", "NOUN", "protest"), ("with", 3, "prep", "ADP", "with"), ("Albania", 4, "pobj", "PROPN", "Albania")]


@pytest.mark.parametrize(("spec", "mentions", "expected"), [
    pytest.param(KREMLIN_DECLINED_TO_COMMENT, [(0, 1, "RUSGOV")], [("011", "RUSGOV", None, False, "asserted")],
                 id="declined-to-comment-is-011-not-a-negated-statement"),
    pytest.param(CHINA_NEVER_CONDEMNED_INVASION, [(0, 1, "CHN"), (3, 4, "RUS"), (7, 8, "UKR")],
                 [("111", "CHN", "RUS", True, "asserted"), ("190", "RUS", "UKR", False, "asserted")],
                 id="condemned-act-targets-its-actor-and-keeps-its-own-polarity"),
    pytest.param(HUNT_CONDEMNED_SEIZURE_BY_IRAN, [(0, 1, "GBRGOV"), (5, 6, "IRN")],
                 [("111", "GBRGOV", "IRN", False, "asserted")], id="condemned-act-by-phrase-is-the-target"),
    pytest.param(LEADER_KILLED_IN_ISRAELI_STRIKE, [(0, 1, "PSEREB"), (6, 7, "ISR")],
                 [("186", "ISR", "PSEREB", False, "asserted")], id="agentless-passive-takes-the-agent-of-its-act"),
    pytest.param(QATAR_AND_EGYPT_MEDIATING, [(0, 1, "QAT"), (2, 3, "EGY"), (6, 7, "ISR"), (8, 9, "PSE")],
                 [("045", "QAT", "ISR", False, "asserted"), ("045", "QAT", "PSE", False, "asserted"),
                  ("045", "EGY", "ISR", False, "asserted"), ("045", "EGY", "PSE", False, "asserted")],
                 id="mediation-between-two-sides-is-one-event-per-mediator-and-side"),
    pytest.param(SAUDI_HOSTED_DELEGATIONS_FOR_TALKS, [(0, 1, "SAU"), (2, 3, "USA"), (4, 5, "UKR")],
                 [("043", "SAU", "USA", False, "asserted"), ("043", "SAU", "UKR", False, "asserted"),
                  ("040", "USA", "UKR", False, "asserted")], id="hosted-guests-for-talks-talk-to-each-other"),
    pytest.param(TURKEY_OFFERED_TO_HOST_TALKS_BETWEEN, [(0, 1, "TUR"), (6, 7, "RUS"), (8, 9, "UKR")],
                 [("039", "TUR", "RUS", False, "asserted"), ("039", "TUR", "UKR", False, "asserted")],
                 id="offer-to-host-talks-between-is-intent-to-mediate"),
    pytest.param(PEOPLE_DEMONSTRATED_OUTSIDE_EMBASSY_IN_BERLIN, [(4, 5, "RUS"), (7, 8, "DEUGOV")],
                 [("141", "DEU", "RUS", False, "asserted")], id="unnamed-protesters-are-coded-by-where-they-protest"),
    pytest.param(SOUTH_AFRICA_SUED_ISRAEL_ACCUSING_IT, [(0, 1, "ZAF"), (2, 3, "ISR"), (4, 5, "IGOUNOICJ")],
                 [("1124", "ZAF", "ISR", False, "asserted")],
                 id="it-as-target-is-the-state-named-before-it-not-the-court"),
    pytest.param(PROTESTERS_BLOCKED_ROADS, [(0, 1, "FRAOPP")], [("144", "FRAOPP", None, False, "asserted")],
                 id="blocked-roads-is-obstruction-144"),
    pytest.param(RUSSIAN_AND_CHINESE_WARSHIPS_BEGAN_EXERCISES, [(0, 1, "RUS"), (2, 4, "CHNMIL")],
                 [("062", "CHNMIL", "RUS", False, "asserted")], id="coordinated-modifiers-name-both-sides"),
    pytest.param(SERBIA_LODGED_PROTEST_WITH_ALBANIA, [(0, 1, "SRB"), (5, 6, "ALB")],
                 [("114", "SRB", "ALB", False, "asserted")], id="lodged-protest-is-an-official-complaint"),
])
def test_round3_rules(spec, mentions, expected) -> None:
    assert sorted(events(spec, mentions)) == sorted(expected)


def test_a_plan_codes_the_planned_act_dated_forward() -> None:
    evs = events(TRUMP_PLANS_TO_VISIT_CHINA_IN_APRIL, [(0, 1, "USAGOV"), (4, 5, "CHN")], day=date(2026, 1, 20))
    assert evs == [("042", "USAGOV", "CHN", False, "intended")]
    coder = EventCoder(load_lexicon())
    ms = [Mention(0, 1, ActorRef("USAGOV", "USA", "GOV", "Trump", "test")), Mention(4, 5, ActorRef("CHN", "CHN", None, "China", "test"))]
    (ev,) = coder.code(doc(TRUMP_PLANS_TO_VISIT_CHINA_IN_APRIL), ms, day=date(2026, 1, 20))
    assert (ev.date.value, ev.date.precision) == ("2026-04", "month")


@pytest.mark.parametrize(("words", "future", "expected"), [
    (["in", "april"], False, "2025-04"), (["in", "april"], True, "2026-04"),
    (["in", "january"], True, "2026-01"), (["on", "friday"], True, "2026-01-23"), (["on", "friday"], False, "2026-01-16"),
])
def test_planned_acts_take_the_coming_month_or_weekday(words, future, expected) -> None:
    assert resolve_words(words, day=date(2026, 1, 20), future=future).value == expected
