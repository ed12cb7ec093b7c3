"""iter_pages: files, gzip, folders, stdin, WARC archives, and one clear error per bad input."""

from __future__ import annotations

import dataclasses
import gzip
import io
from pathlib import Path

import pytest

from newsdesk import inputs
from newsdesk.config import Settings
from newsdesk.errors import FetchError, InputError, PipelineError
from newsdesk.inputs import STDIN_INPUT, iter_pages
from newsdesk.models import FetchedPage
from tests.conftest import ARTICLE_PHRASE, PLAIN_TEXT, WarcEntry, http_response, warc_bytes

MB = 1024 * 1024


def pages_of(specs: list[str], settings: Settings, **kwargs: object) -> list[FetchedPage | PipelineError]:
    return list(iter_pages(specs, settings, **kwargs))  # type: ignore[arg-type]


def only_error(items: list[FetchedPage | PipelineError]) -> PipelineError:
    assert len(items) == 1 and isinstance(items[0], PipelineError), items
    return items[0]


def big_html(size: int) -> bytes:
    paragraph = b"<p>" + b"The ferry timetable is unchanged from last summer. " * 20 + b"</p>\n"
    return b"<html><body>" + paragraph * (size // len(paragraph) + 1) + b"</body></html>"


# --- files ----------------------------------------------------------------------------------------


def test_html_file_is_read_as_html(article_file: Path, settings: Settings) -> None:
    [page] = pages_of([str(article_file)], settings)
    assert isinstance(page, FetchedPage)
    assert page.input == str(article_file) and page.kind == "html" and page.url is None
    assert ARTICLE_PHRASE.encode() in page.content


def test_txt_file_is_a_text_dump(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "dump.txt"
    path.write_text(PLAIN_TEXT)
    [page] = pages_of([str(path)], settings)
    assert isinstance(page, FetchedPage) and page.kind == "text"


@pytest.mark.parametrize("name", ["page.html.gz", "page.htm.gz", "page.gz"])
def test_gzipped_html_is_decompressed(tmp_path: Path, settings: Settings, article_html: bytes, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(gzip.compress(article_html))
    [page] = pages_of([str(path)], settings)
    assert isinstance(page, FetchedPage) and page.content == article_html and page.kind == "html"


def test_multi_member_gzip_is_read_whole(tmp_path: Path, settings: Settings, article_html: bytes) -> None:
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(article_html[:100]) + gzip.compress(article_html[100:]))
    [page] = pages_of([str(path)], settings)
    assert isinstance(page, FetchedPage) and page.content == article_html


def test_explicit_file_with_unknown_extension_is_sniffed(
    tmp_path: Path, settings: Settings, article_html: bytes
) -> None:
    html, text = tmp_path / "saved-page", tmp_path / "notes.md"
    html.write_bytes(article_html)
    text.write_text(PLAIN_TEXT)
    kinds = [page.kind for page in pages_of([str(html), str(text)], settings) if isinstance(page, FetchedPage)]
    assert kinds == ["html", "text"]


def test_missing_file_is_an_error_naming_it(tmp_path: Path, settings: Settings) -> None:
    missing = str(tmp_path / "missing.html")
    error = only_error(pages_of([missing], settings))
    assert isinstance(error, InputError) and error.input == missing
    assert "no such file" in str(error)


@pytest.mark.parametrize(
    ("content", "what"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
        (bytes(range(256)) * 4, "binary data"),
    ],
)
def test_binary_file_is_refused(tmp_path: Path, settings: Settings, content: bytes, what: str) -> None:
    path = tmp_path / "story.html"
    path.write_bytes(content)
    error = only_error(pages_of([str(path)], settings))
    assert str(error).startswith(f"binary file ({what}), not HTML or text")


def test_utf16_html_is_not_mistaken_for_binary(tmp_path: Path, settings: Settings, article_html: bytes) -> None:
    path = tmp_path / "utf16.html"
    path.write_bytes(article_html.decode("utf-8").encode("utf-16-le"))
    [page] = pages_of([str(path)], settings)
    assert isinstance(page, FetchedPage)


@pytest.mark.parametrize("content", [b"", b"  \n\t\n"])
def test_empty_file_is_refused(tmp_path: Path, settings: Settings, content: bytes) -> None:
    path = tmp_path / "empty.html"
    path.write_bytes(content)
    assert str(only_error(pages_of([str(path)], settings))).startswith("empty file")


def test_oversize_file_is_refused_without_being_read(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.html"
    path.write_bytes(big_html(50 * MB))
    reads: list[int] = []
    real_read_capped = inputs.read_capped
    monkeypatch.setattr(
        inputs, "read_capped", lambda stream, limit: reads.append(limit) or real_read_capped(stream, limit)
    )
    error = only_error(pages_of([str(path)], settings))
    assert str(error).startswith("page larger than 20 MB (50 MB)")
    assert "NEWSDESK_MAX_PAGE_BYTES" in str(error)
    assert reads == []


def test_gzip_bomb_is_refused_within_the_cap(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "bomb.html.gz"
    path.write_bytes(gzip.compress(b"<p>" + b"a" * (60 * MB)))
    assert path.stat().st_size < MB
    error = only_error(pages_of([str(path)], settings))
    assert str(error).startswith("page larger than 20 MB once decompressed")


def test_truncated_gzip_is_reported(tmp_path: Path, settings: Settings, article_html: bytes) -> None:
    path = tmp_path / "cut.html.gz"
    path.write_bytes(gzip.compress(article_html)[:-40])
    assert str(only_error(pages_of([str(path)], settings))).startswith("truncated gzip")


def test_corrupt_gzip_is_reported(tmp_path: Path, settings: Settings, article_html: bytes) -> None:
    data = bytearray(gzip.compress(article_html))
    data[20:40] = b"\xff" * 20
    path = tmp_path / "bad.html.gz"
    path.write_bytes(bytes(data))
    assert "corrupt gzip data" in str(only_error(pages_of([str(path)], settings)))


def test_unreadable_file_is_reported(article_file: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(path: str, mode: str = "r") -> None:
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(inputs, "open", denied, raising=False)
    error = only_error(pages_of([str(article_file)], settings))
    assert str(error) == "cannot read file: permission denied; check its permissions"


def test_one_bad_input_does_not_stop_the_others(article_file: Path, tmp_path: Path, settings: Settings) -> None:
    items = pages_of([str(tmp_path / "missing.html"), str(article_file)], settings)
    assert [type(item) for item in items] == [InputError, FetchedPage]


# --- folders --------------------------------------------------------------------------------------


def test_folder_is_walked_in_sorted_order_taking_known_extensions(
    tmp_path: Path, settings: Settings, article_html: bytes
) -> None:
    root = tmp_path / "site"
    (root / "b-section").mkdir(parents=True)
    (root / ".cache").mkdir()
    (root / "z.html").write_bytes(article_html)
    (root / "a.txt").write_text(PLAIN_TEXT)
    (root / "b-section" / "story.htm.gz").write_bytes(gzip.compress(article_html))
    (root / "notes.md").write_text("not a page")
    (root / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    (root / ".hidden.html").write_bytes(article_html)
    (root / ".cache" / "copy.html").write_bytes(article_html)
    items = pages_of([str(root)], settings)
    assert [item.input for item in items if isinstance(item, FetchedPage)] == [
        str(root / "a.txt"),
        str(root / "b-section" / "story.htm.gz"),
        str(root / "z.html"),
    ]
    assert all(isinstance(item, FetchedPage) for item in items)


def test_folder_without_pages_is_an_error(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "readme.md").write_text("nothing here")
    assert "folder holds no pages" in str(only_error(pages_of([str(tmp_path)], settings)))


# --- stdin ----------------------------------------------------------------------------------------


def test_stdin_html_is_sniffed_as_html(settings: Settings, article_html: bytes) -> None:
    [page] = pages_of(["-"], settings, stdin=io.BytesIO(article_html))
    assert isinstance(page, FetchedPage) and page.input == STDIN_INPUT and page.kind == "html"


def test_stdin_text_is_sniffed_as_text(settings: Settings) -> None:
    [page] = pages_of(["-"], settings, stdin=io.BytesIO(PLAIN_TEXT.encode()))
    assert isinstance(page, FetchedPage) and page.kind == "text"


def test_stdin_over_the_cap_is_refused(settings: Settings) -> None:
    small = dataclasses.replace(settings, max_page_bytes=1000)
    error = only_error(pages_of(["-"], small, stdin=io.BytesIO(b"<p>" + b"x" * 5000)))
    assert error.input == STDIN_INPUT and str(error).startswith("page larger than 1000 bytes")


# --- URLs -----------------------------------------------------------------------------------------


def test_urls_go_through_the_fetcher_and_its_errors_are_yielded(settings: Settings, article_html: bytes) -> None:
    def fake_fetch(url: str, settings: Settings) -> FetchedPage:
        if url.endswith("/gone"):
            raise FetchError("HTTP 404 Not Found", input=url)
        return FetchedPage(input=url, content=article_html, url=url)

    items = pages_of(["https://courier.example/gone", "https://courier.example/a"], settings, fetch=fake_fetch)
    assert isinstance(items[0], FetchError) and items[0].input == "https://courier.example/gone"
    assert isinstance(items[1], FetchedPage) and items[1].url == "https://courier.example/a"


# --- WARC -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("gzipped", [False, True])
def test_warc_yields_one_page_per_html_response(
    tmp_path: Path, settings: Settings, two_article_warc_entries: list[WarcEntry], gzipped: bool
) -> None:
    path = tmp_path / ("crawl.warc.gz" if gzipped else "crawl.warc")
    path.write_bytes(warc_bytes(two_article_warc_entries, gzipped=gzipped))
    items = pages_of([str(path)], settings)
    assert all(isinstance(item, FetchedPage) for item in items), items
    assert [(p.input, p.url) for p in items] == [
        (f"{path}#1", "https://courier.example/a"),
        (f"{path}#2", "https://courier.example/b"),
    ]
    first, second = items
    assert isinstance(first, FetchedPage) and isinstance(second, FetchedPage)
    assert first.content_type == "text/html; charset=utf-8"
    assert b"Harbour ferry sails again" in second.content
    assert first.fetched_at is not None and first.fetched_at.tzinfo is not None


def test_wet_conversion_records_are_text_pages(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "crawl.warc.wet.gz"
    path.write_bytes(warc_bytes([("conversion", "https://courier.example/a", PLAIN_TEXT.encode())], gzipped=True))
    [page] = pages_of([str(path)], settings)
    assert isinstance(page, FetchedPage) and page.kind == "text" and page.url == "https://courier.example/a"


def test_warc_skips_images_and_counts_an_oversize_record(
    tmp_path: Path, settings: Settings, article_html: bytes
) -> None:
    small = dataclasses.replace(settings, max_page_bytes=len(article_html) + 10)
    entries: list[WarcEntry] = [
        ("response", "https://courier.example/logo.png", http_response(b"\x89PNG....", content_type="image/png")),
        ("response", "https://courier.example/long", http_response(article_html * 2)),
        ("response", "https://courier.example/a", http_response(article_html)),
    ]
    path = tmp_path / "crawl.warc"
    path.write_bytes(warc_bytes(entries))
    items = pages_of([str(path)], small)
    assert isinstance(items[0], InputError) and items[0].input == f"{path}#1"
    assert str(items[0]).startswith("page larger than")
    assert isinstance(items[1], FetchedPage) and items[1].input == f"{path}#2"


def test_truncated_warc_gz_reports_an_error(
    tmp_path: Path, settings: Settings, two_article_warc_entries: list[WarcEntry]
) -> None:
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(warc_bytes(two_article_warc_entries, gzipped=True)[:-30])
    items = pages_of([str(path)], settings)
    assert isinstance(items[-1], InputError) and items[-1].input == str(path)
    assert "truncated WARC archive" in str(items[-1])


def test_truncated_plain_warc_reports_the_cut_record(
    tmp_path: Path, settings: Settings, two_article_warc_entries: list[WarcEntry]
) -> None:
    path = tmp_path / "cut.warc"
    path.write_bytes(warc_bytes(two_article_warc_entries)[:-300])
    items = pages_of([str(path)], settings)
    assert isinstance(items[0], FetchedPage)
    assert isinstance(items[-1], InputError) and "truncated WARC record" in str(items[-1])


def test_corrupt_warc_is_reported(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "junk.warc"
    path.write_text("this is not an archive\n" * 20)
    error = only_error(pages_of([str(path)], settings))
    assert error.input == str(path) and "corrupt WARC archive" in str(error)


def test_warc_bodies_kept_chunked_and_gzipped_are_decoded_and_the_next_record_still_read(
    tmp_path: Path, settings: Settings, article_html: bytes
) -> None:
    packed = gzip.compress(article_html)
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (packed[:100], packed[100:])) + b"0\r\n\r\n"
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n"
    entries: list[WarcEntry] = [
        ("response", "https://courier.example/a", head + chunked),
        ("response", "https://courier.example/b", http_response(article_html)),
    ]
    path = tmp_path / "raw.warc"
    path.write_bytes(warc_bytes(entries))
    items = pages_of([str(path)], settings)
    assert [(p.url, p.content) for p in items if isinstance(p, FetchedPage)] == [
        ("https://courier.example/a", article_html),
        ("https://courier.example/b", article_html),
    ]


def test_warc_record_gzip_bomb_is_refused_within_the_cap(tmp_path: Path, settings: Settings) -> None:
    bomb = gzip.compress(b"<p>" + b"a" * (40 * MB))
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n"
    path = tmp_path / "bomb.warc"
    path.write_bytes(warc_bytes([("response", "https://courier.example/bomb", head + bomb)]))
    error = only_error(pages_of([str(path)], settings))
    assert error.input == f"{path}#1" and str(error).startswith("page larger than 20 MB once decompressed")
