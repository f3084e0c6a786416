"""Feedback sheets: an easy-read "you told us / what happened" for each young person, in their language.

Each copy has its own QR code and short code. Body text is 14 pt or more however many items there
are: a long sheet runs onto more pages instead of shrinking. Items are numbered (the paper route
asks for item numbers); every page carries the copy's short code, "page x of N" and the numbers of
its items, drawn by the page template; each copy is padded to an even number of pages so that
double-sided printing never puts one person's page on the back of another's.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date as Date
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
)

from kit.i18n import language_code, translator
from kit.library import load_library
from kit.model import STATUSES, SessionLog, SheetWording
from kit.printables import theme
from kit.printables.icons import PrincipleIcons
from kit.printables.pictograms import Pictogram
from kit.store import CODE_LENGTH, IssuedSheet, format_code, issue_sheets, load_session
from kit.vocab import load_languages

CODE_SIZE = 16
CODE_HEIGHT = 9 * mm  # the short code's line under the QR code
FOOTER_HEIGHT = theme.QR_SIZE + CODE_HEIGHT + 8 * mm  # QR code, its code, and what to do with them
BAND_HEIGHT = 9 * mm  # the line at the top of every page: code, page x of N, items
ITEM_RULE = 0.8
NUMBER_SIZE = 8.5 * mm
PICTOGRAM_SIZE = 9 * mm
BABEL_LOCALES = {"en": "en_GB"}  # the kit's English is British: 14 March 2026


def feedback_url(base_url: str, token: str) -> str:
    """The address a sheet's QR code opens."""
    return f"{base_url.rstrip('/')}/f/{token}"


def code_address(base_url: str) -> str:
    """The address where a short code can be typed in (the feedback page's front page)."""
    return f"{base_url.rstrip('/')}/"


def long_date(iso_date: str, language: str) -> str:
    """A session date written out in the sheet's language ("14 March 2026"), from CLDR via Babel."""
    from babel.core import UnknownLocaleError
    from babel.dates import format_date

    try:
        day = Date.fromisoformat(iso_date)
    except ValueError:
        return iso_date
    try:
        return format_date(day, format="long", locale=BABEL_LOCALES.get(language, language.replace("-", "_")))
    except (UnknownLocaleError, ValueError):
        return day.isoformat()


class TickBox(Flowable):
    """An empty square to tick with a pen."""

    def __init__(self, size: float) -> None:
        super().__init__()
        self.width = self.height = size

    def draw(self) -> None:
        self.canv.setStrokeColor(theme.INK)
        self.canv.setLineWidth(1.4)
        self.canv.rect(0, 0, self.width, self.height, stroke=1, fill=0)


class NumberBadge(Flowable):
    """An item's number in a dark circle: the number to write on the paper route."""

    def __init__(self, number: int, size: float) -> None:
        super().__init__()
        self.number = number
        self.width = self.height = size

    def draw(self) -> None:
        c = self.canv
        c.setFillColor(theme.INK)
        c.circle(self.width / 2, self.height / 2, self.width / 2, stroke=0, fill=1)
        c.setFillColor(colors.white)
        c.setFont(theme.fonts_for(bold=True)["latin"], self.width * 0.55)
        c.drawCentredString(self.width / 2, self.height * 0.3, str(self.number))


class Rule(Flowable):
    """A thin line across the column."""

    def __init__(self, width: float) -> None:
        super().__init__()
        self.width, self.height = width, ITEM_RULE

    def draw(self) -> None:
        self.canv.setStrokeColor(theme.RULE)
        self.canv.setLineWidth(ITEM_RULE)
        self.canv.line(0, 0, self.width, 0)


class Row(Flowable):
    """Cells side by side in fixed widths, centred on one line: a one-row table without a table's cost.

    A sheet draws hundreds of these (30 copies of ten items); reportlab's Table is several times slower.
    """

    def __init__(self, cells: list[Flowable], widths: list[float]) -> None:
        super().__init__()
        self.cells, self.widths = cells, widths
        self._heights: list[float] = []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._heights = [cell.wrap(w, avail_height)[1] for cell, w in zip(self.cells, self.widths, strict=True)]
        self.width, self.height = sum(self.widths), max(self._heights, default=0)
        return self.width, self.height

    def draw(self) -> None:
        x = 0.0
        for cell, w, h in zip(self.cells, self.widths, self._heights, strict=True):
            cell.drawOn(self.canv, x, (self.height - h) / 2)
            x += w


class Marker(Flowable):
    """Takes no room; tells the document what was just placed (a copy's start, an item)."""

    def __init__(self, on_draw: Callable[[], None]) -> None:
        super().__init__()
        self.on_draw = on_draw
        self.width = self.height = 0

    def draw(self) -> None:
        self.on_draw()


def draw_qr(canv: Canvas, data: str, x: float, y: float, size: float) -> None:
    """Draw data as a QR code (vector squares, quiet zone included) with its lower-left corner at (x, y)."""
    import qrcode

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4, box_size=1)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    cell = size / len(matrix)
    canv.saveState()
    canv.setFillColor(colors.white)
    canv.rect(x, y, size, size, stroke=0, fill=1)
    canv.setFillColor(colors.black)
    path = canv.beginPath()
    for r, row in enumerate(matrix):
        top = y + size - (r + 1) * cell
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                path.rect(x + start * cell, top, (c - start) * cell, cell)
            else:
                c += 1
    canv.drawPath(path, stroke=0, fill=1)
    canv.restoreState()


@dataclass
class PageState:
    """What the page template needs to know while the document is laid out."""

    sheet: IssuedSheet | None = None
    page: int = 0  # page number within the current copy
    items: list[int] = field(default_factory=list)  # item numbers placed on this page
    pages: int = 0  # pages per copy (known after a trial layout)
    blank: bool = False


class SheetBuilder:
    """Lays out the sheets of one session in one language."""

    def __init__(self, log: SessionLog, language: str | None, base_url: str, page: tuple[float, float]) -> None:
        self.log = log
        self.language = language_code(language)
        self._ = translator(language)
        self.rtl = theme.is_rtl(self._("Did we hear you right?"))
        self.base_url = base_url
        self.page = page
        self.width = page[0] - 2 * theme.SHEET_MARGIN
        self.title = theme.paragraph_style("sheet-title", "sheet_title", bold=True, space_after=4)
        self.body = theme.paragraph_style("sheet-body", "sheet_body", space_after=3)
        self.label = theme.paragraph_style("sheet-label", "sheet_body", bold=True, space_after=2)
        self.band = theme.paragraph_style("sheet-band", "sheet_small", colour=theme.MUTED, space_after=0)
        self.code = theme.paragraph_style("sheet-code", CODE_SIZE, bold=True, align="centre", space_after=0)
        self.library = load_library()
        self.state = PageState()
        known = load_languages()
        self.items = log.sheet_wording(
            self.language, known[self.language].script if self.language in known else "latin"
        )

    def text(self, text: str, style: object) -> Flowable:
        """A paragraph of any script, in its own direction (a paragraph with no letters follows the sheet)."""
        return theme.text_flowable(text, style, page_rtl=self.rtl)

    def row(self, cells: list[Flowable], widths: list[float]) -> Flowable:
        """One row of cells, mirrored on a right-to-left sheet."""
        return Row(*theme.mirror_row(cells, widths, self.rtl))

    # What goes on a copy.

    def header(self) -> list[Flowable]:
        """Session title and date written out, then the short easy-read introduction."""
        _ = self._
        s = self.log.session
        return [
            self.text(s.title, self.title),
            self.text(f"{_('Date')}: {long_date(s.date, self.language)}", self.body),
            Spacer(1, 1 * mm),
            self.text(f"{_('You told us what you think.')} {_('Here is what happened.')}", self.body),
            self.text(f"{_('Did we hear you right?')} {_('Tick one box for each one.')}", self.body),
            Spacer(1, 2 * mm),
        ]

    def tick_row(self) -> Flowable:
        """Did we hear you right? with a box to tick for yes, partly and no."""
        _ = self._
        box, gap = theme.TICK_BOX, 2.5 * mm
        question = self.width * 0.34
        cells: list[object] = [self.text(_("Did we hear you right?"), self.label), Spacer(gap, 1)]
        widths: list[float] = [question - gap, gap]
        for answer in (_("yes"), _("partly"), _("no")):
            cells += [TickBox(box), Spacer(gap, 1), self.text(answer, self.label)]
            widths += [box, gap, (self.width - question) / 3 - box - gap]
        return self.row(cells, widths)

    def outcome(self, status: str) -> Flowable:
        """The pictogram and plain words for what happened."""
        _ = self._
        words = self.text(f"{_('What happened:')} {_(STATUSES.get(status, status))}", self.label)
        gap = 3 * mm
        picture = Pictogram(status, PICTOGRAM_SIZE, self.rtl)
        return self.row([picture, Spacer(gap, 1), words], [PICTOGRAM_SIZE, gap, self.width - PICTOGRAM_SIZE - gap])

    def item(self, item: SheetWording) -> Flowable:
        """One numbered item: what the group said, what happened, and the boxes to tick."""
        _ = self._
        activity = self.library.get(item.output.activity)
        articles = item.output.principles or (list(activity.principles) if activity else [])
        icon = theme.SHEET_ICON_SIZE
        icons_width = max(1, len(articles)) * (icon + 3)
        gap = 3 * mm
        label = self.text(_("You told us:"), self.label)
        top = self.row(
            [
                NumberBadge(item.number, NUMBER_SIZE),
                Spacer(gap, 1),
                label,
                PrincipleIcons(articles, icon, rtl=not self.rtl),
            ],
            [NUMBER_SIZE, gap, self.width - NUMBER_SIZE - gap - icons_width, icons_width],
        )
        mark = Marker(lambda: self.state.items.append(item.number))
        parts: list[Flowable] = [mark, top, Spacer(1, 1 * mm), self.text(item.said, self.body)]
        if item.missing:
            parts.append(self.text(_("Not yet in your language."), self.band))
        parts += [
            self.outcome(item.response.status),
            Spacer(1, 0.5 * mm),
            self.text(item.happened, self.body),
            Spacer(1, 1 * mm),
            self.tick_row(),
            Spacer(1, 1.5 * mm),
            Rule(self.width),
            Spacer(1, 2 * mm),
        ]
        return KeepTogether(parts)

    def copy_story(self, sheet: IssuedSheet) -> list[Flowable]:
        """One young person's sheet: header and every item (its page furniture is drawn by the template)."""

        def start() -> None:
            self.state.sheet, self.state.page, self.state.blank = sheet, 0, False

        return [Marker(start), NextPageTemplate("later"), *self.header(), *(self.item(i) for i in self.items)]

    # Page furniture, drawn by the page template at the end of each page.

    def end_page(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        """Draw the top band (code, page x of N, items) on every page, and the QR area on a copy's first."""
        state = self.state
        if state.sheet is None or state.blank:
            state.items = []
            return
        state.page += 1
        self.draw_band(canv, state.sheet, state.page, max(state.pages, state.page), sorted(set(state.items)))
        if state.page == 1:
            self.draw_qr_area(canv, state.sheet)
        state.items = []

    def draw_band(self, canv: Canvas, sheet: IssuedSheet, page: int, pages: int, items: list[int]) -> None:
        """The line at the top of a page: which sheet, which page, which items."""
        _ = self._
        parts = [_("Page {page} of {pages}").format(page=page, pages=pages)]
        if items:
            parts.append(_("On this page: {items}").format(items=number_list(items)))
        parts.append(format_code(sheet.code))  # last: the line takes the sheet's direction from its words
        m = theme.SHEET_MARGIN
        band = self.text("   ·   ".join(parts), self.band)
        _w, h = band.wrap(self.width, BAND_HEIGHT)
        band.drawOn(canv, m, self.page[1] - m - h)
        canv.setStrokeColor(theme.RULE)
        canv.setLineWidth(0.5)
        y = self.page[1] - m - BAND_HEIGHT + 2 * mm
        canv.line(m, y, m + self.width, y)

    def draw_qr_area(self, canv: Canvas, sheet: IssuedSheet) -> None:
        """The QR code with the short code under it, and the ways to answer beside it."""
        _ = self._
        m = theme.SHEET_MARGIN
        x, y, width = m, m, self.width
        canv.setStrokeColor(theme.RULE)
        canv.setLineWidth(0.5)
        canv.line(x, y + FOOTER_HEIGHT - 2 * mm, x + width, y + FOOTER_HEIGHT - 2 * mm)
        qr_x = x + width - theme.QR_SIZE if self.rtl else x
        draw_qr(canv, feedback_url(self.base_url, sheet.token), qr_x, y + CODE_HEIGHT, theme.QR_SIZE)
        code = self.text(format_code(sheet.code), self.code)
        code.wrap(theme.QR_SIZE + 10 * mm, CODE_HEIGHT)
        code.drawOn(canv, qr_x - 5 * mm, y + 1 * mm)
        text_x = x if self.rtl else x + theme.QR_SIZE + 6 * mm
        story = [
            self.text(_("Scan the code with a phone to answer."), self.label),
            self.text(_("Or open this address and type the code under the QR code:"), self.body),
            self.text(code_address(self.base_url), self.label),
            self.text(
                f"{_('No phone? Tick the boxes and give this sheet back to us.')} {_('Do not write your name.')}",
                self.body,
            ),
        ]
        frame = Frame(text_x, y, width - theme.QR_SIZE - 6 * mm, FOOTER_HEIGHT - 4 * mm, 0, 0, 0, 0)
        theme.flow_into(frame, story, canv)


def number_list(numbers: list[int]) -> str:
    """Item numbers as short ranges: 1-3, 5."""
    parts: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(parts)


class SheetsDocument(BaseDocTemplate):
    """The sheets PDF: a copy's first page leaves room for its QR code; later pages use the whole page."""

    def __init__(self, target: str | io.BytesIO, builder: SheetBuilder, title: str) -> None:
        m = theme.SHEET_MARGIN
        page = builder.page
        super().__init__(
            target,
            pagesize=page,
            leftMargin=m,
            rightMargin=m,
            topMargin=m,
            bottomMargin=m,
            title=title,
            initialFontName=theme.BASE_FONT,
            pageCompression=1,
        )
        top = page[1] - m - BAND_HEIGHT
        first = Frame(m, m + FOOTER_HEIGHT, builder.width, top - m - FOOTER_HEIGHT, 0, 0, 0, 0, id="first")
        later = Frame(m, m, builder.width, top - m, 0, 0, 0, 0, id="later")
        self.addPageTemplates(
            [
                PageTemplate("first", [first], onPageEnd=builder.end_page),
                PageTemplate("later", [later], onPageEnd=builder.end_page),
                PageTemplate("blank", [later], onPageEnd=builder.end_page),
            ]
        )


def render_sheets(
    session_file: Path,
    out: Path,
    copies: int,
    base_url: str,
    *,
    language: str | None = None,
    paper: str = "a4",
    duplex: bool = True,
    on_issue: Callable[[list[IssuedSheet]], None] | None = None,
    on_missing: Callable[[list[SheetWording]], None] | None = None,
) -> Path:
    """Issue `copies` sheet tokens (only their hashes are stored) and write the sheets PDF.

    Items whose words have no version in the sheet's language are printed in the logged language,
    marked on the sheet, and passed to `on_missing` (the CLI and the app say which).
    """
    theme.check_output_path(Path(out))
    page = theme.page_size(paper)
    builder = SheetBuilder(load_session(session_file), language, base_url, page)  # checks the language first
    title = f"Feedback sheets: {builder.log.session.title}"
    # A trial layout of one copy, before any code is issued: a text that cannot be printed (a
    # character no font has, say) stops here with nothing stored. Every copy has the same items,
    # so the same number of pages.
    trial = IssuedSheet("x" * 22, "X" * CODE_LENGTH, [item.output.id for item in builder.items])
    SheetsDocument(io.BytesIO(), builder, title).build(builder.copy_story(trial))
    pages = builder.state.page
    issued = issue_sheets(session_file, copies)
    if [item.output.id for item in builder.items] != issued[0].items:  # changed meanwhile (another window)
        builder = SheetBuilder(load_session(session_file), language, base_url, page)
    if on_issue:
        on_issue(issued)
    missing = [item for item in builder.items if item.missing]
    if missing and on_missing:
        on_missing(missing)

    def blank() -> None:
        builder.state.blank = True

    story: list[Flowable] = []
    for n, sheet in enumerate(issued):
        if n:
            story += [NextPageTemplate("first"), PageBreak()]
        story += builder.copy_story(sheet)
        if duplex and pages % 2:
            story += [NextPageTemplate("blank"), PageBreak(), Marker(blank)]

    def render(temp: str) -> None:
        builder.state = PageState(pages=pages)
        SheetsDocument(temp, builder, title).build(story)

    return theme.write_pdf(Path(out), render)
