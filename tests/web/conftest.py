"""Fixtures for the reader site: a store holding the golden pages (SQLite, and PostgreSQL when enabled), and apps
over it."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

with warnings.catch_warnings():  # starlette 1.x asks for httpx2 when its TestClient is imported; httpx works
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from newsdesk.config import Settings, load_settings
from newsdesk.pipeline.crawl import PoliteFetcher
from newsdesk.pipeline.ingest import Ingester
from newsdesk.storage import Store, open_store
from newsdesk.web.app import create_app
from tests.backends import BACKENDS, backend_database
from tests.web.demo_site import _demo_client, _demo_db, _demo_store  # noqa: F401 -- the demo newsroom, once a session

GOLDEN = Path(__file__).parent.parent / "golden" / "extract"
DATA = Path(__file__).parent / "data"
TOKEN = "test-token-7f3a"
# a fictional dump with the seed's anatomy: World, 2 MIN READ, caption / Reuters Archive, byline,
# date, a READ MORE line and SOURCE:AFP
ANATOMY_PAGE = GOLDEN / "innertext_velmora_strike.txt"


def make_settings(tmp: Path, **overrides: object) -> Settings:
    return load_settings(environ={}, database_url=f"sqlite:///{tmp / 'web.db'}", **overrides)


def ingest(store: Store, settings: Settings, inputs: list[str]) -> None:
    with PoliteFetcher(settings) as fetcher:
        counts = Ingester(store, settings, fetcher).ingest_inputs(inputs)
    assert counts.failed == 0, counts.summary()


@pytest.fixture(scope="session", params=BACKENDS)
def golden_store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A store holding every golden page (read-only: tests that write make their own), on each backend; built
    once per backend for the session (ingest with enrichment takes seconds)."""
    tmp = tmp_path_factory.mktemp("web")
    with backend_database(request.param, tmp) as url:
        settings = make_settings(tmp)
        store = open_store(url)
        ingest(store, settings, [str(GOLDEN)])
        yield store
        store.close()


@pytest.fixture(scope="module")
def client(golden_store: Store, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = make_settings(tmp_path_factory.mktemp("unused"), api_token=TOKEN)
    with TestClient(create_app(settings, golden_store)) as c:
        yield c


@pytest.fixture
def fresh_store(database_url: str) -> Iterator[Store]:
    store = open_store(database_url)
    yield store
    store.close()


def article_id_for(store: Store, headline_start: str) -> str:
    for article in store.list_articles(limit=100):
        if (article.headline or "").startswith(headline_start):
            return article.id
    raise AssertionError(f"no stored article starts {headline_start!r}")
