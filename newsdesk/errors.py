"""newsdesk's exceptions, one tree::

    NewsdeskError
    ├── ConfigError            a setting has a value newsdesk cannot use
    ├── UsageError             the command line asks for something impossible
    └── PipelineError          one item failed; the batch goes on (carries .input)
        ├── InputError         a file or archive cannot be read (missing, binary, truncated, too big)
        ├── FetchError         a URL could not be fetched (refused, timed out, HTTP error, too big)
        └── ExtractionError    a page was read but holds no article

Every message says what happened and, where it helps, what to do about it.
"""

from __future__ import annotations


class NewsdeskError(Exception):
    """Base of every error newsdesk raises on purpose."""


class ConfigError(NewsdeskError):
    pass


class UsageError(NewsdeskError):
    pass


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
