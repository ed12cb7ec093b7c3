"""The Store Protocol: the complete list of queries newsdesk may run, whatever the backend.

Every backend (``sqlite.py`` today, ``postgres.py`` later) implements :class:`Store`; the rest of
the app sees only this module's records and never SQL. Times are timezone-aware UTC datetimes;
methods that depend on "now" take an optional ``now`` so tests can pin the clock.

Errors (drawn with the rest of the tree in ``newsdesk/errors.py``): StorageError when the database
cannot be opened, read or written; SchemaOutdatedError when it needs ``newsdesk migrate`` first;
QueryError for a malformed search query (one-line message).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol, runtime_checkable

from newsdesk.enrich.entities import Entity

# the storage errors live in the one error tree (newsdesk/errors.py); re-exported here for callers of the Store
from newsdesk.errors import QueryError, SchemaOutdatedError, StorageError  # noqa: F401
from newsdesk.models import Article

UpsertStatus = Literal["new", "updated", "unchanged", "duplicate"]
SourceKind = Literal["feed", "sitemap", "page"]
FetchStatus = Literal["ok", "not-modified", "error", "skipped"]

DEFAULT_SEARCH_LIMIT = 20
MAX_SEARCH_LIMIT = 500


# --- articles ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class UpsertOutcome:
    """What storing one article did.

    - ``new``: first time this id was seen (and it is not a near-duplicate);
    - ``updated``: the id was known and its text changed: a new revision is now the one shown;
    - ``unchanged``: the id was known with the same text: nothing written but ``last_seen_at``;
    - ``duplicate``: stored, but as a copy of ``duplicate_of`` (syndicated wire copy, URL variant,
      light edit); hidden from lists and search.
    """

    status: UpsertStatus
    article_id: str
    duplicate_of: str | None = None
    revision: int = 1  # the revision number now current for article_id


@dataclass(frozen=True, slots=True, kw_only=True)
class Revision:
    """One stored version of an article's text (revision 1 is the first seen)."""

    article_id: str
    number: int
    fetched_at: datetime | None
    stored_at: datetime
    article: Article


# --- search --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchQuery:
    """A user's search: ``text`` in the query language of ``storage.query`` (words, "phrases",
    AND/OR/NOT, prefix*), plus filters. Dates filter on ``published_at`` (else ``fetched_at``)."""

    text: str
    section: str | None = None
    source_id: int | None = None
    since: datetime | None = None
    until: datetime | None = None
    author: str | None = None
    limit: int = DEFAULT_SEARCH_LIMIT
    offset: int = 0
    highlight: tuple[str, str] = ("[", "]")  # put around each match in snippets
    rank_window: int | None = None  # rank at most this many of the newest matches (None: the backend's default)


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchHit:
    """One article found, with a snippet whose matches are wrapped in ``SearchQuery.highlight``."""

    article_id: str
    headline: str | None
    url: str | None
    site_name: str | None
    section: str | None
    authors: tuple[str, ...]
    published_at: datetime | None
    source_id: int | None
    snippet: str
    score: float  # higher is better: bm25 blended with recency (see storage/sqlite.py)

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.article_id,
            "headline": self.headline,
            "url": self.url,
            "site_name": self.site_name,
            "section": self.section,
            "authors": list(self.authors),
            "published_at": self.published_at.isoformat() if self.published_at else None,
            "source_id": self.source_id,
            "snippet": self.snippet,
            "score": round(self.score, 6),
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchResults:
    query: SearchQuery
    hits: tuple[SearchHit, ...]
    match_expression: str  # the query as compiled for the backend, for --debug and logs


# --- sources and fetching ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """A feed, sitemap or site page that ``crawl`` fetches on schedule, with its fetch health."""

    id: int
    url: str
    kind: SourceKind
    every_seconds: int
    added_at: datetime
    title: str | None = None
    next_due_at: datetime | None = None  # None: due now
    last_fetch_at: datetime | None = None
    last_success_at: datetime | None = None
    last_error: str | None = None
    last_error_at: datetime | None = None
    error_count: int = 0  # errors since the last success (reset by a success)
    article_count: int = 0  # articles stored with this source_id

    def to_dict(self) -> dict[str, object]:
        """The JSON form, for `sources list --format json` and the API."""

        def iso(value: datetime | None) -> str | None:
            return value.isoformat() if value else None

        return {
            "id": self.id,
            "url": self.url,
            "kind": self.kind,
            "title": self.title,
            "every_seconds": self.every_seconds,
            "added_at": iso(self.added_at),
            "next_due_at": iso(self.next_due_at),
            "last_fetch_at": iso(self.last_fetch_at),
            "last_success_at": iso(self.last_success_at),
            "last_error": self.last_error,
            "last_error_at": iso(self.last_error_at),
            "error_count": self.error_count,
            "article_count": self.article_count,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchRecord:
    """One fetch attempt of ``url`` (for a source, or a page a source led to) and its outcome.

    ``ok`` and ``not-modified`` count as success for the source's health; ``error`` bumps its
    error count; ``skipped`` (robots.txt, backoff) is logged only. ``etag``/``last_modified`` from a
    successful response are kept as the URL's validators for the next conditional GET."""

    url: str
    status: FetchStatus
    source_id: int | None = None
    at: datetime | None = None  # default: now
    http_status: int | None = None
    error: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    items: int = 0  # entries found (feed items, sitemap URLs) or articles stored


@dataclass(frozen=True, slots=True, kw_only=True)
class Validators:
    """HTTP validators remembered for a URL, sent back as If-None-Match / If-Modified-Since."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Failure:
    """A recorded per-item failure (an input that could not be read, fetched or extracted)."""

    id: int
    input: str
    reason: str
    recorded_at: datetime
    source_id: int | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Stats:
    """Counts for ``newsdesk stats``; ``to_dict`` keys are the documented JSON keys."""

    articles: int  # shown: stored and not a duplicate
    duplicates: int
    revisions: int  # stored revisions beyond each article's first
    sources: int
    failures: int

    def to_dict(self) -> dict[str, int]:
        return {
            "articles": self.articles,
            "duplicates": self.duplicates,
            "revisions": self.revisions,
            "sources": self.sources,
            "failures": self.failures,
        }


# --- story threads and syndication (records; Store methods in the threads section below) ----------


@dataclass(frozen=True, slots=True, kw_only=True)
class ThreadSummary:
    """A story thread: articles (originals) that tell one story, oldest first."""

    id: str
    title: str  # the headline of the thread's earliest article
    first_at: datetime | None
    last_at: datetime | None
    size: int  # articles (originals) in the thread
    sources: tuple[str, ...]  # site names, most articles first
    entities: tuple[str, ...]  # top entity names (empty when entities are off)
    article_ids: tuple[str, ...]  # oldest first

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "first_at": self.first_at.isoformat() if self.first_at else None,
            "last_at": self.last_at.isoformat() if self.last_at else None,
            "size": self.size,
            "sources": list(self.sources),
            "entities": list(self.entities),
            "article_ids": list(self.article_ids),
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class ThreadMembership:
    """Why an article is in its thread: the score that placed it, the article it matched best."""

    thread_id: str
    article_id: str
    score: float  # the similarity that placed it (1.0 for the article that started it)
    reason: str  # one line: "shares flood, Ossel with 'Ossel rises...' (0.62)"
    matched_article_id: str | None

    def to_dict(self) -> dict[str, object]:
        return {
            "thread_id": self.thread_id,
            "article_id": self.article_id,
            "score": round(self.score, 4),
            "reason": self.reason,
            "matched_article_id": self.matched_article_id,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Outlet:
    """One outlet that ran a (syndicated) text: the original first, then each copy."""

    article_id: str
    site_name: str | None
    url: str | None
    agency: str | None  # the wire agency the outlet credits, when it does
    published_at: datetime | None
    original: bool  # the group's original (the earliest); the others are copies of it

    def to_dict(self) -> dict[str, object]:
        return {
            "article_id": self.article_id,
            "site_name": self.site_name,
            "url": self.url,
            "agency": self.agency,
            "published_at": self.published_at.isoformat() if self.published_at else None,
            "original": self.original,
        }


# --- entities (records; Store methods in the entities section below) -------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class EntitySummary:
    """An entity across the store: ``count`` is the number of original (non-duplicate) articles naming it."""

    key: str  # "PERSON:kassym-jomart tokayev" (see enrich/entities.py)
    name: str  # display form, the most complete seen
    type: str  # spaCy label: PERSON, ORG, GPE, LOC, NORP, FAC, EVENT, PRODUCT, WORK_OF_ART, LAW
    count: int

    def to_dict(self, *, articles: Sequence[str] | None = None) -> dict[str, object]:
        d: dict[str, object] = {"key": self.key, "name": self.name, "type": self.type, "count": self.count}
        if articles is not None:
            d["articles"] = list(articles)
        return d


# --- the interface -------------------------------------------------------------------------------


@runtime_checkable
class Store(Protocol):
    """Everything the app may ask of a database. Writes are atomic per call: a crash leaves each
    article either fully stored (row, revision, search index, fingerprint) or not at all."""

    # schema
    def pending_migrations(self) -> list[str]:
        """Names of migrations not yet applied (empty when the schema is current)."""
        ...

    def migrate(self) -> list[str]:
        """Apply pending migrations in order; return the names applied."""
        ...

    # articles
    def upsert_article(
        self, article: Article, *, content_hash: str | None = None, page_key: str | None = None
    ) -> UpsertOutcome:
        """Store ``article`` by ``article.id`` in one transaction: new, new revision, unchanged or
        near-duplicate. ``content_hash`` (of the raw page bytes) is remembered under ``page_key``
        (default ``article.input``) in the same transaction, for :meth:`page_seen`."""
        ...

    def upsert_articles(
        self, articles: Sequence[Article], *, content_hashes: Mapping[str, str] | None = None
    ) -> list[UpsertOutcome]:
        """Several articles in one transaction (faster for bulk ingest); outcomes in order.
        ``content_hashes`` maps page keys (``article.input``) to content hashes."""
        ...

    def get_article(self, article_id: str) -> Article | None:
        """The article's latest revision, with ``duplicate_of`` set if it is a copy."""
        ...

    def list_articles(
        self,
        *,
        section: str | None = None,
        source_id: int | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 50,
        offset: int = 0,
        include_duplicates: bool = False,
    ) -> list[Article]:
        """Newest first (published_at, else fetched_at); duplicates hidden unless asked for."""
        ...

    def list_revisions(self, article_id: str) -> list[Revision]:
        """Every stored revision of an article, oldest first."""
        ...

    def duplicates_of(self, article_id: str) -> list[str]:
        """Ids of the articles stored as copies of ``article_id``."""
        ...

    def has_url(self, url: str) -> bool:
        """True if an article was stored from ``url`` or under that canonical URL (or a variant of
        it: AMP, tracking parameters, mobile host). Lets crawl skip known pages without fetching."""
        ...

    def page_seen(self, key: str, content_hash: str) -> bool:
        """True if the page ``key`` (its URL or input name) was stored with this exact content
        hash: ingest may skip extracting it and count it as unchanged."""
        ...

    def search(self, query: SearchQuery) -> SearchResults:
        """Full-text search; raises QueryError for a malformed query."""
        ...

    def stats(self) -> Stats: ...

    # sources
    def add_source(
        self, url: str, *, kind: SourceKind, every_seconds: int, title: str | None = None, now: datetime | None = None
    ) -> Source:
        """Add a source (due at once); raises StorageError if ``url`` is already a source."""
        ...

    def get_source(self, source_id: int) -> Source | None: ...

    def find_source(self, url: str) -> Source | None: ...

    def list_sources(self) -> list[Source]:
        """Every source with its fetch health, in the order added."""
        ...

    def remove_source(self, source_id: int) -> bool:
        """Forget a source (its articles stay); False if there was none."""
        ...

    def due_sources(self, *, now: datetime | None = None) -> list[Source]:
        """Sources whose ``next_due_at`` is unset or not after ``now``, most overdue first."""
        ...

    def schedule_source(self, source_id: int, next_due_at: datetime) -> None:
        """Set when a source is next due (after a fetch, or later after Retry-After/backoff)."""
        ...

    def record_fetch(self, record: FetchRecord) -> None:
        """Log a fetch attempt; update the source's health and the URL's validators."""
        ...

    def list_fetches(self, *, source_id: int | None = None, limit: int = 100) -> list[FetchRecord]:
        """Recent fetch attempts, newest first."""
        ...

    def get_validators(self, url: str) -> Validators:
        """The ETag/Last-Modified last seen for ``url`` (empty when none)."""
        ...

    # failures
    def record_failure(
        self,
        input: str,
        reason: str,
        *,
        source_id: int | None = None,
        url: str | None = None,
        now: datetime | None = None,
    ) -> None:
        """Record a per-item failure; with ``source_id`` it also sets that source's last error."""
        ...

    def list_failures(self, *, source_id: int | None = None, limit: int = 100) -> list[Failure]:
        """Most recent first."""
        ...

    # --- streaming (export, batch) ----------------------------------------------------------------

    def iter_articles(self, *, batch_size: int = 500, include_duplicates: bool = True) -> Iterator[Article]:
        """Every stored article (its latest revision, ``duplicate_of`` set on copies), oldest first
        (published, else fetched time), read ``batch_size`` rows at a time by keyset pagination: memory
        stays flat whatever the size of the database. Articles stored while iterating may or may not
        appear; none appears twice."""
        ...

    # --- entities and keywords (SQL in newsdesk/storage/entity_store.py, portable) ----------------

    def save_enrichment(
        self,
        article_id: str,
        *,
        entities: Sequence[Entity] | None,
        keywords: Sequence[tuple[str, float]],
        sort_ts: float,
    ) -> None:
        """Save an article's entities and keywords, replacing what was saved for it before (a new
        revision re-enriches); ``entities=None`` (the tagger is off) saves the keywords only. A
        lone-surname PERSON resolves to the one stored person with that surname. Entity article
        counts are maintained here (originals only)."""
        ...

    def demote_entities(self, article_id: str) -> None:
        """The article became a copy of an earlier arrival: its entities stop counting (idempotent)."""
        ...

    def entities_of(self, article_id: str) -> list[Entity]:
        """The article's entities, most mentioned first (empty when never enriched)."""
        ...

    def keywords_of(self, article_id: str) -> list[tuple[str, float]]:
        """The article's key phrases, best first, with scores in (0, 1]."""
        ...

    def list_entities(self, *, type: str | None = None, limit: int = 100, offset: int = 0) -> list[EntitySummary]:
        """Entities by number of original articles naming them, most first; ``type`` a spaCy label."""
        ...

    def entity_types(self) -> list[tuple[str, int]]:
        """The types that have entities: (type, articles naming its most named entity), most first."""
        ...

    def get_entity(self, key: str) -> EntitySummary | None: ...

    def entity_article_ids(self, key: str, *, limit: int = 50, offset: int = 0) -> list[str]:
        """Original articles naming the entity, newest first."""
        ...

    def cooccurring_entities(self, key: str, *, limit: int = 20) -> list[tuple[EntitySummary, int]]:
        """Entities named in the same articles (over the entity's newest articles), with the number shared."""
        ...

    def find_person(self, name: str) -> EntitySummary | None:
        """The one stored person whose full name ends with ``name``'s last word, if exactly one."""
        ...

    # --- story threads (SQL in newsdesk/storage/thread_store.py, portable) ------------------------

    def thread_of(self, article_id: str) -> ThreadMembership | None:
        """The thread an article is in (a syndicated copy: its original's), with why; None if unthreaded."""
        ...

    def get_thread(self, thread_id: str) -> ThreadSummary | None:
        """A thread (an id merged into another gives the surviving thread); None if unknown."""
        ...

    def list_threads(
        self, *, since: datetime | None = None, min_size: int = 2, limit: int = 50, offset: int = 0
    ) -> list[ThreadSummary]:
        """Threads of at least ``min_size`` articles active since ``since``, most recently active first."""
        ...

    def thread_members(self, thread_id: str) -> list[ThreadMembership]:
        """A thread's articles in time order, each with the score and reason that placed it."""
        ...

    def outlets_of(self, article_id: str) -> list[Outlet]:
        """The syndication group of an article: the original first, then its copies in time order,
        each with its site name and agency (one entry for an article nobody copied)."""
        ...

    def close(self) -> None: ...
