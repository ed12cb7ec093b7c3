"""Recommended picks: explained, never the article itself, at most one per source while others exist."""

from __future__ import annotations

from newsdesk.models import Article
from newsdesk.web.related import Pick, diversify, key_terms


def pick(name: str, source: str, score: float) -> Pick:
    return Pick(card={"id": name}, reason="Also in World", score=score, source=source)


def test_diversify_takes_one_per_source_while_others_remain() -> None:
    picks = [pick("a1", "site:a", 5), pick("a2", "site:a", 4), pick("b1", "site:b", 3), pick("c1", "site:c", 1)]
    assert [p.card["id"] for p in diversify(picks, 3)] == ["a1", "b1", "c1"]
    assert [p.card["id"] for p in diversify(picks, 4)] == ["a1", "a2", "b1", "c1"]
    only_a = [pick("a1", "site:a", 5), pick("a2", "site:a", 4)]
    assert [p.card["id"] for p in diversify(only_a, 3)] == ["a1", "a2"]


def test_key_terms_put_names_first_and_drop_stopwords() -> None:
    article = Article(input="x", headline="Velmora dock workers strike as port operator pushes ahead with cranes")
    terms = key_terms(article)
    assert terms[0] == "Velmora" and "as" not in terms and "with" not in terms and "ahead" not in terms


def test_recommended_picks_carry_reasons_and_skip_the_article(client, golden_store) -> None:  # type: ignore[no-untyped-def]
    for article in golden_store.list_articles(limit=100):
        related = client.get(f"/api/articles/{article.id}/related").json()
        ids = [p["id"] for p in related["recommended"]]
        assert article.id not in ids and len(ids) == len(set(ids))
        assert all(p["reason"] for p in related["recommended"])
        assert article.id not in [c["id"] for c in related["explore"]]
