"""The ``newsdesk`` command. Thin: parse options, call the library, turn errors into messages.

Exit codes for batch commands: 0 all ok, 1 some inputs failed (one line each on stderr),
2 usage or configuration error (nothing was processed).
"""

from __future__ import annotations

import json
import logging
import sys
from typing import TextIO

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
@click.option("-v", "--verbose", count=True, help="Log more: -v for progress, -vv for debugging.")
@click.option("--debug", is_flag=True, help="Let unexpected errors raise with their traceback.")
def extract(inputs: tuple[str, ...], output_format: str, allow_private: bool | None, verbose: int, debug: bool) -> None:
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
    printer = _ArticlePrinter(output_format)
    for item in extract_pages(iter_pages(list(inputs), settings), debug=debug):
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
    """Prints articles as they come. With --format json the first one is held back until a second
    comes: one article alone prints as an indented object, several print one compact object per line."""

    def __init__(self, output_format: str) -> None:
        self._lines = output_format == "jsonl"
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
