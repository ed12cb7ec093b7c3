"""newsdesk export: the stored articles, streamed as JSON lines, Parquet or CSV."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsdesk.cli import main
from newsdesk.config import load_settings
from newsdesk.errors import PipelineError
from newsdesk.inputs import iter_pages
from newsdesk.models import Article
from newsdesk.pipeline.runner import extract_pages
from newsdesk.storage import open_store

GOLDEN = Path(__file__).resolve().parent / "golden" / "extract"


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[Article], Article, int]:
    """The golden pages stored (the HTML and text forms of a story are duplicates), plus a copy of one."""
    articles = [
        replace(a, fetched_at=datetime(2026, 3, 1, tzinfo=UTC))
        for a in extract_pages(iter_pages([str(GOLDEN)], load_settings()))
        if not isinstance(a, PipelineError)
    ]
    original = next(a for a in articles if a.url)
    copy = replace(
        original, input="copy.html", url="https://copies.example/x", canonical_url="https://copies.example/x"
    )
    url = f"sqlite:///{tmp_path_factory.mktemp('export') / 'n.db'}"
    store = open_store(url)
    try:
        outcomes = store.upsert_articles([*articles, copy])
        assert outcomes[-1].status == "duplicate"
        stored = {a.id: a for a in store.iter_articles(include_duplicates=False)}
        everything = list(store.iter_articles(include_duplicates=True))
    finally:
        store.close()
    assert copy.id not in stored and len(everything) > len(stored) > 3
    return url, list(stored.values()), copy, len(everything)


def _export(url: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["export", *args], env={"NEWSDESK_DATABASE_URL": url})
    return result.exit_code, result.stdout, result.stderr


def test_jsonl_is_the_article_json_of_each_original(database) -> None:
    url, stored, copy, total = database
    code, out, err = _export(url, "--format", "jsonl")
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    assert sorted(r["id"] for r in rows) == sorted(a.id for a in stored)
    by_id = {a.id: a for a in stored}
    assert all(r == by_id[r["id"]].to_dict() for r in rows)
    assert err.strip() == f"export: {len(stored)} articles as jsonl to stdout in " + err.split(" in ")[-1].strip()
    code, out, _ = _export(url, "--format", "jsonl", "--include-duplicates")
    ids = [json.loads(line)["id"] for line in out.splitlines()]
    assert copy.id in ids and len(ids) == total


def test_parquet_round_trips_to_equal_articles(database, tmp_path: Path) -> None:
    pytest.importorskip("pyarrow", reason="the parquet extra is not installed: pip install 'newsdesk[parquet]'")
    import pyarrow.parquet as pq

    from newsdesk.batch.parquet import read_articles

    url, stored, _, _ = database
    target = tmp_path / "a.parquet"
    code, _, err = _export(url, "--format", "parquet", "--output", str(target))
    assert code == 0, err
    assert sorted(read_articles(str(target)), key=lambda a: a.id) == sorted(stored, key=lambda a: a.id)
    table = pq.read_table(target)
    assert table.schema.field("body").type.value_type.names == ["type", "text"]
    assert table.schema.field("authors").type.value_type == "string"
    assert [p.name for p in tmp_path.iterdir()] == ["a.parquet"]  # the temporary file is gone


def test_csv_flattens_lists_and_objects(database) -> None:
    url, stored, _, _ = database
    code, out, err = _export(url, "--format", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == len(stored)
    by_id = {a.id: a for a in stored}
    for row in rows:
        article = by_id[row["id"]]
        assert row["text"] == article.text
        assert row["authors"] == "; ".join(article.authors)
        assert json.loads(row["body"]) == [b.to_dict() for b in article.body]
        assert row["image_caption"] == ((article.image.caption or "") if article.image else "")


def test_bad_usage_is_one_line(database, tmp_path: Path) -> None:
    url, _, _, _ = database
    code, _, err = _export(url, "--format", "csv", "--output", str(tmp_path))
    assert code == 2 and err.count("\n") == 1 and "is a folder" in err
    code, _, err = _export(url, "--format", "xml")
    assert code == 2


def test_an_output_in_a_missing_folder_is_one_line_and_leaves_nothing(database, tmp_path: Path) -> None:
    url, _, _, _ = database
    target = tmp_path / "no-such-folder" / "articles.jsonl"
    code, _, err = _export(url, "--format", "jsonl", "--output", str(target))
    assert code != 0 and err.count("\n") == 1 and "cannot write" in err and "Traceback" not in err
    assert not target.parent.exists()
