"""The JSON API under ``/api/``: every page's twin, plus the writes.

Reads are open. Writes (``POST /api/ingest``, ``POST /api/sources``, ``DELETE /api/sources/{id}``)
need ``Authorization: Bearer <NEWSDESK_API_TOKEN>``, compared in constant time
(:func:`hmac.compare_digest`); with no token configured they answer 403 and say how to turn them on.
Lists page with ``limit`` and an opaque ``cursor`` (``next_cursor`` of the previous page, null on
the last). Every 4xx has one shape: ``{"ok": false, "error": "...", "status": 404}``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from newsdesk.config import parse_duration
from newsdesk.errors import ConfigError, PipelineError
from newsdesk.models import FetchedPage
from newsdesk.storage.base import StorageError, Store, UpsertOutcome
from newsdesk.web import entity_pages
from newsdesk.web.cards import DEFAULT_LIMIT, MAX_LIMIT, article_path, check_limit
from newsdesk.web.queries import Site, source_dict
from newsdesk.web.sanitize import safe_url

WRITES_OFF = "writes are off: set NEWSDESK_API_TOKEN"
BEARER = HTTPBearer(auto_error=False, description="NEWSDESK_API_TOKEN")
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)]


class ErrorBody(BaseModel):
    """The one shape of every 4xx (and 5xx) answer."""

    ok: bool = False
    error: str
    status: int


ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ErrorBody} for code in (400, 404)}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ErrorBody} for code in (400, 401, 403, 413, 422)}
INGEST_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "description": 'One of: {"url": "https://..."} to fetch a page, feed or sitemap; '
                    '{"html": "<html>...", "url": "optional address"}; {"text": "a plain-text dump", "url": ...}.',
                    "properties": {"url": {"type": "string"}, "html": {"type": "string"}, "text": {"type": "string"}},
                }
            },
            "text/html": {"schema": {"type": "string"}},
            "text/plain": {"schema": {"type": "string"}},
        },
    }
}
SOURCE_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["url"],
                    "properties": {"url": {"type": "string"}, "every": {"type": "string", "example": "15m"}},
                }
            }
        },
    }
}


def build_router(site: Site) -> APIRouter:
    router = APIRouter(prefix="/api", tags=["api"])

    def authorize(credentials: Credentials) -> None:
        token = site.settings.api_token
        if not token:
            raise HTTPException(403, WRITES_OFF)
        given = credentials.credentials if credentials is not None else ""
        if not hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8")):
            raise HTTPException(
                401,
                "a valid 'Authorization: Bearer <NEWSDESK_API_TOKEN>' header is needed for writes",
                headers={"WWW-Authenticate": 'Bearer realm="newsdesk"'},
            )

    limit_q = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Items per page.")
    cursor_q = Query(None, description="next_cursor of the previous page.")

    @router.get("/front", responses=ERRORS)
    def front() -> dict[str, Any]:
        """The front page: ``top`` (cards), ``sections`` (name, slug, path, articles), ``explore``."""
        return site.front()

    @router.get("/articles", responses=ERRORS)
    def articles(limit: int = limit_q, cursor: str | None = cursor_q) -> dict[str, Any]:
        """The newest articles: ``items`` (cards), ``next_cursor``, ``limit``."""
        return site.articles(limit=check_limit(limit), cursor=cursor)

    @router.get("/articles/{article_id}", responses=ERRORS)
    def article(article_id: str) -> dict[str, Any]:
        """The stored article: the record ``newsdesk extract`` prints (docs/article-schema.md), plus
        ``entities`` (key, name, type, count, first_sentence, path; empty when entities are off)."""
        found = site.article(article_id)
        return {**found.to_dict(), "entities": entity_pages.entities_json(site.store, found)}

    @router.get("/articles/{article_id}/related", responses=ERRORS)
    def article_related(article_id: str) -> dict[str, Any]:
        """``recommended`` (cards with ``reason`` and ``score``), ``read_more`` (title, href, reason,
        article_id, external) and ``explore`` (cards) for an article."""
        return site.related(site.article(article_id))

    @router.get("/sections", responses=ERRORS)
    def sections() -> dict[str, Any]:
        """The sections of recent articles: ``items`` of name, slug, path."""
        return {"items": site.sections()}

    @router.get("/sections/{slug}", responses=ERRORS)
    def section(slug: str, limit: int = limit_q, cursor: str | None = cursor_q) -> dict[str, Any]:
        """A section: ``section`` (name, slug, path), ``items`` (cards), ``next_cursor``, ``limit``."""
        return site.section(slug, limit=check_limit(limit), cursor=cursor)

    @router.get("/sources", responses=ERRORS)
    def sources() -> dict[str, Any]:
        """Every source with its fetch health (last success, last error, error count)."""
        return {"items": site.sources()}

    @router.get("/sources/{source_id}", responses=ERRORS)
    def source(source_id: int, limit: int = limit_q, cursor: str | None = cursor_q) -> dict[str, Any]:
        """A source: ``source`` (with fetch health), ``items`` (its articles), ``next_cursor``, ``limit``."""
        return site.source(source_id, limit=check_limit(limit), cursor=cursor)

    @router.get("/authors/{name}", responses=ERRORS)
    def author(name: str, limit: int = limit_q, cursor: str | None = cursor_q) -> dict[str, Any]:
        """An author's articles: ``author``, ``items``, ``next_cursor``, ``limit``."""
        return site.author(name, limit=check_limit(limit), cursor=cursor)

    @router.get("/search", responses=ERRORS)
    def search(
        q: str = Query("", description='Words, "phrases", prefix*, AND/OR/NOT.'),
        section: str | None = Query(None),
        source: int | None = Query(None, description="A source id."),
        since: str | None = Query(None, description="Published on or after this day (2026-03-04)."),
        until: str | None = Query(None, description="Published on or before this day."),
        limit: int = limit_q,
        cursor: str | None = cursor_q,
    ) -> dict[str, Any]:
        """Full-text search: ``items`` (cards with ``snippet``, ``snippet_html``, ``score``), ``facets``
        (``section`` and ``source``: value, count, selected), ``filters``, ``next_cursor``."""
        return site.search(
            q, section=section, source=source, since=since, until=until, limit=check_limit(limit), cursor=cursor
        )

    @router.get("/stats", responses=ERRORS)
    def stats() -> dict[str, int]:
        """Counts: articles, duplicates, revisions, sources, failures."""
        return site.store.stats().to_dict()

    @router.post("/ingest", responses=WRITE_ERRORS, openapi_extra=INGEST_BODY, dependencies=[Depends(authorize)])
    async def ingest(request: Request, url: str | None = Query(None, description="A raw body's address.")) -> Any:
        """Store a page: JSON ``{"url"}`` (fetched politely; feeds and sitemaps are followed) or
        ``{"html"|"text", "url"?}``, or a raw text/html or text/plain body. Answers 201 with
        ``counts`` and the ``articles`` stored (id, status, path), 422 if nothing could be stored."""
        body = await _read_body(request, site.settings.max_page_bytes)
        page, fetch_url = _ingest_input(request.headers.get("content-type", ""), body, url)
        result = await run_in_threadpool(_run_ingest, site, page, fetch_url)
        site.invalidate()
        if not result["articles"] and result["counts"]["failed"]:
            reason = result["failures"][0] if result["failures"] else "nothing could be stored"
            return JSONResponse({**ErrorBody(error=reason, status=422).model_dump(), **result}, status_code=422)
        stored = any(a["status"] in ("new", "updated") for a in result["articles"])
        return JSONResponse(result, status_code=201 if stored else 200)

    @router.post(
        "/sources",
        responses={**WRITE_ERRORS, 409: {"model": ErrorBody}},
        openapi_extra=SOURCE_BODY,
        dependencies=[Depends(authorize)],
        status_code=201,
    )
    async def add_source(request: Request) -> Any:
        """Follow a feed, sitemap or site page (fetched once to tell which); answers the source."""
        data = _json_object(await _read_body(request, 64 * 1024))
        url = safe_url(data.get("url") if isinstance(data.get("url"), str) else None)
        if url is None:
            raise HTTPException(400, "url must be an http(s) URL of a feed, sitemap or site page")
        every = data.get("every")
        try:
            seconds = parse_duration(every, source="every") if every is not None else site.settings.default_every
        except ConfigError as exc:
            raise HTTPException(400, str(exc)) from None
        if seconds < 60:
            raise HTTPException(400, f"every has value {every!r}. Expected at least a minute, such as 15m.")
        found = await run_in_threadpool(_add_source, site, url, seconds)
        site.invalidate()
        return JSONResponse(source_dict(found), status_code=201)

    @router.delete("/sources/{source_id}", responses=WRITE_ERRORS, dependencies=[Depends(authorize)])
    def remove_source(source_id: int) -> dict[str, Any]:
        """Stop following a source (its articles stay)."""
        found = site.store.get_source(source_id)
        if found is None or not site.store.remove_source(source_id):
            raise HTTPException(404, f"no source {source_id}")
        site.invalidate()
        return {"ok": True, "removed": source_dict(found)}

    return router


async def _read_body(request: Request, cap: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        raise HTTPException(413, f"the body is larger than {cap} bytes (NEWSDESK_MAX_PAGE_BYTES)")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > cap:
            raise HTTPException(413, f"the body is larger than {cap} bytes (NEWSDESK_MAX_PAGE_BYTES)")
        chunks.append(chunk)
    return b"".join(chunks)


def _json_object(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise HTTPException(400, "the body is not valid JSON") from None
    if not isinstance(data, dict):
        raise HTTPException(400, "the body must be a JSON object")
    return data


def _ingest_input(content_type: str, body: bytes, url: str | None) -> tuple[FetchedPage | None, str | None]:
    """The page to store (a body) or the URL to fetch, from the request; 400 when neither."""
    media = content_type.split(";")[0].strip().lower()
    kind = "html"
    if media in ("application/json", ""):
        data = _json_object(body)
        given = [key for key in ("url", "html", "text") if isinstance(data.get(key), str) and data[key].strip()]
        if given == ["url"]:
            fetch = safe_url(data["url"])
            if fetch is None:
                raise HTTPException(400, "url must be an http(s) URL")
            return None, fetch
        content = [key for key in given if key != "url"]
        if len(content) != 1:
            raise HTTPException(400, 'give one of {"url": ...}, {"html": ...} or {"text": ...} (with an optional url)')
        kind = content[0]
        body = data[kind].encode("utf-8")
        url = data.get("url") if "url" in given else None
    elif media in ("text/html", "application/xhtml+xml"):
        kind = "html"
    elif media == "text/plain":
        kind = "text"
    else:
        raise HTTPException(400, f"cannot ingest a {media} body: send JSON, text/html or text/plain")
    if not body.strip():
        raise HTTPException(400, "the body is empty")
    page_url = safe_url(url) if url else None
    if url and page_url is None:
        raise HTTPException(400, "url must be an http(s) URL")
    digest = hashlib.sha256(body).hexdigest()[:16]
    page = FetchedPage(
        input=page_url or f"api:{digest}",
        content=body,
        url=page_url,
        kind=kind,
        content_type="text/html" if kind == "html" else "text/plain",
        fetched_at=datetime.now(UTC),
    )
    return page, None


class _RecordingStore:
    """The store, with every upsert's outcome kept (so the API can say which articles it stored)."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self.outcomes: list[UpsertOutcome] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def upsert_article(self, article: Any, **kwargs: Any) -> UpsertOutcome:
        outcome = self._store.upsert_article(article, **kwargs)
        self.outcomes.append(outcome)
        return outcome

    def upsert_articles(self, articles: Any, **kwargs: Any) -> list[UpsertOutcome]:
        outcomes = self._store.upsert_articles(articles, **kwargs)
        self.outcomes.extend(outcomes)
        return outcomes


def _run_ingest(site: Site, page: FetchedPage | None, url: str | None) -> dict[str, Any]:
    from newsdesk.pipeline.crawl import PoliteFetcher
    from newsdesk.pipeline.ingest import Ingester

    recording = _RecordingStore(site.store)
    failures: list[str] = []
    with PoliteFetcher(site.settings) as fetcher:
        ingester = Ingester(
            recording,  # type: ignore[arg-type]
            site.settings,
            fetcher,
            on_failure=lambda error: failures.append(f"{error.input}: {error}"),
        )
        try:
            if page is not None:
                ingester.store_page(page)
            elif url is not None:
                ingester.ingest_inputs([url])
        except PipelineError as exc:
            failures.append(str(exc))
            ingester.counts.failed += 1
    counts = ingester.counts
    return {
        "ok": True,
        "counts": {name: getattr(counts, name) for name in ("new", "updated", "unchanged", "duplicate", "failed")},
        "articles": [
            {"id": o.article_id, "status": o.status, "duplicate_of": o.duplicate_of, "path": article_path(o.article_id)}
            for o in recording.outcomes
        ],
        "failures": failures,
    }


def _add_source(site: Site, url: str, every_seconds: int) -> Any:
    from newsdesk.pipeline.crawl import PoliteFetcher
    from newsdesk.pipeline.ingest import detect_source_kind

    if site.store.find_source(url) is not None:
        raise HTTPException(409, f"{url} is already a source")
    try:
        with PoliteFetcher(site.settings) as fetcher:
            kind, found = detect_source_kind(fetcher, url)
        return site.store.add_source(url, kind=kind, every_seconds=every_seconds, title=found.title)
    except PipelineError as exc:
        raise HTTPException(422, f"cannot add {url}: {exc}") from None
    except StorageError as exc:
        raise HTTPException(409, str(exc)) from None


__all__ = ["WRITES_OFF", "ErrorBody", "build_router"]
