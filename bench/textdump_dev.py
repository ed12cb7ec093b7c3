"""Benchmark (and dev loop) of the plain-text page-dump extractor.

Dumps the corpus pages with real text browsers (lynx, w3m; cached under ``bench/out/``),
runs :func:`newsdesk.extraction.textdump.extract_text_dump` on each dump and scores the body
with the corpus scorers in ``shared/eval`` (imported by path, not copied):

    python bench/textdump_dev.py                 # extraction-dev and naeb-dev, lynx and w3m
    python bench/textdump_dev.py --corpus extraction-dev --tool lynx --worst 5
    python bench/textdump_dev.py --show ID --tool w3m   # one page: dump, prediction, truth

Prints precision / recall / F1 of the 4-token shingle metric per tool and corpus; with ``--meta``, also
naeb-dev's title exact match, author-set F1 and publication day (``shared/eval/score_meta.py``'s definitions).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.dumps import available, dump_pages
from newsdesk.extraction.textdump import extract_text_dump

SHARED = ROOT.parent / "shared"
CACHE = ROOT / "bench" / "out" / "dumps"
CORPORA = ("extraction-dev", "naeb-dev")
DEFAULT_TOOLS = ("lynx", "w3m")


def _scorers() -> tuple[object, object]:
    sys.path.insert(0, str(SHARED / "eval"))
    import meta_common  # type: ignore[import-not-found]
    import score_extraction  # type: ignore[import-not-found]

    return score_extraction, meta_common


def load_corpus(name: str) -> list[tuple[str, Path, str]]:
    """(id, html path, gold body) for each page of ``name``."""
    base = SHARED / "corpora" / name
    if name == "extraction-dev":
        gt = json.loads((base / "ground-truth.json").read_text(encoding="utf-8"))
        return [(i, base / "html" / f"{i}.html.gz", gt[i]["articleBody"]) for i in sorted(gt)]
    records = json.loads((base / "news_articles.json").read_text(encoding="utf-8"))
    return [(str(r["id"]), base / r["html_file"], r["text"]) for r in records if r.get("html_file")]


def run(corpus: str, tool: str) -> tuple[dict[str, str], dict[str, tuple[float, float, float]], float]:
    """Predicted bodies, per-page (tp, fp, fn) and pages per second."""
    score_extraction, _meta_common = _scorers()
    pages = load_corpus(corpus)
    dumps = dump_pages([p for _, p, _ in pages], tool, CACHE)
    preds: dict[str, str] = {}
    counts: dict[str, tuple[float, float, float]] = {}
    start = time.perf_counter()
    for pid, path, _gold in pages:
        preds[pid] = extract_text_dump(dumps[path], input=str(path)).text
    elapsed = time.perf_counter() - start
    for pid, _path, gold in pages:
        counts[pid] = score_extraction.page_counts(gold, preds[pid])  # type: ignore[attr-defined]
    return preds, counts, len(pages) / elapsed if elapsed else 0.0


def meta_figures(tool: str) -> dict[str, float]:
    """naeb-dev's headline, author and date figures for the dumps ``tool`` makes of its pages."""
    _score_extraction, meta_common = _scorers()
    base = SHARED / "corpora" / "naeb-dev"
    records = {str(r["id"]): r for r in json.loads((base / "news_articles.json").read_text(encoding="utf-8"))}
    pages = load_corpus("naeb-dev")
    dumps = dump_pages([p for _, p, _ in pages], tool, CACHE)
    title = authors = day = 0.0
    for pid, path, _gold in pages:
        art = extract_text_dump(dumps[path], input=str(path))
        rec = records[pid]
        title += meta_common.norm_text(art.headline or "") == meta_common.norm_text(rec["title"] or "")  # type: ignore[attr-defined]
        authors += meta_common.set_prf(meta_common.name_set(rec["authors"]), meta_common.name_set(list(art.authors)))[2]  # type: ignore[attr-defined]
        day += bool(art.published_at) and meta_common.to_day(art.published_at) == rec["date"][:10]  # type: ignore[attr-defined]
    n = len(pages) or 1
    return {"title": title / n, "authors": authors / n, "day": day / n}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", action="append", choices=CORPORA)
    ap.add_argument("--tool", action="append", choices=DEFAULT_TOOLS)
    ap.add_argument("--worst", type=int, default=0, help="list the N pages with the lowest F1")
    ap.add_argument("--show", help="print the dump, prediction and truth of one page id")
    ap.add_argument("--meta", action="store_true", help="also score headline, authors and date on naeb-dev")
    a = ap.parse_args(argv)
    score_extraction, _ = _scorers()
    corpora = a.corpus or list(CORPORA)
    tools = [t for t in (a.tool or DEFAULT_TOOLS) if available(t)]
    if a.show:
        for corpus in corpora:
            for pid, path, gold in load_corpus(corpus):
                if pid == a.show:
                    dump = dump_pages([path], tools[0], CACHE)[path]
                    art = extract_text_dump(dump, input=str(path))
                    print(
                        dump,
                        "\n======== PREDICTION",
                        art.to_dict(),
                        "\n======== TEXT\n",
                        art.text,
                        "\n======== TRUTH\n",
                        gold,
                        sep="\n",
                    )
        return 0
    print(f"{'corpus':<16} {'tool':<6} {'n':>4} {'P':>6} {'R':>6} {'F1':>6} {'pages/s':>8}")
    for corpus in corpora:
        for tool in tools:
            _preds, counts, speed = run(corpus, tool)
            m = score_extraction.aggregate(list(counts.values()))  # type: ignore[attr-defined]
            print(
                f"{corpus:<16} {tool:<6} {len(counts):>4} {m['precision']:6.3f} {m['recall']:6.3f} "
                f"{m['f1']:6.3f} {speed:8.1f}"
            )
            if a.worst:
                ranked = sorted(counts.items(), key=lambda kv: _page_f1(score_extraction, kv[1]))
                for pid, c in ranked[: a.worst]:
                    p = score_extraction.page_precision(*c)  # type: ignore[attr-defined]
                    r = score_extraction.page_recall(*c)  # type: ignore[attr-defined]
                    print(f"    {pid[:16]:<16} P={p:.2f} R={r:.2f}")
    if a.meta:
        print(f"\n{'naeb-dev meta':<16} {'tool':<6} {'title':>6} {'author':>6} {'day':>6}")
        for tool in tools:
            m = meta_figures(tool)
            print(f"{'':<16} {tool:<6} {m['title']:6.3f} {m['authors']:6.3f} {m['day']:6.3f}")
    return 0


def _page_f1(score_extraction: object, c: tuple[float, float, float]) -> float:
    p = score_extraction.page_precision(*c)  # type: ignore[attr-defined]
    r = score_extraction.page_recall(*c)  # type: ignore[attr-defined]
    return 2 * p * r / (p + r) if p + r else 0.0


if __name__ == "__main__":
    sys.exit(main())
