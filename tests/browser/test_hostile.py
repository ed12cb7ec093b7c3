"""A hostile page, ingested and viewed in Chromium with JavaScript on, never runs a script.

``data/hostile_quay.html`` (written for this test) carries script tags, inline event handlers,
``javascript:`` links, SVG with script, CSS ``expression()`` and remote ``url()``s, an ``<iframe>``
with ``srcdoc``, ``<object>``/``<embed>``, a ``<meta http-equiv=refresh>``, a ``<base>`` and
remote images, styles and scripts. Each payload would set ``window.__pwned``, change
``document.title``, open a dialog or fetch from attacker.example. The control opens the raw page
itself and sees them fire; then the site's pages that show the ingested article must show none:
no dialog, no page error, no console error (a CSP violation is one), ``window.__pwned`` unset,
the title and address unchanged, and no request to any host but 127.0.0.1 (the context's route
aborts those before they leave the machine, and records them).
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.browser.conftest import HOSTILE_PAGE, Site, Watched

ARTICLE = "Tidewater ferry pier to close for repairs"
DANGEROUS_DOM = """() => {
    const found = [];
    for (const e of document.querySelectorAll('*')) {
        for (const a of e.attributes) {
            if (a.name.toLowerCase().startsWith('on')) found.push(`${e.tagName}[${a.name}]`);
            if (/^\\s*(javascript|vbscript|data):/i.test(a.value) && a.name !== 'content')
                found.push(`${e.tagName}[${a.name}=${a.value}]`);
            if (a.name === 'style' && /expression|url\\(/i.test(a.value)) found.push(`${e.tagName}[style]`);
        }
    }
    for (const e of document.querySelectorAll(
            'iframe, object, embed, base, form[action^="http"], svg script, math, meta[http-equiv]'))
        found.push(e.tagName);
    for (const s of document.scripts)
        if (s.type !== 'application/ld+json') found.push('SCRIPT ' + (s.src || s.textContent.slice(0, 40)));
    return found;
}"""


def test_control_the_raw_hostile_page_does_run_its_payloads(site: Site, watched: Watched) -> None:
    """Without newsdesk in between, the same page fires dialogs, sets window.__pwned and reaches out."""
    page = watched.page
    raw_url = site.url("/__raw-hostile-page")  # answered by the browser's route, never by the site
    page.route(raw_url, lambda route: route.fulfill(body=HOSTILE_PAGE.read_bytes(), content_type="text/html"))
    page.goto(raw_url)
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is not None
    assert "PWNED" in page.title()
    assert watched.dialogs, "the raw page's alerts reach the dialog listener"
    assert any("attacker.example" in url for url in watched.off_loopback()), watched.requests


HOSTILE_QUERY = "/search?q=" + quote('"<img src=x onerror=alert(1)>" script')
PAGES = {
    "article": None,  # the hostile article's own page
    "front": "/",
    "search": "/search?q=Tidewater+pier",
    "hostile-query": HOSTILE_QUERY,  # a query that is itself markup, echoed back on the page
}
PROVOKE = """() => {
    for (const e of document.querySelectorAll('main *'))
        for (const kind of ['mouseover', 'focus', 'load', 'error'])
            e.dispatchEvent(new Event(kind));
}"""


@pytest.mark.parametrize("name", list(PAGES))
def test_the_ingested_hostile_page_never_runs_a_script(site: Site, watched: Watched, name: str) -> None:
    page = watched.page
    url = site.url(PAGES[name] or site.article_path(HOSTILE_PAGE.name))
    response = page.goto(url)
    assert response is not None and response.status in (200, 400)
    if name != "hostile-query":
        assert ARTICLE in (page.text_content("main") or ""), "the hostile article is on the page"
    title = page.title()
    page.evaluate(PROVOKE)  # any inline handler that survived would run now
    page.wait_for_timeout(1_200)  # the page's meta refresh waits 1 s
    assert watched.dialogs == []
    assert page.evaluate("window.__pwned") is None
    assert page.title() == title and "PWNED" not in title
    assert page.url == url, "the page navigated by itself"
    assert watched.page_errors == []
    assert watched.console_errors == []
    assert page.evaluate(DANGEROUS_DOM) == []
    assert watched.off_loopback() == []
    assert all(r.startswith(site.base_url + "/") for r in watched.requests), watched.requests


def test_the_hostile_article_shows_its_words_as_text(site: Site, watched: Watched) -> None:
    """What the page said is kept, escaped: markup in the text is shown, not parsed."""
    page = watched.page
    page.goto(site.url(site.article_path(HOSTILE_PAGE.name)))
    body = page.text_content(".story-body") or ""
    assert "divers found corrosion in eleven of its steel piles" in body
    assert "Wenna Polgrain" in (page.text_content(".byline") or "")
    links = page.locator("main a").evaluate_all("links => links.map(a => a.getAttribute('href') || '')")
    assert links and not [h for h in links if h.strip().lower().startswith("javascript:")]
    for href in page.locator(".story-body a, .lead-image a").evaluate_all("l => l.map(a => a.rel)"):
        assert {"noopener", "nofollow"} <= set(href.split()), href
