"""The page's defences as small ASGI wrappers: per-address rate limit, body size and time limits, a cap on
requests in flight, headers; form nonces.

Each refusal is a page made by `ErrorPage` (the app passes one that speaks the request's language), so
every error carries the same headers as every page.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import secrets
import time
from collections import deque
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

ErrorPage = Callable[[Scope, int], tuple[bytes, bytes]]  # (content type, body) for an error status

MAX_BODY = 16 * 1024
BODY_TIMEOUT = 20.0  # seconds from the request's headers to the end of its body
MAX_IN_FLIGHT = 100  # requests answered at once; more get 503 at once instead of queueing without end
RATE_LIMIT = 30
RATE_WINDOW = 60.0
NONCE_MAX_AGE = 12 * 3600
ERROR_TEXT = {
    404: "Not found. Check the code on your sheet and try again.",
    408: "The answers took too long to arrive. Go back and press Send again.",
    413: "Too much was sent. Make the comment shorter and try again.",
    429: "Too many requests. Wait a minute, then try again.",
    503: "The page is busy. Wait a moment, then try again.",
}

SECURITY_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'none'; style-src 'self'; img-src 'self' data:; "
        b"form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]
NO_STORE = (b"cache-control", b"no-store")


def plain_page(scope: Scope, status: int) -> tuple[bytes, bytes]:
    """An error as one line of English text (the app passes a page in the reader's language instead)."""
    return b"text/plain; charset=utf-8", (ERROR_TEXT.get(status, "Error.") + "\n").encode()


async def refuse(
    scope: Scope, send: Send, status: int, page: ErrorPage, extra: list[tuple[bytes, bytes]] | None = None
) -> None:
    """Send the error page for status."""
    content_type, body = page(scope, status)
    headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers + (extra or [])})
    await send({"type": "http.response.body", "body": body})


CLOSE = [(b"connection", b"close")]  # the rest of an unread body must not be taken for the next request


class SecurityHeaders:
    """Add the same strict headers to every response, whatever produced it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in SECURITY_HEADERS}
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                if not any(k.lower() == b"cache-control" for k, _ in kept):
                    kept.append(NO_STORE)  # pages are never kept; only the stylesheet says otherwise
                message = {**message, "headers": kept + SECURITY_HEADERS}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class RateLimit:
    """Refuse (429) more than `limit` requests in `window` seconds from one client address."""

    def __init__(
        self,
        app: ASGIApp,
        limit: int = RATE_LIMIT,
        window: float = RATE_WINDOW,
        clock: Callable[[], float] = time.monotonic,
        page: ErrorPage = plain_page,
    ) -> None:
        self.app, self.limit, self.window, self.clock, self.page = app, limit, window, clock, page
        self.hits: dict[str, deque[float]] = {}

    def allow(self, address: str) -> bool:
        """Count one request from address, unless it is over the limit."""
        now = self.clock()
        if len(self.hits) > 10_000:  # keep memory bounded: forget addresses that went quiet
            self.hits = {a: q for a, q in self.hits.items() if q and q[-1] > now - self.window}
        recent = self.hits.setdefault(address, deque())
        while recent and recent[0] <= now - self.window:
            recent.popleft()
        if len(recent) >= self.limit:
            return False
        recent.append(now)
        return True

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            client = scope.get("client") or ("unknown", 0)
            if not self.allow(str(client[0])):
                return await refuse(scope, send, 429, self.page, [(b"retry-after", str(int(self.window)).encode())])
        await self.app(scope, receive, send)


class BodyLimit:
    """Refuse a body over `limit` bytes (413, by its Content-Length or as it streams) or slower than `timeout` (408)."""

    def __init__(
        self, app: ASGIApp, limit: int = MAX_BODY, timeout: float = BODY_TIMEOUT, page: ErrorPage = plain_page
    ) -> None:
        self.app, self.limit, self.timeout, self.page = app, limit, timeout, page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            return await refuse(scope, send, 413, self.page, CLOSE)
        chunks: list[bytes] = []
        size = 0
        try:
            async with asyncio.timeout(self.timeout):
                while True:
                    message = await receive()
                    if message["type"] != "http.request":
                        return  # the client went away before sending its body
                    chunk = message.get("body", b"")
                    size += len(chunk)
                    if size > self.limit:
                        return await refuse(scope, send, 413, self.page, CLOSE)
                    chunks.append(chunk)
                    if not message.get("more_body", False):
                        break
        except TimeoutError:
            return await refuse(scope, send, 408, self.page, CLOSE)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


class InFlight:
    """Answer 503 at once when `limit` requests are already being answered, instead of queueing without end."""

    def __init__(self, app: ASGIApp, limit: int = MAX_IN_FLIGHT, page: ErrorPage = plain_page) -> None:
        self.app, self.limit, self.page = app, limit, page
        self.busy = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if self.busy >= self.limit:
            return await refuse(scope, send, 503, self.page, [(b"retry-after", b"5")])
        self.busy += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.busy -= 1


class Nonces:
    """Form nonces: an HMAC of the token hash and a time with a per-process secret, checked on POST."""

    def __init__(self, secret: bytes | None = None, clock: Callable[[], float] = time.time) -> None:
        self.secret = secret or secrets.token_bytes(32)
        self.clock = clock

    def _sign(self, token_hash: str, stamp: str) -> str:
        return hmac.new(self.secret, f"{token_hash}:{stamp}".encode(), hashlib.sha256).hexdigest()

    def make(self, token_hash: str) -> tuple[str, str]:
        """A fresh (time stamp, nonce) pair for a form about this token."""
        stamp = str(int(self.clock()))
        return stamp, self._sign(token_hash, stamp)

    def check(self, token_hash: str, stamp: str, nonce: str) -> bool:
        """Whether the nonce was made here for this token, and recently."""
        # A form can send anything: '²' passes isdigit() but not int(), and compare_digest refuses non-ASCII.
        if not (stamp.isascii() and stamp.isdigit()) or len(stamp) > 12 or not nonce.isascii():
            return False
        age = self.clock() - int(stamp)
        return -60 <= age <= NONCE_MAX_AGE and hmac.compare_digest(self._sign(token_hash, stamp), nonce)
