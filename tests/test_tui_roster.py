"""The Roster screen: several spellings of one person, what each entry also takes, warnings, an empty roster."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static, TextArea
from tui_helpers import OnScreen

from kit.store import create_session
from kit.tui.app import KitApp
from kit.tui.dialogs.confirm import ConfirmScreen
from kit.tui.screens.roster import RosterScreen
from kit.tui.screens.run import RunScreen

pytestmark = pytest.mark.anyio


@pytest.fixture
def session(sessions: Path) -> Path:
    return create_session(
        sessions, "Roster test", ["body-map"], languages=["ar", "ti"], date="2026-03-14", session_id="roster-test"
    )


def roster_app(path: Path) -> OnScreen:
    """The app opened straight on the Roster screen of path, as Home's Run key opens it."""
    return OnScreen(path.parent, lambda: RosterScreen(path))


async def open_roster(app: KitApp, pilot, path: Path) -> RosterScreen:  # type: ignore[no-untyped-def]
    await pilot.pause()
    assert isinstance(app.screen, RosterScreen)
    return app.screen


def shown(screen: RosterScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_each_entry_shows_what_it_also_takes_and_scripts_no_entry_covers_are_flagged(session: Path) -> None:
    app = roster_app(session)
    async with app.run_test(size=(80, 24)) as pilot:
        roster = await open_roster(app, pilot, session)
        roster.query_one(TextArea).load_text("Mohammed\nAmira / أميرة\nHope")
        await pilot.pause()
        for width, height in [(80, 24), (100, 30)]:
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            assert app.screen.size == (width, height)
            catches = shown(roster, "#roster-catches")
            assert "Mohammed: also takes" in catches and "Muhammad" in catches and "محمد" in catches
            assert "Amira / أميرة: also takes" in catches and "አሚራ" in catches
            assert "Hope: also an ordinary word" in catches
            warnings = shown(roster, "#roster-warnings")
            assert "Ge'ez" in warnings and "Arabic script" not in warnings  # أميرة covers Arabic script
            assert roster.query_one("#roster-check").region.bottom <= height - 1, (width, height)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, RunScreen)
        assert app.roster == ["Mohammed", "Amira / أميرة", "Hope"]
    assert "Mohammed" not in session.read_text(encoding="utf-8")


async def test_an_empty_roster_is_started_only_after_asking(session: Path) -> None:
    app = roster_app(session)
    async with app.run_test(size=(80, 24)) as pilot:
        roster = await open_roster(app, pilot, session)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is roster
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, RunScreen)
        assert app.roster == []


async def test_a_long_line_and_one_letter_names_are_explained(session: Path) -> None:
    app = roster_app(session)
    async with app.run_test(size=(100, 30)) as pilot:
        roster = await open_roster(app, pilot, session)
        roster.query_one(TextArea).load_text("Amira Yonas Hana Dawit Saba Selam\nJ")
        await pilot.pause()
        warnings = shown(roster, "#roster-warnings")
        assert "One line holds 6 words" in warnings
        assert "'J'" in warnings and "too short" in warnings
