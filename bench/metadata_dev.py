"""Benchmark of newsdesk's page metadata (``newsdesk.extraction.metadata.read_metadata``).

    python bench/metadata_dev.py                      # NAEB + htmldate + trafilatura-eval dev halves
    python bench/metadata_dev.py --corpus naeb --show title,authors,date   # also list the misses

Runs ``read_metadata`` on each dev page (with the corpus URL as ``url=``, as the peers were given),
writes prediction files under ``bench/out/`` and scores them with the shared scorers in
``/work/shared/eval`` (imported, not copied). Also reports the time metadata takes per page
(parsing the page is not counted: the HTML extractor parses it once for everyone).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

from trafilatura.utils import load_html

from newsdesk.extraction.assemble import Draft
from newsdesk.extraction.decode import decode_bytes
from newsdesk.extraction.metadata import read_metadata

SHARED = Path("/work/shared")
CORPORA = SHARED / "corpora"
OUT = Path(__file__).resolve().parent / "out"
sys.path.insert(0, str(SHARED / "eval"))

import score_dates
import score_meta
from meta_common import name_set, norm_text, set_prf, to_day


def run_page(raw: bytes, url: str | None) -> tuple[Draft, float]:
    html = decode_bytes(raw)
    tree = load_html(html)
    draft = Draft()
    if tree is None:
        return draft, 0.0
    start = time.perf_counter()
    read_metadata(tree, html, url=url, draft=draft)
    return draft, time.perf_counter() - start


def _day(draft: Draft) -> str | None:
    value = draft.get("published_at")
    return value.strftime("%Y-%m-%d") if value else None


def bench_naeb(show: set[str]) -> dict[str, float]:
    corpus = CORPORA / "naeb-dev"
    gold = json.loads((corpus / "news_articles.json").read_text(encoding="utf-8"))
    preds: dict[str, dict[str, object]] = {}
    spent = 0.0
    drafts = {}
    for rec in gold:
        if not rec.get("html_file"):
            continue
        draft, secs = run_page(gzip.decompress((corpus / rec["html_file"]).read_bytes()), rec["link"])
        spent += secs
        drafts[rec["id"]] = draft
        preds[str(rec["id"])] = {
            "title": draft.get("headline"),
            "authors": list(draft.get("authors", ())),
            "date": _day(draft),
            "text": "",
        }
    OUT.mkdir(exist_ok=True)
    (OUT / "naeb-dev-meta.json").write_text(json.dumps(preds, indent=1, ensure_ascii=False))
    m = score_meta.score(gold, preds)
    for rec in gold:
        p = preds.get(str(rec["id"]))
        if not p:
            continue
        d = drafts[rec["id"]]
        if "title" in show and norm_text(p["title"]) != norm_text(rec["title"]):
            print(f"TITLE {rec['id']} [{d.provenance.get('headline')}] {p['title']!r}\n      gold {rec['title']!r}")
        if "authors" in show:
            f = set_prf(name_set(rec["authors"]), name_set(p["authors"]))[2]
            if f < 1:
                print(
                    f"AUTH {rec['id']} {rec['site']} [{d.provenance.get('authors')}] {p['authors']} gold {rec['authors']!r}"
                )
        if "date" in show and rec.get("date") and to_day(p["date"]) != rec["date"]:
            print(
                f"DATE {rec['id']} [{d.provenance.get('published_at')}] {d.get('published_at')} gold {rec['date']} {rec['link']}"
            )
    m["ms_per_page"] = 1000 * spent / len(preds)
    print(
        f"naeb-dev: {m['pages']} pages  title exact {m['title_exact']:.3f}  author F1 {m['author_f1_all']:.3f} "
        f"(gold non-empty {m['author_f1_gold_nonempty']:.3f}, invents {m['author_invented_rate']:.3f})  "
        f"date day {m['date_day_acc']:.3f}  metadata {m['ms_per_page']:.1f} ms/page"
    )
    return m


def bench_htmldate(show: set[str]) -> dict[str, float]:
    corpus = CORPORA / "htmldate-dev"
    gold = json.loads((corpus / "eval.json").read_text(encoding="utf-8"))
    preds: dict[str, str | None] = {}
    spent = 0.0
    for url, rec in gold.items():
        draft, secs = run_page(gzip.decompress((corpus / rec["file"]).read_bytes()), url)
        spent += secs
        preds[url] = _day(draft)
        if "date" in show and preds[url] != rec["date"]:
            print(
                f"DATE [{draft.provenance.get('published_at')}] {preds[url]} gold {rec['date']} {rec['file']} {url[:100]}"
            )
    OUT.mkdir(exist_ok=True)
    (OUT / "htmldate-dev-dates.json").write_text(json.dumps(preds, indent=1))
    m = score_dates.score(gold, preds)
    m["ms_per_page"] = 1000 * spent / len(preds)
    print(
        f"htmldate-dev: {m['pages']} pages  day acc {m['day_acc']:.3f}  by source {m['day_acc_by_source']}  "
        f"upstream F1 {m['upstream_f1']:.3f}  metadata {m['ms_per_page']:.1f} ms/page"
    )
    return m


def bench_trafilatura(show: set[str]) -> dict[str, float]:
    """trafilatura-eval's metadata annotations: title, author, date where annotated (non-empty)."""
    corpus = CORPORA / "trafilatura-eval-dev"
    gold = json.loads((corpus / "evaldata.json").read_text(encoding="utf-8"))
    counts = {"title": [0, 0], "author": [0.0, 0], "date": [0, 0]}
    spent = 0.0
    n = 0
    for url, rec in gold.items():
        if not any(rec.get(k) for k in ("title", "author", "date")):
            continue
        draft, secs = run_page(gzip.decompress((corpus / rec["file"]).read_bytes()), url)
        spent += secs
        n += 1
        if rec.get("title"):
            ok = norm_text(draft.get("headline")) == norm_text(rec["title"])
            counts["title"][0] += ok
            counts["title"][1] += 1
            if "title" in show and not ok:
                print(f"TITLE {draft.get('headline')!r}\n      gold {rec['title']!r}")
        if rec.get("author"):
            f = set_prf(name_set(rec["author"]), name_set(list(draft.get("authors", ()))))[2]
            counts["author"][0] += f
            counts["author"][1] += 1
            if "authors" in show and f < 1:
                print(
                    f"AUTH [{draft.provenance.get('authors')}] {list(draft.get('authors', ()))} gold {rec['author']!r} {url[:80]}"
                )
        if rec.get("date"):
            ok = _day(draft) == to_day(rec["date"])
            counts["date"][0] += ok
            counts["date"][1] += 1
            if "date" in show and not ok:
                print(f"DATE [{draft.provenance.get('published_at')}] {_day(draft)} gold {rec['date']} {url[:90]}")
    m = {k: v[0] / v[1] for k, v in counts.items() if v[1]}
    m.update({f"{k}_pages": v[1] for k, v in counts.items()})
    m["ms_per_page"] = 1000 * spent / max(n, 1)
    print(
        f"trafilatura-eval-dev (annotated pages): title exact {m['title']:.3f} ({m['title_pages']})  "
        f"author F1 {m['author']:.3f} ({m['author_pages']})  date day {m['date']:.3f} ({m['date_pages']})  "
        f"metadata {m['ms_per_page']:.1f} ms/page"
    )
    return m


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default="all", choices=["all", "naeb", "htmldate", "trafilatura"])
    ap.add_argument("--show", default="", help="comma-separated fields whose misses to list: title,authors,date")
    a = ap.parse_args()
    show = set(filter(None, a.show.split(",")))
    results = {}
    if a.corpus in ("all", "naeb"):
        results["naeb-dev"] = bench_naeb(show)
    if a.corpus in ("all", "htmldate"):
        results["htmldate-dev"] = bench_htmldate(show)
    if a.corpus in ("all", "trafilatura"):
        results["trafilatura-eval-dev"] = bench_trafilatura(show)
    OUT.mkdir(exist_ok=True)
    (OUT / "metadata-scores.json").write_text(json.dumps(results, indent=2, default=str))


if __name__ == "__main__":
    main()
