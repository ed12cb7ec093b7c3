"""The last step shared by every extractor: collected fields + body -> Article.

Extractors fill a :class:`Draft` in order of trust (the first value set for a field
wins, unless a later one overrides it on purpose) and hand it to :func:`build_article`,
which derives what the page does not say: the plain text, word count, reading time and
language.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any

from newsdesk.models import Article, Block

WORDS_PER_MINUTE = 230
_WORD = re.compile(r"\w+", re.UNICODE)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_FIELDS = frozenset(Article.__dataclass_fields__) - {"input", "body", "text", "provenance"}


class Draft:
    """A mutable bag of field values with where each came from. Lives inside one
    extractor call only; what leaves the extractor is a frozen Article."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.provenance: dict[str, str] = {}

    def set(self, name: str, value: Any, source: str, *, override: bool = False) -> bool:
        """Set ``name`` unless it already has a value (or ``override``); empty values are ignored.
        Returns whether the value was taken."""
        if name not in _FIELDS:
            raise KeyError(f"Article has no field {name!r}")
        if value is None or value == "" or value == () or value == []:
            return False
        if name in self.values and not override:
            return False
        self.values[name] = tuple(value) if isinstance(value, list) else value
        self.provenance[name] = source
        return True

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)

    def has(self, name: str) -> bool:
        return name in self.values


def count_words(text: str) -> int:
    """Words in ``text``: \\w+ runs, each CJK character counting as one word."""
    cjk = len(_CJK.findall(text))
    if cjk:
        return cjk + len(_WORD.findall(_CJK.sub(" ", text)))
    return len(_WORD.findall(text))


def reading_minutes(word_count: int) -> int:
    """Minutes to read ``word_count`` words at a news reader's pace, at least 1."""
    return max(1, math.ceil(word_count / WORDS_PER_MINUTE))


def body_text(blocks: Iterable[Block]) -> str:
    """The body as plain text: blocks separated by a blank line."""
    return "\n\n".join(b.text for b in blocks if b.text)


def build_article(draft: Draft, *, input: str, body: Iterable[Block], body_source: str = "html") -> Article:
    """The Article the draft and body make; ``body_source`` is the provenance of body and text."""
    blocks = tuple(b for b in body if b.text.strip())
    text = body_text(blocks)
    provenance = dict(draft.provenance)
    values = dict(draft.values)
    words = count_words(text)
    if blocks:
        provenance["body"] = provenance["text"] = body_source
        values["word_count"] = words
        provenance["word_count"] = "computed"
        if not values.get("reading_minutes"):
            values["reading_minutes"] = reading_minutes(words)
            provenance["reading_minutes"] = "computed"
    if not values.get("language"):
        lang = detect_language(" ".join(filter(None, [values.get("headline"), values.get("standfirst"), text])))
        if lang:
            values["language"] = lang
            provenance["language"] = "computed"
    provenance = {k: v for k, v in provenance.items() if k in ("body", "text") or values.get(k) not in (None, "", ())}
    return Article(input=input, body=blocks, text=text, provenance=provenance, **values)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text`` (py3langid's bundled model), None when too short to tell."""
    if count_words(text) < 5:
        return None
    import py3langid  # loads its model on first use (~0.1 s)

    return str(py3langid.classify(text[:5000])[0])
