"""newsdesk batch on a real local Dask cluster: same articles as extract, a killed worker, reruns, failures."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

pytest.importorskip("distributed", reason="the dask extra is not installed: pip install 'newsdesk[dask]'")
pytest.importorskip("pyarrow", reason="the dask extra is not installed: pip install 'newsdesk[dask]'")

from newsdesk.batch.parquet import read_articles
from newsdesk.batch.partition import plan_partitions
from newsdesk.batch.run import FAILURES, dask_client, quiet_dask_logs, run_batch
from newsdesk.config import load_settings
from newsdesk.errors import PipelineError
from newsdesk.inputs import iter_pages
from newsdesk.pipeline.runner import extract_pages

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "extract"
PAGES = ROOT / "tests" / "data" / "pages"
NEWSDESK = Path(sys.executable).parent / "newsdesk"  # the console script: workers start by spawn from it

sys.path.insert(0, str(ROOT / "bench"))
import generate


def _env() -> dict[str, str]:
    return {**os.environ, "NEWSDESK_DATABASE_URL": "sqlite:///unused.db"}


def _extracted(*inputs: Path) -> Counter[tuple[str, str, str]]:
    run = subprocess.run(
        [str(NEWSDESK), "extract", "--format", "jsonl", *map(str, inputs)],
        capture_output=True,
        text=True,
        env=_env(),
        check=False,
    )
    return Counter((d["id"], d["input"], d["text"]) for d in map(json.loads, run.stdout.splitlines()))


def _batched(folder: Path) -> Counter[tuple[str, str, str]]:
    return Counter((a.id, a.input, a.text) for a in read_articles(str(folder)))


@pytest.fixture(scope="module")
def client():
    quiet_dask_logs()
    with dask_client(workers=2) as c:
        yield c


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """24 generated pages in one .warc.gz, one gzip member per record."""
    out = tmp_path_factory.mktemp("warc")
    generate.generate_pages(24, 3, out, fmt="warc")
    return out / "pages.warc.gz"


def test_cli_gives_the_same_articles_as_extract(tmp_path: Path, archive: Path) -> None:
    out = tmp_path / "out.parquet"
    run = subprocess.run(
        [str(NEWSDESK), "batch", str(GOLDEN), str(PAGES), str(archive), "--workers", "2"]
        + ["--output", str(out), "--partition-size", "4"],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    assert run.stderr.strip().splitlines()[-1].startswith("batch: ")
    expected = _extracted(GOLDEN, PAGES, archive)
    assert len(expected) == sum(1 for _ in GOLDEN.glob("*.html")) + sum(1 for _ in GOLDEN.glob("*.txt")) + 1 + 24
    assert _batched(out) == expected
    parts = list(out.glob("part-*.parquet"))
    assert len(parts) == len(json.loads("[" + ",".join((out / "_manifest.jsonl").read_text().splitlines()) + "]"))
    assert len(parts) > 5  # the archive was split by record ranges, not read whole


def test_cli_usage_errors_are_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from newsdesk.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "old.parquet").mkdir()
    (tmp_path / "old.parquet" / "part-0123456789abcdef.parquet").write_bytes(b"")
    for args, needle in (
        (["batch", str(PAGES), "--output", "old.parquet"], "holds 1 partition file(s) of other inputs"),
        (["batch", str(tmp_path / "missing"), "--output", "o.parquet"], "no such file or folder"),
        (["batch", str(PAGES)], "--output DIR.parquet and/or --into"),
        (["batch", "-", "--output", "o.parquet"], "standard input"),
        (["batch", str(PAGES), "--output", "o", "--workers", "2", "--scheduler", "tcp://127.0.0.1:1"], "not both"),
        (["batch", str(PAGES), "--into", "mysql://x"], "--into: NEWSDESK_DATABASE_URL"),
        (["batch", str(PAGES), "--into", "sqlite:///x.db", "--metadata-only"], "--metadata-only writes Parquet only"),
    ):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2, (args, result.output)
        assert result.stderr.count("\n") == 1 and needle in result.stderr, result.stderr


def test_killing_a_worker_mid_run_still_completes_the_job(tmp_path: Path, archive: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    for page in [*GOLDEN.glob("*.html"), *GOLDEN.glob("*.txt")]:
        shutil.copy(page, folder / page.name)
    settings = load_settings()
    plan = plan_partitions([str(folder), str(archive)], settings, size=2)  # 17 partitions: time to kill into
    killed: list[int] = []
    quiet_dask_logs()
    with dask_client(workers=2) as c:

        def kill_one(_result: object) -> None:
            if killed:
                return
            busy = [addr for addr, keys in c.processing().items() if keys] or list(c.scheduler_info()["workers"])
            pid = c.run(os.getpid, workers=[busy[0]])[busy[0]]
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

        report = run_batch(plan, settings, c, output=str(tmp_path / "out.parquet"), on_result=kill_one)
        pids = set(c.run(os.getpid).values())
    assert killed and killed[0] not in pids  # that worker died (the nanny starts another)
    assert report.failed_partitions == [] and report.failed_pages == []
    assert report.done == len(plan.partitions)
    expected = Counter(
        (a.id, a.input, a.text)
        for a in extract_pages(iter_pages([str(folder), str(archive)], settings))
        if not isinstance(a, PipelineError)
    )
    assert _batched(tmp_path / "out.parquet") == expected


def test_a_rerun_skips_what_is_done(tmp_path: Path, client, archive: Path) -> None:
    settings = load_settings()
    out = tmp_path / "out.parquet"
    plan = plan_partitions([str(archive)], settings, size=6)
    first = run_batch(plan, settings, client, output=str(out))
    assert (first.done, first.skipped, first.pages) == (4, 0, 24)
    again = run_batch(plan_partitions([str(archive)], settings, size=6), settings, client, output=str(out))
    assert (again.done, again.skipped, again.pages) == (0, 4, 0)
    victim = min(out.glob("part-*.parquet"))
    victim.unlink()
    third = run_batch(plan_partitions([str(archive)], settings, size=6), settings, client, output=str(out))
    assert (third.done, third.skipped, third.pages) == (1, 3, 6)
    assert victim.exists()
    assert sum(_batched(out).values()) == 24
    # storing into a database is work of its own: a Parquet-only run does not count as stored
    db = f"sqlite:///{tmp_path / 'n.db'}"
    stored = run_batch(plan_partitions([str(archive)], settings, size=6), settings, client, output=str(out), into=db)
    assert (stored.done, stored.skipped) == (4, 0)
    assert sum(stored.stored.values()) == 24


def test_metadata_only_writes_the_records_without_their_body_and_a_full_run_redoes_them(
    tmp_path: Path, client, archive: Path
) -> None:
    settings = load_settings()
    out = tmp_path / "meta.parquet"
    first = run_batch(
        plan_partitions([str(archive)], settings, size=6), settings, client, output=str(out), metadata_only=True
    )
    assert (first.done, first.articles) == (4, 24)
    slim = read_articles(str(out))
    assert all(a.text == "" and a.body == () and a.word_count == 0 and a.headline for a in slim)
    whole = {
        a.input: a for a in extract_pages(iter_pages([str(archive)], settings)) if not isinstance(a, PipelineError)
    }
    assert {a.input: (a.headline, a.published_at) for a in slim} == {
        i: (a.headline, a.published_at) for i, a in whole.items()
    }
    again = run_batch(
        plan_partitions([str(archive)], settings, size=6), settings, client, output=str(out), metadata_only=True
    )
    assert (again.done, again.skipped) == (0, 4)
    full = run_batch(plan_partitions([str(archive)], settings, size=6), settings, client, output=str(out))
    assert (full.done, full.skipped) == (4, 0)  # the other mode writes every partition again
    assert all(a.text for a in read_articles(str(out)))
    with pytest.raises(ValueError, match="Parquet only"):
        run_batch(
            plan_partitions([str(archive)], settings),
            settings,
            client,
            output=str(out),
            into="sqlite:///x.db",
            metadata_only=True,
        )


def test_a_failing_partition_is_retried_then_reported(tmp_path: Path, client, archive: Path) -> None:
    settings = load_settings()
    bad = tmp_path / "pages.warc.gz"
    shutil.copy(archive, bad)
    (tmp_path / "ok").mkdir()
    shutil.copy(PAGES / "harbour_ferry.html", tmp_path / "ok" / "a.html")
    (tmp_path / "ok" / "empty.html").write_bytes(b"")
    plan = plan_partitions([str(tmp_path / "ok"), str(bad)], settings, size=20)
    with open(bad, "ab") as stream:  # the archive changes after it was split: its ranges cannot be trusted
        stream.write(b"\0")
    out = tmp_path / "out.parquet"
    db = tmp_path / "n.db"
    report = run_batch(plan, settings, client, output=str(out), into=f"sqlite:///{db}", retries=1)
    assert not report.ok
    assert len(report.failed_partitions) == 2
    assert all("changed after it was split" in reason for _, reason in report.failed_partitions)
    assert report.done == 1 and report.articles == 1
    assert [i for i, _ in report.failed_pages] == [str(tmp_path / "ok" / "empty.html")]
    rows = [json.loads(line) for line in (out / FAILURES).read_text().splitlines()]
    assert sorted(r["input"].split(" ")[0] for r in rows) == sorted(
        [str(tmp_path / "ok" / "empty.html"), str(bad), str(bad)]
    )
    assert all(r["reason"] for r in rows)
    from newsdesk.storage import open_store

    store = open_store(f"sqlite:///{db}")
    try:
        assert [f.input for f in store.list_failures()] == [str(tmp_path / "ok" / "empty.html")]
        assert store.stats().articles == 1
    finally:
        store.close()
    # the next run, with the archive as it is now, redoes only the failed partitions' inputs
    fixed = run_batch(
        plan_partitions([str(tmp_path / "ok"), str(bad)], settings, size=20), settings, client, output=str(out)
    )
    assert fixed.skipped == 1 and not fixed.failed_partitions


def test_into_a_database_stores_and_enriches_as_ingest_does(tmp_path: Path, client, archive: Path) -> None:
    from newsdesk.storage import open_store

    url = f"sqlite:///{tmp_path / 'batch.db'}"
    settings = load_settings(environ={}, similarity="default")
    report = run_batch(plan_partitions([str(archive)], settings, size=6), settings, client, into=url)
    assert report.ok and report.stored["new"] > 0
    with open_store(url) as store:
        originals = store.list_articles(limit=100)
        assert len(originals) == report.stored["new"]
        # enriched on the way in, as ingest does: every original is in a story thread and has keywords
        assert all(store.thread_of(a.id) is not None for a in originals)
        assert all(store.keywords_of(a.id) for a in originals)


def test_workers_analyse_the_articles_they_extract_for_the_writers(archive: Path) -> None:
    from newsdesk.batch.run import process_partition
    from newsdesk.pipeline.enrich import analyse

    settings = load_settings(environ={}, similarity="default")
    partition = plan_partitions([str(archive)], settings, size=6).partitions[0]
    plain = process_partition(partition, settings)
    assert plain.analyses == {}  # Parquet only: nothing to enrich
    result = process_partition(partition, settings, analyse=True)
    assert set(result.analyses) == {a.id for a in result.articles}
    # the same analysis the Enricher would make in ingest (no tagger here: the nlp extra may be off)
    first = result.articles[0]
    (own,) = analyse([first])
    worker = result.analyses[first.id]
    assert worker.keywords == own.keywords and worker.profile.terms == own.profile.terms
