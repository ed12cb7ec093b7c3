"""Store.iter_articles: every article once, oldest first, in batches (keyset pagination)."""

from __future__ import annotations

from newsdesk.storage.base import Store
from tests.storage.conftest import make_article


def test_iter_articles_yields_every_article_once_oldest_first(fresh_store: Store) -> None:
    for n in range(7):
        fresh_store.upsert_article(make_article(n))
    copy = make_article(100, text=make_article(3).text, site="copies.example")
    assert fresh_store.upsert_article(copy).status == "duplicate"

    everything = list(fresh_store.iter_articles(batch_size=2))
    ids = [a.id for a in everything]
    assert len(ids) == len(set(ids)) == 8
    times = [a.published_at for a in everything]
    assert times == sorted(times)
    assert {a.id for a in everything if a.duplicate_of} == {copy.id}

    shown = list(fresh_store.iter_articles(batch_size=3, include_duplicates=False))
    assert copy.id not in {a.id for a in shown} and len(shown) == 7
    assert shown[0] == fresh_store.get_article(shown[0].id)


def test_iter_articles_is_lazy(fresh_store: Store) -> None:
    for n in range(5):
        fresh_store.upsert_article(make_article(n))
    stream = fresh_store.iter_articles(batch_size=2)
    first = next(stream)
    assert first.headline is not None
    assert len(list(stream)) == 4
