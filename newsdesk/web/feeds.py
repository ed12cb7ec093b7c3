"""RSS 2.0 and Atom feeds (feedgen), ``sitemap.xml`` and a Google News sitemap (last 48 hours).

Feed entries link to the article pages on this site, whose absolute base comes from the request.
Text from pages is stripped of characters XML cannot carry before it reaches lxml.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from feedgen.feed import FeedGenerator
from lxml import etree

from newsdesk import __version__
from newsdesk.models import Article
from newsdesk.web.cards import article_path

FEED_SIZE = 50
SITEMAP_SIZE = 5000
NEWS_SITEMAP_HOURS = 48
NEWS_SITEMAP_SIZE = 1000  # Google News sitemaps hold at most 1000 URLs
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: str | None) -> str:
    return _NOT_XML.sub("", value or "")


def build_feed(
    articles: Sequence[Article], *, base_url: str, title: str, self_path: str, site_name: str, kind: str
) -> bytes:
    """The articles as an RSS 2.0 (``kind="rss"``) or Atom (``kind="atom"``) document."""
    base = base_url.rstrip("/")
    fg = FeedGenerator()
    fg.load_extension("dc")
    fg.id(base + self_path)
    fg.title(xml_text(title))
    fg.link(href=base + "/", rel="alternate")
    fg.link(href=base + self_path, rel="self")
    fg.description(xml_text(f"{title} — {site_name}"))
    fg.generator("newsdesk", version=__version__)
    fg.language("en")
    newest: datetime | None = None
    for article in reversed(list(articles)):  # feedgen puts each new entry first
        link = base + article_path(article.id)
        when = article.published_at or article.fetched_at or datetime.now(UTC)
        newest = max(newest, when) if newest else when
        entry = fg.add_entry()
        entry.id(link)
        entry.guid(link, permalink=True)
        entry.title(xml_text(article.headline or "(no headline)"))
        entry.link(href=link)
        entry.description(xml_text(article.standfirst or _lead(article)))
        entry.published(when)
        entry.updated(article.updated_at or when)
        for name in article.authors:
            entry.author({"name": xml_text(name)})
            entry.dc.dc_creator(xml_text(name))
        if article.section:
            entry.category(term=xml_text(article.section))
    fg.updated(newest or datetime.now(UTC))
    return fg.atom_str(pretty=True) if kind == "atom" else fg.rss_str(pretty=True)


def _lead(article: Article) -> str:
    return article.body[0].text if article.body else article.text[:300]


def sitemap(articles: Sequence[Article], *, base_url: str, pages: Sequence[str] = ("/",)) -> bytes:
    """A sitemap of the site's pages and the newest SITEMAP_SIZE articles."""
    base = base_url.rstrip("/")
    root = etree.Element("urlset", nsmap={None: SITEMAP_NS})
    for path in pages:
        etree.SubElement(etree.SubElement(root, "url"), "loc").text = base + path
    for article in articles:
        url = etree.SubElement(root, "url")
        etree.SubElement(url, "loc").text = base + article_path(article.id)
        when = article.updated_at or article.published_at or article.fetched_at
        if when:
            etree.SubElement(url, "lastmod").text = when.isoformat()
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def news_sitemap(articles: Sequence[Article], *, base_url: str, site_name: str, now: datetime | None = None) -> bytes:
    """A Google News sitemap of the articles published in the last NEWS_SITEMAP_HOURS hours."""
    base = base_url.rstrip("/")
    cutoff = (now or datetime.now(UTC)) - timedelta(hours=NEWS_SITEMAP_HOURS)
    root = etree.Element("urlset", nsmap={None: SITEMAP_NS, "news": NEWS_NS})
    for article in articles:
        when = article.published_at or article.fetched_at
        if when is None or when < cutoff:
            continue
        url = etree.SubElement(root, "url")
        etree.SubElement(url, "loc").text = base + article_path(article.id)
        news = etree.SubElement(url, f"{{{NEWS_NS}}}news")
        publication = etree.SubElement(news, f"{{{NEWS_NS}}}publication")
        etree.SubElement(publication, f"{{{NEWS_NS}}}name").text = xml_text(article.site_name or site_name)
        etree.SubElement(publication, f"{{{NEWS_NS}}}language").text = article.language or "en"
        etree.SubElement(news, f"{{{NEWS_NS}}}publication_date").text = when.isoformat()
        etree.SubElement(news, f"{{{NEWS_NS}}}title").text = xml_text(article.headline or "")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


__all__ = ["build_feed", "news_sitemap", "sitemap", "xml_text"]
