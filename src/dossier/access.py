"""Who may write to the store through the API, and how much: the guards in front of `POST /api/ingest` and
`POST /api/review`.

A page the analyst happens to visit can send requests to a server on localhost. So writes need all
of: a server started with `--allow-ingest`, the token it printed (the page it served carries it, a
page from elsewhere cannot read it), a JSON or multipart body (a cross-site form cannot send JSON,
and cannot send the token), an Origin, when there is one, naming a host the server answers to, and
a client under its rate. The Host check for every request (DNS rebinding) is Starlette's
`TrustedHostMiddleware`, set up in `api.create_app`; the body limit is `BodyLimit` below.
"""

from __future__ import annotations

import secrets
import time
from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from fastapi import HTTPException, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1", "[::1]")
WRITE_MEDIA_TYPES = ("application/json", "multipart/form-data")
_WINDOW_SECONDS = 60.0


def new_token() -> str:
    return secrets.token_urlsafe(24)


def served_hosts(host: str, extra: Iterable[str] = ()) -> list[str]:
    """The names the server answers to: loopback, the address it listens on (unless a wildcard) and `extra`."""
    names = [*LOCAL_HOSTS, *extra]
    if host not in {"0.0.0.0", "::", ""}:  # noqa: S104 - a wildcard is no name a browser uses
        names.append(host)
    return list(dict.fromkeys(names))


@dataclass
class WriteGuard:
    """The checks on one write; `token` None means the server refuses every write."""

    token: str | None
    hosts: list[str]
    writes_per_minute: int
    _recent: dict[str, deque[float]] = field(default_factory=lambda: defaultdict(deque))

    @property
    def open(self) -> bool:
        return self.token is not None

    def check(self, request: Request, presented: str) -> None:
        """Raise the HTTP error a refused write gets: 403, 415, 401 or 429, in that order.
        `presented` is the bearer token the request carries ('' for none)."""
        if self.token is None:
            raise HTTPException(403, "this server is read-only: start it with --allow-ingest to ingest or review")
        origin = request.headers.get("origin")
        if origin is not None and urlsplit(origin).hostname not in {h.strip("[]") for h in self.hosts}:
            raise HTTPException(403, f"writes from origin {origin!r} are refused")
        media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type not in WRITE_MEDIA_TYPES:
            raise HTTPException(415, f"send {' or '.join(WRITE_MEDIA_TYPES)}, not {media_type or 'no content type'!r}")
        if not secrets.compare_digest(presented.encode(), self.token.encode()):
            raise HTTPException(401, "a valid token is required: 'Authorization: Bearer <token>', "
                                     "as printed by dossier serve", headers={"WWW-Authenticate": "Bearer"})
        self._count(request.client.host if request.client else "unknown")

    def _count(self, client: str) -> None:
        """A sliding one-minute window per client address."""
        now = time.monotonic()
        recent = self._recent[client]
        while recent and recent[0] <= now - _WINDOW_SECONDS:
            recent.popleft()
        if len(recent) >= self.writes_per_minute:
            wait = int(recent[0] + _WINDOW_SECONDS - now) + 1
            raise HTTPException(429, f"more than {self.writes_per_minute} writes a minute; try again in {wait} s",
                                headers={"Retry-After": str(wait)})
        recent.append(now)


class BodyLimit:
    """Refuses a request body past `max_bytes` with 413, before it is read: by its Content-Length
    when declared, else while it streams in (chunked uploads), so no handler ever holds more."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(send)
            return
        received = 0

        async def bounded() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                raise HTTPException(413, self._reason())
            return message

        await self.app(scope, bounded, send)

    def _reason(self) -> str:
        return f"request body larger than {self.max_bytes} bytes"

    async def _refuse(self, send: Send) -> None:
        body = ('{"detail": "%s"}' % self._reason()).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})
