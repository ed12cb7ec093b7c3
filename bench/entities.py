"""Entity tagging and keyword speed on the demo newsroom's pages (71 fictional articles), in one run.

    .venv/bin/python bench/entities.py [--repeat 3] [--json bench/out/entities.json]

Extracts the demo pages once, then times, on the same texts (headline + standfirst + body):

- ``full``: spaCy's whole small pipeline (tok2vec, tagger, parser, attribute_ruler, lemmatizer, ner);
- ``ner+senter``: tok2vec, the statistical sentence segmenter and ner;
- ``newsdesk``: what ``EntityTagger.tag_many`` runs (ner with its own tok2vec + the rule-based
  sentencizer) *including* newsdesk's folding of mentions into entities;
- ``keywords``: YAKE per article (``enrich/keywords.py``).

Prints docs/s for each and newsdesk's speed as a ratio to the full pipeline, plus the entities the
newsdesk tagger finds on the whole demo (per type) and how many spaCy mentions it folded.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsdesk.config import load_settings
from newsdesk.demo import manifest, read_page
from newsdesk.enrich.entities import _article_text, load_tagger, mentions_of
from newsdesk.enrich.keywords import keywords
from newsdesk.pipeline.extract import extract_article


def demo_articles() -> list:  # type: ignore[type-arg]
    load_settings()
    out = []
    for entry in manifest()["pages"]:
        try:
            out.append(extract_article(read_page(entry)))
        except Exception as exc:  # noqa: BLE001 -- a bench reports and goes on
            print(f"skipped {entry.get('file')}: {exc}", file=sys.stderr)
    return out


def best_rate(fn, n: int, repeat: int) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return n / best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each system; the best is kept")
    parser.add_argument("--json", type=Path, help="write the figures here too")
    args = parser.parse_args()

    import spacy

    articles = demo_articles()
    texts = [t for t in (_article_text(a) for a in articles) if t]
    words = sum(len(t.split()) for t in texts)
    tagger = load_tagger()
    full = spacy.load(tagger.model_name)
    senter = spacy.load(tagger.model_name, exclude=["tagger", "parser", "attribute_ruler", "lemmatizer"])
    senter.enable_pipe("senter")

    rates = {
        "full": best_rate(lambda: list(full.pipe(texts, batch_size=16)), len(texts), args.repeat),
        "ner+senter": best_rate(lambda: list(senter.pipe(texts, batch_size=16)), len(texts), args.repeat),
        "newsdesk": best_rate(lambda: tagger.tag_many(articles), len(texts), args.repeat),
        "keywords": best_rate(lambda: [keywords(a) for a in articles], len(articles), args.repeat),
    }
    found = tagger.tag_many(articles)
    mentions = sum(len(mentions_of(doc)[0]) for doc in tagger.nlp.pipe(texts))
    per_type = Counter(e.type for ents in found for e in ents)
    distinct = len({e.key for ents in found for e in ents})
    print(f"demo newsroom: {len(texts)} articles, {words / len(texts):.0f} words on average; model {tagger.model_name}")
    print(f"{'system':<12} {'docs/s':>8} {'vs full':>8}")
    for name, rate in rates.items():
        ratio = f"{rate / rates['full']:.2f}x" if name != "keywords" else ""
        print(f"{name:<12} {rate:>8.1f} {ratio:>8}")
    print(
        f"entities: {sum(len(e) for e in found)} per-article entities from {mentions} kept spaCy mentions, "
        f"{distinct} distinct keys; by type: {dict(per_type.most_common())}"
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        payload = {"articles": len(texts), "docs_per_s": rates, "per_type": dict(per_type), "distinct": distinct}
        args.json.write_text(json.dumps(payload, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
