"""RSS and Atom feeds (read back with feedparser), sitemap.xml and the 48-hour news sitemap."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import feedparser
from fastapi.testclient import TestClient
from lxml import etree

from newsdesk.models import Article
from newsdesk.storage import Store
from newsdesk.web.feeds import NEWS_NS, SITEMAP_NS, news_sitemap


def test_rss_and_atom_feeds_list_the_articles_pages(client: TestClient, golden_store: Store) -> None:
    stored = golden_store.list_articles(limit=100)
    for path, version in (("/feeds/all.xml", "rss20"), ("/feeds/all.atom", "atom10")):
        response = client.get(path)
        assert response.status_code == 200
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo and parsed.version == version
        assert len(parsed.entries) == len(stored)
        assert parsed.entries[0].title == stored[0].headline
        assert parsed.entries[0].link == f"http://testserver/articles/{stored[0].id}"
    section = feedparser.parse(client.get("/feeds/section/world.xml").content)
    assert section.entries and all(e.tags[0].term == "World" for e in section.entries)
    assert client.get("/feeds/section/world.atom").status_code == 200
    assert client.get("/feeds/section/nowhere.xml").status_code == 404


def test_sitemap_lists_pages_and_articles(client: TestClient, golden_store: Store) -> None:
    root = etree.fromstring(client.get("/sitemap.xml").content)
    locs = root.xpath("//s:loc/text()", namespaces={"s": SITEMAP_NS})
    assert "http://testserver/" in locs
    assert len([loc for loc in locs if "/articles/" in loc]) == len(golden_store.list_articles(limit=100))
    news = client.get("/sitemap-news.xml")
    assert news.status_code == 200 and etree.fromstring(news.content).tag == f"{{{SITEMAP_NS}}}urlset"


def test_news_sitemap_holds_the_last_48_hours_only() -> None:
    now = datetime(2026, 3, 5, 12, tzinfo=UTC)
    fresh = Article(input="a", url="https://x.example/a", headline="Fresh & new", published_at=now - timedelta(hours=3))
    old = replace(fresh, url="https://x.example/b", headline="Old", published_at=now - timedelta(hours=49))
    root = etree.fromstring(news_sitemap([fresh, old], base_url="http://site/", site_name="newsdesk", now=now))
    titles = root.xpath("//n:title/text()", namespaces={"n": NEWS_NS})
    assert titles == ["Fresh & new"]
    assert root.xpath("//s:loc/text()", namespaces={"s": SITEMAP_NS}) == [f"http://site/articles/{fresh.id}"]
