"""The polite crawler against a real server on 127.0.0.1: robots.txt (a disallowed path is never
requested, redirects included), per-host pacing, conditional GET, 429/503 with Retry-After and
backoff, size caps and gzip bombs. Waits go through an injected clock, so no test sleeps."""

from __future__ import annotations

import dataclasses
import functools
import gzip
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import pytest

from newsdesk.config import Settings
from newsdesk.errors import FetchError
from newsdesk.pipeline.crawl import PoliteFetcher, RobotsDisallowedError, page_from_response
from newsdesk.pipeline.fetch import RetryLaterError, retry_after_seconds
from tests.conftest import ARTICLE_PHRASE, LoopbackServer, Route, send

ROBOTS = b"User-agent: *\nDisallow: /private/\n"
ETAG = '"v1-harbour"'
LAST_MODIFIED = "Mon, 06 Jan 2025 10:00:00 GMT"


class FakeTime:
    """A monotonic clock that only moves when the crawler sleeps."""

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
def fake_time() -> FakeTime:
    return FakeTime()


def conditional(body: bytes, seen: list[dict[str, str]]) -> Route:
    """A page with an ETag and Last-Modified that answers 304 to a matching conditional GET."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        seen.append({k: v for k, v in handler.headers.items()})
        if handler.headers.get("If-None-Match") == ETAG:
            handler.send_response(304)
            handler.send_header("ETag", ETAG)
            handler.end_headers()
            return
        send(handler, 200, body, {"ETag": ETAG, "Last-Modified": LAST_MODIFIED})

    return route


def throttled(times: int, body: bytes, retry_after: str | None = "1", status: int = 429) -> Route:
    """Answers ``status`` (with Retry-After) ``times`` times, then the page."""
    left = [times]

    def route(handler: BaseHTTPRequestHandler) -> None:
        if left[0] > 0:
            left[0] -= 1
            send(handler, status, b"slow down", {"Retry-After": retry_after} if retry_after else {})
        else:
            send(handler, 200, body)

    return route


@functools.cache
def _bomb() -> bytes:
    """8 MB of zeros in 8 KB of gzip: a bomb for a 1 MB cap."""
    return gzip.compress(bytes(8 * 1024 * 1024))


@pytest.fixture
def site(article_html: bytes) -> Iterator[tuple[LoopbackServer, list[dict[str, str]]]]:
    seen: list[dict[str, str]] = []
    bomb = _bomb()
    routes: dict[str, Route] = {
        "/robots.txt": lambda h: send(h, 200, ROBOTS, {"Content-Type": "text/plain"}),
        "/article": lambda h: send(h, 200, article_html),
        "/private/secret": lambda h: send(h, 200, b"<p>never</p>"),
        "/to-private": lambda h: send(h, 302, b"", {"Location": "/private/secret"}),
        "/conditional": conditional(article_html, seen),
        "/busy": throttled(1, article_html),
        "/down": throttled(9, article_html, retry_after=None, status=503),
        "/much-later": throttled(1, article_html, retry_after="3600"),
        "/bomb.xml.gz": lambda h: send(h, 200, bomb, {"Content-Type": "application/gzip"}),
        "/sitemap.xml.gz": lambda h: send(
            h,
            200,
            gzip.compress(b"<urlset><url><loc>/article</loc></url></urlset>"),
            {"Content-Type": "application/gzip"},
        ),
        "/photo.jpg": lambda h: send(h, 200, b"\xff\xd8\xff\xe0", {"Content-Type": "image/jpeg"}),
    }
    with LoopbackServer(routes) as server:
        yield server, seen


def test_a_path_robots_txt_disallows_is_never_requested(site, crawl_settings: Settings, fake_time: FakeTime) -> None:
    server, _ = site
    with PoliteFetcher(crawl_settings, sleep=fake_time.sleep, clock=fake_time.clock) as fetcher:
        assert not fetcher.allowed(server.url("/private/secret"))
        with pytest.raises(RobotsDisallowedError, match="disallowed by the site's robots.txt"):
            fetcher.fetch(server.url("/private/secret"))
        with pytest.raises(RobotsDisallowedError):
            fetcher.fetch(server.url("/to-private"))  # a redirect into the disallowed path stops before it
        assert ARTICLE_PHRASE.encode() in fetcher.fetch(server.url("/article")).content
    assert server.requests == ["/robots.txt", "/to-private", "/article"]


def test_robots_txt_is_fetched_once_per_host_and_run(site, crawl_settings: Settings) -> None:
    server, _ = site
    with PoliteFetcher(crawl_settings) as fetcher:
        for _ in range(3):
            fetcher.fetch(server.url("/article"))
    assert server.requests.count("/robots.txt") == 1


def test_a_missing_robots_txt_allows_everything(article_html: bytes, crawl_settings: Settings) -> None:
    with LoopbackServer({"/private/page": lambda h: send(h, 200, article_html)}) as server:
        with PoliteFetcher(crawl_settings) as fetcher:
            assert fetcher.fetch(server.url("/private/page")).status == 200
        assert server.requests == ["/robots.txt", "/private/page"]


def test_an_unreachable_robots_txt_keeps_the_host_out_for_the_run(
    article_html: bytes, crawl_settings: Settings, fake_time: FakeTime
) -> None:
    routes: dict[str, Route] = {
        "/robots.txt": lambda h: send(h, 500, b"oops"),
        "/article": lambda h: send(h, 200, article_html),
    }
    with (
        LoopbackServer(routes) as server,
        PoliteFetcher(crawl_settings, sleep=fake_time.sleep, clock=fake_time.clock) as fetcher,
    ):
        with pytest.raises(RobotsDisallowedError, match="robots.txt could not be fetched"):
            fetcher.fetch(server.url("/article"))
        assert "/article" not in server.requests


def test_requests_to_one_host_are_spaced_by_the_crawl_delay(
    site, crawl_settings: Settings, fake_time: FakeTime
) -> None:
    server, _ = site
    slow = dataclasses.replace(crawl_settings, crawl_delay=2.0)
    with PoliteFetcher(slow, sleep=fake_time.sleep, clock=fake_time.clock) as fetcher:
        fetcher.fetch(server.url("/article"))
        fetcher.fetch(server.url("/article"))
    # robots.txt, then the article 2 s later, then the article again 2 s after that
    assert fake_time.sleeps == [2.0, 2.0]
    assert fetcher.requests == 3


def test_a_longer_robots_crawl_delay_wins(article_html: bytes, crawl_settings: Settings, fake_time: FakeTime) -> None:
    routes: dict[str, Route] = {
        "/robots.txt": lambda h: send(h, 200, b"User-agent: *\nCrawl-delay: 5\n", {"Content-Type": "text/plain"}),
        "/article": lambda h: send(h, 200, article_html),
    }
    with (
        LoopbackServer(routes) as server,
        PoliteFetcher(crawl_settings, sleep=fake_time.sleep, clock=fake_time.clock) as fetcher,
    ):
        fetcher.fetch(server.url("/article"))
    assert fake_time.sleeps == [5.0]


def test_conditional_get_sends_the_validators_and_gets_304(site, crawl_settings: Settings) -> None:
    server, seen = site
    with PoliteFetcher(crawl_settings) as fetcher:
        first = fetcher.fetch(server.url("/conditional"))
        assert (first.status, first.etag, first.last_modified) == (200, ETAG, LAST_MODIFIED)
        second = fetcher.fetch(server.url("/conditional"), etag=first.etag, last_modified=first.last_modified)
    assert second.not_modified and second.content == b""
    assert "If-None-Match" not in seen[0]
    assert seen[1]["If-None-Match"] == ETAG and seen[1]["If-Modified-Since"] == LAST_MODIFIED


def test_429_is_retried_after_the_retry_after_delay(site, crawl_settings: Settings, fake_time: FakeTime) -> None:
    server, _ = site
    with PoliteFetcher(crawl_settings, sleep=fake_time.sleep, clock=fake_time.clock) as fetcher:
        response = fetcher.fetch(server.url("/busy"))
    assert response.status == 200
    assert server.requests == ["/robots.txt", "/busy", "/busy"]
    assert fake_time.sleeps == [1.0]  # the retry waited the second the server asked for


def test_503_without_retry_after_backs_off_exponentially_then_gives_up(
    site, crawl_settings: Settings, fake_time: FakeTime
) -> None:
    server, _ = site
    with (
        PoliteFetcher(crawl_settings, sleep=fake_time.sleep, clock=fake_time.clock) as fetcher,
        pytest.raises(RetryLaterError, match="^HTTP 503") as info,
    ):
        fetcher.fetch(server.url("/down"))
    assert info.value.status == 503
    assert fake_time.sleeps == [1.0, 2.0, 4.0]
    assert server.requests.count("/down") == crawl_settings.crawl_retries + 1


def test_a_retry_after_longer_than_the_run_waits_is_handed_back(
    site, crawl_settings: Settings, fake_time: FakeTime
) -> None:
    server, _ = site
    with (
        PoliteFetcher(crawl_settings, sleep=fake_time.sleep, clock=fake_time.clock) as fetcher,
        pytest.raises(RetryLaterError, match="retry after 3600 s") as info,
    ):
        fetcher.fetch(server.url("/much-later"))
    assert info.value.retry_after == 3600.0
    assert fake_time.sleeps == []


def test_retry_after_reads_seconds_and_http_dates() -> None:
    from datetime import UTC, datetime

    now = datetime(2025, 1, 6, 10, 0, tzinfo=UTC)
    assert retry_after_seconds("120") == 120.0
    assert retry_after_seconds("Mon, 06 Jan 2025 10:01:30 GMT", now=now) == 90.0
    assert retry_after_seconds("soon") is None


def test_a_gzip_file_is_inflated_within_the_cap(site, crawl_settings: Settings) -> None:
    server, _ = site
    with PoliteFetcher(crawl_settings) as fetcher:
        page = fetcher.fetch_page(server.url("/sitemap.xml.gz"))
        assert page.content.startswith(b"<urlset>")
        small = dataclasses.replace(crawl_settings, max_page_bytes=1024 * 1024)
        with pytest.raises(FetchError, match="larger than 1 MB once decompressed"):
            page_from_response(server.url("/bomb.xml.gz"), fetcher.fetch(server.url("/bomb.xml.gz")), small)


def test_images_are_refused_as_pages(site, crawl_settings: Settings) -> None:
    server, _ = site
    with PoliteFetcher(crawl_settings) as fetcher, pytest.raises(FetchError, match="image/jpeg is not a web page"):
        fetcher.fetch_page(server.url("/photo.jpg"))


def test_the_private_address_guard_still_holds(settings: Settings, site) -> None:
    server, _ = site
    with (
        PoliteFetcher(dataclasses.replace(settings, crawl_delay=0.0)) as fetcher,
        pytest.raises(FetchError, match="^refused: 127.0.0.1 is a loopback address"),
    ):
        fetcher.fetch(server.url("/article"))
    assert server.requests == []
