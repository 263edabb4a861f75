"""WARC archives: every HTML response record is an article, its target URI the url."""

from __future__ import annotations

import io
from collections.abc import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from ..errors import InputError
from .build import ArticleDraft
from .html import read_html


def read_warc(
    data: bytes, *, source: str | None, boilerplate_files: tuple[str, ...] = (),
) -> Iterator[tuple[ArticleDraft, list[str], str] | InputError]:
    n = 0
    try:
        archive = ArchiveIterator(io.BytesIO(data))
        for record in archive:
            if record.rec_type != "response":
                record.raw_stream.read()
                _check_complete(record)
                continue
            ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else "") or ""
            if "html" not in ctype.lower():
                continue
            n += 1
            uri = record.rec_headers.get_header("WARC-Target-URI")
            label = f"{source or '<stdin>'}#{n}"
            payload = record.content_stream().read()
            _check_complete(record)
            charset = "utf-8"
            if "charset=" in ctype:
                charset = ctype.split("charset=", 1)[1].split(";")[0].strip() or "utf-8"
            try:
                html = payload.decode(charset, errors="replace")
            except LookupError:
                html = payload.decode("utf-8", errors="replace")
            try:
                draft, warnings = read_html(html, source=label, url=uri, boilerplate_files=boilerplate_files)
            except InputError as exc:
                yield exc
                continue
            yield draft, warnings, label
    except (ArchiveLoadFailed, ValueError, EOFError, OSError) as exc:
        yield InputError(source, f"WARC is damaged or truncated after {n} record(s) ({exc.__class__.__name__})",
                         fix="re-fetch the archive; the records before the damage were read")
    if n == 0:
        yield InputError(source, "WARC holds no HTML response records", fix="give a WARC of web pages (response records)")


def _check_complete(record: ArcWarcRecord) -> None:
    """A record whose block ends before its declared length means the file was cut short."""
    if getattr(record.raw_stream, "limit", 0) > 0:
        raise EOFError("record is shorter than its Content-Length")
