"""The safety panel: ground rules, the right to pass, what to do if someone is distressed, breaks."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from kit.library import Activity
from kit.tui.widgets.footer import KeyFooter
from kit.vocab import load_guidance

if TYPE_CHECKING:
    from kit.tui.app import KitApp

LEAD_LENGTH = 40


class SafetyScreen(ModalScreen[str]):
    """Short reminders from kit/data/safety.toml over whatever screen is showing; dismisses with 'break' or ''."""

    CSS_PATH = "modals.tcss"
    BINDINGS = [
        Binding("escape,f2", "close", "Close"),
        Binding("f3", "take_break", "Take a break"),
    ]

    def __init__(self, *, offer_break: bool = False, activity: Activity | None = None) -> None:
        super().__init__()
        self.offer_break = offer_break
        self.activity = activity

    @property
    def kit(self) -> KitApp:
        """The app, with its own attributes typed."""
        return cast("KitApp", self.app)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer the break key only over a running session, where a break pauses its timer."""
        return self.offer_break if action == "take_break" else True

    def compose(self) -> ComposeResult:
        with Vertical(id="safety-box", classes="modal-box"):
            yield Label("Safety", classes="modal-title")
            with VerticalScroll(id="safety-sections"):
                if self.activity is not None:
                    yield Label(f"This activity: {self.activity.title}", classes="safety-heading", markup=False)
                    yield Static(self.activity.safeguarding_notes, classes="safety-text", markup=False)
                yield Static(
                    "Today's safeguarding lead (a role or first name, kept in memory only)", classes="safety-heading"
                )
                yield Input(
                    self.kit.safeguarding_lead,
                    placeholder="e.g. Support worker, or Sam",
                    max_length=LEAD_LENGTH,
                    id="safety-lead",
                )
                for heading, text in load_guidance("safety", "section"):
                    yield Label(heading, classes="safety-heading", markup=False)
                    yield Static(text, classes="safety-text", markup=False)
                yield Label("Grounding ideas to offer", classes="modal-title", id="grounding-title")
                for heading, text in load_guidance("grounding", "technique"):
                    yield Label(heading, classes="grounding-heading", markup=False)
                    yield Static(text, classes="safety-text", markup=False)
        yield KeyFooter(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#safety-sections").focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        """Keep the lead in memory as it is typed (like the roster, it is never written anywhere)."""
        self.kit.safeguarding_lead = " ".join(event.value.split())

    def action_close(self) -> None:
        """Back to where you were."""
        self.dismiss("")

    def action_take_break(self) -> None:
        """Close the panel and pause everything for a break."""
        self.dismiss("break")
