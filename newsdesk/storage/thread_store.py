"""Story threads and syndication groups in the Store (portable SQL: SQLite and PostgreSQL).

Tables (migration ``0005_threads``):

- ``thread_profiles``: one row per threaded article (originals only): its similarity
  :class:`~newsdesk.enrich.similarity.Profile` as JSON and its ``sort_ts``;
- ``thread_postings``: the inverted index the engine finds candidates in: ``(term, sort_ts,
  article_id)`` (no primary key: two indexes, by (term, time) for look-ups and by article for
  re-indexing a revision, keep each write to three B-trees) for each of an article's index terms (``t:`` heaviest terms) and entity keys
  (``e:``), read as "the newest K articles carrying this term inside a time window" (one index
  range scan per term, so the cost of a look-up does not grow with the archive);
- ``threads``: one row per thread (``merged_into`` set when a bridge merged it into another);
- ``thread_members``: which thread each article is in, with the score, matched article and reason
  that placed it;
- ``thread_merges``: the merge log (which thread was folded into which, by which article).

The engine (``newsdesk/enrich/threads.py``) decides; this module only reads and writes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any

from newsdesk.storage.base import Outlet, ThreadMembership, ThreadSummary
from newsdesk.storage.codec import format_time, parse_time, timestamp

THREADS_DDL = """
CREATE TABLE thread_profiles (
    article_id TEXT PRIMARY KEY,
    sort_ts DOUBLE PRECISION NOT NULL,
    profile TEXT NOT NULL,
    stored_at TEXT NOT NULL
);
CREATE TABLE thread_postings (
    term TEXT NOT NULL,
    sort_ts DOUBLE PRECISION NOT NULL,
    article_id TEXT NOT NULL
);
CREATE INDEX thread_postings_by_time ON thread_postings (term, sort_ts, article_id);
CREATE INDEX thread_postings_by_article ON thread_postings (article_id);
CREATE TABLE threads (
    id TEXT PRIMARY KEY,
    title TEXT,
    title_article_id TEXT,
    first_ts DOUBLE PRECISION,
    last_ts DOUBLE PRECISION,
    size INTEGER NOT NULL DEFAULT 0,
    merged_into TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX threads_by_activity ON threads (last_ts);
CREATE TABLE thread_members (
    article_id TEXT PRIMARY KEY,
    thread_id TEXT NOT NULL,
    score DOUBLE PRECISION NOT NULL,
    reason TEXT NOT NULL,
    matched_article_id TEXT,
    sort_ts DOUBLE PRECISION NOT NULL,
    placed_at TEXT NOT NULL
);
CREATE INDEX thread_members_by_thread ON thread_members (thread_id, sort_ts);
CREATE TABLE thread_merges (
    merged_id TEXT PRIMARY KEY,
    into_id TEXT NOT NULL,
    bridge_article_id TEXT,
    score DOUBLE PRECISION NOT NULL,
    merged_at TEXT NOT NULL
);
"""

_THREAD_COLUMNS = "id, title, first_ts, last_ts, size"
_MAX_IN = 500  # ids per IN (...) list


class ThreadsMixin:
    """Store methods for story threads and syndication groups; SQL only through ``_write``/``_read``."""

    def _write(self) -> AbstractContextManager[Any]: ...  # provided by the store class

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[Any]: ...  # provided by the store class

    # --- public reads (the Store Protocol) ---------------------------------------------------------

    def thread_of(self, article_id: str) -> ThreadMembership | None:
        rows = self._read(
            "SELECT thread_id, article_id, score, reason, matched_article_id FROM thread_members WHERE article_id = ?",
            (article_id,),
        )
        if not rows:
            # a syndicated copy is in its original's thread
            dup = self._read("SELECT duplicate_of FROM articles WHERE id = ?", (article_id,))
            if not dup or not dup[0][0]:
                return None
            rows = self._read(
                "SELECT thread_id, article_id, score, reason, matched_article_id FROM thread_members "
                "WHERE article_id = ?",
                (dup[0][0],),
            )
            if not rows:
                return None
        return _membership(rows[0])

    def get_thread(self, thread_id: str) -> ThreadSummary | None:
        thread_id = self._thread_survivor(thread_id)
        rows = self._read(
            f"SELECT {_THREAD_COLUMNS} FROM threads WHERE id = ? AND merged_into IS NULL AND size > 0", (thread_id,)
        )
        return self._summary(rows[0]) if rows else None

    def list_threads(
        self, *, since: datetime | None = None, min_size: int = 2, limit: int = 50, offset: int = 0
    ) -> list[ThreadSummary]:
        where = ["merged_into IS NULL", "size >= ?"]
        params: list[Any] = [max(1, int(min_size))]
        if since is not None:
            where.append("last_ts >= ?")
            params.append(timestamp(since))
        rows = self._read(
            f"SELECT {_THREAD_COLUMNS} FROM threads WHERE {' AND '.join(where)} "
            "ORDER BY last_ts DESC, id LIMIT ? OFFSET ?",
            (*params, max(1, min(int(limit), 500)), max(0, int(offset))),
        )
        return [self._summary(row) for row in rows]

    def thread_members(self, thread_id: str) -> list[ThreadMembership]:
        thread_id = self._thread_survivor(thread_id)
        rows = self._read(
            "SELECT thread_id, article_id, score, reason, matched_article_id FROM thread_members "
            "WHERE thread_id = ? ORDER BY sort_ts, article_id",
            (thread_id,),
        )
        return [_membership(row) for row in rows]

    def thread_merges(self, thread_id: str) -> list[tuple[str, str | None, float]]:
        """Threads merged into ``thread_id``: (merged thread id, bridging article id, score)."""
        rows = self._read(
            "SELECT merged_id, bridge_article_id, score FROM thread_merges WHERE into_id = ? ORDER BY merged_at",
            (thread_id,),
        )
        return [(r[0], r[1], float(r[2])) for r in rows]

    def outlets_of(self, article_id: str) -> list[Outlet]:
        """The syndication group of an article: its original first, then each copy in time order,
        with the outlet (site name) and wire agency each ran it under. A single outlet for an
        article nobody copied; empty for an unknown id."""
        rows = self._read("SELECT id, duplicate_of FROM articles WHERE id = ?", (article_id,))
        if not rows:
            return []
        root = rows[0][1] or rows[0][0]
        out: list[Outlet] = []
        ids = [root] + [
            r[0] for r in self._read("SELECT id FROM articles WHERE duplicate_of = ? ORDER BY sort_ts, id", (root,))
        ]
        get = self.get_article
        for aid in ids:
            article = get(aid)
            if article is None:
                continue
            out.append(
                Outlet(
                    article_id=aid,
                    site_name=article.site_name,
                    url=article.canonical_url or article.url,
                    agency=article.agency,
                    published_at=article.published_at,
                    original=aid == root,
                )
            )
        return out

    # --- engine support (used by newsdesk/enrich/threads.py) ---------------------------------------

    def thread_profile(self, article_id: str) -> str | None:
        rows = self._read("SELECT profile FROM thread_profiles WHERE article_id = ?", (article_id,))
        return rows[0][0] if rows else None

    def save_thread_profile(self, article_id: str, *, profile: str, terms: Sequence[str], sort_ts: float) -> None:
        """Store an article's profile and replace its postings (a new revision re-indexes)."""
        now = format_time(datetime.now(UTC))
        with self._write() as db:
            db.execute("DELETE FROM thread_postings WHERE article_id = ?", (article_id,))
            db.execute(
                "INSERT INTO thread_profiles (article_id, sort_ts, profile, stored_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (article_id) DO UPDATE SET sort_ts = excluded.sort_ts, profile = excluded.profile, "
                "stored_at = excluded.stored_at",
                (article_id, sort_ts, profile, now),
            )
            db.executemany(
                "INSERT INTO thread_postings (term, sort_ts, article_id) VALUES (?, ?, ?)",
                [(term, sort_ts, article_id) for term in dict.fromkeys(terms)],
            )

    def add_thread_postings(self, article_id: str, *, terms: Sequence[str], sort_ts: float) -> None:
        """File more keys under an article (a syndicated copy's URLs lead to its original)."""
        with self._write() as db:
            for term in dict.fromkeys(terms):
                db.execute("DELETE FROM thread_postings WHERE term = ? AND article_id = ?", (term, article_id))
            db.executemany(
                "INSERT INTO thread_postings (term, sort_ts, article_id) VALUES (?, ?, ?)",
                [(term, sort_ts, article_id) for term in dict.fromkeys(terms)],
            )

    def forget_thread_article(self, article_id: str) -> None:
        """Drop an article from threading (it became a syndicated copy): profile, postings, membership."""
        with self._write() as db:
            db.execute("DELETE FROM thread_postings WHERE article_id = ?", (article_id,))
            db.execute("DELETE FROM thread_profiles WHERE article_id = ?", (article_id,))
            row = db.execute("SELECT thread_id FROM thread_members WHERE article_id = ?", (article_id,)).fetchone()
            db.execute("DELETE FROM thread_members WHERE article_id = ?", (article_id,))
            if row:
                self._refresh_thread(db, row[0])

    def thread_candidates(
        self, terms: Sequence[str], *, lo: float, hi: float, per_term: int, exclude: str | None = None
    ) -> Counter[str]:
        """Articles sharing index terms with a newcomer inside [lo, hi]: id -> terms shared. Each
        posting list is read newest first and capped at ``per_term`` rows."""
        hits: Counter[str] = Counter()
        for term in dict.fromkeys(terms):
            rows = self._read(
                "SELECT article_id FROM thread_postings WHERE term = ? AND sort_ts >= ? AND sort_ts <= ? "
                "ORDER BY sort_ts DESC LIMIT ?",
                (term, lo, hi, per_term),
            )
            for aid in {row[0] for row in rows}:
                if aid != exclude:
                    hits[aid] += 1
        return hits

    def thread_neighbours(self, article_ids: Sequence[str]) -> list[tuple[str, float, str, str | None, str | None]]:
        """For each id: (article_id, sort_ts, profile JSON, thread id or None, headline)."""
        out = []
        for chunk in _chunks(list(article_ids)):
            marks = ", ".join("?" * len(chunk))
            rows = self._read(
                "SELECT p.article_id, p.sort_ts, p.profile, m.thread_id, a.headline FROM thread_profiles p "
                "LEFT JOIN thread_members m ON m.article_id = p.article_id "
                "LEFT JOIN articles a ON a.id = p.article_id "
                f"WHERE p.article_id IN ({marks})",
                chunk,
            )
            out.extend((r[0], float(r[1]), r[2], r[3], r[4]) for r in rows)
        return out

    def thread_first_ts(self, thread_ids: Sequence[str]) -> dict[str, tuple[float, str]]:
        """thread id -> (first_ts, created_at), to pick which of two merging threads is the older."""
        out = {}
        for chunk in _chunks(list(thread_ids)):
            marks = ", ".join("?" * len(chunk))
            for r in self._read(f"SELECT id, first_ts, created_at FROM threads WHERE id IN ({marks})", chunk):
                out[r[0]] = (float(r[1]) if r[1] is not None else float("inf"), r[2])
        return out

    def assign_thread(
        self,
        membership: ThreadMembership,
        *,
        sort_ts: float,
        merge: Sequence[str] = (),
        merge_score: float = 0.0,
    ) -> None:
        """Put an article in a thread (creating the thread when new), folding the ``merge`` threads
        into it first, in one transaction."""
        now = format_time(datetime.now(UTC))
        with self._write() as db:
            # another writer may have merged the threads away since the engine read them: follow the
            # merges, then lock the rows in one order (an UPDATE takes a row lock on PostgreSQL; SQLite
            # has one writer anyway), so concurrent placements into one thread queue up, then re-check
            old = db.execute(
                "SELECT thread_id FROM thread_members WHERE article_id = ?", (membership.article_id,)
            ).fetchone()
            while True:
                tid = _surviving(db, membership.thread_id)
                merge = sorted({_surviving(db, m) for m in merge} - {tid})
                db.execute(
                    "INSERT INTO threads (id, size, created_at) VALUES (?, 0, ?) ON CONFLICT (id) DO NOTHING",
                    (tid, now),
                )
                # the thread the article leaves (a revision placed elsewhere) is refreshed too: lock it as well
                for locked in sorted({tid, *merge, *(old or ())}):
                    db.execute("UPDATE threads SET size = size WHERE id = ?", (locked,))
                if _surviving(db, tid) == tid and all(_surviving(db, m) == m for m in merge):
                    break
            for other in merge:
                if other == tid:
                    continue
                db.execute("UPDATE thread_members SET thread_id = ? WHERE thread_id = ?", (tid, other))
                db.execute("UPDATE threads SET merged_into = ?, size = 0 WHERE id = ?", (tid, other))
                db.execute("UPDATE threads SET merged_into = ? WHERE merged_into = ?", (tid, other))
                db.execute(
                    "INSERT INTO thread_merges (merged_id, into_id, bridge_article_id, score, merged_at) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (merged_id) DO UPDATE SET into_id = excluded.into_id",
                    (other, tid, membership.article_id, merge_score, now),
                )
            db.execute(
                "INSERT INTO thread_members (article_id, thread_id, score, reason, matched_article_id, sort_ts, "
                "placed_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (article_id) DO UPDATE SET "
                "thread_id = excluded.thread_id, score = excluded.score, reason = excluded.reason, "
                "matched_article_id = excluded.matched_article_id, sort_ts = excluded.sort_ts, "
                "placed_at = excluded.placed_at",
                (
                    membership.article_id,
                    tid,
                    membership.score,
                    membership.reason,
                    membership.matched_article_id,
                    sort_ts,
                    now,
                ),
            )
            if old and old[0] != tid and old[0] not in merge:
                self._refresh_thread(db, old[0])
            self._refresh_thread(db, tid)

    def bulk_load_threads(self, rows: Sequence[tuple[str, str, float, str, Sequence[str]]]) -> None:
        """Load known threads without placement, in one transaction: rows of (article id, thread
        label, sort_ts, profile JSON, posting terms). For imports of already-threaded archives and
        for benchmarks that need a large threaded store quickly (``bench/threads.py``)."""
        now = format_time(datetime.now(UTC))
        tids = {label: f"b{label}" for _, label, _, _, _ in rows}
        with self._write() as db:
            db.executemany(
                "INSERT INTO threads (id, size, created_at) VALUES (?, 0, ?) ON CONFLICT (id) DO NOTHING",
                [(tid, now) for tid in tids.values()],
            )
            db.executemany(
                "INSERT INTO thread_profiles (article_id, sort_ts, profile, stored_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (article_id) DO UPDATE SET sort_ts = excluded.sort_ts, profile = excluded.profile",
                [(aid, ts, profile, now) for aid, _, ts, profile, _ in rows],
            )
            db.executemany(
                "INSERT INTO thread_postings (term, sort_ts, article_id) VALUES (?, ?, ?)",
                [(term, ts, aid) for aid, _, ts, _, terms in rows for term in dict.fromkeys(terms)],
            )
            db.executemany(
                "INSERT INTO thread_members (article_id, thread_id, score, reason, matched_article_id, sort_ts, "
                "placed_at) VALUES (?, ?, 1.0, ?, NULL, ?, ?) ON CONFLICT (article_id) DO UPDATE SET "
                "thread_id = excluded.thread_id",
                [(aid, tids[label], "loaded with its thread", ts, now) for aid, label, ts, _, _ in rows],
            )
            for tid in tids.values():
                self._refresh_thread(db, tid)

    def unthreaded_article_ids(
        self, *, after: tuple[float, str] | None = None, limit: int = 500
    ) -> list[tuple[float, str]]:
        """Originals with no thread profile or no thread yet (placement failed half-way), oldest first, as (sort_ts, id), after the keyset
        ``after`` (``newsdesk enrich`` backfills them, a page at a time)."""
        ts, aid = after if after is not None else (float("-inf"), "")
        rows = self._read(
            "SELECT a.sort_ts, a.id FROM articles a LEFT JOIN thread_profiles p ON p.article_id = a.id "
            "LEFT JOIN thread_members m ON m.article_id = a.id "
            "WHERE a.duplicate_of IS NULL AND (p.article_id IS NULL OR m.article_id IS NULL) "
            "AND (a.sort_ts > ? OR (a.sort_ts = ? AND a.id > ?)) "
            "ORDER BY a.sort_ts, a.id LIMIT ?",
            (ts, ts, aid, max(1, int(limit))),
        )
        return [(float(r[0]), r[1]) for r in rows]

    def original_article_ids(
        self, *, after: tuple[float, str] | None = None, limit: int = 500
    ) -> list[tuple[float, str]]:
        """Every original, oldest first, as (sort_ts, id), after the keyset ``after`` (``newsdesk enrich --all``)."""
        ts, aid = after if after is not None else (float("-inf"), "")
        rows = self._read(
            "SELECT sort_ts, id FROM articles WHERE duplicate_of IS NULL AND (sort_ts > ? OR (sort_ts = ? AND id > ?)) "
            "ORDER BY sort_ts, id LIMIT ?",
            (ts, ts, aid, max(1, int(limit))),
        )
        return [(float(r[0]), r[1]) for r in rows]

    # --- helpers ---------------------------------------------------------------------------------

    def _refresh_thread(self, db: Any, thread_id: str) -> None:
        """Recompute a thread's span, size and title (the headline of its earliest article)."""
        first, last, size = db.execute(
            "SELECT min(sort_ts), max(sort_ts), count(*) FROM thread_members WHERE thread_id = ?", (thread_id,)
        ).fetchone()
        head = db.execute(
            "SELECT m.article_id, a.headline FROM thread_members m LEFT JOIN articles a ON a.id = m.article_id "
            "WHERE m.thread_id = ? ORDER BY m.sort_ts, m.article_id LIMIT 1",
            (thread_id,),
        ).fetchone()
        db.execute(
            "UPDATE threads SET first_ts = ?, last_ts = ?, size = ?, title = ?, title_article_id = ? WHERE id = ?",
            (first, last, size, head[1] if head else None, head[0] if head else None, thread_id),
        )

    def _thread_survivor(self, thread_id: str) -> str:
        rows = self._read("SELECT merged_into FROM threads WHERE id = ?", (thread_id,))
        return rows[0][0] if rows and rows[0][0] else thread_id

    def _summary(self, row: Any) -> ThreadSummary:
        tid, title, first_ts, last_ts, size = row[0], row[1], row[2], row[3], row[4]
        members = self._read(
            "SELECT m.article_id, a.site_name FROM thread_members m LEFT JOIN articles a ON a.id = m.article_id "
            "WHERE m.thread_id = ? ORDER BY m.sort_ts, m.article_id",
            (tid,),
        )
        ids = tuple(r[0] for r in members)
        sites = Counter(r[1] for r in members if r[1])
        order = {site: i for i, site in enumerate(r[1] for r in reversed(members) if r[1])}
        sources = tuple(sorted(sites, key=lambda s: (-sites[s], -order[s])))
        return ThreadSummary(
            id=tid,
            title=title or "",
            first_at=_when(first_ts),
            last_at=_when(last_ts),
            size=int(size),
            sources=sources,
            entities=self._thread_entities(ids),
            article_ids=ids,
        )

    def _thread_entities(self, ids: Sequence[str], limit: int = 8) -> tuple[str, ...]:
        """The entities most of the thread's (first 50) articles name: one grouped query."""
        if not ids or not hasattr(self, "entities_of"):  # a store without the entities section
            return ()
        head = list(ids[:50])
        marks = ", ".join("?" * len(head))
        rows = self._read(
            "SELECT e.name FROM article_entities ae JOIN entities e ON e.key = ae.entity_key "
            f"WHERE ae.article_id IN ({marks}) GROUP BY ae.entity_key, e.name "
            "ORDER BY count(*) DESC, min(ae.rank), ae.entity_key LIMIT ?",
            (*head, 2 * limit),
        )
        names = dict.fromkeys(r[0] for r in rows)  # one name for a place tagged both GPE and LOC
        return tuple(names)[:limit]


def _membership(row: Any) -> ThreadMembership:
    return ThreadMembership(
        thread_id=row[0], article_id=row[1], score=float(row[2]), reason=row[3], matched_article_id=row[4]
    )


def _when(ts: float | None) -> datetime | None:
    return datetime.fromtimestamp(float(ts), UTC) if ts is not None else None


def _chunks(ids: list[str]) -> Iterator[list[str]]:
    for i in range(0, len(ids), _MAX_IN):
        yield ids[i : i + _MAX_IN]


__all__ = ["THREADS_DDL", "ThreadsMixin", "parse_time"]


def _surviving(db: Any, thread_id: str) -> str:
    """The thread ``thread_id`` was merged into, following merges (itself when it was not merged)."""
    for _ in range(64):  # merges point at older threads, so chains are short; the bound only guards a cycle
        row = db.execute("SELECT merged_into FROM threads WHERE id = ?", (thread_id,)).fetchone()
        if row is None or not row[0]:
            return thread_id
        thread_id = row[0]
    return thread_id
