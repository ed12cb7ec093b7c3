"""``create_app(settings, store)``: the reader site and its JSON API as one FastAPI app.

No module-level app or globals: each call builds its own app over the store it is given (any
:class:`~newsdesk.storage.base.Store`), so tests, ``newsdesk serve`` and ``newsdesk demo`` each
make theirs. Every response carries the security headers below; every 4xx answers the API's one
error shape under ``/api/`` (``{"ok": false, "error": "...", "status": 404}``) and ``error.html``
elsewhere; a 500 shows a traceback only with ``debug=True``.
"""

from __future__ import annotations

import logging
import traceback
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsdesk import __version__
from newsdesk.config import Settings
from newsdesk.storage.base import Store
from newsdesk.web import api, entity_pages, pages, story_pages
from newsdesk.web.cards import author_path, date_label
from newsdesk.web.queries import Site

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
SITE_NAME = "newsdesk"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS = (
    ("content-security-policy", CONTENT_SECURITY_POLICY),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"),
    ("cross-origin-opener-policy", "same-origin"),
)
STATUS_TITLES = {
    400: "Bad request",
    401: "Not signed in",
    403: "Forbidden",
    404: "Not found",
    405: "Not allowed",
    413: "Too large",
    500: "Something went wrong",
}


class SecurityHeaders:
    """Pure ASGI middleware adding SECURITY_HEADERS to every HTTP response (unless already set)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS:
                    if name not in headers:
                        headers.append(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def templates_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["date_label"] = date_label
    env.filters["author_path"] = author_path
    env.globals.update(site_name=SITE_NAME, version=__version__)
    return env


def is_api(request: Request) -> bool:
    path = request.url.path
    return path == "/api" or path.startswith("/api/")


def error_body(status: int, message: str) -> dict[str, Any]:
    """The API's one error shape."""
    return {"ok": False, "error": message, "status": status}


def create_app(settings: Settings, store: Store, *, debug: bool = False) -> FastAPI:
    """The reader site and JSON API over ``store``."""
    site = Site(settings, store)
    env = templates_environment()
    app = FastAPI(
        title="newsdesk API",
        version=__version__,
        description="Read the stored articles, search them, follow sources; writes need a bearer token.",
        docs_url=None,  # /api/docs is rendered by pages.py: the stock Swagger UI needs inline script and a CDN
        redoc_url=None,
        openapi_url="/api/openapi.json",
        debug=False,
    )
    app.state.site = site
    app.state.templates = env

    def render_error(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
        if is_api(request):
            return JSONResponse(error_body(status, message), status_code=status, headers=headers)
        html = env.get_template("error.html").render(
            request=request,
            status=status,
            title=STATUS_TITLES.get(status, "Error"),
            message=message,
            nav_sections=_nav(site),
        )
        return HTMLResponse(html, status_code=status, headers=headers)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else STATUS_TITLES.get(exc.status_code, "error")
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}"
        return render_error(request, exc.status_code, message, dict(exc.headers or {}))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        problems = []
        for err in exc.errors():
            where = ".".join(str(part) for part in err.get("loc", ()) if part not in ("query", "path", "body"))
            problems.append(f"{where}: {err.get('msg', 'invalid')}" if where else str(err.get("msg", "invalid")))
        return render_error(request, 400, "; ".join(problems) or "invalid request")

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        log.exception("error serving %s", request.url.path)
        message = "".join(traceback.format_exception(exc)) if debug else "internal error; see the server log"
        return render_error(request, 500, message)

    app.include_router(api.build_router(site))
    app.include_router(pages.build_router(site, env))
    app.include_router(story_pages.build_router(site, env))
    app.include_router(entity_pages.build_router(site, env))
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_middleware(SecurityHeaders)
    return app


def _nav(site: Site) -> list[dict[str, str]]:
    try:
        return site.sections()[:8]
    except Exception:  # noqa: BLE001 -- the error page must render even when the store cannot be read
        return []


__all__ = ["CONTENT_SECURITY_POLICY", "create_app", "error_body"]
