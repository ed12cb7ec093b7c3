"""``newsdesk entities``: the people, organisations and places the stored articles name."""

from __future__ import annotations

import json
import sys

import click

MAX_LIMIT = 10_000


@click.command()
@click.option(
    "--type",
    "entity_type",
    metavar="T",
    help="Only this spaCy type: PERSON, ORG, GPE, LOC, NORP, FAC, EVENT, PRODUCT, WORK_OF_ART, LAW (any case).",
)
@click.option(
    "--limit",
    type=click.IntRange(1, MAX_LIMIT),
    default=50,
    show_default=True,
    help="Entities listed, most named first.",
)
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Output."
)
def entities(entity_type: str | None, limit: int, output_format: str) -> None:
    """People, organisations and places named in the stored articles, by number of articles.

    JSON is a list of {name, type, count, articles, key}: count is the number of original articles
    naming the entity, articles their ids (newest first). Entities need spaCy and its English model
    (pip install 'newsdesk[nlp]'); without them this says why and exits 1, unless the database
    already holds entities from an earlier run.
    """
    from newsdesk.cli import EXIT_USAGE, _load_crawl_settings, _open_store_or_exit
    from newsdesk.enrich.entities import KEPT_TYPES, entities_status

    if entity_type is not None and entity_type.strip().upper() not in KEPT_TYPES:
        click.echo(
            f"newsdesk entities: --type has value {entity_type!r}. Expected one of: {', '.join(sorted(KEPT_TYPES))}.",
            err=True,
        )
        sys.exit(EXIT_USAGE)
    settings = _load_crawl_settings()
    off = entities_status(settings.ner_model or None)
    store = _open_store_or_exit(settings)
    try:
        found = store.list_entities(type=entity_type.strip().upper() if entity_type else None, limit=limit)
        if off and not found and not store.list_entities(limit=1):
            click.echo(f"newsdesk entities: {off}", err=True)
            sys.exit(1)
        if off:
            click.echo(f"newsdesk entities: {off} (listing the entities already stored)", err=True)
        rows = [(e, store.entity_article_ids(e.key, limit=max(e.count, 1))) for e in found]
    finally:
        store.close()
    if output_format == "json":
        payload = [{"name": e.name, "type": e.type, "count": e.count, "articles": ids, "key": e.key} for e, ids in rows]
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    if not rows:
        what = f" of type {entity_type.upper()}" if entity_type else ""
        click.echo(f"no entities{what} stored yet (they are found as articles are ingested)", err=True)
        return
    width = max(len(str(e.count)) for e, _ in rows)
    type_width = max(len(e.type) for e, _ in rows)
    for e, _ in rows:
        click.echo(f"{e.count:>{width}}  {e.type:<{type_width}}  {e.name}")


COMMANDS = [entities]
