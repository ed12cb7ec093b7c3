from __future__ import annotations

import pytest

from newsdesk.extraction.byline import clean_authors, parse_byline


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("By Alican Tekingunduz", ["Alican Tekingunduz"]),
        ("By JANE DOE and John Smith, Staff Writers", ["Jane Doe", "John Smith"]),
        ("Maria Lopez, Associated Press", ["Maria Lopez"]),
        ("By Tom Reed | Senior Correspondent", ["Tom Reed"]),
        ("By Ada Byrne @adabyrne ada.byrne@example.org", ["Ada Byrne"]),
        ("By Ines Kahl\nUpdated 3:45 PM EST, Nov 17, 2022", ["Ines Kahl"]),
        ("Written by Omar Haddad, Published November 17, 2022", ["Omar Haddad"]),
        ("Von Hanna Berger und Lukas Meier", ["Hanna Berger", "Lukas Meier"]),
        ("By Sam Okafor in Lagos", ["Sam Okafor"]),
        ("View all posts by Lena Park", ["Lena Park"]),
        ("By Lee Chan, Wen Li & Priya Nair", ["Lee Chan", "Wen Li", "Priya Nair"]),
    ],
)
def test_parse_byline_keeps_only_names(byline: str, names: list[str]) -> None:
    assert parse_byline(byline) == names


@pytest.mark.parametrize(
    "byline",
    [
        "",
        "Staff",
        "By The Associated Press",
        "Reuters",
        "Updated 2 hours ago",
        "Share | AA | Text Size | Small | Medium | Large | Follow us",  # a byline box's buttons
        "Sponsored",
    ],
)
def test_parse_byline_finds_no_person_in_generic_bylines(byline: str) -> None:
    assert parse_byline(byline) == []


def test_parse_byline_drops_publisher_names_next_to_the_author() -> None:
    assert parse_byline("Kim Lowe | The Riverside Gazette") == ["Kim Lowe"]
    assert parse_byline("Dan Ortiz USA TODAY NETWORK | Dan Ortiz") == ["Dan Ortiz"]


def test_parse_byline_restores_case_of_all_caps_names() -> None:
    assert parse_byline("BY MARY O'NEILL-SMITH") == ["Mary O'Neill-Smith"]


def test_clean_authors_dedupes_and_drops_urls_staff_and_publisher() -> None:
    names = ["https://example.org/author/jane", "Jane Doe", "jane doe", "Daily Planet", "Staff", "By Ravi Shah"]
    assert clean_authors(names, publisher="The Daily Planet") == ["Jane Doe", "Ravi Shah"]


def test_clean_authors_splits_joined_names() -> None:
    assert clean_authors(["Carla Gomez, Jordan B. Lake"]) == ["Carla Gomez", "Jordan B. Lake"]
