"""Page layouts, one per site family: the furniture real CMSs put around an article.

Each ``render_<family>(page, rng)`` returns a whole HTML document. Layouts borrow the structure of
``tests/golden/extract/*.html`` (wire copy, WordPress, Arc/Next.js, AMP, regional paper, liveblog)
and add Drupal, a minimal static blog and a broadcaster; the words are the story's own.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from datetime import timedelta

from newsgen.sites import (
    Page,
    app_config,
    clock,
    esc,
    footer_links,
    image_url,
    iso,
    long_date,
    mega_menu,
    meta_head,
    nav_items,
    news_article_jsonld,
    site_css,
    tracking_scripts,
)

_CURRENT = ' aria-current="page"'
_ACTIVE = ' class="active"'


def _script_json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


def _byline_names(names: tuple[str, ...]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _minutes(page: Page) -> int:
    return max(1, round(sum(len(p.split()) for p in page.story.paragraphs) / 230))


def _ad(cls: str, slot: str) -> str:
    return (
        f'<div class="{cls}" id="ad-{slot}" data-ad-slot="{slot}" aria-hidden="true">'
        f'<span class="ad-label">Advertisement</span></div>'
    )


def _teaser_list(page: Page, cls: str = "card") -> str:
    return "\n".join(
        f'<li class="{cls}"><a href="{esc(u)}"><span class="{cls}__title">{esc(t)}</span></a></li>'
        for t, u in page.teasers
    )


def _body(
    page: Page,
    rng: random.Random,
    *,
    ad: Callable[[int], str],
    every: int = 4,
    wrap: Callable[[str], str] = lambda p: f"<p>{esc(p)}</p>",
) -> str:
    out = []
    for i, para in enumerate(page.story.paragraphs):
        out.append(wrap(para))
        if i and i % every == 0 and i < len(page.story.paragraphs) - 1:
            out.append(ad(i // every))
    if page.related and rng.random() < 0.6:
        title, url = page.related[0]
        pos = min(len(out), 3 + rng.randrange(0, 3))
        out.insert(pos, f'<p><strong>READ MORE: </strong><a href="{esc(url)}">{esc(title)}</a></p>')
    return "\n".join(out)


def render_wire(page: Page, rng: random.Random) -> str:
    s, site = page.story, page.site
    nav = "".join(
        f'<li><a href="{u}"{_CURRENT if cur else ""}>{esc(n)}</a></li>' for n, u, cur in nav_items(rng, site, s.section)
    )
    source = f'<p class="article__source"><strong>SOURCE:</strong>{esc(s.agency)}</p>' if s.agency else ""
    return f"""<!DOCTYPE html>
<html lang="{site.lang}" class="no-js">
<head>
{meta_head(page)}
<meta name="theme-color" content="{site.accent}">
<link rel="stylesheet" href="https://cdn.{site.domain}/static/css/main.{page.page_id % 65535:04x}.css">
<style>:root{{--brand:{site.accent}}}.article{{max-width:760px;margin:32px auto}}.explore__list{{display:grid}}
{site_css(site)}</style>
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"BreadcrumbList","itemListElement":[{{"@type":"ListItem","position":1,"name":"Home","item":"https://www.{site.domain}/"}},{{"@type":"ListItem","position":2,"name":"{esc(s.section)}","item":"https://www.{site.domain}/{s.section.lower()}"}}]}}</script>
{tracking_scripts(site, page)}
</head>
<body class="page-article section-{s.section.lower()}">
<a class="skip-link visually-hidden" href="#main-content">Skip to main content</a>
{_ad("ad ad--leaderboard", "leaderboard")}
<header class="site-header" role="banner"><div class="site-header__inner">
<a class="site-logo" href="/" aria-label="{esc(site.name)} home">{esc(site.name)}</a>
<nav class="main-nav" aria-label="Main"><ul>{nav}</ul></nav>
<div class="site-header__tools"><button class="search-toggle" aria-label="Search"></button><a class="btn btn--live" href="/live">WATCH LIVE</a></div>
</div>{mega_menu(site)}</header>
<main id="main-content" role="main">
<article class="article" data-article-id="{page.page_id}">
  <div class="article__meta-top"><span class="article__date-label"><time datetime="{iso(s.published, site)[:10]}">{iso(s.published, site)[:10]}</time></span>
  <span class="article__category"><a href="/{s.section.lower()}">{esc(s.section.upper())}</a></span></div>
  <div class="article__reading-time">{_minutes(page)} MIN READ</div>
  <h1 class="article__title">{esc(s.headline)}</h1>
  <h2 class="article__summary">{esc(s.standfirst)}</h2>
  <figure class="article__figure"><img src="{image_url(page)}" alt="{esc(s.headline)}" width="960" height="540">
  <figcaption>{esc(s.caption)} / {esc(s.credit)}</figcaption></figure>
  <div class="article__byline"><span class="article__author">By <a href="/author/{s.authors[0].lower().replace(" ", "-")}">{esc(_byline_names(s.authors))}</a></span>
  <time class="article__date" datetime="{iso(s.published, site)}">{long_date(s.published, site)}</time>
  <div class="share-bar" aria-label="Share this article"><button data-share="facebook">f</button><button data-share="x">x</button><button data-share="copy">Copy link</button></div></div>
  <div class="article__body">
{_body(page, rng, ad=lambda k: _ad("ad ad--mpu", f"mpu-{k}"))}
{source}
  </div>
  <div class="article__tags">{" ".join(f'<a href="/tag/{esc(t.lower())}">#{esc(t)}</a>' for t in s.tags)}</div>
</article>
<aside class="sidebar" aria-label="Advertisement">{_ad("ad ad--mpu", "mpu-rail")}</aside>
<section class="explore" aria-labelledby="explore-heading"><h2 id="explore-heading">Explore</h2>
<ul class="explore__list">
{_teaser_list(page)}
</ul></section>
</main>
<footer class="site-footer" role="contentinfo"><ul>{footer_links(site)}</ul>
<p class="copyright">© {s.published.year} {esc(site.name)}. All rights reserved.</p></footer>
<div class="cookie-banner" role="dialog" hidden>We use cookies to improve your experience. <button>Accept all</button></div>
{app_config(site, page.page_id)}
</body>
</html>
"""


def render_wordpress(page: Page, rng: random.Random) -> str:
    s, site = page.story, page.site
    menu = "".join(
        f'<li id="menu-item-{10 + i}" class="menu-item menu-item-type-taxonomy"><a href="https://{site.domain}/category/{n.lower()}/">{esc(n)}</a></li>'
        for i, (n, _, _) in enumerate(nav_items(rng, site, s.section))
    )

    def wrap(p: str) -> str:
        if p.startswith('"') and rng.random() < 0.3:
            return f'<blockquote class="wp-block-quote"><p>{esc(p)}</p></blockquote>'
        return f"<p>{esc(p)}</p>\n"

    comments = "\n".join(
        f'<li class="comment depth-1"><article class="comment-body"><footer class="comment-meta"><b class="fn">{esc(n)}</b> <span class="says">says:</span></footer>'
        f'<div class="comment-content"><p>{esc(c)}</p></div><div class="reply"><a class="comment-reply-link" href="#respond">Reply</a></div></article></li>'
        for n, c in rng.sample(
            [
                ("Gerald P", "Well done to everyone involved."),
                ("Sandra K", "About time too."),
                ("Local Lad", "Typical. Nobody asked us."),
                ("Jean", "Thank you for reporting this."),
            ],
            2,
        )
    )
    return f"""<!DOCTYPE html>
<html lang="{site.lang}">
<head>
{meta_head(page)}
<link rel="stylesheet" id="newsblock-style-css" href="https://{site.domain}/wp-content/themes/newsblock/style.css?ver=1.4.2" media="all">
<style id="newsblock-inline-css">{site_css(site)}</style>
<script type="application/ld+json">{{"@context":"https://schema.org","@graph":[{{"@type":"Article","headline":{json.dumps(s.headline)},"datePublished":"{iso(s.published, site)}","author":{json.dumps([{"@type": "Person", "name": a} for a in s.authors], ensure_ascii=False)}}}]}}</script>
<script src="https://{site.domain}/wp-includes/js/jquery/jquery.min.js?ver=3.7.1" id="jquery-core-js"></script>
</head>
<body class="post-template-default single single-post postid-{page.page_id} single-format-standard">
<div id="page" class="site"><a class="skip-link screen-reader-text" href="#primary">Skip to content</a>
<header id="masthead" class="site-header"><div class="site-branding"><p class="site-title"><a href="https://{site.domain}/" rel="home">{esc(site.name)}</a></p>
<p class="site-description">Independent news for {esc(s.place)} and beyond</p></div>
<nav id="site-navigation" class="main-navigation"><button class="menu-toggle" aria-controls="primary-menu">Menu</button><div class="menu-primary-container"><ul id="primary-menu" class="menu">{menu}</ul></div></nav>
</header>
<div id="content" class="site-content">
<div class="breadcrumbs"><span><a href="https://{site.domain}/">Home</a></span> » <span><a href="https://{site.domain}/category/{s.section.lower()}/">{esc(s.section)}</a></span></div>
<main id="primary" class="site-main">
<article id="post-{page.page_id}" class="post-{page.page_id} post type-post status-publish format-standard has-post-thumbnail hentry category-{s.section.lower()}">
<header class="entry-header">
<span class="cat-links"><a href="https://{site.domain}/category/{s.section.lower()}/" rel="category tag">{esc(s.section)}</a></span>
<h1 class="entry-title">{esc(s.headline)}</h1>
<div class="entry-meta"><span class="posted-on">Posted on <a href="{esc(page.url)}" rel="bookmark"><time class="entry-date published" datetime="{iso(s.published, site)}">{long_date(s.published, site)}</time></a></span>
<span class="byline"> by {" and ".join(f'<span class="author vcard"><a class="url fn n" href="https://{site.domain}/author/{a.split()[-1].lower()}/">{esc(a)}</a></span>' for a in s.authors)}</span>
<span class="reading-time">{_minutes(page)} min read</span></div>
</header>
<div class="post-thumbnail"><img width="1024" height="683" src="{image_url(page)}" class="attachment-post-thumbnail wp-post-image" alt="">
<span class="post-thumbnail__caption">{esc(s.caption)} Photo: {esc(s.credit)}</span></div>
<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this:</h3><ul><li class="share-facebook"><a href="#">Facebook</a></li><li class="share-x"><a href="#">X</a></li></ul></div>
<div class="entry-content">
<p class="standfirst"><strong>{esc(s.standfirst)}</strong></p>
{_body(page, rng, ad=lambda k: f'<div class="ledger-inline-ad" data-ad-unit="in-article-{k}"><span class="ad-label">Advertisement</span><ins class="adsbygoogle" data-ad-format="fluid"></ins></div>', every=5, wrap=wrap)}
<div class="support-box"><p><strong>{esc(site.name)} is independent and free to read.</strong> If you value local reporting, please consider <a href="/donate/">supporting us</a>.</p></div>
</div>
<footer class="entry-footer"><span class="tags-links">Tagged {", ".join(f'<a href="https://{site.domain}/tag/{esc(t.lower())}/" rel="tag">{esc(t)}</a>' for t in s.tags)}</span></footer>
<div class="author-info"><h2 class="author-title"><span class="author-heading">Author:</span> {esc(s.authors[0])}</h2>
<p class="author-bio">{esc(s.authors[0])} is {esc(site.name)}'s {esc(s.author_role.lower())}.</p></div>
</article>
<section class="related-posts"><h2 class="related-posts__title">Related posts</h2><ul>{"".join(f'<li><a href="{esc(u)}">{esc(t)}</a></li>' for t, u in page.related)}</ul></section>
<div id="comments" class="comments-area"><h2 class="comments-title">2 thoughts on “{esc(s.headline)}”</h2><ol class="comment-list">{comments}</ol>
<div id="respond" class="comment-respond"><h3 class="comment-reply-title">Leave a Reply</h3><form class="comment-form"><p class="comment-notes">Your email address will not be published.</p><textarea name="comment"></textarea><input type="submit" value="Post Comment"></form></div></div>
</main>
<aside id="secondary" class="widget-area"><section class="widget widget_recent_entries"><h2 class="widget-title">Recent Posts</h2><ul>
{_teaser_list(page, "recent")}
</ul></section><section class="widget widget_search"><form role="search"><input type="search" placeholder="Search …"></form></section></aside>
</div>
<footer id="colophon" class="site-footer"><div class="site-info"><a href="https://wordpress.example/">Proudly powered by WordPress</a> | Theme: Newsblock.</div><ul>{footer_links(site)}</ul></footer>
</div>
<script src="https://stats.wp.example/e-2026.js" defer></script>
</body>
</html>
"""


def render_arc(page: Page, rng: random.Random) -> str:
    s, site = page.story, page.site
    h = f"{page.page_id:06x}"
    nav = "".join(f'<li><a href="{u}/">{esc(n)}</a></li>' for n, u, _ in nav_items(rng, site, s.section))
    paras = "".join(
        f'<p class="article-body_paragraph__{h[:4]} font--body" data-el="text">{esc(p)}</p>'
        + (
            f'<div class="ad-slot_wrapper__Zp1Qd" data-testid="ad-slot-inline"><div id="arcad_inline-{i}" class="arcad"></div></div>'
            if i == 3
            else ""
        )
        for i, p in enumerate(s.paragraphs)
    )
    next_data = {
        "props": {
            "pageProps": {
                "globalContent": {
                    "_id": h.upper() * 3,
                    "type": "story",
                    "canonical_url": page.url,
                    "headlines": {"basic": s.headline},
                    "subheadlines": {"basic": s.standfirst},
                    "credits": {"by": [{"name": a, "type": "author"} for a in s.authors]},
                    "taxonomy": {"primary_section": {"name": s.section}},
                    "display_date": iso(s.published, site),
                    "content_elements": [{"type": "text", "content": p} for p in s.paragraphs],
                }
            }
        },
        "page": "/[...slug]",
        "buildId": f"b{h}",
        "isFallback": False,
    }
    byline = " and ".join(
        f'<a class="byline_author__{h[:5]}" href="https://www.{site.domain}/people/{a.lower().replace(" ", "-")}/">{esc(a)}</a>'
        for a in s.authors
    )
    updated = (
        f'<span class="timestamp_updated">Updated {long_date(s.updated, site)} at {clock(s.updated, site)}</span>'
        if s.updated
        else ""
    )
    return f"""<!DOCTYPE html><html lang="{site.lang}"><head>{meta_head(page)}<meta name="next-head-count" content="24"/><link rel="preload" href="/_next/static/css/{h}.css" as="style"/><link rel="stylesheet" href="/_next/static/css/{h}.css"/><script src="/_next/static/chunks/webpack-{h}.js" defer=""></script><script src="/_next/static/chunks/main-{h}.js" defer=""></script><script type="application/ld+json">{news_article_jsonld(page)}</script><style data-emotion="css">{site_css(site)}</style></head><body><div id="__next"><div class="layout_root__Tq2Lm"><a class="skip-link_link__2FgsX" href="#main">Skip to main content</a><div class="ad-slot_wrapper__Zp1Qd ad-slot_top__k3Vn0"><div id="arcad_top-1" class="arcad" data-ad-sizes="[[728,90],[970,250]]"></div></div><header class="site-header_header__bD0yK"><div class="site-header_inner__pQ7wM"><button class="site-header_menuButton__m2aXz" aria-label="Open sections menu">Sections</button><a class="site-header_logo__xT5rV" href="/">{esc(site.name)}</a><div class="site-header_actions__3Fk1L"><a href="/subscribe/?itid=nav_subscribe">Subscribe</a><a href="/account/login/">Sign in</a></div></div><nav class="site-nav_nav__h8R2c" aria-label="Sections"><ul>{nav}</ul></nav>{mega_menu(site)}</header><main id="main" class="article-layout_main__{h[:4]}"><article class="article_article__{h[:5]}"><div class="kicker_kicker__{h[:4]}"><a href="/{s.section.lower()}/">{esc(s.section)}</a></div><h1 class="headline_headline__{h[:5]}" data-testid="headline">{esc(s.headline)}</h1><h2 class="subheadline_sub__{h[:4]}">{esc(s.standfirst)}</h2><div class="byline_wrapper__{h[:4]}"><span class="byline_by__{h[:3]}">By </span>{byline}<div class="timestamp_wrapper"><time datetime="{iso(s.published, site)}">{long_date(s.published, site)} at {clock(s.published, site)}</time>{updated}</div></div><figure class="lead-art_figure__{h[:4]}"><img src="{image_url(page)}" alt="" width="1600" height="900"/><figcaption class="lead-art_caption__{h[:4]}">{esc(s.caption)} ({esc(s.credit)} for {esc(site.name)})</figcaption></figure><div class="article-body_body__{h[:4]}">{paras}</div><div class="paywall" data-testid="paywall"></div><div class="newsletter-promo_box"><p>Get the {esc(site.name)} morning briefing in your inbox.</p><a href="/newsletters/">Sign up</a></div></article><aside class="right-rail_rail__{h[:4]}"><div class="most-read_list"><h2>Most Read</h2><ol>{"".join(f'<li><a href="{esc(u)}">{esc(t)}</a></li>' for t, u in page.teasers[:5])}</ol></div></aside></main><footer class="site-footer_footer__{h[:4]}"><ul>{footer_links(site)}</ul><p>© {s.published.year} {esc(site.name)}</p></footer></div></div><script id="__NEXT_DATA__" type="application/json">{_script_json(next_data)}</script>{app_config(site, page.page_id)}</body></html>"""


def render_amp(page: Page, rng: random.Random) -> str:
    s, site = page.story, page.site
    base = f"https://www.{site.domain}"
    body = []
    for i, p in enumerate(s.paragraphs):
        body.append(f"<p>{esc(p)}</p>")
        if i == 2:
            body.append(
                '<div class="ad-container"><div class="ad-label">Advertisement</div><amp-ad width="300" height="250" type="doubleclick" '
                f'data-slot="/1234567/{site.key}/amp/inline1"><div placeholder>Loading ad…</div></amp-ad></div>'
            )
    updated = f' | Updated <time datetime="{iso(s.updated, site)}">{clock(s.updated, site)}</time>' if s.updated else ""
    return f"""<!doctype html>
<html ⚡ lang="{site.lang[:2]}">
<head>
<meta charset="utf-8">
<script async src="https://cdn.ampproject.example/v0.js"></script>
<script async custom-element="amp-ad" src="https://cdn.ampproject.example/v0/amp-ad-0.1.js"></script>
<script async custom-element="amp-analytics" src="https://cdn.ampproject.example/v0/amp-analytics-0.1.js"></script>
<title>{esc(s.headline)} | {esc(site.name)}</title>
<link rel="canonical" href="{esc(page.url)}">
<meta name="viewport" content="width=device-width,minimum-scale=1,initial-scale=1">
<meta name="description" content="{esc(s.standfirst)}">
<meta property="og:title" content="{esc(s.headline)}">
<meta property="og:site_name" content="{esc(site.name)}">
<meta property="article:section" content="{esc(s.section)}">
<meta property="article:published_time" content="{iso(s.published, site)}">
<script type="application/ld+json">{news_article_jsonld(page)}</script>
<style amp-boilerplate>body{{-webkit-animation:-amp-start 8s steps(1,end) 0s 1 normal both;animation:-amp-start 8s steps(1,end) 0s 1 normal both}}</style>
<style amp-custom>body{{font-family:Georgia,serif}}.kicker{{color:{site.accent}}}.ad-container{{text-align:center}}
{site_css(site)}</style>
</head>
<body>
<amp-analytics type="googleanalytics"><script type="application/json">{{"vars":{{"account":"UA-0000000-1"}},"extraUrlParams":{{"cd1":"{esc(s.section)}"}}}}</script></amp-analytics>
<amp-sidebar id="sidebar" class="sidebar" layout="nodisplay" side="left"><ul>{"".join(f'<li><a href="{base}{u}/">{esc(n)}</a></li>' for n, u, _ in nav_items(rng, site, s.section))}</ul></amp-sidebar>
<header class="header"><button class="hamburger" on="tap:sidebar.toggle" aria-label="Open menu">☰</button><a class="logo" href="{base}/">{esc(site.name)}</a><a class="subscribe" href="{base}/subscribe/?source=amp">Subscribe</a></header>
<div class="ad-container"><div class="ad-label">Advertisement</div><amp-ad width="320" height="50" type="doubleclick" data-slot="/1234567/{site.key}/amp/top"></amp-ad></div>
<main class="article" id="content" role="main">
<article>
<div class="kicker"><a href="{base}/news/{s.section.lower()}/">{esc(s.section)}</a></div>
<h1>{esc(s.headline)}</h1>
<p class="dek">{esc(s.standfirst)}</p>
<div class="byline">By <span class="author">{esc(_byline_names(s.authors))}</span> | <time datetime="{iso(s.published, site)}">{long_date(s.published, site)}, {clock(s.published, site)}</time>{updated}</div>
<amp-social-share type="facebook" width="32" height="32"></amp-social-share><amp-social-share type="twitter" width="32" height="32"></amp-social-share>
<figure><amp-img src="{image_url(page)}" width="1200" height="800" layout="responsive" alt=""></amp-img>
<figcaption>{esc(s.caption)} <span class="photo-credit">(Photo: {esc(s.credit)})</span></figcaption></figure>
<div class="story">
{chr(10).join(body)}
</div>
<div class="related"><h3>Related coverage</h3><ul>{"".join(f'<li><a href="{esc(u)}">{esc(t)}</a></li>' for t, u in page.related)}</ul></div>
<p class="contact">Have a news tip? Email <a href="mailto:newsroom@{site.domain}">newsroom@{site.domain}</a>.</p>
</article>
</main>
<footer class="footer"><p><a href="{esc(page.url)}">View full site</a></p><p>© {s.published.year} {esc(site.name)}. All rights reserved.</p></footer>
</body>
</html>
"""


def render_regional(page: Page, rng: random.Random) -> str:
    s, site = page.story, page.site
    roles = f", {s.author_role}s" if len(s.authors) > 1 else f", {s.author_role}"
    updated = (
        f'<span class="updated">Updated {long_date(s.updated, site)} {clock(s.updated, site)}</span>'
        if s.updated
        else ""
    )
    contrib = (
        f'<p class="story-contributor"><em>(Reporting by {esc(_byline_names(s.authors))}; Editing by {esc(rng.choice(("Jo Abernethy", "Mark Fenwick", "Alys Grieve")))})</em></p>'
        if s.agency
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="{site.lang}">
<head>
{meta_head(page)}
<link rel="stylesheet" href="/static/{site.key}/css/site.css?v=20260101">
<style>{site_css(site)}</style>
<script src="/static/{site.key}/js/vendor/jquery-1.12.4.min.js"></script>
{tracking_scripts(site, page)}
</head>
<body class="story-page">
<div class="top-bar"><span class="weather">{rng.randrange(-3, 31)}°C</span> <a href="/epaper">ePaper</a> | <a href="/subscribe">Subscribe</a> | <a href="/newsletters">Newsletters</a> | <a href="/account/login">Sign In</a></div>
<header class="masthead"><div class="logo"><a href="/"><img src="/static/{site.key}/img/logo.svg" alt="{esc(site.name)}" width="320" height="48"></a></div>
<nav class="main-nav" role="navigation"><ul>{"".join(f'<li{_ACTIVE if cur else ""}><a href="{u}">{esc(n)}</a></li>' for n, u, cur in nav_items(rng, site, s.section, n=10))}<li><a href="/obituaries">Obituaries</a></li><li><a href="/classifieds">Classifieds</a></li></ul></nav>{mega_menu(site)}</header>
{_ad("ad leaderboard", "leaderboard-1")}
<div class="container"><div class="main-col"><div class="story">
<div class="story-section"><a href="/news">News</a> / <a href="/news/{s.section.lower()}">{esc(s.section)}</a></div>
<h1 class="story-headline">{esc(s.headline)}</h1>
<p class="story-deck">{esc(s.standfirst)}</p>
<div class="story-byline"><span class="byline">By {esc(_byline_names(s.authors))}{esc(roles)}</span>
<div class="story-dates"><span class="published">Published {long_date(s.published, site)} {clock(s.published, site)}</span>{updated}</div>
<span class="story-readtime">{_minutes(page)} minute read</span></div>
<div class="story-tools"><a class="tool tool-fb" href="https://facebook.example/sharer?u={esc(page.url)}">Facebook</a> <a class="tool tool-email" href="mailto:?subject=story">Email</a> <a class="tool tool-print" href="javascript:window.print()">Print</a> <a class="tool tool-comments" href="#comments">Comments ({rng.randrange(0, 40)})</a></div>
<div class="story-photo"><img src="{image_url(page)}" alt="" width="900" height="600"><div class="story-photo__caption"><p>{esc(s.caption)}</p><p class="story-photo__credit">Photo: {esc(s.credit)}</p></div></div>
<div class="story-body" id="story-body">
{_body(page, rng, ad=lambda k: _ad("ad bigbox inline", f"bigbox-{k}"), every=3)}
{contrib}
</div>
<div class="story-tags"><span>Topics:</span> {" ".join(f'<a href="/tag/{esc(t.lower())}">{esc(t)}</a>' for t in s.tags)}</div>
<div class="story-report"><p>Have a story tip? <a href="/contact/newsroom">Contact the newsroom</a>. Spotted an error? <a href="/corrections">Report a correction</a>.</p></div>
<div class="newsletter-cta"><h3>The Morning Edition</h3><p>Local news, weather and sports, delivered to your inbox at 6 a.m. every day.</p><a class="button" href="/newsletters?source=story">Sign up now</a></div>
</div></div>
<div class="rail">{_ad("ad bigbox", "bigbox-rail")}<div class="widget trending"><h3 class="widget__title">Trending</h3><ol>{"".join(f'<li><a href="{esc(u)}">{esc(t)}</a></li>' for t, u in page.teasers[:6])}</ol></div></div>
</div>
<footer class="site-footer"><ul>{footer_links(site)}</ul><p>© {s.published.year} {esc(site.name)}, a division of Valley Media Holdings.</p></footer>
</body>
</html>
"""


def render_liveblog(page: Page, rng: random.Random) -> str:
    s, site = page.story, page.site
    n = len(s.paragraphs)
    start = s.published
    blocks = []
    for i, para in enumerate(reversed(s.paragraphs)):  # newest first, as liveblogs show them
        when = start + timedelta(minutes=12 * (n - 1 - i))
        title = f'<h2 class="block__title">{esc(para.split(".")[0][:70])}</h2>' if rng.random() < 0.35 else ""
        blocks.append(
            f'<div class="block" id="block-{page.page_id}-{i}"><header class="block__header"><time class="block__time" datetime="{iso(when, site)}">{clock(when, site)}</time></header>'
            f'{title}<div class="block__body"><p>{esc(para)}</p></div><footer class="block__footer"><button class="block__share">Share</button></footer></div>'
        )
        if i == 2:
            blocks.append(
                '<div class="ad-slot ad-slot--liveblog-inline" aria-hidden="true"><p class="ad-slot__label">Advertisement</p></div>'
            )
    last = start + timedelta(minutes=12 * (n - 1))
    return f"""<!DOCTYPE html>
<html lang="{site.lang}">
<head>
{meta_head(page)}
<script type="application/ld+json">{json.dumps({"@context": "https://schema.org", "@type": "LiveBlogPosting", "headline": s.headline, "description": s.standfirst, "coverageStartTime": iso(start, site), "datePublished": iso(start, site), "dateModified": iso(last, site), "author": [{"@type": "Person", "name": a} for a in s.authors]}, ensure_ascii=False)}</script>
</head>
<style>{site_css(site)}</style>
<body class="liveblog-page">
<header class="site-header"><a class="logo" href="/">{esc(site.name)}</a><nav><ul>{"".join(f'<li><a href="{u}">{esc(n_)}</a></li>' for n_, u, _ in nav_items(rng, site, s.section))}</ul></nav></header>
<main>
<article class="liveblog">
  <div class="liveblog__header">
    <p class="liveblog__kicker"><span class="live-badge">Live</span> <a href="/{s.section.lower()}">{esc(s.section)}</a></p>
    <h1 class="liveblog__headline">{esc(s.headline)}</h1>
    <div class="liveblog__standfirst"><p>{esc(s.standfirst)}</p></div>
    <address class="byline">{esc(_byline_names(s.authors))}</address>
    <div class="liveblog__dates"><time class="liveblog__updated" datetime="{iso(last, site)}">Updated {long_date(last, site)} {clock(last, site)}</time>
    <span class="liveblog__first-published">First published on <time datetime="{iso(start, site)}">{long_date(start, site)} {clock(start, site)}</time></span></div>
    <figure class="liveblog__main-media"><img src="{image_url(page)}" alt="" width="1200" height="720"><figcaption><span class="caption-text">{esc(s.caption)}</span> <span class="credit">Photograph: {esc(s.credit)}</span></figcaption></figure>
  </div>
  <div class="liveblog__toolbar"><a class="key-events-toggle" href="?filterKeyEvents=true">Show key events only</a> <span class="liveblog__autoupdate">Please turn on JavaScript to use this feature</span></div>
  <div class="liveblog__body" id="liveblog-body">
{chr(10).join(blocks)}
  </div>
  <div class="liveblog__pagination"><a class="button" href="?page=older">Load more updates</a> <span>Showing {n} of {n} updates</span></div>
</article>
<aside class="onward"><section><h2>Most viewed</h2><ol>{"".join(f'<li><a href="{esc(u)}">{esc(t)}</a></li>' for t, u in page.teasers[:5])}</ol></section></aside>
</main>
<footer class="site-footer"><ul class="site-footer__links">{footer_links(site)}</ul><p>© {s.published.year} {esc(site.name)} Ltd. All rights reserved.</p></footer>
{app_config(site, page.page_id)}
</body>
</html>
"""


def render_drupal(page: Page, rng: random.Random) -> str:
    s, site = page.story, page.site
    return f"""<!DOCTYPE html>
<html lang="{site.lang[:2]}" dir="ltr" prefix="og: https://ogp.me/ns#">
<head>
{meta_head(page)}
<meta name="Generator" content="Drupal 10 (https://www.drupal.org)">
<link rel="shortlink" href="https://www.{site.domain}/node/{page.page_id}">
<link rel="stylesheet" media="all" href="/sites/default/files/css/css_{page.page_id:x}.css?delta=0">
<style media="all">{site_css(site)}</style>
<script type="application/json" data-drupal-selector="drupal-settings-json">{{"path":{{"baseUrl":"\\/","currentPath":"node\\/{page.page_id}","currentLanguage":"{site.lang[:2]}"}},"ajaxPageState":{{"theme":"newsroom"}}}}</script>
</head>
<body class="path-node page-node-type-article">
<a href="#main-content" class="visually-hidden focusable skip-link">Skip to main content</a>
<div class="dialog-off-canvas-main-canvas" data-off-canvas-main-canvas>
<div class="layout-container">
<header role="banner"><div class="region region-header"><div id="block-sitebranding" class="block block-system block-system-branding-block"><a href="/" rel="home" class="site-logo">{esc(site.name)}</a></div></div>
<div class="region region-primary-menu"><nav role="navigation" id="block-mainnavigation" class="block block-menu navigation menu--main"><ul class="menu">{"".join(f'<li class="menu-item"><a href="{u}" data-drupal-link-system-path="taxonomy/term/{i + 3}">{esc(n)}</a></li>' for i, (n, u, _) in enumerate(nav_items(rng, site, s.section)))}</ul></nav></div></header>
<div class="region region-breadcrumb"><nav class="breadcrumb" role="navigation"><ol><li><a href="/">Home</a></li><li><a href="/{s.section.lower()}">{esc(s.section)}</a></li></ol></nav></div>
<main role="main"><a id="main-content" tabindex="-1"></a>
<div class="layout-content"><div class="region region-content">
<article role="article" about="/node/{page.page_id}" class="node node--type-article node--promoted node--view-mode-full">
<h1 class="page-title"><span class="field field--name-title field--type-string">{esc(s.headline)}</span></h1>
<div class="node__meta"><span class="field field--name-uid field--type-entity-reference">By {" and ".join(f'<a href="/author/{a.lower().replace(" ", "-")}" rel="author" class="byline__author">{esc(a)}</a>' for a in s.authors)}</span>
<span class="field field--name-created field--type-created"><time datetime="{iso(s.published, site)}">{long_date(s.published, site)} - {clock(s.published, site)}</time></span></div>
<div class="clearfix text-formatted field field--name-field-summary"><p>{esc(s.standfirst)}</p></div>
<div class="field field--name-field-image field--type-image"><img loading="lazy" src="{image_url(page)}" width="1200" height="675" alt=""><div class="field--name-field-caption">{esc(s.caption)} ({esc(s.credit)})</div></div>
<div class="node__content">
<div class="clearfix text-formatted field field--name-body field--type-text-with-summary field--label-hidden field__item">
{_body(page, rng, ad=lambda k: f'<div class="block block-dfp" id="dfp-inline-{k}"><div class="dfp-tag-wrapper"></div></div>', every=4)}
</div>
<div class="field field--name-field-tags field--type-entity-reference"><div class="field__label">Tags</div><div class="field__items">{"".join(f'<div class="field__item"><a href="/taxonomy/term/{i}">{esc(t)}</a></div>' for i, t in enumerate(s.tags))}</div></div>
</div>
</article>
</div></div>
<aside class="layout-sidebar-second" role="complementary"><div class="views-element-container block block-views"><h2>Latest news</h2><div class="item-list"><ul>{"".join(f'<li><a href="{esc(u)}">{esc(t)}</a></li>' for t, u in page.teasers[:8])}</ul></div></div></aside>
</main>
<footer role="contentinfo"><div class="region region-footer"><nav class="menu--footer"><ul class="menu">{footer_links(site)}</ul></nav><div class="block">© {s.published.year} {esc(site.name)}</div></div></footer>
</div></div>
<script src="/core/assets/vendor/once/once.min.js?v=1.0.1"></script>
<script src="/core/misc/drupal.js?v=10.2.5"></script>
</body>
</html>
"""


def render_blog(page: Page, rng: random.Random) -> str:
    s, site = page.story, page.site
    return f"""<!DOCTYPE html>
<html lang="{site.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(s.headline)} · {esc(site.name)}</title>
<meta name="description" content="{esc(s.standfirst)}">
<meta name="author" content="{esc(", ".join(s.authors))}">
<link rel="canonical" href="{esc(page.url)}">
<meta name="generator" content="Hugo 0.125.4">
<link rel="alternate" type="application/rss+xml" href="https://{site.domain}/index.xml" title="{esc(site.name)}">
<style>body{{max-width:42rem;margin:2rem auto;font:18px/1.6 Georgia,serif;color:#222}}nav a{{margin-right:1rem}}.meta{{color:#777;font-size:.9rem}}</style>
</head>
<body>
<header><a href="/" class="site-title">{esc(site.name)}</a>
<nav><a href="/posts/">Posts</a><a href="/about/">About</a><a href="/index.xml">RSS</a></nav></header>
<main>
<article class="post">
<h1 class="post-title">{esc(s.headline)}</h1>
<p class="meta">By {esc(_byline_names(s.authors))} · <time datetime="{iso(s.published, site)}">{long_date(s.published, site)}</time> · {_minutes(page)} min read</p>
<p class="lede"><em>{esc(s.standfirst)}</em></p>
{chr(10).join(f"<p>{esc(p)}</p>" for p in s.paragraphs)}
<p class="tags">Filed under: {", ".join(f'<a href="/tags/{esc(t.lower())}/">{esc(t)}</a>' for t in s.tags)}</p>
</article>
<nav class="pagination"><a class="prev" href="{esc(page.teasers[0][1])}">← {esc(page.teasers[0][0])}</a></nav>
</main>
<footer><p>© {s.published.year} {esc(s.authors[0])} · <a href="https://{site.domain}/index.xml">RSS</a></p></footer>
</body>
</html>
"""


def render_broadcaster(page: Page, rng: random.Random) -> str:
    s, site = page.story, page.site
    blocks = "".join(
        f'<div data-component="text-block" class="ssrcss-11r1m41-RichTextComponentWrapper"><div class="ssrcss-7uxr49-RichTextContainer"><p class="ssrcss-1q0x1qg-Paragraph">{esc(p)}</p></div></div>'
        for p in s.paragraphs
    )
    related = "".join(
        f'<li class="ssrcss-related"><a href="{esc(u)}"><span>{esc(t)}</span></a></li>' for t, u in page.related
    )
    return f"""<!DOCTYPE html><html lang="{site.lang[:2]}" class="no-js"><head>{meta_head(page)}<script type="application/ld+json">{news_article_jsonld(page)}</script><style>{site_css(site)}</style><script>window.__INITIAL_DATA__={json.dumps(json.dumps({"page": {"id": page.page_id, "section": s.section}}))};</script></head><body><div id="main-wrapper"><header data-testid="header" class="ssrcss-header"><a href="/" class="ssrcss-logo">{esc(site.name)}</a><nav class="ssrcss-nav"><ul>{"".join(f'<li><a href="/news{u}">{esc(n)}</a></li>' for n, u, _ in nav_items(rng, site, s.section))}</ul></nav></header><div class="ssrcss-notice">{esc(site.name)} is not responsible for the content of external sites.</div><main id="main-content" data-testid="main-content"><article class="ssrcss-article"><header data-component="headline-block"><h1 id="main-heading" type="headline" tabindex="-1" class="ssrcss-headline"><span role="text">{esc(s.headline)}</span></h1></header><div data-component="byline-block" class="ssrcss-byline"><div data-testid="byline-new-contributors"><span class="ssrcss-contributor">By {esc(_byline_names(s.authors))}</span><div class="ssrcss-role">{esc(s.author_role)}</div></div></div><div data-component="metadata-block"><time data-testid="timestamp" datetime="{iso(s.published, site)}">{long_date(s.published, site)}</time></div><div data-component="image-block"><figure><img src="{image_url(page)}" alt="" width="976"/><p class="ssrcss-source"><span role="text"><span class="ssrcss-1ruoa6l-VisuallyHidden">Image source, </span>{esc(s.credit)}</span></p><figcaption><span class="ssrcss-1ruoa6l-VisuallyHidden">Image caption, </span>{esc(s.caption)}</figcaption></figure></div><div data-component="text-block" class="ssrcss-intro"><p class="ssrcss-1q0x1qg-Paragraph"><b>{esc(s.standfirst)}</b></p></div>{blocks}<div data-component="links-block"><h2>Related topics</h2><ul>{"".join(f'<li><a href="/news/topics/{esc(t.lower())}">{esc(t)}</a></li>' for t in s.tags)}</ul></div></article><section data-component="related-stories"><h2>More on this story</h2><ul>{related}</ul></section><section data-testid="most-read"><h2>Most read</h2><ol>{"".join(f'<li><a href="{esc(u)}">{esc(t)}</a></li>' for t, u in page.teasers[:10])}</ol></section></main><footer class="ssrcss-footer"><ul>{footer_links(site)}</ul><p>Copyright © {s.published.year} {esc(site.name)}. {esc(site.name)} is not responsible for the content of external sites.</p></footer></div>{app_config(site, page.page_id)}</body></html>"""


RENDERERS: dict[str, Callable[[Page, random.Random], str]] = {
    "wire": render_wire,
    "wordpress": render_wordpress,
    "arc": render_arc,
    "amp": render_amp,
    "regional": render_regional,
    "liveblog": render_liveblog,
    "drupal": render_drupal,
    "blog": render_blog,
    "broadcaster": render_broadcaster,
}


def render_page(page: Page, rng: random.Random) -> str:
    return RENDERERS[page.site.family](page, rng)
