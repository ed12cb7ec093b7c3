"""The polite crawler: every request newsdesk makes while following feeds, sitemaps and sources.

:class:`PoliteFetcher` wraps :func:`newsdesk.pipeline.fetch.fetch_response` (so the private-address
guard, redirect bound, timeout and size cap all hold) and adds, per host:

- **robots.txt**, fetched once per run through the same guarded fetcher and read with
  :mod:`urllib.robotparser`; a disallowed URL is never requested, redirect targets included.
  A missing robots.txt (4xx) allows everything; one that cannot be fetched (5xx, timeout)
  disallows the host for this run, as RFC 9309 says.
- **one request at a time with a delay**: ``settings.crawl_delay`` seconds between two requests
  to a host (robots.txt ``Crawl-delay`` wins when longer, up to :data:`MAX_CRAWL_DELAY`); a lock
  per host keeps requests to it one at a time even from several threads.
- **conditional GET**: ``fetch(url, etag=..., last_modified=...)`` sends If-None-Match / If-Modified-Since.
- **429 and 503** are retried after the server's Retry-After, else after an exponential backoff
  (1, 2, 4... seconds), at most ``settings.crawl_retries`` times and never for longer than
  ``settings.max_retry_wait``; a longer wait raises :class:`~newsdesk.pipeline.fetch.RetryLaterError`
  so the caller can postpone the source.
"""

from __future__ import annotations

import logging
import threading
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Self
from urllib.parse import urlsplit

import httpx

from newsdesk.errors import FetchError, PipelineError, RobotsDisallowedError
from newsdesk.models import FetchedPage
from newsdesk.pipeline.discover import gunzip_capped
from newsdesk.pipeline.fetch import (
    FetchResponse,
    PinnedTransport,
    Resolver,
    RetryLaterError,
    fetch_response,
    resolve_host,
)

if TYPE_CHECKING:
    from newsdesk.config import Settings

log = logging.getLogger(__name__)

ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/feed+json,"
    "application/xml;q=0.9,text/xml;q=0.9,text/plain;q=0.8,*/*;q=0.1"
)
ROBOTS_MAX_BYTES = 512 * 1024  # what Google reads of a robots.txt
MAX_CRAWL_DELAY = 60.0
BACKOFF_BASE = 1.0
TEXT_TYPES = frozenset({"text/plain"})
REFUSED_TYPE_PREFIXES = ("image/", "audio/", "video/", "font/", "application/pdf", "application/zip")


@dataclass
class _Host:
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_at: float = 0.0  # monotonic time before which no request may start
    delay: float = 0.0
    robots: urllib.robotparser.RobotFileParser | None = None
    robots_error: str | None = None


class PoliteFetcher:
    """One crawler run's fetcher: a pinned connection pool, robots.txt and per-host pacing. Close it
    (or use it as a context manager) when the run ends."""

    def __init__(
        self,
        settings: Settings,
        *,
        resolver: Resolver = resolve_host,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings
        self._resolver = resolver
        self._sleep = sleep
        self._clock = clock
        self._pins: dict[tuple[str, int], list[str]] = {}
        self._client = httpx.Client(transport=PinnedTransport(self._pins), trust_env=False, follow_redirects=False)
        self._hosts: dict[str, _Host] = {}
        self._hosts_lock = threading.Lock()
        self.requests = 0  # requests sent, robots.txt included

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    # --- public --------------------------------------------------------------------------------

    def fetch(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None, max_bytes: int | None = None
    ) -> FetchResponse:
        """Fetch ``url`` politely (robots.txt, per-host delay, retries after 429/503), as a
        conditional GET when ``etag`` or ``last_modified`` (the validators seen last time) are given:
        a 304 comes back with ``not_modified``. Raises FetchError (RobotsDisallowedError,
        RetryLaterError...) saying why not."""
        headers = {"Accept": ACCEPT}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        for attempt in range(self.settings.crawl_retries + 1):
            try:
                return self._once(url, headers, max_bytes)
            except RetryLaterError as exc:
                wait = exc.retry_after if exc.retry_after is not None else BACKOFF_BASE * 2**attempt
                if attempt == self.settings.crawl_retries or wait > self.settings.max_retry_wait:
                    exc.input = url
                    raise
                log.info("%s: HTTP %s, retrying in %g s", url, exc.status, wait)
                host = self._host(exc.url or url)
                host.next_at = max(host.next_at, self._clock() + wait)
        raise AssertionError("unreachable")

    def fetch_page(self, url: str, settings: Settings | None = None) -> FetchedPage:
        """``fetch`` as a FetchedPage for :func:`newsdesk.inputs.iter_pages` (its ``fetch``
        argument): any text document, feeds and sitemaps included; gzip files inflated within the cap."""
        response = self.fetch(url)
        return page_from_response(url, response, self.settings)

    def allowed(self, url: str) -> bool:
        """True if robots.txt lets newsdesk's user agent fetch ``url`` (fetching robots.txt if needed)."""
        try:
            self._check_robots(url)
        except RobotsDisallowedError:
            return False
        return True

    # --- internals -----------------------------------------------------------------------------

    def _once(self, url: str, headers: dict[str, str], max_bytes: int | None) -> FetchResponse:
        return fetch_response(
            url,
            self.settings,
            headers=headers,
            client=self._client,
            pins=self._pins,
            resolver=self._resolver,
            max_bytes=max_bytes,
            before_request=self._before_request,
        )

    def _before_request(self, url: str) -> None:
        """Runs before every request and redirect hop: robots.txt first, then the host's turn."""
        self._check_robots(url)
        self._wait_turn(url)

    def _host(self, url: str) -> _Host:
        key = _origin(url)
        with self._hosts_lock:
            return self._hosts.setdefault(key, _Host(delay=self.settings.crawl_delay))

    def _wait_turn(self, url: str) -> None:
        host = self._host(url)
        with host.lock:
            pause = host.next_at - self._clock()
            if pause > 0:
                self._sleep(pause)
            host.next_at = self._clock() + host.delay
            self.requests += 1

    def _check_robots(self, url: str) -> None:
        host = self._host(url)
        if host.robots is None and host.robots_error is None:
            self._load_robots(url, host)
        if host.robots_error is not None:
            raise RobotsDisallowedError(host.robots_error, input=url, url=url)
        assert host.robots is not None
        if not host.robots.can_fetch(self.settings.user_agent, url):
            raise RobotsDisallowedError("disallowed by the site's robots.txt; newsdesk does not fetch it", url=url)

    def _load_robots(self, url: str, host: _Host) -> None:
        robots_url = _origin(url) + "/robots.txt"
        parser = urllib.robotparser.RobotFileParser(robots_url)
        try:
            response = fetch_response(
                robots_url,
                self.settings,
                headers={"Accept": "text/plain,*/*;q=0.1"},
                client=self._client,
                pins=self._pins,
                resolver=self._resolver,
                max_bytes=ROBOTS_MAX_BYTES,
                before_request=self._wait_turn,
            )
        except RetryLaterError as exc:
            host.robots_error = f"robots.txt answered HTTP {exc.status}; the site is not crawled this run"
            return
        except FetchError as exc:
            if str(exc).startswith("HTTP 4"):
                parser.allow_all = True  # no robots.txt: everything is allowed
                host.robots = parser
                return
            if str(exc).startswith("refused:"):
                raise
            host.robots_error = f"robots.txt could not be fetched ({exc}); the site is not crawled this run"
            return
        parser.parse(response.content.decode("utf-8", errors="replace").splitlines())
        host.robots = parser
        crawl_delay = parser.crawl_delay(self.settings.user_agent)
        if crawl_delay is not None:
            host.delay = min(max(float(crawl_delay), host.delay), MAX_CRAWL_DELAY)
            host.next_at = max(host.next_at, self._clock() + host.delay)  # counted from the robots.txt request


def page_from_response(url: str, response: FetchResponse, settings: Settings) -> FetchedPage:
    """A fetched document as a FetchedPage: gzip files (``.xml.gz`` sitemaps) inflated within the
    size cap; images, PDFs and archives refused before anything reads them as text."""
    media_type = (response.content_type or "").split(";")[0].strip().lower()
    if media_type.startswith(REFUSED_TYPE_PREFIXES):
        raise FetchError(f"content type {media_type} is not a web page, feed or sitemap", input=url, url=response.url)
    try:
        content = gunzip_capped(response.content, settings.max_page_bytes)
    except PipelineError as exc:
        raise FetchError(str(exc), input=url, url=response.url) from None
    return FetchedPage(
        input=url,
        content=content,
        url=response.url,
        kind="text" if media_type in TEXT_TYPES else "html",
        content_type=response.content_type,
        fetched_at=response.fetched_at,
    )


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


__all__ = ["PoliteFetcher", "RobotsDisallowedError", "page_from_response"]
