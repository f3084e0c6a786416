"""Where Windows differs outside file handling: output encoding of pipes, and claiming the feedback port."""

from __future__ import annotations

import io
import json
import socket
import sys
from pathlib import Path

import pytest

from kit.cli import main, utf8_output
from kit.store import add_output, create_session
from kit.web.server import claim_port

TIGRINYA = "ሓገዝ ንደሊ ኢና"


class Pipe(io.TextIOWrapper):
    """Standard output redirected to a file or pipe on Windows: the ANSI code page, not a terminal."""

    def __init__(self, tty: bool = False) -> None:
        super().__init__(io.BytesIO(), encoding="cp1252")
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty

    def written(self) -> bytes:
        self.flush()
        return self.buffer.getvalue()  # type: ignore[attr-defined]


def test_tigrinya_printed_into_a_windows_pipe_arrives_as_utf8(sessions: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = create_session(sessions, "ሰላም week", ["check-in"], date="2026-03-14")
    add_output(path, "check-in", TIGRINYA)
    pipe = Pipe()
    monkeypatch.setattr(sys, "stdout", pipe)
    assert main(["show", path.stem, "--json"]) == 0
    shown = json.loads(pipe.written().decode("utf-8"))
    assert shown["outputs"][0]["text"] == TIGRINYA


def test_a_narrow_console_shows_escapes_instead_of_failing() -> None:
    console = Pipe(tty=True)
    utf8_output([console])
    print(f"said: {TIGRINYA}", file=console)
    assert console.written().startswith(b"said: \\u1213")


def test_utf8_streams_and_captured_output_are_left_alone() -> None:
    already = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    captured = io.StringIO()
    utf8_output([already, captured])
    assert already.encoding == "utf-8" and already.errors == "strict"


class FakeSocket:
    def __init__(self) -> None:
        self.options: list[tuple[int, int, int]] = []

    def setsockopt(self, level: int, option: int, value: int) -> None:
        self.options.append((level, option, value))


def test_the_feedback_port_is_claimed_exclusively_on_windows_and_reusably_elsewhere() -> None:
    windows, posix = FakeSocket(), FakeSocket()
    claim_port(windows, "nt")  # type: ignore[arg-type]
    claim_port(posix, "posix")  # type: ignore[arg-type]
    exclusive = getattr(socket, "SO_EXCLUSIVEADDRUSE", -5)
    assert windows.options == [(socket.SOL_SOCKET, exclusive, 1)]
    assert posix.options == [(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)]
