"""Throughput of ``newsdesk batch`` with 1 and 2 local Dask workers on a generated archive.

    python bench/batch.py [--pages 20000] [--workers 1,2] [--partition-size 250] [--repeat 1] [--into]

The archive is ``bench/generate.py``'s ``--format warc`` output (one gzip member per record, so batch
splits it by record ranges), cached as ``/tmp/newsdesk-bench/batch-<N>/pages.warc.gz``. For each worker
count, ``python -m newsdesk batch ARCHIVE --workers W --partition-size P --output DIR`` runs as a child
process into a fresh output folder (``--into`` adds a fresh SQLite store). Printed per run:

- **run pages/s**: the pages over the time from the first task submitted to the last partition written
  (the figure the command prints in its summary line): what the workers deliver;
- **end-to-end pages/s**: over the child's whole wall time, with Python start, cutting the archive (the
  driver reads it once) and starting the local cluster included;
- **pages per CPU-second**: pages over the CPU time of the batch process and the worker processes it
  started (``os.wait4``'s rusage): the steadier figure on a shared machine, and a check that a second
  worker adds no work (it should stay about the same from 1 to 2 workers).

The ratio is 2 workers over 1 for both. With ``--repeat R`` the worker counts take turns R times and the
best of each is kept (the machine is shared; the best run is the one least disturbed). Nothing is
asserted; the load average is printed at the start and the end.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

CACHE = Path("/tmp/newsdesk-bench")
_SUMMARY = re.compile(r"(\d+) pages; .*?; ([\d.]+) s, ([\d.]+) pages/s")


def ensure_archive(pages: int, seed: int) -> Path:
    folder = CACHE / f"batch-{pages}-seed{seed}"
    archive = folder / "pages.warc.gz"
    manifest = folder / "manifest.jsonl"
    if archive.exists() and manifest.exists() and sum(1 for _ in manifest.open()) == pages:
        return archive
    import generate

    print(f"generating {pages:,} pages into {archive}", flush=True)
    shutil.rmtree(folder, ignore_errors=True)
    generate.generate_pages(pages, seed, folder, fmt="warc")
    return archive


def run(archive: Path, workers: int, size: int, into: bool) -> dict[str, float]:
    out = CACHE / f"batch-out-{workers}"
    shutil.rmtree(out.with_suffix(".parquet"), ignore_errors=True)
    db = out.with_suffix(".db")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "newsdesk", "batch", str(archive), "--workers", str(workers)]
    cmd += ["--partition-size", str(size), "--output", str(out.with_suffix(".parquet"))]
    if into:
        cmd += ["--into", f"sqlite:///{db}"]
    t0 = time.perf_counter()
    child = subprocess.Popen(
        cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    assert child.stderr is not None
    err = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)  # CPU of the batch process and the cluster it started and reaped
    code = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t0
    line = err.strip().splitlines()[-1] if err.strip() else ""
    match = _SUMMARY.search(line)
    if code != 0 or not match:
        raise SystemExit(f"batch --workers {workers} failed ({code}): {err.strip()[-2000:]}")
    pages, seconds = int(match.group(1)), float(match.group(2))
    cpu = usage.ru_utime + usage.ru_stime
    return {
        "cpu_s": cpu,
        "pages_per_cpu_s": pages / cpu if cpu else 0.0,
        "workers": workers,
        "pages": pages,
        "run_s": seconds,
        "wall_s": wall,
        "run_pps": pages / seconds,
        "wall_pps": pages / wall,
        "summary": line,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--partition-size", type=int, default=250)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--into", action="store_true", help="also upsert into a fresh SQLite store")
    parser.add_argument("--json", type=Path, default=None, help="write every run's figures here")
    args = parser.parse_args(argv)
    archive = ensure_archive(args.pages, args.seed)
    counts = [int(w) for w in args.workers.split(",")]
    print(
        f"archive: {archive} ({archive.stat().st_size / 1e6:,.0f} MB, {args.pages:,} pages); "
        f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    runs: list[dict[str, float]] = []
    for _ in range(args.repeat):
        for w in counts:
            r = run(archive, w, args.partition_size, args.into)
            runs.append(r)
            print(
                f"  workers={w}: {r['pages']:,} pages, run {r['run_s']:.1f} s = {r['run_pps']:.1f} pages/s, "
                f"end to end {r['wall_s']:.1f} s = {r['wall_pps']:.1f} pages/s; "
                f"{r['cpu_s']:.0f} CPU s = {r['pages_per_cpu_s']:.1f} pages per CPU-second",
                flush=True,
            )
    best = {w: max((r for r in runs if r["workers"] == w), key=lambda r: r["run_pps"]) for w in counts}
    print(f"{'workers':>7} {'run pages/s':>12} {'end-to-end pages/s':>19}")
    for w in counts:
        print(f"{w:>7} {best[w]['run_pps']:>12.1f} {best[w]['wall_pps']:>19.1f}")
    if len(counts) >= 2:
        lo, hi = best[counts[0]], best[counts[-1]]
        print(
            f"ratio {counts[-1]}/{counts[0]} workers: run {hi['run_pps'] / lo['run_pps']:.2f}x, "
            f"end to end {hi['wall_pps'] / lo['wall_pps']:.2f}x (acceptance: >= 1.7x at 20k pages)"
        )
    print(f"load average at the end {os.getloadavg()[0]:.1f}")
    if args.json:
        args.json.write_text(json.dumps(runs, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
