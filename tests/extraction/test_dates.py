"""dates.py on dates written the ways pages write them (made-up text)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest

from newsdesk.extraction.dates import parse_date, url_date, without_trailing_timestamp, written_dates


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Published 8:00 PM EST, Tue December 19, 2023", date(2023, 12, 19)),
        ("21. Dezember 2023", date(2023, 12, 21)),
        ("Dec. 12, 2023", date(2023, 12, 12)),
        ("le 3 mars 2021 à 10h15", date(2021, 3, 3)),
        ("Stand: 28.04.2020 18:00 Uhr", date(2020, 4, 28)),
        ("Von: Jo Hart | 31.10.23 | Dalby", date(2023, 10, 31)),
        ("martes 17 de marzo de 2020", date(2020, 3, 17)),
    ],
)
def test_written_dates_reads_the_day(text: str, day: date) -> None:
    found = written_dates(text)
    assert [w.day for w in found] == [day]
    assert text[found[0].start : found[0].end].strip()


@pytest.mark.parametrize("text", ["version 1.2.23 is out", "call 12.30.45 now", "in 2023 alone", "rate 31.10.234"])
def test_numbers_that_are_no_dates(text: str) -> None:
    assert written_dates(text) == []


def test_labels_and_times_next_to_the_date() -> None:
    found = written_dates("Published March 2, 2026 10:48 a.m. ET | Updated March 3, 2026 8:14 a.m. ET")
    assert [(w.label, w.clock) for w in found] == [("published", time(10, 48)), ("updated", time(8, 14))]


def test_ambiguous_numeric_date_follows_the_page_convention() -> None:
    assert written_dates("05/12/2020")[0].day == date(2020, 5, 12)
    assert written_dates("05/12/2020", dayfirst=True)[0].day == date(2020, 12, 5)


def test_parse_date_keeps_the_zone_and_reads_a_bare_value_as_utc() -> None:
    when = parse_date("2023-12-20T20:41:43+0100")
    assert when == datetime(2023, 12, 20, 20, 41, 43, tzinfo=timezone(timedelta(hours=1)))
    assert when.utcoffset() == timedelta(hours=1)
    assert parse_date("2023-12-20") == datetime(2023, 12, 20, tzinfo=UTC)
    assert parse_date("next Tuesday") is None
    assert parse_date("1850-01-01") is None


def test_url_date() -> None:
    assert url_date("https://news.example/2023/12/22/story") == date(2023, 12, 22)
    assert url_date("https://news.example/story-20200413.html") == date(2020, 4, 13)
    assert url_date("https://news.example/article/2023/dec/21/story-title/") == date(2023, 12, 21)
    assert url_date("https://news.example/home/2017/7/12/story") == date(2017, 7, 12)
    assert url_date("https://news.example/2023/12/story") is None
    assert url_date(None) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("March 10, 2026, 13:30 CET", datetime(2026, 3, 10, 13, 30, tzinfo=timezone(timedelta(hours=1)))),
        ("Updated: 14 July 2025 09:05 CEST", datetime(2025, 7, 14, 9, 5, tzinfo=timezone(timedelta(hours=2)))),
        (
            "Published 8:00 PM EST, Tue December 19, 2023",
            datetime(2023, 12, 19, 20, 0, tzinfo=timezone(timedelta(hours=-5))),
        ),
        ("June 3, 2025 4:12 p.m. PT", datetime(2025, 6, 3, 16, 12, tzinfo=timezone(timedelta(hours=-7)))),
        ("January 8, 2025 4:12 p.m. PT", datetime(2025, 1, 8, 16, 12, tzinfo=timezone(timedelta(hours=-8)))),
        ("4 May 2026, 23:50 IST", datetime(2026, 5, 4, 23, 50, tzinfo=timezone(timedelta(hours=5, minutes=30)))),
        ("Feb 2, 2026 00:15 AEDT", datetime(2026, 2, 2, 0, 15, tzinfo=timezone(timedelta(hours=11)))),
        ("March 10, 2026, 13:30", datetime(2026, 3, 10, 13, 30, tzinfo=UTC)),
    ],
)
def test_written_zone_is_honoured_on_the_written_day(text: str, expected: datetime) -> None:
    (shown,) = written_dates(text)
    moment = shown.moment()
    assert moment == expected
    assert moment.utcoffset() == expected.utcoffset()  # the page's zone, so its calendar day is kept
    assert moment.date() == expected.date()


def test_lowercase_words_are_no_zone() -> None:
    (shown,) = written_dates("le 10 mars 2026 13:30 et la suite")
    assert shown.moment().utcoffset() == timedelta(0)


def test_published_label_before_a_zoned_time() -> None:
    (shown,) = written_dates("Published 8:00 PM EST, Tue December 19, 2023")
    assert shown.label == "published"


def test_parse_date_reads_zone_abbreviations() -> None:
    assert parse_date("March 10, 2026, 13:30 CET") == datetime(2026, 3, 10, 12, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("title", "headline"),
    [
        (
            "Day of mourning declared after 14 killed in Prague 2d ago",
            "Day of mourning declared after 14 killed in Prague",
        ),
        ("EU strikes ‘historic’ migration deal December 20, 2023 9:38 am CET", "EU strikes ‘historic’ migration deal"),
        ("Ferry crews back the pay offer – video 3 hours ago", "Ferry crews back the pay offer – video"),
        # dates that are the headline's own stay
        ("Markets close higher on Friday, Jan. 5, 2024", "Markets close higher on Friday, Jan. 5, 2024"),
        ("Council sets the March 3, 2024 vote on the pier", "Council sets the March 3, 2024 vote on the pier"),
        ("Apple sued by Samsung Dec 21, 2023", "Apple sued by Samsung"),  # "Samsung" is no "Sun(day)"
        ("Egypt tomb sealed 4,500 years ago", "Egypt tomb sealed 4,500 years ago"),
        ("December 20, 2023", "December 20, 2023"),
        ("Vote 2d ago", "Vote 2d ago"),
    ],
)
def test_a_headline_loses_the_timestamp_a_story_list_prints_after_it(title: str, headline: str) -> None:
    assert without_trailing_timestamp(title) == headline
