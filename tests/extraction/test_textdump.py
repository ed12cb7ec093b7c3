"""The plain-text page-dump extractor, on fictional articles dumped in each flavour we meet:
browser innerText, lynx (with and without its References list), w3m, html2text and WET."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from newsdesk.extraction.dumpblocks import split_blocks, split_warc_headers
from newsdesk.extraction.textdump import extract_text_dump

DUMPS = Path(__file__).resolve().parent.parent / "data" / "dumps"
SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_7f48476909e3728a.txt"

SOLAR_PARAGRAPHS = (
    "The harbour city of Millbrook switched on a floating solar farm on Tuesday",
    "The array of 72,000 panels sits on pontoons anchored to the reservoir bed",
    "It seemed a waste not to put the two together.",
    "the council's ecologists kept a wide channel open around it and say the birds have stayed.",
    "when it will publish figures on output, maintenance costs and wildlife.",
    "according to the council's budget papers.",
)
SOLAR_FURNITURE = (
    "Subscribe now",
    "Sign in",
    "Most read",
    "Source: Reuters",
    "Read more",
    "ferry timetable",
    "All rights reserved",
    "Privacy policy",
    "Coastal wind turbines",
    "[",
    "Opinion",
)
SOLAR_FLAVOURS = ("lynx_refs.txt", "lynx_nolist.txt", "w3m.txt")


def _extract(name: str):
    return extract_text_dump((DUMPS / name).read_text(encoding="utf-8"), input=name)


@pytest.mark.parametrize("name", SOLAR_FLAVOURS)
def test_wrapped_dump_body_is_reflowed_and_free_of_furniture(name):
    article = _extract(name)
    for sentence in SOLAR_PARAGRAPHS:
        assert sentence in article.text
    for furniture in SOLAR_FURNITURE:
        assert furniture not in article.text
    # hard-wrapped lines are joined back into one block per paragraph
    assert len([b for b in article.body if b.type == "paragraph" and b.text.startswith("The array")]) == 1


@pytest.mark.parametrize("name", SOLAR_FLAVOURS)
def test_wrapped_dump_fields(name):
    article = _extract(name)
    assert article.headline == "Harbour city opens floating solar farm on disused reservoir"
    assert article.standfirst.startswith("The 40-megawatt array")
    assert article.section == "Science"
    assert list(article.authors) == ["Marta Vellacott", "Idris Okonjo"]
    assert article.published_at == datetime(2024, 3, 5, 9, 30, tzinfo=UTC)
    assert article.agency == "Reuters"
    assert article.image is not None and article.image.credit == "Lakeside Courier/Jon Ferris"
    assert [(x.title, x.kind) for x in article.related_links] == [
        ("Coastal wind turbines delayed by cable shortage", "read-more")
    ]
    assert [x.title for x in article.page_links] == [
        "New ferry timetable adds late sailings to the islands",
        "Family bakery chain opens its fortieth shop",
        "Millbrook rowers win regional final by a bow length",
        "City library digitises a century of local newspapers",
    ]
    assert article.provenance["headline"] == "text"
    assert article.provenance["word_count"] == "computed"


def test_lynx_references_give_link_urls():
    article = _extract("lynx_refs.txt")
    assert article.related_links[0].url.endswith("/science/2024/02/wind-turbines-coast")
    assert article.page_links[0].url.endswith("/news/ferry-timetable")
    assert "file:///" not in article.text


def test_lynx_heading_at_column_zero_is_a_heading_block():
    article = _extract("lynx_refs.txt")
    assert [b.text for b in article.body if b.type == "heading"] == ["Birds and boats"]


def test_innertext_dump_anatomy():
    article = _extract("innertext.txt")
    assert article.section == "Business"
    assert article.reading_minutes == 4
    assert article.provenance["reading_minutes"] == "text"
    assert article.headline == "Glassworks cooperative buys out founder after forty years"
    assert article.standfirst.startswith("Workers at the Vetra glassworks")
    assert list(article.authors) == ["Petra Halvorsen"]
    assert article.published_at.date().isoformat() == "2024-04-11"
    assert article.updated_at.date().isoformat() == "2024-04-12"
    assert article.image.caption == "Furnace operators at work in the Vetra glassworks on Monday."
    assert article.image.credit == "Nordlicht Images"
    assert article.agency == "AFP"
    assert [(x.title, x.kind) for x in article.related_links] == [
        ("Korvik harbour dredging to start in June", "also-read")
    ]
    assert len(article.page_links) == 4
    assert "Union representatives said the workers had voted 131 to 9" in article.text
    for furniture in (
        "MOST POPULAR",
        "Also read",
        "SOURCE",
        "Explore",
        "Ferry operator",
        "Korvik Daily",
        "Glassworks cooperative buys out",
    ):
        assert furniture not in article.text


def test_markdown_dump_links_and_body():
    article = _extract("markdown.md")
    assert article.headline == "Night-shift nurses to get free taxis home after late shifts"
    assert list(article.authors) == ["Sofia Brennan"]
    assert article.published_at.date().isoformat() == "2024-02-14"
    assert article.image.credit == "Tom Aldous/Example News"
    assert article.related_links[0].url == "https://news.example.org/health/car-park-charges"
    assert [x.url for x in article.page_links][-1] == "https://news.example.org/health/minor-injuries"
    assert "Nurses who finish a shift after midnight at the three hospitals run by the Westvale trust" in article.text
    for furniture in ("](", "Skip to content", "Subscribe", "Most read", "Storm warning", "**"):
        assert furniture not in article.text


def test_wet_record_one_line_per_block():
    article = _extract("wet.txt")
    assert article.headline == "Valley towns link up with 60km greenway along old railway line"
    assert article.published_at == datetime(2024, 6, 6, 10, 15, tzinfo=timezone(timedelta(hours=1)))  # "10:15 BST"
    assert len(article.body) == 4
    assert [x.title for x in article.page_links] == [
        "Mountain stage of national tour moved after landslide",
        "Junior track team wins three medals at European championships",
    ]
    for furniture in ("Share this article", "Facebook", "More from Cycling", "Valley Post"):
        assert furniture not in article.text


def test_split_blocks_strips_lynx_references():
    blocks, refs = split_blocks((DUMPS / "lynx_refs.txt").read_text(encoding="utf-8"))
    assert refs[11].endswith("/science/2024/02/wind-turbines-coast")
    assert not any("References" == b.text or b.text.startswith("1. file:") for b in blocks)


def test_empty_dump_gives_empty_article():
    article = extract_text_dump("\n\n  \n", input="empty")
    assert article.body == () and article.headline is None


@pytest.mark.skipif(not SEED.exists(), reason="the seed page lives in ../shared/seeds beside the repo")
def test_seed_page_anatomy():
    article = extract_text_dump(SEED.read_text(encoding="utf-8"), input=str(SEED))
    assert article.published_at.date().isoformat() == "2022-11-17"
    assert article.published_at.tzinfo is not None
    assert article.section == "World"
    assert article.reading_minutes == 2
    assert article.headline == "Kazakhstan: Foiled coup attempt ahead of snap presidential election"
    assert article.standfirst.startswith("The country's National Security Committee said")
    assert list(article.authors) == ["Alican Tekingunduz"]
    assert article.image.caption.startswith("On Sunday, Kazakhstan will hold")
    assert article.image.credit == "Reuters Archive"
    assert article.agency == "AFP"
    assert [(x.title, x.kind) for x in article.related_links] == [
        ("Kazakhstan: Situation stabilises after week of violent riots", "read-more")
    ]
    assert len(article.page_links) == 15
    lines = SEED.read_text(encoding="utf-8").splitlines()
    explore = lines[lines.index("Explore") + 1 :]
    assert [x.title for x in article.page_links] == [" ".join(x.split()) for x in explore if x.strip()]
    body_start = next(i for i, x in enumerate(lines) if x.startswith("Kazakhstan says it has prevented"))
    body_end = next(i for i, x in enumerate(lines) if x.startswith("RECOMMENDED"))
    paragraphs = [x for x in lines[body_start:] if len(x.split()) > 12 and not x.startswith("READ MORE")]
    paragraphs = [x for x in paragraphs if lines.index(x) < lines.index("Explore")]
    assert body_end > body_start
    for paragraph in paragraphs:
        assert paragraph in article.text
    assert "is expected to win." in article.text  # the caption sentence the body repeats stays
    for furniture in ("RECOMMENDED", "READ MORE", "SOURCE", "Explore", "Reuters Archive", "By Alican"):
        assert furniture not in article.text
    for link in article.page_links:
        assert link.title not in article.text


def test_liveblog_entries_make_the_body():
    article = _extract("lynx_liveblog.txt")
    assert article.headline == "Tallow Bay regatta 2025: live updates as storm delays the final races"
    assert article.section == "Sport"
    assert list(article.authors) == ["Nina Trevose", "Colm Beddow"]  # a byline without "By", above the date
    assert article.standfirst.startswith("Follow every heat")
    assert article.published_at.date().isoformat() == "2025-06-14"
    assert article.updated_at > article.published_at
    assert article.image.credit == "Ivo Penhale/Tallow Gazette"
    for entry in (
        "What we know so far",
        "Forty-two boats are entered across six classes.",
        "The race committee has postponed the finals",
        "A reader, Bryn from Polwithen, writes:",
        "Good morning and welcome to live coverage",
        "The first heats start at 10am.",
    ):
        assert entry in article.text
    for furniture in (
        "Pinned post",
        "BST",
        "Key events",
        "2h ago",
        "Copy link",
        "Share",
        "Load more updates",
        "Most viewed",
        "Ferry fares to rise",
        "Ivo Penhale",
    ):
        assert furniture not in article.text
    assert [x.title for x in article.page_links][:1] == ["Ferry fares to rise by a fifth from July"]


def test_timestamped_rail_is_no_liveblog():
    story = "\n\n".join(
        f"Paragraph {n} of the story says what the council decided on Tuesday, and why the vote was so close "
        f"after a long debate in the chamber."
        for n in range(6)
    )
    rail = "\n".join(f"Live\n{h}h ago\nOther story number {h} in the rail of latest news" for h in range(1, 6))
    article = extract_text_dump(f"Council votes to keep the library open\n\n{story}\n\nLatest\n{rail}\n", input="t")
    assert "Paragraph 0 of the story" in article.text and "Paragraph 5 of the story" in article.text
    assert "Other story number" not in article.text


def test_headline_skips_breadcrumbs_and_menu_lines():
    article = _extract("innertext_breadcrumb.txt")
    assert article.headline == "Ferry service to Wicklow Island suspended after hull crack found"
    assert article.section == "News"  # the first level of "News / Local"
    assert article.standfirst.startswith("The island's only car ferry")
    assert list(article.authors) == ["Odile Marchand"]
    assert article.reading_minutes == 2
    assert article.agency == "Reuters"  # "PORT TESSEL, Ont. (Reuters) -"
    # a caption paragraph with its "Photo:" credit on the next line
    assert article.image.caption.startswith("The MV Wicklow Rose sits in dry dock")
    assert article.image.credit == "Arno Vittel/Harbour Press"
    assert article.text.startswith("PORT TESSEL, Ont. (Reuters) - The only car ferry")
    assert "The company expects the ferry to return by the end of the month." in article.text
    for furniture in (
        "WATCH LIVE",
        "News / Local",
        "Facebook X Email",
        "Photo:",
        "dry dock",
        "Have a news tip",
        "555-0148",
        "Trending",
        "Advertisement",
        "Staff Writer",
        "2 minute read",
    ):
        assert furniture not in article.text


def test_wet_record_headers_give_the_url_and_title_line_the_headline():
    article = _extract("wet_warc.txt")
    assert article.url == "https://www.coastpost.example/news/2025/05/20/lighthouse-reopens/"
    assert article.headline == "Old lighthouse at Skerra Point reopens to visitors after restoration"
    assert article.section == "Local"
    assert list(article.authors) == ["Mara Quennell"]
    assert article.image.credit == "Ewan Doyle/The Coast Post"
    assert article.text.startswith("The lighthouse at Skerra Point opened")
    assert article.text.endswith("The trust says it will publish visitor numbers at the end of the season.")
    for furniture in (
        "WARC",
        "Content-Length",
        "| The Coast Post",
        "By Mara",
        "Loading ad",
        "Have a news tip",
        "Storm damage closes",
    ):
        assert furniture not in article.text


def test_split_warc_headers():
    text, headers = split_warc_headers(
        "WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Target-URI: https://x.example/a\r\n\r\nPage title\nBody line"
    )
    assert headers["WARC-Target-URI"] == "https://x.example/a"
    assert text == "Page title\nBody line"
    assert split_warc_headers("Page title\nWARC/1.0\n") == ("Page title\nWARC/1.0\n", {})


def test_markdown_dump_image_url_and_caption_credit():
    dump = (
        "* [News](/news)\n* [Business](/business)\n* [Sport](/sport)\n\n"
        "# Mill town's paper works to reopen with 300 jobs\n\n"
        "## The Calder Paper site closed in 2019 and will make packaging board from next spring.\n\n"
        "By [Rhoda Fenn](/people/rhoda-fenn/)\n\nMay 2, 2025\n\n"
        "![The paper works](https://img.example/works.jpg)\n\n"
        "The paper works beside the river on Thursday. (Ola Brandt for The Mill Times)\n\n"
        + "\n\n".join(
            f"Paragraph {n}: the new owners said the machines, idle for six years, would be refitted "
            f"before the first shift starts in the spring."
            for n in range(5)
        )
    )
    article = extract_text_dump(dump, input="md")
    assert article.headline == "Mill town's paper works to reopen with 300 jobs"
    assert article.image.url == "https://img.example/works.jpg"
    assert article.image.caption == "The paper works beside the river on Thursday."
    assert article.image.credit == "Ola Brandt for The Mill Times"
    assert article.text.startswith("Paragraph 0:")


def test_short_list_items_stay_with_their_list():
    paras = "\n\n".join(
        f"Paragraph {n} explains in a full sentence what the new building will hold, and when it will open to readers."
        for n in range(4)
    )
    dump = (
        f"Library rebuild approved\n\n{paras}\n\nIt will include:\n\n"
        "  * a children's room;\n  * free Wi-Fi;\n  * a local history archive run with volunteers;\n\n"
        f"{paras.replace('Paragraph', 'Later paragraph')}\n\nMost read\n"
    )
    article = extract_text_dump(dump, input="list")
    assert [b.text for b in article.body if b.type == "list_item"] == [
        "a children's room;",
        "free Wi-Fi;",
        "a local history archive run with volunteers;",
    ]


def test_title_case_headline_above_a_date_is_not_a_byline():
    paras = "\n".join(
        f"Paragraph {n} of the story says what happened on the coast road, and what the council said about it."
        for n in range(6)
    )
    article = extract_text_dump(f"Menu\nNews\nStorm Closes Coast Road\nMay 3, 2025\nLena Hartig\n{paras}\n", input="t")
    assert article.headline == "Storm Closes Coast Road"
    assert list(article.authors) == ["Lena Hartig"]
    assert article.published_at.date().isoformat() == "2025-05-03"


def test_headline_is_the_line_the_body_is_about():
    paragraphs = (
        "The Harwick dairy will close its creamery in March, ending 90 years of cheese making in the town.",
        "The dairy's owners said rising milk prices had made the creamery too costly to run.",
        "Its 40 workers would be offered jobs at the group's plant in Selby, the owners said.",
        "The town council said it would ask the owners to keep the creamery's shop open for visitors.",
        "Cheese makers in the region said the closure showed how hard the year had been for small producers.",
    )
    body = "\n\n".join(paragraphs)
    dump = (
        "Five things to do in the valley this weekend\n"
        "A short guide to markets, walks and music across the district on Saturday and Sunday\nSubscribe\n"
        "Harwick creamery to close after 90 years of cheese making\n"
        "Photographs by Ines Falk\n\n" + body + "\n\nMost read\n"
    )
    article = extract_text_dump(dump, input="t")
    assert article.headline == "Harwick creamery to close after 90 years of cheese making"
    assert "Photographs by" not in article.text


_RADIO_DUMP = """Listen live   News   Culture   Podcasts

Harbour pilots agree new rota after two-week dispute

March 10, 2026, 13:30 CET

Harbour pilots at the port of Tessel agreed a new rota on Tuesday, ending a two-week dispute that had held up
dozens of cargo ships waiting to enter the port.

The agreement gives pilots two more rest days a month and adds four posts, the port authority said in a
statement, and the union said its members had voted by a large majority to accept it.

"It was never about money, it was about being rested enough to bring a ship in safely," said union
representative Ilse Varga, who led the talks for the pilots over the past fortnight.

Shipping companies said the backlog of vessels should clear by the weekend.

About us   Contact   Privacy

{footer}
"""


@pytest.mark.parametrize(
    ("footer", "site"),
    [
        ("© 2026 Orrin Public Radio", "Orrin Public Radio"),
        ("© 2026 Orrin Public Radio. All rights reserved.", "Orrin Public Radio"),
        ("Copyright © 2019-2026 The Tessel Courier Ltd. All rights reserved.", "The Tessel Courier"),
    ],
)
def test_site_name_from_the_copyright_line(footer: str, site: str) -> None:
    article = extract_text_dump(_RADIO_DUMP.format(footer=footer), input="radio.txt")
    assert article.site_name == site
    assert article.provenance["site_name"] == "text"
    assert article.published_at == datetime(2026, 3, 10, 13, 30, tzinfo=timezone(timedelta(hours=1)))


def test_site_name_from_a_title_line() -> None:
    text = "Harbour pilots agree new rota after two-week dispute | Tessel Radio\n\n" + _RADIO_DUMP.format(footer="")
    article = extract_text_dump(text, input="radio.txt")
    assert article.site_name == "Tessel Radio"


def test_no_copyright_line_no_site_name() -> None:
    article = extract_text_dump(_RADIO_DUMP.format(footer="Terms of use"), input="radio.txt")
    assert article.site_name is None


def test_a_posted_on_meta_line_under_the_headline_is_not_the_standfirst():
    headline = "Harbour board votes to close the Tidewater ferry pier for repairs"
    paragraph = (
        "The harbour board voted on Wednesday to shut the Tidewater ferry pier for eight months while engineers "
        "replace the timber piles that hold up its landing stage, the board's chair told reporters."
    )
    text = "\n\n".join(
        [
            f"{headline} | Tidewater Gazette",
            "News",
            headline,
            f"Posted on March 4, 2026March 4, 2026 by Ada Brennan 2 Comments on {headline} 2 min read",
            paragraph,
            paragraph.replace("Wednesday", "Thursday").replace("eight", "nine"),
            paragraph.replace("harbour board", "port authority"),
        ]
    )
    article = extract_text_dump(text, input="posted.txt")
    assert article.headline == headline
    assert article.standfirst is None
    assert "Posted on" not in article.text
