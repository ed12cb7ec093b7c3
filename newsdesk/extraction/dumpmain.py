"""Find the article in a dump's blocks: the content half of the text-dump extractor.

Each block gets jusText-style signals (link density from lynx ``[n]`` markers and Markdown
links, length, stop-word density against the stop-word list that fits the dump best,
sentence punctuation, furniture and comment-section vocabulary, date-only lines, repeated
menu lines, position) plus its neighbours' signals; a logistic regression over them
(:data:`WEIGHTS`, fitted by ``bench/train_textdump.py``) gives the probability that the
block is body text. The article is the contiguous run of blocks with the greatest weight
of likely body text over boilerplate (a maximum-sum segment), trimmed to start and end on
likely blocks; inside it, only the unlikely blocks are dropped, so sub-headings and short
paragraphs stay.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
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
# where the article ends and readers' comments begin
_COMMENTS = re.compile(
    r"^(?:\d+\s+(?:responses?|comments?|replies|reactions|thoughts)\b.{0,80}$|"
    r"(?:leave|post|add|write) (?:a|your) (?:reply|comment|response)\b|"
    r"(?:reader )?comments?(?: \(\d+\))?:?$|join the (?:conversation|discussion)\b|have your say\b|"
    r"show comments|view comments|(?:\w+\s){0,3}\w+ (?:says|said|wrote|replied):$)",
    re.IGNORECASE,
)
_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE_ONLY = re.compile(
    rf"^(?:(?:posted|published|updated|last updated|on)\s*:?\s*)?(?:\w+day,?\s+)?"
    rf"(?:{_MONTHS}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\.?\s+{_MONTHS},?\s+\d{{4}}|\d{{4}}-\d\d-\d\d|"
    rf"\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}})"
    rf"(?:,?\s*(?:at\s+)?\d{{1,2}}[:.]\d\d(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{{2,4}})?)?\s*$",
    re.IGNORECASE,
)


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
    lists, languages_of = _stop_index()
    hits = [0] * len(lists)
    for word, n in Counter(words).items():
        for i in languages_of.get(word, ()):
            hits[i] += n
    best_hits = max(hits, default=0)
    if best_hits == 0 or best_hits < 0.15 * len(words):
        return None
    return lists[hits.index(best_hits)]  # the first list of the best, as a scan of the lists would pick


@lru_cache(maxsize=1)
def _stop_index() -> tuple[list[frozenset[str]], dict[str, tuple[int, ...]]]:
    """The stop lists in order, and for each stop word the lists that hold it (so a dump's words are
    looked up once, not once per language)."""
    lists = list(_stoplists().values())
    index: dict[str, list[int]] = {}
    for i, stop in enumerate(lists):
        for word in stop:
            index.setdefault(word, []).append(i)
    return lists, {word: tuple(langs) for word, langs in index.items()}


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
    if is_furniture(text) or parse_related_link(text) or _DATE_ONLY.match(text) or _COMMENTS.match(text):
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


_UPPER = re.compile(r"[A-ZÀ-Ý]")
_LETTER = re.compile(r"[^\W\d_]")
_DIGIT = re.compile(r"\d")

FEATURES = (
    "bias",
    "log_chars",
    "stopwords",
    "no_stoplist",
    "link_density",
    "markers_per_word",
    "sentence_end",
    "inner_sentences",
    "list_item",
    "heading",
    "furniture",
    "related_link",
    "date_only",
    "comments",
    "widget_label",
    "upper_ratio",
    "digit_ratio",
    "titlecase_ratio",
    "position",
    "wrapped",
    "repeated",
    "comma_ratio",
    "ends_colon",
    "mean_word_len",
    "ctx_sentence",
    "ctx_log_chars",
    "ctx_link_density",
    "ctx_stopwords",
    "class_good",
    "class_near_good",
    "class_bad",
)


def block_features(blocks: Sequence[TextBlock], stop: frozenset[str] | None) -> list[list[float]]:
    """One feature vector per block (see FEATURES): the block's own signals and its neighbours'."""
    n = len(blocks)
    seen: dict[str, int] = {}
    for b in blocks:
        key = b.text.lower()
        seen[key] = seen.get(key, 0) + 1
    own = []
    for b in blocks:
        sw = stopword_density(b, stop)
        own.append((is_sentence_like(b.text), math.log1p(len(b.text)), link_density(b), sw if sw is not None else 0.3))
    rows = []
    for i, b in enumerate(blocks):
        text = b.text
        words = max(1, b.words)
        letters = len(_LETTER.findall(text)) or 1
        tokens = text.split()
        cls = classify(b, stop)
        ctx = [own[j] for j in (i - 2, i - 1, i + 1, i + 2) if 0 <= j < n]
        k = len(ctx) or 1
        rows.append(
            [
                1.0,
                own[i][1],
                own[i][3],
                float(stop is None),
                own[i][2],
                min(1.0, b.markers / words),
                float(bool(_SENTENCE_END.search(text))),
                math.log1p(len(_INNER_SENTENCE.findall(text))),
                float(b.kind == "list_item"),
                float(b.kind == "heading"),
                float(is_furniture(text)),
                float(parse_related_link(text) is not None),
                float(bool(_DATE_ONLY.match(text))),
                float(bool(_COMMENTS.match(text))),
                float(is_widget_label(text)),
                len(_UPPER.findall(text)) / letters,
                len(_DIGIT.findall(text)) / max(1, len(text)),
                sum(1 for t in tokens if t[:1].isupper()) / max(1, len(tokens)),
                i / max(1, n - 1),
                float(b.lines > 1),
                float(seen[text.lower()] > 1),
                text.count(",") / words,
                float(text.endswith(":")),
                min(15.0, len(text) / max(1, len(tokens))) / 10,
                sum(float(c[0]) for c in ctx) / k,
                sum(c[1] for c in ctx) / k,
                sum(c[2] for c in ctx) / k,
                sum(c[3] for c in ctx) / k,
                float(cls == GOOD),
                float(cls == NEAR_GOOD),
                float(cls == BAD),
            ]
        )
    return rows


# Logistic-regression weights over FEATURES, fitted by bench/train_textdump.py on the dev corpora's
# lynx and w3m dumps (fitting on one corpus and scoring the other loses about 0.01 of F1).
WEIGHTS: tuple[float, ...] = (
    -5.5516,  # bias
    1.0764,  # log_chars
    0.2432,  # stopwords
    2.7138,  # no_stoplist
    -0.6597,  # link_density
    -0.9615,  # markers_per_word
    1.3283,  # sentence_end
    -0.4220,  # inner_sentences
    -0.1157,  # list_item
    0.0000,  # heading
    -1.9449,  # furniture
    -1.6496,  # related_link
    -3.8063,  # date_only
    -2.2184,  # comments
    -0.3272,  # widget_label
    0.0389,  # upper_ratio
    1.8657,  # digit_ratio
    -1.3993,  # titlecase_ratio
    -1.9483,  # position
    -0.7037,  # wrapped
    -1.2117,  # repeated
    2.1026,  # comma_ratio
    1.2665,  # ends_colon
    -3.6568,  # mean_word_len
    1.5954,  # ctx_sentence
    0.7738,  # ctx_log_chars
    -1.1846,  # ctx_link_density
    -1.2097,  # ctx_stopwords
    0.4268,  # class_good
    -0.3167,  # class_near_good
    0.0541,  # class_bad
)
REGION_THRESHOLD = 0.3  # blocks likelier than this to be body text pull the article region towards them
KEEP_THRESHOLD = 0.2  # inside the region, blocks less likely than this are dropped
EDGE_THRESHOLD = 0.5  # the region starts and ends on blocks at least this likely


def body_probabilities(blocks: Sequence[TextBlock]) -> list[float]:
    """For each block, the classifier's probability that it belongs to the article body."""
    stop = pick_stoplist(blocks)
    out = []
    for row in block_features(blocks, stop):
        z = sum(w * x for w, x in zip(WEIGHTS, row))
        out.append(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))))
    return out


def main_region(weights: Sequence[float]) -> tuple[int, int]:
    """[start, end) of the run of blocks with the greatest total weight (a maximum-sum segment)."""
    best, best_span = 0.0, (0, 0)
    total, start = 0.0, 0
    for i, w in enumerate(weights):
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
    probs = body_probabilities(blocks)
    weights = [(p - REGION_THRESHOLD) * math.sqrt(len(b.text) + 10) for b, p in zip(blocks, probs)]
    start, end = main_region(weights)
    while start < end and probs[start] < EDGE_THRESHOLD:
        start += 1
    while end > start and probs[end - 1] < EDGE_THRESHOLD:
        end -= 1
    # a closing sentence the region's edge just missed ("The cause of the fire is under investigation.")
    while end < len(blocks) and probs[end] >= REGION_THRESHOLD and _closing_sentence(blocks[end]):
        end += 1
    keep = [i for i in range(start, end) if probs[i] >= KEEP_THRESHOLD]
    kept = set(keep)
    # a sub-heading between two kept paragraphs stays, however unlikely it looked alone
    for i in range(start + 1, end - 1):
        if i not in kept and i - 1 in kept and i + 1 in kept and _subheading_like(blocks[i]):
            kept.add(i)
    _keep_whole_lists(blocks, kept, start, end)
    return sorted(kept)


MIN_LIVE_ENTRIES = 3
# a liveblog entry's time on a line of its own: "23.50 BST", "10:42am", "1h ago", "Updated 09:15 GMT"
_ENTRY_TIME = re.compile(
    r"^(?:(?:updated|posted)\s+)?(?:\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,5})?|"
    r"\d{1,3}\s*(?:m|mins?|minutes?|h|hrs?|hours?)\s+ago)$",
    re.IGNORECASE,
)
_LIVE_MARKER = re.compile(r"\blive\b|\bpinned post\b|\bkey events\b|\blatest updates\b", re.IGNORECASE)


def liveblog_body(blocks: Sequence[TextBlock], selected: Sequence[int]) -> list[int]:
    """The entries of a liveblog, when the dump is one, else [].

    A liveblog is a run of short timestamped entries ("23.50 BST" on its own line, a title, a few paragraphs,
    share buttons) under a page that says it is live: the block classifier, which favours long prose, keeps
    only scraps of it. Here the body runs from the first entry's time to the end of the last entry, without
    the times, buttons and labels between entries. ``selected`` is what :func:`select_body` chose: most of it
    must lie among the entries (a rail of other stories stamped "2h ago" is no liveblog)."""
    times = [i for i, b in enumerate(blocks) if b.words <= 6 and _ENTRY_TIME.match(b.text)]
    if len(times) < MIN_LIVE_ENTRIES or not any(_LIVE_MARKER.search(b.text) for b in blocks[: times[0]]):
        return []
    # entries follow each other: most gaps between consecutive times are short
    gaps = [b - a for a, b in itertools.pairwise(times)]
    if sum(1 for g in gaps if g <= 12) < 0.7 * len(gaps):
        return []
    probs = body_probabilities(blocks)
    end = times[-1] + 1
    while end < len(blocks) and _entry_text(blocks[end], probs[end]):
        end += 1
    body = [
        i
        for i in range(times[0] + 1, end)
        if i not in times and not is_furniture(blocks[i].text) and not parse_related_link(blocks[i].text)
    ]
    inside = sum(blocks[i].words for i in selected if times[0] < i < end)
    if inside * 2 < sum(blocks[i].words for i in selected) or sum(blocks[i].words for i in body) < 50:
        return []
    return body


def _entry_text(b: TextBlock, prob: float) -> bool:
    text = b.text
    if is_furniture(text) or is_widget_label(text) or parse_related_link(text) or _COMMENTS.match(text):
        return False
    return prob >= 0.05 or is_sentence_like(text)


def _keep_whole_lists(blocks: Sequence[TextBlock], kept: set[int], start: int, end: int) -> None:
    """A bulleted list inside the article stays whole when some of its items were kept: short items
    ("twelve public computers and free Wi-Fi;") look unlikely alone but belong with their siblings."""
    i = start
    while i < end:
        if blocks[i].kind != "list_item":
            i += 1
            continue
        j = i
        while j < end and blocks[j].kind == "list_item":
            j += 1
        run = range(i, j)
        # the list is kept in part after article text, or kept in half, or introduced by a kept line ("It will
        # include:") with the article going on after it; and its items read as text, not as links
        some = sum(k in kept for k in run)
        introduced = i - 1 in kept and j in kept and blocks[i - 1].text.endswith(":")
        if (some and (i - 1 in kept or some * 2 >= len(run))) or introduced:
            for k in run:
                b = blocks[k]
                if link_density(b) <= MAX_LINK_DENSITY and not is_furniture(b.text):
                    kept.add(k)
        i = j


def _closing_sentence(b: TextBlock) -> bool:
    return 4 <= b.words <= 40 and not b.markers and bool(_SENTENCE_END.search(b.text)) and not is_furniture(b.text)


def _subheading_like(b: TextBlock) -> bool:
    return 1 <= b.words <= 12 and not b.markers and not _SENTENCE_END.search(b.text) and not is_furniture(b.text)
