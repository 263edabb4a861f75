"""Fixtures shared by the NLP rule tests: a tokenising-only pipeline and the actor resolver on it."""

from __future__ import annotations

import pytest
import spacy

from dyadwatch.kb.actors import load_kb
from dyadwatch.nlp.actors import ActorResolver


@pytest.fixture(scope="session")
def nlp():
    """Tokeniser and sentencizer only: the actor rules need no model."""
    n = spacy.blank("en")
    n.add_pipe("sentencizer")
    return n


@pytest.fixture(scope="session")
def resolver(nlp):
    return ActorResolver(nlp.vocab, load_kb())
