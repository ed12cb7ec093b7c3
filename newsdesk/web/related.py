"""Recommended and Read more picks for an article, each with the reason it was picked.

- **Recommended**: candidates come from the store's full-text search over the article's key terms
  (headline words, names first) and from the latest articles of its section. Each is scored:
  shared headline terms, search rank, same section, and freshness (how close in time the two
  articles are). Picks are taken best first, at most one per source (site) while other sources
  still have candidates; only then does a second pick from one source come in.
  The article's own story thread is left out (those are "Read more"), as are its syndicated copies;
  a pick from another source than the article's own is preferred, and each reason says what the
  two share and where the pick comes from ("Also about Ossel Council and flooding, from Northgate
  Post"): shared entities when the store has them, else shared headline words, else the section.
- **Read more**: the source page's own read-more links (``related_links``, ``kind`` "page"). Each is
  resolved to an article on this site when one is stored under its URL or headline; else it links
  to the page's URL (http(s) only); else, with no address at all, to a search for its title here.
  Then the articles of the same story thread published before this one (``kind`` "thread"), latest
  first, at most one per source while others remain: "Same story, earlier: Ossel River rises...
  (The Harbour Times, 2 days before)". Threads come from the store's threads section when the
  backend has it (``thread_of``/``thread_members``); without it there are no thread picks.
- **Explore**: the latest articles across sections, one per section in turn.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
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
OWN_SOURCE_PENALTY = 0.75  # Recommended prefers other outlets than the article's own
ENTITY_CANDIDATES = 12  # the best this many candidates are re-scored by shared entities (a query each)
ENTITY_WEIGHT = 0.75
DEFAULT_EARLIER = 3  # "Read more" picks from the article's story thread
EARLIER_CANDIDATES = 12
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
    shared: tuple[str, ...] = ()  # what the two share (entity names or headline words), for the reason

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
    kind: str = "page"  # "page": the source page's own link; "thread": same story, earlier
    site_name: str | None = None
    published_at: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "href": self.href,
            "reason": self.reason,
            "article_id": self.article_id,
            "external": self.external,
            "kind": self.kind,
            "site_name": self.site_name,
            "published_at": self.published_at.isoformat() if self.published_at else None,
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


def story_of(store: Store, article: Article) -> tuple[str | None, list[Any]]:
    """The article's thread id and its memberships in time order (``(None, [])`` when the article
    is in no thread or the store has no threads section). A syndicated copy belongs to its
    original's thread."""
    if not hasattr(store, "thread_of"):
        return None, []
    root = article.duplicate_of or article.id
    membership = store.thread_of(root)  # type: ignore[attr-defined]
    if membership is None:
        return None, []
    return membership.thread_id, list(store.thread_members(membership.thread_id))  # type: ignore[attr-defined]


def recommend(
    store: Store,
    article: Article,
    *,
    limit: int = DEFAULT_RECOMMENDED,
    recent: Sequence[Article] = (),
    exclude: Iterable[str] = (),
) -> list[Pick]:
    """Up to ``limit`` articles to read next, best first, with reasons; when too few are related,
    the rest are the freshest of ``recent`` ("Recent news"). ``exclude``: ids never to pick (the
    article's own story thread)."""
    own_id = article.id
    own_headline = _norm(article.headline)
    own_source = source_key(article.site_name, article.url, article.source_id)
    banned = {own_id, *(exclude or ())}
    if article.duplicate_of:
        banned.add(article.duplicate_of)
    candidates: dict[str, dict[str, Any]] = {}

    def consider(cid: str, c: dict[str, Any], key: str, when: datetime | None) -> dict[str, Any] | None:
        if cid in banned or (own_headline and _norm(c.get("headline")) == own_headline):
            return None
        entry = candidates.setdefault(cid, {"card": c, "source": key, "when": when, "shared": [], "rank": 0.0})
        return entry

    terms = key_terms(article)
    when = article.published_at or article.fetched_at
    if terms:
        # Candidates from the weeks around the article only: what a reader wants next is fresh, and the
        # window keeps the cost flat however large the archive (the store walks it as a rowid range).
        window = (
            (when - timedelta(days=WINDOW_DAYS_BEFORE), when + timedelta(days=WINDOW_DAYS_AFTER))
            if when
            else (None, None)
        )
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
    picks = [_score(entry, article.section, when, own_source) for entry in candidates.values()]
    picks = [p for p in picks if p is not None]
    picks.sort(key=lambda p: p.score, reverse=True)
    picks = _with_entities(store, article, picks[:ENTITY_CANDIDATES], when, own_source) + picks[ENTITY_CANDIDATES:]
    taken = set(banned) | {p.card["id"] for p in picks}
    filler: list[Pick] = []
    for other in recent:
        if other.id not in taken and _norm(other.headline) != own_headline:
            taken.add(other.id)
            key = source_key(other.site_name, other.url, other.source_id)
            site = f" from {other.site_name}" if other.site_name else ""
            filler.append(Pick(card=card(other), reason=f"Recent news{site}", score=0.0, source=key))
    return choose(picks, filler, limit)


def choose(picks: list[Pick], filler: Sequence[Pick], limit: int) -> list[Pick]:
    """Up to ``limit`` picks, at most one per source while any source is unused: the best related
    pick of each source first, then fresh news from sources not yet in the rail, and only then a
    second pick from a source already there (related before fresh)."""
    out: list[Pick] = []
    used: set[str] = set()
    for pool in (picks, filler):
        for pick in pool:
            if len(out) < limit and pick.source not in used:
                out.append(pick)
                used.add(pick.source)
    for pool in (picks, filler):
        for pick in pool:
            if len(out) < limit and pick not in out:
                out.append(pick)
    return out


def _freshness(when: datetime | None, other: datetime | None) -> float:
    if when is None or other is None:
        return 0.0
    days = abs((when - other).total_seconds()) / 86400
    return 1.0 / (1.0 + days / FRESHNESS_DAYS)


def _score(entry: dict[str, Any], section: str | None, when: datetime | None, own_source: str) -> Pick | None:
    c = entry["card"]
    shared: list[str] = entry["shared"]
    same_section = bool(section) and (c.get("section") or "").lower() == (section or "").lower()
    if not shared and not same_section:
        return None  # matched only on body words: too weak to explain
    freshness = _freshness(when, entry["when"])
    score = 1.0 * len(shared) + 0.5 * entry["rank"] + (1.0 if same_section else 0.0) + freshness
    if entry["source"] == own_source:
        score -= OWN_SOURCE_PENALTY  # another outlet's view is worth more than more of the same outlet
    return Pick(
        card=c,
        reason=_reason(c, tuple(shared), same_section, when, entry["when"]),
        score=score,
        source=entry["source"],
        shared=tuple(shared),
    )


def _reason(
    c: dict[str, Any], shared: Sequence[str], same_section: bool, when: datetime | None, other: datetime | None
) -> str:
    """ "Also about Ossel Council and flooding, from Northgate Post, 2 days later"."""
    site = c.get("site_name")
    if shared:
        named = list(shared[:3])
        topics = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
        reason = f"Also about {topics}"
    elif same_section and c.get("section"):
        reason = f"Also in {c['section']}"
    else:
        reason = "Related"
    if site:
        reason += f", from {site}"
    gap = _gap(other, when) if when and other else None
    if gap:
        reason += f", {gap}"
    return reason


def _gap(when: datetime | None, reference: datetime | None) -> str | None:
    """How ``when`` stands to ``reference``: "2 days before", "the day after", "the same day"."""
    if when is None or reference is None:
        return None
    days = (when.date() - reference.date()).days
    if days == 0:
        return "the same day"
    word = "before" if days < 0 else "after"
    n = abs(days)
    return f"the day {word}" if n == 1 else f"{n} days {word}"


def _with_entities(
    store: Store, article: Article, picks: list[Pick], when: datetime | None, own_source: str
) -> list[Pick]:
    """Re-score and re-explain the best picks by the entities they share with ``article``, when the
    store has an entities section and the article has entities; else ``picks`` as they are."""
    if not picks or not hasattr(store, "entities_of"):
        return picks
    try:
        own = {e.key: e.name for e in store.entities_of(article.id)}  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 -- entities are an optional layer: without them the picks stand as they are
        return picks
    if not own:
        return picks
    out: list[Pick] = []
    for pick in picks:
        keys = [e.key for e in store.entities_of(pick.card["id"])]  # type: ignore[attr-defined]
        names = [own[k] for k in keys if k in own]
        if not names:
            out.append(pick)
            continue
        shared = tuple(dict.fromkeys([*names[:3], *pick.shared]))[:3]
        when_other = datetime.fromisoformat(pick.card["published_at"]) if pick.card.get("published_at") else None
        same_section = bool(article.section) and (pick.card.get("section") or "").lower() == article.section.lower()
        out.append(
            Pick(
                card=pick.card,
                reason=_reason(pick.card, shared, same_section, when, when_other),
                score=pick.score + ENTITY_WEIGHT * min(len(names), 3),
                source=pick.source,
                shared=shared,
            )
        )
    out.sort(key=lambda p: p.score, reverse=True)
    return out


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


def read_more(
    store: Store, article: Article, *, members: Sequence[Any] = (), limit: int = DEFAULT_EARLIER
) -> list[ReadMore]:
    """The page's read-more links, resolved to articles here where they are stored, then up to
    ``limit`` earlier articles of the article's story thread (``members``: its memberships in time
    order, from :func:`story_of`), latest first, one per source while others remain."""
    out: list[ReadMore] = []
    for link in article.related_links:
        if link.kind not in (None, "read-more", "also-read", "related") or not link.title:
            continue
        out.append(_resolve(store, link.title, link.url, own_id=article.id))
    out.extend(earlier_in_thread(store, article, members, limit=limit, skip={r.article_id for r in out}))
    return out


def earlier_in_thread(
    store: Store,
    article: Article,
    members: Sequence[Any],
    *,
    limit: int = DEFAULT_EARLIER,
    skip: Iterable[str | None] = (),
) -> list[ReadMore]:
    """The thread's articles published before ``article``: "Same story, earlier: ...", with the
    outlet and how long before. At most one per source while other sources remain."""
    root = article.duplicate_of or article.id
    ids = [m.article_id for m in members]
    if root not in ids:
        return []
    when = article.published_at or article.fetched_at
    banned = {root, article.id, *skip}
    before = [i for i in ids[: ids.index(root)] if i not in banned]
    found: list[ReadMore] = []
    for aid in reversed(before[-EARLIER_CANDIDATES:]):
        other = store.get_article(aid)
        if other is None:
            continue
        other_when = other.published_at or other.fetched_at
        if when and other_when and other_when > when:
            continue  # placed earlier in the thread but dated later: not "earlier"
        headline = other.headline or "(no headline)"
        short = headline if len(headline) <= 60 else headline[:57].rstrip() + "..."
        where = ", ".join(x for x in (other.site_name, _gap(other_when, when)) if x)
        found.append(
            ReadMore(
                title=headline,
                href=article_path(other.id),
                article_id=other.id,
                reason=f"Same story, earlier: {short}" + (f" ({where})" if where else ""),
                kind="thread",
                site_name=other.site_name,
                published_at=other_when,
            )
        )
    chosen: list[ReadMore] = []
    used: set[str] = set()
    for item in found:  # latest first, a new source each time while others remain...
        key = (item.site_name or "").lower()
        if len(chosen) < limit and key not in used:
            chosen.append(item)
            used.add(key)
    for item in found:  # ...then fill up
        if len(chosen) < limit and item not in chosen:
            chosen.append(item)
    chosen.sort(key=lambda r: r.published_at.timestamp() if r.published_at else 0.0, reverse=True)
    return chosen


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


__all__ = [
    "Pick",
    "ReadMore",
    "choose",
    "diversify",
    "earlier_in_thread",
    "explore",
    "key_terms",
    "read_more",
    "recommend",
    "story_of",
]
