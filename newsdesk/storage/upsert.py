"""Storing an article, the same for both backends: one copy of the rules, a mixin of the stores.

1. known id, same headline/standfirst/text -> ``unchanged``: only ``last_seen_at`` moves;
2. known id, changed text -> a new revision, the row (search entry, band keys) replaced, ``duplicate_of``
   kept: ``updated``;
3. new id -> its group's original (:meth:`UpsertMixin._find_original`): the articles its ``duplicate_of``
   hint, URL keys and LSH band candidates (MinHash estimate shortlists, exact shingle Jaccard confirms)
   point at, each taken to its own original, the earliest by (sort_ts, the store's tie-break). A newcomer
   earlier than it becomes the group's original (the old original and its copies are re-pointed), else
   it is its copy (``duplicate``); with no original, ``new``. Band keys are indexed for originals only
   (one entry per band however often a story is syndicated), URL keys for every article.

The SQL is portable (``?``, run by the store's ``_run``); each store supplies the dialect's parts: its
transaction (``_upsert_all``), id lists (``_in``), band look-up and row writes (search index included).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from newsdesk.models import Article
from newsdesk.pipeline import dedupe
from newsdesk.storage.base import UpsertOutcome, UpsertStatus
from newsdesk.storage.codec import article_to_record, format_time, text_hash
from newsdesk.storage.common import ARTICLE_COLUMNS, article_row, article_sort_ts, url_keys

ESTIMATE_SLACK = 0.15  # candidates whose MinHash estimate is this close to the threshold get the exact check
MAX_CANDIDATES = 50  # near-duplicate candidates checked per new article (those sharing most bands)
BAND_FANOUT = 64  # newest originals read per band key: a key shared by more is boilerplate, not a story
SORT_TS = ARTICLE_COLUMNS.index("sort_ts")

Fp = dedupe.Fingerprint | None
Item = tuple[Article, Fp]
Page = tuple[str, str] | None  # (page key, content hash) to remember with the article
Values = tuple[Any, ...]  # an ``articles`` row, in ARTICLE_COLUMNS order
Old = tuple[Any, float, bytes | None]  # a stored row's key (_ROW_KEY), sort_ts and signature


class UpsertMixin:
    """``upsert_article``/``upsert_articles`` and the decisions behind them (see the module docstring)."""

    threshold: float
    _ROW_KEY: str  # the column the store addresses a row by
    _TIE_BREAK: str  # after sort_ts, the order that picks a group's original (the store's list order)
    _REVISION_CONFLICT: str  # appended to the revision INSERT

    # hooks each store implements: the transaction, then _store_all in it
    def _upsert_all(self, items: Sequence[Item], pages: Sequence[Page]) -> list[UpsertOutcome]:
        raise NotImplementedError

    # row keys of originals sharing band keys with fp (the BAND_FANOUT newest per key), counted
    def _band_neighbours(self, db: Any, fp: dedupe.Fingerprint) -> Counter[Any]:
        raise NotImplementedError

    # write the row with its search entry and URL keys, and fp's band keys (fp None for a copy); a
    # replaced row keeps first_stored_at and drops the band keys of its old signature
    def _insert_row(self, db: Any, article: Article, values: Values, fp: Fp) -> None:
        raise NotImplementedError

    def _replace_row(self, db: Any, old: Old, article: Article, values: Values, fp: Fp) -> None:
        raise NotImplementedError

    def _run(self, db: Any, sql: str, params: Sequence[Any]) -> Any:  # portable SQL, in the store's paramstyle
        return db.execute(sql, params)

    def _in(self, column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
        return f"{column} IN ({', '.join('?' * len(values))})", list(values)

    def _row(self, article: Article, new_hash: str, fp: Fp, now: datetime, dup: str | None, rev: int) -> Values:
        return article_row(article, text_hash=new_hash, fp=fp, now=now, duplicate_of=dup, revision=rev)

    # --- the Store's writes ------------------------------------------------------------------------

    def upsert_article(
        self, article: Article, *, content_hash: str | None = None, page_key: str | None = None
    ) -> UpsertOutcome:
        page = (page_key or article.input, content_hash) if content_hash else None
        return self._upsert_all([(article, dedupe.fingerprint(article.text))], [page])[0]

    def upsert_articles(
        self, articles: Sequence[Article], *, content_hashes: Mapping[str, str] | None = None
    ) -> list[UpsertOutcome]:
        hashes = content_hashes or {}
        items = [(a, dedupe.fingerprint(a.text)) for a in articles]
        return self._upsert_all(items, [(a.input, hashes[a.input]) if a.input in hashes else None for a in articles])

    def _store_all(self, db: Any, items: Sequence[Item], pages: Sequence[Page]) -> list[UpsertOutcome]:
        """Every article in the open transaction ``db``, outcomes in order."""
        now = datetime.now(UTC)
        outcomes = []
        for (article, fp), page in zip(items, pages, strict=True):
            outcome = self._upsert(db, article, fp, now)
            if page is not None:
                self._remember_page(db, page[0], page[1], outcome.article_id)
            outcomes.append(outcome)
        return outcomes

    def _upsert(self, db: Any, article: Article, fp: Fp, now: datetime) -> UpsertOutcome:
        aid = article.id
        new_hash = text_hash(article)
        columns = f"{self._ROW_KEY}, text_hash, revision, duplicate_of, sort_ts, signature"
        row = self._run(db, f"SELECT {columns} FROM articles WHERE id = ?", (aid,)).fetchone()
        if row is not None:
            key, old_hash, revision, duplicate_of, old_sort_ts, old_signature = row
            if old_hash == new_hash:
                self._run(
                    db, f"UPDATE articles SET last_seen_at = ? WHERE {self._ROW_KEY} = ?", (format_time(now), key)
                )
                return UpsertOutcome(status="unchanged", article_id=aid, duplicate_of=duplicate_of, revision=revision)
            revision += 1
            self._insert_revision(db, article, revision, new_hash, now)
            values = self._row(article, new_hash, fp, now, duplicate_of, revision)
            self._replace_row(
                db, (key, old_sort_ts, old_signature), article, values, fp if duplicate_of is None else None
            )
            return UpsertOutcome(status="updated", article_id=aid, duplicate_of=duplicate_of, revision=revision)

        sort_ts = article_sort_ts(article, now)
        original = self._find_original(db, article, fp)
        duplicate_of = None
        if original is not None:
            orig_id, orig_sort_ts = original
            if sort_ts < orig_sort_ts:  # the newcomer is earlier: it becomes the group's original
                sql = "UPDATE articles SET duplicate_of = ? WHERE id = ? OR duplicate_of = ?"
                self._run(db, sql, (aid, orig_id, orig_id))
            else:
                duplicate_of = orig_id
        self._insert_revision(db, article, 1, new_hash, now)
        values = self._row(article, new_hash, fp, now, duplicate_of, 1)
        self._insert_row(db, article, values, fp if duplicate_of is None else None)
        status: UpsertStatus = "duplicate" if duplicate_of else "new"
        return UpsertOutcome(status=status, article_id=aid, duplicate_of=duplicate_of, revision=1)

    def _insert_revision(self, db: Any, article: Article, number: int, hash_: str, now: datetime) -> None:
        self._run(
            db,
            "INSERT INTO revisions (article_id, number, text_hash, fetched_at, stored_at, record) "
            f"VALUES (?, ?, ?, ?, ?, ?){self._REVISION_CONFLICT}",
            (article.id, number, hash_, format_time(article.fetched_at), format_time(now), article_to_record(article)),
        )

    def _remember_page(self, db: Any, key: str, content_hash: str, article_id: str) -> None:
        self._run(
            db,
            "INSERT INTO pages (key, content_hash, article_id, seen_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET content_hash = excluded.content_hash, "
            "article_id = excluded.article_id, seen_at = excluded.seen_at",
            (key, content_hash, article_id, format_time(datetime.now(UTC))),
        )

    def _find_original(self, db: Any, article: Article, fp: Fp) -> tuple[str, float] | None:
        """The earliest article of the group ``article`` is a copy of, as (id, sort_ts), else None."""
        roots: set[str] = set()
        if article.duplicate_of and article.duplicate_of != article.id:
            roots.add(article.duplicate_of)
        keys = url_keys(article)
        if keys:
            where, params = self._in("url_key", keys)
            for (other,) in self._run(db, f"SELECT article_id FROM article_urls WHERE {where}", params):
                if other != article.id:
                    roots.add(other)
        if fp is not None:
            best = [key for key, _ in self._band_neighbours(db, fp).most_common(MAX_CANDIDATES)]
            if best:
                where, params = self._in(self._ROW_KEY, best)
                sql = f"SELECT id, duplicate_of, signature, text FROM articles WHERE {where}"
                candidates = self._run(db, sql, params).fetchall()
                likely = [
                    (other_id, other_dup, text)
                    for other_id, other_dup, signature, text in candidates
                    if signature
                    and dedupe.estimate_jaccard(fp.signature, bytes(signature)) >= self.threshold - ESTIMATE_SLACK
                ]
                if likely:  # the estimate only shortlists: MinHash noise alone must never hide a story
                    own = dedupe.shingles(article.text)
                    for other_id, other_dup, text in likely:
                        if dedupe.shingle_jaccard(own, dedupe.shingles(text)) >= self.threshold:
                            roots.add(other_dup or other_id)
        if not roots:
            return None
        where, params = self._in("id", sorted(roots))
        rows = self._run(db, f"SELECT id, duplicate_of FROM articles WHERE {where}", params).fetchall()
        resolved = sorted({r[1] or r[0] for r in rows})
        if not resolved:
            return None
        where, params = self._in("id", resolved)
        sql = f"SELECT id, sort_ts FROM articles WHERE {where} ORDER BY sort_ts, {self._TIE_BREAK} LIMIT 1"
        best_row = self._run(db, sql, params).fetchone()
        return (best_row[0], best_row[1]) if best_row else None
