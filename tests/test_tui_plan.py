"""The Plan screen with blocks: breaks and own blocks, minutes per activity, clock times, interpreting,
languages from the known list, dates as DD/MM/YYYY, and bad input that never loses what was typed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Select, Static
from tui_helpers import OnScreen

from kit.library import get_activity
from kit.model import Block
from kit.store import create_session, load_session
from kit.tui.app import KitApp
from kit.tui.dialogs.block import BlockScreen
from kit.tui.dialogs.languages import LanguagesScreen
from kit.tui.screens.plan import PlanScreen

SIZE = (100, 30)
pytestmark = pytest.mark.anyio


def rows(screen: PlanScreen) -> list[list[str]]:
    table = screen.query_one(DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def notifications(app: KitApp) -> list[str]:
    return [n.message for n in app._notifications]


async def open_plan(app: KitApp, pilot, path: Path | None) -> PlanScreen:  # type: ignore[no-untyped-def]
    """The Plan screen of path (a new plan if None), as Home would open it (started there by OnScreen)."""
    await pilot.pause()
    if not isinstance(app.screen, PlanScreen):
        app.push_screen(PlanScreen(path))
        await pilot.pause()
    assert isinstance(app.screen, PlanScreen) and app.screen.session_path == path
    return app.screen


@pytest.fixture
def planned(sessions: Path) -> Path:
    return create_session(
        sessions,
        "Week [b]one[/b]",
        ["check-in", "body-map", "check-out"],
        date="2026-03-14",
        length_minutes=120,
        session_id="week",
    )


async def test_a_break_goes_after_the_highlighted_block_with_clock_times(planned: Path) -> None:
    app = OnScreen(planned.parent, lambda: PlanScreen(planned))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_plan(app, pilot, planned)
        screen.query_one("#start", Input).value = "09:30"
        screen.query_one(DataTable).focus()
        await pilot.press("down", "ctrl+b")  # goes after the highlighted block, the body map
        await pilot.pause()
        assert isinstance(app.screen, BlockScreen)
        # Tab selects the old minutes, so typing replaces them.
        await pilot.press(*"Tea and fruit", "tab", *"15", "tab", *"Halal snacks", "ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        check_in, body_map = get_activity("check-in").minutes, get_activity("body-map").minutes
        after_body_map = 9 * 60 + 30 + check_in + body_map
        shown = rows(screen)
        assert [r[0] for r in shown] == [
            "09:30",
            f"{(570 + check_in) // 60:02d}:{(570 + check_in) % 60:02d}",
            f"{after_body_map // 60:02d}:{after_body_map % 60:02d}",
            f"{(after_body_map + 15) // 60:02d}:{(after_body_map + 15) % 60:02d}",
        ]
        assert shown[2][1] == "15" and "Tea and fruit" in shown[2][3]
        assert "Halal snacks" in str(screen.query_one("#block-notes", Static).render())
        await pilot.press("ctrl+s")
        await pilot.pause()
    session = load_session(planned).session
    assert [b.kind for b in session.blocks] == ["activity", "activity", "break", "activity"]
    assert session.blocks[2] == Block("break", "", 15, "Tea and fruit", "Halal snacks")
    assert session.start == "09:30" and session.activities == ["check-in", "body-map", "check-out"]


async def test_an_activitys_minutes_are_changed_with_enter_or_plus_and_minus(planned: Path) -> None:
    app = OnScreen(planned.parent, lambda: PlanScreen(planned))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_plan(app, pilot, planned)
        screen.query_one(DataTable).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BlockScreen)
        minutes = app.screen.query_one("#block-minutes", Input)
        minutes.value = "25"
        await pilot.press("enter")
        await pilot.pause()
        assert rows(screen)[0][1] == "25"
        await pilot.press("down", "plus", "plus", "minus", "plus")
        assert rows(screen)[1][1] == str(get_activity("body-map").minutes + 2)
        assert screen.unsaved
        await pilot.press("ctrl+s")
        await pilot.pause()
    blocks = load_session(planned).session.blocks
    assert [b.minutes for b in blocks] == [25, get_activity("body-map").minutes + 2, None]


BAD_BLOCKS = [
    ("0", "Tea", "at least 1 minute"),
    ("1000", "Lunch", "at most 240 minutes"),
    ("", "Tea", "whole minutes"),
    ("10", "x" * 5000, "the limit is 80"),
]


async def test_a_bad_block_keeps_the_dialog_open_with_what_was_typed(planned: Path) -> None:
    app = OnScreen(planned.parent, lambda: PlanScreen(planned))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_plan(app, pilot, planned)
        for minutes, title, needle in BAD_BLOCKS:
            await pilot.press("ctrl+b")
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, BlockScreen)
            dialog.query_one("#block-title", Input).value = title
            dialog.query_one("#block-minutes", Input).value = minutes
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen is dialog, title[:10]  # still open: nothing typed is lost
            assert needle in str(dialog.query_one("#block-error", Static).render())
            assert dialog.query_one("#block-title", Input).value == title
            await pilot.press("escape")
            assert app.screen is screen and len(screen.blocks) == 3


async def test_energisers_and_own_blocks_are_chosen_in_the_same_dialog(planned: Path) -> None:
    app = OnScreen(planned.parent, lambda: PlanScreen(planned))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_plan(app, pilot, planned)
        await pilot.press("ctrl+b")
        await pilot.pause()
        app.screen.query_one("#block-kind", Select).value = "own"
        app.screen.query_one("#block-title", Input).value = "Visit from the housing team"
        app.screen.query_one("#block-minutes", Input).value = "20"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert screen.blocks[-1] == Block("own", "", 20, "Visit from the housing team", "")


async def test_markup_escape_codes_and_rtl_text_in_a_block_title_show_as_typed(planned: Path) -> None:
    app = OnScreen(planned.parent, lambda: PlanScreen(planned))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_plan(app, pilot, planned)
        assert screen.sub_title == "Plan: Week [b]one[/b]"  # titled by the session's title, markup as text
        await pilot.press("ctrl+b")
        await pilot.pause()
        app.screen.query_one("#block-title", Input).value = "[red]استراحة[/] A [/] B"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "[red]استراحة[/] A [/] B" in rows(screen)[-1][3]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert load_session(planned).session.blocks[-1].title == "[red]استراحة[/] A [/] B"
        assert "Week [b]one[/b]" in app.export_screenshot().replace("&#160;", " ")


async def test_with_an_interpreter_each_block_shows_its_extra_time_and_the_total_counts_it(planned: Path) -> None:
    app = OnScreen(planned.parent, lambda: PlanScreen(planned))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_plan(app, pilot, planned)
        assert all(row[2] == "" for row in rows(screen))
        total_before = str(screen.query_one("#total", Static).render())
        await pilot.click("#interpreter")
        await pilot.pause()
        check_in = get_activity("check-in")
        assert rows(screen)[0][2].startswith("+") and rows(screen)[0][2] != "+0"
        total = str(screen.query_one("#total", Static).render())
        assert "with interpreting" in total and "with interpreting" not in total_before
        assert screen.query_one("#total").has_class("over")  # 120 planned: the doubled activities do not fit
        assert str(check_in.minutes) == rows(screen)[0][1]


async def test_a_start_time_that_is_not_a_time_is_refused_and_nothing_is_written(planned: Path) -> None:
    before = planned.read_bytes()
    app = OnScreen(planned.parent, lambda: PlanScreen(planned))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_plan(app, pilot, planned)
        screen.query_one("#start", Input).value = "25:00"
        await pilot.pause()
        assert rows(screen)[0][0] == "-"  # no clock times until the start is a time
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert any("HH:MM" in m for m in notifications(app))
        assert isinstance(app.screen, PlanScreen) and screen.query_one("#start", Input).value == "25:00"
    assert planned.read_bytes() == before


async def test_dates_show_and_are_typed_as_dd_mm_yyyy(planned: Path) -> None:
    app = OnScreen(planned.parent, lambda: PlanScreen(planned))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_plan(app, pilot, planned)
        date = screen.query_one("#date", Input)
        assert date.value == "14/03/2026"
        date.value = "2/4/2026"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert load_session(planned).session.date == "2026-04-02"
        date.value = "04/31/2026"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert any("DD/MM/YYYY" in m for m in notifications(app))
    assert load_session(planned).session.date == "2026-04-02"


async def test_languages_are_chosen_from_the_known_list(planned: Path) -> None:
    app = OnScreen(planned.parent, lambda: PlanScreen(planned))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_plan(app, pilot, planned)
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert isinstance(app.screen, LanguagesScreen)
        await pilot.press("space")  # English, first in the list
        for _ in range(7):
            await pilot.press("down")
        await pilot.press("space", "enter")  # Tigrinya, eighth
        await pilot.pause()
        assert app.screen is screen and screen.form.languages == "en, ti"
        await pilot.press("ctrl+l", "escape")  # leaving the list changes nothing
        assert screen.form.languages == "en, ti"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert load_session(planned).session.languages == ["en", "ti"]


async def test_an_older_plan_with_language_names_and_no_blocks_opens_and_saves(sessions: Path) -> None:
    path = create_session(sessions, "Old", ["check-in", "check-out"], date="2026-03-14", session_id="old")
    data = json.loads(path.read_text())
    for doc in data["session"].values():  # as an earlier kit wrote it
        del doc["blocks"], doc["start"]
        doc["languages"] = ["english", "tigrinya"]
    path.write_text(json.dumps(data))
    app = OnScreen(sessions, lambda: PlanScreen(path))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_plan(app, pilot, path)
        assert len(rows(screen)) == 2 and screen.form.languages == "en, ti"
        await pilot.press("ctrl+s")
        await pilot.pause()
    session = load_session(path).session
    assert session.languages == ["en", "ti"] and [b.activity for b in session.blocks] == ["check-in", "check-out"]


async def test_typing_a_hyphen_or_plus_in_a_field_types_it(sessions: Path) -> None:
    app = OnScreen(sessions, lambda: PlanScreen(None))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_plan(app, pilot, None)
        await pilot.press(*"Week-one + two")
        assert screen.query_one("#title", Input).value == "Week-one + two"


async def test_the_plan_with_blocks_fits_at_80x24(planned: Path) -> None:
    app = KitApp(planned.parent)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_plan(app, pilot, planned)
        for selector in ("#title", "#date", "#start", "#languages", "#length_minutes", "#interpreter", "#total"):
            region = screen.query_one(selector).region
            assert region.area and screen.region.contains_region(region), selector
        for selector in ("#save", "#add", "#add_block", "#plan-blocks"):
            region = screen.query_one(selector).region
            assert region.area and screen.region.contains_region(region), selector


async def test_f2_shows_the_safeguards_for_this_plan_and_saving_names_the_ones_it_calls_for(
    sessions: Path,
) -> None:
    from textual.widgets import Checkbox, Label

    from kit.tui.dialogs.safeguards import SafeguardsScreen

    path = create_session(
        sessions, "Ideas day", ["check-in", "case-vignettes"], date="2026-03-14", group_size=14, session_id="big"
    )
    app = OnScreen(sessions, lambda: PlanScreen(path))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_plan(app, pilot, path)
        screen.query_one("#interpreter", Checkbox).value = True
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, SafeguardsScreen)
        headings = [str(label.render()) for label in app.screen.query(".safety-heading").results(Label)]
        assert "Ages in the room" in headings and "A named support worker and safeguarding lead" in headings
        assert "A smaller group with interpreting" in headings and "A crisis plan and helplines" in headings
        assert any(h.startswith("Check first: Made-up stories") for h in headings)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("ctrl+s")
        await pilot.pause()
        said = " ".join(notifications(app))
        assert "Before the day: A smaller group with interpreting; A crisis plan and helplines" in said
        assert "Ages in the room" not in said  # the ones for every session are in F2, not repeated on save
