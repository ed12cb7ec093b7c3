"""Concurrent writers into PostgreSQL: articles/s stored by 1 and 2 writer threads, one article per call
(fine-grained advisory locks) and in batches of 100 (the global lock), on fictional articles.

    python bench/pg_writers.py --server postgresql://postgres@127.0.0.1:54331/ [--articles 1200]

Creates (and drops) databases named newsdesk_bench_w*, so point it at a throwaway cluster
(scripts/pg-cluster). Prints each figure and the 2-writer/1-writer ratio; also checks every article
is stored once.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg

from newsdesk.storage import open_store
from tests.storage.conftest import fictional_text, make_article


def run(server: str, articles: list, batch: int, writers: int) -> float:
    name = f"newsdesk_bench_w{batch}_{writers}"
    with psycopg.connect(server + "postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {name}")
    store = open_store(server + name)
    parts = [articles[i::writers] for i in range(writers)]

    def work(part: list) -> None:
        for k in range(0, len(part), batch):
            if batch == 1:
                store.upsert_article(part[k])
            else:
                store.upsert_articles(part[k : k + batch])

    start = time.perf_counter()
    threads = [threading.Thread(target=work, args=(p,)) for p in parts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    rate = len(articles) / (time.perf_counter() - start)
    assert store.stats().articles == len(articles), "an article was lost or stored twice"
    store.close()
    with psycopg.connect(server + "postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", required=True, help="postgresql://USER@HOST:PORT/ (database names are appended)")
    parser.add_argument("--articles", type=int, default=1200)
    args = parser.parse_args()
    server = args.server if args.server.endswith("/") else args.server + "/"
    articles = [make_article(n, text=fictional_text(n, words=300)) for n in range(args.articles)]
    for batch in (1, 100):
        one = run(server, articles, batch, 1)
        two = run(server, articles, batch, 2)
        print(
            f"batch {batch:3d}: 1 writer {one:7.1f} articles/s, 2 writers {two:7.1f} articles/s, ratio {two / one:.2f}"
        )


if __name__ == "__main__":
    main()
