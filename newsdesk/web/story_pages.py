"""Story pages: the story threads as a list (``/stories``) and one story (``/stories/{id}``) with
its timeline chart, its articles in order (each with why it joined the thread) and how each is
syndicated; JSON twins under ``/api/stories``. The timeline is drawn here as inline SVG by
:mod:`newsdesk.web.timeline` (no JavaScript) and also served alone at ``/stories/{id}/timeline.svg``.

Stories need the store's threads section; a store without it answers with an empty list that says
so. The pages also say which optional extras are off (entities, semantic similarity) and why.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment
from markupsafe import Markup
from starlette.exceptions import HTTPException

from newsdesk.web.cards import DEFAULT_LIMIT, MAX_LIMIT, check_limit
from newsdesk.web.queries import Site
from newsdesk.web.timeline import Timeline, timeline_svg

SVG_MEDIA = "image/svg+xml"


def build_router(site: Site, env: Environment) -> APIRouter:
    router = APIRouter()
    limit_q = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Items per page.")
    cursor_q = Query(None, description="next_cursor of the previous page.")
    since_q = Query(None, description="Only stories active since this date (2026-03-04).")

    def render(request: Request, template: str, *, twin: str, **context: Any) -> Response:
        html = env.get_template(template).render(
            request=request, twin=twin, nav_sections=site.sections()[:8], **context
        )
        return HTMLResponse(html, headers={"Link": f'<{twin}>; rel="alternate"; type="application/json"'})

    # --- pages ------------------------------------------------------------------------------------

    @router.get("/stories", include_in_schema=False)
    def stories_page(
        request: Request, limit: int = limit_q, cursor: str | None = cursor_q, since: str | None = since_q
    ) -> Response:
        data = site.stories(limit=check_limit(limit), cursor=cursor, since=_since(since))
        query = f"?{request.url.query}" if request.url.query else ""
        next_href = None
        if data["next_cursor"]:
            params = dict(request.query_params) | {"cursor": data["next_cursor"]}
            next_href = "/stories?" + urlencode(params)
        return render(
            request, "stories.html", twin="/api/stories" + query, title="Stories", data=data, next_href=next_href
        )

    @router.get("/stories/{thread_id}", include_in_schema=False)
    def story_page(request: Request, thread_id: str) -> Response:
        data = site.story(thread_id)
        story = data["story"]
        svg = timeline_svg(_timeline(data["timeline"]), title=f"Articles per day: {story['title']}")
        return render(
            request,
            "story.html",
            twin=story["api_path"],
            title=story["title"],
            data=data,
            timeline_svg=Markup(svg),  # built from escaped text by timeline.py: no markup from any page
        )

    @router.get("/stories/{thread_id}/timeline.svg", include_in_schema=False)
    def story_timeline(thread_id: str) -> Response:
        data = site.story(thread_id)
        svg = timeline_svg(_timeline(data["timeline"]), title=f"Articles per day: {data['story']['title']}")
        return Response(svg, media_type=SVG_MEDIA, headers={"Cache-Control": "public, max-age=60"})

    # --- JSON twins -------------------------------------------------------------------------------

    @router.get("/api/stories", tags=["api"])
    def stories_api(limit: int = limit_q, cursor: str | None = cursor_q, since: str | None = since_q) -> dict[str, Any]:
        """Story threads of two articles or more, most recently active first: ``items`` (id, title,
        first_at, last_at, size, sources, entities, article_ids, path, api_path), ``next_cursor``,
        ``limit``, ``extras`` (what is off and why) and ``off`` (why there are no stories, or null)."""
        return site.stories(limit=check_limit(limit), cursor=cursor, since=_since(since))

    @router.get("/api/stories/{thread_id}", tags=["api"])
    def story_api(thread_id: str) -> dict[str, Any]:
        """One story: ``story`` (as in the list), ``items`` (cards in time order, each with ``joined``:
        reason, score, matched_article_id; and ``syndication``), ``copies`` (syndicated copies of its
        articles), ``timeline`` (unit, sources, days: date, total, by_source) and ``extras``."""
        return site.story(thread_id)

    return router


def _timeline(data: dict[str, Any]) -> Timeline:
    """The timeline back from its JSON form (the page draws exactly what the twin reports)."""
    sources = tuple(data["sources"])
    days = data["days"]
    return Timeline(
        buckets=tuple(date.fromisoformat(d["date"]) for d in days),
        sources=sources,
        counts=tuple(tuple(d["by_source"].get(s, 0) for s in sources) for d in days),
        unit=data["unit"],
    )


def _since(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise HTTPException(400, f"since has value {value!r}. Expected a date such as 2026-03-04.") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


__all__ = ["build_router"]
