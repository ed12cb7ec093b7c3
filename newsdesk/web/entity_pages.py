"""Entity pages: the people, organisations and places the stored articles name.

- ``/entities``: entities by type, most named first (``?type=PERSON`` for one type, paged);
- ``/entities/{key}``: one entity, its articles (newest first, originals only) and the entities
  named with it; JSON twins ``/api/entities`` and ``/api/entities/{key}``;
- the article page lists its entities as links (``_entities.html`` calls the ``article_entities``
  template global this module registers), and ``/api/articles/{id}`` carries them as ``entities``.

Keys look like ``PERSON:kassym-jomart tokayev`` (``enrich/entities.py``); a path may give the type
and name in any case ("/entities/person:Kassym-Jomart Tokayev"). When entities are off (no spaCy or
model) the pages say why in one line, and still show what the store already holds.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment
from starlette.exceptions import HTTPException

from newsdesk.models import Article
from newsdesk.storage.base import Store
from newsdesk.web.cards import DEFAULT_LIMIT, MAX_LIMIT, card, check_limit, decode_cursor, page_of
from newsdesk.web.queries import Site

TYPE_LABELS = {
    "PERSON": "People",
    "ORG": "Organisations",
    "GPE": "Countries, cities and states",
    "LOC": "Other places",
    "FAC": "Buildings and facilities",
    "NORP": "Nationalities and groups",
    "EVENT": "Events",
    "PRODUCT": "Products",
    "WORK_OF_ART": "Works",
    "LAW": "Laws",
}
# an article's entities, as the article page groups them
ARTICLE_GROUPS = (
    ("people", "People", ("PERSON",)),
    ("organisations", "Organisations", ("ORG",)),
    ("places", "Places", ("GPE", "LOC", "FAC")),
    ("other", "Also named", ("NORP", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW")),
)
PER_TYPE = 12  # entities per type on /entities without ?type=
COOCCURRING = 20
NO_SECTION = "entities are off: this database backend does not store entities"


def entity_path(key: str) -> str:
    return "/entities/" + quote(key, safe="")


def type_label(type: str) -> str:
    return TYPE_LABELS.get(type, type.replace("_", " ").title())


def has_entities(store: Store) -> bool:
    return all(hasattr(store, n) for n in ("list_entities", "get_entity", "entities_of", "entity_article_ids"))


def summary_dict(summary: Any) -> dict[str, Any]:
    return {**summary.to_dict(), "path": entity_path(summary.key), "api_path": "/api" + entity_path(summary.key)}


def entities_json(store: Store, article: Article) -> list[dict[str, Any]]:
    """An article's entities for its JSON twin (a syndicated copy shows its original's)."""
    if not has_entities(store):
        return []
    found = store.entities_of(article.id) or (store.entities_of(article.duplicate_of) if article.duplicate_of else [])
    return [{**e.to_dict(), "path": entity_path(e.key)} for e in found]


def article_entities(store: Store, article: Article, off: str | None) -> dict[str, Any]:
    """The article page's entity box: ``groups`` (key, label, items) and ``off`` (why there are none)."""
    items = entities_json(store, article)
    groups = []
    for key, label, types in ARTICLE_GROUPS:
        members = [e for e in items if e["type"] in types]
        if members:
            groups.append({"key": key, "label": label, "items": members})
    return {"groups": groups, "off": None if items else (off if has_entities(store) else NO_SECTION)}


def _key(store: Store, raw: str) -> str:
    """The stored key for a path: as given, else with the type upper-cased and the name folded."""
    from newsdesk.enrich.entities import entity_key

    if store.get_entity(raw) is not None or ":" not in raw:
        return raw
    type, _, name = raw.partition(":")
    return entity_key(type.strip(), name)


def build_router(site: Site, env: Environment) -> APIRouter:
    router = APIRouter()
    store = site.store
    limit_q = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Items per page.")
    cursor_q = Query(None, description="next_cursor of the previous page.")
    type_q = Query(None, description="Only this spaCy type (PERSON, ORG, GPE, LOC, NORP, ...), any case.")

    env.globals["article_entities"] = lambda article: article_entities(store, article, site.extras()["entities"])
    env.globals["entity_path"] = entity_path

    def off() -> str | None:
        return site.extras()["entities"] if has_entities(store) else NO_SECTION

    def index_data(type: str | None, limit: int, cursor: str | None) -> dict[str, Any]:
        type = type.strip().upper() if type else None
        offset = decode_cursor(cursor)  # 400 for a cursor we did not give out
        if cursor and not type:
            raise HTTPException(400, "a cursor pages one type: give type= with it, as next_cursor's page did")
        data: dict[str, Any] = {"type": type, "types": [], "groups": [], "next_cursor": None, "limit": limit}
        data["off"] = off()
        if not has_entities(store):
            return data
        types = store.entity_types() if hasattr(store, "entity_types") else []
        data["types"] = [
            {"type": t, "label": type_label(t), "path": "/entities?" + urlencode({"type": t})} for t, _ in types
        ]
        if type:
            found, data["next_cursor"] = page_of(
                store.list_entities(type=type, limit=limit + 1, offset=offset), limit=limit, offset=offset
            )
            data["groups"] = [{"type": type, "label": type_label(type), "items": [summary_dict(s) for s in found]}]
        else:
            for t, _ in types:
                found = store.list_entities(type=t, limit=min(limit, PER_TYPE))
                data["groups"].append({"type": t, "label": type_label(t), "items": [summary_dict(s) for s in found]})
        return data

    def entity_data(raw_key: str, limit: int, cursor: str | None) -> dict[str, Any]:
        if not has_entities(store):
            raise HTTPException(404, NO_SECTION)
        key = _key(store, raw_key)
        summary = store.get_entity(key)
        if summary is None or summary.count == 0:
            raise HTTPException(404, f"no entity {raw_key!r}: see /entities")
        offset = decode_cursor(cursor)
        ids, next_cursor = page_of(
            store.entity_article_ids(key, limit=limit + 1, offset=offset), limit=limit, offset=offset
        )
        cards = []
        for article_id in ids:
            article = store.get_article(article_id)
            if article is None:
                continue
            c = card(article)
            mention = next((e for e in store.entities_of(article_id) if e.key == key), None)
            c["mentions"] = mention.count if mention else None
            c["first_sentence"] = mention.first_sentence if mention else None
            cards.append(c)
        cooccurring = [
            {**summary_dict(s), "shared": n}
            for s, n in (
                store.cooccurring_entities(key, limit=COOCCURRING) if hasattr(store, "cooccurring_entities") else []
            )
        ]
        return {
            "entity": {**summary_dict(summary), "label": type_label(summary.type)},
            "items": cards,
            "cooccurring": cooccurring,
            "next_cursor": next_cursor,
            "limit": limit,
            "off": off(),
        }

    def render(request: Request, template: str, *, twin: str, **context: Any) -> Response:
        html = env.get_template(template).render(
            request=request, twin=twin, nav_sections=site.sections()[:8], **context
        )
        return HTMLResponse(html, headers={"Link": f'<{twin}>; rel="alternate"; type="application/json"'})

    def next_href(request: Request, cursor: str | None) -> str | None:
        if not cursor:
            return None
        return request.url.path + "?" + urlencode(dict(request.query_params) | {"cursor": cursor})

    # --- pages ------------------------------------------------------------------------------------

    @router.get("/entities", include_in_schema=False)
    def entities_page(
        request: Request, type: str | None = type_q, limit: int = limit_q, cursor: str | None = cursor_q
    ) -> Response:
        data = index_data(type, check_limit(limit), cursor)
        query = f"?{request.url.query}" if request.url.query else ""
        title = type_label(data["type"]) if data["type"] else "People, organisations and places"
        return render(
            request,
            "entities.html",
            twin="/api/entities" + query,
            title=title,
            data=data,
            next_href=next_href(request, data["next_cursor"]),
        )

    @router.get("/entities/{key:path}", include_in_schema=False)
    def entity_page(request: Request, key: str, limit: int = limit_q, cursor: str | None = cursor_q) -> Response:
        data = entity_data(key, check_limit(limit), cursor)
        query = f"?{request.url.query}" if request.url.query else ""
        return render(
            request,
            "entity.html",
            twin=data["entity"]["api_path"] + query,
            title=data["entity"]["name"],
            data=data,
            next_href=next_href(request, data["next_cursor"]),
        )

    # --- JSON twins -------------------------------------------------------------------------------

    @router.get("/api/entities", tags=["api"])
    def entities_api(type: str | None = type_q, limit: int = limit_q, cursor: str | None = cursor_q) -> dict[str, Any]:
        """Entities by type, most named first: ``groups`` (type, label, items: key, name, type, count =
        original articles naming it, path, api_path), ``types`` (type, label, path: the types
        that have entities, most named first), ``type`` (the one asked for, or null: then each group holds the top few),
        ``next_cursor`` (with ``type``), ``limit`` and ``off`` (why entities are off, or null)."""
        return index_data(type, check_limit(limit), cursor)

    @router.get("/api/entities/{key:path}", tags=["api"])
    def entity_api(key: str, limit: int = limit_q, cursor: str | None = cursor_q) -> dict[str, Any]:
        """One entity: ``entity`` (key, name, type, label, count, path), ``items`` (its articles as
        cards, newest first, each with ``mentions`` and ``first_sentence``), ``cooccurring``
        (entities named in the same articles, with ``shared``), ``next_cursor``, ``limit``, ``off``."""
        return entity_data(key, check_limit(limit), cursor)

    return router


__all__ = ["article_entities", "build_router", "entities_json", "entity_path"]
