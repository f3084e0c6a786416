"""The four principle icons (equal, heart, sprout, speech), drawn as vector shapes in a principle's colour."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from kit.vocab import load_principles

WHITE = colors.white


def _equal(c: Canvas, s: float) -> None:
    bar = s * 0.14
    for y in (s * 0.36, s * 0.56):
        c.roundRect(s * 0.24, y - bar / 2, s * 0.52, bar, bar / 2, stroke=0, fill=1)


def _heart(c: Canvas, s: float) -> None:
    p = c.beginPath()
    p.moveTo(s * 0.5, s * 0.22)
    p.curveTo(s * 0.18, s * 0.44, s * 0.2, s * 0.78, s * 0.36, s * 0.78)
    p.curveTo(s * 0.44, s * 0.78, s * 0.49, s * 0.72, s * 0.5, s * 0.64)
    p.curveTo(s * 0.51, s * 0.72, s * 0.56, s * 0.78, s * 0.64, s * 0.78)
    p.curveTo(s * 0.8, s * 0.78, s * 0.82, s * 0.44, s * 0.5, s * 0.22)
    p.close()
    c.drawPath(p, stroke=0, fill=1)


def _sprout(c: Canvas, s: float) -> None:
    c.rect(s * 0.47, s * 0.2, s * 0.06, s * 0.38, stroke=0, fill=1)
    for sign in (-1, 1):
        p = c.beginPath()
        x0 = s * 0.5
        p.moveTo(x0, s * 0.5)
        p.curveTo(x0 + sign * s * 0.06, s * 0.78, x0 + sign * s * 0.3, s * 0.8, x0 + sign * s * 0.3, s * 0.74)
        p.curveTo(x0 + sign * s * 0.3, s * 0.6, x0 + sign * s * 0.12, s * 0.5, x0, s * 0.5)
        p.close()
        c.drawPath(p, stroke=0, fill=1)
    c.roundRect(s * 0.3, s * 0.16, s * 0.4, s * 0.07, s * 0.03, stroke=0, fill=1)


def _speech(c: Canvas, s: float) -> None:
    c.roundRect(s * 0.2, s * 0.36, s * 0.6, s * 0.4, s * 0.12, stroke=0, fill=1)
    p = c.beginPath()
    p.moveTo(s * 0.32, s * 0.4)
    p.lineTo(s * 0.28, s * 0.2)
    p.lineTo(s * 0.48, s * 0.38)
    p.close()
    c.drawPath(p, stroke=0, fill=1)


def _unknown(c: Canvas, s: float) -> None:
    c.circle(s * 0.5, s * 0.5, s * 0.18, stroke=0, fill=1)


SHAPES: dict[str, Callable[[Canvas, float], None]] = {
    "equal": _equal,
    "heart": _heart,
    "sprout": _sprout,
    "speech": _speech,
}


def draw_icon(canv: Canvas, name: str, x: float, y: float, size: float, colour: str | colors.Color) -> None:
    """Draw an icon: a disc in the principle's colour with a white symbol, lower-left corner at (x, y)."""
    fill = colors.HexColor(colour) if isinstance(colour, str) else colour
    canv.saveState()
    canv.translate(x, y)
    canv.setFillColor(fill)
    canv.circle(size / 2, size / 2, size / 2, stroke=0, fill=1)
    canv.setFillColor(WHITE)
    SHAPES.get(name, _unknown)(canv, size)
    canv.restoreState()


def draw_principle_icon(canv: Canvas, article: int, x: float, y: float, size: float) -> None:
    """Draw the icon of one principle (by article number) in its colour."""
    principle = load_principles()[article]
    draw_icon(canv, principle.icon, x, y, size, principle.colour)


class PrincipleIcons(Flowable):
    """A row of principle icons, in reading order from the start side."""

    def __init__(self, articles: Sequence[int], size: float, gap: float = 3, rtl: bool = False) -> None:
        super().__init__()
        known = load_principles()
        self.articles = [a for a in articles if a in known]  # a hand-edited or newer file may hold others
        self.size = size
        self.gap = gap
        self.rtl = rtl

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.avail = avail_width
        return avail_width, self.size if self.articles else 0

    def draw(self) -> None:
        step = self.size + self.gap
        for i, article in enumerate(self.articles):
            x = self.avail - self.size - i * step if self.rtl else i * step
            draw_principle_icon(self.canv, article, x, 0, self.size)
