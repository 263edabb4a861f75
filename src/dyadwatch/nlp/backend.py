"""How the neural parts of a spaCy pipeline multiply matrices, and with how many threads.

thinc's CPU ops multiply with the BLIS library bundled in the ``blis`` wheel unless told otherwise
(``NumpyOps(use_blis=False)``, thinc's own switch), in which case numpy's BLAS does it. On the
machines measured (see benchmarks/throughput.py) numpy's OpenBLAS is about 2.5 times faster for the
tok2vec, tagger, parser and entity layers, with the same parses; ``blis`` keeps spaCy's default.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from spacy.language import Language
from thinc.api import NumpyOps
from threadpoolctl import ThreadpoolController

from ..errors import UsageError

MATMULS = ("numpy", "blis")


def set_matmul(nlp: Language, kind: str) -> None:
    """Make every model of the pipeline multiply with ``kind`` ("numpy" or "blis")."""
    if kind not in MATMULS:
        raise UsageError(f"matmul={kind!r} is not known", fix=f"set matmul to one of {', '.join(MATMULS)}")
    ops = NumpyOps(use_blis=kind == "blis")
    for _, component in nlp.pipeline:
        model: Any = getattr(component, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for node in model.walk():
            node.ops = ops


class BlasThreads:
    """A context that caps the BLAS library's threads (numpy's OpenBLAS or MKL) while it is open."""

    def __init__(self, threads: int) -> None:
        self.threads = max(1, threads)
        self._controller = ThreadpoolController()

    @contextlib.contextmanager
    def limit(self) -> Iterator[None]:
        with self._controller.limit(limits=self.threads, user_api="blas"):
            yield
