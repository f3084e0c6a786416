"""Running the page: binding the port with clear errors, the address and QR code shown, the serve command."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from kit.cli import main
from kit.errors import InputError
from kit.web import server as web_server
from kit.web.server import bind, is_loopback, page_urls, qr_text


def _qr_from_text(text: str) -> str:
    """Decode a QR code drawn with half-block characters (as print_ascii draws it)."""
    import zxingcpp
    from PIL import Image

    rows = [line.replace("\xa0", " ") for line in text.splitlines()]
    rows = [line for line in rows if line.strip() and set(line) <= set(" ▀▄█")]
    # print_ascii(invert=True) draws light modules as ink: a block's top/bottom half is light.
    top = {" ": False, "▀": True, "▄": False, "█": True}
    bottom = {" ": False, "▀": False, "▄": True, "█": True}
    width = max(len(r) for r in rows)
    image = Image.new("L", (width + 8, 2 * len(rows) + 8), 0)
    for y, row in enumerate(rows):
        for x, ch in enumerate(row.ljust(width)):
            image.putpixel((x + 4, 2 * y + 4), 255 if top[ch] else 0)
            image.putpixel((x + 4, 2 * y + 5), 255 if bottom[ch] else 0)
    image = image.resize((image.width * 8, image.height * 8), Image.NEAREST)
    found = zxingcpp.read_barcodes(image)
    return found[0].text if found else ""


def test_a_port_in_use_is_one_clear_error() -> None:
    taken = bind("127.0.0.1", 0)
    port = taken.getsockname()[1]
    try:
        with pytest.raises(InputError, match=f"Port {port} is already in use; pick another with --port"):
            bind("127.0.0.1", port)
    finally:
        taken.close()


def test_serve_with_a_port_in_use_prints_one_line(sessions: Path, capsys: pytest.CaptureFixture[str]) -> None:
    taken = bind("127.0.0.1", 0)
    port = taken.getsockname()[1]
    try:
        assert main(["--sessions", str(sessions), "serve", "--port", str(port)]) == 1
    finally:
        taken.close()
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "already in use" in err and "--port" in err


def test_a_host_that_is_not_this_computer_is_a_clear_error() -> None:
    with pytest.raises(InputError, match="not an address of this computer"):
        bind("no-such-host.invalid", 8765)


def test_loopback_and_network_addresses() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.0.2.10")
    assert page_urls("192.0.2.10", 8765) == ["http://192.0.2.10:8765/"]


def test_the_qr_code_in_the_terminal_reads_back_as_the_url() -> None:
    url = "http://192.0.2.10:8765/"
    assert _qr_from_text(qr_text(url)) == url


class _FakeServer:
    async def serve(self, sockets: list) -> None:
        return None


def test_serve_on_the_network_prints_the_url_and_a_qr_code(
    sessions: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    made: list[tuple] = []

    def fake_make_server(folder: Path, host: str, port: int, **options: object):
        made.append((folder, host, port, options))
        return _FakeServer(), socket.socket()

    monkeypatch.setattr(web_server, "make_server", fake_make_server)
    assert main(["--sessions", str(sessions), "serve", "--host", "192.0.2.10", "--port", "9000"]) == 0
    out = capsys.readouterr().out
    assert "http://192.0.2.10:9000/" in out and "█" in out and "firewall" in out
    assert [(folder, host, port, options["rate_limit"]) for folder, host, port, options in made] == [
        (sessions, "192.0.2.10", 9000, 30)
    ]
    assert _qr_from_text(out.split("opens:\n", 1)[1]) == "http://192.0.2.10:9000/"


def test_serve_on_loopback_says_it_is_for_this_computer_only(
    sessions: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(web_server, "make_server", lambda *a, **k: (_FakeServer(), socket.socket()))
    assert main(["--sessions", str(sessions), "serve"]) == 0
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8765/ for this computer only" in out and "█" not in out


def test_the_network_addresses_leave_out_loopback_and_link_local(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(web_server, "_interface_addresses", lambda: ["127.0.0.1", "169.254.3.4", "192.0.2.7"])
    monkeypatch.setattr(socket, "gethostbyname_ex", lambda name: (name, [], ["127.0.1.1", "192.0.2.7", "198.51.100.9"]))
    assert web_server.network_addresses() == ["192.0.2.7", "198.51.100.9"]
    assert page_urls("0.0.0.0", 8765) == ["http://192.0.2.7:8765/", "http://198.51.100.9:8765/"]


def test_the_app_can_run_the_page_in_its_own_event_loop_and_stop_it(sessions: Path) -> None:
    import asyncio

    import httpx2 as httpx

    async def run() -> tuple[int, str]:
        server, sock = web_server.make_server(sessions, "127.0.0.1", 0, embedded=True)
        port = sock.getsockname()[1]
        task = asyncio.create_task(server.serve(sockets=[sock]))
        for _ in range(1000):
            if server.started:
                break
            await asyncio.sleep(0.01)
        async with httpx.AsyncClient() as client:
            reply = await client.get(f"http://127.0.0.1:{port}/")
        server.should_exit = True
        await asyncio.wait_for(task, 10)
        sock.close()
        return reply.status_code, reply.text

    status, text = asyncio.run(run())
    assert status == 200 and "Scan the QR code" in text and 'name="code"' in text
