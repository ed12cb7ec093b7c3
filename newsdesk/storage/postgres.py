"""The PostgreSQL backend (psycopg 3 + psycopg_pool): the whole Store over a connection pool.

Chosen by ``open_store("postgresql://USER@HOST:PORT/DB")`` (``NEWSDESK_DATABASE_URL``); needs the
``newsdesk[postgres]`` extra. Schema: ``pg_migrations.py`` (the same named steps as SQLite; steps
after 0003 are the portable DDL of ``migrations.py``). Other helpers' storage mixins (sources,
entities, threads) run unchanged through ``_write()``/``_read()``, which translate ``?`` placeholders
to ``%s`` and give rows indexable by position and by column name (``pg_adapter.py``).

Articles: the upsert rules of ``upsert.py``, shared with ``sqlite.py`` (new / updated / unchanged /
duplicate, revisions, URL variants, LSH band candidates confirmed by the exact shingle Jaccard,
re-pointing a group when an earlier original arrives), one transaction per call.

Concurrent writers (several ``ingest``/``crawl``/``batch`` processes): every upsert transaction first
takes transaction-level advisory locks, released at commit:

- a call whose articles need at most ``FINE_LOCK_LIMIT`` keys takes the global upsert lock in *shared*
  mode, then, in sorted order (so no deadlock), one exclusive lock per article id, per normalised URL
  key and per LSH band key. Two writers storing the same article, two URL variants of one page, or
  two near-duplicates (which share a band key whenever LSH could pair them) are serialised, and the
  second one's statements (READ COMMITTED) see the first one's committed rows: it finds the article
  or its original and never stores a second copy. Unrelated articles proceed in parallel;
- a larger batch takes the global upsert lock *exclusively* (one writer at a time), which keeps the
  number of advisory locks held within PostgreSQL's lock table (``max_locks_per_transaction``).

``articles.id`` is the primary key, and revisions, band keys, URL keys and pages have primary keys
with ``ON CONFLICT`` as the last line of defence.

Search: ``pg_search.py`` (:class:`PgSearchMixin`, inherited here): a stored generated tsvector with a GIN
index, written by the statement that writes the row, ranked by ts_rank_cd with sqlite.py's recency boost.
Rows and the ``?`` -> ``%s`` adapter the portable mixins use: ``pg_adapter.py`` (re-exported here).
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any, Self
from urllib.parse import urlsplit

from newsdesk.models import Article
from newsdesk.pipeline import dedupe
from newsdesk.storage import migrations, pg_migrations
from newsdesk.storage.base import (
    Revision,
    SchemaOutdatedError,
    Stats,
    StorageError,
    UpsertOutcome,
)
from newsdesk.storage.codec import article_from_record
from newsdesk.storage.common import (
    ARTICLE_COLUMNS,
    article_filters,
    article_row,
    clamp_limit,
    revision_records,
    url_keys,
)
from newsdesk.storage.entity_store import EntitiesMixin
from newsdesk.storage.pg_adapter import PortableConnection, Row, _row_factory, translate
from newsdesk.storage.pg_search import RANK_NORMALIZATION, RANK_WEIGHTS, PgSearchMixin, raise_query_error
from newsdesk.storage.sqlite_sources import SourcesMixin
from newsdesk.storage.thread_store import ThreadsMixin
from newsdesk.storage.upsert import BAND_FANOUT, SORT_TS, Fp, Item, Old, Page, UpsertMixin, Values

try:
    import psycopg
    from psycopg import errors as pg_errors
    from psycopg_pool import ConnectionPool
except ImportError:  # pragma: no cover - exercised only without the extra
    psycopg = None  # type: ignore[assignment]

INSTALL_HINT = "PostgreSQL storage needs psycopg: pip install 'newsdesk[postgres]'"
CONNECT_TIMEOUT_SECONDS = 10
UPSERT_LOCK = pg_migrations.MIGRATION_LOCK - 1
RETRIES = 3  # of an upsert transaction PostgreSQL aborted as a deadlock victim or serialization failure
FINE_LOCK_LIMIT = 256  # advisory locks one upsert call may hold; above: the global lock, exclusively

_INSERT_ARTICLE = (
    f"INSERT INTO articles ({', '.join(ARTICLE_COLUMNS)}) VALUES ({', '.join(['%s'] * len(ARTICLE_COLUMNS))})"
)
# a new revision replaces every column but id, first_stored_at and duplicate_of (a concurrent re-pointing
# of the group may have just set that one)
_UPDATED = [i for i, c in enumerate(ARTICLE_COLUMNS) if c not in ("id", "first_stored_at", "duplicate_of")]
_UPDATE_ARTICLE = f"UPDATE articles SET {', '.join(f'{ARTICLE_COLUMNS[i]} = %s' for i in _UPDATED)} WHERE id = %s"
_RECORD_JOIN = "FROM articles a JOIN revisions r ON r.article_id = a.id AND r.number = a.revision"


def _require_psycopg() -> None:
    if psycopg is None:
        raise StorageError(INSTALL_HINT)


def describe_url(database_url: str) -> str:
    """``host:port/db`` of a URL, never its password (for messages)."""
    parts = urlsplit(database_url)
    host = parts.hostname or "localhost"
    port = f":{parts.port}" if parts.port else ""
    return f"{host}{port}{parts.path or '/'}"


def pool_size_setting() -> int:
    """``NEWSDESK_DB_POOL_SIZE`` (config.py reads the environment; ConfigError when it is not a number >= 1)."""
    from newsdesk.config import load_settings

    return load_settings().db_pool_size


class PostgresStore(UpsertMixin, PgSearchMixin, SourcesMixin, EntitiesMixin, ThreadsMixin):
    """A :class:`~newsdesk.storage.base.Store` over PostgreSQL (see the module docstring)."""

    def __init__(self, pool: Any, database_url: str, *, threshold: float = dedupe.DEFAULT_THRESHOLD) -> None:
        self._pool = pool
        self.url = database_url
        self.path = describe_url(database_url)  # the name messages use, as SQLiteStore.path
        self.threshold = threshold
        self._closed = threading.Event()

    @classmethod
    def open(
        cls,
        database_url: str,
        *,
        check_schema: bool = True,
        pool_size: int | None = None,
        threshold: float = dedupe.DEFAULT_THRESHOLD,
    ) -> PostgresStore:
        _require_psycopg()
        where = describe_url(database_url)
        url = "postgresql://" + database_url.split("://", 1)[1]
        try:  # one direct connection first: its error says why, where a pool would only time out
            psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT_SECONDS).close()
        except psycopg.Error as exc:
            reason = " ".join(str(exc).split()) or type(exc).__name__
            raise StorageError(f"cannot connect to PostgreSQL at {where}: {reason}") from None
        size = pool_size or pool_size_setting()
        pool = ConnectionPool(
            url,
            min_size=1,
            max_size=max(1, size),
            # prepare_threshold None: no server-side prepared statements. psycopg prepares a statement after 5
            # runs, and the generic plan PostgreSQL then keeps was made while the table was small: the upsert's
            # look-ups (id = ANY(...), id = ... OR duplicate_of = ...) went on as sequential scans of
            # articles, one per upsert at 5,000 articles. Planning each statement costs far less.
            kwargs={"autocommit": True, "connect_timeout": CONNECT_TIMEOUT_SECONDS, "prepare_threshold": None},
            timeout=60,
            name="newsdesk",
            open=False,
        )
        try:
            pool.open(wait=True, timeout=CONNECT_TIMEOUT_SECONDS * 2)
        except Exception as exc:  # noqa: BLE001 - PoolTimeout and friends
            pool.close()
            raise StorageError(f"cannot connect to PostgreSQL at {where}: {exc}") from None
        store = cls(pool, url, threshold=threshold)
        try:
            if check_schema:
                store._check_schema()
        except BaseException:
            store.close()
            raise
        return store

    def _check_schema(self) -> None:
        with self._conn() as conn:
            applied = pg_migrations.applied_migrations(conn)
            known = {name for name, _ in migrations.MIGRATIONS}
            unknown = [name for name in applied if name not in known]
            if unknown:
                raise StorageError(
                    f"database {self.path} was migrated by a newer newsdesk (migration {unknown[-1]!r}): "
                    "upgrade newsdesk"
                )
            pending = pg_migrations.pending_migrations(conn)
            if not pending:
                return
            fresh = not applied and pg_migrations.is_empty(conn)
        if fresh:
            self.migrate()
            return
        raise SchemaOutdatedError(
            f"database {self.path} needs {len(pending)} migration(s) ({', '.join(pending)}): run `newsdesk migrate`"
        )

    # --- plumbing ----------------------------------------------------------------------------------

    @contextmanager
    def _conn(self) -> Iterator[Any]:
        try:
            with self._pool.connection() as conn:
                yield conn
        except psycopg.OperationalError as exc:
            raise StorageError(f"PostgreSQL at {self.path}: {' '.join(str(exc).split())}") from None

    @contextmanager
    def _transaction(self) -> Iterator[Any]:
        """One transaction on a pooled connection (psycopg, ``%s`` placeholders); rolled back on error."""
        with self._conn() as conn, conn.transaction():
            yield conn

    @contextmanager
    def _write(self) -> Iterator[PortableConnection]:
        """One transaction, for the portable mixins (``?`` placeholders)."""
        with self._transaction() as conn:
            yield PortableConnection(conn)

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Rows of a portable query (``?`` placeholders)."""
        return self._query(translate(sql), tuple(params))

    def _query(self, sql: str, params: Any = ()) -> list[Row]:
        with self._conn() as conn:
            return conn.cursor(row_factory=_row_factory).execute(sql, params).fetchall()

    def close(self) -> None:
        if not self._closed.is_set():
            self._closed.set()
            self._pool.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- schema ------------------------------------------------------------------------------------

    def pending_migrations(self) -> list[str]:
        with self._conn() as conn:
            return pg_migrations.pending_migrations(conn)

    def migrate(self) -> list[str]:
        with self._conn() as conn:
            return pg_migrations.apply_migrations(conn)

    def integrity_check(self) -> str:
        """``ok`` when the stored rows agree with each other (every article has its current revision, every
        URL key and band key points at a stored article), else the first disagreement found. PostgreSQL
        itself keeps pages and indexes consistent (WAL); this checks what newsdesk writes."""
        checks = (
            (
                "articles without their current revision",
                (
                    "SELECT a.id FROM articles a LEFT JOIN revisions r"
                    " ON r.article_id = a.id AND r.number = a.revision WHERE r.article_id IS NULL LIMIT 1"
                ),
            ),
            (
                "URL keys of no stored article",
                (
                    "SELECT u.article_id FROM article_urls u"
                    " LEFT JOIN articles a ON a.id = u.article_id WHERE a.id IS NULL LIMIT 1"
                ),
            ),
            (
                "band keys of no stored article",
                (
                    "SELECT b.article_id FROM lsh_bands b"
                    " LEFT JOIN articles a ON a.id = b.article_id WHERE a.id IS NULL LIMIT 1"
                ),
            ),
            (
                "copies of no stored article",
                (
                    "SELECT c.id FROM articles c LEFT JOIN articles a"
                    " ON a.id = c.duplicate_of WHERE c.duplicate_of IS NOT NULL AND a.id IS NULL LIMIT 1"
                ),
            ),
        )
        for what, sql in checks:
            rows = self._query(sql)
            if rows:
                return f"{what}: {rows[0][0]}"
        return "ok"

    # --- articles: writes --------------------------------------------------------------------------

    # the rules are upsert.py's; rows are addressed by id, and a group's original is the earliest by
    # (sort_ts, first_stored_at, id), the order lists use here (there is no time-ordered rowid)
    _ROW_KEY = "id"
    _TIE_BREAK = "first_stored_at, id"
    # the primary key's last line of defence against a concurrent writer (see the module docstring)
    _REVISION_CONFLICT = " ON CONFLICT (article_id, number) DO NOTHING"

    def _run(self, conn: Any, sql: str, params: Sequence[Any]) -> Any:
        return conn.execute(translate(sql), params)

    def _upsert_all(self, items: Sequence[Item], pages: Sequence[Page]) -> list[UpsertOutcome]:
        """One transaction for all of ``items``, under their advisory locks; retried (from the start) when
        PostgreSQL aborts it as a deadlock victim or a serialization failure, which the lock order should
        make rare."""
        if not items:
            return []
        for attempt in range(RETRIES + 1):
            try:
                with self._transaction() as conn:
                    self._lock_for(conn, items)
                    return self._store_all(conn, items, pages)
            except (pg_errors.DeadlockDetected, pg_errors.SerializationFailure):
                if attempt == RETRIES:
                    raise StorageError(
                        f"storing {len(items)} article(s) in {self.path} kept conflicting with other writers"
                    ) from None
                time.sleep(0.05 * (attempt + 1))
        raise AssertionError("unreachable")  # pragma: no cover

    def _lock_for(self, conn: Any, items: Sequence[Item]) -> None:
        """Advisory locks serialising the decisions about these articles (see the module docstring)."""
        keys: set[int] = set()
        for article, fp in items:
            keys.add(_lock_key("id", article.id))
            keys.update(_lock_key("url", k) for k in url_keys(article))
            if article.duplicate_of:
                keys.add(_lock_key("id", article.duplicate_of))
            if fp is not None:
                keys.update(fp.band_keys)
            if len(keys) > FINE_LOCK_LIMIT:
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (UPSERT_LOCK,))
                return
        keys.discard(UPSERT_LOCK)
        # one round trip: the shared global lock, then the keys in sorted order (a plain function scan keeps
        # the array's order), so two writers never wait for each other in a cycle
        conn.execute(
            "SELECT count(*) FROM (SELECT pg_advisory_xact_lock_shared(%s)) g,"
            " LATERAL (SELECT pg_advisory_xact_lock(k) FROM unnest(%s::bigint[]) AS k) l",
            (UPSERT_LOCK, sorted(keys)),
        )

    def _in(self, column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:  # one statement for any length
        return f"{column} = ANY(?)", [list(values)]

    def _band_neighbours(self, conn: Any, fp: dedupe.Fingerprint) -> Counter[str]:
        # one round trip for all the bands
        return Counter(
            r[0]
            for r in conn.execute(
                "SELECT b.article_id FROM unnest(%s::bigint[]) AS k(key) CROSS JOIN LATERAL ("
                " SELECT article_id FROM lsh_bands WHERE lsh_bands.key = k.key"
                f" ORDER BY sort_ts DESC LIMIT {BAND_FANOUT}) b",
                (list(fp.band_keys),),
            )
        )

    def _insert_row(self, conn: Any, article: Article, values: Values, fp: Fp) -> None:
        conn.execute(_INSERT_ARTICLE, values)  # the search column is generated by PostgreSQL (pg_search.py)
        self._index(conn, article, values[SORT_TS], fp)

    def _replace_row(self, conn: Any, old: Old, article: Article, values: Values, fp: Fp) -> None:
        aid, old_sort_ts, old_signature = old
        if old_signature:
            conn.execute(
                "DELETE FROM lsh_bands WHERE key = ANY(%s::bigint[]) AND sort_ts = %s AND article_id = %s",
                (list(dedupe.band_keys_of(bytes(old_signature))), old_sort_ts, aid),
            )
        conn.execute(_UPDATE_ARTICLE, (*(values[i] for i in _UPDATED), aid))
        self._index(conn, article, values[SORT_TS], fp)

    @staticmethod
    def _row(article: Article, new_hash: str, fp: Fp, now: datetime, dup: str | None, rev: int) -> Values:
        """The ``articles`` row (:func:`~newsdesk.storage.common.article_row`), NUL characters taken out of
        the text: PostgreSQL's text type cannot hold them."""
        return article_row(
            article, text_hash=new_hash, fp=fp, now=now, duplicate_of=dup, revision=rev, text=_no_nul(article.text)
        )

    def _index(self, conn: Any, article: Article, sort_ts: float, fp: Fp) -> None:
        """URL keys for every article; band keys of ``fp`` (None for a copy), with the article's sort_ts."""
        if fp is not None:
            conn.execute(
                "INSERT INTO lsh_bands (key, sort_ts, article_id) SELECT k, %s, %s FROM unnest(%s::bigint[]) AS k"
                " ON CONFLICT DO NOTHING",
                (sort_ts, article.id, list(fp.band_keys)),
            )
        keys = url_keys(article)
        if keys:
            conn.execute(
                "INSERT INTO article_urls (url_key, article_id) SELECT k, %s FROM unnest(%s::text[]) AS k"
                " ON CONFLICT DO NOTHING",
                (article.id, keys),
            )

    # --- articles: reads ---------------------------------------------------------------------------

    def get_article(self, article_id: str) -> Article | None:
        rows = self._query(f"SELECT r.record, a.duplicate_of {_RECORD_JOIN} WHERE a.id = %s", (article_id,))
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
        where, params = article_filters(
            section=section, source_id=source_id, since=since, until=until, author=None, placeholder="%s", like="ILIKE"
        )
        if not include_duplicates:
            where.append("a.duplicate_of IS NULL")
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        rows = self._query(
            f"SELECT r.record, a.duplicate_of {_RECORD_JOIN} {clause} "
            "ORDER BY a.sort_ts DESC, a.first_stored_at DESC, a.id DESC LIMIT %s OFFSET %s",
            (*params, clamp_limit(limit), max(offset, 0)),
        )
        return [article_from_record(record, duplicate_of=dup) for record, dup in rows]

    def iter_articles(self, *, batch_size: int = 500, include_duplicates: bool = True) -> Iterator[Article]:
        """Every article, oldest first, by keyset pagination on (sort_ts, id): one short query per batch,
        no cursor held open between batches."""
        size = max(1, int(batch_size))
        shown = "" if include_duplicates else " AND a.duplicate_of IS NULL"
        after: tuple[float, str] | None = None
        while True:
            if after is None:
                cond, params = "TRUE", ()
            else:
                cond, params = "(a.sort_ts, a.id) > (%s, %s)", after
            rows = self._query(
                f"SELECT a.sort_ts, a.id, r.record, a.duplicate_of {_RECORD_JOIN} WHERE {cond}{shown} "
                "ORDER BY a.sort_ts, a.id LIMIT %s",
                (*params, size),
            )
            for _, _, record, dup in rows:
                yield article_from_record(record, duplicate_of=dup)
            if len(rows) < size:
                return
            after = (rows[-1][0], rows[-1][1])

    def list_revisions(self, article_id: str) -> list[Revision]:
        rows = self._query(
            "SELECT number, fetched_at, stored_at, record FROM revisions WHERE article_id = %s ORDER BY number",
            (article_id,),
        )
        return revision_records(article_id, rows)

    def duplicates_of(self, article_id: str) -> list[str]:
        rows = self._query(
            "SELECT id FROM articles WHERE duplicate_of = %s ORDER BY sort_ts, first_stored_at, id", (article_id,)
        )
        return [row[0] for row in rows]

    def has_url(self, url: str) -> bool:
        key = dedupe.normalize_url(url)
        return bool(self._query("SELECT 1 FROM article_urls WHERE url_key = %s LIMIT 1", (key,)))

    def page_seen(self, key: str, content_hash: str) -> bool:
        return bool(self._query("SELECT 1 FROM pages WHERE key = %s AND content_hash = %s", (key, content_hash)))

    def stats(self) -> Stats:
        row = self._query(
            "SELECT (SELECT count(*) FROM articles WHERE duplicate_of IS NULL),"
            " (SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL),"
            " (SELECT count(*) FROM revisions WHERE number > 1),"
            " (SELECT count(*) FROM sources),"
            " (SELECT count(*) FROM failures)"
        )[0]
        return Stats(articles=row[0], duplicates=row[1], revisions=row[2], sources=row[3], failures=row[4])


def _lock_key(kind: str, value: str) -> int:
    digest = hashlib.blake2b(f"{kind}\x00{value}".encode(), digest_size=8, person=b"newsdesk-lock").digest()
    return int.from_bytes(digest, "little") >> 1


def _no_nul(text: str) -> str:
    return text.replace("\x00", "") if "\x00" in text else text


__all__ = [
    "RANK_NORMALIZATION",
    "RANK_WEIGHTS",
    "PortableConnection",
    "PostgresStore",
    "Row",
    "pg_errors",
    "raise_query_error",
    "translate",
]
