"""The ``newsdesk`` command. Thin: parse options, call the library, turn errors into messages.

Exit codes for batch commands: 0 all ok, 1 some inputs failed (one line each on stderr),
2 usage or configuration error (nothing was processed).
"""

from __future__ import annotations

import json
import logging
import sys
from typing import TYPE_CHECKING, TextIO

import click

from newsdesk import __version__
from newsdesk.config import load_settings
from newsdesk.errors import ConfigError, PipelineError
from newsdesk.inputs import iter_pages
from newsdesk.models import Article
from newsdesk.pipeline.runner import extract_pages

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_USAGE = 2
LOG_LEVELS = (logging.WARNING, logging.INFO, logging.DEBUG)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="newsdesk")
def main() -> None:
    """newsdesk: ingest, understand and publish news."""


@main.command()
@click.argument("inputs", metavar="INPUT...", nargs=-1, required=True)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "jsonl"]),
    default="json",
    show_default=True,
    help="json: one article as an indented object, several as one compact object per line; "
    "jsonl: always one compact object per line.",
)
@click.option(
    "--allow-private", is_flag=True, default=None, help="Fetch URLs on private, loopback or link-local addresses."
)
@click.option(
    "--metadata-only",
    is_flag=True,
    help="Leave out the body and links: headline, dates, authors, section, image... from the page's metadata "
    "and the markup around the headline, several times faster on HTML. Authors, a dek or an agency named only "
    "in the body's own lines are not found (docs/extraction.md).",
)
@click.option("-v", "--verbose", count=True, help="Log more: -v for progress, -vv for debugging.")
@click.option("--debug", is_flag=True, help="Let unexpected errors raise with their traceback.")
def extract(
    inputs: tuple[str, ...],
    output_format: str,
    allow_private: bool | None,
    metadata_only: bool,
    verbose: int,
    debug: bool,
) -> None:
    """Print the article in each INPUT as JSON, without a database.

    INPUT is an HTML file, a plain-text page dump (.txt), either gzipped, a WARC archive,
    a folder of these, an http(s) URL, or - for standard input.
    """
    _configure_logging(verbose)
    try:
        settings = load_settings(allow_private=allow_private)
    except ConfigError as exc:
        click.echo(f"newsdesk: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    ok = failed = 0
    printer = _ArticlePrinter(output_format, several_inputs=len(inputs) > 1)
    for item in extract_pages(iter_pages(list(inputs), settings), debug=debug, metadata_only=metadata_only):
        if isinstance(item, PipelineError):
            failed += 1
            click.echo(f"newsdesk: {item.input}: {item}", err=True)
        else:
            ok += 1
            printer.add(item)
    printer.close()
    if failed and ok + failed > 1:
        click.echo(f"newsdesk extract: {ok} ok, {failed} failed", err=True)
    sys.exit(EXIT_SOME_FAILED if failed else EXIT_OK)


class _ArticlePrinter:
    """Prints articles as they come. Several inputs or --format jsonl: one compact object per line.
    One input with --format json (a folder or archive may hold many pages): the first article is held
    back until a second comes, so one article alone prints as an indented object."""

    def __init__(self, output_format: str, *, several_inputs: bool) -> None:
        self._lines = output_format == "jsonl" or several_inputs
        self._held: Article | None = None
        self._count = 0

    def add(self, article: Article) -> None:
        self._count += 1
        if self._lines or self._count > 1:
            if self._held is not None:
                _echo_json(self._held, indent=None)
                self._held = None
            _echo_json(article, indent=None)
        else:
            self._held = article

    def close(self) -> None:
        if self._held is not None:
            _echo_json(self._held, indent=2)
            self._held = None


def _echo_json(article: Article, *, indent: int | None) -> None:
    click.echo(json.dumps(article.to_dict(), ensure_ascii=False, indent=indent))


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is at the time of the record (click's test runner swaps it)."""

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, value: object) -> None:
        pass


def _configure_logging(verbose: int) -> None:
    root = logging.getLogger()
    if not any(isinstance(handler, _StderrHandler) for handler in root.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(LOG_LEVELS[min(verbose, len(LOG_LEVELS) - 1)])


# --- ingest, sources, crawl ----------------------------------------------------------------------


if TYPE_CHECKING:  # for the ingest, sources and crawl commands below
    from datetime import datetime

    from newsdesk.config import Settings
    from newsdesk.pipeline.crawl import PoliteFetcher
    from newsdesk.pipeline.ingest import Ingester
    from newsdesk.storage.base import Store


class _Progress:
    """A progress bar on stderr when it is a terminal (tqdm); nothing otherwise. Lines printed
    through ``echo`` go above the bar."""

    def __init__(self, unit: str = "page") -> None:
        self._bar = None
        if sys.stderr.isatty():
            from tqdm import tqdm

            self._bar = tqdm(unit=unit, file=sys.stderr, dynamic_ncols=True, leave=False)

    def update(self, outcome: str, input: str) -> None:
        if self._bar is not None:
            self._bar.update(1)

    def echo(self, message: str) -> None:
        if self._bar is not None:
            self._bar.write(message, file=sys.stderr)
        else:
            click.echo(message, err=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def _load_crawl_settings(**overrides: object) -> Settings:
    try:
        return load_settings(**overrides)
    except ConfigError as exc:
        click.echo(f"newsdesk: {exc}", err=True)
        sys.exit(EXIT_USAGE)


def _open_store_or_exit(settings: Settings) -> Store:
    from newsdesk.storage import StorageError, open_store

    try:
        return open_store(settings.database_url)
    except StorageError as exc:
        click.echo(f"newsdesk: {exc}", err=True)
        sys.exit(EXIT_USAGE)


def _ingester(store: Store, settings: Settings, fetcher: PoliteFetcher, progress: _Progress, debug: bool) -> Ingester:
    from newsdesk.pipeline.ingest import Ingester

    return Ingester(
        store,
        settings,
        fetcher,
        on_page=progress.update,
        on_failure=lambda error: progress.echo(f"newsdesk: {error.input}: {error}"),
        on_notice=lambda message: progress.echo(f"newsdesk: {message}"),
        debug=debug,
    )


_allow_private_option = click.option(
    "--allow-private", is_flag=True, default=None, help="Fetch URLs on private, loopback or link-local addresses."
)
_verbose_option = click.option("-v", "--verbose", count=True, help="Log more: -v for progress, -vv for debugging.")


@main.command()
@click.argument("inputs", metavar="INPUT...", nargs=-1, required=True)
@_allow_private_option
@_verbose_option
@click.option("--debug", is_flag=True, help="Let unexpected errors raise with their traceback.")
def ingest(inputs: tuple[str, ...], allow_private: bool | None, verbose: int, debug: bool) -> None:
    """Extract the articles in each INPUT and store them in the database.

    INPUT is anything `extract` reads (HTML, text dumps, WARC/WET, folders, URLs, - for stdin)
    or an RSS/Atom/JSON feed or a sitemap, local or by URL, which is followed to its articles.
    Prints a summary at the end; exits 1 if some pages failed (each named on stderr).
    """
    from newsdesk.pipeline.crawl import PoliteFetcher

    _configure_logging(verbose)
    settings = _load_crawl_settings(allow_private=allow_private)
    store = _open_store_or_exit(settings)
    progress = _Progress()
    try:
        with PoliteFetcher(settings) as fetcher:
            counts = _ingester(store, settings, fetcher, progress, debug).ingest_inputs(list(inputs))
    finally:
        progress.close()
        store.close()
    click.echo(f"ingest: {counts.summary()}", err=True)
    sys.exit(EXIT_SOME_FAILED if counts.failed else EXIT_OK)


@main.group()
def sources() -> None:
    """Feeds, sitemaps and site pages that `crawl` follows."""


@sources.command("add")
@click.argument("url")
@click.option("--every", default=None, metavar="DURATION", help="How often to fetch it: 900, 15m, 2h, 1d.")
@_allow_private_option
def sources_add(url: str, every: str | None, allow_private: bool | None) -> None:
    """Follow URL: fetched once now to tell a feed, a sitemap or a site page apart."""
    from newsdesk.config import parse_duration
    from newsdesk.pipeline.crawl import PoliteFetcher
    from newsdesk.pipeline.ingest import detect_source_kind
    from newsdesk.storage import StorageError

    settings = _load_crawl_settings(allow_private=allow_private)
    try:
        every_seconds = parse_duration(every, source="--every") if every is not None else settings.default_every
    except ConfigError as exc:
        click.echo(f"newsdesk: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    if every_seconds < 60:
        click.echo(f"newsdesk: --every has value {every!r}. Expected at least a minute, such as 15m.", err=True)
        sys.exit(EXIT_USAGE)
    if not url.lower().startswith(("http://", "https://")):
        click.echo(f"newsdesk: {url}: not an http(s) URL; give the feed, sitemap or page address", err=True)
        sys.exit(EXIT_USAGE)
    store = _open_store_or_exit(settings)
    try:
        with PoliteFetcher(settings) as fetcher:
            kind, found = detect_source_kind(fetcher, url)
        source = store.add_source(url, kind=kind, every_seconds=every_seconds, title=found.title)
    except PipelineError as exc:
        click.echo(f"newsdesk: {url}: cannot add it: {exc}", err=True)
        sys.exit(EXIT_SOME_FAILED)
    except StorageError as exc:
        click.echo(f"newsdesk: {url}: {exc}", err=True)
        sys.exit(EXIT_SOME_FAILED)
    finally:
        store.close()
    what = {"feed": f"a feed of {len(found.entries)} entries", "sitemap": f"a {found.kind}"}.get(kind, "a site page")
    if kind == "page":
        what += f" advertising {len(found.feeds)} feed(s)" if found.feeds else " advertising no feed"
    click.echo(f"source {source.id}: {url}: {what}, fetched every {_duration(every_seconds)}")


@sources.command("list")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def sources_list(output_format: str) -> None:
    """Every source with its fetch health: last success, last error, error count, articles."""
    settings = _load_crawl_settings()
    store = _open_store_or_exit(settings)
    try:
        found = store.list_sources()
    finally:
        store.close()
    if output_format == "json":
        click.echo(json.dumps([s.to_dict() for s in found], ensure_ascii=False, indent=2))
        return
    if not found:
        click.echo("no sources yet: add one with `newsdesk sources add URL`")
        return
    for s in found:
        health = f"last success {_when(s.last_success_at)}"
        if s.last_error:
            health += f", {s.error_count} error(s), last {_when(s.last_error_at)}: {s.last_error}"
        click.echo(
            f"{s.id:>3}  {s.kind:<7} every {_duration(s.every_seconds):<4} {s.article_count:>6} articles  "
            f"{s.url}\n     {health}"
        )


@sources.command("remove")
@click.argument("source", metavar="ID|URL")
def sources_remove(source: str) -> None:
    """Stop following a source (its articles stay)."""
    settings = _load_crawl_settings()
    store = _open_store_or_exit(settings)
    try:
        found = store.get_source(int(source)) if source.isdigit() else store.find_source(source)
        if found is None or not store.remove_source(found.id):
            click.echo(f"newsdesk: no source {source}; see `newsdesk sources list`", err=True)
            sys.exit(EXIT_SOME_FAILED)
    finally:
        store.close()
    click.echo(f"removed source {found.id}: {found.url}")


@main.command()
@click.option("--forever", is_flag=True, help="Keep going: fetch each source again when it is due (Ctrl-C stops).")
@_allow_private_option
@_verbose_option
@click.option("--debug", is_flag=True, help="Let unexpected errors raise with their traceback.")
def crawl(forever: bool, allow_private: bool | None, verbose: int, debug: bool) -> None:
    """Fetch the sources that are due, politely, and store their new articles."""
    import time
    from datetime import UTC, datetime

    from newsdesk.pipeline.crawl import PoliteFetcher
    from newsdesk.pipeline.ingest import crawl_due

    _configure_logging(verbose)
    settings = _load_crawl_settings(allow_private=allow_private)
    store = _open_store_or_exit(settings)
    failed = False
    try:
        while True:
            progress = _Progress()
            try:
                with PoliteFetcher(settings) as fetcher:
                    ingester = _ingester(store, settings, fetcher, progress, debug)
                    crawled = crawl_due(ingester)
            finally:
                progress.close()
            failed = failed or ingester.counts.failed > 0
            if crawled or not forever:
                click.echo(f"crawl: {len(crawled)} source(s), {ingester.counts.summary()}", err=True)
            if not forever:
                break
            upcoming = [s.next_due_at for s in store.list_sources() if s.next_due_at is not None]
            pause = (min(upcoming) - datetime.now(UTC)).total_seconds() if upcoming else settings.default_every
            time.sleep(min(max(pause, 1.0), 60.0))
    except KeyboardInterrupt:
        click.echo("crawl: stopped", err=True)
        sys.exit(EXIT_OK)
    finally:
        store.close()
    sys.exit(EXIT_SOME_FAILED if failed else EXIT_OK)


def _duration(seconds: int) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "never"


# --- migrate, search, stats ----------------------------------------------------------------------


@main.command()
def migrate() -> None:
    """Create the database or bring its schema up to date (NEWSDESK_DATABASE_URL).

    Safe to run at any time: migrations already applied are skipped."""
    from newsdesk.storage import StorageError, open_store

    settings = _load_crawl_settings()
    try:
        store = open_store(settings.database_url, check_schema=False)
        try:
            applied = store.migrate()
        finally:
            store.close()
    except StorageError as exc:
        click.echo(f"newsdesk: {exc}", err=True)
        sys.exit(EXIT_SOME_FAILED)
    if applied:
        click.echo(f"migrate: applied {len(applied)} migration(s): {', '.join(applied)}")
    else:
        click.echo("migrate: the database is up to date")


@main.command()
@click.argument("query")
@click.option("--section", default=None, help="Only articles in this section (case-insensitive).")
@click.option("--source", "source_id", type=int, default=None, metavar="ID", help="Only articles from this source.")
@click.option(
    "--since", default=None, metavar="DATE", help="Published on or after DATE (2025-03-04, or 7d for days ago)."
)
@click.option("--until", default=None, metavar="DATE", help="Published on or before DATE (a whole day when no time).")
@click.option("--author", default=None, help="Only articles whose byline contains this name.")
@click.option("--limit", type=click.IntRange(1, 500), default=20, show_default=True, help="Most hits to show.")
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Output."
)
def search(
    query: str,
    section: str | None,
    source_id: int | None,
    since: str | None,
    until: str | None,
    author: str | None,
    limit: int,
    output_format: str,
) -> None:
    """Full-text search of the stored articles, best first (bm25 relevance blended with recency).

    QUERY holds words (all must match), "exact phrases", prefixes such as flood*, and AND, OR,
    NOT and parentheses in capitals. Near-duplicates are shown once. Matches are marked [like this].
    """
    from newsdesk.storage import QueryError, SearchQuery, StorageError

    settings = _load_crawl_settings()
    request = SearchQuery(
        text=query,
        section=section,
        source_id=source_id,
        since=_date_option("--since", since, end_of_day=False),
        until=_date_option("--until", until, end_of_day=True),
        author=author,
        limit=limit,
    )
    store = _open_store_or_exit(settings)
    try:
        results = store.search(request)
    except QueryError as exc:
        click.echo(f"newsdesk search: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    except StorageError as exc:
        click.echo(f"newsdesk search: {exc}", err=True)
        sys.exit(EXIT_SOME_FAILED)
    finally:
        store.close()
    if output_format == "json":
        payload = {"query": query, "match": results.match_expression, "count": len(results.hits)}
        payload["hits"] = [hit.to_dict() for hit in results.hits]  # type: ignore[assignment]
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    if not results.hits:
        click.echo("No articles match.", err=True)
        return
    for rank, hit in enumerate(results.hits, start=1):
        click.echo(f"{rank}. {hit.headline or '(no headline)'}")
        meta = [hit.section, hit.site_name, hit.published_at.date().isoformat() if hit.published_at else None]
        meta.append(", ".join(hit.authors) or None)
        click.echo("   " + " · ".join(m for m in meta if m))
        click.echo(f"   {hit.snippet}")
        click.echo(f"   {hit.url or ''}  [id {hit.article_id}]".rstrip())


@main.command()
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Output."
)
def stats(output_format: str) -> None:
    """Counts of stored articles (shown), duplicates, revisions, sources and recorded failures."""
    settings = _load_crawl_settings()
    store = _open_store_or_exit(settings)
    try:
        counts = store.stats().to_dict()
    finally:
        store.close()
    if output_format == "json":
        click.echo(json.dumps(counts))
        return
    width = max(len(name) for name in counts)
    for name, value in counts.items():
        click.echo(f"{name:<{width}}  {value}")


def _date_option(option: str, value: str | None, *, end_of_day: bool) -> datetime | None:
    """A --since/--until value: an ISO date or date-time (UTC unless it says), or 12h/7d/2w ago."""
    import re
    from datetime import UTC, datetime, time, timedelta

    if value is None:
        return None
    if m := re.match(r"^\s*(\d+)\s*([hdw])\s*$", value):
        hours = int(m.group(1)) * {"h": 1, "d": 24, "w": 168}[m.group(2)]
        return datetime.now(UTC) - timedelta(hours=hours)
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        click.echo(
            f"newsdesk search: {option} has value {value!r}. Expected a date such as 2025-03-04, "
            "2025-03-04T18:00 or 7d (days ago).",
            err=True,
        )
        sys.exit(EXIT_USAGE)
    if len(value.strip()) == 10 and end_of_day:
        parsed = datetime.combine(parsed.date(), time.max)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


# --- serve ---------------------------------------------------------------------------------------


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--debug", is_flag=True, help="Show tracebacks on error pages and log every request.")
def serve(host: str, port: int, debug: bool) -> None:
    """Serve the reader site and its JSON API over the database (NEWSDESK_DATABASE_URL) until Ctrl-C.

    API writes (POST /api/ingest, POST/DELETE /api/sources) need NEWSDESK_API_TOKEN to be set."""
    import uvicorn

    from newsdesk.web.app import create_app

    settings = _load_crawl_settings()
    store = _open_store_or_exit(settings)
    app = create_app(settings, store, debug=debug)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"newsdesk: serving http://{shown}:{port}/ (Ctrl-C to stop)", err=True)
    try:
        uvicorn.run(app, host=host, port=port, log_level="info" if debug else "warning", access_log=debug)
    finally:
        store.close()


# --- demo ----------------------------------------------------------------------------------------


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option(
    "--database",
    "database",
    type=click.Path(dir_okay=False),
    default="newsdesk-demo.db",
    show_default=True,
    help="SQLite file to (re)create for the demo.",
)
@click.option("--no-serve", is_flag=True, help="Build the demo database and stop.")
def demo(host: str, port: int, database: str, no_serve: bool) -> None:
    """Build a database from the bundled sample newsroom and serve it: the first thing to run.

    Five fictional outlets' pages (a wire-copy site, a WordPress paper, an Arc/Next.js site, AMP
    pages and a radio station's text dumps) go through the ordinary extraction and ingest pipeline,
    offline, into a fresh SQLite database (recreated on every run), then the reader site starts."""
    from pathlib import Path

    from newsdesk.demo import build_database, is_demo_database
    from newsdesk.storage import StorageError

    path = Path(database)
    if path.exists() and path.stat().st_size > 0 and not is_demo_database(path):
        click.echo(
            f"newsdesk: {database} exists and is not a demo database; it is left alone. "
            "Choose another file with --database.",
            err=True,
        )
        sys.exit(EXIT_USAGE)
    try:
        result = build_database(path)
    except StorageError as exc:
        click.echo(f"newsdesk: {exc}", err=True)
        sys.exit(EXIT_SOME_FAILED)
    for failure in result.failed:
        click.echo(f"newsdesk: {failure}", err=True)
    click.echo(
        f"demo: {result.pages} pages from {result.sources} outlets -> {result.articles} articles "
        f"(+{result.duplicates} syndicated copies), {len(result.sections)} sections "
        f"({', '.join(result.sections)}), in {result.seconds:.1f} s"
    )
    click.echo(f"demo: database {result.database}")
    if result.failed:
        sys.exit(EXIT_SOME_FAILED)
    if no_serve:
        return
    import uvicorn

    from newsdesk.web.app import create_app

    settings = _load_crawl_settings(database_url=f"sqlite:///{result.database}")
    store = _open_store_or_exit(settings)
    app = create_app(settings, store)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Open http://{shown}:{port}/  (Ctrl-C to stop)")
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
    finally:
        store.close()


# the commands written in their own modules (newsdesk/commands/): stories, entities, batch, export
from newsdesk.commands import registered

for _command in registered():
    main.add_command(_command)
