"""The running activity's own notes, one key from Run: keep everyone safe, materials and story texts."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from kit.library import Activity
from kit.tui.widgets.footer import KeyFooter

if TYPE_CHECKING:
    from kit.tui.app import KitApp


def notes_sections(activity: Activity, lead: str) -> list[tuple[str, str]]:
    """(heading, text) pairs: safety first, then the materials (story cards among them), then interpreting."""
    sections = [("Keep everyone safe", activity.safeguarding_notes)]
    if activity.check_first:
        sections.append(("Checked before the session?", activity.check_first))
    if lead:
        sections.append(("Today's safeguarding lead", lead))
    sections.append(("Materials and story texts", "\n".join(f"• {m}" for m in activity.materials)))
    sections.append(("For the interpreter", activity.interpreter_notes))
    sections.append(("Low literacy", activity.low_literacy))
    return sections


class ActivityNotesScreen(ModalScreen[None]):
    """Over Run: the activity's notes from its data file, to read while the group works."""

    CSS_PATH = "modals.tcss"
    BINDINGS = [Binding("escape,ctrl+o", "close", "Close")]

    def __init__(self, activity: Activity) -> None:
        super().__init__()
        self.activity = activity

    def compose(self) -> ComposeResult:
        lead = cast("KitApp", self.app).safeguarding_lead
        with Vertical(id="notes-box", classes="modal-box"):
            yield Label(f"Notes: {self.activity.title}", classes="modal-title", markup=False)
            with VerticalScroll(id="notes-sections"):
                for heading, text in notes_sections(self.activity, lead):
                    yield Label(heading, classes="safety-heading", markup=False)
                    yield Static(text, classes="safety-text", markup=False)
        yield KeyFooter(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#notes-sections").focus()

    def action_close(self) -> None:
        """Back to the run."""
        self.dismiss(None)
