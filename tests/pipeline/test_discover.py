"""discover: feeds, sitemaps and pages read into entry URLs with dates, from self-describing files in
tests/data/feeds/ (each opens with Description:, optional Base: and Expect: lines, as feedparser's
tests do), through feedparser and through the streaming reader alike; hostile documents refused."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from newsdesk.errors import InputError
from newsdesk.pipeline import discover
from newsdesk.pipeline.discover import (
    Discovered,
    detect_kind,
    gunzip_capped,
    parse_date,
    read_document,
    refuse_entity_declarations,
)

FEEDS = Path(__file__).parent.parent / "data" / "feeds"
CASES = sorted(p for p in FEEDS.iterdir() if p.is_file())


def _header(path: Path) -> dict[str, str]:
    raw = path.read_bytes()
    if path.suffix == ".json":
        return dict(json.loads(raw)["_newsdesk_test"])
    comment = re.match(rb"<!--(.*?)-->", raw, re.DOTALL)
    assert comment, f"{path.name} must open with a <!-- Description: ... Expect: ... --> comment"
    lines = comment.group(1).decode().strip().splitlines()
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in lines)}


def _value(found: Discovered, key: str) -> str:
    if key in ("entries", "sitemaps", "feeds"):
        return str(len(getattr(found, key)))
    if m := re.fullmatch(r"entry(\d+)\.(\w+)", key):
        value = getattr(found.entries[int(m.group(1))], m.group(2))
        return value.isoformat() if hasattr(value, "isoformat") else str(value)
    if m := re.fullmatch(r"(sitemap|feed)(\d+)", key):
        return getattr(found, m.group(1) + "s")[int(m.group(2))]
    return str(getattr(found, key))


@pytest.fixture(params=["feedparser", "streaming"])
def reader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both feed readers: feedparser, and the streaming one big feeds get (forced with a 0-byte threshold)."""
    if request.param == "streaming":
        monkeypatch.setattr(discover, "FEEDPARSER_MAX_BYTES", 0)
    return str(request.param)


@pytest.mark.parametrize("path", CASES, ids=[p.name for p in CASES])
def test_document_reads_as_its_header_expects(path: Path, reader: str) -> None:
    header = _header(path)
    assert header.get("Description"), f"{path.name} has no Description"
    expected = dict(item.strip().split("=", 1) for item in header["Expect"].split(";"))
    content = path.read_bytes()
    if "error" in expected:
        with pytest.raises(InputError) as info:
            read_document(content, url=header.get("Base"))
        assert str(info.value).startswith(expected["error"])
        return
    found = read_document(content, url=header.get("Base"))
    for key, value in expected.items():
        assert _value(found, key) == value, f"{path.name}: {key}"


def test_entities_are_refused_before_any_parser_sees_them() -> None:
    laughs = (FEEDS / "hostile_billion_laughs.xml").read_bytes()
    with pytest.raises(InputError, match="entity-expansion attack"):
        refuse_entity_declarations(laughs)
    utf16 = laughs.decode().encode("utf-16")
    with pytest.raises(InputError, match="declares XML entities"):
        read_document(utf16, url=None)


def test_entity_text_inside_a_comment_or_the_body_is_not_a_declaration() -> None:
    doc = b'<!-- about <!ENTITY tricks -->\n<rss version="2.0"><channel><title>&lt;!ENTITY&gt;</title></channel></rss>'
    refuse_entity_declarations(doc)
    assert read_document(doc, url=None).kind == "feed"


def test_a_feed_of_100k_items_is_read_up_to_the_cap_and_says_there_is_more() -> None:
    items = "".join(
        f"<item><title>Story {i}</title><link>https://wire.example/s/{i}</link></item>" for i in range(100_000)
    )
    doc = f'<rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>'.encode()
    assert len(doc) > discover.FEEDPARSER_MAX_BYTES  # streamed, not built whole by feedparser
    found = read_document(doc, url=None, max_entries=500)
    assert (found.kind, found.title, len(found.entries), found.more) == ("feed", "Wire", 500, True)
    assert found.entries[-1].url == "https://wire.example/s/499"


def test_sitemaps_are_capped_too() -> None:
    urls = "".join(f"<url><loc>https://carrow.example/n/{i}</loc></url>" for i in range(50))
    found = read_document(f"<urlset>{urls}</urlset>".encode(), url=None, max_entries=10)
    assert len(found.entries) == 10 and found.more


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"/>', "feed"),
        (b"\xef\xbb\xbf<feed xmlns='http://www.w3.org/2005/Atom'/>", "feed"),
        (b'<?xml version="1.0"?><?xml-stylesheet href="s.xsl"?><urlset/>', "sitemap"),
        (b"<sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'/>", "sitemap-index"),
        (b'{"version": "https://jsonfeed.org/version/1", "items": []}', "feed"),
        (b'{"headline": "not a feed"}', "page"),
        (b"<!DOCTYPE html><html><body><p>An article</p></body></html>", "page"),
        (b"Plain text dump of a page", "page"),
    ],
)
def test_detect_kind_goes_by_the_root_element(content: bytes, kind: str) -> None:
    assert detect_kind(content) == kind


def test_gzip_bombs_stop_at_the_cap() -> None:
    bomb = gzip.compress(bytes(8 * 1024 * 1024))
    with pytest.raises(InputError, match=r"^document larger than 1 MB once decompressed"):
        gunzip_capped(bomb, 1024 * 1024)
    assert gunzip_capped(gzip.compress(b"<urlset/>"), 1024) == b"<urlset/>"
    assert gunzip_capped(b"<urlset/>", 1024) == b"<urlset/>"


def test_a_document_that_is_not_a_feed_after_all_is_an_error() -> None:
    with pytest.raises(InputError, match="not a readable JSON Feed"):
        read_document(b'{"version": "https://jsonfeed.org/version/1", "items": 7}', url=None)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Mon, 06 Jan 2025 10:00:00 +0100", "2025-01-06T09:00:00+00:00"),
        ("2025-01-06T10:00:00Z", "2025-01-06T10:00:00+00:00"),
        ("2025-01-06", "2025-01-06T00:00:00+00:00"),
        ("yesterday", None),
        ("", None),
    ],
)
def test_parse_date_reads_rfc822_and_iso_dates_as_utc(text: str, iso: str | None) -> None:
    when = parse_date(text)
    assert (when.isoformat() if when else None) == iso
