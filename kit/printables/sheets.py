"""Feedback sheets: one easy-read page per copy, "you told us / what happened", tick boxes and a QR code."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, KeepTogether, Spacer, Table

from kit.library import load_library
from kit.model import Output, Response, SessionLog
from kit.printables import theme
from kit.printables.i18n import translator
from kit.printables.icons import PrincipleIcons
from kit.store import IssuedSheet, format_code, issue_sheets, load_session

CODE_SIZE = 15
CODE_HEIGHT = 8 * mm  # the short code's line under the QR code
FOOTER_HEIGHT = theme.QR_SIZE + CODE_HEIGHT + 4 * mm
ITEM_RULE = 0.8
SHEET_SCALES = (1.0, 0.93, 0.86)  # never below 12 pt body text: still large print
ROW_STYLE = (("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0))


def feedback_url(base_url: str, token: str) -> str:
    """The address a sheet's QR code opens."""
    return f"{base_url.rstrip('/')}/f/{token}"


class TickBox(Flowable):
    """An empty square to tick with a pen."""

    def __init__(self, size: float) -> None:
        super().__init__()
        self.width = self.height = size

    def draw(self) -> None:
        self.canv.setStrokeColor(theme.INK)
        self.canv.setLineWidth(1.2)
        self.canv.rect(0, 0, self.width, self.height, stroke=1, fill=0)


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


class SheetBuilder:
    """Lays out the sheets of one session in one language."""

    def __init__(self, log: SessionLog, language: str | None, scale: float = 1.0) -> None:
        self.log = log
        self.scale = scale
        self._ = translator(language)
        self.rtl = theme.is_rtl(self._("Did we hear you right?"))
        align = "start"
        self.title = theme.paragraph_style("sheet-title", "sheet_title", bold=True, align=align, scale=scale)
        self.body = theme.paragraph_style("sheet-body", "sheet_body", align=align, space_after=2, scale=scale)
        self.label = theme.paragraph_style(
            "sheet-label", "sheet_small", bold=True, colour=theme.MUTED, space_after=1, scale=scale
        )
        self.small = theme.paragraph_style("sheet-small", "sheet_small", align=align)
        self.note = theme.paragraph_style("sheet-note", "sheet_small", align=align, space_after=1)
        self.library = load_library()

    def text(self, text: str, style: object) -> Flowable:
        """A paragraph of any script, aligned for the sheet's reading direction."""
        return theme.text_flowable(text, style, page_rtl=self.rtl)  # type: ignore[arg-type]

    def header(self, continued: bool = False) -> list[Flowable]:
        """Session title and date, then the short easy-read introduction (or 'continued')."""
        _ = self._
        s = self.log.session
        story = [self.text(s.title, self.title), self.text(f"{_('Date')}: {s.date}", self.small)]
        if continued:
            story.append(self.text(_("(continued)"), self.small))
        else:
            intro = [
                f"{_('You told us what you think.')} {_('Here is what happened.')}",
                f"{_('Did we hear you right?')} {_('Tick one box for each one.')}",
            ]
            story += [Spacer(1, 3 * mm)] + [self.text(line, self.body) for line in intro]
        return story

    def tick_row(self, width: float) -> Flowable:
        """Heard right? with a box to tick for yes, partly and no."""
        _ = self._
        box = theme.TICK_BOX
        cells: list[object] = [self.text(_("Heard right?"), self.small)]
        widths = [width * 0.34]
        for answer in (_("yes"), _("partly"), _("no")):
            cells += [TickBox(box), self.text(answer, self.small)]
            widths += [box + 3 * mm, width * 0.22 - box - 3 * mm]
        if self.rtl:
            cells, widths = cells[::-1], widths[::-1]
        table = Table([cells], colWidths=widths, hAlign="LEFT")
        table.setStyle(theme.table_style(*ROW_STYLE))
        return table

    def item(self, output: Output, response: Response, width: float) -> Flowable:
        """One output: its principle icons, what the group said, what happened, and the tick boxes."""
        _ = self._
        activity = self.library.get(output.activity)
        articles = output.principles or (list(activity.principles) if activity else [])
        icon = theme.SHEET_ICON_SIZE
        icons_width = max(1, len(articles)) * (icon + 3)
        cells = [PrincipleIcons(articles, icon, rtl=self.rtl), self.text(_("You told us:"), self.label)]
        widths = [icons_width + 2 * mm, width - icons_width - 2 * mm]
        if self.rtl:
            cells, widths = cells[::-1], widths[::-1]
        top = Table([cells], colWidths=widths, hAlign="LEFT")
        top.setStyle(theme.table_style(*ROW_STYLE))
        parts: list[Flowable] = [
            top,
            self.text(output.text, self.body),
            self.text(f"{_('What happened:')} {_(response.status_label)}", self.label),
            self.text(response.text, self.body),
            self.tick_row(width),
            Spacer(1, 1 * mm),
            Rule(width),
            Spacer(1, 1.5 * mm),
        ]
        return KeepTogether(parts)

    def footer(self, canv: Canvas, sheet: IssuedSheet, url: str, x: float, y: float, width: float) -> None:
        """The QR code with the short code under it, and what to do with them beside it."""
        _ = self._
        qr_x = x + width - theme.QR_SIZE if self.rtl else x
        draw_qr(canv, url, qr_x, y + CODE_HEIGHT, theme.QR_SIZE)
        canv.setFillColor(theme.INK)
        canv.setFont(theme.fonts_for(bold=True)["latin"], CODE_SIZE)
        canv.drawCentredString(qr_x + theme.QR_SIZE / 2, y + CODE_HEIGHT * 0.3, format_code(sheet.code))
        text_x = x if self.rtl else x + theme.QR_SIZE + 6 * mm
        story = [
            self.text(_("Scan the code with a phone to answer."), self.body),
            self.text(_("Or type the code under the QR code on the feedback page."), self.note),
            Spacer(1, 2 * mm),
            self.text(f"{_('No phone? Give this sheet back to us.')} {_('Do not write your name.')}", self.note),
        ]
        frame = Frame(text_x, y, width - theme.QR_SIZE - 6 * mm, FOOTER_HEIGHT - 2 * mm, 0, 0, 0, 0)
        theme.flow_into(frame, story, canv)

    def story(self, items: list[str], width: float) -> list[Flowable]:
        """The header and the items of one copy (its QR code and short code are drawn separately)."""
        wanted = set(items)
        return (
            self.header()
            + [Spacer(1, 4 * mm)]
            + [self.item(o, r, width) for o, r in self.log.sheet_items() if o.id in wanted]
        )

    def fits(self, items: list[str], page: tuple[float, float]) -> bool:
        """Whether one copy's header and items fit above the QR code on a single page (a trial layout)."""
        scratch = Canvas(io.BytesIO(), pagesize=page)
        return not theme.flow_into(self.items_frame(page), self.story(items, self.width(page)), scratch)

    def width(self, page: tuple[float, float]) -> float:
        """The width of the text column."""
        return page[0] - 2 * theme.SHEET_MARGIN

    def items_frame(self, page: tuple[float, float], first: bool = True) -> Frame:
        """The frame for the items: above the QR code on a copy's first page, the whole page after."""
        m = theme.SHEET_MARGIN
        bottom = m + (FOOTER_HEIGHT if first else 0)
        return Frame(m, bottom, self.width(page), page[1] - m - bottom, 0, 0, 0, 0)

    def draw_copy(self, canv: Canvas, sheet: IssuedSheet, base_url: str, page: tuple[float, float]) -> None:
        """Draw one young person's sheet (more than one page only if the items cannot fit on one)."""
        m = theme.SHEET_MARGIN
        width = self.width(page)
        story = self.story(sheet.items, width)
        first = True
        while story:
            frame = self.items_frame(page, first)
            story = theme.flow_into(frame, story, canv)
            if first:
                self.footer(canv, sheet, feedback_url(base_url, sheet.token), m, m, width)
                first = False
            canv.showPage()
            if story:
                story = self.header(continued=True) + story


class Rule(Flowable):
    """A thin line across the column."""

    def __init__(self, width: float) -> None:
        super().__init__()
        self.width, self.height = width, ITEM_RULE

    def draw(self) -> None:
        self.canv.setStrokeColor(theme.RULE)
        self.canv.setLineWidth(ITEM_RULE)
        self.canv.line(0, 0, self.width, 0)


def render_sheets(
    session_file: Path,
    out: Path,
    copies: int,
    base_url: str,
    *,
    language: str | None = None,
    paper: str = "a4",
    on_issue: Callable[[list[IssuedSheet]], None] | None = None,
) -> Path:
    """Issue `copies` sheet tokens (only their hashes are stored) and write the sheets PDF."""
    theme.check_output_path(Path(out))
    page = theme.page_size(paper)
    builder = SheetBuilder(load_session(session_file), language)
    issued = issue_sheets(session_file, copies)
    log = load_session(session_file)
    for scale in SHEET_SCALES:  # a little smaller type before a sheet runs onto a second page
        builder = SheetBuilder(log, language, scale)
        if builder.fits(issued[0].items, page):
            break
    if on_issue:
        on_issue(issued)

    def render(temp: str) -> None:
        canv = Canvas(temp, pagesize=page, pageCompression=1, initialFontName=theme.BASE_FONT)
        canv.setTitle(f"Feedback sheets: {builder.log.session.title}")
        for sheet in issued:
            builder.draw_copy(canv, sheet, base_url, page)
        canv.save()

    return theme.write_pdf(Path(out), render)
