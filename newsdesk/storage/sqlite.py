"""The SQLite backend (stdlib sqlite3): WAL, one writer connection, every write one transaction.

Articles (``upsert_article``): the rules of ``upsert.py`` (new / updated / unchanged / duplicate,
revisions, URL variants, LSH band candidates, re-pointing a group when an earlier original arrives),
in one IMMEDIATE transaction per article or batch; here, the FTS5 entry is replaced with the row and
band keys are read one index look-up per band.

A SIGKILL at any moment therefore leaves each article fully stored or absent, and storing it again
gives ``unchanged``. Duplicates stay in ``articles`` and in the search index; lists and search hide
them with ``duplicate_of IS NULL``.

Search ranking (higher is better)::

    score = -bm25(articles_fts; headline 4, standfirst 2, text 1, authors 2, section 1)
            * (1 + RECENCY_BOOST * HALF_LIFE_DAYS / (HALF_LIFE_DAYS + age_days))

where ``age_days`` is the age of the article's published (else fetched) time at query time, never
negative. A story from today gets 1.5x its text relevance, one 14 days old 1.25x, one a year old
about 1.02x: recency breaks near-ties between equally relevant articles without burying a clearly
better older match.

Rowids follow time: an article's rowid is its published (else fetched) time in milliseconds times
1000, plus a counter for articles of the same millisecond, so FTS5 can walk matches newest first
and ``--since``/``--until`` become rowid ranges inside the index. A search ranks the newest
``RANK_WINDOW`` (2,000) matches that pass the filters. Every query matching fewer is ranked exactly;
a broader one (a common word over a large archive) is ranked over its 2,000 most recent matches,
which keeps the cost of a search bounded whatever the size of the archive (bm25 must visit each
match it scores). Filters narrow the matches first, so ``--since`` reaches back in time exactly.
"""

from __future__ import annotations

import math
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, Self

from newsdesk.models import Article
from newsdesk.pipeline import dedupe
from newsdesk.storage import migrations
from newsdesk.storage.base import (
    QueryError,
    Revision,
    SchemaOutdatedError,
    SearchQuery,
    SearchResults,
    Stats,
    StorageError,
    UpsertOutcome,
)
from newsdesk.storage.codec import (
    article_from_record,
    timestamp,
)
from newsdesk.storage.common import (
    ARTICLE_COLUMNS,
    article_filters,
    clamp_limit,
    revision_records,
    search_hit,
    url_keys,
)
from newsdesk.storage.entity_store import EntitiesMixin
from newsdesk.storage.query import compile_query, quote_phrase
from newsdesk.storage.sqlite_sources import SourcesMixin
from newsdesk.storage.thread_store import ThreadsMixin
from newsdesk.storage.upsert import BAND_FANOUT, SORT_TS, Fp, Item, Old, Page, UpsertMixin, Values

BM25_WEIGHTS = (4.0, 2.0, 1.0, 2.0, 1.0)  # headline, standfirst, text, authors, section
RECENCY_BOOST = 0.5
HALF_LIFE_DAYS = 14.0
SNIPPET_TOKENS = 24
RANK_WINDOW = 2000  # matches ranked per search: the newest, when a query matches more (see above)
_ROWID_SLOTS = 1000  # rowids per millisecond of sort time
_BAND_ROWS = f"SELECT article_rowid FROM lsh_bands WHERE key = ? ORDER BY article_rowid DESC LIMIT {BAND_FANOUT}"
BUSY_TIMEOUT_SECONDS = 30.0
CACHE_KIB = 64 * 1024  # page cache per connection: FTS5 merges and index look-ups stay in memory

_ARTICLE_COLUMNS = ", ".join(ARTICLE_COLUMNS)
_INSERT_MARKS = ", ".join("?" * (len(ARTICLE_COLUMNS) + 1))  # rowid and the columns
# on a new revision every column is replaced except first_stored_at
_UPDATE_ASSIGNMENTS = ", ".join(f"{c} = ?" for c in ARTICLE_COLUMNS if c != "first_stored_at")
_FTS_COLUMNS = "headline, standfirst, text, authors, section"


def database_path(database_url: str) -> str:
    """``sqlite:///relative.db``, ``sqlite:////absolute.db`` or ``sqlite:///:memory:`` -> a sqlite3 path."""
    if not database_url.startswith("sqlite://"):
        raise StorageError(f"not an SQLite URL: {database_url!r}; expected sqlite:///PATH")
    path = database_url[len("sqlite://") :]
    if path in ("", "/", "/:memory:"):
        return ":memory:"
    if not path.startswith("/"):
        raise StorageError(f"SQLite URL {database_url!r} has a host; expected sqlite:///PATH (three slashes)")
    return path[1:]


class SQLiteStore(UpsertMixin, SourcesMixin, EntitiesMixin, ThreadsMixin):
    """A :class:`~newsdesk.storage.base.Store` over one SQLite file (see the module docstring).
    Sources, the fetch log and failures are in ``sqlite_sources.py``."""

    def __init__(self, db: sqlite3.Connection, path: str, *, threshold: float = dedupe.DEFAULT_THRESHOLD) -> None:
        self._db = db
        self.path = path
        self.threshold = threshold
        self._lock = threading.RLock()

    @classmethod
    def open(
        cls, database_url: str, *, check_schema: bool = True, threshold: float = dedupe.DEFAULT_THRESHOLD
    ) -> SQLiteStore:
        path = database_path(database_url)
        if path != ":memory:" and not Path(path).parent.is_dir():
            raise StorageError(f"cannot create database {path}: folder {Path(path).parent} does not exist")
        try:
            db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_SECONDS)
        except sqlite3.Error as exc:
            raise StorageError(f"cannot open database {path}: {exc}") from None
        store = cls(db, path, threshold=threshold)
        try:
            db.execute("PRAGMA journal_mode = WAL").fetchone()
            db.execute("PRAGMA synchronous = NORMAL")  # with WAL: a crash of the process never loses a commit
            db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            if check_schema:
                store._check_schema()
        except sqlite3.Error as exc:
            db.close()
            raise StorageError(f"cannot open database {path}: {exc}") from None
        except BaseException:
            db.close()
            raise
        return store

    def _check_schema(self) -> None:
        applied = migrations.applied_migrations(self._db)
        known = {name for name, _ in migrations.MIGRATIONS}
        unknown = [name for name in applied if name not in known]
        if unknown:
            raise StorageError(
                f"database {self.path} was migrated by a newer newsdesk (migration {unknown[-1]!r}): upgrade newsdesk"
            )
        pending = migrations.pending_migrations(self._db)
        if not pending:
            return
        if migrations.is_empty(self._db):
            self.migrate()
            return
        raise SchemaOutdatedError(
            f"database {self.path} needs {len(pending)} migration(s) ({', '.join(pending)}): run `newsdesk migrate`"
        )

    # --- plumbing ----------------------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One IMMEDIATE transaction on the writer connection; rolled back on any error."""
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise StorageError(
                    f"database {self.path} is locked ({exc}): is another newsdesk ingest or crawl writing to it?"
                ) from None
            try:
                yield self._db
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            cursor = self._db.execute(sql, params)
            cursor.row_factory = sqlite3.Row  # type: ignore[assignment]
            return cursor.fetchall()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- schema ------------------------------------------------------------------------------------

    def pending_migrations(self) -> list[str]:
        with self._lock:
            return migrations.pending_migrations(self._db)

    def migrate(self) -> list[str]:
        with self._lock:
            return migrations.apply_migrations(self._db)

    def integrity_check(self) -> str:
        """``ok`` when SQLite finds nothing wrong (PRAGMA integrity_check), else its first complaint."""
        return str(self._read("PRAGMA integrity_check")[0][0])

    # --- articles: writes (the rules: upsert.py) -----------------------------------------------------

    # rows are addressed by rowid, which also breaks sort_ts ties as lists do (it is time-ordered, see the
    # module docstring). No ON CONFLICT on revisions: with one writer, a revision already there means a
    # damaged file, and the upsert fails rather than keep the old text under the new number
    _ROW_KEY = "rowid"
    _TIE_BREAK = "rowid"
    _REVISION_CONFLICT = ""

    def _upsert_all(self, items: Sequence[Item], pages: Sequence[Page]) -> list[UpsertOutcome]:
        with self._write() as db:
            return self._store_all(db, items, pages)

    def _band_neighbours(self, db: sqlite3.Connection, fp: dedupe.Fingerprint) -> Counter[int]:
        shared: Counter[int] = Counter()
        for key in fp.band_keys:  # one index range per band, at most BAND_FANOUT rows each
            shared.update(r[0] for r in db.execute(_BAND_ROWS, (key,)))
        return shared

    def _insert_row(self, db: sqlite3.Connection, article: Article, values: Values, fp: Fp) -> None:
        rowid = _time_rowid(db, values[SORT_TS])
        db.execute(f"INSERT INTO articles (rowid, {_ARTICLE_COLUMNS}) VALUES ({_INSERT_MARKS})", (rowid, *values))
        self._fts_insert(db, rowid)
        self._index(db, article, rowid, fp)

    def _replace_row(self, db: sqlite3.Connection, old: Old, article: Article, values: Values, fp: Fp) -> None:
        rowid, old_sort_ts, old_signature = old
        self._fts_delete(db, rowid)
        if old_signature:  # its band keys, recomputed from the stored signature (an index look-up per band)
            keys = dedupe.band_keys_of(old_signature)
            db.executemany("DELETE FROM lsh_bands WHERE key = ? AND article_rowid = ?", [(k, rowid) for k in keys])
        sort_ts = values[SORT_TS]
        if sort_ts != old_sort_ts:  # keep the rowid in time order (search walks rowids newest first)
            new_rowid = _time_rowid(db, sort_ts)
            db.execute("UPDATE articles SET rowid = ? WHERE rowid = ?", (new_rowid, rowid))
            rowid = new_rowid
        db.execute(f"UPDATE articles SET {_UPDATE_ASSIGNMENTS} WHERE rowid = ?", (*values[:-2], values[-1], rowid))
        self._fts_insert(db, rowid)
        self._index(db, article, rowid, fp)

    def _fts_insert(self, db: sqlite3.Connection, rowid: int) -> None:
        db.execute(
            f"INSERT INTO articles_fts (rowid, {_FTS_COLUMNS}) SELECT rowid, {_FTS_COLUMNS} FROM articles WHERE rowid = ?",
            (rowid,),
        )

    def _fts_delete(self, db: sqlite3.Connection, rowid: int) -> None:
        """Remove the index entry of a row's current values (external content: FTS5 needs them back)."""
        db.execute(
            f"INSERT INTO articles_fts (articles_fts, rowid, {_FTS_COLUMNS}) "
            f"SELECT 'delete', rowid, {_FTS_COLUMNS} FROM articles WHERE rowid = ?",
            (rowid,),
        )

    def _index(self, db: sqlite3.Connection, article: Article, rowid: int, fp: Fp) -> None:
        """URL keys for every article; band keys of ``fp`` (None for a copy)."""
        if fp is not None:
            db.executemany(
                "INSERT OR IGNORE INTO lsh_bands (key, article_rowid) VALUES (?, ?)", [(k, rowid) for k in fp.band_keys]
            )
        db.executemany(
            "INSERT OR IGNORE INTO article_urls (url_key, article_id) VALUES (?, ?)",
            [(key, article.id) for key in url_keys(article)],
        )

    # --- articles: reads ---------------------------------------------------------------------------

    def get_article(self, article_id: str) -> Article | None:
        rows = self._read(
            "SELECT r.record, a.duplicate_of FROM articles a JOIN revisions r "
            "ON r.article_id = a.id AND r.number = a.revision WHERE a.id = ?",
            (article_id,),
        )
        return article_from_record(rows[0][0], duplicate_of=rows[0][1]) if rows else None

    def list_articles(
        self,
        *,
        section: str | None = None,
        source_id: int | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 50,
        offset: int = 0,
        include_duplicates: bool = False,
    ) -> list[Article]:
        where, params = article_filters(section=section, source_id=source_id, since=since, until=until, author=None)
        if not include_duplicates:
            where.append("a.duplicate_of IS NULL")
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        rows = self._read(
            "SELECT r.record, a.duplicate_of FROM articles a JOIN revisions r "
            f"ON r.article_id = a.id AND r.number = a.revision {clause} "
            "ORDER BY a.sort_ts DESC, a.rowid DESC LIMIT ? OFFSET ?",
            (*params, clamp_limit(limit), max(offset, 0)),
        )
        return [article_from_record(record, duplicate_of=dup) for record, dup in rows]

    def iter_articles(self, *, batch_size: int = 500, include_duplicates: bool = True) -> Iterator[Article]:
        """Every article, oldest first, by keyset pagination on the time-ordered rowid (constant memory;
        the lock is released between batches so writers carry on). An article revised while iterating
        moves to a newer rowid and may be yielded again with its new text."""
        size = max(1, int(batch_size))
        shown = "" if include_duplicates else " AND a.duplicate_of IS NULL"
        last = -(2**63)
        while True:
            rows = self._read(
                "SELECT a.rowid, r.record, a.duplicate_of FROM articles a JOIN revisions r "
                f"ON r.article_id = a.id AND r.number = a.revision WHERE a.rowid > ?{shown} ORDER BY a.rowid LIMIT ?",
                (last, size),
            )
            for _, record, dup in rows:
                yield article_from_record(record, duplicate_of=dup)
            if len(rows) < size:
                return
            last = rows[-1][0]

    def list_revisions(self, article_id: str) -> list[Revision]:
        rows = self._read(
            "SELECT number, fetched_at, stored_at, record FROM revisions WHERE article_id = ? ORDER BY number",
            (article_id,),
        )
        return revision_records(article_id, rows)

    def duplicates_of(self, article_id: str) -> list[str]:
        rows = self._read("SELECT id FROM articles WHERE duplicate_of = ? ORDER BY sort_ts, rowid", (article_id,))
        return [row[0] for row in rows]

    def has_url(self, url: str) -> bool:
        key = dedupe.normalize_url(url)
        return bool(self._read("SELECT 1 FROM article_urls WHERE url_key = ? LIMIT 1", (key,)))

    def page_seen(self, key: str, content_hash: str) -> bool:
        rows = self._read("SELECT 1 FROM pages WHERE key = ? AND content_hash = ?", (key, content_hash))
        return bool(rows)

    def search(self, query: SearchQuery) -> SearchResults:
        match = compile_query(query.text)
        fts_match = match
        # section and author narrow the match inside FTS5 (doclist intersection, no row visits)
        for column, value in (("section", query.section), ("authors", query.author)):
            if value and (phrase := quote_phrase(value)):
                fts_match = f"({fts_match}) AND {column} : {phrase}"
        where, params = article_filters(
            section=query.section, source_id=query.source_id, since=query.since, until=query.until, author=None
        )
        where.append("a.duplicate_of IS NULL")
        if query.since is not None:
            where.append("articles_fts.rowid >= ?")
            params.append(_rowid_floor(timestamp(query.since)))
        if query.until is not None:
            where.append("articles_fts.rowid < ?")
            params.append(_rowid_floor(timestamp(query.until)) + 2000 * _ROWID_SLOTS)
        weights = ", ".join(str(w) for w in BM25_WEIGHTS)
        start, end = query.highlight
        sql = (
            # the newest RANK_WINDOW matches: FTS5 walks rowids (time order) downwards and stops there
            "WITH window AS ("
            f" SELECT articles_fts.rowid AS rid, bm25(articles_fts, {weights}) AS bm25, a.sort_ts AS sort_ts"
            " FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
            f" WHERE articles_fts MATCH ? AND {' AND '.join(where)}"
            f" ORDER BY articles_fts.rowid DESC LIMIT {max(1, min(query.rank_window or RANK_WINDOW, RANK_WINDOW))}),"
            " top AS ("
            f" SELECT rid, -bm25 * (1.0 + {RECENCY_BOOST} * {HALF_LIFE_DAYS} /"
            f" ({HALF_LIFE_DAYS} + max(0.0, (? - sort_ts) / 86400.0))) AS score"
            " FROM window ORDER BY score DESC LIMIT ? OFFSET ?)"
            " SELECT a.id, a.headline, a.url, a.site_name, a.section, a.authors, a.published_at, a.source_id,"
            f" snippet(articles_fts, -1, ?, ?, '…', {SNIPPET_TOKENS}) AS snip, top.score"
            " FROM top JOIN articles_fts ON articles_fts.rowid = top.rid JOIN articles a ON a.rowid = top.rid"
            " WHERE articles_fts MATCH ? ORDER BY top.score DESC"
        )
        args = (fts_match, *params, time.time(), clamp_limit(query.limit), max(query.offset, 0), start, end, match)
        try:
            rows = self._read(sql, args)
        except sqlite3.OperationalError as exc:
            # compile_query quotes every term, so this means a query shape FTS5 refuses that we did not foresee
            raise QueryError(f"search query cannot be run: {exc}") from None
        hits = tuple(search_hit(r, " ".join((r["snip"] or "").split())) for r in rows)
        return SearchResults(query=query, hits=hits, match_expression=match)

    def stats(self) -> Stats:
        row = self._read(
            "SELECT (SELECT count(*) FROM articles WHERE duplicate_of IS NULL),"
            " (SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL),"
            " (SELECT count(*) FROM revisions WHERE number > 1),"
            " (SELECT count(*) FROM sources),"
            " (SELECT count(*) FROM failures)"
        )[0]
        return Stats(articles=row[0], duplicates=row[1], revisions=row[2], sources=row[3], failures=row[4])


def _time_rowid(db: sqlite3.Connection, sort_ts: float) -> int:
    """A free rowid that sorts like ``sort_ts``: its millisecond times _ROWID_SLOTS, plus a counter for
    articles of the same millisecond (date-only times share midnight)."""
    base = _rowid_floor(sort_ts)
    top = db.execute(
        "SELECT max(rowid) FROM articles WHERE rowid >= ? AND rowid < ?", (base, base + 1000 * _ROWID_SLOTS)
    ).fetchone()[0]
    rowid = base if top is None else top + 1
    while db.execute("SELECT 1 FROM articles WHERE rowid = ?", (rowid,)).fetchone():
        rowid += 1
    return rowid


def _rowid_floor(sort_ts: float) -> int:
    return math.floor(sort_ts * 1000) * _ROWID_SLOTS
