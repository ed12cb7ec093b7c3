"""Inputs, feeds, sitemaps and sources -> pages -> articles -> the store, counting what each page did.

:class:`Ingester` is the library behind ``newsdesk ingest`` and ``newsdesk crawl``:

- ``ingest_inputs(specs)`` takes everything ``extract`` reads (files, folders, WARC/WET, stdin,
  URLs) plus feeds and sitemaps, local or by URL; a feed or sitemap is followed to its articles,
  each fetched with the polite, guarded fetcher (:class:`~newsdesk.pipeline.crawl.PoliteFetcher`).
- ``crawl_source(source)`` fetches one followed source with a conditional GET and stores what it
  leads to; :func:`crawl_due` does it for every source that is due and schedules the next run.

Everything streams: pages come one at a time from :func:`newsdesk.inputs.iter_pages`, a feed or
sitemap yields at most ``settings.max_feed_entries`` entries, a sitemap index at most
``settings.max_sitemaps`` sitemaps, :data:`MAX_SITEMAP_DEPTH` deep, each read once (an index that
lists itself is a cycle, reported, not followed). A page whose bytes were stored before is counted
unchanged without being extracted again. Failures are recorded in the store with their reason and
reported through ``on_failure``; one never stops the run.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import IO, TYPE_CHECKING

from newsdesk.errors import FetchError, PipelineError
from newsdesk.inputs import iter_pages
from newsdesk.models import FetchedPage
from newsdesk.pipeline.crawl import PoliteFetcher, page_from_response
from newsdesk.pipeline.discover import Discovered, Entry, detect_kind, read_document
from newsdesk.pipeline.enrich import Enricher
from newsdesk.pipeline.fetch import RetryLaterError
from newsdesk.pipeline.runner import extract_pages
from newsdesk.storage.base import FetchRecord, Source, SourceKind, Store

if TYPE_CHECKING:
    from newsdesk.config import Settings

log = logging.getLogger(__name__)

MAX_SITEMAP_DEPTH = 3
MAX_BACKOFF = timedelta(days=1)
OUTCOMES = ("new", "updated", "unchanged", "duplicate", "failed")


@dataclass
class IngestCounts:
    """What a run did to its pages; ``summary()`` is the line the CLI prints at the end."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicate: int = 0
    failed: int = 0

    @property
    def pages(self) -> int:
        return self.new + self.updated + self.unchanged + self.duplicate + self.failed

    def add(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    def summary(self) -> str:
        noun = "page" if self.pages == 1 else "pages"
        counts = ", ".join(f"{getattr(self, name)} {name}" for name in OUTCOMES)
        return f"{self.pages} {noun}: {counts}"


class Ingester:
    """One run's pipeline from pages to the store. ``on_page(outcome, input)`` is called once per
    page (for a progress bar), ``on_failure(error)`` per failure, ``on_notice(message)`` for what is
    worth a line but is no failure (a feed capped at max_feed_entries)."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        fetcher: PoliteFetcher,
        *,
        on_page: Callable[[str, str], None] | None = None,
        on_failure: Callable[[PipelineError], None] | None = None,
        on_notice: Callable[[str], None] | None = None,
        debug: bool = False,
        enrich: bool = True,
    ) -> None:
        self.store = store
        # entities, keywords, similarity profile and story thread of each stored original
        self.enricher = Enricher(store, settings) if enrich else None
        self.settings = settings
        self.fetcher = fetcher
        self.counts = IngestCounts()
        self._on_page = on_page
        self._on_failure = on_failure
        self._on_notice = on_notice
        self._debug = debug

    # --- ingest -------------------------------------------------------------------------------

    def ingest_inputs(self, specs: list[str], *, stdin: IO[bytes] | None = None) -> IngestCounts:
        """Ingest every page the specs name; feeds and sitemaps among them are followed."""
        for item in iter_pages(specs, self.settings, stdin=stdin, fetch=self.fetcher.fetch_page):
            if isinstance(item, PipelineError):
                self._fail(item)
            elif detect_kind(item.content) != "page":
                self._follow(item, source_id=None, since=None)
            else:
                self.store_page(item)
        return self.counts

    def store_page(self, page: FetchedPage, *, source_id: int | None = None) -> str:
        """Extract one page and store its article; returns the outcome counted."""
        content_hash = hashlib.sha256(page.content).hexdigest()
        key = page.url or page.input
        if self.store.page_seen(key, content_hash):
            return self._count("unchanged", page.input)
        for result in extract_pages([page], debug=self._debug):
            if isinstance(result, PipelineError):
                self._fail(result, source_id=source_id, url=page.url)
                return "failed"
            article = replace(result, source_id=source_id, fetched_at=page.fetched_at or datetime.now(UTC))
            outcome = self.store.upsert_article(article, content_hash=content_hash, page_key=key)
            if self.enricher is not None:
                self.enricher.enrich([(article, outcome)])
            return self._count(outcome.status, page.input)
        raise AssertionError("extract_pages yields one result per page")

    # --- following feeds and sitemaps -----------------------------------------------------------

    def _follow(self, document: FetchedPage, *, source_id: int | None, since: datetime | None) -> int:
        """Store the articles a feed or sitemap (index) leads to; returns how many entries it had."""
        entries = 0
        for entry in self._entries(document, source_id=source_id):
            entries += 1
            self._store_entry(entry, source_id=source_id, since=since)
        return entries

    def _entries(self, document: FetchedPage, *, source_id: int | None) -> Iterator[Entry]:
        """The article entries of a document, sitemap indexes walked breadth first within limits."""
        queue: list[tuple[FetchedPage, int]] = [(document, 0)]
        read = {document.url or document.input}
        seen_entries: set[str] = set()
        sitemaps = 0
        while queue:
            doc, depth = queue.pop(0)
            found = self._read(doc, source_id=source_id)
            if found is None:
                continue
            for url in (*found.sitemaps, *found.feeds):
                if url in read:
                    self._fail(
                        PipelineError(f"lists {url}, which was already read (a cycle); not followed", input=doc.input),
                        source_id=source_id,
                    )
                    continue
                if depth + 1 > MAX_SITEMAP_DEPTH or sitemaps >= self.settings.max_sitemaps:
                    self._notice(
                        f"{doc.input}: more sitemaps than newsdesk reads in one run "
                        f"({self.settings.max_sitemaps}, {MAX_SITEMAP_DEPTH} deep); {url} and later ones left"
                    )
                    break
                read.add(url)
                sitemaps += 1
                if (child := self._fetch_document(url, source_id=source_id)) is not None:
                    queue.append((child, depth + 1))
            for entry in found.entries:
                if entry.url not in seen_entries:
                    seen_entries.add(entry.url)
                    yield entry

    def _read(self, doc: FetchedPage, *, source_id: int | None) -> Discovered | None:
        try:
            found = read_document(doc.content, url=doc.url, max_entries=self.settings.max_feed_entries)
        except PipelineError as exc:
            exc.input = exc.input or doc.input
            self._fail(exc, source_id=source_id, url=doc.url)
            return None
        if found.kind == "page" and not found.feeds:
            error = PipelineError(
                'the page advertises no feed (no <link rel="alternate" type="application/rss+xml">); '
                "add the site's feed or sitemap URL instead",
                input=doc.input,
            )
            self._fail(error, source_id=source_id, url=doc.url)
            return None
        if found.more:
            self._notice(
                f"{doc.input}: more than {self.settings.max_feed_entries} entries; took the first "
                f"{self.settings.max_feed_entries} (raise NEWSDESK_MAX_FEED_ENTRIES for more per run)"
            )
        return found

    def _fetch_document(self, url: str, *, source_id: int | None) -> FetchedPage | None:
        try:
            return page_from_response(url, self.fetcher.fetch(url), self.settings)
        except PipelineError as exc:
            self._fail(exc, source_id=source_id, url=url)
            return None

    def _store_entry(self, entry: Entry, *, source_id: int | None, since: datetime | None) -> None:
        """Fetch an entry's page, conditionally if it was fetched before, and store its article.
        With ``since`` (a crawl), a URL already stored is skipped unless the entry is dated later."""
        url = entry.url
        known_and_old = entry.published_at is None or (since is not None and entry.published_at <= since)
        if since is not None and known_and_old and self.store.has_url(url):
            self._count("unchanged", url)
            return
        validators = self.store.get_validators(url)
        try:
            response = self.fetcher.fetch(url, etag=validators.etag, last_modified=validators.last_modified)
            if response.not_modified:
                self.store.record_fetch(
                    FetchRecord(url=url, status="not-modified", source_id=source_id, http_status=304)
                )
                self._count("unchanged", url)
                return
            page = page_from_response(url, response, self.settings)
        except PipelineError as exc:
            self._fail(exc, source_id=source_id, url=url)
            return
        if self.store_page(page, source_id=source_id) != "failed":
            record = FetchRecord(
                url=url,
                status="ok",
                source_id=source_id,
                http_status=response.status,
                etag=response.etag,
                last_modified=response.last_modified,
                items=1,
            )
            self.store.record_fetch(record)

    # --- sources ------------------------------------------------------------------------------

    def crawl_source(self, source: Source, *, now: datetime | None = None) -> datetime:
        """Fetch one source (conditional GET), store the articles it leads to, record its health;
        returns when it is next due."""
        now = now or datetime.now(UTC)
        validators = self.store.get_validators(source.url)
        try:
            response = self.fetcher.fetch(source.url, etag=validators.etag, last_modified=validators.last_modified)
            if response.not_modified:
                self.store.record_fetch(
                    FetchRecord(url=source.url, status="not-modified", source_id=source.id, http_status=304, at=now)
                )
                return now + timedelta(seconds=source.every_seconds)
            document = page_from_response(source.url, response, self.settings)
        except PipelineError as exc:
            return self._source_failed(source, exc, now)
        before = self.counts.failed
        entries = self._follow(document, source_id=source.id, since=source.last_success_at)
        if entries == 0 and self.counts.failed > before:
            error = PipelineError("the source led to no articles; see the failures above", input=source.url)
            return self._source_failed(source, error, now, recorded=True)
        record = FetchRecord(
            url=source.url,
            status="ok",
            source_id=source.id,
            at=now,
            http_status=response.status,
            etag=response.etag,
            last_modified=response.last_modified,
            items=entries,
        )
        self.store.record_fetch(record)
        return now + timedelta(seconds=source.every_seconds)

    def _source_failed(self, source: Source, exc: PipelineError, now: datetime, *, recorded: bool = False) -> datetime:
        if not recorded:
            exc.input = source.url
            self._fail(exc, source_id=source.id, url=source.url)
        self.store.record_fetch(
            FetchRecord(url=source.url, status="error", source_id=source.id, at=now, error=str(exc))
        )
        backoff = timedelta(seconds=source.every_seconds * 2 ** min(source.error_count, 10))
        if isinstance(exc, RetryLaterError) and exc.retry_after is not None:
            backoff = max(backoff, timedelta(seconds=exc.retry_after))
        return now + min(backoff, max(MAX_BACKOFF, timedelta(seconds=source.every_seconds)))

    # --- bookkeeping --------------------------------------------------------------------------

    def _count(self, outcome: str, input: str) -> str:
        self.counts.add(outcome)
        if self._on_page is not None:
            self._on_page(outcome, input)
        return outcome

    def _fail(self, error: PipelineError, *, source_id: int | None = None, url: str | None = None) -> None:
        input = error.input or url or "<unknown>"
        error.input = input
        url = url or (error.url if isinstance(error, FetchError) else None)
        self.store.record_failure(input, str(error), source_id=source_id, url=url)
        self._count("failed", input)
        if self._on_failure is not None:
            self._on_failure(error)

    def _notice(self, message: str) -> None:
        log.info("%s", message)
        if self._on_notice is not None:
            self._on_notice(message)


def crawl_due(ingester: Ingester, *, now: datetime | None = None) -> list[Source]:
    """Crawl every source that is due now, most overdue first; returns the sources crawled."""
    store = ingester.store
    due = store.due_sources(now=now)
    for source in due:
        next_due = ingester.crawl_source(source, now=now)
        store.schedule_source(source.id, next_due)
    return due


def detect_source_kind(fetcher: PoliteFetcher, url: str) -> tuple[SourceKind, Discovered]:
    """Fetch ``url`` once and say what it is: a feed, a sitemap (or index) or a site page (with
    the feeds it advertises). Raises PipelineError when it cannot be fetched or read."""
    page = page_from_response(url, fetcher.fetch(url), fetcher.settings)
    found = read_document(page.content, url=page.url, max_entries=fetcher.settings.max_feed_entries)
    kind: SourceKind = "page" if found.kind == "page" else "feed" if found.kind == "feed" else "sitemap"
    return kind, found


__all__ = ["IngestCounts", "Ingester", "crawl_due", "detect_source_kind"]
