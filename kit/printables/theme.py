"""The printables' shared look: fonts for every script, colours, paragraph styles, page sizes, safe PDF writing.

Every document (cards, brief, sheets, report) takes its fonts, sizes and colours from here, and turns
text into flowables with `text_flowable`, which picks the fonts and right-to-left layout the text needs.
"""

from __future__ import annotations

import os
import tempfile
import unicodedata
from collections.abc import Callable
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from kit.errors import InputError, KitError
from kit.printables.fonts import FONT_FILES, damaged_font_message, find_font
from kit.printables.scripttext import FSI, PDI, ScriptText, isolate, paragraphs, text_direction
from kit.store.files import replace_file, sync_file

BASE_FONT = "Kit-Latin"  # every canvas starts in this font, so no unembedded Helvetica is referenced

# Paper and layout, in points.
PAPER = {"a4": A4, "letter": LETTER}
MARGIN = 16 * mm
UNPRINTABLE = 5 * mm  # many printers cannot print this close to the paper's edge: nothing is drawn there
PRINT_SAFETY = 0.5 * mm  # and a little more, for paper fed slightly askew
BLEED = 2 * mm  # a card's colour runs this far past its cut line, so a miscut shows its own colour
CARD_GUTTER = 2 * BLEED  # between neighbouring cards: each one's bleed, never the other's colour
CUT_MARK = 3 * mm
CUT_MARK_GAP = 0.5 * mm  # between a cut mark and the colour bleeding past the cut line
CARD_PADDING = 4 * mm
BAND_HEIGHT = 9 * mm
ICON_SIZE = 6.5 * mm
SHEET_ICON_SIZE = 6.6 * mm
QR_SIZE = 36 * mm
SHEET_MARGIN = 12 * mm
TICK_BOX = 6 * mm
CELL_PADDING = 4

# Colours.
INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#999999")
PALE = colors.HexColor("#f2f2f2")
WARNING = colors.HexColor("#8a1c1c")

# Type sizes: normal and large print (points).
SIZES = {
    "title": 22,
    "heading": 14,
    "subheading": 11.5,
    "body": 10,
    "small": 8.5,
    "card_title": 14,
    "card_heading": 11,
    "card_body": 10,
    "card_small": 10,
    "band_label": 10,
    "brief_activity": 12,
    "brief_note": 12,  # the interpreter's notes: the largest text under a heading
    "brief_step": 11,
    "sheet_title": 22,
    "sheet_body": 14,
    "sheet_small": 12,
}
LARGE_PRINT_SCALE = 1.6  # card body 10 pt -> 16 pt, the UK large-print minimum
LEADING = 1.35
CARD_LEADING = 1.25  # cards are read in short bursts and have little room
CARD_LEADING_SNUG = 1.18  # for a card that would otherwise spill onto a second one
MIN_CONTRAST = 4.5  # WCAG AA for text on a coloured band


def relative_luminance(colour: colors.Color) -> float:
    """WCAG 2 relative luminance of an sRGB colour (0 black to 1 white)."""

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(colour.red) + 0.7152 * linear(colour.green) + 0.0722 * linear(colour.blue)


def contrast_ratio(a: colors.Color, b: colors.Color) -> float:
    """WCAG 2 contrast ratio between two colours (1 to 21)."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def band_colour(colour: str | colors.Color, text: colors.Color = colors.white) -> colors.Color:
    """A principle's colour, darkened just enough that text in `text` on it reads at MIN_CONTRAST or better."""
    base = colors.HexColor(colour) if isinstance(colour, str) else colour
    shade = base
    for step in range(101):
        keep = 1 - step / 100
        shade = colors.Color(base.red * keep, base.green * keep, base.blue * keep)
        if contrast_ratio(shade, text) >= MIN_CONTRAST + 0.05:  # a margin for rounding in print drivers
            break
    return shade


def _font_name(script: str, bold: bool) -> str:
    return f"Kit-{script.title()}{'-Bold' if bold else ''}"


@cache
def register_fonts() -> dict[tuple[str, bool], str]:
    """Register the kit's fonts with reportlab once (embedded as subsets); returns their names.

    The files come from `kit.printables.fonts` (KIT_FONTS, then the kit's own copies, then the system).
    """
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    names = {}
    for (script, bold), filename in FONT_FILES.items():
        name = _font_name(script, bold)
        path = find_font(filename)
        try:
            font = TTFont(name, str(path))
        except Exception:  # reportlab raises TTFError, struct.error, IndexError ... for a damaged file
            raise KitError(damaged_font_message(path)) from None
        pdfmetrics.registerFont(font)
        names[(script, bold)] = name
    from reportlab.lib.fonts import addMapping

    addMapping("Kit-Latin", 0, 0, "Kit-Latin")
    addMapping("Kit-Latin", 1, 0, "Kit-Latin-Bold")
    addMapping("Kit-Latin", 0, 1, "Kit-Latin")
    addMapping("Kit-Latin", 1, 1, "Kit-Latin-Bold")
    for italic in (0, 1):
        addMapping("Kit-Latin-Bold", 0, italic, "Kit-Latin")
        addMapping("Kit-Latin-Bold", 1, italic, "Kit-Latin-Bold")
    # Charts start every drawing in reportlab's default font (Helvetica, never embedded): use ours.
    from reportlab.graphics import shapes

    shapes.STATE_DEFAULTS["fontName"] = BASE_FONT
    return names


def fonts_for(bold: bool = False) -> dict[str, str]:
    """Script -> font name for one weight (the Latin font also covers neutral characters; emoji have one weight)."""
    names = register_fonts()
    scripts = ("latin", "arabic", "ethiopic", "emoji")
    return {script: names.get((script, bold), names[(script, False)]) for script in scripts}


def paragraph_style(
    name: str,
    size: float | str = "body",
    *,
    bold: bool = False,
    colour: colors.Color = INK,
    align: str = "start",
    space_before: float = 0,
    space_after: float | None = None,
    scale: float = 1.0,
) -> ParagraphStyle:
    """A paragraph style in the kit's font; size is points or a SIZES key; align start|centre|end."""
    register_fonts()
    points = (SIZES[size] if isinstance(size, str) else size) * scale
    alignment = {"start": TA_LEFT, "centre": TA_CENTER, "end": TA_RIGHT}[align]
    return ParagraphStyle(
        name,
        fontName=_font_name("latin", bold),
        fontSize=points,
        leading=points * LEADING,
        textColor=colour,
        alignment=alignment,
        spaceBefore=space_before,
        spaceAfter=points * 0.35 if space_after is None else space_after,
        shaping=0,  # text_flowable shapes complex scripts itself; plain Latin needs none
    )


def needs_script_layout(text: str) -> bool:
    """Whether text needs ScriptText: a right-to-left or Arabic-Indic character, or one the Latin font lacks."""
    latin = latin_coverage()
    return any(
        (ord(ch) not in latin and not ch.isspace() and ch not in ISOLATE_MARKS)
        or unicodedata.bidirectional(ch) in RTL_CLASSES
        for ch in text
    )


ISOLATE_MARKS = FSI + PDI  # only change the order of right-to-left text: left out of a Latin-only paragraph


RTL_CLASSES = frozenset({"R", "AL", "AN", "RLE", "RLO", "RLI"})


@cache
def latin_coverage() -> frozenset[int]:
    """The characters the Latin font has a glyph for."""
    from reportlab.pdfbase.pdfmetrics import getFont

    return frozenset(getFont(fonts_for()["latin"]).face.charWidths)


def is_rtl(text: str) -> bool:
    """Whether a paragraph reads right to left (its first strong letter is Arabic script or Hebrew)."""
    return text_direction(text) == "rtl"


def text_flowable(text: str, style: ParagraphStyle, *, markup: str | None = None, page_rtl: bool = False) -> Flowable:
    """A flowable for text in any language: a font per character, bidi order, each paragraph in its own direction.

    Text the Latin font draws alone, with no right-to-left character, becomes an ordinary Paragraph
    (with `markup`, reportlab mini-HTML, if given); anything else becomes a ScriptText. Each line as
    typed stays a line ('- one' / '- two'). A paragraph takes its direction from its first strong
    letter and is aligned to it (an English paragraph on an Arabic sheet starts at the left);
    `page_rtl` is the direction of a paragraph with no letters.
    """
    if needs_script_layout(text):
        bold = style.fontName.endswith("-Bold")
        return ScriptText(text, style, fonts_for(bold), default_direction="rtl" if page_rtl else "ltr")
    lines = paragraphs(text.translate(NO_ISOLATES))
    if page_rtl and style.alignment == TA_LEFT and text_direction(text, "rtl") == "rtl":
        style = ParagraphStyle(f"{style.name}-rtl-page", parent=style, alignment=TA_RIGHT)  # digits only
    return Paragraph(markup if markup is not None else "<br/>".join(escape(line) for line in lines), style)


NO_ISOLATES = dict.fromkeys(map(ord, ISOLATE_MARKS))


def label_flowable(label: str, text: str, style: ParagraphStyle) -> Flowable:
    """A 'Label: text' paragraph with the label in bold (any script in either part).

    The text keeps its own direction inside the label's line (an Arabic answer after an English
    label keeps its full stop and brackets), and its own line breaks.
    """
    if needs_script_layout(label + text):
        bold = style.fontName.endswith("-Bold")
        label = " ".join(label.split())
        return ScriptText(
            f"{label} {isolate(text)}",
            style,
            fonts_for(bold),
            default_direction=text_direction(label),
            bold_fonts=fonts_for(True),
            bold_chars=len(label),
        )
    lines = "<br/>".join(escape(line) for line in paragraphs(text))
    return Paragraph(f"<b>{escape(label)}</b> {lines}", style)


def mirror_row(cells: list, widths: list[float], rtl: bool) -> tuple[list, list[float]]:
    """A table row's cells and column widths in display order: right to left documents start at the right."""
    return (cells[::-1], widths[::-1]) if rtl else (cells, widths)


def page_size(paper: str, landscape: bool = False) -> tuple[float, float]:
    """The page size for 'a4' or 'letter'."""
    try:
        width, height = PAPER[paper]
    except KeyError:
        raise InputError(f"Paper '{paper}' is not known; use one of: {', '.join(PAPER)}.") from None
    return (height, width) if landscape else (width, height)


def check_output_path(path: Path) -> Path:
    """Refuse to write over anything that is not a PDF, or into a folder that does not exist."""
    if path.suffix.lower() != ".pdf":
        example = f"{path.stem}.pdf" if path.stem else "sheets.pdf"
        raise InputError(f"The output file {path} should end in .pdf; choose a name like {example}.")
    if path.is_dir():
        raise InputError(f"{path} is a folder; give a file name ending in .pdf.")
    if path.exists():
        with path.open("rb") as handle:
            if handle.read(5) != b"%PDF-":
                raise InputError(f"{path} exists and is not a PDF; it was left untouched. Choose another name.")
    if not path.parent.is_dir():
        raise InputError(f"The folder {path.parent} does not exist; create it or choose another place.")
    return path


def write_pdf(path: Path, render: Callable[[str], None]) -> Path:
    """Run render(temp_file_name) and move the finished PDF into place; a failure leaves no half file."""
    path = check_output_path(Path(path))
    handle, temp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".pdf.tmp", dir=path.parent)
    os.close(handle)
    try:
        render(temp)
        with open(temp, "rb") as done:
            sync_file(done)
        replace_file(temp, path)  # on Windows a PDF viewer may hold the old file open: retried, then explained
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path


def flow_into(frame: object, story: list[Flowable], canv: object) -> list[Flowable]:
    """Draw as much of story as fits in frame (splitting paragraphs); returns what is left over."""
    from reportlab.platypus.doctemplate import ActionFlowable, FrameActionFlowable

    story = list(story)
    started_empty = True
    while story:
        if isinstance(story[0], ActionFlowable | FrameActionFlowable):
            # In a hand-placed frame every break (frame, page, keep-together) just means "next frame".
            story.pop(0)
            if not frame._atTop:  # type: ignore[attr-defined]
                break
            continue
        if frame.add(story[0], canv, trySplit=0):  # type: ignore[attr-defined]
            story.pop(0)
            started_empty = False
            continue
        parts = frame.split(story[0], canv)  # type: ignore[attr-defined]
        if parts and parts[0] is not story[0]:
            story[0:1] = parts
            if isinstance(parts[0], ActionFlowable | FrameActionFlowable) or frame.add(parts[0], canv, trySplit=0):  # type: ignore[attr-defined]
                if not isinstance(parts[0], ActionFlowable | FrameActionFlowable):
                    story.pop(0)
                    started_empty = False
                continue
        if started_empty and frame._atTop:  # type: ignore[attr-defined]
            raise KitError("A piece of text is too long to fit on one page; shorten it and try again.")
        break
    return story


def table_style(*commands: tuple) -> object:
    """A TableStyle in the kit's font (reportlab would otherwise reference an unembedded Helvetica)."""
    from reportlab.platypus import TableStyle

    return TableStyle([("FONT", (0, 0), (-1, -1), BASE_FONT, SIZES["small"]), *commands])


def write_document(
    out: Path,
    story: Callable[[], list[Flowable]],
    *,
    page: tuple[float, float],
    title: str,
    footer: str,
    language: str = "en",
    rtl: bool = False,
    page_label: Callable[[int, int], str] = lambda page, pages: f"page {page} of {pages}",
) -> Path:
    """Write a flowing document (brief, report): the kit's margins, and on every page a footer drawn by
    the page template: `footer` at the start side, "page x of N" at the end side (any script, either
    direction). The PDF carries the title and the language. `story` makes the flowables: they are
    laid out twice, the first time to count the pages.
    """
    import io

    from reportlab.platypus import SimpleDocTemplate

    # Each line is aligned to its own direction: in an Arabic document the footer starts at the right.
    start = paragraph_style("footer-start", "small", colour=MUTED, space_after=0)
    end = paragraph_style("footer-end", "small", colour=MUTED, space_after=0, align="end")
    width = page[0] - 2 * MARGIN

    def build(target: object, pages: int) -> int:
        def furniture(canv: object, doc: SimpleDocTemplate) -> None:
            canv.saveState()  # type: ignore[attr-defined]
            for text, style in ((footer, start), (page_label(doc.page, pages), end)):
                flowable = text_flowable(text, style, page_rtl=rtl)
                _, height = flowable.wrap(width, MARGIN)
                flowable.drawOn(canv, MARGIN, MARGIN / 2 - height / 2)
            canv.restoreState()  # type: ignore[attr-defined]

        doc = SimpleDocTemplate(
            target,
            pagesize=page,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN,
            title=title,
            author="codesign-kit",
            creator="codesign-kit",
            lang=language,
            initialFontName=BASE_FONT,
        )
        doc.build(story(), onFirstPage=furniture, onLaterPages=furniture)
        return doc.page

    def render(temp: str) -> None:
        pages = build(io.BytesIO(), 0)
        build(temp, pages)

    return write_pdf(Path(out), render)
