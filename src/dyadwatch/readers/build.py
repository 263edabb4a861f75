"""From what a reader found to an Article: ids, language, checks."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from ..clean.dedupe import content_id
from ..clean.language import detect_language
from ..errors import InputError
from ..model import Article


@dataclass(slots=True)
class ArticleDraft:
    body: str
    title: str | None = None
    section: str | None = None
    standfirst: str | None = None
    author: str | None = None
    published: datetime | None = None
    publisher: str | None = None
    url: str | None = None
    captions: list[str] = field(default_factory=list)
    boilerplate: list[str] = field(default_factory=list)
    language: str | None = None


def finish(draft: ArticleDraft, *, source: str | None, input_format: str, warnings: list[str]) -> Article:
    """Give a draft its id and language; an article with no text at all is an input error."""
    body = draft.body.strip()
    if not body and not (draft.title or "").strip():
        raise InputError(source, "holds no article text", fix="check that the file is a news article (not a menu page or an empty item)")
    published = draft.published
    if published is not None and published.tzinfo is None:
        published = published.replace(tzinfo=UTC)
    language = draft.language or detect_language(" ".join(filter(None, [draft.title, body]))) or "en"
    language = language.split("-")[0].lower()
    warnings = list(warnings)
    if language != "en":
        warnings.append(f"article is in '{language}', not English: metadata kept, not coded")
    return Article(
        id=content_id(body, title=draft.title),
        body=body,
        source_path=source,
        url=draft.url,
        publisher=draft.publisher,
        section=draft.section,
        title=(draft.title or "").strip() or None,
        standfirst=(draft.standfirst or "").strip() or None,
        author=draft.author,
        published=published,
        language=language,
        captions=[c.strip() for c in draft.captions if c.strip()],
        boilerplate=draft.boilerplate,
        input_format=input_format,
        warnings=warnings,
    )
