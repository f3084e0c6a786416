"""Choose the session's languages from the kit's known list (space ticks one, Enter keeps the choice)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import SelectionList, Static
from textual.widgets.selection_list import Selection

from kit.tui.widgets.footer import KeyFooter
from kit.vocab import load_languages


class LanguagesScreen(ModalScreen[list[str] | None]):
    """The known languages with the chosen ones ticked; dismisses with the codes in list order, or None."""

    CSS_PATH = "block.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,ctrl+s", "keep", "Keep", priority=True, tooltip="Keep the ticked languages"),
        Binding("escape", "cancel", "Cancel", tooltip="Close without changing the languages"),
    ]

    def __init__(self, chosen: list[str]) -> None:
        super().__init__()
        self.chosen = chosen

    def compose(self) -> ComposeResult:
        with Vertical(id="languages-box"):
            yield Static("Languages in the room", classes="block-heading")
            yield Static("Space ticks a language; Enter keeps the ticked ones.", id="languages-hint")
            yield SelectionList[str](
                *(
                    Selection(Text(language.label), code, code in self.chosen)
                    for code, language in load_languages().items()
                ),
                id="languages-list",
            )
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    def action_keep(self) -> None:
        """Close with the ticked languages, in the list's order (English first)."""
        ticked = set(self.query_one(SelectionList).selected)
        self.dismiss([code for code in load_languages() if code in ticked])

    def action_cancel(self) -> None:
        """Close without changing the languages."""
        self.dismiss(None)
