"""Running the feedback page: bind the port (with errors a facilitator can act on) and serve with uvicorn.

`serve()` is a coroutine so the facilitator's app can run the page inside its own event loop.
"""

from __future__ import annotations

import errno
import ipaddress
import os
import socket
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from kit.errors import InputError
from kit.model import FEEDBACK_PORT
from kit.web.connections import HEADER_TIMEOUT, MAX_PER_ADDRESS, ConnectionLimits, guarded_protocol
from kit.web.guard import BODY_TIMEOUT, RATE_LIMIT

if TYPE_CHECKING:
    import uvicorn

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = FEEDBACK_PORT


def is_loopback(host: str) -> bool:
    """Whether host is this computer only (127.x, ::1 or localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def claim_port(sock: socket.socket, os_name: str = os.name) -> None:
    """Ask that the port be this socket's alone, the way each platform spells it.

    POSIX: SO_REUSEADDR only lets a restarted page reuse a port still closing, never one in use.
    Windows: SO_REUSEADDR would let the page share a port another program is using (and doctor call it
    free), so ask for SO_EXCLUSIVEADDRUSE instead.
    """
    if os_name == "nt":
        sock.setsockopt(socket.SOL_SOCKET, getattr(socket, "SO_EXCLUSIVEADDRUSE", -5), 1)
    else:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port, or an InputError that says what to do instead."""
    if not 0 <= port <= 65535:  # 0: any free port (tests, the app)
        raise InputError(f"Port {port} is not a port number; pick one between 1024 and 65535 with --port.")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise InputError(
            f"'{host}' is not an address of this computer; use --host 127.0.0.1 or --host 0.0.0.0."
        ) from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    claim_port(sock)
    try:
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise InputError(
                f"Port {port} is already in use; pick another with --port, e.g. --port {port + 1}."
            ) from None
        if exc.errno in (errno.EACCES, errno.EPERM):
            raise InputError(
                f"Port {port} needs special rights; pick another with --port, e.g. --port {FEEDBACK_PORT}."
            ) from None
        if exc.errno == errno.EADDRNOTAVAIL:
            raise InputError(
                f"'{host}' is not an address of this computer; use --host 0.0.0.0 for the local network."
            ) from None
        raise InputError(f"Cannot listen on {host}:{port} ({exc.strerror}); pick another --port or --host.") from None
    sock.setblocking(False)
    return sock


def _interface_addresses() -> list[str]:
    """IPv4 addresses of the network interfaces, asked of the kernel (Linux; sends nothing)."""
    try:
        import fcntl
        import struct

        names = [name for _, name in socket.if_nameindex()]
    except (ImportError, OSError, AttributeError):
        return []
    found = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        for name in names:
            try:
                packed = fcntl.ioctl(probe.fileno(), 0x8915, struct.pack("256s", name.encode()[:15]))  # SIOCGIFADDR
            except OSError:
                continue  # no IPv4 address on this interface
            found.append(socket.inet_ntoa(packed[20:24]))
    return found


def network_addresses() -> list[str]:
    """This computer's IPv4 addresses that a phone could reach (not loopback or link-local)."""
    try:
        _, _, by_name = socket.gethostbyname_ex(socket.gethostname())
    except OSError:
        by_name = []
    found: list[str] = []
    for address in _interface_addresses() + by_name:
        ip = ipaddress.ip_address(address)
        if not (ip.is_loopback or ip.is_link_local or ip.is_unspecified) and address not in found:
            found.append(address)
    return found


def page_urls(host: str, port: int) -> list[str]:
    """The address(es) a phone would open for a server bound to host:port."""
    if host in ("0.0.0.0", "::", ""):
        hosts = network_addresses()
    else:
        hosts = [host]
    return [f"http://{f'[{h}]' if ':' in h else h}:{port}/" for h in hosts]


def qr_text(url: str) -> str:
    """A QR code of url drawn with text characters, for checking the page from a phone."""
    import io

    import qrcode

    code = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_L)
    code.add_data(url)
    code.make(fit=True)
    out = io.StringIO()
    code.print_ascii(out=out, invert=True)
    return out.getvalue()


class _EmbeddedServer:
    """Mix-in for uvicorn.Server that leaves signal handling to the host app."""

    @contextmanager
    def capture_signals(self):
        yield


def make_server(
    sessions: Path,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    *,
    rate_limit: int = RATE_LIMIT,
    embedded: bool = False,
    roster: Callable[[], Iterable[str]] = tuple,
    on_warning: Callable[[str], object] | None = None,
    header_timeout: float = HEADER_TIMEOUT,
    body_timeout: float = BODY_TIMEOUT,
    per_address: int = MAX_PER_ADDRESS,
) -> tuple[uvicorn.Server, socket.socket]:
    """A uvicorn server for the page and its bound socket; stop it by setting `server.should_exit`.

    `on_warning` hears one line for each session file ignored because another holds the same session.
    """
    import uvicorn

    from kit.web.app import build_app

    sock = bind(host, port)
    app = build_app(sessions, rate_limit=rate_limit, roster=roster, body_timeout=body_timeout)
    for line in app.state.index.duplicates():  # also fills the index before the first phone asks
        if on_warning is not None:
            on_warning(line)
    app.state.page.warm()
    limits = ConnectionLimits(header_timeout=header_timeout, per_address=per_address)
    config = uvicorn.Config(
        app,
        http=guarded_protocol(limits),
        log_level="warning",
        access_log=False,  # request lines hold sheet tokens: never log them
        proxy_headers=False,  # the rate limit must see the real address, not a header
        server_header=False,
        lifespan="off",
        timeout_keep_alive=5,
    )
    server_class = type("EmbeddedServer", (_EmbeddedServer, uvicorn.Server), {}) if embedded else uvicorn.Server
    return server_class(config), sock


async def serve(
    sessions: Path,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    *,
    rate_limit: int = RATE_LIMIT,
    embedded: bool = True,
    roster: Callable[[], Iterable[str]] = tuple,
) -> None:
    """Serve the feedback page until cancelled or stopped; for running inside another event loop."""
    server, sock = make_server(sessions, host, port, rate_limit=rate_limit, embedded=embedded, roster=roster)
    try:
        await server.serve(sockets=[sock])
    finally:
        sock.close()
