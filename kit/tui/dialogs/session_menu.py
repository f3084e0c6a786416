"""The session menu: what to do with one session (run, follow up, edit the plan, paper feedback, print)."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from kit.tui.widgets.footer import KeyFooter

CHOICES = (
    ("run", "Run it with the group (R)"),
    ("follow_up", "Follow up: what happened (F)"),
    ("edit_plan", "Edit the plan (P)"),
    ("paper_feedback", "Type in paper feedback (B)"),
    ("print", "Print cards, brief, sheets (K)"),
    ("back", "Back (Esc)"),
)


class SessionMenu(ModalScreen[None]):
    """A small menu over Home for the chosen session."""

    CSS_PATH = "session_menu.tcss"
    BINDINGS = [
        Binding("r", "run", "Run"),
        Binding("f", "follow_up", "Follow-up"),
        Binding("p", "edit_plan", "Edit plan"),
        Binding("b", "paper_feedback", "Paper feedback"),
        Binding("k", "print", "Print"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, path: Path, title: str = "") -> None:
        super().__init__()
        self.session_path = path
        self.session_title = title or path.stem

    def compose(self) -> ComposeResult:
        with Vertical(id="menu"):
            yield Static(self.session_title, id="menu-title", markup=False)
            for action, label in CHOICES:
                yield Button(label, id=action, variant="primary" if action == "run" else "default")
        yield KeyFooter(show_command_palette=False)

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        await self.run_action(event.button.id or "back")

    def _go(self, method: str) -> None:
        self.dismiss()
        getattr(self.app, method)(self.session_path)

    def action_run(self) -> None:
        """Enter the roster, then run the session step by step."""
        self._go("open_run")

    def action_follow_up(self) -> None:
        """Record what happened to each output."""
        self._go("open_follow_up")

    def action_edit_plan(self) -> None:
        """Change the plan."""
        self._go("open_plan")

    def action_paper_feedback(self) -> None:
        """Type in the answers from paper feedback sheets."""
        self._go("open_paper_feedback")

    def action_print(self) -> None:
        """Print the activity cards, the interpreter brief or the feedback sheets."""
        self._go("open_print")

    def action_back(self) -> None:
        """Back to the sessions list."""
        self.dismiss()
