"""Library: search and filter the activities by words, principle, theme and Lundy element; read the full card."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Header, Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from kit.library import LUNDY, Activity, load_library
from kit.tui.screens.base import KitScreen
from kit.tui.widgets.activity_card import ActivityCard
from kit.tui.widgets.footer import KeyFooter
from kit.vocab import load_principles, load_themes


def searchable(activity: Activity, theme_names: dict[str, str]) -> str:
    """Everything a facilitator might search an activity by, in one folded string."""
    parts = [activity.title, activity.kind, activity.purpose, activity.easy_read, *activity.materials]
    parts += [theme_names.get(t, t) for t in activity.themes]
    for step in activity.steps:
        parts += [step.title, step.say, step.capture or ""]
    return " ".join(parts).casefold()


# The four parts of the Lundy model of participation, short enough for the filter at 80 columns.
LUNDY_CHOICES = {
    "space": "Space: safe to form a view",
    "voice": "Voice: help to say it",
    "audience": "Audience: heard by deciders",
    "influence": "Influence: views acted on",
}


def matching(
    activities: dict[str, Activity],
    principle: int | None,
    theme: str | None,
    words: str = "",
    lundy: str | None = None,
) -> list[Activity]:
    """The activities that serve a principle, a theme and a Lundy element (None means any) and hold every word
    searched for."""
    names = {t.id: t.name for t in load_themes().values()}
    wanted = words.casefold().split()
    return [
        a
        for a in activities.values()
        if (principle is None or principle in a.principles)
        and (theme is None or theme in a.themes)
        and (lundy is None or lundy in a.lundy)
        and all(word in searchable(a, names) for word in wanted)
    ]


class LibraryScreen(KitScreen[str | None]):
    """The activity library; opened from Plan, Enter adds the highlighted activity and the picker stays open.

    The search and filters are kept in the app's memory, so the library opens as it was left.
    """

    CSS_PATH = "library.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Back (from Plan: with everything added so far)"),
        Binding("ctrl+f", "search", "Search", tooltip="Type words to find activities (title, purpose, steps)"),
        Binding("ctrl+r", "clear_filters", "All activities", tooltip="Clear the search and the filters"),
        Binding("ctrl+o", "card", "Read card", tooltip="Move to the card to scroll it"),
    ]

    def __init__(self, pick: bool = False, on_add: Callable[[str], None] | None = None) -> None:
        super().__init__()
        self.pick = pick
        self.on_add = on_add
        self.added = 0
        self.activities = load_library()
        self.shown: list[Activity] = []

    def compose(self) -> ComposeResult:
        principles = load_principles()
        themes = load_themes()
        kept = self.kit.library_filters
        yield Header()
        with Horizontal(id="library"):
            with Vertical(id="library-left"):
                hint = (
                    "Enter adds the activity to the plan; add several, then Esc."
                    if self.pick
                    else "Arrows choose; the card shows on the right."
                )
                yield Static(hint, classes="hint", id="library-hint")
                yield Input(
                    str(kept.get("search", "")),
                    placeholder="Search: words from the title, purpose or steps",
                    id="search",
                    compact=True,
                )
                yield Select(
                    [(Text(p.label), a) for a, p in principles.items()],
                    prompt="Any principle",
                    id="principle",
                    value=kept.get("principle", Select.NULL),
                    compact=True,
                )
                yield Select(
                    [(Text(t.name), t.id) for t in themes.values()],
                    prompt="Any theme",
                    id="theme",
                    value=kept.get("theme", Select.NULL),
                    compact=True,
                )
                yield Select(
                    [(Text(LUNDY_CHOICES[e]), e) for e in LUNDY],
                    prompt="Any part of the Lundy model",
                    id="lundy",
                    value=kept.get("lundy", Select.NULL),
                    compact=True,
                )
                yield Static("", id="count", markup=False)
                yield OptionList(id="activities")
            yield ActivityCard(id="card")
        yield KeyFooter(show_command_palette=False)

    def on_mount(self) -> None:
        if self.pick:
            self.sub_title = "Choose activities to add"
        self.refresh_list()
        self.query_one(OptionList).focus()

    def _selected(self, select_id: str) -> object | None:
        value = self.query_one(select_id, Select).value
        return None if value is Select.NULL else value

    def refresh_list(self) -> None:
        """Show the activities that match, keeping the highlighted one if it still matches; remember the filters."""
        options = self.query_one(OptionList)
        current = self.current
        principle, theme, lundy = self._selected("#principle"), self._selected("#theme"), self._selected("#lundy")
        words = self.query_one("#search", Input).value
        self.kit.library_filters = {
            key: value
            for key, value in (("principle", principle), ("theme", theme), ("lundy", lundy), ("search", words.strip()))
            if value not in (None, "")
        }
        self.shown = matching(
            self.activities,
            principle if isinstance(principle, int) else None,
            theme if isinstance(theme, str) else None,
            words,
            lundy if isinstance(lundy, str) else None,
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

    def on_input_changed(self, event: Input.Changed) -> None:
        self.refresh_list()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the search box goes to the list."""
        self.query_one(OptionList).focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.query_one(ActivityCard).show(self.current)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        activity_id = event.option.id
        if not (self.pick and activity_id):
            self.query_one(ActivityCard).focus()
        elif self.on_add is None:
            self.dismiss(activity_id)
        else:
            self.on_add(activity_id)
            self.added += 1
            title = self.activities[activity_id].title
            self.notify(f"Added {title}. Enter adds another; Esc goes back to the plan.", timeout=3)
            added = f"{self.added} activit{'y' if self.added == 1 else 'ies'}"
            self.query_one("#library-hint", Static).update(f"{added} added; Enter adds more, Esc goes back.")

    def action_search(self) -> None:
        """Move to the search box."""
        self.query_one("#search", Input).focus()

    def action_clear_filters(self) -> None:
        """Show every activity again."""
        self.query_one("#search", Input).value = ""
        for select_id in ("#principle", "#theme", "#lundy"):
            self.query_one(select_id, Select).clear()
        self.query_one(OptionList).focus()

    def action_card(self) -> None:
        """Move to the card to scroll it."""
        self.query_one(ActivityCard).focus()

    def action_back(self) -> None:
        """Back (from Plan, the activities added are already in the plan)."""
        self.dismiss(None)
