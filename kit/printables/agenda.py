"""The facilitator's agenda: the run sheet of one session with a clock time on every block and step,
the materials to bring, each activity's safety notes, the breaks, and the time interpreting adds."""

from __future__ import annotations

from datetime import date as Date
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table

from kit.model import SessionLog
from kit.plan import Schedule, TimedBlock, clock_text, session_schedule
from kit.printables import theme
from kit.store import load_session

GLANCE_COLUMNS = (0.16, 0.56, 0.12, 0.16)  # time, block, minutes, with interpreting
STEP_COLUMNS = (0.13, 0.87)  # step time, step title and words
BOX_PADDING = 3 * mm
TICK_SIZE = 3.5 * mm
ELAPSED_NOTE = "No start time is set: times are counted from the start of the session (0:00)."


class AgendaStyles:
    """The agenda's paragraph styles, from the printables theme."""

    def __init__(self) -> None:
        p = theme.paragraph_style
        self.kicker = p("agenda-kicker", "small", colour=theme.MUTED, space_after=2)
        self.title = p("agenda-title", "title", bold=True, space_after=4)
        self.facts = p("agenda-facts", "body", space_after=2)
        self.total = p("agenda-total", "body", bold=True, space_before=4, space_after=6)
        self.heading = p("agenda-heading", "heading", bold=True, space_before=10, space_after=4)
        self.block = p("agenda-block", "subheading", bold=True, space_before=10, space_after=3)
        self.body = p("agenda-body", "body")
        self.small = p("agenda-small", "small", colour=theme.MUTED)
        self.label = p("agenda-label", "small", bold=True, space_after=1)
        self.safety_label = p("agenda-safety-label", "small", bold=True, colour=theme.WARNING, space_after=1)
        self.cell = p("agenda-cell", "small", space_after=0)
        self.cell_head = p("agenda-cell-head", "small", bold=True, space_after=0)
        self.say = p("agenda-say", "small", colour=theme.MUTED, space_after=0)


def _clock(timed: Schedule, minutes: int | None) -> str:
    """A time on the agenda: a clock time, or the time since the start when no start time is set."""
    if minutes is None:
        return ""
    if timed.start is None:
        return f"{minutes // 60}:{minutes % 60:02d}"
    return clock_text(minutes)


def _starts(timed: Schedule) -> list[int]:
    """Each block's start: minutes after midnight, or after the session's start when there is no start time."""
    at = timed.start or 0
    starts = []
    for block in timed.blocks:
        starts.append(at)
        at += block.length
    return starts


def _long_date(iso: str) -> str:
    try:
        return Date.fromisoformat(iso).strftime("%A %d %B %Y").replace(" 0", " ")
    except ValueError:
        return iso


def header(log: SessionLog, timed: Schedule, st: AgendaStyles) -> list[Flowable]:
    """What the session is, when, and whether the plan fits."""
    t, s = theme.text_flowable, log.session
    when = _long_date(s.date)
    if timed.start is not None:
        when += f", {timed.blocks[0].clock if timed.blocks else ''} to {timed.end_clock}"
    facts = [when]
    facts.append(f"{s.group_size} young people" if s.group_size else "Group size not set")
    facts.append(f"Languages: {', '.join(s.languages)}" if s.languages else "Languages not set")
    facts.append("Interpreter in the room" if s.interpreter else "No interpreter")
    if s.facilitator:
        facts.append(f"Facilitator: {s.facilitator}")
    story: list[Flowable] = [t("Facilitator's agenda", st.kicker), t(s.title, st.title)]
    story.append(t(" · ".join(facts), st.facts))
    total, over = timed.total_message()
    story.append(t(total.replace(" Remove or shorten.", " Shorten a block or take one out."), st.total))
    if timed.start is None:
        story.append(t(ELAPSED_NOTE, st.small))
    if s.interpreter:
        story.append(
            t(
                "Times include interpreting: each block's extra time for it is shown as +min. "
                "Keep to one question a turn and speak in short chunks.",
                st.small,
            )
        )
    return story


def at_a_glance(timed: Schedule, st: AgendaStyles, width: float) -> list[Flowable]:
    """One row a block: start time, title, minutes, and minutes with interpreting."""
    t = theme.text_flowable
    head = ["Time", "Block", "Min", "With interpreting" if timed.interpreter else ""]
    rows = [[t(h, st.cell_head) for h in head]]
    for block, start in zip(timed.blocks, _starts(timed), strict=True):
        extra = f"{block.interpreted} (+{block.interpreted - block.minutes})" if timed.interpreter else ""
        own_title = block.block.kind != "activity" and block.block.title
        title = f"{block.title} ({block.block.kind})" if own_title else block.title
        rows.append(
            [t(_clock(timed, start), st.cell), t(title, st.cell), t(str(block.minutes), st.cell), t(extra, st.cell)]
        )
    end = (timed.start or 0) + timed.length
    rows.append(
        [
            t(_clock(timed, end), st.cell_head),
            t("End", st.cell_head),
            t(str(timed.minutes), st.cell_head),
            t(str(timed.length) if timed.interpreter else "", st.cell_head),
        ]
    )
    table = Table(rows, colWidths=[width * share for share in GLANCE_COLUMNS], repeatRows=1, hAlign="LEFT")
    table.setStyle(
        theme.table_style(
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, theme.INK),
            ("LINEBELOW", (0, 1), (-1, -2), 0.3, theme.RULE),
            ("LINEABOVE", (0, -1), (-1, -1), 0.8, theme.INK),
            ("BACKGROUND", (0, 0), (-1, 0), theme.PALE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), theme.CELL_PADDING / 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), theme.CELL_PADDING / 2),
        )
    )
    return [t("At a glance", st.heading), table]


def _boxed(flowables: list[Flowable], width: float, colour: object) -> Table:
    """Flowables in a shaded box (safety notes, breaks), so they stand out on the page."""
    box = Table([[flowables]], colWidths=[width])
    box.setStyle(
        theme.table_style(
            ("BACKGROUND", (0, 0), (-1, -1), theme.PALE),
            ("LINEBEFORE", (0, 0), (0, -1), 2, colour),
            ("LEFTPADDING", (0, 0), (-1, -1), BOX_PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), BOX_PADDING),
            ("TOPPADDING", (0, 0), (-1, -1), BOX_PADDING / 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), BOX_PADDING / 2),
        )
    )
    return box


def block_section(timed: Schedule, block: TimedBlock, start: int, st: AgendaStyles, width: float) -> list[Flowable]:
    """One block in full: its times, then an activity's steps, materials and safety notes, or a break's notes."""
    t = theme.text_flowable
    span = f"{_clock(timed, start)} to {_clock(timed, start + block.length)}"
    minutes = f"{block.minutes} min"
    if block.interpreted != block.minutes:
        minutes += f" + {block.interpreted - block.minutes} for interpreting"
    heading = [t(f"{span}   {block.title}", st.block), t(minutes, st.small)]
    story: list[Flowable] = []
    activity = block.activity
    if activity is None:
        kind = {"break": "Break", "energiser": "Energiser", "own": "Your own block"}.get(block.block.kind, "Block")
        inner = [t(kind, st.label)] + ([t(block.block.notes, st.body)] if block.block.notes else [])
        return [KeepTogether([*heading, _boxed(inner, width, theme.RULE)])]
    if block.block.notes:
        heading.append(t(f"Your notes: {block.block.notes}", st.body))
    rows = []
    for step, offset, length in block.step_times():
        words = [t(f"{step.title} ({length} min)", st.cell_head), t(step.say, st.say)]
        if step.capture:
            words.append(t(f"Capture: {step.capture}", st.cell))
        rows.append([t(_clock(timed, start + offset), st.cell), words])
    steps = Table(rows, colWidths=[width * share for share in STEP_COLUMNS], hAlign="LEFT")
    steps.setStyle(
        theme.table_style(
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -2), 0.3, theme.RULE),
            ("TOPPADDING", (0, 0), (-1, -1), theme.CELL_PADDING / 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), theme.CELL_PADDING / 2),
        )
    )
    safety = [t("Keep everyone safe", st.safety_label), t(activity.safeguarding_notes, st.body)]
    materials = t("Materials: " + "; ".join(activity.materials), st.body)
    # The safety notes stay on the same page as the steps they belong to whenever the whole activity fits one.
    story.append(KeepTogether([*heading, materials, steps, Spacer(1, 2 * mm), _boxed(safety, width, theme.WARNING)]))
    return story


class TickBox(Flowable):
    """An empty square to tick when a thing is packed."""

    def __init__(self, size: float = TICK_SIZE) -> None:
        super().__init__()
        self.width = self.height = size

    def draw(self) -> None:
        self.canv.setStrokeColor(theme.INK)
        self.canv.rect(0, 0, self.width, self.height, stroke=1, fill=0)


def materials(timed: Schedule, st: AgendaStyles, width: float) -> list[Flowable]:
    """Everything to bring, once each, in the order the activities need it, with a box to tick."""
    t = theme.text_flowable
    needed = dict.fromkeys(m for b in timed.blocks if b.activity for m in b.activity.materials)
    if not needed:
        return []
    table = Table(
        [[TickBox(), t(item, st.body)] for item in needed],
        colWidths=[TICK_SIZE * 2, width - TICK_SIZE * 2],
        hAlign="LEFT",
    )
    table.setStyle(theme.table_style(("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)))
    return [t("What to bring", st.heading), table]


def render_agenda(session_file: Path, out: Path, *, paper: str = "a4") -> Path:
    """Write the facilitator's agenda of a session as a PDF."""
    theme.check_output_path(Path(out))
    page = theme.page_size(paper)
    log = load_session(session_file)
    timed = session_schedule(log.session)
    if not timed.blocks:
        from kit.errors import InputError

        raise InputError("This session has nothing planned yet; add activities to its plan first.")
    st = AgendaStyles()
    width = page[0] - 2 * theme.MARGIN

    def story() -> list[Flowable]:
        flow = header(log, timed, st) + at_a_glance(timed, st, width) + materials(timed, st, width)
        flow += [CondPageBreak(60 * mm), theme.text_flowable("The session, block by block", st.heading)]
        for block, start in zip(timed.blocks, _starts(timed), strict=True):
            flow += block_section(timed, block, start, st, width)
        return flow

    return theme.write_document(
        Path(out),
        story,
        page=page,
        title=f"Agenda: {log.session.title}",
        footer=f"Agenda · {log.session.title[:60]} · {log.session.id}",
    )
