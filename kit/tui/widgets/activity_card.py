"""The full activity card in a scrollable pane: purpose, steps with words and minutes, notes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.widgets import Static

from kit.library import Activity


def card_markup(activity: Activity, principle_labels: dict[int, str], theme_names: dict[str, str]) -> str:
    """The card as Textual markup; every text from the data file is escaped."""
    low, high = activity.group_size
    principles = ", ".join(principle_labels.get(p, f"Art. {p}") for p in activity.principles)
    themes = ", ".join(theme_names.get(t, t) for t in activity.themes)
    lines = [
        f"[b $accent]{escape(activity.title)}[/]",
        f"{activity.minutes} minutes · {escape(activity.kind)} · group of {low} to {high}",
        f"[b]Principles:[/] {escape(principles)}",
        f"[b]Themes:[/] {escape(themes)}",
        "",
        f"[b]Purpose[/]\n{escape(activity.purpose)}",
        "",
        "[b]Steps[/]",
    ]
    for number, step in enumerate(activity.steps, 1):
        lines.append(f"[b]{number}. {escape(step.title)}[/] ({step.minutes} min)")
        lines.append(f'   [i]Say:[/] "{escape(step.say)}"')
        if step.capture:
            lines.append(f"   [i]Capture:[/] {escape(step.capture)}")
    lines += ["", "[b]Materials[/]", *(f"• {escape(m)}" for m in activity.materials)]
    for heading, text in (
        ("Interpreter notes", activity.interpreter_notes),
        ("Safeguarding notes", activity.safeguarding_notes),
        ("Easy read", activity.easy_read),
        ("Low literacy", activity.low_literacy),
    ):
        lines += ["", f"[b]{heading}[/]", escape(text)]
    return "\n".join(lines)


class ActivityCard(VerticalScroll, can_focus=True):
    """A scrollable activity card; set `show(activity)` to change what it shows."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.principle_labels: dict[int, str] = {}
        self.theme_names: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Static("Choose an activity to see its card.", classes="card-text")

    def on_mount(self) -> None:
        from kit.vocab import load_principles, load_themes

        self.principle_labels = {a: p.label for a, p in load_principles().items()}
        self.theme_names = {t.id: t.name for t in load_themes().values()}

    def show(self, activity: Activity | None) -> None:
        """Show one activity's card, or the hint when nothing is chosen."""
        text = "Choose an activity to see its card."
        if activity is not None:
            text = card_markup(activity, self.principle_labels, self.theme_names)
        self.query_one(".card-text", Static).update(text)
        self.scroll_home(animate=False)
