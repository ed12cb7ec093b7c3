"""The bundled demo newsroom: fictional outlets' article pages, ingested into a fresh database.

``pages/`` holds the pages five fictional outlets serve (a wire-copy site, a WordPress regional
paper, an Arc/Next.js business site, an AMP daily and a radio station's pages as plain-text
dumps), rendered by ``build.py`` from the stories in ``content/``; ``manifest.json`` gives each
page's canonical URL. :func:`build_database` ingests them through the ordinary pipeline
(:class:`~newsdesk.pipeline.ingest.Ingester`): extraction, near-duplicate detection of the
syndicated wire copies, storage. Nothing is fetched: the pages are read from the package.

Each outlet is also added as a source (its feed URL), with one successful fetch recorded at the
time of the newsroom's snapshot, so the sources page has something to show.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

from newsdesk.config import load_settings
from newsdesk.errors import PipelineError
from newsdesk.models import FetchedPage
from newsdesk.storage.base import FetchRecord

DEFAULT_DATABASE = "newsdesk-demo.db"
FETCH_DELAY = timedelta(minutes=4)  # a page was "fetched" this long after it was published


@dataclass
class DemoResult:
    """What building the demo database did."""

    database: Path
    pages: int = 0
    articles: int = 0  # shown: stored and not duplicates
    duplicates: int = 0
    failed: list[str] = field(default_factory=list)  # "input: reason"
    sources: int = 0
    sections: list[str] = field(default_factory=list)
    seconds: float = 0.0


def manifest() -> dict[str, Any]:
    """The bundled manifest: ``outlets`` and ``pages`` (file, url, kind, outlet, story, copy_of, ...)."""
    data: dict[str, Any] = json.loads(resources.files(__package__).joinpath("manifest.json").read_text("utf-8"))
    return data


def read_page(entry: dict[str, Any]) -> FetchedPage:
    """One bundled page as ingest reads it, under its fictional canonical URL."""
    content = resources.files(__package__).joinpath("pages", *entry["file"].split("/")).read_bytes()
    published = datetime.fromisoformat(entry["published"])
    return FetchedPage(
        input=f"demo:{entry['file']}",
        content=content,
        url=entry["url"],
        kind=entry["kind"],
        content_type="text/plain; charset=utf-8" if entry["kind"] == "text" else "text/html; charset=utf-8",
        fetched_at=published + FETCH_DELAY,
    )


def remove_database(path: Path) -> None:
    """Delete a SQLite database and its WAL/SHM companions, if present."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def build_database(path: Path, *, on_page: Callable[[str, str], None] | None = None) -> DemoResult:
    """Recreate the SQLite database at ``path`` from the bundled pages; returns what was stored."""
    from newsdesk.pipeline.crawl import PoliteFetcher
    from newsdesk.pipeline.ingest import Ingester
    from newsdesk.storage import open_store

    started = time.perf_counter()
    path = path.resolve()
    remove_database(path)
    settings = load_settings(database_url=f"sqlite:///{path}")
    data = manifest()
    result = DemoResult(database=path)
    store = open_store(settings.database_url)
    try:
        snapshot = max(datetime.fromisoformat(p["published"]) for p in data["pages"]) + timedelta(hours=1)
        source_ids = {}
        for outlet in data["outlets"]:
            source = store.add_source(
                outlet["feed"], kind="feed", every_seconds=settings.default_every, title=outlet["name"], now=snapshot
            )
            source_ids[outlet["key"]] = source.id

        def failed(error: PipelineError) -> None:
            result.failed.append(f"{error.input}: {error}")

        with PoliteFetcher(settings) as fetcher:  # never used: every page is read from the package
            ingester = Ingester(store, settings, fetcher, on_page=on_page, on_failure=failed)
            stored: dict[str, int] = {}
            for entry in data["pages"]:
                outcome = ingester.store_page(read_page(entry), source_id=source_ids[entry["outlet"]])
                if outcome != "failed":
                    stored[entry["outlet"]] = stored.get(entry["outlet"], 0) + 1
        for outlet in data["outlets"]:
            sid = source_ids[outlet["key"]]
            record = FetchRecord(
                url=outlet["feed"],
                status="ok",
                source_id=sid,
                at=snapshot,
                http_status=200,
                items=stored.get(outlet["key"], 0),
            )
            store.record_fetch(record)
            store.schedule_source(sid, snapshot + timedelta(seconds=settings.default_every))
        stats = store.stats()
        result.pages = ingester.counts.pages
        result.articles = stats.articles
        result.duplicates = stats.duplicates
        result.sources = stats.sources
        result.sections = sorted({a.section for a in store.list_articles(limit=1000) if a.section})
    finally:
        store.close()
    result.seconds = time.perf_counter() - started
    return result


def is_demo_database(path: Path) -> bool:
    """True if ``path`` holds a database this module built (its sources are the demo outlets' feeds),
    so recreating it loses nothing of the user's."""
    import sqlite3

    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            urls = {row[0] for row in db.execute("SELECT url FROM sources")}
    except sqlite3.Error:
        return False
    feeds = {outlet["feed"] for outlet in manifest()["outlets"]}
    return bool(urls) and urls <= feeds


__all__ = [
    "DEFAULT_DATABASE",
    "DemoResult",
    "build_database",
    "is_demo_database",
    "manifest",
    "read_page",
    "remove_database",
]
