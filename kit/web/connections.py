"""Connection limits for the page under uvicorn: a deadline for each request's headers, and a cap on the
connections open from one address and in all.

uvicorn has no header timeout (a connection that sends nothing, or a byte now and then, stays open for
ever) and counts its concurrency limit over all clients together, so one device holding ~200 silent
connections made the page answer 503 to everyone. Here a connection beyond its address's cap is
closed at once, and one that has not sent a whole request's headers within `header_timeout` of
opening (or of its last answer) is closed. The body's own deadline is the app's (`BodyLimit`), so a
slow phone gets a page that says what to do.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kit.web.guard import NO_STORE, SECURITY_HEADERS

if TYPE_CHECKING:
    from uvicorn.protocols.http.h11_impl import H11Protocol

HEADER_TIMEOUT = 10.0  # seconds to send a request's headers, from opening or from the last answer
MAX_PER_ADDRESS = 20  # a browser opens at most 6 to a host; a phone stuck reloading stays well under this
MAX_CONNECTIONS = 1000
BAD_REQUEST = "This was not a request the page understands. Open the page again from the QR code or the code.\n"


@dataclass
class ConnectionLimits:
    """How many connections each address has open, and the caps and header deadline they live under."""

    header_timeout: float = HEADER_TIMEOUT
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


def guarded_protocol(limits: ConnectionLimits) -> type[H11Protocol]:
    """uvicorn's HTTP/1.1 protocol with the header deadline and the caps of `limits`."""
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class GuardedH11Protocol(H11Protocol):
        _address: str | None = None
        _deadline: asyncio.TimerHandle | None = None

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

        def handle_events(self) -> None:
            before = self.cycle
            super().handle_events()
            if self.cycle is not before:  # a whole request's headers arrived
                self._disarm()

        def on_response_complete(self) -> None:
            self._arm()  # before: the next request, if already here, disarms it at once
            super().on_response_complete()

        def send_400_response(self, msg: str) -> None:
            """A request that is not HTTP at all: one line, with the same headers as every page."""
            import h11

            body = BAD_REQUEST.encode()
            headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"connection", b"close")]
            headers += [*SECURITY_HEADERS, NO_STORE]
            for event in (h11.Response(status_code=400, headers=headers), h11.Data(data=body), h11.EndOfMessage()):
                self.transport.write(self.conn.send(event) or b"")
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

    return GuardedH11Protocol
