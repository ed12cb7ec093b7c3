"""JSON-LD as pages write it: :func:`parse_jsonld` reads a page's ``application/ld+json`` scripts into
:class:`LinkedData`, the typed objects found in lists, ``@graph`` blocks and ``mainEntity``, with an
``@id`` index to resolve references.

Pages write broken JSON often: HTML comments or CDATA around it, a trailing ``;``, several values in
a row, raw newlines inside strings, trailing commas. Each is read rather than dropped.
"""

from __future__ import annotations

import html as htmllib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import lxml.html

ARTICLE_TYPES = frozenset(
    [
        "newsarticle",
        "reportagenews",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "reviewnewsarticle",
        "asknewsarticle",
        "askpublicnewsarticle",
        "article",
        "blogposting",
        "liveblogposting",
        "report",
        "scholarlyarticle",
        "techarticle",
        "satiricalarticle",
        "socialmediaposting",
        "discussionforumposting",
    ]
)
NEWS_TYPES = frozenset(t for t in ARTICLE_TYPES if "news" in t)
ORG_TYPES = frozenset(["organization", "newsmediaorganization", "corporation", "brand", "website", "webpage", "thing"])
MAX_DEPTH = 6  # how deep nested objects are searched for @id definitions
_WRAPPER = re.compile(r"^(?:<!--|//\s*<!\[CDATA\[|<!\[CDATA\[)|(?:-->|//\s*\]\]>|\]\]>)$")
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z]+\d*);", re.IGNORECASE)


@dataclass(slots=True)
class LinkedData:
    """The typed JSON-LD objects of one page, in page order, and the ``@id`` index."""

    objects: list[dict[str, Any]] = field(default_factory=list)
    by_id: dict[str, dict[str, Any]] = field(default_factory=dict)

    def resolve(self, value: Any) -> Any:
        """``value`` itself, or the object a bare ``{"@id": ...}`` reference points to."""
        if isinstance(value, dict) and set(value) <= {"@id", "@type"} and value.get("@id") in self.by_id:
            return self.by_id[value["@id"]]
        return value

    def first(self, value: Any) -> Any:
        """The first item of a list (resolved), or the resolved value itself."""
        value = self.resolve(value)
        if isinstance(value, list):
            return self.resolve(value[0]) if value else None
        return value

    def of_type(self, kind: str) -> Iterator[dict[str, Any]]:
        """The objects whose ``@type`` is ``kind`` (lower case, without a vocabulary prefix)."""
        return (obj for obj in self.objects if kind in types(obj))

    def article(self, url: str | None) -> dict[str, Any] | None:
        """The page's article: a NewsArticle before a plain Article, one with a headline and a date before one
        without, the one whose URL is the page's before the others; the first of equals."""
        best: tuple[int, int] | None = None
        chosen = None
        for i, obj in enumerate(self.objects):
            kinds = types(obj)
            if not kinds & ARTICLE_TYPES:
                continue
            score = 4 if kinds & NEWS_TYPES else 2
            score += 2 if text_value(obj.get("headline")) else 0
            score += 1 if obj.get("datePublished") else 0
            if url and same_page(url, obj):
                score += 3
            key = (score, -i)
            if best is None or key > best:
                best, chosen = key, obj
        return chosen


def parse_jsonld(scripts: list[str]) -> LinkedData:
    """Every typed JSON-LD object in ``scripts`` (the texts of the page's ld+json scripts)."""
    top: list[dict[str, Any]] = []
    for script in scripts:
        data = load_json(script)
        if data is not None:
            top.extend(_flatten(data))
    by_id: dict[str, dict[str, Any]] = {}
    for obj in top:
        for node in _walk(obj):
            ident = node.get("@id")
            if isinstance(ident, str) and len(node) > len(by_id.get(ident, {})):
                by_id[ident] = node
    return LinkedData(objects=top, by_id=by_id)


def load_json(text: str) -> Any:
    """The JSON value in a script's text, read leniently; None when there is none."""
    text = _WRAPPER.sub("", text.strip()).strip().rstrip(";").strip()
    try:
        return json.loads(text, strict=False)
    except ValueError:
        pass
    try:  # trailing junk after the first value, or several values in a row
        return json.JSONDecoder(strict=False).raw_decode(text)[0]
    except ValueError:
        pass
    try:  # raw newlines/tabs inside strings, trailing commas
        return json.loads(_TRAILING_COMMA.sub(r"\1", text.replace("\n", " ").replace("\t", " ")), strict=False)
    except ValueError:
        return None


def types(obj: dict[str, Any]) -> set[str]:
    """An object's ``@type`` values, lower case, without a vocabulary prefix ("https://schema.org/")."""
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.rsplit("/", 1)[-1].lower() for k in kinds if isinstance(k, str)}


def text_value(value: Any) -> str:
    """A clean one-line string from a JSON-LD or meta value (entities decoded, tags and extra spaces gone)."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    if not isinstance(value, str):
        return ""
    for _ in range(2):
        if "&" in value and _ENTITY.search(value):
            value = htmllib.unescape(value)
    if "<" in value and ">" in value:
        value = lxml.html.fromstring(f"<div>{value}</div>").text_content()
    return " ".join(value.split())


def page_url(obj: dict[str, Any]) -> str | None:
    """The address an object says it lives at (``url``, else ``mainEntityOfPage``)."""
    for cand in (obj.get("url"), obj.get("mainEntityOfPage")):
        if isinstance(cand, dict):
            cand = cand.get("@id") or cand.get("url")
        if isinstance(cand, str) and cand.strip().startswith("http"):
            return cand.strip()
    return None


def _flatten(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item)
    elif isinstance(data, dict):
        if "@graph" in data:
            yield from _flatten(data["@graph"])
        if "@type" in data:
            yield data
            main = data.get("mainEntity")
            if isinstance(main, (dict, list)):
                yield from _flatten(main)


def _walk(obj: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > MAX_DEPTH:
        return
    if isinstance(obj, dict):
        yield obj
        for value in obj.values():
            if isinstance(value, (dict, list)):
                yield from _walk(value, depth + 1)
    elif isinstance(obj, list):
        for item in obj:
            yield from _walk(item, depth + 1)


def same_page(url: str, obj: dict[str, Any]) -> bool:
    """Whether the object's ``url`` or ``mainEntityOfPage`` is ``url`` (scheme, www. and a trailing slash aside)."""
    target = _url_key(url)
    for cand in (obj.get("url"), obj.get("mainEntityOfPage")):
        if isinstance(cand, dict):
            cand = cand.get("@id") or cand.get("url")
        if isinstance(cand, str) and _url_key(cand) == target:
            return True
    return False


def _url_key(url: str) -> str:
    parts = urlsplit(url.strip())
    return (parts.netloc.lower().removeprefix("www.") + parts.path.rstrip("/")).lower()


__all__ = [
    "ARTICLE_TYPES",
    "NEWS_TYPES",
    "ORG_TYPES",
    "LinkedData",
    "load_json",
    "page_url",
    "parse_jsonld",
    "text_value",
    "types",
]
