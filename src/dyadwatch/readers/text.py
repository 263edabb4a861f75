"""Plain-text captures of news pages."""

from __future__ import annotations

from ..clean.capture import clean_capture, paragraphs_text
from .build import ArticleDraft


def read_text(text: str) -> ArticleDraft:
    parts = clean_capture(text)
    return ArticleDraft(
        title=parts.title,
        section=parts.section,
        standfirst=parts.standfirst,
        author=parts.author,
        published=parts.published,
        publisher=parts.publisher,
        captions=parts.captions,
        body=paragraphs_text(parts.paragraphs),
        boilerplate=parts.boilerplate,
    )
