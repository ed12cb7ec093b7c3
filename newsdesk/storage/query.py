"""The search query language, checked and compiled to an SQLite FTS5 MATCH expression.

What a user may type::

    dam rainfall               both words (AND is implied)
    "spillway gates"           a phrase
    flood*                     a prefix ("flood", "flooded", "flooding", ...; prefixes match word stems)
    dam OR reservoir           either
    dam NOT Orvanne            the first without the second
    (dam OR levee) AND rain    grouping; AND, OR, NOT only in capitals (lower-case they are words)

Every word and phrase is emitted quoted, so punctuation never reaches FTS5 as syntax:
``U.S.``, ``co-op``, ``headline:`` or ``don't`` are searched as words, never as column filters
or operators. Tokens without a letter or digit (``-``, ``&``) are dropped. A malformed query raises
:class:`~newsdesk.storage.base.QueryError` with one line naming the problem and the fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsdesk.storage.base import QueryError

MAX_QUERY_CHARS = 1000
MAX_TERMS = 64
OPERATORS = ("AND", "OR", "NOT")
_WORDISH = re.compile(r"\w", re.UNICODE)
_BARE = re.compile(r'[^\s"()]+')


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "term", "op", "(", ")"
    text: str  # for a term: its FTS5 form; for an op: AND/OR/NOT


def compile_query(text: str) -> str:
    """The FTS5 MATCH expression for the user's query ``text``; QueryError if it is malformed."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"search query is too long ({len(text)} characters; at most {MAX_QUERY_CHARS})")
    tokens = _tokenize(text)
    if not any(t.kind == "term" for t in tokens):
        ops = " ".join(t.text for t in tokens if t.kind == "op")
        if ops:
            raise QueryError(f'search query has operators ({ops}) but no words: give a word or a "phrase" to find')
        raise QueryError('search query has no words to search for: give a word or a "phrase"')
    if sum(t.kind == "term" for t in tokens) > MAX_TERMS:
        raise QueryError(f"search query has too many words (at most {MAX_TERMS})")
    parser = _Parser(tokens)
    return parser.parse()


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c in "()":
            tokens.append(_Token(c, c))
            i += 1
        elif c == '"':
            end = text.find('"', i + 1)
            if end < 0:
                raise QueryError('unclosed quote in search query: add a closing " or remove the opening one')
            phrase = text[i + 1 : end]
            i = end + 1
            prefix = False
            while i < n and text[i] == "*":
                prefix, i = True, i + 1
            if not _WORDISH.search(phrase):
                raise QueryError(f'empty phrase "{phrase}" in search query: put words between the quotes')
            tokens.append(_Token("term", _quote(phrase) + ("*" if prefix else "")))
        else:
            m = _BARE.match(text, i)
            assert m is not None
            word = m.group()
            i = m.end()
            if word in OPERATORS:
                tokens.append(_Token("op", word))
                continue
            stem = word.rstrip("*")
            if not _WORDISH.search(stem):
                if word.endswith("*") and word.strip("*") == "":
                    raise QueryError("a * in search query must end a word, as in: flood*")
                continue  # punctuation alone: nothing to search for
            tokens.append(_Token("term", _quote(stem) + ("*" if stem != word else "")))
    return tokens


def _quote(text: str) -> str:
    return '"' + " ".join(text.split()).replace('"', '""') + '"'


def quote_phrase(text: str) -> str | None:
    """``text`` as one quoted FTS5 phrase (for filters such as a section or an author), or None when
    it holds no word to match."""
    return _quote(text) if _WORDISH.search(text) else None


class _Parser:
    """Checks the token list against: expr := and (OR and)*; and := not ([AND] not)*;
    not := primary (NOT primary)*; primary := term | ( expr ). Emits explicit ANDs."""

    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.pos = 0

    def parse(self) -> str:
        out = self._or()
        if self.pos < len(self.tokens):
            tok = self.tokens[self.pos]
            if tok.kind == ")":
                raise QueryError("unmatched ) in search query: remove it or add a ( before it")
            raise QueryError(f"unexpected {tok.text} in search query")  # pragma: no cover - defensive
        return out

    def _peek(self) -> _Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def _or(self) -> str:
        parts = [self._and()]
        while (tok := self._peek()) is not None and tok.kind == "op" and tok.text == "OR":
            self.pos += 1
            parts.append(self._and(after="OR"))
        return " OR ".join(parts)

    def _and(self, after: str | None = None) -> str:
        parts = [self._not(after)]
        while (tok := self._peek()) is not None and (tok.kind in ("term", "(") or tok.text == "AND"):
            if tok.text == "AND" and tok.kind == "op":
                self.pos += 1
                parts.append(self._not("AND"))
            else:
                parts.append(self._not(None))
        return " AND ".join(parts)

    def _not(self, after: str | None) -> str:
        out = self._primary(after)
        while (tok := self._peek()) is not None and tok.kind == "op" and tok.text == "NOT":
            self.pos += 1
            out = f"{out} NOT {self._primary('NOT')}"
        return out

    def _primary(self, after: str | None) -> str:
        tok = self._peek()
        if tok is None:
            if after:
                raise QueryError(f"search query ends with {after}: put a word after it")
            raise QueryError('search query has no words to search for: give a word or a "phrase"')
        if tok.kind == "term":
            self.pos += 1
            return tok.text
        if tok.kind == "(":
            self.pos += 1
            if self._peek() is None:
                raise QueryError("unclosed ( in search query: add a ) or remove the (")
            if (nxt := self._peek()) is not None and nxt.kind == ")":
                raise QueryError("empty parentheses in search query: put words inside or remove them")
            inner = self._or()
            closing = self._peek()
            if closing is None or closing.kind != ")":
                raise QueryError("unclosed ( in search query: add a ) or remove the (")
            self.pos += 1
            return f"({inner})"
        if tok.kind == ")":
            if after:
                raise QueryError(f"{after} before ) in search query: put a word after {after}")
            raise QueryError("unmatched ) in search query: remove it or add a ( before it")
        # an operator where a word should be
        if after:
            raise QueryError(f"{after} {tok.text} in search query: put a word between them")
        if tok.text == "NOT":
            raise QueryError("search query starts with NOT: NOT needs a word before it, as in: dam NOT flood")
        raise QueryError(f"search query starts with {tok.text}: put a word before it")
