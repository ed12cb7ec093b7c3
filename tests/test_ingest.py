"""Ingest and crawl into a real store (SQLite, and PostgreSQL when enabled), from folders, feeds and sitemaps served on 127.0.0.1:
counts per page, second runs that change nothing, conditional GETs, robots.txt, Retry-After, and
hostile inputs (entity expansion, gzip bombs, a sitemap index listing itself, a 100k-item feed)."""

from __future__ import annotations

import dataclasses
import functools
import gzip
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from newsdesk.config import Settings
from newsdesk.errors import PipelineError
from newsdesk.pipeline.crawl import PoliteFetcher
from newsdesk.pipeline.ingest import Ingester, crawl_due, detect_source_kind
from newsdesk.storage import Store, open_store
from tests.conftest import PAGES, LoopbackServer, Route, send

GOLDEN = Path(__file__).parent / "golden" / "extract"
FEEDS = Path(__file__).parent / "data" / "feeds"
ARTICLES = {
    "/news/wildfire": GOLDEN / "amp_pinecrest_wildfire.html",
    "/news/plant": GOLDEN / "nextjs_korvath_plant.html",
    "/news/derailment": GOLDEN / "regional_carrow_derailment.html",
    "/news/strike": GOLDEN / "wire_velmora_strike.html",
    "/news/library": GOLDEN / "wordpress_ashcombe_library.html",
    "/news/election": GOLDEN / "liveblog_brenmoor_election.html",
    "/private/ferry": PAGES / "harbour_ferry.html",
}


class FakeTime:
    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 3))
        self.now += seconds


@pytest.fixture
def crawl_settings(settings: Settings) -> Settings:
    return dataclasses.replace(settings, allow_private=True, crawl_delay=0.0)


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    opened = open_store(database_url)
    yield opened
    opened.close()


def _etagged(body: bytes, content_type: str, headers_seen: list[tuple[str, dict[str, str]]]) -> Route:
    etag = f'"{abs(hash(body))}"'

    def route(handler: BaseHTTPRequestHandler) -> None:
        headers_seen.append((handler.path, dict(handler.headers.items())))
        if handler.headers.get("If-None-Match") == etag:
            handler.send_response(304)
            handler.end_headers()
            return
        send(handler, 200, body, {"Content-Type": content_type, "ETag": etag})

    return route


def _busy_once(route: Route) -> Route:
    """429 with Retry-After: 1 the first time, then ``route``."""
    calls = [0]

    def busy(handler: BaseHTTPRequestHandler) -> None:
        calls[0] += 1
        if calls[0] == 1:
            send(handler, 429, b"too many requests", {"Retry-After": "1"})
        else:
            route(handler)

    return busy


def _rss(base: str) -> bytes:
    items = "".join(
        f"<item><title>{p}</title><link>{base}{p}</link></item>"
        for p in ("/news/wildfire", "/news/plant", "/private/ferry")
    )
    return f'<rss version="2.0"><channel><title>Sierra wire</title>{items}</channel></rss>'.encode()


def _atom(base: str) -> bytes:
    entries = "".join(
        f'<entry><title>{p}</title><id>{base}{p}</id><link href="{base}{p}"/>'
        "<updated>2025-03-09T12:00:00Z</updated></entry>"
        for p in ("/news/derailment", "/news/strike")
    )
    return f'<feed xmlns="http://www.w3.org/2005/Atom"><title>Northfield</title>{entries}</feed>'.encode()


def _sitemap(base: str) -> bytes:
    # lastmod far ahead: every crawl sees these entries as changed, so it asks for them again (conditionally)
    urls = "".join(
        f"<url><loc>{base}{p}</loc><lastmod>2099-01-01</lastmod></url>"
        for p in ("/news/library", "/news/election", "/news/wildfire")
    )
    return f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode()


@pytest.fixture
def newsroom() -> Iterator[tuple[LoopbackServer, list[tuple[str, dict[str, str]]]]]:
    """A fictional news site on 127.0.0.1: an RSS feed, an Atom feed, a sitemap, six articles, a
    /private/ path robots.txt disallows (listed in the RSS feed all the same), one article that
    answers 429 once, and hostile documents under /hostile/."""
    seen: list[tuple[str, dict[str, str]]] = []
    routes: dict[str, Route] = {}
    with LoopbackServer(routes) as server:
        base = server.url("")
        routes["/robots.txt"] = lambda h: send(h, 200, b"User-agent: *\nDisallow: /private/\n")
        routes["/feed.rss"] = _etagged(_rss(base), "application/rss+xml", seen)
        routes["/feed.atom"] = _etagged(_atom(base), "application/atom+xml", seen)
        routes["/sitemap.xml"] = lambda h: send(h, 200, _sitemap(base), {"Content-Type": "application/xml"})
        for path, page in ARTICLES.items():
            routes[path] = _etagged(page.read_bytes(), "text/html; charset=utf-8", seen)
        routes["/news/strike"] = _busy_once(routes["/news/strike"])
        index = f"<sitemapindex><sitemap><loc>{base}/hostile/index.xml</loc></sitemap></sitemapindex>".encode()
        routes["/hostile/index.xml"] = lambda h: send(h, 200, index, {"Content-Type": "application/xml"})
        routes["/hostile/bomb.xml.gz"] = lambda h: send(h, 200, _bomb(), {"Content-Type": "application/gzip"})
        routes["/hostile/bomb-encoded.xml"] = lambda h: send(
            h, 200, _bomb(), {"Content-Type": "application/xml", "Content-Encoding": "gzip"}
        )
        yield server, seen


@functools.cache
def _bomb() -> bytes:
    """8 MB of zeros gzipped (8 KB): a bomb for the 1 MB cap these tests set."""
    return gzip.compress(bytes(8 * 1024 * 1024))


def _sources(store: Store, fetcher: PoliteFetcher, server: LoopbackServer) -> None:
    for path in ("/feed.rss", "/feed.atom", "/sitemap.xml"):
        kind, found = detect_source_kind(fetcher, server.url(path))
        store.add_source(server.url(path), kind=kind, every_seconds=900, title=found.title)


def test_sources_and_crawl_store_the_articles_then_a_second_crawl_asks_conditionally(
    newsroom, store: Store, crawl_settings: Settings
) -> None:
    server, seen = newsroom
    clock = FakeTime()
    failures: list[PipelineError] = []
    with PoliteFetcher(crawl_settings, sleep=clock.sleep, clock=clock.clock) as fetcher:
        _sources(store, fetcher, server)
        assert [s.kind for s in store.list_sources()] == ["feed", "feed", "sitemap"]
        first = Ingester(store, crawl_settings, fetcher, on_failure=failures.append)
        assert len(crawl_due(first)) == 3
    assert (first.counts.new, first.counts.failed) == (6, 1)  # wildfire listed twice is stored once
    assert "disallowed by the site's robots.txt" in str(failures[0])
    assert store.stats().articles == 6
    assert "/private/ferry" not in server.requests  # robots.txt: never requested
    assert server.requests.count("/news/strike") == 2 and 1.0 in clock.sleeps  # 429, then after Retry-After

    seen.clear()
    later = datetime.now(UTC) + timedelta(hours=1)
    with PoliteFetcher(crawl_settings, sleep=clock.sleep, clock=clock.clock) as fetcher:
        second = Ingester(store, crawl_settings, fetcher)
        assert len(crawl_due(second, now=later)) == 3
    assert (second.counts.new, second.counts.updated, second.counts.duplicate) == (0, 0, 0)
    assert store.stats().articles == 6
    feeds_asked = {path: headers for path, headers in seen if path.startswith("/feed")}
    assert set(feeds_asked) == {"/feed.rss", "/feed.atom"}
    assert all("If-None-Match" in headers for headers in feeds_asked.values())
    articles_asked = [headers for path, headers in seen if path.startswith("/news/")]
    assert articles_asked and all("If-None-Match" in headers for headers in articles_asked)
    assert "/private/ferry" not in server.requests
    health = {s.url.rsplit("/", 1)[1]: s for s in store.list_sources()}
    assert health["feed.rss"].last_success_at is not None and health["feed.atom"].error_count == 0


def test_ingest_follows_a_feed_file_and_a_second_run_changes_nothing(
    newsroom, store: Store, crawl_settings: Settings, tmp_path: Path
) -> None:
    server, _ = newsroom
    feed = tmp_path / "sierra.rss"
    feed.write_bytes(_rss(server.url("")))
    with PoliteFetcher(crawl_settings) as fetcher:
        first = Ingester(store, crawl_settings, fetcher).ingest_inputs([str(feed)])
        second = Ingester(store, crawl_settings, fetcher).ingest_inputs([str(feed), server.url("/feed.atom")])
    assert (first.new, first.failed) == (2, 1)
    assert (second.new, second.updated, second.unchanged, second.failed) == (2, 0, 2, 1)
    reasons = [f.reason for f in store.list_failures()]
    assert any("robots.txt" in reason for reason in reasons)


def test_ingest_of_a_folder_twice_reports_every_page_unchanged(
    store: Store, crawl_settings: Settings, tmp_path: Path
) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    for page in list(ARTICLES.values())[:4]:
        shutil.copy(page, folder / page.name)
    with PoliteFetcher(crawl_settings) as fetcher:
        first = Ingester(store, crawl_settings, fetcher).ingest_inputs([str(folder)])
        second = Ingester(store, crawl_settings, fetcher).ingest_inputs([str(folder)])
    assert first.summary() == "4 pages: 4 new, 0 updated, 0 unchanged, 0 duplicate, 0 failed"
    assert second.summary() == "4 pages: 0 new, 0 updated, 4 unchanged, 0 duplicate, 0 failed"
    assert store.stats().articles == 4


# --- hostile inputs ---------------------------------------------------------------------------------


def _ingest(store: Store, settings: Settings, specs: list[str]) -> tuple[Ingester, list[str]]:
    notices: list[str] = []
    with PoliteFetcher(settings) as fetcher:
        ingester = Ingester(store, settings, fetcher, on_notice=notices.append)
        ingester.ingest_inputs(specs)
    return ingester, notices


def test_an_entity_expansion_feed_is_refused_and_recorded(store: Store, crawl_settings: Settings) -> None:
    ingester, _ = _ingest(store, crawl_settings, [str(FEEDS / "hostile_billion_laughs.xml")])
    assert ingester.counts.summary() == "1 page: 0 new, 0 updated, 0 unchanged, 0 duplicate, 1 failed"
    [failure] = store.list_failures()
    assert failure.input.endswith("hostile_billion_laughs.xml")
    assert failure.reason.startswith("refused: the document declares XML entities")


def test_a_sitemap_index_listing_itself_is_read_once(newsroom, store: Store, crawl_settings: Settings) -> None:
    server, _ = newsroom
    ingester, _ = _ingest(store, crawl_settings, [server.url("/hostile/index.xml")])
    assert ingester.counts.failed == 1
    assert "already read (a cycle)" in store.list_failures()[0].reason
    assert server.requests.count("/hostile/index.xml") == 1


@pytest.mark.parametrize("path", ["/hostile/bomb.xml.gz", "/hostile/bomb-encoded.xml"])
def test_gzip_bombs_over_http_stop_at_the_cap(newsroom, store: Store, crawl_settings: Settings, path: str) -> None:
    server, _ = newsroom
    small = dataclasses.replace(crawl_settings, max_page_bytes=1024 * 1024)
    ingester, _ = _ingest(store, small, [server.url(path)])
    assert ingester.counts.failed == 1
    assert "larger than 1 MB" in store.list_failures()[0].reason


def test_a_gzip_bomb_file_stops_at_the_cap(store: Store, crawl_settings: Settings, tmp_path: Path) -> None:
    bomb = tmp_path / "sitemap.xml.gz"
    bomb.write_bytes(_bomb())
    small = dataclasses.replace(crawl_settings, max_page_bytes=1024 * 1024)
    ingester, _ = _ingest(store, small, [str(bomb)])
    assert ingester.counts.failed == 1
    assert "larger than 1 MB once decompressed" in store.list_failures()[0].reason


def test_a_feed_of_100k_items_is_capped_per_run_with_a_message(
    newsroom, store: Store, crawl_settings: Settings, tmp_path: Path
) -> None:
    server, _ = newsroom
    link = server.url("/news/wildfire")
    items = "".join(f"<item><link>{link}?item={i}</link></item>" for i in range(100_000))
    feed = tmp_path / "huge.rss"
    feed.write_text(f'<rss version="2.0"><channel><title>Huge</title>{items}</channel></rss>')
    capped = dataclasses.replace(crawl_settings, max_feed_entries=3)
    ingester, notices = _ingest(store, capped, [str(feed)])
    assert ingester.counts.pages == 3
    assert server.requests.count("/news/wildfire?item=2") == 1 and "/news/wildfire?item=3" not in server.requests
    assert notices == [
        f"{feed}: more than 3 entries; took the first 3 (raise NEWSDESK_MAX_FEED_ENTRIES for more per run)"
    ]
