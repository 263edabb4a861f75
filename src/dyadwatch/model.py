"""The data that flows between stages: articles in, coded results out (see CONTRACT.md)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from dataclasses import field as _field
from datetime import date, datetime
from typing import Any, Literal

SCHEMA_VERSION = 1

Field = Literal["title", "standfirst", "body", "caption"]
FIELDS: tuple[Field, ...] = ("title", "standfirst", "body", "caption")
Modality = Literal["asserted", "reported", "intended", "hypothetical"]
Precision = Literal["day", "month", "year"]


@dataclass(slots=True)
class Article:
    """One cleaned article, ready for coding."""

    id: str
    body: str
    source_path: str | None = None
    url: str | None = None
    publisher: str | None = None
    section: str | None = None
    title: str | None = None
    standfirst: str | None = None
    author: str | None = None
    published: datetime | None = None
    language: str | None = "en"
    captions: list[str] = _field(default_factory=list)
    boilerplate: list[str] = _field(default_factory=list)
    duplicate_of: str | None = None
    input_format: str = "text"
    warnings: list[str] = _field(default_factory=list)

    def text_of(self, name: str) -> str:
        """The text of one field, as offsets index it (captions joined by newlines)."""
        if name == "caption":
            return "\n".join(self.captions)
        value = getattr(self, name)
        return value or ""

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.body.split("\n\n") if p.strip()]

    @property
    def reference_date(self) -> date | None:
        """The date that relative expressions ("on Tuesday", "last year") count from."""
        return self.published.date() if self.published else None

    @property
    def codable(self) -> bool:
        return (self.language or "en") == "en" and self.duplicate_of is None


@dataclass(slots=True)
class ActorMention:
    text: str
    field: Field
    start: int
    end: int
    code: str
    country: str | None
    role: str | None
    name: str
    via: str = "dictionary"
    """How it was found: dictionary, title, surname, coreference, pronoun, ner, group."""
    members: list[str] | None = None
    """For plural references ("the two nations"): the codes they stand for."""

    def codes(self) -> list[str]:
        return list(self.members) if self.members else [self.code]


@dataclass(slots=True)
class Location:
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    precision: str = "city"


@dataclass(slots=True)
class Event:
    source: str | None
    target: str | None
    cameo: str
    root: str
    quad_class: int
    goldstein: float
    plover: str | None
    date: str | None
    date_precision: Precision | None
    negated: bool
    modality: Modality
    field: Field
    start: int
    end: int
    sentence: str
    location: Location | None
    confidence: float
    source_actors: list[str] = _field(default_factory=list)
    target_actors: list[str] = _field(default_factory=list)
    trigger: str = ""
    """The words that carry the action (verb or event noun)."""
    mutual: bool = False


@dataclass(slots=True)
class Period:
    start: str
    end: str


@dataclass(slots=True)
class Quantity:
    text: str
    field: Field
    start: int
    end: int
    value: float
    unit: str
    kind: str
    direction: str | None = None
    period: Period | None = None
    same_as: int | None = None
    subject: str | None = None
    actors: list[str] = _field(default_factory=list)
    qualifier: str | None = None
    low: float | None = None
    high: float | None = None
    change_of: str | None = None
    event: int | None = None


@dataclass(slots=True)
class ArticleResult:
    article: Article
    actors: list[ActorMention] = _field(default_factory=list)
    events: list[Event] = _field(default_factory=list)
    quantities: list[Quantity] = _field(default_factory=list)
    coded: bool = True

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON object (CONTRACT.md, schema 1)."""
        a = self.article
        return {
            "schema": SCHEMA_VERSION,
            "id": a.id,
            "source_path": a.source_path,
            "url": a.url,
            "publisher": a.publisher,
            "section": a.section,
            "title": a.title,
            "standfirst": a.standfirst,
            "author": a.author,
            "published": a.published.isoformat() if a.published else None,
            "language": a.language,
            "captions": list(a.captions),
            "body": a.body,
            "boilerplate": list(a.boilerplate),
            "duplicate_of": a.duplicate_of,
            "coded": self.coded,
            "warnings": list(a.warnings),
            "actors": [asdict(x) for x in self.actors],
            "events": [asdict(x) for x in self.events],
            "quantities": [asdict(x) for x in self.quantities],
        }
