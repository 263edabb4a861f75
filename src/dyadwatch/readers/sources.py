"""Turn what the user gave (files, folders, globs, ``-``) into raw inputs: bytes with a name."""

from __future__ import annotations

import glob
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from ..errors import InputError

_BINARY_MAGIC = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"PK\x03\x04": "a ZIP archive (or an Office document)",
    b"\x7fELF": "an executable",
    b"\xd0\xcf\x11\xe0": "an old Office document",
}


@dataclass(slots=True)
class RawInput:
    name: str | None
    """The path as given (None for stdin)."""
    data: bytes


def expand_paths(paths: Iterable[str]) -> Iterator[str | InputError]:
    """Each input path, folders walked recursively in name order, globs expanded; errors in place."""
    for p in paths:
        if p == "-":
            yield p
            continue
        path = Path(p)
        if path.is_dir():
            files = sorted(str(f) for f in path.rglob("*") if f.is_file() and not f.name.startswith("."))
            if not files:
                yield InputError(p, "folder holds no files", fix="point at a folder with articles in it")
            for f in files:
                yield str(f)
        elif path.is_file():
            yield p
        elif any(ch in p for ch in "*?["):
            matches = sorted(glob.glob(p, recursive=True))
            files = [m for m in matches if Path(m).is_file()]
            if not files:
                yield InputError(p, "the pattern matches no files", fix="check the glob (quote it so the shell leaves it alone)")
            yield from files
        else:
            yield InputError(p, "no such file or folder", fix="check the path")


def read_raw(name: str, *, max_bytes: int) -> RawInput:
    """The bytes of one input, gunzipped, checked for size and binary content."""
    if name == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        label = None
    else:
        label = name
        try:
            size = Path(name).stat().st_size
            if size > max_bytes and not name.endswith(".gz"):
                raise InputError(name, f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit",
                                 fix="raise --max-bytes (or DYADWATCH_MAX_BYTES) or split the file")
            with open(name, "rb") as fh:
                data = fh.read(max_bytes + 1)
        except OSError as exc:
            raise InputError(name, f"cannot be read ({exc.strerror})", fix="check the permissions") from exc
    if data[:2] == b"\x1f\x8b":
        try:
            data = _gunzip(data, max_bytes)
        except (OSError, EOFError, zlib.error) as exc:
            # truncated gzip: keep what decompressed, if anything
            raise InputError(label, f"is a damaged gzip file ({exc})", fix="re-download or re-compress it") from exc
    if len(data) > max_bytes:
        raise InputError(label, f"is over the {max_bytes / 1e6:.0f} MB limit",
                         fix="raise --max-bytes (or DYADWATCH_MAX_BYTES) or split the file")
    if not data.strip():
        raise InputError(label, "is empty", fix="remove it or fill it with an article")
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise InputError(label, f"is {what}, not an article", fix="convert it to text or HTML first, or leave it out")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(label, "is a binary file, not an article", fix="give text, HTML, WARC, RSS/Atom or JSONL")
    return RawInput(label, data)


def _gunzip(data: bytes, max_bytes: int) -> bytes:
    # WARC files are often many concatenated gzip members: decompress them all
    out = bytearray()
    while data:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out += d.decompress(data, max_bytes + 1 - len(out))
        if len(out) > max_bytes:
            break
        if not d.eof:
            raise EOFError("compressed data ends early")
        data = d.unused_data
    return bytes(out)


def decode(raw: RawInput) -> tuple[str, list[str]]:
    """Text from bytes: UTF-8 (with BOM), else the detected legacy encoding; warnings for repairs."""
    data = raw.data
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), []
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    valid_multibyte = _count_utf8_sequences(data)
    if valid_multibyte == 0:
        best = from_bytes(data[:200_000]).best()
        enc = best.encoding if best is not None else "cp1252"
        if re.match(r"(cp125\d|windows|iso8859|latin|ascii)", enc.replace("-", "").replace("_", "").lower()):
            try:
                data.decode("cp1252")
                enc = "cp1252"  # the usual legacy encoding of Western web text
            except UnicodeDecodeError:
                pass
        label = {"cp1252": "windows-1252", "windows_1252": "windows-1252"}.get(enc.lower(), enc)
        try:
            return data.decode(enc), [f"decoded as {label} (not UTF-8)"]
        except (UnicodeDecodeError, LookupError):
            return data.decode("cp1252", errors="replace"), ["decoded as windows-1252 (not UTF-8)"]
    return data.decode("utf-8", errors="replace"), [
        "invalid UTF-8 bytes were replaced with U+FFFD; re-save the file as UTF-8 to keep every character"
    ]


def _count_utf8_sequences(data: bytes) -> int:
    count = 0
    i, n = 0, min(len(data), 200_000)
    while i < n:
        b = data[i]
        width = 2 if 0xC2 <= b <= 0xDF else 3 if 0xE0 <= b <= 0xEF else 4 if 0xF0 <= b <= 0xF4 else 0
        if width and all(0x80 <= c <= 0xBF for c in data[i + 1:i + width]) and i + width <= n:
            count += 1
            i += width
        else:
            i += 1
    return count
