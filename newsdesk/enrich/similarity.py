"""How alike two articles are: newsdesk's default similarity, and the semantic blend.

A :class:`Profile` is computed from one article alone (no corpus statistics, no re-fitting when the
corpus grows), so it can be made at ingest time and stored. It holds:

- ``terms``: a sparse, L2-normalised weight vector over
  - word terms: lower-cased, NFKC-folded words with the language's stop words removed (the
    frequency-derived stop lists jusText ships for ~100 languages, plus English's for quotes and
    names), cut to their first :data:`PREFIX` characters (truncation stemming: language-agnostic,
    and as good as a real stemmer for most European languages in IR studies), weighted by
    sublinear term frequency; a headline's words count :data:`HEADLINE_BOOST` times;
    CJK text (no spaces) is read as overlapping character bigrams;
  - name terms (prefix ``~``): character trigrams of capitalised words and digit strings. Names and
    numbers often survive translation ("Merkel", "Warszawa"/"Warsaw", "2020"), so these carry a
    signal across languages where words do not;
- ``entities``: entity keys (from :mod:`newsdesk.enrich.entities`) when a tagger ran;
- ``vector``: a sentence embedding in semantic mode (see :mod:`newsdesk.enrich.semantic`).

:func:`similarity` is the cosine of the term vectors (in [0, 1]: weights are non-negative), blended
with entity overlap when both profiles have entities and with the embedding cosine when both have
vectors. :func:`explain` says which terms and entities two articles share.
"""

from __future__ import annotations

import base64
import functools
import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from newsdesk.enrich.semantic import Embedder

__all__ = ["PROFILE_VERSION", "Profile", "embedding_text", "explain", "make_profile", "make_profiles", "similarity"]

PROFILE_VERSION = 1
MAX_WORD_TERMS = 80  # word terms kept per profile (the heaviest)
MAX_NAME_TERMS = 40  # name char-grams kept per profile
MAX_LABELS = 24  # readable forms kept for the heaviest word terms (for explanations)
PREFIX = 5  # truncation stemming: words are cut to this many characters
HEADLINE_BOOST = 2  # a headline's words count this many times
NAME_WEIGHT = 0.5  # the name channel's share of the vector's squared norm
ENTITY_WEIGHT = 0.2  # share of entity overlap (Jaccard) in the score when both sides have entities
SEMANTIC_WEIGHT = 0.5  # share of the embedding cosine when both sides are English and have vectors
SEMANTIC_WEIGHT_OTHER = 0.2  # ... when either is not English (all-MiniLM-L6-v2 is an English model)

_WORD = re.compile(r"\w+", re.UNICODE)
# Han, Hiragana, Katakana (Hangul has spaces between words: read as words)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# function characters: a bigram with one of the first group, or made only of the second, is noise
_CJK_PARTICLES = frozenset("的了着吗呢吧是在也就都而及与或这那之其于我你他她它们")
_CJK_STOP = frozenset("的了着吗呢吧是在和有也就都而及与或一个这那之其为以于中上下不我你他她它们")
_NAME = re.compile(r"\b[^\W\d_][^\W_]*|\d[\d.,]*\d|\d", re.UNICODE)

_LANGUAGES = {
    "af": "Afrikaans", "ar": "Arabic", "bg": "Bulgarian", "bn": "Bengali", "ca": "Catalan", "cs": "Czech",
    "cy": "Welsh", "da": "Danish", "de": "German", "el": "Greek", "en": "English", "eo": "Esperanto",
    "es": "Spanish", "et": "Estonian", "eu": "Basque", "fa": "Persian", "fi": "Finnish", "fr": "French",
    "ga": "Irish", "gl": "Galician", "he": "Hebrew", "hi": "Hindi", "hr": "Croatian", "hu": "Hungarian",
    "hy": "Armenian", "id": "Indonesian", "is": "Icelandic", "it": "Italian", "ka": "Georgian", "kk": "Kazakh",
    "ko": "Korean", "la": "Latin", "lt": "Lithuanian", "lv": "Latvian", "mk": "Macedonian", "ms": "Malay",
    "nb": "Norwegian_Bokmal", "nl": "Dutch", "nn": "Norwegian_Nynorsk", "no": "Norwegian_Bokmal",
    "pl": "Polish", "pt": "Portuguese", "ro": "Romanian", "ru": "Russian", "sk": "Slovak", "sl": "Slovenian",
    "sq": "Albanian", "sr": "Serbian", "sv": "Swedish", "sw": "Swahili", "ta": "Tamil", "te": "Telugu",
    "tl": "Tagalog", "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu", "uz": "Uzbek", "vi": "Vietnamese",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Profile:
    """What similarity needs to know about one article; compact enough to store per article."""

    terms: dict[str, float]
    entities: frozenset[str] = frozenset()
    vector: np.ndarray | None = None
    language: str | None = None
    labels: dict[str, str] = field(default_factory=dict)  # term -> its most frequent surface form (heaviest only)

    def label(self, term: str) -> str:
        """A readable form of ``term`` ("elections" for the stem "electi")."""
        return self.labels.get(term, term)

    def index_terms(self, n: int = 12) -> list[str]:
        """The ``n`` heaviest word terms (then name terms if words run short), for inverted-index look-up."""
        words = sorted((t for t in self.terms if not t.startswith("~")), key=lambda t: (-self.terms[t], t))
        if len(words) < n:
            names = sorted((t for t in self.terms if t.startswith("~")), key=lambda t: (-self.terms[t], t))
            words += names[: n - len(words)]
        return words[:n]

    def to_json(self) -> str:
        d: dict[str, Any] = {
            "v": PROFILE_VERSION,
            "terms": self.terms,
            "entities": sorted(self.entities),
        }
        if self.language:
            d["language"] = self.language
        if self.labels:
            d["labels"] = self.labels
        if self.vector is not None:
            d["vector"] = base64.b64encode(np.asarray(self.vector, dtype="<f4").tobytes()).decode("ascii")
        return json.dumps(d, ensure_ascii=False, separators=(",", ":"), sort_keys=True)

    @classmethod
    def from_json(cls, s: str) -> Profile:
        d = json.loads(s)
        vec = d.get("vector")
        vector = np.frombuffer(base64.b64decode(vec), dtype="<f4").astype(np.float32) if vec else None
        return cls(
            terms={str(t): float(w) for t, w in d.get("terms", {}).items()},
            entities=frozenset(d.get("entities", ())),
            vector=vector,
            language=d.get("language"),
            labels={str(t): str(v) for t, v in d.get("labels", {}).items()},
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Profile):
            return NotImplemented
        if self.terms != other.terms or self.entities != other.entities or self.language != other.language:
            return False
        if self.labels != other.labels:
            return False
        if self.vector is None or other.vector is None:
            return self.vector is None and other.vector is None
        return bool(np.array_equal(self.vector, other.vector))

    __hash__ = None  # type: ignore[assignment]


@functools.lru_cache(maxsize=64)
def _stopwords(language: str | None) -> frozenset[str]:
    import justext

    words: set[str] = set(justext.get_stoplist("English"))
    name = _LANGUAGES.get((language or "").split("-")[0].lower())
    if name and name != "English":
        try:
            words |= justext.get_stoplist(name)
        except ValueError:
            pass
    return frozenset(unicodedata.normalize("NFKC", w).casefold() for w in words)


def _words(text: str, stop: frozenset[str], surface: dict[str, Counter[str]] | None = None) -> list[str]:
    out: list[str] = []
    for tok in _WORD.findall(text):
        if _CJK.search(tok):
            for run in _CJK.findall(tok):
                for i in range(len(run) - 1):
                    x, y = run[i], run[i + 1]
                    if not (x in _CJK_PARTICLES or y in _CJK_PARTICLES or (x in _CJK_STOP and y in _CJK_STOP)):
                        out.append(x + y)
                if len(run) == 1 and run not in _CJK_STOP:
                    out.append(run)
            continue
        w = tok.casefold()
        if w in stop or w.isdigit() or len(w) < 2:
            continue
        out.append(w[:PREFIX])
        if surface is not None:
            surface.setdefault(w[:PREFIX], Counter())[tok] += 1
    return out


def _names(text: str) -> list[str]:
    """Character trigrams of capitalised words and numbers: the part of a text that survives translation."""
    grams: list[str] = []
    for tok in _NAME.findall(text):
        if tok[0].isdigit():
            t = re.sub(r"[.,]", "", tok)
            if len(t) < 2:
                continue
        elif tok[0].isupper() and len(tok) >= 3:
            t = tok.casefold()
        else:
            continue
        t = f"^{t}$"
        grams.extend("~" + t[i : i + 3] for i in range(len(t) - 2))
    return grams


def _weights(counts: Counter[str], limit: int) -> dict[str, float]:
    w = {t: 1.0 + math.log(c) for t, c in counts.items()}
    if len(w) > limit:
        w = dict(sorted(w.items(), key=lambda kv: (-kv[1], kv[0]))[:limit])
    norm = math.sqrt(sum(v * v for v in w.values()))
    return {t: v / norm for t, v in w.items()} if norm else {}


def make_profile(
    text: str,
    *,
    headline: str | None = None,
    language: str | None = None,
    entities: Sequence[str] = (),
    embedder: Embedder | None = None,
    vector: np.ndarray | None = None,
) -> Profile:
    """The profile of one article from its own text (and headline); deterministic.

    ``language`` (ISO 639-1, as ``Article.language``; detected when None) picks the stop list;
    ``entities`` are entity keys; with an ``embedder`` the profile carries the embedding of
    :func:`embedding_text` (or pass ``vector``, already computed: see :func:`make_profiles`).
    """
    text = unicodedata.normalize("NFKC", text or "")
    headline = unicodedata.normalize("NFKC", headline or "")
    if not language:
        from newsdesk.extraction.assemble import detect_language

        language = detect_language(f"{headline}\n{text}")
    stop = _stopwords(language)
    surface: dict[str, Counter[str]] = {}
    words = Counter(_words(text, stop, surface))
    names = Counter(_names(text))
    if headline:
        for _ in range(HEADLINE_BOOST):
            words.update(_words(headline, stop, surface))
            names.update(_names(headline))
    wv = _weights(words, MAX_WORD_TERMS)
    top = sorted(wv, key=lambda t: (-wv[t], t))[:MAX_LABELS]
    labels = {t: surface[t].most_common(1)[0][0] for t in top if t in surface}
    nv = _weights(names, MAX_NAME_TERMS)
    if wv and nv:
        a, b = math.sqrt(1.0 - NAME_WEIGHT), math.sqrt(NAME_WEIGHT)
        terms = {t: v * a for t, v in wv.items()} | {t: v * b for t, v in nv.items()}
    else:
        terms = wv or nv
    terms = {t: round(v, 5) for t, v in terms.items()}  # compact JSON; the cosine does not notice
    if vector is None and embedder is not None and (text.strip() or headline.strip()):
        vector = embedder.encode([embedding_text(text, headline)])[0]
    if vector is not None:
        vector = np.asarray(vector, dtype=np.float32)
        if not np.any(vector):
            vector = None
    lang = (language or "").split("-")[0].lower() or None
    return Profile(terms=terms, entities=frozenset(entities), vector=vector, language=lang, labels=labels)


def embedding_text(text: str, headline: str | None = None) -> str:
    """What the embedder reads for an article: the headline, then the text (the model keeps 256 word pieces)."""
    return f"{headline}\n{text}" if headline else (text or "")


def make_profiles(items: Sequence[dict[str, Any]], *, embedder: Embedder | None = None) -> list[Profile]:
    """Profiles of many articles (each item: :func:`make_profile`'s keyword arguments, ``text`` included),
    with their embeddings computed in one batch (much faster than one by one)."""
    vectors: list[np.ndarray | None] = [None] * len(items)
    if embedder is not None and items:
        texts = [embedding_text(it.get("text") or "", it.get("headline")) for it in items]
        vectors = list(embedder.encode(texts))
    return [make_profile(**{**it, "embedder": None, "vector": v}) for it, v in zip(items, vectors, strict=True)]


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b[t] for t, v in a.items() if t in b)


def _lexical(a: Profile, b: Profile) -> float:
    score = min(1.0, max(0.0, _cosine(a.terms, b.terms)))
    if a.entities and b.entities:
        jac = len(a.entities & b.entities) / len(a.entities | b.entities)
        score = (1.0 - ENTITY_WEIGHT) * score + ENTITY_WEIGHT * jac
    return score


def _semantic(a: Profile, b: Profile) -> float | None:
    if a.vector is None or b.vector is None or a.vector.shape != b.vector.shape:
        return None
    return float(min(1.0, max(0.0, float(np.dot(a.vector, b.vector)))))


def similarity(a: Profile, b: Profile) -> float:
    """How alike two profiles are, in [0, 1]; blends in the embedding cosine when both have vectors."""
    score = _lexical(a, b)
    sem = _semantic(a, b)
    if sem is not None:
        w = SEMANTIC_WEIGHT if (a.language in (None, "en") and b.language in (None, "en")) else SEMANTIC_WEIGHT_OTHER
        score = (1.0 - w) * score + w * sem
    return float(min(1.0, max(0.0, score)))


def explain(a: Profile, b: Profile, *, limit: int = 8) -> dict:
    """Why two profiles are alike: the score, the shared word terms (heaviest first), shared entities."""
    shared = sorted(
        (t for t in a.terms.keys() & b.terms.keys() if not t.startswith("~")),
        key=lambda t: (-(a.terms[t] * b.terms[t]), t),
    )
    return {
        "score": round(similarity(a, b), 4),
        "shared_terms": [a.labels.get(t) or b.labels.get(t) or t for t in shared[:limit]],
        "shared_entities": sorted(a.entities & b.entities),
        "semantic": None if (s := _semantic(a, b)) is None else round(s, 4),
    }
