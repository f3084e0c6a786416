"""Home: a first run offers the demo with one key; sessions are duplicated and deleted (after a clear question)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Button, DataTable, Static

from kit.model import Block
from kit.store import create_session, load_session, update_plan
from kit.tui.app import KitApp
from kit.tui.dialogs.confirm import ConfirmScreen
from kit.tui.screens.home import HomeScreen

SIZE = (80, 24)
pytestmark = pytest.mark.anyio


async def settle(app: KitApp, pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def titles(app: KitApp) -> list[str]:
    table = app.screen.query_one(DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def test_a_first_run_offers_the_demo_with_one_key(sessions: Path) -> None:
    app = KitApp(sessions)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert "D to try the demo" in str(app.screen.query_one("#status", Static).render())
        demo = app.screen.query_one("#demo", Button)
        assert demo.display and app.screen.region.contains_region(demo.region)
        await pilot.press("d")
        await settle(app, pilot)
        assert (sessions / "demo.json").is_file()
        assert isinstance(app.screen, HomeScreen) and app.screen.session_path == sessions / "demo.json"
        assert not app.screen.query_one("#demo", Button).display
        await pilot.press("d")  # again: the same demo, never a second one
        await settle(app, pilot)
        assert list(sessions.glob("*.json")) == [sessions / "demo.json"]


async def test_duplicating_copies_the_plan_for_today_and_selects_the_copy(demo_session: Path) -> None:
    update_plan(demo_session, blocks=[*load_session(demo_session).session.blocks, Block("break", minutes=10)])
    app = KitApp(demo_session.parent, open_session=demo_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+d")
        await settle(app, pilot)
        copies = [p for p in demo_session.parent.glob("*.json") if p != demo_session]
        assert len(copies) == 1
        assert app.screen.session_path == copies[0]
        copy = load_session(copies[0])
        assert copy.session.blocks == load_session(demo_session).session.blocks and not copy.outputs
        assert f"Copy of {load_session(demo_session).session.title}"[:30] in " ".join(titles(app))


async def test_deleting_asks_first_naming_the_session_and_what_goes(sessions: Path) -> None:
    keep = create_session(sessions, "Keep me", ["check-in"], date="2026-03-01", session_id="keep")
    path = create_session(sessions, "Week [b]one[/b] A [/] B", ["check-in"], date="2026-03-14", session_id="gone")
    app = KitApp(sessions, open_session=path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        question = str(app.screen.query_one("#question", Static).render())
        assert "Week [b]one[/b] A [/] B" in question and "14/03/2026" in question
        assert "0 outputs" in question and str(path) in question and "cannot be undone" in question
        await pilot.press("n")  # No: nothing goes
        await settle(app, pilot)
        assert path.exists()
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("enter")  # the focused button is "Keep it": Enter never deletes by accident
        await settle(app, pilot)
        assert path.exists()
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert not path.exists() and keep.exists()
        assert titles(app) == ["Keep me"]


async def test_a_damaged_file_is_never_offered_for_deletion(sessions: Path) -> None:
    (sessions / "broken.json").write_text("{not json")
    app = KitApp(sessions)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.screen.query_one(DataTable).focus()
        await pilot.press("delete")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
    assert (sessions / "broken.json").exists()
