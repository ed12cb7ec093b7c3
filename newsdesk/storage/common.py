"""What both backends compute the same way: an article's sort time and URL keys, limits, list filters.

The SQL dialects differ only where the filters say so (placeholder style; PostgreSQL's ILIKE for the
case-insensitive author match that SQLite's LIKE gives for ASCII).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from newsdesk.models import Article
from newsdesk.pipeline import dedupe
from newsdesk.storage.base import MAX_SEARCH_LIMIT
from newsdesk.storage.codec import timestamp


def article_sort_ts(article: Article, now: datetime) -> float:
    """The time an article sorts by: published, else fetched, else ``now`` (Unix seconds)."""
    return timestamp(article.published_at or article.fetched_at or now)


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
