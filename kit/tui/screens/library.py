"""Library: browse and filter the activities by principle and theme, and read the full card."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Header, OptionList, Select, Static
from textual.widgets.option_list import Option

from kit.library import Activity, load_library
from kit.tui.screens.base import KitScreen
from kit.tui.widgets.activity_card import ActivityCard
from kit.vocab import load_principles, load_themes


def matching(activities: dict[str, Activity], principle: int | None, theme: str | None) -> list[Activity]:
    """The activities that serve a principle and a theme (None means any)."""
    return [
        a
        for a in activities.values()
        if (principle is None or principle in a.principles) and (theme is None or theme in a.themes)
    ]


class LibraryScreen(KitScreen[str | None]):
    """The activity library; opened from Plan it also adds the chosen activity (Enter)."""

    CSS_PATH = "library.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+f", "filter", "Filter"),
        Binding("ctrl+r", "clear_filters", "All activities"),
        Binding("ctrl+o", "card", "Read card"),
    ]

    def __init__(self, pick: bool = False) -> None:
        super().__init__()
        self.pick = pick
        self.activities = load_library()
        self.shown: list[Activity] = []

    def compose(self) -> ComposeResult:
        principles = load_principles()
        themes = load_themes()
        yield Header()
        with Horizontal(id="library"):
            with Vertical(id="library-left"):
                hint = (
                    "Enter adds the activity to the plan."
                    if self.pick
                    else "Arrows choose; the card shows on the right."
                )
                yield Static(hint, classes="hint", id="library-hint")
                yield Select(
                    [(Text(p.label), a) for a, p in principles.items()], prompt="Any principle", id="principle"
                )
                yield Select([(Text(t.name), t.id) for t in themes.values()], prompt="Any theme", id="theme")
                yield Static("", id="count", markup=False)
                yield OptionList(id="activities")
            yield ActivityCard(id="card")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        if self.pick:
            self.sub_title = "Choose an activity to add"
        self.refresh_list()
        self.query_one(OptionList).focus()

    def _selected(self, select_id: str) -> object | None:
        value = self.query_one(select_id, Select).value
        return None if value is Select.NULL else value

    def refresh_list(self) -> None:
        """Show the activities that match the filters, keeping the highlighted one if it still matches."""
        options = self.query_one(OptionList)
        current = self.current
        principle, theme = self._selected("#principle"), self._selected("#theme")
        self.shown = matching(
            self.activities,
            principle if isinstance(principle, int) else None,
            theme if isinstance(theme, str) else None,
        )
        options.clear_options()
        options.add_options(
            Option(
                Text.assemble(a.title, "\n", (f"  {a.minutes} min · Art. {', '.join(map(str, a.principles))}", "dim")),
                id=a.id,
            )
            for a in self.shown
        )
        count = len(self.shown)
        self.query_one("#count", Static).update(
            f"{count} of {len(self.activities)} activities" if count else "No activity matches; press Ctrl+R for all."
        )
        if self.shown:
            ids = [a.id for a in self.shown]
            options.highlighted = ids.index(current.id) if current and current.id in ids else 0
        self.query_one(ActivityCard).show(self.current)

    @property
    def current(self) -> Activity | None:
        """The highlighted activity."""
        options = self.query_one(OptionList)
        index = options.highlighted
        if index is None or not 0 <= index < len(self.shown):
            return None
        return self.shown[index]

    def on_select_changed(self, event: Select.Changed) -> None:
        self.refresh_list()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.query_one(ActivityCard).show(self.current)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if self.pick and event.option.id:
            self.dismiss(event.option.id)
        else:
            self.query_one(ActivityCard).focus()

    def action_filter(self) -> None:
        """Move to the principle filter."""
        self.query_one("#principle", Select).focus()

    def action_clear_filters(self) -> None:
        """Show every activity again."""
        for select_id in ("#principle", "#theme"):
            self.query_one(select_id, Select).clear()
        self.query_one(OptionList).focus()

    def action_card(self) -> None:
        """Move to the card to scroll it."""
        self.query_one(ActivityCard).focus()

    def action_back(self) -> None:
        """Back, adding nothing."""
        self.dismiss(None)
