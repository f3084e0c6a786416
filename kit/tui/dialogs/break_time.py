"""A calm full-screen break: the timer is paused and nothing is captured until the group is ready."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import ModalScreen
from textual.widgets import Digits, Label, Static

from kit.tui.widgets.footer import KeyFooter
from kit.tui.widgets.timer import clock_face
from kit.vocab import load_guidance

if TYPE_CHECKING:
    from kit.tui.app import KitApp


class BreakScreen(ModalScreen[None]):
    """The break message from kit/data/break.toml and how long the break has lasted."""

    CSS_PATH = "modals.tcss"
    BINDINGS = [
        Binding("enter,escape,f3", "carry_on", "Carry on"),
        Binding("f2", "safety", "Safety"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="break-box"):
            for heading, text in load_guidance("break", "message"):
                yield Label(heading, classes="break-heading", markup=False)
                yield Static(text, classes="break-text", markup=False)
            ideas = " · ".join(heading for heading, _ in load_guidance("grounding", "technique"))
            yield Static(f"If you feel overwhelmed, try: {ideas}. F2 says how.", id="break-grounding", markup=False)
            with Center():
                yield Digits("00:00", id="break-clock")
        yield KeyFooter(show_command_palette=False)

    def on_mount(self) -> None:
        self._clock = cast("KitApp", self.app).clock
        self._began = self._clock()
        self.set_interval(1, self.show_elapsed)

    def show_elapsed(self) -> None:
        """How long the break has lasted."""
        self.query_one("#break-clock", Digits).update(clock_face(int(self._clock() - self._began)))

    def action_carry_on(self) -> None:
        """End the break; the step's timer stays paused until it is started again."""
        self.dismiss(None)

    def action_safety(self) -> None:
        """The safety panel, over the break."""
        from kit.tui.dialogs.safety import SafetyScreen

        self.app.push_screen(SafetyScreen())
