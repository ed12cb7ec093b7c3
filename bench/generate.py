"""Realistic synthetic news pages for benchmarks: fictional stories on fictional sites, any count.

    python bench/generate.py N OUT_DIR [--seed S] [--dup-rate 0.1] [--revision-rate 0.05]
                             [--format html|warc] [--sites wire,wordpress,...]

Every page is a plausible news story in our own words (headline, standfirst, byline, date, section,
5-15 paragraphs with quotes) composed from templates and word banks in ``bench/newsgen/``, laid out
by one of 22 sites in 9 families (wire copy, WordPress, Arc/Next.js with JSON-LD, AMP, regional
paper, liveblog, Drupal, a minimal blog, a broadcaster), with navigation, rails, ad slots, footers
and scripts. A share of pages are:

- syndicated duplicates (``--dup-rate``): a wire story from a recent page run again by another site
  with its own furniture, headline cut and light edits (a paragraph trimmed, a word changed);
- revisions (``--revision-rate``): a recent page again at the same URL, a figure corrected, a
  paragraph added and a later modified date.

Output: ``OUT_DIR/NNNN/NNNNNNN-<site>.html`` (1,000 files per folder) or ``OUT_DIR/pages.warc.gz``
(one gzip member per WARC response record), plus ``OUT_DIR/manifest.jsonl``: one line per page with
its url, kind (original/duplicate/revision), the index it copies or revises, and the truth for
headline, authors, section and dates. Pages are written as they are made (memory stays flat for
any N) and the same seed gives byte-identical output. A page's story is rebuilt from its seed when a
later page copies or revises it, so nothing is kept between pages.
"""

from __future__ import annotations

import argparse
import base64
import gzip
import hashlib
import json
import random
import sys
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from newsgen import words as W
from newsgen.layouts import render_page
from newsgen.sites import FAMILIES, SITES, Page, Site, page_url, teasers
from newsgen.stories import Story, compose_story, revise, syndicate

BASE_TIME = datetime(2026, 1, 5, 6, 0, tzinfo=UTC)
MINUTES_PER_PAGE = 7  # publication times advance with the page index
WIRE_SHARE = 0.3  # share of original stories that are wire copy (the ones others syndicate)
WINDOW = 400  # duplicates and revisions pick a parent among this many preceding pages
FIRST_PAGE_ID = 100_000
DEFAULT_DUP_RATE = 0.1
DEFAULT_REVISION_RATE = 0.05


@dataclass(frozen=True)
class GeneratedPage:
    index: int
    kind: str  # "original", "duplicate" or "revision"
    of: int | None  # the page this one copies or revises
    page: Page
    html: str

    @property
    def story(self) -> Story:
        return self.page.story

    def manifest_row(self, file: str) -> dict[str, object]:
        s = self.story
        return {
            "index": self.index,
            "file": file,
            "url": self.page.url,
            "kind": self.kind,
            "of": self.of,
            "site": self.page.site.key,
            "family": self.page.site.family,
            "topic": s.topic,
            "headline": s.headline,
            "standfirst": s.standfirst,
            "authors": list(s.authors),
            "section": None if self.page.site.family == "blog" else s.section,  # the blog shows no section
            "agency": s.agency,
            "published": s.published.isoformat(),
            "updated": s.updated.isoformat() if s.updated else None,
            "paragraphs": len(s.paragraphs),
        }


class _Planner:
    """Decides, from the seed alone, what page ``i`` is; nothing depends on earlier pages being kept."""

    def __init__(self, seed: int, duplicate_rate: float, revision_rate: float, sites: Sequence[Site]) -> None:
        if not 0 <= duplicate_rate + revision_rate <= 1:
            raise ValueError("dup-rate + revision-rate must be between 0 and 1")
        self.seed, self.dup, self.rev = seed, duplicate_rate, revision_rate
        self.sites = tuple(sites)
        self.wire_sites = tuple(s for s in self.sites if s.family == "wire") or self.sites
        self.other_sites = tuple(s for s in self.sites if s.family != "wire") or self.sites
        self.copy_sites = tuple(s for s in self.other_sites if s.family != "liveblog") or self.other_sites

    def _rng(self, what: str, i: int) -> random.Random:
        return random.Random(f"{self.seed}/{what}/{i}")

    def _roll(self, i: int) -> float:
        return self._rng("plan", i).random()

    def _is_original(self, j: int) -> bool:
        return j == 0 or self._roll(j) >= self.dup + self.rev

    def _is_wire(self, j: int) -> bool:
        return self._rng("wire", j).random() < WIRE_SHARE

    def _parent(self, i: int, wire: bool) -> int | None:
        lo = max(0, i - WINDOW)
        start = self._rng("parent", i).randrange(lo, i)
        for j in [*range(start, lo - 1, -1), *range(i - 1, start, -1)]:
            if self._is_original(j) and (not wire or self._is_wire(j)):
                return j
        return None

    def plan(self, i: int) -> tuple[str, int | None]:
        if i == 0:
            return "original", None
        u = self._roll(i)
        if u < self.dup:
            j = self._parent(i, wire=True)
            return ("duplicate", j) if j is not None else ("original", None)
        if u < self.dup + self.rev:
            j = self._parent(i, wire=False)
            return ("revision", j) if j is not None else ("original", None)
        return "original", None

    def original(self, j: int) -> tuple[Story, Site]:
        rng = self._rng("story", j)
        wire = self._is_wire(j)
        site = rng.choice(self.wire_sites if wire else self.other_sites)
        published = BASE_TIME + timedelta(minutes=MINUTES_PER_PAGE * j + rng.randrange(0, MINUTES_PER_PAGE))
        n_authors = 1 if site.family == "blog" or rng.random() < 0.7 else 2
        authors = tuple(f"{rng.choice(W.FIRST_NAMES)} {rng.choice(W.SURNAMES)}" for _ in range(n_authors))
        if len(set(authors)) < len(authors):
            authors = authors[:1]
        story = compose_story(
            rng,
            published=published,
            agency=rng.choice(W.AGENCIES) if wire else None,
            authors=authors,
            author_role=rng.choice(W.AUTHOR_ROLES),
            live_only=site.family == "liveblog",
        )
        return story, site

    def page(self, i: int) -> GeneratedPage:
        kind, of = self.plan(i)
        rng = self._rng(kind, i)
        if kind == "original":
            story, site = self.original(i)
            page_id = FIRST_PAGE_ID + i
        elif kind == "duplicate":
            assert of is not None
            base, base_site = self.original(of)
            choices = [s for s in self.copy_sites if s.key != base_site.key] or list(self.copy_sites)
            site = rng.choice(choices)
            story = syndicate(base, rng, delay=timedelta(minutes=rng.randrange(5, 360)))
            page_id = FIRST_PAGE_ID + i
        else:
            assert of is not None
            base, site = self.original(of)
            later = timedelta(minutes=MINUTES_PER_PAGE * (i - of) + rng.randrange(1, MINUTES_PER_PAGE))
            story = revise(base, rng, later=later)
            page_id = FIRST_PAGE_ID + of
        furniture = self._rng("furniture", i)
        page = Page(
            story=story,
            site=site,
            url=page_url(site, story, page_id),
            page_id=page_id,
            teasers=teasers(furniture, site, page_id, furniture.randrange(5, 16)),
            related=teasers(furniture, site, page_id - 50, furniture.randrange(0, 4)),
        )
        return GeneratedPage(index=i, kind=kind, of=of, page=page, html=render_page(page, furniture))


def select_sites(names: Sequence[str] | None) -> tuple[Site, ...]:
    """Sites by family name or site key; all sites when ``names`` is empty."""
    if not names:
        return SITES
    chosen = tuple(s for s in SITES if s.family in names or s.key in names)
    unknown = set(names) - {s.family for s in SITES} - {s.key for s in SITES}
    if unknown or not chosen:
        raise ValueError(
            f"unknown site or family: {', '.join(sorted(unknown)) or names}; families are {', '.join(FAMILIES)}"
        )
    return chosen


def iter_pages(
    n: int,
    seed: int = 1,
    *,
    duplicate_rate: float = DEFAULT_DUP_RATE,
    revision_rate: float = DEFAULT_REVISION_RATE,
    sites: Sequence[str] | None = None,
    start: int = 0,
) -> Iterator[GeneratedPage]:
    """Pages ``start`` .. ``n - 1``, one at a time (nothing is kept between pages)."""
    planner = _Planner(seed, duplicate_rate, revision_rate, select_sites(sites))
    for i in range(start, n):
        yield planner.page(i)


def page_path(i: int, site_key: str) -> str:
    return f"{i // 1000:04d}/{i:07d}-{site_key}.html"


def _warc_record(gp: GeneratedPage, seed: int) -> bytes:
    body = gp.html.encode("utf-8")
    when = (gp.story.updated or gp.story.published) + timedelta(minutes=3)
    http = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
        + f"Content-Length: {len(body)}\r\n\r\n".encode()
    ) + body
    rid = uuid.UUID(bytes=hashlib.sha256(f"{seed}/warc/{gp.index}".encode()).digest()[:16], version=4)
    digest = hashlib.sha1(http).digest()
    headers = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Record-ID: <urn:uuid:{rid}>\r\n"
        f"WARC-Date: {when.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}\r\n"
        f"WARC-Target-URI: {gp.page.url}\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"WARC-Block-Digest: sha1:{base64.b32encode(digest).decode()}\r\n"
        f"Content-Length: {len(http)}\r\n\r\n"
    ).encode()
    return gzip.compress(headers + http + b"\r\n\r\n", compresslevel=6, mtime=0)


def _warcinfo(seed: int, n: int) -> bytes:
    payload = f"software: newsdesk bench/generate.py\r\nformat: WARC File Format 1.0\r\nseed: {seed}\r\npages: {n}\r\n".encode()
    rid = uuid.UUID(bytes=hashlib.sha256(f"{seed}/warcinfo".encode()).digest()[:16], version=4)
    headers = (
        f"WARC/1.0\r\nWARC-Type: warcinfo\r\nWARC-Record-ID: <urn:uuid:{rid}>\r\n"
        f"WARC-Date: {BASE_TIME.strftime('%Y-%m-%dT%H:%M:%SZ')}\r\nWARC-Filename: pages.warc.gz\r\n"
        f"Content-Type: application/warc-fields\r\nContent-Length: {len(payload)}\r\n\r\n"
    ).encode()
    return gzip.compress(headers + payload + b"\r\n\r\n", compresslevel=6, mtime=0)


def generate_pages(
    n: int,
    seed: int,
    out_dir: str | Path,
    *,
    duplicate_rate: float = DEFAULT_DUP_RATE,
    revision_rate: float = DEFAULT_REVISION_RATE,
    sites: Sequence[str] | None = None,
    fmt: str = "html",
    progress: bool = False,
) -> dict[str, object]:
    """Write ``n`` pages under ``out_dir`` (HTML files or one WARC) and ``manifest.jsonl``; return counts."""
    if fmt not in ("html", "warc"):
        raise ValueError(f"unknown format {fmt!r}: use html or warc")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    counts = {"original": 0, "duplicate": 0, "revision": 0}
    families: dict[str, int] = {}
    size = 0
    t0 = time.perf_counter()
    warc = open(out / "pages.warc.gz", "wb") if fmt == "warc" else None  # noqa: SIM115
    try:
        if warc:
            warc.write(_warcinfo(seed, n))
        with open(out / "manifest.jsonl", "w", encoding="utf-8") as manifest:
            for gp in iter_pages(n, seed, duplicate_rate=duplicate_rate, revision_rate=revision_rate, sites=sites):
                if warc:
                    record = _warc_record(gp, seed)
                    warc.write(record)
                    rel = f"pages.warc.gz#{gp.index + 1}"
                    size += len(record)
                else:
                    rel = page_path(gp.index, gp.page.site.key)
                    path = out / rel
                    path.parent.mkdir(exist_ok=True)
                    data = gp.html.encode("utf-8")
                    path.write_bytes(data)
                    size += len(data)
                manifest.write(json.dumps(gp.manifest_row(rel), ensure_ascii=False) + "\n")
                counts[gp.kind] += 1
                families[gp.page.site.family] = families.get(gp.page.site.family, 0) + 1
                if progress and (gp.index + 1) % 1000 == 0:
                    print(f"  {gp.index + 1:,} pages ({time.perf_counter() - t0:.1f} s)", file=sys.stderr)
    finally:
        if warc:
            warc.close()
    return {
        "pages": n,
        "seed": seed,
        "format": fmt,
        **counts,
        "families": families,
        "bytes": size,
        "seconds": round(time.perf_counter() - t0, 2),
        "out_dir": str(out),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("n", type=int, help="number of pages")
    parser.add_argument("out_dir", help="folder to write into (created if missing)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dup-rate", type=float, default=DEFAULT_DUP_RATE, help="share of syndicated copies")
    parser.add_argument("--revision-rate", type=float, default=DEFAULT_REVISION_RATE, help="share of revisions")
    parser.add_argument("--format", choices=("html", "warc"), default="html")
    parser.add_argument("--sites", default="", help=f"comma-separated families or site keys ({', '.join(FAMILIES)})")
    args = parser.parse_args(argv)
    if args.n < 0:
        parser.error("N must be 0 or more")
    try:
        summary = generate_pages(
            args.n,
            args.seed,
            args.out_dir,
            duplicate_rate=args.dup_rate,
            revision_rate=args.revision_rate,
            fmt=args.format,
            sites=[s for s in args.sites.split(",") if s],
            progress=sys.stderr.isatty(),
        )
    except ValueError as exc:
        parser.error(str(exc))
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
