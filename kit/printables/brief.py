"""The interpreter brief: cover, how to interpret in this room, the run sheet and a glossary to fill in."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, Table

from kit.library import get_activity
from kit.model import SessionLog
from kit.printables import theme
from kit.printables.i18n import translator
from kit.store import load_session
from kit.vocab import load_glossary, load_guidance

GLOSSARY_COLUMNS = (0.22, 0.48, 0.30)  # term, plain meaning, the interpreter's own translation
CONTACT_LINE_HEIGHT = 12 * mm


class BriefStyles:
    """The brief's paragraph styles."""

    def __init__(self, rtl: bool = False) -> None:
        self.rtl = rtl
        p = theme.paragraph_style
        self.title = p("brief-title", "title", bold=True, space_after=6)
        self.heading = p("brief-heading", "heading", bold=True, space_before=10, space_after=4)
        self.subheading = p("brief-sub", "subheading", bold=True, space_before=6, space_after=2)
        self.body = p("brief-body", "body")
        self.small = p("brief-small", "small", colour=theme.MUTED)
        self.say = p("brief-say", "body", colour=theme.INK)
        self.cell = p("brief-cell", "small", space_after=0)
        self.cell_head = p("brief-cell-head", "small", bold=True, space_after=0)

    def text(self, text: str, style: object) -> Flowable:
        """A paragraph of any script, aligned for this brief's reading direction."""
        return theme.text_flowable(text, style, page_rtl=self.rtl)  # type: ignore[arg-type]


class Line(Flowable):
    """An empty line to write on."""

    def __init__(self, width: float, height: float = CONTACT_LINE_HEIGHT) -> None:
        super().__init__()
        self.width, self.height = width, height

    def draw(self) -> None:
        self.canv.setStrokeColor(theme.RULE)
        self.canv.line(0, 2, self.width, 2)


def _minutes(log: SessionLog) -> int:
    planned = sum(get_activity(a).minutes for a in log.session.activities)
    return log.session.length_minutes or planned


def cover(log: SessionLog, _: Callable[[str], str], st: BriefStyles, width: float) -> list[Flowable]:
    """Session title, date, length, languages, what the session is for and who to contact."""
    t, s = st.text, log.session
    facts = [
        (_("Date"), s.date),
        (_("Length"), f"{_minutes(log)} {_('minutes')}"),
        (_("Languages"), ", ".join(s.languages) or "-"),
        (_("Facilitator"), s.facilitator or "-"),
    ]
    story: list[Flowable] = [t(_("Interpreter brief"), st.small), t(s.title, st.title)]
    story += [t(f"{label}: {value}", st.body) for label, value in facts]
    for heading, text in load_guidance("interpreting", "brief"):
        story += [t(_(heading), st.heading), t(text, st.body)]
    story += [t(_("Phone number on the day:"), st.subheading), Line(width * 0.6)]
    story.append(t(_("Please keep this brief private and hand it back after the session."), st.small))
    return story


def rules(_: Callable[[str], str], st: BriefStyles) -> list[Flowable]:
    """How to interpret in this room."""
    t = st.text
    story: list[Flowable] = [PageBreak(), t(_("How to interpret in this room"), st.heading)]
    for heading, text in load_guidance("interpreting", "rule"):
        story.append(KeepTogether([t(heading, st.subheading), t(text, st.body)]))
    return story


def run_sheet(log: SessionLog, _: Callable[[str], str], st: BriefStyles) -> list[Flowable]:
    """Each planned activity with its steps and the facilitator's words to interpret."""
    t = st.text
    story: list[Flowable] = [PageBreak(), t(_("Run sheet"), st.heading)]
    for n, activity_id in enumerate(log.session.activities, 1):
        activity = get_activity(activity_id)
        story.append(
            KeepTogether(
                [
                    t(f"{n}. {activity.title} ({activity.minutes} {_('minutes')})", st.subheading),
                    t(activity.purpose, st.body),
                    t(f"{_('For the interpreter')}: {activity.interpreter_notes}", st.small),
                ]
            )
        )
        for m, step in enumerate(activity.steps, 1):
            story.append(
                KeepTogether(
                    [
                        t(f"{n}.{m} {step.title} ({step.minutes} {_('minutes')})", st.cell_head),
                        t(f"{_('The facilitator says')}: “{step.say}”", st.say),
                    ]
                )
            )
    return story


def glossary(_: Callable[[str], str], st: BriefStyles, width: float) -> list[Flowable]:
    """Terms likely to come up, their plain meaning, and an empty column for the interpreter's words."""
    t = st.text
    rows = [[t(_("Term"), st.cell_head), t(_("Plain meaning"), st.cell_head), t(_("Your translation"), st.cell_head)]]
    rows += [[t(term.term, st.cell_head), t(term.meaning, st.cell), ""] for term in load_glossary()]
    widths = [width * share for share in GLOSSARY_COLUMNS]
    rows = [theme.mirror_row(row, widths, st.rtl)[0] for row in rows]  # right to left: the term at the right
    table = Table(rows, colWidths=theme.mirror_row(rows[0], widths, st.rtl)[1], repeatRows=1)
    table.setStyle(
        theme.table_style(
            ("GRID", (0, 0), (-1, -1), 0.5, theme.RULE),
            ("BACKGROUND", (0, 0), (-1, 0), theme.PALE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), theme.CELL_PADDING),
            ("BOTTOMPADDING", (0, 0), (-1, -1), theme.CELL_PADDING),
        )
    )
    intro = _("Write your own translation of each term in the last column before the session.")
    return [PageBreak(), t(_("Glossary"), st.heading), t(intro, st.body), Spacer(1, 3 * mm), table]


def render_brief(session_file: Path, out: Path, *, language: str | None = None, paper: str = "a4") -> Path:
    """Write the interpreter brief of a session as a PDF."""
    theme.check_output_path(Path(out))
    page = theme.page_size(paper)
    _ = translator(language)
    log = load_session(session_file)
    st = BriefStyles(rtl=theme.is_rtl(_("Interpreter brief")))
    width = page[0] - 2 * theme.MARGIN
    story = cover(log, _, st, width) + rules(_, st) + run_sheet(log, _, st) + glossary(_, st, width)
    footer = f"{_('Interpreter brief')} · {log.session.id}"

    label = footer if not theme.needs_script_layout(footer) else log.session.id
    return theme.write_document(
        Path(out), story, page=page, title=f"Interpreter brief: {log.session.title}", footer=label
    )
