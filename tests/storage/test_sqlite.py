"""The Store on a real database (SQLite file, and PostgreSQL when enabled): upserts, revisions, lists, sources, fetch log, failures."""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsdesk.storage import FetchRecord, StorageError, Store, open_store
from newsdesk.storage.sqlite import SQLiteStore, database_path
from tests.storage.conftest import fictional_text, make_article


def test_store_satisfies_the_protocol(fresh_store: Store) -> None:
    assert isinstance(fresh_store, Store)


def test_database_uses_wal(sqlite_store: SQLiteStore, tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "newsdesk.db")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_upsert_twice_stores_once(fresh_store: Store) -> None:
    article = make_article(1)
    assert fresh_store.upsert_article(article).status == "new"
    again = fresh_store.upsert_article(article)
    assert (again.status, again.revision) == ("unchanged", 1)
    assert fresh_store.stats().articles == 1


def test_stored_article_round_trips(fresh_store: Store) -> None:
    article = make_article(2, section="World")
    fresh_store.upsert_article(article)
    assert fresh_store.get_article(article.id) == article
    assert fresh_store.get_article("no-such-id") is None


def test_changed_text_is_a_new_revision_and_the_old_one_is_kept(fresh_store: Store) -> None:
    first = make_article(3)
    second = dataclasses.replace(first, text=first.text + " A correction was added on Tuesday evening.")
    fresh_store.upsert_article(first)
    outcome = fresh_store.upsert_article(second)
    assert (outcome.status, outcome.revision) == ("updated", 2)
    assert fresh_store.get_article(first.id) == second
    revisions = fresh_store.list_revisions(first.id)
    assert [r.number for r in revisions] == [1, 2]
    assert revisions[0].article.text == first.text
    assert fresh_store.stats().revisions == 1
    assert fresh_store.stats().articles == 1
    assert fresh_store.upsert_article(second).status == "unchanged"


def test_list_articles_newest_first_with_filters(fresh_store: Store) -> None:
    day = datetime(2025, 3, 10, tzinfo=UTC)
    for n in range(5):
        section = "Sport" if n % 2 else "Local"
        fresh_store.upsert_article(make_article(n, section=section, published=day + timedelta(days=n)))
    listed = fresh_store.list_articles()
    assert [a.headline for a in listed] == [f"Story number {n}" for n in (4, 3, 2, 1, 0)]
    assert [a.headline for a in fresh_store.list_articles(section="sport")] == ["Story number 3", "Story number 1"]
    since = fresh_store.list_articles(since=day + timedelta(days=3))
    assert [a.headline for a in since] == ["Story number 4", "Story number 3"]
    assert len(fresh_store.list_articles(limit=2, offset=1)) == 2


def test_has_url_knows_variants(fresh_store: Store) -> None:
    fresh_store.upsert_article(make_article(5, url="https://www.lakeside.example/news/ferry-returns"))
    assert fresh_store.has_url("https://www.lakeside.example/news/ferry-returns")
    assert fresh_store.has_url("http://m.lakeside.example/news/ferry-returns/amp/?utm_source=x&fbclid=y")
    assert not fresh_store.has_url("https://www.lakeside.example/news/other")


def test_page_seen_remembers_content_hash(fresh_store: Store) -> None:
    article = make_article(6)
    fresh_store.upsert_article(article, content_hash="abc", page_key="pages/six.html")
    assert fresh_store.page_seen("pages/six.html", "abc")
    assert not fresh_store.page_seen("pages/six.html", "changed")
    assert not fresh_store.page_seen("pages/seven.html", "abc")


def test_batch_upsert_is_one_transaction_with_outcomes_in_order(fresh_store: Store) -> None:
    articles = [make_article(n) for n in range(10, 15)]
    outcomes = fresh_store.upsert_articles(articles, content_hashes={articles[0].input: "h0"})
    assert [o.status for o in outcomes] == ["new"] * 5
    assert fresh_store.page_seen(articles[0].input, "h0")
    assert [o.status for o in fresh_store.upsert_articles(articles)] == ["unchanged"] * 5


def test_a_failed_batch_leaves_nothing(fresh_store: Store) -> None:
    good = make_article(20)
    bad = dataclasses.replace(make_article(21), source_id=object())  # type: ignore[arg-type]
    with pytest.raises(TypeError):  # the second article cannot be stored; the first must not stay either
        fresh_store.upsert_articles([good, bad])
    assert fresh_store.stats().articles == 0
    assert fresh_store.integrity_check() == "ok"


def test_sources_add_list_due_and_remove(fresh_store: Store) -> None:
    now = datetime(2025, 3, 1, 12, tzinfo=UTC)
    feed = fresh_store.add_source("https://lakeside.example/feed.xml", kind="feed", every_seconds=900, now=now)
    site = fresh_store.add_source("https://lakeside.example/", kind="page", every_seconds=3600, title="Lakeside")
    assert [s.url for s in fresh_store.list_sources()] == [feed.url, site.url]
    assert fresh_store.find_source(site.url) == fresh_store.get_source(site.id)
    with pytest.raises(StorageError, match="already a source"):
        fresh_store.add_source(feed.url, kind="feed", every_seconds=900)
    assert {s.id for s in fresh_store.due_sources(now=now)} == {feed.id, site.id}
    fresh_store.schedule_source(feed.id, now + timedelta(minutes=15))
    assert [s.id for s in fresh_store.due_sources(now=now)] == [site.id]
    assert {s.id for s in fresh_store.due_sources(now=now + timedelta(minutes=15))} == {feed.id, site.id}
    assert fresh_store.remove_source(feed.id)
    assert not fresh_store.remove_source(feed.id)
    assert fresh_store.stats().sources == 1


def test_fetch_health_and_validators(fresh_store: Store) -> None:
    feed = fresh_store.add_source("https://lakeside.example/feed.xml", kind="feed", every_seconds=900)
    fresh_store.record_fetch(FetchRecord(url=feed.url, status="error", source_id=feed.id, error="HTTP 503"))
    fresh_store.record_fetch(FetchRecord(url=feed.url, status="error", source_id=feed.id, http_status=500))
    health = fresh_store.get_source(feed.id)
    assert health is not None
    assert (health.error_count, health.last_error, health.last_success_at) == (2, "HTTP 500", None)
    fresh_store.record_fetch(
        FetchRecord(url=feed.url, status="ok", source_id=feed.id, http_status=200, etag='"v1"', items=3)
    )
    health = fresh_store.get_source(feed.id)
    assert health is not None and health.error_count == 0 and health.last_success_at is not None
    assert health.last_error == "HTTP 500"  # the last error stays visible after a success
    assert fresh_store.get_validators(feed.url).etag == '"v1"'
    assert fresh_store.get_validators("https://elsewhere.example/").etag is None
    assert [f.status for f in fresh_store.list_fetches(source_id=feed.id)] == ["ok", "error", "error"]


def test_articles_count_per_source(fresh_store: Store) -> None:
    feed = fresh_store.add_source("https://lakeside.example/feed.xml", kind="feed", every_seconds=900)
    for n in range(3):
        fresh_store.upsert_article(make_article(30 + n, source_id=feed.id))
    source = fresh_store.get_source(feed.id)
    assert source is not None and source.article_count == 3


def test_failures_are_recorded(fresh_store: Store) -> None:
    feed = fresh_store.add_source("https://lakeside.example/feed.xml", kind="feed", every_seconds=900)
    fresh_store.record_failure("pages/broken.html", "no article text found")
    fresh_store.record_failure("https://lakeside.example/x", "HTTP 404", source_id=feed.id)
    assert fresh_store.stats().failures == 2
    assert [f.input for f in fresh_store.list_failures()] == ["https://lakeside.example/x", "pages/broken.html"]
    assert [f.reason for f in fresh_store.list_failures(source_id=feed.id)] == ["HTTP 404"]
    source = fresh_store.get_source(feed.id)
    assert source is not None and source.last_error == "HTTP 404"


def test_stats_counts(fresh_store: Store) -> None:
    text = fictional_text(99)
    fresh_store.upsert_article(make_article(40, text=text))
    fresh_store.upsert_article(make_article(41, text=text, site="othersite.example"))
    stats = fresh_store.stats().to_dict()
    assert stats == {"articles": 1, "duplicates": 1, "revisions": 0, "sources": 0, "failures": 0}


def test_data_survives_reopening(database_url: str) -> None:
    with open_store(database_url) as store:  # type: ignore[attr-defined]
        store.upsert_article(make_article(50))
    with open_store(database_url) as store:  # type: ignore[attr-defined]
        assert store.stats().articles == 1


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(StorageError, match="cannot open database"):
        open_store(f"sqlite:///{path}")


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="does not exist"):
        open_store(f"sqlite:///{tmp_path / 'nowhere' / 'x.db'}")


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("sqlite:///newsdesk.db", "newsdesk.db"),
        ("sqlite:////var/lib/newsdesk.db", "/var/lib/newsdesk.db"),
        ("sqlite:///:memory:", ":memory:"),
    ],
)
def test_database_path(url: str, path: str) -> None:
    assert database_path(url) == path


def test_unknown_database_scheme_is_refused() -> None:
    with pytest.raises(StorageError, match="Expected sqlite"):
        open_store("mysql://localhost/news")
