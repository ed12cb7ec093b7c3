"""Full-text search of the PostgreSQL store: :class:`PgSearchMixin`, which ``PostgresStore`` inherits.

``articles.search`` is a stored generated tsvector (headline A, standfirst B, authors B, text C,
section D; configuration ``newsdesk_search`` = english stemming + unaccent) with a GIN index. Ranking::

    score = ts_rank_cd({section 0.25, text 0.25, standfirst/authors 0.5, headline 1.0}, search, query, 1)
            * (1 + RECENCY_BOOST * HALF_LIFE_DAYS / (HALF_LIFE_DAYS + age_days))

over the newest ``RANK_WINDOW`` matches that pass the filters, as in ``sqlite.py`` (same constants).
ts_rank_cd (cover density, divided by 1 + log(document length)) replaces bm25, so scores are on
another scale (about 0.01-1 instead of 1-20) and the order of near-ties can differ; the weights keep
bm25's ratios (headline 4 : standfirst 2 : authors 2 : text 1 : section 1).
The mixin reads through the store's ``self._query(sql, params)`` (psycopg paramstyle, :class:`Row` rows).
"""

from __future__ import annotations

import time
from typing import Any

from newsdesk.storage.base import SearchQuery, SearchResults
from newsdesk.storage.common import article_filters, clamp_limit, search_hit
from newsdesk.storage.pg_query import TS_CONFIG, compile_tsquery, join_marks
from newsdesk.storage.sqlite import HALF_LIFE_DAYS, RANK_WINDOW, RECENCY_BOOST, SNIPPET_TOKENS

try:
    import psycopg
except ImportError:  # pragma: no cover - exercised only without the extra
    psycopg = None  # type: ignore[assignment]

RANK_WEIGHTS = "{0.25, 0.25, 0.5, 1.0}"  # D section, C text, B standfirst/authors, A headline (bm25's 1:1:2:4)
RANK_NORMALIZATION = 1  # divide by 1 + log(document length), as bm25 favours shorter documents


class PgSearchMixin:
    """``search`` over PostgreSQL full-text search; needs the store's ``_query``."""

    _query: Any

    def search(self, query: SearchQuery) -> SearchResults:
        expression, term_params = compile_tsquery(query.text)
        try:
            tsquery = self._query(f"SELECT ({expression})::text", term_params)[0][0]
        except psycopg.errors.SyntaxError as exc:  # to_tsquery refusing a prefix term we did not foresee
            raise_query_error(exc)
        if not tsquery:  # only stop words ("the", "of"): nothing is indexed under them
            return SearchResults(query=query, hits=(), match_expression="")
        where, params = article_filters(
            section=query.section,
            source_id=query.source_id,
            since=query.since,
            until=query.until,
            author=query.author,
            placeholder="%s",
            like="ILIKE",
        )
        where.append("a.duplicate_of IS NULL")
        window = max(1, min(query.rank_window or RANK_WINDOW, RANK_WINDOW))
        start, end = query.highlight
        options = (
            f'StartSel="{_opt(start)}", StopSel="{_opt(end)}", MaxWords={SNIPPET_TOKENS}, '
            f"MinWords={SNIPPET_TOKENS // 2}, ShortWord=2, MaxFragments=1"
        )
        cfg = f"'{TS_CONFIG}'::regconfig"
        sql = (
            "WITH q AS (SELECT %s::tsquery AS q),"
            " win AS ("
            " SELECT a.id, a.search, a.sort_ts FROM articles a, q"
            f" WHERE a.search @@ q.q AND {' AND '.join(where)}"
            f" ORDER BY a.sort_ts DESC, a.id DESC LIMIT {window}),"
            " top AS ("
            f" SELECT win.id, win.sort_ts, ts_rank_cd('{RANK_WEIGHTS}', win.search, q.q, {RANK_NORMALIZATION})"
            f" * (1.0 + {RECENCY_BOOST} * {HALF_LIFE_DAYS} /"
            f" ({HALF_LIFE_DAYS} + greatest(0.0, (%s - win.sort_ts) / 86400.0))) AS score"
            " FROM win, q ORDER BY score DESC, win.sort_ts DESC, win.id DESC LIMIT %s OFFSET %s),"
            " src AS ("
            " SELECT top.id, top.score, top.sort_ts, CASE"
            # the field the query matches, read off the stored vector's weights (C text, B standfirst, A headline)
            " WHEN ts_filter(a.search, '{c}') @@ q.q THEN a.text"
            " WHEN a.standfirst IS NOT NULL AND ts_filter(a.search, '{b}') @@ q.q THEN a.standfirst"
            " WHEN a.headline IS NOT NULL AND ts_filter(a.search, '{a}') @@ q.q THEN a.headline"
            " WHEN a.text <> '' THEN a.text ELSE coalesce(a.standfirst, a.headline, '') END AS body"
            " FROM top JOIN articles a ON a.id = top.id, q)"
            " SELECT a.id, a.headline, a.url, a.site_name, a.section, a.authors, a.published_at, a.source_id,"
            f" src.body, ts_headline({cfg}, src.body, q.q, %s) AS snip, src.score"
            " FROM src JOIN articles a ON a.id = src.id, q ORDER BY src.score DESC, src.sort_ts DESC, a.id DESC"
        )
        args = (tsquery, *params, time.time(), clamp_limit(query.limit), max(query.offset, 0), options)
        try:
            rows = self._query(sql, args)
        except psycopg.errors.SyntaxError as exc:
            raise_query_error(exc)
        hits = tuple(search_hit(r, _snippet(r["snip"] or "", r["body"] or "", start, end)) for r in rows)
        return SearchResults(query=query, hits=hits, match_expression=tsquery)


def raise_query_error(exc: Exception) -> Any:
    from newsdesk.storage.base import QueryError

    raise QueryError(f"search query cannot be run: {' '.join(str(exc).split())}") from None


def _opt(value: str) -> str:
    """A ts_headline option value inside double quotes."""
    return value.replace('"', '""')


def _snippet(snip: str, body: str, start: str, end: str) -> str:
    """The headline's text on one line, neighbouring marks joined, with … where the body goes on (as FTS5)."""
    snippet = join_marks(" ".join(snip.split()), start, end)
    plain = snippet.replace(start, "").replace(end, "") if start and end else snippet
    whole = " ".join(body.split())
    if plain and not whole.startswith(plain):
        snippet = "…" + snippet
    if plain and not whole.endswith(plain):
        snippet += "…"
    return snippet


__all__ = ["RANK_NORMALIZATION", "RANK_WEIGHTS", "PgSearchMixin", "raise_query_error"]
