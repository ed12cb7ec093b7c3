"""Image captions and credits, as pages write them.

A caption often ends with the picture's credit, in one of a few stock forms:

- after a slash: ``Police at the scene. / Reuters Archive``;
- labelled: ``Fans cheer. Photo: Lea Morel/AFP``, ``Credit: X``, ``Photograph: X``, ``Image: X``,
  ``Photo by X``, ``Foto: X``, ``© X``, in parentheses or brackets or not;
- in parentheses without a label, when it names an agency the way credits do: ``(X/Getty Images)``,
  ``(X via Reuters)``, ``(X for The Chronicle)``, or is a wire service alone (``(Reuters)``) or a
  courtesy line (``(Courtesy of the Lenhaven Institute)``).

A slash credit may hold a slash of its own: ``Firefighters at work. / Lars Eklund/Reuters``.

:func:`split_caption_credit` parts the two (both for HTML captions and for lines of a text dump: it
finds a credit only in these forms, so a line of body text is left alone); :func:`clean_credit`
takes the label off a credit found on its own (``Photo: X`` -> ``X``).
"""

from __future__ import annotations

import re

import lxml.html

from newsdesk.extraction.agency import canonical_agency
from newsdesk.extraction.shown import shown_text

MAX_CAPTION_CHARS = 600  # longer text is an article paragraph, not a caption
MAX_CREDIT_WORDS = 8
MAX_SLASH_CREDIT_WORDS = 6
# credit labels, longest first so "Photograph:" is never read as "Photo" + "graph:"
_LABELS = (
    r"(?:photo\s+credit|image\s+credit|picture\s+credit|photo\s+illustration|photograph|photography|photos?|"
    r"images?|pictures?|pics?|credits?|fotos?|bild(?:er)?|quelle|source|copyright)"
)
_LABEL = re.compile(
    rf"^\s*(?:{_LABELS}\s*(?::|\bby\b|/)|(?:image|photo|picture)\s+source\s*,|©|\(c\)|copyright\b)\s*", re.IGNORECASE
)
_CAPTION_LABEL = re.compile(r"^\s*(?:image|photo|picture)\s+caption\s*[,:]\s*", re.IGNORECASE)
_LABELLED_TAIL = re.compile(
    rf"(?:^|(?<=[\s.!?;,|(\[—–-]))[(\[]?\s*(?P<credit>(?:\b{_LABELS}\s*(?::|\bby\b|/)|©|\(c\))\s*[^()\[\]]{{2,80}}?)"
    r"\s*[)\]]?\s*\.?\s*$",
    re.IGNORECASE,
)
# the credit after " / " may hold a slash of its own between letters ("Lars Eklund/Reuters", not "2024/25")
_SLASH_TAIL = re.compile(
    r"^(?P<caption>.{15,}?\S)\s+/\s+(?P<credit>(?:[^/]|(?<=[^\W\d])/(?=[^\W\d])){2,60}?)\s*$", re.DOTALL
)
_BRACKET_TAIL = re.compile(r"^(?P<caption>.*?\S)\s*[(\[](?P<credit>[^()\[\]]{2,80})[)\]]\s*\.?\s*$", re.DOTALL)
_COURTESY = re.compile(r"^\s*(?:photo\s+|image\s+)?courtesy\s+(?:of\s+)?(?=\S)", re.IGNORECASE)
_PAREN_TAIL = re.compile(
    r"^(?P<caption>.*?\S)?\s*[(\[](?P<credit>[^()\[\]]{2,60}(?:\S/\S|\bvia\b|\sfor\s+(?:the\s+)?[A-Z])[^()\[\]]{1,60})"
    r"[)\]]\s*\.?\s*$",
    re.DOTALL,
)
_CAPTION_CLASS = re.compile(
    r"caption|cutline|legend|bildunterschrift|image-?text|photo-?text|media-?text", re.IGNORECASE
)
_CREDIT_CLASS = re.compile(r"credit|copyright|photographer|attribution|\bsource\b", re.IGNORECASE)
_CAPTION_CREDIT_CLASS = re.compile(r"credit|copyright|photographer|attribution|\bsource\b|byline|author", re.IGNORECASE)
_CONTAINER_STOP = frozenset({"body", "html", "article", "main", "section"})
MAX_FIGURE_LEVELS = 3  # how far above an <img> its caption block is looked for
MAX_CREDIT_CHARS = 160
_SENTENCE_END = re.compile(r"[.!?…]['\"”’)]*$")
_EDGE = " \t\n/|-–—:;,"


def split_caption_credit(text: str) -> tuple[str | None, str | None]:
    """``(caption, credit)`` of a caption that may end with (or be only) an image credit; the credit without
    its label. ``("Police at the scene.", "Reuters Archive")`` from ``Police at the scene. / Reuters Archive``;
    ``(text, None)`` when no credit is written in a known form."""
    text = _CAPTION_LABEL.sub("", " ".join(text.split()))
    if not text:
        return None, None
    if len(text) > MAX_CAPTION_CHARS:
        return text, None
    m = _PAREN_TAIL.match(text)
    if m and len(m.group("credit").split()) <= MAX_CREDIT_WORDS:
        return _caption(m.group("caption") or ""), clean_credit(m.group("credit"))
    m = _BRACKET_TAIL.match(text)
    if m and len(m.group("credit").split()) <= MAX_CREDIT_WORDS and _is_bare_credit(m.group("credit")):
        return _caption(m.group("caption")), clean_credit(m.group("credit"))
    m = _LABELLED_TAIL.search(text)
    if m and len(m.group("credit").split()) <= MAX_CREDIT_WORDS + 1 and _starts_credit(text, m.start("credit")):
        credit = clean_credit(m.group("credit"))
        if credit:
            return _caption(text[: m.start()]), credit
    m = _SLASH_TAIL.match(text)
    if m and len(m.group("credit").split()) <= MAX_SLASH_CREDIT_WORDS and not _SENTENCE_END.search(m.group("credit")):
        return _caption(m.group("caption")), clean_credit(m.group("credit"))
    return text, None


def _is_bare_credit(text: str) -> bool:
    """A bracketed tail that is a credit without a label: a wire service alone ("Reuters", "AP Photo") or a
    courtesy line ("Courtesy of the Lenhaven Institute")."""
    text = text.strip()
    return (
        bool(_COURTESY.match(text))
        or canonical_agency(re.sub(r"\s+(?:photos?|images?)$", "", text, flags=re.IGNORECASE)) is not None
    )


def clean_credit(text: str | None) -> str | None:
    """A credit without its label, brackets and end punctuation: ``Photo: X/Getty Images`` -> ``X/Getty Images``;
    None when nothing is left."""
    if not text:
        return None
    credit = " ".join(text.split()).strip(" ()[]")
    for _ in range(2):  # "(Photo: © X)"
        credit = _LABEL.sub("", credit).strip(" ()[].,;:|")
    return credit or None


def figure_of(img: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """The element that holds ``img`` and its caption: the ``<figure>`` around it, else the nearest ancestor
    (a few levels up, holding no other picture) with a caption or credit in it."""
    node = img
    for _ in range(MAX_FIGURE_LEVELS):
        node = node.getparent()
        if node is None or not isinstance(node.tag, str) or node.tag in _CONTAINER_STOP:
            return None
        if node.tag == "figure":
            return node
        if sum(1 for _ in node.iter("img")) > 1:
            return None
        if _caption_element(node) is not None or _credit_element(node, _CREDIT_CLASS) is not None:
            return node
    return None


def figure_caption(figure: lxml.html.HtmlElement) -> tuple[str | None, str | None]:
    """``(caption, credit)`` written in ``figure`` (a ``<figure>`` or a block like it): the ``<figcaption>`` or
    caption-classed element, its credit from a credit-classed element or from the caption's own words."""
    cap = _caption_element(figure)
    credit_el = _credit_element(cap, _CAPTION_CREDIT_CLASS) if cap is not None else None
    if credit_el is None:
        credit_el = _credit_element(figure, _CREDIT_CLASS)
    if cap is None and credit_el is None:
        return None, None
    credit_text = _text(credit_el) if credit_el is not None else ""
    text = _text(cap) if cap is not None else ""
    if credit_text and credit_text in text:
        at = text.rfind(credit_text)
        text = f"{text[:at]} {text[at + len(credit_text) :]}"
    caption, credit = split_caption_credit(text)
    if credit_text:
        credit = clean_credit(credit_text)
    return caption, credit


def _caption_element(figure: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    for el in figure.iterdescendants():
        if not isinstance(el.tag, str):
            continue
        if el.tag == "figcaption" or (_CAPTION_CLASS.search(el.get("class", "")) and _text(el)):
            return el
    return None


def _credit_element(figure: lxml.html.HtmlElement, classes: re.Pattern[str]) -> lxml.html.HtmlElement | None:
    for el in figure.iterdescendants():
        if isinstance(el.tag, str) and classes.search(el.get("class", "")):
            text = _text(el)
            if text and len(text) <= MAX_CREDIT_CHARS:
                return el
    return None


def _text(el: lxml.html.HtmlElement) -> str:
    return shown_text(el)


def _starts_credit(text: str, start: int) -> bool:
    """Whether a label at ``start`` begins a credit: at the start, after a bracket, a sentence's end or a
    separator, or capitalised ("... the square Photo: X"), not in running text ("a satellite image: the ...")."""
    before = text[:start].rstrip(" ([")
    return not before or before[-1] in ".!?|/—–-:;" or not text[start].isalpha() or text[start].isupper()


def _caption(text: str) -> str | None:
    text = text.strip(_EDGE + "([")
    return text or None


__all__ = ["clean_credit", "figure_caption", "figure_of", "split_caption_credit"]
