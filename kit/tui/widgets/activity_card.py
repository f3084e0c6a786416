"""The full activity card in a scrollable pane: purpose, steps with words and minutes, notes."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from kit.library import Activity


def card_text(activity: Activity, principle_labels: dict[int, str], theme_names: dict[str, str]) -> Text:
    """The card as plain styled text: nothing from the data file is read as markup."""
    low, high = activity.group_size
    principles = ", ".join(principle_labels.get(p, f"Art. {p}") for p in activity.principles)
    themes = ", ".join(theme_names.get(t, t) for t in activity.themes)
    text = Text()
    text.append(activity.title, style="bold")
    text.append(f"\n{activity.minutes} minutes · {activity.kind} · group of {low} to {high}\n")
    text.append("Principles: ", style="bold").append(f"{principles}\n")
    text.append("Themes: ", style="bold").append(f"{themes}\n\n")
    text.append("Purpose\n", style="bold").append(f"{activity.purpose}\n\n")
    text.append("Steps", style="bold")
    for number, step in enumerate(activity.steps, 1):
        text.append(f"\n{number}. {step.title}", style="bold").append(f" ({step.minutes} min)\n")
        text.append("   Say: ", style="italic").append(f'"{step.say}"')
        if step.capture:
            text.append("\n   Capture: ", style="italic").append(step.capture)
    text.append("\n\nMaterials", style="bold")
    for item in activity.materials:
        text.append(f"\n• {item}")
    for heading, body in (
        ("Interpreter notes", activity.interpreter_notes),
        ("Safeguarding notes", activity.safeguarding_notes),
        ("Easy read", activity.easy_read),
        ("Low literacy", activity.low_literacy),
    ):
        text.append(f"\n\n{heading}\n", style="bold").append(body)
    return text


class ActivityCard(VerticalScroll, can_focus=True):
    """A scrollable activity card; set `show(activity)` to change what it shows."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.principle_labels: dict[int, str] = {}
        self.theme_names: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Static("Choose an activity to see its card.", classes="card-text", markup=False)

    def on_mount(self) -> None:
        from kit.vocab import load_principles, load_themes

        self.principle_labels = {a: p.label for a, p in load_principles().items()}
        self.theme_names = {t.id: t.name for t in load_themes().values()}

    def show(self, activity: Activity | None) -> None:
        """Show one activity's card, or the hint when nothing is chosen."""
        text: str | Text = "Choose an activity to see its card."
        if activity is not None:
            text = card_text(activity, self.principle_labels, self.theme_names)
        self.query_one(".card-text", Static).update(text)
        self.scroll_home(animate=False)
