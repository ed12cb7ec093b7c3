"""The article page shows the seed's anatomy, part by part, in order on screen and in the DOM."""

from __future__ import annotations

from itertools import pairwise

import pytest
from playwright.sync_api import Locator, Page

from tests.browser.conftest import SEED, Site, Watched

# (what, CSS selector of the element, text it must contain); in the order a reader meets them
VELMORA = [
    ("section label", ".story-head .section-label", "World"),
    ("reading time", ".story-head .read-time", "2 MIN READ"),
    ("headline", "h1.headline", "Velmora dock workers strike as port operator pushes ahead with driverless cranes"),
    ("standfirst", ".story-head .standfirst", "The Velmora Dockers' Union said about 4,000 members walked off the job"),
    ("caption", "figure.lead-image .caption", "Container ships wait at anchor outside the port of Velmora"),
    ("credit", "figure.lead-image .credit", "Reuters Archive"),
    ("byline", ".byline-date .byline", "Selin Arvas"),
    ("date", ".byline-date time", "March 4, 2026"),
    ("body lead", ".story-body > p:first-child", "halting container traffic"),
    ("read more", ".story-body .read-more a", "Velmora port operator unveils plan for driverless cranes"),
    ("body after read more", ".story-body > p:last-child", "a strike by crane operators in 2019"),
    ("source", ".story-foot .source-line", "Source: AFP"),
    ("recommended", "aside.recommended h2", "Recommended"),
    ("explore", "section.explore h2", "Explore"),
]

SEED_PARTS = [
    ("section label", ".story-head .section-label", "World"),
    ("reading time", ".story-head .read-time", "2 MIN READ"),
    ("headline", "h1.headline", "Kazakhstan: Foiled coup attempt ahead of snap presidential election"),
    ("standfirst", ".story-head .standfirst", "National Security Committee"),
    ("caption", "figure.lead-image .caption", "On Sunday, Kazakhstan will hold a snap presidential vote"),
    ("credit", "figure.lead-image .credit", "Reuters Archive"),
    ("byline", ".byline-date .byline", "Alican Tekingunduz"),
    ("date", ".byline-date time", "November 17, 2022"),
    ("body lead", ".story-body > p:first-child", "prevented a coup attempt by supporters of an exiled opposition"),
    ("read more", ".story-body .read-more a", "Kazakhstan: Situation stabilises after week of violent riots"),
    ("body end", ".story-body > p:last-child", "Tokayev has vowed to build"),
    ("source", ".story-foot .source-line", "Source: AFP"),
    ("recommended", "aside.recommended h2", "Recommended"),
    ("explore", "section.explore h2", "Explore"),
]


def one(page: Page, what: str, selector: str, text: str) -> Locator:
    found = page.locator(selector)
    assert found.count() == 1, f"{what}: {found.count()} elements match {selector!r}"
    assert found.is_visible(), f"{what} is not visible"
    shown = " ".join((found.text_content() or "").split())  # the DOM's text: CSS may uppercase what is drawn
    assert text in shown, f"{what}: {text!r} not in {shown!r}"
    return found


def assert_in_order(page: Page, parts: list[tuple[str, str, str]]) -> None:
    """Each part is drawn below the one before it and follows it in the document."""
    placed = [(part[0], one(page, *part)) for part in parts]
    for (a, first), (b, second) in pairwise(placed):
        ya, yb = first.bounding_box()["y"], second.bounding_box()["y"]  # type: ignore[index]
        assert ya <= yb, f"{a} (y={ya:.0f}) is drawn below {b} (y={yb:.0f})"
        # Node.DOCUMENT_POSITION_FOLLOWING = 4: the second comes after the first in the document
        follows = "([x, y]) => Boolean(x.compareDocumentPosition(y) & 4)"
        assert page.evaluate(follows, [first.element_handle(), second.element_handle()]), f"{b} precedes {a} in the DOM"


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_article_page_shows_the_anatomy_in_order(site: Site, watched: Watched, width: int) -> None:
    page = watched.page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site.url(site.article_path("innertext_velmora_strike.txt")))
    assert_in_order(page, VELMORA)
    read_more = page.locator(".story-body .read-more a")
    assert read_more.get_attribute("title"), "the read-more pick carries its reason, shown on hover"
    assert page.locator("aside.recommended article[title]").count() >= 1
    assert page.locator("section.explore li a").count() >= 3
    # the body stays readable at this width: no sideways scrolling
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_seed_article_page_shows_its_anatomy_in_order(site: Site, watched: Watched) -> None:
    if not SEED.exists():
        pytest.skip(f"{SEED} is not beside the repo")
    page = watched.page
    page.goto(site.url(site.article_path(SEED.name)))
    assert_in_order(page, SEED_PARTS)
    assert "Reuters Archive" in page.locator("figure.lead-image").inner_text()
