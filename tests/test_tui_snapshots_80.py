"""Snapshots at 80x24, the smallest terminal the kit supports: Coordinator, Run and Follow-up."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kit.store import add_output, create_session, edit_output, record_response
from kit.tui.app import KitApp
from kit.tui.screens.coordinator import CoordinatorScreen

SIZE = (80, 24)


@pytest.fixture
def collected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Fixed sessions in a fixed relative place (the snapshot shows the folder)."""
    monkeypatch.chdir(tmp_path)
    a = create_session(Path("in/a"), "First week", ["body-map"], date="2026-03-14", session_id="s-one")
    safe = add_output(a, "body-map", "A safe place to sleep", principles=[6], themes=["safety"])[0]
    heard = add_output(a, "body-map", "[inaudible] then A [/] B", principles=[12], themes=["participation"])[0]
    add_output(a, "body-map", "مترجم يتكلم لهجتي", principles=[2, 12], themes=["interpreters"])
    record_response(a, safe.id, "acted", "One placement for the first month", date="2026-03-20")
    record_response(a, heard.id, "considering", "Asking the team", date="2026-03-20")
    Path("in/b").mkdir()
    b = Path(shutil.copy(a, Path("in/b") / a.name))
    edit_output(b, safe.id, text="A safe place to sleep, every night")
    return Path("in")


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    pilot.app.clear_notifications()
    for _ in range(3):
        await pilot.pause()


def test_coordinator_snapshot_at_80x24(collected: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def collate(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.app.push_screen(CoordinatorScreen(collected))
        await pilot.press("ctrl+r")
        await settle(pilot)
        pilot.app.screen.query_one("#co-export").value = "exports"
        await settle(pilot)

    app = KitApp(Path("sessions"))
    assert snap_compare(app, terminal_size=SIZE, run_before=collate)
