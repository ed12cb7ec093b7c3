"""`newsdesk ingest`, `sources add|list|remove` and `crawl` through click's CliRunner, on a real SQLite
file and a loopback server: summaries, one line per failure, exit codes 0/1/2, nothing else on stderr."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsdesk.cli import main
from tests.conftest import ARTICLE_PAGE, LoopbackServer, send

FEEDS = Path(__file__).parent / "data" / "feeds"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        "NEWSDESK_DATABASE_URL": f"sqlite:///{tmp_path / 'newsdesk.db'}",
        "NEWSDESK_CRAWL_DELAY": "0",
        "NEWSDESK_ALLOW_PRIVATE": "1",
    }


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def feed_server(article_html: bytes) -> Iterator[LoopbackServer]:
    routes = {}
    with LoopbackServer(routes) as server:
        rss = (
            f'<rss version="2.0"><channel><title>Lakeside Courier</title>'
            f"<item><link>{server.url('/story')}</link></item></channel></rss>"
        ).encode()
        page = b'<html><head><link rel="alternate" type="application/rss+xml" href="/feed.rss"></head></html>'
        routes["/feed.rss"] = lambda h: send(h, 200, rss, {"Content-Type": "application/rss+xml"})
        routes["/story"] = lambda h: send(h, 200, article_html)
        routes["/home"] = lambda h: send(h, 200, page)
        routes["/robots.txt"] = lambda h: send(h, 404, b"")
        yield server


def test_ingest_prints_a_summary_and_a_second_run_is_all_unchanged(
    runner: CliRunner, env: dict[str, str], tmp_path: Path
) -> None:
    first = runner.invoke(main, ["ingest", str(ARTICLE_PAGE)], env=env)
    assert first.exit_code == 0, first.output
    assert first.stderr == "ingest: 1 page: 1 new, 0 updated, 0 unchanged, 0 duplicate, 0 failed\n"
    assert first.stdout == ""
    second = runner.invoke(main, ["ingest", str(ARTICLE_PAGE)], env=env)
    assert second.stderr == "ingest: 1 page: 0 new, 0 updated, 1 unchanged, 0 duplicate, 0 failed\n"


def test_ingest_names_each_failure_and_exits_1(runner: CliRunner, env: dict[str, str], tmp_path: Path) -> None:
    laughs = str(FEEDS / "hostile_billion_laughs.xml")
    result = runner.invoke(main, ["ingest", str(ARTICLE_PAGE), laughs, str(tmp_path / "missing.html")], env=env)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"newsdesk: {laughs}: refused: the document declares XML entities")
    assert lines[1].startswith(f"newsdesk: {tmp_path / 'missing.html'}: no such file")
    assert lines[2] == "ingest: 3 pages: 1 new, 0 updated, 0 unchanged, 0 duplicate, 2 failed"


def test_ingest_with_a_bad_setting_is_a_usage_error(runner: CliRunner, env: dict[str, str]) -> None:
    result = runner.invoke(main, ["ingest", str(ARTICLE_PAGE)], env={**env, "NEWSDESK_CRAWL_DELAY": "soon"})
    assert result.exit_code == 2
    assert result.stderr.startswith("newsdesk: NEWSDESK_CRAWL_DELAY has value 'soon'.")


def test_sources_add_detects_the_kind_list_shows_health_and_remove_forgets(
    runner: CliRunner, env: dict[str, str], feed_server: LoopbackServer
) -> None:
    feed, home = feed_server.url("/feed.rss"), feed_server.url("/home")
    added = runner.invoke(main, ["sources", "add", feed, "--every", "30m"], env=env)
    assert added.exit_code == 0, added.output
    assert added.stdout == f"source 1: {feed}: a feed of 1 entries, fetched every 30m\n"
    page = runner.invoke(main, ["sources", "add", home], env=env)
    assert page.stdout == f"source 2: {home}: a site page advertising 1 feed(s), fetched every 15m\n"
    again = runner.invoke(main, ["sources", "add", feed], env=env)
    assert again.exit_code == 1 and "already" in again.stderr

    crawled = runner.invoke(main, ["crawl"], env=env)
    assert crawled.exit_code == 0, crawled.output
    assert crawled.stderr.startswith("crawl: 2 source(s), 2 pages: 1 new")

    listed = json.loads(runner.invoke(main, ["sources", "list", "--format", "json"], env=env).stdout)
    assert [(s["id"], s["kind"], s["every_seconds"]) for s in listed] == [(1, "feed", 1800), (2, "page", 900)]
    assert listed[0]["last_success_at"] is not None and listed[0]["article_count"] == 1
    text = runner.invoke(main, ["sources", "list"], env=env).stdout
    assert feed in text and "last success 20" in text

    removed = runner.invoke(main, ["sources", "remove", feed], env=env)
    assert removed.stdout == f"removed source 1: {feed}\n"
    assert runner.invoke(main, ["sources", "remove", "1"], env=env).exit_code == 1
    assert runner.invoke(main, ["sources", "remove", "2"], env=env).exit_code == 0
    assert runner.invoke(main, ["sources", "list"], env=env).stdout.startswith("no sources yet")


def test_sources_add_refuses_bad_input_with_one_line(runner: CliRunner, env: dict[str, str]) -> None:
    every = runner.invoke(main, ["sources", "add", "https://courier.example/feed", "--every", "often"], env=env)
    assert every.exit_code == 2 and "Expected a duration" in every.stderr
    scheme = runner.invoke(main, ["sources", "add", "ftp://courier.example/feed"], env=env)
    assert scheme.exit_code == 2 and "not an http(s) URL" in scheme.stderr


def test_sources_add_reports_a_url_that_cannot_be_fetched(
    runner: CliRunner, env: dict[str, str], feed_server: LoopbackServer
) -> None:
    result = runner.invoke(main, ["sources", "add", feed_server.url("/nothing")], env=env)
    assert result.exit_code == 1
    assert result.stderr == f"newsdesk: {feed_server.url('/nothing')}: cannot add it: HTTP 404 Not Found\n"
