"""Commands that live in modules of their own, each exporting ``COMMANDS`` (a list of click commands).

``newsdesk/cli.py`` adds them to the ``newsdesk`` group after its own commands; they may import
``newsdesk.cli``'s helpers (``_open_store_or_exit``, ``_load_crawl_settings``...) inside their
function bodies, never at module level (cli.py imports this package last).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator

import click

MODULES = ("entities", "stories", "enrich", "batch", "export")


def registered() -> Iterator[click.Command]:
    for name in MODULES:
        yield from importlib.import_module(f"newsdesk.commands.{name}").COMMANDS
