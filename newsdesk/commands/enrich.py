"""``newsdesk enrich``: enrich (entities, keywords, similarity profile, story thread) stored articles."""

from __future__ import annotations

import click

PAGE = 200


@click.command()
@click.option(
    "--all",
    "everything",
    is_flag=True,
    help="Re-enrich every original article (after installing the nlp or semantic extra), not only those never enriched.",
)
def enrich(everything: bool) -> None:
    """Enrich stored articles that were never enriched (stored before enrichment existed, or while it
    failed): entities and keywords (with the nlp extra), similarity profile and story thread.

    Ingest enriches each new article as it is stored, so this is a backfill. Articles are taken
    oldest first, a page at a time, each saved as it is done: an interrupted run loses nothing and
    the next run carries on where it stopped. Prints how many were enriched, skipped and failed
    (failures are listed by `newsdesk failures`).
    """
    from newsdesk.cli import _load_crawl_settings, _open_store_or_exit
    from newsdesk.pipeline.enrich import EnrichCounts, Enricher

    settings = _load_crawl_settings()
    store = _open_store_or_exit(settings)
    total = EnrichCounts()
    try:
        enricher = Enricher(store, settings)
        page = store.original_article_ids if everything else store.unthreaded_article_ids
        after = None
        while batch := page(after=after, limit=PAGE):
            after = batch[-1]
            counts = enricher.enrich_ids([aid for _, aid in batch])
            total.enriched += counts.enriched
            total.skipped += counts.skipped
            total.failed += counts.failed
            click.echo(f"  {total.enriched + total.skipped + total.failed} articles so far", err=True)
    except KeyboardInterrupt:
        click.echo(f"interrupted: {total.summary()} (run again to carry on)", err=True)
        raise SystemExit(130) from None
    finally:
        store.close()
    click.echo(total.summary())


COMMANDS = [enrich]
