"""newsdesk's article similarity on SemEval-2022 Task 8 pairs, next to a plain TF-IDF cosine.

    python bench/similarity.py --pairs ../shared/corpora/semeval2022-pairs-dev/training_set.csv
           [--modes default,semantic,tfidf] [--pred-out FILE] [--json FILE] [--n-bootstrap 200]
           [--limit N] [--no-rows]
           [--embeddings-cache bench/out/minilm.npy]

Prints one JSON line per CSV row, ``{"row": N, "pair_id": ..., "score": ...}`` (N counts data rows
from 0; ``score`` is newsdesk's default similarity, higher = more similar; the other modes' scores
are extra keys), then, on stderr-free stdout after the rows, a table of -r (the negated Pearson r with
``Overall``: 1 very similar .. 4 very dissimilar) per mode: all rows (± bootstrap std), same- and
cross-language, each language pair; and texts/s per mode.

Modes:
  default   ``make_profile(text, headline=title, language=lang)`` per text, ``similarity(a, b)``;
            the title is the text's part before the first double space (the corpus joins title and
            body that way); no corpus statistics, nothing fitted on labels.
  semantic  the same profiles with the all-MiniLM-L6-v2 embedding (``newsdesk[semantic]``) blended in.
  tfidf     the peer, exactly ``score_pairs.py``'s ``tfidf_word`` (imported from ../shared/eval):
            TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2)) fitted on the file's texts.

``--pred-out FILE`` writes the default mode's scores in the official scorer's ``--pred`` format
(``{"<Unnamed: 0>": similarity}``; the semantic mode's to ``FILE.semantic.json``) and runs
``score_pairs.py CSV --pred FILE`` on each, printing the official table and both r (they must agree).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from _corpora import load_scorer

csv.field_size_limit(sys.maxsize)


def split_title(text: str) -> tuple[str | None, str]:
    head, sep, body = text.partition("  ")
    if sep and 0 < len(head) <= 300:
        return head.strip(), body
    return None, text


def profiles(rows, embedder=None):
    from newsdesk.enrich.similarity import make_profile

    out = []
    t0 = time.perf_counter()
    for r in rows:
        pair = []
        for k in ("1", "2"):
            title, body = split_title(r["text" + k])
            pair.append(make_profile(body, headline=title, language=r["lang" + k], embedder=embedder))
        out.append(pair)
    return out, 2 * len(rows) / (time.perf_counter() - t0)


class BatchEmbedder:
    """Encodes every text of the file once, in batches (as an ingest batch would), then serves them."""

    def __init__(self, rows, cache=None):
        texts = []
        for r in rows:
            for k in ("1", "2"):
                title, body = split_title(r["text" + k])
                texts.append(f"{title}\n{body}" if title else body)
        import numpy as np

        from newsdesk.enrich.semantic import load_embedder

        self.i = 0
        if cache and cache.exists():
            self.vectors = np.load(cache)
            if self.vectors.shape[0] == len(texts):
                self.rate = float("nan")  # not measured: read from the cache
                return
        embedder = load_embedder()
        t0 = time.perf_counter()
        self.vectors = embedder.encode(texts)
        self.rate = len(texts) / (time.perf_counter() - t0)
        if cache:
            cache.parent.mkdir(parents=True, exist_ok=True)
            np.save(cache, self.vectors)

    def encode(self, texts):
        v = self.vectors[self.i : self.i + len(texts)]
        self.i += len(texts)
        return v


def run_mode(mode, rows, shared, cache=None):
    from newsdesk.enrich.similarity import similarity

    if mode == "default":
        profs, rate = profiles(rows)
        return [similarity(a, b) for a, b in profs], rate
    if mode == "semantic":
        batch = BatchEmbedder(rows, cache)
        profs, _ = profiles(rows, embedder=batch)
        return [similarity(a, b) for a, b in profs], batch.rate
    if mode == "tfidf":
        sp = load_scorer(shared, "score_pairs")
        t0 = time.perf_counter()
        s = sp.METHODS["tfidf_word"](rows)
        return s, 2 * len(rows) / (time.perf_counter() - t0)
    raise SystemExit(f"unknown mode {mode!r}: use default, semantic, tfidf")


def boot_std(x, y, n, pearson, seed=0):
    if n < 2:
        return 0.0
    rng = random.Random(seed)
    m = len(x)
    vals = []
    for _ in range(n):
        s = [rng.randrange(m) for _ in range(m)]
        vals.append(pearson([x[i] for i in s], [y[i] for i in s]))
    mean = sum(vals) / n
    return (sum((v - mean) ** 2 for v in vals) / (n - 1)) ** 0.5


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pairs", required=True, type=Path)
    ap.add_argument("--modes", default="default,semantic,tfidf")
    ap.add_argument("--pred-out", type=Path)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--n-bootstrap", type=int, default=200)
    ap.add_argument("--limit", type=int)
    ap.add_argument(
        "--embeddings-cache", type=Path, help="a .npy file: reuse the semantic mode's embeddings (texts/s is then nan)"
    )
    ap.add_argument("--no-rows", action="store_true", help="skip the per-row JSON lines")
    ap.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared")
    a = ap.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    sp = load_scorer(a.shared, "score_pairs")
    with a.pairs.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))[: a.limit]
    gold = [float(r["Overall"]) for r in rows]
    modes = [m for m in a.modes.split(",") if m]
    if "default" not in modes:
        modes.insert(0, "default")
    scores, rates = {}, {}
    for m in modes:
        scores[m], rates[m] = run_mode(m, rows, a.shared, a.embeddings_cache)
    if not a.no_rows:
        for i, r in enumerate(rows):
            line = {"row": i, "pair_id": r["pair_id"], "score": round(scores["default"][i], 6)}
            line |= {m: round(scores[m][i], 6) for m in modes if m != "default"}
            print(json.dumps(line))
    groups: dict[str, list[int]] = {"all": list(range(len(rows)))}
    groups["same-language"] = [i for i, r in enumerate(rows) if r["lang1"] == r["lang2"]]
    groups["cross-language"] = [i for i, r in enumerate(rows) if r["lang1"] != r["lang2"]]
    pairs: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        pairs.setdefault(f"{r['lang1']}-{r['lang2']}", []).append(i)
    groups |= dict(sorted(pairs.items(), key=lambda kv: -len(kv[1])))
    result: dict = {"rows": len(rows), "modes": {}}
    print(f"\n-r (negated Pearson r with Overall), {len(rows)} rows of {a.pairs.name}")
    print("| group | n | " + " | ".join(modes) + " |")
    print("|---|---|" + "---|" * len(modes))
    for g, idx in groups.items():
        cells = []
        for m in modes:
            x, y = [scores[m][i] for i in idx], [gold[i] for i in idx]
            r = -sp.pearson(x, y)
            sd = boot_std(x, y, a.n_bootstrap, sp.pearson) if g == "all" else None
            result["modes"].setdefault(m, {})[g] = {"n": len(idx), "neg_r": r, "std": sd}
            cells.append(f"{r:+.3f}" + (f" ± {sd:.3f}" if sd is not None else ""))
        print(f"| {g} | {len(idx)} | " + " | ".join(cells) + " |")
    print("| texts/s | | " + " | ".join(f"{rates[m]:.0f}" for m in modes) + " |")
    if "tfidf" in modes:
        for m in modes:
            if m != "tfidf":
                d = result["modes"][m]["all"]["neg_r"] - result["modes"]["tfidf"]["all"]["neg_r"]
                print(f"{m} - tfidf: {d:+.3f} (-r, all rows)")
    for m in modes:
        result["modes"][m]["texts_per_s"] = rates[m]
    if a.pred_out:
        for m in modes:
            if m == "tfidf":
                continue
            pred = a.pred_out if m == "default" else a.pred_out.with_name(f"{a.pred_out.stem}.{m}.json")
            pred.parent.mkdir(parents=True, exist_ok=True)
            pred.write_text(json.dumps({r["Unnamed: 0"]: scores[m][i] for i, r in enumerate(rows)}))
            official_json = pred.with_suffix(".scores.json")
            cmd = [sys.executable, str(a.shared / "eval" / "score_pairs.py"), str(a.pairs), "--methods", "",
                   "--pred", str(pred), "--n-bootstrap", "0", "--json", str(official_json)]  # fmt: skip
            if a.limit:
                cmd += ["--limit", str(a.limit)]
            print(f"\nofficial scorer, {m}: " + " ".join(cmd))
            out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
            print(out.rstrip())
            official = json.loads(official_json.read_text())["pred"]["all"]["r"]
            ours = -result["modes"][m]["all"]["neg_r"]
            verdict = "agree" if abs(ours - official) < 1e-9 else "DISAGREE"
            print(f"r {m}: bench {ours:+.6f}, official scorer {official:+.6f}: {verdict}")
            result["modes"][m]["official_r"] = official
    if a.json:
        a.json.parent.mkdir(parents=True, exist_ok=True)
        a.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
