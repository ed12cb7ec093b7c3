"""The site's queries: what every page and its JSON twin show, computed once here.

:class:`Site` wraps a :class:`~newsdesk.storage.base.Store` (any backend) and answers with plain
JSON-able dicts (cards, pages of cards) or records; ``pages.py`` renders them, ``api.py`` returns
them. The list of recent articles behind the front page, the navigation and "Explore" is kept for
``RECENT_TTL`` seconds, and each article's Recommended / Read more picks (with its story box) for
``RELATED_TTL`` seconds (at most ``RELATED_CACHE`` articles); what each listed article's syndicated
copies are is kept for ``RECENT_TTL`` seconds; writes through the API drop all of them at once.

Stories (the store's story threads) and syndication (articles stored as copies of one original)
are read here too: :meth:`Site.stories`, :meth:`Site.story`, :meth:`Site.syndication`. A backend
without the threads section has no stories: the pages say so instead of failing.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from datetime import UTC, datetime
from datetime import time as dtime
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from starlette.exceptions import HTTPException

from newsdesk.config import Settings
from newsdesk.models import Article
from newsdesk.storage.base import QueryError, SearchQuery, Source, Store, ThreadSummary
from newsdesk.web import related
from newsdesk.web.cards import article_path, card, card_from_hit, decode_cursor, page_of, section_path, slugify
from newsdesk.web.sanitize import highlight

RECENT_TTL = 10.0
RELATED_TTL = 60.0
RELATED_CACHE = 4096
RECENT_COUNT = 200
TOP_STORIES = 5
RAIL_SIZE = 4
FACET_WINDOW = 200
MARK = ("\ue000", "\ue001")  # around matches in snippets: private-use characters no page holds
SYNDICATION_CACHE = 8192
FRONT_STORIES = 3
STORY_MEMBERS = 300  # a story page lists and charts its first this many articles


class Site:
    """The reader site's data over one store."""

    def __init__(self, settings: Settings, store: Store) -> None:
        self.settings = settings
        self.store = store
        self._lock = threading.Lock()
        self._recent: list[Article] = []
        self._recent_at = -RECENT_TTL
        self._related: OrderedDict[tuple[str, str], tuple[float, dict[str, Any]]] = OrderedDict()
        self._syndication: OrderedDict[tuple[str, bool], tuple[float, dict[str, Any] | None]] = OrderedDict()
        self._extras: dict[str, str | None] | None = None
        self._stories: list[dict[str, Any]] = []
        self._stories_at = -RECENT_TTL

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
            self._syndication.clear()
            self._stories_at = -RECENT_TTL

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
        top = self.with_syndication([card(a) for a in recent[:TOP_STORIES]])
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
        for rail in rails.values():
            self.with_syndication(rail["articles"])
        return {
            "top": top,
            "stories": self.latest_stories(),
            "sections": list(rails.values()),
            "explore": related.explore(recent),
        }

    def latest_stories(self) -> list[dict[str, Any]]:
        """The most recently active stories (FRONT_STORIES), for the front page; kept RECENT_TTL seconds."""
        if not self.has_stories():
            return []
        with self._lock:
            if time.monotonic() - self._stories_at < RECENT_TTL:
                return self._stories
        found = [story_summary(t) for t in self.store.list_threads(min_size=2, limit=FRONT_STORIES)]  # type: ignore[attr-defined]
        with self._lock:
            self._stories, self._stories_at = found, time.monotonic()
        return found

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
            thread_id, members = related.story_of(self.store, article)
            in_thread = [m.article_id for m in members]
            picks = {
                "recommended": [
                    p.to_dict()
                    for p in related.recommend(self.store, article, recent=self.recent()[:20], exclude=in_thread)
                ],
                "read_more": [r.to_dict() for r in related.read_more(self.store, article, members=members)],
                "story": self._story_box(article, thread_id, members),
                "syndication": self.syndication(article.id),
                "extras": self.extras(),
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
                self.with_syndication(items)
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
        self.with_syndication(items)
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
        self.with_syndication(result["items"])
        result["facets"] = _facets(window, section=section, source=source, store=self.store)
        return result

    def sources(self) -> list[dict[str, Any]]:
        return [source_dict(s) for s in self.store.list_sources()]

    # --- syndication -------------------------------------------------------------------------------

    def syndication(self, article_id: str, *, listed: bool = False) -> dict[str, Any] | None:
        """How a syndicated story is carried, for the article ``article_id`` (an original or one of
        its copies); None when it has no copies. ``original`` (id, headline, site_name, path: the
        earliest, which the copies point at), ``agency`` (the wire named by any of them), ``outlets``
        (every carrier in time order: id, site_name, path, published_at, original), ``also`` (the
        outlets other than this article's), ``copies`` (how many) and ``text``: "Also carried by
        Brightwater Times, Orrin Public Radio; original: Tideway World (agency: AFP)"."""
        now = time.monotonic()
        with self._lock:
            cached = self._syndication.get((article_id, listed))
            if cached and now - cached[0] < RECENT_TTL:
                return cached[1]
        value = self._syndication_of(article_id, listed=listed)
        with self._lock:
            self._syndication[(article_id, listed)] = (now, value)
            while len(self._syndication) > SYNDICATION_CACHE:
                self._syndication.popitem(last=False)
        return value

    def _syndication_of(self, article_id: str, *, listed: bool = False) -> dict[str, Any] | None:
        if listed and not self.store.duplicates_of(article_id):
            return None  # lists hold originals only: no copies, nothing to say (one query, not two)
        article = self.store.get_article(article_id)
        if article is None:
            return None
        root = self.store.get_article(article.duplicate_of) if article.duplicate_of else article
        if root is None:
            return None
        copies = [c for cid in self.store.duplicates_of(root.id) if (c := self.store.get_article(cid)) is not None]
        if not copies:
            return None
        outlets: list[dict[str, Any]] = []
        for a in [root, *copies]:
            when = a.published_at or a.fetched_at
            outlets.append(
                {
                    "id": a.id,
                    "site_name": _outlet(a),
                    "path": article_path(a.id),
                    "published_at": when.isoformat() if when else None,
                    "original": a.id == root.id,
                }
            )
        agency = root.agency or next((c.agency for c in copies if c.agency), None)
        own = _outlet(article)
        also = list(dict.fromkeys(o["site_name"] for o in outlets if o["id"] != article.id and o["site_name"] != own))
        original = {"id": root.id, "headline": root.headline, "site_name": _outlet(root), "path": article_path(root.id)}
        text = ("Also carried by " + ", ".join(also)) if also else "Carried only by " + own
        text += f"; original: {original['site_name']}"
        if agency:
            text += f" (agency: {agency})"
        return {
            "original": original,
            "agency": agency,
            "outlets": outlets,
            "also": also,
            "copies": len(copies),
            "text": text,
        }

    def with_syndication(self, cards: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Set each card's ``syndication`` (see :meth:`syndication`; None for a story carried once)."""
        for c in cards:
            c["syndication"] = self.syndication(c["id"], listed=True)
        return cards

    # --- optional extras --------------------------------------------------------------------------

    def extras(self) -> dict[str, str | None]:
        """What is off: ``{"entities": reason or None, "semantic": reason or None}`` (None = on).
        Asked once per app: the answer only changes when packages are installed or removed."""
        if self._extras is None:
            semantic = _status("semantic")
            if semantic is None and getattr(self.settings, "similarity", "default") == "default":
                semantic = (
                    "semantic similarity is off: NEWSDESK_SIMILARITY is 'default' (set it to auto or semantic"
                    " to blend in sentence embeddings)"
                )
            self._extras = {"entities": _status("entities"), "semantic": semantic}
        return dict(self._extras)

    # --- stories ----------------------------------------------------------------------------------

    def has_stories(self) -> bool:
        return all(hasattr(self.store, name) for name in ("list_threads", "get_thread", "thread_members"))

    def _story_box(self, article: Article, thread_id: str | None, members: list[Any]) -> dict[str, Any] | None:
        """The article page's story box: which story the article is part of, and why it was placed."""
        if thread_id is None:
            return None
        summary = self.store.get_thread(thread_id)  # type: ignore[attr-defined]
        if summary is None:
            return None
        root = article.duplicate_of or article.id
        mine = next((m for m in members if m.article_id == root), None)
        position = [m.article_id for m in members].index(root) + 1 if mine else None
        return {
            **story_summary(summary),
            "position": position,
            "reason": mine.reason if mine else None,
            "score": round(mine.score, 4) if mine else None,
        }

    def stories(self, *, limit: int, cursor: str | None, since: datetime | None = None) -> dict[str, Any]:
        """Story threads of two articles or more, most recently active first."""
        offset = decode_cursor(cursor)
        result: dict[str, Any] = {"items": [], "next_cursor": None, "limit": limit, "extras": self.extras()}
        if not self.has_stories():
            result["off"] = "this store has no story threads"
            return result
        found = self.store.list_threads(since=since, min_size=2, limit=limit + 1, offset=offset)  # type: ignore[attr-defined]
        result["items"], result["next_cursor"] = page_of([story_summary(t) for t in found], limit=limit, offset=offset)
        result["off"] = None
        return result

    def story(self, thread_id: str) -> dict[str, Any]:
        """A story thread: its summary, its articles in time order (cards with why each joined and
        how it is syndicated), and the timeline's counts per day and source (copies included)."""
        from newsdesk.web.timeline import timeline

        found = self.store.get_thread(thread_id) if self.has_stories() and len(thread_id) <= 128 else None  # type: ignore[attr-defined]
        if found is None:
            raise HTTPException(404, f"no story {thread_id!r}")
        members = self.store.thread_members(thread_id)  # type: ignore[attr-defined]
        items: list[dict[str, Any]] = []
        points: list[tuple[datetime | None, str | None]] = []
        for m in members[:STORY_MEMBERS]:
            a = self.store.get_article(m.article_id)
            if a is None:
                continue
            c = card(a)
            c["joined"] = {
                "reason": m.reason,
                "score": round(m.score, 4),
                "matched_article_id": m.matched_article_id,
            }
            syn = self.syndication(a.id)
            c["syndication"] = syn
            items.append(c)
            points.append((a.published_at or a.fetched_at, _outlet(a)))
            for outlet in (syn or {}).get("outlets", []):
                if not outlet["original"]:
                    when = datetime.fromisoformat(outlet["published_at"]) if outlet["published_at"] else None
                    points.append((when, outlet["site_name"]))
        data = timeline(points)
        return {
            "story": story_summary(found),
            "items": items,
            "copies": sum((c["syndication"] or {}).get("copies", 0) for c in items),
            "timeline": data.to_dict(),
            "extras": self.extras(),
        }


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


def story_summary(summary: ThreadSummary) -> dict[str, Any]:
    """A ThreadSummary as the pages and the API show it."""
    return {**summary.to_dict(), "path": story_path(summary.id), "api_path": "/api" + story_path(summary.id)}


def story_path(thread_id: str) -> str:
    return f"/stories/{quote(thread_id, safe='')}"


def _outlet(article: Article) -> str:
    """The outlet's name: the site name, else the host."""
    if article.site_name:
        return article.site_name
    host = urlsplit(article.url).hostname if article.url else None
    return host.removeprefix("www.") if host else "Unknown source"


def _status(extra: str) -> str | None:
    """entities_status() / semantic_status() from the enrich package; a missing module says so."""
    try:
        if extra == "entities":
            from newsdesk.enrich.entities import entities_status

            return entities_status()
        from newsdesk.enrich.semantic import semantic_status

        return semantic_status()
    except ImportError as exc:
        what = "entities are" if extra == "entities" else "semantic similarity is"
        return f"{what} off: newsdesk.enrich.{extra} could not be imported ({exc})"


def source_dict(source: Source) -> dict[str, Any]:
    return {**source.to_dict(), "path": f"/sources/{source.id}"}


__all__ = ["Site", "source_dict", "story_path", "story_summary"]
