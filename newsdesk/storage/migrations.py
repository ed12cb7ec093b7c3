"""SQLite schema migrations: an ordered, append-only list of named steps.

Each step runs in its own transaction together with the row recording its name in
``schema_migrations``, so a crash leaves every step either applied and recorded or not at all.
Never edit or reorder a step that has shipped: append a new one.

Tables (plural snake_case):

- ``articles``: one row per article id, holding its current revision's searchable fields,
  ``duplicate_of``, the MinHash signature and ``sort_ts`` (published, else fetched, as Unix time);
- ``revisions``: every version of each article's full record (zlib-compressed JSON, see
  ``codec.py``), numbered from 1;
- ``articles_fts``: FTS5 external-content index over articles' headline, standfirst, text, authors,
  section, kept in step by the same transaction that writes ``articles``;
- ``lsh_bands``: near-duplicate band keys (``pipeline/dedupe.py``) -> article rowid, indexed by key;
- ``article_urls``: normalised URL keys (variants) -> article id;
- ``pages``: content hash of each page key already stored (``Store.page_seen``);
- ``sources``, ``fetch_log``, ``validators``, ``failures``: crawling and its health.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

from newsdesk.storage.entity_store import ENTITIES_DDL
from newsdesk.storage.thread_store import THREADS_DDL

Migration = tuple[str, Callable[[sqlite3.Connection], None]]

MIGRATIONS_TABLE = "schema_migrations"


def _m0001_articles(db: sqlite3.Connection) -> None:
    _script(
        db,
        """
        CREATE TABLE articles (
            rowid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            url TEXT,
            canonical_url TEXT,
            site_name TEXT,
            section TEXT,
            headline TEXT,
            standfirst TEXT,
            text TEXT NOT NULL DEFAULT '',
            authors TEXT NOT NULL DEFAULT '',
            published_at TEXT,
            fetched_at TEXT,
            sort_ts REAL NOT NULL,
            source_id INTEGER,
            duplicate_of TEXT,
            revision INTEGER NOT NULL DEFAULT 1,
            text_hash TEXT NOT NULL,
            signature BLOB,
            first_stored_at TEXT NOT NULL,
            last_seen_at TEXT NOT NULL
        );
        CREATE INDEX articles_shown_by_time ON articles (sort_ts) WHERE duplicate_of IS NULL;
        CREATE INDEX articles_by_section ON articles (section, sort_ts);
        CREATE INDEX articles_by_source ON articles (source_id, sort_ts);
        CREATE INDEX articles_by_duplicate_of ON articles (duplicate_of) WHERE duplicate_of IS NOT NULL;

        CREATE TABLE revisions (
            id INTEGER PRIMARY KEY,
            article_id TEXT NOT NULL,
            number INTEGER NOT NULL,
            text_hash TEXT NOT NULL,
            fetched_at TEXT,
            stored_at TEXT NOT NULL,
            record BLOB NOT NULL,
            UNIQUE (article_id, number)
        );

        CREATE TABLE lsh_bands (
            key INTEGER NOT NULL,
            article_rowid INTEGER NOT NULL,
            PRIMARY KEY (key, article_rowid)
        ) WITHOUT ROWID;

        CREATE TABLE article_urls (
            url_key TEXT NOT NULL,
            article_id TEXT NOT NULL,
            PRIMARY KEY (url_key, article_id)
        ) WITHOUT ROWID;

        CREATE TABLE pages (
            key TEXT PRIMARY KEY,
            content_hash TEXT NOT NULL,
            article_id TEXT NOT NULL,
            seen_at TEXT NOT NULL
        ) WITHOUT ROWID;
        """,
    )


def _m0002_search(db: sqlite3.Connection) -> None:
    _script(
        db,
        """
        CREATE VIRTUAL TABLE articles_fts USING fts5 (
            headline, standfirst, text, authors, section,
            content = 'articles', content_rowid = 'rowid',
            tokenize = 'porter unicode61 remove_diacritics 2'
        );
        INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');
        """,
    )


def _m0003_sources(db: sqlite3.Connection) -> None:
    _script(
        db,
        """
        CREATE TABLE sources (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            every_seconds INTEGER NOT NULL,
            title TEXT,
            added_at TEXT NOT NULL,
            next_due_at TEXT,
            last_fetch_at TEXT,
            last_success_at TEXT,
            last_error TEXT,
            last_error_at TEXT,
            error_count INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX sources_by_due ON sources (next_due_at);

        CREATE TABLE fetch_log (
            id INTEGER PRIMARY KEY,
            source_id INTEGER,
            url TEXT NOT NULL,
            at TEXT NOT NULL,
            status TEXT NOT NULL,
            http_status INTEGER,
            error TEXT,
            items INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX fetch_log_by_source ON fetch_log (source_id, at);

        CREATE TABLE validators (
            url TEXT PRIMARY KEY,
            etag TEXT,
            last_modified TEXT,
            updated_at TEXT NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE failures (
            id INTEGER PRIMARY KEY,
            input TEXT NOT NULL,
            reason TEXT NOT NULL,
            source_id INTEGER,
            url TEXT,
            recorded_at TEXT NOT NULL
        );
        CREATE INDEX failures_by_source ON failures (source_id, recorded_at);
        """,
    )


class PortableStep:
    """A migration step whose DDL runs unchanged on SQLite and PostgreSQL (see :func:`portable`)."""

    def __init__(self, ddl: str) -> None:
        self.ddl = ddl

    def __call__(self, db: sqlite3.Connection) -> None:
        _script(db, self.ddl)

    def __repr__(self) -> str:
        return f"portable({self.ddl[:40]!r}...)"


def portable(ddl: str) -> PortableStep:
    """A migration step from portable DDL (standard types, no SQLite-only syntax): SQLite runs it
    with ``_script``; the PostgreSQL store (``pg_migrations.py``) runs the same ``.ddl`` under the
    same name. Use as ``("0004_entities", portable(ENTITIES_DDL))``."""
    return PortableStep(ddl)


MIGRATIONS: list[Migration] = [
    ("0001_articles", _m0001_articles),
    ("0002_search", _m0002_search),
    ("0003_sources", _m0003_sources),
    ("0004_entities", portable(ENTITIES_DDL)),  # entities and keywords: newsdesk/storage/entity_store.py
    ("0005_threads", portable(THREADS_DDL)),  # story threads: newsdesk/storage/thread_store.py
]


def applied_migrations(db: sqlite3.Connection) -> list[str]:
    """Names recorded in ``schema_migrations`` (empty for a new database)."""
    exists = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (MIGRATIONS_TABLE,)).fetchone()
    if not exists:
        return []
    return [row[0] for row in db.execute(f"SELECT name FROM {MIGRATIONS_TABLE} ORDER BY applied_order")]


def pending_migrations(db: sqlite3.Connection, migrations: list[Migration] | None = None) -> list[str]:
    done = set(applied_migrations(db))
    return [name for name, _ in (MIGRATIONS if migrations is None else migrations) if name not in done]


def is_empty(db: sqlite3.Connection) -> bool:
    """True for a database with no tables at all (just created)."""
    return db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0] == 0


def apply_migrations(db: sqlite3.Connection, migrations: list[Migration] | None = None) -> list[str]:
    """Apply the pending migrations in order, each in its own IMMEDIATE transaction; return their names.

    ``db`` must be in autocommit mode (``isolation_level=None``). Safe against a concurrent migrator:
    each step re-checks, inside its transaction, that it is still pending."""
    steps = MIGRATIONS if migrations is None else migrations
    db.execute(
        f"CREATE TABLE IF NOT EXISTS {MIGRATIONS_TABLE} ("
        " name TEXT PRIMARY KEY, applied_order INTEGER NOT NULL, applied_at TEXT NOT NULL)"
    )
    applied: list[str] = []
    for order, (name, step) in enumerate(steps, start=1):
        db.execute("BEGIN IMMEDIATE")
        try:
            done = db.execute(f"SELECT 1 FROM {MIGRATIONS_TABLE} WHERE name = ?", (name,)).fetchone()
            if not done:
                step(db)
                db.execute(
                    f"INSERT INTO {MIGRATIONS_TABLE} (name, applied_order, applied_at) VALUES (?, ?, ?)",
                    (name, order, datetime.now(UTC).isoformat()),
                )
                applied.append(name)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
    return applied


def _script(db: sqlite3.Connection, script: str) -> None:
    """Run an SQL script inside the caller's transaction (``executescript`` would COMMIT first)."""
    for statement in _statements(script):
        db.execute(statement)


def _statements(script: str) -> list[str]:
    """Split an SQL script on the semicolons that end complete statements."""
    out: list[str] = []
    current = ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            if current.strip():
                out.append(current.strip())
            current = ""
    if current.strip():
        out.append(current.strip())
    return out
