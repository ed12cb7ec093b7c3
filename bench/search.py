"""Search latency at 10k and 100k articles: newsdesk's search API next to a plain FTS5 query.

    python bench/search.py [--sizes 10000,100000] [--seed 1] [--repeat 20] [--build api|ingest]
                           [--db PATH] [--keep]

For each size, builds a fresh SQLite store in a temporary folder (or reuses ``--db``, one size
only) and times a fixed set of realistic queries:

- ``--build api`` (default): articles made from ``bench/generate.py``'s stories (headline,
  standfirst, byline, section, dates, paragraphs, the same wire copies and revisions) are written
  through the Store API (``upsert_articles`` in batches of 500), so near-duplicate linking and
  revisions run as in ingest, but HTML rendering and extraction are skipped: 100k articles take
  minutes instead of the half hour ``newsdesk ingest`` needs on 2 cores;
- ``--build ingest``: generated pages go through ``python -m newsdesk ingest`` end to end.

Enough pages are generated that the ``articles`` table holds at least the size in rows (revisions
add no rows). Each query runs once to warm the cache, then ``--repeat`` times through
``Store.search`` (compiling the query, bm25 blended with recency, filters, duplicates hidden,
snippets, SearchHit records) and as the peer: a plain
``SELECT ... FROM articles_fts JOIN articles ... WHERE articles_fts MATCH ? ORDER BY rank LIMIT 20``
on a second connection to the same file, with the same MATCH expression and the same filters in SQL.
Latency p50/p95/p99 over all runs are printed for both, with newsdesk's as a ratio of the peer's.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import generate

from newsdesk.models import Article, Block, Image
from newsdesk.storage import SearchQuery, open_store
from newsdesk.storage.common import article_filters
from newsdesk.storage.query import compile_query

BATCH = 500
LIMIT = 20


@dataclass(frozen=True)
class BenchQuery:
    label: str
    text: str
    section: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    author: str | None = None


def fixed_queries(places: list[str], surname: str, pages: int) -> list[BenchQuery]:
    """Queries a reader of this corpus would type: words, names, phrases, boolean, prefixes, filters.

    Date filters take fractions of the corpus's time span (pages are published 7 minutes apart)."""
    span = timedelta(minutes=generate.MINUTES_PER_PAGE * pages)
    start = generate.BASE_TIME
    return [
        BenchQuery("word", "strike"),
        BenchQuery("word", "wildfire"),
        BenchQuery("word", "library"),
        BenchQuery("word", "derailment"),
        BenchQuery("very common word", "council"),
        BenchQuery("common word", "police"),
        BenchQuery("place", places[0]),
        BenchQuery("place", places[1]),
        BenchQuery("two words", "hospital waiting"),
        BenchQuery("two words", "flood defences"),
        BenchQuery("phrase", '"evacuation centre"'),
        BenchQuery("phrase", '"no one was hurt"'),
        BenchQuery("phrase", '"special measures"'),
        BenchQuery("phrase + word", f'"bus fares" {places[2]}'),
        BenchQuery("boolean OR", "strike OR walkout"),
        BenchQuery("boolean NOT", "flood NOT storm"),
        BenchQuery("boolean group", "(library OR museum) AND council"),
        BenchQuery("prefix", "evacuat*"),
        BenchQuery("prefix + word", "derail* freight"),
        BenchQuery("section filter", "council", section="Local"),
        BenchQuery("section filter", "goal", section="Sport"),
        BenchQuery("date filter", "strike", since=start + span * 0.8),
        BenchQuery("date range", "rain", since=start + span * 0.3, until=start + span * 0.4),
        BenchQuery("author filter", "hospital", author=surname),
        BenchQuery("all filters", "fire", section="News", since=start + span * 0.5, author=surname),
    ]


def _article(gp: generate.GeneratedPage) -> Article:
    s = gp.story
    return Article(
        input=f"generated#{gp.index}",
        url=gp.page.url,
        canonical_url=gp.page.url,
        site_name=gp.page.site.name,
        language="en",
        section=s.section,
        headline=s.headline,
        standfirst=s.standfirst,
        authors=s.authors,
        published_at=s.published,
        updated_at=s.updated,
        image=Image(caption=s.caption, credit=s.credit),
        body=tuple(Block(type="paragraph", text=p) for p in s.paragraphs),
        text="\n\n".join(s.paragraphs),
        word_count=sum(len(p.split()) for p in s.paragraphs),
        agency=s.agency,
        fetched_at=(s.updated or s.published) + timedelta(minutes=3),
    )


def build_with_api(db: Path, pages: int, seed: int) -> float:
    return build_store(f"sqlite:///{db}", pages, seed)


def build_store(url: str, pages: int, seed: int) -> float:
    """Store ``pages`` generated articles through the Store API into ``url`` (any backend); seconds taken."""
    store = open_store(url)
    t0 = time.perf_counter()
    batch: list[Article] = []
    try:
        for gp in generate.iter_pages(pages, seed):
            batch.append(_article(gp))
            if len(batch) == BATCH:
                store.upsert_articles(batch)
                batch.clear()
                if gp.index % 10_000 < BATCH:
                    print(f"  {gp.index + 1:,} pages stored ({time.perf_counter() - t0:.0f} s)", flush=True)
        if batch:
            store.upsert_articles(batch)
    finally:
        store.close()
    return time.perf_counter() - t0


def build_with_ingest(db: Path, pages: int, seed: int) -> float:
    folder = db.parent / "pages"
    generate.generate_pages(pages, seed, folder)
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "newsdesk", "ingest", str(folder)],
        check=False,
        cwd=db.parent,
        env={**os.environ, "NEWSDESK_DATABASE_URL": f"sqlite:///{db}"},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - t0


def pick_terms(seed: int) -> tuple[list[str], str]:
    places = [gp.story.place for gp in generate.iter_pages(3, seed, duplicate_rate=0, revision_rate=0)]
    surname = next(iter(generate.iter_pages(1, seed))).story.authors[0].split()[-1]
    return places, surname


def peer_sql(q: BenchQuery) -> tuple[str, list[object]]:
    filters, filter_params = peer_filters(q, placeholder="?", like="LIKE")
    where, params = ["articles_fts MATCH ?", *filters], [compile_query(q.text), *filter_params]
    sql = (
        "SELECT a.id, a.headline FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
        f" WHERE {' AND '.join(where)} ORDER BY rank LIMIT {LIMIT}"
    )
    return sql, params


def peer_filters(q: BenchQuery, *, placeholder: str, like: str) -> tuple[list[str], list[object]]:
    """The query's section, date and author filters, as the stores write them (storage/common.py)."""
    return article_filters(
        section=q.section,
        source_id=None,
        since=q.since,
        until=q.until,
        author=q.author,
        placeholder=placeholder,
        like=like,
    )


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, math.ceil(p / 100 * len(ordered)) - 1))
    return ordered[k]


def time_queries(db: Path, queries: list[BenchQuery], repeat: int) -> tuple[dict[str, list[float]], list[tuple]]:
    store = open_store(f"sqlite:///{db}")
    peer = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    ours_all: list[float] = []
    peer_all: list[float] = []
    rows = []
    try:
        for q in queries:
            sq = SearchQuery(text=q.text, section=q.section, since=q.since, until=q.until, author=q.author, limit=LIMIT)
            sql, params = peer_sql(q)
            hits = len(store.search(sq).hits)  # warm-up
            peer_hits = len(peer.execute(sql, params).fetchall())
            ours, theirs = [], []
            for _ in range(repeat):
                t0 = time.perf_counter()
                store.search(sq)
                ours.append((time.perf_counter() - t0) * 1000)
                t0 = time.perf_counter()
                peer.execute(sql, params).fetchall()
                theirs.append((time.perf_counter() - t0) * 1000)
            ours_all += ours
            peer_all += theirs
            rows.append((q, hits, peer_hits, statistics.median(ours), statistics.median(theirs)))
    finally:
        store.close()
        peer.close()
    return {"newsdesk": ours_all, "peer": peer_all}, rows


def describe(db: Path) -> dict[str, int]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        rows = conn.execute("SELECT count(*), count(*) FILTER (WHERE duplicate_of IS NULL) FROM articles").fetchone()
    return {"rows": rows[0], "shown": rows[1], "duplicates": rows[0] - rows[1]}


def run_size(size: int | None, args: argparse.Namespace, workdir: Path) -> None:
    if args.db:
        db = args.db
        print(f"\n== reusing {db}")
    else:
        assert size is not None
        db = workdir / f"search-{size}.db"
        pages = math.ceil(size / (1 - generate.DEFAULT_REVISION_RATE))
        print(f"\n== building {size:,} articles from {pages:,} generated pages with --build {args.build}", flush=True)
        took = (build_with_api if args.build == "api" else build_with_ingest)(db, pages, args.seed)
        print(f"   built in {took:.0f} s ({pages / took:.0f} pages/s)")
    info = describe(db)
    print(
        f"   {info['rows']:,} article rows ({info['shown']:,} shown, {info['duplicates']:,} near-duplicates hidden); "
        f"{db.stat().st_size / 1e6:.0f} MB"
    )
    places, surname = pick_terms(args.seed)
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        lo, hi = conn.execute("SELECT min(sort_ts), max(sort_ts) FROM articles").fetchone()
    queries = fixed_queries(places, surname, round((hi - lo) / 60 / generate.MINUTES_PER_PAGE))
    lat, rows = time_queries(db, queries, args.repeat)
    print("\n| query | filters | hits | peer rows | newsdesk median ms | FTS5 median ms |")
    print("|---|---|---|---|---|---|")
    for q, hits, peer_hits, ours, theirs in rows:
        filters = ", ".join(
            f"{k}={v if not isinstance(v, datetime) else v.date()}"
            for k, v in (("section", q.section), ("since", q.since), ("until", q.until), ("author", q.author))
            if v
        )
        print(f"| `{q.text}` ({q.label}) | {filters} | {hits} | {peer_hits} | {ours:.2f} | {theirs:.2f} |")
    n = len(lat["newsdesk"])
    print(f"\nlatency over {len(queries)} queries x {args.repeat} runs = {n} searches at {info['rows']:,} articles:")
    print("| | p50 ms | p95 ms | p99 ms | max ms |")
    print("|---|---|---|---|---|")
    for name, key in (("newsdesk Store.search", "newsdesk"), ("plain FTS5 MATCH ... ORDER BY rank", "peer")):
        v = lat[key]
        print(f"| {name} | {pct(v, 50):.2f} | {pct(v, 95):.2f} | {pct(v, 99):.2f} | {max(v):.2f} |")
    ratios = " / ".join(f"{pct(lat['newsdesk'], p) / pct(lat['peer'], p):.2f}" for p in (50, 95, 99))
    print(f"newsdesk / FTS5 at p50 / p95 / p99: {ratios}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="article counts, comma-separated")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=20, help="timed runs of each query")
    parser.add_argument("--build", choices=("api", "ingest"), default="api")
    parser.add_argument("--db", type=Path, help="reuse this database instead of building one")
    parser.add_argument("--keep", action="store_true", help="keep the databases built")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="newsdesk-bench-search-"))
    try:
        sizes: list[int | None] = [None] if args.db else [int(s) for s in args.sizes.split(",") if s]
        for size in sizes:
            run_size(size, args, workdir)
    finally:
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
