"""Round 8 rules: accusations, own pledges and threats read against the rest of their sentence; participles and
conjuncts that continue an attack; passive participles ("killed in an Israeli strike", "brokered by China");
"at" as a place for cooperation; negation by "without" and "ruled out"; hostage taking; arrivals as visits."""

from __future__ import annotations

import pytest
from eventhelp import coded, coded_events


@pytest.mark.parametrize(("text", "want"), [
    # a participle or conjunct continues its governing act, on its target
    ("Hamas fighters stormed into southern Israel, killing hundreds of people and taking scores of hostages.",
     ("18", "PSE", "ISR")),
    ("Britain expelled Russia's defence attaché, accusing him of being an intelligence officer.", ("11", "GBR", "RUS")),
    # a passive participle names its act's agent
    ("Mourners gathered in Beirut for the Hezbollah leader killed in an Israeli air strike.", ("18", "ISR", "LBN")),
    ("Saudi Arabia and Iran signed an agreement in Beijing, in a deal brokered by China.", ("045", "CHN", "SAU")),
    # a threat's target named only in its condition
    ("Kim Jong Un warned that North Korea would use nuclear weapons if it were attacked by South Korea.",
     ("13", "PRK", "KOR")),
    ("Jens Stoltenberg warned that NATO would respond with force if Russia attacked an ally.", ("13", "IGO", "RUS")),
    # a protest's target named in its purpose
    ("Israel's largest trade union federation staged a general strike to put pressure on Benjamin Netanyahu's "
     "government.", ("14", "ISR", "ISR")),
    # cooperation "at" a place is not with the place; both sides are in the subject
    ("Ilham Aliyev and Nikol Pashinyan signed a joint declaration at the White House.", ("05", "AZE", "ARM")),
    ("South Korea and Japan began sharing warning data on North Korean missile launches.", ("06", "KOR", "JPN")),
    # targets named by where the act landed
    ("US officials said Russia had massed about 70,000 troops near its border with Ukraine.", ("15", "RUS", "UKR")),
    ("UN investigators said Russian forces had tortured detainees in the Kharkiv region.", ("18", "RUS", "UKR")),
    # hostage taking, arrivals, invitations
    ("Houthi rebels seized a ship and took its 25 crew members hostage.", ("181", "YEM", None)),
    ("Kim Jong Un arrives in Russia by armoured train for summit with Putin", ("042", "PRK", "RUS")),
    ("Xi Jinping invited Vladimir Putin to come to China.", ("036", "CHN", "RUS")),
    ("Donald Trump offered on Twitter to meet Kim Jong Un at the border.", ("036", "USA", "PRK")),
    ("Three hostages were freed by Hamas hours after the ceasefire between Israel and Hamas took effect.",
     ("0871", "ISR", "PSE")),
    # a '-ing' clause after a temporal preposition is done by the governing verb's subject
    ("Pakistan responded by closing its airspace to Indian airlines.", ("17", "PAK", "IND")),
])
def test_rule(pipeline, text: str, want: tuple[str, str | None, str | None]) -> None:
    got = coded_events(pipeline, text)
    assert any(c.startswith(want[0]) and (s == want[1] or (c[:2] in ("03", "04", "05", "06", "08") and t == want[1]))
               and (want[2] is None or t == want[2] or s == want[2]) for c, s, t in got), got


@pytest.mark.parametrize(("text", "bad"), [
    # what someone is accused of is not an event
    ("The Gambia filed a case accusing Myanmar of genocide against its Rohingya minority.", "20"),
    # the speaker's own pledge is the statement
    ("Donald Trump announced in Riyadh on Tuesday that he would lift US sanctions on Syria.", "01"),
    # the threatened act is not coded again
    ("Vladimir Putin warned the West that Russia would use all means to defend its territory.", "03"),
    # a warning about what a third party could do is a statement, not a threat
    ("Israel could strike Iranian nuclear facilities within months, US intelligence officials warned.", "13"),
    # a denial codes the denied act (negated), not a 016
    ("Moscow denied striking the hospital.", "016"),
    # the toll of an attack is not a second act
    ("The bridge was hit by Ukrainian sea drones on Monday, killing two civilians, Russian officials said.", "20"),
    ("The bridge was hit by Ukrainian sea drones on Monday, killing two civilians, Russian officials said.", "18"),
    # an untargeted restatement of a targeted act
    ("Protesters stormed Kenya's parliament in Nairobi and set part of the building on fire.", "145:None"),
    # a participle that only describes its noun
    ("Ukraine must withdraw from four regions claimed by Moscow.", "11"),
    ("Thailand's prime minister thanked Qatar for helping to secure the release of Thai hostages.", "07"),
    ("Most missiles were intercepted by Israeli air defences.", "17"),
    # PETRARCH block defaults that misfire
    ("Hamas said it would postpone the next release of Israeli hostages.", "11"),
    ("EU leaders agreed to the package, overcoming months of opposition from Hungary.", "19"),
    # "West Darfur" is a place, not the West
    ("The RSF killed hundreds of Masalit men in West Darfur.", "WST"),
])
def test_not(pipeline, text: str, bad: str) -> None:
    got = coded_events(pipeline, text)
    if ":" in bad:
        code = bad.split(":")[0]
        assert not any(c.startswith(code) and t is None for c, _, t in got), got
    elif bad.isalpha():
        assert not any(bad in (s, t) for _, s, t in got), got
    else:
        assert not any(c.startswith(bad) for c, _, _ in got), got


@pytest.mark.parametrize(("text", "code"), [
    ("Volodymyr Zelensky left the White House without signing the minerals agreement with the United States.", "057"),
    ("Ayatollah Ali Khamenei ruled out direct negotiations with the United States on Friday.", "04"),
    ("Moscow denied striking the Okhmatdyt hospital.", "19"),
])
def test_negated(pipeline, text: str, code: str) -> None:
    events = coded(pipeline, text).events
    assert any(e.cameo.startswith(code) and e.negated for e in events), [(e.cameo, e.negated) for e in events]
    assert not any(e.cameo.startswith(code) and not e.negated for e in events)
