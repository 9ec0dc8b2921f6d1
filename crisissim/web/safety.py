"""What every response of the seat server carries, and what every request is held to.

- headers: a content security policy that lets the page load only from this server
  (``default-src 'self'``) and be framed by nobody (``frame-ancestors 'none'``), ``nosniff``, no
  referrer beyond this server, no caching of a seat's pages; the server's name and version are not said;
- the Origin check: a request that changes something (every method but GET and HEAD) and the
  event streams are refused when the browser says they come from another site (``Origin`` not
  this server's host, or ``Sec-Fetch-Site`` cross-site); a client that is no browser (the
  terminal seat) sends neither, and is held to its token instead;
- request bodies: at most :data:`MAX_BODY` bytes as said (the app counts what is streamed,
  :func:`crisissim.web.app.body`);
- streams: at most :data:`MAX_STREAMS` open at once (uvicorn holds the connections to its own
  limit besides).

A pure ASGI middleware: it sees every request before the app, streams included.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_BODY = 64 * 1024
"""The largest request body taken: a regulator form filled to the brim is a few kilobytes."""
MAX_STREAMS = 1000
"""Event streams open at once, over every seat."""
STREAM_PATHS = ("/events", "/api/stream")

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'"
)
HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    # same-origin, not no-referrer: with no-referrer a browser says "Origin: null" on its own form posts
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return str(value.decode("latin-1"))
    return None


def foreign(scope: Scope) -> bool:
    """Whether the browser says this request comes from a page of another site."""
    site = _header(scope, b"sec-fetch-site")
    if site in ("cross-site", "same-site"):
        return True
    origin = _header(scope, b"origin")
    if origin is None:
        return False
    host = _header(scope, b"host") or ""
    return origin == "null" or urlsplit(origin).netloc.lower() != host.lower()


async def _plain(send: Send, status: int, text: str) -> None:
    body = text.encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                *HEADERS,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class Safety:
    """The seat server's rules, around the app (see the module's docstring)."""

    def __init__(self, app: ASGIApp, *, max_body: int = MAX_BODY, max_streams: int = MAX_STREAMS) -> None:
        self.app, self.max_body, self.max_streams = app, max_body, max_streams
        self.streams = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method, path = scope["method"], scope["path"]
        stream = path in STREAM_PATHS
        if (method not in ("GET", "HEAD") or stream) and foreign(scope):
            await _plain(send, 403, "Forbidden: this request comes from another site.")
            return
        length = _header(scope, b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await _plain(send, 413, "Request too large.")
            return
        if stream and self.streams >= self.max_streams:
            await _plain(send, 503, "Too many connections; try again in a moment.")
            return

        async def guarded(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {key.lower() for key, _ in message.get("headers", ())}
                message["headers"] = [*message.get("headers", ()), *(h for h in HEADERS if h[0] not in names)]
            await send(message)

        if stream:
            self.streams += 1
        try:
            await self.app(scope, receive, guarded)
        finally:
            if stream:
                self.streams -= 1
