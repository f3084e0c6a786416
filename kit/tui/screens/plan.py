"""Plan: the session's facts and its blocks in order (activities, breaks, energisers, own blocks), each with
its minutes, its time with interpreting and its clock time, and the total against the planned length."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, DataTable, Header, Input, Label, Static
from textual.widgets.data_table import ColumnKey

from kit.errors import InputError, KitError
from kit.library import find_activity, get_activity
from kit.model import Block
from kit.plan import MAX_BLOCK, MIN_BLOCK, Schedule, parse_clock, schedule
from kit.plan.safeguards import Safeguard, planning_safeguards
from kit.tui.screens.base import KitScreen
from kit.tui.widgets.footer import KeyFooter
from kit.vocab import language_code, load_languages

if TYPE_CHECKING:
    pass

FIELDS = (
    ("title", "Title", "A neutral title: it is printed on sheets"),
    ("date", "Date", "DD/MM/YYYY"),
    ("start", "Start", "HH:MM, e.g. 09:30"),
    ("facilitator", "Your alias", "First name or alias"),
    ("group_size", "Group size", "e.g. 8"),
    ("length_minutes", "Length (min)", "e.g. 120"),
)
BLOCK_COLUMNS = (("Time", 5), ("Min", 3), ("+Int", 4))


@dataclass
class PlanForm:
    """What the facilitator typed on the Plan screen, before it is checked."""

    title: str = ""
    date: str = ""
    facilitator: str = ""
    languages: str = ""
    group_size: str = ""
    length_minutes: str = ""
    interpreter: bool = False
    start: str = ""


@dataclass
class PlanState:
    """The form and the blocks: compared with the saved state to know whether leaving loses changes."""

    form: PlanForm
    blocks: list[Block] = field(default_factory=list)


def _whole_number(text: str, what: str, low: int, high: int, example: str) -> int | None:
    if not text.strip():
        return None
    try:
        value = int(text.strip())
    except ValueError:
        value = -1
    if not low <= value <= high:
        raise InputError(f"{what} should be a whole number from {low} to {high}, for example {example}.")
    return value


def split_languages(text: str) -> list[str]:
    """The languages shown on the form ("en, ar, ti") as a list."""
    return [code for code in text.replace(",", " ").split() if code]


def plan_changes(form: PlanForm, blocks: list[Block] | list[str]) -> dict[str, object]:
    """Check the form and turn it into the store's plan fields; InputError says what to fix."""
    if not form.title.strip():
        raise InputError("Give the session a title before saving (the first box).")
    plan = [b if isinstance(b, Block) else Block("activity", b) for b in blocks]
    if not any(b.kind == "activity" for b in plan):
        raise InputError("Add at least one activity before saving: press Ctrl+N.")
    return {
        "title": form.title.strip(),
        "date": form.date.strip(),
        "start": parse_clock(form.start),
        "facilitator": form.facilitator.strip(),
        "languages": [language_code(code) for code in split_languages(form.languages)],
        "interpreter": form.interpreter,
        "group_size": _whole_number(form.group_size, "Group size", 1, 200, "8"),
        "length_minutes": _whole_number(form.length_minutes, "Planned length", 5, 600, "120"),
        "activities": [b.activity for b in plan if b.kind == "activity"],
        "blocks": plan,
    }


def total_message(minutes: int, planned: int | None) -> tuple[str, bool]:
    """The running total line for activities alone (no interpreter, no start time)."""
    return schedule([Block("own", minutes=minutes)] if minutes else [], planned=planned).total_message()


class PlanScreen(KitScreen[None]):
    """Plan a new session or change the plan of an existing one."""

    CSS_PATH = "plan.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", tooltip="Save the plan (a new session file, or the changed plan)"),
        Binding(
            "ctrl+n",
            "add",
            "Activity",
            tooltip="Choose an activity from the library; it goes after the highlighted block",
        ),
        Binding(
            "ctrl+b",
            "add_block",
            "Break",
            tooltip="Add a break, an energiser or your own block after the highlighted one",
        ),
        Binding("ctrl+l", "languages", "Languages", tooltip="Choose the languages in the room from the kit's list"),
        Binding(
            "enter",
            "edit_block",
            "Change",
            show=False,
            tooltip="Change the highlighted block's minutes, title or notes",
        ),
        Binding(
            "plus,equals_sign", "minutes(1)", "+1 min", show=False, tooltip="One minute more for the highlighted block"
        ),
        Binding("minus", "minutes(-1)", "-1 min", show=False, tooltip="One minute less for the highlighted block"),
        Binding("delete", "remove", "Remove", show=False, tooltip="Take the highlighted block out (in the plan list)"),
        Binding(
            "left_square_bracket,ctrl+up", "move(-1)", "Up", show=False, tooltip="Move the highlighted block earlier"
        ),
        Binding(
            "right_square_bracket,ctrl+down", "move(1)", "Down", show=False, tooltip="Move the highlighted block later"
        ),
        Binding(
            "f2",
            "safeguards",
            "Safeguards",
            show=False,
            tooltip="What to settle before the day for this plan: ages, named adults, group size, crisis plan",
        ),
        Binding("escape", "back", "Back", tooltip="Back to your sessions (asks first if not saved)"),
    ]

    def __init__(self, path: Path | None = None) -> None:
        super().__init__()
        self.session_path = path
        self.form = PlanForm()
        self.blocks: list[Block] = []
        self.session_title = ""
        if path is not None:
            from kit.store import load_session, show_date

            session = load_session(path).session
            self.session_title = session.title
            self.form = PlanForm(
                title=session.title,
                date=show_date(session.date),
                facilitator=session.facilitator,
                languages=", ".join(self._known_code(code) for code in session.languages),
                group_size="" if session.group_size is None else str(session.group_size),
                length_minutes="" if session.length_minutes is None else str(session.length_minutes),
                interpreter=session.interpreter,
                start=session.start,
            )
            self.blocks = list(session.blocks)
        else:
            from datetime import date

            self.form.date = date.today().strftime("%d/%m/%Y")
        self.saved = PlanState(replace(self.form), list(self.blocks))

    @staticmethod
    def _known_code(code: str) -> str:
        """A stored language as its code in the known list (an older file may hold a name such as 'tigrinya')."""
        try:
            return language_code(code)
        except InputError:
            return code  # kept as it is; saving says what to choose instead

    @property
    def activities(self) -> list[str]:
        """The planned activity ids, in order."""
        return [b.activity for b in self.blocks if b.kind == "activity"]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="plan"):
            with VerticalScroll(id="plan-form"):
                for name, label, placeholder in FIELDS:
                    with Horizontal(classes="field"):
                        yield Label(label, classes="field-label")
                        yield Input(getattr(self.form, name), placeholder=placeholder, id=name, select_on_focus=False)
                    if name == "start":
                        with Horizontal(classes="field"):
                            yield Label("Languages", classes="field-label")
                            yield Button("", id="languages", classes="field-button")
                yield Checkbox("Interpreter in the room", self.form.interpreter, id="interpreter")
            with Vertical(id="plan-right"):
                yield Static("The plan, in order", classes="heading")
                yield Static("", id="total", markup=False)
                yield DataTable(id="plan-blocks", cursor_type="row")
                yield Static("", id="block-notes", markup=False)
                with Horizontal(id="plan-buttons"):
                    yield Button("Activity", id="add")
                    yield Button("Break", id="add_block")
                    yield Button("Save", id="save", variant="primary")
        yield KeyFooter(show_command_palette=False)

    def on_mount(self) -> None:
        self.show_title()
        table = self.query_one(DataTable)
        for label, width in BLOCK_COLUMNS:
            table.add_column(label, width=width)
        table.add_column("Block", key="block")
        self.show_languages()
        self.show_blocks()
        self.query_one("#title", Input).focus()

    def show_title(self) -> None:
        """The screen is titled by the session's title (as typed: brackets are not markup)."""
        self.sub_title = f"Plan: {self.session_title}" if self.session_path else "Plan a new session"

    def read_form(self) -> PlanForm:
        """The form as it is on screen now."""
        values = {name: self.query_one(f"#{name}", Input).value for name, _, _ in FIELDS}
        return PlanForm(
            **values, languages=self.form.languages, interpreter=self.query_one("#interpreter", Checkbox).value
        )

    @property
    def unsaved(self) -> bool:
        """Whether leaving now would lose changes."""
        return PlanState(self.read_form(), list(self.blocks)) != self.saved

    # The blocks and their times.

    def timed(self) -> Schedule:
        """The blocks timed from the start time typed so far (no clock times while it is not a time)."""
        try:
            start = parse_clock(self.query_one("#start", Input).value)
        except InputError:
            start = ""
        try:
            planned = _whole_number(self.query_one("#length_minutes", Input).value, "", 1, 10_000, "")
        except InputError:
            planned = None
        interpreter = self.query_one("#interpreter", Checkbox).value
        return schedule(self.blocks, interpreter=interpreter, start=start, planned=planned)

    def on_resize(self) -> None:
        self.call_after_refresh(self.show_blocks)

    def show_blocks(self, cursor: int | None = None) -> None:
        """Redraw the blocks with their times, and the total."""
        table = self.query_one(DataTable)
        row = table.cursor_row if cursor is None else cursor
        table.clear()
        if table.size.width:  # the titles take what the times leave, so the list never scrolls sideways
            column = table.columns[ColumnKey("block")]
            fixed = sum(width for _, width in BLOCK_COLUMNS) + 2 * table.cell_padding * (len(BLOCK_COLUMNS) + 1)
            column.auto_width, column.width = False, max(10, table.size.width - fixed - 1)
        timed = self.timed()
        for b in timed.blocks:
            extra = f"+{b.interpreted - b.minutes}" if b.interpreted != b.minutes else ""
            title = Text(b.title)  # as typed: "[name]" or "[b]" is text, not markup
            if b.block.kind != "activity":
                title = Text.assemble((f"{b.block.kind.title()}: " if b.block.title else "", "italic"), title)
                title.stylize("italic")
            if b.block.notes:
                title.append(" *", style="bold")
            table.add_row(b.clock or "-", str(b.minutes), extra, title)
        if self.blocks:
            table.move_cursor(row=max(0, min(row, len(self.blocks) - 1)))
        else:
            table.add_row("", "", "", Text("Ctrl+N adds one."))
        text, over = timed.total_message()
        total = self.query_one("#total", Static)
        total.update(text)
        total.set_class(over, "over")
        self.show_notes()

    def show_notes(self) -> None:
        """The highlighted block's notes under the table (what the * marks)."""
        block = self.current_block
        notes = block.notes if block is not None else ""
        self.query_one("#block-notes", Static).update(f"* {notes}" if notes else "")

    def show_total(self) -> None:
        """Times change with the start, the length and the interpreter: redraw them."""
        self.show_blocks()

    def show_languages(self) -> None:
        """The chosen languages on their button."""
        codes = split_languages(self.form.languages)
        label = ", ".join(codes) if codes else "Choose (Ctrl+L)"
        self.query_one("#languages", Button).label = Text(label)

    @property
    def current_row(self) -> int | None:
        """The index of the highlighted block, if there is one."""
        row = self.query_one(DataTable).cursor_row
        return row if self.blocks and 0 <= row < len(self.blocks) else None

    @property
    def current_block(self) -> Block | None:
        row = self.current_row
        return None if row is None else self.blocks[row]

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id in ("length_minutes", "start"):
            self.show_blocks()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self.show_blocks()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_notes()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_edit_block()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        actions = {
            "add": self.action_add,
            "add_block": self.action_add_block,
            "save": self.action_save,
            "languages": self.action_languages,
        }
        if event.button.id in actions:
            actions[event.button.id]()

    def _insert(self, block: Block) -> None:
        """Put a block after the highlighted one (at the end when the plan list is not in use) and highlight it."""
        row = self.current_row if self.query_one(DataTable).has_focus else None
        at = len(self.blocks) if row is None else row + 1
        self.blocks.insert(at, block)
        self.show_blocks(cursor=at)
        self.query_one(DataTable).focus()

    def action_add(self) -> None:
        """Choose an activity from the library; it goes after the highlighted block."""
        from kit.tui.screens.library import LibraryScreen

        def added(activity_id: str | None) -> None:
            if activity_id:
                self._insert(Block("activity", activity_id))

        # The picker stays open: each Enter adds one more, in order, after the one added before.
        self.app.push_screen(LibraryScreen(pick=True, on_add=added))

    def action_add_block(self) -> None:
        """Add a break, an energiser or an own block after the highlighted block."""
        from kit.tui.dialogs.block import BlockScreen

        def added(block: Block | None) -> None:
            if block is not None:
                self._insert(block)

        self.app.push_screen(BlockScreen(), added)

    def action_edit_block(self) -> None:
        """Change the highlighted block's minutes (and an own block's title and notes)."""
        from kit.tui.dialogs.block import BlockScreen

        row = self.current_row
        if row is None:
            return

        def changed(block: Block | None) -> None:
            if block is not None:
                self.blocks[row] = block
                self.show_blocks(cursor=row)

        self.app.push_screen(BlockScreen(self.blocks[row]), changed)

    def action_minutes(self, change: int) -> None:
        """One minute more or less for the highlighted block, within 1 to 240."""
        row = self.current_row
        if row is None:
            return
        timed = self.timed().blocks[row]
        minutes = min(MAX_BLOCK, max(MIN_BLOCK, timed.minutes + change))
        block = self.blocks[row]
        default = get_activity(block.activity).minutes if block.kind == "activity" else None
        self.blocks[row] = replace(block, minutes=None if minutes == default else minutes)
        self.show_blocks(cursor=row)

    def safeguards(self) -> list[Safeguard]:
        """The planning safeguards for the blocks, group size and interpreter on the screen now."""
        try:
            group = _whole_number(self.query_one("#group_size", Input).value, "", 1, 200, "")
        except InputError:
            group = None
        found = (find_activity(b.activity) for b in self.blocks if b.kind == "activity")
        activities = [a for a in found if a is not None]
        interpreter = self.query_one("#interpreter", Checkbox).value
        return planning_safeguards(activities, group_size=group, interpreter=interpreter)

    def action_safeguards(self) -> None:
        """Show what to settle before the day for this plan."""
        from kit.tui.dialogs.safeguards import SafeguardsScreen

        self.app.push_screen(SafeguardsScreen(self.safeguards()))

    def action_languages(self) -> None:
        """Choose the languages in the room from the kit's list."""
        from kit.tui.dialogs.languages import LanguagesScreen

        def chosen(codes: list[str] | None) -> None:
            if codes is not None:
                self.form.languages = ", ".join(codes)
                self.show_languages()

        known = [c for c in split_languages(self.form.languages) if c in load_languages()]
        self.app.push_screen(LanguagesScreen(known), chosen)

    def action_remove(self) -> None:
        """Take the highlighted block out of the plan."""
        row = self.current_row
        if row is None:
            return
        title = self.timed().blocks[row].title
        self.blocks.pop(row)
        self.show_blocks(cursor=row)
        self.notify(f"Removed {title}. Save to keep the change.", markup=False, timeout=4)

    def action_move(self, step: int) -> None:
        """Move the highlighted block earlier (-1) or later (+1)."""
        row = self.current_row
        if row is None or not 0 <= row + step < len(self.blocks):
            return
        target = row + step
        self.blocks[row], self.blocks[target] = self.blocks[target], self.blocks[row]
        self.show_blocks(cursor=target)

    def action_save(self) -> None:
        """Check the plan and save it: a new session file, or the changed plan."""
        from kit import store

        form = self.read_form()
        try:
            changes = plan_changes(form, self.blocks)
            if self.session_path is None:
                self.session_path = store.create_session(self.kit.sessions, **changes)  # type: ignore[arg-type]
                session = store.load_session(self.session_path).session
            else:
                session = store.update_plan(self.session_path, **changes)
        except (KitError, OSError) as exc:
            self.kit.show_error(exc)
            return
        self.session_title = session.title
        self.saved = PlanState(form, list(self.blocks))
        self.show_title()
        self.notify(f"Saved {session.title}. Esc goes back to your sessions.", title="Saved", markup=False)
        settle = [s for s in self.safeguards() if s.when != "always"]
        if settle:
            headings = "; ".join(s.heading for s in settle)
            self.notify(f"Before the day: {headings}. F2 shows every safeguard.", title="Safeguards", markup=False)
        from kit.tui.screens.home import HomeScreen

        for screen in self.app.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.select = self.session_path

    def action_back(self) -> None:
        """Back to the sessions, asking first if there are unsaved changes."""
        if not self.unsaved:
            self.dismiss()
            return
        from kit.tui.dialogs.confirm import ConfirmScreen

        def answered(leave: bool | None) -> None:
            if leave:
                self.dismiss()

        self.app.push_screen(
            ConfirmScreen("This plan has changes that are not saved. Leave without saving?", "Leave", "Stay"),
            answered,
        )
