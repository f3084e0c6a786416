"""Plan: the session's facts and its activities in order, with the running total of minutes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Checkbox, DataTable, Footer, Header, Input, Label, Static

from kit.errors import InputError, KitError
from kit.library import get_activity, load_library

if TYPE_CHECKING:
    from kit.tui.app import KitApp

FIELDS = (
    ("title", "Title", "What is this session about?"),
    ("date", "Date", "YYYY-MM-DD"),
    ("facilitator", "Your alias", "A first name or alias, optional"),
    ("languages", "Languages", "Codes, e.g. en, ar, ti"),
    ("group_size", "Group size", "Number of young people"),
    ("length_minutes", "Length (min)", "Planned minutes, e.g. 120"),
)


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


def plan_changes(form: PlanForm, activities: list[str]) -> dict[str, object]:
    """Check the form and turn it into the store's plan fields; InputError says what to fix."""
    if not form.title.strip():
        raise InputError("Give the session a title before saving (the first box).")
    if not activities:
        raise InputError("Add at least one activity before saving: press Ctrl+N.")
    return {
        "title": form.title.strip(),
        "date": form.date.strip(),
        "facilitator": form.facilitator.strip(),
        "languages": [code for code in re.split(r"[,\s]+", form.languages) if code],
        "interpreter": form.interpreter,
        "group_size": _whole_number(form.group_size, "Group size", 1, 200, "8"),
        "length_minutes": _whole_number(form.length_minutes, "Planned length", 5, 600, "120"),
        "activities": list(activities),
    }


def total_message(minutes: int, planned: int | None) -> tuple[str, bool]:
    """The running total line, and whether it is over the planned length."""
    if planned is None:
        return f"Total {minutes} min. Set a planned length to check it fits.", False
    if minutes > planned:
        return f"Total {minutes} min: {minutes - planned} min over the {planned} planned. Remove or shorten.", True
    return f"Total {minutes} min of {planned} planned ({planned - minutes} min spare).", False


class PlanScreen(Screen[None]):
    """Plan a new session or change the plan of an existing one."""

    CSS_PATH = "plan.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", tooltip="Save the plan (a new session file, or the changed plan)"),
        Binding("ctrl+n", "add", "Add activity", tooltip="Choose an activity from the library to add at the end"),
        Binding("delete", "remove", "Remove", tooltip="Take the highlighted activity out (in the activity list)"),
        Binding("left_square_bracket,ctrl+up", "move(-1)", "Move up", tooltip="Move the highlighted activity earlier"),
        Binding(
            "right_square_bracket,ctrl+down", "move(1)", "Move down", tooltip="Move the highlighted activity later"
        ),
        Binding("escape", "back", "Back", tooltip="Back to your sessions (asks first if not saved)"),
    ]

    def __init__(self, path: Path | None = None) -> None:
        super().__init__()
        self.session_path = path
        self.form = PlanForm()
        self.activities: list[str] = []
        if path is not None:
            from kit.store import load_session

            session = load_session(path).session
            self.form = PlanForm(
                title=session.title,
                date=session.date,
                facilitator=session.facilitator,
                languages=", ".join(session.languages),
                group_size="" if session.group_size is None else str(session.group_size),
                length_minutes="" if session.length_minutes is None else str(session.length_minutes),
                interpreter=session.interpreter,
            )
            self.activities = list(session.activities)
        else:
            from datetime import date

            self.form.date = date.today().isoformat()
        self.saved = (PlanForm(**vars(self.form)), list(self.activities))

    @property
    def kit(self) -> KitApp:
        """The app, with its own attributes typed."""
        return cast("KitApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="plan"):
            with VerticalScroll(id="plan-form"):
                for name, label, placeholder in FIELDS:
                    with Horizontal(classes="field"):
                        yield Label(label, classes="field-label")
                        yield Input(getattr(self.form, name), placeholder=placeholder, id=name, select_on_focus=False)
                yield Checkbox("An interpreter will be there", self.form.interpreter, id="interpreter")
            with Vertical(id="plan-right"):
                yield Static("Activities, in order", classes="heading")
                yield Static("", id="total")
                yield DataTable(id="plan-activities", cursor_type="row")
                with Horizontal(id="plan-buttons"):
                    yield Button("Add activity", id="add")
                    yield Button("Save", id="save", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"Plan of {self.session_path.stem}" if self.session_path else "Plan a new session"
        table = self.query_one(DataTable)
        widest = max(len(a.title) for a in load_library().values())
        table.add_column("#", width=2)
        table.add_column("Min", width=3)
        table.add_column("Activity", width=min(widest, 38))
        self.show_activities()
        self.query_one("#title", Input).focus()

    def read_form(self) -> PlanForm:
        """The form as it is on screen now."""
        values = {name: self.query_one(f"#{name}", Input).value for name, _, _ in FIELDS}
        return PlanForm(**values, interpreter=self.query_one("#interpreter", Checkbox).value)

    @property
    def unsaved(self) -> bool:
        """Whether leaving now would lose changes."""
        return (self.read_form(), self.activities) != self.saved

    def show_activities(self, cursor: int | None = None) -> None:
        """Redraw the activity list and the running total."""
        table = self.query_one(DataTable)
        row = table.cursor_row if cursor is None else cursor
        table.clear()
        minutes = 0
        for number, activity_id in enumerate(self.activities, 1):
            activity = get_activity(activity_id)
            minutes += activity.minutes
            table.add_row(str(number), str(activity.minutes), Text(activity.title))
        if self.activities:
            table.move_cursor(row=max(0, min(row, len(self.activities) - 1)))
        else:
            table.add_row("", "", "None yet: press Ctrl+N to add one.")
        self.show_total(minutes)

    def show_total(self, minutes: int | None = None) -> None:
        """Update the total line against the planned length typed so far."""
        if minutes is None:
            minutes = sum(get_activity(a).minutes for a in self.activities)
        try:
            planned = _whole_number(self.query_one("#length_minutes", Input).value, "", 1, 10_000, "")
        except InputError:
            planned = None
        text, over = total_message(minutes, planned)
        total = self.query_one("#total", Static)
        total.update(text)
        total.set_class(over, "over")

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "length_minutes":
            self.show_total()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "add":
            self.action_add()
        elif event.button.id == "save":
            self.action_save()

    def action_add(self) -> None:
        """Choose an activity from the library to add at the end."""
        from kit.tui.screens.library import LibraryScreen

        def added(activity_id: str | None) -> None:
            if activity_id:
                self.activities.append(activity_id)
                self.show_activities(cursor=len(self.activities) - 1)
                self.notify(f"Added {get_activity(activity_id).title}.", markup=False, timeout=3)
                self.query_one(DataTable).focus()

        self.app.push_screen(LibraryScreen(pick=True), added)

    def action_remove(self) -> None:
        """Take the highlighted activity out of the plan."""
        row = self.query_one(DataTable).cursor_row
        if not self.activities or not 0 <= row < len(self.activities):
            return
        removed = self.activities.pop(row)
        self.show_activities(cursor=row)
        self.notify(f"Removed {get_activity(removed).title}. Save to keep the change.", markup=False, timeout=4)

    def action_move(self, step: int) -> None:
        """Move the highlighted activity earlier (-1) or later (+1)."""
        row = self.query_one(DataTable).cursor_row
        target = row + step
        if not 0 <= row < len(self.activities) or not 0 <= target < len(self.activities):
            return
        self.activities[row], self.activities[target] = self.activities[target], self.activities[row]
        self.show_activities(cursor=target)

    def action_save(self) -> None:
        """Check the plan and save it: a new session file, or the changed plan."""
        from kit import store

        form = self.read_form()
        try:
            changes = plan_changes(form, self.activities)
            if self.session_path is None:
                self.session_path = store.create_session(self.kit.sessions, **changes)  # type: ignore[arg-type]
            else:
                store.update_plan(self.session_path, **changes)
        except (KitError, OSError) as exc:
            self.kit.show_error(exc)
            return
        self.saved = (form, list(self.activities))
        self.sub_title = f"Plan of {self.session_path.stem}"
        self.notify(f"Saved session {self.session_path.stem}. Esc goes back to your sessions.", title="Saved")
        from kit.tui.screens.home import HomeScreen

        for screen in self.app.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.select = self.session_path

    def action_back(self) -> None:
        """Back to the sessions, asking first if there are unsaved changes."""
        if not self.unsaved:
            self.dismiss()
            return
        from kit.tui.screens.confirm import ConfirmScreen

        def answered(leave: bool | None) -> None:
            if leave:
                self.dismiss()

        self.app.push_screen(
            ConfirmScreen("This plan has changes that are not saved. Leave without saving?", "Leave", "Stay"),
            answered,
        )
