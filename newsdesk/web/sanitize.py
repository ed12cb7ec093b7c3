"""Output safety: everything from an ingested page goes through here before it reaches a browser.

Article records hold plain text (body blocks, captions, headlines), so templates autoescape them;
the few places where newsdesk builds markup itself (the article body with its inline "Read more",
search snippets with highlighted matches) build it from escaped text and then pass it through nh3
(ammonia) with an allow-list, as a second gate: tags and attributes not listed are dropped, script
and style elements are removed with their content, links keep only http(s) or site-relative
addresses and get ``rel="noopener nofollow"``.

URLs taken from a page (its address, the image, read-more links) are only used when they are
absolute http(s) URLs (:func:`safe_url`); ``javascript:``, ``data:`` and the like are dropped.
JSON-LD is serialised with ``<``, ``>``, ``&`` and the line separators escaped, so a value can never
close the ``<script type="application/ld+json">`` element it sits in.
"""

from __future__ import annotations

import html
import json
from typing import Any
from urllib.parse import urlsplit

import nh3
from markupsafe import Markup

ALLOWED_TAGS = frozenset(
    {
        "p",
        "h2",
        "h3",
        "blockquote",
        "ul",
        "ol",
        "li",
        "table",
        "tbody",
        "tr",
        "td",
        "a",
        "em",
        "strong",
        "mark",
        "aside",
        "span",
        "br",
    }
)
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title", "class"},
    "aside": {"class", "aria-label"},
    "p": {"class"},
    "span": {"class"},
}
URL_SCHEMES = frozenset({"http", "https"})
LINK_REL = "noopener nofollow"
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def clean_html(fragment: str) -> Markup:
    """``fragment`` with only allow-listed tags, attributes and URL schemes left; links get rel."""
    return Markup(
        nh3.clean(
            fragment,
            tags=set(ALLOWED_TAGS),
            attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
            url_schemes=set(URL_SCHEMES),
            link_rel=LINK_REL,
            strip_comments=True,
        )
    )


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an absolute http(s) URL with a host, else None."""
    if not url:
        return None
    url = url.strip()
    if any(ord(c) < 0x21 for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in URL_SCHEMES or not parts.hostname:
        return None
    return url


def text(value: str | None) -> str:
    """Escaped text for building markup by hand."""
    return html.escape(value or "", quote=True)


def highlight(snippet: str, start: str, end: str) -> Markup:
    """A search snippet whose matches sit between the ``start``/``end`` markers, as escaped text
    with each match in ``<mark>``; markers that do not pair up are dropped."""
    out: list[str] = []
    rest = snippet
    while (i := rest.find(start)) >= 0 and (j := rest.find(end, i + len(start))) >= 0:
        out.append(text(rest[:i].replace(end, "")))
        out.append(f"<mark>{text(rest[i + len(start) : j])}</mark>")
        rest = rest[j + len(end) :]
    out.append(text(rest.replace(start, "").replace(end, "")))
    return clean_html("".join(out))


def json_ld(data: dict[str, Any]) -> Markup:
    """``data`` as JSON safe to put inside ``<script type="application/ld+json">``."""
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in _JSON_ESCAPES.items():
        raw = raw.replace(char, escape)
    return Markup(raw)


__all__ = ["ALLOWED_TAGS", "LINK_REL", "clean_html", "highlight", "json_ld", "safe_url", "text"]
