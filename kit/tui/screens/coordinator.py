"""Coordinator: collate a folder of session logs from many laptops, see the picture, filter, export."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Header, Input, Select, Static
from textual.worker import get_current_worker

from kit.collate import NO_RESPONSE, Collation, OutputRow, Summary, filter_rows, output_rows, restrict, summarise
from kit.collate.exports import exports_folder, write_private_exports
from kit.model import ANSWERS, STATUSES
from kit.tui.screens.base import KitScreen
from kit.tui.widgets.footer import KeyFooter
from kit.vocab import load_principles, load_themes

BAR_WIDTH = 18
MAX_SHOWN = 1000  # rows in the table; the exports hold every output
COLUMNS = ("Date", "Art.", "What was said", "What happened", "Yes/Partly/No")
LABEL_WIDTH = 30
WIDE = 110  # from this many columns the bars have room for whole labels
FEEDBACK_CHOICES = [
    ("Someone said yes", "yes"),
    ("Someone said partly", "partly"),
    ("Someone said no", "no"),
    ("Any feedback", "any"),
    ("No feedback yet", "none"),
]


def plural(count: int) -> str:
    """'s' unless there is exactly one."""
    return "" if count == 1 else "s"


def principle_bars(summary: Summary, width: int = BAR_WIDTH, label_width: int = LABEL_WIDTH) -> Text:
    """One bar a principle, in its colour, scaled to the largest count."""
    principles = load_principles()
    top = max(summary.by_principle.values(), default=0) or 1
    text = Text()
    for article, count in summary.by_principle.items():
        principle = principles.get(article)
        label = principle.label if principle else f"Art. {article}"
        length = round(width * count / top)
        short = label if len(label) <= label_width else label[: label_width - 1] + "…"
        text.append(f"{short:<{label_width}} ")
        text.append("█" * length or "▏", style=principle.colour if principle else "")
        text.append(f" {count}\n")
    return text


def summary_text(summary: Summary, collation: Collation, rows: list[OutputRow]) -> str:
    """The figures beside the bars, in short lines: sessions, outputs, shares, feedback, problems."""
    s = summary
    answers = {a: sum(row.feedback[a] for row in rows) for a in ANSWERS}
    lines = [
        f"{s.sessions} session{plural(s.sessions)} · {collation.files} file{plural(collation.files)}"
        f" · {s.outputs} output{plural(s.outputs)}",
        f"What happened: {s.responded} ({s.share(s.responded):.0%}) · on sheets: {s.share(s.on_sheet):.0%}",
        f"Sheets back: {s.feedback_sheets} · " + " · ".join(f"{a} {answers[a]}" for a in ANSWERS),
        f"Withdrawn and left out: {s.withdrawn}",
    ]
    if collation.problems or collation.conflicts:
        lines.append(f"Skipped files: {len(collation.problems)} · edited twice: {len(collation.conflicts)}")
    return "\n".join(lines)


def export_hint(shown: int, total: int) -> str:
    """What the two export keys write now: the filtered rows, or all of them."""
    if shown == total:
        return f"Ctrl+S or Ctrl+E writes all {total} output{plural(total)} (CSV + JSON)."
    return f"Ctrl+S writes the {shown} output{plural(shown)} shown; Ctrl+E writes all {total}."


def row_cells(row: OutputRow) -> tuple[Text, ...]:
    """A table row: date, principles, text, what happened, feedback counts (plain text: '[name]' stays)."""
    r = row.response
    happened = f"{r.status_label}: {r.text}" if r else "-"
    heard = " / ".join(str(row.feedback[a]) for a in ANSWERS) if any(row.feedback.values()) else "-"
    principles = ",".join(map(str, row.output.principles))
    cells = (row.session.date, principles, row.output.text.replace("\n", " "), happened.replace("\n", " "), heard)
    return tuple(Text(cell) for cell in cells)


class CoordinatorScreen(KitScreen[None]):
    """Collate a folder of session files (searched with its subfolders) and export the picture."""

    CSS_PATH = "coordinator.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+r", "collate", "Collate"),
        Binding("ctrl+s", "export(True)", "Export shown", tooltip="Write the outputs the filters show", priority=True),
        Binding(
            "ctrl+e", "export(False)", "Export all", tooltip="Write every output, whatever the filters", priority=True
        ),
        Binding("ctrl+f", "filter", "Filter", show=False, tooltip="Move to the filters"),
        Binding("ctrl+l", "clear_filters", "Clear filters", show=False, tooltip="Show every output again"),
    ]

    def __init__(self, folder: Path | None = None) -> None:
        super().__init__()
        self.folder = folder
        self.collation: Collation | None = None
        self.summary: Summary | None = None
        self.rows: list[OutputRow] = []
        self.picked: list[OutputRow] = []
        self.shown: list[OutputRow] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="coordinator"):
            with Horizontal(classes="coordinator-row"):
                yield Static("Sessions:", classes="coordinator-label")
                yield Input(placeholder="a folder of session files (subfolders too)", id="co-folder", compact=True)
            with Horizontal(classes="coordinator-row"):
                yield Static("Exports:", classes="coordinator-label")
                yield Input(placeholder="a folder for the CSV and JSON files", id="co-export", compact=True)
            yield Static("Type a folder and press Enter to collate it.", id="coordinator-status", markup=False)
            with Horizontal(id="coordinator-picture"):
                yield Static("", id="co-summary", markup=False)
                yield Static("", id="co-bars")
            with Horizontal(id="co-filters"):
                principles = [(Text(f"Art. {a}"), a) for a in load_principles()]
                themes = [(Text(t.name), t.id) for t in load_themes().values()]
                statuses = [(Text(label), key) for key, label in STATUSES.items()]
                statuses.append((Text("No 'what happened'"), NO_RESPONSE))
                feedback = [(Text(label), key) for label, key in FEEDBACK_CHOICES]
                yield Select(principles, prompt="Any principle", id="co-principle", compact=True)
                yield Select(themes, prompt="Any theme", id="co-theme", compact=True)
                yield Select(statuses, prompt="Any status", id="co-status", compact=True)
                yield Select(feedback, prompt="Any feedback", id="co-feedback", compact=True)
            yield DataTable(id="co-outputs", cursor_type="row", zebra_stripes=True)
        yield KeyFooter(show_command_palette=False)

    def on_mount(self) -> None:
        self.sub_title = "Coordinator: collate and export"
        folder = self.folder or getattr(self.app, "sessions", None) or Path.cwd()
        self.query_one("#co-folder", Input).value = str(folder)
        self.query_one("#co-export", Input).value = str(exports_folder(self.app.sessions))  # type: ignore[attr-defined]
        self._add_columns()
        self.query_one("#co-folder", Input).focus()

    def _add_columns(self) -> None:
        """The table's columns: the two texts share the width the others leave (rows fit 80 columns)."""
        table = self.query_one(DataTable)
        table.clear(columns=True)
        wide = self.app.size.width >= WIDE
        heard = 13 if wide else 9
        free = max(40, self.app.size.width - 10 - 5 - heard - 2 * 5 - 4)  # cell padding, border, scrollbar
        said = free * 11 // 20
        labels = (*COLUMNS[:4], COLUMNS[4] if wide else "Y/P/N")
        for key, label, width in zip(COLUMNS, labels, (10, 5, said, free - said, heard), strict=True):
            table.add_column(label, key=key, width=width)

    def on_resize(self) -> None:
        if self.is_mounted:
            self._add_columns()
            self.refresh_table()
            if self.summary is not None and self.collation is not None:
                self._show_picture(self.summary, self.collation)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "co-folder":
            self.action_collate()
        else:
            self.action_export(shown_only=True)

    def action_collate(self) -> None:
        """Collate the folder typed above (in a worker: a big folder never freezes the screen)."""
        typed = self.query_one("#co-folder", Input).value.strip()
        folder = Path(typed).expanduser()
        if not typed or not folder.is_dir():
            self.notify(f"{folder} is not a folder. Type the folder that holds the session files.", severity="error")
            return
        self.set_status(f"Collating {folder} ...")
        self.run_collation(folder)

    @work(thread=True, exclusive=True, group="collate")
    def run_collation(self, folder: Path) -> None:
        """Read and merge every session file under folder, reporting progress now and then."""
        from kit.collate import collate

        worker = get_current_worker()

        def progress(files: int) -> None:
            if files % 200 == 0 and not worker.is_cancelled:
                self.app.call_from_thread(self.set_status, f"Collating {folder}: {files} files read ...")

        try:
            collation = collate([folder], progress=progress)
            summary = summarise(collation)
            rows = list(output_rows(collation))
        except Exception as exc:  # shown as a notification, never a traceback
            self.app.call_from_thread(self.show_error, exc)
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self.show_collation, collation, summary, rows)

    def show_error(self, exc: Exception) -> None:
        self.set_status("Could not collate; see the message.")
        self.show_error(exc)

    def set_status(self, text: str) -> None:
        self.query_one("#coordinator-status", Static).update(text)

    def show_collation(self, collation: Collation, summary: Summary, rows: list[OutputRow]) -> None:
        """Show the summary, the bars and the outputs that match the filters."""
        self.collation, self.rows, self.summary = collation, rows, summary
        self._show_picture(summary, collation)
        self.refresh_table()
        if collation.problems:
            self.notify("\n".join(collation.problems[:3]), title="Files skipped", severity="warning", timeout=8)
        if collation.conflicts:
            lines = [c.describe() for c in collation.conflicts[:3]]
            self.notify("\n".join(lines), title="Edited in two places", severity="warning", timeout=12)

    def _show_picture(self, summary: Summary, collation: Collation) -> None:
        """The figures and the bars, narrower when the terminal is."""
        wide = self.app.size.width >= WIDE
        self.query_one("#co-summary", Static).update(summary_text(summary, collation, self.rows))
        bars = principle_bars(summary, BAR_WIDTH if wide else 10, LABEL_WIDTH if wide else 22)
        self.query_one("#co-bars", Static).update(bars)

    def _selected(self, select_id: str) -> object | None:
        value = self.query_one(select_id, Select).value
        return None if value is Select.NULL else value

    def refresh_table(self) -> None:
        """Fill the table with the outputs that match every filter."""
        picked = filter_rows(
            self.rows,
            principle=self._selected("#co-principle"),  # type: ignore[arg-type]
            theme=self._selected("#co-theme"),  # type: ignore[arg-type]
            status=self._selected("#co-status"),  # type: ignore[arg-type]
            feedback=self._selected("#co-feedback"),  # type: ignore[arg-type]
        )
        self.picked = picked
        table = self.query_one(DataTable)
        table.clear()
        self.shown = picked[:MAX_SHOWN]
        for index, row in enumerate(self.shown):
            table.add_row(*row_cells(row), key=f"{row.session.id}/{row.output.id}/{index}")
        shown = f"first {MAX_SHOWN} of " if len(picked) > MAX_SHOWN else ""
        table.border_title = f"{shown}{len(picked)} of {len(self.rows)} outputs"
        if self.collation is not None:
            self.set_status(export_hint(len(picked), len(self.rows)))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a row shows the whole output and what happened (the table cuts long texts)."""
        if 0 <= event.cursor_row < len(self.shown):
            row = self.shown[event.cursor_row]
            happened = f"{row.response.status_label}: {row.response.text}" if row.response else "not recorded yet"
            title = f"{row.session.date} · {row.session.title}"
            self.notify(f"{row.output.text}\n\nWhat happened: {happened}", title=title, timeout=15)

    def on_select_changed(self, event: Select.Changed) -> None:
        if self.collation is not None:
            self.refresh_table()

    def action_filter(self) -> None:
        """Move to the filters."""
        self.query_one("#co-principle", Select).focus()

    def action_clear_filters(self) -> None:
        """Show every output again."""
        for select_id in ("#co-principle", "#co-theme", "#co-status", "#co-feedback"):
            self.query_one(select_id, Select).clear()
        self.query_one(DataTable).focus()

    def action_export(self, shown_only: bool) -> None:
        """Write the CSV and JSON exports of the outputs shown (or of all) into the export folder, 0600."""
        if self.collation is None:
            self.notify("Collate a folder first (type it and press Enter).", severity="warning")
            return
        typed = self.query_one("#co-export", Input).value.strip()
        if not typed:
            self.notify("Type the folder for the exports (it is made if it does not exist).", severity="error")
            return
        folder = Path(typed).expanduser()
        if folder.exists() and not folder.is_dir():
            self.notify(f"{folder} is a file, not a folder. Type a folder for the exports.", severity="error")
            return
        filtered = shown_only and len(self.picked) != len(self.rows)
        collation = restrict(self.collation, self.picked) if filtered else self.collation
        what = f"the {len(self.picked)} outputs shown" if filtered else f"all {len(self.rows)} outputs"
        self.run_export(collation, folder, what)

    @work(thread=True, exclusive=True, group="export")
    def run_export(self, collation: Collation, folder: Path, what: str) -> None:
        """Write both exports in a worker and say what went where."""
        stem = f"collated-{datetime.now():%Y%m%d-%H%M%S}"
        number = 1
        while (folder / f"{stem}.csv").exists() or (folder / f"{stem}.json").exists():
            number += 1
            stem = f"collated-{datetime.now():%Y%m%d-%H%M%S}-{number}"
        try:
            write_private_exports(collation, folder, stem)
        except Exception as exc:  # shown as a notification, never a traceback
            self.app.call_from_thread(self.show_error, exc)
            return
        message = f"Wrote {what} to {stem}.csv and {stem}.json in {folder} (readable by you only)."
        self.app.call_from_thread(self.notify, message, title="Exported")

    def action_back(self) -> None:
        """Back to Home."""
        self.app.pop_screen()
