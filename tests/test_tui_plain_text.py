"""Typed and stored text shows as plain text on every screen: '[name]', '[inaudible]' and 'A [/] B' stay visible."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Label, Static, TextArea
from tui_helpers import OnScreen

from kit.store import add_output, create_session, format_code, issue_sheets, record_paper_feedback, record_response
from kit.tui.app import KitApp, crash_line
from kit.tui.dialogs.session_menu import SessionMenu
from kit.tui.screens.coordinator import CoordinatorScreen
from kit.tui.screens.follow_up import FollowUpScreen
from kit.tui.screens.paper_feedback import PaperFeedbackScreen
from kit.tui.screens.print import PrintScreen
from kit.tui.screens.run import RunScreen
from kit.tui.widgets.answer import ChoiceRow

pytestmark = pytest.mark.anyio
SIZE = (100, 30)
TITLE = "Week [b]one[/b] · A [/] B"
SAID = "[inaudible] then A [/] B"
NAMED = "Amina said [red]no[/red]"
HAPPENED = "Asked [/] the team [link=x]"
COMMENT = "Thanks [/b] [name]"


@pytest.fixture
def marked(sessions: Path) -> tuple[Path, str]:
    """A session whose title, outputs, response and feedback comment all look like markup."""
    path = create_session(sessions, TITLE, ["ground-rules", "body-map"], date="2026-03-14", session_id="marked")
    first, _ = add_output(path, "ground-rules", SAID)
    add_output(path, "ground-rules", NAMED, roster=["Amina"])
    record_response(path, first.id, "considering", HAPPENED)
    [sheet] = issue_sheets(path, 1)
    record_paper_feedback(path, sheet.code, {"1": "yes"}, COMMENT)
    return path, sheet.code


def shown(widget: Static | Label) -> str:
    return str(widget.render())


def cells(table: DataTable) -> str:
    return "\n".join(" | ".join(str(c) for c in table.get_row_at(i)) for i in range(table.row_count))


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_home_and_the_session_menu_show_a_title_with_brackets(sessions: Path, marked: tuple[Path, str]) -> None:
    app = KitApp(sessions)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert TITLE in cells(app.screen.query_one(DataTable))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionMenu)
        assert shown(app.screen.query_one("#menu-title", Static)) == TITLE


async def test_run_shows_outputs_and_placeholders_as_typed(sessions: Path, marked: tuple[Path, str]) -> None:
    path, _ = marked
    app = KitApp(sessions, open_session=path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await pilot.pause()
        app.screen.query_one(TextArea).load_text("Amina")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, RunScreen)
        listed = shown(app.screen.query_one("#run-outputs-list", Static))
        assert SAID in listed and "[name] said [red]no[/red]" in listed
        await pilot.press(*"B [/] C [name]", "enter")
        await pilot.pause()
        assert "B [/] C [name]" in shown(app.screen.query_one("#run-outputs-list", Static))
        assert app.screen.sub_title == TITLE


async def test_follow_up_shows_outputs_what_happened_and_comments_as_typed(
    sessions: Path, marked: tuple[Path, str]
) -> None:
    path, _ = marked
    app = OnScreen(sessions, lambda: FollowUpScreen(path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await settle(pilot)
        screen = app.screen
        table = cells(screen.query_one(DataTable))
        assert SAID in table and "[name] said [red]no[/red]" in table
        assert SAID in shown(screen.query_one("#fu-said", Static))
        assert f'"{COMMENT}"' in shown(screen.query_one("#fu-feedback", Static))
        await pilot.press("f8")
        await pilot.pause()
        assert SAID in shown(app.screen.query_one("#withdraw-text", Static))
        await pilot.press("n")
        await pilot.press("down")
        await pilot.pause()
        assert "[name] said [red]no[/red]" in shown(screen.query_one("#fu-said", Static))


async def test_paper_entry_shows_items_and_what_happened_as_typed(sessions: Path, marked: tuple[Path, str]) -> None:
    path, code = marked
    app = OnScreen(sessions, lambda: PaperFeedbackScreen(path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.pause()
        await pilot.press(*format_code(code), "enter")
        await settle(pilot)
        statics = "\n".join(shown(s) for s in app.screen.query(".pf-said, .pf-happened").results(Static))
        assert SAID in statics and HAPPENED in statics


async def test_print_screen_is_titled_with_brackets_intact(sessions: Path, marked: tuple[Path, str]) -> None:
    path, _ = marked
    app = OnScreen(sessions, lambda: PrintScreen(path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.pause()
        assert TITLE in app.screen.sub_title


async def test_coordinator_shows_brackets_and_placeholders_and_does_not_crash(
    sessions: Path, marked: tuple[Path, str]
) -> None:
    app = OnScreen(sessions, lambda: CoordinatorScreen(sessions))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        text = cells(table)
        assert SAID in text and "[name] said [red]no[/red]" in text and HAPPENED in text
        table.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert any(n.message.startswith(SAID) for n in app._notifications)
        await pilot.pause()  # the toast is drawn: markup in it would raise here


async def test_notifications_never_read_markup(sessions: Path) -> None:
    app = KitApp(sessions)
    async with app.run_test(size=SIZE) as pilot:
        app.notify("Saved A [/] B", title="[b]x")
        await pilot.pause()
        assert [n.markup for n in app._notifications] == [False]


async def test_an_unexpected_error_ends_with_code_one_and_one_line_after_saving(
    sessions: Path, marked: tuple[Path, str]
) -> None:
    path, _ = marked
    app = KitApp(sessions)

    def broken() -> None:
        raise ValueError("A [/] B typed by someone")

    with pytest.raises(ValueError):
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await app.push_screen(FollowUpScreen(path))
            await settle(pilot)
            await pilot.press("down")  # the second output, with no 'what happened' yet
            app.screen.query_one(ChoiceRow).choose("acted")
            app.screen.query_one("#fu-text").value = "Passed to the manager"  # type: ignore[attr-defined]
            app.screen.action_print = broken  # type: ignore[method-assign]
            await pilot.press("f6")
            await pilot.pause()
    assert app.return_code == 1
    from kit.store import load_session

    log = load_session(path)
    assert [r.text for r in log.responses.values()].count("Passed to the manager") == 1


def test_the_crash_line_names_the_error_and_place_but_not_the_typed_text() -> None:
    try:
        raise ValueError("A [/] B typed by someone")
    except ValueError as exc:
        line = crash_line(exc)
    assert "ValueError" in line and "typed by someone" not in line and "\n" not in line


async def test_plan_shows_a_title_with_brackets_as_typed(sessions: Path, marked: tuple[Path, str]) -> None:
    from textual.widgets import Input

    from kit.tui.screens.plan import PlanScreen

    path, _ = marked
    app = OnScreen(sessions, lambda: PlanScreen(path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.pause()
        assert app.screen.query_one("#title", Input).value == TITLE
        assert TITLE in app.screen.sub_title
