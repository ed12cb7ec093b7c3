"""Shared helpers for the benchmarks in ``bench/``: load the dev corpora of ``shared/corpora/`` into
memory and load the official scorers of ``shared/eval/`` by path.

The scorers are imported, never copied, so a benchmark's figures are the figures the scorer CLIs
print for the same predictions. Each loader returns a :class:`Corpus`: the pages (HTML bytes already
read and decompressed, so timing covers extraction only) and the ground truth in the scorer's own
format, restricted to the loaded pages (``limit`` keeps the first N pages, in the corpus's order).

    shared = Path("../shared")
    corpus = load_corpus(shared, "naeb-dev", limit=20)
    score_meta = load_scorer(shared, "score_meta")
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

CORPUS_NAMES = ("extraction-dev", "naeb-dev", "htmldate-dev", "trafilatura-eval-dev")


@dataclass(frozen=True, slots=True)
class Page:
    """One stored page: ``key`` is its id in the scorer's prediction format."""

    key: str
    url: str | None
    path: Path
    html: bytes


@dataclass(frozen=True, slots=True)
class Corpus:
    name: str
    directory: Path
    pages: tuple[Page, ...]
    gold: Any  # the ground truth as the corpus's scorer reads it, limited to ``pages``


def load_scorer(shared: Path, name: str) -> ModuleType:
    """Import ``shared/eval/<name>.py`` (e.g. ``score_meta``, ``meta_common``) by path, once."""
    module_name = f"_shared_eval_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    path = shared / "eval" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(f"no scorer at {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


def load_corpus(shared: Path, name: str, limit: int | None = None) -> Corpus:
    """Load one of :data:`CORPUS_NAMES` from ``shared/corpora/``."""
    directory = shared / "corpora" / name
    if not directory.is_dir():
        raise FileNotFoundError(f"corpus {name!r} not found at {directory}")
    return _LOADERS[name](directory, limit)


def _read(path: Path) -> bytes:
    raw = path.read_bytes()
    return gzip.decompress(raw) if path.suffix == ".gz" else raw


def _url(key: str) -> str | None:
    """The page URL when the corpus key is one (trafilatura's set also has keys like ``hard::name``)."""
    return key if key.startswith(("http://", "https://")) else None


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _extraction_dev(directory: Path, limit: int | None) -> Corpus:
    gold = _json(directory / "ground-truth.json")
    ids = sorted(gold)[:limit]
    pages = tuple(
        Page(
            key=i,
            url=gold[i]["url"],
            path=directory / "html" / f"{i}.html.gz",
            html=_read(directory / "html" / f"{i}.html.gz"),
        )
        for i in ids
    )
    return Corpus("extraction-dev", directory, pages, {i: gold[i] for i in ids})


def _naeb_dev(directory: Path, limit: int | None) -> Corpus:
    # score_meta skips records without a stored page; so do we.
    records = [r for r in _json(directory / "news_articles.json") if r.get("html_file")][:limit]
    pages = tuple(
        Page(key=str(r["id"]), url=r["link"], path=directory / r["html_file"], html=_read(directory / r["html_file"]))
        for r in records
    )
    return Corpus("naeb-dev", directory, pages, records)


def _keyed_by_url(name: str, gold_file: str) -> Callable[[Path, int | None], Corpus]:
    def load(directory: Path, limit: int | None) -> Corpus:
        gold = _json(directory / gold_file)
        keys = list(gold)[:limit]
        pages = tuple(
            Page(key=k, url=_url(k), path=directory / gold[k]["file"], html=_read(directory / gold[k]["file"]))
            for k in keys
        )
        return Corpus(name, directory, pages, {k: gold[k] for k in keys})

    return load


_LOADERS: dict[str, Callable[[Path, int | None], Corpus]] = {
    "extraction-dev": _extraction_dev,
    "naeb-dev": _naeb_dev,
    "htmldate-dev": _keyed_by_url("htmldate-dev", "eval.json"),
    "trafilatura-eval-dev": _keyed_by_url("trafilatura-eval-dev", "evaldata.json"),
}
