"""newsdesk's default similarity on small fictional texts: same story, other story, translation, CJK."""

from __future__ import annotations

import json

import pytest

from newsdesk.enrich.similarity import MAX_NAME_TERMS, MAX_WORD_TERMS, Profile, explain, make_profile, similarity

FLOOD_1 = (
    "The River Ossel burst its banks at Bremmin on Tuesday, forcing 2,300 residents from their homes. "
    "Mayor Ilse Varnholt said the flood barriers built after 1998 had held along the old quay, but water "
    "came through the rail underpass. Rescue boats worked through the night in the lower town."
)
FLOOD_2 = (
    "Floodwater from the Ossel reached the centre of Bremmin overnight. About 2,300 people left their homes, "
    "and Mayor Varnholt asked residents of the lower town to stay with relatives. The flood barriers held, "
    "she said, but the rail underpass let the river in."
)
BREACH = (
    "Quillon Bank said on Monday that attackers had copied the account records of 41,000 customers. "
    "The lender's chief executive, Maren Tobisch, apologised and said passwords were not taken. "
    "Regulators in Castrelle have opened an inquiry into the breach."
)
FLOOD_DE = (
    "Die Ossel ist am Dienstag in Bremmin über die Ufer getreten; 2.300 Einwohner mussten ihre Häuser verlassen. "
    "Bürgermeisterin Ilse Varnholt sagte, die Schutzwände von 1998 hätten gehalten."
)
BREACH_DE = (
    "Die Quillon Bank teilte am Montag mit, Angreifer hätten die Kontodaten von 41.000 Kunden kopiert. "
    "Vorstandschefin Maren Tobisch entschuldigte sich; die Aufsicht in Castrelle ermittelt."
)


def p(text: str, headline: str | None = None, language: str | None = "en", **kw) -> Profile:
    return make_profile(text, headline=headline, language=language, **kw)


def test_same_story_scores_above_a_different_story() -> None:
    a, b, c = p(FLOOD_1, "Ossel floods Bremmin"), p(FLOOD_2, "Bremmin evacuates as the Ossel rises"), p(BREACH)
    assert similarity(a, b) > 0.3
    assert similarity(a, c) < 0.1
    assert similarity(a, b) > 3 * similarity(a, c)


def test_score_is_symmetric_bounded_and_one_for_itself() -> None:
    a, b = p(FLOOD_1), p(BREACH)
    assert similarity(a, a) == pytest.approx(1.0, abs=1e-4)
    assert similarity(a, b) == pytest.approx(similarity(b, a))
    assert 0.0 <= similarity(a, b) <= 1.0


def test_translated_names_and_numbers_carry_across_languages() -> None:
    en = p(FLOOD_1)
    assert similarity(en, p(FLOOD_DE, language="de")) > 2 * similarity(en, p(BREACH_DE, language="de"))
    assert similarity(p(BREACH), p(BREACH_DE, language="de")) > similarity(p(BREACH), p(FLOOD_DE, language="de"))


def test_language_is_detected_when_not_given() -> None:
    assert p(FLOOD_DE, language=None).language == "de"
    # German function words are stop words once the language is known: they are not terms
    assert not {"die", "ihre", "am"} & set(p(FLOOD_DE, language=None).terms)


def test_chinese_text_without_spaces() -> None:
    a = p("上海市政府周二宣布，将在浦东新区建设一座新的国际机场，预计二〇三〇年投入使用。", language="zh")
    b = p("浦东新区将建设新国际机场，上海市政府表示。", language="zh")
    c = p("北京队在周日的足球比赛中以三比一击败了广州队。", language="zh")
    assert {"上海", "浦东", "机场"} <= set(a.terms)
    assert similarity(a, b) > 0.3
    assert similarity(a, b) > 3 * similarity(a, c)


def test_empty_text_gives_an_empty_profile_that_matches_nothing() -> None:
    empty = p("")
    assert empty.terms == {} and empty.index_terms() == []
    assert similarity(empty, p(FLOOD_1)) == 0.0
    assert similarity(empty, empty) == 0.0
    assert explain(empty, p(FLOOD_1))["shared_terms"] == []


def test_headline_weighs_more_than_a_body_word() -> None:
    plain = p(FLOOD_1)
    headed = p(FLOOD_1, "Rescue boats in Bremmin")
    assert headed.terms["rescu"] > plain.terms["rescu"]


def test_profile_is_compact_and_deterministic() -> None:
    long_text = " ".join(f"Word{i} term{i} Place{i % 50} {i}" for i in range(3000))
    a, b = p(long_text), p(long_text)
    assert a == b and a.to_json() == b.to_json()
    assert len(a.terms) <= MAX_WORD_TERMS + MAX_NAME_TERMS
    assert len(a.to_json()) < 8000
    assert sum(w * w for w in a.terms.values()) == pytest.approx(1.0, abs=1e-3)


def test_profile_json_round_trip() -> None:
    a = p(FLOOD_1, "Ossel floods Bremmin", entities=["GPE:bremmin", "PERSON:ilse varnholt"])
    s = a.to_json()
    json.loads(s)
    back = Profile.from_json(s)
    assert back == a
    assert similarity(back, p(FLOOD_2)) == pytest.approx(similarity(a, p(FLOOD_2)))
    assert back.entities == {"GPE:bremmin", "PERSON:ilse varnholt"}
    assert back.vector is None


def test_index_terms_are_the_heaviest_word_terms() -> None:
    a = p(FLOOD_1, "Ossel floods Bremmin")
    terms = a.index_terms(5)
    assert len(terms) == 5 and not any(t.startswith("~") for t in terms)
    assert {"ossel", "bremm"} <= set(terms)
    weights = [a.terms[t] for t in terms]
    assert weights == sorted(weights, reverse=True)


def test_explain_names_shared_terms_readably_and_shared_entities() -> None:
    a = p(FLOOD_1, "Ossel floods Bremmin", entities=["GPE:bremmin", "PERSON:ilse varnholt"])
    b = p(FLOOD_2, "Bremmin evacuates as the Ossel rises", entities=["GPE:bremmin", "LOC:ossel"])
    e = explain(a, b)
    assert set(e) == {"score", "shared_terms", "shared_entities", "semantic"}
    assert e["score"] == pytest.approx(similarity(a, b), abs=1e-4)
    assert "Ossel" in e["shared_terms"] and "Bremmin" in e["shared_terms"]
    assert e["shared_entities"] == ["GPE:bremmin"]
    assert e["semantic"] is None


def test_shared_entities_raise_the_score() -> None:
    a, b = p(FLOOD_1), p(BREACH)
    a2 = p(FLOOD_1, entities=["ORG:quillon bank", "GPE:castrelle"])
    b2 = p(BREACH, entities=["ORG:quillon bank", "GPE:castrelle"])
    assert similarity(a2, b2) > similarity(a, b)
