"""HTML pages -> Article.

The order of work:

1. parse once (lxml, through trafilatura's tolerant loader);
2. ``metadata.read_metadata`` fills headline, authors, dates, section, image... from
   JSON-LD, meta tags and visible markup;
3. the news layer reads what sits *around* the text and takes it off the tree: in-body
   "Read more" links, the lead figure's caption and credit, the site's rails of other
   stories ("Explore", "Most read") and its teaser cards, readers' comments, sign-up boxes, and
   elements the page hides;
4. trafilatura finds the main text in what is left (precision mode: on news pages the
   cost of a stray widget is higher than that of a rare lost line); the JSON-LD
   ``articleBody`` stands in when the page renders its story with a script;
5. the news layer walks the blocks: the repeated headline and the dek come out (the dek
   becomes the standfirst), so do bylines, agency lines, furniture and the writer's bio,
   each going to its own field.

docs/extraction.md tells the whole story, with the figures.
"""

from __future__ import annotations

import copy
import html as html_lib
import re
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from urllib.parse import urljoin

import lxml.html
import trafilatura
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from newsdesk.errors import ExtractionError
from newsdesk.extraction import agency as agency_mod
from newsdesk.extraction import comments, furniture
from newsdesk.extraction.assemble import Draft, build_article
from newsdesk.extraction.byline import parse_byline
from newsdesk.extraction.dates import without_trailing_timestamp
from newsdesk.extraction.metadata import read_metadata, shows_headline
from newsdesk.extraction.readtime import reading_minutes_in
from newsdesk.extraction.shown import HIDDEN, element_text, paragraph_chars, shown_text
from newsdesk.models import Article, Block, Link

MAX_PAGE_LINKS = 60
PRECISION_KEEP = 0.6
PARAGRAPHS_KEPT = 0.8
MIN_PARAGRAPH_CHARS = 2000  # below this, a page's <p> text says too little to skip trafilatura's fallbacks
FALLBACK_BELOW = 0.5  # a quick precise pass that kept less of the <p> text than this gets the fallbacks
_BLOCK_TAGS = {  # trafilatura's XML, and the HTML its fallback extractors hand back
    "p": "paragraph",
    "head": "heading",
    "quote": "quote",
    "item": "list_item",
    **{f"h{level}": "heading" for level in range(1, 7)},
    "blockquote": "quote",
    "li": "list_item",
}
_SUBSCRIBER_TEXT = re.compile(r"(?:^|\s)(?:subscriber-only|subscriber-content|premium-content)(?:\s|$)")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_RAIL_LABEL = re.compile(
    r"^\s*(explore|more (?:stories|news|from|on|must[- ]reads?)|most (?:read|popular|viewed|shared)|"
    r"trending|related(?: (?:stories|articles|news|coverage|content))?|you (?:may|might) (?:also )?like|"
    r"recommended|latest(?: news| stories)?|recent (?:posts|stories|articles)|top stories|read next|"
    r"what to read next|editor'?s picks)\b",
    re.IGNORECASE,
)
# short elements only (string-length is computed by libxml2, far cheaper than text in Python)
_RAIL_HEADINGS = etree.XPath(
    "(//h2|//h3|//h4|//h5|//header|//*[contains(@class, 'title') or contains(@class, 'heading')])"
    "[string-length(.) < 200]"
)
_RELATED_CANDIDATES = etree.XPath(
    "(//p|//div[not(.//p)][not(.//div)]|//li[not(ancestor::nav)]|//aside[not(.//p)]|//h4|//h5|//strong)"
    "[string-length(.) < 1200]"
)
_RANK = re.compile(r"^\d{1,2}[.)]?\s+(?=\w)")  # "1 Snow emergency..." in a numbered rail
_NO_SPACE_BEFORE = re.compile(r"\s+([,.;:!?)])")  # "... Spirit</a><span>. Now": no space before the stop
# the dek's own classes ("dek", "standfirst", "article-header_subheadline__s7QwE"); not "intro"/"lede"/"summary",
# which pages also give the article's first paragraph
_DEK_CLASS = re.compile(
    r"(?:^|[\s_-])(?:dek|deck|standfirst|strapline|sub-?headline|sub-?head|sub-?title|subheader)(?:$|[\s_-])",
    re.IGNORECASE,
)
DEK_LOOKAHEAD = 40  # elements after the headline searched for the dek
DEK_CHARS = (20, 500)  # a dek is a sentence or two
BODY_PARAGRAPH_CHARS = 150  # a paragraph this long under the headline means the body has begun
_BYLINE_LINE = re.compile(r"^\s*(?:by|written by|words by|reporting by)\s+\S", re.IGNORECASE)


def extract_html(html: str, *, input: str, url: str | None = None, metadata_only: bool = False) -> Article:
    """Extract one article from an HTML page. Raises ExtractionError when the page holds no text.

    ``metadata_only``: stop after what the page's metadata and the markup around the headline say
    (headline, standfirst, authors, dates, section, site, language, image, a stated reading time): no
    body, no links, no error for a page without text. Several times faster; authors and an agency
    named only in the body's own lines are not found."""
    tree = load_html(html)
    if tree is None:
        raise ExtractionError("not parseable as HTML", input=input)
    draft = Draft()
    draft.set("url", url, "html")
    linked_body = read_metadata(tree, html, url=url, draft=draft)
    base = draft.get("url") or url or ""

    work = tree  # metadata is read: from here on the tree is cut down to the article
    _drop_hidden(work)
    for section in list(comments.comment_sections(work)):  # readers' posts that trafilatura does not know
        _remove(section)
    _drop_signup_boxes(work)  # before the dek: a box's pitch is no standfirst, its "5-minute read" no reading time
    _take_dek(work, draft)
    draft.set("reading_minutes", _stated_reading_minutes(work), "html")
    if metadata_only:
        return build_article(draft, input=input, body=())
    page_links = _take_rails(work, base)
    related = _take_related_links(work, base)
    _drop_link_cards(work)
    _drop_heading_anchors(work)

    main = _main_text(work, url)
    blocks, found = _news_blocks(main, draft) if main is not None else ([], _Found())
    body_source = "html"
    if linked_body and (linked := _linked_data_body(linked_body)) is not None:
        shown = " ".join(b.text for b in blocks).split()
        given = " ".join(linked.itertext()).split()
        # clearly longer than what the page shows; or the same words (trafilatura's own fallback reads the
        # JSON-LD too, as one paragraph) in more than one paragraph
        longer = len(given) >= max(LINKED_BODY_MIN_WORDS, LINKED_BODY_LONGER * len(shown))
        if longer or (given == shown and len(linked) > len(blocks)):
            blocks, linked_found = _news_blocks(linked, draft)
            linked_found.related[:0] = found.related  # "Read more" lines the page showed still count
            linked_found.furniture[:0] = found.furniture
            found, body_source = linked_found, "json-ld"
    if not blocks:
        raise ExtractionError("no article text found on the page", input=input)

    draft.set("related_links", _dedupe_links(related + found.related), "html")
    draft.set("page_links", _dedupe_links(page_links, exclude={base}), "html")
    draft.set("agency", agency_mod.find_agency("\n".join(b.text for b in blocks + found.furniture)), "html")
    return build_article(draft, input=input, body=blocks, body_source=body_source)


# -- the text the page's JSON-LD carries ----------------------------------------------------------

LINKED_BODY_LONGER = 1.3  # the JSON-LD text must be this much longer than what the page shows ...
LINKED_BODY_MIN_WORDS = 100  # ... and an article's length, not a summary's
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BREAKING_TAG = re.compile(
    r"<\s*/?\s*(?:p|br|div|h[1-6]|li|ul|ol|blockquote|section|figure|figcaption|table|tr)\b[^>]*>", re.IGNORECASE
)
_HEADING = re.compile(r"<\s*h[1-6]\b[^>]*>(.*?)<\s*/\s*h[1-6]\s*>", re.IGNORECASE | re.DOTALL)


def _linked_data_body(value: str) -> etree._Element | None:
    """The JSON-LD ``articleBody`` as a body like trafilatura's: a ``<p>`` per paragraph, a ``<head>`` per
    sub-heading.

    Some pages render the story with a script from the JSON they embed and show only teasers or
    a paywall stub in their HTML: there the JSON-LD text is the article. It is taken when it is
    clearly longer than what the page shows (LINKED_BODY_LONGER, LINKED_BODY_MIN_WORDS), or when it is
    the very text shown (trafilatura falls back to it too, as one paragraph) with its paragraphs; the
    same news layer then reads it (bylines, "Read more" lines, furniture). Paragraphs are its line
    breaks and, when it carries markup, its block elements and ``<br>``s. None when it holds no text
    or cannot be read."""
    value = _CONTROL.sub(" ", value)
    for _ in range(2):
        if "&" in value:
            value = html_lib.unescape(value)
    headings: set[str] = set()
    if "<" in value and _BREAKING_TAG.search(value):
        headings = {_squash(_plain(m.group(1))) for m in _HEADING.finditer(value)}
        value = _plain(_BREAKING_TAG.sub("\n", value))
    body = etree.Element("body")
    try:
        for line in value.split("\n"):
            if text := _squash(line):
                etree.SubElement(body, "head" if text in headings else "p").text = text
    except ValueError:  # text lxml will not hold (a lone surrogate from the JSON)
        return None
    return body if len(body) else None


def _plain(fragment: str) -> str:
    """The text of an HTML fragment: tags gone, entities decoded, line breaks kept."""
    try:
        return lxml.html.fromstring(f"<div>{fragment}</div>").text_content()
    except (etree.ParserError, ValueError):
        return re.sub(r"<[^>]*>", " ", fragment)


# -- the tree, before trafilatura ---------------------------------------------------------------


def _drop_hidden(tree: HtmlElement) -> None:
    """Remove what a reader never sees: hidden elements and templates. Kept: article paragraphs a paywall
    script hides until it has checked the reader's subscription (BLOX CMS, used by many local papers,
    ships the story as ``<div class="subscriber-only" style="display:none"><p>...``): a subscriber
    reads them, and they are the article."""
    for el in tree.xpath("//*[@hidden] | //template | //*[@style]"):
        if el.tag in ("html", "body") or (_SUBSCRIBER_TEXT.search(el.get("class", "")) and el.find(".//p") is not None):
            continue
        if el.get("hidden") is not None or el.tag == "template" or _HIDDEN_STYLE.search(el.get("style", "")):
            _remove(el)


SIGNUP_BOX_CHARS = 600  # a sign-up box is a title, a line of pitch and a form; more text than this is not one
_NAMED = " or ".join(  # newsletter, Newsletter, NewsLetter, NEWSLETTER in a class or an id
    f"contains(@{attr}, '{word}')" for attr in ("class", "id") for word in ("ewsletter", "ewsLetter", "EWSLETTER")
)
_SIGNUP_BOXES = etree.XPath(  # one step per tag: libxml2 walks a named step far faster than //*[self::...]
    f"//div[{_NAMED}] | //section[{_NAMED}] | //aside[{_NAMED}] | //form[{_NAMED} or .//input[@type='email']]"
)
_SIGNUP_PITCH = re.compile(  # what the box around an email form says: a sign-up, a log-in or a comment form
    r"sign(?:ing)? ?up|subscri|suscr[ií]b|abonn|iscriv|inscrev|anmeld|newsletter|bolet[ií]n|inbox|"
    r"e-?mail (?:address|updates|alerts)|your e-?mail|stay (?:connected|informed|in touch|up to date)|"
    r"latest (?:news|updates|stories) (?:from|in|delivered)|create (?:a|your) (?:free )?account|"
    r"log ?in (?:to|or)|register (?:now|for free|to)|(?:leave|post|add|write) a (?:comment|reply)|"
    r"kommentar|comentario|commentaire|commento",
    re.IGNORECASE,
)
SIGNUP_BOX_DEPTH = 6  # how far above a form its box may sit
SIGNUP_LOOSE_TEXT = 300  # a box without paragraphs: at most this much text besides its form
_BOX_STOPS = ("body", "article", "main")


def _drop_signup_boxes(tree: HtmlElement) -> None:
    """Remove newsletter sign-up boxes: elements named for a newsletter, and forms that ask for an email
    address together with the box around them (its title and pitch). trafilatura drops the first
    kind as well, but its guard against over-pruning skips *all* its class-name cuts on a page whose
    article text sits inside a container those cuts match (a ``widget``: common in CMS themes), and
    the box's pitch then ends the article.

    Only short elements go (under SIGNUP_BOX_CHARS of text, and holding no headline or article), so a
    page that wraps its whole story in a "newsletter" class or in one form keeps it. A form's box is
    its largest short ancestor, up to SIGNUP_BOX_DEPTH levels and never the article itself, that only
    pitches: every paragraph of it outside the form asks for a sign-up ("Get the latest news in your
    inbox"), so a short story with an "email this story" form keeps its paragraphs."""
    for el in _SIGNUP_BOXES(tree):
        if el.getparent() is None or el.tag in ("html", "body"):
            continue
        own_text = _text(el)
        if len(own_text) >= SIGNUP_BOX_CHARS or el.find(".//h1") is not None or el.find(".//article") is not None:
            continue  # not short, or a short page set whole in one form, its story with it
        box = el
        if el.tag == "form":
            for depth, ancestor in enumerate(el.iterancestors(), 1):
                if depth > SIGNUP_BOX_DEPTH or ancestor.tag in _BOX_STOPS or ancestor.find(".//h1") is not None:
                    break
                text = _text(ancestor)
                if len(text) >= SIGNUP_BOX_CHARS or not _only_pitches(ancestor, text, el, own_text):
                    break
                box = ancestor
        _remove(box)


def _only_pitches(box: HtmlElement, box_text: str, form: HtmlElement, form_text: str) -> bool:
    """Whether what ``box`` says besides ``form`` is a sign-up pitch (see :func:`_drop_signup_boxes`)."""
    paragraphs = [t for p in box.iter("p") if form not in p.iterancestors() and (t := _text(p))]
    if paragraphs:
        return all(_SIGNUP_PITCH.search(t) for t in paragraphs)
    rest = (box_text.replace(form_text, " ") if form_text else box_text).strip()
    return not rest or len(rest) <= SIGNUP_LOOSE_TEXT and bool(_SIGNUP_PITCH.search(rest))  # nothing else: a wrapper


def _take_dek(tree: HtmlElement, draft: Draft) -> None:
    """The dek shown under the headline (``<p class="dek">``, a standfirst or subheadline element before the
    body's first paragraph) becomes the standfirst and leaves the tree, so it is not the body's first block.
    Found by its class and place, never by its text: a lede paragraph that repeats the meta description
    is the body's."""
    headline = _headline_element(tree, draft.get("headline") or "")
    if headline is None:
        return
    for el in headline.xpath(f"following::*[position() <= {DEK_LOOKAHEAD}]"):
        if not isinstance(el.tag, str):
            continue
        is_dek = bool(_DEK_CLASS.search(el.get("class", ""))) and el.tag not in ("img", "figure", "figcaption")
        if not is_dek:
            if el.tag == "p" and len(_text(el)) >= BODY_PARAGRAPH_CHARS:
                return  # the body has begun
            continue
        text = shown_text(el)
        if not DEK_CHARS[0] <= len(text) <= DEK_CHARS[1] or len(el.xpath(".//p")) > 1 or el.xpath("ancestor::figure"):
            continue
        draft.set("standfirst", text, "html", override=True)
        _remove(el)
        return


def _headline_element(tree: HtmlElement, headline: str) -> HtmlElement | None:
    """The ``<h1>`` showing ``headline`` (the page's only h1 when none matches it word for word)."""
    h1s = tree.xpath("//h1")
    for h1 in h1s:
        if shows_headline(shown_text(h1), headline):  # the h1 may add a section label
            return h1
    return h1s[0] if len(h1s) == 1 else None


def _stated_reading_minutes(tree: HtmlElement) -> int | None:
    """The page's own "3 min read" label, from the article (else the main region, else the page)."""
    scope = tree.xpath("//article") or tree.xpath("//main") or [tree]
    for text in scope[0].xpath(".//text()[contains(., 'min') or contains(., 'Min') or contains(., 'MIN')]"):
        minutes = reading_minutes_in(str(text))
        if minutes:
            return minutes
    return None


def _take_rails(tree: HtmlElement, base: str) -> list[Link]:
    """The site's rails of other stories ("Explore", "Most read", ...): their links become page_links
    and the rails leave the tree."""
    links: list[Link] = []
    for heading in _RAIL_HEADINGS(tree):
        label = _text(heading)
        if not label or len(label) > 40 or not _RAIL_LABEL.match(label):
            continue
        rail, listed = _rail_container(heading)
        if rail is None:
            continue
        stories: list[tuple[str, str]] = []
        # a list rail's stories are its items, each titled by its whole line; else the rail's anchors
        for item in listed.findall("li") if listed is not None else rail.iter("a"):
            if item.tag == "a":
                a, title = item, _spaced_text(item)
            else:  # the item's longest link is the story's (a short one is often its section's)
                a = max(item.iterfind(".//a[@href]"), key=lambda link: len(shown_text(link)), default=None)
                title = _NO_SPACE_BEFORE.sub(r"\1", shown_text(item))
            if a is not None and a.get("href"):
                stories.append((_RANK.sub("", title), a.get("href")))
        # the time stamp a rail prints after each headline ("2d ago"): only when most titles carry one,
        # since one title cannot tell a stamp from its own date ("Election day is Nov. 5, 2024")
        stamped = [without_trailing_timestamp(title) for title, _ in stories]
        if sum(new != old for new, (old, _) in zip(stamped, stories, strict=True)) * 2 > len(stories):
            stories = [(new, href) for new, (_, href) in zip(stamped, stories, strict=True)]
        for title, href in stories:
            if len(title.split()) >= 3 and not furniture.is_furniture(title):
                links.append(Link(title=title, url=urljoin(base, href)))
        _remove(rail)
    return links


def _rail_container(heading: HtmlElement) -> tuple[HtmlElement | None, HtmlElement | None]:
    """The smallest ancestor of a rail heading that is mostly story links: several anchors of three
    words or more, and at least 60 % of its text inside links; or a list of RAIL_LIST_ITEMS or more
    items, each with a link, that holds RAIL_LIST_SHARE of its text with the heading (a rail that links only a few
    words of each headline: "<li><a>Taylor Swift</a> Is TIME's Person of the Year</li>"). Returns the
    rail and, for the second kind, its list; (None, None) when the heading heads no rail."""
    node = heading
    for _ in range(4):
        parent = node.getparent()
        if parent is None or parent.tag in ("body", "html", "main", "article"):
            break
        node = parent
        total = len(_text(node)) or 1
        anchors = [a for a in node.iter("a") if len(_text(a).split()) >= 3]
        linked = sum(len(_text(a)) for a in node.iter("a"))
        if len(anchors) >= 2 and linked / total >= 0.6 and total < 5000:
            return node, None
        listed = _linked_list(node)
        if listed is not None and len(shown_text(listed)) + len(shown_text(heading)) >= RAIL_LIST_SHARE * len(
            shown_text(node)
        ):
            return node, listed
        if len(anchors) >= 2:
            return None, None  # the heading's box holds more than story links
    return None, None


RAIL_LIST_ITEMS = 3
_SENTENCE_END = re.compile(r"(?<![.…])\.$")  # a full stop; a title cut short with "..." is no sentence
RAIL_ITEM_CHARS = 200  # a rail's item is a headline, not a paragraph
RAIL_LIST_SHARE = 0.9  # a list rail's box holds its heading and its list and next to nothing else


def _linked_list(node: HtmlElement) -> HtmlElement | None:
    """The one list in ``node`` whose every item is a short line holding a link, and reads as a
    headline rather than a sentence (an article's own list of key points ends its items with a full
    stop), or None."""
    lists = node.xpath(".//ul | .//ol")
    if len(lists) != 1:
        return None
    items = lists[0].findall("li")
    if len(items) < RAIL_LIST_ITEMS:
        return None
    texts = [shown_text(li) for li in items]
    if any(
        li.find(".//a[@href]") is None or len(text) > RAIL_ITEM_CHARS for li, text in zip(items, texts, strict=True)
    ):
        return None
    if sum(_SENTENCE_END.search(text) is not None for text in texts) * 2 > len(texts):
        return None
    return lists[0]


def _take_related_links(tree: HtmlElement, base: str) -> list[Link]:
    """In-body "READ MORE: <title>" / "Also read" paragraphs: kept as related_links, taken out of the body."""
    found: list[Link] = []
    for el in _RELATED_CANDIDATES(tree):
        text = _text(el)
        if not text or len(text) > 300:
            continue
        parsed = furniture.parse_related_link(text)
        if parsed is None:
            continue
        kind, title = parsed  # parse_related_link never gives an empty title
        anchors = el.xpath(".//a[@href]")
        href = anchors[0].get("href") if anchors else None
        found.append(Link(title=title, url=urljoin(base, href) if href else None, kind=kind))
        _remove(el)
    return found


LINK_CARD_CHARS = 300  # a card is a kicker, a headline and maybe a line of summary
_LINK_CARDS = etree.XPath(
    f"//a[.//p][string-length() < {LINK_CARD_CHARS * 2}][.//img or count(.//p | .//h2 | .//h3 | .//h4 | .//h5) >= 2]"
)


def _drop_link_cards(tree: HtmlElement) -> None:
    """Teaser cards for other stories leave the tree: a link that wraps paragraphs of headline and
    kicker, with a picture or with two blocks or more (``<a href><img><p>News</p><p>Other
    headline</p></a>``). trafilatura judges a paragraph by the links inside it, and sees none in a
    paragraph that is inside a link. A product card stays (:func:`_describes`): a buying guide may set
    its products that way (``<a href><img><h3>Kettle</h3><p>Boils a jug in three minutes.</p></a>``)."""
    for card in _LINK_CARDS(tree):
        if card.getparent() is None or len(_text(card)) >= LINK_CARD_CHARS:
            continue
        if _describes(card):
            continue  # a card that describes what it links to (a shop's product): the page's own text
        _remove(card)


PRODUCT_LINE_WORDS = 8


def _describes(card: HtmlElement) -> bool:
    """Whether a card is a product set as one link: a name as a heading and a paragraph describing it
    in a sentence of PRODUCT_LINE_WORDS words or more. A teaser's kicker and headline, or its headline
    and one line of summary set as paragraphs, are not."""
    if card.find(".//h2") is None and card.find(".//h3") is None and card.find(".//h4") is None:
        return False
    return any(
        len(text.split()) >= PRODUCT_LINE_WORDS and _SENTENCE_END.search(text) is not None
        for text in (shown_text(p) for p in card.iter("p"))
    )


_HEADING_ANCHORS = etree.XPath(
    " | ".join(f"//h{level}//a[not(normalize-space())][not(.//img)]" for level in range(1, 7))
)


def _drop_heading_anchors(tree: HtmlElement) -> None:
    """Empty permalink anchors leave the headings (``<h2><a class="anchor" id="h6"></a>10. Dave the
    Diver</h2>``): trafilatura's precision mode takes a heading whose one link has no text for a
    heading made of links, and drops it with the section title it is."""
    for anchor in _HEADING_ANCHORS(tree):
        _remove(anchor)


def _main_text(tree: HtmlElement, url: str | None) -> etree._Element | None:
    """The main text as trafilatura's XML body.

    Precision mode first: on news pages a stray widget costs more than a rare lost line. It runs
    without trafilatura's fallback extractors (readability, jusText) when the page's own paragraphs
    vouch for the result: it holds at least FALLBACK_BELOW of the text in ``<p>`` elements, on a page
    with at least MIN_PARAGRAPH_CHARS of it. Otherwise (the article is not set in paragraphs, or the
    quick pass found little of it) the fallbacks run too, as trafilatura does by default. On the dev
    corpora this gives the same extraction-dev and NAEB figures at about 1.2 times the speed.

    A quick balanced pass then checks the precise text: when that keeps under PRECISION_KEEP of the
    balanced text, it has most likely cut into the article itself, and the balanced text is taken
    instead. Otherwise the precise text stands, with what it cut from the article filled back in
    (:func:`_fill_gaps`). The check is skipped when the precise text already holds PARAGRAPHS_KEPT of the
    page's paragraph text and lost none of the article's wrapped paragraphs (:func:`_wrapped_paragraphs`):
    then it cannot have cut deep (saves the second pass on about three pages in four).
    Measured on the dev corpora (bench/extraction.py), this beats either mode alone on all three body metrics."""
    paragraph_text = paragraph_chars(tree)
    # trafilatura works on its own copy of a tree it is given: ``tree`` stays whole for the next pass
    precise = None
    if paragraph_text >= MIN_PARAGRAPH_CHARS:  # else the fallbacks run anyway: no quick pass to throw away
        precise = trafilatura.bare_extraction(
            tree, url=url, favor_precision=True, fast=True, include_comments=False, with_metadata=False
        )
    kept = len(precise.text or "") if precise is not None else 0
    if paragraph_text < MIN_PARAGRAPH_CHARS or kept < FALLBACK_BELOW * paragraph_text:
        precise = trafilatura.bare_extraction(
            tree, url=url, favor_precision=True, include_comments=False, with_metadata=False
        )
        kept = len(precise.text or "") if precise is not None else 0
    has_precise = precise is not None and precise.body is not None
    whole = has_precise and kept >= PARAGRAPHS_KEPT * paragraph_text
    wrapped = _wrapped_paragraphs(tree, precise.body) if has_precise else set()
    if whole and not wrapped:
        return precise.body
    balanced = trafilatura.bare_extraction(tree, url=url, fast=True, include_comments=False, with_metadata=False)
    if not has_precise:
        return balanced.body if balanced is not None else None
    if balanced is None or balanced.body is None:
        return precise.body
    if not whole and kept < PRECISION_KEEP * len(balanced.text or ""):
        return balanced.body  # cut too deep
    return _fill_gaps(precise.body, balanced.body, wrapped)


WRAPPED_PARAGRAPH_CHARS = 200  # trafilatura's precision mode drops a last-child <div> shorter than this with a link
# a short paragraph with a link, alone in its parent <div> or <section>
_WRAPPED_LINKED = etree.XPath(
    f"//p[.//a][count(../*) = 1][parent::div or parent::section][string-length() < {WRAPPED_PARAGRAPH_CHARS * 2}]"
)


def _wrapped_paragraphs(tree: HtmlElement, precise: etree._Element) -> set[str]:
    """The article's paragraphs that precision mode dropped because the page sets each paragraph in a
    wrapper of its own (``<div class="body-part"><p>...``, common in CMS templates).

    trafilatura's precision mode deletes a ``<div>`` that holds a link and another element when its text
    is under 100 characters, or under WRAPPED_PARAGRAPH_CHARS when it is its parent's last element,
    which a wrapper of one paragraph always is. A short paragraph that links out goes with its
    wrapper, and that is often the lede, which links the team or the person it names first. Such a
    paragraph is the article's when its wrapper has a class, and the same tag and classes as a wrapper
    that holds one of the paragraphs precision mode kept, alone; a bio or a promotion sits in a box of
    its own, and a teaser that is all link the balanced pass drops itself. Returns the text keys
    (:func:`_block_key`) of those paragraphs."""
    candidates: dict[str, tuple[str, str]] = {}
    for p in _WRAPPED_LINKED(tree):
        key = _block_key(p)
        kind = _wrapper_kind(p)
        if key and len(key) < WRAPPED_PARAGRAPH_CHARS and kind[1]:
            candidates[key] = kind
    if not candidates:
        return set()
    kept = {key for el in precise if (key := _block_key(el))}
    missing = {key: kind for key, kind in candidates.items() if key not in kept}
    if not missing:
        return set()
    kept_kinds = {_wrapper_kind(p) for p in _ALONE(tree) if _block_key(p) in kept}
    return {key for key, kind in missing.items() if kind in kept_kinds}


_ALONE = etree.XPath("//p[count(../*) = 1]")


def _wrapper_kind(p: etree._Element) -> tuple[str, str]:
    parent = p.getparent()
    return (parent.tag, " ".join(parent.get("class", "").split())) if parent is not None else ("", "")


GAP_PARAGRAPH_CHARS = 150


def _fill_gaps(
    precise: etree._Element, balanced: etree._Element, wrapped: AbstractSet[str] = frozenset()
) -> etree._Element:
    """The precise body, with the article's paragraphs it dropped put back.

    Precision mode drops a block it finds doubtful: on news pages that is a widget or a caption, but
    also, now and then, a paragraph that links out or sits in its own wrapper. Dropped blocks before
    the article's first kept block or after its last are left out (that is where rails and
    furniture are); a paragraph of GAP_PARAGRAPH_CHARS or more between two kept blocks is the
    article's own (on the dev corpora 23 such restored paragraphs were the article's, 2 were not).
    The ``wrapped`` paragraphs (:func:`_wrapped_paragraphs`) come back wherever they stand between kept
    blocks, and also in a run just before the first kept block or just after the last: that is where a
    lede or a closing line stands."""
    kept = {key for el in precise if (key := _block_key(el))}
    children = list(balanced)
    keys = [_block_key(el) for el in children]
    inside = [i for i, key in enumerate(keys) if key in kept]
    if not inside or len(inside) == len(children) or not kept <= set(keys):
        return precise  # nothing dropped, or the two passes do not line up block for block
    first, last = inside[0], inside[-1]
    restored = {
        i
        for i in range(first + 1, last)
        if keys[i] not in kept
        and (keys[i] in wrapped or (children[i].tag == "p" and len(keys[i]) >= GAP_PARAGRAPH_CHARS))
    }
    while first > 0 and keys[first - 1] in wrapped:
        first -= 1
        restored.add(first)
    while last < len(keys) - 1 and keys[last + 1] in wrapped:
        last += 1
        restored.add(last)
    if not restored:
        return precise
    body = etree.Element(balanced.tag)
    for i in range(first, last + 1):
        if i in restored or keys[i] in kept:
            body.append(copy.deepcopy(children[i]))
    return body


def _block_key(el: etree._Element) -> str:
    return shown_text(el)


# -- the blocks, after trafilatura --------------------------------------------------------------


class _Found:
    def __init__(self) -> None:
        self.related: list[Link] = []  # "READ MORE: title" lines trafilatura kept without their link
        self.furniture: list[Block] = []  # lines taken out of the body; agency lines among them


def _news_blocks(body: etree._Element, draft: Draft) -> tuple[list[Block], _Found]:
    found = _Found()
    raw = list(_raw_blocks(body))
    headline = _norm(draft.get("headline") or "")
    standfirst = _norm(draft.get("standfirst") or "")
    out: list[Block] = []
    for i, block in enumerate(raw):
        if block.type == "table":
            block = _without_furniture_rows(block, found)
            if block is None:
                continue
        norm = _norm(block.text)
        at_top = not any(b.type == "paragraph" for b in out)
        if at_top and headline and shows_headline(block.text, draft.get("headline") or ""):
            continue
        dek = at_top and not out and block.type == "heading" and i <= 2 and len(block.text) > 40
        if dek and (not standfirst or norm == standfirst):
            # a dek set as a sub-heading under the headline
            draft.set("standfirst", block.text, "html")
            continue
        if len(block.text) < 120 and _BYLINE_LINE.match(block.text):
            names = parse_byline(block.text)
            if names:
                draft.set("authors", names, "html")
                continue
        related = furniture.parse_related_link(block.text) if len(block.text) < 300 else None
        if related:
            found.related.append(Link(title=related[1], kind=related[0]))
            continue
        if agency_mod.is_agency_line(block.text) or furniture.is_furniture(block.text):
            found.furniture.append(block)
            continue
        out.append(block)
    _drop_author_bios(out, draft.get("authors") or [], found)
    return out, found


def _without_furniture_rows(table: Block, found: _Found) -> Block | None:
    """A table without its furniture rows: pages laid out with tables put "Weitere Artikel zum Thema" or
    "Share this" in rows of their own. Only rows of one filled cell are judged: a data row ("Release date |
    March 1") is the table's. None when nothing else is left."""
    kept: list[str] = []
    for row in table.text.split("\n"):
        cells = [c for c in row.split(" | ") if c.strip(" |")]
        if len(cells) == 1 and furniture.is_furniture(cells[0].strip(" |")):
            found.furniture.append(Block(type="paragraph", text=cells[0].strip(" |")))
        else:
            kept.append(row)
    if len(kept) == table.text.count("\n") + 1:
        return table
    return Block(type="table", text="\n".join(kept)) if kept else None


BIO_TAIL = 3  # an author's bio is one of the last blocks of the text
_BIO_VERB = re.compile(r"\s+(?:is|was|has|covers|writes|reports|joined|works|lives)\b")


def _drop_author_bios(blocks: list[Block], authors: list[str], found: _Found) -> None:
    """The note about the writer at the foot of a story ("Ines Varga is a senior reporter for the Post,
    covering ...") is not the story: a block among the last BIO_TAIL (never the first block) that opens with a
    byline name of two words or more and a verb moves to the furniture."""
    names = [a for a in authors if len(a.split()) >= 2]
    if not names:
        return
    for i in range(len(blocks) - 1, max(len(blocks) - 1 - BIO_TAIL, 0), -1):
        text = blocks[i].text
        if any(text.startswith(name) and _BIO_VERB.match(text, len(name)) for name in names):
            found.furniture.append(blocks.pop(i))


def _raw_blocks(body: etree._Element) -> Iterator[Block]:
    """trafilatura's output tree as blocks, tails included (text after a heading is a paragraph). A line
    break or a block inside a block parts its words (:func:`shown.element_text`): "<hi>Feb. 8: Montgomery
    will sign</hi><lb/>The market" reads "... sign The market", not "signThe". When trafilatura hands
    back the HTML a fallback extractor chose (``<div><p>...</p><p>...</p></div>``), its containers are
    walked down to their blocks, so the paragraphs stay apart."""
    yield from _blocks_in(body)


_LIST_TAGS = {"list": "item", "ul": "li", "ol": "li"}
_ROW_TAGS = ("row", "tr")
_SKIPPED_TAGS = {"graphic", "ref", "lb", "br", "img"} | HIDDEN
_CONTAINER_TAGS = {"div", "section", "article", "main", "header", "footer", "aside", "figure", "span"}
_QUOTE_TAGS = ("quote", "blockquote")
_HAS_BLOCKS = etree.XPath(
    "boolean(.//p | .//head | .//quote | .//list | .//table | .//h1 | .//h2 | .//h3 | .//h4 | .//h5 | .//h6"
    " | .//blockquote | .//ul | .//ol)"
)


def _blocks_in(parent: etree._Element) -> Iterator[Block]:
    if parent.text and parent.text.strip():
        yield Block(type="paragraph", text=_squash(parent.text))
    for el in parent:
        if not isinstance(el.tag, str):
            pass  # a comment or a processing instruction
        elif el.tag in _LIST_TAGS:
            for item in el.iter(_LIST_TAGS[el.tag]):
                if text := _squash(element_text(item)):
                    yield Block(type="list_item", text=text)
        elif el.tag == "table":
            rows = [" | ".join(_squash(element_text(c)) for c in row) for row in el.iter(*_ROW_TAGS)]
            if text := "\n".join(r for r in rows if r.strip(" |")):
                yield Block(type="table", text=text)
        elif el.tag in _SKIPPED_TAGS:
            pass
        elif el.tag in _CONTAINER_TAGS and _HAS_BLOCKS(el):
            yield from _blocks_in(el)
        elif el.tag in _QUOTE_TAGS and _only_paragraphs(el):
            # a quote of several paragraphs: one quote block each
            yield from (Block(type="quote", text=b.text) for b in _blocks_in(el))
        elif text := _squash(element_text(el)):
            yield Block(type=_BLOCK_TAGS.get(el.tag, "paragraph"), text=text)
        if el.tail and el.tail.strip():
            yield Block(type="paragraph", text=_squash(el.tail))


def _only_paragraphs(el: etree._Element) -> bool:
    """Whether ``el`` holds two paragraphs or more and nothing besides them."""
    children = [c for c in el if isinstance(c.tag, str)]
    if len(children) < 2 or any(c.tag != "p" for c in children) or (el.text or "").strip():
        return False
    return not any((c.tail or "").strip() for c in children)


_ENDS = " \u200b\u2060\ufeff"  # spaces, and the invisible characters pages leave at the ends of lines


def _squash(text: str) -> str:
    return " ".join(text.split()).strip(_ENDS)


# -- small helpers ------------------------------------------------------------------------------


def _dedupe_links(links: list[Link], *, exclude: set[str] | None = None) -> list[Link]:
    seen: set[str] = set(exclude or ())
    out: list[Link] = []
    for link in links:
        key = link.url or link.title
        if key in seen or link.title in seen:
            continue
        seen.update({key, link.title})
        out.append(link)
    return out[:MAX_PAGE_LINKS]


def _remove(el: HtmlElement) -> None:
    """Remove ``el`` but keep its tail text in the tree."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail and el.tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


_SHOWN_TEXT_NODES = etree.XPath(
    ".//text()[not(ancestor::style or ancestor::script or ancestor::noscript or ancestor::template)]"
)


def _spaced_text(el: HtmlElement) -> str:
    """Text of ``el`` with its parts kept apart: <span>1</span><span>Title</span> -> "1 Title"; without
    the text of a style or script inside it (an icon's ``<svg><style>.b{fill:#000}</style>``)."""
    return " ".join(" ".join(t.split()) for t in _SHOWN_TEXT_NODES(el) if t.strip())


def _text(el: HtmlElement) -> str:
    return " ".join(el.text_content().split())


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().casefold()
