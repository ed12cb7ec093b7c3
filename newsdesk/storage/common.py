"""What both backends compute the same way: an article's sort time and URL keys, limits, list filters.

The SQL dialects differ only where the filters say so (placeholder style; PostgreSQL's ILIKE for the
case-insensitive author match that SQLite's LIKE gives for ASCII).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from newsdesk.models import Article
from newsdesk.pipeline import dedupe
from newsdesk.storage.base import MAX_SEARCH_LIMIT, Revision, SearchHit
from newsdesk.storage.codec import article_from_record, format_time, parse_time, timestamp

# the columns of an ``articles`` row, in the order of :func:`article_row`
ARTICLE_COLUMNS = (
    "id",
    "url",
    "canonical_url",
    "site_name",
    "section",
    "headline",
    "standfirst",
    "text",
    "authors",
    "published_at",
    "fetched_at",
    "sort_ts",
    "source_id",
    "duplicate_of",
    "revision",
    "text_hash",
    "signature",
    "first_stored_at",
    "last_seen_at",
)


def article_sort_ts(article: Article, now: datetime) -> float:
    """The time an article sorts by: published, else fetched, else ``now`` (Unix seconds)."""
    return timestamp(article.published_at or article.fetched_at or now)


def article_row(
    article: Article,
    *,
    text_hash: str,
    fp: dedupe.Fingerprint | None,
    now: datetime,
    duplicate_of: str | None,
    revision: int,
    text: str | None = None,
) -> tuple[Any, ...]:
    """The values of an ``articles`` row, in :data:`ARTICLE_COLUMNS` order (``text``: the text as the
    backend can store it, default the article's)."""
    stamp = format_time(now)
    return (
        article.id,
        article.url,
        article.canonical_url,
        article.site_name,
        article.section,
        article.headline,
        article.standfirst,
        article.text if text is None else text,
        ", ".join(article.authors),
        format_time(article.published_at),
        format_time(article.fetched_at),
        article_sort_ts(article, now),
        article.source_id,
        duplicate_of,
        revision,
        text_hash,
        fp.signature if fp else None,
        stamp,
        stamp,
    )


def url_keys(article: Article) -> list[str]:
    """The article's URL and canonical URL, normalised as for near-duplicates (AMP, tracking, mobile host)."""
    return sorted({dedupe.normalize_url(u) for u in (article.url, article.canonical_url) if u and "://" in u})


def clamp_limit(limit: int) -> int:
    return max(1, min(int(limit), MAX_SEARCH_LIMIT))


def article_filters(
    *,
    section: str | None,
    source_id: int | None,
    since: datetime | None,
    until: datetime | None,
    author: str | None,
    placeholder: str = "?",
    like: str = "LIKE",
) -> tuple[list[str], list[Any]]:
    """WHERE conditions on the ``articles a`` table and their parameters, for lists and search."""
    p = placeholder
    where: list[str] = []
    params: list[Any] = []
    if section:
        where.append(f"lower(a.section) = lower({p})")
        params.append(section.strip())
    if source_id is not None:
        where.append(f"a.source_id = {p}")
        params.append(source_id)
    if since is not None:
        where.append(f"a.sort_ts >= {p}")
        params.append(timestamp(since))
    if until is not None:
        where.append(f"a.sort_ts <= {p}")
        params.append(timestamp(until))
    if author:
        escaped = author.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        where.append(f"a.authors {like} {p} ESCAPE '\\'")
        params.append(f"%{escaped}%")
    return where, params


def search_hit(row: Any, snippet: str) -> SearchHit:
    """A search result row (id, headline, url, site_name, section, authors, published_at, source_id,
    score, by name) as a :class:`SearchHit` with the backend's ``snippet``."""
    return SearchHit(
        article_id=row["id"],
        headline=row["headline"],
        url=row["url"],
        site_name=row["site_name"],
        section=row["section"],
        authors=tuple(x for x in (row["authors"] or "").split(", ") if x),
        published_at=parse_time(row["published_at"]),
        source_id=row["source_id"],
        snippet=snippet,
        score=float(row["score"]),
    )


def revision_records(article_id: str, rows: Iterable[Any]) -> list[Revision]:
    """``revisions`` rows (number, fetched_at, stored_at, record) as :class:`Revision` records."""
    return [
        Revision(
            article_id=article_id,
            number=number,
            fetched_at=parse_time(fetched_at),
            stored_at=parse_time(stored_at) or datetime.now(UTC),
            article=article_from_record(record),
        )
        for number, fetched_at, stored_at, record in rows
    ]
