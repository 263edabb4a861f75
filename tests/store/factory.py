"""Hand-built ArticleResults for the store tests (no NLP involved)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone

from dyadwatch.model import ActorMention, Article, ArticleResult, Event, Location, Period, Quantity

QUADS = {"01": 1, "03": 1, "04": 1, "05": 1, "06": 2, "08": 2, "11": 3, "13": 3, "17": 4, "19": 4, "18": 4}
GOLDSTEIN = {"01": 1.0, "03": 4.0, "04": 3.0, "05": 3.5, "06": 6.0, "08": 5.0, "11": -2.0, "13": -4.4,
             "17": -5.0, "18": -9.0, "19": -10.0}


def event(
    source: str = "RUSMIL",
    target: str = "UKR",
    root: str = "19",
    cameo: str | None = None,
    date: str | None = "2023-09-12",
    precision: str | None = "day",
    negated: bool = False,
    modality: str = "asserted",
    sentence: str = "Russian forces struck Ukrainian positions.",
    confidence: float = 0.9,
    location: Location | None = None,
    start: int = 0,
) -> Event:
    return Event(
        source=source, target=target, cameo=cameo or root + "0", root=root, quad_class=QUADS.get(root, 1),
        goldstein=GOLDSTEIN.get(root, 0.0), plover=None, date=date, date_precision=precision,  # type: ignore[arg-type]
        negated=negated, modality=modality, field="body", start=start, end=start + len(sentence),  # type: ignore[arg-type]
        sentence=sentence, location=location, confidence=confidence,
    )


def actor(code: str, name: str | None = None, start: int = 0) -> ActorMention:
    text = name or code
    return ActorMention(text=text, field="body", start=start, end=start + len(text), code=code,
                        country=code[:3], role=code[3:] or None, name=text)


def quantity(value: float = 93.8e9, unit: str = "USD", actors: tuple[str, ...] = ("CHN", "RUS")) -> Quantity:
    return Quantity(text="$93.8bn", field="body", start=10, end=17, value=value, unit=unit, kind="money",
                    period=Period("2023-01-01", "2023-05-31"), subject="trade between China and Russia",
                    actors=list(actors))


def result(
    aid: str,
    events: list[Event] | None = None,
    *,
    url: str | None = None,
    publisher: str | None = "Wire",
    published: datetime | None = None,
    title: str | None = None,
    actors: list[ActorMention] | None = None,
    quantities: list[Quantity] | None = None,
    body: str | None = None,
) -> ArticleResult:
    evs = events if events is not None else [event()]
    art = Article(
        id=aid, body=body or " ".join(e.sentence for e in evs) or "Nothing happened.", url=url,
        publisher=publisher, title=title or f"Article {aid}",
        published=published or datetime(2023, 9, 12, 10, 0, tzinfo=timezone(timedelta(hours=1))),
        captions=["A caption"], boilerplate=["Sign up to our newsletter"], source_path=f"{aid}.txt",
    )
    acts = actors if actors is not None else [actor(c) for e in evs for c in (e.source, e.target) if c]
    return ArticleResult(article=art, actors=acts, events=evs, quantities=quantities or [])


COUNTRIES = ["RUS", "UKR", "USA", "CHN", "PRK", "KOR", "IRN", "ISR", "IND", "PAK", "TUR", "FRA", "GBR",
             "DEU", "JPN", "SAU", "ARM", "AZE", "SDN", "VEN"]
ROLES = ["", "GOV", "MIL", "REB", "OPP", "BUS"]


def synthetic(n_articles: int, events_per_article: int = 3, seed: int = 7,
              syndicate: float = 0.1) -> list[ArticleResult]:
    """Random articles with random dyads, roots and dates (fixed seed); some reuse an earlier event."""
    rng = random.Random(seed)
    out: list[ArticleResult] = []
    pool: list[Event] = []
    start = datetime(2019, 1, 1, tzinfo=UTC)
    for i in range(n_articles):
        published = start + timedelta(minutes=rng.randrange(0, 60 * 24 * 365 * 7))
        evs = []
        for j in range(events_per_article):
            if pool and rng.random() < syndicate:
                evs.append(rng.choice(pool))
                continue
            a, b = rng.sample(COUNTRIES, 2)
            root = rng.choice(list(QUADS))
            day = (published - timedelta(days=rng.randrange(0, 3))).date().isoformat()
            prec = rng.choice(["day"] * 8 + ["month", "year"])
            mod = rng.choice(["asserted"] * 8 + ["reported", "hypothetical"])
            e = event(a + rng.choice(ROLES), b + rng.choice(ROLES), root, date=day, precision=prec,
                      modality=mod, negated=rng.random() < 0.03, confidence=round(rng.random(), 2),
                      sentence=f"Sentence {i}-{j} about {a} and {b}.", start=j * 40)
            pool.append(e)
            evs.append(e)
        qs = [quantity(rng.random() * 1e9, actors=(COUNTRIES[i % 20],))] if i % 5 == 0 else []
        out.append(result(f"a{i:07d}", evs, url=f"https://news.example/{i}",
                          publisher=f"Outlet {rng.randrange(12)}", published=published, quantities=qs))
    return out
