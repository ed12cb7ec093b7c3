"""fetch_url: the private-address guard (never any traffic to such an address), pinning, and a real
loopback server for redirects, size caps, HTTP errors and content types."""

from __future__ import annotations

import dataclasses
import ipaddress
import socket
from collections.abc import Sequence

import httpcore
import httpx
import pytest

from newsdesk.config import Settings
from newsdesk.errors import FetchError
from newsdesk.pipeline.fetch import PinnedBackend, check_host, fetch_url, forbidden_reason
from tests.conftest import ARTICLE_PHRASE, LoopbackServer

PUBLIC_IP = "93.184.215.14"  # a public address: only ever handed to mock transports, never connected to


def stub_resolver(table: dict[str, Sequence[str]], calls: list[str] | None = None):
    def resolve(host: str, port: int) -> Sequence[str]:
        if calls is not None:
            calls.append(host)
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return table[host]

    return resolve


def failing_client() -> httpx.Client:
    """A client whose transport fails the test if any request ever reaches it."""

    def handler(request: httpx.Request) -> httpx.Response:
        pytest.fail(f"a request reached the transport: {request.url}")

    return httpx.Client(transport=httpx.MockTransport(handler))


@pytest.fixture
def no_sockets(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if newsdesk's own transport ever opens a TCP connection."""

    def refuse(*args: object, **kwargs: object) -> None:
        pytest.fail(f"a TCP connection was attempted: {args}")

    monkeypatch.setattr(httpcore.SyncBackend, "connect_tcp", refuse)


@pytest.fixture
def loopback_settings(settings: Settings) -> Settings:
    return dataclasses.replace(settings, allow_private=True)


# --- the guard ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("addresses", "kind"),
    [
        (["10.0.0.5"], "a private address"),
        (["192.168.1.20"], "a private address"),
        (["127.0.0.1"], "a loopback address"),
        (["169.254.169.254"], "a link-local address"),
        (["::1"], "a loopback address"),
        (["fe80::1"], "a link-local address"),
        (["::ffff:10.0.0.5"], "a private address"),
        (["0.0.0.0"], "an unspecified address"),
        (["224.0.0.251"], "a multicast address"),
        (["100.64.0.1"], "a non-public address"),
        ([PUBLIC_IP, "10.0.0.5"], "a private address"),  # ANY bad address refuses the host
    ],
)
def test_fetch_refuses_hosts_resolving_to_non_public_addresses_before_any_request(
    settings: Settings, addresses: list[str], kind: str
) -> None:
    resolver = stub_resolver({"news.example": addresses})
    with failing_client() as client, pytest.raises(FetchError) as info:
        fetch_url("https://news.example/story", settings, client=client, resolver=resolver)
    message = str(info.value)
    assert message.startswith("refused: news.example resolves to ")
    assert kind in message
    assert "--allow-private" in message
    assert info.value.input == "https://news.example/story"


def test_fetch_refusal_names_the_host_and_address(settings: Settings) -> None:
    resolver = stub_resolver({"example.internal": ["10.0.0.5"]})
    with failing_client() as client, pytest.raises(FetchError) as info:
        fetch_url("http://example.internal/", settings, client=client, resolver=resolver)
    assert str(info.value) == (
        "refused: example.internal resolves to 10.0.0.5, a private address; pass --allow-private to fetch it"
    )


def test_fetch_refuses_a_literal_private_ip_without_connecting(settings: Settings, no_sockets: None) -> None:
    with pytest.raises(FetchError, match=r"^refused: 127\.0\.0\.1 is a loopback address"):
        fetch_url("http://127.0.0.1:9/admin", settings)


def test_fetch_with_its_own_transport_refuses_before_connecting(settings: Settings, no_sockets: None) -> None:
    resolver = stub_resolver({"metadata.example": ["169.254.169.254"]})
    with pytest.raises(FetchError, match="a link-local address"):
        fetch_url("http://metadata.example/latest/", settings, resolver=resolver)


def test_fetch_checks_every_redirect_target(settings: Settings) -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.host)
        assert request.url.host == "public.example", "the private redirect target was requested"
        return httpx.Response(302, headers={"Location": "http://internal.example/secrets"})

    resolver = stub_resolver({"public.example": [PUBLIC_IP], "internal.example": ["10.1.2.3"]})
    with httpx.Client(transport=httpx.MockTransport(handler)) as client, pytest.raises(FetchError) as info:
        fetch_url("http://public.example/", settings, client=client, resolver=resolver)
    assert "internal.example resolves to 10.1.2.3, a private address" in str(info.value)
    assert seen == ["public.example"]


def test_fetch_lets_public_hosts_through_to_the_transport(settings: Settings, article_html: bytes) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.headers["User-Agent"].startswith("newsdesk/")
        return httpx.Response(200, content=article_html, headers={"Content-Type": "text/html"})

    resolver = stub_resolver({"courier.example": [PUBLIC_IP]})
    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        page = fetch_url("https://courier.example/a", settings, client=client, resolver=resolver)
    assert page.content == article_html
    assert page.url == "https://courier.example/a"
    assert page.fetched_at is not None and page.fetched_at.tzinfo is not None


def test_unresolvable_host_is_reported(settings: Settings) -> None:
    with failing_client() as client, pytest.raises(FetchError, match="cannot resolve nowhere.example"):
        fetch_url("http://nowhere.example/", settings, client=client, resolver=stub_resolver({}))


@pytest.mark.parametrize("url", ["ftp://courier.example/a", "file:///etc/passwd", "http:///nohost"])
def test_only_http_urls_with_a_host_are_fetched(settings: Settings, url: str) -> None:
    with failing_client() as client, pytest.raises(FetchError):
        fetch_url(url, settings, client=client, resolver=stub_resolver({}))


def test_allow_private_lets_private_addresses_through(settings: Settings) -> None:
    allowed = dataclasses.replace(settings, allow_private=True)
    assert check_host("example.internal", 80, allowed, resolver=stub_resolver({"example.internal": ["10.0.0.5"]})) == [
        "10.0.0.5"
    ]


def test_forbidden_reason_leaves_public_addresses_alone() -> None:
    assert forbidden_reason(PUBLIC_IP) is None
    assert forbidden_reason("2606:4700:4700::1111") is None
    assert forbidden_reason("::ffff:127.0.0.1") == "a loopback address"


def test_pinned_backend_never_connects_to_a_host_nobody_checked() -> None:
    with pytest.raises(httpcore.ConnectError, match="not checked"):
        PinnedBackend({}).connect_tcp("localhost", 80)


# --- a real server on 127.0.0.1 -------------------------------------------------------------------


def test_fetch_connects_to_the_checked_address_without_a_second_lookup(
    loopback_settings: Settings, article_server: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_getaddrinfo = socket.getaddrinfo

    def numeric_only(host: str, *args: object, **kwargs: object) -> object:
        try:
            ipaddress.ip_address(host)
        except ValueError:
            pytest.fail(f"the system resolver was asked for {host!r} after the check")
        return real_getaddrinfo(host, *args, **kwargs)  # an IP literal: no lookup happens

    monkeypatch.setattr(socket, "getaddrinfo", numeric_only)
    calls: list[str] = []
    resolver = stub_resolver({"courier.test": ["127.0.0.1"]}, calls)
    page = fetch_url(article_server.url("/article", host="courier.test"), loopback_settings, resolver=resolver)
    assert ARTICLE_PHRASE.encode() in page.content
    assert calls == ["courier.test"]
    assert page.kind == "html"


def test_fetch_follows_up_to_five_redirects(loopback_settings: Settings, article_server: LoopbackServer) -> None:
    page = fetch_url(article_server.url("/hops/5"), loopback_settings)
    assert page.url == article_server.url("/article")
    assert page.input == article_server.url("/hops/5")
    assert ARTICLE_PHRASE.encode() in page.content


@pytest.mark.parametrize("path", ["/hops/6", "/loop"])
def test_fetch_refuses_more_than_five_redirects(
    loopback_settings: Settings, article_server: LoopbackServer, path: str
) -> None:
    with pytest.raises(FetchError, match="too many redirects"):
        fetch_url(article_server.url(path), loopback_settings)
    assert len(article_server.requests) == 6  # the first request and five redirects, no more


@pytest.mark.parametrize("path", ["/big-declared", "/big-streamed"])
def test_fetch_refuses_bodies_over_the_size_cap(
    loopback_settings: Settings, article_server: LoopbackServer, path: str
) -> None:
    with pytest.raises(FetchError, match="^page larger than 20 MB"):
        fetch_url(article_server.url(path), loopback_settings)


def test_fetch_refuses_a_gzip_bomb_at_the_cap(loopback_settings: Settings, article_server: LoopbackServer) -> None:
    small = dataclasses.replace(loopback_settings, max_page_bytes=1024 * 1024)
    with pytest.raises(FetchError, match="^page larger than 1 MB"):
        fetch_url(article_server.url("/bomb"), small)


def test_fetch_decodes_gzip_content(loopback_settings: Settings, article_server: LoopbackServer) -> None:
    page = fetch_url(article_server.url("/gzip"), loopback_settings)
    assert ARTICLE_PHRASE.encode() in page.content


def test_fetch_reports_http_errors(loopback_settings: Settings, article_server: LoopbackServer) -> None:
    with pytest.raises(FetchError, match="^HTTP 404") as info:
        fetch_url(article_server.url("/no-such-story"), loopback_settings)
    assert info.value.url == article_server.url("/no-such-story")


def test_fetch_refuses_content_that_is_not_a_web_page(
    loopback_settings: Settings, article_server: LoopbackServer
) -> None:
    with pytest.raises(FetchError, match="content type application/pdf is not a web page"):
        fetch_url(article_server.url("/doc.pdf"), loopback_settings)


def test_fetch_marks_plain_text_as_text(loopback_settings: Settings, article_server: LoopbackServer) -> None:
    assert fetch_url(article_server.url("/plain"), loopback_settings).kind == "text"


def test_fetch_times_out(loopback_settings: Settings, article_server: LoopbackServer) -> None:
    hasty = dataclasses.replace(loopback_settings, fetch_timeout=0.3)
    with pytest.raises(FetchError, match=r"^timed out after 0\.3 s"):
        fetch_url(article_server.url("/slow"), hasty)
