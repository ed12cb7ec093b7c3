"""Paths, slugs, cursors and the article card: the small shapes both the pages and the API use.

A card is the JSON-able summary of an article in a list (front page, rails, section, search); the
API returns cards as they are and templates render them through ``_article_card.html``.
"""

from __future__ import annotations

import base64
import binascii
import re
import unicodedata
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlsplit

from starlette.exceptions import HTTPException

from newsdesk.models import Article
from newsdesk.storage.base import SearchHit

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
_SLUG_JUNK = re.compile(r"[^a-z0-9]+")


def slugify(name: str) -> str:
    """``Local News`` -> ``local-news``; accents folded, anything else becomes a hyphen."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    return _SLUG_JUNK.sub("-", folded).strip("-") or "section"


def article_path(article_id: str) -> str:
    return f"/articles/{article_id}"


def section_path(name: str) -> str:
    return f"/sections/{slugify(name)}"


def author_path(name: str) -> str:
    return f"/authors/{quote(name, safe='')}"


def source_path(source_id: int) -> str:
    return f"/sources/{source_id}"


def source_key(site_name: str | None, url: str | None, source_id: int | None) -> str:
    """What counts as one source for "at most one pick per source": the site, else the host."""
    if site_name:
        return "site:" + site_name.strip().lower()
    host = urlsplit(url).hostname if url else None
    if host:
        return "host:" + host.removeprefix("www.")
    if source_id is not None:
        return f"source:{source_id}"
    return "unknown"


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def card(article: Article) -> dict[str, Any]:
    """The summary of a stored article shown in lists."""
    return {
        "id": article.id,
        "headline": article.headline,
        "standfirst": article.standfirst,
        "section": article.section,
        "section_path": section_path(article.section) if article.section else None,
        "site_name": article.site_name,
        "authors": list(article.authors),
        "published_at": _iso(article.published_at or article.fetched_at),
        "reading_minutes": article.reading_minutes,
        "agency": article.agency,
        "source_id": article.source_id,
        "path": article_path(article.id),
        "api_path": "/api" + article_path(article.id),
    }


def card_from_hit(hit: SearchHit) -> dict[str, Any]:
    """The card of a search hit (no standfirst or reading time: the hit does not carry them)."""
    return {
        "id": hit.article_id,
        "headline": hit.headline,
        "standfirst": None,
        "section": hit.section,
        "section_path": section_path(hit.section) if hit.section else None,
        "site_name": hit.site_name,
        "authors": list(hit.authors),
        "published_at": _iso(hit.published_at),
        "reading_minutes": None,
        "agency": None,
        "source_id": hit.source_id,
        "path": article_path(hit.article_id),
        "api_path": "/api" + article_path(hit.article_id),
    }


# --- paging ---------------------------------------------------------------------------------------


def check_limit(limit: int) -> int:
    if not 1 <= limit <= MAX_LIMIT:
        raise HTTPException(400, f"limit has value {limit}. Expected a whole number from 1 to {MAX_LIMIT}.")
    return limit


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o{offset}".encode("ascii")).decode("ascii").rstrip("=")


def decode_cursor(cursor: str | None) -> int:
    """The offset an opaque cursor stands for (0 without one); 400 for a cursor we did not make."""
    if not cursor:
        return 0
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, ValueError):
        raw = ""
    if not (raw.startswith("o") and raw[1:].isdigit() and len(raw) < 12):
        raise HTTPException(400, "cursor is not one this API gave out: use next_cursor from a previous page")
    return int(raw[1:])


def page_of(items: list[Any], *, limit: int, offset: int) -> tuple[list[Any], str | None]:
    """Cut ``items`` (fetched with limit + 1) to ``limit`` and say where the next page starts."""
    if len(items) > limit:
        return items[:limit], encode_cursor(offset + limit)
    return items, None


def date_label(value: str | datetime | None) -> str:
    """``November 17, 2022`` for an ISO date-time."""
    if value is None:
        return ""
    when = datetime.fromisoformat(value) if isinstance(value, str) else value
    return f"{when:%B} {when.day}, {when.year}"


__all__ = [
    "DEFAULT_LIMIT",
    "MAX_LIMIT",
    "article_path",
    "author_path",
    "card",
    "card_from_hit",
    "check_limit",
    "date_label",
    "decode_cursor",
    "encode_cursor",
    "page_of",
    "section_path",
    "slugify",
    "source_key",
    "source_path",
]
