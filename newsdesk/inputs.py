"""What the user names on the command line -> FetchedPage records, one failure never stopping the rest.

An input spec is one of:

- a file: ``.html``/``.htm``/``.xhtml``/``.shtml`` (HTML), ``.txt`` (a plain-text page dump), any of
  those gzipped (``.html.gz``...), a bare ``.gz`` (its content is sniffed), or a WARC archive
  (``.warc``/``.warc.gz``). A file named explicitly with another extension is sniffed too: WARC,
  gzip, HTML or text are read, binary data is refused.
- a folder: walked recursively in sorted order, taking the files with the extensions above
  and skipping others (and hidden files) silently.
- ``-``: standard input, HTML or a text dump (sniffed); its records say ``input="<stdin>"``.
- an ``http://`` or ``https://`` URL: fetched by :func:`newsdesk.pipeline.fetch.fetch_url`.

WARC archives yield one page per ``response`` record with a 2xx HTML/text HTTP payload,
per ``resource`` record of HTML/text, and per ``conversion`` record (WET plain text, ``kind="text"``);
other records (requests, redirects, images...) are skipped. Their input is ``"<path>#<n>"``, where n
counts the items this archive yielded, pages and per-record errors alike, **from 1**.

Every size cap is enforced while reading: a file's size is checked before it is read, and gzip
data is inflated within the cap, so neither a 50 MB page nor a gzip bomb is ever held whole.
Failures are yielded as :class:`~newsdesk.errors.PipelineError` records (``.input`` set, the
message saying what is wrong and what to do) and the batch goes on.
"""

from __future__ import annotations

import gzip
import logging
import os
import sys
import zlib
from collections.abc import Callable, Iterator
from datetime import UTC
from typing import IO, TYPE_CHECKING, Any

from newsdesk.errors import InputError, PipelineError
from newsdesk.limits import (
    CONTENT_ENCODINGS,
    GZIP_MAGIC,
    IDENTITY_ENCODINGS,
    CompressedDataError,
    SizeLimitError,
    format_size,
    inflate_chunks,
    iter_chunks,
    read_capped,
)
from newsdesk.models import FetchedPage
from newsdesk.pipeline.extract import looks_like_html
from newsdesk.pipeline.fetch import fetch_url

if TYPE_CHECKING:
    from newsdesk.config import Settings

log = logging.getLogger(__name__)

STDIN_SPEC = "-"
STDIN_INPUT = "<stdin>"
URL_SCHEMES = ("http://", "https://")
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
TEXT_SUFFIXES = (".txt",)
WARC_SUFFIXES = (".warc", ".warc.gz")
KNOWN_SUFFIXES = (
    *HTML_SUFFIXES,
    *TEXT_SUFFIXES,
    *(s + ".gz" for s in HTML_SUFFIXES + TEXT_SUFFIXES),
    *WARC_SUFFIXES,
    ".gz",
)
SKIPPED_SUFFIXES = (".tar.gz", ".tgz")
WARC_MAGIC = b"WARC/"
SNIFF_BYTES = 8192
_BINARY_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"RIFF", "a RIFF media file"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x7fELF", "an executable"),
    (b"\x1f\x8b", "gzip data inside gzip data"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed data"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ", "xz-compressed data"),
)
_TEXT_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_TRUNCATED_GZIP = "truncated gzip: the file ends before its compressed data does; download or compress it again"
_WARC_HINT = "is it a complete .warc or .warc.gz file?"

Fetcher = Callable[[str, "Settings"], FetchedPage]
PageOrError = FetchedPage | PipelineError


def iter_pages(
    specs: list[str], settings: Settings, *, stdin: IO[bytes] | None = None, fetch: Fetcher = fetch_url
) -> Iterator[PageOrError]:
    """Yield a FetchedPage for each page the specs name, or a PipelineError for each one that fails."""
    for spec in specs:
        yield from _iter_spec(spec, settings, stdin=stdin, fetch=fetch)


def _iter_spec(spec: str, settings: Settings, *, stdin: IO[bytes] | None, fetch: Fetcher) -> Iterator[PageOrError]:
    if spec == STDIN_SPEC:
        yield _guarded(STDIN_INPUT, lambda: _read_stdin(stdin or sys.stdin.buffer, settings))
    elif spec.lower().startswith(URL_SCHEMES):
        yield _guarded(spec, lambda: _checked_page(fetch(spec, settings), settings, noun="response"))
    elif os.path.isdir(spec):
        yield from _iter_folder(spec, settings)
    else:
        yield from _iter_file(spec, settings, explicit=True)


def _guarded(input: str, read: Callable[[], FetchedPage]) -> PageOrError:
    try:
        return read()
    except PipelineError as exc:
        exc.input = exc.input or input
        return exc


# --- folders and files --------------------------------------------------------------------------


def _iter_folder(folder: str, settings: Settings) -> Iterator[PageOrError]:
    found = False
    for item in _walk_sorted(folder):
        if isinstance(item, PipelineError):
            yield item
        else:
            found = True
            yield from _iter_file(item, settings, explicit=False)
    if not found:
        yield InputError(
            "folder holds no pages (looked for .html, .htm, .txt, .warc and their .gz forms)", input=folder
        )


def _walk_sorted(folder: str) -> Iterator[str | InputError]:
    """Paths of the page files under ``folder``, depth first, names sorted at each level, so
    ``a.txt`` < ``b/story.html`` < ``z.html``. Hidden files and folders are skipped."""
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError as exc:
        yield InputError(f"cannot read folder: {_os_reason(exc)}", input=folder)
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk_sorted(entry.path)
        elif _has_known_suffix(entry.name) and entry.is_file():
            yield entry.path


def _has_known_suffix(name: str) -> bool:
    lower = name.lower()
    return lower.endswith(KNOWN_SUFFIXES) and not lower.endswith(SKIPPED_SUFFIXES)


def _iter_file(path: str, settings: Settings, *, explicit: bool) -> Iterator[PageOrError]:
    lower = path.lower()
    try:
        with open(path, "rb") as stream:
            head = stream.read(SNIFF_BYTES)
            stream.seek(0)
            if lower.endswith(WARC_SUFFIXES) or head.startswith(WARC_MAGIC):
                yield from _iter_warc(stream, path, settings, gzipped=head.startswith(GZIP_MAGIC))
                return
            size = os.fstat(stream.fileno()).st_size
            if size > settings.max_page_bytes:
                raise _too_big(settings, actual=size)
            if head.startswith(GZIP_MAGIC):
                content = _gunzip(stream, settings)
                if content.startswith(WARC_MAGIC):
                    stream.seek(0)
                    yield from _iter_warc(stream, path, settings, gzipped=True)
                    return
            else:
                content = read_capped(stream, settings.max_page_bytes)
    except FileNotFoundError:
        yield InputError("no such file or folder; check the path", input=path)
        return
    except OSError as exc:
        yield InputError(f"cannot read file: {_os_reason(exc)}", input=path)
        return
    except SizeLimitError:
        yield _too_big(settings, input=path)
        return
    except PipelineError as exc:
        exc.input = exc.input or path
        yield exc
        return
    kind = _kind_for(lower.removesuffix(".gz"), content)
    yield _guarded(
        path, lambda: _checked_page(FetchedPage(input=path, content=content, kind=kind), settings, noun="file")
    )


def _gunzip(stream: IO[bytes], settings: Settings) -> bytes:
    try:
        return inflate_chunks(iter_chunks(stream), settings.max_page_bytes)
    except SizeLimitError:
        raise _too_big(settings, suffix=" once decompressed") from None
    except CompressedDataError as exc:
        if exc.truncated:
            raise InputError(_TRUNCATED_GZIP) from None
        raise InputError(f"corrupt gzip data ({exc}); download or compress it again") from None


def _kind_for(lower_name: str, content: bytes) -> str:
    if lower_name.endswith(TEXT_SUFFIXES):
        return "text"
    if lower_name.endswith(HTML_SUFFIXES):
        return "html"
    return _sniff_kind(content)


def _sniff_kind(content: bytes) -> str:
    head = content[:SNIFF_BYTES].decode("utf-8", errors="ignore")
    return "html" if looks_like_html(head) else "text"


# --- stdin ----------------------------------------------------------------------------------------


def _read_stdin(stream: IO[bytes], settings: Settings) -> FetchedPage:
    try:
        content = read_capped(stream, settings.max_page_bytes)
    except SizeLimitError:
        raise _too_big(settings) from None
    if content.startswith(GZIP_MAGIC):
        try:
            content = inflate_chunks([content], settings.max_page_bytes)
        except SizeLimitError:
            raise _too_big(settings, suffix=" once decompressed") from None
        except CompressedDataError as exc:
            raise InputError(_TRUNCATED_GZIP if exc.truncated else f"corrupt gzip data ({exc})") from None
    if content.startswith(WARC_MAGIC):
        raise InputError("WARC archives cannot be read from stdin; pass the archive's path instead")
    return _checked_page(
        FetchedPage(input=STDIN_INPUT, content=content, kind=_sniff_kind(content)), settings, noun="input"
    )


# --- WARC -----------------------------------------------------------------------------------------


def _iter_warc(stream: IO[bytes], path: str, settings: Settings, *, gzipped: bool) -> Iterator[PageOrError]:
    """Pages of a WARC archive. Python's gzip reader is used for .warc.gz so that a truncated
    archive raises instead of ending quietly (fastwarc's own reader stops without a word)."""
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    source: IO[bytes] | gzip.GzipFile = gzip.GzipFile(fileobj=stream, mode="rb") if gzipped else stream
    record_types = WarcRecordType.response | WarcRecordType.resource | WarcRecordType.conversion
    records = ArchiveIterator(
        source, record_types=record_types, parse_http=True, auto_decode="none", fsspec_args=False, stream_detect=False
    )
    n = 0
    try:
        for record in records:
            item = _warc_item(record, path, n + 1, settings)
            if item is not None:
                n += 1
                yield item
    except EOFError:
        yield InputError(
            f"truncated WARC archive after {n} page(s): the file ends mid-record; {_WARC_HINT}", input=path
        )
        return
    except (OSError, zlib.error, ValueError) as exc:
        yield InputError(f"corrupt WARC archive after {n} page(s) ({exc}); {_WARC_HINT}", input=path)
        return
    if n == 0:
        log.info("%s: no HTML or text pages among its records", path)


def _warc_item(rec: Any, path: str, n: int, settings: Settings) -> PageOrError | None:
    """One fastwarc record -> a page, an error, or None for records that are not pages (skipped)."""
    from fastwarc.warc import WarcRecordType

    input = f"{path}#{n}"
    url = rec.headers.get("WARC-Target-URI") or None
    if rec.headers.get("Content-Length") is None:
        return InputError(f"corrupt WARC record without Content-Length; {_WARC_HINT}", input=input)
    rtype = rec.record_type
    http = rec.http_headers if rtype == WarcRecordType.response else None
    if rtype == WarcRecordType.response:
        if http is None:
            return InputError(f"WARC response record for {url} holds no HTTP response; {_WARC_HINT}", input=input)
        if not 200 <= http.status_code < 300:
            log.debug("%s: skipping the HTTP %s record for %s", path, http.status_code, url)
            return None
    content_type = http.get("Content-Type") if http is not None else rec.headers.get("Content-Type")
    media_type = (content_type or "").split(";")[0].strip().lower()
    if rtype == WarcRecordType.conversion or media_type == "text/plain":
        kind = "text"
    elif not media_type or media_type in ("text/html", "application/xhtml+xml"):
        kind = "html"
    else:
        log.debug("%s: skipping the %s record for %s", path, media_type, url)
        return None
    expected = rec.content_length
    body = rec.reader.read(settings.max_page_bytes + 1)
    if len(body) > settings.max_page_bytes:
        return _too_big(settings, input=input)
    if len(body) < expected:
        return InputError(f"truncated WARC record for {url}: the archive ends mid-record; {_WARC_HINT}", input=input)
    date = rec.record_date
    if date is not None and date.tzinfo is None:
        date = date.replace(tzinfo=UTC)

    def page() -> FetchedPage:
        content = _decode_http_payload(body, http, settings) if http is not None else body
        fetched = FetchedPage(
            input=input, content=content, url=url, kind=kind, content_type=content_type, fetched_at=date
        )
        return _checked_page(fetched, settings, noun="record")

    return _guarded(input, page)


def _decode_http_payload(body: bytes, http: Any, settings: Settings) -> bytes:
    """Undo the chunked transfer coding and gzip/deflate content coding a WARC keeps as sent.
    (fastwarc's own auto_decode loses the records after a chunked+gzip one, so it is not used.)"""
    if "chunked" in (http.get("Transfer-Encoding") or "").lower():
        body = _dechunk(body)
    encoding = (http.get("Content-Encoding") or "").strip().lower()
    if encoding in IDENTITY_ENCODINGS:
        return body
    if encoding not in CONTENT_ENCODINGS:
        raise InputError(f"the record's body is {encoding}-encoded, which newsdesk cannot decode")
    try:
        return inflate_chunks([body], settings.max_page_bytes, wbits=CONTENT_ENCODINGS[encoding])
    except SizeLimitError:
        raise _too_big(settings, suffix=" once decompressed") from None
    except CompressedDataError as exc:
        raise InputError(f"the record's {encoding} body is corrupt ({exc}); {_WARC_HINT}") from None


def _dechunk(body: bytes) -> bytes:
    """Decode an HTTP/1.1 chunked body; a body that does not start like one is returned as is
    (some tools store the decoded body but keep the header)."""
    out = bytearray()
    pos = 0
    while pos < len(body):
        eol = body.find(b"\n", pos)
        try:
            size = int(body[pos:eol].split(b";")[0].strip(), 16) if eol >= 0 else -1
        except ValueError:
            size = -1
        if size < 0:
            if pos == 0:
                return body
            raise InputError(f"corrupt chunked HTTP body in the record; {_WARC_HINT}")
        if size == 0:
            break
        out += body[eol + 1 : eol + 1 + size]
        pos = eol + 1 + size
        pos += 2 if body[pos : pos + 2] == b"\r\n" else 1 if body[pos : pos + 1] == b"\n" else 0
    return bytes(out)


# --- checks shared by every kind of input ---------------------------------------------------------


def _checked_page(page: FetchedPage, settings: Settings, *, noun: str = "page") -> FetchedPage:
    """Refuse pages that are empty or binary, whatever they came from."""
    if not page.content.strip():
        raise InputError(f"empty {noun}: nothing to extract", input=page.input)
    if what := _binary_kind(page.content[:SNIFF_BYTES]):
        raise InputError(
            f"binary file ({what}), not HTML or text; pass a web page, a text dump or a WARC archive", input=page.input
        )
    return page


def _binary_kind(head: bytes) -> str | None:
    for magic, what in _BINARY_MAGIC:
        if head.startswith(magic):
            return what
    if b"\x00" not in head or head.startswith(_TEXT_BOMS) or _looks_utf16(head):
        return None
    return "binary data"


def _looks_utf16(head: bytes) -> bool:
    """UTF-16 text without a BOM: NULs on one side of (almost) every ASCII character."""
    even, odd = head[0::2], head[1::2]
    for nuls, other in ((even, odd), (odd, even)):
        if nuls.count(0) > 0.4 * len(nuls) and other.count(0) < 0.05 * len(other) + 1:
            return True
    return False


def _too_big(
    settings: Settings, *, input: str | None = None, actual: int | None = None, suffix: str = ""
) -> InputError:
    size = f" ({format_size(actual)})" if actual is not None else ""
    return InputError(
        f"page larger than {format_size(settings.max_page_bytes)}{suffix}{size}; "
        "raise NEWSDESK_MAX_PAGE_BYTES to accept it",
        input=input,
    )


def _os_reason(exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    if isinstance(exc, PermissionError):
        return f"{reason.lower()}; check its permissions"
    if isinstance(exc, IsADirectoryError):
        return "it is a folder"
    return reason.lower()


__all__ = ["STDIN_INPUT", "PageOrError", "iter_pages"]
