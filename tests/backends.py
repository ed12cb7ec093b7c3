"""Run storage, ingest and search tests against every backend: SQLite in tmp_path, and PostgreSQL when
``NEWSDESK_TEST_POSTGRES_URL`` points at a server (``.ci/run`` starts one with ``scripts/pg-cluster``).

Each PostgreSQL test gets its own empty database (CREATE DATABASE, dropped afterwards), so tests never
see each other's rows and the store's migrations run on it as on a new SQLite file."""

from __future__ import annotations

import itertools
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

POSTGRES_ENV = "NEWSDESK_TEST_POSTGRES_URL"
POSTGRES_OFF = (
    "PostgreSQL tests are off: set NEWSDESK_TEST_POSTGRES_URL=postgresql://... (scripts/pg-cluster start 54329 /tmp/pg)"
)
BACKENDS = ("sqlite", "postgresql")

_numbers = itertools.count(1)


def postgres_server_url() -> str:
    """The server URL from the environment, or skip the test saying how to turn PostgreSQL tests on."""
    url = os.environ.get(POSTGRES_ENV, "").strip()
    if not url:
        pytest.skip(POSTGRES_OFF)
    if not url.startswith(("postgresql://", "postgres://")):
        raise pytest.UsageError(f"{POSTGRES_ENV} has value {url!r}. Expected postgresql://USER@HOST:PORT/DBNAME.")
    try:
        import psycopg  # noqa: F401
    except ImportError:  # a server was given: the tests must run, not skip quietly
        pytest.fail(f"{POSTGRES_ENV} is set but psycopg is missing: pip install -e '.[postgres]'")
    return url


def with_database(url: str, name: str) -> str:
    """``url`` pointing at database ``name`` instead (user, host, port and query kept)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def _admin_execute(server_url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(server_url, autocommit=True, connect_timeout=10) as admin:
        admin.execute(sql)  # type: ignore[arg-type]


@contextmanager
def postgres_database() -> Iterator[str]:
    """A new empty PostgreSQL database on the test server; its URL. Dropped afterwards, even if still in use."""
    server = postgres_server_url()
    name = f"newsdesk_test_{os.getpid()}_{next(_numbers)}_{uuid.uuid4().hex[:6]}"
    _admin_execute(server, f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'")
    try:
        yield with_database(server, name)
    finally:
        _admin_execute(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def backend_database(backend: str, folder: Path) -> Iterator[str]:
    """A new empty database of ``backend`` ("sqlite": a file in ``folder``; "postgresql"); its URL."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'newsdesk.db'}"
    elif backend == "postgresql":
        with postgres_database() as url:
            yield url
    else:
        raise ValueError(f"unknown backend {backend!r}")


def is_postgres(url: str) -> bool:
    return url.startswith(("postgresql:", "postgres:"))
