"""A story's timeline as an SVG chart: articles per day, stacked by source, drawn on the server.

:func:`timeline` counts (day x source) from a story's members; :func:`timeline_svg` draws those
counts as a standalone ``<svg>`` element. The chart needs no JavaScript and no CSS: colours, fonts
and sizes are SVG presentation attributes (``fill``, ``font-size``), never ``style`` attributes
or elements, so it renders under the site's ``style-src 'self'`` Content-Security-Policy. It holds
no script, no event handler, no link and no external reference; every piece of text (source names
and the caller's title) is XML-escaped. The same input always gives the same bytes.

Accessibility: the ``<svg>`` is ``role="img"`` and labelled by its ``<title>`` and ``<desc>`` (what
the chart shows, in words: span, totals, busiest day, articles per source); each bar segment has
its own ``<title>`` ("March 10, 2026: 2 from Tideway World"), shown as a tooltip on hover.

Long stories: more than ``MAX_DAYS`` days are drawn a week per bar (weeks start on Monday).
More than ``MAX_SOURCES`` sources: the rest are drawn together as "Other sources".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from xml.sax.saxutils import escape, quoteattr

# Okabe-Ito: told apart by readers with colour-vision deficiencies
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999")
MAX_SOURCES = len(PALETTE) - 1
OTHER = "Other sources"
MAX_DAYS = 62
WIDTH = 640
PLOT_HEIGHT = 160
TOP = 12
LEFT = 36
RIGHT = 12
LEGEND_ROW = 18
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"


@dataclass(frozen=True, slots=True)
class Timeline:
    """Counts per bucket (a day, or a week for long stories) and source."""

    buckets: tuple[date, ...]  # every bucket from the first to the last, empty ones included
    sources: tuple[str, ...]  # most articles first (ties by name); OTHER last when present
    counts: tuple[tuple[int, ...], ...]  # counts[bucket][source]
    unit: str  # "day" or "week"

    @property
    def total(self) -> int:
        return sum(sum(row) for row in self.counts)

    def to_dict(self) -> dict[str, object]:
        """JSON form: ``{"unit", "sources", "days": [{"date", "total", "by_source": {name: n}}]}``."""
        return {
            "unit": self.unit,
            "sources": list(self.sources),
            "days": [
                {
                    "date": bucket.isoformat(),
                    "total": sum(row),
                    "by_source": {s: n for s, n in zip(self.sources, row, strict=True) if n},
                }
                for bucket, row in zip(self.buckets, self.counts, strict=True)
            ],
        }


def timeline(members: Iterable[tuple[datetime | date | None, str | None]]) -> Timeline:
    """Count ``(when, source name)`` pairs per day (per week past MAX_DAYS days) and source.
    Members without a date are left out; a missing source name counts as "Unknown source"."""
    points: list[tuple[date, str]] = []
    for when, source in members:
        if when is None:
            continue
        day = when.date() if isinstance(when, datetime) else when
        points.append((day, (source or "").strip() or "Unknown source"))
    if not points:
        return Timeline(buckets=(), sources=(), counts=(), unit="day")
    first, last = min(p[0] for p in points), max(p[0] for p in points)
    unit = "day" if (last - first).days + 1 <= MAX_DAYS else "week"
    if unit == "week":
        points = [(d - timedelta(days=d.weekday()), s) for d, s in points]
        first = first - timedelta(days=first.weekday())
        last = last - timedelta(days=last.weekday())
    step = timedelta(days=1 if unit == "day" else 7)
    buckets: list[date] = []
    current = first
    while current <= last:
        buckets.append(current)
        current += step
    per_source: dict[str, int] = {}
    for _, s in points:
        per_source[s] = per_source.get(s, 0) + 1
    ranked = sorted(per_source, key=lambda s: (-per_source[s], s.lower(), s))
    if len(ranked) > MAX_SOURCES:
        kept = ranked[: MAX_SOURCES - 1]
        sources = (*kept, OTHER)
        kept_set = set(kept)
        points = [(d, s if s in kept_set else OTHER) for d, s in points]
    else:
        sources = tuple(ranked)
    index = {b: i for i, b in enumerate(buckets)}
    col = {s: i for i, s in enumerate(sources)}
    grid = [[0] * len(sources) for _ in buckets]
    for d, s in points:
        grid[index[d]][col[s]] += 1
    return Timeline(buckets=tuple(buckets), sources=sources, counts=tuple(tuple(r) for r in grid), unit=unit)


def day_label(day: date, *, year: bool = True) -> str:
    """``March 10, 2026`` (``March 10`` without the year)."""
    return f"{day:%B} {day.day}, {day.year}" if year else f"{day:%B} {day.day}"


def short_label(day: date) -> str:
    """``Mar 10``: the axis label."""
    return f"{day:%b} {day.day}"


def describe(data: Timeline, title: str | None = None) -> str:
    """The chart in words, for ``<desc>`` and for readers who cannot see it."""
    if not data.buckets:
        return "No dated articles yet."
    n = data.total
    span = day_label(data.buckets[0])
    if len(data.buckets) > 1:
        end = data.buckets[-1] + (timedelta(days=6) if data.unit == "week" else timedelta())
        span = f"{day_label(data.buckets[0])} to {day_label(end)}"
    busiest = max(range(len(data.buckets)), key=lambda i: (sum(data.counts[i]), -i))
    per = "week of " if data.unit == "week" else ""
    by_source = "; ".join(f"{s}: {sum(row[i] for row in data.counts)}" for i, s in enumerate(data.sources))
    article_word = "article" if n == 1 else "articles"
    source_word = "source" if len(data.sources) == 1 else "sources"
    lead = f"{title}: " if title else ""
    return (
        f"{lead}{n} {article_word} from {len(data.sources)} {source_word}, {span}, per {data.unit}. "
        f"Busiest: {per}{day_label(data.buckets[busiest])} ({sum(data.counts[busiest])}). {by_source}."
    )


def _ticks(top: int) -> list[int]:
    """Whole-number gridlines from 0 to ``top``: at most five."""
    step = 1
    while top // step > 4:
        step = step * 2 if str(step)[0] in "15" else step * 5 // 2
    return list(range(0, top + 1, step))


def timeline_svg(data: Timeline, *, title: str = "Articles per day", id_prefix: str = "timeline") -> str:
    """``data`` as an ``<svg>`` string: one stacked bar per bucket (a ``<rect>`` per source with
    articles that bucket, class ``bar``), a y axis of whole numbers, date labels under the bars,
    and a legend. ``id_prefix`` keeps the ids of ``<title>``/``<desc>`` unique on the page."""
    pid = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in id_prefix) or "timeline"
    t_id, d_id = f"{pid}-title", f"{pid}-desc"
    unit_title = title if data.unit == "day" else title.replace("per day", "per week")
    desc = describe(data)
    n_buckets = max(len(data.buckets), 1)
    plot_w = WIDTH - LEFT - RIGHT
    slot = plot_w / n_buckets
    bar_w = max(min(slot * 0.7, 48.0), 2.0)
    top_count = max((sum(r) for r in data.counts), default=0)
    ticks = _ticks(max(top_count, 1))
    y_max = max(ticks[-1], top_count, 1)
    base_y = TOP + PLOT_HEIGHT
    legend_cols = 3
    legend_rows = (len(data.sources) + legend_cols - 1) // legend_cols
    height = base_y + 28 + legend_rows * LEGEND_ROW + 8

    def y(v: float) -> float:
        return base_y - v * PLOT_HEIGHT / y_max

    opening = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-labelledby="{t_id} {d_id}" '
        f'font-family={quoteattr(FONT)} font-size="11">'
    )
    out: list[str] = [
        opening,
        f'<title id="{t_id}">{escape(unit_title)}</title>',
        f'<desc id="{d_id}">{escape(desc)}</desc>',
        '<g class="axis" aria-hidden="true">',
    ]
    for tick in ticks:
        ty = _num(y(tick))
        out.append(f'<line x1="{LEFT}" y1="{ty}" x2="{WIDTH - RIGHT}" y2="{ty}" stroke="#d0d0d0" stroke-width="1"/>')
        out.append(f'<text x="{LEFT - 6}" y="{_num(y(tick) + 4)}" text-anchor="end" fill="#555">{tick}</text>')
    every = max(1, -(-n_buckets * 48 // plot_w))  # one label per ~48 px
    for i, bucket in enumerate(data.buckets):
        if i % every == 0:
            cx = _num(LEFT + slot * i + slot / 2)
            out.append(
                f'<text x="{cx}" y="{base_y + 16}" text-anchor="middle" fill="#555">{escape(short_label(bucket))}</text>'
            )
    out.append(f'<line x1="{LEFT}" y1="{base_y}" x2="{WIDTH - RIGHT}" y2="{base_y}" stroke="#555" stroke-width="1"/>')
    out.append("</g>")
    out.append('<g class="bars">')
    for i, (bucket, row) in enumerate(zip(data.buckets, data.counts, strict=True)):
        x = _num(LEFT + slot * i + (slot - bar_w) / 2)
        level = 0
        when = ("week of " if data.unit == "week" else "") + day_label(bucket)
        for j, count in enumerate(row):
            if not count:
                continue
            y_top, y_bottom = y(level + count), y(level)
            label = f"{when}: {count} from {data.sources[j]}"
            out.append(
                f'<rect class="bar" x="{x}" y="{_num(y_top)}" width="{_num(bar_w)}" '
                f'height="{_num(y_bottom - y_top)}" fill="{PALETTE[j % len(PALETTE)]}">'
                f"<title>{escape(label)}</title></rect>"
            )
            level += count
    out.append("</g>")
    out.append('<g class="legend">')
    col_w = plot_w / legend_cols
    for j, source in enumerate(data.sources):
        lx = LEFT + col_w * (j % legend_cols)
        ly = base_y + 30 + LEGEND_ROW * (j // legend_cols)
        total = sum(row[j] for row in data.counts)
        name = source if len(source) <= 28 else source[:27] + "…"
        out.append(f'<rect x="{_num(lx)}" y="{ly}" width="10" height="10" fill="{PALETTE[j % len(PALETTE)]}"/>')
        out.append(f'<text x="{_num(lx + 14)}" y="{ly + 9}" fill="#222">{escape(name)} ({total})</text>')
    out.append("</g>")
    out.append("</svg>")
    return "".join(out)


def _num(value: float) -> str:
    """Coordinates with at most one decimal, so output is short and the same on every platform."""
    text = f"{value:.1f}"
    return text.removesuffix(".0")


def members_svg(
    members: Sequence[tuple[datetime | date | None, str | None]],
    *,
    title: str = "Articles per day",
    id_prefix: str = "timeline",
) -> str:
    """Members (``(when, source name)`` pairs) straight to SVG: ``timeline_svg(timeline(members))``."""
    return timeline_svg(timeline(members), title=title, id_prefix=id_prefix)


__all__ = ["OTHER", "PALETTE", "Timeline", "describe", "members_svg", "timeline", "timeline_svg"]
