"""The story timeline: articles per day by source as SVG, drawn on the server."""

from __future__ import annotations

import random
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta

from newsdesk.web.timeline import OTHER, describe, members_svg, timeline, timeline_svg

SVG = "{http://www.w3.org/2000/svg}"
DAY = date(2026, 3, 9)


def members() -> list[tuple[datetime | date | None, str | None]]:
    at = datetime(2026, 3, 9, 7, 40, tzinfo=UTC)
    return [
        (at, "Tideway World"),
        (at + timedelta(days=1), "Tideway World"),
        (at + timedelta(days=1, hours=3), "The Ashfield Herald"),
        (at + timedelta(days=1, hours=5), "Tideway World"),
        (DAY + timedelta(days=4), "Orrin Public Radio"),
        (None, "Undated Daily"),  # no date: left out
    ]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # well-formed XML, or this raises


def test_counts_per_day_and_source_with_empty_days_in_between() -> None:
    data = timeline(members())
    assert data.buckets == tuple(DAY + timedelta(days=i) for i in range(5)) and data.unit == "day"
    assert data.sources == ("Tideway World", "Orrin Public Radio", "The Ashfield Herald")  # most first, then by name
    assert data.counts == ((1, 0, 0), (2, 0, 1), (0, 0, 0), (0, 0, 0), (0, 1, 0))
    assert data.total == 5
    as_json = data.to_dict()
    assert as_json["days"][1] == {
        "date": "2026-03-10",
        "total": 3,
        "by_source": {"Tideway World": 2, "The Ashfield Herald": 1},
    }


def test_svg_is_well_formed_with_one_segment_per_day_and_source() -> None:
    root = parse(members_svg(members(), id_prefix="story-1"))
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.get("aria-labelledby") == "story-1-title story-1-desc"
    assert root.find(f"{SVG}title").get("id") == "story-1-title"  # type: ignore[union-attr]
    desc = root.find(f"{SVG}desc").text or ""  # type: ignore[union-attr]
    assert "5 articles from 3 sources" in desc and "Busiest: March 10, 2026 (3)" in desc
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "bar"]
    assert len(bars) == 4  # (Mar 9, Tideway), (Mar 10, Tideway), (Mar 10, Ashfield), (Mar 13, Orrin)
    assert len({b.get("x") for b in bars}) == 3  # three days with articles: three bar positions
    tips = sorted(b.find(f"{SVG}title").text for b in bars)  # type: ignore[union-attr,type-var]
    assert "March 10, 2026: 2 from Tideway World" in tips
    # heights are proportional to counts
    heights = {b.find(f"{SVG}title").text: float(b.get("height", 0)) for b in bars}  # type: ignore[union-attr]
    one = heights["March 9, 2026: 1 from Tideway World"]
    assert abs(heights["March 10, 2026: 2 from Tideway World"] - 2 * one) < 0.2  # coordinates have one decimal
    legend = [t.text for t in root.iter(f"{SVG}text") if t.text and "(" in t.text]
    assert legend == ["Tideway World (3)", "Orrin Public Radio (1)", "The Ashfield Herald (1)"]


def test_text_is_escaped_and_nothing_can_run_or_load() -> None:
    hostile = '<script>alert(1)</script> & "Quotes" <img src=x onerror=alert(2)>'
    svg = members_svg([(DAY, hostile), (DAY, "Fine Times")], title='Story <b>"x"</b>', id_prefix='a" onload="x')
    root = parse(svg)
    assert "<script" not in svg and "<img" not in svg and "<b>" not in svg
    names = [t.text for t in root.iter(f"{SVG}text")]
    assert f"{hostile[:27]}… (1)" in names  # long names are cut in the legend; the bar's tooltip has it whole
    assert any(hostile in (t.text or "") for t in root.iter(f"{SVG}title"))
    for element in root.iter():
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on") and name != "style", (element.tag, name)
            assert "href" not in name and "url(" not in value and "javascript:" not in value
        assert element.tag.removeprefix(SVG) in {"svg", "title", "desc", "g", "line", "text", "rect"}
    assert root.get("aria-labelledby") == "a--onload--x-title a--onload--x-desc"


def test_same_input_same_bytes_whatever_the_order() -> None:
    items = members()
    shuffled = items[:]
    random.Random(7).shuffle(shuffled)
    assert members_svg(items) == members_svg(shuffled) == members_svg(list(reversed(items)))


def test_empty_and_single_day() -> None:
    empty = parse(members_svg([]))
    assert empty.find(f"{SVG}desc").text == "No dated articles yet."  # type: ignore[union-attr]
    assert not [r for r in empty.iter(f"{SVG}rect") if r.get("class") == "bar"]
    single = timeline([(DAY, None)])
    assert single.sources == ("Unknown source",) and "1 article from 1 source, March 9, 2026, per day" in describe(
        single
    )
    parse(timeline_svg(single))


def test_long_stories_go_by_week_and_many_sources_fold_into_other() -> None:
    long = timeline([(DAY + timedelta(days=i * 10), "A") for i in range(12)])  # 111 days
    assert long.unit == "week" and all(b.weekday() == 0 for b in long.buckets)
    assert long.total == 12 and "per week" in timeline_svg(long, title="Articles per day")
    many = timeline([(DAY, f"Source {i:02d}") for i in range(12)] + [(DAY, "Source 05")])
    assert len(many.sources) == 7 and many.sources[-1] == OTHER and many.sources[0] == "Source 05"
    assert many.total == 13 and sum(many.counts[0]) == 13
    bars = [r for r in parse(timeline_svg(many)).iter(f"{SVG}rect") if r.get("class") == "bar"]
    assert len(bars) == 7
