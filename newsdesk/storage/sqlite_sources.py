"""SQLite queries for sources, the fetch log, HTTP validators and recorded failures.

A mixin of :class:`~newsdesk.storage.sqlite.SQLiteStore`: it uses the store's ``_write`` (one
IMMEDIATE transaction on the writer connection) and ``_read``.

Source health: a fetch with status ``ok`` or ``not-modified`` sets ``last_success_at`` and resets
``error_count`` to 0; ``error`` sets ``last_error``/``last_error_at`` and adds one to ``error_count``
(so it counts errors since the last success, which is what backoff needs); ``skipped`` is only
logged. Every attempt is a row in ``fetch_log``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any

from newsdesk.storage.base import Failure, FetchRecord, Source, SourceKind, StorageError, Validators
from newsdesk.storage.codec import format_time, parse_time

SOURCE_KINDS = ("feed", "sitemap", "page")

_SOURCE_SELECT = (
    "SELECT s.id, s.url, s.kind, s.every_seconds, s.title, s.added_at, s.next_due_at, s.last_fetch_at,"
    " s.last_success_at, s.last_error, s.last_error_at, s.error_count,"
    " (SELECT count(*) FROM articles a WHERE a.source_id = s.id) AS article_count FROM sources s"
)


class SourcesMixin:
    """Sources, fetch log, validators and failures (needs ``_write`` and ``_read`` from the store)."""

    def _write(self) -> AbstractContextManager[sqlite3.Connection]:  # pragma: no cover - provided by the store
        raise NotImplementedError

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:  # pragma: no cover
        raise NotImplementedError

    # --- sources -----------------------------------------------------------------------------------

    def add_source(
        self, url: str, *, kind: SourceKind, every_seconds: int, title: str | None = None, now: datetime | None = None
    ) -> Source:
        if kind not in SOURCE_KINDS:
            raise StorageError(f"unknown source kind {kind!r}; expected one of {', '.join(SOURCE_KINDS)}")
        if every_seconds <= 0:
            raise StorageError(f"a source's interval must be positive, not {every_seconds} seconds")
        with self._write() as db:
            if db.execute("SELECT 1 FROM sources WHERE url = ?", (url,)).fetchone():
                raise StorageError(f"{url} is already a source: see `newsdesk sources list`")
            db.execute(
                "INSERT INTO sources (url, kind, every_seconds, title, added_at) VALUES (?, ?, ?, ?, ?)",
                (url, kind, every_seconds, title, format_time(now or datetime.now(UTC))),
            )
            # portable (PostgreSQL has no lastrowid): url is unique
            source_id = db.execute("SELECT id FROM sources WHERE url = ?", (url,)).fetchone()[0]
        source = self.get_source(int(source_id or 0))
        assert source is not None
        return source

    def get_source(self, source_id: int) -> Source | None:
        rows = self._read(f"{_SOURCE_SELECT} WHERE s.id = ?", (source_id,))
        return _source(rows[0]) if rows else None

    def find_source(self, url: str) -> Source | None:
        rows = self._read(f"{_SOURCE_SELECT} WHERE s.url = ?", (url,))
        return _source(rows[0]) if rows else None

    def list_sources(self) -> list[Source]:
        return [_source(row) for row in self._read(f"{_SOURCE_SELECT} ORDER BY s.id")]

    def remove_source(self, source_id: int) -> bool:
        with self._write() as db:
            return db.execute("DELETE FROM sources WHERE id = ?", (source_id,)).rowcount > 0

    def due_sources(self, *, now: datetime | None = None) -> list[Source]:
        rows = self._read(
            f"{_SOURCE_SELECT} WHERE s.next_due_at IS NULL OR s.next_due_at <= ? "
            "ORDER BY s.next_due_at IS NOT NULL, s.next_due_at, s.id",
            (format_time(now or datetime.now(UTC)),),
        )
        return [_source(row) for row in rows]

    def schedule_source(self, source_id: int, next_due_at: datetime) -> None:
        with self._write() as db:
            db.execute("UPDATE sources SET next_due_at = ? WHERE id = ?", (format_time(next_due_at), source_id))

    # --- fetching ----------------------------------------------------------------------------------

    def record_fetch(self, record: FetchRecord) -> None:
        at = format_time(record.at or datetime.now(UTC))
        with self._write() as db:
            db.execute(
                "INSERT INTO fetch_log (source_id, url, at, status, http_status, error, items) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (record.source_id, record.url, at, record.status, record.http_status, record.error, record.items),
            )
            if record.source_id is not None:
                if record.status in ("ok", "not-modified"):
                    db.execute(
                        "UPDATE sources SET last_fetch_at = ?, last_success_at = ?, error_count = 0 WHERE id = ?",
                        (at, at, record.source_id),
                    )
                elif record.status == "error":
                    db.execute(
                        "UPDATE sources SET last_fetch_at = ?, last_error = ?, last_error_at = ?,"
                        " error_count = error_count + 1 WHERE id = ?",
                        (at, record.error or f"HTTP {record.http_status}", at, record.source_id),
                    )
            if record.status == "ok":
                if record.etag or record.last_modified:
                    db.execute(
                        "INSERT INTO validators (url, etag, last_modified, updated_at) VALUES (?, ?, ?, ?) "
                        "ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, "
                        "last_modified = excluded.last_modified, updated_at = excluded.updated_at",
                        (record.url, record.etag, record.last_modified, at),
                    )
                else:
                    db.execute("DELETE FROM validators WHERE url = ?", (record.url,))

    def get_validators(self, url: str) -> Validators:
        rows = self._read("SELECT etag, last_modified FROM validators WHERE url = ?", (url,))
        return Validators(etag=rows[0][0], last_modified=rows[0][1]) if rows else Validators()

    def list_fetches(self, *, source_id: int | None = None, limit: int = 100) -> list[FetchRecord]:
        """Recent fetch attempts, newest first (for the fetch-health page and tests)."""
        where = "WHERE source_id = ?" if source_id is not None else ""
        params: tuple[Any, ...] = (source_id,) if source_id is not None else ()
        rows = self._read(
            f"SELECT url, status, source_id, at, http_status, error, items FROM fetch_log {where} "
            "ORDER BY id DESC LIMIT ?",
            (*params, limit),
        )
        return [
            FetchRecord(
                url=row["url"],
                status=row["status"],
                source_id=row["source_id"],
                at=parse_time(row["at"]),
                http_status=row["http_status"],
                error=row["error"],
                items=row["items"],
            )
            for row in rows
        ]

    # --- failures ----------------------------------------------------------------------------------

    def record_failure(
        self,
        input: str,
        reason: str,
        *,
        source_id: int | None = None,
        url: str | None = None,
        now: datetime | None = None,
    ) -> None:
        at = format_time(now or datetime.now(UTC))
        with self._write() as db:
            db.execute(
                "INSERT INTO failures (input, reason, source_id, url, recorded_at) VALUES (?, ?, ?, ?, ?)",
                (input, reason, source_id, url, at),
            )
            if source_id is not None:
                db.execute("UPDATE sources SET last_error = ?, last_error_at = ? WHERE id = ?", (reason, at, source_id))

    def list_failures(self, *, source_id: int | None = None, limit: int = 100) -> list[Failure]:
        where = "WHERE source_id = ?" if source_id is not None else ""
        params: tuple[Any, ...] = (source_id,) if source_id is not None else ()
        rows = self._read(
            f"SELECT id, input, reason, source_id, url, recorded_at FROM failures {where} ORDER BY id DESC LIMIT ?",
            (*params, limit),
        )
        return [
            Failure(
                id=row["id"],
                input=row["input"],
                reason=row["reason"],
                source_id=row["source_id"],
                url=row["url"],
                recorded_at=parse_time(row["recorded_at"]) or datetime.now(UTC),
            )
            for row in rows
        ]


def _source(row: sqlite3.Row) -> Source:
    return Source(
        id=row["id"],
        url=row["url"],
        kind=row["kind"],
        every_seconds=row["every_seconds"],
        title=row["title"],
        added_at=parse_time(row["added_at"]) or datetime.now(UTC),
        next_due_at=parse_time(row["next_due_at"]),
        last_fetch_at=parse_time(row["last_fetch_at"]),
        last_success_at=parse_time(row["last_success_at"]),
        last_error=row["last_error"],
        last_error_at=parse_time(row["last_error_at"]),
        error_count=row["error_count"],
        article_count=row["article_count"],
    )
