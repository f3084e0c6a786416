"""Outcome pictograms for the easy-read sheet: one simple picture per kind of "what happened".

Thick dark lines on white inside a coloured ring, so they read in colour and in black-and-white
printing alike. Drawn with reportlab's graphics shapes; a right-to-left sheet mirrors them (the
"passed on" arrow then points the way the reader reads).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, PolyLine, Rect
from reportlab.lib import colors
from reportlab.platypus import Flowable

INK = colors.HexColor("#1a1a1a")
RINGS = {
    "acted": colors.HexColor("#2e7d32"),
    "passed-on": colors.HexColor("#1f5fa8"),
    "considering": colors.HexColor("#b26a00"),
    "not-possible": colors.HexColor("#6d6d6d"),
}
MIRRORED = {"passed-on"}  # pictures with a direction
UNIT = 100  # pictograms are drawn on a 100 x 100 grid, then scaled
# canvas -> the pictogram forms it already holds (each is drawn once per PDF)
FORMS_DRAWN: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _tick(g: Group) -> None:
    g.add(PolyLine([28, 52, 44, 34, 74, 68], strokeColor=INK, strokeWidth=10, strokeLineCap=1, strokeLineJoin=1))


def _hand_on(g: Group) -> None:
    # a sheet of paper, an arrow, and a person who receives it
    g.add(Rect(20, 36, 20, 28, strokeColor=INK, strokeWidth=5, fillColor=colors.white))
    g.add(Line(44, 50, 60, 50, strokeColor=INK, strokeWidth=6))
    g.add(Polygon([58, 58, 68, 50, 58, 42], strokeColor=INK, strokeWidth=2, fillColor=INK))
    g.add(Circle(78, 60, 6, strokeColor=INK, strokeWidth=4, fillColor=INK))
    g.add(Polygon([69, 30, 87, 30, 84, 50, 72, 50], strokeColor=INK, strokeWidth=2, fillColor=INK))


def _clock(g: Group) -> None:
    g.add(Circle(50, 50, 24, strokeColor=INK, strokeWidth=6, fillColor=colors.white))
    g.add(PolyLine([50, 66, 50, 50, 62, 42], strokeColor=INK, strokeWidth=6, strokeLineCap=1, strokeLineJoin=1))


def _cross(g: Group) -> None:
    for x0, y0, x1, y1 in ((34, 34, 66, 66), (34, 66, 66, 34)):
        g.add(Line(x0, y0, x1, y1, strokeColor=INK, strokeWidth=10, strokeLineCap=1))


SYMBOLS: dict[str, Callable[[Group], None]] = {
    "acted": _tick,
    "passed-on": _hand_on,
    "considering": _clock,
    "not-possible": _cross,
}


class Pictogram(Flowable):
    """An outcome pictogram drawn once per PDF as a reusable form, then placed wherever it is needed."""

    def __init__(self, status: str, size: float, rtl: bool = False) -> None:
        super().__init__()
        self.status, self.size, self.rtl = status, size, rtl
        self.width = self.height = size

    def draw(self) -> None:
        canv = self.canv
        name = f"kit-outcome-{self.status}-{'rtl' if self.rtl else 'ltr'}-{self.size:.0f}"
        drawn = FORMS_DRAWN.setdefault(canv, set())
        if name not in drawn:
            canv.beginForm(name, 0, 0, self.size, self.size)
            renderPDF.draw(outcome_pictogram(self.status, self.size, self.rtl), canv, 0, 0)
            canv.endForm()
            drawn.add(name)
        canv.doForm(name)


def outcome_pictogram(status: str, size: float, rtl: bool = False) -> Drawing:
    """The pictogram for a status ('acted', 'passed-on', 'considering', 'not-possible'), size points wide.

    On a right-to-left sheet the "passed on" arrow points left, the way the reader reads; a tick or a
    clock is never mirrored.
    """
    inner = Group()
    inner.add(Circle(50, 50, 46, strokeColor=RINGS.get(status, INK), strokeWidth=7, fillColor=colors.white))
    SYMBOLS.get(status, _clock)(inner)
    scale = size / UNIT
    if rtl and status in MIRRORED:
        inner.transform = (-scale, 0, 0, scale, size, 0)
    else:
        inner.transform = (scale, 0, 0, scale, 0, 0)
    drawing = Drawing(size, size)
    drawing.add(inner)
    return drawing
