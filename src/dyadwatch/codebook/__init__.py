"""CAMEO codes with their root, QuadClass, Goldstein weight and PLOVER type (data/codebook/cameo.tsv).

Goldstein weights are the CAMEO manual's (cameo-codes.csv); GDELT's lookup differs on 016, 022, 164
and 165 and is kept in the file as ``goldstein_gdelt`` (see NOTICE).

PLOVER types follow CAMEO2PLOVER-2021; PLOVER drops CAMEO 01 (statements) and 02 (appeals), so those
codes have no PLOVER type (``None``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..errors import DataFileError

MUTUAL_ROOTS = frozenset({"03", "04", "05", "06", "08"})


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    root: str
    quad_class: int
    goldstein: float
    plover: str | None
    name: str


def quad_class_of(root: str) -> int:
    r = int(root)
    return 1 if r <= 5 else 2 if r <= 8 else 3 if r <= 13 else 4


@lru_cache(maxsize=1)
def codebook() -> dict[str, Code]:
    path = "dyadwatch/data/codebook/cameo.tsv"
    text = (resources.files("dyadwatch") / "data" / "codebook" / "cameo.tsv").read_text(encoding="utf-8")
    out: dict[str, Code] = {}
    header = None
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            continue
        row = dict(zip(header, cells, strict=False))
        try:
            code = row["code"]
            if not (code.isdigit() and 2 <= len(code) <= 4 and 1 <= int(code[:2]) <= 20):
                raise ValueError(f"bad code {code!r}")
            qc = int(row["quad_class"])
            if qc != quad_class_of(code[:2]):
                raise ValueError(f"QuadClass {qc} does not fit root {code[:2]}")
            out[code] = Code(code, code[:2], qc, float(row["goldstein"]), row["plover"] or None, row["name"])
        except (KeyError, ValueError) as exc:
            raise DataFileError(path, n, str(exc), fix="rebuild it with scripts/build_lexicons.py") from exc
    return out


def lookup(code: str) -> Code:
    """The entry of a code, or of its nearest parent (0231 → 023 → 02)."""
    book = codebook()
    for k in (code, code[:3], code[:2]):
        if k in book:
            return book[k]
    raise KeyError(code)
