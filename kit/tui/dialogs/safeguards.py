"""Before the day: the planning safeguards that apply to the plan on the Plan screen."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from kit.plan.safeguards import Safeguard
from kit.tui.widgets.footer import KeyFooter


class SafeguardsScreen(ModalScreen[None]):
    """Over Plan: what to settle before the day (from kit/data/planning.toml), for this plan."""

    CSS_PATH = "modals.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,f2", "close", "Close")]

    def __init__(self, safeguards: list[Safeguard]) -> None:
        super().__init__()
        self.safeguards = safeguards

    def compose(self) -> ComposeResult:
        with Vertical(id="safeguards-box", classes="modal-box"):
            yield Label("Before the day: safeguards for this plan", classes="modal-title")
            with VerticalScroll(id="safeguards-sections"):
                for safeguard in self.safeguards:
                    yield Label(safeguard.heading, classes="safety-heading", markup=False)
                    yield Static(safeguard.text, classes="safety-text", markup=False)
        yield KeyFooter(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#safeguards-sections").focus()

    def action_close(self) -> None:
        """Back to the plan."""
        self.dismiss(None)
