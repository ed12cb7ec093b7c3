"""Search: the query language, ranking, filters, snippets, and malformed queries as one-line errors."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from newsdesk.storage import QueryError, SearchQuery, Store
from newsdesk.storage.query import compile_query
from newsdesk.storage.sqlite import SQLiteStore
from tests.storage.conftest import fictional_text, make_article

FERRY = (
    "The small ferry that links the two halves of Lakeside resumed service on Monday after four months in dry "
    "dock, the town council said. Engineers replaced the ageing diesel engine and repainted the hull in the "
    "ferry's traditional green. "
)
STRIKE = (
    "Dockworkers at the port of Velmora walked out on Tuesday over a pay offer the union called an insult. "
    "Cranes stood idle and lorries queued along the coast road, while the port authority said talks would resume. "
)


def _ids(store: Store, text: str, **filters: object) -> list[str]:
    return [hit.article_id for hit in store.search(SearchQuery(text=text, **filters)).hits]  # type: ignore[arg-type]


@pytest.fixture
def store_with_articles(fresh_store: Store) -> Store:
    """Ferry (Local, 3 March), strike (Business, 10 March, by Ilse Varnholt), and 10 unrelated fillers."""
    ferry = make_article(
        1, text=FERRY + fictional_text(1), headline="Harbour ferry returns", published=datetime(2025, 3, 3, tzinfo=UTC)
    )
    strike = make_article(
        2,
        text=STRIKE + fictional_text(2),
        headline="Velmora dockworkers strike over pay",
        section="Business",
        authors=("Ilse Varnholt",),
        published=datetime(2025, 3, 10, tzinfo=UTC),
    )
    fresh_store.upsert_article(ferry)
    fresh_store.upsert_article(strike)
    for n in range(10, 20):
        fresh_store.upsert_article(make_article(n))
    return fresh_store


def test_finds_an_article_by_a_phrase_from_its_body(store_with_articles: Store) -> None:
    results = store_with_articles.search(SearchQuery(text='"resumed service on Monday after four months"'))
    assert [h.headline for h in results.hits] == ["Harbour ferry returns"]
    assert "[resumed service on Monday after four months]" in results.hits[0].snippet


def test_phrase_words_out_of_order_do_not_match(store_with_articles: Store) -> None:
    assert _ids(store_with_articles, '"monday service resumed"') == []


def test_boolean_and_prefix_queries(store_with_articles: Store) -> None:
    ferry, strike = make_article(1).id, make_article(2).id
    assert set(_ids(store_with_articles, "ferry OR dockworkers")) == {ferry, strike}
    assert _ids(store_with_articles, "ferry AND diesel") == [ferry]
    assert _ids(store_with_articles, "ferry NOT diesel") == []
    assert _ids(store_with_articles, "(ferry OR cranes) NOT hull") == [strike]
    assert _ids(store_with_articles, "dockwork*") == [strike]
    assert _ids(store_with_articles, "strikes") == [strike]  # stemming: strike/strikes


def test_words_with_punctuation_just_work(store_with_articles: Store) -> None:
    ferry = make_article(1).id
    assert _ids(store_with_articles, "ferry's green") == [ferry]
    assert _ids(store_with_articles, "ferry: engine!") == [ferry]
    assert _ids(store_with_articles, "headline:ferry") == []  # a word, not a column filter
    assert _ids(store_with_articles, "ferry - engine & hull") == [ferry]


def test_headline_and_author_are_searched(store_with_articles: Store) -> None:
    assert _ids(store_with_articles, "Varnholt") == [make_article(2).id]


def test_filters(store_with_articles: Store) -> None:
    ferry, strike = make_article(1).id, make_article(2).id
    both = "ferry OR dockworkers"
    assert _ids(store_with_articles, both, section="business") == [strike]
    assert _ids(store_with_articles, both, since=datetime(2025, 3, 5, tzinfo=UTC)) == [strike]
    assert _ids(store_with_articles, both, until=datetime(2025, 3, 5, tzinfo=UTC)) == [ferry]
    assert _ids(store_with_articles, both, author="varnholt") == [strike]
    assert _ids(store_with_articles, both, source_id=7) == []
    assert len(_ids(store_with_articles, both, limit=1)) == 1


def test_headline_match_outranks_body_match_and_recency_breaks_ties(fresh_store: Store) -> None:
    in_body = make_article(1, text="A note about the lighthouse. " + fictional_text(1), headline="Council notes")
    in_headline = make_article(2, headline="Lighthouse keeper retires")
    fresh_store.upsert_article(in_body)
    fresh_store.upsert_article(in_headline)
    assert _ids(fresh_store, "lighthouse")[0] == in_headline.id

    old = make_article(3, text="Tram fares rise. " + fictional_text(3), published=datetime(2020, 1, 1, tzinfo=UTC))
    new = make_article(4, text="Tram fares rise. " + fictional_text(4), published=datetime.now(UTC))
    fresh_store.upsert_article(old)
    fresh_store.upsert_article(new)
    hits = fresh_store.search(SearchQuery(text='"tram fares"')).hits
    assert [h.article_id for h in hits] == [new.id, old.id]
    assert hits[0].score > hits[1].score > 0


def test_duplicates_are_shown_once(fresh_store: Store) -> None:
    text = FERRY + fictional_text(5)
    fresh_store.upsert_article(make_article(1, text=text))
    fresh_store.upsert_article(make_article(2, text=text, site="copy.example"))
    assert len(_ids(fresh_store, "ferry")) == 1


def test_only_the_latest_revision_is_searched(fresh_store: Store) -> None:
    first = make_article(1, text=FERRY + fictional_text(1))
    fresh_store.upsert_article(first)
    fresh_store.upsert_article(dataclasses.replace(first, text=first.text.replace("diesel", "electric")))
    assert _ids(fresh_store, "electric") == [first.id]
    assert _ids(fresh_store, "diesel") == []
    assert fresh_store.integrity_check() == "ok"


def test_custom_highlight_markers(store_with_articles: Store) -> None:
    hit = store_with_articles.search(SearchQuery(text="diesel", highlight=("<b>", "</b>"))).hits[0]
    assert "<b>diesel</b>" in hit.snippet


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        ('"unclosed', "unclosed quote"),
        ("AND OR", "no words"),
        ("ferry AND OR dock", "AND OR"),
        ("ferry OR", "ends with OR"),
        ("NOT ferry", "starts with NOT"),
        ("AND ferry", "starts with AND"),
        ("(ferry", "unclosed ("),
        ("ferry)", "unmatched )"),
        ("()", "no words"),
        ("ferry ()", "empty parentheses"),
        ('""', "empty phrase"),
        ("*", "must end a word"),
        ("", "no words"),
        ("   ", "no words"),
        ("x" * 2000, "too long"),
    ],
)
def test_malformed_queries_are_one_line_errors(store_with_articles: Store, query: str, problem: str) -> None:
    with pytest.raises(QueryError) as caught:
        store_with_articles.search(SearchQuery(text=query))
    message = str(caught.value)
    assert problem in message
    assert "\n" not in message and "sqlite" not in message.lower() and "fts5" not in message.lower()


@pytest.mark.parametrize(
    ("query", "expression"),
    [
        ("dam rainfall", '"dam" AND "rainfall"'),
        ('"spillway gates"', '"spillway gates"'),
        ("evacuat*", '"evacuat"*'),
        ("dam OR levee", '"dam" OR "levee"'),
        ("(dam OR levee) rain", '("dam" OR "levee") AND "rain"'),
        ("and or not near", '"and" AND "or" AND "not" AND "near"'),
        ('say "hi"*', '"say" AND "hi"*'),
        ("U.S.", '"U.S."'),
    ],
)
def test_compile_query(query: str, expression: str) -> None:
    assert compile_query(query) == expression


def test_odd_queries_never_raise_sql_errors(store_with_articles: Store) -> None:
    for query in ["NEAR(a b)", "a:b:c", "^ferry", "ferry + -", "{ferry}", "ferry AND (dock OR (hull))", "é"]:
        try:
            store_with_articles.search(SearchQuery(text=query))
        except QueryError as exc:
            assert "\n" not in str(exc)


def test_a_broad_query_ranks_its_newest_matches(sqlite_store: SQLiteStore, monkeypatch: pytest.MonkeyPatch) -> None:
    import newsdesk.storage.sqlite as backend

    fresh_store = sqlite_store

    monkeypatch.setattr(backend, "RANK_WINDOW", 3)
    for day in range(1, 7):
        fresh_store.upsert_article(
            make_article(
                day, text="Lighthouse news. " + fictional_text(day), published=datetime(2025, 3, day, tzinfo=UTC)
            )
        )
    hits = fresh_store.search(SearchQuery(text="lighthouse")).hits
    assert sorted(h.published_at.day for h in hits if h.published_at) == [4, 5, 6]
    # a filter narrows the matches before the window: older articles are reachable
    older = fresh_store.search(SearchQuery(text="lighthouse", until=datetime(2025, 3, 2, 23, tzinfo=UTC))).hits
    assert sorted(h.published_at.day for h in older if h.published_at) == [1, 2]


def test_many_articles_of_one_day_and_a_changed_date(fresh_store: Store) -> None:
    midnight = datetime(2025, 3, 4, tzinfo=UTC)
    for n in range(30):  # date-only pages: thirty articles share one timestamp
        fresh_store.upsert_article(make_article(n, text="Harbour report. " + fictional_text(n), published=midnight))
    assert len(fresh_store.search(SearchQuery(text="harbour", limit=50)).hits) == 30
    moved = dataclasses.replace(
        make_article(0, text="Harbour report, corrected. " + fictional_text(0)),
        published_at=datetime(2025, 5, 1, tzinfo=UTC),
    )
    assert fresh_store.upsert_article(moved).status == "updated"
    since_april = fresh_store.search(SearchQuery(text="harbour", since=datetime(2025, 4, 1, tzinfo=UTC))).hits
    assert [h.article_id for h in since_april] == [moved.id]
    assert fresh_store.list_articles(limit=1)[0].id == moved.id
    assert fresh_store.integrity_check() == "ok"
