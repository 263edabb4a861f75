"""POST /extract: one article in, the contract's JSON out, nothing stored; size limits and bad bodies."""

from __future__ import annotations

from fastapi.testclient import TestClient

from dyadwatch.server.extract import MAX_BODY

ARTICLE = """Putin and Kim hold summit in Vladivostok

By Wire staff

April 25, 2019

Russian President Vladimir Putin met North Korean leader Kim Jong Un in Vladivostok on Thursday. \
Trade between the two countries was worth $34 million last year.
"""
PAGE = ("<!doctype html><html><head><title>Summit</title></head><body><article><h1>Putin meets Kim</h1>"
        "<p>Russian President Vladimir Putin met North Korean leader Kim Jong Un in Vladivostok on "
        "Thursday, the Kremlin said.</p><p>They agreed to expand trade.</p></article></body></html>")


def test_extract_text_returns_contract_json(client: TestClient) -> None:
    before = client.get("/api/summary").json()["articles"]
    r = client.post("/extract", json={"text": ARTICLE})
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["schema"] == 1 and out["id"] and out["body"]
    for key in ("actors", "events", "quantities", "captions", "boilerplate", "published", "language"):
        assert key in out
    assert any(e["cameo"].startswith("04") for e in out["events"]), out["events"]
    for a in out["actors"]:
        assert out[a["field"]][a["start"]:a["end"]] == a["text"]
    assert client.get("/api/summary").json()["articles"] == before  # nothing stored


def test_extract_html(client: TestClient) -> None:
    r = client.post("/api/extract", json={"html": PAGE})
    assert r.status_code == 200, r.text
    out = r.json()
    assert "Vladivostok" in out["body"] and "<p>" not in out["body"]
    assert {a["code"][:3] for a in out["actors"]} >= {"RUS", "PRK"}


def _error(r, status: int, code: str) -> None:  # type: ignore[no-untyped-def]
    assert r.status_code == status, r.text
    body = r.json()
    assert body["error"]["code"] == code and body["error"]["message"] and body["error"]["fix"]


def test_extract_bad_bodies(client: TestClient) -> None:
    _error(client.post("/extract", json={"text": ARTICLE, "html": PAGE}), 422, "invalid_body")
    _error(client.post("/extract", json={}), 422, "invalid_body")
    _error(client.post("/extract", json={"text": "   "}), 422, "invalid_body")
    _error(client.post("/extract", json={"text": 5}), 422, "invalid_body")
    _error(client.post("/extract", json=["text"]), 422, "invalid_body")
    _error(client.post("/extract", content=b"not json", headers={"content-type": "application/json"}),
           422, "invalid_body")
    _error(client.post("/extract", content=b"\xff\xfe", headers={"content-type": "application/json"}),
           422, "invalid_body")
    r = client.get("/extract")
    assert r.status_code == 405 and r.json()["error"]["code"] == "method_not_allowed"


def test_extract_too_large(client: TestClient) -> None:
    big = {"text": "Russia met Ukraine. " * (MAX_BODY // 20 + 10)}
    r = client.post("/extract", json=big)
    assert r.status_code == 413 and r.json()["error"]["code"] == "too_large"

    def chunks():  # type: ignore[no-untyped-def]  # no content-length: the limit is enforced while reading
        yield b'{"text": "'
        for _ in range(MAX_BODY // 1000 + 2):
            yield b"x" * 1000
        yield b'"}'

    r = client.post("/extract", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413 and r.json()["error"]["code"] == "too_large"
