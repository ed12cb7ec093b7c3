"""A reader's visit in Chromium: search and its facets, the keyboard alone, a clean console, and
screenshots of the front, article and search pages in test-artifacts/ (looked at by a person)."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Locator, Page

from tests.browser.conftest import Site, Watched

QUERY = "port OR train OR plant OR library"


def section_of(result: Locator) -> str:
    kicker = result.locator(".kicker")
    return " ".join((kicker.text_content() or "").split()) if kicker.count() else ""


def test_search_returns_results_and_a_facet_narrows_them(site: Site, watched: Watched) -> None:
    page = watched.page
    page.goto(site.url("/"))
    page.fill("#masthead-q", QUERY)
    with page.expect_navigation():
        page.press("#masthead-q", "Enter")
    assert "/search?" in page.url
    results = page.locator("li.result")
    before = results.count()
    assert before >= 3, f"{before} results for {QUERY!r}"
    facet = page.locator("aside.facets a[href*='section=']").first
    label = re.sub(r"\s*\(\d+\)\s*$", "", " ".join((facet.text_content() or "").split()))
    expected = int(re.search(r"\((\d+)\)", facet.text_content() or "").group(1))  # type: ignore[union-attr]
    with page.expect_navigation():
        facet.click()
    assert "section=" in page.url
    after = results.count()
    assert 0 < after < before, f"facet {label!r}: {after} results of {before}"
    assert after == expected, f"facet {label!r} promised {expected} results, shows {after}"
    assert {section_of(results.nth(i)) for i in range(after)} == {label}
    selected = page.locator("aside.facets a[aria-current='true']")
    assert selected.count() == 1 and label in (selected.text_content() or "")
    with page.expect_navigation():
        page.get_by_role("link", name="Clear filters").click()
    assert results.count() == before


def focus_is_visible(page: Page) -> bool:
    """The focused element draws an outline or a box shadow."""
    return bool(
        page.evaluate(
            """() => {
                const s = getComputedStyle(document.activeElement);
                const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
                return outline || (s.boxShadow && s.boxShadow !== 'none');
            }"""
        )
    )


def active(page: Page) -> dict[str, str]:
    return page.evaluate(
        """() => { const e = document.activeElement;
                   return {tag: e.tagName, text: (e.textContent || '').trim(), href: e.href || '',
                           id: e.id || '', inMain: Boolean(e.closest('main'))}; }"""
    )


def test_keyboard_reaches_the_skip_link_then_main_links_and_follows_them(site: Site, watched: Watched) -> None:
    page = watched.page
    page.goto(site.url("/"))
    page.keyboard.press("Tab")
    first = active(page)
    assert first["tag"] == "A" and first["text"] == "Skip to content", first
    assert focus_is_visible(page), "the focused skip link has no visible outline"
    box = page.locator("a.skip").bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0, f"the focused skip link is off screen: {box}"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    assert active(page)["id"] == "main", "Enter on the skip link moves focus to the main content"
    page.keyboard.press("Tab")
    link = active(page)
    assert link["tag"] == "A" and link["inMain"] and "/articles/" in link["href"], link
    assert focus_is_visible(page), f"no visible focus on {link['text']!r}"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == link["href"]
    assert page.locator("h1.headline").count() == 1
    # on the article page too, the first Tab lands on the skip link
    page.keyboard.press("Tab")
    assert active(page)["text"] == "Skip to content"


def test_front_article_and_search_pages_log_no_errors_and_are_saved_as_screenshots(
    site: Site, watched: Watched, artifacts: Path
) -> None:
    page = watched.page
    pages = {
        "front": "/",
        "article": site.article_path("innertext_velmora_strike.txt"),
        "search": "/search?q=" + QUERY.replace(" ", "+"),
    }
    for name, path in pages.items():
        response = page.goto(site.url(path))
        assert response is not None and response.status == 200, f"{name}: {response and response.status}"
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=str(artifacts / f"{name}-phone.png"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})
        assert (artifacts / f"{name}.png").stat().st_size > 10_000
    assert watched.console_errors == []
    assert watched.page_errors == []
    assert watched.dialogs == []
    assert watched.off_loopback() == []
    stylesheets = [url for url in watched.requests if url.endswith(".css")]
    assert stylesheets, "the site's stylesheet was loaded"
