"""Roster: first names of the people in the room, held in memory only, so the scrubber can remove them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Header, Static, TextArea

from kit.errors import KitError
from kit.scrub.roster import also_catches, is_common_word, parse_roster, roster_warnings
from kit.store import load_session
from kit.tui.screens.base import KitScreen
from kit.tui.widgets.footer import KeyFooter
from kit.vocab import load_languages

if TYPE_CHECKING:
    pass

MEMORY_ONLY = (
    "Kept in memory only while the app is open: never saved, logged or printed. "
    "Used only to take these names out of what you capture."
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
        try:
            codes = load_session(path).session.languages
        except KitError:
            codes = []
        known = load_languages()
        self.scripts = [known[c].script for c in codes if c in known]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="roster"):
            yield Static("Who is in the room? First names only.", classes="heading")
            yield Static(MEMORY_ONLY, id="memory-only")
            yield TextArea(id="names", soft_wrap=True, show_line_numbers=False)
            yield Static(
                "One person a line, or separated by commas. Spellings of one person on one line with / between "
                "them: Amira / أميرة.",
                classes="hint",
            )
            with VerticalScroll(id="roster-check"):
                yield Static("", id="roster-warnings", markup=False)
                yield Static("", id="roster-catches", markup=False)
            with Horizontal(id="roster-buttons"):
                yield Button("Start the session (Ctrl+S)", id="start", variant="primary")
                yield Button("Back (Esc)", id="back")
        yield KeyFooter(show_command_palette=False)

    def on_mount(self) -> None:
        self.sub_title = f"Roster for {self.session_path.stem}"
        if self.kit.roster_session == self.session_path and self.kit.roster:
            self.query_one(TextArea).load_text("\n".join(self.kit.roster))
        self.query_one(TextArea).focus()
        self._check()

    def on_text_area_changed(self, _: TextArea.Changed) -> None:
        self._check()

    def _check(self) -> None:
        """Show warnings about the roster and what each entry will also take out."""
        names = self.names
        warnings = roster_warnings(names, self.scripts)
        self.query_one("#roster-warnings", Static).update("\n".join(f"! {w}" for w in warnings))
        lines = []
        for entry in names[:60]:
            if is_common_word(entry):
                lines.append(f"{entry}: also an ordinary word, so taken out only where it is used as a name")
                continue
            others = also_catches(entry)
            lines.append(f"{entry}: also takes {', '.join(others)}" if others else f"{entry}: as written")
        self.query_one("#roster-catches", Static).update("\n".join(lines))

    @property
    def names(self) -> list[str]:
        """The names as typed so far."""
        return parse_roster(self.query_one(TextArea).text)

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        await self.run_action(event.button.id or "back")

    def action_start(self) -> None:
        """Keep the names in memory and run the session; an empty roster is started only when confirmed."""
        if not self.names:
            from kit.tui.dialogs.confirm import ConfirmScreen

            question = (
                "The roster is empty. Names on the roster are the ones the scrubber is surest to take out; "
                "without them it relies on its list of first names and on how names are introduced. "
                "Start the session with no names?"
            )
            self.app.push_screen(ConfirmScreen(question, "Start", "Add names"), self._start_if)
            return
        self._start()

    def _start_if(self, yes: bool | None) -> None:
        if yes:
            self._start()
        else:
            self.query_one(TextArea).focus()

    def _start(self) -> None:
        names = self.names
        self.notify(f"{len(names)} name{'' if len(names) == 1 else 's'} kept in memory only.")
        self.kit.start_run(self.session_path, names)

    def action_back(self) -> None:
        """Back without starting; the names are forgotten."""
        self.dismiss()
