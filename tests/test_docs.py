"""The docs cannot drift: docs/cli.md is what ``--help`` prints, and every setting is documented
(Datasette's cog-checked ``docs/cli-reference.rst`` and ``tests/test_docs.py``)."""

from __future__ import annotations

import importlib.util
import re
from dataclasses import fields
from pathlib import Path

import pytest

from newsdesk.config import Settings, env_name

DOCS = Path(__file__).resolve().parent.parent / "docs"


def _gen_cli():  # docs/ is not a package: load the generator from its file
    spec = importlib.util.spec_from_file_location("gen_cli", DOCS / "gen_cli.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_reference_is_current() -> None:
    expected = _gen_cli().render()
    actual = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/cli.md is stale: run .venv/bin/python docs/gen_cli.py"


def test_cli_reference_covers_every_command() -> None:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    for name in (
        "extract",
        "ingest",
        "sources add",
        "sources list",
        "sources remove",
        "crawl",
        "migrate",
        "search",
        "stats",
        "serve",
        "demo",
    ):
        assert f"## newsdesk {name}\n" in text


def _configuration_rows() -> dict[str, str]:
    text = (DOCS / "configuration.md").read_text(encoding="utf-8")
    return {m.group(1): line for line in text.splitlines() if (m := re.match(r"^\| `(\w+)` \| ", line))}


@pytest.mark.parametrize("name", [f.name for f in fields(Settings)])
def test_every_setting_is_documented(name: str) -> None:
    rows = _configuration_rows()
    assert name in rows, f"Settings.{name} is not in docs/configuration.md's table"
    assert f"`{env_name(name)}`" in rows[name]


def test_no_documented_setting_is_gone() -> None:
    known = {f.name for f in fields(Settings)}
    assert set(_configuration_rows()) <= known
