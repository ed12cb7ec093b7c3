"""``newsdesk stories``: the story threads found among the stored articles."""

from __future__ import annotations

import json
import re
import sys
from datetime import UTC, datetime, timedelta

import click

MAX_LIMIT = 1000


def _since(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        if m := re.match(r"^\s*(\d+)\s*([hdw])\s*$", value):
            return datetime.now(UTC) - timedelta(hours=int(m.group(1)) * {"h": 1, "d": 24, "w": 168}[m.group(2)])
        parsed = datetime.fromisoformat(value.strip())
    except (ValueError, OverflowError):  # OverflowError: further back than datetime reaches (99999999d)
        click.echo(
            f"newsdesk stories: --since has value {value!r}. Expected a date such as 2026-03-04, "
            "2026-03-04T18:00 or 7d (days ago).",
            err=True,
        )
        sys.exit(2)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@click.command()
@click.option("--since", metavar="DATE", help="Only threads active since DATE (2026-03-04, 2026-03-04T18:00, 7d, 12h).")
@click.option(
    "--min-size", type=click.IntRange(1, None), default=2, show_default=True, help="Threads of at least N articles."
)
@click.option(
    "--limit",
    type=click.IntRange(1, MAX_LIMIT),
    default=20,
    show_default=True,
    help="Threads listed, most recent first.",
)
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Output."
)
def stories(since: str | None, min_size: int, limit: int, output_format: str) -> None:
    """Story threads: articles that tell one story, most recently active first.

    Each new article joins the thread it belongs to or starts one (text similarity, shared entities,
    "Read more" links and time); each placement is kept with its score and reason. JSON is a list of
    threads {id, title, first_at, last_at, size, sources, entities, article_ids, articles}, articles
    being {id, headline, site, published_at, score, reason, outlets} oldest first (outlets: the sites
    that ran the same text, original first, with their agency).
    """
    from newsdesk.cli import _load_crawl_settings, _open_store_or_exit

    when = _since(since)
    settings = _load_crawl_settings()
    store = _open_store_or_exit(settings)
    try:
        threads = store.list_threads(since=when, min_size=min_size, limit=limit)
        payload = []
        for thread in threads:
            articles = []
            for member in store.thread_members(thread.id):
                article = store.get_article(member.article_id)
                if article is None:
                    continue
                outlets = store.outlets_of(member.article_id)
                articles.append(
                    {
                        "id": member.article_id,
                        "headline": article.headline,
                        "site": article.site_name,
                        "published_at": article.published_at.isoformat() if article.published_at else None,
                        "score": round(member.score, 4),
                        "reason": member.reason,
                        "outlets": [
                            {"site": o.site_name, "agency": o.agency, "original": o.original, "id": o.article_id}
                            for o in outlets
                        ],
                    }
                )
            payload.append(thread.to_dict() | {"articles": articles})
    finally:
        store.close()
    if output_format == "json":
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    if not payload:
        click.echo(
            f"no story threads of {min_size}+ articles yet (threads form as articles are ingested; "
            "`newsdesk enrich` threads articles stored before)",
            err=True,
        )
        return
    for i, thread in enumerate(payload):
        if i:
            click.echo("")
        span = " - ".join(
            dict.fromkeys(d[:10] for d in (thread["first_at"], thread["last_at"]) if d)  # type: ignore[index]
        )
        click.echo(f"{thread['title']}  [{thread['size']} articles, {span}]")
        click.echo(f"  sources: {', '.join(thread['sources']) or '-'}")  # type: ignore[arg-type]
        if thread["entities"]:
            click.echo(f"  entities: {', '.join(thread['entities'])}")  # type: ignore[arg-type]
        for a in thread["articles"]:  # type: ignore[union-attr]
            day = (a["published_at"] or "")[:10] or "----------"
            also = [o["site"] for o in a["outlets"] if not o["original"] and o["site"]]
            carried = f" (also run by {', '.join(also)})" if also else ""
            click.echo(f"  {day}  {a['site'] or '-'}: {a['headline']}{carried}")
            click.echo(f"      {a['score']:.2f} {a['reason']}")


COMMANDS = [stories]
