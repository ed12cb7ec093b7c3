"""How the main text is chosen around trafilatura (pages and bodies we wrote)."""

from __future__ import annotations

import json

import lxml.html
from lxml import etree

from newsdesk.extraction.html import _fill_gaps, _raw_blocks, extract_html

LONG = [
    (
        "The harbour board voted on Tuesday to move the winter ferry timetable forward by a week, after "
        "islanders complained that the last boat left before the evening shift at the fish plant ended."
    ),
    (
        "Board members said the change would cost about 40,000 crowns a season in extra crew hours, which the "
        "regional council has agreed to cover for two years while passenger numbers are counted again."
    ),
    (
        '"We heard the same thing at every meeting on the island," said chair Ilse Marten, who added that the '
        "board would look at a later Sunday sailing once the new timetable had run for a full winter."
    ),
    (
        "The new timetable starts on 1 March; tickets already bought for sailings that move will be valid on the "
        "nearest departure, and the operator says it will write to season-ticket holders this month."
    ),
]


def _body(*blocks: tuple[str, str]) -> etree._Element:
    body = etree.Element("body")
    for tag, text in blocks:
        etree.SubElement(body, tag).text = text
    return body


def _texts(body: etree._Element) -> list[str]:
    return ["".join(el.itertext()) for el in body]


def test_fill_gaps_restores_a_long_paragraph_the_precise_pass_cut_from_inside_the_article() -> None:
    balanced = _body(("p", LONG[0]), ("p", LONG[1]), ("p", LONG[2]), ("p", LONG[3]))
    precise = _body(("p", LONG[0]), ("p", LONG[2]), ("p", LONG[3]))
    assert _texts(_fill_gaps(precise, balanced)) == LONG


def test_fill_gaps_leaves_out_what_was_cut_before_or_after_the_article_and_short_lines() -> None:
    rail = "More from the islands: ferry fares, the new pier and the school run explained in full by our reporters."
    balanced = _body(
        ("p", rail), ("p", LONG[0]), ("p", "Advertisement"), ("p", LONG[1]), ("p", LONG[2]), ("p", rail + " Again.")
    )
    precise = _body(("p", LONG[0]), ("p", LONG[1]), ("p", LONG[2]))
    assert _texts(_fill_gaps(precise, balanced)) == LONG[:3]


def test_fill_gaps_keeps_the_precise_body_when_the_two_passes_do_not_line_up() -> None:
    balanced = _body(("p", LONG[0]), ("p", LONG[1]), ("p", LONG[3]))
    precise = _body(
        ("p", LONG[0]), ("p", "A block only the precise pass found, set apart from the rest."), ("p", LONG[3])
    )
    assert _fill_gaps(precise, balanced) is precise


def _blox_page(hidden_paragraphs: str) -> str:
    return (
        "<!doctype html><html lang='en'><head><title>Harbour board moves ferry timetable</title></head><body>"
        "<div class='login-request' style='display:none'><p>Log in to keep reading: subscribers get unlimited "
        "access to every story on the site, and the e-edition every morning.</p></div>"
        "<article><h1>Harbour board moves ferry timetable</h1>"
        f"<div class='asset-content'><p>{LONG[0]}</p>{hidden_paragraphs}</div></article></body></html>"
    )


def test_paragraphs_a_paywall_script_hides_are_the_article_but_a_hidden_login_box_is_not() -> None:
    hidden = "".join(f"<div class='subscriber-only' style='display:none'><p>{p}</p></div>" for p in LONG[1:])
    article = extract_html(_blox_page(hidden), input="page.html")
    assert [b.text for b in article.body] == LONG
    assert "Log in to keep reading" not in article.text


def test_other_hidden_elements_stay_out() -> None:
    hidden = "".join(f"<div class='carousel' style='display:none'><p>{p}</p></div>" for p in LONG[1:])
    article = extract_html(_blox_page(hidden), input="page.html")
    assert [b.text for b in article.body] == LONG[:1]


def _bio_page(tail: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in LONG)
    return (
        "<!doctype html><html lang='en'><head><title>Harbour board moves ferry timetable</title>"
        "<meta name='author' content='Ines Varga'></head><body><article>"
        f"<h1>Harbour board moves ferry timetable</h1><div class='body'>{paragraphs}{tail}</div>"
        "</article></body></html>"
    )


def test_the_writers_bio_at_the_foot_of_the_story_is_not_the_story() -> None:
    bio = (
        "Ines Varga is a senior reporter for the Harbour Post, covering the islands, their ferries and the "
        "councils that run them. She joined the paper in 2019 from a regional radio station."
    )
    article = extract_html(_bio_page(f"<p>{bio}</p>"), input="page.html")
    assert list(article.authors) == ["Ines Varga"]
    assert [b.text for b in article.body] == LONG


def test_a_paragraph_quoting_the_writer_by_name_elsewhere_stays() -> None:
    line = (
        "Ines Varga, who has covered the board for five years, asked the chair whether the Sunday sailing "
        "would come back; the chair said it would be looked at next winter, once the numbers were in."
    )
    article = extract_html(_bio_page(f"<p>{line}</p>"), input="page.html")
    assert article.body[-1].text == line


def test_furniture_rows_leave_a_table_and_its_data_rows_stay() -> None:
    table = (
        "<table><tr><th>Sailing</th><th>Old time</th><th>New time</th></tr>"
        "<tr><td>Last boat, weekdays</td><td>18:10</td><td>19:40</td></tr>"
        "<tr><td>First boat, Sundays</td><td>09:00</td><td>08:15</td></tr>"
        "<tr><td colspan='3'>Weitere Artikel zum Thema</td></tr></table>"
    )
    html = _bio_page("").replace("</div></article>", f"{table}<p>{LONG[0]}</p></div></article>")
    article = extract_html(html, input="page.html")
    tables = [b.text for b in article.body if b.type == "table"]
    assert tables and "19:40" in tables[0] and "08:15" in tables[0]
    assert "Weitere Artikel" not in article.text


def _scripted_page(article_body: object, shown: str, headline: str = "Harbour board moves ferry timetable") -> str:
    ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": headline,
            "datePublished": "2024-02-01T09:00:00Z",
            "articleBody": article_body,
        }
    )
    return (
        "<!doctype html><html lang='en'><head><title>Harbour board moves ferry timetable</title>"
        f"<script type='application/ld+json'>{ld}</script></head><body><main>"
        f"<h1>Harbour board moves ferry timetable</h1>{shown}<div id='app'></div></main></body></html>"
    )


TEASERS = "".join(
    f"<div class='teaser'><h2><a href='/s{i}'>Island news in brief, part {i}: the week on the water</a></h2>"
    f"<p>By Staff, Feb {i}, 2024. A short look at what happened on the islands this week.</p></div>"
    for i in range(1, 4)
)


def test_a_page_that_renders_its_story_with_a_script_gets_the_json_ld_text() -> None:
    article = extract_html(_scripted_page("\n\n".join(LONG), TEASERS), input="page.html")
    assert [b.text for b in article.body] == LONG
    assert article.provenance["body"] == "json-ld"
    assert "Island news in brief" not in article.text


def test_json_ld_text_with_markup_is_read_block_by_block() -> None:
    marked = "".join(f"<p>{p}</p>" for p in LONG[:2]) + "<h2>What happens next</h2>" + f"<p>{LONG[2]}</p>"
    article = extract_html(_scripted_page(marked, TEASERS), input="page.html")
    assert [b.text for b in article.body] == [*LONG[:2], "What happens next", LONG[2]]
    assert article.body[2].type == "heading"


def test_the_page_text_wins_when_it_shows_the_story() -> None:
    shown = "".join(f"<p>{p}</p>" for p in LONG)
    article = extract_html(_scripted_page(" ".join(LONG[:2]), shown), input="page.html")
    assert [b.text for b in article.body] == LONG
    assert article.provenance["body"] == "html"


def test_zero_width_characters_at_the_ends_of_blocks_go() -> None:
    html = _bio_page("<p>Ines Varga contributed to this report.\u200b</p>").replace(LONG[0], LONG[0] + "\u200b")
    article = extract_html(html, input="page.html")
    assert article.body[0].text == LONG[0]
    assert "contributed to this report" not in article.text


def test_another_storys_json_ld_text_is_not_taken() -> None:
    page = _scripted_page("\n\n".join(LONG), TEASERS, headline="Island news in brief, part 1: the week on the water")
    article = extract_html(page, input="page.html")
    assert article.provenance["body"] == "html"


def test_json_ld_text_given_as_a_list_of_paragraphs() -> None:
    article = extract_html(_scripted_page(LONG, TEASERS), input="page.html")
    assert [b.text for b in article.body] == LONG


def test_control_characters_in_the_json_ld_text_do_not_break_the_page() -> None:
    broken = "\n\n".join(LONG).replace("winter", "win\u0002ter").replace("Board", "\u0000Board")
    article = extract_html(_scripted_page(broken, TEASERS), input="page.html")
    assert "Board members said" in article.text and "\u0000" not in article.text


def test_json_ld_markup_broken_by_br_and_loose_text() -> None:
    marked = f"{LONG[0]}<br><br>{LONG[1]}<p>{LONG[2]}</p>{LONG[3]}"
    article = extract_html(_scripted_page(marked, TEASERS), input="page.html")
    assert [b.text for b in article.body] == LONG


HEADLINE = "Harbour board moves ferry timetable"
PARAGRAPHS = "".join(f"<p>{p}</p>" for p in LONG)


def _page(body: str, title: str = HEADLINE) -> str:
    """An English page titled ``title`` whose <body> is ``body``."""
    return f"<!doctype html><html lang='en'><head><title>{title}</title></head><body>{body}</body></html>"


def _widget_page(box: str) -> str:
    """A CMS theme that sets the story's text in a "widget", with a box after the last paragraph."""
    return _page(f"<article><h1>{HEADLINE}</h1><div class='widget widget-content'>{PARAGRAPHS}{box}</div></article>")


def test_a_newsletter_box_in_the_story_is_not_the_story() -> None:
    box = (
        "<div class='newsletter-form__wrapper'><h2>Stay on top of the tides</h2><p>Join the islanders who "
        "read the Harbour Post every morning. We will send the ferry news, the council and the weather.</p>"
        "<form><input type='email' name='email'><button>Sign me up</button></form></div>"
    )
    article = extract_html(_widget_page(box), input="page.html")
    assert [b.text for b in article.body] == LONG


def test_a_form_asking_for_an_email_address_is_not_the_story() -> None:
    box = (
        "<section class='signup'><h3>Get the ferry bulletin</h3><p>The timetable changes, the first day they "
        "are known, in your inbox every Friday.</p><form><input type='email'><input type='submit'></form></section>"
    )
    article = extract_html(_widget_page(box), input="page.html")
    assert [b.text for b in article.body] == LONG


def test_a_story_wrapped_in_a_newsletter_class_stays() -> None:
    page = _page(f"<div class='newsletter-issue'><h1>{HEADLINE}</h1>{PARAGRAPHS}</div>")
    article = extract_html(page, input="page.html")
    assert [b.text for b in article.body] == LONG


def test_an_empty_newsletter_slot_inside_the_story_takes_nothing_with_it() -> None:
    paragraphs = "".join(f"<section class='slide'><p>{p}</p><div id='newsLetterWidget'></div></section>" for p in LONG)
    page = _page(f"<article><h1>{HEADLINE}</h1>{paragraphs}</article>")
    article = extract_html(page, input="page.html")
    assert [b.text for b in article.body] == LONG


def test_a_brief_set_whole_in_one_form_keeps_its_story() -> None:
    brief = "The north pier is closed until Friday after storm damage, the harbour office said on Sunday."
    page = _page(
        f"<form id='aspnetForm' method='post'><h1>North pier closed</h1><p>{brief}</p>"
        "<div class='signup'><p>Get our newsletter</p><input type='email' name='subscribe'></div></form>",
        title="North pier closed",
    )
    assert [b.text for b in extract_html(page, input="page.html").body] == [brief]


def test_a_page_wrapped_in_one_form_keeps_its_story() -> None:
    """ASP.NET WebForms pages set the whole page in one <form>; its newsletter field does not make it a box."""
    page = _page(
        f"<form id='aspnetForm' method='post'><article><h1>{HEADLINE}</h1>{PARAGRAPHS}</article>"
        "<aside><p>Our newsletter</p><input type='email' name='subscribe'></aside></form>"
    )
    article = extract_html(page, input="page.html")
    assert [b.text for b in article.body] == LONG


def test_metadata_only_is_the_whole_records_metadata_bar_what_the_body_lines_say() -> None:
    """On every golden HTML page we wrote: metadata-only is the whole record without its body, except for
    what only the body's own lines give (docs/extraction.md): byline and dek lines, the agency line, a
    reading time counted from the words, a language guessed from the text."""
    from pathlib import Path

    from newsdesk.extraction.decode import decode_bytes

    body_only = {"body", "text", "word_count", "related_links", "page_links", "agency", "reading_minutes"}
    pages = sorted((Path(__file__).resolve().parents[1] / "golden" / "extract").glob("*.html"))
    assert len(pages) >= 6
    for path in pages:
        html = decode_bytes(path.read_bytes(), input=path.name)
        whole = extract_html(html, input=path.name).to_dict()
        meta = extract_html(html, input=path.name, metadata_only=True).to_dict()
        assert meta["body"] == [] and meta["text"] == "" and meta["page_links"] == [] and meta["word_count"] == 0
        for name in set(whole) - body_only - {"authors", "standfirst", "language", "provenance", "id"}:
            assert meta[name] == whole[name], (path.name, name)
        assert set(meta["authors"]) <= set(whole["authors"]), path.name
        assert meta["standfirst"] in (None, whole["standfirst"]), path.name
        assert meta["language"] in (None, whole["language"]), path.name
        stated = whole["provenance"].get("reading_minutes") != "computed"
        assert meta["reading_minutes"] == (whole["reading_minutes"] if stated else None), path.name


def test_a_record_without_text_or_url_is_known_by_its_input() -> None:
    page = "<!doctype html><html><head><title>Weather</title></head><body><h1>Weather</h1><p>Rain.</p></body></html>"
    one = extract_html(page, input="a.html", metadata_only=True)
    two = extract_html(page, input="b.html", metadata_only=True)
    assert one.headline == two.headline == "Weather" and one.id != two.id


def test_a_short_story_with_an_email_this_story_form_keeps_its_paragraphs() -> None:
    story = [
        "The coastguard closed the north pier on Sunday after a storm loosened two of its railings.",
        "Repairs will start on Tuesday, the harbour office said. The pier will reopen within a week.",
        "The contractor declined to comment on the cost of the work, which the council will cover.",
    ]
    paragraphs = "".join(f"<p>{p}</p>" for p in story)
    page = _page(
        "<header><h1>North pier closed after storm</h1></header>"
        f"<div class='story-body'>{paragraphs}<form class='share'><label>Email this story</label>"
        "<input type='email' name='to'><button>Send</button></form></div>",
        title="North pier closed after storm",
    )
    article = extract_html(page, input="page.html")
    assert [b.text for b in article.body] == story


def test_a_newsletter_box_before_the_story_is_neither_its_dek_nor_its_reading_time() -> None:
    box = (
        "<div class='newsletter-box'><h3>The Harbour Post, 5 min read a day</h3><p class='newsletter__subtitle'>"
        "Get the island's news in your inbox every morning, free.</p><form><input type='email'></form></div>"
    )
    page = _page(f"<article><h1>{HEADLINE}</h1>{box}{PARAGRAPHS}</article>")
    for metadata_only in (False, True):
        article = extract_html(page, input="page.html", metadata_only=metadata_only)
        assert article.standfirst is None and article.reading_minutes != 5


# A CMS that sets each paragraph in a wrapper of its own; trafilatura's precision mode drops a short
# wrapper that holds a link, and the lede is often short and links the name it opens with.
LEDE = "<a href='/clubs/harbour-fc'>Harbour FC</a> coach Mara Olsen has been named the league's coach of the year."
CLOSE = "The award is voted on by club staff and by <a href='/media'>accredited reporters</a> across the league."


def _wrapped_page(inside: str = "") -> str:
    parts = [
        f"<div class='col-12'><div class='body-part body-part--text'><p>{p}</p></div></div>"
        for p in [LEDE, *LONG, CLOSE]
    ]
    body = "".join(parts[:3]) + inside + "".join(parts[3:])
    title = "Olsen named coach of the year"
    return _page(f"<article><h1>{title}</h1><div class='article-body'>{body}</div></article>", title=title)


def _plain(html: str) -> str:
    return " ".join(lxml.html.fromstring(html).text_content().split())


def test_short_paragraphs_each_in_a_wrapper_of_its_own_are_the_article() -> None:
    article = extract_html(_wrapped_page(), input="page.html")
    assert [b.text for b in article.body] == [_plain(LEDE), *LONG, _plain(CLOSE)]


def test_a_short_linked_box_set_apart_from_the_paragraphs_stays_out() -> None:
    promo = (
        "<div class='promo'><p>Our league podcast is out every Monday: <a href='/podcast'>listen here</a>.</p></div>"
    )
    teaser = (
        "<div class='col-12'><div class='body-part body-part--text'>"
        "<p><a href='/s/1'>Olsen's first season at Harbour FC, in pictures and numbers</a> (video)</p></div></div>"
    )
    article = extract_html(_wrapped_page(inside=promo + teaser), input="page.html")
    assert [b.text for b in article.body] == [_plain(LEDE), *LONG, _plain(CLOSE)]


def test_fill_gaps_puts_back_wrapped_paragraphs_before_between_and_after_the_kept_ones() -> None:
    short = ["Harbour FC coach Mara Olsen is coach of the year.", "Voting closed on Friday.", "More to come."]
    rail = "More from the league: fixtures, tables and the transfer window in full."
    balanced = _body(
        ("p", rail), ("p", short[0]), ("p", LONG[0]), ("p", short[1]), ("p", LONG[1]), ("p", short[2]), ("p", rail)
    )
    precise = _body(("p", LONG[0]), ("p", LONG[1]))
    assert _texts(_fill_gaps(precise, balanced, set(short))) == [short[0], LONG[0], short[1], LONG[1], short[2]]
    assert _texts(_fill_gaps(precise, balanced)) == LONG[:2]


def _rail_page(rail: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in LONG)
    return _page(f"<article><h1>{HEADLINE}</h1><div class='body'>{paragraphs}</div></article>{rail}")


def test_a_rail_that_links_a_few_words_of_each_headline_goes_to_the_page_links() -> None:
    rail = (
        "<div class='recirc'><h2>More Must-Reads From the Post</h2><ul>"
        "<li><a href='/s/1'>Ona Reyes</a> <span>is the Post's islander of the year</span></li>"
        "<li><span>Your questions about the </span><a href='/s/2'>new pier</a>, answered</li>"
        "<li><span>Essay: </span><a href='/s/3'>after the storm </a><span>. Now the island slowly comes back</span></li>"
        "</ul></div>"
    )
    article = extract_html(_rail_page(rail), input="page.html", url="https://post.example/story")
    assert [b.text for b in article.body] == LONG
    assert [(link.title, link.url) for link in article.page_links] == [
        ("Ona Reyes is the Post's islander of the year", "https://post.example/s/1"),
        ("Your questions about the new pier, answered", "https://post.example/s/2"),
        ("Essay: after the storm. Now the island slowly comes back", "https://post.example/s/3"),
    ]


def test_a_list_under_a_rail_label_with_more_than_its_links_is_not_a_rail() -> None:
    # "Latest" over a box that also holds a paragraph of its own: not only a list of stories
    box = (
        "<div class='updates'><h3>Latest</h3><p>" + LONG[3] + "</p><ul>"
        "<li><a href='/t/1'>Timetable</a> for the winter season</li>"
        "<li><a href='/t/2'>Fares</a> for islanders and visitors</li>"
        "<li><a href='/t/3'>Sailings</a> cancelled by the weather</li></ul></div>"
    )
    article = extract_html(_rail_page(box), input="page.html", url="https://post.example/story")
    assert article.page_links == ()


def test_teaser_cards_for_other_stories_are_not_the_article() -> None:
    cards = "".join(
        f"<a href='/s/{i}' class='card'><img src='/t{i}.jpg'><div><p>News</p><p>{title}</p></div></a>"
        for i, title in enumerate(
            [
                "Council widens inquiry into the pier contract after a week of questions from islanders",
                "Ferry crews vote to accept the new pay offer from the operator, ending the dispute",
            ]
        )
    )
    paragraphs = "".join(f"<p>{p}</p>" for p in LONG)
    html = _page(
        f"<article><h1>{HEADLINE}</h1><div class='strip'>{cards}</div><div class='body'>{paragraphs}</div></article>"
    )
    article = extract_html(html, input="page.html")
    assert [b.text for b in article.body] == LONG


def test_a_line_break_inside_a_paragraph_parts_its_words() -> None:
    update = (
        "<p><strong>Feb. 8: Olsen likely to sign by next week</strong><br>The market has been slow this winter.</p>"
    )
    html = _bio_page("").replace("<div class='body'>", f"<div class='body'>{update}")
    article = extract_html(html, input="page.html")
    assert article.body[0].text == "Feb. 8: Olsen likely to sign by next week The market has been slow this winter."
    assert [b.text for b in article.body[1:]] == LONG


def test_html_a_fallback_extractor_hands_back_is_read_block_by_block() -> None:
    # trafilatura returns the fallback's own HTML when readability wins: a <div> of <p>, <h2>, <ul>...
    chosen = lxml.html.fromstring(
        f"<div><div class='article-body'><p>{LONG[0]}</p><h2>What happens next</h2><p>{LONG[1]}<br>"
        f"{LONG[2]}</p><ul><li>First sailing moves</li><li>Fares stay</li></ul>"
        "<blockquote>We heard it at every meeting.</blockquote></div></div>"
    )
    blocks = [(b.type, b.text) for b in _raw_blocks(chosen)]
    assert blocks == [
        ("paragraph", LONG[0]),
        ("heading", "What happens next"),
        ("paragraph", f"{LONG[1]} {LONG[2]}"),
        ("list_item", "First sailing moves"),
        ("list_item", "Fares stay"),
        ("quote", "We heard it at every meeting."),
    ]


def test_blocks_inside_a_block_keep_their_words_apart() -> None:
    body = etree.fromstring(
        "<body><quote><p>Xi also noted the influence of the U.S., they said.</p><p>When Biden asked, Xi answered.</p>"
        "</quote><list><item><p>First sailing</p><p>moves to 7:10</p></item></list>"
        "<table><row><cell><p>Fare</p><p>(adult)</p></cell><cell>4.20</cell></row></table></body>"
    )
    assert [(b.type, b.text) for b in _raw_blocks(body)] == [
        ("quote", "Xi also noted the influence of the U.S., they said."),
        ("quote", "When Biden asked, Xi answered."),
        ("list_item", "First sailing moves to 7:10"),
        ("table", "Fare (adult) | 4.20"),
    ]


def test_a_section_heading_with_an_empty_permalink_anchor_stays() -> None:
    sections = "".join(
        f"<h2><a class='header-anchor' id='s{i}'></a>{i}. {title}</h2><p>{LONG[i - 1]}</p>"
        for i, title in ((1, "The last boat"), (2, "The cost"), (3, "The chair"), (4, "What changes"))
    )
    html = _bio_page("").replace("<div class='body'>", f"<div class='body'>{sections}")
    article = extract_html(html, input="page.html")
    headings = [b.text for b in article.body if b.type == "heading"]
    assert headings == ["1. The last boat", "2. The cost", "3. The chair", "4. What changes"]


def test_the_headline_repeated_at_the_top_with_its_section_label_leaves_the_body() -> None:
    html = (
        "<!doctype html><html lang='en'><head><title>Ferry board moves timetable</title>"
        "<meta property='og:title' content='Harbour board moves ferry timetable'></head><body><article>"
        "<div class='body'><h1><small>Islands</small><br>Harbour board moves ferry timetable</h1>"
        + "".join(f"<p>{p}</p>" for p in LONG)
        + "</div></article></body></html>"
    )
    article = extract_html(html, input="page.html")
    assert article.headline == "Harbour board moves ferry timetable"
    assert article.standfirst is None
    assert [b.text for b in article.body] == LONG


def test_short_linked_lines_in_wrappers_without_a_class_stay_out() -> None:
    # plain <div>s say nothing about what they hold: a promo set like the paragraphs is not put back
    promo = "Harbour Post podcast: <a href='/podcast'>the ferry special</a>, with the board chair."
    parts = [f"<div><p>{p}</p></div>" for p in [*LONG[:2], promo, *LONG[2:]]]
    html = _page(f"<article><h1>{HEADLINE}</h1><div class='body'>{''.join(parts)}</div></article>")
    article = extract_html(html, input="page.html")
    assert [b.text for b in article.body] == LONG


def test_a_list_of_key_points_under_a_rail_label_stays_in_the_body() -> None:
    points = (
        "<section><h3>Latest</h3><ul>"
        "<li>The board <a href='/v'>voted five to two</a> on Tuesday to move the timetable.</li>"
        "<li>Crews will work <a href='/c'>extra hours</a> paid for by the regional council.</li>"
        "<li>Season tickets stay <a href='/t'>valid</a> on the nearest departure.</li></ul></section>"
    )
    html = _bio_page(points)
    article = extract_html(html, input="page.html", url="https://post.example/story")
    assert [b.text for b in article.body if b.type == "list_item"] == [
        "The board voted five to two on Tuesday to move the timetable.",
        "Crews will work extra hours paid for by the regional council.",
        "Season tickets stay valid on the nearest departure.",
    ]
    assert article.page_links == ()


def test_a_list_rails_titles_leave_out_scripts_and_link_the_story_not_its_section() -> None:
    rail = (
        "<div class='trending'><h2>Trending</h2><ul>"
        + "".join(
            f"<li><a href='/islands/'>Islands</a> <a href='/s/{i}'>Ferry story</a> number {i} of the week, "
            f"told by the crews<script>track({i})</script></li>"
            for i in range(1, 4)
        )
        + "</ul></div>"
    )
    article = extract_html(_rail_page(rail), input="page.html", url="https://post.example/story")
    assert [(link.title, link.url) for link in article.page_links] == [
        (f"Islands Ferry story number {i} of the week, told by the crews", f"https://post.example/s/{i}")
        for i in range(1, 4)
    ]


def test_product_cards_that_describe_what_they_link_to_are_the_page_text() -> None:
    cards = "".join(
        f"<a href='/buy/{i}' class='product'><img src='/p{i}.jpg'><h3>{name}</h3><p>{line}</p></a>"
        for i, (name, line) in enumerate(
            [
                ("Harbour kettle", "Boils a full jug in under three minutes, and switches itself off."),
                ("Ferry flask", "Keeps tea hot for the whole crossing, even on the winter timetable."),
            ]
        )
    )
    html = _bio_page(cards)
    article = extract_html(html, input="page.html")
    assert "Boils a full jug in under three minutes" in article.text
    assert "Keeps tea hot for the whole crossing" in article.text


def test_a_rails_titles_leave_out_time_stamps_and_icon_styles() -> None:
    rail = (
        "<div class='more'><h2>More on this story</h2><ul>"
        + "".join(
            f"<li><a href='/s/{i}'><svg><style>.b{{fill:#000}}</style></svg>Ferry crews vote on the new pay offer, "
            f"part {i} <time>{i}d ago</time></a></li>"
            for i in range(1, 4)
        )
        + "</ul></div>"
    )
    article = extract_html(_rail_page(rail), input="page.html", url="https://post.example/story")
    assert [link.title for link in article.page_links] == [
        f"Ferry crews vote on the new pay offer, part {i}" for i in range(1, 4)
    ]


def test_a_rails_titles_keep_a_date_that_only_one_of_them_ends_with() -> None:
    # one title ending in a date cannot tell a stamp from its own date: the rail's other titles decide
    titles = ["Election day is Nov. 5, 2024", "Ferry crews vote on the new pay offer", "The pier reopens to walkers"]
    rail = (
        "<div class='more'><h2>More on this story</h2><ul>"
        + "".join(f"<li><a href='/s/{i}'>{title}</a></li>" for i, title in enumerate(titles))
        + "</ul></div>"
    )
    article = extract_html(_rail_page(rail), input="page.html", url="https://post.example/story")
    assert [link.title for link in article.page_links] == titles


def test_a_list_rail_of_titles_cut_short_is_still_a_rail() -> None:
    rail = (
        "<div class='recirc'><h2>Most read</h2><ul>"
        + "".join(
            f"<li><span>Essay: </span><a href='/s/{i}'>the island</a> slowly comes back, part {i}...</li>"
            for i in range(1, 4)
        )
        + "</ul></div>"
    )
    article = extract_html(_rail_page(rail), input="page.html", url="https://post.example/story")
    assert len(article.page_links) == 3


def test_a_teaser_card_with_a_line_of_summary_is_still_a_teaser() -> None:
    cards = "".join(
        f"<a href='/s/{i}' class='card'><img src='/t{i}.jpg'><p>Pier closes</p>"
        f"<p>The council shut the old pier after the storm, and it stays shut, part {i}.</p></a>"
        for i in range(2)
    )
    article = extract_html(_bio_page(cards), input="page.html")
    assert "The council shut the old pier" not in article.text


def test_a_quote_with_loose_text_beside_its_paragraph_is_one_block() -> None:
    body = etree.fromstring(
        "<body><quote><p>Ferry crews back the pay offer.</p>— Harbour Post (@harbourpost) <hi>March 1</hi></quote></body>"
    )
    assert [(b.type, b.text) for b in _raw_blocks(body)] == [
        ("quote", "Ferry crews back the pay offer. — Harbour Post (@harbourpost) March 1")
    ]


def test_fallback_html_leaves_out_noscript_and_template_text() -> None:
    chosen = lxml.html.fromstring(
        f"<div><div><p>{LONG[0]}</p><noscript><p>Please enable JavaScript.</p></noscript>"
        f"<template><p>Loading comments</p></template><p>{LONG[1]}</p></div></div>"
    )
    assert [b.text for b in _raw_blocks(chosen)] == LONG[:2]
