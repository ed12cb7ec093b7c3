"""The text of a page element as a reader sees it.

lxml's ``text_content()`` joins the text nodes as they come, so words on either side of a line break
or of a block inside the element run together: ``<h1>Leslie Clio<br><span>Brave New Woman</span></h1>``
gives "Leslie ClioBrave New Woman". :func:`shown_text` keeps them apart, and leaves out the text of
``<style>`` and ``<script>`` elements, which a reader never sees."""

from __future__ import annotations

from lxml import etree

# elements that start a new line where they begin and end, in HTML and in trafilatura's XML
BREAKING = frozenset(
    {
        "br", "p", "div", "section", "article", "header", "footer", "aside", "figure", "figcaption",
        "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "table", "tr", "td", "th", "caption",
        "h1", "h2", "h3", "h4", "h5", "h6", "hr",
        "lb", "head", "item", "list", "quote", "row", "cell",
    }
)  # fmt: skip
HIDDEN = frozenset({"style", "script", "template", "noscript"})


def element_text(el: etree._Element) -> str:
    """``el``'s text with a space at each line break and block boundary inside it (not squashed)."""
    parts: list[str] = [el.text or ""]
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in HIDDEN or not tag:  # a hidden element, a comment or a processing instruction
            parts.append(child.tail or "")
            continue
        gap = " " if tag in BREAKING else ""
        parts.extend((gap, element_text(child), gap, child.tail or ""))
    return "".join(parts)


def shown_text(el: etree._Element) -> str:
    """``el``'s text as shown, whitespace squashed to single spaces."""
    return " ".join(element_text(el).split())


def paragraph_chars(el: etree._Element) -> int:
    """How many characters of ``<p>`` text ``el`` holds, whitespace squashed: how much of it is prose."""
    return sum(len(" ".join(p.text_content().split())) for p in el.iter("p"))
