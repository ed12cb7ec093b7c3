"""The pipeline, in order: fetch -> extract -> enrich -> cluster -> store.

Each stage module exposes one pure function over records from ``models``; only the
runner chains them.
"""

from newsdesk.pipeline.extract import extract_article
from newsdesk.pipeline.runner import extract_pages

STAGES = ("fetch", "extract")

__all__ = ["STAGES", "extract_article", "extract_pages"]
