"""dyadwatch: who did what to whom, when, where, with what figures — and the sentence that says so."""

from __future__ import annotations

from .errors import DyadwatchError, InputError, StoreError
from .model import ActorMention, Article, ArticleResult, Event, Location, Quantity
from .settings import Settings, load_settings

__all__ = [
    "ActorMention", "Article", "ArticleResult", "DyadwatchError", "Event", "InputError", "Location", "Pipeline",
    "Quantity", "Settings", "StoreError", "extract", "load_settings",
]


def __getattr__(name: str) -> object:
    # the pipeline imports spaCy: load it only when asked for
    if name in ("Pipeline", "extract"):
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(name)
