"""Recommended and Read more on every demo article: each pick carries its reason, in the API and on
the page; no two picks in a rail from one source while others exist; Read more follows the story
thread backwards, Recommended leaves the article's own thread out."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import html5lib
import pytest

from newsdesk.models import Article
from newsdesk.storage import Store
from newsdesk.web.related import Pick, ReadMore, _gap, _reason, diversify, earlier_in_thread


def shown(store: Store) -> list[Article]:
    return store.list_articles(limit=1000)


def thread_ids(store: Store, article: Article) -> list[str]:
    membership = store.thread_of(article.duplicate_of or article.id)  # type: ignore[attr-defined]
    if membership is None:
        return []
    return [m.article_id for m in store.thread_members(membership.thread_id)]  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def picks(demo_client, demo_store: Store) -> dict[str, dict[str, Any]]:  # type: ignore[no-untyped-def]
    """Every shown demo article's /related twin, by article id."""
    return {a.id: demo_client.get(f"/api/articles/{a.id}/related").json() for a in shown(demo_store)}


def test_every_pick_in_the_api_carries_a_reason(picks: dict[str, dict[str, Any]]) -> None:
    assert len(picks) >= 60
    for article_id, related in picks.items():
        for pick in related["recommended"]:
            assert pick["reason"].strip(), (article_id, pick)
            if pick["site_name"]:
                assert f"from {pick['site_name']}" in pick["reason"]
        for item in related["read_more"]:
            assert item["reason"].strip(), (article_id, item)
            assert item["kind"] in ("page", "thread")
    assert sum(len(r["recommended"]) for r in picks.values()) >= 4 * len(picks) - 4


def test_every_pick_on_the_page_shows_its_reason(demo_client, demo_store: Store, picks) -> None:  # type: ignore[no-untyped-def]
    for article in shown(demo_store):
        text = demo_client.get(f"/articles/{article.id}").text
        doc = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(text)
        related = picks[article.id]
        rec = doc.findall(".//aside[@class='recommended']//article")
        assert len(rec) == len(related["recommended"])
        for card, pick in zip(rec, related["recommended"], strict=True):
            assert card.get("title") == pick["reason"]
            assert card.find(".//p[@class='card-reason']").text == pick["reason"]  # type: ignore[union-attr]
        earlier = [r for r in related["read_more"] if r["kind"] == "thread"]
        rail = doc.findall(".//aside[@class='read-more-rail']//article")
        assert [c.get("title") for c in rail] == [r["reason"] for r in earlier]
        inline = doc.findall(".//div[@class='story-body']//p[@class='read-more']/a")
        assert [a.get("title") for a in inline] == [r["reason"] for r in related["read_more"] if r["kind"] == "page"]


def test_no_two_picks_in_a_rail_from_one_source_while_others_exist(picks: dict[str, dict[str, Any]]) -> None:
    sources = {p["site_name"] for r in picks.values() for p in r["recommended"]}
    assert len(sources) >= 5  # the demo's five outlets: enough for four different ones in every rail
    for article_id, related in picks.items():
        names = [p["site_name"] for p in related["recommended"]]
        assert len(names) == len(set(names)), (article_id, names)


def test_read_more_follows_the_story_backwards_one_outlet_at_a_time(demo_store: Store, picks) -> None:  # type: ignore[no-untyped-def]
    seen_thread_picks = 0
    for article in shown(demo_store):
        related = picks[article.id]
        members = thread_ids(demo_store, article)
        earlier = [r for r in related["read_more"] if r["kind"] == "thread"]
        seen_thread_picks += len(earlier)
        when = article.published_at or article.fetched_at
        for item in earlier:
            assert item["article_id"] in members and item["article_id"] != article.id
            assert item["reason"].startswith("Same story, earlier: ")
            assert datetime.fromisoformat(item["published_at"]) <= when  # type: ignore[operator]
            assert f"({item['site_name']}, " in item["reason"]
        if members:
            linked = {r["article_id"] for r in related["read_more"] if r["kind"] == "page"}
            before = [i for i in members[: members.index(article.id)] if i not in linked]
            outlets = {demo_store.get_article(i).site_name for i in before}  # type: ignore[union-attr]
            names = [r["site_name"] for r in earlier]
            assert len(set(names)) == min(len(names), len(outlets)), (article.id, names)
            assert len(earlier) == min(3, len(before)) or any(r["kind"] == "page" for r in related["read_more"])
        # Recommended leaves the article's own story to Read more
        assert not {p["id"] for p in related["recommended"]} & set(members)
    assert seen_thread_picks >= 10


def test_a_syndicated_copy_reads_on_from_its_originals_story(demo_store: Store, demo_client) -> None:  # type: ignore[no-untyped-def]
    copies = [a for a in demo_store.list_articles(limit=1000, include_duplicates=True) if a.duplicate_of]
    in_thread = [c for c in copies if thread_ids(demo_store, c)]
    assert in_thread, "the demo has wire copies of a story-thread article"
    for copy in in_thread:
        related = demo_client.get(f"/api/articles/{copy.id}/related").json()
        assert related["story"] and copy.duplicate_of in related["story"]["article_ids"]
        assert copy.duplicate_of not in {p["id"] for p in related["recommended"]}


def test_reason_wording() -> None:
    when = datetime.fromisoformat("2026-03-12T09:00:00+00:00")
    card = {"site_name": "Northgate Post", "section": "World"}
    two_days = datetime.fromisoformat("2026-03-10T18:00:00+00:00")
    assert _reason(card, ("Ossel Council", "flooding"), True, when, two_days) == (
        "Also about Ossel Council and flooding, from Northgate Post, 2 days before"
    )
    assert _reason(card, (), True, when, when) == "Also in World, from Northgate Post, the same day"
    assert _gap(when, two_days) == "2 days after" and _gap(two_days, None) is None


def test_earlier_in_thread_needs_the_article_in_the_thread(demo_store: Store) -> None:
    article = shown(demo_store)[0]
    assert earlier_in_thread(demo_store, article, members=()) == []


def test_diversify_keeps_one_per_source_until_sources_run_out() -> None:
    picks = [Pick(card={"id": f"a{i}"}, reason="r", score=10 - i, source="site:a") for i in range(3)]
    picks.append(Pick(card={"id": "b"}, reason="r", score=1, source="site:b"))
    assert [p.card["id"] for p in diversify(picks, 2)] == ["a0", "b"]
    assert ReadMore(title="t", href="/x", reason="r", kind="thread").to_dict()["kind"] == "thread"
