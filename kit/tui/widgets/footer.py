"""The key footer every screen shows: Textual's Footer, rebuilt only when the keys it shows change.

Textual's Footer rebuilds all its keys whenever the screen's bindings may have changed, which includes every
move of the focus. Rebuilding restyles each key, so on a slow laptop moving between fields costs more than
it should. This footer remembers what it last showed and skips rebuilds that would show the same keys.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer


def shown_keys(screen: Screen) -> tuple[Hashable, ...]:
    """Everything about the screen's active bindings that changes what a footer shows."""
    return tuple(
        (binding.key, binding.key_display, binding.description, binding.action, binding.group, enabled, tooltip)
        for key, (_node, binding, enabled, tooltip) in screen.active_bindings.items()
        if binding.show or key == screen.app.COMMAND_PALETTE_BINDING
    )


class KeyFooter(Footer):
    """A Footer that rebuilds only when the keys it would show are not the ones it shows."""

    _shown: tuple[Hashable, ...] | None = None

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._shown = shown_keys(self.screen)
        yield from super().compose()

    def bindings_changed(self, screen: Screen) -> None:
        if self._bindings_ready and self.is_attached and screen is self.screen and shown_keys(screen) == self._shown:
            return
        super().bindings_changed(screen)
