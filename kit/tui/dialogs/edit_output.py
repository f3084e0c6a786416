"""Correct a saved output: its text (scrubbed again, exactly as a capture) and its tags."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Select, Static, TextArea

from kit.errors import KitError
from kit.model import Output
from kit.scrub import scrub
from kit.store import edit_output
from kit.tui.widgets.capture import preview_text, tag_summary
from kit.tui.widgets.footer import KeyFooter

if TYPE_CHECKING:
    from kit.tui.app import KitApp


def _one_line(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


class EditOutputScreen(ModalScreen[Output | None]):
    """Choose an output, correct its words and tags, see what will be saved, Ctrl+S saves."""

    CSS_PATH = "modals.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save"),
        Binding("f4", "tags", "Tags"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, path: Path, outputs: list[Output], chosen: str, roster: list[str]) -> None:
        super().__init__()
        self.session_path = path
        self.outputs = {o.id: o for o in outputs}
        self.chosen = chosen if chosen in self.outputs else outputs[-1].id
        self.roster = list(roster)  # in memory only, like the app's roster
        self.principles: list[int] = []
        self.themes: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="edit-box", classes="modal-box"):
            yield Label("Correct an output: it is scrubbed again before it is saved", classes="modal-title")
            if len(self.outputs) > 1:
                options = [(_one_line(o.text), o.id) for o in self.outputs.values()]
                yield Select(options, value=self.chosen, allow_blank=False, id="edit-which")
            yield TextArea("", id="edit-text", soft_wrap=True, show_line_numbers=False)
            yield Static("", id="edit-tags", markup=False)
            with VerticalScroll(id="edit-preview-box", can_focus=False):
                yield Static("", id="edit-preview", markup=False)
            with Horizontal(id="edit-buttons"):
                yield Button("Save (Ctrl+S)", id="save", variant="primary")
                yield Button("Tags (F4)", id="tags")
                yield Button("Cancel (Esc)", id="cancel")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._load(self.chosen)
        self.query_one("#edit-text", TextArea).focus()

    def _load(self, output_id: str) -> None:
        output = self.outputs[output_id]
        self.chosen = output_id
        self.principles, self.themes = list(output.principles), list(output.themes)
        self.query_one("#edit-text", TextArea).load_text(output.text)
        self._show_tags()
        self._show_preview()

    def _show_tags(self) -> None:
        self.query_one("#edit-tags", Static).update(f"Tags (F4): {tag_summary(self.principles, self.themes)}")

    def _show_preview(self) -> None:
        result = scrub(self.query_one("#edit-text", TextArea).text, self.roster)
        self.query_one("#edit-preview", Static).update(preview_text(result))

    def on_select_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != self.chosen:
            self._load(event.value)

    def on_text_area_changed(self, _: TextArea.Changed) -> None:
        self._show_preview()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        await self.run_action(event.button.id or "cancel")

    def action_tags(self) -> None:
        """Change the principles and themes of this output."""
        from kit.tui.dialogs.tags import TagsScreen

        self.app.push_screen(TagsScreen(self.principles, self.themes), self._set_tags)

    def _set_tags(self, tags: tuple[list[int], list[str]] | None) -> None:
        if tags is not None:
            self.principles, self.themes = tags
            self._show_tags()
        self.query_one("#edit-text", TextArea).focus()

    def action_save(self) -> None:
        """Scrub the text with the roster in memory and save it with the tags; nothing else is written."""
        output = self.outputs[self.chosen]
        text = self.query_one("#edit-text", TextArea).text
        try:
            saved = edit_output(
                self.session_path,
                output.id,
                text=text if text != output.text else None,
                principles=self.principles,
                themes=self.themes,
                roster=self.roster,
            )
        except (KitError, OSError) as exc:
            cast("KitApp", self.app).show_error(exc)  # one line saying what to do; the dialog stays open
            return
        removed = scrub(text, self.roster).describe() if text != output.text else "Tags saved"
        self.notify(f"Output corrected. {removed}.", markup=False)
        self.dismiss(saved)

    def action_cancel(self) -> None:
        """Close without saving; the output stays as it was."""
        self.dismiss(None)
