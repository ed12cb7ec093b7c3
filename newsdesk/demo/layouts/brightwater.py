"""Brightwater Times: a daily served as AMP pages (amp-analytics, amp-consent, amp-sidebar, kicker,
dek, "By ... | time" byline, amp-img with a "(Photo: ...)" credit, "Also read:" inside the story,
related coverage, amp-ads). The AMP page names the full page as canonical."""

from __future__ import annotations

import json

from newsdesk.demo.content import Story
from newsdesk.demo.layouts.common import CET, Context, Site, byline_names, clock, e, local, long_date, section_slug

HOST = "https://www.brightwatertimes.example"


def _url(story: Story) -> str:
    return f"{HOST}/{section_slug(story.section)}/{story.published:%Y/%m/%d}/{story.slug}/"


SITE = Site(
    key="brightwater",
    name="Brightwater Times",
    home=f"{HOST}/",
    feed=f"{HOST}/feeds/rss/",
    kind="html",
    suffix=".amp.html",
    url=_url,
    tz=CET,
)

MENU = ("Home", "News", "World", "Politics", "Business", "Science", "Sport", "Culture", "Obituaries")


def _story_html(story: Story, ctx: Context) -> str:
    out: list[str] = []
    for i, para in enumerate(story.paragraphs):
        out.append(f"<h2>{e(para[3:])}</h2>" if para.startswith("## ") else f"<p>{e(para)}</p>")
        if i == 2:
            out.append(
                '<div class="ad-container">\n<div class="ad-label">Advertisement</div>\n'
                '<amp-ad width="300" height="250" type="doubleclick" data-slot="/4411/bwt/amp/inline1">'
                "<div placeholder>Loading ad…</div></amp-ad>\n</div>"
            )
        if ctx.readmore and i == story.readmore_index:
            title, url = ctx.readmore
            out.append(f'<p class="also-read"><strong>Also read:</strong> <a href="{e(url)}">{e(title)}</a></p>')
    if story.agency:
        out.append(f'<p class="wire-credit">— {e(story.agency)}</p>')
    return "\n".join(out)


def render(story: Story, ctx: Context) -> str:
    url = ctx.url
    published = local(story.published, CET)
    img = f"https://media.brightwatertimes.example/{published:%Y/%m}/{story.image or story.slug}.jpg"
    analytics = json.dumps(
        {
            "vars": {"account": "UA-0000000-7"},
            "triggers": {"trackPageview": {"on": "visible", "request": "pageview"}},
            "extraUrlParams": {
                "cd1": story.section,
                "cd2": "|".join(story.authors),
                "cd3": published.date().isoformat(),
            },
        }
    )
    menu = "\n".join(f'<li><a href="{HOST}/{"" if m == "Home" else section_slug(m) + "/"}">{m}</a></li>' for m in MENU)
    by = f'By <span class="author">{e(byline_names(story.authors))}</span> | ' if story.authors else ""
    figure = ""
    if story.caption:
        credit = f' <span class="photo-credit">(Photo: {e(story.credit)})</span>' if story.credit else ""
        figure = (
            f'<figure>\n<amp-img src="{e(img)}" width="1200" height="800" layout="responsive" alt=""></amp-img>\n'
            f"<figcaption>{e(story.caption)}{credit}</figcaption>\n</figure>"
        )
    related = "\n".join(f'<li><a href="{e(u)}">{e(t)}</a></li>' for t, u in ctx.rail[:4])
    return f"""<!doctype html>
<html ⚡ lang="en">
<head>
<meta charset="utf-8">
<script async src="https://cdn.ampproject.example/v0.js"></script>
<script async custom-element="amp-analytics" src="https://cdn.ampproject.example/v0/amp-analytics-0.1.js"></script>
<script async custom-element="amp-ad" src="https://cdn.ampproject.example/v0/amp-ad-0.1.js"></script>
<script async custom-element="amp-sidebar" src="https://cdn.ampproject.example/v0/amp-sidebar-0.1.js"></script>
<title>{e(story.headline)} | Brightwater Times</title>
<link rel="canonical" href="{e(url)}">
<meta name="viewport" content="width=device-width,minimum-scale=1,initial-scale=1">
<meta name="description" content="{e(story.standfirst)}">
<meta property="og:site_name" content="Brightwater Times">
<meta property="og:title" content="{e(story.headline)}">
<meta property="og:image" content="{e(img)}">
<meta property="article:published_time" content="{published.isoformat()}">
<meta property="article:section" content="{e(story.section)}">
<style amp-boilerplate>body{{-webkit-animation:-amp-start 8s steps(1,end) 0s 1 normal both;animation:-amp-start 8s steps(1,end) 0s 1 normal both}}</style><noscript><style amp-boilerplate>body{{-webkit-animation:none;animation:none}}</style></noscript>
<style amp-custom>
body{{font-family:Georgia,serif;margin:0;color:#1a1a1a}}.header{{display:flex;align-items:center;padding:8px 12px;background:#123c69;color:#fff}}
.kicker a{{color:#c0392b;text-transform:uppercase;font:700 13px sans-serif}}.dek{{font-size:19px;color:#444}}.byline{{font:13px sans-serif;color:#666}}
figcaption{{font:13px sans-serif;color:#666}}.ad-container{{text-align:center;margin:16px 0}}.related{{border-top:2px solid #123c69}}
</style>
</head>
<body>
<amp-analytics type="googleanalytics" id="analytics-ga">
<script type="application/json">
{analytics}
</script>
</amp-analytics>
<amp-sidebar id="sidebar" class="sidebar" layout="nodisplay" side="left">
<ul>
{menu}
</ul>
</amp-sidebar>
<header class="header">
<button class="hamburger" on="tap:sidebar.toggle" aria-label="Open menu">☰</button>
<a class="logo" href="{HOST}/">Brightwater Times</a>
<a class="subscribe" href="{HOST}/subscribe/?source=amp">Subscribe</a>
</header>
<div class="ad-container">
<div class="ad-label">Advertisement</div>
<amp-ad width="320" height="50" type="doubleclick" data-slot="/4411/bwt/amp/top"></amp-ad>
</div>
<main class="article" id="content" role="main">
<article>
<div class="kicker"><a href="{HOST}/{section_slug(story.section)}/">{e(story.section)}</a></div>
<h1>{e(story.headline)}</h1>
<h2 class="dek">{e(story.standfirst)}</h2>
<div class="byline">{by}<time datetime="{published.isoformat()}">{long_date(published)}, {clock(published)}</time></div>
<amp-social-share type="facebook" width="32" height="32"></amp-social-share>
<amp-social-share type="email" width="32" height="32"></amp-social-share>
{figure}
<div class="story">
{_story_html(story, ctx)}
</div>
<div class="related">
<h3>Related coverage</h3>
<ul>
{related}
</ul>
</div>
<p class="contact">Have a news tip? Email <a href="mailto:newsdesk@brightwatertimes.example">newsdesk@brightwatertimes.example</a>.</p>
</article>
</main>
<footer class="footer">
<p><a href="{e(url)}">View full site</a></p>
<p><a href="{HOST}/privacy/">Privacy Policy</a> · <a href="{HOST}/terms/">Terms of Use</a></p>
<p>© 2026 Brightwater Times. All rights reserved.</p>
</footer>
</body>
</html>
"""
