from __future__ import annotations

import pytest

from newsdesk.extraction.agency import agency_from_line, canonical_agency, find_agency, strip_agency_line


@pytest.mark.parametrize(
    ("line", "agency"),
    [
        ("SOURCE: AFP", "AFP"),
        ("SOURCE:AFP", "AFP"),
        ("Source: TRT World, AA", "AA"),
        ("Source: Agence France-Presse", "AFP"),
        ("(Reuters) - Shares in the carmaker fell 4% on Monday.", "Reuters"),
        ("WASHINGTON (AP) — The Senate passed the bill late on Friday.", "AP"),
        ("BERLIN, March 3 (dpa) - Rail workers walked out again.", "DPA"),
        ("HALDEN FALLS, Ont. (Reuters) - A ferry ran aground.", "Reuters"),
        ("ST. AUBIN, N.B. (Reuters) - The mill closed.", "Reuters"),
        ("WASHINGTON, D.C. (AP) — Lawmakers met.", "AP"),
        ("— AP", "AP"),
        ("(AFP)", "AFP"),
        ("With agency inputs/Reuters", "Reuters"),
        ("Reporting by Ana Lima; Editing by Tom Hale; Reuters", "Reuters"),
    ],
)
def test_agency_from_line_recognises_credit_forms(line, agency):
    assert agency_from_line(line) == agency


@pytest.mark.parametrize(
    "line",
    [
        "He worked for the AP in Cairo for a decade before joining the paper.",
        "The PA system failed during the match.",
        "Source: our correspondent in Lagos",
        "- PA",
        "Reuters and Bloomberg both reported the figures last week, citing people familiar with the talks.",
        "He said the talks were over. Then (Reuters) - nothing.",
    ],
)
def test_ordinary_sentences_name_no_agency(line):
    assert agency_from_line(line) is None


def test_source_line_without_a_wire_service_names_none_but_is_stripped():
    assert agency_from_line("Source: TRT World and agencies") is None
    assert strip_agency_line("Source: TRT World and agencies") is None


def test_strip_agency_line_keeps_body_text():
    assert strip_agency_line("SOURCE: AFP") is None
    assert strip_agency_line("PARIS (AFP) - Farmers blocked roads.") == "PARIS - Farmers blocked roads."
    assert strip_agency_line("(Reuters) - Oil rose.") == "Oil rose."
    assert (
        strip_agency_line("HALDEN FALLS, Ont. (Reuters) - A ferry ran aground.")
        == "HALDEN FALLS, Ont. - A ferry ran aground."
    )
    assert strip_agency_line("The minister resigned.") == "The minister resigned."


def test_find_agency_prefers_source_line_over_dateline():
    text = "LONDON (Reuters) - The first paragraph.\nMore text here.\nSource: AFP"
    assert find_agency(text) == "AFP"
    assert find_agency("No credit anywhere in this text.\nNor here.") is None


def test_canonical_agency_names():
    assert canonical_agency("Associated Press") == "AP"
    assert canonical_agency("anadolu agency") == "AA"
    assert canonical_agency("Xinhua") == "Xinhua"
    assert canonical_agency("The Daily Planet") is None
