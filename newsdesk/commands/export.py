"""``newsdesk export``: every stored article as JSON lines, Parquet or CSV, streamed from the store."""

from __future__ import annotations

import csv
import json
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from newsdesk.models import Article

READ_BATCH = 500  # articles per read from the store
ROW_GROUP = 2000  # articles per Parquet row group (what Parquet holds in memory at a time)

# CSV: one row per article; lists and objects flattened (see docs/article-schema.md, "Exports")
CSV_COLUMNS = (
    "id",
    "input",
    "url",
    "canonical_url",
    "site_name",
    "language",
    "section",
    "headline",
    "standfirst",
    "authors",
    "published_at",
    "updated_at",
    "image_url",
    "image_caption",
    "image_credit",
    "text",
    "word_count",
    "reading_minutes",
    "agency",
    "body",
    "related_links",
    "page_links",
    "provenance",
    "source_id",
    "fetched_at",
    "duplicate_of",
)
AUTHOR_SEPARATOR = "; "


def csv_row(article: Article) -> dict[str, Any]:
    """The flattened CSV row: authors joined by "; ", image split into three columns, body, links and
    provenance as compact JSON; null is an empty cell."""
    d = article.to_dict()
    image = d.pop("image") or {}
    row = {key: d.get(key) for key in CSV_COLUMNS if key in d}
    row["authors"] = AUTHOR_SEPARATOR.join(d["authors"])
    row["image_url"], row["image_caption"], row["image_credit"] = (
        image.get("url"),
        image.get("caption"),
        image.get("credit"),
    )
    for key in ("body", "related_links", "page_links", "provenance"):
        row[key] = json.dumps(d[key], ensure_ascii=False, separators=(",", ":"))
    return row


@click.command()
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["jsonl", "parquet", "csv"]),
    required=True,
    help="jsonl: one Article JSON object per line; parquet: the Article schema, nested columns; "
    "csv: one row per article, lists and objects flattened.",
)
@click.option(
    "--output", default=None, metavar="FILE", help="Write here (replaced only once complete) [default: stdout]."
)
@click.option("--include-duplicates", is_flag=True, help="Export syndicated copies too (duplicate_of set).")
def export(output_format: str, output: str | None, include_duplicates: bool) -> None:
    """Export every stored article (NEWSDESK_DATABASE_URL), oldest first, streaming.

    Articles are read from the database a few hundred at a time and written as they come, so memory
    stays flat whatever the size of the database (Parquet: one row group of 2,000 articles at a time).
    Duplicates are left out unless --include-duplicates.
    """
    from newsdesk.cli import EXIT_SOME_FAILED, EXIT_USAGE, _load_crawl_settings, _open_store_or_exit
    from newsdesk.storage import StorageError

    if output_format == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            click.echo("newsdesk: Parquet export needs pyarrow: install 'newsdesk[parquet]'", err=True)
            sys.exit(EXIT_USAGE)
        if output is None and sys.stdout.isatty():
            click.echo("newsdesk: Parquet is binary: pass --output FILE or redirect stdout to a file", err=True)
            sys.exit(EXIT_USAGE)
    if output is not None and os.path.isdir(output):
        click.echo(f"newsdesk: --output {output} is a folder; name a file", err=True)
        sys.exit(EXIT_USAGE)
    settings = _load_crawl_settings()
    store = _open_store_or_exit(settings)
    started = time.perf_counter()
    try:
        articles = store.iter_articles(batch_size=READ_BATCH, include_duplicates=include_duplicates)
        with _destination(output, binary=output_format == "parquet") as stream:
            count = WRITERS[output_format](articles, stream)
    except StorageError as exc:
        click.echo(f"newsdesk: {exc}", err=True)
        sys.exit(EXIT_SOME_FAILED)
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (| head): not an error
        sys.exit(0)
    except OSError as exc:  # the output folder is missing or read-only, the disk is full...
        click.echo(f"newsdesk: cannot write {output or 'stdout'}: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_SOME_FAILED)
    finally:
        store.close()
    where = output or "stdout"
    click.echo(
        f"export: {count} articles as {output_format} to {where} in {time.perf_counter() - started:.1f} s", err=True
    )


@contextmanager
def _destination(output: str | None, *, binary: bool) -> Iterator[IO[Any]]:
    """stdout, or a temporary file beside ``output`` renamed over it once everything is written."""
    if output is None:
        stream: IO[Any] = sys.stdout.buffer if binary else sys.stdout
        yield stream
        stream.flush()
        return
    folder = os.path.dirname(os.path.abspath(output))
    tmp = os.path.join(folder, f".{os.path.basename(output)}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") if binary else open(tmp, "w", encoding="utf-8", newline="") as stream:
            yield stream
        os.replace(tmp, output)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _write_jsonl(articles: Iterator[Article], stream: IO[str]) -> int:
    count = 0
    for article in articles:
        stream.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
        count += 1
    return count


def _write_csv(articles: Iterator[Article], stream: IO[str]) -> int:
    writer = csv.DictWriter(stream, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for article in articles:
        writer.writerow(csv_row(article))
        count += 1
    return count


def _write_parquet(articles: Iterator[Article], stream: IO[bytes]) -> int:
    from newsdesk.batch.parquet import ArticleParquetWriter

    writer = ArticleParquetWriter(stream, row_group_size=ROW_GROUP)
    try:
        for article in articles:
            writer.add(article)
    finally:
        writer.close()
    return writer.count


WRITERS = {"jsonl": _write_jsonl, "csv": _write_csv, "parquet": _write_parquet}

COMMANDS = [export]
