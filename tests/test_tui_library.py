"""The Library screen: search by words, filters kept while the app runs, several activities added in one go."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Select
from tui_helpers import OnScreen

from kit.library import load_library
from kit.tui.screens.library import LibraryScreen, matching
from kit.tui.screens.plan import PlanScreen

pytestmark = pytest.mark.anyio
SIZE = (100, 30)


def test_search_finds_activities_by_words_in_any_order_and_case() -> None:
    library = load_library()
    found = matching(library, None, None, "STORY made-up")
    assert "case-vignettes" in [a.id for a in found]
    assert all("story" in (a.title + a.purpose + " ".join(s.say for s in a.steps)).lower() for a in found)
    assert matching(library, None, None, "zzzz-nothing") == []
    assert len(matching(library, None, None, "   ")) == len(library)


async def test_typing_in_the_search_narrows_the_list(sessions: Path) -> None:
    app = OnScreen(sessions, lambda: LibraryScreen())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        everything = len(screen.shown)
        await pilot.press("ctrl+f", *"story")
        await pilot.pause()
        assert 0 < len(screen.shown) < everything
        assert "case-vignettes" in [a.id for a in screen.shown]


async def test_search_and_filters_are_kept_while_the_app_runs(sessions: Path) -> None:
    app = OnScreen(sessions, lambda: LibraryScreen())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        app.screen.query_one("#theme", Select).value = "safety"
        app.screen.query_one("#search", Input).value = "body"
        await pilot.pause()
        shown = [a.id for a in app.screen.shown]  # type: ignore[attr-defined]
        await pilot.press("escape")
        await pilot.pause()
        await app.push_screen(LibraryScreen())
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        assert screen.query_one("#theme", Select).value == "safety"
        assert screen.query_one("#search", Input).value == "body"
        assert [a.id for a in screen.shown] == shown
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert len(screen.shown) == len(screen.activities) and app.library_filters == {}


async def test_the_picker_adds_several_activities_without_closing(sessions: Path) -> None:
    app = OnScreen(sessions, lambda: PlanScreen())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        plan = app.screen
        await pilot.press("ctrl+n")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, LibraryScreen)
        wanted = [a.id for a in picker.shown[:3]]
        picker.query_one("#activities").focus()
        await pilot.press("enter", "down", "enter", "down", "enter")
        await pilot.pause()
        assert app.screen is picker and picker.added == 3
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is plan
        assert plan.activities == wanted  # type: ignore[attr-defined]


async def test_enter_on_a_planned_activity_shows_its_card_with_its_minutes(sessions: Path) -> None:
    from textual.widgets import DataTable, Static

    from kit.library import get_activity
    from kit.store import create_session
    from kit.tui.dialogs.block import BlockScreen
    from kit.tui.widgets.activity_card import ActivityCard

    path = create_session(sessions, "Card", ["case-vignettes"], date="2026-03-14", session_id="card")
    app = OnScreen(sessions, lambda: PlanScreen(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        app.screen.query_one(DataTable).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BlockScreen)
        card = str(app.screen.query_one(ActivityCard).query_one(".card-text", Static).render())
        activity = get_activity("case-vignettes")
        assert activity.purpose in card and activity.safeguarding_notes in card
        await pilot.press("ctrl+o")
        assert app.focused is app.screen.query_one(ActivityCard)


async def test_the_lundy_filter_keeps_the_activities_that_serve_that_part(sessions: Path) -> None:
    app = OnScreen(sessions, LibraryScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        lundy = screen.query_one("#lundy", Select)
        assert screen.region.contains_region(lundy.region) and screen.query_one("#activities").region.height >= 3
        everything = len(screen.shown)
        lundy.value = "influence"
        await pilot.pause()
        assert 0 < len(screen.shown) < everything
        assert all("influence" in a.lundy for a in screen.shown)
        assert {a.id for a in screen.shown} == {a.id for a in load_library().values() if "influence" in a.lundy}
        assert app.library_filters == {"lundy": "influence"}
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert len(screen.shown) == everything and lundy.value is Select.NULL
