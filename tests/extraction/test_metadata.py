"""read_metadata on small pages we wrote (fictional outlets and people)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import lxml.html
import pytest

from newsdesk.extraction.assemble import Draft
from newsdesk.extraction.metadata import read_metadata

GRAPH = {
    "@context": "https://schema.org",
    "@graph": [
        {"@type": "Organization", "@id": "https://harbourpost.example/#org", "name": "The Harbour Post"},
        {
            "@type": "Person",
            "@id": "https://harbourpost.example/#p1",
            "name": "Mira Castell",
            "url": "https://harbourpost.example/author/mira-castell",
        },
        {
            "@type": "NewsArticle",
            "headline": "Ferry strike ends after talks",
            "description": "Crews return on Monday after a 9-day stoppage.",
            "author": [
                {"@id": "https://harbourpost.example/#p1"},
                {"@type": "Person", "name": "TOMAS REYES"},
                {"@type": "Organization", "name": "The Harbour Post"},
            ],
            "publisher": {"@id": "https://harbourpost.example/#org"},
            "datePublished": "2024-02-05T09:15:00+01:00",
            "dateModified": "2024-02-05T11:00:00+01:00",
            "articleSection": ["world", "Europe"],
            "inLanguage": "en-GB",
            "image": {
                "@type": "ImageObject",
                "url": "https://harbourpost.example/img/ferry-1200.jpg",
                "caption": "A ferry waits at the quay",
                "creditText": "Lena Ruiz",
            },
            "sourceOrganization": {"@type": "Organization", "name": "Reuters"},
            "mainEntityOfPage": "https://harbourpost.example/world/ferry-strike-ends",
        },
        {
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": 1, "name": "Home"},
                {"@type": "ListItem", "position": 2, "name": "World"},
            ],
        },
    ],
}


def _read(html: str, url: str | None = None) -> Draft:
    draft = Draft()
    read_metadata(lxml.html.document_fromstring(html), html, url=url, draft=draft)
    return draft


def _page(head: str, body: str, lang: str = "en") -> str:
    return f"<!doctype html><html lang='{lang}'><head>{head}</head><body>{body}</body></html>"


def test_jsonld_graph_article_gives_the_fields_with_json_ld_provenance() -> None:
    html = _page(
        f"<title>Ferry strike ends after talks | The Harbour Post</title>"
        f"<link rel='canonical' href='https://harbourpost.example/world/ferry-strike-ends'>"
        f"<script type='application/ld+json'>{json.dumps(GRAPH)}</script>",
        "<header><a href='/'>The Harbour Post</a></header>"
        "<article><h1>Ferry strike ends after talks</h1><p>Crews return...</p></article>",
    )
    d = _read(html, url="https://harbourpost.example/world/ferry-strike-ends?utm_source=x")
    assert d.get("headline") == "Ferry strike ends after talks"
    assert d.get("authors") == ("Mira Castell", "Tomas Reyes")
    assert d.provenance["authors"] == "json-ld"
    assert d.get("published_at") == datetime(2024, 2, 5, 9, 15, tzinfo=UTC) + timedelta(hours=-1)
    assert d.get("published_at").utcoffset() == timedelta(hours=1)
    assert d.get("updated_at").hour == 11
    assert d.get("standfirst") == "Crews return on Monday after a 9-day stoppage."
    assert d.get("section") == "World"
    assert d.get("site_name") == "The Harbour Post"
    assert d.get("canonical_url") == "https://harbourpost.example/world/ferry-strike-ends"
    assert d.get("url") == "https://harbourpost.example/world/ferry-strike-ends?utm_source=x"
    assert d.get("language") == "en"
    image = d.get("image")
    assert (image.url, image.caption, image.credit) == (
        "https://harbourpost.example/img/ferry-1200.jpg",
        "A ferry waits at the quay",
        "Lena Ruiz",
    )
    assert d.get("agency") == "Reuters"
    assert d.provenance["published_at"] == "json-ld"


def test_opengraph_page_strips_the_site_name_from_the_title() -> None:
    html = _page(
        "<title>Council approves new cycle lanes - Valley Courier</title>"
        "<meta property='og:title' content='Council approves new cycle lanes | Valley Courier'>"
        "<meta property='og:site_name' content='Valley Courier'>"
        "<meta property='og:description' content='Six streets get protected lanes by summer.'>"
        "<meta property='og:url' content='https://valleycourier.example/news/cycle-lanes'>"
        "<meta property='og:locale' content='en_US'>"
        "<meta property='article:published_time' content='2023-06-14'>"
        "<meta property='article:section' content='local news'>"
        "<meta name='author' content='Priya Nair'>"
        "<meta property='og:image' content='/media/lanes.jpg'>",
        "<div class='logo'>Valley Courier</div><p>Six streets...</p>",
        lang="",
    )
    d = _read(html)
    assert d.get("headline") == "Council approves new cycle lanes"
    assert d.provenance["headline"] == "meta"
    assert d.get("site_name") == "Valley Courier"
    assert d.get("authors") == ("Priya Nair",)
    assert d.get("url") == "https://valleycourier.example/news/cycle-lanes"
    assert d.get("published_at") == datetime(2023, 6, 14, tzinfo=UTC)  # a day alone stays that day
    assert d.get("section") == "Local News"
    assert d.get("language") == "en"
    assert d.get("standfirst") == "Six streets get protected lanes by summer."
    assert d.get("image").url == "https://valleycourier.example/media/lanes.jpg"


def test_byline_and_time_in_markup_when_metadata_is_silent() -> None:
    html = _page(
        "<title>Rail Weekly: travel</title>",
        "<nav class='breadcrumbs'><a href='/'>Home</a> <a href='/travel'>Travel</a></nav>"
        "<h1>Night trains <em>return</em></h1>"
        "<div class='meta'><span>By <a href='/staff/jo-hart'>JO HART</a> and Ken Ito, Staff Writers</span>"
        "<time datetime='2021-10-03T18:20:00-04:00'>Oct. 3, 2021</time></div>"
        "<p>The sleeper service restarts next week.</p>",
    )
    d = _read(html, url="https://railweekly.example/travel/night-trains")
    assert d.get("headline") == "Night trains return"
    assert d.provenance["headline"] == "html"
    assert d.get("authors") == ("Jo Hart", "Ken Ito")
    assert d.provenance["authors"] == "html"
    assert d.get("published_at").date().isoformat() == "2021-10-03"
    assert d.get("section") == "Travel"


def test_utc_timestamp_is_put_on_the_day_the_page_shows() -> None:
    ld = {
        "@type": "NewsArticle",
        "headline": "Storm cuts power to thousands",
        "datePublished": "2022-01-15T03:30:00Z",
        "author": {"@type": "Person", "name": "Ana Bell"},
    }
    html = _page(
        f"<script type='application/ld+json'>{json.dumps(ld)}</script>",
        "<h1>Storm cuts power to thousands</h1>"
        "<p class='dateline'>Published 10:30 PM, January 14, 2022</p><p>Crews worked overnight.</p>",
    )
    when = _read(html).get("published_at")
    assert when.date().isoformat() == "2022-01-14"
    assert when == datetime(2022, 1, 15, 3, 30, tzinfo=UTC)  # the same instant


def test_page_showing_only_its_update_date_is_dated_by_it() -> None:
    ld = {
        "@type": "Article",
        "headline": "The best winter boots",
        "datePublished": "2019-02-01T10:00:00-05:00",
        "dateModified": "2023-12-04T08:00:00-05:00",
    }
    html = _page(
        f"<script type='application/ld+json'>{json.dumps(ld)}</script>",
        "<h1>The best winter boots</h1><p>Updated December 4, 2023</p><p>We tested 30 pairs.</p>",
    )
    d = _read(html)
    assert d.get("published_at").date().isoformat() == "2023-12-04"
    assert d.get("updated_at").date().isoformat() == "2023-12-04"


def test_original_date_is_kept_when_the_page_shows_it() -> None:
    ld = {
        "@type": "NewsArticle",
        "headline": "Budget passes",
        "datePublished": "2023-05-02T10:00:00+02:00",
        "dateModified": "2023-05-03T09:00:00+02:00",
    }
    html = _page(
        f"<script type='application/ld+json'>{json.dumps(ld)}</script>",
        "<h1>Budget passes</h1><p>Updated May 3, 2023 / Published May 2, 2023</p>",
    )
    assert _read(html).get("published_at").date().isoformat() == "2023-05-02"


def test_organisation_author_is_not_a_person_and_wire_author_is_the_agency() -> None:
    ld = {
        "@type": "NewsArticle",
        "headline": "Markets rally",
        "datePublished": "2023-03-01",
        "author": [{"@type": "Organization", "name": "Associated Press"}],
    }
    html = _page(f"<script type='application/ld+json'>{json.dumps(ld)}</script>", "<h1>Markets rally</h1>")
    d = _read(html)
    assert d.get("authors") is None
    assert d.get("agency") == "AP"


def test_broken_jsonld_is_skipped_and_entities_are_decoded() -> None:
    ld = '{"@type": "NewsArticle", "headline": "Mayor&#8217;s plan &amp; the budget", "datePublished": "2020-07-09"}'
    html = _page(
        f"<script type='application/ld+json'>{{not json</script><script type='application/ld+json'>{ld};</script>",
        "<p>text</p>",
    )
    d = _read(html)
    assert d.get("headline") == "Mayor\u2019s plan & the budget"
    assert d.get("published_at") == datetime(2020, 7, 9, tzinfo=UTC)


def test_figure_caption_and_credit_of_the_lead_image() -> None:
    html = _page(
        "<meta property='og:image' content='https://cityline.example/photos/harbour-crane-large.jpg'>"
        "<meta property='og:title' content='Crane collapses at harbour'>",
        "<h1>Crane collapses at harbour</h1><figure><img src='/photos/harbour-crane-small.jpg'>"
        "<figcaption>Workers inspect the site on Tuesday. / Cityline Archive</figcaption></figure>",
    )
    image = _read(html, url="https://cityline.example/a/1").get("image")
    assert image.caption == "Workers inspect the site on Tuesday."
    assert image.credit == "Cityline Archive"


def test_caption_and_credit_come_from_the_lead_image_not_another_figure() -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "ImageObject",
                "@id": "https://dalby.example/#lead",
                "url": "https://dalby.example/up/pool-reopens.jpg",
                "caption": "Swimmers return to the lido on Saturday. Photo: Ines Varga",
            },
            {
                "@type": "Article",
                "headline": "Lido reopens after repairs",
                "image": {"@id": "https://dalby.example/#lead"},
            },
        ],
    }
    html = _page(
        f"<script type='application/ld+json'>{json.dumps(graph)}</script>",
        "<h1>Lido reopens after repairs</h1><div class='thumb'><img src='/up/pool-reopens-800x600.jpg'></div>"
        "<p>The pool reopened.</p><figure><img src='/up/plan.jpg'><figcaption>The plans. "
        "<span class='credit'>Dalby Town Council</span></figcaption></figure>",
    )
    image = _read(html, url="https://dalby.example/news/lido").get("image")
    assert image.caption == "Swimmers return to the lido on Saturday."
    assert image.credit == "Ines Varga"


def test_caption_block_without_a_figure_element() -> None:
    html = _page(
        "<meta property='og:image' content='https://dalby.example/up/bridge-1200.jpg'>",
        "<h1>Old bridge closes for a month of repairs</h1><div class='lead-photo'>"
        "<img src='https://dalby.example/up/bridge-1200.jpg'><div class='lead-photo__caption'>"
        "<p>Cones block the old bridge on Monday.</p><p class='lead-photo__credit'>Photograph: Tom Ek/Dalby Mail</p>"
        "</div></div><p>The bridge is closed.</p>",
    )
    image = _read(html, url="https://dalby.example/news/bridge").get("image")
    assert image.caption == "Cones block the old bridge on Monday."
    assert image.credit == "Tom Ek/Dalby Mail"


def test_credit_span_loses_its_label() -> None:
    html = _page(
        "<meta property='og:image' content='https://dalby.example/up/fair-1200.jpg'>",
        "<h1>County fair draws record crowd</h1><figure><img src='/up/fair-1200.jpg'><figcaption>Crowds at the fair. "
        "<span class='photo-credit'>(Photo: Ana Sousa/Dalby Mail)</span></figcaption></figure>",
    )
    image = _read(html, url="https://dalby.example/news/fair").get("image")
    assert (image.caption, image.credit) == ("Crowds at the fair.", "Ana Sousa/Dalby Mail")


def test_date_inside_a_sentence_is_not_the_page_date() -> None:
    html = _page(
        "<meta property='article:published_time' content='2022-01-26T09:00:00+01:00'>",
        "<h1>Neue Regeln für Genesenennachweise</h1>"
        "<p>Mit der am 15. Januar 2022 in Kraft getretenen Verordnung wurden auch die Nachweise neu geregelt.</p>",
        lang="de",
    )
    assert _read(html).get("published_at").date().isoformat() == "2022-01-26"


def test_date_line_above_the_headline_beats_a_date_in_the_text() -> None:
    html = _page(
        "<title>Faire Lieferketten</title>",
        "<div class='news-date'>05.02.2020</div><h1>Faire Lieferketten</h1>"
        "<p>Der Verband lädt vom 6. bis 7. März 2020 zum Workshop nach Dalby ein, die Teilnahme ist kostenlos.</p>",
        lang="de",
    )
    d = _read(html, url="https://verband.example/news/lieferketten")
    assert d.get("published_at").date().isoformat() == "2020-02-05"
    assert d.provenance["published_at"] == "html"


def test_press_dateline_opening_the_first_paragraph() -> None:
    html = _page(
        "<title>Trauern digital</title>",
        "<h1>Trauern digital am Sonntag</h1><p>Dalby, (12.11.2021). Traditionell gedenken die Gemeinden am "
        "Sonntag, dem 21. November 2021, ihrer Verstorbenen in vielen Gottesdiensten.</p>",
        lang="de",
    )
    assert _read(html).get("published_at").date().isoformat() == "2021-11-12"


def test_date_line_inside_the_headline_element() -> None:
    html = _page(
        "<title>Zuschauer kehren zurück</title>",
        "<h1>Zuschauer kehren zurück<br><small>02.02.2022 • Verband, Presse</small></h1>"
        "<p>Laut der am 28.01.2022 in Kraft getretenen Verordnung dürfen wieder mehr Fans in die Hallen.</p>",
        lang="de",
    )
    assert _read(html).get("published_at").date().isoformat() == "2022-02-02"


def test_shown_update_line_gives_updated_at() -> None:
    html = _page(
        "<title>Freight train derails</title>",
        "<h1>Freight train derails near Dalby Junction</h1><div class='dates'>"
        "<span>Published March 2, 2026 10:48 a.m. ET</span><span>Updated March 3, 2026 8:14 a.m. ET</span></div>"
        "<p>Twenty-two cars left the tracks.</p>",
    )
    d = _read(html)
    eastern_winter = timezone(timedelta(hours=-5))  # "ET" in early March is EST
    assert d.get("published_at") == datetime(2026, 3, 2, 10, 48, tzinfo=eastern_winter)
    assert d.get("updated_at") == datetime(2026, 3, 3, 8, 14, tzinfo=eastern_winter)
    assert d.provenance["updated_at"] == "html"


def test_shown_update_earlier_than_a_bare_meta_date_wins() -> None:
    html = _page(
        "<meta name='date' content='2020-04-29T11:52:23'>",
        "<h1>Daten eines Konzerns im Netz</h1><p>Stand: 28.04.2020 18:00 Uhr</p><p>Interne Unterlagen kursieren.</p>",
        lang="de",
    )
    assert _read(html).get("published_at").date().isoformat() == "2020-04-28"


def test_headline_text_leaves_out_style_elements() -> None:
    html = _page(
        "<title>Impfen bis Ende Februar</title>",
        "<h1><style>.x{font-size:16px}</style>Impfen bis Ende Februar möglich</h1><p>Text.</p>",
        lang="de",
    )
    assert _read(html).get("headline") == "Impfen bis Ende Februar möglich"


def _rover_page(caption: str, shown: str) -> str:
    """A story whose JSON-LD image has ``caption``; ``shown`` is the body markup after the h1."""
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Marrow rover finishes desert trial",
        "image": {"@type": "ImageObject", "url": "https://img.example/2026/rover-trial.jpg", "caption": caption},
    }
    return _page(
        f"<script type='application/ld+json'>{json.dumps(ld)}</script>",
        f"<h1>Marrow rover finishes desert trial</h1>{shown}<p>The rover drove 40 km.</p>",
    )


def test_shown_figure_splits_a_jsonld_caption_with_a_bracketed_organisation_credit() -> None:
    html = _rover_page(
        "The rover on the salt flats near Tessel. (Marrow Robotics Institute)",
        "<figure><img src='https://img.example/2026/rover-trial.jpg'><figcaption><span class='caption-text'>The rover"
        " on the salt flats near Tessel.</span> <span class='credit'>(Marrow Robotics Institute)</span></figcaption>"
        "</figure>",
    )
    image = _read(html).get("image")
    assert image.caption == "The rover on the salt flats near Tessel."
    assert image.credit == "Marrow Robotics Institute"


def test_jsonld_caption_without_a_shown_figure_keeps_its_bracketed_words() -> None:
    html = _rover_page("The rover on the salt flats near Tessel (Marrow Robotics Institute)", "")
    image = _read(html).get("image")
    assert image.caption == "The rover on the salt flats near Tessel (Marrow Robotics Institute)"
    assert image.credit is None


def _og_page(og_title: str, h1: str) -> str:
    """A page whose og:title is ``og_title`` and whose h1 (given with its tags) shows the headline."""
    return _page(f"<meta property='og:title' content='{og_title}'>", f"{h1}<p>Text.</p>")


def test_a_section_label_set_inside_the_h1_is_not_the_headline() -> None:
    html = _og_page(
        "Council vetoes the pier contract",
        "<h1><div class='entry-section'><a href='/politics/'>Politics | </a></div>"
        "<span>Council vetoes the pier contract</span></h1>",
    )
    d = _read(html)
    assert d.get("headline") == "Council vetoes the pier contract"
    assert d.provenance["headline"] == "meta"


def test_words_before_the_metadata_headline_that_are_more_than_a_label_stay() -> None:
    html = _og_page("the pier contract", "<h1>Why the council finally vetoed the pier contract</h1>")
    assert _read(html).get("headline") == "Why the council finally vetoed the pier contract"


def test_a_line_break_in_the_headline_parts_its_words() -> None:
    html = _page("<title>Leslie Clio</title>", "<h1>Leslie Clio<br><span>Brave New Woman</span></h1><p>Text.</p>")
    assert _read(html).get("headline") == "Leslie Clio Brave New Woman"


def _byline_page(zone: str) -> str:
    return _page(
        "<title>Night trains return</title>",
        f"<h1>Night trains return</h1>{zone}<p>The sleeper service restarts next week, the operator said.</p>",
    )


def test_the_innermost_byline_box_gives_the_authors_not_the_buttons_beside_it() -> None:
    zone = (
        "<div class='byline_action'><div class='byline'>Jo Hart / Updated: Dec 22, 2023</div>"
        "<div><span>Share</span></div><div><strong>Text Size</strong><ul><li>Small</li><li>Medium</li>"
        "<li>Large</li></ul></div><a href='https://news.example/follow'>Follow us</a></div>"
    )
    assert _read(_byline_page(zone)).get("authors") == ("Jo Hart",)


def test_people_the_story_links_to_their_tag_pages_are_not_its_authors() -> None:
    zone = (
        "<p>Nashawn Breedlove, famous for battle-rapping <a href='/people/eminem/'>Eminem</a> in the movie, is dead.</p>"
        "<ul class='tag-cloud__list'><a href='/people/eminem/'>Eminem</a></ul>"
    )
    assert _read(_byline_page(zone)).get("authors") is None
    byline = "<p>By <a href='/people/jo-hart/'>Jo Hart</a></p>"
    assert _read(_byline_page(zone + byline)).get("authors") == ("Jo Hart",)


def test_words_the_h1_runs_into_the_headline_are_the_headlines_own() -> None:
    # a label is an element of its own or ends at a line break; a quote run into the headline is not one
    html = _og_page(
        "Marita Kramer misses the Olympics", "<h1>\u201cPure emptiness\u201d: Marita Kramer misses the Olympics</h1>"
    )
    assert _read(html).get("headline") == "\u201cPure emptiness\u201d: Marita Kramer misses the Olympics"
    broken = _og_page("Marita Kramer misses the Olympics", "<h1>Ski jumping<br>Marita Kramer misses the Olympics</h1>")
    assert _read(broken).get("headline") == "Marita Kramer misses the Olympics"


def test_a_label_of_more_than_three_words_is_no_label() -> None:
    html = _og_page(
        "Council vetoes the pier contract",
        "<h1><span>In a late night vote</span> Council vetoes the pier contract</h1>",
    )
    assert _read(html).get("headline") == "In a late night vote Council vetoes the pier contract"


def test_a_line_break_in_a_comment_is_no_line_break() -> None:
    html = _og_page(
        "Marita Kramer misses the Olympics", "<h1>Ski jumping <!-- <br> --> Marita Kramer misses the Olympics</h1>"
    )
    assert _read(html).get("headline") == "Ski jumping Marita Kramer misses the Olympics"


@pytest.mark.parametrize(
    "zone",
    [
        # a long byline line: names, role, publication, dates, reading time
        (
            "<p class='meta'><a href='/author/jo-hart'>Jo Hart</a>, Chief Transport Correspondent, The Harbour Post"
            " · Published 5 March 2024, 09:15 GMT · Updated 5 March 2024, 11:40 GMT · 6 min read · 14 comments</p>"
        ),
        # the innermost boxes are a label and the name
        (
            "<div class='author-info'><span class='author-label'>Written by</span> "
            "<span class='author-name'>Jo Hart</span></div>"
        ),
        # the innermost box is the date; the name is in the outer box
        "<div class='byline'>Jo Hart <span class='byline__date'>Updated March 3, 2024</span></div>",
        # a class naming tags three levels up is not the story's tag list
        "<div class='post-meta has-tags'><div><span><a href='/author/jo-hart/'>Jo Hart</a></span></div></div>",
    ],
)
def test_bylines_the_markup_sets_in_many_ways(zone: str) -> None:
    assert _read(_byline_page(zone)).get("authors") == ("Jo Hart",)
