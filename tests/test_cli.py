"""`newsdesk extract`: JSON on stdout, one line per failure on stderr, exit codes 0/1/2."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from newsdesk import __version__
from newsdesk.cli import main
from tests.conftest import ARTICLE_PHRASE, PLAIN_TEXT, LoopbackServer, WarcEntry, warc_bytes

MB = 1024 * 1024


def run(*args: str, input: bytes | None = None, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input, env=env)


def stderr_lines(result: Result) -> list[str]:
    return result.stderr.splitlines()


@pytest.fixture
def bad_inputs(tmp_path: Path, article_html: bytes) -> dict[str, Path]:
    """One input of each kind of trouble: missing, binary, empty, 50 MB, truncated gzip."""
    bad = tmp_path / "bad"
    bad.mkdir()
    binary, empty, huge, cut = bad / "binary.html", bad / "empty.html", bad / "huge.html", bad / "cut.html.gz"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    empty.write_bytes(b"")
    huge.write_bytes(b"<html><body>" + b"<p>The ferry timetable is unchanged.</p>\n" * (50 * MB // 40))
    cut.write_bytes(gzip.compress(article_html)[:-40])
    return {"missing": bad / "missing.html", "binary": binary, "empty": empty, "huge": huge, "truncated": cut}


def test_extract_prints_one_article_as_an_indented_object(article_file: Path) -> None:
    result = run("extract", str(article_file))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("{\n  ")
    article = json.loads(result.stdout)
    assert article["input"] == str(article_file)
    assert ARTICLE_PHRASE in article["text"]
    assert result.stderr == ""


def test_metadata_only_leaves_out_the_body_and_keeps_the_rest(article_file: Path, tmp_path: Path) -> None:
    dump = tmp_path / "dump.txt"
    dump.write_text(PLAIN_TEXT)
    full = [json.loads(line) for line in run("extract", str(article_file), str(dump)).stdout.splitlines()]
    result = run("extract", "--metadata-only", str(article_file), str(dump))
    assert result.exit_code == 0, result.stderr
    slim = [json.loads(line) for line in result.stdout.splitlines()]
    for whole, meta in zip(full, slim, strict=True):
        assert whole["text"] and whole["body"]
        assert meta["text"] == "" and meta["body"] == [] and meta["word_count"] == 0
        assert meta["related_links"] == meta["page_links"] == []
        assert not {"body", "text", "word_count"} & set(meta["provenance"])
        for key in ("headline", "published_at", "section", "url", "canonical_url"):
            assert meta[key] == whole[key], key
    assert slim[0]["headline"] and slim[0]["published_at"]


def test_extract_prints_several_articles_one_per_line(article_file: Path, tmp_path: Path) -> None:
    dump = tmp_path / "dump.txt"
    dump.write_text(PLAIN_TEXT)
    result = run("extract", str(article_file), str(dump))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [json.loads(line)["input"] for line in lines] == [str(article_file), str(dump)]


def test_format_jsonl_prints_one_line_even_for_one_article(article_file: Path) -> None:
    result = run("extract", "--format", "jsonl", str(article_file))
    assert result.exit_code == 0
    [line] = result.stdout.splitlines()
    assert json.loads(line)["input"] == str(article_file)


def test_non_ascii_text_is_printed_as_is(tmp_path: Path) -> None:
    page = tmp_path / "umlaut.html"
    text = "Die Fähre über den See fährt wieder, sagte die Hafenmeisterin am Montag früh. " * 5
    page.write_text(f"<html><body><article><h1>Fähre fährt</h1><p>{text}</p></article></body></html>", "utf-8")
    result = run("extract", "--format", "jsonl", str(page))
    assert result.exit_code == 0, result.stderr
    assert "Fähre" in result.stdout and "\\u00e4" not in result.stdout


@pytest.mark.parametrize(
    ("trouble", "reason"),
    [
        ("missing", "no such file or folder"),
        ("binary", "binary file (a PNG image)"),
        ("empty", "empty file"),
        ("huge", "page larger than 20 MB"),
        ("truncated", "truncated gzip"),
    ],
)
def test_a_bad_input_gives_one_line_and_exit_1_while_a_good_one_still_comes_out(
    article_file: Path, bad_inputs: dict[str, Path], trouble: str, reason: str
) -> None:
    bad = bad_inputs[trouble]
    result = run("extract", "--format", "jsonl", str(bad), str(article_file))
    assert result.exit_code == 1
    assert json.loads(result.stdout)["input"] == str(article_file)
    error_line, summary = stderr_lines(result)
    assert error_line.startswith(f"newsdesk: {bad}: {reason}")
    assert summary == "newsdesk extract: 1 ok, 1 failed"


def test_all_bad_inputs_each_get_their_line(article_file: Path, bad_inputs: dict[str, Path]) -> None:
    result = run("extract", *map(str, bad_inputs.values()), str(article_file))
    assert result.exit_code == 1
    assert json.loads(result.stdout)["input"] == str(article_file)
    lines = stderr_lines(result)
    assert [line.split(": ")[1] for line in lines[:-1]] == [str(p) for p in bad_inputs.values()]
    assert lines[-1] == "newsdesk extract: 1 ok, 5 failed"


def test_a_failing_extraction_is_reported_and_the_batch_goes_on(
    article_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsdesk.pipeline import runner

    real_extract = runner.extract_article

    def flaky(page, **options):  # type: ignore[no-untyped-def]
        if page.input.endswith("boom.html"):
            raise KeyError("headline")
        return real_extract(page, **options)

    monkeypatch.setattr(runner, "extract_article", flaky)
    boom = tmp_path / "boom.html"
    boom.write_bytes(article_file.read_bytes())
    result = run("extract", str(boom), str(article_file))
    assert result.exit_code == 1
    assert stderr_lines(result)[0] == f"newsdesk: {boom}: internal error while extracting: KeyError: 'headline'"
    assert json.loads(result.stdout)["input"] == str(article_file)
    debug = run("extract", "--debug", str(boom), str(article_file))
    assert isinstance(debug.exception, KeyError)


def test_no_inputs_is_a_usage_error() -> None:
    result = run("extract")
    assert result.exit_code == 2
    assert "Missing argument" in result.stderr


def test_unknown_option_is_a_usage_error(article_file: Path) -> None:
    assert run("extract", "--colour", str(article_file)).exit_code == 2
    assert run("extract", "--format", "xml", str(article_file)).exit_code == 2


def test_bad_setting_in_the_environment_is_a_usage_error(article_file: Path) -> None:
    result = run("extract", str(article_file), env={"NEWSDESK_FETCH_TIMEOUT": "ten"})
    assert result.exit_code == 2
    assert result.stderr.strip() == "newsdesk: NEWSDESK_FETCH_TIMEOUT has value 'ten'. Expected a number."


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0 and __version__ in result.stdout


def test_stdin_is_read_with_a_dash(article_html: bytes) -> None:
    result = run("extract", "-", input=article_html)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["input"] == "<stdin>"


def test_warc_articles_come_out_with_their_record_numbers_and_urls(
    tmp_path: Path, two_article_warc_entries: list[WarcEntry]
) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(warc_bytes(two_article_warc_entries, gzipped=True))
    result = run("extract", str(path))
    assert result.exit_code == 0, result.stderr
    articles = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(a["input"], a["url"]) for a in articles] == [
        (f"{path}#1", "https://courier.example/a"),
        (f"{path}#2", "https://courier.example/b"),
    ]


def test_url_on_loopback_needs_allow_private(article_server: LoopbackServer) -> None:
    url = article_server.url("/article")
    refused = run("extract", url)
    assert refused.exit_code == 1
    assert refused.stderr.startswith(f"newsdesk: {url}: refused: 127.0.0.1 is a loopback address")
    assert article_server.requests == []
    fetched = run("extract", "--allow-private", url)
    assert fetched.exit_code == 0, fetched.stderr
    article = json.loads(fetched.stdout)
    assert article["input"] == url and article["url"] == url
    assert ARTICLE_PHRASE in article["text"]


def test_url_errors_are_reported_per_url(article_server: LoopbackServer) -> None:
    missing, pdf, good = (article_server.url(p) for p in ("/gone", "/doc.pdf", "/article"))
    result = run("extract", "--allow-private", "--format", "jsonl", missing, pdf, good)
    assert result.exit_code == 1
    lines = stderr_lines(result)
    assert lines[0] == f"newsdesk: {missing}: HTTP 404 Not Found"
    assert lines[1].startswith(f"newsdesk: {pdf}: content type application/pdf is not a web page")
    assert json.loads(result.stdout)["url"] == good


def test_real_cli_prints_no_traceback_for_bad_inputs(article_file: Path, bad_inputs: dict[str, Path]) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSDESK_")}
    args = [sys.executable, "-m", "newsdesk", "extract", str(bad_inputs["missing"]), str(bad_inputs["truncated"])]
    proc = subprocess.run([*args, str(article_file)], check=False, capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert (
        stderr_lines_of(proc.stderr)[0] == f"newsdesk: {bad_inputs['missing']}: no such file or folder; check the path"
    )
    assert json.loads(proc.stdout)["input"] == str(article_file)
    usage = subprocess.run(
        [sys.executable, "-m", "newsdesk", "extract"], check=False, capture_output=True, text=True, env=env
    )
    assert usage.returncode == 2 and "Traceback" not in usage.stderr


def stderr_lines_of(text: str) -> list[str]:
    return text.splitlines()


def test_several_inputs_print_one_line_each_even_when_only_one_succeeds(article_file: Path, tmp_path: Path) -> None:
    result = run("extract", str(tmp_path / "missing.html"), str(article_file))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0])["input"] == str(article_file)
