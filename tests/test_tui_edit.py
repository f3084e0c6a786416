"""The facilitator's last look: the whole text before saving, tags that do not linger, corrections later."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static, Switch, TextArea
from tui_helpers import OnScreen

from kit.store import add_output, create_session, load_session
from kit.tui.app import KitApp
from kit.tui.dialogs.edit_output import EditOutputScreen
from kit.tui.screens.follow_up import FollowUpScreen
from kit.tui.screens.run import RunScreen
from kit.tui.widgets.capture import CaptureBox

pytestmark = pytest.mark.anyio
ROSTER = ["Amira / أميرة", "Yonas"]
LONG = (
    "Amira said the hotel is far from college and the bus pass stops at eighteen, so she walks an hour each way; "
    "the group wants the council to keep the pass until the course ends. Call 07700 900123 was written on the "
    "flipchart too, and Yonas agreed with all of it."
)


@pytest.fixture
def session(sessions: Path) -> Path:
    return create_session(sessions, "Edit test", ["body-map", "check-out"], date="2026-03-14", session_id="edit-test")


def run_app(path: Path) -> OnScreen:
    """The app opened straight on the Run screen of path, with the roster in memory as after the Roster screen."""
    app = OnScreen(path.parent, lambda: RunScreen(path))
    app.roster, app.roster_session = list(ROSTER), path
    return app


async def open_run(app: KitApp, pilot, path: Path) -> RunScreen:  # type: ignore[no-untyped-def]
    """The Run screen as run_app opened it."""
    await pilot.pause()
    assert isinstance(app.screen, RunScreen) and app.roster == ROSTER
    return app.screen


async def type_and_save(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    app = pilot.app
    app.screen.query_one(CaptureBox).input.value = text
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


async def test_the_preview_shows_the_whole_text_that_will_be_saved(session: Path) -> None:
    app = run_app(session)
    async with app.run_test(size=(80, 24)) as pilot:
        run = await open_run(app, pilot, session)
        capture = run.query_one(CaptureBox)
        capture.input.value = LONG
        await pilot.pause()
        preview = capture.query_one("#capture-preview", Static)
        for width, height in [(80, 24), (100, 30)]:
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            assert app.screen.size == (width, height)
            shown = str(preview.render())
            assert "3 things will be removed (2 name, 1 phone)" in shown
            assert "It will be saved as:" in shown
            saved = " ".join(shown.split("It will be saved as:", 1)[1].split())
            assert saved.startswith("[name] said the hotel") and saved.endswith("and [name] agreed with all of it.")
            assert "[phone]" in saved and "07700" not in saved
            box = capture.query_one("#capture-preview-box")
            assert box.max_scroll_y == 0, f"nothing of the preview is scrolled out of sight at {width}x{height}"
            assert preview.region.height >= len(preview.render_lines(preview.region)) > 3
            assert preview.region.bottom <= height - 1  # above the footer, on screen
            assert not run.query_one("#run-outputs").display  # a long text gets the whole width
        await pilot.press("enter")
        await pilot.pause()
        assert run.query_one("#run-outputs").display  # and the list of outputs comes back after saving


async def test_tags_go_with_one_output_unless_keep_tags_is_on(session: Path) -> None:
    app = run_app(session)
    async with app.run_test(size=(100, 30)) as pilot:
        run = await open_run(app, pilot, session)
        capture = run.query_one(CaptureBox)
        switch = capture.query_one("#capture-keep", Switch)
        assert switch.display and not switch.value  # visible, and off until the facilitator turns it on
        capture.principles, capture.themes = [3], ["trust"]
        await type_and_save(pilot, "We want a guardian who stays")
        assert (capture.principles, capture.themes) == ([], [])
        await type_and_save(pilot, "Football on Saturdays")
        switch.value = True
        capture.principles = [12]
        await type_and_save(pilot, "Ask us before moving us")
        await type_and_save(pilot, "Tell us what happened")
        assert capture.principles == [12]
    stored = [(o.text, o.principles, o.themes) for o in load_session(session).outputs]
    assert stored == [
        ("We want a guardian who stays", [3], ["trust"]),
        ("Football on Saturdays", [], []),
        ("Ask us before moving us", [12], []),
        ("Tell us what happened", [12], []),
    ]


async def test_an_output_is_corrected_from_run_and_scrubbed_with_the_roster_in_memory(session: Path) -> None:
    app = run_app(session)
    async with app.run_test(size=(80, 24)) as pilot:
        run = await open_run(app, pilot, session)
        await type_and_save(pilot, "We want more time")
        await pilot.press("ctrl+e")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, EditOutputScreen)
        editor.query_one("#edit-text", TextArea).load_text("أميرة and Yonas want more time, call 07700 900123")
        await pilot.pause()
        preview = str(editor.query_one("#edit-preview", Static).render())
        assert "[name] and [name] want more time, call [phone]" in preview
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is run
        assert "[name] and [name] want more time" in str(run.query_one("#run-outputs-list", Static).render())
    raw = session.read_text(encoding="utf-8")
    assert "أميرة" not in raw and "Yonas" not in raw and "07700" not in raw
    assert not [p for p in session.parent.iterdir() if p.name != session.name and not p.name.startswith(".")]


async def test_an_output_is_retagged_from_follow_up_and_escape_changes_nothing(session: Path) -> None:
    output, _ = add_output(session, "body-map", "A safe place to sleep", principles=[6])
    add_output(session, "body-map", "Interpreters who are kind")
    app = OnScreen(session.parent, lambda: FollowUpScreen(session))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        follow_up = app.screen
        assert isinstance(follow_up, FollowUpScreen)
        follow_up.current = output.id
        await pilot.press("ctrl+e")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, EditOutputScreen)
        assert editor.query_one("#edit-text", TextArea).text == "A safe place to sleep"
        await pilot.press("escape")
        await pilot.pause()
        assert load_session(session).outputs[0].principles == [6]
        await pilot.press("ctrl+e")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, EditOutputScreen)
        editor.principles, editor.themes = [3, 6], ["safety"]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is follow_up
    first = load_session(session).outputs[0]
    assert (first.text, first.principles, first.themes) == ("A safe place to sleep", [3, 6], ["safety"])


async def test_an_edit_to_nothing_is_refused_in_one_line_and_the_output_kept(session: Path) -> None:
    output, _ = add_output(session, "body-map", "Someone who believes you")
    app = OnScreen(session.parent, lambda: EditOutputScreen(session, [output], output.id, []))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, EditOutputScreen)
        editor.query_one("#edit-text", TextArea).load_text("   ")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is editor  # still open, to fix the text
        assert any("empty" in n.message for n in app._notifications)
    assert load_session(session).outputs[0].text == "Someone who believes you"
