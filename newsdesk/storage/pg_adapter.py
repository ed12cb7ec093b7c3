"""Rows and the portable-SQL adapter of the PostgreSQL store.

Other helpers' storage mixins (sources, entities, threads) write portable SQL with ``?`` placeholders
and index rows by position; :func:`translate` turns that SQL into psycopg's paramstyle and
:class:`PortableConnection` is what ``PostgresStore._write()`` yields to them. Rows come back as
:class:`Row`: indexable by position (like a tuple) and by column name (like sqlite3.Row).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any


class Row(tuple):  # type: ignore[type-arg]
    """A result row indexable by position (like a tuple) and by column name (like sqlite3.Row)."""

    _index: dict[str, int]

    def __getitem__(self, key: Any) -> Any:  # type: ignore[override]
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._index)


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):  # sum()/avg() of numbers: numeric in PostgreSQL
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def _row_factory(cursor: Any) -> Any:
    description = cursor.description
    if description is None:
        return tuple
    index = {column.name: i for i, column in enumerate(description)}

    def make(values: Sequence[Any]) -> Row:
        row = Row(_plain(v) for v in values)
        row._index = index
        return row

    return make


_translated: dict[str, str] = {}


def translate(sql: str) -> str:
    """Portable SQL (``?`` placeholders) in psycopg's paramstyle (``%s``; a literal ``%`` doubled)."""
    out = _translated.get(sql)
    if out is None:
        out = sql.replace("%", "%%").replace("?", "%s")
        if len(_translated) < 4096:
            _translated[sql] = out
    return out


class PortableConnection:
    """What ``_write()`` yields to the portable mixins: ``execute``/``executemany`` with ``?``
    placeholders inside the store's transaction; cursors give :class:`Row` rows."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        cursor = self.conn.cursor(row_factory=_row_factory)
        return cursor.execute(translate(sql), tuple(params))

    def executemany(self, sql: str, seq: Any) -> Any:
        cursor = self.conn.cursor(row_factory=_row_factory)
        cursor.executemany(translate(sql), [tuple(p) for p in seq])
        return cursor


__all__ = ["PortableConnection", "Row", "translate"]
