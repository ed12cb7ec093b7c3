"""``newsdesk batch``: folders, WARC/WET archives and URL lists through extraction on Dask."""

from __future__ import annotations

import os
import sys

import click

MAX_LISTED_FAILURES = 20


@click.command()
@click.argument("inputs", metavar="INPUT...", nargs=-1, required=True)
@click.option("--scheduler", default=None, metavar="ADDRESS", help="A running Dask scheduler (tcp://HOST:8786).")
@click.option(
    "--workers",
    type=click.IntRange(1, 512),
    default=None,
    help="Worker processes of the local cluster started when there is no --scheduler [default: one per core].",
)
@click.option(
    "--output",
    default=None,
    metavar="DIR.parquet",
    help="Write the articles as Parquet, one file per partition, into this folder (a rerun skips what is there).",
)
@click.option("--into", default=None, metavar="DATABASE_URL", help="Upsert the articles into this database.")
@click.option(
    "--partition-size",
    type=click.IntRange(1, 100_000),
    default=None,
    metavar="N",
    help="Pages per partition [default: about 32 partitions, at most 500 pages each].",
)
@click.option(
    "--writers",
    type=click.IntRange(1, 64),
    default=None,
    metavar="N",
    help="Database writers at once with --into [default: 1 for SQLite, 4 for PostgreSQL].",
)
@click.option(
    "--retries", type=click.IntRange(0, 20), default=2, show_default=True, help="Retries of a failed partition."
)
@click.option(
    "--allow-private", is_flag=True, default=None, help="Fetch URLs on private, loopback or link-local addresses."
)
@click.option(
    "--metadata-only",
    is_flag=True,
    help="Write records without their body and links (as `extract --metadata-only`), to --output only.",
)
@click.option("-v", "--verbose", count=True, help="Log more: -v for a line per partition, -vv for debugging.")
def batch(
    inputs: tuple[str, ...],
    scheduler: str | None,
    workers: int | None,
    output: str | None,
    into: str | None,
    partition_size: int | None,
    writers: int | None,
    retries: int,
    allow_private: bool | None,
    metadata_only: bool,
    verbose: int,
) -> None:
    """Extract the articles in each INPUT on a Dask cluster; write Parquet and/or store them.

    INPUT is a folder (walked as `extract` walks it), a page file, a WARC/WET archive (a .warc.gz of
    one gzip member per record is split by record ranges), a URL list (*.urls: one URL per line) or
    a URL. Inputs are cut into partitions; each worker runs the extraction `extract` and `ingest` run.
    Without --scheduler a local cluster of --workers processes is started. A failed partition is
    retried, then reported; a rerun with the same --output skips the partitions already written.
    Failed pages are listed in DIR/_failures.jsonl (and recorded in the database with --into).
    Exits 1 if pages or partitions failed.
    """
    from newsdesk.cli import EXIT_SOME_FAILED, EXIT_USAGE, _configure_logging, _load_crawl_settings

    _configure_logging(max(verbose - 1, 0))
    if scheduler and workers:
        _usage("give --scheduler or --workers, not both (--workers starts a local cluster)")
    if not output and not into:
        _usage("say where the articles go: --output DIR.parquet and/or --into DATABASE_URL")
    if metadata_only and into:
        _usage("--metadata-only writes Parquet only (a database keeps whole articles): drop --into")
    try:
        import distributed  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError as exc:
        _usage(f"batch needs Dask and pyarrow ({exc.name} is missing): install 'newsdesk[dask]'")
    from newsdesk.batch.partition import plan_partitions
    from newsdesk.batch.run import BatchReport, dask_client, foreign_parts, pending, quiet_dask_logs, run_batch
    from newsdesk.errors import UsageError

    settings = _load_crawl_settings(allow_private=allow_private)
    if output and os.path.exists(output) and not os.path.isdir(output):
        _usage(f"--output {output} is a file; name a folder (it is created), e.g. out.parquet")
    if into:
        _check_database(into)
    try:
        plan = plan_partitions(list(inputs), settings, size=partition_size)
    except UsageError as exc:
        _usage(str(exc))
    if not plan.partitions and not plan.failures:
        _usage("no pages found in the inputs")
    if output and (foreign := foreign_parts(plan, output)):
        _usage(
            f"{output} holds {len(foreign)} partition file(s) of other inputs or another --partition-size "
            "(their articles would be there twice); use a new --output folder, or the options of that run"
        )
    if plan.partitions and not pending(plan, output, into, metadata_only=metadata_only):
        report = BatchReport(partitions=len(plan.partitions), skipped=len(plan.partitions))
        click.echo(f"batch: nothing to do: {report.summary()}", err=True)
        sys.exit(0)
    quiet_dask_logs(verbose > 1)
    progress = _Progress(verbose)
    try:
        with dask_client(scheduler, workers) as client:
            report = run_batch(
                plan,
                settings,
                client,
                output=output,
                into=into,
                writers=writers,
                retries=retries,
                on_progress=progress.update,
                metadata_only=metadata_only,
            )
    except (OSError, TimeoutError) as exc:
        where = f"the Dask scheduler at {scheduler}" if scheduler else "a local Dask cluster"
        click.echo(f"newsdesk: cannot start or reach {where}: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    finally:
        progress.close()
    for input, reason in report.failed_pages[:MAX_LISTED_FAILURES]:
        click.echo(f"newsdesk: {input}: {reason}", err=True)
    if len(report.failed_pages) > MAX_LISTED_FAILURES:
        more = len(report.failed_pages) - MAX_LISTED_FAILURES
        where = f" (all in {output}/_failures.jsonl)" if output else ""
        click.echo(f"newsdesk: ... and {more} more failed pages{where}", err=True)
    for partition, reason in report.failed_partitions:
        click.echo(f"newsdesk: partition {partition.id} ({partition.describe()}): {reason}", err=True)
    click.echo(f"batch: {report.summary()}", err=True)
    sys.exit(0 if report.ok else EXIT_SOME_FAILED)


def _usage(message: str) -> None:
    from newsdesk.cli import EXIT_USAGE

    click.echo(f"newsdesk: {message}", err=True)
    sys.exit(EXIT_USAGE)


def _check_database(url: str) -> None:
    """Open (and for a new database, create) the target once on the driver, so a bad URL is one line."""
    from newsdesk.storage import StorageError, open_store

    try:
        open_store(url).close()
    except StorageError as exc:
        _usage(f"--into: {exc}")


class _Progress:
    """A line on stderr that rewrites itself when stderr is a terminal; with -v, a line per partition."""

    def __init__(self, verbose: int) -> None:
        self._tty = sys.stderr.isatty()
        self._verbose = verbose
        self._shown = False

    def update(self, report: object) -> None:
        from newsdesk.batch.run import BatchReport

        assert isinstance(report, BatchReport)
        line = (
            f"batch: {report.done + report.skipped + len(report.failed_partitions)}/{report.partitions} partitions, "
            f"{report.pages} pages, {report.pages_per_second():.1f} pages/s"
        )
        if self._tty:
            click.echo("\r" + line + "\x1b[K", nl=False, err=True)
            self._shown = True
        elif self._verbose:
            click.echo(line, err=True)

    def close(self) -> None:
        if self._shown:
            click.echo("\r\x1b[K", nl=False, err=True)


COMMANDS = [batch]
