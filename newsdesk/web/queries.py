"""The site's queries: what every page and its JSON twin show, computed once here.

:class:`Site` wraps a :class:`~newsdesk.storage.base.Store` (any backend) and answers with plain
JSON-able dicts (cards, pages of cards) or records; ``pages.py`` renders them, ``api.py`` returns
them. The list of recent articles behind the front page, the navigation and "Explore" is kept for
``RECENT_TTL`` seconds, and each article's Recommended / Read more picks for ``RELATED_TTL`` seconds
(at most ``RELATED_CACHE`` articles); writes through the API drop both at once.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from datetime import UTC, datetime
from datetime import time as dtime
from typing import Any
from urllib.parse import unquote

from starlette.exceptions import HTTPException

from newsdesk.config import Settings
from newsdesk.models import Article
from newsdesk.storage.base import QueryError, SearchQuery, Source, Store
from newsdesk.web import related
from newsdesk.web.cards import card, card_from_hit, decode_cursor, page_of, section_path, slugify
from newsdesk.web.sanitize import highlight

RECENT_TTL = 10.0
RELATED_TTL = 60.0
RELATED_CACHE = 4096
RECENT_COUNT = 200
TOP_STORIES = 5
RAIL_SIZE = 4
FACET_WINDOW = 200
MARK = ("\ue000", "\ue001")  # around matches in snippets: private-use characters no page holds


class Site:
    """The reader site's data over one store."""

    def __init__(self, settings: Settings, store: Store) -> None:
        self.settings = settings
        self.store = store
        self._lock = threading.Lock()
        self._recent: list[Article] = []
        self._recent_at = -RECENT_TTL
        self._related: OrderedDict[tuple[str, str], tuple[float, dict[str, Any]]] = OrderedDict()

    # --- cached recent articles ---------------------------------------------------------------

    def recent(self) -> list[Article]:
        with self._lock:
            if time.monotonic() - self._recent_at >= RECENT_TTL:
                self._recent = self.store.list_articles(limit=RECENT_COUNT)
                self._recent_at = time.monotonic()
            return self._recent

    def invalidate(self) -> None:
        with self._lock:
            self._recent_at = -RECENT_TTL
            self._related.clear()

    def sections(self) -> list[dict[str, str]]:
        """Sections of the recent articles, most recently updated first: name, slug, path."""
        seen: dict[str, dict[str, str]] = {}
        for a in self.recent():
            if a.section and slugify(a.section) not in seen:
                seen[slugify(a.section)] = {
                    "name": a.section,
                    "slug": slugify(a.section),
                    "path": section_path(a.section),
                }
        return list(seen.values())

    # --- pages --------------------------------------------------------------------------------

    def front(self) -> dict[str, Any]:
        recent = self.recent()
        top = [card(a) for a in recent[:TOP_STORIES]]
        rails: dict[str, dict[str, Any]] = {}
        for a in recent:
            if not a.section:
                continue
            rail = rails.setdefault(
                slugify(a.section),
                {"name": a.section, "slug": slugify(a.section), "path": section_path(a.section), "articles": []},
            )
            if len(rail["articles"]) < RAIL_SIZE:
                rail["articles"].append(card(a))
        return {"top": top, "sections": list(rails.values()), "explore": related.explore(recent)}

    def article(self, article_id: str) -> Article:
        found = self.store.get_article(article_id) if len(article_id) <= 64 else None
        if found is None:
            raise HTTPException(404, f"no article {article_id!r}")
        return found

    def related(self, article: Article) -> dict[str, Any]:
        """Recommended, Read more and Explore for ``article``. The first two cost a search each (the
        better part of an article page), so they are kept a minute per article and revision."""
        key = (article.id, article.text[:64] + str(len(article.text)))
        with self._lock:
            cached = self._related.get(key)
            if cached and time.monotonic() - cached[0] < RELATED_TTL:
                self._related.move_to_end(key)
                picks = cached[1]
            else:
                picks = None
        if picks is None:
            picks = {
                "recommended": [p.to_dict() for p in related.recommend(self.store, article, recent=self.recent()[:20])],
                "read_more": [r.to_dict() for r in related.read_more(self.store, article)],
            }
            with self._lock:
                self._related[key] = (time.monotonic(), picks)
                while len(self._related) > RELATED_CACHE:
                    self._related.popitem(last=False)
        return {**picks, "explore": related.explore(self.recent(), exclude=article.id)}

    def articles(self, *, limit: int, cursor: str | None) -> dict[str, Any]:
        offset = decode_cursor(cursor)
        found = self.store.list_articles(limit=limit + 1, offset=offset)
        items, next_cursor = page_of([card(a) for a in found], limit=limit, offset=offset)
        return {"items": items, "next_cursor": next_cursor, "limit": limit}

    def section(self, slug: str, *, limit: int, cursor: str | None) -> dict[str, Any]:
        offset = decode_cursor(cursor)
        name = next((s["name"] for s in self.sections() if s["slug"] == slug), None)
        candidates = [name] if name else []
        candidates += [slug.replace("-", " "), slug]
        for candidate in candidates:
            found = self.store.list_articles(section=candidate, limit=limit + 1, offset=offset)
            if found:
                items, next_cursor = page_of([card(a) for a in found], limit=limit, offset=offset)
                section = {"name": found[0].section, "slug": slug, "path": section_path(found[0].section or slug)}
                return {"section": section, "items": items, "next_cursor": next_cursor, "limit": limit}
        raise HTTPException(404, f"no section {slug!r}")

    def source(self, source_id: int, *, limit: int, cursor: str | None) -> dict[str, Any]:
        offset = decode_cursor(cursor)
        found = self.store.get_source(source_id)
        if found is None:
            raise HTTPException(404, f"no source {source_id}")
        articles = self.store.list_articles(source_id=source_id, limit=limit + 1, offset=offset)
        items, next_cursor = page_of([card(a) for a in articles], limit=limit, offset=offset)
        return {"source": source_dict(found), "items": items, "next_cursor": next_cursor, "limit": limit}

    def author(self, name: str, *, limit: int, cursor: str | None) -> dict[str, Any]:
        offset = decode_cursor(cursor)
        name = " ".join(unquote(name).split())[:200]
        query = SearchQuery(text=f'"{name.replace(chr(34), " ")}"', author=name, limit=limit + 1, offset=offset)
        try:
            hits = self.store.search(query).hits
        except QueryError:
            hits = ()
        cards = [card_from_hit(h) for h in hits if any(name.lower() == a.lower() for a in h.authors)]
        if not cards and offset == 0:
            raise HTTPException(404, f"no articles by {name!r}")
        items, next_cursor = page_of(cards, limit=limit, offset=offset)
        return {"author": name, "items": items, "next_cursor": next_cursor, "limit": limit}

    def search(
        self,
        q: str,
        *,
        section: str | None = None,
        source: int | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int,
        cursor: str | None,
    ) -> dict[str, Any]:
        offset = decode_cursor(cursor)
        filters = {"section": section or None, "source": source, "since": since or None, "until": until or None}
        result: dict[str, Any] = {
            "query": q,
            "filters": filters,
            "items": [],
            "facets": {"section": [], "source": []},
            "next_cursor": None,
            "limit": limit,
        }
        if not q.strip():
            return result
        since_at, until_at = _day(since, "since", end=False), _day(until, "until", end=True)
        base = SearchQuery(text=q, since=since_at, until=until_at, limit=FACET_WINDOW, highlight=MARK)
        try:
            window = self.store.search(base).hits
            page = self.store.search(
                SearchQuery(
                    text=q,
                    section=section or None,
                    source_id=source,
                    since=since_at,
                    until=until_at,
                    limit=limit + 1,
                    offset=offset,
                    highlight=MARK,
                )
            ).hits
        except QueryError as exc:
            raise HTTPException(400, str(exc)) from None
        items = [
            {
                **card_from_hit(h),
                "snippet": h.snippet.replace(MARK[0], "").replace(MARK[1], ""),
                "snippet_html": str(highlight(h.snippet, *MARK)),
                "score": round(h.score, 6),
            }
            for h in page
        ]
        result["items"], result["next_cursor"] = page_of(items, limit=limit, offset=offset)
        result["facets"] = _facets(window, section=section, source=source, store=self.store)
        return result

    def sources(self) -> list[dict[str, Any]]:
        return [source_dict(s) for s in self.store.list_sources()]


def _facets(hits: Any, *, section: str | None, source: int | None, store: Store) -> dict[str, list[dict[str, Any]]]:
    """Counts of the first FACET_WINDOW matches by section and by source (date filters applied)."""
    sections: dict[str, dict[str, Any]] = {}
    sources: dict[int, dict[str, Any]] = {}
    for h in hits:
        if h.section:
            entry = sections.setdefault(h.section.lower(), {"value": h.section, "count": 0})
            entry["count"] += 1
        if h.source_id is not None and (source is None or h.source_id == source):
            entry = sources.setdefault(h.source_id, {"value": h.source_id, "label": h.site_name, "count": 0})
            entry["count"] += 1
    for sid, entry in sources.items():
        if not entry["label"] and (found := store.get_source(sid)) is not None:
            entry["label"] = found.title or found.url
    for entry in sections.values():
        entry["selected"] = bool(section) and entry["value"].lower() == (section or "").lower()
    for entry in sources.values():
        entry["selected"] = entry["value"] == source

    def order(entry: dict[str, Any]) -> tuple[int, str]:
        return -entry["count"], str(entry.get("label") or entry["value"])

    return {"section": sorted(sections.values(), key=order), "source": sorted(sources.values(), key=order)}


def _day(value: str | None, name: str, *, end: bool) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise HTTPException(400, f"{name} has value {value!r}. Expected a date such as 2026-03-04.") from None
    if len(value.strip()) == 10 and end:
        parsed = datetime.combine(parsed.date(), dtime.max)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def source_dict(source: Source) -> dict[str, Any]:
    return {**source.to_dict(), "path": f"/sources/{source.id}"}


__all__ = ["Site", "source_dict"]
