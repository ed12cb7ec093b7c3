"""Stage: FetchedPage -> Article (pure)."""

from __future__ import annotations

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


def extract_article(page: FetchedPage) -> Article:
    """Extract the article in ``page``. Raises a PipelineError subclass naming the reason."""
    text = decode_bytes(page.content, content_type=page.content_type, input=page.input)
    if not text.strip():
        raise ExtractionError("empty page", input=page.input)
    if page.kind == "text" or not looks_like_html(text):
        return extract_text_dump(text, input=page.input, url=page.url)
    return extract_html(text, input=page.input, url=page.url)


def looks_like_html(text: str) -> bool:
    """Whether ``text`` is HTML markup rather than a plain-text dump of a page."""
    return bool(_HTML_START.match(text[:4096])) or "</p>" in text[:200_000].lower() and "<body" in text.lower()
