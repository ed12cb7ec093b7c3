"""split_caption_credit / clean_credit on captions and caption lines we wrote."""

from __future__ import annotations

import lxml.html
import pytest

from newsdesk.extraction.caption import clean_credit, figure_caption, figure_of, split_caption_credit


@pytest.mark.parametrize(
    ("text", "caption", "credit"),
    [
        ("Police at the scene in Dalby. / Reuters Archive", "Police at the scene in Dalby.", "Reuters Archive"),
        ("Fans cheer. (Photo: Lea Morel/AFP)", "Fans cheer.", "Lea Morel/AFP"),
        ("Fans cheer. Photo: Lea Morel", "Fans cheer.", "Lea Morel"),
        ("Fans cheer. Credit: Lea Morel", "Fans cheer.", "Lea Morel"),
        ("Fans cheer. Image: Dalby Council", "Fans cheer.", "Dalby Council"),
        ("The count goes on. Photograph: Anil Roy/Evening Star", "The count goes on.", "Anil Roy/Evening Star"),
        ("The mayor speaks (Jenna Ruiz for The Chronicle)", "The mayor speaks", "Jenna Ruiz for The Chronicle"),
        ("The mayor speaks (Photo by Jo Lee via Getty Images)", "The mayor speaks", "Jo Lee via Getty Images"),
        ("The view from the pier (AP Photo/Evan Tell)", "The view from the pier", "AP Photo/Evan Tell"),
        ("Rescue teams at work © Dalby Mail", "Rescue teams at work", "Dalby Mail"),
        ("Demonstranten auf dem Platz. Foto: dpa", "Demonstranten auf dem Platz.", "dpa"),
        ("Photo: Ken Adler/Getty Images", None, "Ken Adler/Getty Images"),
        (
            "Firefighters on the ridge above Orsa. / Lars Eklund/Reuters",
            "Firefighters on the ridge above Orsa.",
            "Lars Eklund/Reuters",
        ),
        ("Ferry crews on the quay. (Reuters)", "Ferry crews on the quay.", "Reuters"),
        ("Ferry crews on the quay [AP Photo]", "Ferry crews on the quay", "AP Photo"),
        (
            "The rover on the test track. (Courtesy of Marrow Robotics)",
            "The rover on the test track.",
            "Courtesy of Marrow Robotics",
        ),
    ],
)
def test_split_caption_credit(text: str, caption: str | None, credit: str) -> None:
    assert split_caption_credit(text) == (caption, credit)


@pytest.mark.parametrize(
    "text",
    [
        "Fans cheer in the rain.",
        "A satellite image: the damage seen from space",
        "Leaders meet in Paris (from left: Ana Sousa, Tom Ek and Jo Lee)",
        "The council said the plan was and/or would be costly.",
        "Results so far / what we know",
        "The old mill in 1910 (left) and today (right)",
        "The team behind the rover (Marrow Robotics)",
        "Ticket prices rose by a third. / 2024/25 season",
    ],
)
def test_text_without_a_credit_is_left_whole(text: str) -> None:
    assert split_caption_credit(text) == (text, None)


def test_clean_credit_strips_labels_and_brackets() -> None:
    assert clean_credit("Photo: Jenna Ruiz/Sierra Valley Courier") == "Jenna Ruiz/Sierra Valley Courier"
    assert clean_credit("Photograph: Anil Roy") == "Anil Roy"
    assert clean_credit("(Photo: © Dalby Mail)") == "Dalby Mail"
    assert clean_credit("Photos by Tom Ek") == "Tom Ek"
    assert clean_credit("Reuters") == "Reuters"
    assert clean_credit("Photo:") is None
    assert clean_credit(None) is None


def test_figure_caption_reads_a_caption_block_next_to_the_image() -> None:
    root = lxml.html.fromstring(
        "<div><div class='pic'><img src='a.jpg'><div class='pic__caption'><p>Boats in the harbour.</p>"
        "<p class='pic__credit'>Photo: Tom Ek</p></div></div><p>Body text.</p></div>"
    )
    figure = figure_of(root.find(".//img"))
    assert figure is not None and figure.get("class") == "pic"
    assert figure_caption(figure) == ("Boats in the harbour.", "Tom Ek")


def test_image_without_caption_has_no_figure() -> None:
    root = lxml.html.fromstring("<div><p><img src='a.jpg'></p><p><img src='b.jpg'> Body text.</p></div>")
    assert figure_of(root.find(".//img")) is None


def test_hidden_labels_of_screen_readers_are_dropped() -> None:
    assert clean_credit("Image source, Dalby Mail") == "Dalby Mail"
    assert split_caption_credit("Image caption, Crowds gather in the square") == ("Crowds gather in the square", None)


def test_a_byline_next_to_an_image_is_no_credit() -> None:
    root = lxml.html.fromstring(
        "<div><header><img src='logo.png'><span class='author'>By Jo Hart, May 2, 2024</span></header>"
        "<figure><img src='a.jpg'><figcaption>Boats. <span class='author'>Tom Ek</span></figcaption></figure></div>"
    )
    assert figure_of(root.find(".//header/img")) is None
    assert figure_caption(root.find(".//figure")) == ("Boats.", "Tom Ek")
