"""Tideway World: an international wire-copy site in the seed's anatomy (date and section label,
"N MIN READ", caption "... / Credit", a RECOMMENDED widget and ads inside the body, "READ MORE:",
"SOURCE:AFP", tags and an Explore rail). No NewsArticle JSON-LD: everything comes from the markup."""

from __future__ import annotations

import json

from newsdesk.demo.content import Story
from newsdesk.demo.layouts.common import Context, Site, e, long_date, section_slug

HOST = "https://www.tidewayworld.example"


def _url(story: Story) -> str:
    return f"{HOST}/{section_slug(story.section)}/{story.slug}-{story.number}"


SITE = Site(
    key="tideway",
    name="Tideway World",
    home=f"{HOST}/",
    feed=f"{HOST}/rss/latest.xml",
    kind="html",
    suffix=".html",
    url=_url,
)

NAV = ("World", "Politics", "Business", "Science", "Sport", "Culture", "Opinion", "Video")


def _byline(story: Story) -> str:
    if not story.authors:
        return ""
    links = [f'<a href="/author/{a.lower().replace(" ", "-")}" itemprop="author">{e(a)}</a>' for a in story.authors]
    names = links[0] if len(links) == 1 else ", ".join(links[:-1]) + " and " + links[-1]
    return f'<span class="article__author">By {names}</span>'


def _body(story: Story, ctx: Context) -> str:
    out: list[str] = []
    for i, para in enumerate(story.paragraphs):
        if para.startswith("## "):
            out.append(f"    <h3>{e(para[3:])}</h3>")
        else:
            out.append(f"    <p>{e(para)}</p>")
        if i == 3 and len(story.paragraphs) > 6:
            out.append(
                '    <div class="recommended-slot" data-widget="recommended" data-position="inline-1">\n'
                '      <div class="recommended-slot__label">RECOMMENDED</div>\n'
                f'      <div class="recommended-slot__items" data-src="/api/recommend?article={story.number}'
                '&amp;limit=3"></div>\n    </div>'
            )
        if i == 5:
            out.append(
                '    <div id="div-gpt-ad-mpu-1" class="ad ad--mpu" data-ad-slot="mpu-1" aria-hidden="true"></div>'
            )
    if ctx.readmore:
        title, url = ctx.readmore
        out.append(f'    <p><strong>READ MORE: </strong><a href="{e(url)}">{e(title)}</a></p>')
    if story.agency:
        out.append(f'    <p class="article__source"><strong>SOURCE:</strong>{e(story.agency)}</p>')
    return "\n".join(out)


def render(story: Story, ctx: Context) -> str:
    img = f"https://cdn.tidewayworld.example/images/w960/q75/{story.image or story.slug}.jpg"
    og_img = img.replace("/w960/", "/w1280/")
    section = story.section
    published = story.published.isoformat()
    modified = (story.updated or story.published).isoformat()
    datalayer = json.dumps(
        {
            "event": "pageMeta",
            "pageType": "article",
            "contentId": str(story.number),
            "section": section_slug(section),
            "author": "|".join(story.authors),
            "publishDate": story.published.date().isoformat(),
            "wordCount": story.words,
            "tags": "|".join(story.tags),
        }
    )
    breadcrumb = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": 1, "name": "Home", "item": f"{HOST}/"},
                {"@type": "ListItem", "position": 2, "name": section, "item": f"{HOST}/{section_slug(section)}"},
            ],
        }
    )
    current = ' aria-current="page"'
    nav = "\n".join(
        f'        <li><a href="/{section_slug(n)}"{current if n == section else ""}>{n}</a></li>' for n in NAV
    )
    figure = ""
    if story.caption:
        credit = f" / {e(story.credit)}" if story.credit else ""
        figure = f"""  <figure class="article__figure">
    <picture>
      <source type="image/webp" srcset="{e(img.replace(".jpg", ".webp"))} 960w" sizes="(max-width: 760px) 100vw, 760px">
      <img src="{e(img)}" alt="{e(story.headline)}" width="960" height="540" loading="eager" itemprop="image">
    </picture>
    <figcaption>{e(story.caption)}{credit}</figcaption>
  </figure>"""
    tags = " ".join(f'<a href="/tag/{section_slug(t)}">#{e(t)}</a>' for t in story.tags)
    rail = "\n".join(
        f'    <li class="card"><a href="{e(u)}"><span class="card__title">{e(t)}</span></a></li>' for t, u in ctx.rail
    )
    return f"""<!DOCTYPE html>
<html lang="en" dir="ltr" class="no-js">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, shrink-to-fit=no">
<title>{e(story.headline)} - Tideway World</title>
<meta name="description" content="{e(story.standfirst)}">
<meta name="keywords" content="{e(", ".join(story.tags))}">
<meta name="robots" content="index, follow, max-image-preview:large">
<link rel="canonical" href="{e(ctx.url)}">
<link rel="alternate" type="application/rss+xml" title="Tideway World - Latest" href="{SITE.feed}">
<meta property="og:site_name" content="Tideway World">
<meta property="og:type" content="article">
<meta property="og:locale" content="en_GB">
<meta property="og:title" content="{e(story.headline)}">
<meta property="og:description" content="{e(story.standfirst)}">
<meta property="og:url" content="{e(ctx.url)}">
<meta property="og:image" content="{e(og_img)}">
<meta property="article:published_time" content="{published}">
<meta property="article:modified_time" content="{modified}">
<meta name="twitter:card" content="summary_large_image">
<meta name="twitter:site" content="@tidewayworld">
<meta name="theme-color" content="#0d3b4f">
<link rel="preconnect" href="https://cdn.tidewayworld.example">
<link rel="icon" type="image/png" sizes="32x32" href="/static/favicon-32.png">
<link rel="stylesheet" href="https://cdn.tidewayworld.example/static/css/main.7c21d0.css">
<style>
:root{{--brand:#0d3b4f;--accent:#f05a28;--muted:#6b7280}}
body{{margin:0;font-family:system-ui,sans-serif;color:#111}}
.visually-hidden{{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(1px,1px,1px,1px)}}
.article{{max-width:760px;margin:32px auto;padding:0 16px}}
.article__meta-top{{display:flex;gap:12px;font-size:12px;text-transform:uppercase;color:var(--muted)}}
.article__title{{font-size:40px;line-height:1.15}}
.article__summary{{font-size:20px;font-weight:400;color:#374151}}
.explore__list{{display:grid;grid-template-columns:repeat(3,1fr);gap:24px;list-style:none;padding:0}}
</style>
<script type="application/ld+json">{breadcrumb}</script>
<script>
window.dataLayer = window.dataLayer || [];
window.dataLayer.push({datalayer});
</script>
<script async src="https://ads.tidewayworld.example/tag/js/gpt.js"></script>
<script defer src="https://cdn.tidewayworld.example/static/js/article.5d90aa.js"></script>
</head>
<body class="page-article section-{section_slug(section)}">
<a class="skip-link visually-hidden" href="#main-content">Skip to main content</a>
<div id="div-gpt-ad-leaderboard" class="ad ad--leaderboard" data-ad-slot="leaderboard" aria-hidden="true"></div>
<header class="site-header" role="banner">
  <div class="site-header__inner">
    <a class="site-logo" href="/" aria-label="Tideway World home"><svg width="150" height="28" viewBox="0 0 150 28" aria-hidden="true"><path d="M0 0h20v28H0z" fill="#f05a28"/></svg></a>
    <nav class="main-nav" aria-label="Main">
      <ul>
{nav}
      </ul>
    </nav>
    <div class="site-header__tools">
      <button class="search-toggle" aria-label="Search">Search</button>
      <a class="btn btn--live" href="/live">WATCH LIVE</a>
      <button class="menu-toggle" aria-expanded="false">Menu</button>
    </div>
  </div>
</header>

<main id="main-content" role="main">
<article class="article" data-article-id="{story.number}">
  <div class="article__meta-top">
    <span class="article__date-label"><span class="visually-hidden">date</span> <time datetime="{story.published.date().isoformat()}">{story.published.date().isoformat()}</time></span>
    <span class="article__category"><a href="/{section_slug(section)}">{e(section.upper())}</a></span>
  </div>
  <div class="article__reading-time">{story.minutes} MIN READ</div>
  <h1 class="article__title" itemprop="headline">{e(story.headline)}</h1>
  <h2 class="article__summary" itemprop="description">{e(story.standfirst)}</h2>
{figure}
  <div class="article__byline">
    {_byline(story)}
    <time class="article__date" datetime="{published}" itemprop="datePublished">{long_date(story.published)}</time>
    <div class="share-bar" aria-label="Share this article">
      <button data-share="facebook" aria-label="Share on Facebook">f</button>
      <button data-share="x" aria-label="Share on X">x</button>
      <button data-share="copy" aria-label="Copy link">Copy link</button>
    </div>
  </div>

  <div class="article__body" itemprop="articleBody">
{_body(story, ctx)}
  </div>

  <div class="article__tags">
    <span class="article__tags-label">Tags</span>
    {tags}
  </div>
  <div class="article__follow">Follow Tideway World on our channels for the latest news.</div>
</article>

<section class="explore" aria-labelledby="explore-title">
  <h2 id="explore-title" class="explore__title">Explore</h2>
  <ul class="explore__list">
{rail}
  </ul>
</section>
</main>

<footer class="site-footer" role="contentinfo">
  <div class="site-footer__cols">
    <div><h4>Sections</h4><ul><li><a href="/world">World</a></li><li><a href="/business">Business</a></li><li><a href="/sport">Sport</a></li></ul></div>
    <div><h4>Company</h4><ul><li><a href="/about">About us</a></li><li><a href="/contact">Contact us</a></li><li><a href="/careers">Work with us</a></li></ul></div>
    <div><h4>Legal</h4><ul><li><a href="/privacy">Privacy policy</a></li><li><a href="/terms">Terms of use</a></li></ul></div>
  </div>
  <p class="copyright">© 2026 Tideway World. All rights reserved.</p>
</footer>
<div class="cookie-banner" role="dialog" hidden>We use cookies to improve your experience. <button>Accept all</button> <button>Manage preferences</button></div>
<script>document.documentElement.classList.remove('no-js');</script>
</body>
</html>
"""
