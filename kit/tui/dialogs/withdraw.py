"""Ask before deleting an output that a young person withdrew."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static


class WithdrawScreen(ModalScreen[bool]):
    """Shows the output and asks; dismisses True only on an explicit yes."""

    CSS_PATH = "modals.tcss"
    BINDINGS = [
        Binding("y", "answer(True)", "Yes, delete it"),
        Binding("n,escape", "answer(False)", "No, keep it"),
    ]

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(id="withdraw-box", classes="modal-box"):
            yield Label("Delete this output because it was withdrawn?", classes="modal-title")
            yield Static(self.text, id="withdraw-text", markup=False)
            yield Static("Its text and its 'what happened' are deleted from the session file for good.")
            with Horizontal(id="withdraw-buttons"):
                yield Button("No, keep it (n)", id="withdraw-no", variant="primary")
                yield Button("Yes, delete (y)", id="withdraw-yes", variant="error")

    def on_mount(self) -> None:
        self.query_one("#withdraw-no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "withdraw-yes")

    def action_answer(self, yes: bool) -> None:
        """Close with the answer."""
        self.dismiss(yes)
