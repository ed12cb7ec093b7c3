"""The pipeline, in order: fetch -> extract -> enrich -> cluster -> store.

Each stage module exposes one pure function over records from ``models``; only the
runner chains them.
"""

from newsdesk.pipeline.extract import extract_article

STAGES = ("fetch", "extract")

__all__ = ["STAGES", "extract_article"]
