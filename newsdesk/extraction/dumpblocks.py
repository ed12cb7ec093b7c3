"""Plain-text page dumps -> blocks: the layout half of the text-dump extractor.

A dump is what a text browser or a scraper printed for a page: browser innerText (one line
per block), ``lynx -dump`` (paragraphs indented, wrapped at the column width, links marked
``[12]text`` and listed under "References" at the end), ``w3m -dump`` (wrapped, bullets
``•``), html2text (Markdown-ish: ``# Heading``, ``[text](url)``, ``* item``) and Common
Crawl WET records (one line per block). :func:`split_blocks` undoes the layout: it strips
the link markers (keeping where each link pointed), reflows hard-wrapped lines into
paragraphs and tags each block as a paragraph, heading, list item or quote.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field

WRAPPED_MAX_WIDTH = 160  # a dump whose lines stop at a width below this was wrapped by its tool
_REF_HEADER = re.compile(r"^\s*(References|Visible links:?|Hidden links:?)\s*$")
_REF_LINE = re.compile(r"^\s*(\d+)\.\s+(\S+)\s*$")
_LYNX_LINK = re.compile(r"\[(\d+)\]")
_LYNX_IMAGE = re.compile(r"\[(?:IMG|INLINE|image|[^\]\s]*\.(?:jpe?g|png|gif|webp|svg)[^\]]*)\]", re.IGNORECASE)
_LYNX_FORM = re.compile(r"\((?:BUTTON|RADIO|CHECKBOX|IMAGE|submit|reset)\)|\[(?:X| )\]|_{4,}|\(\*\)|\( \)")
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\((\S*?)(?:\s+\"[^\"]*\")?\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\((\S+?)(?:\s+\"[^\"]*\")?\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_W3M_FORM = re.compile(r"\[\s{3,}\]|\[[_ ]{3,}\]")
_BULLET = re.compile(r"^(?:[*+o#@•◦▪▫■□☆○●‣∙·–-]|\d{1,3}[.)])\s+(?=\S)")
_QUOTE = re.compile(r"^>\s?")
_WORD = re.compile(r"\w+", re.UNICODE)
_WARC_START = re.compile(r"^\s*WARC/\d\.\d+\s*$")
_HEADER_LINE = re.compile(r"^([A-Za-z][\w-]*):\s*(.*)$")
MAX_WARC_HEADER_LINES = 60


@dataclass(slots=True)
class TextBlock:
    """One block of a dump: a paragraph, heading, list item or quote, reflowed."""

    text: str  # plain text, markers stripped, whitespace collapsed
    kind: str = "paragraph"  # "paragraph", "heading", "list_item", "quote"
    indent: int = 0
    lines: int = 1  # how many dump lines it came from
    links: list[tuple[str, str | None]] = field(default_factory=list)  # (link text or "", url)
    images: list[tuple[str, str]] = field(default_factory=list)  # (alt text, url) of images in or just above it
    link_chars: int = 0  # characters of text inside links, when the dump shows where links end
    markers: int = 0  # link markers seen (lynx [n], markdown links)
    gap_before: bool = True  # a blank line (or the start) precedes the block
    words: int = 0

    def __post_init__(self) -> None:
        self.words = len(_WORD.findall(self.text))


@dataclass(slots=True)
class _Line:
    raw: str
    indent: int
    width: int
    body: str  # stripped of indentation and bullet
    bullet: bool
    heading: bool = False
    quote: bool = False


def split_references(text: str) -> tuple[str, dict[int, str]]:
    """Cut lynx's numbered "References" list off the end of a dump: (page text, {n: url})."""
    lines = text.splitlines()
    refs: dict[int, str] = {}
    for i in range(len(lines) - 1, -1, -1):
        if lines[i].strip() == "References":
            tail = lines[i + 1 :]
            found = [m for m in (_REF_LINE.match(x) for x in tail) if m]
            if found and len(found) * 2 >= sum(1 for x in tail if x.strip() and not _REF_HEADER.match(x)):
                refs = {int(m.group(1)): m.group(2) for m in found}
                return "\n".join(lines[:i]), refs
            break
    return text, refs


def split_warc_headers(text: str) -> tuple[str, dict[str, str]]:
    """Cut the WARC record headers off a Common Crawl WET record: (page text, {header name: value}).
    Text that does not open with ``WARC/1.x`` comes back as it is, with no headers."""
    lines = text.split("\n", MAX_WARC_HEADER_LINES + 1)
    if not lines or not _WARC_START.match(lines[0]):
        return text, {}
    headers: dict[str, str] = {}
    for n, line in enumerate(lines[1 : MAX_WARC_HEADER_LINES + 1], start=1):
        if not line.strip():
            return "\n".join(lines[n + 1 :]), headers
        m = _HEADER_LINE.match(line.strip())
        if not m:
            break
        headers.setdefault(m.group(1), m.group(2).strip())
    return text, {}


def split_blocks(text: str) -> tuple[list[TextBlock], dict[int, str]]:
    """Blocks of a dump, in page order, and lynx's reference URLs by number."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\t", "    ")
    text, refs = split_references(text)
    lines = text.split("\n")
    markdown = _looks_markdown(text)
    width = _wrap_width(lines)
    blocks: list[TextBlock] = []
    run: list[_Line] = []
    gap = True
    for raw in lines:
        if not raw.strip():
            if run:
                blocks.extend(_reflow(run, width, gap, refs, markdown))
            run, gap = [], True
            continue
        line = _parse_line(raw, markdown)
        if line is None:
            continue
        run.append(line)
    if run:
        blocks.extend(_reflow(run, width, gap, refs, markdown))
    out: list[TextBlock] = []
    images: list[tuple[str, str]] = []  # those of image-only blocks, handed to the next block (often the caption)
    for b in blocks:
        if not b.text:
            images.extend(b.images)
            continue
        if images:
            b.images[:0] = images
            images = []
        out.append(b)
    return out, refs


def _looks_markdown(text: str) -> bool:
    sample = text[:200_000]
    return len(_MD_LINK.findall(sample)) >= 2 or bool(re.search(r"^#{1,6} \S", sample, re.MULTILINE))


def display_width(s: str) -> int:
    """Columns ``s`` takes in a terminal: East Asian wide characters count twice."""
    if s.isascii():
        return len(s)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _wrap_width(lines: list[str]) -> int | None:
    """The column at which the dump's tool wrapped lines, None when it did not wrap them.

    Wrapped lines are those followed by another text line; in a wrapped dump most of them end
    close to one column, and hardly any line with spaces in it goes past that column."""
    spaced = [display_width(x.rstrip()) for x in lines if " " in x.strip() and "](" not in x]  # md links never break
    followed = sorted(
        display_width(x.rstrip())
        for x, nxt in itertools.pairwise(lines)
        if " " in x.strip() and len(x.strip()) > 30 and nxt.strip() and not _BULLET.match(nxt.strip())
    )
    if len(followed) < 3:
        return None
    cap = followed[int(0.9 * (len(followed) - 1))]
    if cap > WRAPPED_MAX_WIDTH:
        return None
    if sum(1 for w in spaced if w > cap + 8) > 0.1 * len(spaced) + 1:
        return None
    near = sum(1 for w in followed if cap - 15 <= w <= cap)
    return cap if near >= max(3, 0.3 * len(followed)) else None


def _parse_line(raw: str, markdown: bool) -> _Line | None:
    line = raw.rstrip()
    stripped = line.lstrip()
    indent = len(line) - len(stripped)
    heading = quote = False
    if markdown:
        m = _MD_HEADING.match(stripped)
        if m and indent == 0:
            stripped, heading = m.group(2), True
        elif _QUOTE.match(stripped):
            stripped, quote = _QUOTE.sub("", stripped), True
    bullet = False
    m = _BULLET.match(stripped)
    # "o " and "# " are lynx bullets only when indented
    if m and not heading and not (markdown and stripped.startswith("#")) and not (stripped[0] in "o#" and indent == 0):
        stripped, bullet = stripped[m.end() :], True
    if not stripped:
        return None
    return _Line(
        raw=line, indent=indent, width=display_width(line), body=stripped, bullet=bullet, heading=heading, quote=quote
    )


def _continues(prev: _Line, line: _Line, width: int | None, text_indent: int) -> bool:
    """Whether ``line`` is the wrapped rest of ``prev`` (the tool broke the line, not the page)."""
    if width is None or line.bullet or line.heading or prev.heading:
        return False
    if line.indent != text_indent:
        return False
    first = line.body.split(" ", 1)[0]
    return prev.width + 1 + display_width(first) > width - 2


def _reflow(run: list[_Line], width: int | None, gap: bool, refs: dict[int, str], markdown: bool) -> list[TextBlock]:
    groups: list[list[_Line]] = []
    text_indent = 0
    for line in run:
        if groups and _continues(groups[-1][-1], line, width, text_indent):
            groups[-1].append(line)
            continue
        groups.append([line])
        head = line
        text_indent = head.indent + (len(head.raw.lstrip()) - len(head.body)) if head.bullet else head.indent
    out: list[TextBlock] = []
    for n, group in enumerate(groups):
        first = group[0]
        joined = " ".join(x.body for x in group)
        block = _make_block(joined, first, refs, markdown)
        block.lines = len(group)
        block.gap_before = gap and n == 0
        out.append(block)
    return out


def _make_block(text: str, first: _Line, refs: dict[int, str], markdown: bool) -> TextBlock:
    links: list[tuple[str, str | None]] = []
    link_chars = markers = 0
    images: list[tuple[str, str]] = []
    if markdown:
        images = [(m.group(1).strip(), m.group(2)) for m in _MD_IMAGE.finditer(text)]
        text = _MD_IMAGE.sub("", text)

        def _md(m: re.Match[str]) -> str:
            nonlocal link_chars, markers
            links.append((m.group(1).strip(), m.group(2)))
            link_chars += len(m.group(1))
            markers += 1
            return m.group(1)

        text = _MD_LINK.sub(_md, text)
        text = _MD_EMPHASIS.sub(r"\2", text)
    text = _LYNX_IMAGE.sub(" ", text)
    text = _LYNX_FORM.sub(" ", text)
    text = _W3M_FORM.sub(" ", text)
    found = list(_LYNX_LINK.finditer(text))
    if found:
        pieces = []
        last = 0
        for i, m in enumerate(found):
            pieces.append(text[last : m.start()])
            end = found[i + 1].start() if i + 1 < len(found) else len(text)
            label = _link_label(text[m.end() : end])
            links.append((label, refs.get(int(m.group(1)))))
            markers += 1
            last = m.end()
        pieces.append(text[last:])
        text = "".join(pieces)
    text = " ".join(text.split())
    kind = "heading" if first.heading else "quote" if first.quote else "list_item" if first.bullet else "paragraph"
    return TextBlock(
        text=text, kind=kind, indent=first.indent, links=links, link_chars=link_chars, markers=markers, images=images
    )


def _link_label(after: str) -> str:
    """The likely text of a lynx link: what follows its marker up to the next marker or sentence stop."""
    label = re.split(r"(?<=[.!?])\s|\s{2,}|\s[|•·]\s", after.strip(), maxsplit=1)[0]
    return " ".join(label.split())
