"""Storage: every SQL statement newsdesk runs lives in this package.

``open_store(database_url)`` returns a :class:`~newsdesk.storage.base.Store` for
``sqlite:///PATH`` (default backend, stdlib sqlite3) or, later, ``postgresql://...``.
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


def open_store(database_url: str, *, migrate: bool = False) -> Store:
    """Open the database at ``database_url``.

    A new (empty) database is created and migrated. An existing one with pending migrations is
    migrated only when ``migrate`` is true; otherwise SchemaOutdatedError says to run
    ``newsdesk migrate``."""
    if database_url.startswith("sqlite:"):
        from newsdesk.storage.sqlite import SQLiteStore

        return SQLiteStore.open(database_url, migrate=migrate)
    if database_url.startswith(("postgresql:", "postgres:")):
        raise StorageError("PostgreSQL storage is not available yet: use NEWSDESK_DATABASE_URL=sqlite:///newsdesk.db")
    raise StorageError(
        f"NEWSDESK_DATABASE_URL has value {database_url!r}. Expected sqlite:///PATH (or postgresql://... later)."
    )
