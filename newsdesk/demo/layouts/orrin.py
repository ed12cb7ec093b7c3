"""Orrin Public Radio: its pages exist here only as plain-text dumps, the way a browser's
``document.body.innerText`` gives them (navigation lines first, "LISTEN LIVE", the section
uppercased by CSS, caption "... / Credit", "By" line, the date, the body with "Read more:" and
"SOURCE: AFP" lines, then "More from Orrin" and the footer)."""

from __future__ import annotations

from newsdesk.demo.content import Story
from newsdesk.demo.layouts.common import CET, Context, Site, byline_names, local, section_slug

HOST = "https://news.orrinradio.example"


def _url(story: Story) -> str:
    return f"{HOST}/{section_slug(story.section)}/{story.number}/{story.slug}"


SITE = Site(
    key="orrin",
    name="Orrin Public Radio",
    home=f"{HOST}/",
    feed=f"{HOST}/podcast-and-news.rss",
    kind="text",
    suffix=".txt",
    url=_url,
    tz=CET,
)

NAV = ("NEWS", "POLITICS", "BUSINESS", "SCIENCE", "CULTURE", "SPORT", "PODCASTS", "SCHEDULE")


def render(story: Story, ctx: Context) -> str:
    published = local(story.published, CET)
    lines: list[str] = ["Skip to main content", "Orrin Public Radio", *NAV, " LISTEN LIVE  Donate", ""]
    lines += [
        story.section.upper(),
        story.headline,
        story.standfirst,
    ]
    if story.caption:
        lines.append(story.caption + (f" / {story.credit}" if story.credit else ""))
    if story.authors:
        lines.append(f"By {byline_names(story.authors)}")
    lines.append(f"{published:%B} {published.day}, {published.year}, {published:%H:%M} CET")
    lines += ["Share", "Listen to this story", ""]
    for i, para in enumerate(story.paragraphs):
        lines += [para.removeprefix("## "), ""]
        if ctx.readmore and i == story.readmore_index:
            lines += [f"Read more: {ctx.readmore[0]}", ""]
    if story.agency:
        lines += [f"SOURCE: {story.agency}", ""]
    lines += ["Orrin Public Radio is funded by listeners like you. Give today.", "", "More from Orrin"]
    lines += [title for title, _ in ctx.rail[:8]]
    lines += [
        "About OPR",
        "Contact",
        "Careers",
        "Privacy",
        "Terms of use",
        "",
        "© 2026 Orrin Public Radio. All rights reserved.",
    ]
    return "\n".join(lines) + "\n"
