"""Peak memory of ``newsdesk export`` on a 100k-article SQLite store, per format.

    python bench/export.py [--articles 100000] [--db PATH] [--formats jsonl,parquet,csv] [--keep]

The store is cached under ``/tmp/newsdesk-bench/export-<N>.db``: taken from ``bench/out/web-<N>.db``
when ``bench/web.py`` built one (copied, then ``newsdesk migrate``), else built the way
``bench/search.py --build api`` builds its stores (generated stories through ``Store.upsert_articles``;
100k take several minutes on 2 cores). ``--db`` uses a store of your own instead.

For each format, ``python -m newsdesk export --format F --include-duplicates --output FILE`` runs as a
child process; its peak resident set size is ``ru_maxrss`` of the rusage ``os.wait4`` returns for that
child (the figure ``resource.getrusage(RUSAGE_CHILDREN)`` reports, taken per child). Printed: articles
exported, wall seconds, articles/s, peak RSS in MB against the 500 MB bar, and the file's size.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

CACHE = Path("/tmp/newsdesk-bench")
BAR_MB = 500.0


def rows(db: Path) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        return con.execute("SELECT count(*) FROM articles").fetchone()[0]


def ensure_store(articles: int, db: Path | None) -> Path:
    if db is not None:
        return db
    CACHE.mkdir(parents=True, exist_ok=True)
    target = CACHE / f"export-{articles}.db"
    if target.exists() and rows(target) >= articles:
        return target
    web = BENCH / "out" / f"web-{articles}.db"
    if web.exists() and rows(web) >= articles:
        print(f"copying {web} to {target}", flush=True)
        with sqlite3.connect(f"file:{web}?mode=ro", uri=True) as src, sqlite3.connect(target) as dst:
            src.backup(dst)  # a consistent copy even if bench/web.py has it open
    else:
        import search  # bench/search.py: the --build api store

        print(f"building {target} ({articles:,} articles through Store.upsert_articles)", flush=True)
        pages = int(articles * 1.12)  # revisions add no rows; a few more pages than rows
        search.build_with_api(target, pages, seed=1)
    env = {**os.environ, "NEWSDESK_DATABASE_URL": f"sqlite:///{target}"}
    subprocess.run([sys.executable, "-m", "newsdesk", "migrate"], env=env, check=True, stdin=subprocess.DEVNULL)
    return target


def run_export(db: Path, fmt: str, out: Path) -> tuple[float, float, str]:
    """(seconds, peak RSS MB, the command's summary line) of one export child."""
    env = {**os.environ, "NEWSDESK_DATABASE_URL": f"sqlite:///{db}"}
    cmd = [sys.executable, "-m", "newsdesk", "export", "--format", fmt, "--include-duplicates", "--output", str(out)]
    t0 = time.perf_counter()
    child = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert child.stderr is not None
    err = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - t0
    if child.returncode != 0:
        raise SystemExit(f"export --format {fmt} failed ({child.returncode}): {err.strip()}")
    return seconds, usage.ru_maxrss / 1024, err.strip().splitlines()[-1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=None, help="a SQLite store of your own")
    parser.add_argument("--formats", default="jsonl,parquet,csv")
    parser.add_argument("--keep", action="store_true", help="keep the exported files (in /tmp/newsdesk-bench)")
    args = parser.parse_args(argv)
    db = ensure_store(args.articles, args.db)
    n = rows(db)
    print(f"store: {db} ({n:,} article rows, {db.stat().st_size / 1e6:,.0f} MB); load average {os.getloadavg()[0]:.1f}")
    print(
        f"{'format':8} {'articles':>9} {'seconds':>8} {'art/s':>8} {'peak RSS MB':>12} {'file MB':>8}  bar < {BAR_MB:.0f} MB"
    )
    out_dir = CACHE / "export-out"
    out_dir.mkdir(parents=True, exist_ok=True)
    worst = 0.0
    for fmt in args.formats.split(","):
        out = out_dir / f"articles.{fmt}"
        seconds, rss, line = run_export(db, fmt, out)
        count = int(line.split()[1])
        worst = max(worst, rss)
        verdict = "pass" if rss < BAR_MB else "FAIL"
        print(
            f"{fmt:8} {count:>9,} {seconds:>8.1f} {count / seconds:>8.0f} {rss:>12.1f} "
            f"{out.stat().st_size / 1e6:>8.0f}  {verdict}",
            flush=True,
        )
        if not args.keep:
            out.unlink()
    if not args.keep:
        shutil.rmtree(out_dir, ignore_errors=True)
    print(f"load average at the end {os.getloadavg()[0]:.1f}")
    return 0 if worst < BAR_MB else 1


if __name__ == "__main__":
    sys.exit(main())
