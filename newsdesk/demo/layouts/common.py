"""What every outlet's layout gets: the site's identity and one page's links."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from html import escape

from newsdesk.demo.content import Story


@dataclass(frozen=True)
class Site:
    key: str
    name: str
    home: str  # https://host/
    feed: str  # the feed newsdesk would follow
    kind: str  # "html" or "text"
    suffix: str  # file suffix of a stored page
    url: Callable[[Story], str]
    tz: timezone = UTC


@dataclass(frozen=True)
class Context:
    """Links a page carries besides its story: the inline Read more and the site's rail."""

    url: str
    readmore: tuple[str, str] | None  # (headline, url)
    rail: tuple[tuple[str, str], ...]  # (headline, url), the site's other stories


def e(text: str | None) -> str:
    return escape(text or "", quote=True)


def section_slug(section: str) -> str:
    return section.lower().replace(" ", "-")


def local(when: datetime, tz: timezone) -> datetime:
    return when.astimezone(tz)


def long_date(when: datetime) -> str:
    """March 4, 2026"""
    return f"{when:%B} {when.day}, {when.year}"


def clock(when: datetime) -> str:
    """9:42 a.m."""
    hour = when.hour % 12 or 12
    return f"{hour}:{when:%M} {'a.m.' if when.hour < 12 else 'p.m.'}"


CET = timezone(timedelta(hours=1), "CET")


def byline_names(authors: tuple[str, ...]) -> str:
    if len(authors) <= 1:
        return "".join(authors)
    return ", ".join(authors[:-1]) + " and " + authors[-1]
