"""newsdesk against its peers (trafilatura, newspaper4k, htmldate) on the same pages in one run.

    python bench/extraction.py [--shared ../shared] [--corpus NAME ...] [--systems newsdesk,trafilatura]
                               [--limit N] [--json FILE] [--write-preds DIR]

One table per corpus (rows = systems, columns = the corpus's figures), scored by the official
scorers in ``shared/eval/`` (imported by path, so the figures are theirs), plus each system's
pages per second and newsdesk's speed as a ratio to trafilatura's. Corpora:

- ``extraction-dev``        body P/R/F1 over 4-token shingles (``score_extraction.py``)
- ``naeb-dev``              title exact, author-set F1, publication day, body F1 (``score_meta.py``)
- ``htmldate-dev``          publication-day accuracy (``score_dates.py``)
- ``trafilatura-eval-dev``  with/without snippet P/R/F1 (``score_snippets.py``)
- ``textdump``              extraction-dev and naeb-dev pages dumped by lynx and w3m (``bench/dumps.py``,
                            cached in ``bench/out/dumps``): newsdesk reads the dump as a text page,
                            trafilatura reads the dump's lines as the ``<p>`` paragraphs of an HTML page.

Every system gets the page's bytes and URL; an extraction error counts as an empty prediction.
Timing is the wall-clock time of the extraction calls only (pages are read beforehand), one process.
The network is blocked for the whole run. See ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import html as html_lib
import json
import logging
import os
import re
import socket
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpora import Corpus, load_corpus, load_scorer
from dumps import available, dump_pages

with warnings.catch_warnings():  # newspaper4k warns on import that nltk is missing (its NLP extras only)
    warnings.simplefilter("ignore")
    import htmldate
    import newspaper
    import trafilatura

import newsdesk
from newsdesk.models import FetchedPage

try:  # newsdesk's extraction is work in progress: if it cannot be imported, its pages count as errors
    from newsdesk.pipeline.extract import extract_article

    NEWSDESK_IMPORT_ERROR: Exception | None = None
except Exception as exc:  # noqa: BLE001
    NEWSDESK_IMPORT_ERROR = exc

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = REPO_ROOT.parent / "shared"
DUMP_CACHE = REPO_ROOT / "bench" / "out" / "dumps"
CORPORA = ("extraction-dev", "naeb-dev", "htmldate-dev", "trafilatura-eval-dev", "textdump")
SYSTEMS = ("newsdesk", "trafilatura", "newspaper4k", "htmldate")
DUMP_TOOLS = ("lynx", "w3m")
N_BOOTSTRAP = 1000  # score_extraction.py's default, so the ± figures match its CLI


# ------------------------------------------------------------------ predictions and runs
@dataclass(frozen=True, slots=True)
class Prediction:
    body: str = ""
    title: str | None = None
    authors: tuple[str, ...] = ()
    date: str | None = None  # YYYY-MM-DD


EMPTY = Prediction()

# What a system is asked for is one callable: (page bytes or text, url) -> Prediction.
Extract = Callable[[Any, "str | None"], Prediction]


@dataclass(frozen=True, slots=True)
class Item:
    """One input as a system sees it: the corpus key, the content handed over, the page URL."""

    key: str
    content: Any
    url: str | None


@dataclass(slots=True)
class Run:
    system: str
    preds: dict[str, Prediction]
    seconds: float
    errors: Counter[str] = field(default_factory=Counter)

    @property
    def pages_per_s(self) -> float:
        return len(self.preds) / self.seconds if self.seconds else 0.0

    def timing(self) -> dict[str, Any]:
        return {
            "pages": len(self.preds),
            "seconds": round(self.seconds, 3),
            "pages_per_s": round(self.pages_per_s, 2),
            "errors": sum(self.errors.values()),
            "error_kinds": dict(self.errors),
        }


def run_systems(extractors: dict[str, Extract], items: list[Item]) -> list[Run]:
    """Run every system on every item, timing the extraction calls only; an exception gives an empty
    prediction. Systems take turns page by page, so a change in the machine's load weighs on all alike;
    each first makes one untimed call, so a library's lazy set-up is not billed to one page."""
    runs = [Run(name, {}, 0.0) for name in extractors]
    for run, extract in zip(runs, extractors.values()):
        if items:
            _call(extract, items[0], Run(run.system, {}, 0.0))
    for item in items:
        for run, extract in zip(runs, extractors.values()):
            run.preds[item.key] = _call(extract, item, run)
    return runs


def _call(extract: Extract, item: Item, run: Run) -> Prediction:
    start = time.perf_counter()
    try:
        pred = extract(item.content, item.url)
    except Exception as exc:  # noqa: BLE001 - an extraction error is an empty prediction, counted by kind
        pred = EMPTY
        run.errors[type(exc).__name__] += 1
    run.seconds += time.perf_counter() - start
    return pred


def html_items(corpus: Corpus) -> list[Item]:
    return [Item(p.key, p.html, p.url) for p in corpus.pages]


# ------------------------------------------------------------------ systems
def _day(value: Any) -> str | None:
    """A date as the scorers read it: a datetime's own calendar day (no timezone conversion)."""
    if isinstance(value, (datetime, date)):
        return value.strftime("%Y-%m-%d")
    return str(value) if value else None


def newsdesk_html(content: bytes, url: str | None) -> Prediction:
    return _newsdesk(content, url, "html")


def newsdesk_text(content: bytes, url: str | None) -> Prediction:
    return _newsdesk(content, url, "text")


def newsdesk_metadata(content: bytes, url: str | None) -> Prediction:
    """``newsdesk extract --metadata-only``: what trafilatura's ``extract_metadata`` is to its ``extract``."""
    return _newsdesk(content, url, "html", metadata_only=True)


def _newsdesk(content: bytes, url: str | None, kind: str, *, metadata_only: bool = False) -> Prediction:
    if NEWSDESK_IMPORT_ERROR is not None:
        raise NEWSDESK_IMPORT_ERROR
    page = FetchedPage(input=url or "page", content=content, url=url, kind=kind)
    article = extract_article(page, metadata_only=metadata_only)
    return Prediction(
        body=article.text, title=article.headline, authors=tuple(article.authors), date=_day(article.published_at)
    )


def trafilatura_body(content: Any, url: str | None) -> Prediction:
    """``include_comments=False``: the article without its readers' comments, as the eval README's peer
    figures were made (with comments, extraction-dev F1 is .962 instead of its .965)."""
    return Prediction(body=trafilatura.extract(content, url=url, include_comments=False) or "")


def trafilatura_meta(content: Any, url: str | None) -> Prediction:
    doc = trafilatura.extract_metadata(content, default_url=url)
    return Prediction(title=doc.title, authors=(doc.author,) if doc.author else (), date=_day(doc.date))


def trafilatura_full(content: Any, url: str | None) -> Prediction:
    """Body as ``extract()`` gives it plus the metadata: two calls, as a user wanting both makes them."""
    meta = trafilatura_meta(content, url)
    return Prediction(body=trafilatura_body(content, url).body, title=meta.title, authors=meta.authors, date=meta.date)


def newspaper4k(content: bytes, url: str | None) -> Prediction:
    article = newspaper.Article(url or "")
    article.download(input_html=content)
    article.parse()
    return Prediction(
        body=article.text or "",
        title=article.title or None,
        authors=tuple(article.authors),
        date=_day(article.publish_date),
    )


def htmldate_extensive(content: bytes, url: str | None) -> Prediction:
    return Prediction(date=_day(htmldate.find_date(content, url=url, extensive_search=True, original_date=True)))


# Fields each system fills; the others show as "–" in tables that score them.
FIELDS = {"htmldate": {"date"}}


def versions() -> dict[str, str]:
    return {
        "newsdesk": newsdesk.__version__,
        "trafilatura": trafilatura.__version__,
        "newspaper4k": newspaper.__version__,
        "htmldate": htmldate.__version__,
    }


# ------------------------------------------------------------------ tables
@dataclass(frozen=True, slots=True)
class Column:
    header: str
    key: str
    fmt: str = ".3f"
    field: str = "body"  # which prediction field the figure scores


TIMING_COLUMNS = (Column("errors", "errors", "d", ""), Column("pages/s", "pages_per_s", ".1f", ""))


def print_table(title: str, rows: dict[str, dict[str, Any]], columns: tuple[Column, ...]) -> None:
    columns = columns + TIMING_COLUMNS
    print(f"\n### {title}\n")
    print("| system | pages | " + " | ".join(c.header for c in columns) + " |")
    print("|---|---:|" + "---:|" * len(columns))
    for system, figures in rows.items():
        cells = [_cell(system, figures, c) for c in columns]
        print(f"| {system} | {figures['pages']} | " + " | ".join(cells) + " |")
    _print_speed_ratio(rows)


def _cell(system: str, figures: dict[str, Any], column: Column) -> str:
    base = system.split(" ")[0]
    if column.field and base in FIELDS and column.field not in FIELDS[base]:
        return "–"
    value = figures.get(column.key)
    if value is None:
        return "–"
    text = format(value, column.fmt)
    std = figures.get(column.key + "_std")
    return f"{text} ± {std:.3f}" if std is not None else text


def _print_speed_ratio(rows: dict[str, dict[str, Any]]) -> None:
    """newsdesk's speed as a ratio to trafilatura's, for each newsdesk row (the whole article, metadata only)."""
    theirs = next((f for s, f in rows.items() if s.startswith("trafilatura")), None)
    if not theirs or not theirs["pages_per_s"]:
        return
    for system, ours in rows.items():
        if system.startswith("newsdesk") and ours["errors"] < ours["pages"]:
            ratio = ours["pages_per_s"] / theirs["pages_per_s"]
            print(
                f"\n{system} speed = {ratio:.2f} x trafilatura's "
                f"({ours['pages_per_s']:.1f} vs {theirs['pages_per_s']:.1f} pages/s)"
            )


# ------------------------------------------------------------------ context shared by the corpus benches
@dataclass(slots=True)
class Context:
    shared: Path
    systems: tuple[str, ...]
    limit: int | None
    preds_dir: Path | None
    results: dict[str, Any] = field(default_factory=dict)

    def scorer(self, name: str) -> Any:
        return load_scorer(self.shared, name)

    def corpus(self, name: str) -> Corpus:
        return load_corpus(self.shared, name, self.limit)

    def runs(self, extractors: dict[str, Extract], items: list[Item]) -> list[Run]:
        return run_systems({name: fn for name, fn in extractors.items() if name.split(" ")[0] in self.systems}, items)

    def record(
        self,
        table: str,
        slug: str,
        runs: list[Run],
        figures: dict[str, dict[str, Any]],
        columns: tuple[Column, ...],
        formatter: Callable[[Prediction], Any],
        keys: list[str],
    ) -> None:
        """Print and keep one table; write its predictions to ``preds_dir/slug/`` when asked."""
        rows = {run.system: {**figures[run.system], **run.timing()} for run in runs}
        print_table(table, rows, columns)
        self.results[table] = rows
        if self.preds_dir:
            _write_preds(self.preds_dir / slug, runs, formatter, keys)


def _write_preds(directory: Path, runs: list[Run], formatter: Callable[[Prediction], Any], keys: list[str]) -> None:
    """One file per system in the scorer's prediction format, plus ``ids.txt`` (the pages scored)."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "ids.txt").write_text("".join(f"{k}\n" for k in keys), encoding="utf-8")
    first_words = Counter(run.system.split(" ")[0] for run in runs)
    for run in runs:
        out = {key: formatter(pred) for key, pred in run.preds.items()}
        # a system's first word ("newsdesk" for "newsdesk (text page)"), unless two rows share it
        name = run.system.split(" ")[0]
        if first_words[name] > 1 and name != run.system:
            name = re.sub(r"\W+", "-", run.system).strip("-")  # "newsdesk-metadata-only"
        (directory / f"{name}.json").write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")


def _as_body(pred: Prediction) -> dict[str, str]:
    return {"articleBody": pred.body}


def _as_meta(pred: Prediction) -> dict[str, Any]:
    return {"title": pred.title, "authors": list(pred.authors), "date": pred.date, "text": pred.body}


def _as_date(pred: Prediction) -> str | None:
    return pred.date


def _as_text(pred: Prediction) -> str | None:
    return pred.body or None


# ------------------------------------------------------------------ one function per corpus
BODY_COLUMNS = (
    Column("F1", "f1"),
    Column("P", "precision"),
    Column("R", "recall"),
    Column("exact", "accuracy"),
    Column("empty", "empty_predictions", "d"),
)
META_COLUMNS = (
    Column("title exact", "title_exact", field="title"),
    Column("author F1", "author_f1_all", field="authors"),
    Column("author F1 (gold≠∅)", "author_f1_gold_nonempty", field="authors"),
    Column("invents author", "author_invented_rate", field="authors"),
    Column("date day", "date_day_acc", field="date"),
    Column("body 4-sh F1", "body_sh4_f1"),
    Column("P", "body_sh4_p"),
    Column("R", "body_sh4_r"),
    Column("body BoW F1", "body_bow_f1"),
)
NAEB_BODY_COLUMNS = (
    Column("body 4-sh F1", "body_sh4_f1"),
    Column("P", "body_sh4_p"),
    Column("R", "body_sh4_r"),
    Column("body BoW F1", "body_bow_f1"),
)
DATE_COLUMNS = (
    Column("day acc", "day_acc", field="date"),
    Column("upstream P", "upstream_precision", field="date"),
    Column("upstream R", "upstream_recall", field="date"),
    Column("upstream F1", "upstream_f1", field="date"),
)
SNIPPET_COLUMNS = (
    Column("P", "precision"),
    Column("R", "recall"),
    Column("Acc", "accuracy"),
    Column("F1", "f1"),
    Column("empty", "empty_outputs", "d"),
)


def score_bodies(ctx: Context, corpus: Corpus, run: Run) -> dict[str, Any]:
    scorer = ctx.scorer("score_extraction")
    pred = {key: _as_body(p) for key, p in run.preds.items()}
    figures = scorer.evaluate(corpus.gold, pred, n_bootstrap=N_BOOTSTRAP, seed=0, ids=[p.key for p in corpus.pages])
    return {k: v for k, v in figures.items() if k != "n" and not (k.endswith("_std") and k != "f1_std")}


def score_naeb(ctx: Context, corpus: Corpus, run: Run) -> dict[str, Any]:
    return ctx.scorer("score_meta").score(corpus.gold, {key: _as_meta(p) for key, p in run.preds.items()})


def bench_extraction_dev(ctx: Context) -> None:
    corpus = ctx.corpus("extraction-dev")
    extractors = {"newsdesk": newsdesk_html, "trafilatura": trafilatura_body, "newspaper4k": newspaper4k}
    runs = ctx.runs(extractors, html_items(corpus))
    figures = {run.system: score_bodies(ctx, corpus, run) for run in runs}
    ctx.record(
        "extraction-dev (body, 4-shingles)",
        corpus.name,
        runs,
        figures,
        BODY_COLUMNS,
        _as_body,
        [p.key for p in corpus.pages],
    )


def bench_naeb_dev(ctx: Context) -> None:
    corpus = ctx.corpus("naeb-dev")
    extractors = {
        "newsdesk": newsdesk_html,
        "trafilatura": trafilatura_full,
        "newspaper4k": newspaper4k,
        "htmldate": htmldate_extensive,
    }
    runs = ctx.runs(extractors, html_items(corpus))
    figures = {run.system: score_naeb(ctx, corpus, run) for run in runs}
    ctx.record(
        "naeb-dev (metadata and body)",
        corpus.name,
        runs,
        figures,
        META_COLUMNS,
        _as_meta,
        [p.key for p in corpus.pages],
    )


def bench_htmldate_dev(ctx: Context) -> None:
    corpus = ctx.corpus("htmldate-dev")
    extractors = {
        "newsdesk": newsdesk_html,
        "newsdesk (metadata only)": newsdesk_metadata,
        "trafilatura": trafilatura_meta,
        "newspaper4k": newspaper4k,
        "htmldate": htmldate_extensive,
    }
    runs = ctx.runs(extractors, html_items(corpus))
    scorer = ctx.scorer("score_dates")
    figures = {run.system: scorer.score(corpus.gold, {k: p.date for k, p in run.preds.items()}) for run in runs}
    ctx.record(
        "htmldate-dev (publication day)",
        corpus.name,
        runs,
        figures,
        DATE_COLUMNS,
        _as_date,
        [p.key for p in corpus.pages],
    )


def bench_trafilatura_eval_dev(ctx: Context) -> None:
    corpus = ctx.corpus("trafilatura-eval-dev")
    extractors = {"newsdesk": newsdesk_html, "trafilatura": trafilatura_body, "newspaper4k": newspaper4k}
    runs = ctx.runs(extractors, html_items(corpus))
    scorer = ctx.scorer("score_snippets")
    figures = {run.system: scorer.score(corpus.gold, {k: _as_text(p) for k, p in run.preds.items()}) for run in runs}
    ctx.record(
        "trafilatura-eval-dev (snippets)",
        corpus.name,
        runs,
        figures,
        SNIPPET_COLUMNS,
        _as_text,
        [p.key for p in corpus.pages],
    )


def bench_textdump(ctx: Context) -> None:
    for tool in DUMP_TOOLS:
        if not available(tool):
            print(f"\n(skipping {tool} dumps: {tool} is not installed)")
            continue
        for name, score, columns, formatter in (
            ("extraction-dev", score_bodies, BODY_COLUMNS, _as_body),
            ("naeb-dev", score_naeb, NAEB_BODY_COLUMNS, _as_meta),
        ):
            corpus = ctx.corpus(name)
            runs = ctx.runs(_dump_extractors(), dump_items(corpus, tool))
            figures = {run.system: score(ctx, corpus, run) for run in runs}
            ctx.record(
                f"{name} {tool} dump (body)",
                f"{name}-{tool}",
                runs,
                figures,
                columns,
                formatter,
                [p.key for p in corpus.pages],
            )


def _dump_extractors() -> dict[str, Extract]:
    def trafilatura_paragraphs(content: tuple[bytes, str], url: str | None) -> Prediction:
        return trafilatura_body(content[1], url)

    def newsdesk_dump(content: tuple[bytes, str], url: str | None) -> Prediction:
        return newsdesk_text(content[0], url)

    return {"newsdesk (text page)": newsdesk_dump, "trafilatura (<p> lines)": trafilatura_paragraphs}


def dump_items(corpus: Corpus, tool: str) -> list[Item]:
    """Each page's dump, both as the bytes of a text page and as an HTML page of one ``<p>`` per line
    (prepared here, outside the timed calls)."""
    dumps = dump_pages([p.path for p in corpus.pages], tool, DUMP_CACHE)
    return [Item(p.key, (dumps[p.path].encode("utf-8"), lines_as_html(dumps[p.path])), p.url) for p in corpus.pages]


def lines_as_html(text: str) -> str:
    paragraphs = "".join(f"<p>{html_lib.escape(line.strip())}</p>\n" for line in text.splitlines() if line.strip())
    return f"<!DOCTYPE html>\n<html><body>\n{paragraphs}</body></html>\n"


BENCHES: dict[str, Callable[[Context], None]] = {
    "extraction-dev": bench_extraction_dev,
    "naeb-dev": bench_naeb_dev,
    "htmldate-dev": bench_htmldate_dev,
    "trafilatura-eval-dev": bench_trafilatura_eval_dev,
    "textdump": bench_textdump,
}


# ------------------------------------------------------------------ command line
def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared folder (corpora/, eval/)")
    ap.add_argument("--corpus", action="append", choices=CORPORA, help="run this corpus only (repeatable)")
    ap.add_argument("--systems", default=",".join(SYSTEMS), help="comma-separated subset of " + ",".join(SYSTEMS))
    ap.add_argument("--limit", type=int, help="first N pages of each corpus, for a quick run")
    ap.add_argument("--json", type=Path, help="write the figures here")
    ap.add_argument(
        "--write-preds",
        type=Path,
        metavar="DIR",
        help="write each system's predictions here, in the scorers' formats (DIR/<corpus>/<system>.json and ids.txt)",
    )
    args = ap.parse_args(argv)
    args.systems = tuple(s.strip() for s in args.systems.split(",") if s.strip())
    unknown = set(args.systems) - set(SYSTEMS)
    if unknown:
        ap.error(f"unknown systems: {', '.join(sorted(unknown))} (choose from {', '.join(SYSTEMS)})")
    return args


def block_network(shared: Path) -> None:
    """The scorers' ``block_network()`` (no connect) plus no name lookups: newspaper4k tries to download
    the article's images, and a DNS query is network traffic too (and can hang where none is reachable)."""
    load_scorer(shared, "meta_common").block_network()

    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise socket.gaierror(socket.EAI_NONAME, "name lookups disabled during evaluation")

    socket.getaddrinfo = refuse


def _quiet() -> None:
    """Peers log a warning for every page they discard and newspaper4k warns about nltk: keep the tables readable."""
    logging.disable(logging.CRITICAL)
    warnings.filterwarnings("ignore")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    block_network(args.shared)
    _quiet()
    ctx = Context(args.shared, args.systems, args.limit, args.write_preds)
    print(
        f"versions: {json.dumps(versions())}; limit: {args.limit or 'all pages'}; "
        f"load average at start: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores"
    )
    if NEWSDESK_IMPORT_ERROR is not None:
        print(f"WARNING: newsdesk's extraction does not import ({NEWSDESK_IMPORT_ERROR!r}): its rows are all errors")
    for name in args.corpus or CORPORA:
        BENCHES[name](ctx)
    print(f"\nload average at end: {os.getloadavg()[0]:.2f} (other processes slow every system alike)")
    if args.json:
        args.json.write_text(
            json.dumps(
                {"versions": versions(), "limit": args.limit, "tables": ctx.results}, indent=2, ensure_ascii=False
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
