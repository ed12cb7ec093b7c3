"""The bundled demo newsroom: its pages are current, each extracts to the story it was written
from, `newsdesk demo` ingests all of them through the ordinary pipeline, and it serves the site."""

from __future__ import annotations

import hashlib
import json
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsdesk.cli import main
from newsdesk.demo import build_database, manifest, read_page
from newsdesk.demo.build import LAYOUTS, PAGES_DIR
from newsdesk.demo.content import load_stories
from newsdesk.pipeline.runner import extract_pages
from newsdesk.storage import open_store


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("demo") / "demo.db"


@pytest.fixture(scope="module")
def built(demo_db: Path):
    return build_database(demo_db)


def _id(url: str) -> str:
    return hashlib.sha256(url.encode()).hexdigest()[:24]


def test_committed_pages_match_the_content(tmp_path: Path) -> None:
    from newsdesk.demo.build import _same, build

    fresh = build(tmp_path / "pages", tmp_path / "manifest.json")
    assert _same(tmp_path / "pages", PAGES_DIR), "run python -m newsdesk.demo.build"
    assert fresh == manifest()


def test_the_newsroom_is_big_and_varied_enough() -> None:
    data = manifest()
    pages = data["pages"]
    originals = [p for p in pages if not p["copy_of"]]
    assert len(originals) >= 60
    assert len({p["outlet"] for p in pages}) >= 5
    assert {o["kind"] for o in data["outlets"]} == {"html", "text"}
    suffixes = {p["file"].split(".", 1)[1] for p in pages}
    assert {"html", "amp.html", "txt"} <= suffixes
    copies = [p for p in pages if p["copy_of"]]
    assert len(copies) >= 5
    for thread in ("ossel-floods", "quillon-breach"):
        days = {p["published"][:10] for p in pages if p["thread"] == thread}
        assert len([p for p in pages if p["thread"] == thread]) >= 5 and len(days) >= 5


@pytest.mark.parametrize("entry", manifest()["pages"], ids=lambda e: e["file"])
def test_each_page_extracts_to_its_story(entry: dict) -> None:
    stories = {s.id: s for s in load_stories()}
    story = stories[entry["story"]]
    [article] = list(extract_pages([read_page(entry)]))
    assert not isinstance(article, Exception), article
    site = LAYOUTS[story.outlet].SITE
    assert article.headline == story.headline
    assert article.standfirst == story.standfirst
    assert article.section == story.section
    assert list(article.authors) == list(story.authors)
    assert article.agency == story.agency
    assert article.published_at is not None
    assert article.published_at.astimezone(site.tz).date() == story.published.astimezone(site.tz).date()
    if site.kind == "html":
        assert article.site_name == site.name
        assert article.canonical_url == entry["url"]
    if story.caption:
        assert article.image is not None and article.image.caption is not None
        assert article.image.caption.startswith(story.caption)
        assert story.credit and (article.image.credit == story.credit or story.credit in article.image.caption)
    paragraphs = [p.removeprefix("## ") for p in story.paragraphs]
    assert [block.text for block in article.body] == paragraphs  # no furniture, nothing lost
    wanted = [stories[story.readmore].headline] if story.readmore else []
    assert [link.title for link in article.related_links] == wanted
    assert len(article.page_links) >= 3


def test_build_ingests_every_page(built, demo_db: Path) -> None:
    data = manifest()
    assert built.failed == []
    assert built.pages == len(data["pages"])
    assert built.articles >= 60
    assert len(built.sections) >= 6
    assert built.sources == len(data["outlets"]) >= 4
    store = open_store(f"sqlite:///{demo_db}")
    try:
        articles = store.list_articles(limit=1000, include_duplicates=True)
        assert len({a.site_name for a in articles}) >= 4
        by_id = {a.id: a for a in articles}
        assert len(by_id) == len(data["pages"])
        urls = {p["story"]: p["url"] for p in data["pages"]}
        for page in data["pages"]:
            article = by_id[_id(page["url"])]
            assert article.source_id is not None
            if page["copy_of"]:
                assert article.duplicate_of == _id(urls[page["copy_of"]]), page["file"]
            else:
                assert article.duplicate_of is None, page["file"]
            if page["thread"]:  # text dumps say "13:30 CET", which newsdesk reads as UTC for now
                assert article.published_at is not None
                published = datetime.fromisoformat(page["published"])
                when = article.published_at if page["kind"] == "html" else article.published_at.date()
                expected = published if page["kind"] == "html" else published.date()
                assert when == expected, page["file"]
        assert all(s.last_success_at is not None and s.article_count > 0 for s in store.list_sources())
    finally:
        store.close()


def test_demo_command_rebuilds_its_database_and_spares_others(tmp_path: Path) -> None:
    runner = CliRunner()
    db = tmp_path / "d.db"
    for _ in range(2):  # the second run recreates the first's database
        result = runner.invoke(main, ["demo", "--no-serve", "--database", str(db)])
        assert result.exit_code == 0, result.output
        assert "articles" in result.output and "syndicated copies" in result.output
    other = tmp_path / "mine.db"
    other.write_text("not a demo database")
    result = runner.invoke(main, ["demo", "--no-serve", "--database", str(other)])
    assert result.exit_code == 2
    assert other.read_text() == "not a demo database"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_demo_serves_the_site(tmp_path: Path) -> None:
    port = _free_port()
    command = [sys.executable, "-m", "newsdesk", "demo", "--port", str(port), "--database", str(tmp_path / "s.db")]
    proc = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        body = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    assert response.status == 200
                    body = response.read().decode()
                    break
            except OSError:
                time.sleep(0.2)
        assert body is not None, "the demo site did not answer within a minute"
        assert "Ossel" in body or "Quillon" in body
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/sources", timeout=5) as response:
            assert len(json.loads(response.read())) > 0
    finally:
        proc.terminate()
        output = proc.communicate(timeout=15)[0]
    assert f"Open http://127.0.0.1:{port}/" in output
