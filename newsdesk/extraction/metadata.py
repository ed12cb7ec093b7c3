"""Page metadata: headline, standfirst, authors, dates, section, site, canonical URL, language, image.

:func:`read_metadata` reads what a page says about itself, in order of trust:

1. JSON-LD (``json-ld``): the page's NewsArticle (or Article, BlogPosting...), found in lists and
   ``@graph`` blocks, with ``@id`` references resolved;
2. OpenGraph, ``<meta>`` tags and ``<title>`` (``meta``);
3. visible markup (``html``): the ``<h1>``, byline elements, ``<time>``, breadcrumbs, figures;
   and htmldate's search of the whole page for the publication date.

The headline is the page's visible one: the ``<h1>`` that agrees with what the metadata calls the
title, else the metadata title with the site's name (" | Site", " - Site") taken off.
Dates keep the page's own calendar day: a date without a zone is read as UTC, never shifted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.html

from newsdesk.extraction.agency import canonical_agency
from newsdesk.extraction.assemble import Draft
from newsdesk.extraction.byline import clean_authors, parse_byline
from newsdesk.extraction.caption import clean_credit, figure_caption, figure_of, split_caption_credit
from newsdesk.extraction.dates import (
    WrittenDate,
    datelines,
    parse_date,
    published_as_shown,
    shown_published,
    shown_updated,
    url_date,
)
from newsdesk.extraction.jsonld import ORG_TYPES, LinkedData, page_url, parse_jsonld, same_page, text_value, types
from newsdesk.extraction.shown import HIDDEN, shown_text
from newsdesk.models import Image

PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "datepublished",
    "publishdate",
    "publish-date",
    "publish_date",
    "pubdate",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "dc.date",
    "dcterms.date",
    "date",
    "og:published_time",
    "published_time",
    "article.published",
    "cxenseparse:recs:publishtime",
    "article_date_original",
    "originalpublicationdate",
    "citation_publication_date",
    "datecreated",
)
UPDATED_META = (
    "article:modified_time",
    "og:article:modified_time",
    "datemodified",
    "og:updated_time",
    "last-modified",
    "lastmod",
    "dcterms.modified",
    "dc.date.modified",
    "article.updated",
    "modified_time",
)
AUTHOR_META = (
    "author",
    "article:author",
    "byl",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
    "citation_author",
    "author_name",
    "twitter:data1:author",
)
SECTION_META = (
    "article:section",
    "og:article:section",
    "section",
    "parsely-section",
    "sailthru.section",
    "article.section",
    "cxenseparse:recs:articlesection",
    "category",
)
TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|·|•|«|»|/|:)\s+")
_WORDS = re.compile(r"\w+", re.UNICODE)
_BYLINE_CLASS = re.compile(r"byline|author|writer|contributor|reporter|byl\b", re.IGNORECASE)
_NOT_BYLINE_CLASS = re.compile(
    r"bio|avatar|image|img|photo|comment|related|follow|social|share|more-by|"
    r"about-the|description|job|title-?role|email|twitter",
    re.IGNORECASE,
)
_DEK_CLASS = re.compile(
    r"standfirst|\bdek\b|subhead|sub-head|subtitle|sub-title|article-summary|"
    r"\bsummary\b|\blede\b|\bintro\b|teaser|excerpt|description|deck\b|strapline",
    re.IGNORECASE,
)
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "button", "select", "option"})
_BLOCK_TAGS = frozenset(
    {
        "div",
        "p",
        "li",
        "ul",
        "ol",
        "br",
        "section",
        "header",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "figure",
        "figcaption",
        "time",
        "table",
        "tr",
        "td",
        "dl",
        "dt",
        "dd",
    }
)
_BY_LINE = re.compile(r"^\s*(?:by|von|par|por|door|di|av|af)\b(?!\s*(?:the\s+)?(?:way|far|now)\b)", re.IGNORECASE)
_AUTHOR_HREF = re.compile(
    r"/(?:authors?|by|people|person|staff|profiles?|writers?|contributors?|columnists?|"
    r"journalists?|reporters?|autor(?:en)?|auteurs?|redakteur|team)/[^/?#]+",
    re.IGNORECASE,
)
_HOME_CRUMBS = frozenset({"home", "homepage", "start", "startseite", "accueil", "inicio", "news", "nachrichten"})
_BREADCRUMB_SCOPE = "preceding::*[position() <= 300] | ancestor::*[position() <= 3]"
IMAGE_META = ("og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src")
ZONE_FIGURE_ELEMENTS = 60  # elements after the headline searched for the lead figure
ZONE_ELEMENTS = 150  # elements after the headline searched for the byline and the date shown
HEADER_CHARS = 700  # how much text after the headline is searched for the date it shows
_FOLLOWING = f"following::*[position() <= {ZONE_ELEMENTS}]"
_PRECEDING_TEXT = "preceding::text()[position() <= 12]"


def read_metadata(tree: lxml.html.HtmlElement, html: str, *, url: str | None, draft: Draft) -> str | None:
    """Fill ``draft`` with what ``tree`` (the parsed ``html``) says about the article in it. Returns the
    article's text as its JSON-LD gives it (``articleBody``), which the caller may need when the page
    renders the story with a script."""
    page = _Page(tree, url)
    draft.set("url", url, "html")
    canonical, source = _canonical(page)
    page.base = url or canonical
    if canonical:
        draft.set("url", canonical, source)
        draft.set("canonical_url", canonical, source)
    site = _site_name(page)
    if site:
        draft.set("site_name", site[0], site[1])
    page.headline_el = _headline(page, draft, site[0] if site else None)
    if page.headline_el is None and draft.get("headline"):
        page.headline_el = _anchor(tree, draft.get("headline"))
    page.zone = _zone(page.headline_el)
    _standfirst(page, draft)
    _authors(page, draft, site[0] if site else None)
    _language(page, draft)
    _dates(page, draft)
    _section(page, draft)
    _image(page, draft)
    _agency(page, draft)
    return _article_body(page)


def _article_body(page: _Page) -> str | None:
    """The JSON-LD ``articleBody``, when the object is this page's article (its URL is the page's, or its
    headline is the one the page's title, og:title or h1 shows): a page listing other stories' JSON-LD
    must not lend one of them its text."""
    obj = page.article
    body = obj.get("articleBody") if obj else None
    if isinstance(body, list):
        body = "\n".join(b for b in body if isinstance(b, str))
    if not isinstance(body, str) or not body.strip():
        return None
    if page.url and same_page(page.url, obj):
        return body
    headline = _norm(text_value(obj.get("headline")))
    shown = [page.title, *page.meta.get("og:title", []), *(text for _, text in page.h1s)]
    return body if headline and any(headline in _norm(text) for text in shown) else None


class _Page:
    """What one pass over the tree collects for every field: the head's tags, the JSON-LD, the h1s."""

    def __init__(self, tree: lxml.html.HtmlElement, url: str | None) -> None:
        self.tree = tree
        self.url = url
        self.meta: dict[str, list[str]] = {}
        self.links: list[lxml.html.HtmlElement] = []
        self.times: list[lxml.html.HtmlElement] = []
        self.images: list[lxml.html.HtmlElement] = []
        self.h1s: list[tuple[lxml.html.HtmlElement, str]] = []
        self.title = ""
        scripts: list[str] = []
        for el in tree.iter("meta", "link", "script", "title", "h1", "time", "img"):
            tag = el.tag
            if tag == "meta":
                key = el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv")
                content = el.get("content")
                if key and content and content.strip():
                    self.meta.setdefault(key.strip().lower(), []).append(content.strip())
            elif tag == "script":
                if el.text and "ld+json" in (el.get("type") or "").lower():
                    scripts.append(el.text)
            elif tag == "link":
                self.links.append(el)
            elif tag == "h1":
                if len(self.h1s) < 8:
                    text = shown_text(el)
                    if text and len(text) < 400:
                        self.h1s.append((el, text))
            elif tag == "time":
                self.times.append(el)
            elif tag == "img":
                self.images.append(el)
            elif tag == "title" and not self.title:
                self.title = " ".join(el.text_content().split())
        self.ld = parse_jsonld(scripts)
        self.article = self.ld.article(url)
        self.headline_el: lxml.html.HtmlElement | None = None
        self.zone: list[lxml.html.HtmlElement] = []
        self.base = url


def _anchor(tree: lxml.html.HtmlElement, headline: str) -> lxml.html.HtmlElement | None:
    """The element showing ``headline`` when it is not an h1 (an h2, a styled div...)."""
    for el in tree.iter("h2", "h3"):
        text = el.text
        if text and len(text) < 400 and _similarity(shown_text(el), headline) >= 0.8:
            return el
    return None


def _zone(headline_el: lxml.html.HtmlElement | None) -> list[lxml.html.HtmlElement]:
    """The elements right after the headline, where bylines and dates stand."""
    if headline_el is None:
        return []
    return list(headline_el.xpath(_FOLLOWING))


# ------------------------------------------------------------------ meta tags
def _first_meta(meta: dict[str, list[str]], keys: Iterable[str]) -> str:
    for key in keys:
        for value in meta.get(key, ()):
            text = text_value(value)
            if text:
                return text
    return ""


# ------------------------------------------------------------------ url, site
def _canonical(page: _Page) -> tuple[str | None, str]:
    for link in page.links:
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href", "").strip():
            return _absolute(link.get("href", "").strip(), page.url), "meta"
    og = _first_meta(page.meta, ("og:url", "twitter:url"))
    if og:
        return _absolute(og, page.url), "meta"
    ld_url = page_url(page.article) if page.article else None
    if ld_url:
        return ld_url, "json-ld"
    return None, "meta"


def _absolute(href: str, base: str | None) -> str | None:
    if href.startswith(("http://", "https://")):
        return href
    if base and base.startswith("http"):
        return urljoin(base, href)
    return None


def _site_name(page: _Page) -> tuple[str, str] | None:
    article, meta = page.article, page.meta
    if article:
        publisher = page.ld.first(article.get("publisher"))
        if isinstance(publisher, dict) and text_value(publisher.get("name")):
            return text_value(publisher.get("name")), "json-ld"
    name = _first_meta(
        meta, ("og:site_name", "application-name", "apple-mobile-web-app-title", "publisher", "dc.publisher")
    )
    return (name, "meta") if name else None


# ------------------------------------------------------------------ headline, standfirst
def _headline(page: _Page, draft: Draft, site: str | None) -> lxml.html.HtmlElement | None:
    """Set the headline; return the element that shows it on the page, when found."""
    article, meta, url, page_title = page.article, page.meta, page.url, page.title
    ld = text_value(article.get("headline") or article.get("name")) if article else ""
    metas = [
        (ld, "json-ld"),
        (_first_meta(meta, ("og:title",)), "meta"),
        (_first_meta(meta, ("twitter:title", "sailthru.title", "dc.title", "headline", "title")), "meta"),
        (page_title, "meta"),
    ]
    sites = _site_names(site, meta, url)
    stripped = [(_strip_site(t, sites), src) for t, src in metas if t]
    h1s = page.h1s
    best: tuple[lxml.html.HtmlElement, str] | None = None
    best_sim = 0.0
    for el, h1 in h1s:
        for text, _src in stripped:
            sim = _similarity(h1, text)
            if sim > best_sim:
                best, best_sim = (el, h1), sim
    if best and best_sim >= 0.5:
        text, source = _without_kicker(best[0], best[1], stripped)
        draft.set("headline", text, source)
        return best[0]
    if len(h1s) == 1 and len(h1s[0][1].split()) >= 2 and not _names_site(h1s[0][1], sites):
        # the page's only h1 is its headline, unless it is the site's logo
        draft.set("headline", h1s[0][1], "html")
        return h1s[0][0]
    if stripped:
        draft.set("headline", stripped[0][0], stripped[0][1])
        return h1s[0][0] if len(h1s) == 1 else None
    if h1s:
        draft.set("headline", h1s[0][1], "html")
        return h1s[0][0]
    return None


KICKER_WORDS = 3  # a label set in the headline element: "Opinion", "Politics |", "College Sports |"


def shows_headline(text: str, headline: str) -> bool:
    """Whether ``text`` is ``headline`` again, or the headline after a label of at most KICKER_WORDS
    words ("Politics | Gov. Hochul vetoes ..."). Only before it: a headline that stops short of the
    text is a shortened one, not the same."""
    shown, given = _norm(text), _norm(headline)
    if not given:
        return False
    return shown == given or (shown.endswith(" " + given) and len(shown.split()) - len(given.split()) <= KICKER_WORDS)


def _without_kicker(h1_el: lxml.html.HtmlElement, h1: str, titles: list[tuple[str, str]]) -> tuple[str, str]:
    """The headline shown in the h1, and where it came from. When the h1 sets a short label apart
    before the headline the page's metadata gives (``<h1><a>Politics | </a>Gov. Hochul vetoes
    ...</h1>`` with og:title "Gov. Hochul vetoes ..."), the metadata's headline, without the label.
    The label must be an element of its own or end at a line break: words the h1 runs into the
    headline ("'Pure emptiness': Marita Kramer misses the Olympics") are the headline's."""
    shown = _norm(h1)
    for text, source in titles:
        given = _norm(text)
        if given == shown:
            return h1, source
        if given and shows_headline(h1, text) and _sets_apart(h1_el, shown[: -len(given)].strip()):
            return text, source
    return h1, "html"


def _sets_apart(h1: lxml.html.HtmlElement, label: str) -> bool:
    """Whether ``h1`` shows ``label`` (normalised) as an element of its own, or as the text before a <br>."""
    for el in h1.iterdescendants():
        if isinstance(el.tag, str) and el.tag != "br" and _norm(shown_text(el)) == label:
            return True
    before = _text_before_break(h1)
    return before is not None and _norm(before) == label


def _text_before_break(el: lxml.html.HtmlElement) -> str | None:
    """The text ``el`` shows before its first <br>, or None when it has none."""
    parts: list[str] = []

    def walk(node: lxml.html.HtmlElement) -> bool:
        for child in node:
            if child.tag == "br":
                return True
            if isinstance(child.tag, str) and child.tag not in HIDDEN:
                parts.append(child.text or "")
                if walk(child):
                    return True
            parts.append(child.tail or "")
        return False

    parts.append(el.text or "")
    return "".join(parts) if walk(el) else None


def _names_site(text: str, sites: list[str]) -> bool:
    key = _squash(text)
    return any(len(k) > 3 and k in key for k in (_squash(s) for s in sites))


def _site_names(site: str | None, meta: dict[str, list[str]], url: str | None) -> list[str]:
    names = [n for n in (site, _first_meta(meta, ("og:site_name", "application-name"))) if n]
    if url:
        host = urlsplit(url).netloc.lower().removeprefix("www.")
        if host:
            names.append(host)
            names.append(host.split(".")[0])
    return names


def _strip_site(title: str, sites: list[str]) -> str:
    """'Headline | Section | Site' -> 'Headline' when the trailing parts name the site (or are short
    labels after a long headline)."""
    parts = TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    site_keys = {_squash(s) for s in sites if s}
    # drop trailing (or leading) parts that are the site's name
    while len(parts) > 1 and _is_site_part(parts[-1], site_keys):
        parts.pop()
        title = _rejoin(title, parts)
    if len(parts) > 1 and _is_site_part(parts[0], site_keys):
        return title[title.find(parts[1]) :] if parts[1] in title else title
    return title


def _rejoin(title: str, parts: list[str]) -> str:
    last = parts[-1]
    end = title.find(last, sum(len(p) for p in parts[:-1]))
    return title[: end + len(last)] if end >= 0 else title


def _is_site_part(part: str, site_keys: set[str]) -> bool:
    key = _squash(part)
    if not key:
        return True
    return any(key == s or (len(s) > 3 and (s in key or key in s) and len(part.split()) <= 6) for s in site_keys)


def _squash(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold()).removeprefix("the").removeprefix("www")


def _norm(text: str) -> str:
    return " ".join(_WORDS.findall(text.casefold()))


def _similarity(a: str, b: str) -> float:
    ta, tb = _WORDS.findall(a.casefold()), _WORDS.findall(b.casefold())
    if not ta or not tb:
        return 0.0
    common = len(set(ta) & set(tb))
    return 2 * common / (len(set(ta)) + len(set(tb)))


def _standfirst(page: _Page, draft: Draft) -> None:
    article, meta = page.article, page.meta
    if article:
        draft.set("standfirst", text_value(article.get("description")) or None, "json-ld")
    draft.set(
        "standfirst",
        _first_meta(meta, ("og:description", "description", "twitter:description", "dc.description")) or None,
        "meta",
    )


# ------------------------------------------------------------------ authors
def _authors(page: _Page, draft: Draft, site: str | None) -> None:
    article, meta = page.article, page.meta
    if article:
        names = clean_authors(_ld_person_names(article.get("author"), page.ld), publisher=site)
        if not names:
            names = clean_authors(_ld_person_names(article.get("creator"), page.ld), publisher=site)
        if draft.set("authors", names, "json-ld"):
            return
    raw = [v for key in AUTHOR_META for v in meta.get(key, ()) if not v.startswith(("http", "@", "www."))]
    if draft.set("authors", clean_authors(raw, publisher=site), "meta"):
        return
    draft.set("authors", clean_authors(_byline_names(page.zone), publisher=site), "html")


def _ld_person_names(value: Any, ld: LinkedData) -> list[str]:
    out: list[str] = []
    items = value if isinstance(value, list) else [value]
    for item in items:
        item = ld.resolve(item)
        if isinstance(item, str):
            if not item.startswith("http"):
                out.append(text_value(item))
        elif isinstance(item, dict):
            kinds = types(item)
            if kinds and not kinds & {"person"} and kinds & ORG_TYPES:
                continue
            name = item.get("name")
            if isinstance(name, list):
                out.extend(text_value(n) for n in name)
            elif text_value(name):
                out.append(text_value(name))
            elif text_value(item.get("givenName")):
                out.append(f"{text_value(item.get('givenName'))} {text_value(item.get('familyName'))}".strip())
        elif isinstance(item, list):
            out.extend(_ld_person_names(item, ld))
    return out


def _byline_names(zone: list[lxml.html.HtmlElement]) -> list[str]:
    """Author names from the markup under the headline, by the strongest sign found: itemprop/rel
    "author", then a "By ..." line, then links to author pages, then byline-like class names."""
    marked, by_lines, linked, inner_boxes, outer_boxes = [], [], [], [], []
    for el in zone:
        tag = el.tag
        if not isinstance(tag, str) or tag in _SKIP_TAGS:
            continue
        if el.get("itemprop") == "author" or el.get("rel") == "author":
            name_el = el.find('.//*[@itemprop="name"]')
            text = (name_el.get("content") or _spaced_text(name_el)) if name_el is not None else _spaced_text(el)
            marked.append(text)
            continue
        if el.text and _BY_LINE.match(el.text):
            by_lines.append(_spaced_text(el))
        elif tag == "a" and _AUTHOR_HREF.search(el.get("href", "")):
            if not _in_running_text(el) and not _in_tag_list(el):  # a name linked to its tag page ("/people/eminem/")
                linked.append(_spaced_text(el))
        elif _is_byline_box(el):
            # the innermost boxes first: "byline_action" holds the "byline" and the share and text-size
            # buttons; the outer box is read when the inner ones are only a label or a date
            innermost = not any(_is_byline_box(inner) for inner in el.iterdescendants())
            (inner_boxes if innermost else outer_boxes).append(_spaced_text(el))
    for group in (marked, by_lines, linked):
        names = [n for text in group if 2 < len(text) < 160 for n in parse_byline(text)]
        if names:
            return names
    for text in (inner_boxes + outer_boxes)[:BYLINE_BOXES]:  # the first box that names someone
        names = parse_byline(text) if 2 < len(text) < 160 else []
        if names:
            return names
    return []


BYLINE_BOXES = 3  # byline-classed boxes tried, innermost first


def _is_byline_box(el: lxml.html.HtmlElement) -> bool:
    if not isinstance(el.tag, str):
        return False
    names = f"{el.get('class', '')} {el.get('id', '')}"
    return bool(_BYLINE_CLASS.search(names)) and not _NOT_BYLINE_CLASS.search(names)


RUNNING_TEXT_WORDS = 8  # a sentence with this many words besides its links is the story's text, not a byline


def _in_running_text(link: lxml.html.HtmlElement) -> bool:
    """Whether ``link`` is a name mentioned in the story's text ("famous for battle-rapping <a>Eminem</a>
    in the movie"), not a byline's."""
    paragraph = next(link.iterancestors("p"), None)
    if paragraph is None:
        return False
    text = " ".join(paragraph.text_content().split())
    linked = sum(len(a.text_content().split()) for a in paragraph.iter("a"))
    return len(text.split()) - linked >= RUNNING_TEXT_WORDS and text.endswith((".", "!", "?", '"', "”"))


TAG_LIST_DEPTH = 2  # the link's item and its list
_TAG_LIST = re.compile(r"(?:^|[\s_-])(?:tags?|tag-?cloud|topics?|keywords?)(?:$|[\s_-])", re.IGNORECASE)


def _in_tag_list(link: lxml.html.HtmlElement) -> bool:
    """Whether ``link`` sits in the story's list of tags or topics (``<ul class="tag-cloud__list">``)."""
    for _, ancestor in zip(range(TAG_LIST_DEPTH), link.iterancestors(), strict=False):
        if _TAG_LIST.search(f"{ancestor.get('class', '')} {ancestor.get('id', '')}"):
            return True
    return False


def _spaced_text(el: lxml.html.HtmlElement) -> str:
    """The element's text with its parts kept apart: " | " between blocks, a space between inline parts."""
    parts: list[str] = []
    for node in el.iter():
        tag = node.tag
        if not isinstance(tag, str):
            continue
        if tag in _BLOCK_TAGS and node is not el:
            parts.append(" | ")
        if node.text and tag not in _SKIP_TAGS:
            parts.append(node.text)
        if node.tail and node is not el:
            parts.append(node.tail)
    text = " ".join(" ".join(parts).split())
    return re.sub(r"(?:\s*\|\s*)+", " | ", text).strip(" |")


# ------------------------------------------------------------------ dates
def _dates(page: _Page, draft: Draft) -> None:
    article, meta, url = page.article, page.meta, page.url
    published: tuple[datetime, str] | None = None
    updated: tuple[datetime, str] | None = None
    if article:
        when = parse_date(article.get("datePublished") or article.get("dateCreated"))
        published = (when, "json-ld") if when else None
        when = parse_date(article.get("dateModified"))
        updated = (when, "json-ld") if when else None
    if published is None and (when := _meta_date(meta, PUBLISHED_META)):
        published = (when, "meta")
    if updated is None and (when := _meta_date(meta, UPDATED_META)):
        updated = (when, "meta")
    if published is None and (when := _time_element(page)):
        published = (when, "html")
    shown = _shown_dates(page, dayfirst=_day_first(page))
    in_url = url_date(url)
    if published is not None:
        published = published_as_shown(published, updated, shown, in_url)
    else:
        published = shown_published(shown, in_url) or _htmldate(page.tree, url)
    if published:
        draft.set("published_at", published[0], published[1])
    updated = updated or shown_updated(shown)
    if updated:
        draft.set("updated_at", updated[0], updated[1])


def _day_first(page: _Page) -> bool:
    """Whether "06/10/2020" means 6 October here: everywhere but in American English."""
    lang = (page.tree.getroottree().getroot().get("lang") or _first_meta(page.meta, ("og:locale",)) or "").lower()
    return not (lang in ("", "en") or lang.replace("_", "-").startswith("en-us"))


def _shown_dates(page: _Page, *, dayfirst: bool = False) -> list[WrittenDate]:
    """Dates written as datelines next to the headline: in the lines below it, inside it (a date line in the
    h1), or just above it. A date inside a sentence ("the law in force since 28 January 2022") is not one."""
    headline = page.headline_el
    if headline is None:
        return []
    below: list[str] = []
    size = 0
    for el in page.zone:
        tag = el.tag
        for text in (el.text if isinstance(tag, str) and tag not in _SKIP_TAGS else None, el.tail):
            if text and text.strip():
                below.append(" ".join(text.split()))
                size += len(below[-1])
        if size > HEADER_CHARS:
            break
    inside = [
        " ".join(t.split())
        for el in headline.iterdescendants()
        if isinstance(el.tag, str)
        for t in (el.text, el.tail)
        if t and t.strip()
    ]
    above = [
        " ".join(t.split())
        for t in headline.xpath(_PRECEDING_TEXT)
        if t.strip() and (t.is_tail or t.getparent().tag not in _SKIP_TAGS)
    ]
    return (
        datelines(below, dayfirst=dayfirst, limit=8, max_chars=HEADER_CHARS)
        + datelines(inside, dayfirst=dayfirst, limit=2, max_chars=HEADER_CHARS)
        + datelines(above, dayfirst=dayfirst, limit=3, max_chars=HEADER_CHARS // 3, from_end=True)
    )


def _meta_date(meta: dict[str, list[str]], keys: Iterable[str]) -> datetime | None:
    for key in keys:
        for value in meta.get(key, ()):
            parsed = parse_date(value)
            if parsed:
                return parsed
    return None


def _time_element(page: _Page) -> datetime | None:
    """A publication date marked up in the page: itemprop="datePublished" near the headline, <time pubdate>."""
    candidates = [el for el in page.zone if el.get("itemprop") == "datePublished"]
    candidates += [el for el in page.times if el.get("pubdate") is not None or "publish" in el.get("class", "")]
    for el in candidates:
        parsed = parse_date(el.get("datetime") or el.get("content") or el.get("title") or el.text_content())
        if parsed:
            return parsed
    return None


def _htmldate(tree: lxml.html.HtmlElement, url: str | None) -> tuple[datetime, str] | None:
    from htmldate import find_date

    try:
        found = find_date(tree, extensive_search=True, original_date=True, url=url)
    except Exception:  # noqa: BLE001 -- htmldate is a heuristic voter; a crash in it must not lose the page
        return None
    when = parse_date(found)
    return (when, "html") if when else None


# ------------------------------------------------------------------ section, language
def _section(page: _Page, draft: Draft) -> None:
    article, meta = page.article, page.meta
    if article:
        draft.set("section", _display(text_value(article.get("articleSection"))), "json-ld")
    draft.set("section", _display(_first_meta(meta, SECTION_META)), "meta")
    for obj in page.ld.of_type("breadcrumblist"):
        draft.set("section", _display(_breadcrumb_section(obj, article)), "json-ld")
    if not draft.has("section"):
        draft.set("section", _display(_html_breadcrumb(page.headline_el)), "html")


def _breadcrumb_section(obj: dict[str, Any], article: dict[str, Any] | None) -> str:
    items = obj.get("itemListElement")
    if not isinstance(items, list):
        return ""
    names = []
    for item in sorted((i for i in items if isinstance(i, dict)), key=lambda i: _int(i.get("position"))):
        name = text_value(item.get("name"))
        if not name and isinstance(item.get("item"), dict):
            name = text_value(item["item"].get("name"))
        if name:
            names.append(name)
    headline = text_value(article.get("headline")) if article else ""
    names = [n for n in names if n.casefold() not in _HOME_CRUMBS]
    if names and headline and _similarity(names[-1], headline) > 0.6:
        names.pop()
    return names[0] if names else ""


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _html_breadcrumb(headline_el: lxml.html.HtmlElement | None) -> str:
    """The first crumb after "Home" in a breadcrumb trail above the headline."""
    if headline_el is None:
        return ""
    for el in reversed(headline_el.xpath(_BREADCRUMB_SCOPE)):
        if "breadcrumb" not in f"{el.get('class', '')} {el.get('id', '')}".lower():
            continue
        items = [" ".join(a.text_content().split()) for a in el.iter("a")]
        items = [i for i in items if i and i.casefold() not in _HOME_CRUMBS]
        if items:
            return items[0]
    return ""


def _display(section: str) -> str | None:
    section = section.strip(" /|>»")
    if not section or len(section) > 60 or section.startswith("http"):
        return None
    if section.islower() or (section.isupper() and len(section) > 3):
        section = " ".join(w[:1].upper() + w[1:].lower() for w in re.split(r"[\s_-]+", section))
    return section


def _language(page: _Page, draft: Draft) -> None:
    article, meta = page.article, page.meta
    root = page.tree.getroottree().getroot()
    draft.set("language", _iso639(root.get("lang") or root.get("xml:lang") or ""), "meta")
    draft.set("language", _iso639(_first_meta(meta, ("content-language", "language", "dc.language"))), "meta")
    draft.set("language", _iso639(_first_meta(meta, ("og:locale",))), "meta")
    if article:
        draft.set("language", _iso639(text_value(article.get("inLanguage"))), "json-ld")


def _iso639(code: str) -> str | None:
    code = re.split(r"[-_,;\s]", code.strip().lower())[0] if code.strip() else ""
    return code if re.fullmatch(r"[a-z]{2}", code) else None


# ------------------------------------------------------------------ image, agency
def _image(page: _Page, draft: Draft) -> None:
    """The lead image, its caption and credit. Caption and credit come from one place: the JSON-LD
    ImageObject, else the figure that shows the image (else the first figure under the headline)."""
    article, meta, url = page.article, page.meta, page.base
    src, caption, credit, source = None, None, None, "meta"
    if article:
        img = page.ld.first(article.get("image"))
        if isinstance(img, str):
            src, source = img, "json-ld"
        elif isinstance(img, dict):
            src = text_value(img.get("url") or img.get("contentUrl")) or None
            caption, credit_in_caption = split_caption_credit(text_value(img.get("caption") or img.get("description")))
            credit = clean_credit(_ld_credit(img, page.ld)) or credit_in_caption
            source = "json-ld" if src else source
    if not src:
        src = _first_meta(meta, IMAGE_META) or None
        source = "meta"
    if not src:
        return
    src = _absolute(src, url) or src
    if not caption or not credit:
        figure, shown = _lead_figure(page, src)
        if figure is not None:
            fig_caption, fig_credit = figure_caption(figure)
            if not caption:
                caption, credit = fig_caption, credit or fig_credit
            elif shown or _similarity(caption, fig_caption or "") > 0.8:
                # the figure the page shows parts caption and credit its own way ("... laboratory."
                # + "(Lenhaven Institute of Technology)" in its credit span): its split is the page's
                caption, credit = (fig_caption or caption, fig_credit) if fig_credit else (caption, credit)
    draft.set("image", Image(url=src, caption=caption, credit=credit), source)


def _ld_credit(img: dict[str, Any], ld: LinkedData) -> str | None:
    for key in ("creditText", "copyrightHolder", "author", "creator", "copyrightNotice"):
        value = ld.first(img.get(key))
        if isinstance(value, dict):
            value = value.get("name")
        text = text_value(value)
        if text:
            return text
    return None


def _lead_figure(page: _Page, src: str) -> tuple[lxml.html.HtmlElement | None, bool]:
    """The block showing image ``src`` with its caption, and True; else the first figure under the
    headline (where lead images stand) and False."""
    stem = urlsplit(src).path.rsplit("/", 1)[-1].split(".")[0][:24]
    if len(stem) > 5:
        for img in page.images:
            if stem in f"{img.get('src', '')} {img.get('srcset', '')} {img.get('data-src', '')}":
                figure = figure_of(img)
                if figure is not None:
                    return figure, True
    for el in page.zone[:ZONE_FIGURE_ELEMENTS]:
        if el.tag == "figure" or (el.tag == "img" and (el := figure_of(el)) is not None):
            return el, False
    return None, False


def _agency(page: _Page, draft: Draft) -> None:
    article = page.article
    if not article:
        return
    for key in ("sourceOrganization", "provider", "author", "contributor"):
        values = article.get(key)
        for item in values if isinstance(values, list) else [values]:
            item = page.ld.resolve(item)
            name = text_value(item.get("name")) if isinstance(item, dict) else text_value(item)
            if len(name) <= 4 and not name.isupper() and isinstance(item, dict) and "person" in types(item):
                continue  # a person called "Ani" or "Ria" is no wire service
            wire = canonical_agency(name) if name else None
            if wire and draft.set("agency", wire, "json-ld"):
                return


__all__ = ["read_metadata"]
