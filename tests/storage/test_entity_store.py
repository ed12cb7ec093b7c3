"""The Store's entities section (storage/entity_store.py) on each backend: saving, replacing, counts kept on
write, originals only, an entity's articles newest first, co-occurrence, cross-article surname resolution."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from newsdesk.enrich.entities import Entity
from newsdesk.models import Article
from newsdesk.storage import Store, open_store


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    s = open_store(database_url)
    yield s
    s.close()


def E(name: str, type: str = "PERSON", count: int = 1, sentence: str = "") -> Entity:
    from newsdesk.enrich.entities import entity_key

    return Entity(entity_key(type, name), name, type, count, sentence or f"{name} was there.")


VANTRESS = E("Aurelia Vantress", count=3, sentence="Aurelia Vantress spoke.")
OSSEL = E("Ossel", "GPE", 2)
FWA = E("Federal Water Authority", "ORG")


def test_save_and_read_back_entities_and_keywords(store: Store) -> None:
    store.save_enrichment(
        "a1", entities=[VANTRESS, OSSEL], keywords=[("flood defences", 0.91), ("Ossel", 0.5)], sort_ts=100
    )
    assert store.entities_of("a1") == [VANTRESS, OSSEL]
    assert store.keywords_of("a1") == [("flood defences", 0.91), ("Ossel", 0.5)]
    assert store.entities_of("nope") == [] and store.keywords_of("nope") == []
    summary = store.get_entity(VANTRESS.key)
    assert summary is not None and (summary.name, summary.type, summary.count) == ("Aurelia Vantress", "PERSON", 1)
    assert summary.to_dict(articles=["a1"]) == {
        "key": "PERSON:aurelia vantress",
        "name": "Aurelia Vantress",
        "type": "PERSON",
        "count": 1,
        "articles": ["a1"],
    }
    assert store.get_entity("PERSON:nobody") is None


def test_counts_are_articles_and_follow_re_enrichment(store: Store) -> None:
    store.save_enrichment("a1", entities=[VANTRESS, OSSEL], keywords=[], sort_ts=100)
    store.save_enrichment("a2", entities=[OSSEL, FWA], keywords=[], sort_ts=200)
    store.save_enrichment("a3", entities=[OSSEL], keywords=[], sort_ts=300)
    assert [(e.key, e.count) for e in store.list_entities()] == [
        ("GPE:ossel", 3),
        ("ORG:federal water authority", 1),
        ("PERSON:aurelia vantress", 1),
    ]
    # a new revision of a2 no longer names Ossel: counts follow, the entity without articles disappears
    store.save_enrichment("a2", entities=[FWA], keywords=[("levee", 0.7)], sort_ts=200)
    store.save_enrichment("a1", entities=[OSSEL], keywords=[], sort_ts=100)
    assert [(e.key, e.count) for e in store.list_entities()] == [("GPE:ossel", 2), ("ORG:federal water authority", 1)]
    assert store.keywords_of("a2") == [("levee", 0.7)]
    assert [e.key for e in store.list_entities(type="gpe")] == ["GPE:ossel"]
    assert store.list_entities(type="EVENT") == []
    assert [e.key for e in store.list_entities(limit=1, offset=1)] == ["ORG:federal water authority"]
    assert store.entity_types() == [("GPE", 2), ("ORG", 1)]


def test_entity_articles_newest_first_and_cooccurring(store: Store) -> None:
    for i, ts in enumerate([300, 100, 200]):
        store.save_enrichment(f"a{i}", entities=[OSSEL, FWA] if i else [OSSEL, VANTRESS], keywords=[], sort_ts=ts)
    assert store.entity_article_ids("GPE:ossel") == ["a0", "a2", "a1"]
    assert store.entity_article_ids("GPE:ossel", limit=1, offset=1) == ["a2"]
    co = store.cooccurring_entities("GPE:ossel")
    assert [(s.key, n) for s, n in co] == [("ORG:federal water authority", 2), ("PERSON:aurelia vantress", 1)]
    assert [(s.key, n) for s, n in store.cooccurring_entities(VANTRESS.key)] == [("GPE:ossel", 1)]


def test_copies_are_not_counted(store: Store) -> None:
    original = Article(
        input="o", url="https://lantern.example/flood", headline="Ossel floods", text="The river rose. " * 40
    )
    copy = Article(
        input="c", url="https://northgate.example/flood", headline="Ossel floods", text="The river rose. " * 40
    )
    outcomes = store.upsert_articles([original, copy])
    assert outcomes[1].status == "duplicate"
    store.save_enrichment(original.id, entities=[OSSEL], keywords=[], sort_ts=1)
    store.save_enrichment(copy.id, entities=[OSSEL], keywords=[], sort_ts=2)
    assert store.get_entity("GPE:ossel").count == 1  # type: ignore[union-attr]
    assert store.entity_article_ids("GPE:ossel") == [original.id]
    assert store.entities_of(copy.id) == [OSSEL]  # still readable for the copy itself


def test_a_lone_surname_resolves_to_the_one_stored_person_with_it(store: Store) -> None:
    store.save_enrichment("a1", entities=[VANTRESS], keywords=[], sort_ts=1)
    store.save_enrichment("a2", entities=[E("Vantress", count=2, sentence="Vantress left.")], keywords=[], sort_ts=2)
    assert store.entities_of("a2") == [
        Entity("PERSON:aurelia vantress", "Aurelia Vantress", "PERSON", 2, "Vantress left.")
    ]
    assert store.get_entity(VANTRESS.key).count == 2  # type: ignore[union-attr]
    assert store.get_entity("PERSON:vantress") is None
    assert store.find_person("Vantress") == store.get_entity(VANTRESS.key)
    # two stored Delgados: "Delgado" alone stays as it is
    store.save_enrichment("a3", entities=[E("Maria Delgado"), E("Tom Delgado")], keywords=[], sort_ts=3)
    store.save_enrichment("a4", entities=[E("Delgado")], keywords=[], sort_ts=4)
    assert [e.key for e in store.entities_of("a4")] == ["PERSON:delgado"]
    assert store.find_person("Delgado") is None


def test_the_display_name_is_the_most_complete_seen(store: Store) -> None:
    store.save_enrichment("a1", entities=[E("UN", "ORG")], keywords=[], sort_ts=1)
    store.save_enrichment("a2", entities=[Entity("ORG:un", "U.N.", "ORG", 1, "")], keywords=[], sort_ts=2)
    assert store.get_entity("ORG:un").name == "U.N."  # type: ignore[union-attr]


def test_a_name_takes_the_type_most_articles_gave_it(store: Store) -> None:
    for i in range(3):
        store.save_enrichment(f"g{i}", entities=[E("Lenhaven", "GPE")], keywords=[], sort_ts=i)
    store.save_enrichment("o1", entities=[E("Lenhaven", "ORG"), E("Kerem Aydar")], keywords=[], sort_ts=10)
    assert [e.key for e in store.entities_of("o1")] == ["GPE:lenhaven", "PERSON:kerem aydar"]
    assert store.get_entity("GPE:lenhaven").count == 4  # type: ignore[union-attr]
    assert store.get_entity("ORG:lenhaven") is None
    # one article is no majority: a new name keeps its own label
    store.save_enrichment("p1", entities=[E("Marrowby", "PERSON")], keywords=[], sort_ts=11)
    store.save_enrichment("p2", entities=[E("Marrowby", "GPE")], keywords=[], sort_ts=12)
    assert {e.key for e in store.list_entities()} >= {"PERSON:marrowby", "GPE:marrowby"}


def test_an_adjective_resolves_to_the_stored_place(store: Store) -> None:
    store.save_enrichment("p", entities=[E("Estravia", "GPE")], keywords=[], sort_ts=1)
    store.save_enrichment(
        "a", entities=[E("Estravian", "NORP", 2), E("Tesmari", "ORG"), E("Estonia", "GPE")], keywords=[], sort_ts=2
    )
    assert next((e.key, e.name, e.count) for e in store.entities_of("a")) == ("GPE:estravia", "Estravia", 2)
    assert store.get_entity("GPE:estravia").count == 2  # type: ignore[union-attr]
    assert store.get_entity("ORG:tesmari") is not None  # no stored Tesmar: left as it is


def test_an_original_that_becomes_a_copy_stops_counting(store: Store) -> None:
    # the same wire text: the later publication is stored first, then the earlier one takes over
    from datetime import UTC, datetime, timedelta

    from newsdesk.pipeline.enrich import Enricher

    text = " ".join(f"{w}{i % 37}" for i, w in enumerate(["harbour", "council", "bridge", "ferry"] * 100))
    t0 = datetime(2026, 3, 1, tzinfo=UTC)
    late = Article(
        input="b",
        url="https://b.example/wire",
        site_name="B",
        headline="Wire",
        text=text,
        published_at=t0 + timedelta(hours=5),
    )
    early = Article(input="a", url="https://a.example/wire", site_name="A", headline="Wire", text=text, published_at=t0)
    assert store.upsert_article(late).status == "new"
    store.save_enrichment(late.id, entities=[VANTRESS], keywords=[], sort_ts=1)
    outcome = store.upsert_article(early)
    assert outcome.status == "new" and store.get_article(late.id).duplicate_of == early.id
    Enricher(store, None, entities=False).enrich([(early, outcome)])
    store.save_enrichment(early.id, entities=[VANTRESS], keywords=[], sort_ts=0)
    assert store.get_entity(VANTRESS.key).count == 1
    assert store.entity_article_ids(VANTRESS.key) == [early.id]
    store.demote_entities(late.id)  # idempotent
    assert store.get_entity(VANTRESS.key).count == 1
