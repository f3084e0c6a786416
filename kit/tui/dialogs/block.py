"""A block of the plan to add or change: a break, an energiser or an own block (title, minutes, notes),
or a planned activity's card with its minutes and notes. Checked before it closes, so nothing typed is lost."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from kit.errors import KitError
from kit.library import get_activity
from kit.model import BLOCK_KINDS, Block
from kit.plan import DEFAULT_TITLES, check_block, parse_minutes
from kit.tui.widgets.activity_card import ActivityCard
from kit.tui.widgets.footer import KeyFooter

OWN_KINDS = [(BLOCK_KINDS[kind], kind) for kind in ("break", "energiser", "own")]
DEFAULT_MINUTES = {"break": 15, "energiser": 5, "own": 15}


class BlockScreen(ModalScreen[Block | None]):
    """Add or change one block; dismisses with the checked block, or None if left with Esc."""

    CSS_PATH = "block.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "keep", "Keep", tooltip="Keep this block in the plan (the plan is saved with Ctrl+S)"),
        Binding("escape", "cancel", "Cancel", tooltip="Close without changing the plan"),
        Binding("ctrl+o", "card", "Card", tooltip="Move to the activity's card to scroll it (Tab goes back)"),
    ]

    def __init__(self, block: Block | None = None) -> None:
        super().__init__()
        self.block = block or Block("break", minutes=DEFAULT_MINUTES["break"])
        self.is_new = block is None

    def compose(self) -> ComposeResult:
        block = self.block
        with Vertical(id="block-box", classes="-activity" if block.kind == "activity" else ""):
            if block.kind == "activity":
                activity = get_activity(block.activity)
                yield Static(
                    f"{activity.title} ({activity.minutes} min in the library)", classes="block-heading", markup=False
                )
                yield ActivityCard(id="block-card")
            else:
                yield Static("Add a block" if self.is_new else "Change this block", classes="block-heading")
                with Horizontal(classes="block-field"):
                    yield Label("Kind", classes="block-label")
                    yield Select(OWN_KINDS, value=block.kind, allow_blank=False, id="block-kind")
                with Horizontal(classes="block-field"):
                    yield Label("Title", classes="block-label")
                    yield Input(
                        block.title,
                        placeholder=DEFAULT_TITLES[block.kind],
                        id="block-title",
                    )
            with Horizontal(classes="block-field"):
                yield Label("Minutes", classes="block-label")
                minutes = block.minutes or (get_activity(block.activity).minutes if block.kind == "activity" else 15)
                yield Input(str(minutes), placeholder="1 to 240", id="block-minutes")
            with Horizontal(classes="block-field"):
                yield Label("Notes", classes="block-label")
                yield Input(block.notes, placeholder="Optional", id="block-notes")
            yield Static("", id="block-error", markup=False)
            with Horizontal(id="block-buttons"):
                yield Button("Keep (Ctrl+S)", id="keep", variant="primary")
                yield Button("Cancel (Esc)", id="cancel")
        yield KeyFooter()

    def on_mount(self) -> None:
        if self.block.kind == "activity":
            self.query_one(ActivityCard).show(get_activity(self.block.activity))
        self.query_one("#block-minutes" if self.block.kind == "activity" else "#block-title", Input).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The card key only where there is a card."""
        return self.block.kind == "activity" if action == "card" else True

    def action_card(self) -> None:
        """Move to the activity's card to scroll it."""
        self.query_one(ActivityCard).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        """A new block's minutes follow its kind until the facilitator types some."""
        kind = event.value if isinstance(event.value, str) else "break"
        self.query_one("#block-title", Input).placeholder = DEFAULT_TITLES[kind]
        minutes = self.query_one("#block-minutes", Input)
        if self.is_new and minutes.value in {str(m) for m in DEFAULT_MINUTES.values()}:
            minutes.value = str(DEFAULT_MINUTES[kind])

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_keep()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "keep":
            self.action_keep()
        else:
            self.action_cancel()

    def read_block(self) -> Block:
        """The block as typed, checked; KitError says what to fix."""
        block = self.block
        if block.kind == "activity":
            kind, title = "activity", ""
        else:
            chosen = self.query_one("#block-kind", Select).value
            kind = chosen if isinstance(chosen, str) else "break"
            title = " ".join(self.query_one("#block-title", Input).value.split())
        what = get_activity(block.activity).title[:40] if kind == "activity" else f"The {BLOCK_KINDS[kind].lower()}"
        minutes = parse_minutes(self.query_one("#block-minutes", Input).value, what)
        if kind == "activity" and minutes == get_activity(block.activity).minutes:
            minutes_kept: int | None = None  # the library's own length: follows the library if it changes
        else:
            minutes_kept = minutes
        notes = self.query_one("#block-notes", Input).value.strip()
        return check_block(Block(kind, block.activity, minutes_kept, title, notes))

    def action_keep(self) -> None:
        """Check the block and close with it; an error stays on screen with what was typed."""
        try:
            block = self.read_block()
        except KitError as exc:
            self.query_one("#block-error", Static).update(str(exc))
            return
        self.dismiss(block)

    def action_cancel(self) -> None:
        """Close without changing the plan."""
        self.dismiss(None)
