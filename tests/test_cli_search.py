"""`newsdesk ingest`, `search` and `stats` through the CLI (CliRunner) on each backend (SQLite, PostgreSQL)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsdesk.cli import main

WIRE = Path(__file__).parent / "storage" / "data" / "wire"
THREE_SITES = ("lantern_dam.html", "northgate_dam.html", "coastline_dam.html")


@pytest.fixture
def env(database_url: str) -> dict[str, str]:
    return {"NEWSDESK_DATABASE_URL": database_url}


@pytest.fixture
def three_sites(tmp_path: Path) -> Path:
    """A folder holding one fictional wire story as published by three sites (one lightly edited)."""
    folder = tmp_path / "wire"
    folder.mkdir()
    for name in THREE_SITES:
        shutil.copy(WIRE / name, folder / name)
    return folder


def _search(env: dict[str, str], *args: str) -> dict:  # type: ignore[type-arg]
    result = CliRunner().invoke(main, ["search", *args, "--format", "json"], env=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_three_sites_one_story_one_shown(env: dict[str, str], three_sites: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(three_sites)], env=env).exit_code == 0
    stats = json.loads(runner.invoke(main, ["stats", "--format", "json"], env=env).stdout)
    assert stats == {"articles": 1, "duplicates": 2, "revisions": 0, "sources": 0, "failures": 0}
    found = _search(env, "Orvanne dam")
    assert found["count"] == 1
    assert found["hits"][0]["site_name"] == "Daily Lantern"  # published first: the original


def test_search_by_body_phrase_section_and_dates(env: dict[str, str]) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(WIRE)], env=env).exit_code == 0

    phrase = _search(env, '"seepage was spotted during a routine inspection"')
    assert [h["headline"] for h in phrase["hits"]] == ["Engineers race to shore up Orvanne dam after record rainfall"]
    assert "[seepage was spotted during a routine inspection]" in phrase["hits"][0]["snippet"]

    both = "Orvanne"
    assert _search(env, both)["count"] == 2  # the wire story once, and the farmers' own report
    assert [h["section"] for h in _search(env, both, "--section", "WORLD")["hits"]] == ["World"]
    assert _search(env, both, "--since", "2025-03-05")["count"] == 0
    assert _search(env, both, "--until", "2025-03-04")["count"] == 2  # the whole day
    assert _search(env, both, "--since", "2025-03-04T12:00")["count"] == 1
    assert _search(env, both, "--author", "Tomas Brell")["hits"][0]["site_name"] == "Valley Courier"


def test_search_text_output(env: dict[str, str]) -> None:
    runner = CliRunner()
    runner.invoke(main, ["ingest", str(WIRE / "lantern_dam.html")], env=env)
    result = runner.invoke(main, ["search", "spillway"], env=env)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "1. Engineers race to shore up Orvanne dam after record rainfall"
    assert "World · Daily Lantern · 2025-03-04 · Ilse Varnholt" in lines[1]
    assert "[spillway]" in lines[2]
    nothing = runner.invoke(main, ["search", "zeppelin"], env=env)
    assert nothing.exit_code == 0 and "No articles match" in nothing.stderr


@pytest.mark.parametrize(
    ("query", "problem"),
    [('"unclosed', "unclosed quote"), ("AND OR", "no words"), ("dam (", "unclosed ("), ("dam)", "unmatched )")],
)
def test_malformed_query_is_a_one_line_error(env: dict[str, str], query: str, problem: str) -> None:
    result = CliRunner().invoke(main, ["search", query], env=env)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and problem in lines[0] and lines[0].startswith("newsdesk search:")


def test_bad_date_is_a_usage_error(env: dict[str, str]) -> None:
    result = CliRunner().invoke(main, ["search", "dam", "--since", "last tuesday"], env=env)
    assert result.exit_code == 2
    assert "--since has value 'last tuesday'" in result.stderr


def test_stats_text_and_json_on_an_empty_database(env: dict[str, str]) -> None:
    runner = CliRunner()
    text = runner.invoke(main, ["stats"], env=env)
    assert text.exit_code == 0
    assert text.stdout.split() == [
        "articles",
        "0",
        "duplicates",
        "0",
        "revisions",
        "0",
        "sources",
        "0",
        "failures",
        "0",
    ]
    data = json.loads(runner.invoke(main, ["stats", "--format", "json"], env=env).stdout)
    assert set(data) == {"articles", "duplicates", "revisions", "sources", "failures"}


def test_commands_have_help() -> None:
    for command in ("migrate", "search", "stats"):
        result = CliRunner().invoke(main, [command, "--help"])
        assert result.exit_code == 0 and "Usage" in result.output
