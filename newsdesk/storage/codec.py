"""Articles to and from the JSON records stored in ``revisions.record`` (backend-neutral).

The record is :meth:`Article.to_dict` (the documented public schema, ``docs/article-schema.md``) as
compact JSON, zlib-compressed; reading it back gives an equal :class:`Article` with the same ``id``.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from datetime import UTC, datetime
from typing import Any

from newsdesk.models import Article, Block, Image, Link

RECORD_COMPRESSION = 6


def article_to_record(article: Article) -> bytes:
    """The article's JSON, zlib-compressed (a news record shrinks to about a third)."""
    text = json.dumps(article.to_dict(), ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(text.encode("utf-8"), RECORD_COMPRESSION)


def article_from_record(record: bytes | str | dict[str, Any], **overrides: Any) -> Article:
    """The Article a record holds (compressed bytes, JSON text or a dict); ``overrides`` replace
    fields (``duplicate_of`` as stored now)."""
    if isinstance(record, bytes):
        record = zlib.decompress(record).decode("utf-8")
    data = json.loads(record) if isinstance(record, str) else dict(record)
    image = data.get("image")
    fields: dict[str, Any] = {
        "input": data.get("input") or "",
        "url": data.get("url"),
        "canonical_url": data.get("canonical_url"),
        "site_name": data.get("site_name"),
        "language": data.get("language"),
        "section": data.get("section"),
        "headline": data.get("headline"),
        "standfirst": data.get("standfirst"),
        "authors": tuple(data.get("authors") or ()),
        "published_at": parse_time(data.get("published_at")),
        "updated_at": parse_time(data.get("updated_at")),
        "image": Image(url=image.get("url"), caption=image.get("caption"), credit=image.get("credit"))
        if image
        else None,
        "body": tuple(Block(type=b["type"], text=b["text"]) for b in data.get("body") or ()),
        "text": data.get("text") or "",
        "word_count": int(data.get("word_count") or 0),
        "reading_minutes": data.get("reading_minutes"),
        "agency": data.get("agency"),
        "related_links": tuple(
            Link(title=link["title"], url=link.get("url"), kind=link.get("kind"))
            for link in data.get("related_links") or ()
        ),
        "page_links": tuple(Link(title=link["title"], url=link.get("url")) for link in data.get("page_links") or ()),
        "provenance": dict(data.get("provenance") or {}),
        "source_id": data.get("source_id"),
        "fetched_at": parse_time(data.get("fetched_at")),
        "duplicate_of": data.get("duplicate_of"),
    }
    fields.update(overrides)
    return Article(**fields)


def text_hash(article: Article) -> str:
    """What makes a new revision: the headline, standfirst and text (not dates or page furniture)."""
    payload = "\x00".join((article.headline or "", article.standfirst or "", article.text))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def format_time(value: datetime | None) -> str | None:
    """UTC ISO 8601 with a fixed width, so stored times sort as text."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def timestamp(value: datetime) -> float:
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).timestamp()
