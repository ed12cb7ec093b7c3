"""Every page type answers 200 with valid HTML and links its JSON twin; the article page shows the
seed's anatomy in order; unknown ids give 404 pages; every response carries the CSP."""

from __future__ import annotations

import html5lib
import pytest
from fastapi.testclient import TestClient
from lxml import html as lxml_html

from newsdesk.storage import Store
from newsdesk.web.app import CONTENT_SECURITY_POLICY
from tests.web.conftest import article_id_for


def parse_strict(text: str) -> None:
    """html5lib in strict mode raises on any parse error: the page is valid HTML."""
    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(text)


def page_paths(store: Store) -> dict[str, str]:
    article_id = article_id_for(store, "Velmora dock workers")
    return {
        "front": "/",
        "article": f"/articles/{article_id}",
        "section": "/sections/world",
        "author": "/authors/Selin%20Arvas",
        "search": "/search?q=port",
        "search-empty": "/search",
        "sources": "/sources",
        "api-docs": "/api/docs",
    }


@pytest.mark.parametrize(
    "kind", ["front", "article", "section", "author", "search", "search-empty", "sources", "api-docs"]
)
def test_every_page_type_answers_valid_html_linking_its_json_twin(
    client: TestClient, golden_store: Store, kind: str
) -> None:
    path = page_paths(golden_store)[kind]
    response = client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    parse_strict(response.text)
    doc = lxml_html.fromstring(response.text)
    assert doc.get("lang") == "en"
    assert doc.xpath("//main[@id='main']") and doc.xpath("//nav") and doc.xpath("//header")
    twins = doc.xpath("//link[@rel='alternate'][@type='application/json']/@href")
    assert len(twins) == 1
    assert f"<{twins[0]}>" in response.headers["link"]
    twin = client.get(twins[0])
    assert twin.status_code == 200
    assert twin.headers["content-type"].startswith("application/json")


def test_article_page_shows_the_anatomy_in_order(client: TestClient, golden_store: Store) -> None:
    article_id = article_id_for(golden_store, "Velmora dock workers")
    page = client.get(f"/articles/{article_id}").text
    doc = lxml_html.fromstring(page)
    main = doc.xpath("//main")[0].text_content()
    parts = [
        "World",
        "2 MIN READ",
        "Velmora dock workers strike as port operator pushes ahead with driverless cranes",
        "The Velmora Dockers' Union said about 4,000 members walked off the job",  # standfirst
        "Container ships wait at anchor outside the port of Velmora",  # caption
        "Reuters Archive",
        "Selin Arvas",
        "March 4, 2026",
        "halting container traffic",  # the body's lead
        "Read more:",
        "Velmora port operator unveils plan for driverless cranes",
        "Source: AFP",
        "Recommended",
        "Explore",
    ]
    positions = []
    for part in parts:
        assert part in main, part
        positions.append(main.index(part, positions[-1] if positions else 0))
    assert positions == sorted(positions)
    read_more = doc.xpath("//p[@class='read-more']/a")[0]
    assert read_more.text == "Velmora port operator unveils plan for driverless cranes"
    assert read_more.get("title")  # the reason, shown on hover
    assert doc.xpath("//link[@rel='canonical']/@href")
    assert doc.xpath("//meta[@property='og:title']/@content") == [
        "Velmora dock workers strike as port operator pushes ahead with driverless cranes"
    ]
    ld = doc.xpath("//script[@type='application/ld+json']")
    assert len(ld) == 1 and '"@type":"NewsArticle"' in ld[0].text
    assert doc.xpath("//aside[@class='recommended']//article[@title]")  # picks carry their reason


def test_front_page_has_top_stories_section_rails_and_explore(client: TestClient) -> None:
    doc = lxml_html.fromstring(client.get("/").text)
    assert doc.xpath("//section[@class='top-stories']//h3/a")
    rails = doc.xpath("//section[@class='rail']/h2/a/text()")
    assert {"World", "Business", "Politics"} <= set(rails)
    assert doc.xpath("//section[@class='explore']//li/a")


def test_search_facets_narrow_the_results(client: TestClient) -> None:
    doc = lxml_html.fromstring(client.get("/search?q=port OR train OR plant").text)
    results = doc.xpath("//li[@class='result']")
    facet_links = doc.xpath("//aside[@class='facets']//a[contains(@href, 'section=')]")
    assert len(results) >= 3 and len(facet_links) >= 2
    narrowed = client.get(facet_links[0].get("href"))
    assert narrowed.status_code == 200
    narrowed_doc = lxml_html.fromstring(narrowed.text)
    assert 0 < len(narrowed_doc.xpath("//li[@class='result']")) < len(results)


def test_malformed_search_query_is_a_400_page_not_a_traceback(client: TestClient) -> None:
    response = client.get("/search", params={"q": "AND OR"})
    assert response.status_code == 400
    assert "no words" in response.text and "Traceback" not in response.text
    parse_strict(response.text)


@pytest.mark.parametrize(
    "path", ["/articles/0000deadbeef0000", "/sections/no-such-section", "/sources/999", "/authors/Nobody%20Here", "/x"]
)
def test_unknown_ids_give_404_pages(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    parse_strict(response.text)
    assert "404" in lxml_html.fromstring(response.text).xpath("//h1")[0].text_content()


@pytest.mark.parametrize("path", ["/", "/x", "/api/front", "/api/x", "/static/site.css", "/feeds/all.xml"])
def test_every_response_forbids_inline_script(client: TestClient, path: str) -> None:
    csp = client.get(path).headers["content-security-policy"]
    assert csp == CONTENT_SECURITY_POLICY
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
