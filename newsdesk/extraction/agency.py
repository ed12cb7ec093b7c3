"""The wire service an article's copy came from.

Pages name it in a few stock forms: a source line ("SOURCE: AFP", "Source: TRT World and
agencies", "With agency inputs/Reuters"), a dateline ("WASHINGTON (AP) —", "(Reuters) -"),
a sign-off ("— AP", "(AFP)") or a credit ("Reporting by ...; Reuters"). :func:`find_agency`
looks for them in text; :func:`agency_from_line` and :func:`strip_agency_line` work on one
line or paragraph, for the HTML extractor as well as the text-dump one.
"""

from __future__ import annotations

import re

# canonical name -> the spellings pages use (matched case-sensitively as whole words unless noted)
AGENCIES: dict[str, tuple[str, ...]] = {
    "AFP": ("AFP", "Agence France-Presse", "Agence France Presse", "Agence France‑Presse"),
    "Reuters": ("Reuters", "REUTERS", "Thomson Reuters"),
    "AP": ("AP", "Associated Press", "The Associated Press", "ASSOCIATED PRESS"),
    "AA": ("AA", "Anadolu", "Anadolu Agency", "Anadolu Ajansı", "Anadolu Ajansi"),
    "DPA": ("DPA", "dpa", "Deutsche Presse-Agentur"),
    "EFE": ("EFE", "Agencia EFE"),
    "ANSA": ("ANSA",),
    "Xinhua": ("Xinhua", "XINHUA"),
    "PA": ("PA", "PA Media", "Press Association", "PA Wire"),
    "UPI": ("UPI", "United Press International"),
    "Bloomberg": ("Bloomberg", "Bloomberg News"),
    "AAP": ("AAP", "Australian Associated Press"),
    "PTI": ("PTI", "Press Trust of India"),
    "IANS": ("IANS",),
    "ANI": ("ANI",),
    "Kyodo": ("Kyodo", "Kyodo News"),
    "Yonhap": ("Yonhap",),
    "TASS": ("TASS", "Tass"),
    "RIA Novosti": ("RIA Novosti", "RIA"),
    "Interfax": ("Interfax",),
    "CP": ("The Canadian Press", "Canadian Press"),
    "APA": ("APA",),
    "KNA": ("KNA",),
    "Belga": ("Belga",),
    "ANP": ("ANP",),
    "Europa Press": ("Europa Press",),
    "WAM": ("WAM",),
    "SPA": ("SPA",),
    "IRNA": ("IRNA",),
    "Bernama": ("Bernama",),
    "Antara": ("Antara",),
    "CNA": ("CNA",),
    "dpa-AFX": ("dpa-AFX",),
}
# short all-caps names that are also ordinary abbreviations: trusted only in an explicit source line
# or a dateline, never as a bare sign-off
_AMBIGUOUS = frozenset({"AA", "PA", "ANI", "CP", "APA", "SPA", "CNA", "WAM", "RIA", "ANP", "KNA"})
_SPELLINGS = sorted(((s, name) for name, spellings in AGENCIES.items() for s in spellings), key=lambda x: -len(x[0]))
_ALT = "|".join(re.escape(s) for s, _ in _SPELLINGS)
_BY_SPELLING = {s: name for s, name in _SPELLINGS}
_BY_LOWER = {s.lower(): name for s, name in _SPELLINGS}

_SOURCE_LINE = re.compile(
    r"^\s*(?:source|sources|quelle|fuente|fonte|kaynak)s?\s*[:：]\s*(?P<rest>.{1,120}?)\s*$", re.IGNORECASE
)
_AGENCY_INPUTS = re.compile(
    r"^\s*\(?\s*(?:with|from)\s+(?:agency|agencies|wire|news agency)(?:\s+(?:inputs?|reports?|reporting))?"
    r"\s*(?:[/:,(]|\bfrom\b)?\s*(?P<rest>.{0,80}?)\)?\s*$",
    re.IGNORECASE,
)
# the place before "(Reuters) -": capitalised, short, no sentence in it; a dot only in an abbreviation
# ("CARROW JUNCTION, Ont.", "ST. JOHN'S, N.L.", "WASHINGTON, D.C.")
_PLACE = r"(?=[A-ZÀ-Ý])(?:[^()\n.!?]|\b[A-Z][A-Za-z]{0,3}\.(?=[\s,])|\b[A-Z]\.){1,60}?"
_DATELINE = re.compile(rf"^\s*(?:{_PLACE}\s*)?\((?P<agency>{_ALT})\)\s*[-–—:]")
_SIGN_OFF = re.compile(rf"^\s*(?:[-–—]+\s*|\(\s*)(?P<agency>{_ALT})\s*\)?\s*\.?\s*$")
_TRAILING = re.compile(rf"(?:\s[-–—]\s?|\s\()(?P<agency>{_ALT})\)?\s*\.?\s*$")
_CREDIT = re.compile(
    rf"^\s*(?:\(?\s*(?:reporting|additional reporting|writing|editing|compiled|produced)\s+by\b.{{0,200}}?[;,.]\s*)"
    rf"(?:\(\s*)?(?P<agency>{_ALT})\)?\s*\.?\s*$",
    re.IGNORECASE,
)


def canonical_agency(name: str) -> str | None:
    """ "Agence France-Presse" -> "AFP"; None for a name that is no wire service."""
    name = " ".join(name.split()).strip(" .,;:()[]")
    return _BY_SPELLING.get(name) or _BY_LOWER.get(name.lower())


def _agencies_in(rest: str) -> list[str]:
    """Wire services named in the free text of a source line ("TRT World and agencies", "AP, Reuters")."""
    found: list[str] = []
    for part in re.split(r"\s*(?:,|/|;|&|\+|\band\b|\bwith\b|\bvia\b)\s*", rest):
        name = canonical_agency(part)
        if name and name not in found:
            found.append(name)
    return found


def agency_from_line(line: str) -> str | None:
    """The wire service a single line or paragraph credits: a source line, a dateline, a sign-off."""
    text = " ".join(line.replace("\u00a0", " ").split())
    if not text or len(text) > 2000:
        return None
    m = _SOURCE_LINE.match(text)
    if m:
        names = _agencies_in(m.group("rest"))
        return names[0] if names else None
    m = _AGENCY_INPUTS.match(text)
    if m and len(text) < 120:
        names = _agencies_in(m.group("rest"))
        return names[0] if names else None
    m = _DATELINE.match(text)
    if m:
        return _BY_SPELLING[m.group("agency")]
    if len(text) < 60:
        m = _SIGN_OFF.match(text)
        if m and m.group("agency") not in _AMBIGUOUS:
            return _BY_SPELLING[m.group("agency")]
    m = _CREDIT.match(text)
    if m and len(text) < 250:
        return _BY_SPELLING[m.group("agency")]
    return None


def is_agency_line(line: str) -> bool:
    """Whether the whole line only credits a wire service ("SOURCE: AFP", "— AP"), so it is not body text."""
    text = " ".join(line.replace("\u00a0", " ").split())
    if _SOURCE_LINE.match(text) or (
        _AGENCY_INPUTS.match(text) and len(text) < 120 and _agencies_in(_AGENCY_INPUTS.match(text).group("rest"))
    ):  # type: ignore[union-attr]
        return True
    m = _SIGN_OFF.match(text)
    return bool(m and len(text) < 60 and m.group("agency") not in _AMBIGUOUS)


def strip_agency_line(line: str) -> str | None:
    """``line`` without its agency credit: None when the line is only a credit ("SOURCE: AFP"),
    the dateline's agency removed ("PARIS (AFP) - Text" -> "PARIS - Text"), else the line as it is."""
    if is_agency_line(line):
        return None
    m = _DATELINE.match(line)
    if m:
        before, after = line[: m.start("agency") - 1].strip(), line[m.end("agency") + 1 :].strip()
        return f"{before} {after}".strip() if before else after.lstrip("-–—: ").strip()
    return line


def find_agency(text: str) -> str | None:
    """The wire service ``text`` (an article's lines, or its body) credits, or None.

    Source lines win over datelines, datelines over sign-offs; the last source line of the page
    counts (it is the one under the article)."""
    best: tuple[int, str] | None = None
    for line in text.splitlines():
        name = agency_from_line(line)
        if not name:
            continue
        stripped = line.strip()
        rank = (
            3
            if _SOURCE_LINE.match(stripped) or _AGENCY_INPUTS.match(stripped)
            else 2
            if _DATELINE.match(stripped)
            else 1
        )
        if best is None or rank >= best[0]:
            best = (rank, name)
    return best[1] if best else None
