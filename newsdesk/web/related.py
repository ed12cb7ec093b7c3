"""Recommended and Read more picks for an article, each with the reason it was picked.

- **Recommended**: candidates come from the store's full-text search over the article's key terms
  (headline words, names first) and from the latest articles of its section. Each is scored:
  shared headline terms, search rank, same section, and freshness (how close in time the two
  articles are). Picks are taken best first, at most one per source (site) while other sources
  still have candidates; only then does a second pick from one source come in.
- **Read more**: the source page's own read-more links (``related_links``). Each is resolved to an
  article on this site when one is stored under its URL or headline; else it links to the page's
  URL (http(s) only); else, with no address at all, to a search for its title here.
- **Explore**: the latest articles across sections, one per section in turn.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from newsdesk.models import Article
from newsdesk.storage.base import QueryError, SearchQuery, Store
from newsdesk.web.cards import article_path, card, card_from_hit, source_key
from newsdesk.web.sanitize import safe_url

DEFAULT_RECOMMENDED = 4
MAX_TERMS = 4  # each OR-ed term costs ~2 ms of FTS5 doclist work at 100k articles
SEARCH_CANDIDATES = 30
SECTION_CANDIDATES = 12
FRESHNESS_DAYS = 7.0
WINDOW_DAYS_BEFORE = 30  # Recommended candidates come from this many days before the article...
WINDOW_DAYS_AFTER = 7  # ...to this many after
RANK_WINDOW = 300  # and only the newest this many matches of the window are ranked
_WORD = re.compile(r"[^\W\d_][\w'’-]*[\w]|[^\W\d_]", re.UNICODE)
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers him his how i if in into is it its itself just me more most my new no
    nor not now of off on once only or other our out over own same says said she should so some such
    than that the their them then there these they this those through to too under until up very was we
    were what when where which while who whom why will with would you your amid after ahead week weeks
    year years day days over under near first last says told""".split()  # noqa: SIM905
)


@dataclass(frozen=True, slots=True)
class Pick:
    """One recommended article: its card, why it was picked, and its score (higher is better)."""

    card: dict[str, Any]
    reason: str
    score: float
    source: str

    def to_dict(self) -> dict[str, Any]:
        return {**self.card, "reason": self.reason, "score": round(self.score, 4)}


@dataclass(frozen=True, slots=True)
class ReadMore:
    """A read-more link of the source page, resolved for this site."""

    title: str
    href: str
    reason: str
    article_id: str | None = None  # set when the link leads to an article stored here
    external: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "href": self.href,
            "reason": self.reason,
            "article_id": self.article_id,
            "external": self.external,
        }


def key_terms(article: Article) -> list[str]:
    """The headline's distinctive words (names and long words first), at most MAX_TERMS."""
    words = _WORD.findall(article.headline or "")
    seen: set[str] = set()
    names: list[str] = []
    others: list[str] = []
    for word in words:
        low = word.lower()
        if low in STOPWORDS or len(low) < 3 or low in seen:
            continue
        seen.add(low)
        (names if word[0].isupper() else others).append(word)
    return (names + others)[:MAX_TERMS]


def recommend(
    store: Store, article: Article, *, limit: int = DEFAULT_RECOMMENDED, recent: Sequence[Article] = ()
) -> list[Pick]:
    """Up to ``limit`` articles to read next, best first, with reasons; when too few are related,
    the rest are the freshest of ``recent`` ("Recent news")."""
    own_id = article.id
    own_headline = _norm(article.headline)
    candidates: dict[str, dict[str, Any]] = {}

    def consider(cid: str, c: dict[str, Any], key: str, when: datetime | None) -> dict[str, Any] | None:
        if cid == own_id or (own_headline and _norm(c.get("headline")) == own_headline):
            return None
        entry = candidates.setdefault(cid, {"card": c, "source": key, "when": when, "shared": [], "rank": 0.0})
        return entry

    terms = key_terms(article)
    when = article.published_at or article.fetched_at
    if terms:
        # Candidates from the weeks around the article only: what a reader wants next is fresh, and the
        # window keeps the cost flat however large the archive (the store walks it as a rowid range).
        window = (when - timedelta(days=WINDOW_DAYS_BEFORE), when + timedelta(days=WINDOW_DAYS_AFTER)) if when else (None, None)
        query = SearchQuery(
            text=" OR ".join(f'"{t}"' for t in terms),
            since=window[0],
            until=window[1],
            limit=SEARCH_CANDIDATES,
            rank_window=RANK_WINDOW,
        )
        try:
            hits = store.search(query).hits
        except QueryError:
            hits = ()
        for rank, hit in enumerate(hits):
            entry = consider(
                hit.article_id, card_from_hit(hit), source_key(hit.site_name, hit.url, hit.source_id), hit.published_at
            )
            if entry is None:
                continue
            headline = _norm(hit.headline)
            entry["shared"] = [t for t in terms if re.search(rf"\b{re.escape(t.lower())}\b", headline)]
            entry["rank"] = 1.0 - rank / max(len(hits), 1)
    if article.section:
        for other in store.list_articles(section=article.section, limit=SECTION_CANDIDATES):
            entry = consider(
                other.id,
                card(other),
                source_key(other.site_name, other.url, other.source_id),
                other.published_at or other.fetched_at,
            )
            if entry is not None:
                entry["card"] = card(other)  # the fuller card (standfirst, reading time)
    picks = [_score(entry, article.section, when) for entry in candidates.values()]
    picks = [p for p in picks if p is not None]
    picks.sort(key=lambda p: p.score, reverse=True)
    chosen = diversify(picks, limit)
    taken = {p.card["id"] for p in chosen} | {own_id}
    for other in recent:
        if len(chosen) >= limit:
            break
        if other.id not in taken and _norm(other.headline) != own_headline:
            taken.add(other.id)
            key = source_key(other.site_name, other.url, other.source_id)
            chosen.append(Pick(card=card(other), reason="Recent news", score=0.0, source=key))
    return chosen


def _score(entry: dict[str, Any], section: str | None, when: datetime | None) -> Pick | None:
    c = entry["card"]
    shared: list[str] = entry["shared"]
    same_section = bool(section) and (c.get("section") or "").lower() == (section or "").lower()
    if not shared and not same_section:
        return None  # matched only on body words: too weak to explain
    freshness = 0.0
    if when is not None and entry["when"] is not None:
        days = abs((when - entry["when"]).total_seconds()) / 86400
        freshness = 1.0 / (1.0 + days / FRESHNESS_DAYS)
    score = 1.0 * len(shared) + 0.5 * entry["rank"] + (1.0 if same_section else 0.0) + freshness
    reasons: list[str] = []
    if shared:
        reasons.append("Shares " + ", ".join(f"‘{t}’" for t in shared[:3]) + " with this story")
    if same_section:
        reasons.append(f"Also in {c['section']}")
    if freshness >= 0.5:
        reasons.append("published around the same time")
    reason = "; ".join(reasons)
    return Pick(card=c, reason=reason[:1].upper() + reason[1:], score=score, source=entry["source"])


def diversify(picks: list[Pick], limit: int) -> list[Pick]:
    """Best first, at most one per source while picks from other sources remain."""
    chosen: list[Pick] = []
    used: set[str] = set()
    for pick in picks:
        if len(chosen) >= limit:
            break
        if pick.source not in used:
            chosen.append(pick)
            used.add(pick.source)
    for pick in picks:
        if len(chosen) >= limit:
            break
        if pick not in chosen:
            chosen.append(pick)
    chosen.sort(key=lambda p: p.score, reverse=True)
    return chosen


def read_more(store: Store, article: Article) -> list[ReadMore]:
    """The page's read-more links, resolved to articles here where they are stored."""
    out: list[ReadMore] = []
    for link in article.related_links:
        if link.kind not in (None, "read-more", "also-read", "related") or not link.title:
            continue
        out.append(_resolve(store, link.title, link.url, own_id=article.id))
    return out


def _resolve(store: Store, title: str, url: str | None, *, own_id: str) -> ReadMore:
    external = safe_url(url)
    if external:
        stored = store.get_article(Article(input="", url=external).id)
        if stored is not None and stored.id != own_id:
            return ReadMore(
                title=title,
                href=article_path(stored.id),
                article_id=stored.id,
                reason="The source page links this story, which is stored here",
            )
    try:
        hits = store.search(SearchQuery(text=title, limit=5)).hits
    except QueryError:
        hits = ()
    wanted = _norm(title)
    for hit in hits:
        if hit.article_id != own_id and wanted and wanted in _norm(hit.headline):
            return ReadMore(
                title=title,
                href=article_path(hit.article_id),
                article_id=hit.article_id,
                reason="The source page links a story of this headline, stored here",
            )
    if external:
        return ReadMore(title=title, href=external, external=True, reason="The source page's own read-more link")
    return ReadMore(
        title=title,
        href="/search?" + urlencode({"q": title}),
        reason="The source page's read-more link had no address: search for its headline here",
    )


def explore(recent: list[Article], *, exclude: str | None = None, limit: int = 8) -> list[dict[str, Any]]:
    """The latest articles across sections: the newest of each section in turn."""
    by_section: dict[str, list[Article]] = {}
    for a in recent:
        if a.id != exclude:
            by_section.setdefault((a.section or "").lower(), []).append(a)
    out: list[dict[str, Any]] = []
    depth = 0
    while len(out) < limit and any(len(v) > depth for v in by_section.values()):
        for items in by_section.values():
            if depth < len(items) and len(out) < limit:
                out.append(card(items[depth]))
        depth += 1
    return out


def _norm(value: str | None) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", (value or "").lower()).split())


__all__ = ["Pick", "ReadMore", "diversify", "explore", "key_terms", "read_more", "recommend"]
