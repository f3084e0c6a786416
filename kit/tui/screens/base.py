"""The base of every full screen: typed access to the app, the roster it holds and its one error helper."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from kit.tui.app import KitApp

ResultType = TypeVar("ResultType")


class KitScreen(Screen[ResultType]):
    """A screen of the kit's app (never used on its own)."""

    @property
    def kit(self) -> KitApp:
        """The running app, typed."""
        return cast("KitApp", self.app)

    @property
    def roster(self) -> list[str]:
        """The first names the facilitator typed for this session, held in memory only (a copy)."""
        return list(self.kit.roster)

    def show_error(self, exc: Exception) -> None:
        """Tell the facilitator what went wrong and what to do, as a notification (never a traceback)."""
        self.kit.show_error(exc)
