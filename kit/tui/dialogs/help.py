"""Help: every key of the screen it was opened from and of the app, read from their BINDINGS."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from kit.tui.widgets.footer import KeyFooter

if TYPE_CHECKING:
    from kit.tui.app import KitApp

KEY_NAMES = {
    "question_mark": "?",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "escape": "Esc",
    "pageup": "Page Up",
    "pagedown": "Page Down",
    "delete": "Delete",
    "up": "Up",
    "down": "Down",
    "enter": "Enter",
    "space": "Space",
}


def key_label(key: str) -> str:
    """A key as a person would write it: 'ctrl+q' -> 'Ctrl+Q', 'question_mark' -> '?'."""
    parts = key.split("+")
    return "+".join(KEY_NAMES.get(p) or (p.capitalize() if len(p) > 1 else p.upper()) for p in parts)


def described_bindings(node: type[DOMNode] | DOMNode) -> list[Binding]:
    """The bindings with a description declared on a class and its bases, most specific first."""
    cls = node if isinstance(node, type) else type(node)
    seen: set[str] = set()
    found: list[Binding] = []
    for klass in cls.__mro__:
        for binding in Binding.make_bindings(klass.__dict__.get("BINDINGS", [])):
            if binding.description and binding.key not in seen and not binding.system:
                seen.add(binding.key)
                found.append(binding)
    return found


def key_rows(bindings: Iterable[Binding]) -> list[tuple[str, str]]:
    """(keys, what they do) rows, joining keys that share one action."""
    rows: dict[str, list[str]] = {}
    descriptions: dict[str, str] = {}
    for binding in bindings:
        rows.setdefault(binding.action, []).append(key_label(binding.key))
        descriptions.setdefault(binding.action, binding.tooltip or binding.description)
    return [(" or ".join(keys), descriptions[action]) for action, keys in rows.items()]


class HelpScreen(ModalScreen[None]):
    """Every key, grouped: this screen first, then the keys that work everywhere."""

    CSS_PATH = "help.tcss"
    BINDINGS = [Binding("escape", "close", "Close help"), Binding("q", "close", "Close help", show=False)]

    def __init__(self, origin: DOMNode) -> None:
        super().__init__()
        self.origin = origin

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static("Keys on this screen", classes="help-heading")
            yield DataTable(id="screen-keys", show_cursor=False)
            yield Static("Keys that work everywhere", classes="help-heading")
            yield DataTable(id="app-keys", show_cursor=False)
            yield Static("Ctrl+P opens the command palette: type what you want to do.", classes="help-note")
            yield Static("This laptop (the same as 'codesign-kit doctor')", classes="help-heading")
            yield Static(Text("Checking..."), id="laptop")
        yield KeyFooter(show_command_palette=False)

    def on_mount(self) -> None:
        app_bindings = described_bindings(self.app)
        app_keys = {b.key for b in app_bindings}
        screen_bindings = [b for b in described_bindings(self.origin) if b.key not in app_keys]
        for table_id, bindings in (("#screen-keys", screen_bindings), ("#app-keys", app_bindings)):
            table = self.query_one(table_id, DataTable)
            table.can_focus = False  # the pane scrolls, not the tables
            table.add_columns("Key", "What it does")
            table.add_rows([(Text(keys), Text(text)) for keys, text in key_rows(bindings)])
        self.query_one("#help", VerticalScroll).focus()
        self.check_laptop()

    @property
    def kit(self) -> KitApp:
        """The app, typed."""
        return cast("KitApp", self.app)

    @work(thread=True, exclusive=True, group="doctor", exit_on_error=False)
    def check_laptop(self) -> None:
        """Run the doctor's checks in a thread (it reads fonts and tries the port) and show them."""
        from kit.doctor import report_lines, run_checks
        from kit.places import sessions_folder_choice

        folder = self.kit.sessions  # say what chose it (KIT_SESSIONS, the default) unless the app was given it
        lines = report_lines(run_checks(None if sessions_folder_choice()[0] == folder else str(folder)))
        self.app.call_from_thread(self.show_laptop, "\n".join(lines))

    def show_laptop(self, report: str) -> None:
        """Put the doctor's report on the screen, if help is still open."""
        for widget in self.query("#laptop").results(Static):
            widget.update(Text(report))

    def action_close(self) -> None:
        """Back to where you were."""
        self.dismiss()
