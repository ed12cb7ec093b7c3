"""Dates as pages write them.

- :func:`parse_date`: a machine-readable value (ISO 8601, RFC 2822, "12/20/2023 20:41:43") -> an aware
  ``datetime``; a value without a zone is taken as UTC so its calendar day is kept.
- :func:`written_dates`: dates written for people in running text ("Published 8:00 PM EST, Tue December 19,
  2023", "21. Dezember 2023", "Dec. 12, 2023", "12/22/2023 05:00 AM"), with the time next to them and the
  label before them ("published" or "updated") when there is one.
- :func:`url_date`: the day a URL spells out (``/2023/12/22/``, ``/20200413/``).

And which of them is the page's date:

- :func:`datelines`: the written dates that stand in a date line of their own ("Stand: 28.04.2020 18:00 Uhr")
  or open a paragraph ("Karlsruhe, (12.11.2021). ..."); a date inside a sentence is not the page's date;
- :func:`published_as_shown`: the metadata's publication date put on the calendar day the page shows (a UTC
  instant re-expressed in the page's zone), or replaced by the date line when the metadata is weak;
- :func:`shown_published`, :func:`shown_updated`: the page's date lines when the metadata says nothing.
"""

from __future__ import annotations

import email.utils
import re
import warnings
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

MIN_YEAR = 1990

MONTHS = {
    # English
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
    # German
    "januar": 1,
    "jänner": 1,
    "februar": 2,
    "märz": 3,
    "mär": 3,
    "mai": 5,
    "juni": 6,
    "juli": 7,
    "oktober": 10,
    "okt": 10,
    "dezember": 12,
    "dez": 12,
    # French
    "janvier": 1,
    "février": 2,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "juin": 6,
    "juillet": 7,
    "août": 8,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "décembre": 12,
    "decembre": 12,
    # Spanish, Italian, Portuguese, Dutch
    "enero": 1,
    "febrero": 2,
    "marzo": 3,
    "abril": 4,
    "mayo": 5,
    "junio": 6,
    "julio": 7,
    "agosto": 8,
    "septiembre": 9,
    "setiembre": 9,
    "octubre": 10,
    "noviembre": 11,
    "diciembre": 12,
    "gennaio": 1,
    "febbraio": 2,
    "aprile": 4,
    "maggio": 5,
    "giugno": 6,
    "luglio": 7,
    "settembre": 9,
    "ottobre": 10,
    "dicembre": 12,
    "janeiro": 1,
    "fevereiro": 2,
    "março": 3,
    "maio": 5,
    "junho": 6,
    "julho": 7,
    "setembro": 9,
    "outubro": 10,
    "dezembro": 12,
    "januari": 1,
    "februari": 2,
    "maart": 3,
    "mei": 5,
    "augustus": 8,
}
_MONTH = "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True))
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_YEAR = r"(?:19|20)\d{2}"
_WRITTEN = re.compile(
    rf"(?<![\w])(?:(?P<m1>{_MONTH})\.?\s+(?P<d1>{_DAY})(?:st|nd|rd|th)?,?\s+(?P<y1>{_YEAR})"
    rf"|(?P<d2>{_DAY})(?:\.|st|nd|rd|th)?\s+(?:de\s+)?(?P<m2>{_MONTH})\.?,?\s+(?:de\s+)?(?P<y2>{_YEAR})"
    rf"|(?P<y3>{_YEAR})-(?P<m3>0?[1-9]|1[0-2])-(?P<d3>{_DAY})"
    rf"|(?P<d4>{_DAY})\.\s?(?P<m4>0?[1-9]|1[0-2])\.\s?(?P<y4>{_YEAR})"
    rf"|(?P<d6>0[1-9]|[12]\d|3[01])\.(?P<m6>0[1-9]|1[0-2])\.(?P<y6>\d{{2}})(?![.\d])"
    rf"|(?P<a5>\d{{1,2}})/(?P<b5>\d{{1,2}})/(?P<y5>{_YEAR}))(?![\d])",
    re.IGNORECASE,
)
_TIME = re.compile(
    r"(?<![\d:])([01]?\d|2[0-3])[:.h]([0-5]\d)(?::[0-5]\d)?\s*(?:([ap])\.?\s?m\.?(?![a-z]))?", re.IGNORECASE
)
# zone abbreviations written after a time ("13:30 CET", "8:00 PM EST"): fixed offsets in hours, or the
# region whose clock they name when the abbreviation does not say summer or winter ("ET", "PT")
ZONE_OFFSETS: dict[str, float] = {
    "UTC": 0,
    "GMT": 0,
    "WET": 0,
    "BST": 1,
    "IST": 5.5,
    "WEST": 1,
    "CET": 1,
    "MEZ": 1,
    "WAT": 1,
    "CEST": 2,
    "MESZ": 2,
    "EET": 2,
    "SAST": 2,
    "CAT": 2,
    "EEST": 3,
    "MSK": 3,
    "EAT": 3,
    "TRT": 3,
    "GST": 4,
    "PKT": 5,
    "ICT": 7,
    "WIB": 7,
    "HKT": 8,
    "SGT": 8,
    "AWST": 8,
    "PHT": 8,
    "JST": 9,
    "KST": 9,
    "ACST": 9.5,
    "ACDT": 10.5,
    "AEST": 10,
    "AEDT": 11,
    "NZST": 12,
    "NZDT": 13,
    "NST": -3.5,
    "NDT": -2.5,
    "ADT": -3,
    "AST": -4,
    "EDT": -4,
    "EST": -5,
    "CDT": -5,
    "CST": -6,
    "MDT": -6,
    "MST": -7,
    "PDT": -7,
    "PST": -8,
    "AKDT": -8,
    "AKST": -9,
    "HST": -10,
}
_DATEUTIL_ZONES = {name: int(hours * 3600) for name, hours in ZONE_OFFSETS.items()}
ZONE_REGIONS = {"ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver", "PT": "America/Los_Angeles"}
_ZONE_NAMES = "|".join(sorted((*ZONE_OFFSETS, *ZONE_REGIONS), key=len, reverse=True))
_ZONE = re.compile(rf"^\s*\(?(?P<zone>{_ZONE_NAMES})\b(?![-'’])")
_ZONE_WORD = re.compile(rf"\(?\b(?:{_ZONE_NAMES})\b\)?")
_PUBLISHED_LABEL = re.compile(
    r"(?:published|posted|publié|publie|publicado|pubblicato|veröffentlicht|erschienen|gepubliceerd|"
    r"first published|erstellt|date)\W{0,3}(?:on|am|le|el|il)?\W{0,3}$",
    re.IGNORECASE,
)
_UPDATED_LABEL = re.compile(
    r"(?:updated?|modified|aktualisiert|geändert|mis à jour|actualizado|aggiornato|bijgewerkt|last updated|"
    r"stand)\W{0,3}(?:on|am|le|el|il)?\W{0,3}$",
    re.IGNORECASE,
)
_URL_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})([/_-]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?!\d)")
_URL_MONTH_DATE = re.compile(
    r"/((?:19|20)\d{2})/(?:(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*|(0?[1-9]|1[0-2]))/"
    r"(0?[1-9]|[12]\d|3[01])(?=/)",
    re.IGNORECASE,
)
_ISO_OFFSET = re.compile(r"([+-]\d{2})(\d{2})$")
MAX_DATELINE_WORDS = 8  # a date line says little else: "Published 8:00 PM EST, Tue" is 5 words
_LETTER_WORDS = re.compile(r"[^\W\d_]{2,}")
_DATELINE_END = re.compile(r"^\s*(?:,?\s*\d{1,2}[:.h]\d{2}\s*(?:[ap]\.?m\.?|uhr|h)?\s*)?[).:|—–-]", re.IGNORECASE)
_YEAR_IN_TEXT = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


Dated = tuple[datetime, str]  # a date and where it came from ("json-ld", "meta", "html")


@dataclass(frozen=True, slots=True)
class WrittenDate:
    """One date written in running text."""

    day: date
    clock: time | None  # the time of day written next to it, when any
    label: str | None  # "published", "updated" or None
    start: int  # where it starts in the text
    end: int = -1  # where it ends
    zone: tzinfo | None = None  # the zone written after the time ("13:30 CET"), when any

    def moment(self) -> datetime:
        """The date and time as written, in the written zone (else UTC): the calendar day is the page's."""
        return datetime.combine(self.day, self.clock or time(), tzinfo=self.zone or UTC)


def parse_date(value: Any) -> datetime | None:
    """A timezone-aware datetime from an ISO 8601, RFC 2822 or common written date; None when unusable.
    A value without a zone is taken as UTC (its calendar day is kept)."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), None)
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    parsed: datetime | None = None
    if re.match(r"^\d{4}-\d{2}-\d{2}", text):
        iso = text.replace(" ", "T", 1) if re.match(r"^\d{4}-\d{2}-\d{2} \d", text) else text
        iso = _ISO_OFFSET.sub(r"\1:\2", iso.replace(" ", ""))
        try:
            parsed = datetime.fromisoformat(iso)
        except ValueError:
            parsed = _dateutil(text)
        if parsed is None:
            try:
                parsed = datetime.combine(date.fromisoformat(text[:10]), time())
            except ValueError:
                return None
    elif re.match(r"^[A-Za-z]{3},? \d", text):
        try:
            parsed = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            parsed = None
    if parsed is None:
        parsed = _dateutil(text)
    if parsed is None or not MIN_YEAR <= parsed.year <= datetime.now(UTC).year + 1:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def _dateutil(text: str) -> datetime | None:
    if len(text) > 60 or not _YEAR_IN_TEXT.search(text):
        return None  # without a year dateutil fills in today's: never a page's date
    from dateutil import parser as du

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            parsed: datetime = du.parse(text, fuzzy=False, tzinfos=_DATEUTIL_ZONES)
        except (ValueError, OverflowError, TypeError):
            return None
    return parsed


# a weekday ending a text ("... Wednesday,"), as a whole word: "Samsung" is no Sunday
_WEEKDAY_END = re.compile(
    r"\b(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|"
    r"sun(?:day)?)\.?,?\s*$",
    re.IGNORECASE,
)


def written_dates(text: str, *, limit: int = 8, dayfirst: bool = False) -> list[WrittenDate]:
    """The dates written in ``text``, in order (at most ``limit``). ``dayfirst`` reads "06/10/2020" as
    6 October (else as June 10, the American way)."""
    out: list[WrittenDate] = []
    for m in _WRITTEN.finditer(text):
        day = _match_day(m, dayfirst)
        if day is None:
            continue
        before = text[max(0, m.start() - 40) : m.start()]
        clock, zone = _clock(text[m.end() : m.end() + 30], after=True)
        if clock is None:
            clock, zone = _clock(before[-25:], after=False)
        zone = zone or _zone_at(text[m.end() : m.end() + 8])  # "March 10, 2026 (CET)"
        label = None
        head = _ZONE_WORD.sub("", _TIME.sub("", before)).rstrip(" ,|·•-–—:\u00a0")
        head = _WEEKDAY_END.sub("", head).rstrip(" ,|·•:")
        if _PUBLISHED_LABEL.search(head + " "):
            label = "published"
        elif _UPDATED_LABEL.search(head + " "):
            label = "updated"
        out.append(
            WrittenDate(
                day=day,
                clock=clock,
                label=label,
                start=m.start(),
                end=m.end(),
                zone=_tzinfo(zone, day) if zone and clock else None,
            )
        )
        if len(out) >= limit:
            break
    return out


_AGO = re.compile(
    r"[\s,|·•–—-]*(?<![\d,.])\b\d{1,3}\s*(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|"
    r"weeks?|mo|months?|y|yrs?|years?)\s+ago\s*$",
    re.IGNORECASE,
)
TITLE_WORDS = 3  # what is left before a trailing timestamp must still read as a headline


def without_trailing_timestamp(title: str) -> str:
    """``title`` without the time stamp a list of stories prints after each headline ("... police say
    1d ago", "... migration deal December 20, 2023 9:38 am CET"). A title that is only a date stays.
    Whether a date ends a headline or stamps it, one title cannot tell ("Election day is Nov. 5,
    2024"): callers strip the stamps of a list only when most of its titles carry one."""
    if m := _AGO.search(title):
        head = title[: m.start()].rstrip(" ,|·•–—-")
        return head if len(head.split()) >= TITLE_WORDS else title
    found = written_dates(title, limit=32)
    if not found:
        return title
    last = found[-1]
    rest = _ZONE_WORD.sub("", _TIME.sub("", title[last.end :]))
    if rest.strip(" ,|·•–—-()"):
        return title  # the date is inside the headline, not after it
    head = _WEEKDAY_END.sub("", title[: last.start])
    head = head.rstrip(" ,|·•–—-:")
    if head.split()[-1:] and head.split()[-1].lower() in _LEADS_TO_DATE:
        return title  # "Markets close higher on Friday, Jan. 5, 2024": the headline's own date
    return head if len(head.split()) >= TITLE_WORDS else title


_LEADS_TO_DATE = frozenset(
    {"on", "in", "at", "by", "for", "until", "till", "since", "from", "before", "after", "of", "to"}
)


def _match_day(m: re.Match[str], dayfirst: bool) -> date | None:
    g = m.groupdict()
    try:
        if g["m1"]:
            return _day(int(g["y1"]), MONTHS[g["m1"].lower()], int(g["d1"]))
        if g["m2"]:
            return _day(int(g["y2"]), MONTHS[g["m2"].lower()], int(g["d2"]))
        if g["y3"]:
            return _day(int(g["y3"]), int(g["m3"]), int(g["d3"]))
        if g["y4"]:
            return _day(int(g["y4"]), int(g["m4"]), int(g["d4"]))
        if g["y6"]:  # "31.10.23"
            return _day(2000 + int(g["y6"]), int(g["m6"]), int(g["d6"]))
        a, b = int(g["a5"]), int(g["b5"])
        return _day(int(g["y5"]), b, a) if a > 12 or (dayfirst and b <= 12) else _day(int(g["y5"]), a, b)
    except (KeyError, ValueError):
        return None


def _day(year: int, month: int, day: int) -> date | None:
    if not MIN_YEAR <= year <= datetime.now(UTC).year + 1:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _clock(text: str, *, after: bool) -> tuple[time | None, str | None]:
    """The time written at the start (``after`` a date) or the end of ``text``, and the zone written after it."""
    matches = list(_TIME.finditer(text))
    if not matches:
        return None, None
    m = matches[0] if after else matches[-1]
    if after and text[: m.start()].strip(" ,|·•-–—@at\u00a0").strip():
        return None, None  # something else stands between the date and this time
    hour, minute = int(m.group(1)), int(m.group(2))
    if m.group(3):
        if hour > 12:
            return None, None
        hour = hour % 12 + (12 if m.group(3).lower() == "p" else 0)
    return time(hour, minute), _zone_at(text[m.end() :])


def _zone_at(text: str) -> str | None:
    """The zone abbreviation ``text`` opens with ("CET", "EDT", "ET"), upper case as written."""
    m = _ZONE.match(text)
    return m.group("zone") if m else None


def _tzinfo(zone: str, day: date) -> tzinfo | None:
    """The zone an abbreviation names; "ET"/"PT" on ``day`` (summer or winter time as that day had it)."""
    if zone in ZONE_OFFSETS:
        return UTC if ZONE_OFFSETS[zone] == 0 else timezone(timedelta(hours=ZONE_OFFSETS[zone]))
    try:
        region = ZoneInfo(ZONE_REGIONS[zone])
    except (KeyError, ZoneInfoNotFoundError):
        return None
    offset = datetime.combine(day, time(12), tzinfo=region).utcoffset()
    return timezone(offset) if offset is not None else None


def url_date(url: str | None) -> date | None:
    """The day spelled out in ``url``'s path, when it has a whole one (``/2023/12/22/``, ``/2023/dec/22/``)."""
    if not url:
        return None
    path = url.split("://", 1)[-1]
    path = path[path.find("/") :] if "/" in path else ""
    m = _URL_DATE.search(path)
    if m:
        return _day(int(m.group(1)), int(m.group(3)), int(m.group(4)))
    m = _URL_MONTH_DATE.search(path)  # /2023/dec/21/, /2017/7/12/
    if m:
        month = MONTHS[m.group(2).lower()] if m.group(2) else int(m.group(3))
        return _day(int(m.group(1)), month, int(m.group(4)))
    return None


# -- which date is the page's: datelines near the headline against the metadata -------------------


def datelines(
    parts: list[str], *, dayfirst: bool, limit: int, max_chars: int, from_end: bool = False
) -> list[WrittenDate]:
    """The dates written in ``parts`` (text nodes in page order) that stand in a line of their own ("Stand: 28.04.2020
    18:00 Uhr") or open one ("Karlsruhe, (12.11.2021). The ..."), within ``max_chars`` of the start (or of the end)."""
    text = " | ".join(parts)
    offset = max(0, len(text) - max_chars) if from_end else 0
    text = text[offset:] if from_end else text[:max_chars]
    ends: list[int] = []
    at = -offset
    for part in parts:
        at += len(part) + 3
        ends.append(at)
    found = []
    for w in written_dates(text, limit=limit, dayfirst=dayfirst):
        i = next((k for k, end in enumerate(ends) if w.start < end), len(parts) - 1)
        start = ends[i] - len(parts[i]) - 3
        line = parts[i][: max(0, w.start - start)] + " " + parts[i][max(0, w.end - start) :]
        lead = parts[i][: max(0, w.start - start)]
        after = parts[i][max(0, w.end - start) :]
        if len(_LETTER_WORDS.findall(line)) <= MAX_DATELINE_WORDS or (
            len(_LETTER_WORDS.findall(lead)) <= 2 and _DATELINE_END.match(after)
        ):
            found.append(w)
    return found


def published_as_shown(published: Dated, updated: Dated | None, shown: list[WrittenDate], in_url: date | None) -> Dated:
    """The published date as the page shows it: on the calendar day the page prints (or its URL spells)
    when the metadata gives the instant in UTC; the update date when the page shows only that."""
    when, source = published
    refs = sorted((w for w in shown if w.label != "updated"), key=lambda w: w.label != "published")
    days = [w.day for w in refs] + ([in_url] if in_url else [])
    if when.date() in days:
        return published
    if when.utcoffset() == timedelta(0):
        for ref in [*refs, *([WrittenDate(in_url, None, None, -1)] if in_url else [])]:
            if abs((ref.day - when.date()).days) == 1:
                local = _reexpress(when, ref)
                if local is not None:
                    return local, source
    if (
        updated is not None
        and updated[0].date() != when.date()
        and any(w.day == updated[0].date() and w.label != "published" for w in shown)
    ):
        return updated
    if source != "json-ld":  # a bare meta tag or a guess loses to the date printed under the headline
        best = shown_published(shown, None) or shown_updated([w for w in shown if w.day < when.date()])
        if best:
            return best
    return published


def shown_published(shown: list[WrittenDate], in_url: date | None) -> Dated | None:
    if in_url:
        return datetime.combine(in_url, time(), tzinfo=UTC), "html"
    labelled = [w for w in shown if w.label == "published"]
    pick = labelled[0] if labelled else next((w for w in shown if w.label is None), None)
    if pick is None:
        return None
    return pick.moment(), "html"


def shown_updated(shown: list[WrittenDate]) -> Dated | None:
    """The update date the page shows ("Updated March 3, 2026 8:14 a.m. EST"), as written (no zone: UTC)."""
    pick = next((w for w in shown if w.label == "updated"), None)
    if pick is None:
        return None
    return pick.moment(), "html"


def _reexpress(when: datetime, ref: WrittenDate) -> datetime | None:
    """``when`` (UTC) in the zone that puts it on ``ref``'s day (and at its time, when written)."""
    if ref.clock is not None:
        delta = datetime.combine(ref.day, ref.clock) - when.replace(tzinfo=None)
        minutes = round(delta.total_seconds() / 900) * 15
        if abs(minutes) <= 14 * 60:
            local = when.astimezone(timezone(timedelta(minutes=minutes)))
            if local.date() == ref.day:
                return local
    if ref.day < when.date():
        hours = -(when.hour + 1)
    else:
        hours = 24 - when.hour
    if abs(hours) > 12:
        return None
    local = when.astimezone(timezone(timedelta(hours=hours)))
    return local if local.date() == ref.day else None
