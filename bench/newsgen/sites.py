"""The fictional sites that publish synthetic stories, and what every layout shares.

Each site belongs to a family (a CMS or publishing style) whose layout lives in ``layouts.py``; the
site gives it a name, a domain, a language variant and a time zone. URLs follow the family's habits.
"""

from __future__ import annotations

import functools
import html
import json
import random
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from newsgen import words as W
from newsgen.stories import Story

FAMILIES = ("wire", "wordpress", "arc", "amp", "regional", "liveblog", "drupal", "blog", "broadcaster")


@dataclass(frozen=True)
class Site:
    key: str
    family: str
    name: str
    domain: str
    lang: str = "en-GB"
    utc_offset: int = 0  # hours
    accent: str = "#0b1f3a"

    @property
    def tz(self) -> timezone:
        return timezone(timedelta(hours=self.utc_offset))


SITES: tuple[Site, ...] = (
    Site("meridian", "wire", "Meridian World", "meridianworld.example", "en-GB", 0, "#0b1f3a"),
    Site("globalpost", "wire", "Global Post Wire", "globalpostwire.example", "en-US", -5, "#14532d"),
    Site("dispatch", "wire", "The Dispatch International", "dispatchintl.example", "en-GB", 1, "#7c2d12"),
    Site("ledger", "wordpress", "The Harrowgate Ledger", "harrowgateledger.example", "en-GB", 0, "#1e3a8a"),
    Site("valleyvoice", "wordpress", "Valley Voice", "valleyvoice.example", "en-US", -6, "#065f46"),
    Site("coastline", "wordpress", "Coastline Weekly", "coastlineweekly.example", "en-GB", 0, "#0e7490"),
    Site("chronicle", "arc", "The Capital Chronicle", "capitalchronicle.example", "en-US", -5, "#111827"),
    Site("heraldtimes", "arc", "Herald Times", "heraldtimes.example", "en-US", -8, "#831843"),
    Site("morningstar", "arc", "The Morning Star Record", "morningstarrecord.example", "en-GB", 0, "#1f2937"),
    Site("courier", "amp", "Sierra Valley Courier", "sierravalleycourier.example", "en-US", -7, "#8b1e1e"),
    Site("lakesentinel", "amp", "Lake Sentinel", "lakesentinel.example", "en-US", -6, "#1d4ed8"),
    Site("gazette", "regional", "Northfield Gazette", "northfieldgazette.example", "en-CA", -5, "#b91c1c"),
    Site("examiner", "regional", "Kesselford Examiner", "kesselfordexaminer.example", "en-GB", 0, "#4338ca"),
    Site("advertiser", "regional", "Tamsin Valley Advertiser", "tamsinadvertiser.example", "en-GB", 0, "#047857"),
    Site("eveningstar", "liveblog", "Brenmoor Evening Star", "brenmoorstar.example", "en-GB", 1, "#052962"),
    Site("citywire", "liveblog", "City Live", "citylive.example", "en-GB", 0, "#c2410c"),
    Site("observer", "drupal", "Orne Coast Observer", "ornecoastobserver.example", "en-GB", 0, "#334155"),
    Site("tribune", "drupal", "Dalmerra Tribune", "dalmerratribune.example", "en-GB", 2, "#7e22ce"),
    Site("notebook", "blog", "A Reporter's Notebook", "reportersnotebook.example", "en-GB", 0, "#000000"),
    Site("fieldnotes", "blog", "Field Notes from the Fens", "fieldnotes.example", "en-GB", 0, "#444444"),
    Site("nbn", "broadcaster", "NBN News", "nbn.example", "en-GB", 0, "#b80000"),
    Site("radio5", "broadcaster", "Radio Quessa News", "radioquessa.example", "en-GB", 1, "#0f766e"),
)
SITES_BY_FAMILY: dict[str, tuple[Site, ...]] = {f: tuple(s for s in SITES if s.family == f) for f in FAMILIES}


@dataclass(frozen=True)
class Page:
    """One page to render: the story, where it lives, and the furniture around it."""

    story: Story
    site: Site
    url: str
    page_id: int
    teasers: tuple[tuple[str, str], ...]  # (title, url) of the site's other stories
    related: tuple[tuple[str, str], ...]


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def local(dt: datetime, site: Site) -> datetime:
    return dt.astimezone(site.tz)


def iso(dt: datetime, site: Site) -> str:
    return local(dt, site).isoformat(timespec="seconds")


def long_date(dt: datetime, site: Site) -> str:
    d = local(dt, site)
    if site.lang == "en-US" or site.lang == "en-CA":
        return f"{d:%B} {d.day}, {d.year}"
    return f"{d.day} {d:%B} {d.year}"


def clock(dt: datetime, site: Site) -> str:
    d = local(dt, site)
    if site.lang in ("en-US", "en-CA"):
        hour = d.hour % 12 or 12
        return f"{hour}:{d:%M} {'a.m.' if d.hour < 12 else 'p.m.'}"
    return f"{d:%H.%M}"


def page_url(site: Site, story: Story, page_id: int) -> str:
    d = local(story.published, site)
    section = story.section.lower()
    base = f"https://www.{site.domain}"
    match site.family:
        case "wire":
            return f"{base}/{section}/{story.slug}-{page_id}"
        case "wordpress":
            return f"https://{site.domain}/{d:%Y/%m/%d}/{story.slug}-{page_id}/"
        case "arc":
            return f"{base}/{section}/{d:%Y/%m/%d}/{story.slug}-{page_id}/"
        case "amp":
            return f"{base}/news/{section}/{d:%Y/%m/%d}/{story.slug}-{page_id}/"
        case "regional":
            return f"{base}/news/{section}/{story.slug}-{page_id}"
        case "liveblog":
            return f"{base}/{section}/live/{d:%Y}/{d:%b}/{d.day:02d}/{story.slug}-{page_id}".lower()
        case "drupal":
            return f"{base}/{section}/{story.slug}-{page_id}"
        case "blog":
            return f"https://{site.domain}/posts/{story.slug}-{page_id}/"
        case _:
            return f"{base}/news/articles/c{page_id:07d}{story.slug[:1] or 'x'}o"


def teasers(rng: random.Random, site: Site, page_id: int, n: int) -> tuple[tuple[str, str], ...]:
    """Headlines of the site's other stories, for rails and 'Explore' lists."""
    out = []
    for k in range(n):
        title = rng.choice(W.TEASER_SUBJECTS)
        if rng.random() < 0.5:
            head, tail = rng.choice(W.TOWN_HEADS), rng.choice(W.TOWN_TAILS)
            title = f"{head}{tail}: {title[0].lower()}{title[1:]}"
        section = rng.choice(W.NAV_SECTIONS[:9]).lower()
        out.append(
            (
                title,
                f"https://www.{site.domain}/{section}/{'-'.join(title.lower().replace(':', '').split()[:7])}-{page_id - 1 - k}",
            )
        )
    return tuple(out)


def news_article_jsonld(page: Page, *, with_body: bool = False) -> str:
    story, site = page.story, page.site
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": page.url},
        "headline": story.headline,
        "description": story.standfirst,
        "datePublished": iso(story.published, site),
        "dateModified": iso(story.updated or story.published, site),
        "author": [{"@type": "Person", "name": a} for a in story.authors],
        "publisher": {
            "@type": "NewsMediaOrganization",
            "name": site.name,
            "logo": {"@type": "ImageObject", "url": f"https://www.{site.domain}/static/logo-600x60.png"},
        },
        "image": {"@type": "ImageObject", "url": image_url(page), "caption": story.caption},
        "articleSection": story.section,
        "keywords": list(story.tags),
        "inLanguage": site.lang,
    }
    if with_body:
        data["articleBody"] = "\n\n".join(story.paragraphs)
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


def image_url(page: Page) -> str:
    d = page.story.published
    return f"https://cdn.{page.site.domain}/images/{d:%Y/%m}/{page.story.slug[:40]}-{page.page_id}.jpg"


def meta_head(page: Page, *, og: bool = True) -> str:
    """The <head> tags most CMSs emit: title, description, canonical, Open Graph, article times."""
    s, site = page.story, page.site
    lines = [
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(s.headline)} | {esc(site.name)}</title>",
        f'<meta name="description" content="{esc(s.standfirst)}">',
        f'<link rel="canonical" href="{esc(page.url)}">',
    ]
    if og:
        lines += [
            f'<meta property="og:site_name" content="{esc(site.name)}">',
            '<meta property="og:type" content="article">',
            f'<meta property="og:title" content="{esc(s.headline)}">',
            f'<meta property="og:description" content="{esc(s.standfirst)}">',
            f'<meta property="og:url" content="{esc(page.url)}">',
            f'<meta property="og:image" content="{image_url(page)}">',
            f'<meta property="article:section" content="{esc(s.section)}">',
            f'<meta property="article:published_time" content="{iso(s.published, site)}">',
        ]
        if s.updated:
            lines.append(f'<meta property="article:modified_time" content="{iso(s.updated, site)}">')
        lines += [f'<meta property="article:tag" content="{esc(t)}">' for t in s.tags]
        lines.append('<meta name="twitter:card" content="summary_large_image">')
    return "\n".join(lines)


def tracking_scripts(site: Site, page: Page) -> str:
    data = {
        "event": "pageMeta",
        "pageType": "article",
        "contentId": str(page.page_id),
        "section": page.story.section.lower(),
        "author": "|".join(page.story.authors),
        "publishDate": page.story.published.date().isoformat(),
        "wordCount": sum(len(p.split()) for p in page.story.paragraphs),
    }
    return (
        "<script>\nwindow.dataLayer = window.dataLayer || [];\n"
        f"window.dataLayer.push({json.dumps(data)});\n"
        "(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':new Date().getTime(),event:'gtm.js'});"
        "var f=d.getElementsByTagName(s)[0],j=d.createElement(s);j.async=true;"
        f"j.src='https://tags.{site.domain}/gtm.js?id='+i;f.parentNode.insertBefore(j,f);}})(window,document,'script','dataLayer','GTM-{page.page_id % 9973:04d}');\n"
        "</script>\n"
        f'<script async src="https://ads.{site.domain}/tag/js/gpt.js"></script>'
    )


def nav_items(rng: random.Random, site: Site, current: str, *, n: int = 8) -> list[tuple[str, str, bool]]:
    names = list(W.NAV_SECTIONS[:n])
    if current not in names:
        names[-1] = current
    return [(name, f"/{name.lower()}", name == current) for name in names]


def footer_links(site: Site) -> str:
    return "".join(f'<li><a href="/{"-".join(t.lower().split())}">{esc(t)}</a></li>' for t in W.FOOTER_LINKS)


@functools.lru_cache(maxsize=64)
def site_css(site: Site) -> str:
    """An inline stylesheet of the size real themes ship (a few KB), the same on every page of a site."""
    rng = random.Random(f"css/{site.key}")
    parts = (
        "header",
        "nav",
        "article",
        "card",
        "rail",
        "footer",
        "promo",
        "teaser",
        "byline",
        "share",
        "newsletter",
        "paywall",
        "ad",
        "hero",
        "grid",
        "list",
        "badge",
        "button",
        "menu",
        "tag",
    )
    rules = []
    for part in parts:
        for mod in ("", "__title", "__inner", "__item", "--wide", "--compact", ":hover"):
            props = ";".join(
                rng.sample(
                    (
                        f"color:{site.accent}",
                        "margin:0 auto",
                        f"padding:{rng.randrange(2, 32)}px",
                        "display:flex",
                        f"gap:{rng.randrange(4, 24)}px",
                        f"font-size:{rng.randrange(11, 28)}px",
                        "line-height:1.4",
                        "text-transform:uppercase",
                        f"max-width:{rng.randrange(600, 1280)}px",
                        "border-bottom:1px solid #e5e7eb",
                        "background:#fff",
                        "position:relative",
                        "overflow:hidden",
                        "font-weight:700",
                        "letter-spacing:.04em",
                    ),
                    5,
                )
            )
            rules.append(f".{site.key}-{part}{mod}{{{props}}}")
    media = f"@media (max-width:720px){{{''.join(rules[:12])}}}"
    return "\n".join(rules) + "\n" + media


@functools.lru_cache(maxsize=64)
def mega_menu(site: Site) -> str:
    """The hidden all-sections menu most news sites carry in their header."""
    rng = random.Random(f"menu/{site.key}")
    cols = []
    for title, items in (
        ("Sections", W.NAV_SECTIONS),
        ("Regions", W.REGIONS),
        ("Topics", W.TEASER_SUBJECTS[:10]),
        (site.name, W.FOOTER_LINKS),
    ):
        links = "".join(
            f'<li><a href="/{"-".join(str(x).lower().split())[:40]}">{esc(str(x))}</a></li>'
            for x in rng.sample(list(items), min(len(items), 10))
        )
        cols.append(f'<div class="mega-menu__col"><h4>{esc(title)}</h4><ul>{links}</ul></div>')
    return f'<div id="mega-menu" class="mega-menu" hidden>{"".join(cols)}</div>'


def app_config(site: Site, page_id: int) -> str:
    """An inline app-config script, as single-page-app news sites embed."""
    cfg = {
        "apiBase": "/api",
        "site": site.key,
        "contentId": page_id,
        "recommend": {"endpoint": "/api/recommend", "limit": 3},
        "ads": {
            "network": "/21800001",
            "lazyLoad": {"fetchMarginPercent": 200, "renderMarginPercent": 100},
            "slots": [f"slot-{k}" for k in range(12)],
        },
        "consent": {"vendor": "cmp-lite", "version": 3, "purposes": list(range(1, 11))},
        "features": {f"flag_{k}": bool((page_id + k) % 3) for k in range(40)},
    }
    return f"<script>window.__{site.key.upper()}_CONFIG__={json.dumps(cfg)};</script>"
