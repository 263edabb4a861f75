"""Helpers for the event rule tests that go through the real pipeline (the session ``pipeline`` fixture)."""

from __future__ import annotations

from datetime import UTC, datetime

from dyadwatch.evaluate import country
from dyadwatch.model import Article, ArticleResult

PUBLISHED = datetime(2024, 5, 1, tzinfo=UTC)


def coded(pipeline, text: str) -> ArticleResult:
    """The pipeline's reading of one article body, published on 1 May 2024."""
    return next(iter(pipeline.process([Article(id="t", body=text, published=PUBLISHED)])))


def coded_events(pipeline, text: str) -> list[tuple[str, str | None, str | None]]:
    """(CAMEO code, source country, target country) of every event not negated."""
    return [(e.cameo, country(e.source), country(e.target)) for e in coded(pipeline, text).events if not e.negated]
