"""Plain-text page dumps -> Article. (Being written: see the textdump helper's brief.)"""

from __future__ import annotations

from newsdesk.extraction.assemble import Draft, build_article
from newsdesk.models import Article, Block


def extract_text_dump(text: str, *, input: str, url: str | None = None) -> Article:
    draft = Draft()
    draft.set("url", url, "text")
    paras = [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
    return build_article(draft, input=input, body=[Block(type="paragraph", text=p) for p in paras])
