"""Near-duplicates: fingerprints, URL variants, and the wire story carried by three sites."""

from __future__ import annotations

import dataclasses
import random
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsdesk.config import load_settings
from newsdesk.inputs import iter_pages
from newsdesk.models import Article
from newsdesk.pipeline import dedupe
from newsdesk.pipeline.runner import extract_pages
from newsdesk.storage import Store
from tests.storage.conftest import WIRE, fictional_text, make_article

LATER = datetime(2025, 4, 30, tzinfo=UTC)  # after every make_article default date
THREE_SITES = ("lantern_dam.html", "northgate_dam.html", "coastline_dam.html")
QUOTING = "valley_courier_dam.html"


def _extract(*names: str) -> dict[str, Article]:
    pages = iter_pages([str(WIRE / name) for name in names], load_settings(environ={}))
    found = {}
    for item in extract_pages(pages):
        assert isinstance(item, Article), item
        found[Path(item.input).name] = item
    return found


@pytest.fixture(scope="module")
def wire() -> dict[str, Article]:
    return _extract(*THREE_SITES, QUOTING)


def test_same_wire_story_measures_above_threshold_and_quoting_below(wire: dict[str, Article]) -> None:
    lantern, northgate, coastline, valley = (wire[n].text for n in (*THREE_SITES, QUOTING))
    assert dedupe.jaccard(lantern, northgate) > 0.85  # furniture differs, copy the same
    assert dedupe.jaccard(lantern, coastline) > dedupe.DEFAULT_THRESHOLD + 0.1  # lightly edited
    assert dedupe.jaccard(lantern, valley) < dedupe.DEFAULT_THRESHOLD - 0.2  # quotes two paragraphs


@pytest.mark.parametrize("order", [THREE_SITES, tuple(reversed(THREE_SITES))])
def test_three_sites_one_story_three_stored_one_shown(
    fresh_store: Store, wire: dict[str, Article], order: tuple[str, ...]
) -> None:
    for name in order:
        fresh_store.upsert_article(wire[name])
    lantern = wire["lantern_dam.html"]  # published first, so it is the original whatever the order
    shown = fresh_store.list_articles()
    assert [a.id for a in shown] == [lantern.id]
    everything = fresh_store.list_articles(include_duplicates=True)
    assert len(everything) == 3
    assert sorted(a.duplicate_of or "" for a in everything) == ["", lantern.id, lantern.id]
    assert set(fresh_store.duplicates_of(lantern.id)) == {wire["northgate_dam.html"].id, wire["coastline_dam.html"].id}
    stats = fresh_store.stats()
    assert (stats.articles, stats.duplicates) == (1, 2)


def test_own_reporting_that_quotes_wire_copy_is_not_a_duplicate(fresh_store: Store, wire: dict[str, Article]) -> None:
    fresh_store.upsert_article(wire["lantern_dam.html"])
    outcome = fresh_store.upsert_article(wire[QUOTING])
    assert (outcome.status, outcome.duplicate_of) == ("new", None)


def test_url_variant_is_a_duplicate_even_with_other_text(fresh_store: Store) -> None:
    original = make_article(1, url="https://www.lakeside.example/news/ferry")
    amp = make_article(
        2, url="https://amp.lakeside.example/amp/news/ferry?utm_medium=social", text=fictional_text(2), published=LATER
    )
    fresh_store.upsert_article(original)
    outcome = fresh_store.upsert_article(dataclasses.replace(amp, canonical_url=None))
    assert (outcome.status, outcome.duplicate_of) == ("duplicate", original.id)


def _lightly_edit(text: str, rate: float, seed: int) -> str:
    rng = random.Random(seed)
    out = []
    for word in text.split():
        r = rng.random()
        if r < rate / 2:
            continue
        out.append("revised" if r < rate else word)
    return " ".join(out)


def test_lightly_edited_copy_is_found_and_unrelated_texts_are_not(fresh_store: Store) -> None:
    originals = [make_article(n, text=fictional_text(n, 200)) for n in range(20)]
    for article in originals:
        assert fresh_store.upsert_article(article).status == "new"
    for n in range(0, 20, 4):
        copy = make_article(
            100 + n, text=_lightly_edit(originals[n].text, 0.02, n), site="copycat.example", published=LATER
        )
        outcome = fresh_store.upsert_article(copy)
        assert (outcome.status, outcome.duplicate_of) == ("duplicate", originals[n].id)
    assert fresh_store.stats().articles == 20


def test_short_texts_are_never_near_duplicates(fresh_store: Store) -> None:
    short = "Ferry resumes service on Monday."
    assert dedupe.fingerprint(short) is None
    fresh_store.upsert_article(make_article(1, text=short))
    assert fresh_store.upsert_article(make_article(2, text=short)).status == "new"


def test_changed_revision_keeps_its_group(fresh_store: Store, wire: dict[str, Article]) -> None:
    lantern, northgate = wire["lantern_dam.html"], wire["northgate_dam.html"]
    fresh_store.upsert_article(lantern)
    fresh_store.upsert_article(northgate)
    changed = dataclasses.replace(northgate, text=northgate.text + " Updated at noon with the army's arrival.")
    outcome = fresh_store.upsert_article(changed)
    assert (outcome.status, outcome.duplicate_of) == ("updated", lantern.id)


def test_estimated_similarity_is_close_to_exact() -> None:
    a = fictional_text(7, 300)
    b = _lightly_edit(a, 0.05, 1)
    fa, fb = dedupe.fingerprint(a), dedupe.fingerprint(b)
    assert fa is not None and fb is not None
    assert abs(fa.similarity(fb) - dedupe.jaccard(a, b)) < 0.15
    assert len(fa.band_keys) == dedupe.BANDS
    assert fa == dedupe.fingerprint(a)  # deterministic across calls (and processes: fixed seed)


@pytest.mark.parametrize(
    "variant",
    [
        "https://www.coastal.example/2025/03/04/dam-story/",
        "http://coastal.example/2025/03/04/dam-story",
        "https://m.coastal.example/2025/03/04/dam-story",
        "https://amp.coastal.example/2025/03/04/dam-story/amp/",
        "https://coastal.example/amp/2025/03/04/dam-story",
        "https://coastal.example/2025/03/04/dam-story.amp",
        "https://coastal.example/2025/03/04/dam-story?amp=1",
        "https://coastal.example/2025/03/04/dam-story?outputType=amp",
        "https://coastal.example/2025/03/04/dam-story?utm_source=feed&utm_medium=rss&fbclid=IwAR0",
        "https://coastal.example/2025/03/04/dam-story?gclid=abc&mc_cid=1#comments",
        "https://COASTAL.example:443/2025/03/04/dam-story",
    ],
)
def test_url_variants_share_a_key(variant: str) -> None:
    assert dedupe.normalize_url(variant) == "coastal.example/2025/03/04/dam-story"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://coastal.example/story?id=1", "https://coastal.example/story?id=2"),
        ("https://coastal.example/a/story", "https://coastal.example/b/story"),
        ("https://coastal.example:8080/story", "https://coastal.example/story"),
        ("https://coastal.example/Story", "https://coastal.example/story"),
    ],
)
def test_different_pages_keep_different_keys(a: str, b: str) -> None:
    assert dedupe.normalize_url(a) != dedupe.normalize_url(b)


def test_query_parameters_are_sorted() -> None:
    assert dedupe.normalize_url("https://x.example/s?b=2&a=1") == dedupe.normalize_url("https://x.example/s?a=1&b=2")


def test_only_originals_are_in_the_band_index(fresh_store: Store) -> None:
    text = fictional_text(3, 200)
    for n in range(6):  # one story on six sites
        fresh_store.upsert_article(make_article(n, text=text, site=f"site{n}.example", published=LATER))
    stats = fresh_store.stats()
    assert (stats.articles, stats.duplicates) == (1, 5)
    rows = fresh_store._read("SELECT count(*) FROM lsh_bands")[0][0]
    assert rows == dedupe.BANDS
