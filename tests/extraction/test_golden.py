"""Golden extraction cases: pages we wrote ourselves, in real-world layouts, with the truth about them.

Each case is two files in ``tests/golden/extract/``: the page, ``<case>.html`` (fed as an HTML page) or
``<case>.txt`` (fed as a plain-text dump, ``FetchedPage.kind == "text"``), and ``<case>.json``, which states
what a careful human reader would say the page holds -- never what the extractor happens to output today.

The JSON form (every key but ``description`` and ``expect`` is optional)::

    {
      "description": "what the page is and what makes it hard",
      "url": "https://...",          # passed as FetchedPage.url (where the page was fetched from)
      "expect": {                    # Article fields, checked one by one
        "headline": "...",           # str fields: equal after whitespace is collapsed; null = must be empty
        "section": "World",          # compared case-insensitively
        "authors": ["A", "B"],       # exactly these names, in this order
        "published_at": "2026-03-04T09:42:00+00:00",   # the same instant
        "published_at_day": "2026-03-04",              # the calendar day (date of the value in its own offset)
        "reading_minutes": 2,        # ints: equal
        "<field>_startswith": "...", "<field>_contains": "...",   # for any str field (standfirst, url, ...)
        "image": {"url": "...", "url_contains": "...", "caption": "...", "caption_startswith": "...",
                  "caption_contains": "...", "credit": "..."},  # null = no image
        "related_links": [{"title": "...", "kind": "read-more", "url": "..."}],  # exactly these (kind/url optional)
        "related_links_include": [{"title": "..."}],   # at least these
        "page_links_min": 5,         # at least this many page_links
        "page_links_include": ["title", ...],          # these titles are among page_links
        "page_links_exclude": ["title", ...],          # menus, footers, tags: not the site's other stories
        "links_include": ["title", ...]                # among related_links or page_links (either is right)
      },
      "text_contains": ["..."],      # each must occur in Article.text (whitespace collapsed on both sides)
      "text_excludes": ["..."]       # none may occur in Article.text: furniture, menus, widgets, comments
    }

Link titles compare case-insensitively after whitespace is collapsed. An unknown key is an error, so a typo
cannot make a check vanish. Every mismatch of a case is reported at once, each with what the extractor got.

The text dumps were made from our own HTML pages with the real tools (paths relative to this folder, the
page copied with a ``<base href>`` of its canonical URL for lynx and w3m, as if dumped from the web):

- ``innertext_*.txt``: ``document.body.innerText`` in headless Chromium (network blocked), like the seed page;
- ``lynx_*.txt``: ``lynx -dump -force_html -display_charset=utf-8 page.html`` (link numbers and References);
- ``w3m_*.txt``: ``w3m -dump -T text/html -I UTF-8 -O UTF-8 page.html``;
- ``html2text_*.txt``: ``html2text --body-width=0 page.html utf-8`` (html2text 2025.4.15, Markdown);
- ``wet_*.txt``: one Common Crawl WET ``conversion`` record: WARC headers, then one line of text per block.
"""

from __future__ import annotations

import json
import unicodedata
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from newsdesk.models import Article, FetchedPage, Link
from newsdesk.pipeline.extract import extract_article

GOLDEN_DIR = Path(__file__).resolve().parents[1] / "golden" / "extract"
PAGE_SUFFIXES = (".html", ".txt")
MIN_CASES = 12
_TOP_KEYS = {"description", "url", "expect", "text_contains", "text_excludes"}
_STR_FIELDS = ("headline", "section", "standfirst", "site_name", "language", "agency", "url", "canonical_url")
_DATE_FIELDS = ("published_at", "updated_at")
_INT_FIELDS = ("reading_minutes",)
_IMAGE_KEYS = {"url", "url_contains", "caption", "caption_startswith", "caption_contains", "credit"}
_LINK_KEYS = {"title", "kind", "url"}


def _cases() -> list[Path]:
    return sorted(p for p in GOLDEN_DIR.iterdir() if p.suffix in PAGE_SUFFIXES)


def _norm(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFKC", text or "").split())


def _short(value: Any, limit: int = 160) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _check_str(name: str, want: Any, got: str | None, problems: list[str]) -> None:
    base, op = name, ""
    if name.endswith("_startswith"):
        base, op = name[: -len("_startswith")], "startswith"
    elif name.endswith("_contains"):
        base, op = name[: -len("_contains")], "contains"
    got_n, want_n = _norm(got), _norm(want)
    if base == "section":
        got_n, want_n = got_n.casefold(), want_n.casefold()
    if want is None:
        ok = not got_n
    elif op == "startswith":
        ok = got_n.startswith(want_n)
    elif op == "contains":
        ok = want_n in got_n
    else:
        ok = got_n == want_n
    if not ok:
        problems.append(f"{name}: want {_short(want)}, got {_short(got)}")


def _check_date(name: str, want: str | None, got: datetime | None, problems: list[str]) -> None:
    if want is None:
        ok = got is None
    elif got is None:
        ok = False
    elif name.endswith("_day"):
        ok = got.date() == date.fromisoformat(want)
    else:
        ok = got.tzinfo is not None and got == datetime.fromisoformat(want)
    if not ok:
        problems.append(f"{name}: want {want!r}, got {got.isoformat() if got else None!r}")


def _check_image(want: dict[str, str] | None, article: Article, problems: list[str]) -> None:
    img = article.image
    if want is None:
        if img is not None and (img.url or img.caption or img.credit):
            problems.append(f"image: want none, got {_short(img.to_dict())}")
        return
    unknown = set(want) - _IMAGE_KEYS
    if unknown:
        raise KeyError(f"unknown image keys {sorted(unknown)}")
    if img is None:
        problems.append(f"image: want {_short(want)}, got None")
        return
    got = {"url": img.url, "caption": img.caption, "credit": img.credit}
    for key, value in want.items():
        sub: list[str] = []
        _check_str(key, value, got[key.split("_")[0]], sub)
        problems.extend(f"image.{p}" for p in sub)


def _link_matches(want: dict[str, str], link: Link) -> bool:
    unknown = set(want) - _LINK_KEYS
    if unknown:
        raise KeyError(f"unknown link keys {sorted(unknown)}")
    if _norm(want["title"]).casefold() != _norm(link.title).casefold():
        return False
    if "kind" in want and want["kind"] != link.kind:
        return False
    return "url" not in want or want["url"] == link.url


def _titles(links: tuple[Link, ...]) -> list[str]:
    return [link.title for link in links]


def _check_links(name: str, want: Any, article: Article, problems: list[str]) -> None:
    related, pages = article.related_links, article.page_links
    if name in ("related_links", "related_links_include"):
        unmatched = list(related)
        for item in want:
            hit = next((link for link in unmatched if _link_matches(item, link)), None)
            if hit is None:
                problems.append(f"{name}: missing {_short(item)}; got {_short([l.to_dict() for l in related], 400)}")
            else:
                unmatched.remove(hit)
        if name == "related_links" and unmatched:
            problems.append(f"related_links: unexpected {_short([l.to_dict() for l in unmatched], 400)}")
    elif name == "page_links_min":
        if len(pages) < want:
            problems.append(f"page_links_min: want >= {want}, got {len(pages)}")
    elif name == "page_links_exclude":
        have = {_norm(t).casefold() for t in _titles(pages)}
        wrong = [t for t in want if _norm(t).casefold() in have]
        if wrong:
            problems.append(f"page_links_exclude: furniture among page_links: {_short(wrong, 300)}")
    elif name in ("page_links_include", "links_include"):
        pool = pages if name == "page_links_include" else related + pages
        have = {_norm(t).casefold() for t in _titles(pool)}
        missing = [t for t in want if _norm(t).casefold() not in have]
        if missing:
            problems.append(
                f"{name}: missing {len(missing)} of {len(want)}, e.g. {_short(missing[:3], 300)}; "
                f"got {len(pool)} links, e.g. {_short(_titles(pool)[:4], 300)}"
            )


def _check_field(name: str, want: Any, article: Article, problems: list[str]) -> None:
    base = name.removesuffix("_startswith").removesuffix("_contains")
    if name == "authors":
        if list(article.authors) != want:
            problems.append(f"authors: want {want!r}, got {list(article.authors)!r}")
    elif base in _STR_FIELDS:
        _check_str(name, want, getattr(article, base), problems)
    elif name.removesuffix("_day") in _DATE_FIELDS:
        _check_date(name, want, getattr(article, name.removesuffix("_day")), problems)
    elif name in _INT_FIELDS:
        if getattr(article, name) != want:
            problems.append(f"{name}: want {want!r}, got {getattr(article, name)!r}")
    elif name == "image":
        _check_image(want, article, problems)
    elif name.startswith(("related_links", "page_links", "links_")):
        _check_links(name, want, article, problems)
    else:
        raise KeyError(f"unknown expectation {name!r}")


def check_case(spec: dict[str, Any], article: Article) -> list[str]:
    """Every way ``article`` departs from the case's truth, one line each (empty when it matches)."""
    unknown = set(spec) - _TOP_KEYS
    if unknown:
        raise KeyError(f"unknown top-level keys {sorted(unknown)}")
    problems: list[str] = []
    for name, want in spec["expect"].items():
        _check_field(name, want, article, problems)
    text = _norm(article.text)
    for snippet in spec.get("text_contains", []):
        if _norm(snippet) not in text:
            problems.append(f"text lacks {_short(snippet, 100)}")
    for snippet in spec.get("text_excludes", []):
        if _norm(snippet) in text:
            problems.append(f"text holds furniture {_short(snippet, 100)}")
    return problems


def _load(page: Path) -> tuple[dict[str, Any], Article]:
    spec = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
    kind = "text" if page.suffix == ".txt" else "html"
    fetched = FetchedPage(input=page.name, content=page.read_bytes(), url=spec.get("url"), kind=kind)
    return spec, extract_article(fetched)


def test_every_golden_page_has_its_truth() -> None:
    pages = _cases()
    assert len(pages) >= MIN_CASES, f"only {len(pages)} golden pages in {GOLDEN_DIR}"
    specs = sorted(GOLDEN_DIR.glob("*.json"))
    assert sorted(p.stem for p in pages) == sorted(p.stem for p in specs)
    for spec_path in specs:
        spec = json.loads(spec_path.read_text(encoding="utf-8"))
        assert spec.get("description") and spec.get("expect"), spec_path.name
        assert spec.get("text_contains") and spec.get("text_excludes"), spec_path.name


@pytest.mark.parametrize("page", _cases(), ids=lambda p: p.name)
def test_golden_extraction(page: Path) -> None:
    spec, article = _load(page)
    problems = check_case(spec, article)
    assert not problems, f"{page.name}: {len(problems)} expectation(s) not met:\n  " + "\n  ".join(problems)
