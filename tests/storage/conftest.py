"""Fixtures for storage tests: a fresh store on each backend (SQLite, PostgreSQL) and fictional articles."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsdesk.models import Article
from newsdesk.storage import Store, open_store
from newsdesk.storage.sqlite import SQLiteStore

WIRE = Path(__file__).parent / "data" / "wire"

_VOCAB = [
    "harbour",
    "council",
    "river",
    "bridge",
    "school",
    "library",
    "market",
    "station",
    "festival",
    "museum",
    "clinic",
    "park",
    "tram",
    "road",
    "budget",
    "mayor",
    "residents",
    "engineers",
    "teachers",
    "farmers",
    "nurses",
    "volunteers",
    "officials",
    "crews",
    "opened",
    "closed",
    "repaired",
    "delayed",
    "approved",
    "rejected",
    "announced",
    "planned",
    "finished",
    "started",
    "expanded",
    "north",
    "south",
    "east",
    "west",
    "old",
    "new",
    "small",
    "large",
    "quiet",
    "busy",
    "early",
    "late",
    "winter",
    "summer",
    "spring",
    "autumn",
    "morning",
    "evening",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "week",
    "month",
    "year",
    "plan",
    "report",
    "vote",
    "meeting",
    "storm",
    "flood",
    "fire",
    "protest",
    "election",
    "contract",
    "fund",
    "grant",
]


def fictional_text(seed: int, words: int = 120) -> str:
    """A paragraph of fictional prose: different seeds give unrelated word runs."""
    rng = random.Random(seed)
    sentences = []
    remaining = words
    while remaining > 0:
        n = min(remaining, rng.randint(8, 16))
        sentence = " ".join(rng.choice(_VOCAB) for _ in range(n))
        sentences.append(sentence.capitalize() + ".")
        remaining -= n
    return " ".join(sentences)


def make_article(
    n: int,
    *,
    text: str | None = None,
    headline: str | None = None,
    section: str | None = "Local",
    site: str = "lakeside.example",
    published: datetime | None = None,
    authors: tuple[str, ...] = ("Mara Quillfeather",),
    url: str | None = None,
    source_id: int | None = None,
) -> Article:
    """Fictional article number ``n`` with its own URL and text (override any field)."""
    url = url or f"https://{site}/news/{n}"
    return Article(
        input=url,
        url=url,
        canonical_url=url,
        site_name=site,
        section=section,
        headline=headline or f"Story number {n}",
        standfirst=f"The standfirst of story {n}.",
        authors=authors,
        published_at=published or datetime(2025, 3, 1 + n % 27, 8, 0, tzinfo=UTC),
        text=text if text is not None else fictional_text(n),
        word_count=120,
        source_id=source_id,
        fetched_at=datetime(2025, 3, 28, 12, 0, tzinfo=UTC),
    )


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """A SQLite file URL in tmp_path (for tests of SQLite itself; others take ``database_url``)."""
    return f"sqlite:///{tmp_path / 'newsdesk.db'}"


@pytest.fixture
def fresh_store(database_url: str) -> Iterator[Store]:
    """An empty, migrated store: once on SQLite in tmp_path, once on PostgreSQL (tests/backends.py)."""
    store = open_store(database_url)
    yield store
    store.close()


@pytest.fixture
def sqlite_store(db_url: str) -> Iterator[SQLiteStore]:
    """An empty, migrated SQLite store in tmp_path, for tests of what only SQLite has (files, PRAGMAs)."""
    store = open_store(db_url)
    assert isinstance(store, SQLiteStore)
    yield store
    store.close()
