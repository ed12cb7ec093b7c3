"""Stage: URL -> FetchedPage. The only module that talks to the network.

Safe by default:

- every host is resolved *before* any connection and refused if any of its addresses is
  private, loopback, link-local, multicast, reserved or unspecified (IPv4-mapped IPv6
  included), unless ``settings.allow_private``;
- the connection then goes to an address that was checked: newsdesk's transport pins each
  host to the addresses the guard saw and never resolves a name itself, so a DNS answer
  that changes between check and connect (DNS rebinding) cannot redirect it; TLS still
  verifies the certificate against the host name;
- redirects are followed by hand, at most ``settings.max_redirects``, each target guarded
  again; the whole fetch is bounded by ``settings.fetch_timeout``;
- the body is capped at ``settings.max_page_bytes`` while it streams, after gzip/deflate
  decoding done here within the same cap (a compression bomb stops at the cap);
- only HTML and plain text are accepted (PDFs, images... are refused before their body).
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, TypeVar

import httpcore
import httpx

from newsdesk.errors import FetchError, RetryLaterError
from newsdesk.limits import (
    CONTENT_ENCODINGS,
    IDENTITY_ENCODINGS,
    BoundedInflater,
    CompressedDataError,
    SizeLimitError,
    format_size,
)
from newsdesk.models import FetchedPage

if TYPE_CHECKING:
    from newsdesk.config import Settings

log = logging.getLogger(__name__)

Resolver = Callable[[str, int], Sequence[str]]
"""(host, port) -> the IP addresses the host resolves to, as strings."""

ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.1"
ACCEPT_ENCODING = "gzip, deflate"
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})
DEFAULT_PORTS = {"http": 80, "https": 443}

_T = TypeVar("_T")


def resolve_host(host: str, port: int) -> list[str]:
    """The system resolver: every address ``host`` has, in the order getaddrinfo gives."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def forbidden_reason(address: str) -> str | None:
    """Why newsdesk must not connect to ``address`` ("a private address"...), or None if it is public."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is not None:
            ip = embedded
    for reason, flag in (
        ("an unspecified", ip.is_unspecified),
        ("a loopback", ip.is_loopback),
        ("a link-local", ip.is_link_local),
        ("a multicast", ip.is_multicast),
        ("a private", ip.is_private),
        ("a reserved", ip.is_reserved),
        ("a non-public", not ip.is_global),
    ):
        if flag:
            return f"{reason} address"
    return None


def check_host(host: str, port: int, settings: Settings, *, resolver: Resolver = resolve_host) -> list[str]:
    """Resolve ``host`` and return its addresses; raise FetchError if any is not public (and not allowed)."""
    try:
        addresses = [str(a) for a in resolver(host, port)]
    except (OSError, UnicodeError) as exc:
        raise FetchError(f"cannot resolve {host}: {getattr(exc, 'strerror', None) or exc}; check the URL") from None
    if not addresses:
        raise FetchError(f"cannot resolve {host}: no addresses; check the URL")
    if settings.allow_private:
        return addresses
    for address in addresses:
        if reason := forbidden_reason(address):
            where = f"{host} is" if _is_ip(host) else f"{host} resolves to {address},"
            raise FetchError(f"refused: {where} {reason}; pass --allow-private to fetch it")
    return addresses


class PinnedBackend(httpcore.NetworkBackend):
    """An httpcore network backend that connects only to addresses pinned for a (host, port).

    It never resolves names: a host nobody pinned is refused, so only checked addresses are reached.
    """

    def __init__(self, pins: dict[tuple[str, int], list[str]]) -> None:
        self._pins = pins
        self._backend = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = self._pins.get((host.lower(), port))
        if not addresses:
            raise httpcore.ConnectError(f"{host}:{port} was not checked before connecting")
        error: Exception | None = None
        for address in addresses:
            try:
                return self._backend.connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as exc:
                error = exc
        assert error is not None
        raise error

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are not used by newsdesk's fetcher")

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


class PinnedTransport(httpx.HTTPTransport):
    """httpx's own transport, with its connection pool on a :class:`PinnedBackend`."""

    def __init__(self, pins: dict[tuple[str, int], list[str]]) -> None:
        super().__init__(trust_env=False)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=10,
            network_backend=PinnedBackend(pins),
        )


def fetch_url(
    url: str, settings: Settings, *, client: httpx.Client | None = None, resolver: Resolver = resolve_host
) -> FetchedPage:
    """Fetch one page. Raises FetchError (with ``.input`` and ``.url`` set) saying why it could not.

    ``client`` is for tests and reuse; when None, a client on a :class:`PinnedTransport` is made
    and closed here. The address guard runs before every request either way.
    """
    return _fetch(url, settings, read=_page_from, client=client, resolver=resolver)


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchResponse:
    """What :func:`fetch_response` got: a 2xx body, or a 304 (empty ``content``) to a conditional GET."""

    url: str  # where the body came from, after redirects
    status: int
    content: bytes
    content_type: str | None
    etag: str | None
    last_modified: str | None
    fetched_at: datetime

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def fetch_response(
    url: str,
    settings: Settings,
    *,
    headers: Mapping[str, str] | None = None,
    client: httpx.Client | None = None,
    pins: dict[tuple[str, int], list[str]] | None = None,
    resolver: Resolver = resolve_host,
    max_bytes: int | None = None,
    before_request: Callable[[str], None] | None = None,
) -> FetchResponse:
    """Fetch ``url`` as :func:`fetch_url` does (same guard, redirects, timeout, size cap, gzip
    decoding), for any content type, sending extra ``headers`` (If-None-Match, If-Modified-Since,
    Accept...). A 304 comes back as a response; 429/503 raise :class:`RetryLaterError`; other
    errors raise FetchError. ``client`` with ``pins`` lets a crawler reuse one pinned client:
    the addresses the guard checks are pinned in ``pins``, which the client's transport reads.
    ``before_request(url)`` runs before every request, redirects included, once the guard has
    passed: a crawler checks robots.txt and waits its per-host delay there (it may raise)."""

    def read(response: httpx.Response, url: str, settings: Settings, deadline: float) -> FetchResponse:
        return _response_from(response, settings, deadline, max_bytes or settings.max_page_bytes)

    return _fetch(
        url, settings, read=read, client=client, resolver=resolver, pins=pins, headers=headers, hook=before_request
    )


def retry_after_seconds(value: str | None, *, now: datetime | None = None) -> float | None:
    """A Retry-After header (seconds, or an HTTP date) as seconds from ``now``; None if unusable."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - (now or datetime.now(UTC))).total_seconds(), 0.0)


def _fetch(
    url: str,
    settings: Settings,
    *,
    read: Callable[[httpx.Response, str, Settings, float], _T],
    client: httpx.Client | None,
    resolver: Resolver,
    pins: dict[tuple[str, int], list[str]] | None = None,
    headers: Mapping[str, str] | None = None,
    hook: Callable[[str], None] | None = None,
) -> _T:
    deadline = time.monotonic() + settings.fetch_timeout
    pins = {} if pins is None else pins
    own_client = client is None
    if client is None:
        client = httpx.Client(transport=PinnedTransport(pins), trust_env=False, follow_redirects=False)
    current = url
    try:
        for _hop in range(settings.max_redirects + 1):
            target = _parse_url(current)
            port = target.port or DEFAULT_PORTS[target.scheme]
            host = target.raw_host.decode("ascii").lower()
            pins[(host, port)] = check_host(host, port, settings, resolver=resolver)
            if hook is not None:
                waited = time.monotonic()
                hook(str(target))
                deadline += time.monotonic() - waited  # a politeness wait is not fetch time
            remaining = max(deadline - time.monotonic(), 0.001)
            sent = {"User-Agent": settings.user_agent, "Accept": ACCEPT, "Accept-Encoding": ACCEPT_ENCODING}
            sent.update(headers or {})
            with client.stream("GET", target, headers=sent, timeout=remaining) as response:
                if response.is_redirect and response.next_request is not None:
                    current = str(response.next_request.url)
                    log.debug("%s redirects to %s", target, current)
                    continue
                return read(response, url, settings, deadline)
        raise FetchError(f"too many redirects (more than {settings.max_redirects}); the site may be looping")
    except FetchError as exc:
        exc.input, exc.url = url, exc.url or current
        raise
    except httpx.TimeoutException:
        raise FetchError(f"timed out after {settings.fetch_timeout:g} s", input=url, url=current) from None
    except httpx.TransportError as exc:
        raise FetchError(f"cannot fetch: {exc or type(exc).__name__}", input=url, url=current) from None
    finally:
        if own_client:
            client.close()


def _parse_url(url: str) -> httpx.URL:
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise FetchError(f"not a valid URL ({exc})") from None
    if parsed.scheme not in DEFAULT_PORTS:
        raise FetchError(f"cannot fetch {parsed.scheme or 'scheme-less'} URLs; only http and https")
    if not parsed.raw_host:
        raise FetchError("URL has no host")
    return parsed


def _page_from(response: httpx.Response, url: str, settings: Settings, deadline: float) -> FetchedPage:
    if response.status_code >= 400:
        raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}".strip())
    if not 200 <= response.status_code < 300:
        raise FetchError(f"HTTP {response.status_code}: not a page")
    content_type = response.headers.get("content-type")
    media_type = (content_type or "").split(";")[0].strip().lower()
    if media_type and media_type not in HTML_TYPES | TEXT_TYPES:
        raise FetchError(f"content type {media_type} is not a web page; newsdesk reads HTML and plain text")
    body = _read_body(response, settings, deadline)
    return FetchedPage(
        input=url,
        content=body,
        url=str(response.url),
        kind="text" if media_type in TEXT_TYPES else "html",
        content_type=content_type,
        fetched_at=datetime.now(UTC),
    )


def _response_from(response: httpx.Response, settings: Settings, deadline: float, limit: int) -> FetchResponse:
    status = response.status_code
    if status in (429, 503):
        retry_after = retry_after_seconds(response.headers.get("retry-after"))
        wait = f"; it asks to retry after {retry_after:g} s" if retry_after is not None else ""
        raise RetryLaterError(
            f"HTTP {status} {response.reason_phrase}".strip() + wait, status=status, retry_after=retry_after
        )
    if status >= 400:
        raise FetchError(f"HTTP {status} {response.reason_phrase}".strip())
    if status != 304 and not 200 <= status < 300:
        raise FetchError(f"HTTP {status}: not a page")
    body = b"" if status == 304 else _read_body(response, settings, deadline, limit)
    return FetchResponse(
        url=str(response.url),
        status=status,
        content=body,
        content_type=response.headers.get("content-type"),
        etag=response.headers.get("etag"),
        last_modified=response.headers.get("last-modified"),
        fetched_at=datetime.now(UTC),
    )


def _read_body(response: httpx.Response, settings: Settings, deadline: float, limit: int | None = None) -> bytes:
    limit = limit or settings.max_page_bytes
    too_big = FetchError(f"page larger than {format_size(limit)}; raise NEWSDESK_MAX_PAGE_BYTES to accept it")
    declared = response.headers.get("content-length", "")
    if declared.strip().isdigit() and int(declared) > limit:
        raise too_big
    if response.is_stream_consumed:  # already read and decoded, as httpx.MockTransport responses are
        if len(response.content) > limit:
            raise too_big
        return response.content
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    if encoding not in IDENTITY_ENCODINGS and encoding not in CONTENT_ENCODINGS:
        raise FetchError(f"unsupported Content-Encoding {encoding!r}")
    inflater = BoundedInflater(limit, wbits=CONTENT_ENCODINGS[encoding]) if encoding in CONTENT_ENCODINGS else None
    raw = bytearray()
    try:
        for chunk in response.iter_raw():
            if time.monotonic() > deadline:
                raise FetchError(f"timed out after {settings.fetch_timeout:g} s")
            if inflater is not None:
                inflater.feed(chunk)
            elif len(raw) + len(chunk) > limit:
                raise too_big
            else:
                raw += chunk
        return inflater.finish() if inflater is not None else bytes(raw)
    except SizeLimitError:
        raise too_big from None
    except CompressedDataError as exc:
        raise FetchError(f"the server sent broken {encoding} data: {exc}") from None


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
