"""Follow-up: what happened to each output, which go on the feedback sheet, and what young people said back."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, DataTable, Header, Input, Label, RadioSet, Static

from kit.errors import KitError
from kit.library import find_activity
from kit.model import ANSWERS, SOURCE_LANGUAGE, STATUSES, Output, Response, SessionLog
from kit.store import edit_output, load_session, record_response, restore_response, set_on_sheet, withdraw_output
from kit.tui.screens.base import KitScreen
from kit.tui.widgets.answer import ChoiceRow
from kit.tui.widgets.feedback_page import FeedbackPage
from kit.tui.widgets.footer import KeyFooter

POLL_SECONDS = 2.0
FIXED_COLUMNS = (("What happened", 16), ("Sheet", 5), ("Yes/Partly/No", 13))
STATUS_KEYS = {"acted": "a", "passed-on": "p", "considering": "c", "not-possible": "x"}
SHORT_LABELS = {"considering": "Considering"}  # so the four choices fit 80 columns


class FollowUpScreen(KitScreen[None]):
    """Every output with its 'what happened', edited in place; refreshes when feedback arrives on disk."""

    CSS_PATH = "follow_up.tcss"
    BINDINGS = [
        *(
            # Priority keys, taken when the app takes each key in (never while a text box has the focus), so a
            # sentence typed straight after one lands in its box even when the laptop lags behind the typing.
            Binding(
                key,
                f"status('{status}')",
                STATUSES[status],
                show=False,
                tooltip=f"{STATUSES[status]} (one key)",
                priority=True,
            )
            for status, key in STATUS_KEYS.items()
        ),
        Binding("ctrl+z", "undo", "Undo", tooltip="Undo the last change of what happened or of the sheet box"),
        Binding("ctrl+s", "save", "Save", show=False, tooltip="Save what happened to the highlighted output"),
        Binding("f4", "paper_feedback", "Paper", tooltip="Type in a paper feedback sheet by its short code"),
        Binding("f6", "print", "Print", tooltip="Print cards, the interpreter brief or feedback sheets"),
        Binding("f8", "withdraw", "Withdraw", tooltip="Delete an output a young person withdrew (asks first)"),
        Binding(
            "ctrl+e", "edit_output", "Edit", tooltip="Correct the output's words and tags", show=False, priority=True
        ),
        Binding("f9", "feedback_page", "Phone", tooltip="Start or stop the feedback page for phones"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.session_path = path
        self.session_log: SessionLog = load_session(path)
        self.current: str | None = None
        self.undo: list[tuple[str, Response | None]] = []  # (output, what happened before the change)
        self._mtime = self._disk_mtime()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="fu-summary", markup=False)
        yield DataTable(cursor_type="row", zebra_stripes=True, id="fu-table")
        with Vertical(id="fu-detail"):
            yield Static("", id="fu-said", markup=False)
            yield ChoiceRow(
                {k: f"{SHORT_LABELS.get(k, label)} ({STATUS_KEYS[k]})" for k, label in STATUSES.items()}, id="fu-status"
            )
            with Horizontal(id="fu-response-row"):
                yield Input(placeholder="What happened? Enter saves", id="fu-text")
                yield Checkbox("On the sheet", True, id="fu-sheet")
            yield Input(
                placeholder="Words for the sheet, plain and short (empty: as said). Enter saves", id="fu-sheet-text"
            )
            yield Static("", id="fu-feedback", markup=False)
        yield FeedbackPage(self.session_path.parent, id="fu-page")
        yield KeyFooter(show_command_palette=False)

    def on_mount(self) -> None:
        self.sub_title = f"Follow-up: {self.session_log.session.title}"
        self._show_log(keep=None)
        self.query_one(DataTable).focus()
        self.set_interval(POLL_SECONDS, self._check_disk)

    def on_resize(self) -> None:
        if self.is_mounted:
            self._show_log(keep=self.current)

    # Reading the session, now and when it changes on disk.

    def _disk_mtime(self) -> float:
        try:
            return self.session_path.stat().st_mtime
        except OSError:
            return 0.0

    def _check_disk(self) -> None:
        """Reload in a worker if the file changed (feedback from the web page, another window)."""
        mtime = self._disk_mtime()
        if mtime != self._mtime:
            self._mtime = mtime
            self.run_worker(self._reload_in_thread, thread=True, exclusive=True, group="reload")

    def _reload_in_thread(self) -> None:
        try:
            log = load_session(self.session_path)
        except KitError as exc:
            self.app.call_from_thread(self.show_error, exc)
            return
        self.app.call_from_thread(self._apply, log)

    def _apply(self, log: SessionLog) -> None:
        self.session_log = log
        self._show_log(keep=self.current)

    def reload(self, row: int = 0) -> None:
        """Read the file again now (after this screen's own change); without a current output, go to row."""
        try:
            self.session_log = load_session(self.session_path)
        except KitError as exc:
            self.show_error(exc)
            return
        self._mtime = self._disk_mtime()
        self._show_log(keep=self.current, row=row)

    # Showing it.

    def _show_log(self, keep: str | None, row: int = 0) -> None:
        log = self.session_log
        responded = sum(1 for o in log.outputs if o.id in log.responses)
        plural = "" if len(log.outputs) == 1 else "s"
        self.query_one("#fu-summary", Label).update(
            f"{len(log.outputs)} output{plural} · {responded} with what happened"
            f" · {len(log.sheet_items())} on the sheet · {len(log.feedback)}/{len(log.tickets)} sheets back"
        )
        table = self.query_one(DataTable)
        counts = log.feedback_counts()
        fixed = sum(w + 2 for _, w in FIXED_COLUMNS) + 2
        said_width = max(20, self.app.size.width - fixed - 4)
        table.clear(columns=True)
        table.add_column("You said", width=said_width)
        for label, width in FIXED_COLUMNS:
            table.add_column(label, width=width)
        for output in log.outputs:
            response = log.responses.get(output.id)
            c = counts[output.id]
            table.add_row(
                Text(output.text.replace("\n", " ")),
                Text(response.status_label if response else "-"),
                Text(("yes" if response.on_sheet else "no") if response else "-"),
                Text(" / ".join(str(c[a]) for a in ANSWERS)),
                key=output.id,
            )
        if not log.outputs:
            self.current = None
            self.query_one("#fu-detail").display = False
            self.query_one("#fu-summary", Label).update("No outputs yet: capture some on the Run screen first.")
            return
        self.query_one("#fu-detail").display = True
        ids = [o.id for o in log.outputs]
        row = ids.index(keep) if keep in ids else min(row, len(ids) - 1)
        table.move_cursor(row=row, animate=False)
        self._show_detail(ids[row], refresh_fields=ids[row] != self.current)

    def _show_detail(self, output_id: str, refresh_fields: bool) -> None:
        """Show one output; its status, text and sheet box are refilled only when moving to another output."""
        output = self.session_log.output(output_id)
        if output is None:
            return
        self.current = output_id
        known = find_activity(output.activity)
        activity = known.title if known else output.activity
        self.query_one("#fu-said", Static).update(f"You said ({activity}): {output.text}")
        response = self.session_log.responses.get(output_id)
        if refresh_fields:
            self.query_one("#fu-sheet-text", Input).value = output.sheet_text.get(SOURCE_LANGUAGE, "")
        if refresh_fields or not self._dirty():
            self.query_one(ChoiceRow).choose(response.status if response else None)
            self.query_one("#fu-text", Input).value = response.text if response else ""
            with self.prevent(Checkbox.Changed):
                self.query_one(Checkbox).value = response.on_sheet if response else True
        self._show_feedback(output)

    def _show_feedback(self, output: Output) -> None:
        c = self.session_log.feedback_counts()[output.id]
        comments = [f.comment for f in self.session_log.feedback if f.comment and output.id in f.answers]
        line = f"Feedback: {c['yes']} yes · {c['partly']} partly · {c['no']} no"
        if comments:
            line += "\n" + "\n".join(f'"{text}"' for text in comments)
        self.query_one("#fu-feedback", Static).update(line)

    def _dirty(self) -> bool:
        """Whether the 'what happened' box holds text that is not saved yet."""
        stored = self.session_log.responses.get(self.current or "")
        return self.query_one("#fu-text", Input).value.strip() != (stored.text if stored else "")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        # Rebuilding the table posts highlights for rows the cursor has already left: ignore those.
        if event.cursor_row != event.data_table.cursor_row:
            return
        key = event.row_key.value
        if key is not None and key != self.current:
            self._show_detail(key, refresh_fields=True)

    # Saving as it happens.

    def action_save(self) -> None:
        """Save the status and 'what happened' text of the chosen output."""
        self._save(quiet=False)

    def _save(self, quiet: bool) -> bool:
        """Save the status and text shown if they are complete and changed; whether anything was saved."""
        if self.current is None:
            return False
        status = self.query_one(ChoiceRow).value
        text = self.query_one("#fu-text", Input).value
        stored = self.session_log.responses.get(self.current)
        if stored and stored.status == status and stored.text == text.strip():
            return False
        if status is None:
            if not quiet:
                self.notify(
                    "Choose what happened first: a acted on, p passed on, c being considered, x not possible.",
                    severity="warning",
                )
            return False
        if not text.strip():
            if not quiet:
                self.notify("Write in a sentence what happened, then press Enter.", severity="warning")
            return False
        try:
            record_response(
                self.session_path,
                self.current,
                status,
                text.strip(),
                on_sheet=self.query_one(Checkbox).value,
                roster=self.roster,
            )
        except (KitError, OSError) as exc:
            self.show_error(exc)
            return False
        self.undo.append((self.current, stored))
        self.notify(f"Saved: {STATUSES[status]}. Ctrl+Z undoes it.")
        self.reload()
        self.query_one("#fu-text", Input).value = self.session_log.responses[self.current].text
        return True

    def save_now(self) -> None:
        """Save the typed 'what happened' if it is complete (the app calls this before it stops on an error)."""
        self._save(quiet=True)

    def _save_sheet_text(self) -> None:
        """Save the words young people read on the sheet for this output, if they changed."""
        output = self.session_log.output(self.current or "")
        if output is None:
            return
        typed = self.query_one("#fu-sheet-text", Input).value.strip()
        if typed == output.sheet_text.get(SOURCE_LANGUAGE, ""):
            return
        try:
            edit_output(self.session_path, output.id, sheet_text=typed, roster=self.roster)
        except (KitError, OSError) as exc:
            self.show_error(exc)
            return
        self.notify("Saved the words for the sheet." if typed else "The sheet shows what was said.")
        self.reload()
        saved = self.session_log.output(output.id)
        self.query_one("#fu-sheet-text", Input).value = saved.sheet_text.get(SOURCE_LANGUAGE, "") if saved else ""

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter saves, then goes back to the list on the next output."""
        if event.input.id == "fu-text" and (self._save(quiet=False) or not self._dirty()):
            table = self.query_one(DataTable)
            table.focus()
            if table.cursor_row + 1 < table.row_count:
                table.move_cursor(row=table.cursor_row + 1)
        elif event.input.id == "fu-sheet-text":
            self._save_sheet_text()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The one-key statuses are not keys while a text box has the focus: there a letter is a letter."""
        if action == "status" and isinstance(self.focused, Input):
            return False
        return True

    def action_status(self, status: str) -> None:
        """Choose what happened with one key; then write (or change) the sentence below."""
        if self.current is None:
            return
        self.query_one(ChoiceRow).choose(status)  # saves at once if the sentence is there already
        if not self.query_one("#fu-text", Input).value.strip():
            self.set_focus(self.query_one("#fu-text", Input))  # at once: the next key goes to the box

    def action_undo(self) -> None:
        """Put back what happened to an output as it was before the last change made here."""
        if not self.undo:
            self.notify("Nothing to undo on this screen.")
            return
        output_id, before = self.undo.pop()
        try:
            restore_response(self.session_path, output_id, before)
        except (KitError, OSError) as exc:
            self.show_error(exc)
            return
        self.current = None  # refill the fields from the file
        self.reload()
        ids = [o.id for o in self.session_log.outputs]
        if output_id in ids:
            self.query_one(DataTable).move_cursor(row=ids.index(output_id))
        self.notify("Undone: " + (f"back to {before.status_label}." if before else "no 'what happened' again."))

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        self._save(quiet=True)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if event.widget.id == "fu-text":
            self._save(quiet=True)
        elif event.widget.id == "fu-sheet-text":
            self._save_sheet_text()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        before = self.session_log.responses.get(self.current or "")
        if self.current is None or before is None or before.on_sheet == event.value:
            return
        try:
            set_on_sheet(self.session_path, self.current, event.value)
        except (KitError, OSError) as exc:
            self.show_error(exc)
            return
        self.undo.append((self.current, before))
        self.notify("On the feedback sheet." if event.value else "Left off the feedback sheet.")
        self.reload()

    # Withdrawing, paper feedback, leaving.

    def action_edit_output(self) -> None:
        """Correct the highlighted output (scrubbed again with the roster in memory)."""
        from kit.tui.dialogs.edit_output import EditOutputScreen

        outputs = [o for o in self.session_log.outputs if not o.deleted]
        if not outputs or self.current is None:
            self.notify("Highlight an output first.")
            return
        self.app.push_screen(EditOutputScreen(self.session_path, outputs, self.current, self.roster), self._edited)

    def _edited(self, output: Output | None) -> None:
        if output is not None:
            self.session_log = load_session(self.session_path)
            self._show_log(keep=output.id)

    def action_withdraw(self) -> None:
        """Delete the chosen output because a young person withdrew it (asks first)."""
        from kit.tui.dialogs.withdraw import WithdrawScreen

        output = self.session_log.output(self.current or "")
        if output is not None:
            self.app.push_screen(WithdrawScreen(output.text), lambda yes: self._withdraw(output.id, yes))

    def _withdraw(self, output_id: str, yes: bool | None) -> None:
        if not yes:
            return
        try:
            withdraw_output(self.session_path, output_id)
        except (KitError, OSError) as exc:
            self.show_error(exc)
            return
        self.notify("The output and its 'what happened' were deleted.")
        row = self.query_one(DataTable).cursor_row
        self.undo = [(o, r) for o, r in self.undo if o != output_id]
        self.current = None
        self.reload(row=row)

    def action_paper_feedback(self) -> None:
        """Type in the answers from paper feedback sheets."""
        from kit.tui.screens.paper_feedback import PaperFeedbackScreen

        try:
            self.app.push_screen(PaperFeedbackScreen(self.session_path), lambda _: self.reload())
        except KitError as exc:
            self.show_error(exc)

    def action_print(self) -> None:
        """Print the feedback sheets (or the cards and the brief) of this session."""
        from kit.tui.screens.print import PrintScreen

        try:
            self.app.push_screen(PrintScreen(self.session_path), lambda _: self.reload())
        except KitError as exc:
            self.show_error(exc)

    def action_feedback_page(self) -> None:
        """Start or stop the feedback page that the sheets' QR codes open; answers show here as they come."""
        self.query_one(FeedbackPage).toggle()

    def action_back(self) -> None:
        """Leave follow-up (anything typed and not yet saved is saved if it can be)."""
        self._save(quiet=True)
        self.dismiss(None)
