"""Two `newsdesk ingest` processes at once over overlapping inputs into one database: every article is
stored exactly once, and syndicated copies are grouped as one process alone groups them.

The pages are fictional (bench/generate.py): originals, wire copies run again by other sites and a few
revisions. Process A reads the first 75 pages, process B the last 75; 30 pages are in both, and
copies sit on both sides of the split, so the two writers race on the same ids and the same
near-duplicate groups. On PostgreSQL the writers really run side by side; on SQLite the second waits
for the write lock (busy timeout)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsdesk.cli import main
from newsdesk.models import Article
from newsdesk.storage import open_store

ROOT = Path(__file__).resolve().parents[2]
PAGES = 120
HALF = 75  # A: pages [0, 75), B: pages [45, 120): 30 in both
# Storage is under test, with what ingest writes besides articles: entities (when the nlp extra is
# installed) and story threads race too. No sentence embeddings, so each process starts in seconds.
LIGHT = {"NEWSDESK_SIMILARITY": "default"}

sys.path.insert(0, str(ROOT / "bench"))
import generate


class Corpus:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.a = folder / "a"
        self.b = folder / "b"
        self.urls: set[str] = set()
        self.reference: set[frozenset[str]] = set()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """Generated pages split into two overlapping folders, and the duplicate groups one sequential
    ingest of all of them makes (SQLite, in-process)."""
    folder = tmp_path_factory.mktemp("concurrent")
    generated = folder / "generated"
    generate.generate_pages(PAGES, 17, generated, duplicate_rate=0.2, revision_rate=0.05)
    files = sorted(generated.rglob("*.html"))
    assert len(files) == PAGES
    found = Corpus(folder)
    for target, chosen in ((found.a, files[:HALF]), (found.b, files[PAGES - HALF :])):
        target.mkdir()
        for path in chosen:
            shutil.copy(path, target / path.name)
    manifest = [json.loads(line) for line in (generated / "manifest.jsonl").read_text().splitlines()]
    found.urls = {page["url"] for page in manifest}
    assert sum(page["kind"] == "duplicate" for page in manifest) >= 15

    reference = f"sqlite:///{folder / 'reference.db'}"
    env = {**LIGHT, "NEWSDESK_DATABASE_URL": reference}
    result = CliRunner().invoke(main, ["ingest", str(found.a), str(found.b)], env=env)
    assert result.exit_code == 0, result.output
    found.reference = _groups(_everything(reference))
    return found


def _everything(database_url: str) -> list[Article]:
    store = open_store(database_url)
    try:
        return store.list_articles(limit=10 * PAGES, include_duplicates=True)
    finally:
        store.close()


def _groups(articles: list[Article]) -> set[frozenset[str]]:
    """Each original with its copies, as sets of ids."""
    groups: dict[str, set[str]] = defaultdict(set)
    for article in articles:
        groups[article.duplicate_of or article.id].add(article.id)
    return {frozenset(ids) for ids in groups.values()}


def _ingest_process(folder: Path, database_url: str) -> subprocess.Popen[str]:
    env = {**os.environ, **LIGHT, "NEWSDESK_DATABASE_URL": database_url}
    return subprocess.Popen(
        [str(Path(sys.executable).parent / "newsdesk"), "ingest", str(folder)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_ingest_processes_at_once_store_every_article_exactly_once(corpus: Corpus, database_url: str) -> None:
    open_store(database_url).close()  # migrated before the race: both processes find the schema in place
    writers = [_ingest_process(corpus.a, database_url), _ingest_process(corpus.b, database_url)]
    for writer in writers:
        out, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, f"exit {writer.returncode}\n{out}\n{err}"
        assert " 0 failed" in out + err, out + err

    articles = _everything(database_url)
    ids = [a.id for a in articles]
    assert len(ids) == len(set(ids)), "an article was stored twice"
    assert {a.url for a in articles} == corpus.urls  # every page, none lost
    by_id = {a.id: a for a in articles}
    for article in articles:  # copies point at a stored original, never at another copy
        if article.duplicate_of is not None:
            assert by_id[article.duplicate_of].duplicate_of is None
    assert _groups(articles) == corpus.reference  # grouped as one process alone groups them

    store = open_store(database_url)
    try:
        stats = store.stats()
        assert stats.articles + stats.duplicates == len(corpus.urls)
        # enrichment raced as well (entities, threads) and never failed: no deadlock, no lost write
        assert [f.reason for f in store.list_failures() if "enrichment failed" in f.reason] == []
        assert all(store.thread_of(a.id) is not None for a in articles if a.duplicate_of is None)
    finally:
        store.close()
