"""A text flowable for any script: a font for each character, UAX #9 bidi, harfbuzz shaping.

reportlab shapes words with harfbuzz but cannot mix fonts inside a right-to-left paragraph, and draws
a blank for any character its one font lacks. This flowable does the rest:

- each character gets a font that has its glyph (`choose_fonts`): the font of its script first, then
  any other of the kit's fonts; a character none of them has is a `MissingGlyph` error naming it
  (or, where a printout must not stop for one, shown as a visible mark by `Undrawable` and named);
- embedding levels come from python-bidi (the Unicode Bidirectional Algorithm), so numbers, brackets
  and Latin words inside Arabic text land where a reader expects them;
- Arabic-script letters are shaped by harfbuzz (joined forms, ligatures, marks);
- lines are broken in logical order and each line's runs reordered for display (rule L2).

Finding the font files is theme.py's job; this module only chooses among the fonts it is given.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
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
# Pictographs, emoticons, flags' letters and skin tones; symbols and dingbats (☀ ✅ ❤); ⌚ ⏰; ⬆ ⭐ ⭕.
EMOJI_RANGES = ((0x1F000, 0x1FAFF), (0x2600, 0x27BF), (0x2300, 0x23FF), (0x2B00, 0x2BFF))
FALLBACK_ORDER = ("latin", "arabic", "ethiopic", "emoji")  # where to look when a script's own font lacks a glyph
ZWJ = "\u200d"
JOINERS = "\u200c" + ZWJ  # zero-width (non-)joiners change Arabic-script shaping: harfbuzz needs them
# What continues an emoji: a joiner and the next emoji, a variation selector, a skin tone, a keycap frame,
# the tags of a regional flag. The emoji font's ligatures draw 👍🏽 or a family as one picture.
EMOJI_EXTENDERS = ((0x200D, 0x200D), (0xFE0E, 0xFE0F), (0x1F3FB, 0x1F3FF), (0xE0020, 0xE007F), (0x20E3, 0x20E3))
REGIONAL_INDICATORS = (0x1F1E6, 0x1F1FF)  # two make a flag
FSI, PDI = "\u2068", "\u2069"  # first strong isolate and its end
# python-bidi's algorithm predates isolates (UAX #9 6.3): the text around an isolate is resolved with the
# isolate replaced by this neutral (as rule BD13 sees it), the isolate's own text on its own.
STAND_IN = "\ufffc"
# Noto Sans Ethiopic draws its letters small beside Latin capitals and digits at the same point size.
SCRIPT_SCALE = {"ethiopic": 1.15}
# Where the baseline sits within a line, as a share of the leading (Noto fonts have tall ascenders).
BASELINE_SHARE = 0.76


class MissingGlyph(KitError):
    """A character that none of the kit's fonts can draw."""


def char_script(ch: str) -> str:
    """'arabic', 'ethiopic', 'hebrew', 'emoji', 'latin' (any other letter) or '' for neutral characters."""
    code = ord(ch)
    if any(lo <= code <= hi for lo, hi in EMOJI_RANGES):
        return "emoji"
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
    """'rtl' or 'ltr' from the first strong character outside isolates (UAX #9 rules P2-P3); else `default`."""
    depth = 0
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("LRI", "RLI", "FSI"):
            depth += 1
        elif kind == "PDI":
            depth = max(depth - 1, 0)
        elif depth:
            continue
        elif kind == "L":
            return "ltr"
        elif kind in ("R", "AL"):
            return "rtl"
    return default


def isolate(text: str) -> str:
    """Text to set inside a sentence of another direction: each line resolved in its own direction.

    'Source: <an Arabic title> · body-map' keeps its English order, and the title keeps its own
    brackets and full stop, as an HTML <bdi> would.
    """
    return "\n".join(f"{FSI}{line}{PDI}" for line in text.split("\n"))


def _invisible(ch: str) -> bool:
    """Format and control characters (joiners, bidi marks): they have no glyph of their own to draw."""
    return unicodedata.category(ch) in ("Cf", "Cc") or 0xFE00 <= ord(ch) <= 0xFE0F


def describe_char(ch: str) -> str:
    """'X' (U+0058 LATIN CAPITAL LETTER X), for messages."""
    return f"'{ch}' (U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed character')})"


@lru_cache(maxsize=64)
def _coverage(font: str) -> frozenset[int]:
    return frozenset(getFont(font).face.charWidths)


UNDRAWN = "\ufffd"  # the mark for a character no font of the kit has, where a printout may show one


class Undrawable:
    """Puts a visible mark for each character none of `fonts` has (a Chinese word in a comment, say), and
    remembers which, for a printout that one such character must not stop (the coordinator's report):
    the character is said, and shown as a mark, never a blank."""

    def __init__(self, fonts: Iterable[str]) -> None:
        self.covered = frozenset().union(*(_coverage(font) for font in set(fonts)))
        self.found: dict[str, str] = {}  # each character not drawn, and the start of the first text it was in

    def _drawn(self, ch: str) -> bool:
        return ord(ch) in self.covered or ch.isspace() or _invisible(ch)

    def __call__(self, text: str) -> str:
        if all(self._drawn(ch) for ch in text):
            return text
        for ch in text:
            if not self._drawn(ch):
                self.found.setdefault(ch, text if len(text) <= 40 else text[:37] + "...")
        return "".join(ch if self._drawn(ch) else UNDRAWN for ch in text)

    def warnings(self, what: str) -> list[str]:
        """One line per character shown as the mark in `what` ("the report")."""
        return [
            f"{what} shows {UNDRAWN} for {describe_char(ch)}, which no font of the kit has (first in '{text}')"
            for ch, text in self.found.items()
        ]


def choose_fonts(text: str, fonts: dict[str, str]) -> list[str]:
    """A font for each character: its script's font if that has the glyph, else the first that does.

    Neutral characters (spaces, digits, punctuation) prefer the font of the letters around them
    (never the emoji font: a digit after an emoji is still a digit); invisible characters, and marks
    that font has, go with the character before. MissingGlyph names a character that no font has.
    """
    chosen: list[str] = []
    current = fonts["latin"]
    for ch in text:
        before = chosen[-1] if chosen else current
        if _invisible(ch) or (unicodedata.category(ch) in ("Mn", "Me") and ord(ch) in _coverage(before)):
            chosen.append(before)
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
        if script and script != "emoji":
            current = name
    return chosen


def _isolates(text: str) -> list[tuple[int, int, int, int, bool]]:
    """The outermost isolates: (start, end, text start, text end, right to left), end past the PDI if any."""
    spans: list[tuple[int, int, int, int, bool]] = []
    depth = start = 0
    opener = ""
    for i, ch in enumerate(text):
        kind = unicodedata.bidirectional(ch)
        if kind in ("LRI", "RLI", "FSI"):
            if not depth:
                start, opener = i, kind
            depth += 1
        elif kind == "PDI" and depth:
            depth -= 1
            if not depth:
                spans.append((start, i + 1, start + 1, i, _isolate_rtl(opener, text[start + 1 : i])))
    if depth:
        spans.append((start, len(text), start + 1, len(text), _isolate_rtl(opener, text[start + 1 :])))
    return spans


def _isolate_rtl(opener: str, inside: str) -> bool:
    return opener == "RLI" or (opener == "FSI" and text_direction(inside) == "rtl")


def _other_direction_spans(text: str, rtl: bool) -> list[tuple[int, int, int, int, bool]]:
    """Stretches of the other direction's letters, first to last with none of the paragraph's own between.

    Set as isolates (a higher-level protocol UAX #9 allows), so the digits and punctuation at their
    edges stay with the paragraph's language: 'an interpreter (مترجم), 24 hours' keeps its order,
    where the bare algorithm would pull ', 24' into the Arabic word (rule W2).
    """
    own, other = (("R", "AL"), ("L",)) if rtl else (("L",), ("R", "AL"))
    spans: list[tuple[int, int, int, int, bool]] = []
    start = last = -1
    for i, ch in enumerate(text):
        kind = unicodedata.bidirectional(ch)
        if kind in other:
            start, last = (i if start < 0 else start), i
        elif kind == "NSM" and start >= 0 and last == i - 1:
            last = i  # a mark on the span's last letter
        elif kind in own and start >= 0:
            spans.append((start, last + 1, start, last + 1, not rtl))
            start = -1
    if start >= 0:
        spans.append((start, last + 1, start, last + 1, not rtl))
    return spans


def bidi_levels(text: str, rtl: bool) -> list[int]:
    """The resolved embedding level of each character (UAX #9 up to rule I2), by python-bidi.

    Isolates (FSI ... PDI, as `isolate` writes them) and stretches of the other direction's letters
    are each resolved on their own, one level up, and count as one neutral in the text around them.
    """
    masked = list(text)
    spans = _isolates(text)
    for start, end, *_ in spans:
        masked[start:end] = STAND_IN * (end - start)
    spans += _other_direction_spans("".join(masked), rtl)
    for start, end, *_ in spans:
        masked[start:end] = STAND_IN * (end - start)
    levels = _resolve_levels("".join(masked), rtl)
    for _, _, inner_start, inner_end, inner_rtl in spans:
        inner_base = int(rtl) + 1 if (int(rtl) + 1) % 2 == inner_rtl else int(rtl) + 2
        inner = bidi_levels(text[inner_start:inner_end], inner_rtl)
        levels[inner_start:inner_end] = [level + inner_base - int(inner_rtl) for level in inner]
    return levels


def _resolve_levels(text: str, rtl: bool) -> list[int]:
    """UAX #9 rules X1-I2 on text without isolates, by python-bidi's algorithm."""
    storage = uax9.get_empty_storage()
    storage["base_level"] = int(rtl)
    storage["base_dir"] = "R" if rtl else "L"
    uax9.get_embedding_levels(text, storage)
    chars = list(storage["chars"])  # keep every entry: rule X9 drops controls from the storage's list
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


def _in(ch: str, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(lo <= ord(ch) <= hi for lo, hi in ranges)


def emoji_clusters(text: str) -> list[str]:
    """Text cut into what a reader sees as one emoji each (a flag, a family, a thumb with its skin tone)."""
    clusters: list[str] = []
    for ch in text:
        last = clusters[-1] if clusters else ""
        flag_half = len(last) == 1 and _in(last, (REGIONAL_INDICATORS,)) and _in(ch, (REGIONAL_INDICATORS,))
        if last and (last.endswith(ZWJ) or _in(ch, EMOJI_EXTENDERS) or flag_half):
            clusters[-1] += ch
        else:
            clusters.append(ch)
    return clusters


def _make_emoji_runs(text: str, font: str, level: int, size: float) -> list[Run]:
    """One run per emoji, shaped by harfbuzz (the font's ligatures); right to left, the line puts them in order."""
    runs = []
    for cluster in emoji_clusters(text):
        kept = "".join(ch for ch in cluster if not _invisible(ch) or _in(ch, EMOJI_EXTENDERS))
        if not kept:
            continue
        width = stringWidth(kept, font, size)
        # force: a skin tone folds into its emoji's own glyph, a change reportlab's check would miss
        shaped = shapeFragWord([width, (ABag(fontName=font, fontSize=size), kept)], force=True)
        if len(shaped) == 2 and shaped[1][1] is not kept:
            runs.append(Run(shaped[1][1], font, size, shaped[0], level))
        else:
            visible = "".join(ch for ch in kept if not _invisible(ch))
            runs.append(Run(visible, font, size, stringWidth(visible, font, size), level))
    return runs


def _make_word(chars: tuple[Char, ...], space_level: int, scales: dict[str, float], size: float) -> Word:
    runs: list[Run] = []
    start = 0
    for i in range(1, len(chars) + 1):
        if i == len(chars) or chars[i][1:] != chars[start][1:]:
            text = "".join(c for c, _, _ in chars[start:i])
            _, level, font = chars[start]
            points = size * scales.get(font, 1.0)
            if any(char_script(ch) == "emoji" for ch in text):
                runs += _make_emoji_runs(text, font, level, points)
            else:
                run = _make_run(text, font, level, points)
                if run.text:
                    runs.append(run)
            start = i
    return Word(tuple(runs), sum(r.width for r in runs), chars, space_level)


@lru_cache(maxsize=4096)
def layout_words(
    text: str,
    size: float,
    fonts: tuple[tuple[str, str], ...],
    rtl: bool,
    bold: tuple[tuple[str, str], ...] = (),
    bold_chars: int = 0,
) -> tuple[Word, ...]:
    """The words of a paragraph (whitespace already collapsed to single spaces), shaped; cached for copies.

    The first `bold_chars` characters (a label) take the bold font of the one chosen for them, as the
    (regular, bold) pairs of `bold` say, wherever the bold font has the glyph.
    """
    font_map = dict(fonts)
    bold_of = dict(bold)
    scales = {name: SCRIPT_SCALE.get(script, 1.0) for script, name in fonts}
    scales |= {strong: scales.get(regular, 1.0) for regular, strong in bold}
    chosen = choose_fonts(text, font_map)
    for i in range(min(bold_chars, len(text))):
        strong = bold_of.get(chosen[i], chosen[i])
        if _invisible(text[i]) or ord(text[i]) in _coverage(strong):
            chosen[i] = strong
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


def paragraphs(text: str) -> list[str]:
    """The lines of a text as typed ('- one' / '- two'), each with its runs of spaces made one.

    Blank lines at either end go; several blank lines in a row keep one, as a gap. No text, no lines.
    """
    lines = [" ".join(line.split()) for line in unicodedata.normalize("NFC", text).splitlines()]
    kept = [line for n, line in enumerate(lines) if line or (n and lines[n - 1])]
    while kept and not kept[-1]:
        kept.pop()
    return kept


class ScriptText(Flowable):
    """Text in any mix of scripts, wrapped and drawn in display order; each typed line its own paragraph."""

    def __init__(
        self,
        text: str,
        style: ParagraphStyle,
        fonts: dict[str, str],
        lines: list[list[Word]] | None = None,
        *,
        default_direction: str = "ltr",
        line_rtl: list[bool] | None = None,
        bold_fonts: dict[str, str] | None = None,
        bold_chars: int = 0,
    ) -> None:
        """`bold_chars`: how many characters at the start (a label) are drawn in `bold_fonts`."""
        super().__init__()
        self.paragraphs = paragraphs(text)
        self.text = "\n".join(self.paragraphs)
        self.style = style
        self.fonts = fonts  # script -> registered font name for this weight
        # Each paragraph reads in the direction of its first strong letter, as a new line in a text box does.
        self.directions = [text_direction(p, default_direction) == "rtl" for p in self.paragraphs]
        self.rtl = self.directions[0] if self.directions else default_direction == "rtl"
        self.size = style.fontSize
        self.leading = style.leading
        self.space = stringWidth(" ", fonts["latin"], self.size)
        key = tuple(sorted(fonts.items()))
        bold = tuple((fonts[script], name) for script, name in sorted((bold_fonts or {}).items()) if script in fonts)
        self._words = (
            [
                layout_words(p, self.size, key, rtl, bold, bold_chars if not n else 0)
                for n, (p, rtl) in enumerate(zip(self.paragraphs, self.directions, strict=True))
            ]
            if lines is None
            else []
        )
        both = [*fonts.items(), *(bold_fonts or {}).items()]
        self._scales = {name: SCRIPT_SCALE.get(script, 1.0) for script, name in both}
        self._lines = lines
        self._line_rtl = line_rtl or [self.rtl] * len(lines or [])
        self._width_for: float | None = None

    def getSpaceBefore(self) -> float:  # noqa: N802 (reportlab's name)
        return self.style.spaceBefore

    def getSpaceAfter(self) -> float:  # noqa: N802
        return self.style.spaceAfter

    def _split_long(self, word: Word, width: float, rtl: bool) -> list[Word]:
        """A word wider than the column, cut into pieces that fit (it would otherwise run off the page)."""
        pieces: list[Word] = []
        start, used = 0, 0.0
        for i, (ch, _, font) in enumerate(word.chars):
            w = stringWidth(ch, font, self.size * self._scales.get(font, 1.0)) * 1.2
            if i > start and used + w > width:
                pieces.append(_make_word(word.chars[start:i], int(rtl), self._scales, self.size))
                start, used = i, 0.0
            used += w
        pieces.append(_make_word(word.chars[start:], word.space_level, self._scales, self.size))
        return pieces

    def _break(self, width: float) -> tuple[list[list[Word]], list[bool]]:
        """Lines that fit the width, and the direction of each (that of the paragraph it belongs to)."""
        lines: list[list[Word]] = []
        line_rtl: list[bool] = []
        for paragraph, rtl in zip(self._words, self.directions, strict=True):
            line: list[Word] = []
            used = 0.0
            words = [p for w in paragraph for p in (self._split_long(w, width, rtl) if w.width > width else [w])]
            for word in words:
                extra = word.width + (self.space if line else 0)
                if line and used + extra > width:
                    lines.append(line)
                    line, used = [word], word.width
                else:
                    line.append(word)
                    used += extra
            lines.append(line)  # an empty paragraph is a blank line
            line_rtl += [rtl] * (len(lines) - len(line_rtl))
        return lines, line_rtl

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if self._lines is None or (self._width_for != avail_width and self._words):
            self._lines, self._line_rtl = self._break(avail_width)
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
        for style, part_lines in ((head, slice(0, fit)), (rest_style, slice(fit, None))):
            part = ScriptText(
                self.text,
                style,
                self.fonts,
                self._lines[part_lines],
                default_direction=direction,
                line_rtl=self._line_rtl[part_lines],
            )
            part._width_for = avail_width
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
        for n, (line, rtl) in enumerate(zip(self._lines or [], self._line_rtl, strict=True)):
            used = sum(w.width for w in line) + self.space * max(len(line) - 1, 0)
            if alignment == TA_CENTER:
                start = (self.width - used) / 2
            else:
                to_right = (alignment == TA_RIGHT) != rtl
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
