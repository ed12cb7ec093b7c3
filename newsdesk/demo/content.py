"""The demo newsroom's content: stories written in a compact text form, parsed into :class:`Story`.

Used at build time only (``python -m newsdesk.demo.build``); ``newsdesk demo`` reads the pages
the build wrote. A content file holds stories, each starting with a ``=== ID`` line, then
``key: value`` header lines, a blank line and the body's paragraphs separated by blank lines.
A paragraph starting ``## `` is a subheading. Keys:

- ``outlet`` (one of :data:`newsdesk.demo.outlets.OUTLETS`), ``section``, ``date`` (``2026-03-09
  07:15``, UTC), ``updated`` (optional), ``authors`` (``;``-separated), ``agency`` (wire service),
  ``headline``, ``standfirst``, ``caption``, ``credit``, ``image`` (a slug for the image URL),
  ``tags`` (``,``-separated), ``readmore`` (the id of an earlier story, linked inline after the
  paragraph ``readmore_after``, default the second-to-last), ``thread`` (a story thread's name).
- a syndicated copy: ``copy_of: ID`` plus ``outlet``, ``date`` and whatever it changes
  (``headline``, ``standfirst``, ``authors``, ``caption``, ``credit``, ``drop``: paragraph numbers
  from 1 to leave out); its own paragraphs, if any, are added at the end (the local angle).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

CONTENT_DIR = Path(__file__).parent / "content"
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, kw_only=True)
class Story:
    id: str
    outlet: str
    section: str
    published: datetime
    headline: str
    standfirst: str
    paragraphs: tuple[str, ...]
    authors: tuple[str, ...] = ()
    agency: str | None = None
    updated: datetime | None = None
    caption: str | None = None
    credit: str | None = None
    image: str | None = None
    tags: tuple[str, ...] = ()
    readmore: str | None = None
    readmore_after: int | None = None
    thread: str | None = None
    copy_of: str | None = None
    number: int = 0  # a per-outlet article number for URLs
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def words(self) -> int:
        return sum(len(_WORD.findall(p)) for p in self.paragraphs if not p.startswith("## "))

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.words / 230))

    @property
    def slug(self) -> str:
        text = re.sub(r"[^a-z0-9]+", "-", self.headline.lower().replace("'", "")).strip("-")
        return "-".join(text.split("-")[:9])

    @property
    def readmore_index(self) -> int:
        """Paragraph index after which the inline Read more link goes."""
        if self.readmore_after is not None:
            return self.readmore_after
        return max(1, len(self.paragraphs) - 2)


def _when(value: str) -> datetime:
    return datetime.strptime(value.strip(), "%Y-%m-%d %H:%M").replace(tzinfo=UTC)


def parse_stories(text: str, *, origin: str = "<content>") -> list[dict[str, object]]:
    """Raw story entries (headers + paragraphs) from one content file."""
    entries: list[dict[str, object]] = []
    for chunk in re.split(r"^=== ", text, flags=re.MULTILINE)[1:]:
        head, _, rest = chunk.partition("\n")
        header_text, _, body = rest.partition("\n\n")
        headers: dict[str, str] = {}
        for line in header_text.splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            key, sep, value = line.partition(":")
            if not sep:
                raise ValueError(f"{origin}: story {head.strip()}: header line without a colon: {line!r}")
            headers[key.strip()] = value.strip()
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", body) if p.strip()]
        entries.append({"id": head.strip(), "headers": headers, "paragraphs": paragraphs})
    return entries


def load_stories(directory: Path = CONTENT_DIR) -> list[Story]:
    """Every story and syndicated copy, in publication order, with per-outlet numbers."""
    raw = []
    for path in sorted(directory.glob("*.txt")):
        raw.extend(parse_stories(path.read_text(encoding="utf-8"), origin=path.name))
    stories: dict[str, Story] = {}
    for entry in raw:
        h: dict[str, str] = entry["headers"]  # type: ignore[assignment]
        paragraphs: list[str] = entry["paragraphs"]  # type: ignore[assignment]
        sid: str = entry["id"]  # type: ignore[assignment]
        if sid in stories:
            raise ValueError(f"story id {sid} used twice")
        if "copy_of" in h:
            stories[sid] = _copy(sid, stories[h["copy_of"]], h, paragraphs)
        else:
            stories[sid] = _story(sid, h, paragraphs)
    ordered = sorted(stories.values(), key=lambda s: (s.published, s.id))
    counters: dict[str, int] = {}
    numbered = []
    for story in ordered:
        counters[story.outlet] = counters.get(story.outlet, 0) + 1
        numbered.append(replace(story, number=30100 + 7 * counters[story.outlet] + len(story.outlet)))
    return numbered


def _split(value: str | None, sep: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").split(sep) if v.strip())


def _story(sid: str, h: dict[str, str], paragraphs: list[str]) -> Story:
    try:
        return Story(
            id=sid,
            outlet=h["outlet"],
            section=h["section"],
            published=_when(h["date"]),
            updated=_when(h["updated"]) if "updated" in h else None,
            headline=h["headline"],
            standfirst=h["standfirst"],
            paragraphs=tuple(paragraphs),
            authors=_split(h.get("authors"), ";"),
            agency=h.get("agency"),
            caption=h.get("caption"),
            credit=h.get("credit"),
            image=h.get("image"),
            tags=_split(h.get("tags"), ","),
            readmore=h.get("readmore"),
            readmore_after=int(h["readmore_after"]) if "readmore_after" in h else None,
            thread=h.get("thread"),
        )
    except KeyError as exc:
        raise ValueError(f"story {sid}: missing header {exc}") from None


def _copy(sid: str, original: Story, h: dict[str, str], local: list[str]) -> Story:
    drop = {int(n) - 1 for n in _split(h.get("drop"), ",")}
    paragraphs = tuple(p for i, p in enumerate(original.paragraphs) if i not in drop) + tuple(local)
    return replace(
        original,
        id=sid,
        outlet=h["outlet"],
        published=_when(h["date"]),
        updated=None,
        headline=h.get("headline", original.headline),
        standfirst=h.get("standfirst", original.standfirst),
        section=h.get("section", original.section),
        authors=_split(h["authors"], ";") if "authors" in h else original.authors,
        caption=h.get("caption", original.caption),
        credit=h.get("credit", original.credit),
        image=h.get("image", original.image),
        paragraphs=paragraphs,
        readmore=h.get("readmore"),
        readmore_after=None,
        copy_of=original.id,
    )
