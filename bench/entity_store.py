"""Entity queries at 10k and 100k articles: do an entity page and ``list_entities`` stay flat as the store grows?

    .venv/bin/python bench/entity_store.py [--sizes 10000,100000] [--entities 8] [--keep DIR]

Fills a fresh SQLite store per size through ``Store.save_enrichment`` (the write path ingest uses:
per-entity article counts kept on write) with synthetic articles naming ``--entities`` entities
each, drawn from a Zipf-like vocabulary (a few entities in most articles, a long tail), then times
the reads the CLI and pages make: ``list_entities`` (all types and one type), ``entity_types``,
``get_entity``, ``entity_article_ids`` (first and a deep page) and ``cooccurring_entities`` for
the most common entity and a tail one, plus ``save_enrichment`` per article. Prints milliseconds
per call for each size and the ratio of the largest size to the smallest (1.0 = flat).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsdesk.enrich.entities import Entity, entity_key
from newsdesk.storage import open_store

TYPES = ("PERSON", "ORG", "GPE", "LOC")


def vocabulary(size: int) -> list[Entity]:
    return [
        Entity(entity_key(TYPES[i % 4], f"Name {i}"), f"Name {i}", TYPES[i % 4], 1, f"Name {i} was there.")
        for i in range(size)
    ]


def fill(store, n: int, per_article: int, rng: random.Random) -> float:  # type: ignore[no-untyped-def]
    vocab = vocabulary(max(1000, n // 5))
    weights = [1 / (rank + 1) for rank in range(len(vocab))]
    start = time.perf_counter()
    for i in range(n):
        chosen = {e.key: e for e in rng.choices(vocab, weights=weights, k=per_article)}
        store.save_enrichment(f"a{i:07d}", entities=list(chosen.values()), keywords=[("flood", 0.8)], sort_ts=float(i))
    return (time.perf_counter() - start) / n * 1000


def timed(fn, repeat: int = 20) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def measure(store, top: str, tail: str, deep: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    return {
        "list_entities": timed(lambda: store.list_entities(limit=50)),
        "list_entities type=GPE": timed(lambda: store.list_entities(type="GPE", limit=50)),
        "entity_types": timed(store.entity_types),
        "get_entity": timed(lambda: store.get_entity(top)),
        "entity_article_ids top": timed(lambda: store.entity_article_ids(top, limit=20)),
        "entity_article_ids top, deep page": timed(lambda: store.entity_article_ids(top, limit=20, offset=deep)),
        "cooccurring top": timed(lambda: store.cooccurring_entities(top)),
        "cooccurring tail": timed(lambda: store.cooccurring_entities(tail)),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="article counts, comma-separated")
    parser.add_argument("--entities", type=int, default=8, help="entities per article")
    parser.add_argument("--keep", type=Path, help="build the databases here (default: a temporary folder)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    folder = args.keep or Path(tempfile.mkdtemp(prefix="entity-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    results: dict[int, dict[str, float]] = {}
    for n in sizes:
        path = folder / f"entities-{n}.db"
        path.unlink(missing_ok=True)
        store = open_store(f"sqlite:///{path}", check_schema=False)
        store.migrate()
        write_ms = fill(store, n, args.entities, random.Random(7))
        top = store.list_entities(limit=1)[0].key
        tail = store.list_entities(limit=1, offset=500)[0].key
        deep = max(0, store.get_entity(top).count - 60)  # type: ignore[union-attr]
        results[n] = {"save_enrichment": write_ms, **measure(store, top, tail, deep)}
        print(f"{n} articles: top entity in {store.get_entity(top).count} of them")  # type: ignore[union-attr]
        store.close()
    names = list(results[sizes[0]])
    print(f"{'ms per call':<36}" + "".join(f"{n:>12}" for n in sizes) + f"{'ratio':>8}")
    for name in names:
        row = [results[n][name] for n in sizes]
        print(f"{name:<36}" + "".join(f"{v:>12.3f}" for v in row) + f"{row[-1] / row[0]:>8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
