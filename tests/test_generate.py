"""bench/generate.py: synthetic news pages are deterministic, counted, varied, and extract correctly."""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

import pytest

from newsdesk.config import load_settings
from newsdesk.inputs import iter_pages as read_inputs
from newsdesk.models import FetchedPage
from newsdesk.pipeline.extract import extract_article

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import generate


def _tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _manifest(folder: Path) -> list[dict]:
    return [json.loads(line) for line in (folder / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_same_seed_gives_identical_pages_and_another_seed_does_not(tmp_path):
    for name, seed in (("a", 3), ("b", 3), ("c", 4)):
        generate.generate_pages(40, seed, tmp_path / name)
    assert _tree_digest(tmp_path / "a") == _tree_digest(tmp_path / "b")
    assert _tree_digest(tmp_path / "a") != _tree_digest(tmp_path / "c")


def test_writes_the_requested_count_with_duplicates_revisions_and_many_layouts(tmp_path):
    summary = generate.generate_pages(150, 5, tmp_path, duplicate_rate=0.2, revision_rate=0.1)
    rows = _manifest(tmp_path)
    assert summary["pages"] == len(rows) == 150
    assert len(list(tmp_path.rglob("*.html"))) == 150
    assert [r["index"] for r in rows] == list(range(150))
    kinds = {r["kind"] for r in rows}
    assert kinds == {"original", "duplicate", "revision"}
    assert len({r["family"] for r in rows}) >= 8
    assert len({r["site"] for r in rows}) >= 15
    by_index = {r["index"]: r for r in rows}
    for r in rows:
        if r["kind"] == "revision":  # same URL, later modified date
            parent = by_index[r["of"]]
            assert r["url"] == parent["url"] and r["updated"] > parent["published"]
        if r["kind"] == "duplicate":  # a wire story run by another site
            parent = by_index[r["of"]]
            assert parent["agency"] and r["site"] != parent["site"] and r["url"] != parent["url"]


def test_newsdesk_extracts_headline_byline_and_every_paragraph(tmp_path):
    seen_families = set()
    for gp in generate.iter_pages(90, 9, duplicate_rate=0.15, revision_rate=0.1):
        article = extract_article(FetchedPage(input=f"page-{gp.index}", content=gp.html.encode("utf-8")))
        story = gp.story
        assert article.headline == story.headline, gp.page.site.family
        assert list(article.authors) == list(story.authors), gp.page.site.family
        assert article.canonical_url == gp.page.url
        text = _norm(article.text)
        assert all(_norm(p) in text for p in story.paragraphs), gp.page.site.family
        assert "Advertisement" not in text and "Cookie policy" not in text
        seen_families.add(gp.page.site.family)
    assert len(seen_families) >= 8


def test_warc_format_holds_one_response_record_per_page(tmp_path):
    generate.generate_pages(12, 2, tmp_path, fmt="warc")
    rows = _manifest(tmp_path)
    pages = list(read_inputs([str(tmp_path / "pages.warc.gz")], load_settings(environ={})))
    assert [p.url for p in pages] == [r["url"] for r in rows]
    assert all(isinstance(p, FetchedPage) and b"<html" in p.content for p in pages)


def test_cli_refuses_unknown_sites(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        generate.main(["3", str(tmp_path), "--sites", "gopher"])
    assert exc.value.code == 2
    assert "unknown site or family: gopher" in capsys.readouterr().err
