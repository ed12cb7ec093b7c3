"""Reader-site load: requests/s and p50/p99 latency of the front, article and search pages.

    python bench/web.py [--articles 100000] [--db PATH] [--rate 100] [--duration 30]
                        [--wrk-duration 10] [--connections 8] [--seed 1] [--no-wrk]

1. A SQLite store of ``--articles`` articles (default 100,000): reused when ``--db`` (default
   ``bench/out/web-<N>.db``) already holds that many rows, else built the way ``bench/search.py``
   builds its stores (``search.build_with_api``: ``bench/generate.py``'s stories written through
   ``Store.upsert_articles`` in batches of 500, near-duplicate linking and revisions included,
   HTML rendering and extraction skipped).
2. ``python -m newsdesk serve --host 127.0.0.1 --port P``: one process, one uvicorn worker, over it.
3. For each page type (front ``/``; article ``/articles/{id}`` for 1,000 ids drawn at random from
   the shown articles; search ``/search?q=...`` for a fixed list of words, phrases, boolean and
   prefix queries, plain and with a section filter), after a warm-up pass over every URL:
   - fixed rate (the acceptance figure): an open-loop asyncio + httpx client sends ``--rate``
     requests/s for ``--duration`` s, cycling through the type's URLs, over keep-alive
     connections. Latency is measured from each request's *scheduled* start, so a server that
     falls behind is charged for the queue it causes (no coordinated omission);
   - capacity: ``wrk -t1 -c<connections> -d<wrk-duration>s --latency`` (Debian's wrk 4, closed
     loop) with a Lua script cycling through the same URLs: the most requests/s one worker serves.
Every response must be 200 (counted and printed otherwise). The load generator shares the machine's
cores with the server: on 2 cores wrk's figures are a floor.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import random
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import httpx

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import generate
import search

ARTICLE_SAMPLE = 1_000
QUERIES = [
    ("strike", None),
    ("wildfire", None),
    ("library", None),
    ("council", None),
    ("police", None),
    ("hospital waiting", None),
    ('"evacuation centre"', None),
    ('"no one was hurt"', None),
    ("strike OR walkout", None),
    ("flood NOT storm", None),
    ("evacuat*", None),
    ("derail* freight", None),
    ("council", "Local"),
    ("goal", "Sport"),
    ("fire", "News"),
    ("budget", "Business"),
]


@dataclass
class Figures:
    page: str
    urls: int
    latencies_ms: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    sent_per_s: float = 0.0
    wrk: dict[str, float] = field(default_factory=dict)


def pct(values: list[float], p: float) -> float:
    return search.pct(values, p) if values else math.nan


# --- the store ------------------------------------------------------------------------------------


def count_rows(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.DatabaseError:
        return 0


def ensure_store(db: Path, articles: int, seed: int) -> None:
    rows = count_rows(db)
    if rows >= articles:
        print(f"== reusing {db}: {rows:,} article rows", flush=True)
        return
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    db.parent.mkdir(parents=True, exist_ok=True)
    pages = math.ceil(articles / (1 - generate.DEFAULT_REVISION_RATE))
    print(f"== building {db}: {articles:,} articles from {pages:,} generated pages", flush=True)
    took = search.build_with_api(db, pages, seed)
    print(f"   built in {took:.0f} s; {count_rows(db):,} article rows", flush=True)


def article_ids(db: Path, n: int, seed: int) -> list[str]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        ids = [row[0] for row in conn.execute("SELECT id FROM articles WHERE duplicate_of IS NULL")]
    return random.Random(seed).sample(ids, min(n, len(ids)))


def page_urls(db: Path, seed: int) -> dict[str, list[str]]:
    searches = []
    for q, section in QUERIES:
        params = {"q": q, **({"section": section} if section else {})}
        searches.append("/search?" + urlencode(params))
    return {
        "front": ["/"],
        "article": [f"/articles/{i}" for i in article_ids(db, ARTICLE_SAMPLE, seed)],
        "search": searches,
    }


# --- the server -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "NEWSDESK_DATABASE_URL": f"sqlite:///{db}"}
    env.pop("NEWSDESK_API_TOKEN", None)
    command = [sys.executable, "-m", "newsdesk", "serve", "--host", "127.0.0.1", "--port", str(port)]
    print("== " + " ".join(["newsdesk", *command[3:]]) + f"   (NEWSDESK_DATABASE_URL=sqlite:///{db})", flush=True)
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(f"http://127.0.0.1:{port}/", timeout=5).raise_for_status()
            return proc
        except httpx.HTTPError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                err = proc.stderr.read().decode() if proc.stderr else ""
                raise SystemExit(f"newsdesk serve did not answer within 60 s:\n{err}") from None
            time.sleep(0.2)


# --- fixed-rate open-loop client ------------------------------------------------------------------


async def fixed_rate(base: str, urls: list[str], rate: float, duration: float, figures: Figures) -> None:
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:

        async def one(url: str, scheduled: float) -> None:
            delay = scheduled - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            try:
                response = await client.get(url)
                ok = response.status_code == 200
                key = "" if ok else str(response.status_code)
            except httpx.HTTPError as exc:
                key = type(exc).__name__
            figures.latencies_ms.append((time.perf_counter() - scheduled) * 1000)
            if key:
                figures.errors[key] = figures.errors.get(key, 0) + 1

        total = int(rate * duration)
        start = time.perf_counter() + 0.2
        tasks = [asyncio.create_task(one(urls[i % len(urls)], start + i / rate)) for i in range(total)]
        await asyncio.gather(*tasks)
        figures.sent_per_s = total / (time.perf_counter() - start)


def warm_up(base: str, urls: list[str]) -> None:
    with httpx.Client(base_url=base, timeout=30) as client:
        for url in urls:
            client.get(url)


# --- wrk ------------------------------------------------------------------------------------------

WRK_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def run_wrk(base: str, urls: list[str], seconds: int, connections: int, workdir: Path) -> dict[str, float]:
    script = workdir / "paths.lua"
    listed = ",\n".join('  "' + u.replace("\\", "\\\\").replace('"', '\\"') + '"' for u in urls)
    script.write_text(
        "local paths = {\n" + listed + "\n}\nlocal i = 0\n"
        "request = function()\n  i = i % #paths + 1\n  return wrk.format('GET', paths[i])\nend\n"
        "done = function(summary, latency, requests)\n"
        "  io.write(string.format('non2xx %d\\n', summary.errors.status))\nend\n"
    )
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script), base + urls[0]]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    figures: dict[str, float] = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}  # type: ignore[union-attr]
    for p in ("50", "99"):
        value, unit = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.MULTILINE).groups()  # type: ignore[union-attr]
        figures[f"p{p}"] = float(value) * WRK_UNITS[unit]
    figures["non2xx"] = float(re.search(r"non2xx (\d+)", out).group(1))  # type: ignore[union-attr]
    return figures


# --- main -----------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--db", type=Path, help="default: bench/out/web-<articles>.db (reused when full)")
    parser.add_argument("--rate", type=float, default=100.0, help="requests/s of the fixed-rate client")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of fixed-rate load per page type")
    parser.add_argument("--wrk-duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8, help="wrk's open connections")
    parser.add_argument("--no-wrk", action="store_true", help="skip the capacity runs")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    db = args.db or BENCH / "out" / f"web-{args.articles}.db"
    use_wrk = not args.no_wrk and shutil.which("wrk") is not None
    if not args.no_wrk and not use_wrk:
        print("wrk not found (apt-get install -y wrk): capacity runs skipped", flush=True)

    ensure_store(db, args.articles, args.seed)
    urls = page_urls(db, args.seed)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = start_server(db, port)
    workdir = Path(tempfile.mkdtemp(prefix="newsdesk-bench-web-"))
    results: list[Figures] = []
    try:
        print(f"   load average {os.getloadavg()[0]:.2f}; {os.cpu_count()} cores", flush=True)
        for page, page_list in urls.items():
            figures = Figures(page, len(page_list))
            warm_up(base, page_list)
            asyncio.run(fixed_rate(base, page_list, args.rate, args.duration, figures))
            if use_wrk:
                figures.wrk = run_wrk(base, page_list, args.wrk_duration, args.connections, workdir)
            results.append(figures)
            print(f"   {page}: done", flush=True)
        print(f"   load average {os.getloadavg()[0]:.2f}", flush=True)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(workdir, ignore_errors=True)

    print(f"\n{count_rows(db):,} article rows; one uvicorn worker on 127.0.0.1")
    print(f"\nfixed rate: {args.rate:g} requests/s for {args.duration:g} s per page type (open loop, httpx)")
    print("| page | URLs | requests | achieved req/s | p50 ms | p99 ms | max ms | non-200 / errors |")
    print("|---|---|---|---|---|---|---|---|")
    for f in results:
        lat = f.latencies_ms
        print(
            f"| {f.page} | {f.urls:,} | {len(lat):,} | {f.sent_per_s:.1f} | {pct(lat, 50):.1f} | "
            f"{pct(lat, 99):.1f} | {max(lat):.1f} | {sum(f.errors.values()) or 0} {f.errors or ''} |"
        )
    if use_wrk:
        print(f"\ncapacity: wrk -t1 -c{args.connections} -d{args.wrk_duration}s (closed loop)")
        print("| page | requests/s | p50 ms | p99 ms | non-2xx |")
        print("|---|---|---|---|---|")
        for f in results:
            w = f.wrk
            print(f"| {f.page} | {w['rps']:.0f} | {w['p50']:.1f} | {w['p99']:.1f} | {w['non2xx']:.0f} |")
    article = next(f for f in results if f.page == "article")
    p99 = pct(article.latencies_ms, 99)
    verdict = "meets" if p99 < 50 and not article.errors else "misses"
    print(f"\narticle page p99 {p99:.1f} ms at {args.rate:g} requests/s: {verdict} the 50 ms target")
    return 0


if __name__ == "__main__":
    sys.exit(main())
