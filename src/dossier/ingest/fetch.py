"""Fetching a URL safely: http(s) only, public addresses only, bounded in size and in time.

A name is resolved once, here, every address it gives is checked, and the socket is opened to a
checked address (httpcore's network backend is ours), so a name that resolves to a public address
for the check and a private one for the connection (DNS rebinding) reaches nothing. Redirects are
followed by hand, each hop checked like the first URL. The time limit covers the whole fetch
(connection, redirects, headers and body: every read waits at most what is left of it), and the
body is read while it streams and given up at the size limit, never buffered past it.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import ssl
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

import httpcore

from dossier import __version__
from dossier.errors import FetchError, FetchRefused
from dossier.settings import Settings

LOGGER = logging.getLogger(__name__)

ALLOWED_SCHEMES = ("http", "https")
MAX_URL_CHARS = 2000  # longer URLs are refused (and would not fit a PostgreSQL index entry)
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
FEED_TYPES = (
    "application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml",
    "text/xml", "application/x-rss+xml",
)
HTML_TYPES = ("text/html", "application/xhtml+xml")
_URL_SAFE = "/%:@!$&'()*+,;=?~"  # kept as they are when a URL's other characters are percent-encoded
_STOP_SLICE = 0.25  # seconds a read waits before it looks at the stop request again
_SNIFFED_TYPES = ("", "application/octet-stream", "text/plain")  # the body says what it is
_USER_AGENT = f"dossier/{__version__}"
# Address classes never fetched from without `allow_private`, in the order the reason names them.
_REFUSED_CLASSES = (
    ("unspecified", "is_unspecified"), ("loopback", "is_loopback"), ("link-local", "is_link_local"),
    ("multicast", "is_multicast"), ("site-local", "is_site_local"), ("private", "is_private"),
    ("reserved", "is_reserved"),
)


@dataclass(frozen=True, slots=True)
class Fetched:
    """A response worth reading: 200 with its body, or 304 (unchanged since the validators sent)."""

    url: str  # after redirects
    status: int
    body: bytes = b""
    content_type: str = ""  # media type in lower case, without parameters
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None

    @property
    def kind(self) -> str | None:
        """'feed', 'html', or None for a body that is neither."""
        if self.content_type in FEED_TYPES:
            return "feed"
        if self.content_type in HTML_TYPES:
            return "html"
        if self.content_type in _SNIFFED_TYPES:
            head = self.body[:1024].lstrip().lower()
            if head.startswith((b"<!doctype html", b"<html")):
                return "html"
            if head.startswith(b"<?xml") or b"<rss" in head or b"<feed" in head:
                return "feed"
        return None


def address_refusal(address: str) -> str | None:
    """Why `address` is not to be fetched from ('loopback', 'private' ...), or None if it is public.

    An IPv4 address written as IPv6 (mapped, or inside a 6to4 address) is judged as itself.
    """
    ip = ipaddress.ip_address(address)
    inner = (ip.ipv4_mapped or ip.sixtofour) if isinstance(ip, ipaddress.IPv6Address) else None
    if inner is not None:
        reason = address_refusal(str(inner))
        return f"{reason}: {inner}" if reason else None
    for name, test in _REFUSED_CLASSES:
        if getattr(ip, test, False):  # IPv4 addresses have no is_site_local
            return name
    return None if ip.is_global else "not global"


def check_address(address: str, *, allow_private: bool = False) -> None:
    """FetchRefused unless `address` is public or `allow_private` is set."""
    if allow_private:
        return
    reason = address_refusal(address)
    if reason:
        raise FetchRefused(f"refused address {address} ({reason}); --allow-private allows it")


def check_url(url: str) -> str:
    """The URL without its fragment, or FetchRefused for one dossier does not fetch."""
    url = url.strip()
    if len(url) > MAX_URL_CHARS:
        raise FetchRefused(f"URL longer than {MAX_URL_CHARS} characters")
    if not url.isprintable() or " " in url:
        raise FetchRefused("URL holds control characters or spaces")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError as error:
        raise FetchRefused(f"not a valid URL: {error}") from None
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        shown = f"{parts.scheme}://" if parts.scheme else "no scheme"
        raise FetchRefused(f"unsupported URL scheme {shown} (supported: http, https)")
    if not parts.hostname:
        raise FetchRefused("URL names no host")
    if parts.username is not None or parts.password is not None:
        raise FetchRefused("URL carries credentials")
    if not url.isascii():  # an internationalised name in IDNA, other characters percent-encoded
        try:
            host = parts.hostname.encode("idna").decode("ascii")
        except UnicodeError:
            raise FetchRefused("URL names no valid host") from None
        parts = parts._replace(netloc=host if parts.port is None else f"{host}:{parts.port}",
                               path=quote(parts.path, safe=_URL_SAFE), query=quote(parts.query, safe=_URL_SAFE))
    return urlunsplit(parts._replace(fragment=""))


def fetch(url: str, settings: Settings, *, etag: str | None = None, last_modified: str | None = None,
          stop: threading.Event | None = None) -> Fetched:
    """GET `url` within the settings' limits, sending the validators of an earlier fetch.

    Returns a 200 (with its body) or a 304; raises FetchRefused for what is not to be fetched and
    FetchError for everything else that goes wrong (status >= 400, network, limits, or `stop` set
    while waiting for the server).
    """
    deadline = time.monotonic() + settings.fetch_timeout
    backend = _GuardedBackend(deadline, stop or threading.Event(), allow_private=settings.allow_private)
    timeouts = {"connect": settings.connect_timeout, "read": settings.fetch_timeout,
                "write": settings.fetch_timeout, "pool": settings.fetch_timeout}
    headers = [(b"User-Agent", _USER_AGENT.encode()), (b"Accept-Encoding", b"identity"),
               (b"Accept", b"application/rss+xml, application/atom+xml, text/html;q=0.9, */*;q=0.5")]
    headers += [(b"If-None-Match", etag.encode("latin-1"))] if etag else []
    headers += [(b"If-Modified-Since", last_modified.encode("latin-1"))] if last_modified else []
    current = check_url(url)
    with httpcore.ConnectionPool(ssl_context=_tls_context(), network_backend=backend,
                                 retries=0) as pool:
        for _hop in range(settings.max_redirects + 1):
            try:
                with pool.stream("GET", current, headers=headers, extensions={"timeout": timeouts}) as response:
                    location = _header(response.headers, b"location")
                    if response.status in REDIRECT_STATUSES and location:
                        current = check_url(urljoin(current, location))
                        LOGGER.debug("redirected to %s", current)
                        continue
                    return _response(current, response, settings.max_fetch_bytes)
            except httpcore.TimeoutException as error:
                spent = deadline - time.monotonic() <= 0
                raise FetchError(f"timed out: time limit of {settings.fetch_timeout:g} s" if spent
                                 else f"timed out: {_cause(error)}") from None
            except (httpcore.NetworkError, httpcore.ProtocolError, httpcore.UnsupportedProtocol) as error:
                raise FetchError(f"cannot fetch: {_cause(error)}") from None
    raise FetchError(f"more than {settings.max_redirects} redirects")


@cache
def _tls_context() -> ssl.SSLContext:
    """The system's trusted certificates with hostname checks; built once (loading them is slow)."""
    return ssl.create_default_context()


def _response(url: str, response: httpcore.Response, limit: int) -> Fetched:
    """The Fetched for a final (non-redirect) response, reading its body within `limit`."""
    if response.status == 304:
        return Fetched(url, 304, etag=_validator(response.headers, b"etag"),
                       last_modified=_validator(response.headers, b"last-modified"))
    if not 200 <= response.status < 300:
        raise FetchError(f"HTTP {response.status}")
    encoding = (_header(response.headers, b"content-encoding") or "identity").strip().lower()
    if encoding != "identity":
        raise FetchError(f"unsupported content encoding {encoding}")
    media_type, _, parameters = (_header(response.headers, b"content-type") or "").partition(";")
    charset = next((value.strip().strip('"') for key, _, value in
                    (p.strip().partition("=") for p in parameters.split(";")) if key.lower() == "charset"), None)
    return Fetched(
        url, response.status, _read_body(response, limit), media_type.strip().lower(), charset or None,
        _validator(response.headers, b"etag"), _validator(response.headers, b"last-modified"),
    )


def _read_body(response: httpcore.Response, limit: int) -> bytes:
    """The body, or FetchError('too large ...') as soon as it passes `limit` (by header or by count)."""
    declared = (_header(response.headers, b"content-length") or "").strip()
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(f"too large: {declared} bytes declared, limit {limit}")
    body = bytearray()
    for chunk in response.iter_stream():
        if len(body) + len(chunk) > limit:
            raise FetchError(f"too large: more than {limit} bytes, cut there")
        body += chunk
    return bytes(body)


def _header(headers: Iterable[tuple[bytes, bytes]], name: bytes) -> str | None:
    return next((value.decode("latin-1") for key, value in headers if key.lower() == name), None)


def _validator(headers: Iterable[tuple[bytes, bytes]], name: bytes) -> str | None:
    """An ETag or Last-Modified worth sending back: short and printable, else forgotten."""
    value = (_header(headers, name) or "").strip()
    return value if value and len(value) <= 200 and value.isprintable() else None


def _cause(error: Exception) -> str:
    """'connection refused' rather than '[Errno 111] Connection refused'."""
    cause = error.__cause__ or error.__context__ or error
    if isinstance(cause, OSError) and cause.strerror:
        return cause.strerror.lower()
    return str(error) or type(error).__name__


class _GuardedBackend(httpcore.NetworkBackend):
    """Connects only to checked addresses, resolving each name once, and bounds every wait by the
    fetch's deadline."""

    def __init__(self, deadline: float, stop: threading.Event, *, allow_private: bool) -> None:
        self._inner = httpcore.SyncBackend()
        self._deadline = deadline
        self._stop = stop
        self._allow_private = allow_private

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None) -> httpcore.NetworkStream:
        addresses = _resolve(host, port)
        for address in addresses:  # a name with one refused address is refused whole
            check_address(address, allow_private=self._allow_private)
        failure: Exception | None = None
        for address in addresses:
            try:
                stream = self._inner.connect_tcp(address, port, _within(self._deadline, timeout),
                                                 local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                failure = error
                continue
            return _DeadlineStream(stream, self._deadline, self._stop)
        assert failure is not None
        raise failure

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None) -> httpcore.NetworkStream:
        raise FetchRefused("Unix sockets are not fetched from")


def _resolve(host: str, port: int) -> list[str]:
    """The host's addresses (itself for an address), in the resolver's order, each once."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(f"cannot resolve {host}: {getattr(error, 'strerror', None) or error}") from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _within(deadline: float, timeout: float | None) -> float:
    """What is left of the deadline, or `timeout` if that is shorter; a ReadTimeout once it is spent."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise httpcore.ReadTimeout("time limit reached")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write waits at most what is left of the fetch's time; a
    read waits in short slices, so that a stop request ends it within one."""

    def __init__(self, inner: httpcore.NetworkStream, deadline: float, stop: threading.Event) -> None:
        self._inner = inner
        self._deadline = deadline
        self._stop = stop

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        wait = _within(self._deadline, timeout)
        until = time.monotonic() + wait
        while True:
            if self._stop.is_set():
                raise httpcore.ReadError("stopped while waiting for the server")
            try:
                return self._inner.read(max_bytes, min(wait, _STOP_SLICE))
            except httpcore.ReadTimeout:
                wait = until - time.monotonic()
                if wait <= 0:
                    raise

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _within(self._deadline, timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        tls = self._inner.start_tls(ssl_context, server_hostname, _within(self._deadline, timeout))
        return _DeadlineStream(tls, self._deadline, self._stop)

    def get_extra_info(self, info: str) -> object:
        return self._inner.get_extra_info(info)
