"""Readers' comment sections leave the article (pages we wrote)."""

from __future__ import annotations

import lxml.html

from newsdesk.extraction.comments import comment_sections
from newsdesk.extraction.html import extract_html
from tests.extraction.test_html_main_text import HEADLINE, LONG, PARAGRAPHS, _page

POSTS = [  # (reader, first paragraph, second paragraph): each post longer than a line of furniture
    (
        "harbour_fan",
        "I take that ferry every week and the last boat has been a problem for years, long before the plant moved.",
        (
            "Glad someone at the board listened at last, even if it took three winters of meetings and a petition. "
            "The taxis people on the late shift have paid for would have bought the extra crew twice over."
        ),
    ),
    (
        "island_ilse",
        "Forty thousand crowns a season sounds like a lot until you count what the islanders pay in the meantime.",
        (
            "Will the Sunday sailing really be looked at, or is that the same promise we heard two winters ago? "
            "The chair said the same thing then, and the timetable that came out was the one we have now."
        ),
    ),
    (
        "pier_watcher",
        "Moving the timetable a week is fine, but the boat still leaves ten minutes before the bus gets to the pier.",
        (
            "Somebody should sit down with the bus company before the new timetable starts on the first of March. "
            "Otherwise we will be back at the same meetings next winter, saying the same things to the same board."
        ),
    ),
]


def _forum_widget(posts: list[tuple[str, str, str]] = POSTS) -> str:
    """A forum's comment widget as a site embeds one under its stories: each post's paragraphs set
    apart by line breaks, which trafilatura keeps as text (its class is not one trafilatura knows)."""
    entries = "".join(
        f"<li class='forum-comment' id='forum-comment-{i}'><div class='avatar'></div>"
        f"<div class='forum-comment-content'><header><span class='author-name'>{name}</span></header>"
        f"<div class='js-read-more'>{first}<br><br>{second}</div>"
        f"<span class='forum-comment-reply'><a href='/forum/threads/1/'><span>Reply</span></a></span></div></li>"
        for i, (name, first, second) in enumerate(posts)
    )
    return (
        "<div class='forum-comment-widget forum-comments-3' id='forum-comments-1'>"
        f"<div class='forum-comments-header'><span>{len(posts)} Comments</span></div>"
        f"<ul class='forum-comments-list'>{entries}</ul></div>"
    )


def _said(posts: list[tuple[str, str, str]] = POSTS) -> list[str]:
    return [line for _, first, second in posts for line in (first, second)]


def _story_with(after: str) -> str:
    """A story set in a CMS "widget" container, with ``after`` under it: trafilatura's guard against
    over-pruning then keeps every box it would cut by its class, and comments long enough for its
    link-density test stay in its text."""
    return _page(
        f"<article class='page-content'><h1>{HEADLINE}</h1><div class='widget widget-content'>{PARAGRAPHS}</div>"
        f"{after}</article>"
    )


def test_readers_comments_in_a_forum_widget_under_the_story_are_not_the_story() -> None:
    article = extract_html(_story_with(_forum_widget()), input="page.html")
    assert [b.text for b in article.body] == LONG
    assert not any(line in article.text for line in _said())


RAIL = f"<aside class='rail'><p>{' '.join(LONG[:3])}</p></aside>"  # 500 characters and more of <p> text


def _sections(page: str) -> list[str]:
    return [el.get("id") or el.get("class") for el in comment_sections(lxml.html.fromstring(page))]


def test_comments_with_a_reply_button_but_no_avatar_are_found() -> None:
    entries = "".join(f"<div class='comment'><p>{first}</p><button>Antworten</button></div>" for _, first, _ in POSTS)
    assert _sections(_story_with(f"<section class='comments'>{entries}</section>")) == ["comments"]


def test_comments_with_an_avatar_but_no_reply_button_are_found() -> None:
    entries = "".join(
        f"<li class='comment'><div class='comment-meta'><img class='avatar' src='/a.png' alt=''>"
        f"<b class='fn'>{name}</b></div><p>{first}</p></li>"
        for name, first, _ in POSTS
    )
    assert _sections(_story_with(f"<div id='comments'><ol class='thread'>{entries}</ol></div>")) == ["comments"]


def test_a_live_blogs_play_by_play_named_for_comments_stays() -> None:
    # each entry has a time, a text and its writer, and no reader to reply to
    entries = "".join(
        f"<div class='live-match-comment'><div class='live-match-comment-time'>{minute}'</div>"
        f"<span class='author'>Ines Varga</span><div class='live-match-comment-body'>{text}</div></div>"
        for minute, text in zip((88, 64, 12), LONG[:3], strict=True)
    )
    page = _page(f"<main><h1>{HEADLINE}</h1>{PARAGRAPHS}<div class='live-match-comments'>{entries}</div></main>")
    assert _sections(page) == []


def test_a_gallerys_captions_named_for_comments_stay() -> None:
    items = "".join(
        f"<figure><img src='/p{i}.jpg' alt=''><div class='gallery__item__comment'><p>{text}</p></div></figure>"
        for i, text in enumerate(LONG)
    )
    page = _page(f"<article><h1>{HEADLINE}</h1>{PARAGRAPHS}<div class='gallery__comments'>{items}</div></article>")
    assert _sections(page) == []


def test_an_opinion_column_named_for_comment_with_its_writers_photo_stays() -> None:
    # the writer's photo in the byline and again in the bio: two parts named for the column, not two comments
    photo = "<img class='author-avatar' src='/ines.jpg' alt='Ines Varga'>"
    column = (
        f"<article class='article-body comment'><div class='comment-byline'>{photo}<span class='author'>Ines Varga"
        f"</span></div>{PARAGRAPHS}<div class='comment-footer'>{photo}<p class='author-bio'>Ines Varga writes on the"
        " islands.</p></div></article>"
    )
    assert _sections(_page(f"{RAIL}<h1>{HEADLINE}</h1>{column}")) == []


def test_a_themes_wrapper_of_story_and_comments_stays_and_its_comment_list_goes() -> None:
    entries = "".join(
        f"<li class='comment'><img class='avatar' src='/a.png' alt=''><p>{first}</p></li>" for _, first, _ in POSTS
    )
    page = _page(
        f"{RAIL}<h1>{HEADLINE}</h1><div class='entry comments-open'>{PARAGRAPHS}<ol class='comment-list'>{entries}</ol></div>"
    )
    assert _sections(page) == ["comment-list"]


def _wordpress_comment(name: str, text: str, replies: str = "") -> str:
    """A comment as WordPress's default theme sets it; ``replies`` in its nested list."""
    children = f"<ol class='children'>{replies}</ol>" if replies else ""
    return (
        f"<li class='comment byuser comment-author-{name} even thread-even depth-1'><article class='comment-body'>"
        f"<footer class='comment-meta'><div class='comment-author vcard'><img class='avatar avatar-32 photo' src='/a.png'"
        f" alt=''><b class='fn'>{name}</b></div></footer><div class='comment-content'><p>{text}</p></div>"
        f"<div class='reply'><a class='comment-reply-link' href='#'>Reply</a></div></article>{children}</li>"
    )


def _wordpress_thread(comments: str) -> str:
    return f"<div id='comments' class='comments-area'><ol class='comment-list'>{comments}</ol></div>"


def test_one_comment_is_not_a_comment_section() -> None:
    assert _sections(_story_with(_wordpress_thread(_wordpress_comment("ana", POSTS[0][1])))) == []


def test_a_comment_and_its_reply_are_two_comments() -> None:
    thread = _wordpress_comment("ana", POSTS[0][1], replies=_wordpress_comment("ilse", POSTS[1][1]))
    assert _sections(_story_with(_wordpress_thread(thread))) == ["comments"]


def test_comments_whose_classes_name_their_writers_are_alike() -> None:
    entries = "".join(
        f"<li class='comment byuser comment-author-{name} {parity}'><img class='avatar' src='/a.png' alt=''>"
        f"<p>{first}</p></li>"
        for (name, first, _), parity in zip(POSTS, ("odd", "even", "odd"), strict=True)
    )
    assert _sections(_story_with(f"<ol class='commentlist'>{entries}</ol>")) == ["commentlist"]


def test_a_storys_byline_named_for_a_comment_does_not_start_the_comments() -> None:
    # the theme's wrapper opens with the story's byline (named "comment-meta", with the writer's photo)
    byline = "<div class='comment-meta'><img class='avatar' src='/ines.jpg' alt=''>Ines Varga</div>"
    entries = "".join(
        f"<li class='comment'><img class='avatar' src='/a.png' alt=''><p>{first}</p></li>" for _, first, _ in POSTS
    )
    page = _page(
        f"{RAIL}<h1>{HEADLINE}</h1><div class='entry comments-open'>{byline}{PARAGRAPHS}"
        f"<ol class='comment-list'>{entries}</ol></div>"
    )
    assert _sections(page) == ["comment-list"]


def test_replies_under_a_forums_posts_are_not_a_section_of_their_own() -> None:
    # a thread with no story: earlier posts' paragraphs are not a story the replies are under
    posts = "".join(
        f"<div class='comment'><img class='avatar' src='/a.png' alt=''><p>{text}</p></div>" for text in LONG
    )
    replies = "".join(
        f"<div class='comment'><img class='avatar' src='/b.png' alt=''><p>{first}</p></div>" for _, first, _ in POSTS
    )
    page = _page(
        f"<main><div class='comments'>{posts}<div class='comment'><p>{LONG[0]}</p>{replies}</div></div></main>"
    )
    assert _sections(page) == []


def test_a_page_that_is_a_discussion_keeps_it() -> None:
    # little text before the comments: a forum thread, not a story with comments under it
    assert _sections(_page(f"<main><p>{LONG[0]}</p>{_forum_widget(POSTS * 3)}</main>")) == []


def test_a_box_named_for_comments_that_holds_the_headline_is_not_a_comment_section() -> None:
    page = _page(f"{RAIL}<div class='comments-enabled'><h1>{HEADLINE}</h1><p>{LONG[0]}</p>{_forum_widget()}</div>")
    assert _sections(page) == ["forum-comments-1"]  # the widget inside it, not the page's box
