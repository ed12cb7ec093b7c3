"""Storage: every SQL statement newsdesk runs lives in this package.

``open_store(database_url)`` returns a :class:`~newsdesk.storage.base.Store` for
``sqlite:///PATH`` (default backend, stdlib sqlite3) or ``postgresql://...`` (``storage/postgres.py``).
"""

from __future__ import annotations

from newsdesk.storage.base import (
    Failure,
    FetchRecord,
    QueryError,
    Revision,
    SchemaOutdatedError,
    SearchHit,
    SearchQuery,
    SearchResults,
    Source,
    Stats,
    StorageError,
    Store,
    UpsertOutcome,
    Validators,
)

__all__ = [
    "Failure",
    "FetchRecord",
    "QueryError",
    "Revision",
    "SchemaOutdatedError",
    "SearchHit",
    "SearchQuery",
    "SearchResults",
    "Source",
    "Stats",
    "StorageError",
    "Store",
    "UpsertOutcome",
    "Validators",
    "open_store",
]


def open_store(database_url: str, *, check_schema: bool = True) -> Store:
    """Open the database at ``database_url``.

    A new (empty) database is created and migrated at once. An existing one with pending
    migrations raises SchemaOutdatedError, whose message says to run ``newsdesk migrate``.
    ``check_schema=False`` skips both (for ``newsdesk migrate``, which then calls ``Store.migrate``).
    Raises StorageError when the database cannot be opened."""
    if database_url.startswith("sqlite:"):
        from newsdesk.storage.sqlite import SQLiteStore

        return SQLiteStore.open(database_url, check_schema=check_schema)
    if database_url.startswith(("postgresql:", "postgres:")):
        try:
            from newsdesk.storage.postgres import PostgresStore
        except ImportError:
            raise StorageError("PostgreSQL storage needs psycopg: pip install 'newsdesk[postgres]'") from None

        return PostgresStore.open(database_url, check_schema=check_schema)
    raise StorageError(
        f"NEWSDESK_DATABASE_URL has value {database_url!r}. Expected sqlite:///PATH or postgresql://USER@HOST:PORT/DB."
    )
