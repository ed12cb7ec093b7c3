"""Migrations: named, ordered, append-only, recorded, applied on first use and by `newsdesk migrate`."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsdesk.cli import main
from newsdesk.storage import SchemaOutdatedError, StorageError, open_store
from newsdesk.storage import migrations as m
from tests.backends import postgres_database


def _recorded(path: Path) -> list[str]:
    db = sqlite3.connect(path)
    try:
        return [row[0] for row in db.execute("SELECT name FROM schema_migrations ORDER BY applied_order")]
    finally:
        db.close()


def test_migration_names_are_unique_and_ordered() -> None:
    names = [name for name, _ in m.MIGRATIONS]
    assert len(set(names)) == len(names)
    assert names == sorted(names)
    assert all(name[:4].isdigit() and name[4] == "_" for name in names)


def test_first_use_creates_and_records_every_migration(database_url: str) -> None:
    store = open_store(database_url)
    recorded = [row[0] for row in store._read("SELECT name FROM schema_migrations ORDER BY applied_order")]  # type: ignore[attr-defined]
    store.close()
    assert recorded == [name for name, _ in m.MIGRATIONS]


def test_migrating_again_applies_nothing(database_url: str) -> None:
    store = open_store(database_url)
    assert store.migrate() == []
    assert store.migrate() == []
    assert store.pending_migrations() == []
    store.close()


def _old_database(path: Path, upto: int) -> None:
    db = sqlite3.connect(path, isolation_level=None)
    m.apply_migrations(db, m.MIGRATIONS[:upto])
    db.close()


def test_an_old_schema_says_run_newsdesk_migrate(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _old_database(path, upto=1)
    with pytest.raises(SchemaOutdatedError, match="run `newsdesk migrate`"):
        open_store(f"sqlite:///{path}")


def test_newsdesk_migrate_brings_an_old_schema_up_to_date(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _old_database(path, upto=1)
    env = {"NEWSDESK_DATABASE_URL": f"sqlite:///{path}"}
    runner = CliRunner()

    refused = runner.invoke(main, ["stats"], env=env)
    assert refused.exit_code != 0
    assert "newsdesk migrate" in refused.output
    assert "Traceback" not in refused.output

    result = runner.invoke(main, ["migrate"], env=env)
    assert result.exit_code == 0, result.output
    assert "0002_search" in result.output
    assert _recorded(path) == [name for name, _ in m.MIGRATIONS]

    again = runner.invoke(main, ["migrate"], env=env)
    assert again.exit_code == 0 and "up to date" in again.output
    assert runner.invoke(main, ["stats"], env=env).exit_code == 0


def test_a_database_from_a_newer_newsdesk_is_refused(database_url: str) -> None:
    store = open_store(database_url)
    with store._write() as db:  # type: ignore[attr-defined]
        db.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", ("9999_from_the_future", 9999, "2030-01-01"))
    store.close()
    with pytest.raises(StorageError, match="newer newsdesk"):
        open_store(database_url)


def test_a_failing_migration_is_rolled_back_and_not_recorded(tmp_path: Path) -> None:
    def broken(db: sqlite3.Connection) -> None:
        db.execute("CREATE TABLE half_done (x INTEGER)")
        raise RuntimeError("boom")

    db = sqlite3.connect(tmp_path / "b.db", isolation_level=None)
    with pytest.raises(RuntimeError):
        m.apply_migrations(db, [*m.MIGRATIONS, ("9000_broken", broken)])
    assert "9000_broken" not in m.applied_migrations(db)
    assert not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'half_done'").fetchone()
    assert m.pending_migrations(db) == []
    db.close()


def test_an_old_postgres_schema_says_run_newsdesk_migrate_and_migrate_brings_it_up_to_date() -> None:
    with postgres_database() as url:
        import psycopg

        from newsdesk.storage import pg_migrations

        with psycopg.connect(url, autocommit=True) as conn:  # a database made by a newsdesk with only 0001
            pg_migrations._ensure_table(conn)
            name, step = pg_migrations.steps()[0]
            with conn.transaction():
                step(conn)
                conn.execute(
                    "INSERT INTO schema_migrations (name, applied_order, applied_at) VALUES (%s, 1, %s)",
                    (name, "2025-01-01T00:00:00+00:00"),
                )
        with pytest.raises(SchemaOutdatedError, match="run `newsdesk migrate`"):
            open_store(url)

        env = {"NEWSDESK_DATABASE_URL": url}
        runner = CliRunner()
        refused = runner.invoke(main, ["stats"], env=env)
        assert refused.exit_code != 0 and "newsdesk migrate" in refused.output
        assert "Traceback" not in refused.output
        result = runner.invoke(main, ["migrate"], env=env)
        assert result.exit_code == 0, result.output
        assert "0002_search" in result.output
        store = open_store(url)
        recorded = [row[0] for row in store._read("SELECT name FROM schema_migrations ORDER BY applied_order")]  # type: ignore[attr-defined]
        store.close()
        assert recorded == [name for name, _ in m.MIGRATIONS]
        assert "up to date" in runner.invoke(main, ["migrate"], env=env).output
