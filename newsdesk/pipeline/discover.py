"""Pure: what a fetched document is (feed, sitemap, sitemap index or page) and the article URLs it
leads to, with their dates.

- **Feeds**: RSS 0.9x/1.0/2.0 and Atom through feedparser; JSON Feed (``version`` naming
  jsonfeed.org) through :mod:`json`. A feed larger than :data:`FEEDPARSER_MAX_BYTES` is read by a
  streaming lxml reader instead (feedparser builds every entry in memory: 100k items cost ~300 MB).
- **Sitemaps**: ``<urlset>`` (with news sitemap ``<news:publication_date>``) and ``<sitemapindex>``,
  streamed with lxml.
- **Pages** may advertise feeds with ``<link rel="alternate" type="application/rss+xml" href=...>``.

Every reader stops after ``max_entries`` entries and says how many it left (``Discovered.more``),
so a feed of 100k items costs the same as one of ``max_entries``. XML that declares entities in
its DOCTYPE is refused before any parser sees it (entity-expansion "billion laughs" attacks), and
lxml never resolves entities, loads DTDs or touches the network. Gzipped documents (``.xml.gz``)
are inflated within the size cap (:func:`gunzip_capped`).
"""

from __future__ import annotations

import calendar
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit

import feedparser
from lxml import etree
from lxml import html as lxml_html

from newsdesk.errors import InputError
from newsdesk.limits import GZIP_MAGIC, CompressedDataError, SizeLimitError, format_size, inflate_chunks

DocumentKind = Literal["feed", "sitemap", "sitemap-index", "page"]

FEEDPARSER_MAX_BYTES = 2 * 1024 * 1024
"""Feeds up to this size go through feedparser; larger ones through the streaming reader."""
DEFAULT_MAX_ENTRIES = 1000
HEAD_BYTES = 4096
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/feed+json",
        "application/json",
        "text/xml",
        "application/xml",
    }
)
ADVERTISED_FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/feed+json"})
_FEED_ROOTS = frozenset({"rss", "feed", "RDF", "channel"})
_SITEMAP_ROOTS = {"urlset": "sitemap", "sitemapindex": "sitemap-index"}
_ROOT = re.compile(rb"<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")
_PROLOG_NOISE = re.compile(rb"\s*(<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(\[.*?\])?\s*>)", re.DOTALL)
_PROLOG_MARKUP = re.compile(rb"<!--.*?-->|<\?.*?\?>|<!ENTITY|<[A-Za-z_]", re.DOTALL | re.IGNORECASE)
_BOMS = (b"\xef\xbb\xbf",)
_ENCODING_DECLARATION = re.compile(r"""(<\?xml[^>]*?encoding=["'])[^"']*(["'])""")
_ENTITY_REFUSAL = (
    "refused: the document declares XML entities in its DOCTYPE, which newsdesk never expands "
    "(they can blow up into gigabytes: an entity-expansion attack)"
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    """One article a feed or sitemap points to."""

    url: str
    published_at: datetime | None = None  # item date, news:publication_date or lastmod (aware UTC)
    title: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Discovered:
    """What a document is and where it leads."""

    kind: DocumentKind
    title: str | None = None
    entries: tuple[Entry, ...] = ()  # article URLs (feed items, sitemap <url>s)
    sitemaps: tuple[str, ...] = ()  # child sitemaps of a sitemap index
    feeds: tuple[str, ...] = ()  # feeds a page advertises
    more: bool = False  # the document held more than max_entries entries; the rest were left

    @property
    def links(self) -> int:
        return len(self.entries) + len(self.sitemaps) + len(self.feeds)


def gunzip_capped(content: bytes, limit: int) -> bytes:
    """``content`` inflated if it is gzip data (a ``.xml.gz`` sitemap), refusing more than ``limit``
    bytes out; anything else is returned as it is."""
    if not content.startswith(GZIP_MAGIC):
        return content
    try:
        return inflate_chunks([content], limit)
    except SizeLimitError:
        raise InputError(
            f"document larger than {format_size(limit)} once decompressed (a gzip bomb?); "
            "raise NEWSDESK_MAX_PAGE_BYTES to accept it"
        ) from None
    except CompressedDataError as exc:
        raise InputError(f"corrupt gzip data ({exc})") from None


def detect_kind(content: bytes) -> DocumentKind:
    """Feed, sitemap, sitemap index or (anything else) page, from the document's root element."""
    head = _utf8(content[:HEAD_BYTES]).lstrip()
    for bom in _BOMS:
        head = head.removeprefix(bom).lstrip()
    if head.startswith(b"{"):
        return "feed" if b"jsonfeed.org" in head else "page"
    root = _root_name(head)
    if root in _FEED_ROOTS:
        return "feed"
    if root in _SITEMAP_ROOTS:
        return _SITEMAP_ROOTS[root]  # type: ignore[return-value]
    return "page"


def read_document(content: bytes, *, url: str | None, max_entries: int = DEFAULT_MAX_ENTRIES) -> Discovered:
    """Read a feed, sitemap or page into what it leads to. Raises InputError for a document that
    declares XML entities or that claims to be a feed or sitemap but cannot be read as one."""
    content = _utf8(content)
    kind = detect_kind(content)
    if kind == "page":
        return Discovered(kind="page", feeds=advertised_feeds(content, url))
    if not content.lstrip().startswith(b"{"):
        refuse_entity_declarations(content)
    if kind == "feed":
        return parse_feed(content, url=url, max_entries=max_entries)
    return parse_sitemap(content, url=url, max_entries=max_entries)


def refuse_entity_declarations(content: bytes) -> None:
    """Raise InputError if the XML declares entities before its root element (in the DOCTYPE's
    internal subset). Comments and processing instructions are skipped, so neither hides one."""
    for match in _PROLOG_MARKUP.finditer(_utf8(content)):
        token = match.group()
        if token[:2] == b"<!" and token[2:3] != b"-":
            raise InputError(_ENTITY_REFUSAL)
        if token[:1] == b"<" and token[1:2] not in (b"!", b"?"):
            return  # the root element: no declaration can follow


# --- feeds ----------------------------------------------------------------------------------------


def parse_feed(content: bytes, *, url: str | None, max_entries: int = DEFAULT_MAX_ENTRIES) -> Discovered:
    """The entries of an RSS, Atom or JSON feed, newest as the feed orders them, at most ``max_entries``."""
    if content.lstrip().startswith(b"{"):
        return _parse_json_feed(content, url, max_entries)
    if len(content) > FEEDPARSER_MAX_BYTES:
        return _stream_feed(content, url, max_entries)
    headers = {"content-location": url} if url else {}
    # Bytes wrapped in BytesIO: feedparser treats a bare string as a URL or a path to open.
    parsed = feedparser.parse(
        io.BytesIO(content), response_headers=headers, sanitize_html=False, resolve_relative_uris=False
    )
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception") or "no feed elements"
        raise InputError(f"not a readable feed ({reason})")
    entries: list[Entry] = []
    for item in parsed.entries:
        link = _entry_link(item, url)
        if link is None:
            continue
        if len(entries) == max_entries:
            return Discovered(kind="feed", title=parsed.feed.get("title"), entries=tuple(entries), more=True)
        when = item.get("published_parsed") or item.get("updated_parsed")
        entries.append(Entry(url=link, published_at=_from_struct(when), title=item.get("title") or None))
    return Discovered(kind="feed", title=parsed.feed.get("title") or None, entries=tuple(entries))


def _entry_link(item: Any, base: str | None) -> str | None:
    candidates = [item.get("link")]
    candidates += [link.get("href") for link in item.get("links", ()) if link.get("rel", "alternate") == "alternate"]
    if item.get("guidislink") or str(item.get("id", "")).startswith(("http://", "https://")):
        candidates.append(item.get("id"))
    for candidate in candidates:
        if resolved := _http_url(candidate, base):
            return resolved
    return None


def _from_struct(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), UTC)
    except (OverflowError, ValueError, OSError):
        return None


def _parse_json_feed(content: bytes, url: str | None, max_entries: int) -> Discovered:
    try:
        doc = json.loads(content)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"not a readable JSON Feed ({exc})") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("items", []), list):
        raise InputError("not a readable JSON Feed (expected an object with an items list)")
    base = _http_url(doc.get("feed_url"), url) or url
    entries: list[Entry] = []
    for item in doc.get("items", []):
        if not isinstance(item, dict):
            continue
        item_id = item.get("id") if str(item.get("id", "")).startswith(("http://", "https://")) else None
        link = _http_url(item.get("url") or item.get("external_url") or item_id, base)
        if link is None:
            continue
        if len(entries) == max_entries:
            return Discovered(kind="feed", title=_text(doc.get("title")), entries=tuple(entries), more=True)
        when = parse_date(_text(item.get("date_published")) or _text(item.get("date_modified")))
        entries.append(Entry(url=link, published_at=when, title=_text(item.get("title"))))
    return Discovered(kind="feed", title=_text(doc.get("title")), entries=tuple(entries))


def _stream_feed(content: bytes, url: str | None, max_entries: int) -> Discovered:
    """A big RSS/Atom feed, read item by item with lxml (memory flat whatever its length)."""
    entries: list[Entry] = []
    title: str | None = None
    for element in _iterparse(content, ("item", "entry", "title")):
        name = etree.QName(element).localname
        if name == "title":
            if title is None and etree.QName(element.getparent()).localname in ("channel", "feed"):
                title = (element.text or "").strip() or None
            continue
        entry = _stream_entry(element, url)
        _release(element)
        if entry is None:
            continue
        if len(entries) == max_entries:
            return Discovered(kind="feed", title=title, entries=tuple(entries), more=True)
        entries.append(entry)
    return Discovered(kind="feed", title=title, entries=tuple(entries))


def _stream_entry(element: Any, base: str | None) -> Entry | None:
    fields: dict[str, str] = {}
    link: str | None = None
    for child in element:
        if not isinstance(child.tag, str):
            continue
        name = etree.QName(child).localname
        if name == "link":
            href = child.get("href")
            if href is not None and child.get("rel", "alternate") == "alternate":
                link = link or _http_url(href, base)
            elif href is None:
                link = link or _http_url((child.text or "").strip(), base)
        elif name in ("title", "pubDate", "published", "updated", "date", "guid", "id"):
            fields.setdefault(name, (child.text or "").strip())
    link = link or _http_url(fields.get("guid") or fields.get("id"), base)
    if link is None:
        return None
    raw_date = fields.get("pubDate") or fields.get("published") or fields.get("date") or fields.get("updated")
    return Entry(url=link, published_at=parse_date(raw_date), title=fields.get("title") or None)


# --- sitemaps -------------------------------------------------------------------------------------


def parse_sitemap(content: bytes, *, url: str | None, max_entries: int = DEFAULT_MAX_ENTRIES) -> Discovered:
    """A ``<urlset>``'s article URLs (dated by news:publication_date, else lastmod) or a
    ``<sitemapindex>``'s child sitemaps, at most ``max_entries`` of either."""
    kind = detect_kind(content)
    entries: list[Entry] = []
    sitemaps: list[str] = []
    for element in _iterparse(content, ("url", "sitemap")):
        fields = {
            etree.QName(child).localname: (child.text or "").strip()
            for child in element.iter()
            if isinstance(child.tag, str)
        }
        _release(element)
        link = _http_url(fields.get("loc"), url)
        if link is None:
            continue
        if len(entries) + len(sitemaps) == max_entries:
            return Discovered(kind=kind, entries=tuple(entries), sitemaps=tuple(sitemaps), more=True)
        if kind == "sitemap-index":
            sitemaps.append(link)
        else:
            when = parse_date(fields.get("publication_date")) or parse_date(fields.get("lastmod"))
            entries.append(Entry(url=link, published_at=when, title=fields.get("title") or None))
    return Discovered(kind=kind, entries=tuple(entries), sitemaps=tuple(sitemaps))


# --- pages ----------------------------------------------------------------------------------------


def advertised_feeds(content: bytes, url: str | None) -> tuple[str, ...]:
    """The feeds a page names in ``<link rel="alternate" type="application/rss+xml" href="...">``."""
    try:
        tree = lxml_html.document_fromstring(content[: 512 * 1024])
    except (etree.ParserError, ValueError):
        return ()
    found: list[str] = []
    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        media_type = (link.get("type") or "").split(";")[0].strip().lower()
        href = _http_url(link.get("href"), url) if "alternate" in rel else None
        if href and media_type in ADVERTISED_FEED_TYPES and href not in found:
            found.append(href)
    return tuple(found)


# --- shared helpers -------------------------------------------------------------------------------


def parse_date(value: str | None) -> datetime | None:
    """An RFC 822 (RSS) or ISO 8601 / W3C (Atom, sitemaps, JSON Feed) date as aware UTC; None if unreadable."""
    if not value or not value.strip():
        return None
    value = value.strip()
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def _iterparse(content: bytes, tags: tuple[str, ...]) -> Iterator[Any]:
    """End events for elements named ``tags`` (any namespace), parsed without entities, DTDs or network."""
    wanted = [f"{{*}}{tag}" for tag in tags]
    parser = etree.iterparse(
        io.BytesIO(content),
        events=("end",),
        tag=wanted,
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        recover=True,
    )
    try:
        for _event, element in parser:
            yield element
    except etree.XMLSyntaxError as exc:
        raise InputError(f"not readable XML ({exc})") from None


def _release(element: Any) -> None:
    """Free an element already read, and its earlier siblings, so the tree never grows."""
    element.clear()
    parent = element.getparent()
    while parent is not None and element.getprevious() is not None:
        del parent[0]


def _root_name(head: bytes) -> str | None:
    end = _prolog_end(head)
    match = _ROOT.match(head, end)
    return match.group(2).decode("ascii") if match else None


def _prolog_end(content: bytes) -> int:
    """Where the root element starts: past the XML declaration, comments, PIs and the DOCTYPE."""
    pos = 0
    for bom in _BOMS:
        if content.startswith(bom):
            pos = len(bom)
    while match := _PROLOG_NOISE.match(content, pos):
        pos = match.end()
    while pos < len(content) and content[pos : pos + 1].isspace():
        pos += 1
    return pos


def _utf8(content: bytes) -> bytes:
    """UTF-16 documents (with their byte-order mark) as UTF-8, their XML declaration saying so."""
    if not content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content
    text = content.decode("utf-16", errors="replace")
    return _ENCODING_DECLARATION.sub(r"\1utf-8\2", text, count=1).encode("utf-8")


def _http_url(value: object, base: str | None) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    resolved = urljoin(base or "", value.strip())
    parts = urlsplit(resolved)
    return resolved if parts.scheme in ("http", "https") and parts.netloc else None


def _text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


__all__ = [
    "DEFAULT_MAX_ENTRIES",
    "Discovered",
    "DocumentKind",
    "Entry",
    "advertised_feeds",
    "detect_kind",
    "gunzip_capped",
    "parse_date",
    "parse_feed",
    "parse_sitemap",
    "read_document",
    "refuse_entity_declarations",
]
