"""The step's countdown timer: start, pause, reset, a progress bar, a gentle signal when time is up, then
overtime counted up (+01:30) so the facilitator sees how far over the step has run."""

from __future__ import annotations

from collections.abc import Callable
from time import monotonic

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Button, Digits, Label, ProgressBar

TICK_SECONDS = 0.2


def clock_face(seconds: float) -> str:
    """Seconds as the timer shows them, e.g. 04:05 (rounded up, so 0.2 s left still shows 00:01)."""
    whole = int(-(-max(seconds, 0) // 1))
    return f"{whole // 60:02d}:{whole % 60:02d}"


def timer_face(remaining: float) -> str:
    """What the digits show: the time left, or '+' and the overtime once the step's time has run out."""
    return clock_face(remaining) if remaining > 0 else "+" + clock_face(int(-remaining))


class StepTimer(Widget):
    """Counts a step's minutes down, then overtime up; the screen that owns it binds the keys.

    The clock is injected (a function returning seconds), so tests move time by hand and call `tick()`.
    """

    class TimeUp(Message):
        """Posted once when the countdown reaches zero (the timer carries on, counting overtime)."""

    class Started(Message):
        """Posted each time the timer starts or resumes."""

    duration: reactive[float] = reactive(60.0)
    remaining: reactive[float] = reactive(60.0)
    running: reactive[bool] = reactive(False)

    def __init__(self, seconds: float = 60.0, *, clock: Callable[[], float] = monotonic, id: str | None = None) -> None:
        super().__init__(id=id)
        self.clock = clock
        self.set_reactive(StepTimer.duration, float(seconds))
        self.set_reactive(StepTimer.remaining, float(seconds))
        self._started_at = 0.0
        self._remaining_at_start = float(seconds)
        self._signalled = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="timer-row"):
            yield Digits(timer_face(self.remaining), id="timer-digits")
            with Vertical(id="timer-side"):
                yield Label("", id="timer-state")
                yield ProgressBar(total=100, show_percentage=False, show_eta=False, id="timer-bar")
            yield Button("Start", id="timer-toggle", compact=True)
            yield Button("Reset", id="timer-reset", compact=True)

    def on_mount(self) -> None:
        for button in self.query(Button):
            button.can_focus = False
        self._ticker = self.set_interval(TICK_SECONDS, self.tick, pause=True)
        self._show()

    @property
    def time_up(self) -> bool:
        """Whether the countdown has reached zero since the last reset."""
        return self.remaining <= 0

    @property
    def overtime(self) -> float:
        """Seconds past the step's time (0 while there is time left)."""
        return max(0.0, -self.remaining)

    @property
    def used(self) -> float:
        """Seconds counted on this step so far, overtime included."""
        return self.duration - self.remaining

    def start(self) -> None:
        """Start or resume counting (down, then overtime up)."""
        if self.running:
            return
        self._started_at = self.clock()
        self._remaining_at_start = self.remaining
        self.running = True
        self.post_message(self.Started())

    def pause(self) -> None:
        """Stop counting, keeping the time left (or the overtime)."""
        if self.running:
            self.tick()
            self.running = False

    def toggle(self) -> None:
        """Start if paused, pause if running."""
        if self.running:
            self.pause()
        else:
            self.start()

    def reset(self, seconds: float | None = None) -> None:
        """Stop and set the full time again (a new step's minutes, if given)."""
        self.running = False
        if seconds is not None:
            self.duration = float(seconds)
        self._signalled = False
        self.remaining = self.duration

    def tick(self) -> None:
        """Bring the time left up to date with the clock (called a few times a second while running)."""
        if self.running:
            self.remaining = self._remaining_at_start - (self.clock() - self._started_at)

    def watch_running(self, running: bool) -> None:
        if not self.is_mounted:
            return
        if running:
            self._ticker.resume()
        else:
            self._ticker.pause()
        self._show()

    def watch_remaining(self, remaining: float) -> None:
        if remaining <= 0 and not self._signalled:
            self._signalled = True
            self.app.bell()
            self.post_message(self.TimeUp())
        if self.is_mounted:
            self._show()

    def watch_duration(self) -> None:
        if self.is_mounted:
            self._show()

    def _show(self) -> None:
        """Bring the digits, the state line, the bar and the button label up to date.

        Called on every tick (five a second while running); the digits and the state line change about once a
        second, and a text that is set again lays the screen out again, so only changed texts are set."""
        digits = self.query_one("#timer-digits", Digits)
        face = timer_face(self.remaining)
        if digits.value != face:
            digits.update(face)
        if self.time_up:
            state = f"Over by {clock_face(self.overtime)}" + ("" if self.running else ", paused")
        elif self.running:
            state = "Running"
        elif self.remaining < self.duration:
            state = "Paused"
        else:
            state = "Ready"
        line = f"{state} · {clock_face(self.duration)} for this step"
        label = self.query_one("#timer-state", Label)
        if label.content != line:
            label.update(line)
        done = 100.0 if self.duration <= 0 or self.time_up else 100 * (1 - self.remaining / self.duration)
        self.query_one("#timer-bar", ProgressBar).update(progress=done)
        self.query_one("#timer-toggle", Button).label = "Pause" if self.running else "Start"
        self.set_class(self.time_up, "-time-up")
        self.set_class(self.running, "-running")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "timer-toggle":
            self.toggle()
        else:
            self.reset()
