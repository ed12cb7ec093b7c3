"""The JSON API: each twin's documented keys, the record `newsdesk extract` prints, paging, the one
error shape, and writes that need the bearer token."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsdesk.inputs import iter_pages
from newsdesk.pipeline.runner import extract_pages
from newsdesk.storage import Store
from newsdesk.web.app import create_app
from tests.conftest import LoopbackServer, send
from tests.web.conftest import ANATOMY_PAGE, TOKEN, article_id_for, make_settings

CARD_KEYS = {"id", "headline", "standfirst", "section", "site_name", "authors", "published_at", "path", "api_path"}
ERROR_KEYS = {"ok", "error", "status"}


def assert_error(response, status: int) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == status
    body = response.json()
    assert set(body) >= ERROR_KEYS and body["ok"] is False and body["status"] == status and body["error"]


def test_article_twin_is_the_record_extract_prints(client: TestClient, golden_store: Store, settings) -> None:  # type: ignore[no-untyped-def]
    (extracted,) = list(extract_pages(iter_pages([str(ANATOMY_PAGE)], settings)))
    served = client.get(f"/api/articles/{extracted.id}").json()
    assert isinstance(served.pop("entities"), list)  # added by the store's enrichment (web/entity_pages.py)
    expected = extracted.to_dict()
    for stage_field in ("source_id", "fetched_at", "input"):  # set by ingest, or named by the run
        served.pop(stage_field), expected.pop(stage_field)
    assert served == expected


def test_twins_answer_their_documented_keys(client: TestClient, golden_store: Store) -> None:
    front = client.get("/api/front").json()
    assert set(front) == {"top", "stories", "sections", "explore"}
    assert CARD_KEYS <= set(front["top"][0])
    assert {"name", "slug", "path", "articles"} <= set(front["sections"][0])
    article_id = article_id_for(golden_store, "Velmora dock workers")
    related = client.get(f"/api/articles/{article_id}/related").json()
    assert set(related) == {"recommended", "read_more", "explore", "story", "syndication", "extras"}
    assert all(pick["reason"] for pick in related["recommended"])
    assert related["read_more"][0]["title"] == "Velmora port operator unveils plan for driverless cranes"
    assert {"title", "href", "reason", "article_id", "external", "kind", "site_name", "published_at"} == set(
        related["read_more"][0]
    )
    section = client.get("/api/sections/world").json()
    assert set(section) == {"section", "items", "next_cursor", "limit"} and section["section"]["name"] == "World"
    author = client.get("/api/authors/Selin%20Arvas").json()
    assert author["author"] == "Selin Arvas" and author["items"]
    search = client.get("/api/search", params={"q": "port"}).json()
    assert {"query", "filters", "items", "facets", "next_cursor", "limit"} == set(search)
    hit = search["items"][0]
    assert CARD_KEYS | {"snippet", "snippet_html", "score"} <= set(hit)
    assert "<mark>" in hit["snippet_html"] and "\ue000" not in hit["snippet"]
    assert {"value", "count", "selected"} <= set(search["facets"]["section"][0])
    assert set(client.get("/api/sources").json()) == {"items"}
    assert set(client.get("/api/stats").json()) == {"articles", "duplicates", "revisions", "sources", "failures"}
    schema = client.get("/api/openapi.json").json()
    assert "/api/ingest" in schema["paths"] and "/api/articles/{article_id}" in schema["paths"]


def test_lists_page_with_limit_and_cursor(client: TestClient) -> None:
    first = client.get("/api/articles", params={"limit": 3}).json()
    assert len(first["items"]) == 3 and first["next_cursor"]
    second = client.get("/api/articles", params={"limit": 3, "cursor": first["next_cursor"]}).json()
    assert second["items"] and not {a["id"] for a in first["items"]} & {a["id"] for a in second["items"]}
    everything = client.get("/api/articles", params={"limit": 100}).json()
    assert everything["next_cursor"] is None
    assert [a["id"] for a in everything["items"][:6]] == [a["id"] for a in first["items"] + second["items"]][:6]


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/articles/0000deadbeef0000", 404),
        ("/api/articles/0000deadbeef0000/related", 404),
        ("/api/sections/no-such-section", 404),
        ("/api/sources/999", 404),
        ("/api/sources/abc", 400),
        ("/api/authors/Nobody%20Here", 404),
        ("/api/nothing-here", 404),
        ("/api/articles?limit=0", 400),
        ("/api/articles?limit=abc", 400),
        ("/api/articles?cursor=not-ours", 400),
        ("/api/search?q=AND%20OR", 400),
        ("/api/search?q=port&since=yesterday", 400),
    ],
)
def test_every_4xx_has_the_one_error_shape(client: TestClient, path: str, status: int) -> None:
    assert_error(client.get(path), status)


# --- writes ---------------------------------------------------------------------------------------


@pytest.fixture
def write_client(fresh_store: Store, tmp_path: Path):  # type: ignore[no-untyped-def]
    with TestClient(create_app(make_settings(tmp_path, api_token=TOKEN, allow_private=True), fresh_store)) as c:
        yield c


def html_body() -> bytes:
    return (Path(__file__).parent.parent / "golden" / "extract" / "wire_velmora_strike.html").read_bytes()


@pytest.mark.parametrize("header", [None, "Bearer wrong-token", "Bearer ", f"Basic {TOKEN}", TOKEN])
def test_ingest_without_the_right_token_is_refused_and_stores_nothing(
    write_client: TestClient, fresh_store: Store, header: str | None
) -> None:
    headers = {"Content-Type": "text/html"} | ({"Authorization": header} if header is not None else {})
    response = write_client.post("/api/ingest", content=html_body(), headers=headers)
    assert_error(response, 401)
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert fresh_store.stats().articles == 0
    assert_error(write_client.delete("/api/sources/1", headers=headers), 401)
    assert_error(write_client.post("/api/sources", json={"url": "http://127.0.0.1:9/feed"}, headers=headers), 401)


def test_writes_are_off_without_a_configured_token(fresh_store: Store, tmp_path: Path) -> None:
    with TestClient(create_app(make_settings(tmp_path), fresh_store)) as c:
        response = c.post("/api/ingest", content=html_body(), headers={"Authorization": "Bearer anything"})
    assert_error(response, 403)
    assert response.json()["error"] == "writes are off: set NEWSDESK_API_TOKEN"
    assert fresh_store.stats().articles == 0


def test_ingest_with_the_token_stores_the_article_and_the_site_shows_it(write_client: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert write_client.get("/api/front").json()["top"] == []
    response = write_client.post("/api/ingest", content=html_body(), headers=auth | {"Content-Type": "text/html"})
    assert response.status_code == 201, response.text
    (stored,) = response.json()["articles"]
    assert stored["status"] == "new"
    page = write_client.get(stored["path"])
    assert page.status_code == 200 and "Velmora dock workers strike" in page.text
    assert write_client.get("/api/front").json()["top"][0]["id"] == stored["id"]
    again = write_client.post("/api/ingest", content=html_body(), headers=auth | {"Content-Type": "text/html"})
    assert again.status_code == 200 and again.json()["counts"]["unchanged"] == 1
    text = ANATOMY_PAGE.read_text(encoding="utf-8")
    dump = write_client.post("/api/ingest", json={"text": text}, headers=auth)
    assert dump.status_code == 201 and dump.json()["counts"]["duplicate"] + dump.json()["counts"]["new"] == 1


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"{}", "application/json"),
        (b"[1]", "application/json"),
        (b"not json", "application/json"),
        (b'{"url": "javascript:alert(1)"}', "application/json"),
        (b"%PDF", "application/pdf"),
        (b"  ", "text/html"),
    ],
)
def test_bad_ingest_bodies_are_400s(
    write_client: TestClient, fresh_store: Store, body: bytes, content_type: str
) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": content_type}
    assert_error(write_client.post("/api/ingest", content=body, headers=headers), 400)
    assert fresh_store.stats().articles == 0


def test_ingest_by_url_and_sources_add_and_remove(write_client: TestClient, fresh_store: Store) -> None:
    feed = (Path(__file__).parent.parent / "data" / "feeds" / "rss20_basic.xml").read_bytes()
    routes = {
        "/article": lambda h: send(h, 200, html_body()),
        "/feed.xml": lambda h: send(h, 200, feed, {"Content-Type": "application/rss+xml"}),
    }
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with LoopbackServer(routes) as server:
        response = write_client.post("/api/ingest", json={"url": server.url("/article")}, headers=auth)
        assert response.status_code == 201, response.text
        added = write_client.post("/api/sources", json={"url": server.url("/feed.xml"), "every": "1h"}, headers=auth)
        assert added.status_code == 201, added.text
        assert added.json()["kind"] == "feed" and added.json()["every_seconds"] == 3600
        assert_error(write_client.post("/api/sources", json={"url": server.url("/feed.xml")}, headers=auth), 409)
    source_id = added.json()["id"]
    assert [s["id"] for s in write_client.get("/api/sources").json()["items"]] == [source_id]
    assert write_client.get(f"/sources/{source_id}").status_code == 200
    assert write_client.delete(f"/api/sources/{source_id}", headers=auth).json()["removed"]["id"] == source_id
    assert_error(write_client.delete(f"/api/sources/{source_id}", headers=auth), 404)
    assert fresh_store.list_sources() == []
