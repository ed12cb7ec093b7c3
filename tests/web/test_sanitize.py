"""A hostile page (scripts, event handlers, javascript: links, SVG with script, CSS expression,
a JSON-LD headline that tries to close its script element) ingested and viewed: nothing from it
reaches the HTML as markup."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from lxml import html as lxml_html

from newsdesk.storage import Store
from newsdesk.web.app import create_app
from newsdesk.web.sanitize import clean_html, highlight, json_ld, safe_url
from tests.web.conftest import DATA, ingest, make_settings

HOSTILE = DATA / "hostile.html"


@pytest.fixture
def hostile_client(fresh_store: Store, tmp_path: Path):  # type: ignore[no-untyped-def]
    settings = make_settings(tmp_path)
    ingest(fresh_store, settings, [str(HOSTILE)])
    with TestClient(create_app(settings, fresh_store)) as c:
        yield c


def assert_inert(page: str) -> None:
    doc = lxml_html.fromstring(page)
    scripts = doc.xpath("//script")
    assert all(s.get("type") == "application/ld+json" and not s.get("src") for s in scripts)
    for s in scripts:
        assert "</script" not in s.text.lower() and "<" not in s.text
    for element in doc.iter():
        if not isinstance(element.tag, str):
            continue
        assert element.tag not in ("iframe", "svg", "object", "embed", "style", "img")
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (element.tag, name)
            assert "javascript:" not in value.lower(), (element.tag, name, value)
            assert "expression(" not in value.lower()
    assert "__pwned" not in "".join(s.text or "" for s in scripts)


def test_hostile_page_never_reaches_the_html_as_markup(hostile_client: TestClient, fresh_store: Store) -> None:
    (article,) = fresh_store.list_articles()
    for path in ("/", f"/articles/{article.id}", "/search?q=pier", "/authors/Nora%20Penhallow"):
        response = hostile_client.get(path)
        assert response.status_code == 200, path
        assert_inert(response.text)
    page = hostile_client.get(f"/articles/{article.id}").text
    # the escaped script in the text is shown as text, not run
    doc = lxml_html.fromstring(page)
    assert "<script>window.__pwned='escaped'</script>" in doc.xpath("//div[@class='story-body']")[0].text_content()
    read_more = doc.xpath("//p[@class='read-more']/a")[0]
    assert read_more.get("href").startswith("/search?") and read_more.get("rel") == "noopener nofollow"


def test_clean_html_keeps_the_allow_list_only() -> None:
    dirty = (
        '<p onclick="x()">a<script>alert(1)</script><a href="javascript:alert(1)">b</a>'
        '<a href="https://example.org/x">c</a><svg><script>alert(2)</script></svg>'
        '<img src=x onerror=alert(3)><span style="width:expression(alert(4))">d</span></p>'
    )
    cleaned = str(clean_html(dirty))
    assert (
        cleaned
        == '<p>a<a rel="noopener nofollow">b</a><a href="https://example.org/x" rel="noopener nofollow">c</a><span>d</span></p>'
    )


def test_highlight_escapes_the_snippet_and_marks_matches() -> None:
    marked = str(highlight("<b>x</b> \ue000pier\ue001 <script>y</script> \ue000", "\ue000", "\ue001"))
    assert marked == "&lt;b&gt;x&lt;/b&gt; <mark>pier</mark> &lt;script&gt;y&lt;/script&gt; "


def test_json_ld_cannot_close_its_script_element() -> None:
    out = str(json_ld({"headline": "</script><script>alert(1)</script>", "x": "a & b\u2028"}))
    assert "<" not in out and ">" not in out and "&" not in out and "\u2028" not in out
    assert out.startswith('{"headline":"\\u003c/script\\u003e')


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a", "https://example.org/a"),
        ("HTTP://example.org", "HTTP://example.org"),
        ("javascript:alert(1)", None),
        (" javascript:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("data:text/html,<script>", None),
        ("//example.org/x", None),
        ("/relative", None),
        ("https://", None),
        (None, None),
    ],
)
def test_safe_url_takes_absolute_http_urls_only(url: str | None, expected: str | None) -> None:
    assert safe_url(url) == expected
