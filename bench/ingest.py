"""Ingest throughput end to end: `newsdesk ingest` of N generated pages into a fresh SQLite database.

    python bench/ingest.py [--pages 10000] [--seed 1] [--pages-dir DIR] [--format html|warc]
                           [--peer-sample N] [--no-peer] [--profile]

Generates N synthetic pages with ``bench/generate.py`` (or reuses ``--pages-dir`` when it already
holds them, checked by its manifest), then runs ``python -m newsdesk ingest`` on them as a separate
process with ``NEWSDESK_DATABASE_URL`` pointing at a new database in a temporary folder, and prints:

- pages/s (wall clock) and pages/s per core: ingest is one process with no workers, so it uses at
  most one core; CPU seconds (user + system) are printed too, and the share of the wall time
  the process spent on CPU (the rest is waiting, mostly for fsync);
- peak memory: the ingest process's RSS high-water mark (``ru_maxrss`` from ``wait4``) and the
  largest RSS of its process tree sampled from /proc every 0.1 s;
- what was stored against the generator's truth (originals, revisions, syndicated copies);
- next to it the nearest peer: ``trafilatura.extract`` alone on the same pages in this process
  (reading files included, no database), in pages/s, and newsdesk's rate as a ratio of it.

``--profile`` runs ingest under cProfile and prints the functions with the most cumulative time.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import generate

SUMMARY = re.compile(r"ingest: (\d+) pages: (\d+) new, (\d+) updated, (\d+) unchanged, (\d+) duplicate, (\d+) failed")


def ensure_pages(n: int, seed: int, pages_dir: Path | None, fmt: str, workdir: Path) -> tuple[Path, Path]:
    """The folder (or WARC) holding N generated pages, and its manifest; generated when missing."""
    folder = pages_dir or workdir / f"pages-{n}-{seed}-{fmt}"
    manifest = folder / "manifest.jsonl"
    target = folder / "pages.warc.gz" if fmt == "warc" else folder
    if manifest.exists() and sum(1 for _ in manifest.open()) == n and target.exists():
        print(f"reusing {n:,} pages in {folder}")
        return target, manifest
    t0 = time.perf_counter()
    summary = generate.generate_pages(n, seed, folder, fmt=fmt)
    print(
        f"generated {n:,} pages in {time.perf_counter() - t0:.1f} s into {folder} "
        f"({summary['bytes'] / 1e6:.0f} MB; {summary['original']} original, {summary['duplicate']} duplicate, "
        f"{summary['revision']} revision)"
    )
    return target, manifest


def _tree_rss_kb(pid: int) -> int:
    """RSS of ``pid`` and its descendants, from /proc (0 when gone)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as fh:
                total += next((int(line.split()[1]) for line in fh if line.startswith("VmRSS:")), 0)
            with open(f"/proc/{p}/task/{p}/children") as fh:
                todo.extend(int(c) for c in fh.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def run_ingest(target: Path, db: Path, *, profile: Path | None) -> dict[str, float | int | str]:
    env = {**os.environ, "NEWSDESK_DATABASE_URL": f"sqlite:///{db}"}
    cmd = [
        sys.executable,
        *(["-m", "cProfile", "-o", str(profile)] if profile else []),
        "-m",
        "newsdesk",
        "ingest",
        str(target),
    ]
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        env=env,
        cwd=db.parent,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    peak_tree = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak_tree
        while not stop.is_set():
            peak_tree = max(peak_tree, _tree_rss_kb(proc.pid))
            stop.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stderr_lines: list[str] = []
    assert proc.stderr is not None
    for line in proc.stderr:
        stderr_lines.append(line.rstrip("\n"))
        if len(stderr_lines) > 200:
            del stderr_lines[:100]
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    stop.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    summary = next((m for line in reversed(stderr_lines) if (m := SUMMARY.search(line))), None)
    if summary is None:
        tail = "\n".join(stderr_lines[-15:])
        raise SystemExit(f"ingest did not finish (exit {proc.returncode}):\n{tail}")
    pages, new, updated, unchanged, duplicate, failed = map(int, summary.groups())
    return {
        "exit": proc.returncode,
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "user": usage.ru_utime,
        "sys": usage.ru_stime,
        "maxrss_kb": usage.ru_maxrss,
        "tree_peak_kb": peak_tree,
        "pages": pages,
        "new": new,
        "updated": updated,
        "unchanged": unchanged,
        "duplicate": duplicate,
        "failed": failed,
        "summary": summary.group(0),
    }


def check_database(db: Path) -> dict[str, object]:
    """Integrity and counts straight from the file, through the Store API."""
    from newsdesk.storage import open_store

    with sqlite3.connect(db) as conn:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    store = open_store(f"sqlite:///{db}")
    try:
        stats = store.stats().to_dict()
    finally:
        store.close()
    return {"integrity": integrity, **stats, "db_mb": round(db.stat().st_size / 1e6, 1)}


def _iter_page_bytes(target: Path, manifest: Path):
    if target.is_dir():
        for line in manifest.open(encoding="utf-8"):
            yield (target / json.loads(line)["file"]).read_bytes()
        return
    from newsdesk.config import load_settings
    from newsdesk.inputs import iter_pages

    for page in iter_pages([str(target)], load_settings()):
        yield page.content  # type: ignore[union-attr]


def run_peer(target: Path, manifest: Path, sample: int | None) -> dict[str, float | int]:
    """trafilatura.extract alone on the same pages (reading them included), in this process."""
    import trafilatura

    n = extracted = 0
    t0 = time.perf_counter()
    cpu0 = time.process_time()
    for content in _iter_page_bytes(target, manifest):
        if sample is not None and n >= sample:
            break
        text = trafilatura.extract(content.decode("utf-8"))
        extracted += bool(text)
        n += 1
    return {"pages": n, "extracted": extracted, "wall": time.perf_counter() - t0, "cpu": time.process_time() - cpu0}


def truth(manifest: Path) -> dict[str, int]:
    counts = {"original": 0, "duplicate": 0, "revision": 0}
    for line in manifest.open(encoding="utf-8"):
        counts[json.loads(line)["kind"]] += 1
    return counts


def print_profile(path: Path, top: int = 25) -> None:
    import pstats

    print(f"\nprofile of ingest (top {top} by cumulative time):")
    pstats.Stats(str(path)).sort_stats("cumulative").print_stats(top)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=10_000, help="pages to ingest (default 10000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pages-dir", type=Path, help="generate into / reuse this folder (default: a temp folder)")
    parser.add_argument("--format", choices=("html", "warc"), default="html", help="a folder of HTML files or one WARC")
    parser.add_argument("--peer-sample", type=int, help="run trafilatura on only the first N pages")
    parser.add_argument("--no-peer", action="store_true", help="skip the trafilatura run")
    parser.add_argument("--profile", action="store_true", help="run ingest under cProfile and print the top")
    parser.add_argument("--keep", action="store_true", help="keep the temp folder (database and generated pages)")
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="newsdesk-bench-ingest-"))
    try:
        target, manifest = ensure_pages(args.pages, args.seed, args.pages_dir, args.format, workdir)
        db = workdir / "bench.db"
        prof = workdir / "ingest.prof" if args.profile else None
        print(f"ingesting {target} into {db} (one process, no workers) ...")
        r = run_ingest(target, db, profile=prof)
        dbinfo = check_database(db)
        expected = truth(manifest)
        rate = r["pages"] / r["wall"]
        print(f"\n{r['summary']} (exit {r['exit']})")
        print(
            f"truth: {expected['original']} original, {expected['revision']} revision, "
            f"{expected['duplicate']} syndicated copies"
        )
        print(f"database: {dbinfo}")
        print("\n| measure | newsdesk ingest |")
        print("|---|---|")
        print(f"| pages | {r['pages']:,} |")
        print(f"| wall time | {r['wall']:.1f} s |")
        print(f"| pages/s (wall) | {rate:.1f} |")
        print(f"| pages/s per core (1 process, no workers) | {rate:.1f} |")
        print(
            f"| CPU time (user+sys) | {r['cpu']:.1f} s ({r['user']:.1f} + {r['sys']:.1f}); "
            f"{100 * r['cpu'] / r['wall']:.0f}% of wall |"
        )
        print(f"| pages per CPU-second | {r['pages'] / r['cpu']:.1f} |")
        print(f"| peak RSS (ru_maxrss of the ingest process) | {r['maxrss_kb'] / 1024:.0f} MiB |")
        print(f"| peak RSS (process tree, sampled) | {r['tree_peak_kb'] / 1024:.0f} MiB |")
        if not args.no_peer:
            p = run_peer(target, manifest, args.peer_sample)
            prate = p["pages"] / p["wall"]
            print(
                f"\npeer: trafilatura.extract alone on {p['pages']:,} of the same pages "
                f"(in-process, no database): {p['wall']:.1f} s, {prate:.1f} pages/s, "
                f"{p['pages'] / max(p['cpu'], 1e-9):.1f} pages per CPU-second, {p['extracted']:,} with text"
            )
            print(
                f"newsdesk ingest end to end = {rate / prate:.2f} x trafilatura's pages/s "
                f"({(r['pages'] / r['cpu']) / (p['pages'] / p['cpu']):.2f} x per CPU-second)"
            )
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(f"(bench process itself peaked at {own / 1024:.0f} MiB)")
        if prof:
            print_profile(prof)
    finally:
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
