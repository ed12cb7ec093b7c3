"""Bylines -> author names.

``parse_byline("By JANE DOE and John Smith, Staff Writers")`` gives ``["Jane Doe", "John Smith"]``:
the "By", the conjunctions, roles, dates, e-mail addresses, handles and separators are dropped, and
ALL-CAPS names are put in ordinary case. :func:`clean_authors` tidies a list of names gathered from
anywhere (JSON-LD, meta tags, byline markup): duplicates, URLs, "Staff" and publisher names go.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

MAX_NAME_WORDS = 6
MAX_NAME_CHARS = 60

# Words that make a byline fragment a role, a desk or a publisher rather than a person.
ROLE_WORDS = frozenset(
    [
        "reporter",
        "reporters",
        "correspondent",
        "correspondents",
        "writer",
        "writers",
        "editor",
        "editors",
        "contributor",
        "contributors",
        "columnist",
        "columnists",
        "journalist",
        "journalists",
        "staff",
        "staffer",
        "analyst",
        "analysts",
        "producer",
        "producers",
        "photographer",
        "photographers",
        "photojournalist",
        "author",
        "authors",
        "editorial",
        "desk",
        "team",
        "newsroom",
        "bureau",
        "chief",
        "senior",
        "deputy",
        "associate",
        "contributing",
        "special",
        "managing",
        "executive",
        "political",
        "business",
        "sports",
        "science",
        "health",
        "technology",
        "tech",
        "economics",
        "economy",
        "world",
        "national",
        "international",
        "foreign",
        "local",
        "investigative",
        "data",
        "video",
        "audio",
        "digital",
        "news",
        "press",
        "agency",
        "agencies",
        "wire",
        "wires",
        "service",
        "services",
        "online",
        "web",
        "correspondents'",
        "guest",
        "freelance",
        "freelancer",
        "intern",
        "fellow",
        "host",
        "anchor",
        "presenter",
        "redaktion",
        "redakteur",
        "redakteurin",
        "autor",
        "autorin",
        "rédaction",
        "rédacteur",
        "journaliste",
        "redacción",
        "redactor",
        "updated",
        "published",
        "posted",
        "modified",
        "last",
    ]
)
# Wire services and generic bylines that are never a person's name.
NON_NAMES = frozenset(
    """
    associated press|the associated press|ap|reuters|thomson reuters|afp|agence france-presse|agence france presse|
    dpa|apa|ansa|efe|anadolu|anadolu agency|aa|pa|pa media|press association|xinhua|bloomberg|upi|
    cnn|bbc|bbc news|staff|staff reporter|staff writer|news desk|newsdesk|web desk|editorial|editorial staff|
    editorial team|editorial board|the editorial board|admin|administrator|guest|unknown|anonymous|
    news service|wire|wires|agencies|agency|news agencies|team|redaktion|rédaction|redacción|correspondent
    """.replace("\n", "").split("|")
)
_NON_NAMES = frozenset(n.strip() for n in NON_NAMES if n.strip())
# the buttons and labels a byline box holds besides the names ("Share", "Text Size: Small Medium Large")
UI_WORDS = frozenset(
    (
        "share", "follow", "follow us", "print", "email", "e-mail", "comment", "comments", "save", "listen",
        "subscribe", "sponsored", "advertisement", "text size", "font size", "size", "small", "medium", "large",
        "larger", "smaller", "menu", "search", "close", "more", "updated", "published",
    )
)  # fmt: skip

_LEAD = re.compile(
    r"^\s*(?:(?:written|words|reported|reporting|text|story|article|posted|compiled|edited|analysis|"
    r"commentary|opinion)\s+)?(?:by|from|von|par|por|di|door|av|af|przez|autor(?:in)?|author(?:s)?|"
    r"byline|words|text|reporter)\b\s*[:\-–—]?\s*",
    re.IGNORECASE,
)
# Words that make a fragment a publication or an organisation ("USA TODAY NETWORK", "The Jersey Journal").
ORG_WORDS = frozenset(
    [
        "network",
        "networks",
        "newspaper",
        "newspapers",
        "times",
        "post",
        "gazette",
        "herald",
        "tribune",
        "journal",
        "telegraph",
        "telegram",
        "courier",
        "chronicle",
        "observer",
        "inquirer",
        "examiner",
        "review",
        "magazine",
        "mag",
        "media",
        "daily",
        "weekly",
        "today",
        "news",
        "newsroom",
        "press",
        "radio",
        "tv",
        "television",
        "channel",
        "broadcasting",
        "company",
        "corp",
        "corporation",
        "inc",
        "ltd",
        "llc",
        "gmbh",
        "group",
        "institute",
        "university",
        "college",
        "foundation",
        "association",
        "council",
        "ministry",
        "department",
        "agency",
        "agence",
        "society",
        "center",
        "centre",
        "studio",
        "studios",
        "blog",
        "online",
        "digital",
        "wire",
        "service",
        "services",
        "office",
    ]
)
_POSTS_BY = re.compile(
    r"^.*?\b(?:posts|articles|stories|more|everything|all)\s+(?:written\s+)?(?:from|by)\s+", re.IGNORECASE
)
_EMAIL = re.compile(r"\S+@\S+\.\w+")
_HANDLE = re.compile(r"(?<!\w)@\w{1,30}")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
# A date or time and whatever follows it ("Updated 3:45 PM EST, Nov 17, 2022").
_DATE_TAIL = re.compile(
    rf"\b(?:updated|published|posted|last\s+updated|modified|on)\b.*$|"
    rf"\b(?:{_MONTHS})\.?\s+\d{{1,2}}\b.*$|\b\d{{1,2}}\s+(?:{_MONTHS})\b.*$|"
    r"\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b.*$|\b\d{1,2}:\d{2}\b.*$|"
    r"\b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b,?\s+\d.*$",
    re.IGNORECASE,
)
_SEPARATORS = re.compile(
    r"\s*(?:\||•|·|\n|\t|/|;|,|&|\+|\s\band\b\s|\s\bund\b\s|\s\bet\b\s|\s\by\b\s|\s\be\b\s|"
    r"\s\bwith\b\s|\s\bmit\b\s)\s*",
    re.IGNORECASE,
)
_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NAME_CHAR = re.compile(r"[^\W\d_]", re.UNICODE)
_BAD_CHARS = re.compile(r"[\d{}<>=#%$€£©®™?!]")
_IN_LOCATION = re.compile(r"\s+(?:in|at|from|reporting from)\s+[A-Z][\w .'-]*$")


def parse_byline(text: str) -> list[str]:
    """The person names in a byline string, in order, without duplicates."""
    if not text:
        return []
    text = unicodedata.normalize("NFKC", text)
    text = _URL.sub(" ", text)
    text = _EMAIL.sub(" ", text)
    text = _HANDLE.sub(" ", text)
    text = _PARENS.sub(" ", text)
    text = text.replace("\u00a0", " ")
    names: list[str] = []
    for line in re.split(r"\s*(?:\||•|·|\n)\s*", text):
        line = " ".join(line.split())
        line = _POSTS_BY.sub("", line)
        line = _LEAD.sub("", line)
        line = _DATE_TAIL.sub("", line)
        for piece in _SEPARATORS.split(" " + line + " "):
            name = _clean_piece(piece)
            if name:
                names.append(name)
    return _dedupe(names)


def clean_authors(names: Iterable[str], *, publisher: str | None = None) -> list[str]:
    """Tidy author names from any source: parse each as a byline (so "By X and Y" splits), drop
    URLs, generic bylines ("Staff", wire services) and the publisher's own name, dedupe."""
    pub = _key(publisher) if publisher else None
    out: list[str] = []
    for raw in names:
        if not raw or not isinstance(raw, str):
            continue
        raw = raw.strip()
        if _URL.match(raw):
            continue
        for name in parse_byline(raw):
            key = _key(name)
            if pub and _squash(key) == _squash(pub):
                continue
            out.append(name)
    return _dedupe(out)


def is_person_name(text: str) -> bool:
    """Whether ``text`` reads like one person's name (not a role, a wire service or a sentence)."""
    return _clean_piece(text) is not None


def _clean_piece(piece: str) -> str | None:
    piece = _LEAD.sub("", " ".join(piece.split()))
    piece = _IN_LOCATION.sub("", piece)
    piece = piece.strip(" .:;,-–—·•*'\"“”‘’()[]")
    if not piece or len(piece) > MAX_NAME_CHARS or not _NAME_CHAR.search(piece):
        return None
    if _BAD_CHARS.search(piece):
        return None
    key = _key(piece)
    if key in _NON_NAMES or key in UI_WORDS:
        return None
    words = piece.split()
    if len(words) > MAX_NAME_WORDS:
        return None
    lowered = [w.strip(".,'’").lower() for w in words]
    if any(w in ROLE_WORDS for w in lowered):
        return None
    if lowered[0] == "the" or any(p in ORG_WORDS for w in lowered for p in w.split("-")):
        return None
    if len(words) == 1 and not piece[0].isupper():
        return None
    if all(w.islower() for w in words if w.isalpha()) and not _has_uncased(piece):
        return None  # "staff", "the team": names are capitalised
    if piece.isupper() and any(len(w) > 2 for w in words):
        piece = _titlecase(piece)
    return piece


def _has_uncased(text: str) -> bool:
    return any(c.isalpha() and c.lower() == c.upper() for c in text)


def _titlecase(name: str) -> str:
    def word(w: str) -> str:
        return "-".join("'".join(p[:1].upper() + p[1:].lower() for p in part.split("'")) for part in w.split("-"))

    return " ".join(word(w) for w in name.split())


def _key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).casefold().replace(".", " ").split())


def _squash(key: str) -> str:
    return re.sub(r"\W+", "", key).removeprefix("the")


def _dedupe(names: list[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for n in names:
        k = _key(n)
        if k not in seen:
            seen.add(k)
            out.append(n)
    return out
