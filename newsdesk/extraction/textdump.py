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
from datetime import datetime, time

from newsdesk.extraction.agency import find_agency, is_agency_line
from newsdesk.extraction.assemble import Draft, build_article
from newsdesk.extraction.byline import parse_byline
from newsdesk.extraction.caption import split_caption_credit
from newsdesk.extraction.dates import written_dates
from newsdesk.extraction.dumpblocks import TextBlock, split_blocks, split_warc_headers
from newsdesk.extraction.dumpmain import liveblog_body, select_body
from newsdesk.extraction.furniture import is_furniture, is_widget_label, parse_related_link
from newsdesk.extraction.readtime import READING_TIME, reading_minutes_in
from newsdesk.models import Article, Block, Image, Link

HEADER_BLOCKS = 14  # how far above the body the headline, byline, dates and caption are looked for
HEADER_CUT_BLOCKS = 10  # how far into the selected body header lines (byline, date, caption) are looked for
MAX_HEADLINE_WORDS = 30
MIN_HEADLINE_WORDS = 4  # shorter lines are headlines only when nothing longer qualifies
LEAD_BLOCKS = 6  # the body's opening blocks, which tell the same story as the headline
HEADLINE_LEAD_OVERLAP = 0.25  # share of a headline's content words the lead repeats
MAX_HEADER_WORDS = 150  # the header lines a body may open with (standfirst, caption, byline) say less than this
MAX_HEADER_PROSE = 2  # header lines come before the article's second paragraph (the first may be the standfirst)
MAX_PAGE_LINKS = 60
DATE_LOOKBACK_BLOCKS = 8  # a date line may sit this far above the headline (above the kicker and a menu row)
_BYLINE = re.compile(r"^\s*(?:(?:written|posted|reported|words|story)\s+)?by\s+\S", re.IGNORECASE)
# "Posted on September 18, 2025 by Martha Quill 3 Comments": a byline inside a date line
_INLINE_BYLINE = re.compile(r"\bby\s+(?P<names>[A-ZÀ-Ý][\w'’.-]+(?:\s+(?:[A-ZÀ-Ý][\w'’.-]+|and|&|,)){1,8})")
_SECTION_LABEL = re.compile(r"^[A-ZÀ-Ý][A-ZÀ-Ý&' -]{1,30}$")
_TITLE_LABEL = re.compile(r"^[A-ZÀ-Ý][\w'’&.-]*(?:\s+(?:&|and|[A-ZÀ-Ý][\w'’&.-]*)){0,2}$")
_BADGE = re.compile(
    r"^(?:[●•◉🔴]\s*)?(?:live|breaking|exclusive|analysis|updated|developing)\b\s*[:|·-]?\s*", re.IGNORECASE
)
_DATE_WORD = re.compile(r"^\s*(?:date|dated|published|posted|updated|on)\s*:?\s*", re.IGNORECASE)
_DATE_FILLER = frozenset(
    {
        "published",
        "updated",
        "posted",
        "first",
        "last",
        "on",
        "at",
        "date",
        "dated",
        "|",
        "·",
        "-",
        "–",
        "—",
        "•",
        "and",
        "edt",
        "est",
        "bst",
        "gmt",
        "utc",
        "cet",
        "cest",
        "et",
        "pt",
    }
)
_BREADCRUMB = re.compile(r"\s+(?:>|›|»|/|\|)\s+|\s*[·•]\s*")
_TITLE_SEPARATOR = re.compile(r"\s+(?:\||-|–|—|::|»)\s+")
_SENTENCE_END = re.compile(r"[.!?…]['\"”’)]*$")
_ABBREVIATION_END = re.compile(r"\b(?:[A-Z]\.){2,}$")  # "... in L.A."
_IMAGE_NAME = re.compile(r"\[[\w.-]+\]")
_NAV_PREFIX = re.compile(r"^(?:previous|next|prev)(?: (?:post|article|story))?\s*:\s*", re.IGNORECASE)
_RANK = re.compile(r"^\d{1,2}(?=[A-Z][a-z])")  # "1Snow emergency declared": a rank number run into the title
_CREDIT_LINE = re.compile(
    r"^(?:\S+\s+){0,2}by\s*[A-ZÀ-Ý]|^from staff|\bstaff reports?$|"
    r"\b(?:writer|editor|reporter|correspondent|contributor|columnist|photographer|illustrator)s?$|"
    r"^[A-ZÀ-Ý][\w.'’-]*(?: [A-ZÀ-Ý][\w.'’-]*){1,3}/[A-ZÀ-Ý][\w.'’-]*(?: [A-ZÀ-Ý&][\w.'’-]*){0,3}$",  # "Ann Lee/AP"
    re.IGNORECASE,
)
# "© 2026 Orrin Public Radio. All rights reserved.", "© Copyright 2024-2026 The Valley Post Ltd"
_COPYRIGHT = re.compile(
    r"^(?:(?:©|\(c\)|copyright)\s*)+(?:(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)\d{2})?\s*,?\s*)?"
    r"(?P<name>[A-ZÀ-Ý0-9][\w&'’.-]*(?:\s+(?:[A-ZÀ-Ý0-9&][\w&'’.-]*|of|the|and|for|de|du|la)){0,6})",
    re.IGNORECASE,
)
_COMPANY_SUFFIX = re.compile(r"(?:,?\s+(?:ltd|limited|inc|llc|plc|gmbh|corp|co))+\.?$", re.IGNORECASE)
FOOTER_BLOCKS = 25  # the page's last lines, where its copyright line stands
_NAME_LIST = re.compile(
    r"^[A-ZÀ-Ý][\w'’.-]+(?:\s+[A-ZÀ-Ý][\w'’.-]+){1,3}"
    r"(?:\s*(?:,|and|&)\s*[A-ZÀ-Ý][\w'’.-]+(?:\s+[A-ZÀ-Ý][\w'’.-]+){1,3}){0,3}$"
)


def extract_text_dump(text: str, *, input: str, url: str | None = None) -> Article:
    """Extract one article from a plain-text dump of a news page."""
    draft = Draft()
    text, warc = split_warc_headers(text)
    draft.set("url", url or warc.get("WARC-Target-URI"), "text")
    blocks, _refs = split_blocks(text)
    body_idx = select_body(blocks)
    body_idx = liveblog_body(blocks, body_idx) or body_idx
    end = body_idx[-1] + 1 if body_idx else len(blocks)

    body_idx = _after_header(blocks, body_idx, None)
    start = body_idx[0] if body_idx else end
    head = _find_headline(blocks, start)
    if head is not None:
        body_idx = _after_header(blocks, body_idx, blocks[head].text)
        start = body_idx[0] if body_idx else end
    header = list(range(max(0, (head if head is not None else start) - 4), start))
    if head is not None:
        draft.set("headline", blocks[head].text, "text")
        _set_standfirst(draft, blocks, head, start)
    _set_section_and_minutes(draft, blocks, header, head)
    caption_lines = _set_image(draft, blocks, header, head)
    _set_authors(draft, blocks, header, head)
    _set_dates(draft, blocks, header)
    if not draft.has("published_at"):
        # a date line further above the headline, or one the body opens with
        above = range(max(0, (head if head is not None else start) - DATE_LOOKBACK_BLOCKS), header[0] if header else 0)
        near = [i for i in [*above, *body_idx[:4]] if _is_date_line(blocks[i]) or _labelled_date(blocks[i])]
        _set_dates(draft, blocks, near)
    draft.set("site_name", _site_name(blocks, draft.get("headline"), end), "text")
    tail = range(end, min(len(blocks), end + 6))
    agency = find_agency("\n".join(blocks[i].text for i in [*body_idx, *tail]))
    draft.set("agency", agency, "text")
    related = _related_links(blocks, [*range(start, end), *tail])
    draft.set("related_links", related, "text")
    draft.set("page_links", _page_links(blocks, end), "text")

    headline = draft.get("headline")
    body: list[Block] = []
    for i in body_idx:
        b = blocks[i]
        if _is_furniture_block(b) or b.text == headline or i in caption_lines or _is_byline(b.text):
            continue
        body.append(Block(type=_block_type(b, blocks), text=b.text))
    return build_article(draft, input=input, body=body, body_source="text")


def _after_header(blocks: list[TextBlock], body_idx: list[int], headline: str | None) -> list[int]:
    """The body without the header lines it may open with (headline repeat, standfirst, caption, byline,
    date, reading time, share buttons)."""
    cut, words, prose = None, 0, 0
    first = body_idx[: HEADER_CUT_BLOCKS + 1]
    for k, i in enumerate(first[:HEADER_CUT_BLOCKS]):
        b = blocks[i]
        words += b.words
        if words > MAX_HEADER_WORDS:
            break
        t = b.text
        if (
            t == headline
            or _is_byline(t)
            or _caption_parts(t)
            or _is_date_line(b)
            or reading_minutes_in(t)
            or _is_meta_line(t, headline)
            or (is_furniture(t) and b.words <= 12)
        ):
            cut = k
            continue
        credit_next = _caption_parts(blocks[first[k + 1]].text) if k + 1 < len(first) else None
        if credit_next and credit_next[0] is None:
            continue  # a caption paragraph whose credit follows on a line of its own
        prose += 1
        if prose >= MAX_HEADER_PROSE:
            break  # the standfirst may come before the byline; a second paragraph is the article
    return body_idx if cut is None else body_idx[cut + 1 :]


def _is_date_line(b: TextBlock) -> bool:
    """A line that says when the article was published or updated, and little else."""
    if b.words > 40 or _SENTENCE_END.search(b.text) and not b.text.endswith((" a.m.", " p.m.")):
        return False
    if not written_dates(b.text, limit=1):
        return False
    if b.words <= 12:
        return True
    rest = _INLINE_BYLINE.sub(" ", READING_TIME.sub(" ", _strip_dates(b.text)))
    return sum(1 for w in rest.lower().split() if w not in _DATE_FILLER) <= 4


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
    if is_furniture(text) or _is_byline(text) or _caption_parts(text) or READING_TIME.search(text):
        return False
    if written_dates(text, limit=1) and b.words <= 8:
        return False
    if _is_navigation(text) or _is_date_line(b):
        return False
    if text.endswith(("(", "—", "–", " -")):  # cut off
        return False
    return not text.endswith((".", ":", ",")) or text.endswith("...") or bool(_ABBREVIATION_END.search(text))


def _is_navigation(text: str) -> bool:
    """A breadcrumb trail ("News / Local", "Home » Local News » ..."), a menu button line ("WATCH LIVE Menu")
    or a row of section names in capitals: the page's navigation, never its headline."""
    crumbs = [c for c in _BREADCRUMB.split(text) if c.strip()]
    if len(crumbs) > 1 and all(len(c.split()) <= 4 for c in crumbs[:-1]):
        return True
    words = text.split()
    if len(words) <= 4 and any(is_widget_label(w) for w in words):
        return True
    return len(words) <= 4 and text.isupper()


def _find_headline(blocks: list[TextBlock], start: int) -> int | None:
    """The headline's block above the body. Candidates are headline-like lines that are not navigation,
    within HEADER_BLOCKS lines above the body (furniture not counted); ranked by: at least
    MIN_HEADLINE_WORDS words; not a credit line; on the body's topic (the lead repeats a share of its
    words); followed by the article's header (standfirst, byline,
    date, caption) or body; repeated by the page (its title line "Headline | Site" included); marked as a
    heading. Among equals the first wins (menus and rails sit above, captions and sub-headings below)."""
    lo, counted = start, 0
    while lo > 0 and counted < HEADER_BLOCKS:
        lo -= 1
        if not is_furniture(blocks[lo].text):  # a row of share buttons or a menu does not use up the window
            counted += 1
    candidates = [i for i in range(lo, start) if _headline_like(blocks[i])]
    if not candidates:
        return None
    titles = _title_lines(blocks, lo)
    lead = _content_words(" ".join(b.text for b in blocks[start : start + LEAD_BLOCKS]))

    def rank(i: int) -> tuple[bool, bool, bool, bool, bool, bool]:
        b = blocks[i]
        repeated = b.text in titles or sum(1 for x in blocks if x.text == b.text) > 1
        words = _content_words(b.text)
        on_topic = bool(words) and len(words & lead) >= HEADLINE_LEAD_OVERLAP * len(words)
        return (
            b.words >= MIN_HEADLINE_WORDS,
            not _credit_like(b.text),
            on_topic,
            _opens_article(blocks, i, start),
            repeated,
            b.kind == "heading",
        )

    best = max(rank(i) for i in candidates)
    return next(i for i in candidates if rank(i) == best)


def _title_lines(blocks: list[TextBlock], lo: int) -> set[str]:
    """The headline part of title lines above the header ("Headline | Site" -> "Headline")."""
    out: set[str] = set()
    for b in blocks[: min(lo + 1, 40)]:
        parts = _TITLE_SEPARATOR.split(b.text)
        if len(parts) >= 2 and len(parts[-1].split()) <= 6:
            out.add(" ".join(parts[:-1]) if len(parts) > 2 else parts[0])
    return out


def _site_name(blocks: list[TextBlock], headline: str | None, end: int) -> str | None:
    """The site's name: from a "Headline | Site" title line, else from the copyright line of the page's
    footer ("© 2026 Orrin Public Radio" -> "Orrin Public Radio")."""
    if headline:
        for b in blocks[:40]:
            parts = _TITLE_SEPARATOR.split(b.text)
            if len(parts) == 2 and parts[0] == headline and 1 <= len(parts[1].split()) <= 6:
                return parts[1].strip()
    for b in blocks[max(end, len(blocks) - FOOTER_BLOCKS) :][::-1]:
        m = _COPYRIGHT.match(b.text.strip()) if b.words <= 20 else None
        if m is None:
            continue
        name = re.split(r"\s*[.|·•]\s+|\.$", m.group("name"))[0]
        name = _COMPANY_SUFFIX.sub("", name).strip(" .,")
        if name and not name.isdigit() and len(name.split()) <= 6 and name[0].isupper():
            return name
    return None


def _opens_article(blocks: list[TextBlock], i: int, start: int) -> bool:
    """Whether the line after block ``i`` is the article's: a standfirst or paragraph (or any longer line),
    a byline, a date, a reading time or a caption; or the body itself."""
    j = i + 1
    if j >= start:
        return True
    b = blocks[j]
    t = b.text
    return bool(
        (b.words >= 8 and _SENTENCE_END.search(t) and not t.endswith("?") and not is_furniture(t))
        or _is_byline(t)
        or _is_date_line(b)
        or reading_minutes_in(t)
        or _caption_parts(t)
        or (b.words >= 12 and not is_furniture(t))
    )


def _content_words(text: str) -> set[str]:
    """Words of four letters or more, cut to five letters (a crude stem: "finals" and "final" meet)."""
    return {w[:5] for w in re.findall(r"\w{4,}", text.lower()) if not w.isdigit()}


def _credit_like(text: str) -> bool:
    """A line that credits people rather than telling news: "Sarah Lee, Tom Ward", "Review by Ana Ruiz",
    "From staff reports", "Deputy editor"."""
    return bool(_NAME_LIST.match(text) and len(text.split()) <= 8) or bool(_CREDIT_LINE.search(text))


_POSTED = re.compile(r"\s*(?:posted|published|updated|last updated|first published)\b", re.IGNORECASE)


def _set_standfirst(draft: Draft, blocks: list[TextBlock], head: int, start: int) -> None:
    nxt = head + 1
    if nxt >= start:
        return
    b = blocks[nxt]
    if b.text == blocks[head].text or not 8 <= b.words <= 80 or is_furniture(b.text) or _is_byline(b.text):
        return
    if _caption_parts(b.text) or _is_date_line(b) or _is_meta_line(b.text, blocks[head].text):
        return
    if written_dates(b.text, limit=1) and b.words <= 10:
        return
    draft.set("standfirst", b.text, "text")


def _is_meta_line(text: str, headline: str | None) -> bool:
    """A blog's post-meta line: "Posted on <date> by <name> 3 Comments on <headline>", or any dated
    line that repeats the headline."""
    if not written_dates(text, limit=1):
        return False
    return bool(_POSTED.match(text)) or bool(headline and len(headline) > 20 and headline in text)


def _set_section_and_minutes(draft: Draft, blocks: list[TextBlock], header: list[int], head: int | None) -> None:
    for i in header:
        minutes = reading_minutes_in(blocks[i].text) or _trailing_minutes(blocks[i])
        if minutes:
            draft.set("reading_minutes", minutes, "text")
            break
    top = [i for i in header if head is None or i < head] or header[:3]
    section = _breadcrumb_section(blocks, top, head) or _kicker_section(blocks, top, head)
    if section is None:
        for i in top:
            label = _label_text(blocks[i].text)
            if label and _SECTION_LABEL.match(label) and len(label.split()) <= 3 and not is_furniture(label):
                section = label
                break
    if section:
        draft.set("section", section.title() if section.isupper() else section, "text")


def _trailing_minutes(b: TextBlock) -> int | None:
    """ "... by Martha Quill 3 min read": a reading time closing a longer date or byline line."""
    m = None
    for m in READING_TIME.finditer(b.text):
        pass
    if m is None or m.end() < len(b.text.rstrip(" .|")) or b.words > 40 or not written_dates(b.text, limit=1):
        return None
    minutes = int(m.group(1) or m.group(2))
    return minutes if 0 < minutes < 600 else None


def _label_text(text: str) -> str:
    """A header line without reading time, dates and date words: what may be a section label."""
    text = READING_TIME.sub("", text)
    return _DATE_WORD.sub("", " ".join(_strip_dates(text).split())).strip()


def _breadcrumb_section(blocks: list[TextBlock], top: list[int], head: int | None) -> str | None:
    """The first level of a breadcrumb trail above the headline ("News / Local" -> "News")."""
    headline = blocks[head].text if head is not None else None
    for i in reversed(top):
        crumbs = [c.strip() for c in _BREADCRUMB.split(blocks[i].text) if c.strip()]
        crumbs = [c for c in crumbs if c.lower() not in ("home", "homepage", "start") and c != headline]
        if len(_BREADCRUMB.split(blocks[i].text)) < 2 or not crumbs:
            continue
        if all(len(c.split()) <= 4 and not is_furniture(c) for c in crumbs):
            return crumbs[0]
    return None


def _kicker_section(blocks: list[TextBlock], top: list[int], head: int | None) -> str | None:
    """The label right above the headline ("Local", "LIVE Politics", "WORLD" above "2 MIN READ")."""
    if head is None:
        return None
    for i in sorted((i for i in top if i < head), reverse=True):
        label = _label_text(blocks[i].text)
        if not label:
            continue  # a reading time or a date between the label and the headline
        label = _BADGE.sub("", label).strip()
        if label and len(label.split()) <= 3 and _TITLE_LABEL.match(label) and not is_furniture(label):
            return label
        return None
    return None


def _strip_dates(text: str) -> str:
    """``text`` without the dates (and times next to them) written in it."""
    text = re.sub(r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?\b", " ", text)
    text = re.sub(r"\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b", " ", text)
    months = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
    days = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
    text = re.sub(
        rf"\b{days}(?:\d{{1,2}}\s+{months},?\s+\d{{4}}|{months}\s+\d{{1,2}},?\s+\d{{4}})",
        " ",
        text,
        flags=re.IGNORECASE,
    )
    return re.sub(r"\b\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?(?![\w.])", " ", text, flags=re.IGNORECASE)


def _caption_parts(text: str) -> tuple[str | None, str] | None:
    """(caption, credit) of an image caption line (or a credit line alone), None when the line has no credit."""
    caption, credit = split_caption_credit(text)
    return (caption, credit) if credit else None


def _set_image(draft: Draft, blocks: list[TextBlock], header: list[int], head: int | None) -> set[int]:
    """The lead image's caption, credit and (from Markdown dumps) URL; returns the caption's blocks."""
    for i in header:
        parts = _caption_parts(blocks[i].text)
        if not parts:
            continue
        caption, credit = parts
        used = {i}
        if caption is None and i - 1 in header and _caption_above(blocks, i - 1, head):
            caption = blocks[i - 1].text  # the caption paragraph, then "Photo: X" on a line of its own
            used.add(i - 1)
        url = next((u for j in sorted(used) for _alt, u in blocks[j].images if u), None)
        draft.set("image", Image(url=url, caption=caption, credit=credit), "text")
        return used
    return set()


def _caption_above(blocks: list[TextBlock], i: int, head: int | None) -> bool:
    b = blocks[i]
    if head is not None and i <= head + 1:
        return False  # the headline or the standfirst
    return 5 <= b.words <= 80 and not _is_byline(b.text) and not _is_date_line(b) and not is_furniture(b.text)


def _set_authors(draft: Draft, blocks: list[TextBlock], header: list[int], head: int | None) -> None:
    for i in header:
        b = blocks[i]
        if _BYLINE.match(b.text) and b.words <= 16:
            names = parse_byline(b.text)
        elif head is not None and i > head and b.words <= 12 and _NAME_LIST.match(b.text) and _next_to_date(blocks, i):
            names = parse_byline(b.text)  # "Ruth Calder and Owen Pike" alone under the headline, next to the date
        elif b.words <= 40 and written_dates(b.text, limit=1) and (m := _INLINE_BYLINE.search(b.text)):
            names = parse_byline(f"By {m.group('names')}")
        else:
            continue
        if names:
            draft.set("authors", names, "text")
            return


def _next_to_date(blocks: list[TextBlock], i: int) -> bool:
    return any(0 <= j < len(blocks) and _is_date_line(blocks[j]) for j in (i - 1, i + 1))


def _set_dates(draft: Draft, blocks: list[TextBlock], header: list[int]) -> None:
    published: datetime | None = None
    updated: datetime | None = None
    for i in header:
        for wd in written_dates(blocks[i].text):
            when = wd.moment()
            if wd.label == "updated":
                updated = updated or when
            elif published is None or (wd.label == "published" and published.time() == time() and wd.clock):
                published = when if published is None or published.date() == when.date() else published
    draft.set("published_at", published, "text")
    if updated and (published is None or updated >= published):
        draft.set("updated_at", updated, "text")


def _labelled_date(b: TextBlock) -> bool:
    """A "Posted: Dec 22, 2023" or "Updated ..." date written in a longer line."""
    return b.words <= 60 and any(wd.label for wd in written_dates(b.text))


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
            if _is_list_filler(b):
                i += 1
                continue
            if not _is_listed_headline(b):
                if out:
                    break
                i += 1
                continue
            title = _RANK.sub("", _NAV_PREFIX.sub("", b.text))
            link_url = next((u for _label, u in b.links if u), None)
            if all(x.title != title for x in out):
                out.append(Link(title=title, url=link_url))
            i += 1
    return out


def _is_list_filler(b: TextBlock) -> bool:
    """What a list of headlines interleaves with them: a date, an image's file name ("[flood-300x200]")."""
    rest = _strip_dates(_IMAGE_NAME.sub(" ", b.text)).strip(" ,|·•-")
    return not rest or (b.words <= 8 and _is_date_line(b))


def _is_listed_headline(b: TextBlock) -> bool:
    text = b.text
    if not 3 <= b.words <= MAX_HEADLINE_WORDS or len(text) > 200 or is_furniture(text):
        return False
    if re.search(r"\s[|•·]\s", text):  # a row of footer links
        return False
    if written_dates(text, limit=1) and b.words <= 6:
        return False
    return not (text.endswith(".") and b.words > 8)  # a headline is no sentence (an author's bio is)
