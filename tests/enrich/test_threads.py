"""Story threads on small fictional articles: placement, out-of-order arrival, bridges that merge two
threads, revisions, syndicated copies (one text, several outlets) and the stories/enrich commands.

Runs on every backend (SQLite; PostgreSQL when NEWSDESK_TEST_POSTGRES_URL is set), terms-only
similarity (no spaCy, no embeddings: the engine must work without the extras)."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner

from newsdesk.cli import main
from newsdesk.config import load_settings
from newsdesk.enrich.similarity import make_profile
from newsdesk.enrich.threads import Neighbour, ThreadParams, decide
from newsdesk.models import Article
from newsdesk.pipeline.enrich import Enricher
from newsdesk.storage import open_store

T0 = datetime(2026, 4, 6, 8, 0, tzinfo=UTC)

FLOOD = [
    (
        "River Varn bursts its banks in Kellmore as rain continues",
        (
            "The River Varn burst its banks in Kellmore on Monday night after four days of heavy rain, flooding "
            "streets near the old harbour. Kellmore council opened two rest centres for families forced from their "
            "homes. Firefighters pumped water from basements along Quay Road, and the Varn flood barrier at Millbrook "
            "was raised for the first time since it was built. Forecasters expect more rain over the Varn valley."
        ),
    ),
    (
        "Hundreds evacuated from Kellmore as Varn flood waters keep rising",
        (
            "Hundreds of residents were evacuated from Kellmore on Tuesday as flood waters from the River Varn kept "
            "rising. The council said the rest centres were full and asked families to stay with relatives. The Varn "
            "flood barrier at Millbrook held overnight, but Quay Road and the harbour remained under water. Rescue "
            "boats brought elderly residents to safety from flooded homes in the Varn valley."
        ),
    ),
    (
        "Kellmore begins clean-up as River Varn flood waters recede",
        (
            "Residents of Kellmore began clearing mud from their homes on Friday as the River Varn flood waters "
            "receded. The council sent skips to Quay Road and the harbour streets, and insurers opened a flood "
            "claims centre in the town hall. Engineers inspected the Varn flood barrier at Millbrook, which held "
            "through the worst of the flooding in the Varn valley."
        ),
    ),
]
CHESS = (
    "Teenager wins Ostrava open chess tournament with a round to spare",
    (
        "A sixteen-year-old player won the Ostrava open chess tournament on Sunday with a round to spare, beating "
        "three grandmasters along the way. She sealed first place with a quiet endgame win against the defending "
        "champion. Organisers said the tournament drew a record entry of four hundred players from twenty "
        "countries, and next year's edition will add a rapid chess section."
    ),
)


def art(slug: str, headline: str, text: str, *, hours: float, site: str = "Kellmore Courier", **kw) -> Article:
    return Article(
        input=f"test:{slug}",
        url=f"https://news.example/{slug}",
        site_name=site,
        language="en",
        headline=headline,
        text=text,
        published_at=T0 + timedelta(hours=hours),
        fetched_at=T0 + timedelta(hours=hours, minutes=5),
        **kw,
    )


@pytest.fixture
def store(database_url: str):
    s = open_store(database_url)
    yield s
    s.close()


@pytest.fixture
def enricher(store):
    return Enricher(store, load_settings(environ={}, similarity="default"), entities=False)


def ingest(store, enricher, articles):
    for a in articles:
        enricher.enrich([(a, store.upsert_article(a))])


def test_articles_of_one_story_share_a_thread_and_another_story_does_not(store, enricher) -> None:
    flood = [art(f"flood-{i}", h, t, hours=24 * i) for i, (h, t) in enumerate(FLOOD)]
    chess = art("chess", *CHESS, hours=30, site="Ostrava Daily")
    ingest(store, enricher, [flood[0], flood[1], chess, flood[2]])

    tids = {store.thread_of(a.id).thread_id for a in flood}
    assert len(tids) == 1
    assert store.thread_of(chess.id).thread_id not in tids

    [thread] = store.list_threads(min_size=2)
    assert thread.size == 3
    assert thread.article_ids == tuple(a.id for a in flood)
    assert thread.title == FLOOD[0][0]  # the earliest article's headline
    assert thread.first_at == flood[0].published_at and thread.last_at == flood[2].published_at
    assert thread.sources == ("Kellmore Courier",)
    assert store.get_thread(thread.id) == thread
    assert [m.article_id for m in store.thread_members(thread.id)] == list(thread.article_ids)

    first, second, third = store.thread_members(thread.id)
    assert first.score == 1.0 and first.reason == "started the thread" and first.matched_article_id is None
    assert second.matched_article_id == flood[0].id
    assert 0.0 < second.score <= 1.0
    assert "shares" in second.reason and "River Varn bursts" in second.reason
    assert third.matched_article_id in (flood[0].id, flood[1].id)
    # the chess story is a thread of one: listed only when asked for singletons
    assert [t.size for t in store.list_threads(min_size=1)].count(1) == 1
    d = thread.to_dict()
    assert d["size"] == 3 and d["article_ids"] == list(thread.article_ids) and d["first_at"].startswith("2026-04-06")


def test_articles_stored_out_of_time_order_find_their_thread(store, enricher) -> None:
    flood = [art(f"flood-{i}", h, t, hours=24 * i) for i, (h, t) in enumerate(FLOOD)]
    ingest(store, enricher, [flood[2], flood[1], flood[0]])  # backfill: newest first

    [thread] = store.list_threads(min_size=2)
    assert thread.size == 3
    assert thread.article_ids == tuple(a.id for a in flood)  # time order, whatever the arrival order
    assert thread.title == FLOOD[0][0]
    assert thread.first_at == flood[0].published_at


def test_a_time_window_keeps_a_story_from_joining_an_old_one(store, enricher) -> None:
    old = art("flood-old", *FLOOD[0], hours=0)
    new = art("flood-new", *FLOOD[1], hours=24 * 60)  # two months later: outside the window
    ingest(store, enricher, [old, new])
    assert store.thread_of(old.id).thread_id != store.thread_of(new.id).thread_id


A_WORDS = "harbour crane dockers strike container shipping port wages union picket berth"
B_WORDS = "orchard frost apples growers harvest blossom cider farmers ladders pickers"


def _words(words: str, n: int, seed: int = 0) -> str:
    """``n`` words of a vocabulary in a random order: alike as a bag of words, unlike as text."""
    rng = random.Random(seed)
    w = words.split()
    return " ".join(rng.choice(w) for _ in range(n)) + "."


def test_decide_joins_the_best_thread_and_merges_a_bridge_into_the_oldest() -> None:
    params = ThreadParams(threshold=0.3, threshold_entities=0.3, merge_margin=0.0, linkage="single")
    a = make_profile(_words(A_WORDS, 60))
    b = make_profile(_words(B_WORDS, 60))
    bridge = make_profile(_words(A_WORDS, 60) + " " + _words(B_WORDS, 60))
    ts = T0.timestamp()
    near = [
        Neighbour(article_id="a1", thread_id="tA", sort_ts=ts - 3600, headline="Dockers strike", profile=a),
        Neighbour(article_id="b1", thread_id="tB", sort_ts=ts - 7200, headline="Frost hits orchards", profile=b),
    ]
    only_a = decide(a, ts, near[:1], params)
    assert only_a.thread_id == "tA" and only_a.merge == () and only_a.matched_article_id == "a1"
    assert decide(make_profile(CHESS[1]), ts, near, params).thread_id is None  # nothing alike: a new thread

    placed = decide(bridge, ts, near, params, thread_first={"tA": ts - 3600, "tB": ts - 7200})
    assert placed.thread_id == "tB"  # tB began first: it survives
    assert placed.merge == ("tA",)
    assert placed.merge_score >= 0.3


def test_a_bridging_article_merges_two_threads_in_the_store(store) -> None:
    enricher = Enricher(
        store,
        load_settings(environ={}, similarity="default"),
        entities=False,
        params=ThreadParams(threshold=0.3, threshold_entities=0.3, merge_margin=0.0, linkage="single"),
    )
    a1 = art("a1", "Dockers strike at the harbour", _words(A_WORDS, 60), hours=0)
    a2 = art("a2", "Harbour strike goes on", _words(A_WORDS, 50, seed=1), hours=2)
    b1 = art("b1", "Frost hits the orchards", _words(B_WORDS, 60, seed=2), hours=1)
    ingest(store, enricher, [a1, b1, a2])
    ta, tb = store.thread_of(a1.id).thread_id, store.thread_of(b1.id).thread_id
    assert ta != tb and store.thread_of(a2.id).thread_id == ta

    bridge = art("bridge", "Strike and frost", _words(A_WORDS, 60, seed=3) + " " + _words(B_WORDS, 60, seed=4), hours=3)
    ingest(store, enricher, [bridge])
    survivor = store.thread_of(a1.id).thread_id
    assert survivor == ta  # a1 (hour 0) is older than b1 (hour 1): thread A keeps its id
    assert {store.thread_of(x.id).thread_id for x in (a1, a2, b1, bridge)} == {ta}
    assert store.get_thread(tb).id == ta  # the merged id leads to the survivor
    assert store.get_thread(ta).size == 4
    assert [m[0] for m in store.thread_merges(ta)] == [tb]
    assert [t.id for t in store.list_threads(min_size=1)] == [ta]


def test_a_revision_keeps_its_thread_unless_it_is_now_another_story(store, enricher) -> None:
    flood = [art(f"flood-{i}", h, t, hours=24 * i) for i, (h, t) in enumerate(FLOOD)]
    ingest(store, enricher, flood)
    tid = store.thread_of(flood[1].id).thread_id

    revised = replace(flood[1], text=flood[1].text + " The council thanked volunteers from the Varn valley.")
    ingest(store, enricher, [revised])
    assert store.thread_of(flood[1].id).thread_id == tid

    rewritten = replace(flood[1], headline=CHESS[0], text=CHESS[1])  # same URL, another story altogether
    ingest(store, enricher, [rewritten])
    assert store.thread_of(flood[1].id).thread_id != tid
    assert store.get_thread(tid).size == 2


WIRE = [
    (
        "KELLMORE, Varnland (AFP) - The River Varn burst its banks in Kellmore on Monday night after four days of heavy "
        "rain, flooding streets near the old harbour and forcing hundreds of families from their homes."
    ),
    (
        "Kellmore council opened two rest centres and said more than three hundred people had spent the night there. "
        "Firefighters pumped water from basements along Quay Road until the early hours."
    ),
    (
        "The Varn flood barrier at Millbrook was raised for the first time since it was completed in 2019, and engineers "
        "said it was holding. Forecasters expect more rain over the Varn valley on Tuesday."
    ),
    (
        "Insurers said it was too early to put a figure on the damage, but warned that claims could be the largest in "
        "the region for a decade. The government promised emergency funds for the worst-hit streets."
    ),
    (
        "Residents described water rising through floorboards within minutes. Schools in the lower town will stay "
        "closed until Thursday, the education office said in a statement on Monday evening."
    ),
]


def test_wire_copy_is_one_text_with_its_outlets_and_own_reporting_quoting_it_is_not(store, enricher) -> None:
    wire = art("wire", "River Varn bursts its banks in Kellmore", "\n\n".join(WIRE), hours=0, site="AFP", agency="AFP")
    edited = list(WIRE)
    edited[1] = edited[1].replace(" said ", " says ", 1)
    edited[3] = edited[3].replace("largest", "biggest")
    copy = art(
        "copy",
        "Kellmore: River Varn bursts its banks",
        "\n\n".join(edited[:4]),  # a paragraph trimmed, two words changed
        hours=2,
        site="Valley Gazette",
        agency="AFP",
    )
    own = art(
        "own",
        "Our reporter in Kellmore: a night on Quay Road as the Varn rose",
        "Our reporter spent the night on Quay Road with the families who refused to leave. Ana Petrov, who runs the "
        "bakery on the corner, stacked sandbags against her door until the water reached her knees. "
        '\n\nNews agencies summed the night up in one line: "' + WIRE[0].split(" - ", 1)[1] + '"\n\n'
        "By dawn the street was a canal. Neighbours passed bread and tea from upstairs windows, and a council "
        "lorry came at eight to take the oldest residents to the rest centre at the sports hall. Petrov says she "
        "will reopen as soon as the floor dries, and that the flood barrier should have been built twenty years "
        "ago. The mayor, who visited at noon, promised a review of the town's flood defences.",
        hours=5,
        site="Kellmore Courier",
    )
    ingest(store, enricher, [wire, copy, own])

    assert store.get_article(copy.id).duplicate_of == wire.id  # light edits of wire copy: a copy
    assert store.get_article(own.id).duplicate_of is None  # own reporting quoting the wire: not a copy

    outlets = store.outlets_of(copy.id)
    assert [(o.site_name, o.agency, o.original) for o in outlets] == [
        ("AFP", "AFP", True),
        ("Valley Gazette", "AFP", False),
    ]
    assert store.outlets_of(wire.id) == outlets
    assert [o.site_name for o in store.outlets_of(own.id)] == ["Kellmore Courier"]
    assert store.outlets_of("no-such-id") == []
    assert outlets[1].to_dict()["original"] is False

    # the copy is not threaded itself: it shows through its original, in the original's thread
    assert store.thread_profile(copy.id) is None
    assert store.thread_of(copy.id) == store.thread_of(wire.id)
    assert store.thread_of(own.id).thread_id == store.thread_of(wire.id).thread_id


def test_an_earlier_copy_arriving_late_takes_the_original_s_place_in_its_thread(store, enricher) -> None:
    late = art(
        "wire-late", "River Varn bursts its banks in Kellmore", "\n\n".join(WIRE), hours=3, site="Valley Gazette"
    )
    early = art("wire-early", "River Varn bursts its banks", "\n\n".join(WIRE), hours=0, site="AFP", agency="AFP")
    ingest(store, enricher, [late, early])
    assert store.get_article(late.id).duplicate_of == early.id
    assert store.thread_profile(late.id) is None and store.thread_profile(early.id) is not None
    [thread] = store.list_threads(min_size=1)
    assert thread.article_ids == (early.id,)
    assert [o.site_name for o in store.outlets_of(late.id)] == ["AFP", "Valley Gazette"]


def test_stories_and_enrich_commands(tmp_path, monkeypatch) -> None:
    url = f"sqlite:///{tmp_path / 'news.db'}"
    monkeypatch.setenv("NEWSDESK_DATABASE_URL", url)
    monkeypatch.setenv("NEWSDESK_SIMILARITY", "default")
    store = open_store(url)
    flood = [art(f"flood-{i}", h, t, hours=24 * i) for i, (h, t) in enumerate(FLOOD)]
    for a in [*flood, art("chess", *CHESS, hours=30)]:
        store.upsert_article(a)  # stored without enrichment (as before enrichment existed)
    store.close()
    runner = CliRunner()

    empty = runner.invoke(main, ["stories"])
    assert empty.exit_code == 0 and "newsdesk enrich" in empty.output

    first = runner.invoke(main, ["enrich"])
    assert first.exit_code == 0, first.output
    assert "4 enriched, 0 skipped, 0 failed" in first.output
    again = runner.invoke(main, ["enrich"])
    assert "0 enriched" in again.output  # resumable: only what is missing

    out = runner.invoke(main, ["stories", "--format", "json"])
    assert out.exit_code == 0, out.output
    [thread] = json.loads(out.output)
    assert thread["size"] == 3 and thread["title"] == FLOOD[0][0]
    assert [a["id"] for a in thread["articles"]] == [a.id for a in flood]
    assert thread["articles"][0]["reason"] == "started the thread"
    assert set(thread["articles"][1]) >= {"id", "headline", "site", "published_at", "score", "reason", "outlets"}

    text = runner.invoke(main, ["stories", "--min-size", "1", "--limit", "5"])
    assert FLOOD[0][0] in text.output and CHESS[0] in text.output
    assert runner.invoke(main, ["stories", "--since", "2099-01-01", "--format", "json"]).output.strip() == "[]"
    bad = runner.invoke(main, ["stories", "--since", "last tuesday"])
    assert bad.exit_code == 2 and "--since" in bad.output and "Traceback" not in bad.output


def test_an_article_indexed_but_never_placed_is_picked_up_by_the_backfill(store, enricher) -> None:
    # the state a crash (or an error) between indexing an article and placing it leaves behind
    a = art("flood-0", *FLOOD[0], hours=0)
    store.upsert_article(a)
    store.save_thread_profile(a.id, profile=make_profile(a.text, headline=a.headline).to_json(), terms=[], sort_ts=0)
    assert store.thread_of(a.id) is None
    assert [aid for _, aid in store.unthreaded_article_ids()] == [a.id]
    counts = enricher.enrich_ids([a.id])
    assert counts.enriched == 1 and store.thread_of(a.id) is not None
    assert store.unthreaded_article_ids() == []


def test_stories_since_beyond_the_calendar_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["stories", "--since", "99999999d"])
    assert result.exit_code == 2 and "--since has value '99999999d'" in result.output


def test_a_tagger_failing_on_one_article_costs_that_article_its_entities_only() -> None:
    from newsdesk.pipeline.enrich import analyse

    class OneBadPage:  # a tagger that chokes on one article, as spaCy may on a pathological page
        def tag_many(self, articles):
            raise RuntimeError("batch failed")

        def tag(self, article):
            if article.id == bad.id:
                raise RuntimeError("token limit")
            return []

    good, bad = art("flood-0", *FLOOD[0], hours=0), art("flood-1", *FLOOD[1], hours=24)
    first, second = analyse([good, bad], tagger=OneBadPage())
    assert first is not None and first.problem is None and first.entities == []
    assert second is not None and second.entities is None and second.problem == "entities: token limit"
    assert second.keywords and second.profile.terms  # still threaded, with keywords
