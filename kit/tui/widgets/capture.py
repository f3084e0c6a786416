"""The capture box: type what the group said, tag it, and see what the scrubber will remove before saving."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from kit.scrub import ScrubResult, scrub
from kit.vocab import load_themes


def tag_summary(principles: list[int], themes: list[str]) -> str:
    """Tags as a short line, e.g. 'Art. 12 · Trust, Safety'."""
    names = load_themes()
    parts = [f"Art. {p}" for p in sorted(principles)]
    parts += [names[t].name if t in names else t for t in themes]
    return " · ".join(parts) if parts else "none"


class TagLine(Static):
    """The current tags; clicking it asks for the tag picker."""

    class Clicked(Message):
        """The facilitator clicked the tags to change them."""

    def on_click(self) -> None:
        self.post_message(self.Clicked())


class CaptureBox(Widget):
    """Text box plus tags; posts Submitted on Enter and leaves saving to the screen."""

    COMPONENT_CLASSES = {"capture--removed"}

    class Submitted(Message):
        """The facilitator pressed Enter with something typed."""

        def __init__(self, text: str, principles: list[int], themes: list[str]) -> None:
            super().__init__()
            self.text = text
            self.principles = principles
            self.themes = themes

    class TagsWanted(Message):
        """The facilitator wants to change the tags."""

    prompt: reactive[str] = reactive("What did the group say?")
    principles: reactive[list[int]] = reactive(list, always_update=True)
    themes: reactive[list[str]] = reactive(list, always_update=True)

    def __init__(self, roster: list[str] | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.roster = list(roster or [])

    def compose(self) -> ComposeResult:
        yield Label(self.prompt, id="capture-prompt", markup=False)
        yield Input(placeholder="Type what the group said, then Enter to save", id="capture-input")
        yield TagLine("", id="capture-tags", markup=False)
        yield Static("", id="capture-preview", markup=False)

    def on_mount(self) -> None:
        self._show_tags()
        self._show_preview("")

    @property
    def input(self) -> Input:
        """The text box itself."""
        return self.query_one("#capture-input", Input)

    def watch_prompt(self, prompt: str) -> None:
        if self.is_mounted:
            self.query_one("#capture-prompt", Label).update(prompt)

    def watch_principles(self) -> None:
        if self.is_mounted:
            self._show_tags()

    def watch_themes(self) -> None:
        if self.is_mounted:
            self._show_tags()

    def _show_tags(self) -> None:
        self.query_one(TagLine).update(f"Tags (F4): {tag_summary(self.principles, self.themes)}")

    def preview(self, text: str) -> tuple[Text, ScrubResult]:
        """The typed text with what the scrubber will remove highlighted, and the scrub result."""
        result = scrub(text, self.roster)
        shown = Text(text)
        style = self.get_component_rich_style("capture--removed", partial=True)
        for span in result.spans:
            shown.stylize(style, span.start, span.end)
        return shown, result

    def _show_preview(self, text: str) -> None:
        preview = self.query_one("#capture-preview", Static)
        if not text.strip():
            preview.update("Names and contact details are removed before anything is saved.")
            preview.remove_class("-removing")
            return
        shown, result = self.preview(text)
        if result.total:
            will = result.describe().replace(" removed", " will be removed", 1)
            line = Text.assemble(shown, "\n", f"{will}. Saved as: {result.text}")
        else:
            line = Text.assemble(shown, "\n", "Nothing to remove.")
        preview.update(line)
        preview.set_class(bool(result.total), "-removing")

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value or not self.has_class("-saved"):
            self.remove_class("-saved")
            self._show_preview(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.post_message(self.Submitted(event.value, list(self.principles), list(self.themes)))

    def on_tag_line_clicked(self, event: TagLine.Clicked) -> None:
        event.stop()
        self.post_message(self.TagsWanted())

    def saved(self, result: ScrubResult) -> None:
        """Clear the box after a save and say what was removed."""
        self.input.value = ""
        preview = self.query_one("#capture-preview", Static)
        preview.update(f"Saved. {result.describe()}.")
        preview.remove_class("-removing")
        self.add_class("-saved")
