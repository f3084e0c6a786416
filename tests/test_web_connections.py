"""Misbehaving clients against the real server on loopback: silent and slow connections, a device that
opens hundreds of them, a body that never ends; and a second copy of a session in the folder.

Every wait has a generous deadline (asyncio.wait_for) that only stops a broken test from hanging:
nothing here measures speed.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from web_helpers import form_fields, session_with_sheets

from kit.cli import main
from kit.store import load_session
from kit.web import server as web_server

DEADLINE = 20.0  # seconds: a stop for a broken test, far above what any of these needs
ATTACKER, VISITOR = "127.0.0.2", "127.0.0.3"  # Linux answers all of 127/8 on loopback
CLOSING_GET = b"GET PATH HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"


@asynccontextmanager
async def running(sessions: Path, **options: object) -> AsyncIterator[int]:
    """The page served on a free loopback port in this event loop; yields the port."""
    server, sock = web_server.make_server(sessions, "127.0.0.1", 0, embedded=True, **options)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    for _ in range(2000):
        if server.started:
            break
        await asyncio.sleep(0.01)
    try:
        yield sock.getsockname()[1]
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, DEADLINE)
        sock.close()


async def http(port: int, request: bytes, source: str = VISITOR) -> bytes:
    """Send raw request bytes from a loopback address and read the whole answer (the server closes)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0))
    writer.write(request)
    await writer.drain()
    try:
        return await asyncio.wait_for(reader.read(), DEADLINE)
    finally:
        writer.close()


async def closed_by_server(reader: asyncio.StreamReader) -> bool:
    """Whether the server closes this connection (it has sent nothing) before the deadline.

    A close while the client's bytes are still unread arrives as a reset, not an end of stream: that is
    the server closing it too (it happens to the dripping client when a byte crosses the close)."""
    try:
        return await asyncio.wait_for(reader.read(), DEADLINE) == b""
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False


def test_250_silent_connections_from_one_address_do_not_stop_another_phone(sessions: Path) -> None:
    _, sheets = session_with_sheets(sessions)

    async def run() -> tuple[bytes, int]:
        async with running(sessions, per_address=20, header_timeout=60) as port:
            silent = [await asyncio.open_connection("127.0.0.1", port, local_addr=(ATTACKER, 0)) for _ in range(250)]
            get = CLOSING_GET.replace(b"PATH", f"/f/{sheets[0].token}".encode())
            answer = await asyncio.wait_for(http(port, get), 1.0 * DEADLINE)
            # The device's connections beyond its cap were closed at once; the rest wait for their deadline.
            probes = [asyncio.wait_for(r.read(), 0.5) for r, _ in silent]
            results = await asyncio.gather(*probes, return_exceptions=True)
            still_open = sum(1 for result in results if isinstance(result, TimeoutError))
            for _, writer in silent:
                writer.close()
            return answer, still_open

    answer, still_open = asyncio.run(run())
    assert answer.startswith(b"HTTP/1.1 200 ") and b"Did we hear you right?" in answer
    assert still_open == 20


def test_a_connection_that_sends_no_whole_request_is_closed_after_the_header_timeout(sessions: Path) -> None:
    session_with_sheets(sessions)

    async def run() -> tuple[bool, bool, bytes]:
        async with running(sessions, header_timeout=0.3) as port:
            silent, _ = await asyncio.open_connection("127.0.0.1", port)
            slow, slow_writer = await asyncio.open_connection("127.0.0.1", port)
            slow_writer.write(b"GET / HTTP/1.1\r\n")

            async def drip() -> None:  # a byte of header now and then, never the end of the headers
                for _ in range(100):
                    await asyncio.sleep(0.05)
                    if slow_writer.is_closing():
                        return
                    slow_writer.write(b"X")

            dripping = asyncio.create_task(drip())
            results = await asyncio.gather(closed_by_server(silent), closed_by_server(slow))
            dripping.cancel()
            # A client that asks in time is answered, and may ask again on the same connection.
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n" + CLOSING_GET.replace(b"PATH", b"/thanks"))
            both = await asyncio.wait_for(reader.read(), DEADLINE)
            writer.close()
            return results[0], results[1], both

    silent_closed, slow_closed, both = asyncio.run(run())
    assert silent_closed and slow_closed
    assert both.count(b"HTTP/1.1 200 ") == 2


def test_a_body_that_stops_arriving_gets_a_408_page_in_the_pages_language(sessions: Path) -> None:
    _, sheets = session_with_sheets(sessions)

    async def run() -> bytes:
        async with running(sessions, body_timeout=0.3) as port:
            head = (
                f"POST /f/{sheets[0].token}?lang=ar HTTP/1.1\r\nHost: x\r\n"
                "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 500\r\n\r\ncomment=only"
            )
            return await http(port, head.encode())

    answer = asyncio.run(run())
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 408 ")
    assert b"content-security-policy: default-src 'none'" in head.lower() and b"connection: close" in head.lower()
    assert '<html lang="ar" dir="rtl">' in body.decode("utf-8") and "إرسال" in body.decode("utf-8")


def test_a_second_copy_of_a_session_is_reported_and_answers_go_to_the_file_named_by_its_id(
    sessions: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, sheets = session_with_sheets(sessions)
    # Names that sort before and after the real file, so neither order of reading hides the rule.
    copies = [sessions / f"{path.stem[:-1]} copy.json", sessions / f"{path.stem}~.json", sessions / "zz-backup.json"]
    for copy in copies:
        shutil.copy(path, copy)
    heard: list[str] = []

    async def run() -> int:
        async with running(sessions, on_warning=heard.append) as port:
            page = await http(port, CLOSING_GET.replace(b"PATH", f"/f/{sheets[0].token}".encode()))
            fields = form_fields(page.decode("utf-8"))
            body = "&".join([*(f"{k}={v}" for k, v in fields.items()), f"item-{sheets[0].items[0]}=yes"])
            post = (
                f"POST /f/{sheets[0].token} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n\r\n{body}"
            )
            answer = await http(port, post.encode())
            return int(answer.split(b" ", 2)[1])

    assert asyncio.run(run()) == 303
    assert len(load_session(path).feedback) == 1
    assert all(load_session(copy).feedback == [] for copy in copies)
    assert len(heard) == 3 and all(path.name in line and "Move the copy out" in line for line in heard)
    assert {line.split(" is a second copy")[0] for line in heard} == {str(copy) for copy in copies}

    # `codesign-kit serve` says the same on standard error when it starts.
    class Stops:
        async def serve(self, sockets: list) -> None:
            return None

    real = web_server.make_server

    def made(folder: Path, host: str, port: int, **options: object) -> tuple[Stops, object]:
        _, sock = real(folder, host, 0, **options)  # type: ignore[arg-type]
        return Stops(), sock

    monkeypatch.setattr(web_server, "make_server", made)
    assert main(["--sessions", str(sessions), "serve"]) == 0
    err = capsys.readouterr().err
    assert err.count("Warning: ") == 3 and err.count("\n") == 3 and f"answered into {path.name} only" in err


def test_a_request_that_is_not_http_gets_one_line_with_the_pages_headers(sessions: Path) -> None:
    async def run() -> bytes:
        async with running(sessions) as port:
            return await http(port, b"NOT AN HTTP REQUEST\r\n\r\n")

    head, _, body = asyncio.run(run()).partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 ") and b"content-security-policy: default-src 'none'" in head.lower()
    assert body.decode().count("\n") == 1 and "QR code" in body.decode()


def test_headers_over_16_kib_are_refused_with_one_line_and_the_connection_closed(sessions: Path) -> None:
    padding = b"".join(b"X-Padding-%d: %s\r\n" % (n, b"a" * 1000) for n in range(20))  # 20 KiB, never ended

    async def run() -> bytes:
        async with running(sessions) as port:
            return await http(port, b"GET / HTTP/1.1\r\nHost: x\r\n" + padding)

    head, _, body = asyncio.run(run()).partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 ") and b"x-frame-options: deny" in head.lower()
    assert "QR code" in body.decode()


def test_a_phone_sends_two_requests_on_one_connection_and_each_is_answered(sessions: Path) -> None:
    async def run() -> bytes:
        async with running(sessions) as port:
            two = b"GET /thanks HTTP/1.1\r\nHost: x\r\n\r\n" + CLOSING_GET.replace(b"PATH", b"/")
            return await http(port, two)

    answer = asyncio.run(run())
    assert answer.count(b"HTTP/1.1 200 OK") == 2 and b"Thank you" in answer
