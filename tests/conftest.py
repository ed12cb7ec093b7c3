"""Shared fixtures: a fictional article page, default settings, WARC building, a loopback HTTP server."""

from __future__ import annotations

import gzip
import io
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Self

import pytest

from newsdesk.config import Settings, load_settings
from tests.backends import BACKENDS, backend_database

PAGES = Path(__file__).parent / "data" / "pages"
ARTICLE_PAGE = PAGES / "harbour_ferry.html"
ARTICLE_PHRASE = "resumed service on Monday after four months in dry dock"
PLAIN_TEXT = "Harbour ferry returns\n\nThe small ferry resumed service on Monday after four months in dry dock.\n"


@pytest.fixture
def article_html() -> bytes:
    """The bytes of a small fictional news article page."""
    return ARTICLE_PAGE.read_bytes()


@pytest.fixture
def article_file(tmp_path: Path, article_html: bytes) -> Path:
    """A copy of the article page in tmp_path, named good.html."""
    path = tmp_path / "good.html"
    path.write_bytes(article_html)
    return path


@pytest.fixture
def settings() -> Settings:
    """The default settings, whatever NEWSDESK_* variables the environment holds."""
    return load_settings(environ={})


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new empty database: a SQLite file in tmp_path, then a PostgreSQL database (tests/backends.py;
    skipped with how to turn it on unless NEWSDESK_TEST_POSTGRES_URL is set)."""
    with backend_database(request.param, tmp_path) as url:
        yield url


# --- WARC -----------------------------------------------------------------------------------------

WarcEntry = tuple[str, str, bytes]  # (record type, target URI, record block)


def http_response(body: bytes, *, status: str = "200 OK", content_type: str = "text/html; charset=utf-8") -> bytes:
    head = f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
    return head.encode("ascii") + body


def warc_bytes(entries: list[WarcEntry], *, gzipped: bool = False) -> bytes:
    """A WARC file holding ``entries``; gzipped per record (as .warc.gz files are) when asked."""
    from fastwarc.warc import WarcRecord, WarcRecordType

    content_types = {
        "request": "application/http; msgtype=request",
        "response": "application/http; msgtype=response",
        "conversion": "text/plain",
        "warcinfo": "application/warc-fields",
    }
    out = bytearray()
    for rtype, uri, block in entries:
        record = WarcRecord()
        record.init_headers(getattr(WarcRecordType, rtype))
        if uri:
            record.headers["WARC-Target-URI"] = uri
        record.headers["Content-Type"] = content_types[rtype]
        record.set_bytes_content(block)
        buf = io.BytesIO()
        record.write(buf)
        out += gzip.compress(buf.getvalue()) if gzipped else buf.getvalue()
    return bytes(out)


@pytest.fixture
def two_article_warc_entries(article_html: bytes) -> list[WarcEntry]:
    """warcinfo, a request, two article responses (a and b) and a redirect response, in crawl order."""
    second = article_html.replace(b"Harbour ferry returns", b"Harbour ferry sails again")
    return [
        ("warcinfo", "", b"software: newsdesk tests\r\n"),
        ("request", "https://courier.example/a", b"GET /a HTTP/1.1\r\nHost: courier.example\r\n\r\n"),
        ("response", "https://courier.example/a", http_response(article_html)),
        ("response", "https://courier.example/old", http_response(b"", status="301 Moved Permanently")),
        ("response", "https://courier.example/b", http_response(second)),
    ]


# --- a real HTTP server on 127.0.0.1 ----------------------------------------------------------------

Route = Callable[[BaseHTTPRequestHandler], None]


class _QuietServer(ThreadingHTTPServer):
    """Handler threads that outlive their test (a client that gave up) must not print into later tests."""

    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass


class LoopbackServer:
    """A stdlib HTTP server in a thread on 127.0.0.1 with named routes; records the paths it served."""

    def __init__(self, routes: dict[str, Route]) -> None:
        self.routes = routes
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append(self.path)
                route = server.routes.get(self.path.split("?")[0])
                if route is None:
                    send(self, 404, b"<html><body><p>Not here</p></body></html>")
                else:
                    route(self)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def url(self, path: str, *, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


def send(handler: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
    handler.send_response(status)
    all_headers = {"Content-Type": "text/html; charset=utf-8", "Content-Length": str(len(body)), **(headers or {})}
    for name, value in all_headers.items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)


def stream_without_length(handler: BaseHTTPRequestHandler, total: int, chunk: bytes = b"<p>filler</p>\n" * 512) -> None:
    """Send ``total`` bytes of HTML with no Content-Length, closing the connection at the end."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Connection", "close")
    handler.end_headers()
    sent = 0
    try:
        while sent < total:
            handler.wfile.write(chunk)
            sent += len(chunk)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the client stopped reading: what a size cap does
    handler.close_connection = True


def _hops(n: int) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        location = "/article" if n == 1 else f"/hops/{n - 1}"
        send(handler, 302, b"", {"Location": location})

    return route


@pytest.fixture
def article_server(article_html: bytes) -> Iterator[LoopbackServer]:
    """A loopback server: /article, /plain, /hops/N (N redirects then the article), /loop, /doc.pdf,
    /big-declared, /big-streamed (25 MB, no Content-Length), /gzip, /bomb (gzip bomb), /slow, /empty."""
    bomb = gzip.compress(b"<p>" + b"a" * (30 * 1024 * 1024), compresslevel=9)
    routes: dict[str, Route] = {
        "/article": lambda h: send(h, 200, article_html),
        "/plain": lambda h: send(h, 200, PLAIN_TEXT.encode(), {"Content-Type": "text/plain; charset=utf-8"}),
        "/loop": lambda h: send(h, 302, b"", {"Location": "/loop"}),
        "/doc.pdf": lambda h: send(h, 200, b"%PDF-1.7\n...", {"Content-Type": "application/pdf"}),
        "/big-declared": lambda h: send(h, 200, b"<p>tiny</p>", {"Content-Length": str(50 * 1024 * 1024)}),
        "/big-streamed": lambda h: stream_without_length(h, 25 * 1024 * 1024),
        "/gzip": lambda h: send(h, 200, gzip.compress(article_html), {"Content-Encoding": "gzip"}),
        "/bomb": lambda h: send(h, 200, bomb, {"Content-Encoding": "gzip"}),
        "/slow": lambda h: (time.sleep(1.5), send(h, 200, article_html)),
        "/empty": lambda h: send(h, 200, b""),
        **{f"/hops/{n}": _hops(n) for n in range(1, 8)},
    }
    with LoopbackServer(routes) as server:
        yield server
