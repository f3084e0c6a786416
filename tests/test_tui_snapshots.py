"""Snapshots of Home and Plan at 100x30, from a fixed session so they never depend on today's date."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.store import add_output, create_session, record_response
from kit.tui.app import KitApp

SIZE = (100, 30)


@pytest.fixture
def snap_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> KitApp:
    """The app on a folder (shown as 'sessions') holding one fixed session with two outputs."""
    monkeypatch.chdir(tmp_path)
    folder = Path("sessions")
    path = create_session(
        folder,
        "What makes a good first week?",
        ["check-in", "body-map", "diamond-ranking"],
        date="2026-03-14",
        facilitator="Sam",
        languages=["en", "ar"],
        interpreter=True,
        group_size=6,
        length_minutes=90,
        session_id="snap",
    )
    first, _ = add_output(path, "body-map", "Someone who believes you on the first day.", principles=[3])
    add_output(path, "body-map", "A safe place to sleep that does not change every week.", principles=[6])
    record_response(path, first.id, "acted", "Every key worker now meets new arrivals on day one.", date="2026-03-20")
    return KitApp(folder, open_session=path)


async def loaded(pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait for the sessions list to be read."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    for _ in range(3):  # the table sizes its columns on the next refreshes
        await pilot.pause()


def test_home_snapshot(snap_app: KitApp, snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(snap_app, terminal_size=SIZE, run_before=loaded)


def test_plan_snapshot(snap_app: KitApp, snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def open_plan(pilot) -> None:  # type: ignore[no-untyped-def]
        await loaded(pilot)
        await pilot.press("p")
        await pilot.pause()

    assert snap_compare(snap_app, terminal_size=SIZE, run_before=open_plan)
