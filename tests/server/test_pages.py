"""Dashboard pages in-process: every page renders, filters stay in links, bad URLs give 4xx pages, and
no page ever carries markup from article text."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest


class Tags(HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _safe(text: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(text)
    for tag, attrs in parser.tags:
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)
        for k in ("href", "src", "action"):
            assert not (attrs.get(k) or "").strip().lower().startswith("javascript"), (tag, attrs)
        if tag == "script":
            assert attrs.get("src") == "/static/app.js", attrs
        assert "style" not in attrs, (tag, attrs)  # CSP has no unsafe-inline styles
        assert tag not in ("img", "iframe", "object", "embed"), (tag, attrs)
    return parser.tags


PAGES = ["/", "/?actor=RUS&since=2022&until=2024-12-31&by=month", "/dyad/RUS/PRK", "/dyad/rusgov/ukr?by=year",
         "/network", "/network?quad=4&since=2020-01-01&nodes=10", "/network?edge=RUS-UKR", "/actor/RUS",
         "/actor/IGOUNO", "/actor/RUSGOV?since=2023", "/search?q=put", "/search?q=zzzz", "/search"]


@pytest.mark.parametrize("url", PAGES)
def test_pages_render(html, url: str) -> None:  # type: ignore[no-untyped-def]
    r = html(url)
    assert r.status_code == 200, r.text[-500:]
    assert r.headers["content-type"].startswith("text/html")
    assert "Content-Security-Policy" in r.headers
    _safe(r.text)


def test_filters_are_kept_in_links(html) -> None:  # type: ignore[no-untyped-def]
    text = html("/?since=2022-01-01&until=2024-12-31").text
    assert "/dyad/RUS/UKR?since=2022-01-01&amp;until=2024-12-31" in text
    net = html("/network?quad=4&since=2022-01-01").text
    assert "edge=RUS-UKR" in net and "quad=4" in net


def test_dyad_page_links_evidence_to_article_anchor(html) -> None:  # type: ignore[no-untyped-def]
    text = html("/dyad/RUS/UKR").text
    assert '<svg class="chart"' in text and 'class="evidence" href="/article/' in text
    href = text.split('class="evidence" href="', 1)[1].split('"', 1)[0]
    path, anchor = href.split("#")
    assert anchor.startswith("ev-")
    article = html(path).text
    assert f'id="{anchor}"' in article


def test_search_redirects_exact_code(html) -> None:  # type: ignore[no-untyped-def]
    r = html("/search?q=rusgov")
    assert r.status_code == 200 and "RUSGOV" in r.text and str(r.url).endswith("/actor/RUSGOV")


def test_event_page(html, client) -> None:  # type: ignore[no-untyped-def]
    event = client.get("/api/events", params={"actor": "RUS", "target": "UKR"}).json()["items"][0]
    text = html(f"/event/{event['event_id']}").text
    assert 'id="reports"' in text and "/article/" in text


def test_xss_article_is_text(html, xss_id: str) -> None:  # type: ignore[no-untyped-def]
    r = html(f"/article/{xss_id}")
    assert r.status_code == 200
    tags = _safe(r.text)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in r.text
    assert "<script>alert" not in r.text and "<img" not in r.text
    assert [t for t, _ in tags].count("script") == 1
    assert not [a for t, a in tags if t == "a" and "alert" in (a.get("href") or "")]
    assert 'class="actor' in r.text and 'class="event' in r.text


@pytest.mark.parametrize(("url", "status", "words"), [
    ("/?since=not-a-date", 422, "is not a date"),
    ("/?since=2024&until=2023", 422, "before"),
    ("/?by=hour", 422, "not a period"),
    ("/?actor=%3Cscript%3E", 422, "not an actor code"),
    ("/dyad/RUS/RUS", 422, "two different actors"),
    ("/dyad/RUS/%3Cb%3E", 422, "a"),
    ("/network?quad=9", 422, "QuadClass"),
    ("/network?edge=RUS", 422, "SOURCE-TARGET"),
    ("/network?nodes=1", 422, "nodes"),
    ("/article/0000000000000000", 404, "no article"),
    ("/article/bad%20id", 422, "article_id"),
    ("/event/0123456789abcdef", 404, "no event"),
    ("/no/such/page", 404, "nothing at"),
])
def test_bad_urls_give_error_pages(html, url: str, status: int, words: str) -> None:  # type: ignore[no-untyped-def]
    r = html(url)
    assert r.status_code == status
    assert r.headers["content-type"].startswith("text/html")
    assert words in r.text and 'id="error"' in r.text
    _safe(r.text)


def test_error_page_escapes_the_value(html) -> None:  # type: ignore[no-untyped-def]
    r = html("/?since=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")
    assert r.status_code == 422 and "<img" not in r.text
    _safe(r.text)


def test_static_assets_are_bundled(client) -> None:  # type: ignore[no-untyped-def]
    for path, kind in (("/static/app.css", "text/css"), ("/static/app.js", "javascript"),
                       ("/static/favicon.svg", "image/svg")):
        r = client.get(path)
        assert r.status_code == 200 and kind in r.headers["content-type"]
    assert "http" not in client.get("/static/app.css").text.replace("http://www.w3.org", "")
    js = client.get("/static/app.js").text
    assert "innerHTML" not in js and "eval(" not in js
