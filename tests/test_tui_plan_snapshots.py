"""A snapshot of Plan at 80x24 with blocks: a break, an own block, changed minutes, clock times, interpreting."""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_helpers import OnScreen

from kit.model import Block
from kit.store import create_session
from kit.tui.app import KitApp
from kit.tui.screens.plan import PlanScreen

SIZE = (80, 24)


@pytest.fixture
def plan_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> KitApp:
    """The app on a fixed session whose plan has every kind of block, opened straight on Plan."""
    monkeypatch.chdir(tmp_path)
    folder = Path("sessions")
    path = create_session(
        folder,
        "What makes a good first week?",
        [],
        blocks=[
            Block("activity", "check-in"),
            Block("activity", "body-map", minutes=30),
            Block("break", minutes=15, title="Tea and fruit", notes="Halal snacks; water"),
            Block("own", minutes=10, title="[Guest] from the housing team"),
            Block("activity", "check-out"),
        ],
        start="09:30",
        date="2026-03-14",
        facilitator="Sam",
        languages=["en", "ti"],
        interpreter=True,
        group_size=6,
        length_minutes=150,
        session_id="snap",
    )
    return OnScreen(folder, lambda: PlanScreen(path))


def test_plan_with_blocks_snapshot_80x24(plan_app: KitApp, snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def open_plan(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.pause()
        pilot.app.screen.query_one("#plan-blocks").focus()
        await pilot.press("down", "down")
        await pilot.pause()

    assert snap_compare(plan_app, terminal_size=SIZE, run_before=open_plan)
