"""Enrichment after storing: entities, keywords, similarity profile and story thread per article.

:class:`Enricher` is called by the :class:`~newsdesk.pipeline.ingest.Ingester` after each stored
page or batch (and by ``newsdesk enrich`` to backfill). For each new or updated *original* article
(syndicated copies are not enriched: they are shown through their original):

1. entities (spaCy, the ``nlp`` extra) and keywords (YAKE), saved with ``store.save_enrichment``;
2. a similarity :class:`~newsdesk.enrich.similarity.Profile` (with entity keys, and an embedding in
   semantic mode);
3. thread placement (:class:`~newsdesk.enrich.threads.ThreadEngine`).

When an extra is missing (no spaCy, no model, no sentence-transformers) the stage is skipped, logged
once per process, and the rest carries on: threads then run on terms only. A failure on one article
is recorded with ``store.record_failure`` ("enrichment failed: ...") and never stops a batch.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from newsdesk.enrich.similarity import Profile, make_profile
from newsdesk.enrich.threads import ThreadEngine, ThreadParams
from newsdesk.errors import EnrichmentUnavailable
from newsdesk.models import Article
from newsdesk.pipeline.dedupe import normalize_url
from newsdesk.storage.base import UpsertOutcome
from newsdesk.storage.common import article_sort_ts, url_keys

if TYPE_CHECKING:
    from newsdesk.config import Settings

log = logging.getLogger(__name__)

_warned: set[str] = set()
_warn_lock = threading.Lock()


def _warn_once(key: str, message: str) -> None:
    with _warn_lock:
        if key in _warned:
            return
        _warned.add(key)
    log.warning("%s", message)


@dataclass
class EnrichCounts:
    enriched: int = 0
    skipped: int = 0
    failed: int = 0

    def summary(self) -> str:
        return f"{self.enriched} enriched, {self.skipped} skipped, {self.failed} failed"


@dataclass(frozen=True, slots=True)
class Analysis:
    """What enrichment learns from an article alone, before the store is asked anything: its
    entities (None when the tagger is off), keywords and similarity profile. Computed by
    :func:`analyse`, on a batch worker or in the Enricher; placed and saved by the Enricher."""

    entities: list[Any] | None
    keywords: list[tuple[str, float]]
    profile: Profile
    problem: str | None = None  # a stage that failed for this article alone (its entities): recorded, not fatal


def analyse(articles: Sequence[Article], *, tagger: Any = None, embedder: Any = None) -> list[Analysis | None]:
    """The pure part of enrichment (no store): entities (``tagger``: an EntityTagger or None),
    keywords and profile of each article. An article that fails gets None (the caller records it)."""
    if not articles:
        return []
    from newsdesk.enrich.keywords import keywords

    tagged: list[list[Any] | None] = [None] * len(articles)
    problems: dict[int, str] = {}  # articles the tagger failed on: analysed without entities, and said so
    if tagger is not None:
        try:
            tagged = list(tagger.tag_many(articles))
        except Exception:  # noqa: BLE001 - one bad article must not lose the batch: tag one by one
            for i, article in enumerate(articles):
                try:
                    tagged[i] = tagger.tag(article)
                except Exception as exc:
                    log.debug("entities of %s failed", article.id, exc_info=True)
                    problems[i] = f"entities: {exc or type(exc).__name__}"
    out: list[Analysis | None] = []
    for i, (article, entities) in enumerate(zip(articles, tagged, strict=True)):
        try:
            profile = make_profile(
                article.text,
                headline=article.headline,
                language=article.language,
                entities=[e.key for e in entities or ()],
                embedder=embedder,
            )
            out.append(
                Analysis(entities=entities, keywords=keywords(article), profile=profile, problem=problems.get(i))
            )
        except Exception:  # recorded by the caller
            log.debug("analysis of %s failed", article.id, exc_info=True)
            out.append(None)
    return out


def linked_url_keys(article: Article) -> list[str]:
    """URL keys of the stories the article links to in its body ("Read more", "Also read")."""
    own = set(url_keys(article))
    keys = {normalize_url(link.url) for link in article.related_links if link.url and "://" in link.url}
    return sorted(keys - own)


def sort_ts_of(article: Article) -> float:
    """The time an article sorts by in the store (published, else fetched, else now)."""
    return article_sort_ts(article, datetime.now(UTC))


class Enricher:
    """Runs the enrichment stages on stored articles; see the module docstring."""

    def __init__(
        self,
        store: Any,
        settings: Settings | None = None,
        *,
        entities: bool = True,
        params: ThreadParams | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.engine = ThreadEngine(store, params)
        self._want_entities = entities
        self._tagger: Any = None
        self._tagger_tried = False
        self._embedder: Any = None
        self._embedder_tried = False

    # --- optional stages ---------------------------------------------------------------------------

    def tagger(self) -> Any:
        """The entity tagger, loaded on first use; None (logged once) when the nlp extra is off."""
        if not self._want_entities or not hasattr(self.store, "save_enrichment"):
            return None
        if not self._tagger_tried:
            self._tagger_tried = True
            try:
                from newsdesk.enrich.entities import load_tagger

                model = getattr(self.settings, "ner_model", None) or None
                self._tagger = load_tagger(model)
            except (EnrichmentUnavailable, ImportError) as exc:
                _warn_once("entities", f"entities are off ({exc}); story threads use terms only")
        return self._tagger

    def embedder(self) -> Any:
        """The sentence embedder in semantic mode (NEWSDESK_SIMILARITY), else None."""
        if not self._embedder_tried:
            self._embedder_tried = True
            mode = str(getattr(self.settings, "similarity", "default") or "default")
            if mode in ("auto", "semantic"):
                try:
                    from newsdesk.enrich.semantic import load_embedder

                    self._embedder = load_embedder()
                except (EnrichmentUnavailable, ImportError) as exc:
                    _warn_once("semantic", f"semantic similarity is off ({exc}); using the default similarity")
        return self._embedder

    # --- the stages --------------------------------------------------------------------------------

    def enrich(
        self, items: Iterable[tuple[Article, UpsertOutcome]], analyses: Mapping[str, Analysis] | None = None
    ) -> EnrichCounts:
        """Enrich the new and updated originals among stored (article, outcome) pairs; ``analyses``
        (by article id) are used instead of analysing again where given (``newsdesk batch``'s workers
        compute them)."""
        todo: list[Article] = []
        counts = EnrichCounts()
        for article, outcome in items:
            if outcome.status in ("new", "updated") and outcome.duplicate_of is None:
                todo.append(article)
                if outcome.status == "new":
                    self._adopt_copies(article.id)
            elif outcome.status == "duplicate" and outcome.duplicate_of:
                self._file_copy(article, outcome.duplicate_of)
                counts.skipped += 1
            else:
                counts.skipped += 1
        if todo:
            self._run(todo, counts, analyses or {})
        return counts

    def enrich_ids(self, article_ids: Sequence[str]) -> EnrichCounts:
        """(Re-)enrich stored articles by id (``newsdesk enrich``)."""
        counts = EnrichCounts()
        articles = []
        for aid in article_ids:
            article = self.store.get_article(aid)
            if article is None or article.duplicate_of is not None:
                counts.skipped += 1
            else:
                articles.append(article)
        if articles:
            self._run(articles, counts, {})
        return counts

    def _file_copy(self, article: Article, original_id: str) -> None:
        """A copy's URLs lead to its original: a "Read more" link to the copy links the story."""
        urls = url_keys(article)
        if not urls:
            return
        try:
            self.store.add_thread_postings(original_id, terms=[f"u:{u}" for u in urls], sort_ts=sort_ts_of(article))
        except Exception as exc:  # noqa: BLE001 - recorded, never stops the batch
            self._failed(article, str(exc) or type(exc).__name__)

    def _adopt_copies(self, article_id: str) -> None:
        """An earlier copy arrived late and became its group's original: the former original is a
        copy now, so it leaves the threads and stops counting for its entities (this article is
        placed and tagged in its stead)."""
        for copy_id in self.store.duplicates_of(article_id):
            if self.store.thread_profile(copy_id) is not None:
                self.store.forget_thread_article(copy_id)
            if hasattr(self.store, "demote_entities"):
                self.store.demote_entities(copy_id)

    def _run(self, articles: list[Article], counts: EnrichCounts, given: Mapping[str, Analysis]) -> None:
        missing = [a for a in articles if a.id not in given]
        computed: dict[str, Analysis | None] = {}
        if missing:  # (batch's writers get every analysis from the workers: no model loads here)
            done = analyse(missing, tagger=self.tagger(), embedder=self.embedder())
            computed = dict(zip((a.id for a in missing), done, strict=True))
        for article in articles:
            analysis = given.get(article.id) or computed.get(article.id)
            try:
                if analysis is None:
                    raise ValueError("its keywords or similarity profile could not be computed")
                if analysis.problem:  # e.g. the tagger failed on it: recorded, and it is threaded all the same
                    self._failed(article, analysis.problem)
                self._save_and_place(article, analysis)
                counts.enriched += 1
            except Exception as exc:
                log.debug("enrichment of %s failed", article.id, exc_info=True)
                self._failed(article, str(exc) or type(exc).__name__)
                counts.failed += 1

    def _save_and_place(self, article: Article, analysis: Analysis) -> None:
        ts = sort_ts_of(article)
        if hasattr(self.store, "save_enrichment"):  # keywords need no extra: saved even when entities are off
            self.store.save_enrichment(article.id, entities=analysis.entities, keywords=analysis.keywords, sort_ts=ts)
        self.engine.place(
            article.id, analysis.profile, ts, own_urls=url_keys(article), linked_urls=linked_url_keys(article)
        )

    def _failed(self, article: Article, reason: str) -> None:
        try:
            self.store.record_failure(
                article.input or article.id,
                f"enrichment failed: {reason}",
                url=article.url,
            )
        except Exception:
            log.warning("could not record the enrichment failure of %s", article.id, exc_info=True)


__all__ = ["Analysis", "EnrichCounts", "Enricher", "analyse", "sort_ts_of"]
