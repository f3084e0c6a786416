"""The facilitator's app: wiring only (screens, app-wide keys, theme, command palette)."""

from __future__ import annotations

import argparse
import importlib
import os
import traceback
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from time import monotonic

from rich.text import Text
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen

from kit.errors import KitError
from kit.places import sessions_folder_choice
from kit.tui.settings import load_settings, save_setting
from kit.tui.themes import CALM, HIGH_CONTRAST

SESSION_COMMANDS = (
    ("Run this session", "Roster, then step by step", "open_run"),
    ("Follow up this session", "What happened to each output", "open_follow_up"),
    ("Edit this plan", "Change the plan of this session", "open_plan"),
    ("Paper feedback", "Type in answers from paper sheets", "open_paper_feedback"),
    ("Print", "Activity cards, interpreter brief, feedback sheets", "open_print"),
)


class KitApp(App[None]):
    """Plan, run, capture and follow up workshops; every screen is pushed from here or from Home."""

    TITLE = "codesign-kit"
    SUB_TITLE = "youth co-design workshops"
    CSS_PATH = "app.tcss"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("f1", "help", "Help"),
        Binding("question_mark", "help", "Help", show=False),
        Binding("ctrl+t", "toggle_contrast", "High contrast", show=False),
    ]

    def __init__(
        self, sessions: Path, open_session: Path | None = None, *, clock: Callable[[], float] = monotonic
    ) -> None:
        super().__init__()
        self.sessions = sessions
        self.open_session = open_session
        self.clock = clock  # seconds; tests pass their own and move it by hand
        # Memory only, never written: the roster, today's safeguarding lead, when each run's clock started.
        self.roster: list[str] = []
        self.roster_session: Path | None = None
        self.safeguarding_lead = ""
        self.run_started: dict[Path, tuple[float, float]] = {}  # clock, planned seconds
        self.library_filters: dict[str, object] = {}  # the library's search and filters while the app runs

    def on_mount(self) -> None:
        """Register the themes, apply the remembered choice and show the first screen."""
        self.register_theme(CALM)
        self.register_theme(HIGH_CONTRAST)
        self.theme = HIGH_CONTRAST.name if load_settings().get("high_contrast") else CALM.name
        self.push_screen(self.first_screen())

    def first_screen(self) -> Screen:
        """Home, where every other screen is opened from (tests of one screen start on that screen)."""
        from kit.tui.screens.home import HomeScreen

        return HomeScreen(select=self.open_session)

    @property
    def high_contrast(self) -> bool:
        """Whether the high-contrast theme is showing."""
        return self.theme == HIGH_CONTRAST.name

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Show a notification as plain text: the kit's messages carry typed words, never markup."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def _handle_exception(self, error: Exception) -> None:
        """An error nobody expected: save what can be saved, then end with one line and a non-zero code."""
        for screen in self.screen_stack:
            save_now = getattr(screen, "save_now", None)
            if callable(save_now):
                try:
                    save_now()
                except Exception:  # the process is ending anyway; a second error must not hide the first
                    pass
        super()._handle_exception(error)
        self._exit_renderables[:] = [Text(crash_line(error), no_wrap=True, overflow="ignore")]

    def show_error(self, exc: Exception) -> None:
        """Show an error the facilitator can act on as a notification, never a traceback."""
        if isinstance(exc, KitError):
            message = str(exc)
        elif isinstance(exc, PermissionError):
            message = f"Permission denied for {exc.filename}. Choose a folder you can write to."
        elif isinstance(exc, OSError):
            message = f"{exc.strerror or exc} ({exc.filename or 'no file'}). Nothing was changed."
        else:
            message = f"Something went wrong ({type(exc).__name__}: {exc}). Nothing was changed."
        self.notify(message, title="Could not do that", severity="error", timeout=10, markup=False)

    async def action_quit(self) -> None:
        """Quit; ask first if a screen holds unsaved changes or a roster is held (it would be typed again)."""
        unsaved = any(getattr(screen, "unsaved", False) for screen in self.screen_stack)
        if not unsaved and not self.roster:
            self.exit()
            return
        from kit.tui.dialogs.confirm import ConfirmScreen

        def answered(leave: bool | None) -> None:
            if leave:
                self.exit()

        if unsaved:
            question = "Something on screen is not saved yet. Quit and lose it?"
        else:
            count = len(self.roster)
            question = (
                f"Quit the kit? The roster ({count} first name{'' if count == 1 else 's'}) and today's safeguarding "
                "lead are forgotten and must be typed again to carry on. Everything captured is saved."
            )
        if not isinstance(self.screen, ConfirmScreen):
            self.push_screen(ConfirmScreen(question, "Quit", "Stay"), answered)

    def action_help(self) -> None:
        """Show every key of this screen and of the app."""
        from kit.tui.dialogs.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_toggle_contrast(self) -> None:
        """Switch the high-contrast theme on or off and remember the choice."""
        on = not self.high_contrast
        self.theme = HIGH_CONTRAST.name if on else CALM.name
        try:
            save_setting("high_contrast", on)
        except OSError as exc:
            self.notify(f"High contrast is {'on' if on else 'off'} but could not be remembered ({exc.strerror}).")
            return
        self.notify(f"High contrast {'on' if on else 'off'}; remembered for next time.")

    # Navigation used by every screen: screens from other modules are imported only when needed.

    def _screen(self, module: str, name: str, *args: object) -> Screen | None:
        try:
            cls = getattr(importlib.import_module(f"kit.tui.screens.{module}"), name)
            return cls(*args)
        except KitError as exc:
            self.show_error(exc)
        except (ImportError, AttributeError):
            self.notify(
                f"The {module.replace('_', ' ')} screen is not installed in this copy of the kit.", severity="error"
            )
        return None

    def _push(self, module: str, name: str, *args: object) -> None:
        screen = self._screen(module, name, *args)
        if screen is not None:
            self.push_screen(screen)

    def open_plan(self, path: Path | None = None) -> None:
        """Plan a new session, or edit the plan of the one at path."""
        self._push("plan", "PlanScreen", path)

    def open_library(self) -> None:
        """Browse the activity library."""
        self._push("library", "LibraryScreen")

    def open_run(self, path: Path) -> None:
        """Run a session: the roster first (memory only), then the Run screen."""
        if self.roster_session != path:
            self.roster, self.roster_session, self.safeguarding_lead = [], None, ""
        self._push("roster", "RosterScreen", path)

    def start_run(self, path: Path, roster: list[str]) -> None:
        """Keep the roster in memory for this session and switch from the Roster to the Run screen."""
        self.roster, self.roster_session = list(roster), path
        screen = self._screen("run", "RunScreen", path)
        if screen is not None:
            self.switch_screen(screen)

    def open_follow_up(self, path: Path) -> None:
        """Record what happened to each output of a session."""
        if self.roster_session != path:
            self.roster, self.roster_session = [], None
        self._push("follow_up", "FollowUpScreen", path)

    def open_paper_feedback(self, path: Path) -> None:
        """Type in the answers from paper feedback sheets."""
        self._push("paper_feedback", "PaperFeedbackScreen", path)

    def open_print(self, path: Path) -> None:
        """Print the cards, the interpreter brief or the feedback sheets of a session."""
        self._push("print", "PrintScreen", path)

    def open_safety(self) -> None:
        """The safety panel: ground rules, right to pass, distress, breaks."""
        self._push("safety", "SafetyScreen")

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The main actions in the command palette (ctrl+p), after Textual's own."""
        yield SystemCommand("Plan a new session", "Choose activities and save a new session", self.open_plan)
        yield SystemCommand("Activity library", "Browse and filter the activities", self.open_library)
        yield SystemCommand("Safety panel", "Ground rules, right to pass, distress, breaks", self.open_safety)
        yield SystemCommand("High contrast", "Switch the high-contrast theme on or off", self.action_toggle_contrast)
        yield SystemCommand("Help", "Every key on this screen", self.action_help)
        current = getattr(screen, "session_path", None)
        if isinstance(current, Path):
            for title, help_text, method in SESSION_COMMANDS:
                yield SystemCommand(title, help_text, partial(getattr(self, method), current))
        yield from super().get_system_commands(screen)


def make_app(args: argparse.Namespace) -> KitApp:
    """Build the app from the command line options (sessions folder, session to select)."""
    folder = sessions_folder_choice(getattr(args, "sessions", None))[0]
    opened = getattr(args, "open", None)
    selected = None
    if opened:
        selected = Path(opened) if opened.endswith(".json") else folder / f"{opened}.json"
    return KitApp(folder, open_session=selected)


def crash_line(error: BaseException) -> str:
    """One line about an unexpected error: its kind and where, never its text (which may hold typed words)."""
    frames = traceback.extract_tb(error.__traceback__)
    where = ""
    for frame in reversed(frames):
        if f"{os.sep}kit{os.sep}" in frame.filename:
            where = f" at {Path(frame.filename).name}:{frame.lineno}"
            break
    return (
        f"codesign-kit stopped: unexpected error ({type(error).__name__}{where}). "
        "What was saved is on disk; start it again, and report this line if it repeats."
    )


def run(args: argparse.Namespace) -> int:
    """Open the app; returns the process exit code (1 after an unexpected error)."""
    app = make_app(args)
    app.run()
    return app.return_code or 0
