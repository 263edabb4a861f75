"""A guard around spaCy's tokenizer for text that would take it quadratic time.

spaCy splits text at whitespace, then strips a chunk's prefixes and suffixes one at a time, searching
the rest of the chunk again after each: its time grows with the square of a chunk's length when the
chunk is a run of punctuation (4,000 opening brackets in a row took 3–4 s here) or of a repeated suffix
("'s's's…", emoji). Article text is untrusted, so ``GuardedTokenizer`` hands spaCy only the text
between such stretches, makes a run of more than ``longest_run`` characters that are neither letters,
digits nor whitespace one token, and tokenises a chunk of more than ``longest_chunk`` characters
without whitespace in pieces of at most that many. Text with neither, which is all news prose, is
tokenised by spaCy exactly as before; either way the Doc's text is the text given.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from typing import Any

from spacy.tokens import Doc


class GuardedTokenizer:
    """Calls ``tokenizer``, except on a run of more than ``longest_run`` punctuation characters (one
    token) and on a chunk of more than ``longest_chunk`` non-whitespace characters (tokenised in pieces)."""

    def __init__(self, tokenizer: Callable[[str], Doc], *, longest_run: int = 64, longest_chunk: int = 256) -> None:
        if isinstance(tokenizer, GuardedTokenizer):
            tokenizer = tokenizer.tokenizer
        if not 0 < longest_run < longest_chunk:
            raise ValueError(f"need 0 < longest_run < longest_chunk, not {longest_run} and {longest_chunk}")
        self.tokenizer: Callable[[str], Doc] = tokenizer
        self.longest_run = longest_run
        self.longest_chunk = longest_chunk
        # each alternative repeats one kind of character and is only tried where a chunk or a run
        # starts, so the search takes time linear in the text; a long chunk is taken whole (runs in it
        # included), so that no text spaCy is given holds a chunk longer than ``longest_chunk``
        run = rf"(?<![^\w\s])(?<!_)(?:[^\w\s]|_){{{longest_run + 1},}}"
        self._run = re.compile(run)
        self._stretch = re.compile(rf"(?<!\S)\S{{{longest_chunk + 1},}}|{run}")

    @property
    def vocab(self) -> Any:
        return self.tokenizer.vocab  # type: ignore[attr-defined]

    def __getattr__(self, name: str) -> Any:
        # what spaCy or a user reads of the tokenizer (``rules``, ``memory_zone`` where it has one, serialisation)
        tokenizer = self.__dict__.get("tokenizer")
        if tokenizer is None:
            raise AttributeError(name)
        return getattr(tokenizer, name)

    def __call__(self, text: str) -> Doc:
        stretches = self._stretch.finditer(text)
        first = next(stretches, None)
        if first is None:
            return self.tokenizer(text)
        words: list[str] = []
        spaces: list[bool] = []
        pos = 0
        for found in itertools.chain([first], stretches):
            self._add(text[pos:found.start()], words, spaces)
            self._add_stretch(found.group(), words, spaces)
            pos = found.end()
        self._add(text[pos:], words, spaces)
        return Doc(self.vocab, words=words, spaces=spaces)

    def _add_stretch(self, stretch: str, words: list[str], spaces: list[bool]) -> None:
        """A run, or a long chunk: each run in it is a token, the rest goes to spaCy in pieces."""
        at = 0
        for run in self._run.finditer(stretch):
            self._add_pieces(stretch[at:run.start()], words, spaces)
            words.append(run.group())
            spaces.append(False)
            at = run.end()
        self._add_pieces(stretch[at:], words, spaces)

    def _add_pieces(self, chunk: str, words: list[str], spaces: list[bool]) -> None:
        for at in range(0, len(chunk), self.longest_chunk):
            self._add(chunk[at:at + self.longest_chunk], words, spaces)

    def _add(self, piece: str, words: list[str], spaces: list[bool]) -> None:
        """Append spaCy's tokens of ``piece`` (a stretch of ordinary text, or a piece of a long chunk)."""
        if piece.startswith(" ") and words and not spaces[-1]:
            spaces[-1] = True  # the space after a guarded stretch belongs to its last token
            piece = piece[1:]
        if piece:
            for token in self.tokenizer(piece):
                words.append(token.text)
                spaces.append(bool(token.whitespace_))
