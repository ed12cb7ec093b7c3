"""What only the PostgreSQL store has: writers racing from several threads (advisory locks), concurrent
migrators, the portable-SQL adapter, tsquery search details, connection errors.

Skipped unless NEWSDESK_TEST_POSTGRES_URL points at a server (see tests/backends.py, which also runs the
whole storage suite against PostgreSQL); each test gets its own new database."""

from __future__ import annotations

import dataclasses
import random
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest

from newsdesk.errors import StorageError
from newsdesk.models import Article
from newsdesk.storage import migrations, open_store
from newsdesk.storage.base import QueryError, SearchQuery
from tests.backends import postgres_database
from tests.storage.conftest import fictional_text, make_article


@pytest.fixture
def pg_url() -> Iterator[str]:
    with postgres_database() as url:
        yield url


@pytest.fixture
def pg_store(pg_url: str) -> Iterator[object]:
    from newsdesk.storage.postgres import PostgresStore

    store = open_store(pg_url)
    assert isinstance(store, PostgresStore)
    yield store
    store.close()


def _groups(stories: int = 8, copies: int = 2) -> list[Article]:
    """``stories`` originals, each with ``copies`` near-duplicates on other sites published later, plus an
    AMP/tracking URL variant of each original."""
    out = []
    for n in range(stories):
        text = fictional_text(1000 + n, words=150)
        published = datetime(2025, 4, 1 + n, 6, 0, tzinfo=UTC)
        out.append(make_article(n, text=text, published=published))
        for c in range(copies):
            edited = text.replace(".", f" said desk {c}.", 2)
            out.append(
                make_article(
                    100 * (c + 1) + n, text=edited, site=f"copy{c}.example", published=published.replace(hour=9 + c)
                )
            )
        variant = make_article(n, text=text, published=published.replace(minute=1))
        url = f"https://amp.lakeside.example/news/{n}/amp?utm_source=x"
        out.append(dataclasses.replace(variant, url=url, canonical_url=url, input=url))
    return out


def _race(work: Callable[[int], None], threads: int = 3) -> None:
    errors: list[BaseException] = []
    barrier = threading.Barrier(threads)

    def run(i: int) -> None:
        try:
            barrier.wait()
            work(i)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test's thread
            errors.append(exc)

    pool = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    if errors:
        raise errors[0]


@pytest.mark.parametrize("batch", [1, 40], ids=["one-by-one", "batches"])
def test_racing_writers_store_every_story_once_with_one_original(pg_store, batch: int) -> None:
    articles = _groups()

    def work(i: int) -> None:
        mine = articles[:]
        random.Random(i).shuffle(mine)
        for k in range(0, len(mine), batch):
            chunk = mine[k : k + batch]
            if batch == 1:
                pg_store.upsert_article(chunk[0])
            else:
                pg_store.upsert_articles(chunk)

    _race(work)
    stored = list(pg_store.iter_articles())
    ids = Counter(a.id for a in stored)
    assert all(n == 1 for n in ids.values())
    distinct = {a.id for a in articles}
    assert set(ids) == distinct  # the URL variants are one of the originals' ids or a copy of it
    originals = [a for a in stored if a.duplicate_of is None]
    assert sorted(a.id for a in originals) == sorted(make_article(n).id for n in range(8))
    for original in originals:
        assert len(pg_store.duplicates_of(original.id)) >= 2
    assert pg_store.integrity_check() == "ok"
    stats = pg_store.stats()
    assert (stats.articles, stats.duplicates, stats.revisions) == (8, len(distinct) - 8, 0)


def test_racing_revisions_keep_every_revision_numbered_once(pg_store) -> None:
    base = make_article(1)
    versions = [dataclasses.replace(base, text=fictional_text(50 + v)) for v in range(6)]

    def work(i: int) -> None:
        for v in versions[i::3]:
            pg_store.upsert_article(v)

    _race(work)
    numbers = [r.number for r in pg_store.list_revisions(base.id)]
    assert numbers == list(range(1, 7))
    assert pg_store.get_article(base.id).text == pg_store.list_revisions(base.id)[-1].article.text


def test_concurrent_migrators_apply_each_step_once(pg_url: str) -> None:
    stores = [open_store(pg_url, check_schema=False) for _ in range(3)]
    applied: list[list[str]] = [[] for _ in stores]
    try:
        _race(lambda i: applied[i].extend(stores[i].migrate()))
        names = [name for name, _ in migrations.MIGRATIONS]
        assert sorted(n for a in applied for n in a) == sorted(names)
        assert stores[0].migrate() == [] and stores[1].pending_migrations() == []
    finally:
        for s in stores:
            s.close()
    again = open_store(pg_url)  # a migrated database opens with check_schema
    again.close()


def test_portable_adapter_translates_placeholders_and_keeps_percent_signs(pg_store) -> None:
    with pg_store._write() as db:
        db.execute("CREATE TABLE t (k TEXT PRIMARY KEY, v DOUBLE PRECISION)")
        db.executemany("INSERT INTO t (k, v) VALUES (?, ?)", [("50% off", 1.5), ("a_b", 2.0)])
        db.execute("INSERT INTO t (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v", ("a_b", 3.0))
        row = db.execute("SELECT k, v FROM t WHERE k LIKE ?", ("50%",)).fetchone()
    assert (row[0], row["v"]) == ("50% off", 1.5)
    rows = pg_store._read("SELECT k, v, sum(v) OVER () AS total FROM t ORDER BY k")
    assert [tuple(r) for r in rows] == [("50% off", 1.5, 4.5), ("a_b", 3.0, 4.5)]
    assert rows[1]["k"] == "a_b" and rows[1].keys() == ["k", "v", "total"]


def test_a_failed_write_rolls_back(pg_store) -> None:
    with pytest.raises(RuntimeError), pg_store._write() as db:
        db.execute("INSERT INTO failures (input, reason, recorded_at) VALUES (?, ?, ?)", ("x", "y", "2025"))
        raise RuntimeError("boom")
    assert pg_store.list_failures() == []


def test_search_phrases_prefixes_accents_and_stop_words(pg_store) -> None:
    text = (
        "The harbour ferry resumed service on Monday after four months of repairs. "
        "Engineers at the Café Mirela said the new engines run quietly. " + fictional_text(3)
    )
    article = make_article(1, text=text, headline="Harbour ferry back in service")
    pg_store.upsert_article(article)
    pg_store.upsert_article(make_article(2))

    def search(q: str) -> list[str]:
        return [h.article_id for h in pg_store.search(SearchQuery(text=q)).hits]

    hit = pg_store.search(SearchQuery(text='"resumed service on Monday after four months"')).hits[0]
    assert "[resumed service on Monday after four months]" in hit.snippet
    assert search("cafe") == search("CAFÉ") == [article.id]  # unaccent + lower case
    assert search("Mirel*") == [article.id]
    assert search("ferry NOT harbour") == []
    assert search("ferry OR nothingsuch") == [article.id]
    assert search("the") == []  # only stop words: nothing to find, no error
    with pytest.raises(QueryError):
        pg_store.search(SearchQuery(text="ferry AND"))


def test_an_unreachable_server_is_a_one_line_error() -> None:
    with pytest.raises(StorageError) as info:
        open_store("postgresql://nobody:secret@127.0.0.1:1/newsdesk")
    message = str(info.value)
    assert "cannot connect to PostgreSQL at 127.0.0.1:1/newsdesk" in message
    assert "\n" not in message and "secret" not in message
