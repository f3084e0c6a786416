"""Roster: first names of the people in the room, held in memory only, so the scrubber can remove them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Footer, Header, Static, TextArea

from kit.roster import parse_roster
from kit.tui.screens.base import KitScreen

if TYPE_CHECKING:
    pass

MEMORY_ONLY = (
    "These names stay in memory only, while the app is open. They are never saved, logged or printed. "
    "They are used only to take names out of what you capture."
)


class RosterScreen(KitScreen[None]):
    """Type the first names before running a session; continue goes to the Run screen."""

    CSS_PATH = "roster.tcss"
    BINDINGS = [
        Binding("ctrl+s", "start", "Start the session"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.session_path = path

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="roster"):
            yield Static("Who is in the room? First names only.", classes="heading")
            yield Static(MEMORY_ONLY, id="memory-only")
            yield TextArea(id="names", soft_wrap=True, show_line_numbers=False)
            yield Static("One name a line, or separated by commas. You can leave it empty.", classes="hint")
            with Horizontal(id="roster-buttons"):
                yield Button("Start the session (Ctrl+S)", id="start", variant="primary")
                yield Button("Back (Esc)", id="back")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.sub_title = f"Roster for {self.session_path.stem}"
        if self.kit.roster_session == self.session_path and self.kit.roster:
            self.query_one(TextArea).load_text("\n".join(self.kit.roster))
        self.query_one(TextArea).focus()

    @property
    def names(self) -> list[str]:
        """The names as typed so far."""
        return parse_roster(self.query_one(TextArea).text)

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        await self.run_action(event.button.id or "back")

    def action_start(self) -> None:
        """Keep the names in memory and run the session."""
        names = self.names
        self.notify(f"{len(names)} name{'' if len(names) == 1 else 's'} kept in memory only.")
        self.kit.start_run(self.session_path, names)

    def action_back(self) -> None:
        """Back without starting; the names are forgotten."""
        self.dismiss()
