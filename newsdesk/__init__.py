"""newsdesk: ingest, understand and publish news."""

from __future__ import annotations

import logging

from newsdesk.errors import ExtractionError, FetchError, InputError, NewsdeskError, PipelineError
from newsdesk.models import Article, Block, FetchedPage, Image, Link

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Block",
    "ExtractionError",
    "FetchError",
    "FetchedPage",
    "Image",
    "InputError",
    "Link",
    "NewsdeskError",
    "PipelineError",
    "__version__",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
