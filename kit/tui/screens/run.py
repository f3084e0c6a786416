"""Run a session: one step at a time, the facilitator's words, the step's timer, and capturing outputs."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Header, Label, ProgressBar, Static

from kit.errors import KitError
from kit.library import Activity, Step, find_activity
from kit.model import Output
from kit.plan.pace import StepSlot, planned_position, run_plan, session_clock_line
from kit.store import add_output, load_session
from kit.tui.screens.base import KitScreen
from kit.tui.widgets.capture import CaptureBox, tag_summary
from kit.tui.widgets.footer import KeyFooter
from kit.tui.widgets.timer import StepTimer

CLOCK_SECONDS = 1.0


class RunScreen(KitScreen[None]):
    """The session's plan, step by step; what the group says is saved (scrubbed) with Enter."""

    CSS_PATH = ["run.tcss", "../widgets/widgets.tcss"]
    BINDINGS = [
        Binding("pagedown", "next_step", "Next", priority=True, tooltip="Go to the next step"),
        Binding("f5", "toggle_timer", "Timer", tooltip="Start or pause the step's timer"),
        Binding("f2", "safety", "Safety", tooltip="The safety panel: this activity's notes first, today's lead"),
        Binding("ctrl+o", "notes", "Notes", tooltip="This activity's safety notes, materials and story texts"),
        Binding("f3", "take_break", "Break", tooltip="Pause the timer for a break"),
        Binding("f4", "tags", "Tags", tooltip="Choose principles and themes for the next outputs"),
        Binding("pageup", "previous_step", "Previous step", priority=True, show=False),
        Binding("f6", "reset_timer", "Reset timer", show=False),
        Binding("f8", "next_activity", "Next activity", show=False),
        Binding("f7", "previous_activity", "Previous activity", show=False),
        Binding("f9", "follow_up", "Follow-up", show=False),
        Binding("ctrl+e", "edit_output", "Edit output", show=False, priority=True),
        Binding("escape", "back", "Back", show=False, tooltip="Leave the run (asks first while a roster is held)"),
    ]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.session_path = path
        log = load_session(path)
        self.title_text = log.session.title
        plan = run_plan(log.session)
        self.planned_minutes = plan.total
        found = (find_activity(a) for a in plan.activities)
        self.activities: list[Activity] = [a for a in found if a is not None]
        self.slots: list[list[StepSlot]] = plan.slots
        self.missing = [a for a in log.session.activities if find_activity(a) is None]
        self.outputs: list[Output] = list(log.outputs)
        self.activity_index, self.step_index = self._resume_point()

    def _resume_point(self) -> tuple[int, int]:
        """Where to start: the step of the last output captured (after a crash or a pause), else the start."""
        ids = [a.id for a in self.activities]
        for output in reversed(self.outputs):
            if output.activity in ids:
                index = ids.index(output.activity)
                steps = len(self.activities[index].steps)
                step = (output.step or 1) - 1
                return index, step if 0 <= step < steps else 0
        return 0, 0

    @property
    def slot(self) -> StepSlot | None:
        """Where the current step sits in the plan's time."""
        if not self.activities:
            return None
        return self.slots[self.activity_index][self.step_index]

    @property
    def activity(self) -> Activity | None:
        """The activity being run, if the plan has any."""
        return self.activities[self.activity_index] if self.activities else None

    @property
    def step(self) -> Step | None:
        """The step being run."""
        return self.activity.steps[self.step_index] if self.activity else None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="run-top"):
            yield Label("", id="run-where", markup=False)
            with Horizontal(id="run-pace"):
                yield ProgressBar(total=max(1, self._total_steps()), show_eta=False, id="run-progress")
                yield Label("", id="run-clock", markup=False)
        with VerticalScroll(id="run-say-box"):
            yield Label("", id="run-step-title", markup=False)
            yield Static("", id="run-say", markup=False)
        yield StepTimer(60, clock=self.kit.clock, id="run-timer")
        with Horizontal(id="run-bottom"):
            yield CaptureBox(list(self.roster), id="run-capture")
            with VerticalScroll(id="run-outputs"):
                yield Label("", id="run-outputs-title", markup=False)
                yield Static("", id="run-outputs-list", markup=False)
        yield KeyFooter(show_command_palette=False)

    def on_mount(self) -> None:
        self.sub_title = self.title_text
        if self.missing:
            self.notify(
                f"Activity {', '.join(self.missing)} is not in this kit's library and is skipped.", severity="warning"
            )
        self._show_step()
        self.set_interval(CLOCK_SECONDS, self.show_clock)
        self.query_one(CaptureBox).input.focus()
        if (self.activity_index, self.step_index) != (0, 0):
            self.notify("Carrying on from the step where the last output was captured. Page Up goes back.")

    def on_screen_resume(self) -> None:
        """Coming back (from Follow-up, say): outputs may have been withdrawn meanwhile."""
        try:
            self.outputs = list(load_session(self.session_path).outputs)
        except KitError as exc:
            self.show_error(exc)
            return
        self._show_outputs()

    def _total_steps(self) -> int:
        return sum(len(a.steps) for a in self.activities)

    def _show_step(self) -> None:
        """Show the current activity and step, and set the timer to the step's minutes."""
        activity, step = self.activity, self.step
        capture = self.query_one(CaptureBox)
        if activity is None or step is None:
            self.query_one("#run-where", Label).update("This session has no activities yet.")
            self.query_one("#run-say", Static).update("Plan the session first: go back with Escape and edit the plan.")
            capture.display = False
            return
        self.query_one("#run-where", Label).update(
            f"Activity {self.activity_index + 1} of {len(self.activities)}: {activity.title}"
            f"  ·  Step {self.step_index + 1} of {len(activity.steps)}"
        )
        done = sum(len(a.steps) for a in self.activities[: self.activity_index]) + self.step_index + 1
        self.query_one("#run-progress", ProgressBar).update(progress=done)
        minutes = max(1, self.slot.minutes if self.slot else step.minutes)
        self.query_one("#run-step-title", Label).update(f"{step.title}  ({minutes} min)")
        self.query_one("#run-say", Static).update(step.say)
        self.query_one("#run-say-box").scroll_home(animate=False)
        self.query_one(StepTimer).reset(minutes * 60)
        self.show_clock()
        capture.prompt = step.capture or "What did the group say?"
        self._show_outputs()

    def _show_outputs(self) -> None:
        activity = self.activity
        if activity is None:
            return
        mine = [o for o in self.outputs if o.activity == activity.id]
        self.query_one("#run-outputs-title", Label).update(f"Captured in this activity: {len(mine)}")
        lines = [
            f"• {o.text}" + (f"  [{tag_summary(o.principles, o.themes)}]" if o.principles or o.themes else "")
            for o in mine
        ]
        self.query_one("#run-outputs-list", Static).update("\n".join(lines) or "Nothing yet.")
        self.query_one("#run-outputs").scroll_end(animate=False)

    def _move(self, activity_index: int, step_index: int) -> None:
        if not self.activities:
            return
        if activity_index != self.activity_index:
            # Tags chosen for one activity rarely fit the next; start it untagged.
            capture = self.query_one(CaptureBox)
            capture.principles, capture.themes = [], []
        self.activity_index, self.step_index = activity_index, step_index
        self._show_step()

    def action_next_step(self) -> None:
        """Go to the next step (the next activity after the last step)."""
        activity = self.activity
        if activity is None:
            return
        if self.step_index + 1 < len(activity.steps):
            self._move(self.activity_index, self.step_index + 1)
        elif self.activity_index + 1 < len(self.activities):
            self._move(self.activity_index + 1, 0)
        else:
            self.notify("This is the last step of the plan. F9 opens Follow-up.")

    def action_previous_step(self) -> None:
        """Go back one step (the last step of the previous activity from a first step)."""
        if self.step_index > 0:
            self._move(self.activity_index, self.step_index - 1)
        elif self.activity_index > 0:
            self._move(self.activity_index - 1, len(self.activities[self.activity_index - 1].steps) - 1)

    def action_next_activity(self) -> None:
        """Go to the first step of the next activity."""
        if self.activity_index + 1 < len(self.activities):
            self._move(self.activity_index + 1, 0)
        else:
            self.notify("This is the last activity of the plan.")

    def action_previous_activity(self) -> None:
        """Go to the first step of this activity, or of the previous one if already there."""
        if self.step_index == 0 and self.activity_index > 0:
            self._move(self.activity_index - 1, 0)
        else:
            self._move(self.activity_index, 0)

    def action_toggle_timer(self) -> None:
        """Start or pause the step's countdown."""
        self.query_one(StepTimer).toggle()

    def action_reset_timer(self) -> None:
        """Set the countdown back to the step's full time."""
        self.query_one(StepTimer).reset()

    def on_step_timer_time_up(self, _: StepTimer.TimeUp) -> None:
        self.notify(
            "Time is up for this step; the timer now counts the overtime. Page Down moves on when the group is ready.",
            title="Time is up",
        )

    def _planned_now(self) -> float:
        """Seconds into the plan the room is at: the current step's planned start plus its timer's time."""
        slot = self.slot
        return planned_position(slot, self.query_one(StepTimer).used) if slot else 0.0

    def on_step_timer_started(self, _: StepTimer.Started) -> None:
        """The first timer started in this session starts the session clock (kept while the app runs).

        It remembers where in the plan it started, so a run carried on after a pause compares fairly.
        """
        self.kit.run_started.setdefault(self.session_path, (self.kit.clock(), self._planned_now()))
        self.show_clock()

    def show_clock(self) -> None:
        """Elapsed time against the plan, and whether the room is ahead or behind (ticks every second)."""
        self.query_one(StepTimer).tick()
        started = self.kit.run_started.get(self.session_path)
        if started is None:
            line = session_clock_line(None, self.planned_minutes, 0.0)
        else:
            began, planned_then = started
            line = session_clock_line(
                self.kit.clock() - began, self.planned_minutes, self._planned_now() - planned_then
            )
        self.query_one("#run-clock", Label).update(line)

    def action_notes(self) -> None:
        """This activity's own safety notes, materials and story texts."""
        from kit.tui.dialogs.activity_notes import ActivityNotesScreen

        if self.activity is not None:
            self.app.push_screen(ActivityNotesScreen(self.activity))

    def action_safety(self) -> None:
        """Open the safety panel over the run, this activity's notes first; the timer keeps its state."""
        from kit.tui.dialogs.safety import SafetyScreen

        self.app.push_screen(SafetyScreen(offer_break=True, activity=self.activity), self._after_safety)

    def _after_safety(self, result: str | None) -> None:
        if result == "break":
            self.action_take_break()

    def action_take_break(self) -> None:
        """Pause the timer and show the calm break screen."""
        from kit.tui.dialogs.break_time import BreakScreen

        self.query_one(StepTimer).pause()
        self.app.push_screen(BreakScreen(), lambda _: self._focus_capture())

    def _focus_capture(self) -> None:
        self.query_one(CaptureBox).input.focus()

    def action_tags(self) -> None:
        """Choose principles and themes for the next outputs."""
        from kit.tui.dialogs.tags import TagsScreen

        capture = self.query_one(CaptureBox)
        self.app.push_screen(TagsScreen(capture.principles, capture.themes), self._set_tags)

    def on_capture_box_long(self, event: CaptureBox.Long) -> None:
        """A long text gets the whole width, so its preview shows all of it (the outputs list comes back after)."""
        self.query_one("#run-outputs").display = not event.long

    def on_capture_box_tags_wanted(self, _: CaptureBox.TagsWanted) -> None:
        self.action_tags()

    def _set_tags(self, tags: tuple[list[int], list[str]] | None) -> None:
        capture = self.query_one(CaptureBox)
        if tags is not None:
            capture.principles, capture.themes = tags
        capture.input.focus()

    def on_capture_box_submitted(self, event: CaptureBox.Submitted) -> None:
        """Scrub and save what was typed, then say how much was removed."""
        if self.activity is None:
            return
        capture = self.query_one(CaptureBox)
        try:
            output, result = add_output(
                self.session_path,
                self.activity.id,
                event.text,
                step=self.step_index + 1,
                principles=event.principles,
                themes=event.themes,
                roster=capture.roster,
            )
        except (KitError, OSError) as exc:
            self.show_error(exc)
            return
        self.outputs.append(output)
        capture.saved(result)
        self._show_outputs()

    def action_edit_output(self) -> None:
        """Correct an output of this activity (the last one first): text, principles and themes."""
        from kit.tui.dialogs.edit_output import EditOutputScreen

        mine = [o for o in self.outputs if self.activity is not None and o.activity == self.activity.id]
        if not mine:
            self.notify("Nothing captured in this activity yet: there is nothing to correct.")
            return
        capture = self.query_one(CaptureBox)
        self.app.push_screen(EditOutputScreen(self.session_path, mine, mine[-1].id, capture.roster), self._edited)

    def _edited(self, output: Output | None) -> None:
        if output is not None:
            self.outputs = [output if o.id == output.id else o for o in self.outputs]
            self._show_outputs()
        self.query_one(CaptureBox).input.focus()

    def action_follow_up(self) -> None:
        """Record what happened to the outputs (Escape comes back here)."""
        from kit.tui.screens.follow_up import FollowUpScreen

        try:
            self.app.push_screen(FollowUpScreen(self.session_path))
        except KitError as exc:
            self.show_error(exc)

    def action_back(self) -> None:
        """Leave the run (asking first while a roster is held); everything saved with Enter is on disk."""
        from kit.tui.dialogs.confirm import ConfirmScreen

        capture = self.query_one(CaptureBox)
        if capture.display and capture.input.value.strip():
            self.notify("The box still has unsaved text: press Enter to save it, or ctrl+u to clear it.")
            return
        if not self.kit.roster:
            self._leave(True)
            return
        count = len(self.kit.roster)
        question = (
            f"Leave the run? The roster ({count} first name{'' if count == 1 else 's'}) stays in memory "
            "until you quit, and the session clock keeps going."
        )
        self.app.push_screen(ConfirmScreen(question, "Leave", "Stay"), self._leave)

    def _leave(self, leave: bool | None) -> None:
        if leave:
            self.query_one(StepTimer).pause()
            self.dismiss(None)
