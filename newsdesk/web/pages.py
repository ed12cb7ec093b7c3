"""The HTML pages (Jinja2), feeds and sitemaps. Each page links its JSON twin under ``/api/`` with
``<link rel="alternate" type="application/json">`` and a ``Link`` header, and gets the same data
from :class:`~newsdesk.web.queries.Site` as the twin does."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from jinja2 import Environment
from markupsafe import Markup
from starlette.exceptions import HTTPException

from newsdesk.models import Article, Block
from newsdesk.web import feeds
from newsdesk.web.cards import DEFAULT_LIMIT, MAX_LIMIT, check_limit, section_path, slugify
from newsdesk.web.queries import Site
from newsdesk.web.sanitize import clean_html, json_ld, safe_url, text

SITE_NAME = "newsdesk"


def build_router(site: Site, env: Environment) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    def render(request: Request, template: str, *, twin: str | None, status: int = 200, **context: Any) -> Response:
        html = env.get_template(template).render(
            request=request, twin=twin, nav_sections=site.sections()[:8], **context
        )
        headers = {"Link": f'<{twin}>; rel="alternate"; type="application/json"'} if twin else None
        return HTMLResponse(html, status_code=status, headers=headers)

    limit_q = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)

    @router.get("/")
    def index(request: Request) -> Response:
        return render(request, "index.html", twin="/api/front", title=None, front=site.front())

    @router.get("/articles/{article_id}", name="article_page")
    def article(request: Request, article_id: str) -> Response:
        found = site.article(article_id)
        extras = site.related(found)
        page_url = str(request.url_for("article_page", article_id=found.id))
        return render(
            request,
            "article.html",
            twin=f"/api/articles/{found.id}",
            title=found.headline,
            article=found,
            body_html=body_html(found.body, [r for r in extras["read_more"] if r.get("kind", "page") == "page"]),
            image_url=safe_url(found.image.url) if found.image else None,
            original_url=safe_url(found.canonical_url) or safe_url(found.url),
            canonical=safe_url(found.canonical_url) or page_url,
            page_url=page_url,
            section_href=section_path(found.section) if found.section else None,
            json_ld=json_ld(news_article_ld(found, page_url)),
            extras=extras,
        )

    @router.get("/sections/{slug}")
    def section(request: Request, slug: str, limit: int = limit_q, cursor: str | None = None) -> Response:
        data = site.section(slug, limit=check_limit(limit), cursor=cursor)
        return render(
            request,
            "section.html",
            twin=_twin(request),
            title=data["section"]["name"],
            data=data,
            feed=f"/feeds/section/{slug}.xml",
            next_href=_next(request, data["next_cursor"]),
        )

    @router.get("/sources")
    def sources(request: Request) -> Response:
        return render(request, "sources.html", twin="/api/sources", title="Sources", sources=site.sources())

    @router.get("/sources/{source_id}")
    def source(request: Request, source_id: int, limit: int = limit_q, cursor: str | None = None) -> Response:
        data = site.source(source_id, limit=check_limit(limit), cursor=cursor)
        title = data["source"]["title"] or data["source"]["url"]
        return render(
            request,
            "source.html",
            twin=_twin(request),
            title=title,
            data=data,
            next_href=_next(request, data["next_cursor"]),
        )

    @router.get("/authors/{name}")
    def author(request: Request, name: str, limit: int = limit_q, cursor: str | None = None) -> Response:
        data = site.author(name, limit=check_limit(limit), cursor=cursor)
        return render(
            request,
            "author.html",
            twin="/api/authors/" + quote(data["author"], safe="") + _query(request),
            title=data["author"],
            data=data,
            next_href=_next(request, data["next_cursor"]),
        )

    @router.get("/search")
    def search(
        request: Request,
        q: str = "",
        section: str | None = None,
        source: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int = limit_q,
        cursor: str | None = None,
    ) -> Response:
        source_id = _int_or_400("source", source)
        error = None
        try:
            data = site.search(
                q, section=section, source=source_id, since=since, until=until, limit=check_limit(limit), cursor=cursor
            )
        except HTTPException as exc:
            if exc.status_code != 400:
                raise
            error = str(exc.detail)
            data = {
                "query": q,
                "filters": {},
                "items": [],
                "facets": {"section": [], "source": []},
                "next_cursor": None,
                "limit": limit,
            }
        facet_links = _facet_links(request, data["facets"])
        return render(
            request,
            "search.html",
            twin=_twin(request),
            status=400 if error else 200,
            title=f"Search: {q}" if q else "Search",
            data=data,
            error=error,
            facet_links=facet_links,
            q=q,
            since=since or "",
            until=until or "",
            next_href=_next(request, data["next_cursor"]),
            clear_href=_with(request, section=None, source=None, since=None, until=None, cursor=None),
            snippets=[Markup(item["snippet_html"]) for item in data["items"]],  # built by sanitize.highlight
        )

    @router.get("/api/docs")
    def api_docs(request: Request) -> Response:
        schema = request.app.openapi()
        operations = [
            {
                "method": method.upper(),
                "path": path,
                "summary": op.get("summary", ""),
                "description": op.get("description", ""),
                "parameters": [
                    p["name"] + ("" if not p.get("required") else " (required)") for p in op.get("parameters", [])
                ],
                "secured": "/ingest" in path or method != "get",
            }
            for path, item in schema["paths"].items()
            for method, op in item.items()
        ]
        return render(request, "api_docs.html", twin="/api/openapi.json", title="API", operations=operations)

    # --- feeds and sitemaps -------------------------------------------------------------------

    def xml(body: bytes, media: str) -> Response:
        return Response(body, media_type=media, headers={"Cache-Control": "public, max-age=60"})

    def feed(request: Request, articles: list[Article], title: str, path: str, kind: str) -> Response:
        body = feeds.build_feed(
            articles, base_url=str(request.base_url), title=title, self_path=path, site_name=SITE_NAME, kind=kind
        )
        return xml(body, "application/atom+xml" if kind == "atom" else "application/rss+xml")

    @router.get("/feeds/all.xml")
    def feed_all(request: Request) -> Response:
        return feed(request, site.store.list_articles(limit=feeds.FEED_SIZE), "Latest", "/feeds/all.xml", "rss")

    @router.get("/feeds/all.atom")
    def feed_all_atom(request: Request) -> Response:
        return feed(request, site.store.list_articles(limit=feeds.FEED_SIZE), "Latest", "/feeds/all.atom", "atom")

    @router.get("/feeds/section/{slug}.xml")
    def feed_section(request: Request, slug: str) -> Response:
        data = site.section(slug, limit=1, cursor=None)
        name = data["section"]["name"]
        articles = site.store.list_articles(section=name, limit=feeds.FEED_SIZE)
        return feed(request, articles, name, f"/feeds/section/{slug}.xml", "rss")

    @router.get("/feeds/section/{slug}.atom")
    def feed_section_atom(request: Request, slug: str) -> Response:
        data = site.section(slug, limit=1, cursor=None)
        name = data["section"]["name"]
        articles = site.store.list_articles(section=name, limit=feeds.FEED_SIZE)
        return feed(request, articles, name, f"/feeds/section/{slug}.atom", "atom")

    @router.get("/sitemap.xml")
    def sitemap(request: Request) -> Response:
        pages = ["/", "/search", "/sources", *(s["path"] for s in site.sections())]
        articles = site.store.list_articles(limit=feeds.SITEMAP_SIZE)
        return xml(feeds.sitemap(articles, base_url=str(request.base_url), pages=pages), "application/xml")

    @router.get("/sitemap-news.xml")
    def news_sitemap(request: Request) -> Response:
        from datetime import UTC, datetime, timedelta

        since = datetime.now(UTC) - timedelta(hours=feeds.NEWS_SITEMAP_HOURS)
        articles = site.store.list_articles(since=since, limit=feeds.NEWS_SITEMAP_SIZE)
        return xml(feeds.news_sitemap(articles, base_url=str(request.base_url), site_name=SITE_NAME), "application/xml")

    @router.get("/robots.txt")
    def robots(request: Request) -> Response:
        base = str(request.base_url).rstrip("/")
        return PlainTextResponse(
            f"User-agent: *\nDisallow: /api/\nSitemap: {base}/sitemap.xml\nSitemap: {base}/sitemap-news.xml\n"
        )

    return router


# --- the article body -----------------------------------------------------------------------------


def body_html(blocks: tuple[Block, ...], read_more: list[dict[str, Any]]) -> Markup:
    """The body's blocks as markup, the read-more links after the middle paragraph (the record does
    not keep where the page had them); escaped text, then nh3 as a second gate."""
    parts: list[str] = []
    after = max(1, (len(blocks) + 1) // 2) if blocks else 0
    in_list = False
    for i, block in enumerate(blocks):
        if block.type == "list_item":
            if not in_list:
                parts.append("<ul>")
                in_list = True
            parts.append(f"<li>{text(block.text)}</li>")
        else:
            if in_list:
                parts.append("</ul>")
                in_list = False
            parts.append(_block(block))
        if i + 1 == after and read_more:
            if in_list:
                parts.append("</ul>")
                in_list = False
            parts.extend(_read_more(link) for link in read_more)
    if in_list:
        parts.append("</ul>")
    if not blocks:
        parts.extend(_read_more(link) for link in read_more)
    return clean_html("\n".join(parts))


def _block(block: Block) -> str:
    if block.type == "heading":
        return f"<h2>{text(block.text)}</h2>"
    if block.type == "quote":
        return f"<blockquote><p>{text(block.text)}</p></blockquote>"
    if block.type == "table":
        rows = "".join(
            "<tr>" + "".join(f"<td>{text(cell)}</td>" for cell in row.split(" | ")) + "</tr>"
            for row in block.text.splitlines()
        )
        return f"<table><tbody>{rows}</tbody></table>"
    return f"<p>{text(block.text)}</p>"


def _read_more(link: dict[str, Any]) -> str:
    return (
        '<p class="read-more"><strong>Read more:</strong> '
        f'<a href="{text(link["href"])}" title="{text(link["reason"])}">{text(link["title"])}</a></p>'
    )


def news_article_ld(article: Article, page_url: str) -> dict[str, Any]:
    """schema.org NewsArticle for the page's JSON-LD."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
        "description": article.standfirst,
        "mainEntityOfPage": page_url,
        "url": page_url,
        "datePublished": article.published_at.isoformat() if article.published_at else None,
        "dateModified": article.updated_at.isoformat() if article.updated_at else None,
        "author": [{"@type": "Person", "name": name} for name in article.authors],
        "articleSection": article.section,
        "inLanguage": article.language,
        "wordCount": article.word_count or None,
        "publisher": {"@type": "Organization", "name": article.site_name} if article.site_name else None,
        "sourceOrganization": {"@type": "Organization", "name": article.agency} if article.agency else None,
        "isBasedOn": safe_url(article.canonical_url) or safe_url(article.url),
    }
    if article.image and (image := safe_url(article.image.url)):
        data["image"] = [image]
    return {key: value for key, value in data.items() if value not in (None, [], "")}


# --- query-string helpers -------------------------------------------------------------------------


def _query(request: Request) -> str:
    return f"?{request.url.query}" if request.url.query else ""


def _twin(request: Request) -> str:
    return "/api" + request.url.path + _query(request)


def _with(request: Request, **changes: Any) -> str:
    params = {k: v for k, v in request.query_params.items() if k not in changes}
    params.update({k: v for k, v in changes.items() if v not in (None, "")})
    return request.url.path + ("?" + urlencode(params) if params else "")


def _next(request: Request, cursor: str | None) -> str | None:
    return _with(request, cursor=cursor) if cursor else None


def _int_or_400(name: str, value: str | None) -> int | None:
    if value in (None, ""):
        return None
    if not value.isdigit():
        raise HTTPException(400, f"{name} has value {value!r}. Expected a source id (a whole number).")
    return int(value)


def _facet_links(request: Request, facets: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for name, entries in facets.items():
        out[name] = [
            {
                "label": entry.get("label") or entry["value"],
                "count": entry["count"],
                "selected": entry["selected"],
                "href": _with(request, **{name: None if entry["selected"] else str(entry["value"]), "cursor": None}),
            }
            for entry in entries
        ]
    return out


__all__ = ["body_html", "build_router", "news_article_ld", "slugify"]
