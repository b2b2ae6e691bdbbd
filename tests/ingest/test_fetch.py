"""The safe fetcher: schemes, addresses (checked without network), redirects re-checked, size and time
limits, conditional requests, against a local server on loopback."""

from __future__ import annotations

import re
import socket
import threading
import time

import pytest

from dossier.errors import FetchError, FetchRefused
from dossier.ingest import fetch as fetching
from dossier.ingest.fetch import Fetched, address_refusal, check_address, check_url, fetch
from dossier.settings import Settings

from support import LocalServer, closed_port, endless_page

LOCAL = Settings(allow_private=True, fetch_timeout=5)
FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette</title></channel></rss>'


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("10.0.0.1", "private"),
        ("192.168.1.20", "private"),
        ("172.16.5.4", "private"),
        ("169.254.169.254", "link-local"),  # cloud metadata
        ("127.0.0.1", "loopback"),
        ("0.0.0.0", "unspecified"),
        ("224.0.0.251", "multicast"),
        ("100.64.0.1", "not global"),  # shared address space (carrier NAT)
        ("240.0.0.1", "private"),
        ("::1", "loopback"),
        ("::", "unspecified"),
        ("fd00::1", "private"),
        ("fe80::1", "link-local"),
        ("fe80::1%2", "link-local"),
        ("fec0::1", "site-local"),
        ("ff02::1", "multicast"),
        ("::ffff:127.0.0.1", "loopback: 127.0.0.1"),  # IPv4-mapped
        ("::ffff:169.254.169.254", "link-local: 169.254.169.254"),
        ("2002:a00:1::1", "private: 10.0.0.1"),  # 6to4 around 10.0.0.1
        ("93.184.215.14", None),
        ("8.8.8.8", None),
        ("2606:4700:4700::1111", None),
        ("::ffff:8.8.8.8", None),
    ],
)
def test_address_check(address, reason):
    assert address_refusal(address) == reason
    if reason is None:
        check_address(address)
    else:
        with pytest.raises(FetchRefused, match="refused address"):
            check_address(address)
        check_address(address, allow_private=True)  # the flag lets it through


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.org/feed.xml", "unsupported URL scheme ftp://"),
        ("file:///etc/passwd", "unsupported URL scheme file://"),
        ("gopher://example.org/", "unsupported URL scheme gopher://"),
        ("example.org/feed.xml", "unsupported URL scheme no scheme"),
        ("http:///feed.xml", "names no host"),
        ("https://user:secret@example.org/", "carries credentials"),
        ("http://example.org:99999/", "not a valid URL"),
        ("http://example.org/" + "a" * 2000, "longer than"),
    ],
)
def test_refused_urls(url, message):
    with pytest.raises(FetchRefused, match=message):
        check_url(url)
    with pytest.raises(FetchRefused, match=message):
        fetch(url, LOCAL)


@pytest.mark.parametrize(
    ("url", "fetched"),
    [
        ("HTTPS://example.org/a?b=1#top", "https://example.org/a?b=1"),
        (" http://example.org/feed.xml\n", "http://example.org/feed.xml"),
        ("http://bücher.example:8080/café?q=é", "http://xn--bcher-kva.example:8080/caf%C3%A9?q=%C3%A9"),
    ],
)
def test_allowed_urls_as_fetched(url, fetched):
    assert check_url(url) == fetched


@pytest.mark.parametrize(
    ("content_type", "body", "kind"),
    [
        ("application/rss+xml", FEED, "feed"),
        ("application/atom+xml", b"<feed/>", "feed"),
        ("text/xml", FEED, "feed"),
        ("text/html", b"<p>hi</p>", "html"),
        ("application/xhtml+xml", b"<html/>", "html"),
        ("", b"  <!DOCTYPE html><html>", "html"),
        ("application/octet-stream", FEED, "feed"),
        ("text/plain", b"just words", None),
        ("application/pdf", b"%PDF-1.4", None),
        ("image/png", b"<html>", None),  # the type decides when it is a definite one
    ],
)
def test_content_type_decides_feed_or_page(content_type, body, kind):
    assert Fetched("http://x/", 200, body, content_type).kind == kind


def _drip(server: LocalServer):
    def answer(handler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        for _ in range(200):  # one byte every 50 ms: every read is quick, the whole is not
            if server.released.wait(0.05):
                return
            handler.wfile.write(b"x")
            handler.wfile.flush()
    return answer


def _hang(server: LocalServer):
    return lambda handler: server.released.wait(20)


@pytest.fixture(scope="module")
def server():
    local = LocalServer({})
    reply = local.reply
    local.routes.update({
        "/feed": lambda h: (reply(h, 304) if h.headers.get("If-None-Match") == '"v1"'
                            or h.headers.get("If-Modified-Since") == "Tue, 01 Oct 2024 10:00:00 GMT"
                            else reply(h, 200, FEED, {"Content-Type": "application/rss+xml; charset=utf-8",
                                                       "ETag": '"v1"',
                                                       "Last-Modified": "Tue, 01 Oct 2024 10:00:00 GMT"})),
        "/moved": lambda h: reply(h, 301, headers={"Location": "/feed"}),
        "/loop": lambda h: reply(h, 302, headers={"Location": "/loop"}),
        "/to-ftp": lambda h: reply(h, 302, headers={"Location": "ftp://127.0.0.1/feed"}),
        "/to-file": lambda h: reply(h, 302, headers={"Location": "file:///etc/passwd"}),
        "/to-metadata": lambda h: reply(h, 302, headers={"Location": "http://169.254.169.254/latest/"}),
        "/to-private": lambda h: reply(h, 307, headers={"Location": "http://10.0.0.1/admin"}),
        "/to-ipv6-loopback": lambda h: reply(h, 302, headers={"Location": "http://[::1]/"}),
        "/to-fd00": lambda h: reply(h, 302, headers={"Location": "http://[fd00::1]/"}),
        "/to-any": lambda h: reply(h, 302, headers={"Location": "http://0.0.0.0/"}),
        "/error": lambda h: reply(h, 500, b"broken"),
        "/declared-big": lambda h: reply(h, 200, b"", {"Content-Type": "text/html", "Content-Length": "999999999"}),
        "/endless": endless_page,
        "/drip": _drip(local),
        "/hang": _hang(local),
        "/gzip": lambda h: reply(h, 200, b"\x1f\x8b", {"Content-Type": "text/html", "Content-Encoding": "gzip"}),
    })
    yield local
    local.close()


def test_fetch_and_conditional_requests(server):
    first = fetch(server.url("/feed"), LOCAL)
    assert (first.status, first.kind, first.charset, first.body) == (200, "feed", "utf-8", FEED)
    assert (first.etag, first.last_modified) == ('"v1"', "Tue, 01 Oct 2024 10:00:00 GMT")
    assert fetch(server.url("/feed"), LOCAL, etag=first.etag).status == 304
    assert fetch(server.url("/feed"), LOCAL, last_modified=first.last_modified).status == 304


def test_redirects_are_followed_and_bounded(server):
    moved = fetch(server.url("/moved"), LOCAL)
    assert (moved.status, moved.url) == (200, server.url("/feed"))
    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetch(server.url("/loop"), LOCAL)


@pytest.mark.parametrize("path", ["/to-ftp", "/to-file"])
def test_redirect_to_another_scheme_is_refused(server, path):
    with pytest.raises(FetchRefused, match="unsupported URL scheme"):
        fetch(server.url(path), LOCAL)


def test_loopback_is_refused_without_the_flag(server):
    before = server.hits["/feed"]
    with pytest.raises(FetchRefused, match=r"refused address 127\.0\.0\.1 \(loopback\)"):
        fetch(server.url("/feed"), Settings())
    assert server.hits["/feed"] == before  # refused before connecting


@pytest.fixture
def only_the_test_server_allowed(monkeypatch):
    """The address check as without --allow-private, except for the test server's own 127.0.0.1,
    so a redirect's new hop meets the real check."""
    real = fetching.address_refusal
    monkeypatch.setattr(fetching, "address_refusal", lambda a: None if a == "127.0.0.1" else real(a))


@pytest.mark.parametrize(
    ("path", "refused"),
    [("/to-private", "10.0.0.1 (private)"), ("/to-metadata", "169.254.169.254 (link-local)"),
     ("/to-ipv6-loopback", "::1 (loopback)"), ("/to-fd00", "fd00::1 (private)"),
     ("/to-any", "0.0.0.0 (unspecified)")],
)
def test_redirect_to_a_private_address_is_refused(server, only_the_test_server_allowed, path, refused):
    before = server.hits[path]
    with pytest.raises(FetchRefused, match=re.escape(f"refused address {refused}")):
        fetch(server.url(path), Settings(fetch_timeout=5))
    assert server.hits[path] == before + 1  # the first hop was fetched; the second never connected


def test_a_name_is_resolved_once_and_the_checked_address_connected(server, only_the_test_server_allowed,
                                                                   monkeypatch):
    """DNS rebinding: a name that answers a public address for the check and a private one after
    gets nowhere, because the connection goes to the address that was checked."""
    real = socket.getaddrinfo
    lookups = []

    def rebinding(host, *args, **kwargs):
        if host == "news.test":
            lookups.append(host)
            host = "127.0.0.1" if len(lookups) == 1 else "10.0.0.1"
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    fetched = fetch(f"http://news.test:{server.httpd.server_port}/feed", Settings(fetch_timeout=5))
    assert fetched.status == 200 and lookups == ["news.test"]


def test_an_oversize_body_is_cut_at_the_limit(server):
    small = Settings(allow_private=True, max_fetch_bytes=50_000)
    with pytest.raises(FetchError, match="too large: more than 50000 bytes"):
        fetch(server.url("/endless"), small)
    with pytest.raises(FetchError, match="too large: 999999999 bytes declared"):
        fetch(server.url("/declared-big"), small)


@pytest.mark.parametrize("path", ["/hang", "/drip"])
def test_a_slow_server_hits_the_time_limit(server, path):
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out: time limit of 0.5 s"):
        fetch(server.url(path), Settings(allow_private=True, fetch_timeout=0.5))
    assert time.monotonic() - started < 2


def test_a_stop_request_ends_a_fetch_that_waits(server):
    stop = threading.Event()
    threading.Timer(0.3, stop.set).start()
    started = time.monotonic()
    with pytest.raises(FetchError, match="stopped"):
        fetch(server.url("/hang"), LOCAL, stop=stop)
    assert time.monotonic() - started < 2


def test_errors_name_their_cause(server):
    with pytest.raises(FetchError, match="HTTP 500"):
        fetch(server.url("/error"), LOCAL)
    with pytest.raises(FetchError, match="connection refused"):
        fetch(f"http://127.0.0.1:{closed_port()}/", LOCAL)
    with pytest.raises(FetchError, match="unsupported content encoding gzip"):
        fetch(server.url("/gzip"), LOCAL)
    with pytest.raises(FetchError, match="cannot resolve"):
        fetch("http://no-such-host.invalid/", LOCAL)
