"""Story-thread quality on labelled streams, and the cost of placing one article as the store grows.

    python bench/threads.py                      # everything: demo + generated quality, 10k/100k timing
    python bench/threads.py --quality            # thread quality only (about a minute)
    python bench/threads.py --timing --sizes 10000,100000 --new 200

Quality (pairwise and B-cubed precision/recall/F1 over original articles; syndicated copies are
not items, they are shown through their original):

- ``demo``: the demo newsroom built through the ordinary ingest path (``newsdesk.demo.build_database``
  into a temp file, with whatever enrichment is installed: entities, semantic similarity); labels
  are the manifest's ``thread`` (``ossel-floods``, ``quillon-breach``), every other page its own
  singleton. Per-thread B-cubed F1 is printed for the two labelled threads (acceptance: >= 0.9).
- ``generated``: fictional multi-article stories made with ``bench/newsgen`` (each thread: one topic
  and one cast of invented names and places, 2-8 articles over up to 5 days, each written afresh
  from the topic's templates) mixed with singleton stories on the same topics (other names: hard
  negatives), ingested in time order except a share that arrives late (out-of-order, backfill).

Timing: stores of N generated articles (the same stream density whatever N, so the ±window holds as
many articles; threads as generated) then ``--new`` more articles placed one by one with the
Enricher (profile + inverted-index look-up + placement, terms mode, entities off: both are per-article
costs that do not depend on the store). Prints ms per article at each size and the ratio
largest/smallest (acceptance: <= 1.5 at 100k vs 10k). Background stores are built once with
``Store.upsert_articles`` and ``ThreadsMixin.bulk_load_threads`` (the ground-truth threads, no
placement) and cached in ``bench/out/threads-N.db``.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT.parent))

from newsgen import words as W
from newsgen.sites import SITES
from newsgen.stories import _fill, _quote_paragraph, make_context
from newsgen.topics import SHARED_SENTENCES, TOPICS

from newsdesk.models import Article

BASE_TIME = datetime(2026, 1, 5, 6, 0, tzinfo=UTC)
MINUTES_PER_ARTICLE = 7  # stream density (as bench/generate.py): ~200 articles a day


# --- metrics -------------------------------------------------------------------------------------


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def cluster_scores(labels: dict[str, str], preds: dict[str, str]) -> dict[str, float]:
    """Pairwise and B-cubed P/R/F1 of predicted clusters against labels (same keys)."""
    items = list(labels)
    cells = Counter((preds[i], labels[i]) for i in items)
    pred_size = Counter(preds[i] for i in items)
    label_size = Counter(labels[i] for i in items)
    tp = sum(_pairs(n) for n in cells.values())
    pp = sum(_pairs(n) for n in pred_size.values())
    lp = sum(_pairs(n) for n in label_size.values())
    p = tp / pp if pp else 1.0
    r = tp / lp if lp else 1.0
    n = len(items) or 1
    bp = sum(c * c / pred_size[pl] for (pl, _), c in cells.items()) / n
    br = sum(c * c / label_size[ll] for (_, ll), c in cells.items()) / n
    return {
        "pair_p": p,
        "pair_r": r,
        "pair_f1": 2 * p * r / (p + r) if p + r else 0.0,
        "b3_p": bp,
        "b3_r": br,
        "b3_f1": 2 * bp * br / (bp + br) if bp + br else 0.0,
    }


def label_b3(labels: dict[str, str], preds: dict[str, str], label: str) -> float:
    """B-cubed F1 averaged over the items of one label (how well that thread came out)."""
    items = [i for i in labels if labels[i] == label]
    pred_size = Counter(preds.values())
    cells = Counter(preds[i] for i in items)
    p = sum(cells[preds[i]] / pred_size[preds[i]] for i in items) / len(items)
    r = sum(cells[preds[i]] / len(items) for i in items) / len(items)
    return 2 * p * r / (p + r) if p + r else 0.0


def predicted(store, ids: Iterable[str]) -> dict[str, str]:
    out = {}
    for aid in ids:
        m = store.thread_of(aid)
        out[aid] = m.thread_id if m else f"none:{aid}"
    # a merged thread id resolves to its survivor
    return {
        aid: (store.get_thread(t).id if not t.startswith("none:") and store.get_thread(t) else t)
        for aid, t in out.items()
    }


# --- the demo newsroom -----------------------------------------------------------------------------


def demo_quality() -> dict[str, object]:
    from newsdesk.demo import build_database, manifest
    from newsdesk.pipeline.dedupe import normalize_url
    from newsdesk.storage import open_store

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo.db"
        started = time.perf_counter()
        build_database(path)
        seconds = time.perf_counter() - started
        store = open_store(f"sqlite:///{path}")
        try:
            labels = demo_labels(store, manifest(), normalize_url)
            preds = predicted(store, labels)
        finally:
            store.close()
    scores = cluster_scores(labels, preds)
    scores["ossel-floods"] = label_b3(labels, preds, "ossel-floods")
    scores["quillon-breach"] = label_b3(labels, preds, "quillon-breach")
    scores["articles"] = len(labels)
    scores["build_seconds"] = seconds
    return scores


def demo_labels(store, data: dict, normalize_url) -> dict[str, str]:
    """Original article id -> its manifest thread label, else its own id (a singleton)."""
    by_url = {normalize_url(p["url"]): p for p in data["pages"]}
    labels = {}
    for article in store.list_articles(limit=500):
        page = by_url.get(normalize_url(article.url or "")) or by_url.get(normalize_url(article.canonical_url or ""))
        labels[article.id] = (page or {}).get("thread") or f"single:{article.id}"
    return labels


# --- generated streams ---------------------------------------------------------------------------


def _story(rng: random.Random, topic, ctx: dict[str, str], published: datetime, site, agency: str | None) -> Article:
    """One article of a story: the topic's templates filled from the story's cast (``ctx``)."""
    pool = [s for s in topic.sentences] + list(SHARED_SENTENCES)
    rng.shuffle(pool)
    paragraphs = [_fill(rng.choice(topic.leads), ctx)]
    used: set[int] = set()
    introduced: set[str] = set()
    for _ in range(rng.randrange(4, 12)):
        if len(paragraphs) >= 2 and rng.random() < 0.3:
            paragraphs.append(_quote_paragraph(rng, topic, ctx, used, introduced))
        elif pool:
            paragraphs.append(" ".join(_fill(pool.pop(), ctx) for _ in range(min(rng.choice((1, 2, 3)), len(pool)))))
    headline = _fill(rng.choice(topic.headlines), ctx)
    slug = f"{rng.getrandbits(48):012x}"
    return Article(
        input=f"gen:{slug}",
        url=f"https://{site.domain}/news/{slug}",
        site_name=site.name,
        language="en",
        section=topic.section,
        headline=headline,
        standfirst=_fill(rng.choice(topic.standfirsts), ctx),
        authors=(f"{rng.choice(W.FIRST_NAMES)} {rng.choice(W.SURNAMES)}",),
        published_at=published,
        fetched_at=published + timedelta(minutes=5),
        text="\n\n".join(p for p in paragraphs if p),
        word_count=sum(len(p.split()) for p in paragraphs),
        agency=agency,
    )


def generated_stream(
    n: int, *, seed: int = 1, thread_share: float = 0.4, start: datetime = BASE_TIME, late_share: float = 0.1
) -> list[tuple[Article, str, float]]:
    """About ``n`` articles, ``thread_share`` of them in multi-article threads (2-8 articles within
    5 days), the rest singletons on the same topics; (article, label, arrival time) in arrival order.
    ``late_share`` of the articles arrive up to 3 days after their publication (out of order)."""
    rng = random.Random(f"threads/{seed}")
    span = timedelta(minutes=MINUTES_PER_ARTICLE * n)
    out: list[tuple[Article, str, float]] = []
    made = 0
    k = 0
    while made < n:
        k += 1
        topic = rng.choice(TOPICS)
        t0 = start + span * rng.random()
        ctx = make_context(rng, t0.year)
        size = rng.randrange(2, 9) if rng.random() < thread_share / (thread_share + (1 - thread_share) / 4.5) else 1
        size = min(size, n - made)
        label = f"story-{seed}-{k}" if size > 1 else f"single-{seed}-{k}"
        agency = rng.choice(W.AGENCIES) if rng.random() < 0.2 else None
        for _ in range(size):
            published = t0 + timedelta(hours=rng.uniform(0, 120 if size > 1 else 0))
            site = rng.choice(SITES)
            article = _story(rng, topic, ctx, published, site, agency)
            arrival = published.timestamp() + (rng.uniform(0, 3 * 86400) if rng.random() < late_share else 0)
            out.append((article, label, arrival))
            made += 1
    out.sort(key=lambda x: x[2])
    return out


def generated_quality(n: int, *, seed: int, settings, entities: bool = True) -> dict[str, object]:
    from newsdesk.pipeline.enrich import Enricher
    from newsdesk.storage import open_store

    stream = generated_stream(n, seed=seed)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{Path(tmp) / 'gen.db'}")
        try:
            enricher = Enricher(store, settings, entities=entities)
            labels = {}
            started = time.perf_counter()
            for article, label, _ in stream:
                outcome = store.upsert_article(article)
                enricher.enrich([(article, outcome)])
                if outcome.status == "new":
                    labels[article.id] = label
            seconds = time.perf_counter() - started
            preds = predicted(store, labels)
        finally:
            store.close()
    scores = cluster_scores(labels, preds)
    scores["articles"] = len(labels)
    scores["threads"] = len({v for v in labels.values() if v.startswith("story")})
    scores["seconds"] = seconds
    return scores


# --- timing --------------------------------------------------------------------------------------


def background_store(n: int, *, seed: int, out_dir: Path, with_articles: bool = False):
    """A store of ``n`` generated articles with their (ground-truth) threads; cached on disk.

    By default only the threads tables are filled (profiles, postings, memberships: what placement
    reads); ``with_articles`` also stores every article (``upsert_articles``: near-duplicate and
    search indexes), which is about 10x slower to build. Placement reads the ``articles`` table only
    by primary key (headlines of the candidates), so its size barely matters."""
    from newsdesk.enrich.similarity import make_profile
    from newsdesk.enrich.threads import ThreadParams, posting_terms
    from newsdesk.pipeline.enrich import sort_ts_of
    from newsdesk.storage import open_store
    from newsdesk.storage.common import url_keys

    path = out_dir / f"threads-{n}-s{seed}{'-articles' if with_articles else ''}.db"
    if path.exists():
        return open_store(f"sqlite:///{path}"), True, path
    tmp = path.with_suffix(".tmp.db")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{tmp}{suffix}").unlink(missing_ok=True)
    store = open_store(f"sqlite:///{tmp}")
    params = ThreadParams()
    batch: list[tuple[Article, str]] = []
    started = time.perf_counter()

    def flush() -> None:
        if with_articles:
            outcomes = [o.status for o in store.upsert_articles([a for a, _ in batch])]
        else:
            outcomes = ["new"] * len(batch)
        rows = []
        for (article, label), status in zip(batch, outcomes, strict=True):
            if status != "new":
                continue
            profile = make_profile(article.text, headline=article.headline, language=article.language)
            terms = posting_terms(profile, params.index_terms, own_urls=url_keys(article))
            rows.append((article.id, label, sort_ts_of(article), profile.to_json(), terms))
        store.bulk_load_threads(rows)
        batch.clear()

    for i, (article, label, _) in enumerate(generated_stream(n, seed=seed, late_share=0.0), 1):
        batch.append((article, label))
        if len(batch) >= 2000:
            flush()
            print(f"  building {n:,}: {i:,} articles, {time.perf_counter() - started:.0f}s", file=sys.stderr)
    if batch:
        flush()
    store.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{tmp}{suffix}").unlink(missing_ok=True)
    tmp.rename(path)
    return open_store(f"sqlite:///{path}"), False, path


def time_placement(n: int, *, new: int, seed: int, out_dir: Path, with_articles: bool = False) -> dict[str, float]:
    from newsdesk.pipeline.enrich import Enricher

    store, cached, path = background_store(n, seed=seed, out_dir=out_dir, with_articles=with_articles)
    try:
        # the new articles continue the stream (same density); a fresh seed each run, so a kept
        # store sees new articles every time
        start = BASE_TIME + timedelta(minutes=MINUTES_PER_ARTICLE * n) - timedelta(days=2)
        fresh = generated_stream(new, seed=time.time_ns() % 1_000_000_007, late_share=0.0, start=start)
        enricher = Enricher(store, None, entities=False)
        outcomes = [(a, store.upsert_article(a)) for a, _, _ in fresh]
        times = []
        for item in outcomes:
            if item[1].status != "new":
                continue
            started = time.perf_counter()
            enricher.enrich([item])
            times.append(time.perf_counter() - started)
    finally:
        store.close()
    _reset_cache(path)
    times.sort()
    return {
        "n": n,
        "new": len(times),
        "mean_ms": 1000 * statistics.fmean(times),
        "median_ms": 1000 * statistics.median(times),
        "p90_ms": 1000 * times[int(0.9 * (len(times) - 1))],
        "cached": cached,
    }


def _reset_cache(path: Path) -> None:
    """The timing run adds articles to the cached store: delete it (rebuilt next time) unless
    --keep was given (then later runs see a few hundred more articles, which does not matter)."""
    if not KEEP:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


KEEP = False


# --- main ----------------------------------------------------------------------------------------


def _fmt(scores: dict[str, object], keys: Sequence[str]) -> str:
    return "  ".join(f"{k} {scores[k]:.3f}" if isinstance(scores[k], float) else f"{k} {scores[k]}" for k in keys)


def main(argv: list[str] | None = None) -> int:
    global KEEP
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quality", action="store_true", help="thread quality only")
    parser.add_argument("--timing", action="store_true", help="placement timing only")
    parser.add_argument("--sizes", default="10000,100000", help="store sizes for timing (comma-separated)")
    parser.add_argument("--new", type=int, default=200, help="articles placed per size")
    parser.add_argument("--generated", type=int, default=1500, help="articles per generated quality stream")
    parser.add_argument("--seeds", default="1,2", help="generated streams (seeds)")
    parser.add_argument("--similarity", default=None, help="NEWSDESK_SIMILARITY for the quality runs")
    parser.add_argument("--no-entities", action="store_true", help="quality runs without the entity tagger")
    parser.add_argument(
        "--with-articles", action="store_true", help="timing stores hold the articles too (slow to build)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the built timing stores in bench/out/")
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    args = parser.parse_args(argv)
    KEEP = args.keep
    both = not args.quality and not args.timing
    report: dict[str, object] = {}
    keys = ("b3_p", "b3_r", "b3_f1", "pair_p", "pair_r", "pair_f1")
    if args.quality or both:
        from newsdesk.config import load_settings

        overrides = {"similarity": args.similarity} if args.similarity else {}
        settings = load_settings(**overrides)
        if args.similarity:
            import os

            os.environ["NEWSDESK_SIMILARITY"] = args.similarity  # the demo build reads the environment
        demo = demo_quality()
        report["demo"] = demo
        print(f"demo ({demo['articles']} originals): {_fmt(demo, keys)}")
        print(f"  ossel-floods B-cubed F1 {demo['ossel-floods']:.3f}  quillon-breach {demo['quillon-breach']:.3f}")
        for seed in [int(s) for s in args.seeds.split(",") if s]:
            gen = generated_quality(args.generated, seed=seed, settings=settings, entities=not args.no_entities)
            report[f"generated-{seed}"] = gen
            print(
                f"generated seed {seed} ({gen['articles']} originals, {gen['threads']} threads, "
                f"{1000 * gen['seconds'] / max(1, gen['articles']):.1f} ms/article): {_fmt(gen, keys)}"
            )
    if args.timing or both:
        out_dir = ROOT / "out"
        out_dir.mkdir(exist_ok=True)
        rows = []
        for n in [int(s) for s in args.sizes.split(",") if s]:
            row = time_placement(n, new=args.new, seed=1, out_dir=out_dir, with_articles=args.with_articles)
            rows.append(row)
            print(
                f"placement at {n:,} stored: mean {row['mean_ms']:.2f} ms  median {row['median_ms']:.2f} ms  "
                f"p90 {row['p90_ms']:.2f} ms per new article ({row['new']} placed)"
            )
        sizes = sorted({r["n"] for r in rows})
        if len(sizes) >= 2:
            small, large = sizes[0], sizes[-1]

            def avg(n: int, key: str) -> float:
                return statistics.fmean(r[key] for r in rows if r["n"] == n)

            ratio = avg(large, "mean_ms") / avg(small, "mean_ms")
            mratio = avg(large, "median_ms") / avg(small, "median_ms")
            print(f"ratio {large:,}/{small:,} (time per new article): mean {ratio:.2f}  median {mratio:.2f}")
            report["timing_ratio_mean"] = ratio
            report["timing_ratio_median"] = mratio
        report["timing"] = rows
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
