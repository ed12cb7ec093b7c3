"""Plain-text page dumps -> Article.

No library recovers an article from the text a browser or a scraper printed for a page, so
newsdesk does it in three steps: :mod:`dumpblocks` undoes the dump's layout (link markers,
hard wrapping, bullets) into blocks; :mod:`dumpmain` finds the blocks that make the body;
this module reads the news page's anatomy around them: the section label and "N MIN READ"
above the headline, the headline (which pages repeat), the standfirst under it, the image
caption and credit, the byline, the dates, the "Read more:" links and the wire-service
credit in the body, and the site's other headlines ("Explore", "Most read") after it.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timezone

from newsdesk.extraction.agency import find_agency, is_agency_line
from newsdesk.extraction.assemble import Draft, build_article
from newsdesk.extraction.byline import parse_byline
from newsdesk.extraction.dates import written_dates
from newsdesk.extraction.dumpblocks import TextBlock, split_blocks
from newsdesk.extraction.dumpmain import select_body
from newsdesk.extraction.furniture import is_furniture, is_widget_label, parse_related_link
from newsdesk.models import Article, Block, Image, Link

HEADER_BLOCKS = 14  # how far above the body the headline, byline, dates and caption are looked for
MAX_HEADLINE_WORDS = 30
MAX_HEADER_WORDS = 150  # the header lines a body may open with (standfirst, caption, byline) say less than this
MAX_PAGE_LINKS = 60
_READING = re.compile(r"\b(\d{1,3})\s*(?:-\s*)?(?:min(?:ute)?s?\.?)\s*(?:read|reading|de lecture|lesezeit|lectura)\b"
                      r"|\b(?:reading time|read time|lesezeit|temps de lecture)\s*:?\s*(\d{1,3})\s*min", re.I)
_BYLINE = re.compile(r"^\s*(?:(?:written|posted|reported|words|story)\s+)?by\s+\S", re.I)
_CAPTION_SLASH = re.compile(r"^(?P<caption>.{15,}?\S)\s+/\s+(?P<credit>[^/]{2,60}?)\s*$")
_CAPTION_CREDIT = re.compile(
    r"^(?P<caption>.*?\S)?\s*[(\[]?\s*\b(?:photo credit|image credit|photograph|photo|image|picture|foto|bild|"
    r"credit|source)\s*(?::|by\b|/)\s*(?P<credit>[^()\[\]]{2,80}?)\s*[)\]]?\s*\.?$",
    re.I,
)
_CAPTION_PAREN = re.compile(r"^(?P<caption>.{15,}?\S)\s*\((?P<credit>[^()]{2,60}(?:/|\bvia\b)[^()]{2,60})\)\s*$")
_CREDIT_LABEL = re.compile(r"^\s*(?:photo credit|image credit|photograph|photo|image|picture|credit)\s*(?::|by\b)\s*",
                           re.I)
_SECTION_LABEL = re.compile(r"^[A-ZÀ-Ý][A-ZÀ-Ý&' -]{1,30}$")
_DATE_WORD = re.compile(r"^\s*(?:date|dated|published|posted|updated|on)\s*:?\s*", re.I)
_BREADCRUMB = re.compile(r"\s+(?:>|›|»|/|\|)\s+")
_SENTENCE_END = re.compile(r"[.!?…]['\"”’)]*$")


def extract_text_dump(text: str, *, input: str, url: str | None = None) -> Article:
    """Extract one article from a plain-text dump of a news page."""
    draft = Draft()
    draft.set("url", url, "text")
    blocks, _refs = split_blocks(text)
    body_idx = select_body(blocks)
    start = body_idx[0] if body_idx else len(blocks)
    end = body_idx[-1] + 1 if body_idx else len(blocks)

    head = _find_headline(blocks, start)
    body_idx = _after_header(blocks, body_idx, blocks[head].text if head is not None else None)
    start = body_idx[0] if body_idx else start
    header = list(range(max(0, (head if head is not None else start) - 4), start))
    if head is not None:
        draft.set("headline", blocks[head].text, "text")
        _set_standfirst(draft, blocks, head, start)
    _set_section_and_minutes(draft, blocks, header, head)
    _set_image(draft, blocks, header)
    _set_authors(draft, blocks, header)
    _set_dates(draft, blocks, header)
    tail = range(end, min(len(blocks), end + 6))
    agency = find_agency("\n".join(blocks[i].text for i in [*body_idx, *tail]))
    draft.set("agency", agency, "text")
    related = _related_links(blocks, [*range(start, end), *tail])
    draft.set("related_links", related, "text")
    draft.set("page_links", _page_links(blocks, end), "text")

    headline = draft.get("headline")
    caption_lines = {blocks[i].text for i in header if _caption_parts(blocks[i].text)}
    body: list[Block] = []
    for i in body_idx:
        b = blocks[i]
        if _is_furniture_block(b) or b.text == headline or b.text in caption_lines or _is_byline(b.text):
            continue
        body.append(Block(type=_block_type(b, blocks), text=b.text))
    return build_article(draft, input=input, body=body, body_source="text")


def _after_header(blocks: list[TextBlock], body_idx: list[int], headline: str | None) -> list[int]:
    """The body without the header lines it may open with (headline repeat, caption, byline, date)."""
    cut, words = None, 0
    for k, i in enumerate(body_idx[:8]):
        t = blocks[i].text
        words += blocks[i].words
        if words > MAX_HEADER_WORDS:
            break
        if t == headline or _is_byline(t) or _caption_parts(t) or _is_date_line(blocks[i]):
            cut = k
    return body_idx if cut is None else body_idx[cut + 1 :]


def _is_date_line(b: TextBlock) -> bool:
    return b.words <= 12 and bool(written_dates(b.text, limit=1)) and not _SENTENCE_END.search(b.text)


def _is_furniture_block(b: TextBlock) -> bool:
    return is_furniture(b.text) or parse_related_link(b.text) is not None or is_agency_line(b.text)


def _is_byline(text: str) -> bool:
    return bool(_BYLINE.match(text)) and len(text.split()) <= 16 and bool(parse_byline(text))


def _block_type(b: TextBlock, blocks: list[TextBlock]) -> str:
    if b.kind != "paragraph":
        return b.kind
    # lynx prints headings at column 0 and paragraphs indented
    if b.indent == 0 and b.words <= 14 and not _SENTENCE_END.search(b.text) and _indented_dump(blocks):
        return "heading"
    return "paragraph"


def _indented_dump(blocks: list[TextBlock]) -> bool:
    long = [b for b in blocks if b.words >= 25]
    return bool(long) and sum(1 for b in long if b.indent >= 2) >= 0.7 * len(long)


def _headline_like(b: TextBlock) -> bool:
    text = b.text
    if not 2 <= b.words <= MAX_HEADLINE_WORDS or len(text) > 250:
        return False
    if is_furniture(text) or _is_byline(text) or _caption_parts(text) or _READING.search(text):
        return False
    if written_dates(text, limit=1) and b.words <= 8:
        return False
    return not text.endswith((".", ":", ",")) or text.endswith("...")


def _find_headline(blocks: list[TextBlock], start: int) -> int | None:
    """The headline's block: above the body, repeated by the page or marked as a heading, else the
    nearest headline-like line above the byline zone."""
    lo = max(0, start - HEADER_BLOCKS)
    candidates = [i for i in range(lo, start) if _headline_like(blocks[i])]
    if not candidates:
        return None
    texts = [b.text for b in blocks]
    repeated = [i for i in candidates if texts.count(blocks[i].text) > 1]
    if repeated:
        return repeated[0]
    headings = [i for i in candidates if blocks[i].kind == "heading"]
    if headings:
        return headings[-1]
    # the headline is the first headline-like line of the header, after any section label
    for i in candidates:
        if not _SECTION_LABEL.match(blocks[i].text) or blocks[i].words > 4:
            return i
    return None


def _set_standfirst(draft: Draft, blocks: list[TextBlock], head: int, start: int) -> None:
    nxt = head + 1
    if nxt >= start:
        return
    b = blocks[nxt]
    if b.text == blocks[head].text or not 8 <= b.words <= 80 or is_furniture(b.text) or _is_byline(b.text):
        return
    if _caption_parts(b.text) or (written_dates(b.text, limit=1) and b.words <= 10):
        return
    draft.set("standfirst", b.text, "text")


def _set_section_and_minutes(draft: Draft, blocks: list[TextBlock], header: list[int], head: int | None) -> None:
    top = [i for i in header if head is None or i < head] or header[:3]
    for i in header:
        m = _READING.search(blocks[i].text)
        if m:
            draft.set("reading_minutes", int(m.group(1) or m.group(2)), "text")
            break
    for i in top:
        text = _READING.sub("", blocks[i].text)
        text = _DATE_WORD.sub("", " ".join(_strip_dates(text).split())).strip()
        if not text:
            continue
        crumbs = [c for c in _BREADCRUMB.split(text) if c and c.lower() not in ("home", "news")]
        label = crumbs[-1] if crumbs else ""
        if label and len(label.split()) <= 3 and (_SECTION_LABEL.match(label) or len(crumbs) > 1):
            if not is_furniture(label) or label.lower() in ("video",):
                draft.set("section", label.title() if label.isupper() else label, "text")
                return


def _strip_dates(text: str) -> str:
    """``text`` without the dates (and times next to them) written in it."""
    text = re.sub(r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?\b", " ", text)
    text = re.sub(r"\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b", " ", text)
    months = (r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?")
    text = re.sub(rf"\b(?:\d{{1,2}}\s+{months},?\s+\d{{4}}|{months}\s+\d{{1,2}},?\s+\d{{4}})\b", " ", text, flags=re.I)
    return re.sub(r"\b\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?\b", " ", text, flags=re.I)


def _caption_parts(text: str) -> tuple[str | None, str] | None:
    """(caption, credit) of an image caption line, None when the line is no caption."""
    if len(text) > 400:
        return None
    m = _CAPTION_SLASH.match(text)
    if m and len(m.group("credit").split()) <= 6 and not _SENTENCE_END.search(m.group("credit")):
        return m.group("caption"), m.group("credit").strip()
    m = _CAPTION_PAREN.match(text)
    if m:
        return m.group("caption"), _CREDIT_LABEL.sub("", m.group("credit")).strip()
    m = _CAPTION_CREDIT.match(text)
    if m and len(m.group("credit").split()) <= 8:
        return (m.group("caption") or None), m.group("credit").strip(" .")
    return None


def _set_image(draft: Draft, blocks: list[TextBlock], header: list[int]) -> None:
    for i in header:
        parts = _caption_parts(blocks[i].text)
        if parts:
            caption, credit = parts
            draft.set("image", Image(caption=caption, credit=credit), "text")
            return


def _set_authors(draft: Draft, blocks: list[TextBlock], header: list[int]) -> None:
    for i in header:
        if _BYLINE.match(blocks[i].text) and blocks[i].words <= 16:
            names = parse_byline(blocks[i].text)
            if names:
                draft.set("authors", names, "text")
                return


def _set_dates(draft: Draft, blocks: list[TextBlock], header: list[int]) -> None:
    published: datetime | None = None
    updated: datetime | None = None
    for i in header:
        for wd in written_dates(blocks[i].text):
            when = datetime.combine(wd.day, wd.clock or time(), tzinfo=timezone.utc)
            if wd.label == "updated":
                updated = updated or when
            elif published is None or (wd.label == "published" and published.time() == time() and wd.clock):
                published = when if published is None or published.date() == when.date() else published
    draft.set("published_at", published, "text")
    if updated and (published is None or updated >= published):
        draft.set("updated_at", updated, "text")


def _related_links(blocks: list[TextBlock], indexes: list[int]) -> list[Link]:
    out: list[Link] = []
    for i in indexes:
        parsed = parse_related_link(blocks[i].text)
        if not parsed:
            continue
        kind, title = parsed
        link_url = next((u for _label, u in blocks[i].links if u), None)
        if all(x.title != title for x in out):
            out.append(Link(title=title, url=link_url, kind=kind))
    return out


def _page_links(blocks: list[TextBlock], end: int) -> list[Link]:
    """The site's other headlines listed after the article under a label like "Explore"."""
    out: list[Link] = []
    i = end
    while i < len(blocks) and len(out) < MAX_PAGE_LINKS:
        if not is_widget_label(blocks[i].text):
            i += 1
            continue
        i += 1
        while i < len(blocks) and len(out) < MAX_PAGE_LINKS:
            b = blocks[i]
            if is_widget_label(b.text):
                break
            if not _is_listed_headline(b):
                if out:
                    break
                i += 1
                continue
            link_url = next((u for _label, u in b.links if u), None)
            if all(x.title != b.text for x in out):
                out.append(Link(title=b.text, url=link_url))
            i += 1
    return out


def _is_listed_headline(b: TextBlock) -> bool:
    text = b.text
    if not 3 <= b.words <= MAX_HEADLINE_WORDS or len(text) > 200 or is_furniture(text):
        return False
    if re.search(r"\s[|•·]\s", text):  # a row of footer links
        return False
    if written_dates(text, limit=1) and b.words <= 6:
        return False
    return not (text.endswith(".") and b.words > 20)
