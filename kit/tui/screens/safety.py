"""The safety panel: ground rules, the right to pass, what to do if someone is distressed, breaks."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Label, Static

from kit.vocab import load_guidance


class SafetyScreen(ModalScreen[str]):
    """Short reminders from kit/data/safety.toml over whatever screen is showing; dismisses with 'break' or ''."""

    CSS_PATH = "modals.tcss"
    BINDINGS = [
        Binding("escape,f2", "close", "Close"),
        Binding("f3", "take_break", "Take a break"),
    ]

    def __init__(self, *, offer_break: bool = False) -> None:
        super().__init__()
        self.offer_break = offer_break

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer the break key only over a running session, where a break pauses its timer."""
        return self.offer_break if action == "take_break" else True

    def compose(self) -> ComposeResult:
        with Vertical(id="safety-box", classes="modal-box"):
            yield Label("Safety", classes="modal-title")
            with VerticalScroll(id="safety-sections"):
                for heading, text in load_guidance("safety", "section"):
                    yield Label(heading, classes="safety-heading", markup=False)
                    yield Static(text, classes="safety-text", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#safety-sections").focus()

    def action_close(self) -> None:
        """Back to where you were."""
        self.dismiss("")

    def action_take_break(self) -> None:
        """Close the panel and pause everything for a break."""
        self.dismiss("break")
