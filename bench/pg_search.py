"""Search latency on PostgreSQL: Store.search (tsquery + GIN, ranked over the newest 2,000 matches)
against a plain full-ranking query over the same rows (``WHERE search @@ q ORDER BY ts_rank_cd DESC
LIMIT 20``), with bench/search.py's generated corpus and fixed queries.

    python bench/pg_search.py --server postgresql://postgres@127.0.0.1:54331/ --sizes 20000,100000

Builds database newsdesk_bench_search_<size> on the server (kept, and reused by a later run when it
holds the same number of rows; --rebuild drops it first).
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

import generate
import psycopg
from search import LIMIT, fixed_queries, pct, peer_filters, pick_terms

from newsdesk.storage import SearchQuery, open_store
from newsdesk.storage.pg_query import compile_tsquery
from newsdesk.storage.postgres import RANK_WEIGHTS


def build(url: str, pages: int, seed: int) -> float:
    from search import build_store

    return build_store(url, pages, seed)


def peer_sql(q) -> tuple[str, list]:
    expression, query_params = compile_tsquery(q.text)
    filters, filter_params = peer_filters(q, placeholder="%s", like="ILIKE")
    where = [f"a.search @@ ({expression})", "a.duplicate_of IS NULL", *filters]
    sql = (
        f"SELECT a.id, a.headline FROM articles a WHERE {' AND '.join(where)}"
        f" ORDER BY ts_rank_cd('{RANK_WEIGHTS}', a.search, ({expression}), 1) DESC LIMIT {LIMIT}"
    )
    return sql, [*query_params, *filter_params, *query_params]  # the expression is in WHERE and ORDER BY


def run_size(server: str, size: int, args: argparse.Namespace) -> None:
    name = f"newsdesk_bench_search_{size}"
    pages = math.ceil(size / (1 - generate.DEFAULT_REVISION_RATE))
    with psycopg.connect(server + "postgres", autocommit=True) as admin:
        if args.rebuild:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            admin.execute(f"CREATE DATABASE {name}")
    url = server + name
    with psycopg.connect(url) as conn:
        has = conn.execute("SELECT to_regclass('articles')").fetchone()[0]
        rows = conn.execute("SELECT count(*) FROM articles").fetchone()[0] if has else 0
    if not rows:
        print(f"\n== building {size:,} articles from {pages:,} generated pages into {name}", flush=True)
        took = build(url, pages, args.seed)
        print(f"   built in {took:.0f} s ({pages / took:.0f} pages/s)")
    with psycopg.connect(url) as conn:
        n, shown, lo, hi = conn.execute(
            "SELECT count(*), count(*) FILTER (WHERE duplicate_of IS NULL), min(sort_ts), max(sort_ts) FROM articles"
        ).fetchone()
    print(f"   {n:,} article rows ({shown:,} shown)")
    places, surname = pick_terms(args.seed)
    queries = fixed_queries(places, surname, round((hi - lo) / 60 / generate.MINUTES_PER_PAGE))
    store = open_store(url)
    peer = psycopg.connect(url, autocommit=True)
    ours_all: list[float] = []
    peer_all: list[float] = []
    print("\n| query | hits | peer rows | Store.search median ms | full ts_rank_cd median ms |")
    print("|---|---|---|---|---|")
    try:
        for q in queries:
            sq = SearchQuery(text=q.text, section=q.section, since=q.since, until=q.until, author=q.author, limit=LIMIT)
            sql, params = peer_sql(q)
            hits = len(store.search(sq).hits)
            peer_hits = len(peer.execute(sql, params).fetchall())
            ours, theirs = [], []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                store.search(sq)
                ours.append((time.perf_counter() - t0) * 1000)
                t0 = time.perf_counter()
                peer.execute(sql, params).fetchall()
                theirs.append((time.perf_counter() - t0) * 1000)
            ours_all += ours
            peer_all += theirs
            print(
                f"| `{q.text}` ({q.label}) | {hits} | {peer_hits} | {statistics.median(ours):.2f} | "
                f"{statistics.median(theirs):.2f} |"
            )
    finally:
        store.close()
        peer.close()
    print(f"\nlatency over {len(queries)} queries x {args.repeat} runs at {n:,} articles (PostgreSQL):")
    print("| | p50 ms | p95 ms | p99 ms | max ms |")
    print("|---|---|---|---|---|")
    for label, v in (("newsdesk Store.search", ours_all), ("plain @@ ... ORDER BY ts_rank_cd", peer_all)):
        print(f"| {label} | {pct(v, 50):.2f} | {pct(v, 95):.2f} | {pct(v, 99):.2f} | {max(v):.2f} |")
    ratios = " / ".join(f"{pct(ours_all, p) / pct(peer_all, p):.2f}" for p in (50, 95, 99))
    print(f"newsdesk / plain at p50 / p95 / p99: {ratios}  ({datetime.now():%Y-%m-%d %H:%M})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", required=True, help="postgresql://USER@HOST:PORT/ (database names are appended)")
    parser.add_argument("--sizes", default="20000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    server = args.server if args.server.endswith("/") else args.server + "/"
    for size in (int(s) for s in args.sizes.split(",")):
        run_size(server, size, args)


if __name__ == "__main__":
    main()
