"""Entity pages (/entities, /entities/{key}), their JSON twins, the article page's entity links and the
article twin's ``entities``; what the pages say when entities are off. Three fictional articles, tagged
by the real spaCy pipeline (skipped when the nlp extra is missing)."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import html5lib
import pytest
from lxml import html as lxml_html

with warnings.catch_warnings():  # starlette 1.x asks for httpx2 when its TestClient is imported; httpx works
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from newsdesk.enrich.entities import entities_status, load_tagger
from newsdesk.enrich.keywords import keywords
from newsdesk.models import Article
from newsdesk.storage import Store, open_store
from newsdesk.storage.codec import timestamp
from newsdesk.web.app import create_app
from tests.web.conftest import make_settings

ARTICLES = [
    Article(
        input="a",
        url="https://lantern.example/ossel-levees",
        site_name="Daily Lantern",
        language="en",
        headline="Levees hold as the River Ossel crests",
        text=(
            "Prime Minister Aurelia Vantress visited Brindor on Monday as the River Ossel crested. "
            "Ms Vantress said the Federal Water Authority (FWA) had done well. The FWA thanked French engineers.\n\n"
            "Sandbags lined the embankment for three kilometres, and volunteers from the valley villages worked "
            "through the night to reinforce the weakest sections. Water reached the top step of the old mill "
            "before it began to fall on Tuesday morning, and the ferry crossing stayed closed until noon."
        ),
        published_at=datetime(2026, 3, 2, 9, tzinfo=UTC),
    ),
    Article(
        input="b",
        url="https://northgate.example/vantress-budget",
        site_name="Northgate Post",
        language="en",
        headline="Vantress unveils flood budget",
        text=(
            "Prime Minister Aurelia Vantress announced a flood budget in Brindor on Tuesday. "
            "Ms Vantress said the Federal Water Authority would hire two hundred engineers."
        ),
        published_at=datetime(2026, 3, 3, 9, tzinfo=UTC),
    ),
    Article(
        input="c",
        url="https://coastline.example/harbour",
        site_name="Coastline Courier",
        language="en",
        headline="Harbour ferry returns",
        text="The ferry to Quillon Island resumed service on Monday after four months in dry dock.",
        published_at=datetime(2026, 3, 1, 9, tzinfo=UTC),
    ),
]
VANTRESS = "PERSON:aurelia vantress"


def parse_strict(text: str) -> Any:
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(text)


@pytest.fixture(scope="module")
def tagged_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, Path]]:
    reason = entities_status()
    if reason:
        pytest.skip(reason)
    tmp = tmp_path_factory.mktemp("entities-web")
    store = open_store(f"sqlite:///{tmp / 'web.db'}")
    store.upsert_articles(ARTICLES)
    tagger = load_tagger()
    for article, found in zip(ARTICLES, tagger.tag_many(ARTICLES), strict=True):
        store.save_enrichment(
            article.id, entities=found, keywords=keywords(article), sort_ts=timestamp(article.published_at)
        )
    yield store, tmp
    store.close()


@pytest.fixture(scope="module")
def client(tagged_store: tuple[Store, Path]) -> Iterator[TestClient]:
    store, tmp = tagged_store
    with TestClient(create_app(make_settings(tmp), store)) as c:
        yield c


def twin_of(client: TestClient, page: str) -> Any:
    response = client.get(page)
    assert response.status_code == 200, response.text
    parse_strict(response.text)
    doc = lxml_html.fromstring(response.text)
    (twin,) = doc.xpath("//link[@rel='alternate'][@type='application/json']/@href")
    assert f"<{twin}>" in response.headers["link"]
    data = client.get(twin)
    assert data.status_code == 200 and data.headers["content-type"].startswith("application/json")
    return doc, data.json()


def test_entities_page_lists_by_type_with_its_twin(client: TestClient) -> None:
    doc, data = twin_of(client, "/entities")
    assert data["off"] is None and data["type"] is None
    groups = {g["type"]: g for g in data["groups"]}
    people = {e["key"]: e for e in groups["PERSON"]["items"]}
    assert people[VANTRESS]["count"] == 2 and people[VANTRESS]["name"] == "Aurelia Vantress"
    assert "PERSON:vantress" not in people
    assert {"GPE:brindor", "GPE:france"} <= {e["key"] for e in groups["GPE"]["items"]}
    assert doc.xpath(f"//a[@href='{people[VANTRESS]['path']}']/text()") == ["Aurelia Vantress"]
    assert {t["type"] for t in data["types"]} >= {"PERSON", "ORG", "GPE"}


def test_one_type_is_paged(client: TestClient) -> None:
    doc, data = twin_of(client, "/entities?type=gpe&limit=1")
    assert data["type"] == "GPE" and len(data["groups"][0]["items"]) == 1 and data["next_cursor"]
    assert doc.xpath("//a[@rel='next']")
    second = client.get(f"/api/entities?type=GPE&limit=1&cursor={data['next_cursor']}").json()
    assert second["groups"][0]["items"][0]["key"] != data["groups"][0]["items"][0]["key"]
    assert client.get("/api/entities?type=EVENT").json()["groups"][0]["items"] == []


def test_a_cursor_we_did_not_give_out_or_without_its_type_is_a_400(client: TestClient) -> None:
    for query in ("type=GPE&cursor=garbage", "cursor=garbage", "cursor=" + _first_cursor(client)):
        body = client.get(f"/api/entities?{query}").json()
        assert body["ok"] is False and body["status"] == 400, query
        assert "cursor" in body["error"]
    assert client.get("/entities?cursor=garbage").status_code == 400


def _first_cursor(client: TestClient) -> str:
    return client.get("/api/entities?type=GPE&limit=1").json()["next_cursor"]


def test_entity_page_has_its_articles_and_cooccurring_entities(client: TestClient) -> None:
    path = client.get("/api/entities?type=PERSON").json()["groups"][0]["items"][0]["path"]
    doc, data = twin_of(client, path)
    assert data["entity"]["key"] == VANTRESS and data["entity"]["count"] == 2
    assert [c["id"] for c in data["items"]] == [ARTICLES[1].id, ARTICLES[0].id]  # newest first
    assert data["items"][1]["first_sentence"].startswith("Prime Minister Aurelia Vantress visited Brindor")
    shared = {o["key"]: o["shared"] for o in data["cooccurring"]}
    assert shared["GPE:brindor"] == 2 and shared["ORG:federal water authority"] == 2
    assert doc.xpath("//h1/text()") == ["Aurelia Vantress"]
    # the key in any case, readable
    assert client.get("/api/entities/person:Aurelia Vantress").json()["entity"]["key"] == VANTRESS


def test_unknown_entity_is_404_page_and_api(client: TestClient) -> None:
    assert client.get("/entities/PERSON%3Anobody").status_code == 404
    body = client.get("/api/entities/PERSON:nobody").json()
    assert body["ok"] is False and body["status"] == 404


def test_article_page_links_its_entities_and_twin_carries_them(client: TestClient) -> None:
    doc, data = twin_of(client, f"/articles/{ARTICLES[0].id}")
    box = doc.xpath("//aside[contains(@class,'article-entities')]")
    assert box, "no entity box on the article page"
    labels = box[0].xpath(".//h3/text()")
    assert labels[:3] == ["People", "Organisations", "Places"]
    links = {a.text: a.get("href") for a in box[0].xpath(".//a")}
    assert links["Aurelia Vantress"] == "/entities/PERSON%3Aaurelia%20vantress"
    assert "Federal Water Authority" in links and "Brindor" in links
    by_key = {e["key"]: e for e in data["entities"]}
    assert by_key[VANTRESS]["count"] == 2 and by_key[VANTRESS]["path"] == links["Aurelia Vantress"]
    assert client.get(links["Aurelia Vantress"]).status_code == 200


def test_pages_say_when_entities_are_off(tagged_store: tuple[Store, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSDESK_NER_MODEL", "no_such_spacy_model")
    store, tmp = tagged_store
    with TestClient(create_app(make_settings(tmp), store)) as c:
        data = c.get("/api/entities").json()
        assert "entities are off" in data["off"] and "no_such_spacy_model" in data["off"]
        assert data["groups"], "what the store holds is still listed"
        page = c.get("/entities").text
        parse_strict(page)
        assert "Entities are off" in page
        # an article never tagged says why on its page
        fresh = Article(input="d", url="https://lantern.example/new", headline="New", text="A new article.")
        store.upsert_articles([fresh])
        article_page = c.get(f"/articles/{fresh.id}").text
        parse_strict(article_page)
        assert "Entities are off" in article_page
        assert c.get(f"/api/articles/{fresh.id}").json()["entities"] == []


def test_a_copy_shows_its_originals_entities(tagged_store: tuple[Store, Path], client: TestClient) -> None:
    store, _ = tagged_store
    copy = Article(
        input="copy",
        url="https://mirror.example/ossel-levees",
        site_name="Mirror",
        language="en",
        headline=ARTICLES[0].headline,
        text=ARTICLES[0].text,
        published_at=datetime(2026, 3, 2, 12, tzinfo=UTC),
    )
    (outcome,) = store.upsert_articles([copy])
    assert outcome.status == "duplicate"
    keys = {e["key"] for e in client.get(f"/api/articles/{copy.id}").json()["entities"]}
    assert VANTRESS in keys
