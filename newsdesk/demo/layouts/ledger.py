"""The Signal Ledger: a business and technology outlet on Arc XP behind Next.js (hashed CSS-module
class names, NewsArticle JSON-LD, ``__NEXT_DATA__`` with the story's ANS content elements, an
interstitial "Read more:" link, a newsletter box and a paywall prompt inside the body)."""

from __future__ import annotations

import json

from newsdesk.demo.content import Story
from newsdesk.demo.layouts.common import Context, Site, e, section_slug

HOST = "https://www.signalledger.example"


def _url(story: Story) -> str:
    return f"{HOST}/{section_slug(story.section)}/{story.published:%Y/%m/%d}/{story.slug}/"


SITE = Site(
    key="ledger",
    name="The Signal Ledger",
    home=f"{HOST}/",
    feed=f"{HOST}/arc/outboundfeeds/rss/?outputType=xml",
    kind="html",
    suffix=".html",
    url=_url,
)

NAV = ("Markets", "Business", "Technology", "Science", "Politics", "World", "Opinion", "Podcasts")


def _zulu(story: Story, updated: bool = False) -> str:
    when = (story.updated or story.published) if updated else story.published
    return when.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _person(name: str) -> str:
    return name.lower().replace(" ", "-").replace("'", "")


def _jsonld(story: Story, url: str, img: str) -> str:
    caption = story.caption + (f" ({story.credit})" if story.credit else "") if story.caption else None
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "headline": story.headline,
        "description": story.standfirst,
        "datePublished": _zulu(story),
        "dateModified": _zulu(story, updated=True),
        "author": [{"@type": "Person", "name": a, "url": f"{HOST}/people/{_person(a)}/"} for a in story.authors],
        "publisher": {"@type": "NewsMediaOrganization", "name": "The Signal Ledger"},
        "articleSection": story.section,
        "keywords": list(story.tags),
        "isAccessibleForFree": True,
        "inLanguage": "en-GB",
    }
    if caption:
        data["image"] = [{"@type": "ImageObject", "url": img, "width": 1600, "height": 900, "caption": caption}]
    return json.dumps(data, ensure_ascii=False)


def _next_data(story: Story, url: str) -> str:
    elements = [
        {"_id": f"P{i:02d}", "type": "header" if p.startswith("## ") else "text", "content": p.removeprefix("## ")}
        for i, p in enumerate(story.paragraphs)
    ]
    data = {
        "props": {
            "pageProps": {
                "globalContent": {
                    "_id": f"LDG{story.number}",
                    "type": "story",
                    "canonical_url": url.removeprefix(HOST),
                    "headlines": {"basic": story.headline},
                    "subheadlines": {"basic": story.standfirst},
                    "credits": {"by": [{"type": "author", "name": a} for a in story.authors]},
                    "display_date": _zulu(story),
                    "taxonomy": {"primary_section": {"name": story.section}},
                    "content_elements": elements,
                }
            }
        },
        "page": "/[...slug]",
        "buildId": "ldg-2026.03.1",
    }
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


def _body(story: Story, ctx: Context) -> str:
    out: list[str] = []
    for i, para in enumerate(story.paragraphs):
        if para.startswith("## "):
            out.append(f'<h2 class="article-body_subhead__Rm5tC" data-el="header">{e(para[3:])}</h2>')
        else:
            out.append(f'<p class="article-body_paragraph__nV2xQ" data-el="text">{e(para)}</p>')
        if ctx.readmore and i == min(2, story.readmore_index):
            title, url = ctx.readmore
            out.append(
                '<div class="interstitial-link_wrapper__Zk8Pm" data-el="interstitial_link">'
                '<span class="interstitial-link_label__c1Vn4">Read more: </span>'
                f'<a href="{e(url.removeprefix(HOST))}" class="interstitial-link_link__Ba7Rq">{e(title)}</a></div>'
            )
        if i == 4:
            out.append(
                '<div class="ad-slot_wrapper__Zp1Qd ad-slot_inline__n7Ro2"><span class="ad-slot_label__fY3wK">'
                'Advertisement</span><div id="arcad_inline-1" class="arcad" data-ad-name="inline-1"></div></div>'
                '<div class="newsletter-inline_box__Lx9Qa"><p class="newsletter-inline_title__b2Ksm">The Morning '
                'Ledger</p><p class="newsletter-inline_blurb__t6Gqz">Markets, money and tech before the opening '
                'bell, every weekday.</p><form class="newsletter-inline_form__Wc0Jx"><input type="email" '
                'aria-label="Email address"/><button type="submit">Sign up</button></form></div>'
            )
    if story.agency:
        out.append(f'<p class="article-body_credit__Ty2Wq" data-el="text">— {e(story.agency)}</p>')
    return "".join(out)


def render(story: Story, ctx: Context) -> str:
    url = ctx.url
    img = f"{HOST}/resizer/v2/{(story.image or story.slug).upper().replace('-', '')[:16]}.jpg?width=1600"
    nav = "".join(f'<li><a href="/{section_slug(n)}/">{n}</a></li>' for n in NAV)
    authors = '<span class="byline_and__c8Nq1"> and </span>'.join(
        f'<a class="byline_author__h4Ty9" href="/people/{_person(a)}/" rel="author">{e(a)}</a>' for a in story.authors
    )
    byline = (
        f'<div class="byline_byline__Qm2Pw" data-qa="byline"><span class="byline_by__X0kdT">By </span>{authors}</div>'
        if story.authors
        else ""
    )
    figure = ""
    if story.caption:
        credit = f' <span class="lead-art_credit__d9Wz1">({e(story.credit)})</span>' if story.credit else ""
        figure = (
            '<figure class="lead-art_figure__W3kHs" data-qa="lead-art"><div class="lead-art_imageWrap__u6Jp2">'
            f'<img alt="" loading="eager" width="1600" height="900" decoding="async" src="{e(img)}"/></div>'
            f'<figcaption class="lead-art_caption__Kp7Lw"><span class="lead-art_captionText__B4mXr">{e(story.caption)}'
            f"</span>{credit}</figcaption></figure>"
        )
    when = story.published
    stamp = f"{when:%B} {when.day}, {when.year} at {when:%H:%M} GMT"
    rail = "".join(
        f'<li class="most-read_item__a1B2c"><span class="most-read_rank__Qw3Er">{n}</span>'
        f'<a href="{e(u.removeprefix(HOST))}">{e(t)}</a></li>'
        for n, (t, u) in enumerate(ctx.rail[:10], start=1)
    )
    title = e(story.headline)
    return (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charSet="utf-8"/>'
        '<meta name="viewport" content="width=device-width, initial-scale=1"/>'
        f"<title>{title} - The Signal Ledger</title>"
        f'<meta name="description" content="{e(story.standfirst)}"/>'
        f'<link rel="canonical" href="{e(url)}"/>'
        '<meta property="og:type" content="article"/><meta property="og:site_name" content="The Signal Ledger"/>'
        f'<meta property="og:title" content="{title}"/><meta property="og:url" content="{e(url)}"/>'
        f'<meta property="og:image" content="{e(img)}"/>'
        f'<meta property="article:section" content="{e(story.section)}"/>'
        f'<meta property="article:published_time" content="{_zulu(story)}"/>'
        f'<link rel="alternate" type="application/rss+xml" href="{e(SITE.feed)}"/>'
        '<link rel="stylesheet" href="/_next/static/css/3c9e7a1b5d2f4e60.css" data-n-g=""/>'
        '<script src="/_next/static/chunks/webpack-91d0c2f3b4a5e6d7.js" defer=""></script>'
        '<script src="/_next/static/chunks/main-5a6b7c8d9e0f1a2b.js" defer=""></script>'
        f'<script type="application/ld+json">{_jsonld(story, url, img)}</script></head>'
        '<body><div id="__next"><div class="layout_root__Tq2Lm">'
        '<a class="skip-link_link__2FgsX" href="#main">Skip to main content</a>'
        '<div class="ad-slot_wrapper__Zp1Qd ad-slot_top__k3Vn0"><div id="arcad_top-1" class="arcad"></div></div>'
        '<header class="site-header_header__bD0yK"><div class="site-header_inner__pQ7wM">'
        '<button class="site-header_menuButton__m2aXz" aria-label="Open sections menu">Sections</button>'
        '<a class="site-header_logo__xT5rV" href="/" aria-label="The Signal Ledger homepage">The Signal Ledger</a>'
        '<div class="site-header_actions__3Fk1L"><a href="/subscribe/">Subscribe</a><a href="/login/">Sign in</a>'
        f'</div></div><nav class="site-nav_nav__h8R2c" aria-label="Sections"><ul>{nav}</ul></nav></header>'
        '<main id="main" class="article-layout_main__R0kYc"><article class="article-layout_article__9zXbT">'
        '<div class="article-header_overline__Pq1Lr">'
        f'<a href="/{section_slug(story.section)}/" class="article-header_section__Jx5Wd" data-qa="section-label">'
        f"{e(story.section)}</a></div>"
        f'<h1 class="article-header_headline__Dp3Kx" data-qa="headline">{title}</h1>'
        f'<h2 class="article-header_subheadline__s7QwE" data-qa="subheadline">{e(story.standfirst)}</h2>'
        f'<div class="article-header_meta__nL5Rb">{byline}'
        '<div class="timestamp_wrapper__Gz6Lp"><span class="timestamp_label__Ee2Vc">Published </span>'
        f'<time dateTime="{_zulu(story)}" class="timestamp_time__0nWq8">{stamp}</time></div>'
        f'<span class="article-header_readTime__F5gKw">{story.minutes} min read</span></div>'
        '<div class="share-tools_tools__pA3Rz"><button aria-label="Share">Share</button>'
        '<button aria-label="Save">Save</button></div>'
        f"{figure}"
        f'<div class="article-body_body__Hq3Nb" data-qa="article-body">{_body(story, ctx)}</div>'
        '<div class="paywall-prompt_prompt__Gk2Zs" hidden=""><p>You have read 2 of 5 free articles this month.</p>'
        '<a href="/subscribe/?itid=paywall">Subscribe now</a></div>'
        "</article>"
        '<aside class="most-read_rail__Zx8Cv" aria-label="Most read"><h2 class="most-read_title__Lp0Oq">Most read</h2>'
        f'<ol class="most-read_list__Hy6Tg">{rail}</ol></aside></main>'
        '<footer class="site-footer_footer__Wm4Xp"><p>© 2026 The Signal Ledger Ltd. All rights reserved.</p>'
        '<a href="/terms/">Terms</a> <a href="/privacy/">Privacy</a></footer></div></div>'
        f'<script id="__NEXT_DATA__" type="application/json">{_next_data(story, url)}</script>'
        "</body></html>\n"
    )
