"""Fit the weights of the text-dump block classifier (``dumpmain.WEIGHTS``) on the dev corpora.

Each block of each lynx and w3m dump of extraction-dev and naeb-dev is labelled "in the body"
when most of its 4-token shingles are in the page's ground-truth body; a logistic regression
over ``dumpmain.FEATURES`` is fitted with numpy (L2-regularised, every page weighing the same)
and printed as a Python tuple to paste into ``dumpmain.py``. ``--holdout CORPUS`` fits on the
other corpus only, to see how the weights carry over to pages they were not fitted on.

    python bench/train_textdump.py [--holdout naeb-dev]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.dumps import dump_pages
from bench.textdump_dev import CACHE, CORPORA, _scorers, load_corpus
from newsdesk.extraction.dumpblocks import split_blocks
from newsdesk.extraction.dumpmain import FEATURES, block_features, pick_stoplist


def dataset(corpora: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    score_extraction, _ = _scorers()
    xs, ys, ws = [], [], []
    for corpus in corpora:
        pages = load_corpus(corpus)
        for tool in ("lynx", "w3m"):
            dumps = dump_pages([p for _, p, _ in pages], tool, CACHE)
            for _pid, path, gold in pages:
                blocks, _ = split_blocks(dumps[path])
                if not blocks:
                    continue
                gold_sh = score_extraction.shingles(gold)
                feats = block_features(blocks, pick_stoplist(blocks))
                sizes = []
                for b, f in zip(blocks, feats):
                    sh = score_extraction.shingles(b.text)
                    total = sum(sh.values())
                    xs.append(f)
                    ys.append(float(total > 0 and sum((sh & gold_sh).values()) / total > 0.5))
                    sizes.append(np.sqrt(max(1, total)))
                page = sum(sizes)
                ws.extend(s / page for s in sizes)
    return np.array(xs), np.array(ys), np.array(ws)


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float = 1e-3, steps: int = 3000) -> np.ndarray:
    mu, sd = x.mean(0), x.std(0)
    sd[sd == 0] = 1.0
    mu[0], sd[0] = 0.0, 1.0
    z = (x - mu) / sd
    beta = np.zeros(x.shape[1])
    w = w / w.sum()
    lr = 1.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-z @ beta))
        grad = z.T @ (w * (p - y)) + l2 * np.r_[0.0, beta[1:]]
        beta -= lr * grad
    # back to raw feature scale
    raw = beta / sd
    raw[0] = beta[0] - np.sum(beta[1:] * mu[1:] / sd[1:])
    return raw


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--holdout", choices=CORPORA)
    a = ap.parse_args()
    corpora = [c for c in CORPORA if c != a.holdout]
    x, y, w = dataset(corpora)
    beta = fit(x, y, w)
    p = 1 / (1 + np.exp(-x @ beta))
    print(
        f"# fitted on {corpora}: {len(y)} blocks, {y.mean():.3f} in the body, "
        f"weighted accuracy {np.sum(w * ((p > 0.5) == (y > 0.5))) / w.sum():.3f}"
    )
    print("WEIGHTS = (")
    for name, b in zip(FEATURES, beta):
        print(f"    {b:.4f},  # {name}")
    print(")")
    return 0


if __name__ == "__main__":
    sys.exit(main())
