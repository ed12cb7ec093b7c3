"""The store stage: hands articles to a :class:`~newsdesk.storage.base.Store`.

The only pipeline module that touches the database, and only through the Store interface. Each
article (or small batch) is one transaction, so a crash never leaves half an article behind and a
rerun stores each article exactly once.

Ingest's fast path for unchanged inputs::

    key, digest = page_key(page), page_hash(page.content)
    if store.page_seen(key, digest):           # same bytes as last time: skip extraction
        ...count as unchanged...
    else:
        store_article(store, extract_article(page), content_hash=digest, page_key=key)
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator

from newsdesk.models import Article, FetchedPage
from newsdesk.storage.base import Store, UpsertOutcome

DEFAULT_BATCH_SIZE = 50


def page_key(page: FetchedPage) -> str:
    """The key a page's content hash is remembered under: its input name (a path, URL or archive#N)."""
    return page.input


def page_hash(content: bytes) -> str:
    """A page's content hash for :meth:`Store.page_seen`."""
    return hashlib.sha256(content).hexdigest()


def store_article(
    store: Store, article: Article, *, content_hash: str | None = None, page_key: str | None = None
) -> UpsertOutcome:
    """Upsert one article in its own transaction."""
    return store.upsert_article(article, content_hash=content_hash, page_key=page_key)


def store_articles(
    store: Store,
    articles: Iterable[Article],
    *,
    content_hashes: dict[str, str] | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> Iterator[UpsertOutcome]:
    """Upsert ``articles`` in transactions of up to ``batch_size``; yields outcomes in order.
    ``content_hashes`` maps ``article.input`` to its page's content hash."""
    batch: list[Article] = []
    hashes = content_hashes or {}
    for article in articles:
        batch.append(article)
        if len(batch) >= batch_size:
            yield from store.upsert_articles(
                batch, content_hashes={a.input: hashes[a.input] for a in batch if a.input in hashes}
            )
            batch = []
    if batch:
        yield from store.upsert_articles(
            batch, content_hashes={a.input: hashes[a.input] for a in batch if a.input in hashes}
        )
