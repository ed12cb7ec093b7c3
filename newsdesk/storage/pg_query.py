"""The search query language (``storage/query.py``) compiled to a PostgreSQL ``tsquery``.

``query.compile_query`` checks the user's text (same errors, same one-line messages) and gives its
FTS5 form, in which every word and phrase is a quoted term and the operators are explicit; this
module re-reads that form with the same grammar and builds a tsquery expression from it:

- a word or ``"phrase"`` -> ``phraseto_tsquery(config, 'the words')`` (parsed, stemmed and
  stop-worded exactly as the indexed text is);
- ``word*`` or ``"a phrase"*`` -> ``to_tsquery(config, '''a'' <-> ''phrase'':*')`` (the last word a
  prefix of an indexed stem, as FTS5 prefixes are);
- ``a AND b`` -> ``a && b``, ``a OR b`` -> ``a || b``, ``a NOT b`` -> ``a && !!b``.

The expression and its parameters are evaluated once per search (``SELECT <expr>::text``) and the
resulting tsquery text is what the search query uses and reports as its ``match_expression``.
"""

from __future__ import annotations

import re

from newsdesk.storage.query import compile_query

TS_CONFIG = "newsdesk_search"  # made by pg_migrations (english stemming + unaccent when available)

_FTS_TOKEN = re.compile(r'"((?:[^"]|"")*)"(\*?)|(AND|OR|NOT)|([()])|(\s+)')
_WORD = re.compile(r"\w+", re.UNICODE)

# PostgreSQL's english stop words (tsearch_data/english.stop): the words ts_headline never marks, so
# marks around a phrase's words are joined across them ("[resumed service on Monday]")
STOP_WORDS = frozenset(
    [
        "i",
        "me",
        "my",
        "myself",
        "we",
        "our",
        "ours",
        "ourselves",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "he",
        "him",
        "his",
        "himself",
        "she",
        "her",
        "hers",
        "herself",
        "it",
        "its",
        "itself",
        "they",
        "them",
        "their",
        "theirs",
        "themselves",
        "what",
        "which",
        "who",
        "whom",
        "this",
        "that",
        "these",
        "those",
        "am",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "have",
        "has",
        "had",
        "having",
        "do",
        "does",
        "did",
        "doing",
        "a",
        "an",
        "the",
        "and",
        "but",
        "if",
        "or",
        "because",
        "as",
        "until",
        "while",
        "of",
        "at",
        "by",
        "for",
        "with",
        "about",
        "against",
        "between",
        "into",
        "through",
        "during",
        "before",
        "after",
        "above",
        "below",
        "to",
        "from",
        "up",
        "down",
        "in",
        "out",
        "on",
        "off",
        "over",
        "under",
        "again",
        "further",
        "then",
        "once",
        "here",
        "there",
        "when",
        "where",
        "why",
        "how",
        "all",
        "any",
        "both",
        "each",
        "few",
        "more",
        "most",
        "other",
        "some",
        "such",
        "no",
        "nor",
        "not",
        "only",
        "own",
        "same",
        "so",
        "than",
        "too",
        "very",
        "s",
        "t",
        "can",
        "will",
        "just",
        "don",
        "should",
        "now",
    ]
)


def compile_tsquery(text: str) -> tuple[str, list[str]]:
    """An SQL expression of type tsquery (with ``%s`` placeholders) for the user's query ``text`` and
    its parameters; raises QueryError (via ``compile_query``) when the query is malformed."""
    fts = compile_query(text)
    tokens = _tokens(fts)
    params: list[str] = []
    parser = _Parser(tokens, params)
    sql = parser.expr()
    return sql, params


def _tokens(fts: str) -> list[tuple[str, str, bool]]:
    out: list[tuple[str, str, bool]] = []
    pos = 0
    while pos < len(fts):
        m = _FTS_TOKEN.match(fts, pos)
        if m is None:  # pragma: no cover - compile_query only emits the forms above
            raise ValueError(f"unexpected search expression at {fts[pos:]!r}")
        pos = m.end()
        if m.group(1) is not None:
            out.append(("term", m.group(1).replace('""', '"'), bool(m.group(2))))
        elif m.group(3):
            out.append(("op", m.group(3), False))
        elif m.group(4):
            out.append((m.group(4), m.group(4), False))
    return out


class _Parser:
    """expr := and (OR and)*; and := not (AND not)*; not := primary (NOT primary)*; primary := term | (expr)."""

    def __init__(self, tokens: list[tuple[str, str, bool]], params: list[str]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.params = params

    def _peek(self, kind: str, text: str | None = None) -> bool:
        if self.pos >= len(self.tokens):
            return False
        k, t, _ = self.tokens[self.pos]
        return k == kind and (text is None or t == text)

    def expr(self) -> str:
        out = self._and()
        while self._peek("op", "OR"):
            self.pos += 1
            out = f"({out} || {self._and()})"
        return out

    def _and(self) -> str:
        out = self._not()
        while self._peek("op", "AND"):
            self.pos += 1
            out = f"({out} && {self._not()})"
        return out

    def _not(self) -> str:
        out = self._primary()
        while self._peek("op", "NOT"):
            self.pos += 1
            out = f"({out} && !!{self._primary()})"
        return out

    def _primary(self) -> str:
        kind, text, prefix = self.tokens[self.pos]
        self.pos += 1
        if kind == "(":
            inner = self.expr()
            self.pos += 1  # the ")" compile_query guarantees
            return inner
        if prefix:
            words = _WORD.findall(text)
            self.params.append(" <-> ".join(f"'{w}'" for w in words) + ":*")
            return f"to_tsquery('{TS_CONFIG}', %s)"
        self.params.append(text)
        return f"phraseto_tsquery('{TS_CONFIG}', %s)"


def join_marks(snippet: str, start: str, end: str) -> str:
    """Join marks around neighbouring matches (only spaces and stop words between them) into one, so a
    phrase reads ``[resumed service on Monday]`` as in the SQLite snippets."""
    if not start or not end:
        return snippet
    pattern = re.compile(re.escape(end) + r"((?:\s+(?:\w+\s+)*?))" + re.escape(start))

    def merge(m: re.Match[str]) -> str:
        gap = m.group(1)
        if all(w.lower() in STOP_WORDS for w in _WORD.findall(gap)):
            return gap
        return m.group(0)

    previous = None
    while previous != snippet:
        previous, snippet = snippet, pattern.sub(merge, snippet)
    return snippet
