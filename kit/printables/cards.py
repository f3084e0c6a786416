"""Activity cards: one activity a card, front and back printed double-sided.

Normal cards sit four to a sheet with gutters, bleed and cut marks; large-print cards fill a page each.
The front holds what the facilitator runs from (purpose, easy words, steps); the back opens with
"Keep everyone safe", then the notes. A section never leaves its heading, and an activity too long for
one card goes on two or more, each saying "1/2", "2/2" beside the title (`check_cards` warns the author).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame

from kit.errors import KitError
from kit.library import Activity
from kit.plan import interpreted_activity_minutes
from kit.printables import theme
from kit.printables.icons import draw_icon
from kit.vocab import load_principles

Rect = tuple[float, float, float, float]  # x, y, width, height of a card's cut line, in points
BIG = 1e6


@dataclass(frozen=True)
class Layout:
    """How cards sit on paper: columns and rows a sheet, type scale, and whether the sheet is cut."""

    name: str
    columns: int
    rows: int
    scale: float
    cut: bool  # several cards a sheet: gutters, bleed and cut marks


NORMAL = Layout("normal", columns=2, rows=2, scale=1.0, cut=True)
LARGE_PRINT = Layout("large print", columns=1, rows=1, scale=theme.LARGE_PRINT_SCALE, cut=False)


@dataclass(frozen=True)
class Sheet:
    """Where the cards sit on one paper size: their cut lines, front side, in reading order."""

    page: tuple[float, float]
    rects: tuple[Rect, ...]
    xs: tuple[float, ...]  # every vertical cut line
    ys: tuple[float, ...]  # every horizontal cut line
    columns: int

    def back(self, slot: int) -> Rect:
        """Where a card's back is on the reverse side (mirrored left to right: flip on the long edge)."""
        row, column = divmod(slot, self.columns)
        return self.rects[row * self.columns + (self.columns - 1 - column)]


def sheet_for(paper: str, layout: Layout) -> Sheet:
    """The card positions for a paper size: as big as the paper allows, marks clear of the unprintable edge."""
    pw, ph = theme.page_size(paper)
    if layout.cut:
        margin = theme.UNPRINTABLE + theme.PRINT_SAFETY + theme.CUT_MARK + theme.CUT_MARK_GAP + theme.BLEED
        gutter = theme.CARD_GUTTER
    else:
        margin, gutter = theme.MARGIN, 0.0
    w = (pw - 2 * margin - (layout.columns - 1) * gutter) / layout.columns
    h = (ph - 2 * margin - (layout.rows - 1) * gutter) / layout.rows
    rects = tuple(
        (margin + c * (w + gutter), ph - margin - h - r * (h + gutter), w, h)
        for r in range(layout.rows)
        for c in range(layout.columns)
    )
    xs = tuple(sorted({x for x, _, _, _ in rects} | {x + w for x, _, _, _ in rects}))
    ys = tuple(sorted({y for _, y, _, _ in rects} | {y + h for _, y, _, _ in rects}))
    return Sheet((pw, ph), rects, xs, ys, layout.columns)


class CardStyles:
    """The paragraph styles of a card at one type scale."""

    def __init__(self, scale: float, snug: bool = False) -> None:
        p = theme.paragraph_style
        self.scale = scale
        leading = theme.CARD_LEADING_SNUG if snug else theme.CARD_LEADING
        gap = (1.5 if snug else 2.5) * scale

        def tight(style: ParagraphStyle, **more: float) -> ParagraphStyle:
            # A card is read in short bursts: a little less leading than a page, no widowed last line.
            return ParagraphStyle(style.name, parent=style, leading=style.fontSize * leading, **more)

        self.title = tight(p("card-title", "card_title", bold=True, scale=scale))
        self.back_title = tight(p("card-back-title", "card_heading", bold=True, scale=scale))
        self.body = tight(p("card-body", "card_body", space_after=gap, scale=scale), allowWidows=0)
        self.meta = tight(p("card-meta", "card_small", colour=theme.MUTED, scale=scale))
        self.heading = tight(p("card-heading", "card_heading", bold=True, space_before=2 * scale, scale=scale))
        self.warning = tight(
            p("card-warning", "card_heading", bold=True, colour=theme.WARNING, space_before=2 * scale, scale=scale)
        )
        self.step = ParagraphStyle("card-step", parent=self.body, spaceAfter=self.body.fontSize * 0.15)


@dataclass
class Section:
    """A heading and the paragraphs under it; they are never separated."""

    heading: str | None
    texts: list[str]
    style: str = "heading"  # the CardStyles attribute of the heading
    body: str = "body"
    keep: bool = False  # move to a fresh face rather than split, whenever it fits on one
    flowables: list[Flowable] = field(default_factory=list)  # what is left of the body after a split
    continued: bool = False
    run_in: bool = False  # the heading starts the first paragraph ("You need: ..."), saving a line


def front_sections(activity: Activity) -> list[Section]:
    """What the facilitator runs from: purpose, easy words, steps."""
    steps = [f"{n}. {step.title} ({step.minutes} min)" for n, step in enumerate(activity.steps, 1)]
    return [
        Section(None, [activity.purpose]),
        Section("In easy words", [activity.easy_read], run_in=True),
        Section("Steps", steps, body="step"),
    ]


def safety_section(activity: Activity) -> Section:
    """'Keep everyone safe': it opens the back, so it is never cut."""
    return Section("Keep everyone safe", [activity.safeguarding_notes], style="warning", keep=True)


def note_sections(activity: Activity) -> list[Section]:
    """What to bring, adapting for reading, and interpreting, in the order they move to the front when room."""
    return [
        Section("You need", ["  ·  ".join(activity.materials)], run_in=True),
        Section("If reading is hard", [activity.low_literacy], run_in=True),
        Section("For the interpreter", [activity.interpreter_notes], run_in=True),
    ]


def _height(flowables: Sequence[Flowable], width: float) -> float:
    total = 0.0
    for f in flowables:
        _, h = f.wrap(width, BIG)
        total += h + f.getSpaceBefore() + f.getSpaceAfter()
    return total


def _body(section: Section, st: CardStyles) -> list[Flowable]:
    if section.flowables or section.continued:
        return section.flowables
    style = getattr(st, section.body)
    if section.run_in and section.heading and section.texts:
        first, *rest = section.texts
        return [theme.label_flowable(f"{section.heading}:", first, style)] + [
            theme.text_flowable(text, style) for text in rest
        ]
    return [theme.text_flowable(text, style) for text in section.texts]


def _heading(section: Section, st: CardStyles) -> list[Flowable]:
    if section.heading is None or (section.run_in and not section.continued):
        return []
    text = f"{section.heading} (continued)" if section.continued else section.heading
    return [theme.text_flowable(text, getattr(st, section.style))]


def _split_section(
    section: Section, st: CardStyles, width: float, room: float
) -> tuple[list[Flowable], Section] | None:
    """The heading and as much of the body as fits in `room`, and the rest; None if not even one line fits."""
    head = _heading(section, st)
    room -= _height(head, width)
    body = _body(section, st)
    placed: list[Flowable] = []
    for i, flowable in enumerate(body):
        need = _height([flowable], width)
        if need <= room:
            placed.append(flowable)
            room -= need
            continue
        parts = flowable.split(width, room - flowable.getSpaceBefore() - flowable.getSpaceAfter() - 0.5)
        if len(parts) >= 2:
            placed.append(parts[0])
            rest = list(parts[1:]) + body[i + 1 :]
        else:
            rest = body[i:]
        if not placed:
            return None
        return head + placed, Section(section.heading, [], section.style, section.body, False, rest, True)
    return head + placed, Section(section.heading, [], section.style, section.body, False, [], True)


def fill_face(
    queue: list[Section], header: Sequence[Flowable], st: CardStyles, width: float, height: float
) -> tuple[list[Flowable], list[Section]]:
    """One card face: its header and as many sections as fit; returns the face and the sections left over."""
    queue = list(queue)
    face = list(header)
    used = _height(face, width)
    room = height - used  # what an empty face holds below its header
    empty = True
    while queue:
        section = queue[0]
        whole = _heading(section, st) + _body(section, st)
        need = _height(whole, width)
        if used + need <= height:
            face += whole
            used += need
            queue.pop(0)
            empty = False
            continue
        if not empty and need <= room and (section.keep or used > height * 0.75):
            break  # start it on the next face: "Keep everyone safe" is never cut; no sliver at a card's foot
        split = _split_section(section, st, width, height - used)
        if split is None:
            if empty:
                raise KitError("A line of an activity card is too long for the card; shorten it and try again.")
            break
        face += split[0]
        queue[0] = split[1]
        if not split[1].flowables:
            queue.pop(0)
        break
    return face, queue


@dataclass
class Card:
    """One activity's card faces: fronts[k] and backs[k] are the two sides of card k+1."""

    activity: Activity
    fronts: list[list[Flowable]]
    backs: list[list[Flowable]]

    @property
    def count(self) -> int:
        return len(self.fronts)


def _people(activity: Activity) -> str:
    low, high = activity.group_size
    return f"{low} people" if low == high else f"{low}–{high} people"


def _minutes(activity: Activity) -> str:
    """'45 min, 90 with interpreting': interpreted steps take longer, and the plan's timing says how much."""
    interpreted = interpreted_activity_minutes(activity)
    return f"{activity.minutes} min" + (f", {interpreted} with interpreting" if interpreted > activity.minutes else "")


def _front_header(activity: Activity, st: CardStyles, k: int, total: int) -> list[Flowable]:
    meta = f"{_minutes(activity)}  ·  {_people(activity)}"
    if total > 1:
        meta += f"  ·  card\u00a0{k + 1}/{total}"  # never "card" alone at a line end
    return [theme.text_flowable(activity.title, st.title), theme.text_flowable(meta, st.meta)]


def _back_header(activity: Activity, st: CardStyles, k: int, total: int) -> list[Flowable]:
    title = activity.title + (f"  ·  {k + 1}/{total}" if total > 1 else "")
    return [theme.text_flowable(title, st.back_title)]


def frame_size(rect: Rect, layout: Layout) -> tuple[float, float]:
    """The width and height of a card's text area."""
    pad = theme.CARD_PADDING * layout.scale
    return rect[2] - 2 * pad, rect[3] - theme.BAND_HEIGHT * layout.scale - 2 * pad


def _one_card(activity: Activity, st: CardStyles, size: tuple[float, float]) -> Card | None:
    """The activity on a single card, front and back, or None if it does not fit."""
    notes = note_sections(activity)
    for moved in _note_choices(len(notes)):  # the fewest notes moved to the front, the order first
        front, rest = fill_face(
            front_sections(activity) + [s for i, s in enumerate(notes) if i in moved],
            _front_header(activity, st, 0, 1),
            st,
            *size,
        )
        if rest:
            continue  # too much moved to the front
        back, rest = fill_face(
            [safety_section(activity)] + [s for i, s in enumerate(notes) if i not in moved],
            _back_header(activity, st, 0, 1),
            st,
            *size,
        )
        if not rest:
            return Card(activity, [front], [back])
    return None


def _note_choices(count: int) -> list[tuple[int, ...]]:
    """Which notes move to the front: none first, then one, two..., each in the notes' order."""
    return sorted((m for n in range(count + 1) for m in combinations(range(count), n)), key=len)


def _several_cards(
    activity: Activity, st: CardStyles, size: tuple[float, float], total: int, moved: tuple[int, ...] = ()
) -> Card:
    """The activity over as many cards as it takes: front (with the `moved` notes), then the back from
    "Keep everyone safe", then the rest on the next cards."""
    fronts: list[list[Flowable]] = []
    backs: list[list[Flowable]] = []
    notes = note_sections(activity)
    front, left_front = fill_face(
        front_sections(activity) + [n for i, n in enumerate(notes) if i in moved],
        _front_header(activity, st, 0, total),
        st,
        *size,
    )
    back, left_back = fill_face(
        [safety_section(activity)] + [n for i, n in enumerate(notes) if i not in moved],
        _back_header(activity, st, 0, total),
        st,
        *size,
    )
    fronts.append(front)
    backs.append(back)
    queue = left_front + left_back
    while queue:
        k = len(fronts)
        if k > 20:
            raise KitError(f"The activity '{activity.id}' is far too long for its cards; shorten it and try again.")
        front, queue = fill_face(queue, _front_header(activity, st, k, total), st, *size)
        back, queue = fill_face(queue, _back_header(activity, st, k, total), st, *size)
        fronts.append(front)
        backs.append(back)
    return Card(activity, fronts, backs)


def lay_out_card(activity: Activity, layout: Layout, size: tuple[float, float]) -> Card:
    """Fit one activity on one card if it can, else on as few as it takes, each marked "1/2", "2/2".

    The front holds purpose, easy words and steps; the back starts with "Keep everyone safe" and holds
    the notes. When the back is full, the fewest notes that make it fit move to the front's spare room;
    if it still does not fit, the lines are set a little closer (never smaller) before a second card.
    """
    st = CardStyles(layout.scale)
    for styles in (st, CardStyles(layout.scale, snug=True)):
        single = _one_card(activity, styles, size)
        if single is not None:
            return single
    options: list[tuple[int, float, Card]] = []
    for moved in _note_choices(len(note_sections(activity))):  # use card 1 well: least left for card 2 on
        total = 2
        for _ in range(5):  # the "1/2" in the headers can change how much fits: settle the count
            card = _several_cards(activity, st, size, total, moved)
            if card.count == total:
                break
            total = card.count
        later = sum((_height(face, size[0]) for face in card.fronts[1:] + card.backs[1:]), 0.0)
        options.append((card.count, later, card))
    return min(options, key=lambda option: option[:2])[2]


def check_cards(activities: Sequence[Activity], papers: Sequence[str] = ("a4", "letter")) -> list[str]:
    """A warning for each activity that needs more than one normal-size card, for the author to shorten."""
    warnings = []
    for paper in papers:
        sheet = sheet_for(paper, NORMAL)
        size = frame_size(sheet.rects[0], NORMAL)
        for activity in activities:
            card = lay_out_card(activity, NORMAL, size)
            if card.count > 1:
                count, lines = card.count, _lines_over(activity, size)
                warnings.append(
                    f"The activity '{activity.id}' needs {count} cards on {paper} paper (printed '1/{count}', "
                    f"'2/{count}'); shorten its text in kit/activities/{activity.id}.toml by at least {lines} "
                    f"line{'s' if lines > 1 else ''} to fit one card."
                )
    return warnings


def _lines_over(activity: Activity, size: tuple[float, float]) -> int:
    """Roughly how many lines of body text to cut for the activity to fit one card (front and back)."""
    st, (width, height) = CardStyles(1.0, snug=True), size
    sections = front_sections(activity) + [safety_section(activity), *note_sections(activity)]
    need = _height(_front_header(activity, st, 0, 1) + _back_header(activity, st, 0, 1), width)
    need += sum(_height(_heading(section, st) + _body(section, st), width) for section in sections)
    return max(1, math.ceil((need - 2 * height) / st.body.leading))


def _band_label(article: int, room: float, size: float) -> str:
    """'Art. 12' if it fits the room, else '12' (a label is never cut)."""
    font = theme.fonts_for(True)["latin"]
    for label in (f"Art. {article}", str(article)):
        if stringWidth(label, font, size) <= room:
            return label
    return ""


def draw_band(canv: Canvas, activity: Activity, rect: Rect, layout: Layout, bleed: float) -> None:
    """A colour band across the card's top, one segment per principle, with its icon and article number.

    The colour runs `bleed` past the card's top and outer sides, so a slightly missed cut shows the
    card's own colour; the colours are darkened where needed so white text on them reads at 4.5:1.
    """
    principles = load_principles()
    x, y, w, h = rect
    height = theme.BAND_HEIGHT * layout.scale
    top = y + h
    segment = w / len(activity.principles)
    icon = theme.ICON_SIZE * layout.scale
    inset = (height - icon) / 2
    size = theme.SIZES["band_label"] * layout.scale
    font = theme.fonts_for(True)["latin"]
    for i, article in enumerate(activity.principles):
        p = principles[article]
        fill = theme.band_colour(p.colour)
        left = x + i * segment
        grow_left = bleed if i == 0 else 0.0
        grow_right = bleed if i == len(activity.principles) - 1 else 0.0
        canv.setFillColor(fill)
        canv.rect(left - grow_left, top - height, segment + grow_left + grow_right, height + bleed, stroke=0, fill=1)
        draw_icon(canv, p.icon, left + inset, top - height + inset, icon, fill)
        text_x = left + inset + icon + inset / 2
        label = _band_label(article, left + segment - inset / 2 - text_x, size)
        canv.setFillColor(colors.white)
        canv.setFont(font, size)
        canv.drawString(text_x, top - height / 2 - size * 0.36, label)


def draw_cut_marks(canv: Canvas, sheet: Sheet) -> None:
    """Short lines outside the cards' bleed, at every cut line, clear of the printer's unprintable edge."""
    canv.saveState()
    canv.setStrokeColor(theme.INK)
    canv.setLineWidth(0.3)
    pw, ph = sheet.page
    start = theme.BLEED + theme.CUT_MARK_GAP
    left, right, bottom, top = sheet.xs[0], sheet.xs[-1], sheet.ys[0], sheet.ys[-1]
    for x in sheet.xs:
        canv.line(x, bottom - start, x, bottom - start - theme.CUT_MARK)
        canv.line(x, top + start, x, top + start + theme.CUT_MARK)
    for y in sheet.ys:
        canv.line(left - start, y, left - start - theme.CUT_MARK, y)
        canv.line(right + start, y, right + start + theme.CUT_MARK, y)
    canv.restoreState()


def _draw_face(canv: Canvas, card: Card, face: list[Flowable], rect: Rect, layout: Layout, bleed: float) -> None:
    draw_band(canv, card.activity, rect, layout, bleed)
    pad = theme.CARD_PADDING * layout.scale
    x, y, w, h = rect
    width, height = frame_size(rect, layout)
    frame = Frame(x + pad, y + pad, width, height, 0, 0, 0, 0)
    left = theme.flow_into(frame, face, canv)
    if left:  # the layout measured every face, so this means a measuring bug, not long text
        raise KitError(f"The card for '{card.activity.id}' did not fit as measured; please report this.")


def lay_out_cards(activities: Sequence[Activity], paper: str, layout: Layout) -> list[Card]:
    """Every activity's card faces, laid out for the paper."""
    sheet = sheet_for(paper, layout)
    size = frame_size(sheet.rects[0], layout)
    return [lay_out_card(activity, layout, size) for activity in activities]


def draw_cards(canv: Canvas, cards: Sequence[Card], sheet: Sheet, layout: Layout) -> int:
    """Draw the cards: a page of fronts, then the page of their backs; returns the number of cards."""
    faces = [(card, k) for card in cards for k in range(card.count)]
    per_sheet = len(sheet.rects)
    bleed = theme.BLEED if layout.cut else 0.0
    for start in range(0, len(faces), per_sheet):
        batch = faces[start : start + per_sheet]
        if layout.cut:
            draw_cut_marks(canv, sheet)
        for slot, (card, k) in enumerate(batch):
            _draw_face(canv, card, card.fronts[k], sheet.rects[slot], layout, bleed)
        canv.showPage()
        for slot, (card, k) in enumerate(batch):
            _draw_face(canv, card, card.backs[k], sheet.back(slot), layout, bleed)
        canv.showPage()
    return len(faces)


def write_cards(
    activities: Sequence[Activity], out: Path, *, large_print: bool = False, paper: str = "a4"
) -> list[Card]:
    """Write the activity cards as a PDF, fronts and backs on alternate pages; returns the cards laid out."""
    theme.check_output_path(Path(out))
    layout = LARGE_PRINT if large_print else NORMAL
    sheet = sheet_for(paper, layout)
    theme.register_fonts()
    cards = lay_out_cards(activities, paper, layout)

    def render(temp: str) -> None:
        canv = Canvas(temp, pagesize=sheet.page, pageCompression=1, initialFontName=theme.BASE_FONT, lang="en")
        canv.setTitle("Activity cards (large print)" if large_print else "Activity cards")
        canv.setSubject("Print double-sided, flipping on the long edge")
        canv.setAuthor("codesign-kit")
        canv.setCreator("codesign-kit")
        draw_cards(canv, cards, sheet, layout)
        canv.save()

    theme.write_pdf(Path(out), render)
    return cards


def render_cards(activities: Sequence[Activity], out: Path, *, large_print: bool = False, paper: str = "a4") -> Path:
    """Write the activity cards for the given activities as a PDF."""
    write_cards(activities, out, large_print=large_print, paper=paper)
    return Path(out)


def main() -> int:
    """`python -m kit.printables.cards`: name each library activity too long for one card (for authors)."""
    from kit.library import load_library

    warnings = check_cards(list(load_library().values()))
    for warning in warnings:
        print(warning)
    if not warnings:
        print("Every activity in the library fits one card on A4 and on Letter paper.")
    return 1 if warnings else 0


if __name__ == "__main__":
    raise SystemExit(main())
