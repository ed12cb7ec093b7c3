"""Entities and keywords of stored articles (portable SQL: the same statements run on SQLite and PostgreSQL).

A mixin of the stores: it touches the database only through ``self._write()`` and ``self._read()``.

Tables (``ENTITIES_DDL``, migration ``0004_entities``):

- ``entities``: one row per entity key with its display name (the most complete seen), its type,
  ``surname`` (last word of a person's folded name, to resolve a lone surname) and
  ``article_count``, the number of original (non-duplicate) articles naming it, maintained on write
  so that listing entities never counts rows at read time;
- ``article_entities``: entity per article (mentions, sentence of first mention, rank in the
  article, the article's ``sort_ts`` and whether it is an original), indexed by
  (entity_key, original, sort_ts) for an entity's newest articles;
- ``article_keywords``: an article's key phrases with their scores, by rank.

Cross-article resolution: when an article names a person by surname only ("Tokayev") and no full
name ends with it in that article, :meth:`EntitiesMixin.save_enrichment` stores it under the one
stored person whose name ends with that surname, if there is exactly one.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any

from newsdesk.enrich.entities import KEPT_TYPES, Entity, adjective_of, entity_key, fold, surname
from newsdesk.storage.base import EntitySummary

COOCCURRENCE_WINDOW = 500  # co-occurring entities are counted over an entity's newest articles

ENTITIES_DDL = """
CREATE TABLE entities (
    key TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    surname TEXT,
    article_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX entities_by_count ON entities (article_count DESC, key);
CREATE INDEX entities_by_type ON entities (type, article_count DESC, key);
CREATE INDEX entities_by_surname ON entities (surname, type);

CREATE TABLE article_entities (
    article_id TEXT NOT NULL,
    entity_key TEXT NOT NULL,
    name TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    first_sentence TEXT NOT NULL DEFAULT '',
    rank INTEGER NOT NULL,
    sort_ts DOUBLE PRECISION NOT NULL DEFAULT 0,
    original INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (article_id, entity_key)
);
CREATE INDEX article_entities_by_entity ON article_entities (entity_key, original, sort_ts DESC, article_id);

CREATE TABLE article_keywords (
    article_id TEXT NOT NULL,
    rank INTEGER NOT NULL,
    phrase TEXT NOT NULL,
    score DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (article_id, rank)
);
"""


class EntitiesMixin:
    """Entities and keywords (needs ``_write`` and ``_read`` from the store)."""

    def _write(self) -> AbstractContextManager[Any]:  # pragma: no cover - provided by the store
        raise NotImplementedError

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:  # pragma: no cover
        raise NotImplementedError

    # --- writing -----------------------------------------------------------------------------------

    def save_enrichment(
        self,
        article_id: str,
        *,
        entities: Sequence[Entity] | None,
        keywords: Sequence[tuple[str, float]],
        sort_ts: float,
    ) -> None:
        """Replace what was saved for ``article_id`` with these entities and keywords (one transaction).
        ``entities=None`` (the tagger is off) saves the keywords and leaves the entities as they were."""
        with self._write() as db:
            if entities is None:
                db.execute("DELETE FROM article_keywords WHERE article_id = ?", (article_id,))
                self._insert_keywords(db, article_id, keywords)
                return
            row = db.execute("SELECT duplicate_of FROM articles WHERE id = ?", (article_id,)).fetchone()
            original = 0 if row is not None and row[0] else 1
            old = db.execute(
                "SELECT entity_key, original FROM article_entities WHERE article_id = ?", (article_id,)
            ).fetchall()
            for key, was_original in old:
                if was_original:
                    db.execute("UPDATE entities SET article_count = article_count - 1 WHERE key = ?", (key,))
            db.execute("DELETE FROM article_entities WHERE article_id = ?", (article_id,))
            db.execute("DELETE FROM article_keywords WHERE article_id = ?", (article_id,))

            merged: dict[str, Entity] = {}
            for entity in entities:
                entity = _resolve_surname(db, entity, entities)
                entity = _resolve_adjective(db, entity)
                entity = _resolve_type(db, entity)
                if entity.key in merged:  # two forms resolved to one stored person
                    prev = merged[entity.key]
                    entity = Entity(prev.key, prev.name, prev.type, prev.count + entity.count, prev.first_sentence)
                merged[entity.key] = entity
            for entity in sorted(merged.values(), key=lambda e: e.key):  # key order, as above
                db.execute(
                    "INSERT INTO entities (key, name, type, surname, article_count) VALUES (?, ?, ?, ?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET article_count = entities.article_count + excluded.article_count, "
                    "name = CASE WHEN length(excluded.name) > length(entities.name) THEN excluded.name "
                    "ELSE entities.name END",
                    (
                        entity.key,
                        entity.name,
                        entity.type,
                        surname(entity.name) if entity.type == "PERSON" and len(entity.name.split()) > 1 else None,
                        original,
                    ),
                )
            for rank, entity in enumerate(merged.values()):
                db.execute(
                    "INSERT INTO article_entities (article_id, entity_key, name, mentions, first_sentence, rank,"
                    " sort_ts, original) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (article_id, entity.key, entity.name, entity.count, entity.first_sentence, rank, sort_ts, original),
                )
            self._insert_keywords(db, article_id, keywords)

    @staticmethod
    def _insert_keywords(db: Any, article_id: str, keywords: Sequence[tuple[str, float]]) -> None:
        db.executemany(
            "INSERT INTO article_keywords (article_id, rank, phrase, score) VALUES (?, ?, ?, ?)",
            [(article_id, rank, phrase, float(score)) for rank, (phrase, score) in enumerate(keywords)],
        )

    def demote_entities(self, article_id: str) -> None:
        """The article became a copy (an earlier copy of its text arrived and is the original now):
        its entities stop counting for it and it leaves the entity pages. Idempotent."""
        with self._write() as db:
            rows = db.execute(
                "SELECT entity_key FROM article_entities WHERE article_id = ? AND original = 1", (article_id,)
            ).fetchall()
            for key in sorted(r[0] for r in rows):  # one lock order for concurrent writers
                db.execute("UPDATE entities SET article_count = article_count - 1 WHERE key = ?", (key,))
            db.execute("UPDATE article_entities SET original = 0 WHERE article_id = ?", (article_id,))

    # --- reading -----------------------------------------------------------------------------------

    def entities_of(self, article_id: str) -> list[Entity]:
        """The article's entities as saved, most mentioned first (display names as in the article)."""
        rows = self._read(
            "SELECT ae.entity_key, ae.name, e.type, ae.mentions, ae.first_sentence FROM article_entities ae "
            "JOIN entities e ON e.key = ae.entity_key WHERE ae.article_id = ? ORDER BY ae.rank",
            (article_id,),
        )
        return [Entity(r[0], r[1], r[2], int(r[3]), r[4]) for r in rows]

    def keywords_of(self, article_id: str) -> list[tuple[str, float]]:
        rows = self._read(
            "SELECT phrase, score FROM article_keywords WHERE article_id = ? ORDER BY rank", (article_id,)
        )
        return [(r[0], float(r[1])) for r in rows]

    def list_entities(self, *, type: str | None = None, limit: int = 100, offset: int = 0) -> list[EntitySummary]:
        """Entities by number of (original) articles naming them, most first; ``type`` is a spaCy label."""
        if type:
            rows = self._read(
                "SELECT key, name, type, article_count FROM entities WHERE type = ? AND article_count > 0 "
                "ORDER BY article_count DESC, key LIMIT ? OFFSET ?",
                (type.upper(), limit, offset),
            )
        else:
            rows = self._read(
                "SELECT key, name, type, article_count FROM entities WHERE article_count > 0 "
                "ORDER BY article_count DESC, key LIMIT ? OFFSET ?",
                (limit, offset),
            )
        return [_summary(r) for r in rows]

    def entity_types(self) -> list[tuple[str, int]]:
        """The types that have entities, as (type, articles naming its most named entity), most first.
        One index probe per known type: no scan of the entities table."""
        out = []
        for type in sorted(KEPT_TYPES):
            rows = self._read(
                "SELECT article_count FROM entities WHERE type = ? AND article_count > 0 "
                "ORDER BY article_count DESC, key LIMIT 1",
                (type,),
            )
            if rows:
                out.append((type, int(rows[0][0])))
        return sorted(out, key=lambda pair: (-pair[1], pair[0]))

    def get_entity(self, key: str) -> EntitySummary | None:
        rows = self._read("SELECT key, name, type, article_count FROM entities WHERE key = ?", (key,))
        return _summary(rows[0]) if rows else None

    def entity_article_ids(self, key: str, *, limit: int = 50, offset: int = 0) -> list[str]:
        """Ids of the original articles naming the entity, newest first."""
        rows = self._read(
            "SELECT article_id FROM article_entities WHERE entity_key = ? AND original = 1 "
            "ORDER BY sort_ts DESC, article_id LIMIT ? OFFSET ?",
            (key, limit, offset),
        )
        return [r[0] for r in rows]

    def cooccurring_entities(self, key: str, *, limit: int = 20) -> list[tuple[EntitySummary, int]]:
        """Entities named in the same articles as ``key`` (its newest ``COOCCURRENCE_WINDOW`` articles,
        so the cost stays bounded for very common entities), with the number of shared articles."""
        rows = self._read(
            "SELECT e.key, e.name, e.type, e.article_count, count(*) AS shared "
            "FROM (SELECT article_id FROM article_entities WHERE entity_key = ? AND original = 1 "
            "      ORDER BY sort_ts DESC LIMIT ?) recent "
            "JOIN article_entities other ON other.article_id = recent.article_id "
            "JOIN entities e ON e.key = other.entity_key "
            "WHERE other.entity_key <> ? "
            "GROUP BY e.key, e.name, e.type, e.article_count "
            "ORDER BY shared DESC, e.article_count DESC, e.key LIMIT ?",
            (key, COOCCURRENCE_WINDOW, key, limit),
        )
        return [(_summary(r), int(r[4])) for r in rows]

    def find_person(self, name: str) -> EntitySummary | None:
        """The one stored person (full name) whose surname is ``name``'s last word, if exactly one."""
        rows = self._read(
            "SELECT key, name, type, article_count FROM entities WHERE surname = ? AND type = ? LIMIT 2",
            (surname(name), "PERSON"),
        )
        return _summary(rows[0]) if len(rows) == 1 else None


def _resolve_surname(db: Any, entity: Entity, siblings: Sequence[Entity]) -> Entity:
    """A lone-surname PERSON ("Tokayev") becomes the one stored person with that surname."""
    if entity.type != "PERSON" or len(fold(entity.name).split()) != 1:
        return entity
    last = surname(entity.name)
    if any(s.type == "PERSON" and s is not entity and surname(s.name) == last for s in siblings):
        return entity  # the article has its own full name for it (normalise would have folded it)
    rows = db.execute(
        "SELECT key, name FROM entities WHERE surname = ? AND type = ? AND article_count > 0 LIMIT 2",
        (last, "PERSON"),
    ).fetchall()
    if len(rows) != 1:
        return entity
    return Entity(rows[0][0], rows[0][1], "PERSON", entity.count, entity.first_sentence)


# spaCy's labels that it mixes up for one name across articles ("Lenhaven" GPE here, ORG there)
_INTERCHANGEABLE = ("GPE", "LOC", "ORG", "PERSON", "FAC", "NORP", "PRODUCT")


def _resolve_type(db: Any, entity: Entity) -> Entity:
    """A name stored under another type in more articles (at least 2) takes that type: the store's
    majority corrects spaCy's labels on single articles. A full personal name is left alone."""
    if entity.type not in _INTERCHANGEABLE or (entity.type == "PERSON" and " " in fold(entity.name)):
        return entity
    folded = entity.key.partition(":")[2]
    keys = [f"{t}:{folded}" for t in _INTERCHANGEABLE]
    rows = db.execute(
        f"SELECT key, name, type, article_count FROM entities WHERE key IN ({', '.join('?' for _ in keys)})", keys
    ).fetchall()
    counts = {r[0]: (int(r[3]), r[1], r[2]) for r in rows}
    own = counts.get(entity.key, (0, "", ""))[0]
    best = max(counts.items(), key=lambda kv: (kv[1][0], kv[0] == entity.key), default=None)
    if best is None or best[0] == entity.key or best[1][0] < 2 or best[1][0] <= own:
        return entity
    return Entity(best[0], best[1][1], best[1][2], entity.count, entity.first_sentence)


def _resolve_adjective(db: Any, entity: Entity) -> Entity:
    """A nationality or adjective ("Estravian") becomes the stored place it derives from ("Estravia")
    when the article did not name the place itself."""
    folded = entity.key.partition(":")[2]
    if entity.type not in ("NORP", "ORG", "PRODUCT") or " " in folded or len(folded) < 5:
        return entity
    candidates = []
    for place_type in ("GPE", "LOC"):
        low = f"{place_type}:{folded[:4]}"
        rows = db.execute(
            "SELECT key, name, type, article_count FROM entities WHERE key >= ? AND key < ? AND article_count > 0",
            (low, low + "\uffff"),
        ).fetchall()
        candidates += [r for r in rows if adjective_of(folded, r[0].partition(":")[2])]
    if not candidates:
        return entity
    key, name, type, _ = max(candidates, key=lambda r: int(r[3]))
    return Entity(key, name, type, entity.count, entity.first_sentence)


def _summary(row: Any) -> EntitySummary:
    return EntitySummary(key=row[0], name=row[1], type=row[2], count=int(row[3]))


__all__ = ["ENTITIES_DDL", "EntitiesMixin", "entity_key"]
