"""A row of choices answered with one key: the status of an output, or a yes / partly / no answer."""

from __future__ import annotations

from textual.binding import Binding
from textual.events import Mount
from textual.widget import Widget
from textual.widgets import RadioButton, RadioSet


class ChoiceRow(RadioSet):
    """A horizontal RadioSet whose choices can also be picked by their first letter's key binding."""

    def __init__(self, choices: dict[str, str], value: str | None = None, *, id: str | None = None) -> None:
        self.values = list(choices)
        buttons = [RadioButton(label, value=key == value, name=key) for key, label in choices.items()]
        super().__init__(*buttons, id=id)

    def _on_mount(self, event: Mount) -> None:
        super()._on_mount(event)
        self._highlight_pressed()

    def _highlight_pressed(self) -> None:
        """Highlight the chosen choice, or none: Enter on a fresh row must not pick a choice left over."""
        pressed = self.value
        self._selected = self.values.index(pressed) if pressed in self.values else None

    @property
    def value(self) -> str | None:
        """The key of the chosen choice, if any."""
        pressed = self.pressed_button
        return pressed.name if pressed is not None else None

    def choose(self, value: str | None) -> None:
        """Press the choice with this key (a Changed message follows), or clear every choice."""
        if value is None:
            with self.prevent(RadioButton.Changed):
                for button in self.query(RadioButton):
                    button.value = False
            # RadioSet refuses to un-press its button from a click; clearing for a new output is deliberate.
            self._pressed_button = None
            self._selected = None
            return
        for button in self.query(RadioButton):
            if button.name == value:
                button.value = True
        self._selected = self.values.index(value) if value in self.values else None


class AnswerRow(ChoiceRow):
    """Yes / partly / no for one item of a feedback sheet; y, p and n pick and move on, c jumps to the comment."""

    BINDINGS = [
        Binding("y", "answer('yes')", "Yes", priority=True),
        Binding("p", "answer('partly')", "Partly", priority=True),
        Binding("n", "answer('no')", "No", priority=True),
        Binding("c", "comment", "Comment", tooltip="Jump to the comment written on the sheet", priority=True),
    ]

    def __init__(self, value: str | None = None, *, comment: Widget | None = None, id: str | None = None) -> None:
        super().__init__({"yes": "Yes", "partly": "Partly", "no": "No"}, value, id=id)
        self.comment = comment  # the field c moves to

    def action_answer(self, value: str) -> None:
        """Tick this answer and go to the next field."""
        for button in self.query(RadioButton):
            if button.name == value:
                button.value = True
        self.app.action_focus_next()

    def action_comment(self) -> None:
        """Go to the comment at once (not by a message), so letters typed straight after c land in it."""
        if self.comment is not None:
            self.screen.set_focus(self.comment)
