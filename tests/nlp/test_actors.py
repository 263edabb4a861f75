"""Actor resolver rules on tokenised text (spacy.blank('en') + sentencizer: no model needed)."""

from __future__ import annotations

from datetime import date

import pytest
import spacy

from dyadwatch.nlp.actors import CorefContext, Mention

D2024 = date(2024, 5, 1)


def read(nlp, resolver, text: str, day: date = D2024, ctx: CorefContext | None = None) -> list[tuple[str, Mention]]:
    doc = nlp(text)
    return [(doc[m.start:m.end].text, m) for m in resolver.resolve(doc, day=day, context=ctx)]


def codes(nlp, resolver, text: str, day: date = D2024) -> dict[str, str]:
    return {t: m.ref.code for t, m in read(nlp, resolver, text, day)}


def code_of(nlp, resolver, text: str, surface: str, day: date = D2024) -> str | None:
    return next((m.ref.code for t, m in read(nlp, resolver, text, day) if t == surface), None)


# -- names, aliases, adjectives, historic forms --------------------------------------------------------
@pytest.mark.parametrize(("text", "surface", "code"), [
    ("Burma rejected the plan.", "Burma", "MMR"),
    ("Myanmar rejected the plan.", "Myanmar", "MMR"),
    ("Ivory Coast rejected the plan.", "Ivory Coast", "CIV"),
    ("Czechia rejected the plan.", "Czechia", "CZE"),
    ("Türkiye rejected the plan.", "Türkiye", "TUR"),
    ("Turkey rejected the plan.", "Turkey", "TUR"),
    ("Officials in Kiev rejected the plan.", "Kiev", "UKRGOV"),
    ("Officials in Kyiv rejected the plan.", "Kyiv", "UKRGOV"),
    ("The U.S. rejected the plan.", "U.S.", "USA"),
    ("The U.N. rejected the plan.", "U.N.", "IGOUNO"),
    ("Emirati officials rejected the plan.", "Emirati officials", "AREGOV"),
    ("Western sanctions bit.", "Western", "WST"),
    ("Kampuchean guerrillas attacked.", "Kampuchean guerrillas", "KHMREB"),
])
def test_country_names_aliases_adjectives_and_historic_forms_resolve(nlp, resolver, text, surface, code):
    assert code_of(nlp, resolver, text, surface) == code


@pytest.mark.parametrize(("text", "surface", "code"), [
    ("The Kremlin denied it.", "Kremlin", "RUSGOV"),
    ("The Pentagon denied it.", "Pentagon", "USAMIL"),
    ("The White House denied it.", "White House", "USAGOV"),
])
def test_seats_of_power_resolve_as_metonyms(nlp, resolver, text, surface, code):
    assert code_of(nlp, resolver, text, surface) == code


# -- agents ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "surface", "code"), [
    ("Russian troops shelled the town.", "Russian troops", "RUSMIL"),
    ("Iran's foreign minister flew to Oman.", "Iran's foreign minister", "IRNGOV"),
    ("The president of France flew to Oman.", "The president of France", "FRAGOV"),
    ("The foreign minister of Iran flew to Oman.", "The foreign minister of Iran", "IRNGOV"),
    ("European Community foreign ministers met.", "European Community foreign ministers", "IGOEUREEC"),
    ("Hamas fighters fired rockets.", "Hamas fighters", "PSEREBHMS"),
])
def test_state_or_organisation_plus_agent_noun_gets_the_role_code(nlp, resolver, text, surface, code):
    assert code_of(nlp, resolver, text, surface) == code


def test_agent_of_an_organisation_keeps_the_organisations_code(nlp, resolver):
    found = codes(nlp, resolver, "Red Cross officials suspended aid.")
    assert found and all(c.startswith("NGO") for c in found.values())


def test_agent_names_its_office_holder(nlp, resolver):
    (_, m), = [x for x in read(nlp, resolver, "Iran's foreign minister flew to Oman.") if x[0].startswith("Iran")]
    assert m.ref.person and m.ref.name == "Hossein Amir-Abdollahian"


def test_comma_separates_a_country_from_a_following_title(nlp, resolver):
    found = read(nlp, resolver, "France will send troops to Liberia, Defence Minister Pierre Joxe said.")
    assert [t for t, _ in found] == ["France", "Liberia"]


def test_unknown_holder_after_national_title_is_coded_by_the_title(nlp, resolver):
    found = read(nlp, resolver, "Algerian President Ahmed Ben Bella resigned. He left.", date(2000, 1, 1))
    assert [(t, m.ref.code) for t, m in found] == [("Algerian President Ahmed Ben Bella", "DZAGOV"), ("He", "DZAGOV")]


# -- titles and partial names ---------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "surface", "code"), [
    ("Mr Putin spoke.", "Mr Putin", "RUSGOV"),
    ("President Xi spoke.", "President Xi", "CHNGOV"),
    ("Russian president Vladimir Putin spoke.", "Vladimir Putin", "RUSGOV"),
    ("Biden and Xi met in Woodside.", "Xi", "CHNGOV"),
    ("Biden and Xi met in Woodside.", "Biden", "USAGOV"),
    ("Jordan's King Abdullah II spoke.", "King Abdullah II", "JORGOV"),
    ("The Bush administration protested.", "The Bush administration", "USAGOV"),
])
def test_titles_and_partial_names_resolve(nlp, resolver, text, surface, code):
    assert code_of(nlp, resolver, text, surface) == code


def test_ambiguous_surname_needs_a_full_mention_first(nlp, resolver):
    assert code_of(nlp, resolver, "Kim said no.", "Kim") is None
    assert code_of(nlp, resolver, "Kim Jong-un spoke. Kim said no.", "Kim") == "PRKGOV"


def test_common_word_surname_alone_is_not_a_person(nlp, resolver):
    assert codes(nlp, resolver, "In May the talks resumed.", date(2018, 6, 1)) == {}


def test_title_must_fit_the_office(nlp, resolver):
    assert "Judge Smith" not in codes(nlp, resolver, "Judge Smith ruled against Russia.")


# -- coreference ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "surface", "code"), [
    ("Vladimir Putin arrived. The Russian leader spoke.", "The Russian leader", "RUSGOV"),
    ("Kim Jong-un arrived. The North Korean leader spoke.", "The North Korean leader", "PRKGOV"),
    ("China said its president would travel.", "its president", "CHNGOV"),
    ("Mr Putin said his country would respond.", "his country", "RUS"),
])
def test_coreference_to_the_actor_just_named(nlp, resolver, text, surface, code):
    assert code_of(nlp, resolver, text, surface) == code


def test_its_points_past_a_prepositional_object_to_the_subject(nlp, resolver):
    text = "Libya offered to hand over to Great Britain two of its nationals."
    assert code_of(nlp, resolver, text, "its nationals") == "LBYCVL"


@pytest.mark.parametrize("phrase", ["the two nations", "both countries"])
def test_group_of_states_resolves_to_the_last_two_named(nlp, resolver, phrase):
    found = read(nlp, resolver, f"China and Russia signed a pact. Officials of {phrase} celebrated.")
    members = {m.ref.code for t, m in found if t == phrase}
    assert members == {"CHN", "RUS"}


@pytest.mark.parametrize("phrase", ["the two leaders", "both men"])
def test_group_of_people_resolves_to_the_last_two_named(nlp, resolver, phrase):
    found = read(nlp, resolver, f"Vladimir Putin met Xi Jinping. Later {phrase} dined.")
    assert {m.ref.code for t, m in found if t == phrase} == {"RUSGOV", "CHNGOV"}


# -- pronouns: same or previous sentence ----------------------------------------------------------------
def test_he_resolves_to_the_most_recent_person_in_the_previous_sentence(nlp, resolver):
    assert code_of(nlp, resolver, "Emmanuel Macron landed. He spoke.", "He") == "FRAGOV"


def test_he_does_not_reach_back_more_than_one_sentence(nlp, resolver):
    assert code_of(nlp, resolver, "Emmanuel Macron landed. It rained. The weather was bad. He spoke.", "He") is None


def test_they_resolves_to_a_recent_plural_agent(nlp, resolver):
    assert code_of(nlp, resolver, "Russian troops shelled the town. They advanced.", "They") == "RUSMIL"


def test_they_resolves_to_a_recent_group(nlp, resolver):
    found = read(nlp, resolver, "China and Russia signed. The two nations celebrated. They left.")
    assert {m.ref.code for t, m in found if t == "They"} == {"CHN", "RUS"}


def test_pronoun_context_carries_across_fields_of_an_article(nlp, resolver):
    ctx = CorefContext()
    read(nlp, resolver, "Putin visits Beijing", ctx=ctx)
    assert code_of_ctx(nlp, resolver, "He arrived on Tuesday.", ctx) == "RUSGOV"


def code_of_ctx(nlp, resolver, text, ctx):
    return next((m.ref.code for _, m in read(nlp, resolver, text, ctx=ctx)), None)


# -- date-dependent codes -------------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "day", "code"), [
    ("Theresa May", date(2015, 6, 1), "GBRGOV"),   # Home Secretary
    ("Theresa May", date(2018, 6, 1), "GBRGOV"),   # Prime Minister
    ("Theresa May", date(2025, 6, 1), "GBRELI"),
    ("Boris Johnson", date(2021, 6, 1), "GBRGOV"),
    ("Boris Johnson", date(2024, 9, 1), "GBRELI"),
    ("Donald Trump", date(2019, 6, 1), "USAGOV"),
    ("Donald Trump", date(2023, 6, 1), "USAELI"),
    ("Donald Trump", date(2025, 6, 1), "USAGOV"),
    ("Vladimir Putin", date(2010, 6, 1), "RUSGOV"),  # prime minister then
    ("Donald Tusk", date(2010, 6, 1), "POLGOV"),
    ("Donald Tusk", date(2016, 6, 1), "IGOEUREEC"),
    ("Donald Tusk", date(2024, 6, 1), "POLGOV"),
    ("Mark Rutte", date(2015, 6, 1), "NLDGOV"),
    ("Mark Rutte", date(2025, 6, 1), "IGOWSTNAT"),
    ("Jens Stoltenberg", date(2010, 6, 1), "NORGOV"),
    ("Jens Stoltenberg", date(2020, 6, 1), "IGOWSTNAT"),
    ("Jens Stoltenberg", date(2025, 6, 1), "NORGOV"),
    ("Kaja Kallas", date(2022, 6, 1), "ESTGOV"),
    ("Kaja Kallas", date(2025, 6, 1), "IGOEUREEC"),
    ("Antonio Costa", date(2020, 6, 1), "PRTGOV"),
    ("Antonio Costa", date(2025, 6, 1), "IGOEUREEC"),
    ("Antonio Guterres", date(2000, 6, 1), "PRTGOV"),
    ("Antonio Guterres", date(2020, 6, 1), "IGOUNO"),
    ("Viktor Orban", date(2020, 6, 1), "HUNGOV"),
])
def test_the_same_name_is_coded_by_the_office_held_on_the_articles_date(nlp, resolver, name, day, code):
    assert code_of(nlp, resolver, f"{name} said so.", name, day) == code


# -- ambiguous place names ------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "surface", "code"), [
    ("Russia invaded Georgia in 2008.", "Georgia", "GEO"),
    ("He flew from Atlanta, Georgia to Tbilisi.", "Georgia", None),
    ("Officials in Tbilisi, Georgia said no.", "Georgia", "GEO"),
    ("The Georgia governor said no.", "Georgia", None),
    ("Israel and Jordan signed a deal.", "Jordan", "JOR"),
    ("Michael Jordan scored.", "Jordan", None),
    ("She grew up in Paris, Texas.", "Paris", None),
    ("Officials in Paris said no.", "Paris", "FRAGOV"),
    ("Israel invaded South Lebanon.", "Lebanon", "LBN"),
])
def test_ambiguous_place_names_resolve_only_where_they_mean_the_state(nlp, resolver, text, surface, code):
    assert code_of(nlp, resolver, text, surface) == code


# -- the spaCy component --------------------------------------------------------------------------------
def test_component_sets_spans_and_mentions_as_of_the_docs_date():
    from dyadwatch.nlp import actors  # noqa: F401  (registers the factory)

    n = spacy.blank("en")
    n.add_pipe("sentencizer")
    n.add_pipe("dyadwatch_actors")
    doc = n.make_doc("Donald Trump met Vladimir Putin.")
    doc._.dw_date = date(2023, 6, 1)
    for _, proc in n.pipeline:
        doc = proc(doc)
    assert [s.label_ for s in doc.spans["dw_actors"]] == ["USAELI", "RUSGOV"]
