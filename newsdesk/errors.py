"""newsdesk's exceptions, one tree::

    NewsdeskError
    ├── ConfigError                 a setting has a value newsdesk cannot use
    ├── UsageError                  the command line asks for something impossible
    ├── EnrichmentUnavailable       an optional extra (nlp, semantic) is not installed: entities or embeddings are off
    ├── StorageError                the database cannot be opened, read or written
    │   ├── SchemaOutdatedError     the schema is older than this newsdesk: run `newsdesk migrate`
    │   └── QueryError              a search query is malformed
    └── PipelineError               one item failed; the batch goes on (carries .input)
        ├── InputError              a file or archive cannot be read (missing, binary, truncated, too big)
        ├── FetchError              a URL could not be fetched (refused, timed out, HTTP error, too big)
        │   ├── RetryLaterError     429/503: the server asked to come back later (.retry_after)
        │   └── RobotsDisallowedError  robots.txt forbids the URL
        └── ExtractionError         a page was read but holds no article

Every message says what happened and, where it helps, what to do about it.
"""

from __future__ import annotations


class NewsdeskError(Exception):
    """Base of every error newsdesk raises on purpose."""


class ConfigError(NewsdeskError):
    pass


class UsageError(NewsdeskError):
    pass


class StorageError(NewsdeskError):
    """The database cannot be opened, read or written."""


class SchemaOutdatedError(StorageError):
    """The database's schema is older than this newsdesk: run ``newsdesk migrate``."""


class QueryError(StorageError):
    """A search query is malformed; the message names the problem in one line."""


class PipelineError(NewsdeskError):
    """A per-item failure: recorded with its reason, never fatal to a batch."""

    def __init__(self, message: str, *, input: str | None = None) -> None:
        super().__init__(message)
        self.input = input


class InputError(PipelineError):
    pass


class FetchError(PipelineError):
    def __init__(self, message: str, *, input: str | None = None, url: str | None = None) -> None:
        super().__init__(message, input=input)
        self.url = url


class ExtractionError(PipelineError):
    pass


class RetryLaterError(FetchError):
    """The server said 429 Too Many Requests or 503 Service Unavailable; ``retry_after`` is the
    delay it asked for in seconds (None when it sent no usable Retry-After)."""

    def __init__(self, message: str, *, status: int, retry_after: float | None, url: str | None = None) -> None:
        super().__init__(message, url=url)
        self.status = status
        self.retry_after = retry_after


class RobotsDisallowedError(FetchError):
    """robots.txt disallows the URL (or could not be fetched, which disallows the host for this run)."""


class EnrichmentUnavailable(NewsdeskError):
    """An optional enrichment is off because its extra is not installed (spaCy and its model for
    entities, sentence-transformers for semantic similarity). The message names what to install."""
