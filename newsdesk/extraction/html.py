"""HTML pages -> Article: the main text through trafilatura, the metadata through
``metadata``, and newsdesk's news layer for what neither knows about."""

from __future__ import annotations

from lxml import etree

import trafilatura

from newsdesk.errors import ExtractionError
from newsdesk.extraction.assemble import Draft, build_article
from newsdesk.models import Article, Block

_BLOCK_TAGS = {"p": "paragraph", "head": "heading", "quote": "quote", "item": "list_item"}


def extract_html(html: str, *, input: str, url: str | None = None) -> Article:
    """Extract one article from an HTML page. Raises ExtractionError when the page holds no text."""
    xml = trafilatura.extract(html, url=url, output_format="xml", with_metadata=True, include_comments=False,
                              include_images=False, include_tables=False, deduplicate=False)
    if not xml:
        raise ExtractionError("no article text found on the page", input=input)
    doc = etree.fromstring(xml.encode("utf-8"))
    draft = Draft()
    draft.set("url", url, "html")
    draft.set("headline", doc.get("title"), "meta")
    draft.set("site_name", doc.get("sitename"), "meta")
    blocks = _blocks(doc.find("main"))
    return build_article(draft, input=input, body=blocks)


def _blocks(main: etree._Element | None) -> list[Block]:
    out: list[Block] = []
    if main is None:
        return out
    for el in main.iter(*_BLOCK_TAGS):
        if el.tag == "p" and el.getparent() is not None and el.getparent().tag == "quote":
            continue
        text = " ".join("".join(el.itertext()).split())
        if text:
            out.append(Block(type=_BLOCK_TAGS[el.tag], text=text))
    return out
