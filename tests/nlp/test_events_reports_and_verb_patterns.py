"""Round 9 rules: a finite clause under "told" is a report, not a request; a domestic act whose only "target" is
its own country stands without one; "up to N people" read as the object; "engaged in" / "took part in" an event
noun names its agent; short acronyms match only as written."""

from __future__ import annotations

import pytest
from eventhelp import coded, coded_events


@pytest.mark.parametrize(("text", "want"), [
    # "..., officials told Reuters": the clause is reported, not requested
    ("The Israeli army lifted a blockade on Palestinian trucks at the crossing on Friday, officials told Reuters.",
     ("0872", "ISR", "PSE")),
    ("Ukrainian forces shelled Russian positions near Bakhmut overnight, a military spokesman told AFP.",
     ("19", "UKR", "RUS")),
    # a curfew in one's own town: the act stands, the own country is not its target
    ("Turkish authorities have imposed a curfew in the town of Cizre after a demonstration, security sources said.",
     ("1723", "TUR", None)),
    ("Pakistani authorities imposed a curfew in the city of Quetta on Monday.", ("17", "PAK", None)),
    # "up to 16 advisers": a quantifier, not a particle and a preposition
    ("Afghan rebels have kidnapped up to 16 Russian civilian advisers from a town bazaar, sources said.",
     ("181", "AFG", None)),
    # the subject of "engaged in" / "took part in" is the agent of the event noun
    ("Serb forces were engaged in ethnic cleansing against the Albanian population, the US government said.",
     ("20", "SRB", "ALB")),
    ("Belarusian troops took part in the invasion of Ukraine, Kyiv said.", ("19", "BLR", "UKR")),
    # "X-led forces" are X's
    ("Saudi-led forces struck Houthi positions in Yemen on Monday.", ("19", "SAU", "YEM")),
    ("Vietnamese-led forces have retaken a strategic village in western Cambodia.", ("19", "VNM", "KHM")),
    # a weapon as subject: the attack is placed in the country where it struck (as its passive form is)
    ("A roadside bomb near the town of Samarra killed two Iraqi policemen on Sunday.", ("18", "IRQ", None)),
    # blocking roads is a protest; an unnamed crowd is coded by where it protests, also named on the object
    ("Hundreds of thousands of people blocked streets in Hong Kong to demand democratic reforms.",
     ("144", "HKG", None)),
    # an unnamed crowd placed by where it rallies, against its own government
    ("Angry activists from the defeated Fatah Party have staged rallies in the Gaza Strip against the party's leader "
     "Mahmoud Abbas, saying he must resign.",
     ("141", "PSE", "PSE")),
    # "ended mediation efforts": halting mediation
    ("Egyptian officials ended mediation efforts between Israel and Hamas on Friday.", ("165", "EGY", None)),
    # a declaration of what another must do is a demand
    ("The Bush administration declared on Tuesday that China must drop barriers to US exports.", ("10", "USA", "CHN")),
    # object-selected codes (verbs_extra.tsv pattern rows)
    ("Serbia eased emergency measures in the province on Wednesday.", ("081", "SRB", None)),
    ("The United Nations reduced food supplies to Cambodian refugees in Thailand.", ("162", "IGO", "KHM")),
    ("Rebels in Ivory Coast dismissed an appeal from the government to lay down their arms.", ("12", "CIV", None)),
    ("The United States is providing military intelligence to Ukraine.", ("07", "USA", "UKR")),
    # lawsuits and beatings
    ("A Saudi businessman is suing the United States for damages to his plant.", ("115", "SAU", "USA")),
    ("Russian police beat up a British journalist in Moscow on Monday.", ("18", "RUS", "GBR")),
    # two acts of force joined by "and" are both kept
    ("Afghan rebels kidnapped 16 Russian advisers and exploded a series of bombs in Kabul.", ("181", "AFG", None)),
    # an event in a relative clause of what was agreed is not the agreement
    ("Ethiopia has agreed to reopen its borders to UN peacekeepers, who oversee a ceasefire between Ethiopia and "
     "Eritrea.", ("03", "ETH", None)),
])
def test_rule(pipeline, text: str, want: tuple[str, str | None, str | None]) -> None:
    got = coded_events(pipeline, text)
    assert any(c.startswith(want[0]) and s == want[1] and (want[2] is None or t == want[2]) for c, s, t in got), got


@pytest.mark.parametrize(("text", "bad"), [
    # "told X to do": still a request, not done
    ("The president told the army to lift the blockade on Gaza.", "087"),
    # a pronoun under "told" is the tellers' (unnamed residents), not the last named actor
    ("Mike Pompeo said he had called both foreign ministers. Residents of the village told local reporters they "
     "heard four loud explosions before dawn.", "04"),
    # a domestic act with a named foreign target keeps it
    ("The Turkish army shelled Kurdish positions in Syria on Monday.", None),
])
def test_not_coded(pipeline, text: str, bad: str | None) -> None:
    got = coded_events(pipeline, text)
    if bad is None:
        assert any(t == "SYR" for _, _, t in got), got
    else:
        assert not any(c.startswith(bad) for c, _, _ in got), got


@pytest.mark.parametrize(("text", "absent", "present"), [
    # a short acronym only as written: "Gia" is a Vietnamese name, "GIA" the Armed Islamic Group
    ("Planning and Investment Minister Tran Xuan Gia said Vietnam would open its economy.", "DZAREB", None),
    ("The GIA claimed the attack on the village.", None, "DZAREB"),
    # house styles of longer acronyms still match
    ("Nato troops arrived in Kosovo on Monday.", None, "IGOWSTNAT"),
])
def test_acronym_case(pipeline, text: str, absent: str | None, present: str | None) -> None:
    codes = {a.code for a in coded(pipeline, text).actors}
    if absent is not None:
        assert absent not in codes, codes
    if present is not None:
        assert present in codes, codes


def test_pattern_rows_leave_the_default_alone() -> None:
    from dyadwatch.nlp.lexicon import load_lexicon
    lex = load_lexicon()
    ease = [e for e in lex.verbs["ease"] if e.particle is None]
    assert ease and all(e.code is None for e in ease)
    codes = {p.code for e in ease for p in e.patterns if p.obj and "curfew" in p.obj[0]}
    assert "0813" in codes
    # a pattern row extends its own entry, not every verb of the PETRARCH block it shares patterns with
    dismiss = lex.verbs["dismiss"][0]
    added = next(p for p in dismiss.patterns if p.code == "120" and p.obj and {"appeal", "ultimatum"} <= p.obj[0])
    block = [e for es in lex.verbs.values() for e in es if e.lemma != "dismiss"
             and any(p in e.patterns for p in dismiss.patterns if p is not added)]
    assert block  # dismiss does share a PETRARCH block
    assert not any(p is added for e in block for p in e.patterns)
