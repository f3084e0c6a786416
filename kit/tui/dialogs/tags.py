"""Choose the principles and themes an output is tagged with (opened from the capture box)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, SelectionList
from textual.widgets.selection_list import Selection

from kit.tui.widgets.footer import KeyFooter
from kit.vocab import load_principles, load_themes

Tags = tuple[list[int], list[str]]


class TagsScreen(ModalScreen[Tags]):
    """A list of the four principles and the themes; space or Enter ticks, Escape keeps the choice."""

    CSS_PATH = "modals.tcss"
    BINDINGS = [
        Binding("escape,f4", "done", "Done"),
        Binding("delete", "clear", "Clear all"),
    ]

    def __init__(self, principles: list[int], themes: list[str]) -> None:
        super().__init__()
        self.principles = list(principles)
        self.themes = list(themes)

    def compose(self) -> ComposeResult:
        options: list[Selection[str]] = [
            Selection(f"{p.label}: {p.short}", f"p{p.article}", p.article in self.principles)
            for p in load_principles().values()
        ]
        options += [Selection(t.name, f"t{t.id}", t.id in self.themes) for t in load_themes().values()]
        with Vertical(id="tags-box", classes="modal-box"):
            yield Label("Tag this output: Space or Enter ticks, Escape when done", classes="modal-title")
            yield SelectionList[str](*options, id="tags-list")
        yield KeyFooter(show_command_palette=False)

    def action_done(self) -> None:
        """Close, keeping what is ticked."""
        chosen = self.query_one("#tags-list", SelectionList).selected
        principles = sorted(int(v[1:]) for v in chosen if v.startswith("p"))
        themes = [v[1:] for v in chosen if v.startswith("t")]
        self.dismiss((principles, themes))

    def action_clear(self) -> None:
        """Untick everything."""
        self.query_one("#tags-list", SelectionList).deselect_all()
