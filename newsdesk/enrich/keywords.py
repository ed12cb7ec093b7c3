"""Key phrases of an article with YAKE (unsupervised, one document at a time, no corpus needed).

YAKE scores a phrase from word statistics of the text itself (position, frequency, case,
spread over sentences); lower is better. :func:`keywords` turns that into a score in (0, 1], higher
is better: ``1 / (1 + 10 * yake_score)`` (a YAKE score of 0.01 -> 0.91, 0.1 -> 0.5, 1 -> 0.09), so
scores compare across articles. A phrase sharing most of its words with a better one is dropped
("Security Committee" after "National Security Committee"). Phrases of up to 3 words, in the article's language when YAKE has
stop words for it (about 35 languages), else YAKE's language-neutral mode.
"""

from __future__ import annotations

import threading
from functools import cache
from importlib import resources
from typing import Any

from newsdesk.models import Article

MAX_NGRAM = 3
MAX_CHARS = 60_000  # YAKE is quadratic-ish on very long texts; the head of an article holds its key phrases
_LANGUAGE_ALIASES = {"cs": "cz", "pt-br": "br", "nb": "no", "nn": "no"}
_lock = threading.Lock()


def keywords(article: Article, *, limit: int = 10) -> list[tuple[str, float]]:
    """Key phrases, best first, each with a score in (0, 1] (higher = more key). YAKE."""
    text = "\n\n".join(p.strip() for p in (article.headline, article.standfirst, article.text) if p and p.strip())
    return keywords_of_text(text[:MAX_CHARS], language=article.language, limit=limit)


def keywords_of_text(text: str, *, language: str | None = None, limit: int = 10) -> list[tuple[str, float]]:
    if not text.strip() or limit <= 0:
        return []
    extractor = _extractor(yake_language(language), limit * 4)
    with _lock:  # one extractor per language, shared by threads
        found = extractor.extract_keywords(text)
    out: list[tuple[str, float]] = []
    kept: list[set[str]] = []
    for phrase, score in found:
        phrase = " ".join(str(phrase).split())
        words = set(phrase.casefold().split())
        if not words or not any(ch.isalpha() for ch in phrase) or any(_overlaps(words, k) for k in kept):
            continue
        kept.append(words)
        out.append((phrase, round(1.0 / (1.0 + 10.0 * max(float(score), 0.0)), 6)))  # numpy float -> float
        if len(out) == limit:
            break
    return out


def _overlaps(a: set[str], b: set[str]) -> bool:
    """Mostly the same words ("Security Committee" vs "National Security Committee"): keep the first."""
    return len(a & b) / min(len(a), len(b)) >= 0.6


def yake_language(language: str | None) -> str:
    """YAKE's code for an article language ("en", "fr-FR" -> "fr"); "noLang" when YAKE has no stop words."""
    if not language:
        return "en"
    code = language.strip().lower().replace("_", "-")
    code = _LANGUAGE_ALIASES.get(code, _LANGUAGE_ALIASES.get(code[:2], code[:2]))
    return code if code in _stopword_languages() else "noLang"


@cache
def _stopword_languages() -> frozenset[str]:
    try:
        folder = resources.files("yake").joinpath("core/StopwordsList")
        names = [p.name for p in folder.iterdir()]
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError):
        return frozenset({"en"})
    return frozenset(n[len("stopwords_") : -len(".txt")] for n in names if n.startswith("stopwords_"))


@cache
def _extractor(language: str, top: int) -> Any:
    import yake

    return yake.KeywordExtractor(lan=language, n=MAX_NGRAM, dedup_lim=0.7, top=top)
