"""Starting the app on the screen a test is about, instead of walking there from Home."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.app import App
from textual.events import Key
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


def send_at_once(app: App[object], keys: str) -> None:
    """Queue keys all at once, as a terminal sends them when the app lags behind the typing (pilot.press waits
    for the app between keys)."""
    assert app._driver is not None
    for key in keys:
        event = Key("space" if key == " " else key, key)
        event.set_sender(app)
        app._driver.send_message(event)
