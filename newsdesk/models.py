"""The records that flow through newsdesk's pipeline.

One record type, :class:`Article`, carries a news page's anatomy through every stage:
extraction, enrichment, storage, the API and the templates. Records are frozen; stages
return new ones with :func:`dataclasses.replace`.

The JSON form (:meth:`Article.to_dict`) is the public contract documented in
``docs/article-schema.md``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

BLOCK_TYPES = ("paragraph", "heading", "quote", "list_item", "table")
PROVENANCE_KINDS = ("json-ld", "meta", "html", "text", "computed")


@dataclass(frozen=True, slots=True, kw_only=True)
class Block:
    """One block of the article body."""

    type: str  # one of BLOCK_TYPES
    text: str  # a table: one line per row, cells joined by " | "

    def to_dict(self) -> dict[str, str]:
        return {"type": self.type, "text": self.text}


@dataclass(frozen=True, slots=True, kw_only=True)
class Image:
    """The lead image: where it is, what it shows, who made it."""

    url: str | None = None
    caption: str | None = None
    credit: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        return {"url": self.url, "caption": self.caption, "credit": self.credit}


@dataclass(frozen=True, slots=True, kw_only=True)
class Link:
    """A link the page offers: a "Read more" in the body (``kind`` set) or one of the
    site's other stories (``page_links``, ``kind`` None)."""

    title: str
    url: str | None = None
    kind: str | None = None  # "read-more", "also-read", "related", ...

    def to_dict(self, *, with_kind: bool = True) -> dict[str, str | None]:
        d: dict[str, str | None] = {"title": self.title, "url": self.url}
        if with_kind:
            d["kind"] = self.kind
        return d


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchedPage:
    """Raw bytes of one page as read from a file, an archive record, stdin or the network."""

    input: str  # as given by the user, plus "#N" for the Nth record of an archive
    content: bytes
    url: str | None = None  # where the page lives on the web, when known
    kind: str = "html"  # "html" or "text" (a plain-text page dump)
    content_type: str | None = None  # HTTP Content-Type, when known
    fetched_at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """A news article with the anatomy of the page it came from."""

    input: str
    url: str | None = None
    canonical_url: str | None = None
    site_name: str | None = None
    language: str | None = None
    section: str | None = None
    headline: str | None = None
    standfirst: str | None = None
    authors: tuple[str, ...] = ()
    published_at: datetime | None = None
    updated_at: datetime | None = None
    image: Image | None = None
    body: tuple[Block, ...] = ()
    text: str = ""
    word_count: int = 0
    reading_minutes: int | None = None
    agency: str | None = None
    related_links: tuple[Link, ...] = ()
    page_links: tuple[Link, ...] = ()
    provenance: dict[str, str] = field(default_factory=dict)
    # set by later stages (ingest, store); None straight out of extraction
    source_id: int | None = None
    fetched_at: datetime | None = None
    duplicate_of: str | None = None  # id of the article this one is a copy of (syndication, URL variant)

    @property
    def id(self) -> str:
        """Stable id: a hash of the canonical URL, else the URL; a page with neither (a local file, a
        dump) is known by its headline and text, so the same page read through another path is the
        same article. A record without text and without a URL (``extract --metadata-only`` of a local
        file) is known by its input: its headline alone would be shared by unrelated pages."""
        if self.canonical_url or self.url:
            key = self.canonical_url or self.url or ""
        elif self.text:
            key = f"text:{self.headline or ''}\n{self.text}"
        else:
            key = f"input:{self.input}"
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "input": self.input,
            "url": self.url,
            "canonical_url": self.canonical_url,
            "site_name": self.site_name,
            "language": self.language,
            "section": self.section,
            "headline": self.headline,
            "standfirst": self.standfirst,
            "authors": list(self.authors),
            "published_at": _iso(self.published_at),
            "updated_at": _iso(self.updated_at),
            "image": self.image.to_dict() if self.image else None,
            "body": [b.to_dict() for b in self.body],
            "text": self.text,
            "word_count": self.word_count,
            "reading_minutes": self.reading_minutes,
            "agency": self.agency,
            "related_links": [link.to_dict() for link in self.related_links],
            "page_links": [link.to_dict(with_kind=False) for link in self.page_links],
            "provenance": dict(self.provenance),
            "source_id": self.source_id,
            "fetched_at": _iso(self.fetched_at),
            "duplicate_of": self.duplicate_of,
        }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None
