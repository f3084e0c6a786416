"""Print: activity cards, the interpreter brief and feedback sheets of one session, written as PDFs in a worker."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Header, Input, Label, Select, Static, Switch

from kit.errors import InputError
from kit.i18n import SOURCE_LANGUAGE, available_languages
from kit.printables.jobs import (
    check_base_url,
    check_copies,
    default_base_url,
    free_name,
    prepare_folder,
    print_cards,
    printout_stem,
    printouts_folder,
)
from kit.store import load_session
from kit.tui.screens.base import KitScreen
from kit.tui.widgets.footer import KeyFooter

if TYPE_CHECKING:
    pass

PAPERS = (("A4", "a4"), ("Letter", "letter"))
KINDS = {"cards": "activity cards", "brief": "interpreter brief", "sheets": "feedback sheets", "agenda": "agenda"}
HOW_TO_PRINT = {"cards": " Print double-sided, flipping on the long edge: each back lands behind its front."}
WRITING = threading.Lock()  # one PDF at a time: reportlab's font registry is shared by every thread
SHEETS_NOTE = (
    "Each copy gets its own QR code and short code. Printing again makes new codes; "
    "the codes already printed still work."
)


class PrintScreen(KitScreen[None]):
    """Choose what to print for a session; each PDF is written in a worker while the screen stays usable."""

    CSS_PATH = "print.tcss"
    BINDINGS = [
        Binding("f5", "print_cards", "Print cards"),
        Binding("f6", "print_brief", "Print brief"),
        Binding("f7", "print_sheets", "Print sheets"),
        Binding("f8", "print_agenda", "Print agenda"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.session_path = path
        self.session_log = load_session(path)
        self.languages = available_languages()
        self.writing: set[str] = set()

    def _language(self) -> str:
        """The interpreter's language: the session's first non-English language with a catalogue, else English."""
        known = [c for c in self.session_log.session.languages if c in self.languages]
        return next((c for c in known if c != SOURCE_LANGUAGE), SOURCE_LANGUAGE)

    def _language_options(self) -> list[tuple[Text, str]]:
        """Each catalogue's code with the language's own name, as the feedback page's catalogues give it."""
        from kit.errors import KitError
        from kit.web.wording import load_wording

        try:
            names = {code: language.name for code, language in load_wording().items()}
        except KitError:
            names = {}
        return [(Text(f"{code} {names[code]}" if code in names else code), code) for code in self.languages]

    def compose(self) -> ComposeResult:
        languages = self._language_options()
        session = self.session_log.session
        yield Header()
        with VerticalScroll(id="print-form"):
            with Horizontal(classes="print-row"):
                yield Label("Paper", classes="print-label")
                yield Select(PAPERS, value="a4", allow_blank=False, id="print-paper")
                yield Label("Folder", classes="print-label print-label-short")
                yield Input(str(printouts_folder(self.kit.sessions)), id="print-folder")
            yield Static("Activity cards: the plan's activities, to hand out or keep", classes="print-heading")
            with Horizontal(classes="print-row"):
                yield Label("Large print", classes="print-label")
                yield Switch(False, id="print-large")
                yield Button("Print cards (F5)", id="print_cards")
            yield Static("Interpreter brief: give it to the interpreter a day before", classes="print-heading")
            with Horizontal(classes="print-row"):
                yield Label("Language", classes="print-label")
                yield Select(languages, value=self._language(), allow_blank=False, id="print-brief-language")
                yield Button("Print brief (F6)", id="print_brief")
            yield Static("Feedback sheets: one per young person", classes="print-heading")
            yield Static(SHEETS_NOTE, id="print-sheets-note")
            with Horizontal(classes="print-row"):
                yield Label("Copies", classes="print-label")
                yield Input(str(session.group_size or 1), type="integer", id="print-copies")
                yield Label("Language", classes="print-label print-label-short")
                yield Select(languages, value=self._language(), allow_blank=False, id="print-sheets-language")
            with Horizontal(classes="print-row"):
                yield Label("Base URL", classes="print-label")
                yield Input(default_base_url(), id="print-base-url")
                yield Button("Print sheets (F7)", id="print_sheets")
            yield Static(
                "Agenda: your run sheet with clock times, steps, materials, safety notes", classes="print-heading"
            )
            with Horizontal(classes="print-row"):
                yield Button("Print agenda (F8)", id="print_agenda")
        yield Static("", id="print-status", markup=False)
        yield KeyFooter(show_command_palette=False)

    def on_mount(self) -> None:
        self.sub_title = f"Print: {self.session_log.session.title}"
        self._show_status()
        self.query_one("#print_cards", Button).focus()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id in ("print_cards", "print_brief", "print_sheets", "print_agenda"):
            await self.run_action(event.button.id)

    # What each document needs from the form.

    def _value(self, selector: str) -> str:
        value = self.query_one(selector, Select).value
        return value if isinstance(value, str) else ""

    def _target(self, stem: str) -> Path:
        folder = prepare_folder(Path(self.query_one("#print-folder", Input).value.strip()), self.kit.sessions)
        session = self.session_log.session
        return free_name(folder, printout_stem(session.id, session.title, stem))

    def action_print_cards(self) -> None:
        """Write the activity cards of the plan (large print if switched on)."""
        large = self.query_one("#print-large", Switch).value
        paper = self._value("#print-paper")
        self._start("cards", "cards", lambda out: print_cards(self.session_path, out, large_print=large, paper=paper))

    def action_print_agenda(self) -> None:
        """Write the facilitator's agenda: clock times, steps, materials, safety notes, breaks, interpreting."""
        paper = self._value("#print-paper")

        def write(out: Path) -> None:
            from kit.printables.agenda import render_agenda

            render_agenda(self.session_path, out, paper=paper)

        self._start("agenda", "agenda", write)

    def action_print_brief(self) -> None:
        """Write the interpreter brief in the chosen language."""
        language, paper = self._value("#print-brief-language"), self._value("#print-paper")

        def write(out: Path) -> None:
            from kit.printables.brief import render_brief

            render_brief(self.session_path, out, language=language, paper=paper)

        self._start("brief", f"brief-{language}", write)

    def action_print_sheets(self) -> None:
        """Write feedback sheets, each with its own new code (issued in the session file)."""
        language, paper = self._value("#print-sheets-language"), self._value("#print-paper")
        try:
            typed = self.query_one("#print-copies", Input).value.strip()
            if not typed.isdigit():
                raise InputError("Type how many sheets to print (a whole number, one per young person).")
            copies = check_copies(int(typed))
            base_url = check_base_url(self.query_one("#print-base-url", Input).value)
        except InputError as exc:
            self.kit.show_error(exc)
            return

        def write(out: Path) -> None:
            from kit.printables.sheets import render_sheets

            render_sheets(
                self.session_path, out, copies, base_url, language=language, paper=paper, on_missing=say_missing
            )

        def say_missing(items: list) -> None:  # a sheet never mixes languages silently
            numbers = ", ".join(str(item.number) for item in items)
            message = (
                f"Not yet in {language}: item(s) {numbers}, printed in English and marked on the sheet. "
                "Add their words with 'codesign-kit translations' or 'edit --sheet-text'."
            )
            self.app.call_from_thread(self.app.notify, message, severity="warning", timeout=15, markup=False)

        self._start("sheets", f"sheets-{language}", write)

    # Writing in a worker.

    def _start(self, kind: str, stem: str, write: Callable[[Path], object]) -> None:
        if kind in self.writing:
            self.notify(f"The {KINDS[kind]} are still being written; wait a moment.", severity="warning")
            return
        try:
            out = self._target(stem)
        except (InputError, OSError) as exc:
            self.kit.show_error(exc)
            return
        self.writing.add(kind)
        self._show_status()
        self.run_worker(lambda: self._write(kind, out, write), thread=True, group="print", name=f"print {kind}")

    def _write(self, kind: str, out: Path, write: Callable[[Path], object]) -> None:
        """Runs in a thread: write the PDF, then report back on the app's loop."""
        try:
            with WRITING:
                write(out)
        except Exception as exc:  # every failure becomes a notification, never a traceback
            self.app.call_from_thread(self._finished, kind, None, exc)
            return
        self.app.call_from_thread(self._finished, kind, out, None)

    def _finished(self, kind: str, out: Path | None, error: Exception | None) -> None:
        self.writing.discard(kind)
        if error is not None:
            self.kit.show_error(error)
        elif out is not None:
            message = f"Wrote the {KINDS[kind]} to {out}.{HOW_TO_PRINT.get(kind, '')}"
            self.app.notify(message, title="Printed", timeout=10, markup=False)
        if self.is_mounted:
            self._show_status(out)

    def _show_status(self, last: Path | None = None) -> None:
        busy = ", ".join(KINDS[k] for k in KINDS if k in self.writing)
        if busy:
            text = f"Writing the {busy}... (you can keep working)"
        elif last is not None:
            text = f"Last written: {last}"
        else:
            text = "F5 cards · F6 brief · F7 sheets · F8 agenda · nothing is ever overwritten"
        self.query_one("#print-status", Static).update(text)
        self.query_one("#print-status").set_class(bool(busy), "-busy")

    def action_back(self) -> None:
        """Back (PDFs still being written are finished in the background)."""
        self.dismiss(None)
