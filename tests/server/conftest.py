"""Fixtures for the server tests: the demo corpus plus one hostile article, ingested once per session."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

XSS_CAPTURE = """World | Security

Drone strike cuts power near Kharkiv, officials say

By Test Wire staff

March 3, 2023 10:00 AM GMT

KYIV, March 3 (Test Wire) - Russian forces struck a power station near Kharkiv on Friday, Ukrainian officials said. <script>alert(1)</script> The attack <img src=x onerror=alert(1)> cut power to 20,000 homes.

Ukraine's foreign ministry condemned Russia and called on the United Nations to act. Read more at <a href="javascript:alert(1)">javascript:alert(1)</a> or <a href=javascript:alert(2)>here</a>.

(Reporting by Test Wire)
"""


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory, pipeline) -> Path:  # type: ignore[no-untyped-def]
    """The bundled demo corpus and the XSS article in one database (about 10 s)."""
    from dyadwatch.engines.local import ingest
    from dyadwatch.settings import Settings

    folder = tmp_path_factory.mktemp("serverdb")
    xss = folder / "xss_article.txt"
    xss.write_text(XSS_CAPTURE, encoding="utf-8")
    db = folder / "demo.duckdb"
    report = ingest([str(resources.files("dyadwatch") / "data" / "demo"), str(xss)], db=db,
                    settings=Settings(), pipeline=pipeline)
    assert not report.errors, report.errors
    return db


@pytest.fixture(scope="session")
def xss_id(demo_db: Path) -> str:
    from dyadwatch.store import open_reader

    with open_reader(demo_db) as con:
        row = con.execute("SELECT id FROM articles WHERE source_path LIKE '%xss_article.txt'").fetchone()
    assert row, "the XSS article was not stored"
    return str(row[0])


@pytest.fixture(scope="session")
def client(demo_db: Path, pipeline) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    from dyadwatch.server import create_app

    with TestClient(create_app(demo_db, pipeline=pipeline)) as c:
        yield c


@pytest.fixture(scope="session")
def html(client: TestClient):  # type: ignore[no-untyped-def]
    """GET a dashboard page as a browser would (asking for HTML)."""

    def get(url: str):  # type: ignore[no-untyped-def]
        return client.get(url, headers={"accept": "text/html"})

    return get
