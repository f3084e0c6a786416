"""The app shell and the planning screens, driven as a facilitator would with the keyboard."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import until
from textual.widgets import DataTable, Input, OptionList, Select, TextArea
from tui_helpers import OnScreen

from kit.errors import InputError
from kit.model import Block
from kit.store import create_session, load_session
from kit.tui.app import KitApp, make_app
from kit.tui.dialogs.help import HelpScreen
from kit.tui.screens.home import HomeScreen
from kit.tui.screens.library import LibraryScreen, matching
from kit.tui.screens.plan import PlanForm, PlanScreen, plan_changes, total_message
from kit.tui.screens.roster import RosterScreen, parse_roster
from kit.tui.settings import load_settings

SIZE = (100, 30)
pytestmark = pytest.mark.anyio


async def settle(app: KitApp, pilot) -> None:  # type: ignore[no-untyped-def]
    """Let workers (the sessions list) finish and the screen refresh."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def table_rows(table: DataTable) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def notifications(app: KitApp) -> list[str]:
    return [n.message for n in app._notifications]


@pytest.mark.long
async def test_plan_screen_creates_a_session_with_three_activities_on_disk(sessions: Path) -> None:
    app = KitApp(sessions)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        assert isinstance(app.screen, PlanScreen)
        await pilot.press(*"Our first week", "tab")
        date = app.screen.query_one("#date", Input)
        date.value = "2026-03-14"
        await pilot.press("tab", "tab", "enter")  # the languages are chosen from the kit's list
        await pilot.press("space", "down", "space", "enter")
        await pilot.press("tab", *"Sam", "tab", *"8", "tab", *"60", "tab", "space")
        await pilot.press("ctrl+n")
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("enter", "down", "enter", "down", "enter")  # the picker stays open: three added
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen) and app.screen.added == 3
        await pilot.press("escape")
        await pilot.pause()
        picked = list(app.screen.activities)
        assert len(picked) == 3
        await pilot.press("left_square_bracket")  # move the last one up
        await pilot.press("ctrl+s")
        await pilot.pause()
        files = list(sessions.glob("*.json"))
        assert len(files) == 1
        session = load_session(files[0]).session
        assert session.title == "Our first week"
        assert session.date == "2026-03-14"
        assert session.facilitator == "Sam"
        assert session.languages == ["en", "ar"]
        assert session.group_size == 8 and session.length_minutes == 60
        assert session.interpreter is True
        assert session.activities == [picked[0], picked[2], picked[1]]
        assert not app.screen.unsaved
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        rows = table_rows(app.screen.query_one(DataTable))
        assert rows[0][:2] == ["Our first week", "2026-03-14"]


async def test_saving_the_plan_again_updates_the_same_file(sessions: Path) -> None:
    path = create_session(sessions, "Snap", ["check-in", "body-map", "check-out"], date="2026-03-14", session_id="s1")
    app = KitApp(sessions, open_session=path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("p")
        assert isinstance(app.screen, PlanScreen)
        app.screen.query_one(DataTable).focus()
        await pilot.press("down", "delete", "ctrl+s")
        await pilot.pause()
    assert load_session(path).session.activities == ["check-in", "check-out"]
    assert [p.name for p in sessions.glob("*.json")] == ["s1.json"]


async def test_plan_errors_are_notifications_and_nothing_is_written(sessions: Path) -> None:
    app = OnScreen(sessions, PlanScreen)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert any("title" in m for m in notifications(app))
        await pilot.press(*"Week one", "ctrl+s")
        await pilot.pause()
        assert any("Add at least one activity" in m for m in notifications(app))
        app.screen.query_one("#group_size", Input).value = "lots"
        app.screen.blocks.append(Block("activity", "check-in"))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert any("Group size" in m for m in notifications(app))
        assert isinstance(app.screen, PlanScreen)
    assert not list(sessions.glob("*.json"))


async def test_plan_warns_when_the_activities_run_over_the_planned_length(sessions: Path) -> None:
    path = create_session(sessions, "Long", ["body-map", "river-journey"], date="2026-03-14", length_minutes=30)
    app = OnScreen(sessions, lambda: PlanScreen(path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        total = app.screen.query_one("#total")
        assert total.has_class("over")
        assert "over the 30 planned" in str(total.render())
        app.screen.query_one("#length_minutes", Input).value = "600"
        await pilot.pause()
        assert not total.has_class("over")


async def test_home_lists_sessions_and_shows_a_corrupt_file_as_a_warning_row(demo_session: Path) -> None:
    (demo_session.parent / "broken.json").write_text("{not json", encoding="utf-8")
    app = KitApp(demo_session.parent)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        rows = table_rows(app.screen.query_one(DataTable))
        assert rows[0][0].startswith("Demo:")
        assert rows[0][2] == "10" and rows[0][3] == "4 of 10"
        assert rows[1][0] == "! Damaged: broken.json (left untouched)"
        privacy = str(app.screen.query_one("#privacy").render())
        assert "taken out before saving" in privacy and "read the preview" in privacy
        assert "never" not in privacy
        await pilot.press("down", "enter")  # a warning row opens nothing
        assert isinstance(app.screen, HomeScreen)
        assert any("Choose a session" in m for m in notifications(app))
        assert any("broken.json" in m and "left untouched" in m for m in notifications(app))
    assert (demo_session.parent / "broken.json").read_text(encoding="utf-8") == "{not json"


async def test_open_session_menu_leads_to_roster_and_keeps_names_in_memory_only(demo_session: Path) -> None:
    app = KitApp(demo_session.parent, open_session=demo_session)
    before = demo_session.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RosterScreen)
        assert "never saved" in str(app.screen.query_one("#memory-only").render())
        app.screen.query_one(TextArea).load_text("Amira, Yonas\nBereket\n")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.roster == ["Amira", "Yonas", "Bereket"]
        assert type(app.screen).__name__ == "RunScreen"
    assert demo_session.read_bytes() == before


async def test_library_filters_by_principle(sessions: Path) -> None:
    app = OnScreen(sessions, LibraryScreen)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        everything = screen.query_one(OptionList).option_count
        screen.query_one("#principle", Select).value = 2
        await pilot.pause()
        shown = screen.shown
        assert 0 < len(shown) < everything
        assert all(2 in a.principles for a in shown)
        assert screen.query_one(OptionList).option_count == len(shown)
        card = str(screen.query_one(".card-text").render())
        assert shown[0].title in card and "Safeguarding notes" in card
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert screen.query_one(OptionList).option_count == everything


async def test_help_lists_the_keys_of_the_screen_and_the_app(sessions: Path) -> None:
    app = KitApp(sessions)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        screen_keys = {row[1] for row in table_rows(app.screen.query_one("#screen-keys", DataTable))}
        app_keys = {row[0] for row in table_rows(app.screen.query_one("#app-keys", DataTable))}
        described = {b.tooltip or b.description for b in HomeScreen.BINDINGS}
        assert described <= screen_keys
        assert {"Ctrl+Q", "F1 or ?", "Ctrl+T"} <= app_keys
        await pilot.press("escape", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_an_empty_folder_puts_plan_a_new_session_first(sessions: Path) -> None:
    app = KitApp(sessions)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.focused is not None and app.focused.id == "new_plan"
        assert "No sessions yet" in str(app.screen.query_one("#status").render())
        await pilot.press("enter")
        assert isinstance(app.screen, PlanScreen)


async def test_high_contrast_choice_is_remembered_between_runs(sessions: Path, config_dir: Path) -> None:
    app = KitApp(sessions)
    async with app.run_test(size=SIZE) as pilot:
        assert not app.high_contrast
        await pilot.press("ctrl+t")
        assert app.high_contrast
    assert load_settings() == {"high_contrast": True}
    assert json.loads((config_dir / "settings.json").read_text()) == {"high_contrast": True}
    if os.name != "nt":
        assert (config_dir / "settings.json").stat().st_mode & 0o777 == 0o600
        assert config_dir.stat().st_mode & 0o777 == 0o700
    again = KitApp(sessions)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.high_contrast


def test_a_damaged_settings_file_means_the_defaults(config_dir: Path) -> None:
    config_dir.mkdir()
    (config_dir / "settings.json").write_text("[1, 2", encoding="utf-8")
    assert load_settings() == {}


async def test_quit_asks_first_only_when_a_plan_is_not_saved(sessions: Path) -> None:
    app = KitApp(sessions)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("n", *"Half typed", "ctrl+q")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmScreen"
        await pilot.press("n")
        assert isinstance(app.screen, PlanScreen)
        await pilot.press("escape", "y")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


async def test_command_palette_offers_the_main_actions(demo_session: Path) -> None:
    app = KitApp(demo_session.parent, open_session=demo_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
    for wanted in ("Plan a new session", "Activity library", "Safety panel", "Run this session", "High contrast"):
        assert wanted in titles


def test_make_app_selects_the_session_named_by_open(demo_session: Path) -> None:
    from kit.cli import app_only_args

    app = make_app(app_only_args(["--sessions", str(demo_session.parent), "--open", "demo"]))
    assert app.sessions == demo_session.parent and app.open_session == demo_session


def test_make_app_finds_the_folder_as_the_store_does(sessions: Path) -> None:
    from kit.cli import app_only_args
    from kit.store import sessions_folder

    assert make_app(app_only_args([])).sessions == sessions_folder() == sessions
    assert make_app(app_only_args(["--sessions", "elsewhere"])).sessions == sessions_folder("elsewhere")


def test_app_only_args_leaves_commands_to_the_full_parser() -> None:
    from kit.cli import app_only_args

    assert app_only_args(["list"]) is None and app_only_args(["--help"]) is None
    assert app_only_args(["--open", "demo"]).open == "demo"  # type: ignore[union-attr]


async def test_home_says_when_the_session_to_open_does_not_exist(demo_session: Path) -> None:
    app = KitApp(demo_session.parent, open_session=demo_session.parent / "nope.json")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert any("no session file" in m for m in notifications(app))


def test_plan_changes_checks_numbers_and_splits_languages() -> None:
    form = PlanForm(title=" Week ", date="2026-03-14", languages="en, ar ti", group_size="8", length_minutes="")
    changes = plan_changes(form, ["check-in"])
    assert changes["title"] == "Week" and changes["languages"] == ["en", "ar", "ti"]
    assert changes["group_size"] == 8 and changes["length_minutes"] is None
    with pytest.raises(InputError, match="Group size"):
        plan_changes(PlanForm(title="W", group_size="0"), ["check-in"])
    with pytest.raises(InputError, match="activity"):
        plan_changes(PlanForm(title="W"), [])


def test_total_message_says_how_far_over() -> None:
    assert total_message(90, 60) == ("Total 90 min: 30 min over the 60 planned. Remove or shorten.", True)
    assert total_message(45, 60)[1] is False


def test_parse_roster_accepts_lines_and_commas_without_repeats() -> None:
    assert parse_roster("Amira, Yonas\n\n  Bereket ;Amira\n") == ["Amira", "Yonas", "Bereket"]


def test_matching_filters_by_principle_and_theme() -> None:
    from kit.library import load_library

    library = load_library()
    both = matching(library, 12, "participation")
    assert both and all(12 in a.principles and "participation" in a.themes for a in both)
    assert len(matching(library, None, None)) == len(library)


async def test_home_shows_a_scrubbed_placeholder_in_a_title_as_text_not_markup(sessions: Path) -> None:
    create_session(sessions, "Week with [name] and [b]notes[/b]", ["check-in"], date="2026-03-14")
    app = KitApp(sessions)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert table_rows(app.screen.query_one(DataTable))[0][0] == "Week with [name] and [b]notes[/b]"
        assert "Week with [name] and [b]notes[/b]" in app.export_screenshot().replace("&#160;", " ")


async def test_the_mouse_works_too_plan_and_pick_an_activity_by_clicking(sessions: Path) -> None:
    app = KitApp(sessions)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.click("#new_plan")
        await until(pilot, lambda: isinstance(app.screen, PlanScreen) and app.screen.query_one("#add").region.width)
        await pilot.click("#add")
        await until(pilot, lambda: isinstance(app.screen, LibraryScreen) and app.screen.shown, "the picker's list")
        assert isinstance(app.screen, LibraryScreen)
        first = app.screen.shown[0].id
        await until(pilot, lambda: app.screen.query_one(OptionList).region.width, "the list on screen")
        await pilot.click(OptionList, offset=(4, 1))
        await until(pilot, lambda: getattr(app.screen, "added", 0) == 1, "the activity added")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, PlanScreen), "the plan again")
        assert isinstance(app.screen, PlanScreen)
        assert app.screen.activities == [first]


async def test_clicking_quit_on_home_closes_the_app(sessions: Path) -> None:
    app = KitApp(sessions)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.click("#quit")
        await pilot.pause()
        assert app.return_code == 0 and not app.is_running


async def test_clicking_start_on_the_roster_opens_the_run(sessions: Path) -> None:
    from kit.tui.screens.run import RunScreen

    path = create_session(sessions, "Clicks", ["check-in"], date="2026-03-14", session_id="clicks")
    app = KitApp(sessions, open_session=path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.push_screen(RosterScreen(path))
        await pilot.pause()
        app.screen.query_one(TextArea).load_text("Amina")
        await pilot.click("#start")
        await pilot.pause()
        assert isinstance(app.screen, RunScreen)
        assert app.roster == ["Amina"]


async def test_plan_and_library_fit_at_80x24(sessions: Path) -> None:
    app = KitApp(sessions)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        home = app.screen
        for screen_key, wanted in [
            ("n", ["#save", "#add", "#total", "#title"]),
            ("l", ["#activities", "#card", "#principle"]),
        ]:
            await pilot.press(screen_key)
            await pilot.pause()
            screen = app.screen
            assert screen is not home
            for selector in wanted:
                region = screen.query_one(selector).region
                assert region.area and screen.region.contains_region(region), selector
            app.pop_screen()
            await pilot.pause()


async def test_session_menu_opens_each_screen(demo_session: Path) -> None:
    app = KitApp(demo_session.parent, open_session=demo_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        home = app.screen
        for key, screen_name in [
            ("r", "RosterScreen"),
            ("f", "FollowUpScreen"),
            ("p", "PlanScreen"),
            ("b", "PaperFeedbackScreen"),
        ]:
            await pilot.press("enter", key)
            await pilot.pause()
            assert type(app.screen).__name__ == screen_name
            assert app.screen.session_path == demo_session
            app.pop_screen()
            await pilot.pause()
            assert app.screen is home


async def test_the_roster_is_forgotten_when_another_session_is_opened(demo_session: Path) -> None:
    other = create_session(demo_session.parent, "Other", ["check-in"], date="2026-03-14")
    app = KitApp(demo_session.parent)
    async with app.run_test(size=SIZE) as pilot:
        app.start_run(demo_session, ["Amira"])
        await pilot.pause()
        app.open_run(demo_session)
        await pilot.pause()
        assert app.roster == ["Amira"]
        assert app.screen.query_one(TextArea).text == "Amira"
        app.open_run(other)
        await pilot.pause()
        assert app.roster == [] and app.screen.query_one(TextArea).text == ""


async def test_a_file_that_cannot_be_written_is_a_notification_not_a_traceback(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "sessions"
    not_a_folder.write_text("this is a file, not a folder", encoding="utf-8")
    app = KitApp(not_a_folder)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("n", *"Week one")
        app.screen.blocks.append(Block("activity", "check-in"))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PlanScreen) and app.screen.unsaved
        assert any("Nothing was changed" in m for m in notifications(app))
    assert not_a_folder.read_text(encoding="utf-8") == "this is a file, not a folder"


async def test_the_command_palette_opens_the_library(sessions: Path) -> None:
    app = KitApp(sessions)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Activity library")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
