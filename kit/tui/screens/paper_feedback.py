"""Paper feedback: type the code printed under a sheet's QR code, tick its answers, and save them."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Header, Input, Label, Static

from kit.errors import KitError
from kit.model import Ticket
from kit.store import find_ticket, format_code, load_session, normalise_code, record_paper_feedback
from kit.tui.screens.base import KitScreen
from kit.tui.widgets.answer import AnswerRow
from kit.tui.widgets.footer import KeyFooter


class PaperFeedbackScreen(KitScreen[None]):
    """One paper sheet at a time; saving stores the same record the feedback web page fills."""

    CSS_PATH = "paper_feedback.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save this sheet"),
        Binding("ctrl+n", "next_sheet", "Next sheet"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.session_path = path
        self.session_log = load_session(path)
        self.ticket: Ticket | None = None
        self.code = ""

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="pf-code-row"):
            yield Label("Code printed under the QR code on the sheet, then Enter:", id="pf-code-label")
            yield Input(placeholder="ABCDE-FGHJK", id="pf-code")
        yield VerticalScroll(id="pf-items")
        with Vertical(id="pf-comment-row"):
            yield Input(placeholder="Comment written on the sheet (optional); Enter saves", id="pf-comment")
            yield Static("", id="pf-status", markup=False)
        yield KeyFooter(show_command_palette=False)

    def on_mount(self) -> None:
        self.sub_title = f"Paper feedback: {self.session_log.session.title}"
        self.query_one("#pf-comment-row").display = False
        self.query_one("#pf-status", Static).update(f"{len(self.session_log.feedback)} sheets answered so far.")
        self.query_one("#pf-code", Input).focus()

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "pf-code":
            await self._open_sheet(event.value)
        elif event.input.id == "pf-comment":
            self.action_save()

    async def _open_sheet(self, typed: str) -> None:
        """Find the sheet with this code and list its items to answer."""
        code = normalise_code(typed)
        if not code:
            self.notify("Type the code printed under the QR code on the sheet.", severity="warning")
            return
        try:
            self.session_log = load_session(self.session_path)
        except KitError as exc:
            self.show_error(exc)
            return
        ticket = find_ticket(self.session_log, code=code)
        if ticket is None:
            self.notify(
                f"No feedback sheet of this session has the code {format_code(code)}. Check the code on the sheet.",
                severity="error",
            )
            return
        self.ticket, self.code = ticket, code
        earlier = next((f for f in self.session_log.feedback if f.token_hash == ticket.token_hash), None)
        items = self.query_one("#pf-items", VerticalScroll)
        await items.remove_children()
        widgets: list[Widget] = [Label(f"Sheet {format_code(code)}", classes="pf-sheet-title", markup=False)]
        for number, output_id in enumerate(ticket.items, start=1):
            output = self.session_log.output(output_id)
            response = self.session_log.responses.get(output_id)
            said = output.text if output else "(this output was withdrawn)"
            widgets.append(Static(f"{number}. You told us: {said}", classes="pf-said", markup=False))
            if response is not None:
                widgets.append(
                    Static(
                        f"   What happened: {response.status_label}. {response.text}",
                        classes="pf-happened",
                        markup=False,
                    )
                )
            answer = earlier.answers.get(output_id) if earlier else None
            widgets.append(AnswerRow(answer, comment=self.query_one("#pf-comment", Input), id=f"pf-answer-{number}"))
        await items.mount_all(widgets)
        self.query_one("#pf-comment-row").display = True
        self.query_one("#pf-comment", Input).value = earlier.comment if earlier else ""
        note = "This sheet was typed in before; saving replaces its answers." if earlier else ""
        self.query_one("#pf-status", Static).update(
            note or "For each item: y yes, p partly, n no (or arrows and Enter); c goes to the comment."
        )
        if ticket.items:
            self.query_one("#pf-answer-1", AnswerRow).focus()

    def action_save(self) -> None:
        """Save the ticked answers and the comment for this sheet."""
        if self.ticket is None:
            self.notify("Type the sheet's code and press Enter first.", severity="warning")
            return
        answers = {
            str(number): row.value
            for number in range(1, len(self.ticket.items) + 1)
            if (row := self.query_one(f"#pf-answer-{number}", AnswerRow)).value is not None
        }
        comment = self.query_one("#pf-comment", Input).value
        if not answers and not comment.strip():
            self.notify("Tick at least one answer, or type the comment, before saving.", severity="warning")
            return
        try:
            record_paper_feedback(self.session_path, self.code, answers, comment, roster=self.roster)
        except (KitError, OSError) as exc:
            self.show_error(exc)
            return
        self.notify(f"Saved sheet {format_code(self.code)}: {len(answers)} answers.")
        self.call_later(self.action_next_sheet)

    async def action_next_sheet(self) -> None:
        """Clear the form for the next paper sheet."""
        self.ticket, self.code = None, ""
        await self.query_one("#pf-items", VerticalScroll).remove_children()
        self.query_one("#pf-comment-row").display = False
        self.query_one("#pf-comment", Input).value = ""
        self.session_log = load_session(self.session_path)
        self.query_one("#pf-status", Static).update(f"{len(self.session_log.feedback)} sheets answered so far.")
        code = self.query_one("#pf-code", Input)
        code.value = ""
        code.focus()

    def action_back(self) -> None:
        """Back to Follow-up."""
        self.dismiss(None)
