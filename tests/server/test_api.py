"""The JSON API, in-process: every endpoint, its filters, pagination and every error case."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


def _error(r, status: int, code: str = "invalid_parameter") -> dict:  # type: ignore[no-untyped-def]
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "fix"}
    assert body["error"]["code"] == code and body["error"]["message"]
    return body["error"]


def test_summary(client: TestClient) -> None:
    s = client.get("/api/summary").json()
    assert s["articles"] >= 40 and s["events"] > 100
    assert s["quad1"] + s["quad2"] + s["quad3"] + s["quad4"] == s["events"]
    assert s["top_dyads"][0]["events"] >= s["top_dyads"][-1]["events"]


def test_events_pagination(client: TestClient) -> None:
    first = client.get("/api/events", params={"limit": 3}).json()
    assert len(first["items"]) == 3 and first["limit"] == 3 and first["offset"] == 0 and first["next_offset"] == 3
    second = client.get("/api/events", params={"limit": 3, "offset": 3}).json()
    ids = {e["event_id"] for e in first["items"]} | {e["event_id"] for e in second["items"]}
    assert len(ids) == 6
    last = client.get("/api/events", params={"limit": 500, "offset": 0}).json()
    total = client.get("/api/summary").json()["events"]
    assert len(last["items"]) == min(500, total)
    beyond = client.get("/api/events", params={"offset": 100_000}).json()
    assert beyond["items"] == [] and beyond["next_offset"] is None


def test_events_filters(client: TestClient) -> None:
    items = client.get("/api/events", params={"actor": "RUSGOV", "target": "UKR", "limit": 100}).json()["items"]
    assert items
    for e in items:
        assert {e["source_country"], e["target_country"]} == {"RUS", "UKR"}
    conflict = client.get("/api/events", params={"quad": 4, "since": "2022", "until": "2022-12-31"}).json()["items"]
    assert conflict and all(e["quad_class"] == 4 and e["date"].startswith("2022") for e in conflict)
    roots = client.get("/api/events", params={"root": "4"}).json()["items"]
    assert roots and all(e["root"] == "04" for e in roots)
    sure = client.get("/api/events", params={"min_confidence": 0.9}).json()["items"]
    assert all(e["confidence"] >= 0.9 for e in sure)


@pytest.mark.parametrize("query", [
    {"limit": 0}, {"limit": 501}, {"limit": "ten"}, {"offset": -1}, {"offset": 10**12},
    {"since": "2020-13"}, {"since": "yesterday"}, {"until": "2020-02-30"}, {"since": "2023", "until": "2022"},
    {"quad": 5}, {"quad": "x"}, {"root": "21"}, {"root": "ab"}, {"actor": "RUS' OR 1=1 --"},
    {"target": "<script>"}, {"min_confidence": 2}, {"min_confidence": "nan"}, {"actor": "R"},
])
def test_events_bad_parameters(client: TestClient, query: dict) -> None:
    err = _error(client.get("/api/events", params=query), 422)
    assert err["fix"]


def test_event_mentions(client: TestClient) -> None:
    event = client.get("/api/events", params={"actor": "RUS", "target": "UKR"}).json()["items"][0]
    body = client.get(f"/api/events/{event['event_id']}/mentions").json()
    assert body["event_id"] == event["event_id"] and len(body["items"]) >= 1
    m = body["items"][0]
    assert m["sentence"] and m["article_id"] and m["event_id"] == event["event_id"]
    _error(client.get("/api/events/0123456789abcdef/mentions"), 404, "not_found")
    _error(client.get("/api/events/nothex/mentions"), 422)


def test_dyads(client: TestClient) -> None:
    items = client.get("/api/dyads", params={"top": 5}).json()["items"]
    assert len(items) == 5 and items[0]["a"] < items[0]["b"]
    assert items[0]["events"] == items[0]["cooperative"] + items[0]["conflictual"] or items[0]["events"] > 0
    _error(client.get("/api/dyads", params={"top": 0}), 422)
    _error(client.get("/api/dyads", params={"top": 10_000}), 422)
    _error(client.get("/api/dyads", params={"since": "nope"}), 422)


def test_timeline(client: TestClient) -> None:
    body = client.get("/api/timeline/RUS/PRK", params={"by": "year"}).json()
    assert body["a"] == "RUS" and body["b"] == "PRK" and body["by"] == "year"
    assert {r["direction"] for r in body["items"]} <= {"A>B", "B>A"} and body["items"]
    row = body["items"][0]
    assert row["events"] == row["quad1"] + row["quad2"] + row["quad3"] + row["quad4"]
    _error(client.get("/api/timeline/RUS/PRK", params={"by": "fortnight"}), 422)
    _error(client.get("/api/timeline/R$S/PRK"), 422)
    _error(client.get("/api/timeline/RUS"), 404, "not_found")


def test_activity(client: TestClient) -> None:
    rows = client.get("/api/activity", params={"by": "year"}).json()["items"]
    total = client.get("/api/summary").json()
    dated = sum(r["events"] for r in rows)
    assert 0 < dated <= total["events"]
    assert all(r["events"] == r["cooperative"] + r["conflictual"] for r in rows)
    rus = client.get("/api/activity", params={"by": "year", "actor": "RUS"}).json()["items"]
    assert 0 < sum(r["events"] for r in rus) < dated
    _error(client.get("/api/activity", params={"by": "hour"}), 422)


def test_network(client: TestClient) -> None:
    body = client.get("/api/network").json()
    assert body["total"] >= len(body["items"]) > 10
    assert all(e["source"] != e["target"] for e in body["items"])
    conflict = client.get("/api/network", params={"quad": 4}).json()["items"]
    assert conflict and all(e["conflictual"] == e["events"] for e in conflict)
    rus = client.get("/api/network", params={"actor": "RUS", "limit": 3}).json()
    assert len(rus["items"]) == 3 and all("RUS" in (e["source"], e["target"]) for e in rus["items"])
    _error(client.get("/api/network", params={"quad": 0}), 422)
    _error(client.get("/api/network", params={"limit": 0}), 422)


def test_changes(client: TestClient) -> None:
    items = client.get("/api/changes").json()["items"]
    assert items and items[0]["events_before"] > 0 and items[0]["events_after"] > 0
    assert client.get("/api/changes", params={"since": "2030", "until": "2031"}).json()["items"] == []
    _error(client.get("/api/changes", params={"until": "2020-00"}), 422)


def test_facts(client: TestClient) -> None:
    page = client.get("/api/facts", params={"limit": 2}).json()
    assert len(page["items"]) == 2 and page["next_offset"] == 2
    assert {"text", "value", "unit", "article_id"} <= set(page["items"][0])
    rus = client.get("/api/facts", params={"actor": "RUS", "limit": 500}).json()["items"]
    assert all(any(a.startswith("RUS") for a in f["actors"]) for f in rus)
    _error(client.get("/api/facts", params={"limit": 1000}), 422)
    _error(client.get("/api/facts", params={"actor": "1=1"}), 422)


def test_article(client: TestClient, xss_id: str) -> None:
    a = client.get(f"/api/articles/{xss_id}").json()
    assert "<script>alert(1)</script>" in a["body"]  # JSON carries the text as it is
    assert a["actors"] and a["mentions"]
    for x in a["actors"]:
        field = {"body": a["body"], "title": a["title"]}.get(x["field"])
        if field is not None:
            assert field[x["start"]:x["end"]] == x["text"]
    _error(client.get("/api/articles/0000000000000000"), 404, "not_found")
    _error(client.get("/api/articles/bad%20id%3B"), 422)


def test_actor_search(client: TestClient) -> None:
    hits = client.get("/api/actors", params={"q": "putin"}).json()["items"]
    assert hits and hits[0]["code"] == "RUSGOV"
    assert client.get("/api/actors", params={"q": "'; DROP TABLE events; --"}).json()["items"] == []
    assert client.get("/api/summary").json()["events"] > 0  # still there
    _error(client.get("/api/actors"), 422)
    _error(client.get("/api/actors", params={"q": ""}), 422)
    _error(client.get("/api/actors", params={"q": "x" * 101}), 422)


def test_unknown_paths_and_methods(client: TestClient) -> None:
    _error(client.get("/api/nothing"), 404, "not_found")
    _error(client.post("/api/events"), 405, "method_not_allowed")
    _error(client.delete("/api/summary"), 405, "method_not_allowed")


def test_no_endpoint_takes_sql(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    names = {p["name"] for ops in spec["paths"].values() for op in ops.values() for p in op.get("parameters", [])}
    assert not {"sql", "query", "statement", "where", "order"} & names
    assert not any("sql" in path for path in spec["paths"])


def test_openapi_and_docs(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in ("/api/events", "/api/events/{event_id}/mentions", "/api/dyads", "/api/timeline/{a}/{b}",
                 "/api/network", "/api/changes", "/api/facts", "/api/articles/{article_id}", "/api/actors",
                 "/api/summary", "/api/activity", "/api/extract"):
        assert path in spec["paths"], path
    assert "/" not in spec["paths"]  # pages are not API
    docs = client.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
    assert "cdn.jsdelivr.net" in docs.headers["content-security-policy"]


def test_security_headers(client: TestClient) -> None:
    for path in ("/api/summary", "/", "/static/app.js", "/api/nothing"):
        csp = client.get(path).headers["content-security-policy"]
        assert "script-src 'self';" in csp and "unsafe-inline" not in csp and "object-src 'none'" in csp
    r = client.get("/api/summary")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"


def test_missing_database_is_503(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from dyadwatch.server import create_app

    c = TestClient(create_app(tmp_path / "absent.duckdb"))
    err = _error(c.get("/api/summary"), 503, "database_unavailable")
    assert "does not exist" in err["message"]
    page = c.get("/", headers={"accept": "text/html"})
    assert page.status_code == 503 and "does not exist" in page.text
