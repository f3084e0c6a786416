"""The key footer: rebuilt when the keys it shows change, left alone when only the focus moves."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Button
from textual.widgets._footer import FooterKey

from kit.tui.widgets.footer import KeyFooter

pytestmark = pytest.mark.anyio


class Room(App[None]):
    """Two buttons and a key that is only offered while a break is allowed."""

    BINDINGS = [Binding("f3", "take_break", "Take a break"), Binding("f4", "allow", "Allow breaks")]

    def __init__(self) -> None:
        super().__init__()
        self.breaks_allowed = False

    def compose(self) -> ComposeResult:
        yield Button("One", id="one")
        yield Button("Two", id="two")
        yield KeyFooter(show_command_palette=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "take_break" and not self.breaks_allowed:
            return None  # shown, greyed out
        return True

    def action_allow(self) -> None:
        self.breaks_allowed = True
        self.refresh_bindings()


def keys(app: App[None]) -> dict[str, FooterKey]:
    return {key.key: key for key in app.screen.query(FooterKey)}


async def test_moving_the_focus_keeps_the_footer_and_a_changed_key_rebuilds_it() -> None:
    app = Room()
    async with app.run_test() as pilot:
        await pilot.pause()
        before = keys(app)
        assert set(before) == {"f3", "f4"} and before["f3"].has_class("-disabled")

        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "two"
        assert keys(app) == before, "the same keys: the footer was not rebuilt"

        await pilot.press("f4")
        await pilot.pause()
        await pilot.pause()
        after = keys(app)
        assert not after["f3"].has_class("-disabled"), "the break key is offered once breaks are allowed"
        assert after["f3"] is not before["f3"]
