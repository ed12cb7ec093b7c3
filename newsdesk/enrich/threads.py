"""Online story threads: each new article joins the thread it belongs to or starts one.

No re-clustering: placing an article reads a bounded neighbourhood and writes one membership.

1. **Candidates** come from the inverted index the Store keeps (``thread_postings``): the article's
   :meth:`~newsdesk.enrich.similarity.Profile.index_terms` (``t:`` + term) and entity keys
   (``e:`` + key), each looked up inside a time window of ``window_days`` either side of the
   article and capped at the newest ``per_term`` articles per term. The ``max_candidates`` sharing
   most index terms are scored. So the cost of placing one article is bounded by
   ``terms x per_term`` index rows and ``max_candidates`` profiles, whatever the size of the archive.
2. **Link score** between the newcomer and a candidate::

       link = similarity(a, b) * decay,   decay = 1 / (1 + |dt_days| / half_life_days)

   ``similarity`` is :func:`newsdesk.enrich.similarity.similarity` (term cosine, blended with
   entity overlap and, in semantic mode, the embedding cosine). Time decay makes a match a day
   apart count more than the same match ten days apart.
3. **Placement**: a thread's score is its best link (the article it matches best). The article
   joins the best thread scoring at least ``threshold``; none does -> it starts a thread (score
   1.0, reason "started the thread"). When the article also links a *second* thread at or above
   ``merge_threshold`` (a bridge: a story that ties two threads together), the threads are merged:
   the one whose first article is oldest keeps its id, the others' articles move to it and the
   merge is logged (``thread_merges``).
4. **Out-of-order arrival** (backfill, late feeds): the window reaches both backwards and forwards
   in time, so an article older than those already stored finds them and joins their thread; the
   thread's span and title follow (the title is the headline of the thread's earliest article,
   the story's first telling).
5. **Revisions**: an updated article gets a new profile and postings; it keeps its thread if it
   still links a member of it at ``threshold`` (or it is alone in it), else it is re-placed.
   Syndicated copies are never threaded; they show in their original's thread.

Every placement records its score, the matched article and a one-line reason ("shares flood,
ossel, river with 'River Ossel bursts its banks...' (0.62)").
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from newsdesk.enrich.similarity import Profile, explain, similarity
from newsdesk.storage.base import ThreadMembership

DAY = 86400.0


@dataclass(frozen=True, slots=True)
class ThreadParams:
    """The engine's knobs (defaults tuned on the demo newsroom and generated streams: bench/threads.py)."""

    threshold: float = 0.4  # a thread scoring at least this joins (terms only: no entities, no vectors)
    threshold_entities: float = 0.35  # ... when the article has entities (entity overlap lowers scores)
    threshold_semantic: float = 0.425  # ... when the article has a sentence embedding (semantic mode)
    merge_margin: float = 0.2  # a second thread scoring threshold + this is merged (a bridge)
    window_days: float = 10.0  # candidates are looked for this far either side in time
    half_life_days: float = 14.0  # time decay: a link this many days apart counts half
    per_term: int = 40  # newest articles read per index term
    index_terms: int = 12  # heaviest terms indexed and looked up per article
    max_candidates: int = 60  # candidates scored (those sharing most index terms)
    linkage: str = "both"  # thread score: "single" (best link), "centroid" (the thread as a whole), "both" (the better)
    centroid_floor: float = 0.8  # the centroid counts only when the best link reaches this share of the threshold
    entity_gate: float = 0.1  # share of a score that needs shared entities (see entity_factor)
    link_bonus: float = 0.15  # added to the link with an article this one links to ("Read more") or is linked from


@dataclass(frozen=True, slots=True)
class Neighbour:
    """A stored article near the newcomer: its profile, thread and time."""

    article_id: str
    thread_id: str | None
    sort_ts: float
    headline: str | None
    profile: Profile
    linked: bool = False  # one of the two links to the other ("Read more" links, either way)


@dataclass(frozen=True, slots=True)
class Placement:
    """What the engine decided for one article."""

    thread_id: str | None  # None: start a new thread
    score: float
    matched_article_id: str | None
    reason: str
    merge: tuple[str, ...] = ()  # other threads the article bridges (merged into the survivor)
    merge_score: float = 0.0


def content_terms(profile: Profile, n: int = 12) -> list[str]:
    """Content keys of the inverted index: an article's heaviest terms and its entities."""
    return [f"t:{t}" for t in profile.index_terms(n)] + [f"e:{key}" for key in sorted(profile.entities)]


def posting_terms(
    profile: Profile, n: int = 12, *, own_urls: Sequence[str] = (), linked_urls: Sequence[str] = ()
) -> list[str]:
    """The keys an article is filed under: content terms, ``u:`` its own URL keys (so articles
    linking to it find it) and ``l:`` the URL keys it links to (so a later-stored target finds it)."""
    return content_terms(profile, n) + [f"u:{u}" for u in own_urls] + [f"l:{u}" for u in linked_urls]


def link_terms(*, own_urls: Sequence[str] = (), linked_urls: Sequence[str] = ()) -> list[str]:
    """The keys looked up for explicit links: articles it links to, and articles linking to it."""
    return [f"u:{u}" for u in linked_urls] + [f"l:{u}" for u in own_urls]


def link_score(
    a: Profile, a_ts: float, b: Profile, b_ts: float, params: ThreadParams, *, linked: bool = False
) -> float:
    """How strongly two articles tie into one story: similarity with time decay, in [0, 1]; an
    explicit "Read more" link between them adds ``params.link_bonus`` (a bonus, not a verdict:
    outlets also link unrelated stories of their own)."""
    days = abs(a_ts - b_ts) / DAY
    score = similarity(a, b) * entity_factor(a, b, params) / (1.0 + days / params.half_life_days)
    return min(1.0, score + params.link_bonus) if linked else score


def entity_factor(a: Profile, b: Profile, params: ThreadParams) -> float:
    """When both articles have entities, a story needs some of them in common: the score is scaled
    by ``1 - g + g * min(1, shared / 2)`` (``g`` = ``params.entity_gate``): no shared entity costs
    ``g`` of the score, two or more cost nothing. Without entities on either side: 1."""
    if not params.entity_gate or not a.entities or not b.entities:
        return 1.0
    shared = len(a.entities & b.entities)
    return 1.0 - params.entity_gate + params.entity_gate * min(1.0, shared / 2)


def reason_for(profile: Profile, other: Neighbour, score: float) -> str:
    """One line saying why: the explicit link if any, the heaviest shared terms and entities, and
    the matched headline."""
    why = explain(profile, other.profile, limit=4)
    seen: set[str] = set()
    shared = []
    for word in [*why["shared_terms"], *(e.split(":", 1)[-1] for e in why["shared_entities"])]:
        if word.casefold() not in seen:
            seen.add(word.casefold())
            shared.append(word)
    shared = shared[:5]
    headline = (other.headline or other.article_id).strip()
    if len(headline) > 60:
        headline = headline[:57].rstrip() + "..."
    what = ", ".join(shared) if shared else "wording"
    if other.linked:
        return f"linked with '{headline}' (read more), shares {what} ({score:.2f})"
    return f"shares {what} with '{headline}' ({score:.2f})"


def centroid(profiles: Sequence[Profile]) -> Profile:
    """The mean of several profiles: summed term weights (re-normalised), the entities at least half
    of them carry, the mean embedding (re-normalised). What a thread is about, as one profile."""
    terms: dict[str, float] = {}
    counts: dict[str, int] = {}
    for p in profiles:
        for t, w in p.terms.items():
            terms[t] = terms.get(t, 0.0) + w
        for e in p.entities:
            counts[e] = counts.get(e, 0) + 1
    norm = math.sqrt(sum(w * w for w in terms.values())) or 1.0
    need = max(1.0, len(profiles) / 2)
    vectors = [p.vector for p in profiles if p.vector is not None]
    vector = None
    if vectors and len(vectors) == len(profiles):
        mean = np.mean(np.stack(vectors), axis=0)
        length = float(np.linalg.norm(mean))
        vector = (mean / length).astype(np.float32) if length else None
    return Profile(
        terms={t: w / norm for t, w in terms.items()},
        entities=frozenset(e for e, c in counts.items() if c >= need),
        vector=vector,
        language=profiles[0].language if profiles else None,
    )


def threshold_for(profile: Profile, params: ThreadParams) -> float:
    """The join threshold for the similarity mode the profile was made in (scores differ in scale)."""
    if profile.vector is not None:
        return params.threshold_semantic
    if profile.entities:
        return params.threshold_entities
    return params.threshold


def decide(
    profile: Profile,
    sort_ts: float,
    neighbours: Sequence[Neighbour],
    params: ThreadParams,
    *,
    thread_first: dict[str, float] | None = None,
) -> Placement:
    """Pure placement: which thread (if any) an article joins, and which threads it bridges.

    A thread's score is the better of its best link and the similarity to its centroid (the mean
    profile of its members among the neighbours, when there are two or more), time-decayed by the
    nearest member. ``thread_first`` maps thread ids to their first article's time (the oldest
    thread survives a merge); missing ids count as new."""
    best: dict[str, tuple[float, Neighbour]] = {}
    groups: dict[str, list[Neighbour]] = {}
    for n in neighbours:
        if n.thread_id is None:
            continue
        groups.setdefault(n.thread_id, []).append(n)
        s = link_score(profile, sort_ts, n.profile, n.sort_ts, params, linked=n.linked)
        if n.thread_id not in best or s > best[n.thread_id][0]:
            best[n.thread_id] = (s, n)
    threshold = threshold_for(profile, params)
    scores: dict[str, tuple[float, bool]] = {}
    for tid, members in groups.items():
        link = best[tid][0]
        weak = params.linkage == "both" and link < params.centroid_floor * threshold
        if params.linkage == "single" or (len(members) < 2 and params.linkage == "both") or weak:
            scores[tid] = (link, False)
            continue
        days = min(abs(m.sort_ts - sort_ts) for m in members) / DAY
        mean = centroid([m.profile for m in members])
        whole = similarity(profile, mean) * entity_factor(profile, mean, params) / (1.0 + days / params.half_life_days)
        if any(m.linked for m in members):
            whole = min(1.0, whole + params.link_bonus)
        if params.linkage == "centroid" or whole >= link:
            scores[tid] = (whole, len(members) > 1)
        else:
            scores[tid] = (link, False)
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1][0], kv[0]))
    if not ranked or ranked[0][1][0] < threshold:
        return Placement(thread_id=None, score=1.0, matched_article_id=None, reason="started the thread")
    target, (score, by_centroid) = ranked[0]
    matched = best[target][1]
    merge_at = threshold + params.merge_margin
    bridged = [tid for tid, (s, _) in ranked[1:] if s >= merge_at]
    merge: tuple[str, ...] = ()
    merge_score = 0.0
    if bridged and score >= merge_at:
        group = [target, *bridged]
        first = thread_first or {}
        survivor = min(group, key=lambda t: (first.get(t, float("inf")), t))
        merge = tuple(t for t in group if t != survivor)
        merge_score = min(scores[t][0] for t in group)
        target = survivor
    reason = reason_for(profile, matched, score)
    if by_centroid:
        reason = f"{reason}; close to the thread as a whole ({len(groups[ranked[0][0]])} articles)"
    return Placement(
        thread_id=target,
        score=score,
        matched_article_id=matched.article_id,
        reason=reason,
        merge=merge,
        merge_score=merge_score,
    )


def new_thread_id(article_id: str) -> str:
    """A thread is named after the article that started it (stable, no counter to share)."""
    return f"t{article_id[:20]}"


class ThreadEngine:
    """Places articles into threads through a Store's threads methods (see module docstring)."""

    def __init__(self, store: Any, params: ThreadParams | None = None) -> None:
        self.store = store
        self.params = params or ThreadParams()

    def neighbours(
        self,
        article_id: str,
        profile: Profile,
        sort_ts: float,
        *,
        own_urls: Sequence[str] = (),
        linked_urls: Sequence[str] = (),
    ) -> list[Neighbour]:
        p = self.params
        window = {"lo": sort_ts - p.window_days * DAY, "hi": sort_ts + p.window_days * DAY, "exclude": article_id}
        hits = self.store.thread_candidates(content_terms(profile, p.index_terms), per_term=p.per_term, **window)
        linked = set()
        if own_urls or linked_urls:
            terms = link_terms(own_urls=own_urls, linked_urls=linked_urls)
            linked = set(self.store.thread_candidates(terms, per_term=p.per_term, **window))
        ranked = [aid for aid, _ in sorted(hits.items(), key=lambda kv: (-kv[1], kv[0])) if aid not in linked]
        top = sorted(linked) + ranked[: max(0, p.max_candidates - len(linked))]
        return [
            Neighbour(
                article_id=aid,
                thread_id=tid,
                sort_ts=ts,
                headline=headline,
                profile=Profile.from_json(js),
                linked=aid in linked,
            )
            for aid, ts, js, tid, headline in self.store.thread_neighbours(top)
        ]

    def place(
        self,
        article_id: str,
        profile: Profile,
        sort_ts: float,
        *,
        own_urls: Sequence[str] = (),
        linked_urls: Sequence[str] = (),
    ) -> ThreadMembership:
        """Index the article and put it in a thread (a revision keeps its thread when it still fits).
        ``own_urls``/``linked_urls`` are normalised URL keys (``dedupe.normalize_url``) of the
        article and of the articles it links to ("Read more")."""
        store, p = self.store, self.params
        current = store.thread_of(article_id)
        if current is not None and current.article_id != article_id:
            current = None  # the id is a syndicated copy's: it is not threaded itself
        terms = posting_terms(profile, p.index_terms, own_urls=own_urls, linked_urls=linked_urls)
        store.save_thread_profile(article_id, profile=profile.to_json(), terms=terms, sort_ts=sort_ts)
        near = self.neighbours(article_id, profile, sort_ts, own_urls=own_urls, linked_urls=linked_urls)
        if current is not None:
            mates = [n for n in near if n.thread_id == current.thread_id]
            alone = not any(m.article_id != article_id for m in store.thread_members(current.thread_id))
            fits = [link_score(profile, sort_ts, n.profile, n.sort_ts, p, linked=n.linked) for n in mates]
            if alone or (fits and max(fits) >= threshold_for(profile, p)):
                store.assign_thread(current, sort_ts=sort_ts)  # refresh its time and the thread's span
                return current
        tids = {n.thread_id for n in near if n.thread_id}
        first = {tid: ts for tid, (ts, _) in store.thread_first_ts(sorted(tids)).items()} if tids else {}
        placed = decide(profile, sort_ts, near, p, thread_first=first)
        tid = placed.thread_id or new_thread_id(article_id)
        membership = ThreadMembership(
            thread_id=tid,
            article_id=article_id,
            score=placed.score,
            reason=placed.reason,
            matched_article_id=placed.matched_article_id,
        )
        store.assign_thread(membership, sort_ts=sort_ts, merge=placed.merge, merge_score=placed.merge_score)
        return membership


__all__ = [
    "Neighbour",
    "Placement",
    "ThreadEngine",
    "ThreadParams",
    "decide",
    "link_score",
    "new_thread_id",
    "posting_terms",
    "reason_for",
]
