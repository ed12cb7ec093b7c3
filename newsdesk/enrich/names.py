"""Names: how a mention's text becomes a comparable name (the rules under ``entities.normalise``).

- :func:`fold` / :func:`entity_key` / :func:`surname`: the comparable form of a name and the
  cross-article key ``TYPE:folded name``;
- :func:`countries`: demonyms and aliases from ``data/countries.tsv`` ("Kazakh" -> Kazakhstan,
  "U.S." -> United States), and :func:`adjective_of` for an adjectival form of a place of the article
  ("Osselian" -> Ossel);
- :func:`clean_name`: titles and honorifics, possessives, a leading "the" and edge punctuation
  stripped, with the word lists that decide what is a title, an organisation word or a street;
- acronym folding helpers (:func:`_initials`, :func:`_clean_expansion`).

No spaCy here: the tagger and :class:`~newsdesk.enrich.entities.Entity` live in ``entities.py``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

# --- keys ------------------------------------------------------------------------------------------

_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-"})
_INITIAL_DOT = re.compile(r"\b(\w)\.")  # "U.S." -> "US", "J.R.R." -> "JRR"
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201b": "'", "`": "'", "\u00b4": "'"})


def fold(name: str) -> str:
    """The comparable form of a name: diacritics stripped, casefolded, dashes and quotes unified,
    dots dropped ("U.S." = "US"), whitespace normalised."""
    text = unicodedata.normalize("NFKD", name.translate(_DASHES).translate(_QUOTES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _INITIAL_DOT.sub(r"\1", text).replace(".", " ").casefold()
    return " ".join(text.split())


def entity_key(type: str, name: str) -> str:
    return f"{type.upper()}:{fold(name)}"


def surname(name: str) -> str:
    """The folded last word of a person's name (what a lone-surname mention matches)."""
    words = fold(name).split()
    return words[-1] if words else ""


# --- countries, demonyms, aliases ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Countries:
    by_demonym: dict[str, str] = field(default_factory=dict)  # folded demonym (and plural) -> country
    by_alias: dict[str, str] = field(default_factory=dict)  # folded name or alias -> country


@cache
def countries() -> _Countries:
    """The table in ``data/countries.tsv``: country, its demonyms, its other names."""
    table = _Countries()
    text = resources.files("newsdesk.enrich").joinpath("data/countries.tsv").read_text("utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = (line.split("\t") + ["", ""])[:3]
        country = cells[0].strip()
        table.by_alias[fold(country)] = country
        for alias in filter(None, (a.strip() for a in cells[2].split(","))):
            table.by_alias[fold(alias)] = country
        for demonym in filter(None, (d.strip() for d in cells[1].split(","))):
            table.by_demonym[fold(demonym)] = country
            if not re.search(r"(s|sh|ch|ese|x|z)$", demonym):
                table.by_demonym.setdefault(fold(demonym + "s"), country)
    return table


# --- titles and organisation words -----------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# words that may precede a name as a title; stripped from the start of a PERSON mention
_TITLE_WORDS = _words(
    """
    mr mrs ms miss mx dr prof professor sir dame lord lady madam
    president vice prime minister premier chancellor deputy foreign interior defence defense finance
    home health justice economy trade culture education energy secretary general secretary-general
    transport transportation environment agriculture labour labor housing tourism infrastructure digital
    science technology immigration security fisheries water climate industry commerce communications
    information sports youth welfare development planning treasury
    king queen prince princess crown emperor empress pope sheikh sheik emir sultan shah ayatollah
    gen general col colonel lt lieutenant capt captain maj major sgt sergeant cpl corporal adm admiral
    brig brigadier marshal commander commodore field
    senator sen rep representative congressman congresswoman governor gov mayor councillor councilor
    judge justice chief attorney ambassador envoy commissioner inspector detective officer constable
    chairman chairwoman chair ceo speaker spokesman spokeswoman spokesperson
    rev reverend father fr bishop archbishop cardinal rabbi imam pastor saint
    opposition incumbent former acting late leader dictator strongman
    """
)
# honorifics that make "TITLE Name" a person even when spaCy labelled the whole an organisation or a place
_HONORIFICS = _words(
    """
    mr mrs ms miss mx dr prof professor sir dame president senator sen rep congressman congresswoman
    governor gov mayor premier chancellor minister ambassador judge pope sheikh emir sultan ayatollah
    rabbi imam rev reverend bishop archbishop
    """
)
# titles strong enough that "TITLE Name" is a person whatever label spaCy gave
_PERSON_TITLES = _words(
    """
    mr mrs ms miss mx dr prof professor sir dame president chancellor senator sen rep congressman
    congresswoman governor gov mayor judge ambassador king queen prince princess pope sheikh emir
    sultan ayatollah gen general col colonel capt captain sgt adm admiral rev reverend bishop
    archbishop cardinal rabbi imam premier minister
    """
)
_ORG_WORDS = _words(
    """
    committee ministry council party bank university agency company corporation corp inc ltd llc plc
    group association union court police army navy service services department office commission
    organisation organization institute foundation news times post fund federation league club
    authority board assembly parliament government school college hospital airlines airways press
    network media society trust centre center forces force guard front movement coalition alliance
    international holdings partners bureau directorate command brigade regiment academy museum
    council church ministries reuters afp
    """
)
_LEADING_THE = re.compile(r"^(?:the)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['\u2019]s?$")
_EDGE_JUNK = re.compile(r"^[\s\"'\u201c\u201d\u2018\u2019(\[,.:;-]+|[\s\"'\u201c\u201d\u2018\u2019)\],.:;-]+$")
_KEEP_THE = frozenset({"the hague"})
_STREET_WORDS = _words(
    """
    street st road rd lane avenue ave boulevard square place quay wharf bridge way drive crescent terrace
    parade row gardens embankment
    """
)
# organisation words that are nobody's surname (unlike Post, Court, Bank or Guard)
_PLAIN_ORG_WORDS = _words(
    """
    committee ministry council party university agency company corporation corp inc ltd llc plc group
    association department commission organisation organization institute foundation federation league
    authority assembly parliament government school college hospital airlines airways network society
    bureau directorate academy museum church coalition alliance movement
    """
)
# what follows a company's own name in its full form ("Quillon Mobile", "Brennick Group", "Norvale
# Airlines"): a short form that is the full name without these words is the same company. Other words
# make another thing ("Apple Music" is not Apple; "Ashfield Council" is not the town).
_COMPANY_TAIL = _words(
    """
    inc ltd plc llc corp corporation company co group holdings partners sa ag gmbh nv bv spa ab asa oyj
    mobile telecom telecoms airlines airways air bank energy motors foods pharma pharmaceuticals
    technologies technology systems industries capital insurance logistics shipping rail railways
    networks labs studios entertainment brands retail resources mining steel chemicals
    """
)
_LAND_WORDS = _words("hill hills island islands valley lake mount mountain mountains bay heights forest coast")
_SCORE = re.compile(r"^\d+[-\u2013:]\d+$")
_CAPITALISED = re.compile(r"(?<![\w-])[A-Z][a-z]{3,}(?![\w-])")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,9}$")
_PAREN_ACRONYM = re.compile(r"\s*\(\s*([A-Z][A-Za-z0-9&.-]{1,11})\s*\)")
_ACRONYM_SKIP = frozenset({"of", "the", "and", "for", "de", "du", "des", "la", "le", "in", "on", "at", "&"})


def clean_name(text: str, label: str = "PERSON") -> tuple[str, bool]:
    """A mention's text without edge punctuation, possessive, leading "the" and leading titles.
    Returns (name, titled): titled is True when a personal title was stripped. Titles are stripped
    from a PERSON; from another label only when one is an honorific and a person's name follows
    ("President Tokayev" tagged ORG), so "General Motors" and "Prince Edward Island" stay whole."""
    name = " ".join(text.translate(_QUOTES).split())
    titled = False
    for _ in range(3):
        before = name
        name = _EDGE_JUNK.sub("", name)
        name = _POSSESSIVE.sub("", name) if name.endswith(("'s", "'")) else name
        if not fold(name) in _KEEP_THE:
            name = _LEADING_THE.sub("", name)
        if name == before:
            break
    words = name.split()
    lead = 0  # leading title words, each followed by a capitalised word ("Minister of Finance" has none)
    while lead < len(words) - 1 and _title_word(words[lead]) and words[lead + 1][:1].isupper():
        lead += 1
    if lead:
        rest = " ".join(words[lead:])
        if label == "PERSON":
            titled = any(_title_word(w, strong=True) for w in words[:lead])
            words = words[lead:]
        elif any(w.rstrip(".").casefold() in _HONORIFICS for w in words[:lead]) and _looks_like_person_name(rest):
            titled = len(words) - lead <= 3
            words = words[lead:] if titled else words
    while len(words) > 1 and _SCORE.match(words[-1]):  # "Tesmar 2-1"
        words.pop()
    return " ".join(words), titled


def _title_word(word: str, *, strong: bool = False) -> bool:
    w = word.rstrip(".").casefold()
    return w in (_PERSON_TITLES if strong else _TITLE_WORDS)


def _looks_like_person_name(name: str) -> bool:
    words = name.split()
    if not 1 <= len(words) <= 4:
        return False
    for word in words:
        if fold(word) in _ORG_WORDS or not (word[:1].isupper() or word.casefold() in {"de", "van", "von", "bin", "al"}):
            return False
    return not _ACRONYM.match(name)


# --- adjectival forms of places and acronyms -------------------------------------------------------

_ADJECTIVE_ENDINGS = ("ian", "ean", "an", "ese", "ish", "ic", "i", "n")


def adjective_of(word: str, place: str) -> bool:
    """True when ``word`` (folded) is an adjectival form of ``place`` (folded): "tesmari"/"tesmar",
    "estravian"/"estravia", "osselian"/"ossel", "quillonese"/"quillon"."""
    if " " in place or len(place) < 4 or len(word) <= len(place) - 1 or word == place:
        return False
    for ending in _ADJECTIVE_ENDINGS:
        stem = word[: -len(ending)] if word.endswith(ending) else ""
        if stem and (stem == place + place[-1] or (place.startswith(stem) and len(place) - len(stem) <= 1)):
            return True
    return False


def _place_for_adjective(adjective: str, places: dict[str, str]) -> str | None:
    best = None
    for place in places:
        if " " in place or place == adjective:
            continue
        common = len(_common_prefix(place, adjective))
        close = common >= 4 and common >= min(len(place), len(adjective)) - 2
        if close and (best is None or common > len(_common_prefix(best, adjective))):
            best = place
    return best


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def company_short_form(short: str, full: str) -> bool:
    """Whether ``short`` is ``full`` without its company words ("Quillon" of "Quillon Mobile")."""
    sw, fw = fold(short).split(), fold(full).split()
    return 0 < len(sw) < len(fw) and fw[: len(sw)] == sw and all(w in _COMPANY_TAIL for w in fw[len(sw) :])


def _initials(name: str) -> str:
    words = [w for w in re.split(r"[\s-]+", name) if w and w.casefold() not in _ACRONYM_SKIP]
    return "".join(w[0] for w in words).upper() if len(words) > 1 else ""


def _clean_expansion(text: str) -> str:
    return clean_name(text)[0]
