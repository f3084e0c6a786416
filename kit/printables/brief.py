"""The interpreter brief: cover, how to interpret in this room, the run sheet and a glossary to fill in."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from babel.lists import format_list
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, Table

from kit.i18n import format_minutes, language_code, language_name, translator
from kit.library import Activity, get_activity
from kit.model import SessionLog
from kit.plan import clock_text, session_schedule
from kit.printables import theme
from kit.store import load_session
from kit.vocab import Term, load_glossary, load_guidance

GLOSSARY_COLUMNS = (0.22, 0.48, 0.30)  # term, plain meaning, the interpreter's own translation
CONTACT_LINE_HEIGHT = 12 * mm
BLANK_GLOSSARY_ROWS = 3  # for words the interpreter expects that the kit's glossary does not have
BLANK_ROW_HEIGHT = 9 * mm


@dataclass(frozen=True)
class Translate:
    """The brief's language: its code (for CLDR plurals and names) and its gettext `_`."""

    language: str
    gettext: Callable[[str], str]


class BriefStyles:
    """The brief's paragraph styles: the interpreter's notes first in size, steps above the words to say."""

    def __init__(self, rtl: bool = False) -> None:
        self.rtl = rtl
        p = theme.paragraph_style
        self.title = p("brief-title", "title", bold=True, space_after=6)
        self.heading = p("brief-heading", "heading", bold=True, space_before=10, space_after=4)
        self.subheading = p("brief-sub", "subheading", bold=True, space_before=6, space_after=2)
        self.body = p("brief-body", "body")
        self.small = p("brief-small", "small", colour=theme.MUTED)
        self.activity = p("brief-activity", "brief_activity", bold=True, space_before=12, space_after=3)
        self.note_label = p("brief-note-label", "brief_note", bold=True, space_after=1)
        self.note = p("brief-note", "brief_note", space_after=0)
        self.purpose = p("brief-purpose", "body", colour=theme.MUTED, space_before=4)
        self.step = p("brief-step", "brief_step", bold=True, space_before=5, space_after=1)
        self.say_label = p("brief-say-label", "small", colour=theme.MUTED, space_after=0)
        self.say = p("brief-say", "body", colour=theme.INK)
        self.cell = p("brief-cell", "small", space_after=0)
        self.cell_head = p("brief-cell-head", "small", bold=True, space_after=0)

    def text(self, text: str, style: object) -> Flowable:
        """A paragraph of any script, aligned for this brief's reading direction."""
        return theme.text_flowable(text, style, page_rtl=self.rtl)


class Line(Flowable):
    """An empty line to write on, from the start of the line (the right, in a right-to-left brief)."""

    def __init__(self, length: float, height: float = CONTACT_LINE_HEIGHT, rtl: bool = False) -> None:
        super().__init__()
        self.length, self.height, self.rtl = length, height, rtl

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.height

    def draw(self) -> None:
        start = self.width - self.length if self.rtl else 0.0
        self.canv.setStrokeColor(theme.RULE)
        self.canv.line(start, 2, start + self.length, 2)


def _minutes(log: SessionLog) -> int:
    """The session's length: as planned, else the plan's blocks added up (with interpreting if it is used)."""
    return log.session.length_minutes or session_schedule(log.session).length


def cover(log: SessionLog, tr: Translate, st: BriefStyles, width: float) -> list[Flowable]:
    """Session title, date, length, languages, what the session is for and who to contact."""
    _, t, s = tr.gettext, st.text, log.session
    languages = [language_name(code, tr.language) for code in s.languages]
    plan = session_schedule(s)
    facts = [
        (_("Date"), s.date),
        (_("Length"), format_minutes(_minutes(log), tr.language)),
        *(
            [(_("Time"), _("{start} to {end}").format(start=plan.blocks[0].clock, end=plan.end_clock))]
            if plan.blocks and plan.end_clock
            else []
        ),
        (_("Languages"), format_list(languages, locale=tr.language.replace("-", "_")) if languages else "-"),
        (_("Facilitator"), s.facilitator or "-"),
    ]
    story: list[Flowable] = [t(_("Interpreter brief"), st.small), t(s.title, st.title)]
    story += [t(f"{label}: {value}", st.body) for label, value in facts]
    for heading, text in load_guidance("interpreting", "brief"):
        story += [t(_(heading), st.heading), t(_(text), st.body)]
    # Written by hand on the day: the kit never prints a phone number.
    story += [t(_("Facilitator's phone number on the day:"), st.subheading), Line(width * 0.6, rtl=st.rtl)]
    story += [t(_("Safeguarding lead's name and phone number:"), st.subheading), Line(width * 0.9, rtl=st.rtl)]
    story.append(t(_("Please keep this brief private and hand it back after the session."), st.small))
    return story


def rules(tr: Translate, st: BriefStyles) -> list[Flowable]:
    """How to interpret in this room."""
    _, t = tr.gettext, st.text
    story: list[Flowable] = [PageBreak(), t(_("How to interpret in this room"), st.heading)]
    for heading, text in load_guidance("interpreting", "rule"):
        story.append(KeepTogether([t(_(heading), st.subheading), t(_(text), st.body)]))
    return story


def interpreter_note(label: str, note: str, st: BriefStyles, width: float) -> Flowable:
    """The activity's note for the interpreter: the most prominent text of the run sheet, in a tinted box."""
    box = Table([[[st.text(label, st.note_label), st.text(note, st.note)]]], colWidths=[width])
    rule_side = "LINEAFTER" if st.rtl else "LINEBEFORE"
    box.setStyle(
        theme.table_style(
            ("BACKGROUND", (0, 0), (-1, -1), theme.PALE),
            (rule_side, (0, 0), (0, 0), 3, theme.INK),
            ("LEFTPADDING", (0, 0), (-1, -1), 3 * theme.CELL_PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3 * theme.CELL_PADDING),
            ("TOPPADDING", (0, 0), (-1, -1), 2 * theme.CELL_PADDING),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2 * theme.CELL_PADDING),
        )
    )
    return box


def _when(clock: str, text: str) -> str:
    return f"{clock}  {text}" if clock else text


def run_sheet(log: SessionLog, tr: Translate, st: BriefStyles, width: float) -> list[Flowable]:
    """The plan in order with its times (with interpreting when an interpreter comes): each activity's
    note for the interpreter first, then each step above the facilitator's words; breaks and own blocks."""
    _, t = tr.gettext, st.text
    story: list[Flowable] = [PageBreak(), t(_("Run sheet"), st.heading)]
    for block in session_schedule(log.session).blocks:
        title = block.title if block.activity or block.block.title else _(block.title)  # "Break" in the language
        heading = _when(block.clock, f"{block.number}. {title} ({format_minutes(block.length, tr.language)})")
        activity = block.activity
        if activity is None:
            notes = [t(block.block.notes, st.purpose)] if block.block.notes else []
            story.append(KeepTogether([t(heading, st.activity), *notes]))
            continue
        story.append(
            KeepTogether(
                [
                    t(heading, st.activity),
                    interpreter_note(_("For the interpreter"), activity.interpreter_notes, st, width),
                    t(activity.purpose, st.purpose),
                ]
            )
        )
        for m, (step, start, minutes) in enumerate(block.step_times(), 1):
            clock = clock_text(block.start + start) if block.start is not None else ""
            title = _when(clock, f"{block.number}.{m}  {step.title} ({format_minutes(minutes, tr.language)})")
            story.append(
                KeepTogether(
                    [
                        t(title, st.step),
                        t(f"{_('The facilitator says')}:", st.say_label),
                        t(f"“{step.say}”", st.say),
                    ]
                )
            )
    return story


def _mentions(term: Term, text: str) -> bool:
    """Whether text uses a glossary term, by its words or by the abbreviation in its brackets."""
    full, _, rest = term.term.partition("(")
    names = [full.strip(), rest.rstrip(")").strip()]
    return any(name and re.search(rf"\b{re.escape(name)}\b", text, re.IGNORECASE) for name in names)


def session_terms(activities: Sequence[Activity]) -> list[Term]:
    """The glossary terms that the session's activities use, in alphabetical order."""
    text = "\n".join(
        " ".join(
            [a.title, a.purpose, a.easy_read, a.interpreter_notes, a.safeguarding_notes, a.low_literacy]
            + list(a.materials)
            + [f"{step.title} {step.say}" for step in a.steps]
        )
        for a in activities
    )
    return sorted((term for term in load_glossary() if _mentions(term, text)), key=lambda t: t.term.casefold())


def glossary(log: SessionLog, tr: Translate, st: BriefStyles, width: float) -> list[Flowable]:
    """The terms this session's activities use, their plain meaning, and a column for the interpreter's words."""
    _, t = tr.gettext, st.text
    terms = session_terms([get_activity(a) for a in log.session.activities])
    rows = [[t(_("Term"), st.cell_head), t(_("Plain meaning"), st.cell_head), t(_("Your translation"), st.cell_head)]]
    rows += [[t(term.term, st.cell_head), t(term.meaning, st.cell), ""] for term in terms]
    rows += [["", "", ""] for _row in range(BLANK_GLOSSARY_ROWS)]  # for words the interpreter expects
    widths = [width * share for share in GLOSSARY_COLUMNS]
    rows = [theme.mirror_row(row, widths, st.rtl)[0] for row in rows]  # right to left: the term at the right
    heights = [None] * (len(rows) - BLANK_GLOSSARY_ROWS) + [BLANK_ROW_HEIGHT] * BLANK_GLOSSARY_ROWS
    table = Table(rows, colWidths=theme.mirror_row(rows[0], widths, st.rtl)[1], rowHeights=heights, repeatRows=1)
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
    story: list[Flowable] = [PageBreak(), t(_("Glossary"), st.heading), t(intro, st.body)]
    if not terms:
        story.append(t(_("None of the kit's glossary terms come up in this session's activities."), st.body))
    return [*story, Spacer(1, 3 * mm), table]


def render_brief(session_file: Path, out: Path, *, language: str | None = None, paper: str = "a4") -> Path:
    """Write the interpreter brief of a session as a PDF."""
    theme.check_output_path(Path(out))
    page = theme.page_size(paper)
    tr = Translate(language_code(language), translator(language))
    _ = tr.gettext
    log = load_session(session_file)
    st = BriefStyles(rtl=theme.is_rtl(_("Interpreter brief")))
    width = page[0] - 2 * theme.MARGIN

    # In a right-to-left footer, marks around the id keep it reading left to right (20260314-ab12cd).
    session_id = f"\u200e{log.session.id}\u200e" if st.rtl else log.session.id

    def story() -> list[Flowable]:
        return cover(log, tr, st, width) + rules(tr, st) + run_sheet(log, tr, st, width) + glossary(log, tr, st, width)

    return theme.write_document(
        Path(out),
        story,
        page=page,
        title=f"{_('Interpreter brief')}: {log.session.title}",
        footer=f"{_('Interpreter brief')} · {session_id}",
        language=tr.language,
        rtl=st.rtl,
        page_label=lambda number, pages: _("Page {page} of {pages}").format(page=number, pages=pages),
    )
