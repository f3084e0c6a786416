"""A text flowable for any script: font per run, harfbuzz shaping, right-to-left word order.

reportlab shapes each word with harfbuzz, but without its optional bidi package it lays words out
left to right and cannot mix fonts inside a right-to-left paragraph. This flowable does the few
things needed on top: it picks a font for each run of characters (Latin, Arabic script, Ethiopic),
shapes each run, breaks lines in logical order and draws each line's words in visual order.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from reportlab.lib.abag import ABag
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.pdfbase.ttfonts import shapeFragWord
from reportlab.platypus import Flowable

ARABIC_RANGES = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x0870, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))
ETHIOPIC_RANGES = ((0x1200, 0x139F), (0x2D80, 0x2DDF), (0xAB00, 0xAB2F), (0x1E7E0, 0x1E7FF))
HEBREW_RANGE = (0x0590, 0x05FF)
MIRRORED = str.maketrans("()[]{}<>«»", ")(][}{><»«")
# Noto Sans Ethiopic draws its letters small beside Latin capitals and digits at the same point size.
SCRIPT_SCALE = {"ethiopic": 1.15}
# Where the baseline sits within a line, as a share of the leading (Noto fonts have tall ascenders).
BASELINE_SHARE = 0.76


def char_script(ch: str) -> str:
    """'arabic', 'ethiopic', 'latin' (any other letter) or '' for neutral characters."""
    code = ord(ch)
    if any(lo <= code <= hi for lo, hi in ARABIC_RANGES):
        return "arabic" if unicodedata.category(ch) != "Nd" else ""
    if any(lo <= code <= hi for lo, hi in ETHIOPIC_RANGES):
        return "ethiopic"
    if HEBREW_RANGE[0] <= code <= HEBREW_RANGE[1]:
        return "hebrew"
    return "latin" if unicodedata.category(ch).startswith("L") else ""


def is_rtl_script(script: str) -> bool:
    """Whether a script runs right to left."""
    return script in ("arabic", "hebrew")


def text_direction(text: str) -> str:
    """'rtl' if the first strong letter is right-to-left (the Unicode paragraph rule), else 'ltr'."""
    for ch in text:
        script = char_script(ch)
        if script:
            return "rtl" if is_rtl_script(script) else "ltr"
    return "ltr"


@dataclass
class Piece:
    """A shaped run of one font, ready to draw."""

    text: str
    font: str
    width: float
    size: float


@dataclass
class Word:
    """A word between spaces: its pieces in visual order and its direction ('R', 'L' or '')."""

    pieces: list[Piece]
    width: float
    direction: str
    raw: str = ""


def resolve(directions: list[str], rtl: bool) -> list[str]:
    """Each item's direction, a neutral taking its neighbours' when they agree, else the paragraph's."""
    resolved = list(directions)
    base = "R" if rtl else "L"
    for i, d in enumerate(resolved):
        if not d:
            before = next((x for x in reversed(resolved[:i]) if x), base)
            after = next((x for x in directions[i + 1 :] if x), base)
            resolved[i] = before if before == after else base
    return resolved


def visual_order(directions: list[str], rtl: bool) -> list[int]:
    """Indices of items in display order, resolving neutrals from their neighbours (word-level bidi)."""
    resolved = resolve(directions, rtl)
    order = list(range(len(resolved)))
    other = "L" if rtl else "R"
    if rtl:
        order.reverse()
        resolved = resolved[::-1]
    out: list[int] = []
    i = 0
    while i < len(order):
        j = i
        while j < len(order) and resolved[j] == other:
            j += 1
        if j > i:
            out.extend(reversed(order[i:j]))
            i = j
        else:
            out.append(order[i])
            i += 1
    return out


class ScriptText(Flowable):
    """A paragraph of plain text in any mix of scripts, wrapped and drawn in visual order."""

    def __init__(self, text: str, style: ParagraphStyle, fonts: dict[str, str], lines: list | None = None) -> None:
        super().__init__()
        self.text = unicodedata.normalize("NFC", text)
        self.style = style
        self.fonts = fonts  # script -> registered font name for this weight
        self.rtl = text_direction(self.text) == "rtl"
        self.size = style.fontSize
        self.leading = style.leading
        self.space = stringWidth(" ", fonts["latin"], self.size)
        self._scale = {name: SCRIPT_SCALE.get(script, 1.0) for script, name in fonts.items()}
        self._words = self._shape_words() if lines is None else []
        self._lines = lines
        self._width_for: float | None = None

    def getSpaceBefore(self) -> float:  # noqa: N802 (reportlab's name)
        return self.style.spaceBefore

    def getSpaceAfter(self) -> float:  # noqa: N802
        return self.style.spaceAfter

    def _font_for(self, ch: str, script: str, current: str) -> str:
        name = self.fonts.get(script or current) or self.fonts["latin"]
        if ord(ch) not in getFont(name).face.charWidths:
            name = self.fonts["latin"]
        return name

    def _shape_words(self) -> list[Word]:
        return [self._make_word(raw) for raw in self.text.split()]

    def _make_word(self, raw: str) -> Word:
        segments: list[list] = []  # [font, text, direction]
        current = ""
        for ch in raw:
            script = char_script(ch)
            if script:
                current = script
            font = self._font_for(ch, script, current)
            direction = ("R" if is_rtl_script(script) else "L") if script else ""
            if segments and segments[-1][0] == font and (not direction or segments[-1][2] in ("", direction)):
                segments[-1][1] += ch
                segments[-1][2] = segments[-1][2] or direction
            else:
                segments.append([font, ch, direction])
        pieces = [self._shape(font, text) for font, text, _ in segments]
        dirs = [d for _, _, d in segments]
        for piece, d, resolved in zip(pieces, dirs, resolve(dirs, self.rtl), strict=True):
            if resolved == "R" and not d:
                piece.text = piece.text.translate(MIRRORED)
        strong = [d for d in dirs if d]
        direction = strong[0] if strong and all(d == strong[0] for d in strong) else ("" if not strong else "L")
        order = visual_order(dirs, self.rtl)
        return Word([pieces[i] for i in order], sum(p.width for p in pieces), direction, raw)

    def _split_long(self, word: Word, width: float) -> list[Word]:
        """A word wider than the column, cut into pieces that fit (it would otherwise run off the page)."""
        chunks, chunk, used = [], "", 0.0
        for ch in word.raw:
            w = stringWidth(ch, self._font_for(ch, char_script(ch), ""), self.size) * 1.2
            if chunk and used + w > width:
                chunks.append(chunk)
                chunk, used = "", 0.0
            chunk += ch
            used += w
        return [self._make_word(c) for c in [*chunks, chunk] if c]

    def _shape(self, font: str, text: str) -> Piece:
        size = self.size * self._scale.get(font, 1.0)
        width = stringWidth(text, font, size)
        if font == self.fonts["latin"]:
            return Piece(text, font, width, size)
        shaped = shapeFragWord([width, (ABag(fontName=font, fontSize=size), text)])
        if len(shaped) == 2 and shaped[1][1] is not text:
            return Piece(shaped[1][1], font, shaped[0], size)
        return Piece(text, font, width, size)

    def _break(self, width: float) -> list[list[Word]]:
        lines: list[list[Word]] = []
        line: list[Word] = []
        used = 0.0
        words = [part for w in self._words for part in (self._split_long(w, width) if w.width > width else [w])]
        for word in words:
            extra = word.width + (self.space if line else 0)
            if line and used + extra > width:
                lines.append(line)
                line, used = [word], word.width
            else:
                line.append(word)
                used += extra
        if line:
            lines.append(line)
        return lines

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if self._lines is None or (self._width_for != avail_width and self._words):
            self._lines = self._break(avail_width)
            self._width_for = avail_width
        self.width = avail_width
        self.height = len(self._lines) * self.leading
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self.wrap(avail_width, avail_height)
        fit = int((avail_height + 1e-6) // self.leading)
        if fit <= 0 or fit >= len(self._lines):
            return [] if fit <= 0 else [self]
        style = ParagraphStyle("cont", parent=self.style, spaceBefore=0)
        first = ScriptText(self.text, ParagraphStyle("head", parent=self.style, spaceAfter=0), self.fonts, [])
        rest = ScriptText(self.text, style, self.fonts, [])
        for part, lines in ((first, self._lines[:fit]), (rest, self._lines[fit:])):
            part._lines, part.rtl, part._width_for = lines, self.rtl, avail_width
        return [first, rest]

    def draw(self) -> None:
        canv = self.canv
        alignment = self.style.alignment
        for n, line in enumerate(self._lines or []):
            gaps = self.space * (len(line) - 1)
            used = sum(w.width for w in line) + gaps
            if alignment == TA_CENTER:
                start = (self.width - used) / 2
            else:
                to_right = (alignment == TA_RIGHT) != self.rtl
                start = self.width - used if to_right else 0.0
            y = self.height - n * self.leading - BASELINE_SHARE * self.leading
            order = visual_order([w.direction for w in line], self.rtl)
            x = start
            tx = canv.beginText()
            tx.setFillColor(self.style.textColor)
            for i in order:
                for piece in line[i].pieces:
                    tx.setTextOrigin(x, y)
                    tx.setFont(piece.font, piece.size, self.leading)
                    tx.textOut(piece.text)
                    x += piece.width
                x += self.space
            canv.drawText(tx)
