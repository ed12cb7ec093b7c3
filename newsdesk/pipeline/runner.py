"""The one place stages are chained and per-item errors are caught.

A failure of one page, expected (a PipelineError) or not (a bug in a stage), becomes an error
record and the batch goes on; callers decide how to report it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator

from newsdesk.errors import PipelineError
from newsdesk.models import Article, FetchedPage
from newsdesk.pipeline.extract import extract_article

log = logging.getLogger(__name__)


def extract_pages(
    items: Iterable[FetchedPage | PipelineError], *, debug: bool = False, metadata_only: bool = False
) -> Iterator[Article | PipelineError]:
    """Extract each page of ``items``; errors already in ``items`` pass through.

    With ``debug``, an unexpected exception raises with its traceback instead of being recorded;
    ``metadata_only`` gives records without their body (see ``extract_article``)."""
    for page in items:
        if isinstance(page, PipelineError):
            yield page
            continue
        try:
            yield extract_article(page, metadata_only=metadata_only)
        except PipelineError as exc:
            exc.input = exc.input or page.input
            yield exc
        except Exception as exc:
            if debug:
                raise
            log.debug("internal error while extracting %s", page.input, exc_info=True)
            yield PipelineError(f"internal error while extracting: {type(exc).__name__}: {exc}", input=page.input)
