#!/usr/bin/env python
"""Build the bundled demo WARC (src/dyadwatch/data/demo/archive.warc.gz).

Reads the fictionalised HTML pages in scripts/demo_warc_pages/ and writes a
gzipped WARC/1.0 file containing one ``warcinfo`` record followed by a
``request`` + ``response`` record pair for each page. Record IDs are derived
from the target URI so that rebuilding yields the same record headers.

Usage:
    .venv/bin/python scripts/build_demo_warc.py [--out PATH]
"""
from __future__ import annotations

import argparse
import uuid
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parent.parent
PAGES_DIR = Path(__file__).resolve().parent / "demo_warc_pages"
DEFAULT_OUT = ROOT / "src" / "dyadwatch" / "data" / "demo" / "archive.warc.gz"
HOST = "example-news.test"

# page file -> (URL path, capture time). Captures are a little after publication.
PAGES = [
    ("2024-01-03_russia_ukraine_prisoner_swap.html",
     "/world/2024/01/03/ukraine-russia-largest-prisoner-exchange-uae",
     "2024-01-03T19:02:11Z"),
    ("2024-05-23_china_joint_sword_drills_taiwan.html",
     "/world/2024/05/23/china-joint-sword-drills-taiwan-lai",
     "2024-05-23T11:47:30Z"),
    ("2024-10-15_north_korea_blows_up_roads.html",
     "/world/2024/10/15/north-korea-blows-up-inter-korean-roads",
     "2024-10-15T07:15:05Z"),
]


def record_id(*parts: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, '|'.join(parts))}>"


def http_date(warc_date: str) -> str:
    dt = datetime.strptime(warc_date, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    return dt.strftime("%a, %d %b %Y %H:%M:%S GMT")


def build(out: Path) -> int:
    out.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with open(out, "wb") as fh:
        writer = WARCWriter(fh, gzip=True, warc_version="1.0")
        info = writer.create_warcinfo_record(
            out.name,
            {
                "software": "dyadwatch build_demo_warc.py (warcio)",
                "format": "WARC File Format 1.0",
                "description": "Fictionalised demo news pages written for the dyadwatch "
                               "project; not real reporting.",
                "isPartOf": "dyadwatch-demo",
                "operator": "dyadwatch developers",
            },
        )
        info.rec_headers.replace_header("WARC-Date", "2024-10-15T08:00:00Z")
        info.rec_headers.replace_header("WARC-Record-ID", record_id("warcinfo", out.name))
        writer.write_record(info)
        n += 1
        warcinfo_id = info.rec_headers.get_header("WARC-Record-ID")

        for fname, path, warc_date in PAGES:
            body = (PAGES_DIR / fname).read_bytes()
            uri = f"https://{HOST}{path}"
            resp_id = record_id("response", uri)
            req_id = record_id("request", uri)

            req_headers = StatusAndHeaders(
                f"GET {path} HTTP/1.1",
                [
                    ("Host", HOST),
                    ("User-Agent", "Mozilla/5.0 (compatible; dyadwatch-demo-crawler/0.1)"),
                    ("Accept", "text/html,application/xhtml+xml"),
                    ("Accept-Language", "en-GB,en;q=0.8"),
                    ("Connection", "close"),
                ],
                is_http_request=True,
            )
            resp_headers = StatusAndHeaders(
                "200 OK",
                [
                    ("Date", http_date(warc_date)),
                    ("Server", "nginx"),
                    ("Content-Type", "text/html; charset=utf-8"),
                    ("Content-Length", str(len(body))),
                    ("Cache-Control", "max-age=60"),
                    ("Connection", "close"),
                ],
                protocol="HTTP/1.1",
            )
            response = writer.create_warc_record(
                uri, "response", payload=BytesIO(body), length=len(body),
                http_headers=resp_headers,
                warc_headers_dict={
                    "WARC-Date": warc_date,
                    "WARC-Record-ID": resp_id,
                    "WARC-Warcinfo-ID": warcinfo_id,
                    "WARC-IP-Address": "192.0.2.10",
                },
            )
            request = writer.create_warc_record(
                uri, "request", payload=BytesIO(b""), length=0,
                http_headers=req_headers,
                warc_headers_dict={
                    "WARC-Date": warc_date,
                    "WARC-Record-ID": req_id,
                    "WARC-Warcinfo-ID": warcinfo_id,
                    "WARC-Concurrent-To": resp_id,
                },
            )
            writer.write_record(request)
            writer.write_record(response)
            n += 2
    return n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args()
    n = build(args.out)
    print(f"wrote {n} records to {args.out}")


if __name__ == "__main__":
    main()
