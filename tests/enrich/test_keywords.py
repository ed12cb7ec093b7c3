"""Keywords (YAKE): best first, scores in (0, 1] as plain floats, near-repeats dropped, the article's language."""

from __future__ import annotations

import json

from newsdesk.enrich.keywords import keywords, keywords_of_text, yake_language
from newsdesk.models import Article

FLOOD = Article(
    input="t",
    language="en",
    headline="River Ossel floods the lower valley",
    standfirst="The Federal Water Authority opened the spillways as the River Ossel rose.",
    text=(
        "The River Ossel burst its banks at Brindor on Monday. The Federal Water Authority opened the spillways "
        "of the Ossel dam, and the lower valley flooded within hours. Farmers moved cattle to the hills. "
        "The Federal Water Authority said the spillways would stay open until the River Ossel fell."
    ),
)


def test_keywords_are_best_first_with_scores_in_0_1() -> None:
    found = keywords(FLOOD, limit=8)
    assert 3 <= len(found) <= 8
    scores = [score for _, score in found]
    assert all(type(s) is float and 0 < s <= 1 for s in scores)  # numpy floats converted
    assert scores == sorted(scores, reverse=True)
    phrases = [p.casefold() for p, _ in found]
    assert any("ossel" in p for p in phrases[:3])
    assert any("federal water authority" in p for p in phrases)
    assert all(len(p.split()) <= 3 for p in phrases)
    json.dumps(found)


def test_phrases_sharing_most_words_with_a_better_one_are_dropped() -> None:
    phrases = [set(p.casefold().split()) for p, _ in keywords(FLOOD, limit=10)]
    for i, a in enumerate(phrases):
        for b in phrases[:i]:
            assert len(a & b) / min(len(a), len(b)) < 0.6


def test_language_and_empty_text() -> None:
    assert yake_language(None) == "en"
    assert yake_language("fr-FR") == "fr"
    assert yake_language("cs") == "cz"
    assert yake_language("tlh") == "noLang"
    text = "Le barrage de Brindor a cédé lundi. Les habitants de la vallée ont été évacués vers les collines."
    french = keywords_of_text(text, language="fr", limit=5)
    assert french and not any(p.casefold() in {"le", "les", "de", "la"} for p, _ in french)
    assert keywords(Article(input="e", text=""), limit=5) == []
    assert keywords(FLOOD, limit=0) == []
