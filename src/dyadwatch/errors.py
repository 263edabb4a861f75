"""The exception tree. Every message says what went wrong and how to fix it.

    DyadwatchError
     ├── InputError        one input cannot be read (the run goes on with the others)
     ├── DataFileError     a dictionary or lexicon file is invalid (names file and line)
     ├── StoreError        the database cannot be opened or written
     │    └── StoreLockedError
     ├── ModelError        the spaCy pipeline cannot be loaded
     └── UsageError        bad options or arguments
"""

from __future__ import annotations


class DyadwatchError(Exception):
    """Base of every error dyadwatch raises on purpose."""

    code = "DW000"

    def __init__(self, message: str, *, fix: str | None = None) -> None:
        self.message = message
        self.fix = fix
        super().__init__(self.render())

    def render(self) -> str:
        return f"{self.message}; {self.fix}" if self.fix else self.message


class InputError(DyadwatchError):
    """An input that cannot be read as an article."""

    code = "DW100"

    def __init__(self, path: str | None, message: str, *, fix: str | None = None, warning: bool = False):
        self.path = path or "<stdin>"
        self.warning = warning
        super().__init__(message, fix=fix)

    def render(self) -> str:
        return f"{self.path}: {super().render()}"


class DataFileError(DyadwatchError):
    code = "DW200"

    def __init__(self, path: str, line: int | None, message: str, *, fix: str | None = None):
        self.path = path
        self.line = line
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}", fix=fix)


class StoreError(DyadwatchError):
    code = "DW300"


class StoreLockedError(StoreError):
    code = "DW301"


class ModelError(DyadwatchError):
    code = "DW400"


class UsageError(DyadwatchError):
    code = "DW500"
