"""Activity cards: four A6 cards to a page with cut marks (or two A5 cards in large print)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, Spacer

from kit.library import Activity
from kit.printables import theme
from kit.printables.icons import draw_icon
from kit.vocab import load_principles

CARD_PADDING = 5 * mm
CARD_MARGIN = 10 * mm  # page margin around the block of cards, where the cut marks go


@dataclass(frozen=True)
class Layout:
    """How cards sit on a page: columns, rows, landscape page, type scale."""

    columns: int
    rows: int
    landscape: bool
    scale: float


NORMAL = Layout(columns=2, rows=2, landscape=False, scale=1.0)
LARGE_PRINT = Layout(columns=2, rows=1, landscape=True, scale=theme.LARGE_PRINT_SCALE)


class CardStyles:
    """The paragraph styles of a card at one type scale."""

    def __init__(self, scale: float) -> None:
        self.title = theme.paragraph_style("card-title", "card_title", bold=True, scale=scale)
        self.body = theme.paragraph_style("card-body", "card_body", scale=scale)
        self.meta = theme.paragraph_style("card-meta", "card_small", colour=theme.MUTED, scale=scale)
        self.heading = theme.paragraph_style("card-heading", "card_body", bold=True, space_before=3, scale=scale)
        self.warning = theme.paragraph_style(
            "card-warning", "card_body", bold=True, colour=theme.WARNING, space_before=3, scale=scale
        )


def card_story(activity: Activity, st: CardStyles) -> list[Flowable]:
    """The flowables of one card, below its colour band."""
    t = theme.text_flowable
    low, high = activity.group_size
    people = f"{low} people" if low == high else f"{low} to {high} people"
    articles = ", ".join(f"Art. {a}" for a in activity.principles)
    story: list[Flowable] = [
        t(activity.title, st.title),
        t(f"{activity.minutes} min  ·  {people}  ·  {articles}", st.meta),
        t(activity.purpose, st.body),
        t("You need", st.heading),
    ]
    story += [t(f"• {item}", st.body) for item in activity.materials]
    story.append(t("Steps", st.heading))
    story += [t(f"{n}. {step.title} ({step.minutes} min)", st.body) for n, step in enumerate(activity.steps, 1)]
    story += [
        t("In easy words", st.heading),
        t(activity.easy_read, st.body),
        t("Keep everyone safe", st.warning),
        t(activity.safeguarding_notes, st.body),
    ]
    return story


def draw_band(canv: Canvas, activity: Activity, x: float, top: float, width: float, height: float) -> None:
    """A colour band across the card's top: one segment per principle, each with its icon and article."""
    principles = load_principles()
    segment = width / len(activity.principles)
    icon = min(theme.ICON_SIZE, height * 0.75)
    for i, article in enumerate(activity.principles):
        p = principles[article]
        left = x + i * segment
        canv.setFillColor(colors.HexColor(p.colour))
        canv.rect(left, top - height, segment, height, stroke=0, fill=1)
        draw_icon(canv, p.icon, left + CARD_PADDING, top - height + (height - icon) / 2, icon, p.colour)
        canv.setFillColor(colors.white)
        canv.setFont(theme.fonts_for(True)["latin"], icon * 0.55)
        canv.drawString(left + CARD_PADDING + icon + 2 * mm, top - height / 2 - icon * 0.2, f"Art. {article}")


def draw_cut_marks(canv: Canvas, xs: Sequence[float], ys: Sequence[float]) -> None:
    """Short lines in the page margin (and small crosses inside) where the cards are to be cut."""
    canv.saveState()
    canv.setStrokeColor(theme.RULE)
    canv.setLineWidth(0.4)
    length = theme.CUT_MARK
    gap = 1.5 * mm
    for x in xs:
        canv.line(x, ys[0] - gap, x, ys[0] - gap - length)
        canv.line(x, ys[-1] + gap, x, ys[-1] + gap + length)
    for y in ys:
        canv.line(xs[0] - gap, y, xs[0] - gap - length, y)
        canv.line(xs[-1] + gap, y, xs[-1] + gap + length, y)
    for x in xs[1:-1]:
        for y in ys[1:-1]:
            canv.line(x - length / 2, y, x + length / 2, y)
            canv.line(x, y - length / 2, x, y + length / 2)
    canv.restoreState()


def slots(page: tuple[float, float], layout: Layout) -> tuple[list[tuple[float, float, float, float]], list, list]:
    """Card rectangles (x, y, w, h) in reading order, and the cut lines' x and y positions."""
    pw, ph = page
    w = (pw - 2 * CARD_MARGIN) / layout.columns
    h = (ph - 2 * CARD_MARGIN) / layout.rows
    rects = [
        (CARD_MARGIN + c * w, ph - CARD_MARGIN - (r + 1) * h, w, h)
        for r in range(layout.rows)
        for c in range(layout.columns)
    ]
    xs = [CARD_MARGIN + c * w for c in range(layout.columns + 1)]
    ys = [CARD_MARGIN + r * h for r in range(layout.rows + 1)]
    return rects, xs, ys


def draw_cards(canv: Canvas, activities: Sequence[Activity], page: tuple[float, float], layout: Layout) -> int:
    """Draw every card, continuing long ones on the next card; returns the number of card faces."""
    st = CardStyles(layout.scale)
    rects, xs, ys = slots(page, layout)
    band = theme.BAND_HEIGHT * layout.scale
    faces = 0
    continued = theme.paragraph_style("card-cont", "card_small", bold=True, colour=theme.MUTED, scale=layout.scale)
    for activity in activities:
        story = card_story(activity, st)
        first = True
        while story:
            slot = faces % len(rects)
            if slot == 0:
                if faces:
                    canv.showPage()
                draw_cut_marks(canv, xs, ys)
            x, y, w, h = rects[slot]
            draw_band(canv, activity, x, y + h, w, band)
            frame = Frame(
                x + CARD_PADDING, y + CARD_PADDING, w - 2 * CARD_PADDING, h - band - 2 * CARD_PADDING, 0, 0, 0, 0
            )
            if not first:
                story = [
                    theme.text_flowable(f"{activity.title} (continued)", continued),
                    Spacer(1, 2 * mm),
                ] + story
            story = theme.flow_into(frame, story, canv)
            first = False
            faces += 1
    canv.showPage()
    return faces


def render_cards(activities: Sequence[Activity], out: Path, *, large_print: bool = False, paper: str = "a4") -> Path:
    """Write the activity cards for the given activities as a PDF."""
    theme.check_output_path(Path(out))
    layout = LARGE_PRINT if large_print else NORMAL
    page = theme.page_size(paper, landscape=layout.landscape)
    theme.register_fonts()

    def render(temp: str) -> None:
        canv = Canvas(temp, pagesize=page, pageCompression=1, initialFontName=theme.BASE_FONT)
        canv.setTitle("Activity cards")
        draw_cards(canv, activities, page, layout)
        canv.save()

    return theme.write_pdf(Path(out), render)
