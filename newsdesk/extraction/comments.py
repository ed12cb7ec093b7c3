"""Readers' comment sections, found by their markup.

trafilatura leaves out the comment sections it knows (WordPress's ``commentlist``, Disqus...), but
not a forum widget a site embeds under its stories (``<div class="xenforo-comment-widget">``), and
those readers' posts then read as the end of the article. A comment section here is an element
named for comments that holds two or more comments alike: elements named for a comment, with the
same tag and first comment class, each with a reply button or an avatar; only the innermost such
elements count, so a comment is not counted again for the replies it holds. The name alone says too little: a live blog's
play-by-play (``live-match-comment``), a gallery's captions (``gallery__item__comment``) or an
opinion column (``article-body comment``, with its writer's byline) are named that way too, and
have no readers to reply to. And comments follow their story: a section with less than
ARTICLE_CHARS of paragraph text before it is the page itself (a discussion, or a template that
names its whole content for comments); the paragraphs of other comments do not count as that story.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree
from lxml.html import HtmlElement

from newsdesk.extraction.shown import paragraph_chars

COMMENT_ENTRIES = 2  # a section of readers' comments shows at least this many
ARTICLE_CHARS = 500  # paragraph text before the section: the story the comments are under

# "comments", "comment-list", "vf-comments", "disqus_thread": a word of the class or id, not a part of one
# ("commentary", "commentisfree")
_SECTION_NAME = re.compile(r"(?:^|[\s_-])(?:comments?|commentlist|disqus|viafoura)(?:[\s_-]|$)", re.IGNORECASE)
_ENTRY_NAME = re.compile(r"(?:^|[\s_-])comment(?:[\s_-]|$)", re.IGNORECASE)  # "comment", "comment-body", "qa-comment"
_NAMED = (  # comment, Comment, COMMENT in a class or an id (one step per tag: libxml2 walks those fastest)
    "[contains(@class, 'omment') or contains(@class, 'OMMENT') or contains(@id, 'omment') or contains(@id, 'OMMENT')"
    " or contains(@class, 'disqus') or contains(@id, 'disqus') or contains(@class, 'viafoura')]"
)
_CANDIDATES = etree.XPath(
    " | ".join(f"//{tag}{_NAMED}" for tag in ("div", "section", "aside", "article", "footer", "ol", "ul"))
)
_ENTRY_PARTS = ("reply", "avatar")  # in the class or id of an element inside a reader's comment
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
    ``<h1>``, or with under ARTICLE_CHARS of paragraph text before it, is never one; nor is a box
    that holds ARTICLE_CHARS of paragraph text before its first comment (a theme's wrapper of story
    and comments, ``<div class="entry comments-open">``: its comment list is the section)."""
    candidates = [el for el in _CANDIDATES(tree) if _SECTION_NAME.search(_names(el))]
    if not candidates:
        return
    held = _comments_held(candidates)
    found: set[HtmlElement] = set()
    for el in candidates:
        if any(section in found for section in el.iterancestors()):
            continue  # inside a section already found
        first = _first_comment(held.get(el, {}))
        if first is None or el.find(".//h1") is not None:
            continue
        if _chars_before(el) < ARTICLE_CHARS or _chars_before(first, within=el) >= ARTICLE_CHARS:
            continue
        found.add(el)
        yield el


# per element holding comments: for each kind of comment, how many it holds and the first (its place, itself)
_Held = dict[tuple[str, str], tuple[int, int, HtmlElement]]


def _comments_held(candidates: list[HtmlElement]) -> dict[HtmlElement, _Held]:
    """For each element holding readers' comments, the comments it holds by kind (tag and first comment
    class): the innermost elements named for a comment that have a reply button or an avatar. One walk
    of the candidates' subtrees, so a deep thread of replies costs its size, not its size squared."""
    chosen = set(candidates)
    outer = [el for el in candidates if not any(a in chosen for a in el.iterancestors())]
    entries = [el for top in outer for el in top.iter() if isinstance(el.tag, str) and _ENTRY_NAME.search(_names(el))]
    entries = [el for el in entries if _is_entry(el)]
    holders = {ancestor for el in entries for ancestor in el.iterancestors()}
    held: dict[HtmlElement, _Held] = {}
    for place, el in enumerate(entries):  # in document order
        if el in holders:
            continue  # a comment holding replies: they are counted, it is not counted again
        # "comment" in "comment byuser comment-author-ana even": the per-writer and odd/even classes vary
        kind = (el.tag, next((c for c in el.get("class", "").lower().split() if "comment" in c), ""))
        for ancestor in el.iterancestors():
            kinds = held.setdefault(ancestor, {})
            count, first_place, first = kinds.get(kind, (0, place, el))
            kinds[kind] = (count + 1, first_place, first)
    return held


def _first_comment(kinds: _Held) -> HtmlElement | None:
    """The first comment of the kinds held COMMENT_ENTRIES times or more (a one-off, such as a story's
    byline named for a comment, is no comment section's start); None when no kind is."""
    counted = [(place, first) for count, place, first in kinds.values() if count >= COMMENT_ENTRIES]
    return min(counted, key=lambda item: item[0])[1] if counted else None


def _is_entry(el: HtmlElement) -> bool:
    for part in el.iterdescendants():
        if not isinstance(part.tag, str):
            continue
        if any(word in _names(part).lower() for word in _ENTRY_PARTS):
            return True
        if part.tag in _BUTTONS and " ".join(part.text_content().split()).lower() in _REPLY_WORDS:
            return True
    return False


def _chars_before(el: HtmlElement, within: HtmlElement | None = None) -> int:
    """The paragraph text before ``el`` in the page, or in ``within`` (counted up to ARTICLE_CHARS),
    leaving out elements named for comments: other readers' posts are not the story."""
    total = 0
    node = el
    while node is not None and node is not within:
        for sibling in node.itersiblings(preceding=True):
            if (
                not isinstance(sibling.tag, str)
                or _ENTRY_NAME.search(names := _names(sibling))
                or _SECTION_NAME.search(names)
            ):
                continue
            total += paragraph_chars(sibling)
            if total >= ARTICLE_CHARS:
                return total
        node = node.getparent()
    return total


def _names(el: HtmlElement) -> str:
    return f"{el.get('class', '')} {el.get('id', '')}"
