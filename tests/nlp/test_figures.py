"""Figures (issue 5): money, percentages and counts read through the real pipeline (they depend on the NER
and the parse), and things that look like numbers but are not figures."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from dyadwatch.model import Article, Quantity
from dyadwatch.nlp.figures import load_words, numberish, period_of

PUBLISHED = datetime(2023, 9, 12, 10, 0, tzinfo=UTC)


def read(pipeline, body: str) -> list[Quantity]:
    result = pipeline.process_one(Article(id="t", body=body, published=PUBLISHED))
    for q in result.quantities:
        assert body[q.start:q.end] == q.text
        assert q.kind in ("money", "percentage", "count")
    return result.quantities


def one(pipeline, body: str, text: str) -> Quantity:
    qs = read(pipeline, body)
    hits = [q for q in qs if q.text == text]
    assert hits, [(q.text, q.value, q.unit) for q in qs]
    return hits[0]


# -- money ---------------------------------------------------------------------------------------------
MONEY = [
    ("The deal is worth $5bn.", "$5bn", 5e9, "USD"),
    ("Exports to Europe reached US$12.5 billion.", "US$12.5 billion", 12.5e9, "USD"),
    ("The club paid £34bn for the stadium.", "£34bn", 34e9, "GBP"),
    ("The fund holds €2.4bn in bonds.", "€2.4bn", 2.4e9, "EUR"),
    ("The company earned ¥300 billion.", "¥300 billion", 300e9, "JPY"),
    ("Moscow budgeted ₽1.2 trillion for defence.", "₽1.2 trillion", 1.2e12, "RUB"),
    ("Seoul pledged ₩500bn in aid.", "₩500bn", 500e9, "KRW"),
    ("The government borrowed USD 5m from the bank.", "USD 5m", 5e6, "USD"),
    ("The loan totalled 43 billion dollars.", "43 billion dollars", 43e9, "USD"),
    ("Revenue rose to 3.2 trillion roubles.", "3.2 trillion roubles", 3.2e12, "RUB"),
    ("Beijing promised 70 billion yuan in loans.", "70 billion yuan", 70e9, "CNY"),
    ("The contract was worth $43 billion.", "$43 billion", 43e9, "USD"),
    ("The grant was $250k.", "$250k", 250e3, "USD"),
    ("The firm raised $12m in funding.", "$12m", 12e6, "USD"),
    ("The firm raised $12mn in funding.", "$12mn", 12e6, "USD"),
    ("Sales hit $1.2tn.", "$1.2tn", 1.2e12, "USD"),
    ("The programme costs 1.2bn euros.", "1.2bn euros", 1.2e9, "EUR"),
    ("The bank lent 800 thousand pounds to the charity.", "800 thousand pounds", 800e3, "GBP"),
    ("The state sold bonds worth 5bn USD.", "5bn USD", 5e9, "USD"),
    ("The bill was $1,250,000.", "$1,250,000", 1.25e6, "USD"),
]


@pytest.mark.parametrize(("body", "text", "value", "unit"), MONEY, ids=[m[1] for m in MONEY])
def test_money_symbols_codes_words_and_scales(pipeline, body, text, value, unit):
    q = one(pipeline, body, text)
    assert q.kind == "money"
    assert q.value == pytest.approx(value)
    assert q.unit == unit


@pytest.mark.parametrize(("body", "text", "low", "high"), [
    ("The programme costs $2-3bn a year.", "$2-3bn", 2e9, 3e9),
    ("The bank lent between $2bn and $3bn.", "$2bn and $3bn", 2e9, 3e9),
    ("Repairs will cost £500m to £1bn.", "£500m to £1bn", 500e6, 1e9),
])
def test_money_ranges_keep_low_and_high(pipeline, body, text, low, high):
    q = one(pipeline, body, text)
    assert (q.low, q.high) == (pytest.approx(low), pytest.approx(high))
    assert q.value == pytest.approx(low)


def test_from_x_to_y_is_two_amounts_not_a_range(pipeline):
    qs = read(pipeline, "Spending rose from $2bn to $3bn.")
    assert [(q.text, q.low) for q in qs] == [("$2bn", None), ("$3bn", None)]


@pytest.mark.parametrize(("body", "text", "qualifier"), [
    ("The ministry spent about $4bn on weapons.", "$4bn", "about"),
    ("Investors put more than $10bn into the sector.", "$10bn", "more_than"),
    ("The project will cost at least £2bn.", "£2bn", "at_least"),
    ("The fund has nearly €1bn left.", "€1bn", "about"),
    ("The aid package is worth up to $6bn.", "$6bn", "at_most"),
])
def test_money_qualifier_is_kept_apart_from_the_amount(pipeline, body, text, qualifier):
    assert one(pipeline, body, text).qualifier == qualifier


@pytest.mark.parametrize(("body", "a", "b"), [
    ("Trade amounted to $93.8bn (£74.7bn) in the period.", "$93.8bn", "£74.7bn"),
    ("The EU gave €50bn ($54bn) to Ukraine.", "€50bn", "$54bn"),
    ("The deal is worth ¥1tn (£5.5bn).", "¥1tn", "£5.5bn"),
])
def test_parallel_conversion_is_linked_both_ways(pipeline, body, a, b):
    qs = read(pipeline, body)
    qa, qb = (next(q for q in qs if q.text == t) for t in (a, b))
    assert qs[qa.same_as].text == b and qs[qb.same_as].text == a
    assert qb.subject == qa.subject and qb.actors == qa.actors


def test_two_amounts_in_one_currency_are_not_linked(pipeline):
    qs = read(pipeline, "Exports reached $5bn and imports $3bn.")
    assert [q.text for q in qs] == ["$5bn", "$3bn"]
    assert all(q.same_as is None for q in qs)


# -- percentages ---------------------------------------------------------------------------------------
PERCENT = [
    ("Inflation rose 40.7 per cent.", "40.7 per cent", 40.7, "up"),
    ("Prices fell 3.5% in March.", "3.5%", 3.5, "down"),
    ("Unemployment increased by 2 percent.", "2 percent", 2.0, "up"),
    ("Exports dropped 12 per cent.", "12 per cent", 12.0, "down"),
    ("Output was up 5.1 per cent.", "5.1 per cent", 5.1, "up"),
    ("Imports were down 8 per cent.", "8 per cent", 8.0, "down"),
    ("Sales saw an increase of 7 per cent.", "7 per cent", 7.0, "up"),
    ("Growth slowed to 2.1 per cent.", "2.1 per cent", 2.1, None),
    ("About 60 per cent of voters backed the plan.", "60 per cent", 60.0, None),
]


@pytest.mark.parametrize(("body", "text", "value", "direction"), PERCENT, ids=[p[0][:30] for p in PERCENT])
def test_percentages_and_direction(pipeline, body, text, value, direction):
    q = one(pipeline, body, text)
    assert (q.kind, q.unit, q.value, q.direction) == ("percentage", "percent", pytest.approx(value), direction)


@pytest.mark.parametrize(("body", "change_of"), [
    ("Exports dropped 12 per cent compared with the same period the previous year.", "the same period the previous year"),
    ("Output was up 5.1 per cent on the previous year.", "the previous year"),
    ("Prices rose 4 per cent year on year.", "the previous year"),
    ("Inflation rose 3 per cent.", None),
])
def test_percentage_change_of(pipeline, body, change_of):
    (q,) = [q for q in read(pipeline, body) if q.kind == "percentage"]
    assert q.change_of == change_of


def test_percentage_points_and_per_cent_tagged_money(pipeline):
    # the recogniser labels "2.1 per cent" MONEY; it must still come out as a percentage, with no currency
    q = one(pipeline, "Growth slowed to 2.1 per cent.", "2.1 per cent")
    assert q.kind == "percentage"
    q = one(pipeline, "The rate rose by 0.5 percentage points.", "0.5 percentage points")
    assert (q.unit, q.direction) == ("percentage_points", "up")


# -- counts --------------------------------------------------------------------------------------------
COUNTS = [
    ("At least 12 people were killed in the attack.", "12", 12, "people", "killed", "at_least"),
    ("Three soldiers were wounded in the clash.", "Three", 3, "soldiers", "wounded", None),
    ("Police arrested 40 demonstrators on Sunday.", "40", 40, "protesters", "arrested", None),
    ("More than 200 civilians have been killed since the war began.", "200", 200, "people", "killed", "more_than"),
    ("Five people died and 20 were injured.", "20", 20, "people", "injured", None),
    ("The strike killed 7 people, officials said.", "7", 7, "people", "killed", None),
    ("About 1,500 troops were deployed to the border.", "1,500", 1500, "troops", "deployed", "about"),
    ("The floods displaced 10,000 residents.", "10,000", 10000, "people", "displaced", None),
    ("The shelling killed at least 3 civilians and wounded 11 others.", "11", 11, "people", "wounded", None),
    ("Nearly 2 million people have been displaced.", "2 million", 2e6, "people", "displaced", "about"),
    ("The death toll rose to 45.", "45", 45, "people", "killed", None),
    ("Israeli forces detained 25 Palestinians in the West Bank.", "25", 25, "people", "arrested", None),
    ("The army fired 30 missiles overnight.", "30", 30, "missiles", "launched", None),
]


@pytest.mark.parametrize(("body", "text", "value", "unit", "subject", "qualifier"), COUNTS, ids=[c[0][:30] for c in COUNTS])
def test_counts_of_people_and_things(pipeline, body, text, value, unit, subject, qualifier):
    q = one(pipeline, body, text)
    assert (q.kind, q.value, q.unit, q.subject, q.qualifier) == ("count", pytest.approx(value), unit, subject, qualifier)


@pytest.mark.parametrize(("body", "text", "low", "high", "unit", "subject"), [
    ("Dozens of protesters were arrested in Tehran.", "Dozens", 24, None, "protesters", "arrested"),
    ("Hundreds of people fled the fighting.", "Hundreds", 200, None, "people", "displaced"),
    ("Tens of thousands of people marched in Paris.", "Tens of thousands", 20000, None, "people", "protested"),
    ("Several soldiers were wounded in the 2 attacks.", "Several", 3, 9, "soldiers", "wounded"),
    ("Between 10 and 15 people were killed.", "10 and 15", 10, 15, "people", "killed"),
    ("The attack killed 20-30 civilians.", "20-30", 20, 30, "people", "killed"),
])
def test_vague_counts_and_ranges(pipeline, body, text, low, high, unit, subject):
    q = one(pipeline, body, text)
    assert (q.low, q.high, q.unit, q.subject) == (low, high, unit, subject)
    assert q.value == low


@pytest.mark.parametrize(("body", "text", "actors"), [
    ("Russian forces killed at least 12 civilians in Ukraine.", "12", ["RUS"]),
    ("Germany sent 18 tanks to Ukraine.", "18", ["DEU"]),
    ("Russian troops shelled Kharkiv, killing 4 people.", "4", ["RUS"]),
])
def test_counts_are_linked_to_the_event_and_its_actor(pipeline, body, text, actors):
    result = pipeline.process_one(Article(id="t", body=body, published=PUBLISHED))
    q = next(q for q in result.quantities if q.text == text)
    assert q.event is not None and result.events[q.event].start <= q.start < result.events[q.event].end
    assert [a[:3] for a in q.actors] == actors


def test_count_in_words_when_the_sentence_has_an_event(pipeline):
    q = one(pipeline, "Twelve Ukrainian soldiers were killed by Russian shelling.", "Twelve")
    assert (q.value, q.unit, q.subject) == (12, "soldiers", "killed")


def test_count_in_words_alone(pipeline):
    assert one(pipeline, "Twelve soldiers were killed.", "Twelve").value == 12


def test_numberish_covers_number_words_and_vague_counts():
    rx = numberish()
    for s in ("Twelve soldiers were killed.", "Dozens were hurt.", "A dozen tanks", "scores of people", "It rose 5%"):
        assert rx.search(s), s
    assert not rx.search("The talks ended without a deal.")


# -- periods -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("body", "text", "period"), [
    ("Trade reached $50bn between January and May 2023.", "$50bn", ("2023-01-01", "2023-05-31")),
    ("Exports rose to $20bn in the first quarter.", "$20bn", ("2023-01-01", "2023-03-31")),
    ("Exports rose to $20bn in the third quarter of 2022.", "$20bn", ("2022-07-01", "2022-09-30")),
    ("Imports fell to $10bn last year.", "$10bn", ("2022-01-01", "2022-12-31")),
    ("Imports fell to $10bn in 2021.", "$10bn", ("2021-01-01", "2021-12-31")),
    ("Revenue was $3bn in the three months to June.", "$3bn", ("2023-04-01", "2023-06-30")),
    ("Spending hit $8bn in the first half of the year.", "$8bn", ("2023-01-01", "2023-06-30")),
    ("Output was $2bn in May 2022.", "$2bn", ("2022-05-01", "2022-05-31")),
    ("The firm reported sales of $4bn between March 1 and June 30, 2023.", "$4bn", ("2023-03-01", "2023-06-30")),
    ("The government paid $1bn on 3 July.", "$1bn", ("2023-07-03", "2023-07-03")),
    ("Exports rose to $7bn from November to February.", "$7bn", ("2022-11-01", "2023-02-28")),
])
def test_periods_resolved_against_the_article_date(pipeline, body, text, period):
    q = one(pipeline, body, text)
    assert q.period is not None and (q.period.start, q.period.end) == period


def test_same_period_previous_year_is_the_change_not_the_period(pipeline):
    body = ("Trade amounted to $93.8bn (£74.7bn) between January and May 2023, up 40.7 per cent when compared to "
            "the same period the previous year.")
    qs = read(pipeline, body)
    pct = next(q for q in qs if q.kind == "percentage")
    assert (pct.period.start, pct.period.end) == ("2023-01-01", "2023-05-31")
    assert pct.change_of == "the same period the previous year" and pct.direction == "up"
    assert all(q.period is not None and q.period.start == "2023-01-01" for q in qs)


@pytest.mark.parametrize(("phrase", "period"), [
    ("between January and May 2023", ("2023-01-01", "2023-05-31")),
    ("January-May 2022", ("2022-01-01", "2022-05-31")),
    ("the first quarter", ("2023-01-01", "2023-03-31")),
    ("Q4 2021", ("2021-10-01", "2021-12-31")),
    ("last year", ("2022-01-01", "2022-12-31")),
    ("the previous year", ("2022-01-01", "2022-12-31")),
    ("this year", ("2023-01-01", "2023-12-31")),
    ("March", ("2023-03-01", "2023-03-31")),
    ("12 March 2023", ("2023-03-12", "2023-03-12")),
    ("the 1990s", ("1990-01-01", "1999-12-31")),
])
def test_period_of_phrases(phrase, period):
    from datetime import date

    assert period_of(phrase, day=date(2023, 9, 12)) == period


def test_period_without_article_date_needs_a_year():
    assert period_of("in March", day=None) is None
    assert period_of("March 2021", day=None) == ("2021-03-01", "2021-03-31")


# -- subjects and actors -------------------------------------------------------------------------------
@pytest.mark.parametrize(("body", "text", "subject", "actors"), [
    ("Trade between China and Russia reached $50bn.", "$50bn", "trade", ["CHN", "RUS"]),
    ("China's exports to Russia rose to $43bn.", "$43bn", "export", ["CHN", "RUS"]),
    ("The firm reported sales of $4bn.", "$4bn", "sale", []),
    ("The United States gave Ukraine $1bn in military aid.", "$1bn", "United States", ["USA", "UKR"]),
    ("Inflation rose 4 per cent.", "4 per cent", "inflation", []),
])
def test_subject_and_actors(pipeline, body, text, subject, actors):
    q = one(pipeline, body, text)
    assert q.subject == subject and q.actors == actors


def test_coreferent_actors_and_carried_subject(pipeline):
    body = ("Xi Jinping met Vladimir Putin in Moscow. Trade between the two nations amounted to $93.8bn. "
            "It was up 40.7 per cent on the previous year.")
    qs = read(pipeline, body)
    money = next(q for q in qs if q.kind == "money")
    pct = next(q for q in qs if q.kind == "percentage")
    assert money.subject == "trade" and set(money.actors) == {"CHN", "RUS"}
    assert pct.subject == "trade" and set(pct.actors) == {"CHN", "RUS"}


# -- not figures ---------------------------------------------------------------------------------------
NOT_FIGURES = [
    "The airline ordered a Boeing 737 for the route.",
    "Boeing 737 jets were grounded.",
    "Leaders met at the G20 summit in Delhi.",
    "G7 leaders met in Japan.",
    "Iran breached Resolution 2231 of the Security Council.",
    "The economy boomed in the 1990s.",
    "The attacks of 9/11 changed US policy.",
    "Call the embassy on +44 20 7946 0958 for help.",
    "For details phone 020 7946 0958.",
    "The talks took place on 12 March 2023.",
    "The treaty was signed in 1994.",
    "The summit will be held on 5 May.",
    "Kim Jong-un, 39, arrived by train.",
    "A 70-year-old man was arrested.",
    "Manchester United beat Chelsea 3-1 on Sunday.",
    "The vote passed 52-48 in the Senate.",
    "Article 5 of the Nato treaty was invoked.",
    "The F-16 jets arrived in Ukraine.",
    "Flight 370 victims were remembered.",
    "The meeting began at 10:30 with 5 ministers.",
    "She bought 500 pounds of explosives.",
]


@pytest.mark.parametrize("body", NOT_FIGURES)
def test_not_figures(pipeline, body):
    assert [(q.text, q.kind) for q in read(pipeline, body)] == []


# -- data ----------------------------------------------------------------------------------------------
def test_word_lists_load_and_are_valid():
    w = load_words()
    assert w.currency("US$") == "USD" and w.currency("roubles") == "RUB" and w.currency("RMB") == "CNY"
    assert w.scales["bn"] == 1e9 and w.scales["tn"] == 1e12
    assert w.count_nouns["troops"] == "troops" and w.casualties["kill"] == "killed"
    assert {d for d in w.directions.values()} == {"up", "down"}


def test_bad_data_file_is_reported(monkeypatch):
    from dyadwatch.errors import DataFileError
    from dyadwatch.nlp import figures

    real = figures.resources.files

    class Fake:
        def __truediv__(self, name):
            return self if name in ("data", "figures") else _Text(name)

    class _Text:
        def __init__(self, name):
            self.name = name

        def read_text(self, encoding="utf-8"):
            if self.name == "currencies.tsv":
                return "text\tcode\tform\n$\tXXQ\tsymbol\n"
            return (real("dyadwatch") / "data" / "figures" / self.name).read_text(encoding=encoding)

    monkeypatch.setattr(figures.resources, "files", lambda _pkg: Fake())
    figures.load_words.cache_clear()
    try:
        with pytest.raises(DataFileError, match="ISO 4217"):
            figures.load_words()
    finally:
        monkeypatch.undo()
        figures.load_words.cache_clear()


@pytest.mark.parametrize("body", [
    "The two men then held talks for 3 hours.",
    "Officials said that no one was killed in the 2 blasts.",
])
def test_references_and_pronouns_are_not_counts(pipeline, body):
    assert [q.text for q in read(pipeline, body) if q.kind == "count"] == []


def test_swap_count_subject(pipeline):
    assert one(pipeline, "Russia and Ukraine agreed to swap 1,000 prisoners.", "1,000").subject == "exchanged"
