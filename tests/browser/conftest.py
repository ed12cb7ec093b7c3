"""Browser fixtures: the reader site on a real uvicorn on 127.0.0.1, driven by Debian's Chromium.

One store per session holds the golden pages, the seed page (when ``../shared/seeds`` is beside
the repo) and a hostile page we wrote; the app is served by uvicorn in a thread on a socket bound
to 127.0.0.1:0. Chromium is launched headless from ``/usr/bin/chromium`` (``apt-get install
chromium``; never ``playwright install``) with a fresh profile. Every page a test opens goes through
:class:`Watched`: console errors, page errors, dialogs and every request URL are recorded, and a
route aborts any request to a host other than 127.0.0.1, so nothing leaves the machine.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import uvicorn
from playwright.sync_api import BrowserContext, ConsoleMessage, Dialog, Page, Playwright, Route, sync_playwright

from newsdesk.storage import Store, open_store
from newsdesk.web.app import create_app
from tests.web.conftest import GOLDEN, ingest, make_settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HERE = Path(__file__).parent
REPO = HERE.parent.parent
SEED = REPO.parent / "shared" / "seeds" / "000_7f48476909e3728a.txt"
HOSTILE_PAGE = HERE / "data" / "hostile_quay.html"
ARTIFACTS = REPO / "test-artifacts"
LOOPBACK = "127.0.0.1"
DESKTOP = {"width": 1280, "height": 900}


@dataclass
class Site:
    base_url: str
    store: Store

    def url(self, path: str) -> str:
        return self.base_url + path

    def article_path(self, input_name: str) -> str:
        """The page of the article ingested from the input file named ``input_name``."""
        for article in self.store.list_articles(limit=200, include_duplicates=True):
            if Path(article.input or "").name == input_name:
                return f"/articles/{article.id}"
        raise AssertionError(f"no stored article came from {input_name}")


@dataclass
class Watched:
    """A page and what it did: console errors, uncaught errors, dialogs, every request URL."""

    page: Page
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def off_loopback(self) -> list[str]:
        return [url for url in self.requests if not is_loopback(url)]


def is_loopback(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https", "ws", "wss") and parts.hostname == LOOPBACK


def _free_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((LOOPBACK, 0))
    return sock


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The golden pages, the seed (when present) and the hostile page, served on 127.0.0.1."""
    tmp = tmp_path_factory.mktemp("browser")
    settings = make_settings(tmp)
    store = open_store(settings.database_url)
    inputs = [str(GOLDEN), str(HOSTILE_PAGE)] + ([str(SEED)] if SEED.exists() else [])
    ingest(store, settings, inputs)
    sock = _free_socket()
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(settings, store), log_level="warning", access_log=False, lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True, name="uvicorn")
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start within 15 s"
        time.sleep(0.02)
    try:
        yield Site(f"http://{LOOPBACK}:{port}", store)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
        store.close()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser_context(playwright: Playwright, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}: the browser tests need Debian's chromium "
            "(`apt-get install -y chromium`, as .ci/run does); never `playwright install`.",
            pytrace=False,
        )
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path_factory.mktemp("chromium-profile")),
        executable_path=str(CHROMIUM),
        headless=True,
        args=CHROMIUM_ARGS,
        viewport=DESKTOP,
        locale="en-GB",
        timezone_id="UTC",
        java_script_enabled=True,  # the point: scripts could run, and none from an ingested page may
    )
    context.set_default_timeout(10_000)
    context.route("**/*", _loopback_only)
    try:
        yield context
    finally:
        context.close()


def _loopback_only(route: Route) -> None:
    if is_loopback(route.request.url):
        route.continue_()
    else:
        route.abort("blockedbyclient")


@pytest.fixture
def watched(browser_context: BrowserContext) -> Iterator[Watched]:
    """A fresh page with every listener attached; dialogs are recorded and dismissed."""
    page = browser_context.new_page()
    w = Watched(page)

    def on_console(msg: ConsoleMessage) -> None:
        if msg.type == "error":
            w.console_errors.append(f"{msg.text} ({msg.location.get('url', '')})")

    def on_dialog(dialog: Dialog) -> None:
        w.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("console", on_console)
    page.on("pageerror", lambda exc: w.page_errors.append(str(exc)))
    page.on("dialog", on_dialog)
    page.on("request", lambda request: w.requests.append(request.url))
    try:
        yield w
    finally:
        page.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
