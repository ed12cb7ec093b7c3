"""Find the article in a dump's blocks: the content half of the text-dump extractor.

Each block is first classified on its own, the way jusText does for HTML: link density
(lynx ``[n]`` markers, Markdown links), length, stop-word density (against the stop-word
list of the dump's language, chosen as the one that fits the dump best), sentence
punctuation and furniture vocabulary give "good", "near-good", "short" or "bad". The
article is then the contiguous run of blocks with the best balance of good text over
boilerplate (a maximum-sum segment), trimmed of the headline and byline lines around it;
inside it, short blocks (sub-headings, one-line paragraphs) stay and boilerplate goes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from newsdesk.extraction.dumpblocks import TextBlock
from newsdesk.extraction.furniture import is_furniture, is_widget_label, parse_related_link

GOOD, NEAR_GOOD, SHORT, BAD = "good", "near-good", "short", "bad"
LENGTH_LOW = 70  # characters: below this a block says too little to judge on its own
LENGTH_HIGH = 200
STOPWORDS_LOW = 0.22
STOPWORDS_HIGH = 0.30
MAX_LINK_DENSITY = 0.35
_TOKEN = re.compile(r"\w+", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?…。！？]['\"”’»)\]]*$")
_INNER_SENTENCE = re.compile(r"\w[.!?]['\"”’]?\s+[\"“‘'(]?[A-ZÀ-Ý0-9]")


@lru_cache(maxsize=1)
def _stoplists() -> dict[str, frozenset[str]]:
    import justext  # a trafilatura dependency: 100 languages' stop words

    return {name: frozenset(justext.get_stoplist(name)) for name in justext.get_stoplists()}


def pick_stoplist(blocks: Sequence[TextBlock]) -> frozenset[str] | None:
    """The stop-word list that covers the most of the dump's words, None when none fits
    (scripts without spaces, or too little text)."""
    words = [w.lower() for b in blocks for w in _TOKEN.findall(b.text)]
    if len(words) < 30:
        return None
    counts: dict[str, int] = {}
    for w in words:
        counts[w] = counts.get(w, 0) + 1
    best, best_hits = None, 0
    for stop in _stoplists().values():
        hits = sum(n for w, n in counts.items() if w in stop)
        if hits > best_hits:
            best, best_hits = stop, hits
    if best is None or best_hits < 0.15 * len(words):
        return None
    return best


def link_density(block: TextBlock) -> float:
    """Share of the block's text inside links (estimated for lynx, whose links have no end mark)."""
    if not block.text:
        return 0.0
    if block.link_chars:
        return min(1.0, block.link_chars / len(block.text))
    if not block.markers:
        return 0.0
    linked = sum(min(len(label), 45) for label, _url in block.links)
    return min(1.0, linked / len(block.text))


def stopword_density(block: TextBlock, stop: frozenset[str] | None) -> float | None:
    if stop is None:
        return None
    words = _TOKEN.findall(block.text)
    if not words:
        return 0.0
    return sum(1 for w in words if w.lower() in stop) / len(words)


def is_sentence_like(text: str) -> bool:
    return bool(_SENTENCE_END.search(text) or _INNER_SENTENCE.search(text))


def classify(block: TextBlock, stop: frozenset[str] | None) -> str:
    """jusText-style class of one block taken alone."""
    text = block.text
    if is_furniture(text) or parse_related_link(text):
        return BAD
    ld = link_density(block)
    if ld > MAX_LINK_DENSITY or (block.markers >= 2 and block.words <= 3 * block.markers):
        return BAD
    chars = len(text)
    sw = stopword_density(block, stop)
    sentence = is_sentence_like(text)
    if chars < LENGTH_LOW:
        return BAD if ld > 0.2 else SHORT
    if sw is None:
        if sentence:
            return GOOD if chars >= LENGTH_HIGH else NEAR_GOOD
        return NEAR_GOOD if chars >= LENGTH_HIGH else SHORT
    if sw >= STOPWORDS_HIGH and (sentence or chars >= LENGTH_HIGH):
        return GOOD if chars >= LENGTH_HIGH or sentence and chars >= 100 else NEAR_GOOD
    if sw >= STOPWORDS_LOW:
        return NEAR_GOOD if sentence or chars >= LENGTH_HIGH else SHORT
    return BAD if not sentence else SHORT


WALL = 400.0  # a widget label ("Most read", "Related") closes the article: crossing it costs this much


def _weight(block: TextBlock, cls: str) -> float:
    chars = len(block.text)
    if cls == GOOD:
        return float(chars)
    if cls == NEAR_GOOD:
        return 0.5 * chars
    if cls == SHORT:
        if _SENTENCE_END.search(block.text) and block.kind != "list_item":
            return -5.0
        return -15.0 - 0.3 * chars
    if is_widget_label(block.text):
        return -WALL
    return -40.0 - 0.6 * chars


def main_region(blocks: Sequence[TextBlock], classes: Sequence[str]) -> tuple[int, int]:
    """[start, end) of the run of blocks with the greatest weight of good text over boilerplate."""
    best, best_span = 0.0, (0, 0)
    total, start = 0.0, 0
    for i, (b, c) in enumerate(zip(blocks, classes)):
        w = _weight(b, c)
        if total <= 0:
            total, start = w, i
        else:
            total += w
        if total > best:
            best, best_span = total, (start, i + 1)
    return best_span


def select_body(blocks: Sequence[TextBlock]) -> list[int]:
    """Indexes of the blocks that make the article body."""
    if not blocks:
        return []
    stop = pick_stoplist(blocks)
    classes = [classify(b, stop) for b in blocks]
    start, end = main_region(blocks, classes)
    if end <= start:
        return []
    # trim the headline, byline and date lines the region may open or close with
    while start < end and classes[start] not in (GOOD, NEAR_GOOD):
        start += 1
    while end > start and classes[end - 1] not in (GOOD, NEAR_GOOD):
        end -= 1
    return [i for i in range(start, end) if classes[i] != BAD]
