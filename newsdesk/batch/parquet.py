"""Articles <-> Apache Arrow / Parquet: one row per article, the columns of the Article JSON form.

The schema (:data:`ARTICLE_SCHEMA`) follows ``docs/article-schema.md`` key for key, with nested types
where the JSON has objects and lists:

- strings: ``id``, ``input``, ``url``, ``canonical_url``, ``site_name``, ``language``, ``section``,
  ``headline``, ``standfirst``, ``text``, ``agency``, ``duplicate_of``;
- times as the JSON gives them, ISO 8601 strings (``published_at``, ``updated_at``, ``fetched_at``): a bare
  date keeps its calendar day with no offset, which an Arrow timestamp column could not say;
- ``authors``: list<string>; ``image``: struct<url, caption, credit> (null when none);
  ``body``: list<struct<type, text>>; ``related_links``: list<struct<title, url, kind>>;
  ``page_links``: list<struct<title, url>>; ``provenance``: map<string, string>;
- ``word_count``: int64; ``reading_minutes``, ``source_id``: int64 (null when unknown).

:func:`articles_to_table` and :func:`table_to_articles` round-trip: the Articles read back are equal to
those written (same ids). ``newsdesk batch --output`` writes one file per partition with
:func:`write_atomically`; ``newsdesk export --format parquet`` streams row groups with
:class:`ArticleParquetWriter`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from newsdesk.models import Article
from newsdesk.storage.codec import article_from_record

if TYPE_CHECKING:
    import pyarrow as pa


def _schema() -> pa.Schema:
    import pyarrow as pa

    string = pa.string()
    link = pa.struct([("title", string), ("url", string), ("kind", string)])
    page_link = pa.struct([("title", string), ("url", string)])
    return pa.schema(
        [
            ("id", string),
            ("input", string),
            ("url", string),
            ("canonical_url", string),
            ("site_name", string),
            ("language", string),
            ("section", string),
            ("headline", string),
            ("standfirst", string),
            ("authors", pa.list_(string)),
            ("published_at", string),
            ("updated_at", string),
            ("image", pa.struct([("url", string), ("caption", string), ("credit", string)])),
            ("body", pa.list_(pa.struct([("type", string), ("text", string)]))),
            ("text", string),
            ("word_count", pa.int64()),
            ("reading_minutes", pa.int64()),
            ("agency", string),
            ("related_links", pa.list_(link)),
            ("page_links", pa.list_(page_link)),
            ("provenance", pa.map_(string, string)),
            ("source_id", pa.int64()),
            ("fetched_at", string),
            ("duplicate_of", string),
        ]
    )


_SCHEMA: pa.Schema | None = None


def article_schema() -> pa.Schema:
    """The Arrow schema of an article row (pyarrow is imported on first use: it is an extra)."""
    global _SCHEMA
    if _SCHEMA is None:
        _SCHEMA = _schema()
    return _SCHEMA


def articles_to_table(articles: Iterable[Article]) -> pa.Table:
    import pyarrow as pa

    return pa.Table.from_pylist([a.to_dict() for a in articles], schema=article_schema())


def table_to_articles(table: pa.Table) -> list[Article]:
    return [row_to_article(row) for row in table.to_pylist()]


def row_to_article(row: dict[str, Any]) -> Article:
    data = dict(row)
    data["provenance"] = dict(data.get("provenance") or ())
    return article_from_record(data)


def write_atomically(articles: Sequence[Article], path: str) -> None:
    """Write ``articles`` as one Parquet file at ``path``: to a hidden temporary file beside it, then
    renamed, so a reader (or a rerun) never sees a half-written file."""
    import pyarrow.parquet as pq

    folder, name = os.path.split(path)
    tmp = os.path.join(folder, f".{name}.{os.getpid()}.tmp")
    try:
        pq.write_table(articles_to_table(articles), tmp, compression="zstd")
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def read_articles(path: str) -> list[Article]:
    """Every article in a Parquet file, or in a folder of them (files whose names start with ``.`` or
    ``_`` skipped, as Arrow's datasets do), in file-name order."""
    import pyarrow.parquet as pq

    if os.path.isdir(path):
        names = sorted(n for n in os.listdir(path) if n.endswith(".parquet") and not n.startswith((".", "_")))
        return [a for n in names for a in table_to_articles(pq.read_table(os.path.join(path, n)))]
    return table_to_articles(pq.read_table(path))


class ArticleParquetWriter:
    """Streams articles into one Parquet file, ``row_group_size`` rows per row group: memory holds one
    row group at a time, whatever the number of articles."""

    def __init__(self, where: Any, *, row_group_size: int = 1000) -> None:
        import pyarrow.parquet as pq

        self._writer = pq.ParquetWriter(where, article_schema(), compression="zstd")
        self._size = max(1, row_group_size)
        self._rows: list[Article] = []
        self.count = 0

    def add(self, article: Article) -> None:
        self._rows.append(article)
        if len(self._rows) >= self._size:
            self._flush()

    def _flush(self) -> None:
        if self._rows:
            self._writer.write_table(articles_to_table(self._rows))
            self.count += len(self._rows)
            self._rows = []

    def close(self) -> None:
        self._flush()
        self._writer.close()


__all__ = [
    "ArticleParquetWriter",
    "article_schema",
    "articles_to_table",
    "read_articles",
    "row_to_article",
    "table_to_articles",
    "write_atomically",
]
