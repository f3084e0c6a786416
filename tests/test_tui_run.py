"""The Run screen driven as a facilitator would: roster, steps, timer, capture, safety panel, break."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Label, Static, TextArea
from tui_helpers import OnScreen

from kit.store import add_output, create_session, load_session
from kit.tui.app import KitApp
from kit.tui.dialogs.break_time import BreakScreen
from kit.tui.dialogs.safety import SafetyScreen
from kit.tui.dialogs.tags import TagsScreen
from kit.tui.screens.follow_up import FollowUpScreen
from kit.tui.screens.home import HomeScreen
from kit.tui.screens.run import RunScreen
from kit.tui.widgets.capture import CaptureBox
from kit.tui.widgets.timer import StepTimer, clock_face

pytestmark = pytest.mark.anyio
ROSTER = ["Amina", "Yonas"]
PLAN = ["ground-rules", "body-map", "check-out"]


@pytest.fixture
def session(sessions: Path) -> Path:
    """A planned session of three activities."""
    return create_session(sessions, "Run test", PLAN, date="2026-03-14", session_id="run-test")


class FakeClock:
    """A clock the test moves by hand: no test reads the real one."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def text_of(widget: Static | Label) -> str:
    """What a Static or Label shows, as plain text."""
    return str(widget.render())


def run_app(sessions: Path, path: Path, **options: object) -> OnScreen:
    """The app opened straight on the Run screen of path, with the roster in memory as after the Roster screen."""
    app = OnScreen(sessions, lambda: RunScreen(path), **options)
    app.roster, app.roster_session = list(ROSTER), path
    return app


async def start_run(pilot, path: Path, *, walk: bool = False) -> RunScreen:  # type: ignore[no-untyped-def]
    """The Run screen with the roster in memory: as run_app opened it, or pushed over Home; walk=True types
    the roster in from Home as a facilitator would."""
    await pilot.pause()
    if walk:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        pilot.app.screen.query_one(TextArea).load_text("\n".join(ROSTER))
        await pilot.press("ctrl+s")
    elif not isinstance(pilot.app.screen, RunScreen):
        pilot.app.roster, pilot.app.roster_session = list(ROSTER), path
        pilot.app.push_screen(RunScreen(path))
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, RunScreen) and screen.session_path == path
    assert pilot.app.roster == ROSTER
    return screen


async def type_and_save(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    """Put text in the capture box (typing itself is tested on its own) and press Enter."""
    pilot.app.screen.query_one(CaptureBox).input.value = text
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


@pytest.mark.long
async def test_facilitator_runs_a_session_and_follows_up(session: Path) -> None:
    clock = FakeClock()
    app = KitApp(session.parent, open_session=session, clock=clock)
    bells: list[int] = []
    app.bell = lambda: bells.append(1)  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        run = await start_run(pilot, session, walk=True)
        assert app.roster == ROSTER
        where = text_of(run.query_one("#run-where", Label))
        assert "Activity 1 of 3: Our ground rules" in where and "Step 1 of 5" in where
        assert "agree how we treat each other" in text_of(run.query_one("#run-say", Static))

        # The timer: start, pause, reset, then the step's time runs out and overtime is counted.
        timer = run.query_one(StepTimer)
        assert timer.duration == 3 * 60 and not timer.running
        await pilot.press("f5")
        assert timer.running
        clock.now += 30
        await pilot.press("f5")
        assert not timer.running and timer.remaining == 150
        assert "Paused" in text_of(timer.query_one("#timer-state", Label))
        await pilot.press("f6")
        assert timer.remaining == timer.duration
        await pilot.press("f5")
        clock.now += 3 * 60 + 90
        timer.tick()
        await pilot.pause()
        assert timer.time_up and timer.running and timer.overtime == 90
        assert timer.has_class("-time-up")
        assert "Over by 01:30" in text_of(timer.query_one("#timer-state", Label))
        assert bells == [1]
        assert any("counts the overtime" in n.message for n in app._notifications)
        await pilot.press("f5")  # pauses the overtime count
        assert not timer.running and timer.overtime == 90
        await pilot.press("f6")
        assert not timer.time_up

        # Capture: the preview highlights what will go, Enter saves it scrubbed.
        capture = run.query_one(CaptureBox)
        assert app.focused is capture.input
        await pilot.press(*"Amina said call 07700 900123")
        preview = text_of(capture.query_one("#capture-preview", Static))
        assert "2 things will be removed (1 name, 1 phone)" in preview
        shown, result = capture.preview(capture.input.value)
        assert [(s.start, s.end) for s in result.spans] == [(0, 5), (16, 28)]
        assert {span.style for span in shown.spans}, "the removed parts are highlighted"
        await pilot.press("enter")
        await pilot.pause()
        assert capture.input.value == ""
        assert "Saved. 2 things removed (1 name, 1 phone)." in text_of(capture.query_one("#capture-preview", Static))
        assert "[name] said call [phone]" in text_of(run.query_one("#run-outputs-list", Static))

        # Tags: Art. 12 and the theme Trust for the next output.
        await pilot.press("f4")
        await pilot.pause()
        assert isinstance(app.screen, TagsScreen)
        await pilot.press("down", "down", "down", "space", "down", "down", "space", "escape")
        await pilot.pause()
        assert app.screen is run
        assert (capture.principles, capture.themes) == ([12], ["trust"])
        assert "Art. 12 · Trust" in text_of(capture.query_one("#capture-tags", Static))

        # Next step, a second output with the other name.
        await pilot.press("pagedown")
        assert "Step 2 of 5" in text_of(run.query_one("#run-where", Label))
        assert timer.duration == 4 * 60 and not timer.time_up
        await type_and_save(pilot, "yonas wants to pass sometimes")
        assert "Captured in this activity: 2" in text_of(run.query_one("#run-outputs-title", Label))

        # The safety panel opens over the run and closes again.
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, SafetyScreen)
        panel = "\n".join(text_of(w) for w in app.screen.query(".safety-heading"))
        assert "Right to pass" in panel and "If someone is distressed" in panel
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is run

        # A break pauses the timer and shows the calm screen.
        await pilot.press("f5")
        assert timer.running
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, BreakScreen) and not timer.running
        assert "Break time" in text_of(app.screen.query_one(".break-heading", Label))
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is run and app.focused is capture.input

        # Next activity (which starts untagged), then Follow-up.
        await pilot.press("f8")
        assert (capture.principles, capture.themes) == ([], [])
        assert "Activity 2 of 3" in text_of(run.query_one("#run-where", Label))
        assert "Captured in this activity: 0" in text_of(run.query_one("#run-outputs-title", Label))
        await pilot.press("f9")
        await pilot.pause()
        follow = app.screen
        assert isinstance(follow, FollowUpScreen)
        await pilot.press("a")  # acted on: one key, then the sentence (typing it is tested in Follow-up's tests)
        assert isinstance(app.focused, Input)
        app.focused.value = "Amina's idea went to the housing team"
        await pilot.press("enter")
        await pilot.pause()
        assert "Acted on" in str(follow.query_one("#fu-table").get_row_at(0))

        stored = load_session(session).outputs[1]
        assert (stored.step, stored.principles, stored.themes) == (2, [12], ["trust"])

        # Withdraw the second output, then back on the Run screen it is gone from the list.
        assert app.focused is follow.query_one("#fu-table") and follow.query_one("#fu-table").cursor_row == 1
        await pilot.press("f8", "y")  # Enter moved on to the second output
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is run
        await pilot.press("f7")
        assert "Captured in this activity: 1" in text_of(run.query_one("#run-outputs-title", Label))

    log = load_session(session)
    assert [o.text for o in log.outputs] == ["[name] said call [phone]"]
    assert [o.step for o in log.outputs + log.withdrawn] == [1, 2]
    assert [o.text for o in log.withdrawn] == [""]
    assert log.outputs[0].removed == {"name": 1, "phone": 1}
    response = log.responses[log.outputs[0].id]
    assert (response.status, response.text) == ("acted", "[name]'s idea went to the housing team")
    raw = session.read_bytes()
    for secret in (b"Amina", b"Yonas", b"yonas", b"07700", b"900123"):
        assert secret not in raw


async def test_typing_letters_in_the_capture_box_triggers_no_screen_key(session: Path) -> None:
    app = run_app(session.parent, session)
    async with app.run_test(size=(100, 30)) as pilot:
        run = await start_run(pilot, session)
        await pilot.press(*"safety break ? next run follow up")
        assert app.screen is run
        assert run.query_one(CaptureBox).input.value == "safety break ? next run follow up"


async def test_escape_with_unsaved_text_keeps_the_run_open(session: Path) -> None:
    app = KitApp(session.parent, open_session=session)
    async with app.run_test(size=(100, 30)) as pilot:
        run = await start_run(pilot, session)
        await pilot.press(*"not saved yet")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is run
        assert any("unsaved text" in n.message for n in app._notifications)
        await pilot.press("ctrl+u", "escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_steps_run_across_activities_and_stop_at_the_end(session: Path) -> None:
    app = run_app(session.parent, session)
    async with app.run_test(size=(100, 30)) as pilot:
        run = await start_run(pilot, session)
        await pilot.press("pageup")
        assert (run.activity_index, run.step_index) == (0, 0)
        for _ in range(5):
            await pilot.press("pagedown")
        assert (run.activity_index, run.step_index) == (1, 0)
        await pilot.press("pageup")
        assert (run.activity_index, run.step_index) == (0, 4)
        await pilot.press("f8", "f8", "f8")
        assert run.activity_index == 2
        last = len(run.activities[2].steps) - 1
        for _ in range(last + 2):
            await pilot.press("pagedown")
        assert run.step_index == last
        assert any("last step of the plan" in n.message for n in app._notifications)
        await pilot.press("f7")
        assert (run.activity_index, run.step_index) == (2, 0)
        await pilot.press("f7")
        assert (run.activity_index, run.step_index) == (1, 0)


async def test_a_save_that_fails_is_a_notification_not_a_crash(session: Path) -> None:
    app = run_app(session.parent, session)
    async with app.run_test(size=(100, 30)) as pilot:
        run = await start_run(pilot, session)
        session.unlink()
        await type_and_save(pilot, "this cannot be saved")
        assert app.screen is run
        errors = [n for n in app._notifications if n.severity == "error"]
        assert errors and "No session file" in errors[-1].message
        assert run.query_one(CaptureBox).input.value == "this cannot be saved"


async def test_run_fits_80x24(session: Path) -> None:
    app = run_app(session.parent, session)
    async with app.run_test(size=(80, 24)) as pilot:
        run = await start_run(pilot, session)
        screen_region = run.region
        for selector in ("#run-where", "#run-say", "#run-timer", "#capture-input", "#capture-tags", "#run-outputs"):
            widget = run.query_one(selector)
            assert widget.region.height > 0, selector
            assert screen_region.contains_region(widget.region), selector


def test_clock_face_rounds_up_so_zero_means_done() -> None:
    assert clock_face(0) == "00:00"
    assert clock_face(0.2) == "00:01"
    assert clock_face(245) == "04:05"
    assert clock_face(-3) == "00:00"


async def test_the_safety_panel_offers_a_break_only_over_a_run(session: Path) -> None:
    app = KitApp(session.parent, open_session=session)
    async with app.run_test(size=(100, 30)) as pilot:
        run = await start_run(pilot, session)
        await pilot.press("f5", "f2")
        await pilot.pause()
        assert "f3" in app.screen.active_bindings
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, BreakScreen) and not run.query_one(StepTimer).running
        await pilot.press("escape", "escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        app.push_screen(SafetyScreen())
        await pilot.pause()
        assert "f3" not in app.screen.active_bindings


async def test_run_carries_on_from_the_last_captured_step(session: Path) -> None:
    add_output(session, "body-map", "Hands: football and English classes.", step=3)
    app = run_app(session.parent, session)
    async with app.run_test(size=(100, 30)) as pilot:
        run = await start_run(pilot, session)
        assert (run.activity_index, run.step_index) == (1, 2)
        assert "Captured in this activity: 1" in text_of(run.query_one("#run-outputs-title", Label))


async def test_captured_text_is_shown_as_typed_not_as_markup(session: Path) -> None:
    app = run_app(session.parent, session)
    async with app.run_test(size=(100, 30)) as pilot:
        run = await start_run(pilot, session)
        run.query_one(CaptureBox).input.value = "[b]rules[/b] [link=x]y[/link]"
        await pilot.press("enter")
        await pilot.pause()
        assert "[b]rules[/b] [link=x]y[/link]" in text_of(run.query_one("#run-outputs-list", Static))


async def test_a_session_without_activities_says_to_plan_it(sessions: Path, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = create_session(sessions, "Empty plan", [], date="2026-03-14", session_id="empty")
    app = run_app(sessions, path)
    async with app.run_test(size=(100, 30)) as pilot:
        run = await start_run(pilot, path)
        assert "no activities yet" in text_of(run.query_one("#run-where", Label))
        assert not run.query_one(CaptureBox).display
        await pilot.press("pagedown", "f8", "f5")
        await pilot.press("escape", "y")
        await pilot.pause()
        assert app.screen is not run


async def test_the_session_clock_shows_elapsed_against_the_plan_and_ahead_or_behind(session: Path) -> None:
    clock = FakeClock()
    app = run_app(session.parent, session, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        run = await start_run(pilot, session)
        line = run.query_one("#run-clock", Label)
        total = run.planned_minutes
        assert text_of(line) == f"{total} min planned · the session clock starts with the first timer (F5)"
        await pilot.press("f5")
        first = run.query_one(StepTimer).duration
        clock.now += first + 5 * 60  # the first step runs five minutes over
        run.show_clock()
        assert text_of(line) == f"Session {int(first) // 60 + 5:02d}:00 of {total} min · 5 min behind"
        assert run.query_one(StepTimer).overtime == 5 * 60
        await pilot.press("pagedown", "pagedown", "pagedown")  # three quick steps: the plan moves ahead
        run.show_clock()
        skipped = sum(slot.minutes for slot in run.slots[0][1:3])
        assert text_of(line).endswith(f"· {skipped - 5} min ahead")
        await pilot.press("escape", "y")
        await pilot.pause()
        assert session in app.run_started  # the clock keeps going while the app runs


async def test_notes_key_shows_the_activitys_own_safety_notes_materials_and_stories(sessions: Path) -> None:
    from kit.library import get_activity
    from kit.tui.dialogs.activity_notes import ActivityNotesScreen

    path = create_session(sessions, "Stories", ["case-vignettes"], date="2026-03-14", session_id="stories")
    activity = get_activity("case-vignettes")
    app = run_app(sessions, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_run(pilot, path)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, ActivityNotesScreen)
        texts = [text_of(w) for w in app.screen.query(".safety-heading, .safety-text")]
        assert texts[:2] == ["Keep everyone safe", activity.safeguarding_notes]
        story = next(m for m in activity.materials if "story" in m.lower())
        assert any(story in t for t in texts)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RunScreen)


async def test_the_safety_panel_shows_this_activitys_notes_first_and_keeps_the_lead_in_memory(session: Path) -> None:
    from kit.library import get_activity

    app = run_app(session.parent, session)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_run(pilot, session)
        await pilot.press("f2")
        await pilot.pause()
        texts = [text_of(w) for w in app.screen.query(".safety-heading, .safety-text")]
        assert texts[:2] == ["This activity: Our ground rules", get_activity("ground-rules").safeguarding_notes]
        app.screen.query_one("#safety-lead").focus()
        await pilot.press(*"Support worker Sam")
        await pilot.press("escape")
        await pilot.pause()
        assert app.safeguarding_lead == "Support worker Sam"
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert "Support worker Sam" in [text_of(w) for w in app.screen.query(".safety-text")]
        await pilot.press("escape", "f2")
        await pilot.pause()
        assert app.screen.query_one("#safety-lead").value == "Support worker Sam"  # type: ignore[attr-defined]
    assert b"Sam" not in session.read_bytes()


async def test_leaving_the_run_or_quitting_while_a_roster_is_held_asks_first(session: Path) -> None:
    from kit.tui.dialogs.confirm import ConfirmScreen

    app = KitApp(session.parent, open_session=session)
    async with app.run_test(size=(100, 30)) as pilot:
        run = await start_run(pilot, session)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and "roster (2 first names)" in app.screen.question
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is run
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and "must be typed again" in app.screen.question
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is run and app.is_running
        await pilot.press("escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.click("#quit")  # Home's Quit button asks too
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code == 0


def test_activity_notes_open_with_check_first_when_the_activity_has_one() -> None:
    from kit.library import get_activity
    from kit.tui.dialogs.activity_notes import notes_sections

    sections = notes_sections(get_activity("case-vignettes"), "")
    assert sections[0][0] == "Keep everyone safe"
    assert sections[1][0] == "Checked before the session?" and "Story A" in sections[1][1]
    assert "Checked before the session?" not in dict(notes_sections(get_activity("check-in"), ""))


async def test_the_break_screen_counts_with_the_apps_clock(sessions: Path) -> None:
    from textual.widgets import Digits

    clock = FakeClock()
    app = KitApp(sessions, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.push_screen(BreakScreen())
        await pilot.pause()
        clock.now += 125
        app.screen.show_elapsed()  # type: ignore[attr-defined]
        assert app.screen.query_one("#break-clock", Digits).value == "02:05"
