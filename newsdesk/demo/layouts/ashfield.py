"""The Ashfield Herald: a regional paper on WordPress (Yoast schema graph, entry-header with
cat-links and posted-on/byline, post thumbnail with a "Photo:" caption, Jetpack sharing, an
in-article ad, "Read more:" in bold, tags, author box, related posts and comments)."""

from __future__ import annotations

import json

from newsdesk.demo.content import Story
from newsdesk.demo.layouts.common import CET, Context, Site, e, local, long_date, section_slug

HOST = "https://ashfieldherald.example"


def _url(story: Story) -> str:
    return f"{HOST}/{story.published:%Y/%m/%d}/{story.slug}/"


SITE = Site(
    key="ashfield",
    name="The Ashfield Herald",
    home=f"{HOST}/",
    feed=f"{HOST}/feed/",
    kind="html",
    suffix=".html",
    url=_url,
    tz=CET,
)

MENU = ("Home", "News", "Politics", "Business", "Sport", "Culture", "Letters", "Contact")


def _author_slug(name: str) -> str:
    return name.lower().replace(" ", "-").replace("'", "")


def _schema(story: Story, url: str, img: str) -> str:
    graph: list[dict[str, object]] = [
        {
            "@type": "Article",
            "@id": f"{url}#article",
            "isPartOf": {"@id": url},
            "author": [{"name": a, "@id": f"{HOST}/#/schema/person/{_author_slug(a)}"} for a in story.authors],
            "headline": story.headline,
            "datePublished": local(story.published, CET).isoformat(),
            "dateModified": local(story.updated or story.published, CET).isoformat(),
            "mainEntityOfPage": {"@id": url},
            "wordCount": story.words,
            "publisher": {"@id": f"{HOST}/#organization"},
            "image": {"@id": f"{url}#primaryimage"},
            "keywords": list(story.tags),
            "articleSection": [story.section],
            "inLanguage": "en-GB",
        },
        {"@type": "WebPage", "@id": url, "url": url, "name": f"{story.headline} - The Ashfield Herald"},
        {"@type": "ImageObject", "@id": f"{url}#primaryimage", "url": img, "width": 1600, "height": 1067},
        {
            "@type": "Organization",
            "@id": f"{HOST}/#organization",
            "name": "The Ashfield Herald",
            "url": f"{HOST}/",
        },
    ]
    return json.dumps({"@context": "https://schema.org", "@graph": graph}, ensure_ascii=False)


def _content(story: Story, ctx: Context) -> str:
    out: list[str] = []
    for i, para in enumerate(story.paragraphs):
        if para.startswith("## "):
            out.append(f'<h2 class="wp-block-heading">{e(para[3:])}</h2>')
        else:
            out.append(f"<p>{e(para)}</p>")
        if i == 2:
            out.append(
                '<div class="herald-inline-ad" data-ad-unit="in-article-1"><span class="ad-label">Advertisement</span>'
                '<ins class="adsbygoogle" style="display:block" data-ad-format="fluid" data-ad-slot="4471"></ins>'
                "<script>(adsbygoogle = window.adsbygoogle || []).push({});</script></div>"
            )
        if ctx.readmore and i == story.readmore_index:
            title, url = ctx.readmore
            out.append(f'<p><strong>Read more:</strong> <a href="{e(url)}">{e(title)}</a></p>')
    if story.agency:
        out.append(f"<p><em>Source: {e(story.agency)}</em></p>")
    return "\n\n".join(out)


def render(story: Story, ctx: Context) -> str:
    url = ctx.url
    img = f"{HOST}/wp-content/uploads/{story.published:%Y/%m}/{story.image or story.slug}-1024x683.jpg"
    published = local(story.published, CET)
    modified = local(story.updated or story.published, CET)
    cat = section_slug(story.section)
    menu = "\n".join(
        f'\t\t\t\t<li class="menu-item menu-item-type-taxonomy"><a href="{HOST}/'
        f'{"" if m == "Home" else "category/" + section_slug(m) + "/"}">{m}</a></li>'
        for m in MENU
    )
    authors = ", ".join(
        f'<span class="author vcard"><a class="url fn n" href="{HOST}/author/{_author_slug(a)}/" rel="author">'
        f"{e(a)}</a></span>"
        for a in story.authors
    )
    byline = f'<span class="byline"> by {authors}</span>' if story.authors else ""
    thumb = ""
    if story.caption:
        credit = f" Photo: {e(story.credit)}" if story.credit else ""
        thumb = f"""	<div class="post-thumbnail">
		<img width="1024" height="683" src="{e(img)}" class="attachment-post-thumbnail size-post-thumbnail wp-post-image" alt="" decoding="async" fetchpriority="high" />
		<span class="post-thumbnail__caption">{e(story.caption)}{credit}</span>
	</div><!-- .post-thumbnail -->"""
    tags = ", ".join(f'<a href="{HOST}/tag/{section_slug(t)}/" rel="tag">{e(t)}</a>' for t in story.tags)
    related = "\n".join(
        f'\t\t\t<article class="related-post"><a href="{e(u)}"><h3 class="related-post__title">{e(t)}</h3></a></article>'
        for t, u in ctx.rail[:6]
    )
    bio = ""
    if story.authors:
        a = story.authors[0]
        bio = f"""	<div class="author-info">
		<div class="author-description">
			<h2 class="author-title"><span class="author-heading">Author:</span> {e(a)}</h2>
			<p class="author-bio">{e(a)} reports for the Herald from Ashfield and the Ossel valley. <a class="author-link" href="{HOST}/author/{_author_slug(a)}/" rel="author">View all posts by {e(a)}</a></p>
		</div>
	</div>"""
    return f"""<!doctype html>
<html lang="en-GB">
<head>
	<meta charset="UTF-8">
	<meta name="viewport" content="width=device-width, initial-scale=1">
	<meta name='robots' content='index, follow, max-image-preview:large' />
	<!-- This site is optimized with the Yoast SEO plugin v23.4 -->
	<title>{e(story.headline)} - The Ashfield Herald</title>
	<meta name="description" content="{e(story.standfirst)}" />
	<link rel="canonical" href="{e(url)}" />
	<meta property="og:locale" content="en_GB" />
	<meta property="og:type" content="article" />
	<meta property="og:title" content="{e(story.headline)}" />
	<meta property="og:description" content="{e(story.standfirst)}" />
	<meta property="og:url" content="{e(url)}" />
	<meta property="og:site_name" content="The Ashfield Herald" />
	<meta property="article:published_time" content="{published.isoformat()}" />
	<meta property="article:modified_time" content="{modified.isoformat()}" />
	<meta property="og:image" content="{e(img)}" />
	<meta name="author" content="{e(", ".join(story.authors))}" />
	<meta name="twitter:card" content="summary_large_image" />
	<script type="application/ld+json" class="yoast-schema-graph">{_schema(story, url, img)}</script>
	<!-- / Yoast SEO plugin. -->
<link rel="alternate" type="application/rss+xml" title="The Ashfield Herald &raquo; Feed" href="{SITE.feed}" />
<link rel='stylesheet' id='wp-block-library-css' href='{HOST}/wp-includes/css/dist/block-library/style.min.css?ver=6.6.2' media='all' />
<link rel='stylesheet' id='newsblock-style-css' href='{HOST}/wp-content/themes/newsblock/style.css?ver=1.4.2' media='all' />
<script src="{HOST}/wp-includes/js/jquery/jquery.min.js?ver=3.7.1" id="jquery-core-js"></script>
<meta name="generator" content="WordPress 6.6.2" />
</head>

<body class="post-template-default single single-post single-format-standard wp-embed-responsive has-sidebar">
<div id="page" class="site">
	<a class="skip-link screen-reader-text" href="#primary">Skip to content</a>
	<div class="top-bar">
		<div class="top-bar__date">{published:%A}, {long_date(published)}</div>
		<div class="top-bar__weather">Ashfield 9°C Showers</div>
		<ul class="top-bar__links"><li><a href="/advertise/">Advertise</a></li><li><a href="/donate/">Support local journalism</a></li></ul>
	</div>
	<header id="masthead" class="site-header">
		<div class="site-branding">
			<p class="site-title"><a href="{HOST}/" rel="home">The Ashfield Herald</a></p>
			<p class="site-description">News for Ashfield and the Ossel valley since 1882</p>
		</div>
		<nav id="site-navigation" class="main-navigation">
			<button class="menu-toggle" aria-controls="primary-menu" aria-expanded="false">Menu</button>
			<div class="menu-main-container"><ul id="primary-menu" class="menu">
{menu}
			</ul></div>
		</nav>
	</header>

	<div id="content" class="site-content">
	<main id="primary" class="site-main">

<article id="post-{story.number}" class="post-{story.number} post type-post status-publish format-standard has-post-thumbnail hentry category-{cat}">
	<header class="entry-header">
		<span class="cat-links"><a href="{HOST}/category/{cat}/" rel="category tag">{e(story.section)}</a></span>
		<h1 class="entry-title">{e(story.headline)}</h1>
		<div class="entry-meta">
			<span class="posted-on">Posted on <a href="{e(url)}" rel="bookmark"><time class="entry-date published" datetime="{published.isoformat()}">{long_date(published)}</time></a></span>{byline}
			<span class="reading-time">{story.minutes} min read</span>
		</div><!-- .entry-meta -->
	</header><!-- .entry-header -->

{thumb}

	<div class="sharedaddy sd-sharing-enabled"><div class="sd-block sd-social"><h3 class="sd-title">Share this:</h3><div class="sd-content"><ul><li class="share-facebook"><a rel="nofollow noopener noreferrer" class="share-facebook sd-button" href="{e(url)}?share=facebook" target="_blank"><span>Facebook</span></a></li><li class="share-x"><a rel="nofollow noopener noreferrer" class="share-x sd-button" href="{e(url)}?share=x" target="_blank"><span>X</span></a></li></ul></div></div></div>

	<div class="entry-content">

{_content(story, ctx)}

<div class="herald-support-box"><p><strong>The Herald is independent and free to read.</strong> If you value local reporting, please consider <a href="/donate/">supporting us from 3 crowns a month</a>.</p></div>
	</div><!-- .entry-content -->

	<footer class="entry-footer">
		<span class="tags-links">Tagged {tags}</span>
	</footer><!-- .entry-footer -->
{bio}
</article><!-- #post-{story.number} -->

	<section class="related-posts">
		<h2 class="related-posts__title">Related posts</h2>
		<div class="related-posts__grid">
{related}
		</div>
	</section>

<div id="comments" class="comments-area">
	<div id="respond" class="comment-respond">
		<h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3>
		<form action="{HOST}/wp-comments-post.php" method="post" id="commentform" class="comment-form" novalidate>
			<p class="comment-notes">Your email address will not be published. Required fields are marked *</p>
			<p class="comment-form-comment"><label for="comment">Comment</label> <textarea id="comment" name="comment" cols="45" rows="8"></textarea></p>
			<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="Post Comment" /></p>
		</form>
	</div>
</div>
	</main><!-- #main -->
	</div><!-- #content -->

	<footer id="colophon" class="site-footer">
		<div class="site-info">&copy; 2026 The Ashfield Herald &middot; <a href="/privacy-policy/">Privacy Policy</a> &middot; Proudly powered by WordPress</div>
	</footer>
</div><!-- #page -->
<script src="{HOST}/wp-content/plugins/jetpack/_inc/build/sharedaddy/sharing.min.js?ver=13.8" id="sharing-js-js"></script>
</body>
</html>
"""
