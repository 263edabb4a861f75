"""Which language an article is written in, from scripts and frequent function words."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from importlib import resources

_WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)
_SCRIPTS = (
    ("ru", re.compile(r"[\u0400-\u04FF]")),
    ("ar", re.compile(r"[\u0600-\u06FF]")),
    ("zh", re.compile(r"[\u4E00-\u9FFF]")),
    ("ja", re.compile(r"[\u3040-\u30FF]")),
    ("ko", re.compile(r"[\uAC00-\uD7AF]")),
    ("he", re.compile(r"[\u0590-\u05FF]")),
    ("el", re.compile(r"[\u0370-\u03FF]")),
)


@lru_cache(maxsize=1)
def _stopwords() -> dict[str, frozenset[str]]:
    text = (resources.files("dyadwatch") / "data" / "clean" / "stopwords.tsv").read_text(encoding="utf-8")
    out = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            lang, words = line.split("\t", 1)
            out[lang] = frozenset(words.split())
    return out


def detect_language(text: str) -> str | None:
    """An ISO 639-1 code, or None when the text is too short to tell."""
    sample = text[:4000]
    letters = sum(map(str.isalpha, sample))
    if letters < 20:
        return None
    for lang, pat in () if sample.isascii() else _SCRIPTS:  # ASCII text holds none of these scripts
        if len(pat.findall(sample)) > 0.3 * letters:
            if lang == "zh" and _SCRIPTS[3][1].search(sample):
                return "ja"
            return lang
    words = [w.lower() for w in _WORD_RE.findall(sample)]
    if len(words) < 5:
        return None
    counts = Counter(words)
    scores = {lang: sum(counts[w] for w in counts.keys() & sw) for lang, sw in _stopwords().items()}
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best] >= 0.05 * len(words) else None
