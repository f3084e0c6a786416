"""The coordinator's report for managers and funders: the collated picture as tables and charts,
then, for each principle, what young people said and what happened to it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Spacer,
    Table,
)

from kit.collate import NO_RESPONSE, Collation, OutputRow, Summary, filter_rows, output_rows, summarise
from kit.collate.exports import theme_names
from kit.collate.feedback import session_comments
from kit.model import ANSWERS, STATUSES
from kit.printables import theme
from kit.printables.icons import PrincipleIcons
from kit.printables.scripttext import Undrawable, choose_fonts
from kit.vocab import load_principles

CHART_HEIGHT = 62 * mm
CHART_FONT_SIZE = 8
HEADING_ICON = 9 * mm
MAX_LISTED = 150  # outputs listed per principle; the CSV export has them all
# Dark blue, light yellow, mid orange-red: apart in lightness (so in greyscale) and told apart with
# every common colour-vision deficiency (blue against orange); edged so the light one shows on white.
ANSWER_COLOURS = {
    "yes": colors.HexColor("#0b3c6e"),
    "partly": colors.HexColor("#f4c542"),
    "no": colors.HexColor("#d6604d"),
}
BAR_EDGE = colors.HexColor("#333333")
STATUS_COLOUR = colors.HexColor("#4a6fa5")
ANSWER_WORDS = {"yes": "Yes", "partly": "Partly", "no": "No"}
NO_RESPONSE_LABEL = "No 'what happened' yet"


class ReportStyles:
    """The report's paragraph styles, all from the printables theme."""

    def __init__(self) -> None:
        p = theme.paragraph_style
        self.title = p("report-title", "title", bold=True, space_after=4)
        self.heading = p("report-heading", "heading", bold=True, space_before=10, space_after=4)
        self.body = p("report-body", "body")
        self.small = p("report-small", "small", colour=theme.MUTED)
        self.output = p("report-output", "body", space_before=4, space_after=1)
        self.happened = p("report-happened", "body", space_after=1)
        self.cell = p("report-cell", "small", space_after=0)
        self.cell_head = p("report-cell-head", "small", bold=True, space_after=0)
        # For the texts people wrote; the kit's own words are checked as ever.
        self.drawable = Undrawable(theme.fonts_for().values())


def _pct(count: int, total: int) -> str:
    return f"{count / total:.0%}" if total else "-"


def _table(rows: list[list[str]], widths: list[float], st: ReportStyles) -> Table:
    """A ruled table with a bold header row; every cell goes through the theme's text flowable."""
    t = theme.text_flowable
    cells = [[t(str(c), st.cell_head if r == 0 else st.cell) for c in row] for r, row in enumerate(rows)]
    table = Table(cells, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        theme.table_style(
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, theme.INK),
            ("LINEBELOW", (0, 1), (-1, -1), 0.3, theme.RULE),
            ("BACKGROUND", (0, 0), (-1, 0), theme.PALE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), theme.CELL_PADDING / 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), theme.CELL_PADDING / 2),
        )
    )
    return table


def chart_text(text: str) -> str:
    """A chart's words, checked: charts draw in the Latin font alone (their words are the kit's own English),
    so a character it lacks is a MissingGlyph error naming it, never a blank."""
    choose_fonts(" ".join(text.split()), {"latin": theme.fonts_for()["latin"]})
    return text


def _drawing(width: float, title: str) -> Drawing:
    drawing = Drawing(width, CHART_HEIGHT)
    font = theme.fonts_for(True)["latin"]
    drawing.add(String(0, CHART_HEIGHT - 10, chart_text(title), fontName=font, fontSize=10))
    return drawing


def _label_bars(chart: VerticalBarChart | HorizontalBarChart, nudge: float) -> None:
    """Write each bar's count beside it, in the kit's font."""
    chart.barLabelFormat = _count
    chart.barLabels.fontName = theme.fonts_for()["latin"]
    chart.barLabels.fontSize = CHART_FONT_SIZE
    chart.barLabels.nudge = nudge


def nice_step(top: int, ticks: int = 5) -> int:
    """A round step (1, 2 or 5 times a power of ten) that divides 0..top into about `ticks` parts."""
    raw = max(top, 1) / ticks
    power = 10 ** max(len(str(int(raw))) - 1, 0)
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def _count(value: float) -> str:
    return f"{int(value):,}"


def _style_axes(chart: VerticalBarChart | HorizontalBarChart, top: int) -> None:
    """Kit fonts on both axes, and a value axis from 0 in round whole-number steps (these are counts)."""
    font = theme.fonts_for()["latin"]
    for axis in (chart.categoryAxis, chart.valueAxis):
        axis.labels.fontName = font
        axis.labels.fontSize = CHART_FONT_SIZE
    if isinstance(chart, VerticalBarChart):
        chart.categoryAxis.labels.boxAnchor = "n"
        chart.categoryAxis.labels.textAnchor = "middle"
    step = nice_step(top)
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueStep = step
    chart.valueAxis.valueMax = max(step, -(-top // step) * step)
    chart.valueAxis.labelTextFormat = _count


def _principle_names(articles: list[int]) -> list[str]:
    """Two-line category labels ('Art. 6' over the name) so four principles fit side by side."""
    principles = load_principles()
    return [chart_text(f"Art. {a}\n{_wrap(principles[a].name)}" if a in principles else f"Art. {a}") for a in articles]


def _wrap(name: str, width: int = 18) -> str:
    """Break a long label at the space nearest its middle, so neighbouring labels never overlap."""
    if len(name) <= width or " " not in name:
        return name
    middle = len(name) // 2
    cut = min((i for i, ch in enumerate(name) if ch == " "), key=lambda i: abs(i - middle))
    return f"{name[:cut]}\n{name[cut + 1 :]}"


def principle_chart(summary: Summary, width: float) -> Drawing:
    """Outputs by principle: one bar per principle, in the principle's colour."""
    principles = load_principles()
    drawing = _drawing(width, "Outputs by principle")
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 30, 34, width - 40, CHART_HEIGHT - 56
    articles = list(summary.by_principle)
    chart.data = [[summary.by_principle[a] for a in articles]]
    chart.categoryAxis.categoryNames = _principle_names(articles)
    chart.bars.strokeColor = None
    for i, article in enumerate(articles):
        colour = principles[article].colour if article in principles else "#777777"
        chart.bars[(0, i)].fillColor = colors.HexColor(colour)
    _label_bars(chart, nudge=6)
    _style_axes(chart, max(chart.data[0], default=0))
    drawing.add(chart)
    return drawing


def status_chart(summary: Summary, width: float) -> Drawing:
    """What happened to the outputs: one bar per response status, and those still waiting."""
    drawing = _drawing(width, "What happened to the outputs")
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 120, 8, width - 150, CHART_HEIGHT - 30
    keys = list(summary.by_status)
    chart.data = [[summary.by_status[k] for k in reversed(keys)]]
    chart.categoryAxis.categoryNames = [
        chart_text(NO_RESPONSE_LABEL if k == NO_RESPONSE else STATUSES.get(k, k)) for k in reversed(keys)
    ]
    chart.bars.strokeColor = None
    chart.bars[0].fillColor = STATUS_COLOUR
    _label_bars(chart, nudge=8)
    chart.barLabels.boxAnchor = "w"
    _style_axes(chart, max(chart.data[0], default=0))
    drawing.add(chart)
    return drawing


def feedback_chart(summary: Summary, width: float) -> Drawing:
    """Young people's answers per principle ('did we hear you right?'), stacked yes / partly / no."""
    title = (
        f"Did we hear you right? {summary.feedback_answers:,} answers on {summary.feedback_sheets:,} sheets "
        "(one sheet per young person), by principle"
    )
    drawing = _drawing(width, title)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 30, 34, width - 110, CHART_HEIGHT - 56
    articles = list(summary.feedback_by_principle)
    chart.data = [[summary.feedback_by_principle[a][answer] for a in articles] for answer in ANSWERS]
    chart.categoryAxis.categoryNames = _principle_names(articles)
    chart.categoryAxis.style = "stacked"
    chart.bars.strokeColor = BAR_EDGE
    chart.bars.strokeWidth = 0.5
    for i, answer in enumerate(ANSWERS):
        chart.bars[i].fillColor = ANSWER_COLOURS[answer]
    _style_axes(chart, max((sum(column) for column in zip(*chart.data, strict=True)), default=0))
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = width - 70, CHART_HEIGHT - 30
    legend.fontName = theme.fonts_for()["latin"]
    legend.fontSize = CHART_FONT_SIZE
    legend.colorNamePairs = [(ANSWER_COLOURS[a], chart_text(ANSWER_WORDS[a])) for a in ANSWERS]
    drawing.add(legend)
    if not any(any(row) for row in chart.data):
        note = "No feedback sheets have come back yet."
        font = theme.fonts_for()["latin"]
        drawing.add(String(chart.x + 10, chart.y + chart.height / 2, chart_text(note), fontName=font))
    return drawing


def overview(collation: Collation, summary: Summary, st: ReportStyles, width: float) -> list[Flowable]:
    """Title, the key figures, the charts and the tables by principle, theme and status."""
    t, s = theme.text_flowable, summary
    dates = [log.session.date for log in collation.logs()]
    span = f"{min(dates)} to {max(dates)}" if dates else "no sessions"
    intro = (
        "What young people said in co-design sessions, framed on the four General Principles of the UN "
        "Convention on the Rights of the Child, what happened to it, and whether they told us we heard them right. "
        "Outputs are group outputs: no names or personal details are recorded."
    )
    figures = [
        ["", "count", "share of outputs"],
        ["Sessions", _count(s.sessions), ""],
        ["Outputs (what groups said)", _count(s.outputs), ""],
        ["With a 'what happened'", _count(s.responded), _pct(s.responded, s.outputs)],
        ["Marked for young people's feedback", _count(s.on_sheet), _pct(s.on_sheet, s.outputs)],
        ["Feedback sheets returned", _count(s.feedback_sheets), ""],
        ["Withdrawn by young people (left out)", _count(s.withdrawn), ""],
    ]
    by_principle = [["Principle", "outputs", *(ANSWER_WORDS[a] for a in ANSWERS)]]
    principles = load_principles()
    for article, count in s.by_principle.items():
        answers = s.feedback_by_principle.get(article, {})
        label = principles[article].label if article in principles else f"Art. {article}"
        by_principle.append([label, _count(count), *(_count(answers.get(a, 0)) for a in ANSWERS)])
    shared = sum(len(doc["principles"]) > 1 for m in collation.merged.values() for doc in m.live_outputs())
    shared_note = (
        f"{shared:,} output{' counts' if shared == 1 else 's count'} under more than one principle, so the "
        f"principle totals ({sum(s.by_principle.values()):,}) add up to more than the {s.outputs:,} outputs; "
        "each young person's answer counts under every principle of its output."
        if shared
        else ""
    )
    names = theme_names()
    themes = [["Theme", "outputs"]] + [[names.get(k, k), _count(v)] for k, v in s.by_theme.items()]
    if len(themes) == 1:
        themes.append(["(no themes tagged)", ""])
    return [
        t("Collated sessions: what young people said, and what happened", st.title),
        t(f"{s.sessions:,} session{'' if s.sessions == 1 else 's'}, {span}", st.small),
        Spacer(1, 3 * mm),
        t(intro, st.body),
        _table(figures, [width * 0.5, width * 0.15, width * 0.2], st),
        Spacer(1, 6 * mm),
        principle_chart(s, width),
        _table(by_principle, [width * 0.46] + [width * 0.12] * 4, st),
        t("Yes / Partly / No: young people's answers to 'did we hear you right?' on their feedback sheets.", st.small),
        *([t(shared_note, st.small)] if shared_note else []),
        PageBreak(),
        status_chart(s, width),
        Spacer(1, 4 * mm),
        feedback_chart(s, width),
        Spacer(1, 4 * mm),
        t("Outputs by theme", st.heading),
        _table(themes, [width * 0.5, width * 0.15], st),
    ]


def output_entry(row: OutputRow, st: ReportStyles) -> Flowable:
    """One output: what was said, what happened, and where it came from."""
    t, r, d = theme.text_flowable, row.response, st.drawable
    parts = [t(d(row.output.text), st.output)]
    if r is not None:
        parts.append(theme.label_flowable(f"What happened ({r.status_label}):", d(r.text), st.happened))
    else:
        parts.append(t("What happened: not recorded yet.", st.small))
    answers = ", ".join(f"{ANSWER_WORDS[a].lower()} {row.feedback[a]}" for a in ANSWERS if row.feedback[a])
    source = f"{row.session.date} · {theme.isolate(d(row.session.title))} · {row.output.activity}"
    parts.append(t(f"{source}{' · heard right: ' + answers if answers else ''}", st.small))
    return KeepTogether(parts)


def by_principle(collation: Collation, st: ReportStyles) -> list[Flowable]:
    """For each principle, its outputs with what happened (the first MAX_LISTED of them)."""
    story: list[Flowable] = []
    rows = list(output_rows(collation))
    for article, principle in load_principles().items():
        picked = filter_rows(rows, principle=article)
        heading = Table(
            [[PrincipleIcons([article], HEADING_ICON), theme.text_flowable(principle.label, st.heading)]],
            colWidths=[HEADING_ICON + 3 * mm, None],
            hAlign="LEFT",
        )
        heading.setStyle(
            theme.table_style(("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0))
        )
        story += [PageBreak() if not story else CondPageBreak(70 * mm), Spacer(1, 4 * mm), heading]
        story.append(theme.text_flowable(principle.child_friendly, st.small))
        if not picked:
            story.append(theme.text_flowable("No outputs were tagged with this principle.", st.body))
        story += [output_entry(row, st) for row in picked[:MAX_LISTED]]
        if len(picked) > MAX_LISTED:
            more = f"... and {len(picked) - MAX_LISTED} more: the CSV export (--csv) lists every output."
            story.append(theme.text_flowable(more, st.body))
    untagged = [row for row in rows if not row.output.principles]
    if untagged:  # counted in the totals, so listed too: nothing a group said is left out of the report
        story += [CondPageBreak(70 * mm), Spacer(1, 4 * mm)]
        story.append(theme.text_flowable("Not linked to a principle yet", st.heading))
        note = "Outputs nobody has tagged with a principle; tag them in Follow-up (Ctrl+E) or with codesign-kit edit."
        story.append(theme.text_flowable(note, st.small))
        story += [output_entry(row, st) for row in untagged[:MAX_LISTED]]
        if len(untagged) > MAX_LISTED:
            more = f"... and {len(untagged) - MAX_LISTED} more: the CSV export (--csv) lists every output."
            story.append(theme.text_flowable(more, st.body))
    return story


def comments(collation: Collation, st: ReportStyles) -> list[Flowable]:
    """What young people wrote on their feedback sheets, session by session (scrubbed when recorded)."""
    story: list[Flowable] = [PageBreak(), theme.text_flowable("What young people wrote back", st.heading)]
    found = [(merged, session_comments(merged)) for merged in collation.ordered()]
    found = [(merged, listed) for merged, listed in found if listed]
    if not found:
        story.append(theme.text_flowable("No comments were written on the feedback sheets returned.", st.body))
    for merged, listed in found:
        s = merged.session
        story.append(theme.text_flowable(f"{s['date']} · {theme.isolate(st.drawable(s['title']))}", st.output))
        for sheet, comment, received in listed:
            story.append(theme.text_flowable(st.drawable(comment), st.happened))
            story.append(theme.text_flowable(f"sheet {sheet} · received {received[:10]}", st.small))
    return story


def write_report(
    collation: Collation, out: Path, *, paper: str = "a4", on_warning: Callable[[str], object] | None = None
) -> Path:
    """Write the coordinator's report as a PDF; `on_warning` hears one line per character shown as a mark."""
    page = theme.page_size(paper)
    theme.check_output_path(Path(out))
    st = ReportStyles()
    width = page[0] - 2 * theme.MARGIN
    summary = summarise(collation)

    def story() -> list[Flowable]:
        return overview(collation, summary, st, width) + by_principle(collation, st) + comments(collation, st)

    written = theme.write_document(
        Path(out), story, page=page, title="Collated sessions report", footer="codesign-kit collated report"
    )
    if on_warning is not None:
        for line in st.drawable.warnings("the report"):
            on_warning(line)
    return written
