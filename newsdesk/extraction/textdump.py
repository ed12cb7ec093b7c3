"""Plain-text page dumps -> Article. (in progress)"""

from __future__ import annotations

from newsdesk.extraction.assemble import Draft, build_article
from newsdesk.extraction.dumpblocks import split_blocks
from newsdesk.extraction.dumpmain import select_body
from newsdesk.models import Article, Block


def extract_text_dump(text: str, *, input: str, url: str | None = None) -> Article:
    draft = Draft()
    draft.set("url", url, "text")
    blocks, _refs = split_blocks(text)
    body = [Block(type=blocks[i].kind, text=blocks[i].text) for i in select_body(blocks)]
    return build_article(draft, input=input, body=body)
