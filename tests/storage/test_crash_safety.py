"""Crash safety: a process storing articles is killed with SIGKILL at random moments; the database
still opens, passes integrity checks, and storing everything again holds each article exactly once."""

from __future__ import annotations

import dataclasses
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from newsdesk.models import Article
from newsdesk.storage import SearchQuery, Store, open_store
from newsdesk.storage.sqlite import SQLiteStore
from tests.backends import postgres_database
from tests.storage.conftest import fictional_text, make_article

ROOT = Path(__file__).resolve().parents[2]
COUNT = 400
KILLS = 5

# Pages 0..COUNT-1; every tenth is a near-copy of the one before (a wire story on another site);
# every seventh has a second edition later in the run (a new revision of the same article). As
# ingest does, a page already stored with the same content hash is skipped; half the chunks are
# stored as one batch transaction, half one article per transaction.
CHILD = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
from newsdesk.models import Article
from newsdesk.storage import Store, open_store
from tests.storage.test_crash_safety import pages, store_pages
store = open_store(sys.argv[1])
print("ready", flush=True)
store_pages(store, pages())
print("done", flush=True)
"""


def pages() -> list[tuple[Article, str]]:
    """(article, content hash) in ingest order."""
    out: list[tuple[Article, str]] = []
    for n in range(COUNT):
        if n % 10 == 9:
            text = out[-1][0].text.replace(" ", "  ", 3)  # the same words: a near-duplicate
            article = make_article(n, text=text, site="copydesk.example")
        else:
            article = make_article(n, text=fictional_text(n, 80))
        out.append((article, f"hash-{n}"))
        if n % 7 == 3:
            earlier = out[-4][0] if len(out) >= 4 else article
            edition = dataclasses.replace(earlier, input=earlier.input + "#v2", text=earlier.text + " Corrected.")
            out.append((edition, f"hash-{n}-v2"))
    return out


def store_pages(store: Store, todo: list[tuple[Article, str]]) -> None:
    for start in range(0, len(todo), 20):
        chunk = [(a, h) for a, h in todo[start : start + 20] if not store.page_seen(a.input, h)]
        if (start // 20) % 2:
            store.upsert_articles([a for a, _ in chunk], content_hashes={a.input: h for a, h in chunk})
        else:
            for article, digest in chunk:
                store.upsert_article(article, content_hash=digest)


def _run_and_kill(db_url: str, rng: random.Random) -> bool:
    """Start a writer, SIGKILL it at a random moment; True if it finished before the kill."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, db_url], stdout=subprocess.PIPE, text=True, cwd=ROOT, env=dict(os.environ)
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    time.sleep(rng.uniform(0.0, 0.5))
    os.kill(child.pid, signal.SIGKILL)
    out, _ = child.communicate(timeout=30)
    return "done" in out


def test_sigkill_at_random_moments_never_corrupts_or_duplicates(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'crash.db'}"
    open_store(db_url).close()
    rng = random.Random(20250304)
    stored = []
    for _ in range(KILLS):
        _run_and_kill(db_url, rng)
        db = sqlite3.connect(tmp_path / "crash.db")
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored.append(db.execute("SELECT count(*) FROM articles").fetchone()[0])
        db.close()
    print("articles stored after each kill:", stored)

    store = open_store(db_url)
    assert isinstance(store, SQLiteStore)
    assert store.integrity_check() == "ok"
    todo = pages()
    store_pages(store, todo)  # the same command again, to the end
    _assert_exactly_once(store, todo)
    again = store.upsert_articles([a for a, _ in todo])
    assert {o.status for o in again} <= {"unchanged", "updated"}  # never new, never a second copy
    _assert_exactly_once(store, todo)
    store.close()


def _assert_exactly_once(store: SQLiteStore, todo: list[tuple[Article, str]]) -> None:
    db = sqlite3.connect(store.path)
    try:
        ids = [row[0] for row in db.execute("SELECT id FROM articles")]
        assert len(ids) == len(set(ids)) == COUNT
        assert set(ids) == {a.id for a, _ in todo}
        stats = store.stats()
        assert stats.articles + stats.duplicates == COUNT
        assert stats.duplicates == COUNT // 10
        # every article's current revision exists, and revisions are numbered without gaps
        assert not db.execute(
            "SELECT 1 FROM articles a LEFT JOIN revisions r ON r.article_id = a.id AND r.number = a.revision "
            "WHERE r.article_id IS NULL"
        ).fetchone()
        assert not db.execute(
            "SELECT article_id FROM revisions GROUP BY article_id HAVING count(*) != max(number)"
        ).fetchone()
        # the search index holds exactly the articles' rows, and agrees with their content
        db.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")
        assert db.execute("SELECT count(*) FROM articles_fts_docsize").fetchone()[0] == COUNT
        # near-duplicate bands point only at stored articles
        assert not db.execute(
            "SELECT 1 FROM lsh_bands b LEFT JOIN articles a ON a.rowid = b.article_rowid WHERE a.rowid IS NULL"
        ).fetchone()
    finally:
        db.close()


def test_sigkill_of_a_postgres_writer_leaves_each_article_whole_or_absent() -> None:
    """PostgreSQL: after each kill every stored article is whole (its text one of the texts stored for
    it, its revisions numbered without gaps, its near-duplicate bands in place) or absent; storing
    everything again then holds each article exactly once."""
    with postgres_database() as db_url:
        open_store(db_url).close()
        rng = random.Random(20250305)
        todo = pages()
        texts: dict[str, set[str]] = {}
        for article, _ in todo:
            texts.setdefault(article.id, set()).add(article.text)
        stored = []
        for _ in range(3):
            _run_and_kill(db_url, rng)
            store = open_store(db_url)
            try:
                articles = store.list_articles(limit=10 * COUNT, include_duplicates=True)
                stored.append(len(articles))
                for article in articles:
                    assert article.text in texts[article.id], f"{article.id} holds a text never stored for it"
                _assert_consistent(store)
            finally:
                store.close()
        print("articles stored after each kill:", stored)

        store = open_store(db_url)
        try:
            store_pages(store, todo)  # the same command again, to the end
            _assert_whole(store, todo)
            again = store.upsert_articles([a for a, _ in todo])
            assert {o.status for o in again} <= {"unchanged", "updated"}  # never new, never a second copy
            _assert_whole(store, todo)
        finally:
            store.close()


def _assert_consistent(store: Store) -> None:
    """Portable checks over the tables both backends have: revisions complete, bands of stored articles."""
    read = store._read  # type: ignore[attr-defined]
    assert not read(
        "SELECT a.id FROM articles a LEFT JOIN revisions r ON r.article_id = a.id AND r.number = a.revision "
        "WHERE r.article_id IS NULL"
    )
    assert not read("SELECT article_id FROM revisions GROUP BY article_id HAVING count(*) != max(number)")
    assert not read(
        "SELECT r.article_id FROM revisions r LEFT JOIN articles a ON a.id = r.article_id WHERE a.id IS NULL"
    )
    assert not read(
        "SELECT b.article_id FROM lsh_bands b LEFT JOIN articles a ON a.id = b.article_id WHERE a.id IS NULL"
    )


def _assert_whole(store: Store, todo: list[tuple[Article, str]]) -> None:
    articles = store.list_articles(limit=10 * COUNT, include_duplicates=True)
    ids = [a.id for a in articles]
    assert len(ids) == len(set(ids)) == COUNT
    assert set(ids) == {a.id for a, _ in todo}
    stats = store.stats()
    assert stats.articles + stats.duplicates == COUNT
    assert stats.duplicates == COUNT // 10
    _assert_consistent(store)
    hits = store.search(SearchQuery(text="harbour OR council OR river", limit=10)).hits
    assert hits  # the search index holds the rows
