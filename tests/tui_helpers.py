"""Starting the app on the screen a test is about, instead of walking there from Home."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.screen import Screen

import kit.tui.app
from kit.tui.app import KitApp


class OnScreen(KitApp):
    """The facilitator's app opened straight on one screen, as if chosen from Home; Home itself is not built.

    Leaving that screen shows an empty screen where Home would be, so tests that go back to Home use KitApp.
    """

    CSS_PATH = str(Path(kit.tui.app.__file__).with_name(str(KitApp.CSS_PATH)))  # a relative path would be ours

    def __init__(self, sessions: Path, first: Callable[[], Screen], **options: object) -> None:
        super().__init__(sessions, **options)  # type: ignore[arg-type]
        self._first = first

    def first_screen(self) -> Screen:
        return self._first()
