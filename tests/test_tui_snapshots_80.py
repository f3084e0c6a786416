"""Snapshots at 80x24, the smallest terminal the kit supports: Coordinator, Run and Follow-up."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import settle_screen
from textual.widgets import TextArea
from textual.widgets._footer import FooterKey
from tui_helpers import OnScreen

from kit.demo import create_demo
from kit.store import add_output, create_session, edit_output, record_response
from kit.tui.app import KitApp
from kit.tui.screens.coordinator import CoordinatorScreen
from kit.tui.screens.follow_up import FollowUpScreen
from kit.tui.screens.run import RunScreen

pytestmark = pytest.mark.anyio

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
    edit_output(a, safe.id, text="A safe place to sleep, on A")  # edited on both after the copy: a conflict
    edit_output(b, safe.id, text="A safe place to sleep, every night")
    return Path("in")


def test_coordinator_snapshot_at_80x24(collected: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def collate(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle_screen(pilot)
        await pilot.press("ctrl+r")
        await settle_screen(pilot)
        pilot.app.screen.query_one("#co-export").value = "exports"
        pilot.app.screen.query_one("#co-folder").cursor_blink = False  # a blinking cursor would make it flaky
        await settle_screen(pilot)

    app = OnScreen(Path("sessions"), lambda: CoordinatorScreen(collected))
    assert snap_compare(app, terminal_size=SIZE, run_before=collate)


@pytest.fixture
def planned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fixed session with outputs, one with what happened, in a relative folder."""
    monkeypatch.chdir(tmp_path)
    path = create_session(
        Path("sessions"),
        "What makes a good first week?",
        ["ground-rules", "case-vignettes"],
        date="2026-03-14",
        session_id="snap",
    )
    first, _ = add_output(path, "ground-rules", "Nobody has to answer a question.", step=2, principles=[12])
    add_output(path, "ground-rules", "[inaudible] then phones on silent [/] breaks", step=2)
    record_response(path, first.id, "acted", "Every session now starts with the pass card.", date="2026-03-20")
    return path


class StillClock:
    """Time that only moves when the test says (the snapshot shows the session clock)."""

    now = 500.0

    def __call__(self) -> float:
        return self.now


def test_run_snapshot_at_80x24(planned: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    clock = StillClock()

    async def run_with_clock(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle_screen(pilot)
        pilot.app.screen.query_one("#capture-input").cursor_blink = False
        await pilot.press("f5")
        clock.now += 4 * 60 + 30
        pilot.app.screen.show_clock()
        await settle_screen(pilot)

    app = OnScreen(planned.parent, lambda: RunScreen(planned), clock=clock)
    app.roster, app.roster_session = ["Amina"], planned
    assert snap_compare(app, terminal_size=SIZE, run_before=run_with_clock)


def test_follow_up_snapshot_at_80x24(planned: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    app = OnScreen(planned.parent, lambda: FollowUpScreen(planned))
    assert snap_compare(app, terminal_size=SIZE, run_before=settle_screen)


MAIN_KEYS = {
    "home": {"n", "r", "f", "ctrl+q", "f1"},
    "run": {"pagedown", "f5", "f2", "ctrl+o", "f3", "ctrl+q", "f1"},
    "follow_up": {"ctrl+z", "f4", "f8", "escape", "ctrl+q", "f1"},
    "coordinator": {"ctrl+s", "ctrl+e", "ctrl+r", "escape", "ctrl+q", "f1"},
}


async def test_each_footer_shows_its_main_keys_within_80_columns(tmp_path: Path) -> None:
    path, _ = create_demo(tmp_path / "sessions")
    app = KitApp(path.parent, open_session=path)
    async with app.run_test(size=SIZE) as pilot:
        await settle_screen(pilot)
        home = app.screen
        for screen, keys in MAIN_KEYS.items():
            if screen == "run":
                await pilot.press("r")
                await settle_screen(pilot)
                app.screen.query_one(TextArea).load_text("Amina")
                await pilot.press("ctrl+s")
            elif screen == "follow_up":
                await pilot.press("f")
            elif screen == "coordinator":
                await pilot.press("c")
            await settle_screen(pilot)
            shown = {key.key for key in app.screen.query(FooterKey) if 0 < key.region.right <= SIZE[0]}
            assert keys <= shown, (screen, keys - shown)
            if app.screen is not home:
                app.pop_screen()
                await settle_screen(pilot)
            assert app.screen is home
