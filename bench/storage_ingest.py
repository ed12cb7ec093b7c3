"""The same ingest into SQLite and into PostgreSQL: articles stored per second on each, and the ratio.

    python bench/storage_ingest.py [--articles 10000] [--seed 1] [--batch 0] [--postgres-url URL]
                                   [--cli] [--keep]

Without ``--postgres-url`` a throwaway cluster is started with ``scripts/pg-cluster`` on a free
loopback port and stopped at the end; with it, a new database ``newsdesk_bench_<pid>`` is created on
that server and dropped at the end (the server's other databases are not touched).

Default (store path): N fictional articles are generated in memory first (``bench/generate.py``: the
stories behind its pages, syndicated copies and revisions included; not timed), then stored through
the Store API the way ``newsdesk ingest`` stores them, one ``upsert_article`` (one transaction) per
article, or ``--batch K`` articles per ``upsert_articles`` call. Near-duplicate linking, revisions and
the search index all run; HTML rendering and extraction do not, so the figure is the storage cost.

``--cli`` instead runs ``newsdesk ingest`` as a child process on N generated HTML pages for each
backend (extraction included: the end-to-end rate, where storage is a minority of the time).

Both backends get the same articles in the same order. On the store path they take turns, 500
articles at a time (the first backend of each turn alternating), so a change in the machine's load
weighs on both alike; ``--cli`` runs one after the other. The stored counts (shown, duplicates,
revisions) are printed for each and must agree (exit 1 otherwise). Timings are printed, never
asserted. CPU seconds are this process's only: PostgreSQL's own work is in its server processes. Note that the throwaway cluster runs with ``fsync=off`` (scripts/pg-cluster) while SQLite
keeps its own durability settings (WAL).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

CHUNK = 500  # articles per turn when the backends are interleaved
BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import generate
from search import _article

from newsdesk.models import Article


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def postgres_server(url: str | None) -> Iterator[str]:
    """A PostgreSQL server URL: the one given, or a throwaway cluster for the length of the run."""
    if url:
        yield url
        return
    cluster = Path(tempfile.mkdtemp(prefix="newsdesk-bench-pg-"))  # its own folder: the cluster runs as postgres
    started = subprocess.run(
        [str(ROOT / "scripts" / "pg-cluster"), "start", str(free_port()), str(cluster)],
        check=False,
        capture_output=True,
        text=True,
    )
    if started.returncode != 0:
        raise SystemExit(f"could not start PostgreSQL with scripts/pg-cluster:\n{started.stderr}")
    try:
        yield started.stdout.strip()
    finally:
        subprocess.run([str(ROOT / "scripts" / "pg-cluster"), "stop", str(cluster)], check=False)


@contextmanager
def fresh_postgres_database(server: str) -> Iterator[str]:
    import psycopg

    name = f"newsdesk_bench_{os.getpid()}"
    parts = urlsplit(server)
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]
        admin.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'")  # type: ignore[arg-type]
    try:
        yield urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]


def store_articles(urls: dict[str, str], articles: list[tuple[Article, str]], batch: int) -> dict[str, dict]:
    """Store every article into each database through the Store API, interleaved: chunk after chunk of
    CHUNK articles, each chunk into every backend in turn (the first one alternating), so a change in the
    machine's load weighs on all backends alike. Wall and CPU time per backend, and what was stored."""
    from newsdesk.storage import open_store

    stores = {name: open_store(url) for name, url in urls.items()}
    timing = {name: {"wall": 0.0, "cpu": 0.0} for name in urls}
    try:
        for n, start in enumerate(range(0, len(articles), CHUNK)):
            chunk = articles[start : start + CHUNK]
            order = list(stores) if n % 2 == 0 else list(reversed(stores))
            for name in order:
                store = stores[name]
                t0, c0 = time.perf_counter(), time.process_time()
                if batch > 0:
                    for first in range(0, len(chunk), batch):
                        part = chunk[first : first + batch]
                        store.upsert_articles([a for a, _ in part], content_hashes={a.input: h for a, h in part})
                else:
                    for article, digest in chunk:
                        store.upsert_article(article, content_hash=digest)
                timing[name]["wall"] += time.perf_counter() - t0
                timing[name]["cpu"] += time.process_time() - c0
            if (start + CHUNK) % 2000 == 0:
                done = ", ".join(f"{k} {v['wall']:.0f} s" for k, v in timing.items())
                print(f"  {start + len(chunk):,} articles stored in each ({done})", flush=True)
        return {name: {**timing[name], "count": len(articles), **stores[name].stats().to_dict()} for name in stores}
    finally:
        for store in stores.values():
            store.close()


def ingest_cli(database_url: str, folder: Path, count: int) -> dict[str, object]:
    """``newsdesk ingest FOLDER`` as a child process into ``database_url``."""
    from newsdesk.storage import open_store

    open_store(database_url).close()  # migrations outside the timing, as for the store path
    env = {**os.environ, "NEWSDESK_DATABASE_URL": database_url}
    t0 = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "newsdesk", "ingest", str(folder)],
        check=False,
        env=env,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    wall = time.perf_counter() - t0
    if done.returncode not in (0, 1):
        raise SystemExit(f"newsdesk ingest failed (exit {done.returncode}):\n{done.stderr[-2000:]}")
    store = open_store(database_url)
    try:
        stats = store.stats().to_dict()
    finally:
        store.close()
    summary = next((line for line in reversed(done.stderr.splitlines()) if " pages: " in line), "")
    return {"wall": wall, "cpu": float("nan"), "count": count, "summary": summary.strip(), **stats}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000, help="articles (pages with --cli) to store")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch", type=int, default=0, help="articles per upsert_articles call (0: one per call)")
    parser.add_argument("--postgres-url", help="an existing server (default: start one with scripts/pg-cluster)")
    parser.add_argument("--cli", action="store_true", help="end to end: newsdesk ingest on generated HTML pages")
    parser.add_argument("--keep", action="store_true", help="keep the temp folder (SQLite file, pages)")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # a stopped run still stops its cluster

    workdir = Path(tempfile.mkdtemp(prefix="newsdesk-bench-storage-"))
    results: dict[str, dict] = {}
    try:
        how = (
            "newsdesk ingest (child process), one backend after the other"
            if args.cli
            else (f"upsert_articles, {args.batch} per call" if args.batch else "upsert_article, one per call")
            + f", interleaved in chunks of {CHUNK}"
        )
        sqlite_url = f"sqlite:///{workdir / 'bench.db'}"
        if args.cli:
            folder = workdir / "pages"
            t0 = time.perf_counter()
            generate.generate_pages(args.articles, args.seed, folder)
            print(f"generated {args.articles:,} pages in {time.perf_counter() - t0:.1f} s")
            print(f"storing with {how}; load average {os.getloadavg()[0]:.2f}")
            print("sqlite ...", flush=True)
            results["sqlite"] = ingest_cli(sqlite_url, folder, args.articles)
            with postgres_server(args.postgres_url) as server, fresh_postgres_database(server) as url:
                print(f"postgresql ({url}) ...", flush=True)
                results["postgresql"] = ingest_cli(url, folder, args.articles)
        else:
            t0 = time.perf_counter()
            articles = [(_article(gp), f"generated-{gp.index}") for gp in generate.iter_pages(args.articles, args.seed)]
            print(f"generated {len(articles):,} articles in {time.perf_counter() - t0:.1f} s (not timed below)")
            with postgres_server(args.postgres_url) as server, fresh_postgres_database(server) as url:
                print(f"storing with {how} into sqlite and {url}; load average {os.getloadavg()[0]:.2f}", flush=True)
                results = store_articles({"sqlite": sqlite_url, "postgresql": url}, articles, args.batch)
        print(f"load average at the end {os.getloadavg()[0]:.2f}\n")

        print("| backend | articles/s (wall) | wall s | CPU s (this process) | shown | duplicates | revisions |")
        print("|---|---|---|---|---|---|---|")
        for name, r in results.items():
            rate = float(r["count"]) / float(r["wall"])  # type: ignore[arg-type]
            print(
                f"| {name} | {rate:.1f} | {float(r['wall']):.1f} | {float(r['cpu']):.1f} | "  # type: ignore[arg-type]
                f"{r['articles']} | {r['duplicates']} | {r['revisions']} |"
            )
        sqlite_rate = float(results["sqlite"]["count"]) / float(results["sqlite"]["wall"])  # type: ignore[arg-type]
        pg_rate = float(results["postgresql"]["count"]) / float(results["postgresql"]["wall"])  # type: ignore[arg-type]
        print(f"\nPostgreSQL / SQLite: {pg_rate / sqlite_rate:.2f}x")
        keys = ("articles", "duplicates", "revisions")
        same = all(results["sqlite"][k] == results["postgresql"][k] for k in keys)
        print("stored counts agree" if same else "STORED COUNTS DIFFER between the backends")
        return 0 if same else 1
    finally:
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
