"""A text flowable for any script: a font for each character, UAX #9 bidi, harfbuzz shaping.

reportlab shapes words with harfbuzz but cannot mix fonts inside a right-to-left paragraph, and draws
a blank for any character its one font lacks. This flowable does the rest:

- each character gets a font that has its glyph (`choose_fonts`): the font of its script first, then
  any other of the kit's fonts; a character none of them has is a `MissingGlyph` error naming it;
- embedding levels come from python-bidi (the Unicode Bidirectional Algorithm), so numbers, brackets
  and Latin words inside Arabic text land where a reader expects them;
- Arabic-script letters are shaped by harfbuzz (joined forms, ligatures, marks);
- lines are broken in logical order and each line's runs reordered for display (rule L2).

Finding the font files is theme.py's job; this module only chooses among the fonts it is given.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from bidi import algorithm as uax9
from bidi.mirror import MIRRORED
from reportlab.lib.abag import ABag
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.pdfbase.ttfonts import shapeFragWord
from reportlab.platypus import Flowable

from kit.errors import KitError

ARABIC_RANGES = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x0870, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))
ETHIOPIC_RANGES = ((0x1200, 0x139F), (0x2D80, 0x2DDF), (0xAB00, 0xAB2F), (0x1E7E0, 0x1E7FF))
HEBREW_RANGE = (0x0590, 0x05FF)
FALLBACK_ORDER = ("latin", "arabic", "ethiopic")  # where to look when a script's own font lacks a glyph
JOINERS = "\u200c\u200d"  # zero-width (non-)joiners change Arabic-script shaping: harfbuzz needs them
ISOLATES = ("LRI", "RLI", "FSI", "PDI")  # bidi controls the bidi module's algorithm predates: dropped
# Noto Sans Ethiopic draws its letters small beside Latin capitals and digits at the same point size.
SCRIPT_SCALE = {"ethiopic": 1.15}
# Where the baseline sits within a line, as a share of the leading (Noto fonts have tall ascenders).
BASELINE_SHARE = 0.76


class MissingGlyph(KitError):
    """A character that none of the kit's fonts can draw."""


def char_script(ch: str) -> str:
    """'arabic', 'ethiopic', 'hebrew', 'latin' (any other letter) or '' for neutral characters."""
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


def text_direction(text: str, default: str = "ltr") -> str:
    """'rtl' or 'ltr' from the first strong character (UAX #9 rules P2-P3); `default` when there is none."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return default


def _invisible(ch: str) -> bool:
    """Format and control characters (joiners, bidi marks): they have no glyph of their own to draw."""
    return unicodedata.category(ch) in ("Cf", "Cc") or 0xFE00 <= ord(ch) <= 0xFE0F


def describe_char(ch: str) -> str:
    """'X' (U+0058 LATIN CAPITAL LETTER X), for messages."""
    return f"'{ch}' (U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed character')})"


@lru_cache(maxsize=64)
def _coverage(font: str) -> frozenset[int]:
    return frozenset(getFont(font).face.charWidths)


def choose_fonts(text: str, fonts: dict[str, str]) -> list[str]:
    """A font for each character: its script's font if that has the glyph, else the first that does.

    Neutral characters (spaces, digits, punctuation) prefer the font of the letters around them;
    marks and invisible characters go with the character before. MissingGlyph names a character
    that no font has.
    """
    chosen: list[str] = []
    current = fonts["latin"]
    for ch in text:
        if _invisible(ch) or (chosen and unicodedata.category(ch) in ("Mn", "Me")):
            chosen.append(current)
            continue
        script = char_script(ch)
        preferred = [fonts[script]] if script in fonts else []
        if not script:
            preferred.append(current)
            if unicodedata.category(ch) == "Nd" and any(lo <= ord(ch) <= hi for lo, hi in ARABIC_RANGES):
                preferred.insert(0, fonts["arabic"])  # Persian and Arabic-Indic digits
        for name in [*preferred, *(fonts[s] for s in FALLBACK_ORDER if s in fonts)]:
            if ord(ch) in _coverage(name):
                break
        else:
            shown = text if len(text) <= 60 else text[:57] + "..."
            raise MissingGlyph(
                f"No font of the kit can draw the character {describe_char(ch)} in '{shown}'. "
                "Change or remove it in the text, then print again."
            )
        chosen.append(name)
        if script:
            current = name
    return chosen


def bidi_levels(text: str, rtl: bool) -> list[int]:
    """The resolved embedding level of each character (UAX #9 up to rule I2), by python-bidi."""
    storage = uax9.get_empty_storage()
    storage["base_level"] = int(rtl)
    storage["base_dir"] = "R" if rtl else "L"
    uax9.get_embedding_levels(text, storage)
    chars = list(storage["chars"])  # keep every entry: rule X9 drops controls from the storage's list
    for entry in chars:
        if entry["type"] in ISOLATES:
            entry["type"] = entry["orig"] = "BN"
    uax9.explicit_embed_and_overrides(storage, False)
    if storage["chars"]:
        uax9.resolve_weak_types(storage, False)
        uax9.resolve_neutral_types(storage, False)
        uax9.resolve_implicit_levels(storage, False)
    kept = {id(entry) for entry in storage["chars"]}
    levels: list[int] = []
    for entry in chars:  # a removed control takes the level of the character before it
        levels.append(entry["level"] if id(entry) in kept else (levels[-1] if levels else int(rtl)))
    return levels


Char = tuple[str, int, str]  # a character, its embedding level and its font


@dataclass(frozen=True)
class Run:
    """Characters of one font and one embedding level, ready to draw left to right."""

    text: str
    font: str
    size: float
    width: float
    level: int


@dataclass(frozen=True)
class Word:
    """A word between spaces: its runs in logical order, and the level of the space after it."""

    runs: tuple[Run, ...]
    width: float
    chars: tuple[Char, ...]  # kept for cutting a word too long for the column
    space_level: int


def _needs_shaping(text: str) -> bool:
    return any(
        char_script(ch) == "arabic" or (unicodedata.category(ch) == "Mn" and "ARABIC" in unicodedata.name(ch, ""))
        for ch in text
    )


def _make_run(text: str, font: str, level: int, size: float) -> Run:
    if level % 2 and _needs_shaping(text):
        text = "".join(ch for ch in text if ch in JOINERS or not _invisible(ch))
        width = stringWidth(text, font, size)
        shaped = shapeFragWord([width, (ABag(fontName=font, fontSize=size), text)])
        if len(shaped) == 2 and shaped[1][1] is not text:  # harfbuzz changed it: glyphs in visual order
            return Run(shaped[1][1], font, size, shaped[0], level)
        return Run(text[::-1], font, size, width, level)
    visible = "".join(ch for ch in text if not _invisible(ch))
    if level % 2:  # right to left without shaping: reverse, mirroring brackets
        visible = "".join(MIRRORED.get(ch, ch) for ch in reversed(visible))
    return Run(visible, font, size, stringWidth(visible, font, size), level)


def _make_word(chars: tuple[Char, ...], space_level: int, scales: dict[str, float], size: float) -> Word:
    runs: list[Run] = []
    start = 0
    for i in range(1, len(chars) + 1):
        if i == len(chars) or chars[i][1:] != chars[start][1:]:
            text = "".join(c for c, _, _ in chars[start:i])
            _, level, font = chars[start]
            run = _make_run(text, font, level, size * scales.get(font, 1.0))
            if run.text:
                runs.append(run)
            start = i
    return Word(tuple(runs), sum(r.width for r in runs), chars, space_level)


@lru_cache(maxsize=4096)
def layout_words(text: str, size: float, fonts: tuple[tuple[str, str], ...], rtl: bool) -> tuple[Word, ...]:
    """The words of a paragraph (whitespace already collapsed to single spaces), shaped; cached for copies."""
    font_map = dict(fonts)
    scales = {name: SCRIPT_SCALE.get(script, 1.0) for script, name in fonts}
    chosen = choose_fonts(text, font_map)
    levels = bidi_levels(text, rtl)
    words: list[Word] = []
    start = 0
    for i in range(len(text) + 1):
        if i == len(text) or text[i] == " ":
            if i > start:
                chars = tuple(zip(text[start:i], levels[start:i], chosen[start:i], strict=True))
                space_level = levels[i] if i < len(text) else int(rtl)
                words.append(_make_word(chars, space_level, scales, size))
            start = i + 1
    return tuple(words)


def reorder(levels: list[int]) -> list[int]:
    """Indices of a line's items in display order (UAX #9 rule L2) from their embedding levels."""
    order = list(range(len(levels)))
    if not levels:
        return order
    lowest_odd = min(level for level in levels if level % 2) if any(lv % 2 for lv in levels) else max(levels) + 1
    for level in range(max(levels), lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] >= level:
                j = i
                while j < len(order) and levels[order[j]] >= level:
                    j += 1
                order[i:j] = reversed(order[i:j])
                i = j
            else:
                i += 1
    return order


class ScriptText(Flowable):
    """A paragraph of plain text in any mix of scripts, wrapped and drawn in display order."""

    def __init__(
        self,
        text: str,
        style: ParagraphStyle,
        fonts: dict[str, str],
        lines: list[list[Word]] | None = None,
        *,
        default_direction: str = "ltr",
    ) -> None:
        super().__init__()
        self.text = " ".join(unicodedata.normalize("NFC", text).split())
        self.style = style
        self.fonts = fonts  # script -> registered font name for this weight
        self.rtl = text_direction(self.text, default_direction) == "rtl"
        self.size = style.fontSize
        self.leading = style.leading
        self.space = stringWidth(" ", fonts["latin"], self.size)
        key = tuple(sorted(fonts.items()))
        self._words = layout_words(self.text, self.size, key, self.rtl) if lines is None else ()
        self._scales = {name: SCRIPT_SCALE.get(script, 1.0) for script, name in fonts.items()}
        self._lines = lines
        self._width_for: float | None = None

    def getSpaceBefore(self) -> float:  # noqa: N802 (reportlab's name)
        return self.style.spaceBefore

    def getSpaceAfter(self) -> float:  # noqa: N802
        return self.style.spaceAfter

    def _split_long(self, word: Word, width: float) -> list[Word]:
        """A word wider than the column, cut into pieces that fit (it would otherwise run off the page)."""
        pieces: list[Word] = []
        start, used = 0, 0.0
        for i, (ch, _, font) in enumerate(word.chars):
            w = stringWidth(ch, font, self.size * self._scales.get(font, 1.0)) * 1.2
            if i > start and used + w > width:
                pieces.append(_make_word(word.chars[start:i], int(self.rtl), self._scales, self.size))
                start, used = i, 0.0
            used += w
        pieces.append(_make_word(word.chars[start:], word.space_level, self._scales, self.size))
        return pieces

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
        assert self._lines is not None  # wrap() has laid out the lines
        fit = int((avail_height + 1e-6) // self.leading)
        if fit <= 0 or fit >= len(self._lines):
            return [] if fit <= 0 else [self]
        direction = "rtl" if self.rtl else "ltr"
        head = ParagraphStyle("head", parent=self.style, spaceAfter=0)
        rest_style = ParagraphStyle("cont", parent=self.style, spaceBefore=0)
        parts = []
        for style, lines in ((head, self._lines[:fit]), (rest_style, self._lines[fit:])):
            part = ScriptText(self.text, style, self.fonts, lines, default_direction=direction)
            part.rtl, part._width_for = self.rtl, avail_width
            parts.append(part)
        return parts

    def display_runs(self, line: list[Word]) -> list[Run | None]:
        """A line's runs in display order, left to right; None stands for a space between words."""
        items: list[Run | None] = []
        levels: list[int] = []
        for n, word in enumerate(line):
            if n:
                items.append(None)
                levels.append(line[n - 1].space_level)
            items.extend(word.runs)
            levels.extend(run.level for run in word.runs)
        return [items[i] for i in reorder(levels)]

    def draw(self) -> None:
        canv = self.canv
        alignment = self.style.alignment
        for n, line in enumerate(self._lines or []):
            used = sum(w.width for w in line) + self.space * (len(line) - 1)
            if alignment == TA_CENTER:
                start = (self.width - used) / 2
            else:
                to_right = (alignment == TA_RIGHT) != self.rtl
                start = self.width - used if to_right else 0.0
            y = self.height - n * self.leading - BASELINE_SHARE * self.leading
            x = start
            tx = canv.beginText()
            tx.setFillColor(self.style.textColor)
            for run in self.display_runs(line):
                if run is None:
                    x += self.space
                    continue
                tx.setTextOrigin(x, y)
                tx.setFont(run.font, run.size, self.leading)
                tx.textOut(run.text)
                x += run.width
            canv.drawText(tx)
