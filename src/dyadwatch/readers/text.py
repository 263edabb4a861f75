"""Plain-text captures of news pages."""

from __future__ import annotations

from ..clean.capture import clean_capture, paragraphs_text
from .build import ArticleDraft


def read_text(text: str, *, boilerplate_files: tuple[str, ...] = ()) -> tuple[ArticleDraft, list[str]]:
    """A capture's draft article, and warnings (lines the user's boilerplate patterns took too long on)."""
    parts = clean_capture(text, extra_boilerplate=boilerplate_files)
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
    ), parts.warnings
