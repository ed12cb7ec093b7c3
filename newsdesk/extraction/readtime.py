"""The reading time a page prints about itself: "2 MIN READ", "3 min read", "Reading time: 4 min".
When a page says it, its own figure wins over the one newsdesk computes."""

from __future__ import annotations

import re

READING_TIME = re.compile(
    r"\b(\d{1,3})\s*(?:-\s*)?(?:min(?:ute)?s?\.?)\s*(?:read|reading|de lecture|lesezeit|lectura)\b"
    r"|\b(?:reading time|read time|lesezeit|temps de lecture)\s*:?\s*(\d{1,3})\s*min",
    re.IGNORECASE,
)
MAX_LINE_CHARS = 40  # a reading-time label is short; a sentence that mentions minutes is not one


def reading_minutes_in(line: str) -> int | None:
    """The minutes a short label like "2 MIN READ" states, else None."""
    text = " ".join(line.split())
    if len(text) > MAX_LINE_CHARS:
        return None
    m = READING_TIME.search(text)
    if not m:
        return None
    minutes = int(m.group(1) or m.group(2))
    return minutes if 0 < minutes < 600 else None
