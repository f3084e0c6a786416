"""Connection limits for the page under uvicorn: a deadline and a size cap for each request's headers, and
a cap on the connections open from one address and in all.

uvicorn has no header timeout (a connection that sends nothing, or a byte now and then, stays open for
ever) and counts its concurrency limit over all clients together, so one device holding ~200 silent
connections made the page answer 503 to everyone. Here a connection beyond its address's cap is
closed at once, and one that has not sent a whole request's headers within `header_timeout` of
opening (or of its last answer), or sends more than `max_header_bytes` of them, is closed. The body's
own deadline and size are the app's (`BodyLimit`), so a slow phone gets a page that says what to do.

The protocol is uvicorn's httptools one: its parser is C (llhttp, as in Node.js), and a request costs
the page about two thirds of the CPU it does with the pure-Python h11 (bench/serve.py).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kit.web.guard import NO_STORE, SECURITY_HEADERS

if TYPE_CHECKING:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

HEADER_TIMEOUT = 10.0  # seconds to send a request's headers, from opening or from the last answer
MAX_HEADER_BYTES = 16 * 1024  # a phone's request line and headers are under 2 KiB; h11 allows 16 KiB too
MAX_PER_ADDRESS = 20  # a browser opens at most 6 to a host; a phone stuck reloading stays well under this
MAX_CONNECTIONS = 1000
BAD_REQUEST = "This was not a request the page understands. Open the page again from the QR code or the code.\n"


@dataclass
class ConnectionLimits:
    """How many connections each address has open, and the caps and header deadline they live under."""

    header_timeout: float = HEADER_TIMEOUT
    max_header_bytes: int = MAX_HEADER_BYTES
    per_address: int = MAX_PER_ADDRESS
    total: int = MAX_CONNECTIONS
    open: Counter[str] = field(default_factory=Counter)
    refused: int = 0

    def admit(self, address: str) -> bool:
        """Count a new connection from address, unless its address or the server is at its cap."""
        if self.open[address] >= self.per_address or sum(self.open.values()) >= self.total:
            self.refused += 1
            return False
        self.open[address] += 1
        return True

    def release(self, address: str) -> None:
        """Forget one closed connection from address."""
        self.open[address] -= 1
        if self.open[address] <= 0:
            del self.open[address]


def guarded_protocol(limits: ConnectionLimits) -> type[HttpToolsProtocol]:
    """uvicorn's HTTP/1.1 protocol with the header deadline, the header size cap and the caps of `limits`."""
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    class GuardedProtocol(HttpToolsProtocol):
        _address: str | None = None
        _deadline: asyncio.TimerHandle | None = None
        _in_headers = True  # until a request's headers are all here
        _header_bytes = 0

        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            address = self.client[0] if self.client else "unknown"
            if not limits.admit(address):
                transport.close()
                return
            self._address = address
            self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            if self._address is not None:
                limits.release(self._address)
                self._address = None
            super().connection_lost(exc)

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            if self._in_headers and not self.transport.is_closing():  # this chunk ended inside headers
                self._header_bytes += len(data)
                if self._header_bytes > limits.max_header_bytes:
                    self.send_400_response("headers too large")

        def on_message_begin(self) -> None:
            super().on_message_begin()
            self._in_headers, self._header_bytes = True, 0

        def on_headers_complete(self) -> None:
            self._in_headers = False
            self._disarm()
            super().on_headers_complete()

        def on_response_complete(self) -> None:
            queued = bool(self.pipeline)  # a next request whose headers are all here already: it starts now
            super().on_response_complete()
            if not queued:
                self._arm()  # wait for the next request's headers

        def send_400_response(self, msg: str) -> None:
            """A request that is not HTTP at all, or too big: one line, with the same headers as every page."""
            body = BAD_REQUEST.encode()
            headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"connection", b"close")]
            headers += [(b"content-length", str(len(body)).encode()), *SECURITY_HEADERS, NO_STORE]
            head = b"".join(name + b": " + value + b"\r\n" for name, value in headers)
            self.transport.write(b"HTTP/1.1 400 Bad Request\r\n" + head + b"\r\n" + body)
            self.transport.close()

        def _arm(self) -> None:
            self._disarm()
            self._deadline = self.loop.call_later(limits.header_timeout, self._too_slow)

        def _disarm(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
                self._deadline = None

        def _too_slow(self) -> None:
            self._deadline = None
            if not self.transport.is_closing():
                self.transport.close()

    return GuardedProtocol
