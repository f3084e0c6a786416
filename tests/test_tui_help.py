"""The help screen also shows the doctor's checks of this laptop, filled in by a worker."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from textual.widgets import Static

from kit import doctor
from kit.printables import fonts
from kit.tui.app import KitApp
from kit.tui.dialogs.help import HelpScreen

pytestmark = pytest.mark.anyio


async def test_help_shows_the_same_checks_as_doctor(sessions: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sessions.chmod(0o755)  # others could read it: a problem the help screen must show with its fix
    monkeypatch.setattr(doctor, "lan_address", lambda: "192.168.1.20")
    monkeypatch.delenv(fonts.FONT_ENV, raising=False)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        monkeypatch.setattr(doctor, "DEFAULT_PORT", probe.getsockname()[1])
    app = KitApp(sessions)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = str(app.screen.query_one("#laptop", Static).render())
    expected = doctor.report_lines(doctor.run_checks())
    assert shown.splitlines() == expected
    assert f"PROBLEM sessions   {sessions} (KIT_SESSIONS): writable, not private" in shown
    assert f"chmod 700 '{sessions}'" in shown and "7 Noto fonts from the kit" in shown
    assert f"QR codes open http://192.168.1.20:{doctor.DEFAULT_PORT}" in shown
