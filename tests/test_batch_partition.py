"""Cutting batch inputs into partitions and reading one, without a cluster: WARC record ranges, URL lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.batch.partition import iter_partition, plan_partitions
from newsdesk.batch.run import process_partition
from newsdesk.config import load_settings
from newsdesk.errors import PipelineError, UsageError
from newsdesk.inputs import iter_pages
from tests.conftest import LoopbackServer, send, warc_bytes


def _inputs(items) -> list[str]:
    return [item.input for item in items]


def test_a_gzipped_warc_is_split_by_record_and_keeps_extracts_page_names(
    tmp_path: Path, two_article_warc_entries
) -> None:
    settings = load_settings(environ={})
    archive = tmp_path / "crawl.warc.gz"
    archive.write_bytes(warc_bytes(two_article_warc_entries * 3, gzipped=True))
    plan = plan_partitions([str(archive)], settings, size=2)
    assert [p.kind for p in plan.partitions] == ["warc-range"] * 3
    assert [p.pages for p in plan.partitions] == [2, 2, 2]
    read = [item for p in plan.partitions for item in iter_partition(p, settings)]
    assert _inputs(read) == _inputs(iter_pages([str(archive)], settings))
    assert [getattr(i, "url", None) for i in read] == [
        getattr(i, "url", None) for i in iter_pages([str(archive)], settings)
    ]
    again = plan_partitions([str(archive)], settings, size=2)
    assert [p.id for p in again.partitions] == [p.id for p in plan.partitions]  # stable ids
    assert len({p.id for p in plan.partitions}) == 3


def test_archives_that_cannot_be_split_are_one_partition(tmp_path: Path, two_article_warc_entries) -> None:
    settings = load_settings(environ={})
    plain = tmp_path / "plain.warc"
    plain.write_bytes(warc_bytes(two_article_warc_entries))
    truncated = tmp_path / "cut.warc.gz"
    truncated.write_bytes(warc_bytes(two_article_warc_entries, gzipped=True)[:-40])
    plan = plan_partitions([str(plain), str(truncated)], settings, size=1)
    assert [(p.kind, p.path) for p in plan.partitions] == [("archive", str(plain)), ("archive", str(truncated))]
    result = process_partition(plan.partitions[1], settings)
    assert result.failures and "truncated" in result.failures[-1][1]  # reported as extract reports it


def test_a_url_list_becomes_url_partitions_fetched_by_the_workers(tmp_path: Path, article_html: bytes) -> None:
    routes = {
        "/a": lambda h: send(h, 200, article_html),
        "/b": lambda h: send(h, 200, article_html.replace(b"ferry", b"boat")),
    }
    with LoopbackServer(routes) as server:
        listing = tmp_path / "today.urls"
        listing.write_text(f"# three pages\n{server.url('/a')}\n\n{server.url('/b')}\n{server.url('/gone')}\n")
        settings = load_settings(environ={}, allow_private=True, crawl_delay=0)
        plan = plan_partitions([str(listing)], settings, size=2)
        assert [(p.kind, len(p.items)) for p in plan.partitions] == [("urls", 2), ("urls", 1)]
        results = [process_partition(p, settings) for p in plan.partitions]
    assert [len(r.articles) for r in results] == [2, 0]
    assert results[1].failures[0][0] == server.url("/gone") and "404" in results[1].failures[0][1]
    assert all(a.fetched_at is not None for a in results[0].articles)


def test_bad_inputs_are_usage_errors(tmp_path: Path) -> None:
    settings = load_settings(environ={})
    with pytest.raises(UsageError, match="standard input"):
        plan_partitions(["-"], settings)
    with pytest.raises(UsageError, match="no such file"):
        plan_partitions([str(tmp_path / "nope")], settings)
    bad = tmp_path / "x.urls"
    bad.write_text("https://example.org/a\nnot a url\n")
    with pytest.raises(UsageError, match=r"x.urls:2: not an http\(s\) URL"):
        plan_partitions([str(bad)], settings)
    empty = tmp_path / "empty"
    empty.mkdir()
    plan = plan_partitions([str(empty)], settings)
    assert plan.partitions == [] and isinstance(plan.failures[0], PipelineError)
