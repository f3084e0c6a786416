"""The page's defences on their own: body limit counting streamed bytes, rate limit window, nonces."""

from __future__ import annotations

import asyncio

from kit.web.guard import NONCE_MAX_AGE, BodyLimit, Nonces, RateLimit


async def _echo(scope, receive, send) -> None:
    message = await receive()
    body = message.get("body", b"")
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": str(len(body)).encode()})


def _call(app, chunks: list[bytes], headers: list[tuple[bytes, bytes]] = ()) -> tuple[int, bytes]:  # type: ignore[assignment]
    """Run an ASGI app on one request whose body arrives in chunks; returns status and body."""
    sent: list[dict] = []
    queue = [{"type": "http.request", "body": c, "more_body": i < len(chunks) - 1} for i, c in enumerate(chunks)]

    async def receive() -> dict:
        return queue.pop(0) if queue else {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "headers": list(headers), "client": ("10.0.0.9", 5000)}
    asyncio.run(app(scope, receive, send))
    return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])


def test_body_limit_counts_streamed_bytes_without_a_content_length() -> None:
    app = BodyLimit(_echo, limit=100)
    assert _call(app, [b"a" * 60, b"b" * 40]) == (200, b"100")
    status, _ = _call(app, [b"a" * 60, b"b" * 41])
    assert status == 413


def test_body_limit_trusts_no_lying_or_large_content_length() -> None:
    app = BodyLimit(_echo, limit=100)
    assert _call(app, [b"x"], [(b"content-length", b"101")])[0] == 413
    assert _call(app, [b"x"], [(b"content-length", b"-1")])[0] == 413
    assert _call(app, [b"x" * 200], [(b"content-length", b"5")])[0] == 413


def test_rate_limit_is_per_address_and_per_minute() -> None:
    now = [0.0]
    limit = RateLimit(_echo, limit=3, window=60.0, clock=lambda: now[0])
    assert [limit.allow("a") for _ in range(4)] == [True, True, True, False]
    assert limit.allow("b")
    now[0] = 60.5
    assert limit.allow("a")


def test_nonces_are_bound_to_their_token_and_expire() -> None:
    now = [1_000_000.0]
    nonces = Nonces(clock=lambda: now[0])
    stamp, nonce = nonces.make("hash-one")
    assert nonces.check("hash-one", stamp, nonce)
    assert not nonces.check("hash-two", stamp, nonce)
    assert not nonces.check("hash-one", str(int(stamp) + 1), nonce)
    assert not nonces.check("hash-one", "abc", nonce)
    assert not nonces.check("hash-one", "\u00b2", nonce)  # a digit to isdigit(), not to int()
    assert not nonces.check("hash-one", stamp, "\u00e9" + nonce[1:])  # compare_digest raises on non-ASCII
    assert not Nonces(clock=lambda: now[0]).check("hash-one", stamp, nonce)  # another process's secret
    now[0] += NONCE_MAX_AGE + 1
    assert not nonces.check("hash-one", stamp, nonce)
