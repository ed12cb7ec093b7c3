"""The demo newsroom as a store and a reader site, built once per test session (for the story,
syndication and related-reasons tests): the fixtures ``demo_db``, ``demo_store`` and
``demo_client``, registered for tests/web by its conftest.py.

The build uses the default similarity (terms and names), not the MiniLM embedder, to stay fast; the
entity tagger runs when the nlp extra is installed, as it does for ``newsdesk demo``."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

with warnings.catch_warnings():  # starlette 1.x asks for httpx2 when its TestClient is imported; httpx works
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from newsdesk.config import load_settings
from newsdesk.demo import build_database, manifest
from newsdesk.storage import Store, open_store
from newsdesk.web.app import create_app


@pytest.fixture(scope="session", name="demo_db")
def _demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("demo-site") / "demo.db"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NEWSDESK_SIMILARITY", "default")
        result = build_database(path)
    assert not result.failed, result.failed
    yield path


@pytest.fixture(scope="session", name="demo_store")
def _demo_store(demo_db: Path) -> Iterator[Store]:
    store = open_store(f"sqlite:///{demo_db}")
    if not hasattr(store, "thread_of"):
        store.close()
        pytest.skip("this store has no threads section yet")
    yield store
    store.close()


@pytest.fixture(scope="session", name="demo_client")
def _demo_client(demo_store: Store, demo_db: Path) -> Iterator[TestClient]:
    settings = load_settings(environ={}, database_url=f"sqlite:///{demo_db}")
    with TestClient(create_app(settings, demo_store)) as client:
        yield client


def outlet_names() -> dict[str, str]:
    return {o["key"]: o["name"] for o in manifest()["outlets"]}


__all__ = ["outlet_names"]
