"""Stage: FetchedPage -> Article (pure)."""

from __future__ import annotations

import dataclasses
import re

from newsdesk.errors import ExtractionError
from newsdesk.extraction.decode import decode_bytes
from newsdesk.extraction.html import extract_html
from newsdesk.extraction.textdump import extract_text_dump
from newsdesk.models import Article, FetchedPage

_HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|article|p)\b",
    re.IGNORECASE | re.DOTALL,
)


def extract_article(page: FetchedPage, *, metadata_only: bool = False) -> Article:
    """Extract the article in ``page``. Raises a PipelineError subclass naming the reason.

    ``metadata_only``: the record without its body and links (see ``extract_html``). A text dump has no
    metadata apart from its lines, so it is read whole and its body left out."""
    text = decode_bytes(page.content, content_type=page.content_type, input=page.input)
    if not text.strip():
        raise ExtractionError("empty page", input=page.input)
    if page.kind == "text" or not looks_like_html(text):
        article = extract_text_dump(text, input=page.input, url=page.url)
        return without_body(article) if metadata_only else article
    return extract_html(text, input=page.input, url=page.url, metadata_only=metadata_only)


_BODY_FIELDS = ("body", "text", "word_count", "related_links", "page_links")


def without_body(article: Article) -> Article:
    """``article`` with its body, text, word count and links left out, and a reading time counted from
    the body (a stated one stays)."""
    computed = article.provenance.get("reading_minutes") == "computed"
    dropped = _BODY_FIELDS + (("reading_minutes",) if computed else ())
    provenance = {k: v for k, v in article.provenance.items() if k not in dropped}
    return dataclasses.replace(
        article,
        body=(),
        text="",
        word_count=0,
        reading_minutes=None if computed else article.reading_minutes,
        related_links=(),
        page_links=(),
        provenance=provenance,
    )


def looks_like_html(text: str) -> bool:
    """Whether ``text`` is HTML markup rather than a plain-text dump of a page."""
    return bool(_HTML_START.match(text[:4096])) or "</p>" in text[:200_000].lower() and "<body" in text.lower()
