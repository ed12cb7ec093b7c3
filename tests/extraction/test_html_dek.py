"""The dek under the headline: standfirst, not the body's first block (pages we wrote)."""

from __future__ import annotations

import pytest

from newsdesk.extraction.html import extract_html

DEK = "Crews worked through the night to reopen the line before the morning rush, the operator said."
LEDE = (
    "Trains ran again on the Harwick coastal line on Wednesday after engineers replaced a stretch of track "
    "washed out by Monday's storm, ending two days of replacement buses for about 9,000 daily passengers."
)
PARAGRAPHS = [
    LEDE,
    (
        "The operator said the repair had needed 40 tonnes of ballast and a crane brought in from the depot at "
        "Ostby, and that speed limits would stay in place on the stretch until the embankment had settled."
    ),
    (
        '"It was a long two nights, but the line is safe and open," said Mara Lindqvist, the operator\'s head of '
        "infrastructure, who thanked passengers for their patience during the closure of the coastal route."
    ),
    (
        "Passengers with season tickets can claim a refund for the days the line was closed, the operator added, "
        "and the regional council said it would review how the embankment had been maintained over the years."
    ),
]


def _page(dek_html: str, description: str = DEK) -> str:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        "<!doctype html><html lang='en'><head><title>Harwick coastal line reopens after storm repairs</title>"
        f"<meta name='description' content='{description}'></head><body><main><article>"
        f"<h1>Harwick coastal line reopens after storm repairs</h1>{dek_html}"
        "<div class='byline'>By Petra Holm</div>"
        f"<div class='story-body'>{body}</div></article></main></body></html>"
    )


@pytest.mark.parametrize(
    "dek_html",
    [
        f"<p class='dek'>{DEK}</p>",
        f"<p class='standfirst'>{DEK}</p>",
        f"<div class='article-header_subheadline__x1Y2z'>{DEK}</div>",
        f"<p class='story-strapline'>{DEK}</p>",
        f"<div class='subtitle'><p>{DEK}</p></div>",
    ],
)
def test_dek_element_is_the_standfirst_and_not_body(dek_html: str) -> None:
    article = extract_html(_page(dek_html), input="page.html")
    assert article.standfirst == DEK
    assert DEK not in article.text
    assert article.body[0].text == LEDE


def test_shown_dek_wins_over_a_different_meta_description() -> None:
    article = extract_html(_page(f"<p class='dek'>{DEK}</p>", description="Harwick line news."), input="page.html")
    assert article.standfirst == DEK
    assert DEK not in article.text


def test_lede_equal_to_the_description_stays_in_the_body() -> None:
    article = extract_html(_page("", description=LEDE), input="page.html")
    assert article.body[0].text == LEDE


def test_a_subhead_inside_the_body_is_no_dek() -> None:
    page = _page("").replace(
        f"<p>{PARAGRAPHS[2]}</p>", f"<h2 class='subhead'>What passengers can claim</h2><p>{PARAGRAPHS[2]}</p>"
    )
    article = extract_html(page, input="page.html")
    assert "What passengers can claim" in article.text
    assert article.standfirst != "What passengers can claim"
