"""The capture box: type what the group said, tag it, and see what the scrubber will remove before saving."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Input, Label, Static, Switch

from kit.scrub import PLACEHOLDER_RE, ScrubResult, scrub
from kit.vocab import load_themes

LONG_TEXT = 120  # characters: past this, the preview needs the full width to show the whole text


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


def saved_as(result: ScrubResult, style: object = "bold reverse") -> Text:
    """The text exactly as it will be saved, with each placeholder marked."""
    shown = Text(result.text)
    for m in PLACEHOLDER_RE.finditer(result.text):
        shown.stylize(style, m.start(), m.end())  # type: ignore[arg-type]
    return shown


def preview_text(result: ScrubResult, style: object = "bold reverse") -> Text:
    """What the preview shows: how much will be removed, then the whole text as it will be saved."""
    if result.total:
        head = result.describe().replace(" removed", " will be removed", 1) + ". It will be saved as:"
    else:
        head = "Nothing to remove. It will be saved as typed:"
    return Text.assemble(head, "\n", saved_as(result, style))


class CaptureBox(Widget):
    """Text box plus tags; posts Submitted on Enter and leaves saving to the screen.

    Tags apply to the next output only, unless the visible "keep tags" switch is on.
    """

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

    class Long(Message):
        """The text grew past (or back under) what fits beside other panels: the screen may give it room."""

        def __init__(self, long: bool) -> None:
            super().__init__()
            self.long = long

    prompt: reactive[str] = reactive("What did the group say?")
    principles: reactive[list[int]] = reactive(list, always_update=True)
    themes: reactive[list[str]] = reactive(list, always_update=True)

    def __init__(self, roster: list[str] | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.roster = list(roster or [])

    def compose(self) -> ComposeResult:
        yield Label(self.prompt, id="capture-prompt", markup=False)
        yield Input(placeholder="Type what the group said, then Enter to save", id="capture-input")
        with Horizontal(id="capture-tag-row"):
            yield TagLine("", id="capture-tags", markup=False)
            yield Label("Keep tags: off", id="capture-keep-label")
            yield Switch(
                False,
                id="capture-keep",
                tooltip="On: the tags stay for the next outputs. Off: each output starts untagged.",
            )
        with VerticalScroll(id="capture-preview-box", can_focus=False):
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

    @property
    def keep_tags(self) -> bool:
        """Whether the tags stay for the next output (the visible switch)."""
        return self.query_one("#capture-keep", Switch).value

    def preview(self, text: str) -> tuple[Text, ScrubResult]:
        """The whole text as it will be saved, placeholders marked, and the scrub result."""
        result = scrub(text, self.roster)
        style = self.get_component_rich_style("capture--removed", partial=True)
        return preview_text(result, style), result

    def _show_preview(self, text: str) -> None:
        long = len(text) > LONG_TEXT
        if long != self.has_class("-long"):
            self.set_class(long, "-long")
            self.post_message(self.Long(long))
        preview = self.query_one("#capture-preview", Static)
        if not text.strip():
            preview.update("Names and contact details that the scrubber finds are taken out before saving.")
            preview.remove_class("-removing")
            return
        shown, result = self.preview(text)
        preview.update(shown)
        preview.set_class(bool(result.total), "-removing")
        self.query_one("#capture-preview-box").scroll_end(animate=False)

    def on_switch_changed(self, event: Switch.Changed) -> None:
        event.stop()
        self.query_one("#capture-keep-label", Label).update(f"Keep tags: {'on' if event.value else 'off'}")

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
        """Clear the box after a save, say what was removed, and untag unless "keep tags" is on."""
        self.input.value = ""
        if self.has_class("-long"):
            self.remove_class("-long")
            self.post_message(self.Long(False))
        if not self.keep_tags:
            self.principles, self.themes = [], []
        preview = self.query_one("#capture-preview", Static)
        preview.update(f"Saved. {result.describe()}.")
        preview.remove_class("-removing")
        self.add_class("-saved")
