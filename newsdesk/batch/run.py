"""The Dask distributed driver of ``newsdesk batch``.

One task per partition (:mod:`newsdesk.batch.partition`): the worker reads the partition's pages with
:mod:`newsdesk.inputs`' readers and extracts each with :func:`newsdesk.pipeline.runner.extract_pages`,
the functions ``extract`` and ``ingest`` run, so the articles are the same. ``fetched_at`` is set as
``ingest`` sets it (the WARC record's date, else the time of extraction). The task returns the articles,
the content hash of each page and the per-page failures with their reasons; it never touches a database.

All tasks are submitted at once (the scheduler runs them as workers free up); the driver takes the
results in input order (a result that is ready early waits on its worker) and hands each to a **writer**: a thread that

1. writes the partition's articles as one Parquet file ``DIR/part-<id>.parquet`` (a hidden temporary
   file renamed into place, so a half-written file is never seen);
2. with ``into``, upserts them through ``open_store(into).upsert_articles`` (batches of UPSERT_BATCH,
   page hashes remembered as ``ingest`` does), enriches the stored originals with ``ingest``'s
   :class:`~newsdesk.pipeline.enrich.Enricher` (the workers computed each article's entities,
   keywords and profile; the writer saves them and places the article in its story thread, which
   reads the store) and records each failed page with ``record_failure``;
3. appends the partition's line to ``DIR/_manifest.jsonl`` (id, pages, articles, failures with reasons).

At most ``writers`` writers run at once (each with its own store connection), and at most
``2 * writers`` finished results wait for one: beyond that the driver stops collecting and the results
stay on the workers, so a slow database slows the run instead of filling the driver's memory. Default
writers: 1 for SQLite (one writer at a time is what SQLite allows anyway), 4 for PostgreSQL. With one
writer the store receives the pages in input order, as with ``ingest`` (so of two versions of a page in
an archive, the later one is the current revision); with several, partitions next to each other may
be stored in either order.

A rerun with the same ``--output`` (and the same inputs and partition size) skips every partition whose file is there and whose manifest line
was written (with ``into``, the line also names (by a hash of its URL) the database it was stored in, so adding ``--into`` to
a rerun stores what an earlier Parquet-only run left out). Partition ids are stable (a hash of what the
partition covers), so the rerun finds them. Without ``--output`` nothing is remembered: a rerun redoes
every partition (upserts are idempotent, so the database ends the same).

A task that raises is retried ``retries`` times (Dask's ``retries=``); a worker that dies (killed, out
of memory) has its tasks rescheduled on the others by the scheduler (and the local cluster's nanny
starts a new worker). A partition that still fails is reported at the end with its reason, in
``DIR/_failures.jsonl`` and in the summary, and the command exits 1.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from newsdesk.batch.partition import Partition, Plan, iter_partition
from newsdesk.errors import PipelineError
from newsdesk.models import Article
from newsdesk.pipeline.runner import extract_pages

if TYPE_CHECKING:
    from distributed import Client

    from newsdesk.config import Settings

log = logging.getLogger(__name__)

MANIFEST = "_manifest.jsonl"
FAILURES = "_failures.jsonl"
UPSERT_BATCH = 500
DEFAULT_RETRIES = 2


# --- on a worker ----------------------------------------------------------------------------------


@dataclass
class PartitionResult:
    id: str
    pages: int
    articles: list[Article]
    hashes: dict[str, str]  # article.input -> sha256 of the page's bytes
    failures: list[tuple[str, str]]  # (input, reason)
    seconds: float
    pid: int
    analyses: dict[str, Any] = field(default_factory=dict)  # article id -> pipeline.enrich.Analysis (with --into)


def process_partition(
    partition: Partition, settings: Settings, *, analyse: bool = False, metadata_only: bool = False
) -> PartitionResult:
    """Read and extract one partition (runs on a Dask worker; pure apart from reading its inputs).
    With ``analyse`` (``--into``), also the pure part of enrichment: each article's entities,
    keywords and similarity profile (:func:`newsdesk.pipeline.enrich.analyse`), so the writers only
    save them and place each article in its story thread. With ``metadata_only``, the records come
    without their body (``extract --metadata-only``)."""
    from newsdesk.pipeline.discover import detect_kind

    started = time.perf_counter()
    articles: list[Article] = []
    hashes: dict[str, str] = {}
    failures: list[tuple[str, str]] = []
    pages = 0
    for item in iter_partition(partition, settings):
        pages += 1
        if isinstance(item, PipelineError):
            failures.append((item.input or partition.describe(), str(item)))
            continue
        if detect_kind(item.content) != "page":
            failures.append((item.input, "a feed or sitemap: batch reads pages only; follow it with newsdesk ingest"))
            continue
        for result in extract_pages([item], metadata_only=metadata_only):
            if isinstance(result, PipelineError):
                failures.append((result.input or item.input, str(result)))
            else:
                articles.append(replace(result, fetched_at=item.fetched_at or datetime.now(UTC)))
                hashes[result.input] = hashlib.sha256(item.content).hexdigest()
    analyses: dict[str, Any] = {}
    if analyse and articles:
        analyses = _analyse_on_worker(articles, settings)
    return PartitionResult(
        id=partition.id,
        pages=pages,
        articles=articles,
        hashes=hashes,
        failures=failures,
        seconds=time.perf_counter() - started,
        pid=os.getpid(),
        analyses=analyses,
    )


def _analyse_on_worker(articles: list[Article], settings: Settings) -> dict[str, Any]:
    """Entities, keywords and profiles of ``articles`` with this process's tagger and embedder (each
    loaded once per worker process); an extra that is off is simply not used, as in ``ingest``."""
    from newsdesk.enrich.entities import load_tagger
    from newsdesk.enrich.semantic import embedder_for
    from newsdesk.errors import EnrichmentUnavailable
    from newsdesk.pipeline.enrich import analyse

    try:
        tagger = load_tagger(settings.ner_model or None)
    except (EnrichmentUnavailable, ImportError):
        tagger = None
    try:
        embedder = embedder_for(str(settings.similarity or "default"))
    except (EnrichmentUnavailable, ImportError):
        embedder = None
    done = analyse(articles, tagger=tagger, embedder=embedder)
    return {a.id: analysis for a, analysis in zip(articles, done, strict=True) if analysis is not None}


# --- the cluster ----------------------------------------------------------------------------------


@contextmanager
def dask_client(scheduler: str | None = None, workers: int | None = None) -> Iterator[Client]:
    """A client of the scheduler at ``scheduler``, else of a local cluster of ``workers`` processes
    (default: one per core), one thread each, on loopback, its dashboard on a free loopback port."""
    from distributed import Client, LocalCluster

    if scheduler:
        client = Client(scheduler, timeout="30s")
        try:
            yield client
        finally:
            client.close()
        return
    cluster = LocalCluster(
        n_workers=workers or os.cpu_count() or 1,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",
        silence_logs=logging.ERROR,
    )
    try:
        client = Client(cluster)
        try:
            yield client
        finally:
            client.close()
    finally:
        cluster.close()


# --- the driver -----------------------------------------------------------------------------------


@dataclass
class BatchReport:
    """What a run did; ``summary()`` is the line the CLI prints."""

    partitions: int = 0
    skipped: int = 0  # done by an earlier run
    done: int = 0
    pages: int = 0
    articles: int = 0
    failed_pages: list[tuple[str, str]] = field(default_factory=list)
    failed_partitions: list[tuple[Partition, str]] = field(default_factory=list)
    stored: Counter[str] = field(default_factory=Counter)  # upsert outcomes, with --into
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed_pages and not self.failed_partitions

    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds > 0 else 0.0

    def summary(self) -> str:
        parts = [
            f"{self.done + self.skipped}/{self.partitions} partitions"
            + (f" ({self.skipped} done before)" if self.skipped else ""),
            f"{self.pages} pages",
            f"{self.articles} articles",
            f"{len(self.failed_pages)} failed pages",
            f"{len(self.failed_partitions)} failed partitions",
        ]
        if self.stored:
            parts.append("stored: " + ", ".join(f"{n} {k}" for k, n in sorted(self.stored.items())))
        parts.append(f"{self.seconds:.1f} s, {self.pages_per_second():.1f} pages/s")
        return "; ".join(parts)


class OutputDir:
    """``DIR.parquet/``: one ``part-<id>.parquet`` per partition, ``_manifest.jsonl``, ``_failures.jsonl``."""

    def __init__(self, path: str) -> None:
        self.path = path
        os.makedirs(path, exist_ok=True)
        self._lock = threading.Lock()
        self.entries: dict[str, dict[str, Any]] = {}
        manifest = os.path.join(path, MANIFEST)
        if os.path.exists(manifest):
            with open(manifest, encoding="utf-8") as stream:
                for line in stream:
                    try:
                        entry = json.loads(line)
                    except ValueError:
                        continue  # a line cut by a crash: that partition is simply done again
                    self.entries[entry["id"]] = entry

    def part_path(self, partition_id: str) -> str:
        return os.path.join(self.path, f"part-{partition_id}.parquet")

    def done(self, partition_id: str, *, into: str | None, metadata_only: bool = False) -> bool:
        """Whether the partition's file is there, written in the same mode (whole articles or metadata
        only: a run in the other mode writes it again), and stored in ``into`` when one is given."""
        entry = self.entries.get(partition_id)
        if entry is None or not os.path.exists(self.part_path(partition_id)):
            return False
        if bool(entry.get("metadata_only", False)) != metadata_only:
            return False
        return into is None or database_key(into) in entry.get("stored_in", ())

    def record(self, entry: dict[str, Any]) -> None:
        with self._lock:
            old = self.entries.get(entry["id"])
            if old is not None:
                entry["stored_in"] = sorted(set(old.get("stored_in", ())) | set(entry.get("stored_in", ())))
            self.entries[entry["id"]] = entry
            with open(os.path.join(self.path, MANIFEST), "a", encoding="utf-8") as stream:
                stream.write(json.dumps(entry, ensure_ascii=False) + "\n")
                stream.flush()
                os.fsync(stream.fileno())

    def write_failures(self, plan: Plan, report: BatchReport) -> None:
        """``_failures.jsonl``: every failed page of every partition done (this run or before), the
        inputs that could not be cut, and the partitions that failed, each with its reason."""
        ids = {p.id for p in plan.partitions}
        rows: list[dict[str, Any]] = [{"input": e.input, "reason": str(e), "partition": None} for e in plan.failures]
        for pid, entry in self.entries.items():
            if pid in ids:
                rows.extend({"input": i, "reason": r, "partition": pid} for i, r in entry.get("failures", ()))
        for partition, reason in report.failed_partitions:
            rows.append({"input": partition.describe(), "reason": reason, "partition": partition.id})
        tmp = os.path.join(self.path, f".{FAILURES}.tmp")
        with open(tmp, "w", encoding="utf-8") as stream:
            stream.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
        os.replace(tmp, os.path.join(self.path, FAILURES))


def database_key(url: str) -> str:
    """How the manifest names a database: a hash of its URL (which may hold a password)."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]


def default_writers(into: str | None) -> int:
    return 1 if into is None or into.startswith("sqlite:") else 4


def pending(plan: Plan, output: str | None, into: str | None, *, metadata_only: bool = False) -> list[Partition]:
    """The partitions of ``plan`` an earlier run with the same ``output`` (and ``into``, and mode) has not done."""
    if output is None or not os.path.isdir(output):
        return list(plan.partitions)
    out = OutputDir(output)
    return [p for p in plan.partitions if not out.done(p.id, into=into, metadata_only=metadata_only)]


def foreign_parts(plan: Plan, output: str) -> list[str]:
    """Partition files in ``output`` that ``plan`` would not write (another cut of other inputs or with
    another partition size): writing beside them would give their articles twice."""
    if not os.path.isdir(output):
        return []
    ids = {p.id for p in plan.partitions}
    return sorted(
        name
        for name in os.listdir(output)
        if name.startswith("part-") and name.endswith(".parquet") and name[5:-8] not in ids
    )


def quiet_dask_logs(verbose: bool = False) -> None:
    """Dask logs every scheduler and worker start at INFO on stderr; keep errors only (and in the
    worker processes, which inherit the environment)."""
    level = "info" if verbose else "error"
    os.environ["DASK_LOGGING__DISTRIBUTED"] = level
    for name in list(logging.root.manager.loggerDict):
        if name == "distributed" or name.startswith("distributed."):
            logging.getLogger(name).setLevel(level.upper())


def run_batch(
    plan: Plan,
    settings: Settings,
    client: Client,
    *,
    output: str | None = None,
    into: str | None = None,
    writers: int | None = None,
    retries: int = DEFAULT_RETRIES,
    on_progress: Callable[[BatchReport], None] | None = None,
    on_result: Callable[[PartitionResult], None] | None = None,
    metadata_only: bool = False,
) -> BatchReport:
    """Run every partition of ``plan`` not done before on ``client``'s cluster; see the module docstring.
    ``on_progress(report)`` is called after each partition; ``on_result`` gets each result as it
    arrives (tests use it to kill a worker mid-run). ``metadata_only`` writes records without their
    body, to Parquet only (a database keeps whole articles)."""
    if metadata_only and into is not None:
        raise ValueError("metadata-only records go to Parquet only: a database keeps whole articles")
    started = time.perf_counter()
    out = OutputDir(output) if output else None
    report = BatchReport(partitions=len(plan.partitions))
    report.failed_pages.extend((e.input or "?", str(e)) for e in plan.failures)
    todo = [p for p in plan.partitions if out is None or not out.done(p.id, into=into, metadata_only=metadata_only)]
    report.skipped = len(plan.partitions) - len(todo)
    todo_ids = {p.id for p in todo}
    for p in plan.partitions:
        if out is not None and p.id not in todo_ids:
            report.failed_pages.extend(tuple(f) for f in out.entries[p.id].get("failures", ()))
    n_writers = max(1, writers or default_writers(into))
    sink = _Sink(out, into, n_writers, report, settings, metadata_only=metadata_only)
    run = uuid.uuid4().hex[:8]
    by_key: dict[str, Partition] = {}
    futures = []
    for p in todo:
        key = f"newsdesk-partition-{p.id}-{run}"
        by_key[key] = p
        futures.append(
            client.submit(
                process_partition,
                p,
                settings,
                analyse=into is not None,
                metadata_only=metadata_only,
                key=key,
                retries=retries,
                pure=False,
            )
        )
    try:
        for future in futures:  # in plan order: the store sees pages in input order, as ingest does
            partition = by_key[future.key]
            try:
                result = future.result()
            except Exception as exc:  # noqa: BLE001 (the task's own error after its retries, or KilledWorker)
                reason = str(exc) if isinstance(exc, PipelineError) else f"{type(exc).__name__}: {exc}"
                report.failed_partitions.append((partition, f"failed after {retries} retries: {reason}"))
                log.warning("partition %s (%s) failed: %s", partition.id, partition.describe(), reason)
            else:
                if on_result is not None:
                    on_result(result)
                sink.put(partition, result)
            future.release()
            report.seconds = time.perf_counter() - started
            if on_progress is not None:
                on_progress(report)
    finally:
        sink.close()
    if out is not None:
        out.write_failures(plan, report)
    report.seconds = time.perf_counter() - started
    return report


class _Sink:
    """The bounded writers: Parquet files, the store, the manifest (see the module docstring)."""

    def __init__(
        self,
        out: OutputDir | None,
        into: str | None,
        writers: int,
        report: BatchReport,
        settings: Any,
        *,
        metadata_only: bool = False,
    ):
        self._out = out
        self._metadata_only = metadata_only
        self._into = into
        self._settings = settings
        self._report = report
        self._pool = ThreadPoolExecutor(max_workers=writers, thread_name_prefix="newsdesk-writer")
        self._slots = threading.BoundedSemaphore(2 * writers)
        self._local = threading.local()
        self._stores: list[Any] = []
        self._lock = threading.Lock()
        self._futures: list[Any] = []

    def put(self, partition: Partition, result: PartitionResult) -> None:
        self._slots.acquire()  # backpressure: at most 2 * writers results wait
        self._futures.append(self._pool.submit(self._write, partition, result))
        with self._lock:
            self._report.pages += result.pages
            self._report.articles += len(result.articles)
            self._report.failed_pages.extend(result.failures)

    def _store(self) -> Any:
        store = getattr(self._local, "store", None)
        if store is None:
            from newsdesk.pipeline.enrich import Enricher
            from newsdesk.storage import open_store

            store = open_store(self._into or "")
            self._local.store = store
            self._local.enricher = Enricher(store, self._settings)
            with self._lock:
                self._stores.append(store)
        return store

    def _write(self, partition: Partition, result: PartitionResult) -> None:
        try:
            if self._out is not None:
                from newsdesk.batch.parquet import write_atomically

                write_atomically(result.articles, self._out.part_path(partition.id))
            stored: Counter[str] = Counter()
            if self._into is not None:
                store = self._store()
                for i in range(0, len(result.articles), UPSERT_BATCH):
                    chunk = result.articles[i : i + UPSERT_BATCH]
                    hashes = {a.input: result.hashes[a.input] for a in chunk if a.input in result.hashes}
                    outcomes = store.upsert_articles(chunk, content_hashes=hashes)
                    stored.update(o.status for o in outcomes)
                    # as ingest does: entities, keywords, profile and story thread of each new original
                    self._local.enricher.enrich(zip(chunk, outcomes, strict=True), result.analyses)
                for input, reason in result.failures:
                    store.record_failure(input, reason)
            with self._lock:
                self._report.stored.update(stored)
                self._report.done += 1
            if self._out is not None:
                self._out.record(
                    {
                        "id": partition.id,
                        **partition.to_dict(),
                        "pages": result.pages,
                        "articles": len(result.articles),
                        "failures": result.failures,
                        "seconds": round(result.seconds, 3),
                        "stored_in": [database_key(self._into)] if self._into else [],
                        "metadata_only": self._metadata_only,
                        "at": datetime.now(UTC).isoformat(),
                    }
                )
        except Exception as exc:  # a write that fails fails its partition, not the run
            log.warning("partition %s: writing failed: %s", partition.id, exc, exc_info=True)
            with self._lock:
                self._report.failed_partitions.append((partition, f"writing failed: {type(exc).__name__}: {exc}"))
        finally:
            self._slots.release()

    def close(self) -> None:
        self._pool.shutdown(wait=True)
        for store in self._stores:
            store.close()


__all__ = ["BatchReport", "OutputDir", "PartitionResult", "dask_client", "process_partition", "run_batch"]
