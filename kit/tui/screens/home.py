"""Home: the sessions in the folder, and the way to plan, browse, run and follow up."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Header, Static
from textual.worker import get_current_worker

from kit.errors import KitError
from kit.tui.screens.base import KitScreen
from kit.tui.widgets.footer import KeyFooter

if TYPE_CHECKING:
    from kit.model import SessionLog

COLUMNS = (
    ("Session", "title"),
    ("Date", "date"),
    ("Outputs", "outputs"),
    ("Answered", "answered"),
    ("Feedback", "feedback"),
)
WARNING_KEY = "warning:"
TITLE_WIDTH = 60


def damaged_name(warning: str) -> str:
    """The file name at the start of a damaged-file warning, or the warning itself."""
    head = warning.split(": ", 1)[0]
    return Path(head).name if head.endswith(".json") else warning


def status_line(folder: Path, sessions: int, damaged: int) -> str:
    """One sentence about the folder: how many sessions, what to press next."""
    if sessions:
        text = (
            f"{sessions} session{plural(sessions)} in {folder}. Enter opens the one highlighted; "
            "Ctrl+D duplicates its plan, Delete deletes it."
        )
    else:
        text = f"No sessions yet in {folder}. Press N to plan one, or D to try the demo session."
    if damaged:
        text += f" {damaged} damaged file{plural(damaged)} left untouched (shown below)."
    return text


def delete_question(log: SessionLog, path: Path, date: str) -> str:
    """The question before a session file is deleted: which session, and everything that goes with it."""
    answered = sum(1 for o in log.outputs if o.id in log.responses)
    counts = [
        (answered, f"{answered} 'what happened' answer{plural(answered)}"),
        (len(log.tickets), f"{len(log.tickets)} printed sheet code{plural(len(log.tickets))}"),
        (len(log.feedback), f"{len(log.feedback)} feedback repl{'y' if len(log.feedback) == 1 else 'ies'}"),
    ]
    parts = [f"{len(log.outputs)} output{plural(len(log.outputs))} the group gave"]
    parts += [text for count, text in counts if count]
    return (
        f"Delete the session '{log.session.title}' of {date} for good?\n\n"
        f"The file {path} goes, and with it the plan, {', '.join(parts[:-1]) + ' and ' if len(parts) > 1 else ''}"
        f"{parts[-1]}. "
        + ("Codes on sheets already handed out will stop working. " if log.tickets else "")
        + "This cannot be undone; nothing else is touched."
    )


def plural(count: int) -> str:
    """'s' unless there is exactly one."""
    return "" if count == 1 else "s"


PRIVACY = (
    "Names, contact details, birth dates and ID numbers are taken out before saving. "
    "It can miss some: read the preview before you press Enter."
)


class HomeScreen(KitScreen[None]):
    """The list of sessions; Enter opens one, N plans a new one."""

    CSS_PATH = "home.tcss"
    BINDINGS = [
        Binding("enter", "open", "Open", show=False, tooltip="Open the highlighted session: run, follow up, edit"),
        Binding("n", "new_plan", "New plan", tooltip="Plan a new session"),
        Binding("l", "library", "Library", show=False, tooltip="Browse the activity library"),
        Binding("r", "run", "Run", tooltip="Run the highlighted session (first names first, kept in memory only)"),
        Binding("f", "follow_up", "Follow-up", tooltip="Record what happened to the highlighted session's outputs"),
        Binding("p", "edit_plan", "Edit plan", show=False, tooltip="Change the plan of the highlighted session"),
        Binding("s", "safety", "Safety", tooltip="Ground rules, right to pass, distress, breaks"),
        Binding("c", "coordinator", "Coordinator"),
        Binding("g", "reload", "Reload", show=False, tooltip="Read the sessions folder again"),
        Binding("d", "demo", "Demo", show=False, tooltip="Open the demo session to try the kit (made once)"),
        Binding("ctrl+d", "duplicate", "Duplicate", show=False, tooltip="A new session for today with the same plan"),
        Binding("delete", "delete", "Delete", show=False, tooltip="Delete the highlighted session's file (asks first)"),
    ]

    def __init__(self, select: Path | None = None) -> None:
        super().__init__()
        self.select = select
        self.paths: dict[str, Path] = {}
        self.warnings: dict[str, str] = {}
        self.titles: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield Static(PRIVACY, id="privacy")
            yield Static("Loading sessions...", id="status", markup=False)
            yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
            with Horizontal(id="actions"):
                yield Button("Open session", id="open", variant="primary")
                yield Button("Plan a new session", id="new_plan")
                demo = Button("Try the demo (D)", id="demo")
                demo.display = False  # shown once the folder is known to be empty
                yield demo
                yield Button("Activity library", id="library")
                yield Button("Quit", id="quit")
        yield KeyFooter(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()

    def on_screen_resume(self) -> None:
        """Read the folder each time Home shows, so a saved plan or new output appears."""
        self.load_sessions()

    @property
    def session_path(self) -> Path | None:
        """The session under the cursor, if the row is a session (not a warning)."""
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ""
        return self.paths.get(key)

    @work(thread=True, exclusive=True, group="sessions")
    def load_sessions(self) -> None:
        """Read the sessions folder in a worker so a large folder never freezes the screen."""
        from kit.store import list_sessions

        try:
            summaries, warnings = list_sessions(self.kit.sessions)
        except OSError as exc:
            self.app.call_from_thread(self.kit.show_error, exc)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show_sessions, summaries, warnings)

    def show_sessions(self, summaries: list, warnings: list[str]) -> None:
        """Fill the table: one row a session, then one warning row per damaged file."""
        table = self.query_one(DataTable)
        keep = self.select or self.session_path  # a session just saved, made or copied comes first
        self.paths, self.warnings = {}, {}
        rows: list[tuple[str, tuple[str, ...]]] = []
        for s in summaries:
            self.paths[str(s.path)] = s.path
            self.titles[str(s.path)] = s.title
            row = (s.title, s.date, str(s.outputs), f"{s.responded} of {s.outputs}", str(s.feedback))
            rows.append((str(s.path), row))
        for index, warning in enumerate(warnings):
            key = f"{WARNING_KEY}{index}"
            self.warnings[key] = warning
            rows.append((key, (f"! Damaged: {damaged_name(warning)} (left untouched)", "", "", "", "")))
        # Column widths are set from the data: the table then never shows a half-measured first frame.
        table.clear(columns=True)
        title_width = max(16, min(TITLE_WIDTH, self.app.size.width - 48))  # the other columns take ~48
        for index, (label, key) in enumerate(COLUMNS):
            widest = max([cell_len(label), *(cell_len(cells[index]) for _, cells in rows)])
            table.add_column(label, key=key, width=min(widest, title_width if index == 0 else widest))
        for key, cells in rows:
            table.add_row(*(Text(cell) for cell in cells), key=key)  # Text: a "[name]" placeholder is not markup
        self.query_one("#status", Static).update(status_line(self.kit.sessions, len(summaries), len(warnings)))
        # The one obvious next action: open a session, or plan the first one.
        self.query_one("#demo", Button).display = not summaries  # the first run offers the demo instead
        self.query_one("#open", Button).display = bool(summaries)
        (table if summaries else self.query_one("#new_plan", Button)).focus()
        if keep is not None and str(keep) in self.paths:
            table.move_cursor(row=table.get_row_index(str(keep)))
        elif self.select is not None:
            message = f"There is no session file {self.select}; choose one from the list."
            self.notify(message, severity="warning", markup=False)
        self.select = None

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        warning = self.warnings.get(event.row_key.value or "")
        if warning:
            self.notify(warning, title="Damaged session file", severity="warning", timeout=8, markup=False)

    def _need_session(self) -> Path | None:
        path = self.session_path
        if path is None:
            self.notify("Choose a session first: move to it with the arrow keys.", severity="warning")
        return path

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        actions = {
            "open": self.action_open,
            "new_plan": self.action_new_plan,
            "library": self.action_library,
            "demo": self.action_demo,
        }
        if event.button.id == "quit":
            await self.run_action("app.quit")
        elif event.button.id in actions:
            actions[event.button.id]()

    def action_open(self) -> None:
        """Open the highlighted session's menu (run, follow up, edit, paper feedback)."""
        if path := self._need_session():
            from kit.tui.dialogs.session_menu import SessionMenu

            self.app.push_screen(SessionMenu(path, self.titles.get(str(path), "")))

    def action_new_plan(self) -> None:
        """Plan a new session."""
        self.kit.open_plan()

    def action_library(self) -> None:
        """Browse the activity library."""
        self.kit.open_library()

    def action_coordinator(self) -> None:
        """Collate session logs from many laptops, see the picture and export it (for coordinators)."""
        from kit.tui.screens.coordinator import CoordinatorScreen

        self.app.push_screen(CoordinatorScreen())

    def action_run(self) -> None:
        """Run the highlighted session (roster first)."""
        if path := self._need_session():
            self.kit.open_run(path)

    def action_follow_up(self) -> None:
        """Follow up the highlighted session."""
        if path := self._need_session():
            self.kit.open_follow_up(path)

    def action_edit_plan(self) -> None:
        """Edit the plan of the highlighted session."""
        if path := self._need_session():
            self.kit.open_plan(path)

    def action_safety(self) -> None:
        """Open the safety panel."""
        self.kit.open_safety()

    def action_demo(self) -> None:
        """Open the demo session: made the first time, then highlighted in the list."""
        from kit.demo import create_demo

        try:
            path, created = create_demo(self.kit.sessions)
        except (KitError, OSError) as exc:
            self.kit.show_error(exc)
            return
        self.select = path
        self.load_sessions()
        made = "is ready" if created else "is already in the list"
        self.notify(f"The demo session {made}: Enter opens it.", title="Demo", timeout=6)

    def action_duplicate(self) -> None:
        """A new session for today with the highlighted session's plan; nothing the group said is copied."""
        path = self._need_session()
        if path is None:
            return
        from kit.store import duplicate_session

        try:
            copy = duplicate_session(path)
        except (KitError, OSError) as exc:
            self.kit.show_error(exc)
            return
        self.select = copy
        self.load_sessions()
        title = self.titles.get(str(path), path.stem)
        self.notify(
            f"Made a copy of the plan of '{title}' for today. Its outputs and feedback stay with the original; "
            "P changes the copy's plan.",
            title="Duplicated",
            markup=False,
            timeout=8,
        )

    def action_delete(self) -> None:
        """Delete the highlighted session's file, after a question that names what will go."""
        path = self._need_session()
        if path is None:
            return
        from kit.store import delete_session, load_session, show_date
        from kit.tui.dialogs.confirm import ConfirmScreen

        try:
            log = load_session(path)
        except KitError as exc:
            self.kit.show_error(exc)
            return
        question = delete_question(log, path, show_date(log.session.date))

        def answered(yes: bool | None) -> None:
            if not yes:
                self.notify("Nothing was deleted.", timeout=3)
                return
            try:
                delete_session(path)
            except (KitError, OSError) as exc:
                self.kit.show_error(exc)
                return
            self.load_sessions()
            self.notify(f"Deleted {path.name}.", title="Deleted", markup=False)

        self.app.push_screen(ConfirmScreen(question, "Delete for good", "Keep it"), answered)

    def action_reload(self) -> None:
        """Read the sessions folder again."""
        self.load_sessions()
