"""Readers' comment sections, found by their markup.

trafilatura leaves out the comment sections it knows (WordPress's ``commentlist``, Disqus...), but
not a forum widget a site embeds under its stories (``<div class="xenforo-comment-widget">``), and
those readers' posts then read as the end of the article. A comment section here is an element
named for comments whose entries are comments: two or more elements, themselves named for comments,
each with a reply button or an author or avatar element (a comment with one reply is one entry).
The name alone says too little: a live blog's play-by-play (``live-match-comment``) and a gallery's
captions (``gallery__item__comment``) are named that way too, and have no one to reply to.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree
from lxml.html import HtmlElement

COMMENT_ENTRIES = 2  # a section of readers' comments shows at least this many
ARTICLE_CHARS = 500  # paragraph text outside the section: the page has an article besides its comments

# "comments", "comment-list", "vf-comments", "disqus_thread": a word of the class or id, not a part of one
# ("commentary", "commentisfree")
_SECTION_NAME = re.compile(r"(?:^|[\s_-])(?:comments?|commentlist|disqus|viafoura)(?:[\s_-]|$)", re.IGNORECASE)
_NAMED = (  # comment, Comment, COMMENT in a class or an id (one step per tag: libxml2 walks those fastest)
    "[contains(@class, 'omment') or contains(@class, 'OMMENT') or contains(@id, 'omment') or contains(@id, 'OMMENT')"
    " or contains(@class, 'disqus') or contains(@id, 'disqus') or contains(@class, 'viafoura')]"
)
_CANDIDATES = etree.XPath(
    " | ".join(f"//{tag}{_NAMED}" for tag in ("div", "section", "aside", "article", "footer", "ol", "ul"))
)
_ENTRY_PARTS = ("reply", "avatar", "author")  # in the class or id of an element inside an entry
_REPLY_WORDS = frozenset(
    {
        "reply",
        "antworten",
        "antwort",
        "répondre",
        "repondre",
        "responder",
        "responde",
        "rispondi",
        "odpowiedz",
        "beantwoorden",
        "reageer",
        "svara",
        "svar",
        "vastaa",
    }
)
_BUTTONS = frozenset({"a", "button", "span"})


def comment_sections(tree: HtmlElement) -> Iterator[HtmlElement]:
    """The outermost comment sections of ``tree``, in document order. A section holding the page's
    ``<h1>`` is never one, nor is one beside which the page has under ARTICLE_CHARS of paragraph text:
    the page is then a discussion, or a template that names its whole content for comments."""
    page_chars = None  # counted once a section is in sight: most pages have none
    found: list[HtmlElement] = []
    for el in _CANDIDATES(tree):
        if not _SECTION_NAME.search(f"{el.get('class', '')} {el.get('id', '')}"):
            continue
        if any(section in found for section in el.iterancestors()):
            continue  # inside a section already found
        if el.find(".//h1") is not None or _entries(el) < COMMENT_ENTRIES:
            continue
        if page_chars is None:
            page_chars = _paragraph_chars(tree)
        if page_chars - _paragraph_chars(el) < ARTICLE_CHARS:
            continue
        found.append(el)
        yield el


def _entries(section: HtmlElement) -> int:
    """How many comments ``section`` shows: its elements named for a comment that have a reply button or
    an author, counting only the innermost (a thread's list holds its comments, a comment its reply)."""
    entries = [el for el in section.iterdescendants() if isinstance(el.tag, str) and "comment" in _names(el)]
    entries = [el for el in entries if _is_entry(el)]
    holders = {ancestor for el in entries for ancestor in el.iterancestors()}
    return sum(el not in holders for el in entries)


def _is_entry(el: HtmlElement) -> bool:
    for part in el.iterdescendants():
        if not isinstance(part.tag, str):
            continue
        if any(word in _names(part) for word in _ENTRY_PARTS):
            return True
        if part.tag in _BUTTONS and " ".join(part.text_content().split()).lower() in _REPLY_WORDS:
            return True
    return False


def _names(el: HtmlElement) -> str:
    return f"{el.get('class', '')} {el.get('id', '')}".lower()


def _paragraph_chars(el: HtmlElement) -> int:
    return sum(len(" ".join(p.text_content().split())) for p in el.iter("p"))
