"""The plain-text page-dump extractor, on fictional articles dumped in each flavour we meet:
browser innerText, lynx (with and without its References list), w3m, html2text and WET."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsdesk.extraction.dumpblocks import split_blocks
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
SOLAR_FURNITURE = ("Subscribe now", "Sign in", "Most read", "Source: Reuters", "Read more", "ferry timetable",
                   "All rights reserved", "Privacy policy", "Coastal wind turbines", "[", "Opinion")
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
        ("Coastal wind turbines delayed by cable shortage", "read-more")]
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
        ("Korvik harbour dredging to start in June", "also-read")]
    assert len(article.page_links) == 4
    assert "Union representatives said the workers had voted 131 to 9" in article.text
    for furniture in ("MOST POPULAR", "Also read", "SOURCE", "Explore", "Ferry operator", "Korvik Daily",
                      "Glassworks cooperative buys out"):
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
    assert article.published_at == datetime(2024, 6, 6, 10, 15, tzinfo=UTC)
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
        ("Kazakhstan: Situation stabilises after week of violent riots", "read-more")]
    assert len(article.page_links) == 15
    lines = SEED.read_text(encoding="utf-8").splitlines()
    explore = lines[lines.index("Explore") + 1:]
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
