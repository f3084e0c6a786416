"""Every script: Arabic joined and right to left, Tigrinya in an Ethiopic font, mixed text in visual order."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from PIL import Image
from printables_helpers import ARABIC, TIGRINYA, make_session, pdftotext_words, render_pages

from kit.printables import theme
from kit.printables.scripttext import ScriptText, text_direction, visual_order
from kit.printables.sheets import render_sheets


def _glyph_ids(font_file: Path, text: str, shape: bool) -> list[int]:
    import uharfbuzz as hb

    face = hb.Face(font_file.read_bytes())
    font = hb.Font(face)
    if not shape:
        return [font.get_nominal_glyph(ord(ch)) or 0 for ch in text if not ch.isspace()]
    buf = hb.Buffer()
    buf.add_str(text.replace(" ", ""))
    buf.guess_segment_properties()
    hb.shape(font, buf, {})
    return [info.codepoint for info in buf.glyph_infos]


def test_harfbuzz_changes_arabic_glyphs_and_keeps_ethiopic_ones() -> None:
    arabic = theme.find_font("NotoSansArabic-Regular.ttf")
    ethiopic = theme.find_font("NotoSansEthiopic-Regular.ttf")
    shaped, plain = _glyph_ids(arabic, ARABIC, True), _glyph_ids(arabic, ARABIC, False)
    assert 0 not in plain and sorted(shaped) != sorted(plain)  # joining forms replace the isolated letters
    shaped_e, plain_e = _glyph_ids(ethiopic, TIGRINYA, True), _glyph_ids(ethiopic, TIGRINYA, False)
    assert 0 not in plain_e and shaped_e == plain_e  # the font covers Tigrinya; no .notdef boxes


def test_script_text_uses_shaped_glyphs_for_arabic() -> None:
    style = theme.paragraph_style("t", 12)
    para = ScriptText(ARABIC, style, theme.fonts_for())
    para.wrap(400, 100)
    assert para.rtl
    words = para._lines[0]
    assert len(words) == 3
    for word, logical in zip(words, ARABIC.split(), strict=True):
        piece = word.pieces[0]
        assert piece.font == "Kit-Arabic"
        assert hasattr(piece.text, "__shapeData__"), "the word was not shaped by harfbuzz"
        assert piece.text != logical


@pytest.fixture
def sheet_pdf(sessions: Path, tmp_path: Path) -> Path:
    path = make_session(sessions)
    return render_sheets(path, tmp_path / "scripts.pdf", 1, "http://10.0.0.2:8765", language="ar")


def test_arabic_on_the_sheet_is_joined_and_right_to_left(sheet_pdf: Path) -> None:
    words = pdftotext_words(sheet_pdf, 1)
    logical = ARABIC.split()
    found = {}
    for text, x0, y0, x1, _y1 in words:
        # pdftotext reads the drawn glyphs left to right; joined letters come out as presentation forms
        letters = unicodedata.normalize("NFKC", text[::-1])
        if letters in logical and (logical.index(letters), letters) not in found:
            forms = [ch for ch in text if 0xFB50 <= ord(ch) <= 0xFDFF or 0xFE70 <= ord(ch) <= 0xFEFF]
            assert forms, f"'{letters}' drawn with unjoined letters"
            found[(logical.index(letters), letters)] = (x0, x1, y0)
    assert len(found) == 3, f"Arabic words not found on the page: {words}"
    xs = [found[key][0] for key in sorted(found)]
    assert xs == sorted(xs, reverse=True), "the first word should be rightmost"
    assert len({round(v[2]) for v in found.values()}) == 1


def test_tigrinya_on_the_sheet_is_drawn_in_the_ethiopic_font(sheet_pdf: Path) -> None:
    import subprocess

    from conftest import require_executable

    words = [w[0] for w in pdftotext_words(sheet_pdf, 1)]
    for word in TIGRINYA.split():
        assert word in words
    fonts = subprocess.run([require_executable("pdffonts"), str(sheet_pdf)], capture_output=True, text=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:]]
    names = {row[0].split("+")[-1] for row in rows}
    assert {"NotoSans-Regular", "NotoSansArabic-Regular", "NotoSansEthiopic-Regular"} <= names
    assert all(row[-5:-3] == ["yes", "yes"] for row in rows), f"every font embedded as a subset:\n{fonts}"


def test_rendered_page_shows_ink_where_the_arabic_and_tigrinya_words_are(sheet_pdf: Path, tmp_path: Path) -> None:
    dpi = 100
    image = Image.open(render_pages(sheet_pdf, dpi, tmp_path)[0]).convert("L")
    scale = dpi / 72
    for text, x0, y0, x1, y1 in pdftotext_words(sheet_pdf, 1):
        if text in TIGRINYA.split() or unicodedata.normalize("NFKC", text[::-1]) in ARABIC.split():
            box = image.crop((int(x0 * scale), int(y0 * scale), int(x1 * scale) + 1, int(y1 * scale) + 1))
            dark = sum(box.histogram()[:100])
            assert dark > 20, f"no glyphs drawn for '{text}'"


def test_mixed_words_keep_left_to_right_runs_inside_right_to_left_text() -> None:
    # logical: R R L L N R  ->  visual (left to right): R N L L R R, with the Latin pair in reading order
    assert visual_order(["R", "R", "L", "L", "", "R"], rtl=True) == [5, 4, 2, 3, 1, 0]
    assert visual_order(["L", "R", "R", "L"], rtl=False) == [0, 2, 1, 3]
    assert text_direction("123 نريد Home") == "rtl"
    assert text_direction("Home نريد") == "ltr"
    assert text_direction(TIGRINYA) == "ltr"


def test_latin_text_in_an_arabic_paragraph_uses_the_latin_font() -> None:
    style = theme.paragraph_style("t", 12)
    para = ScriptText(f"{ARABIC} Home Office (مهم)", style, theme.fonts_for())
    para.wrap(600, 100)
    fonts = {piece.font for word in para._lines[0] for piece in word.pieces}
    assert fonts == {"Kit-Arabic", "Kit-Latin"}
    last = para._lines[0][-1]
    assert [p.text for p in last.pieces][0] == "(" and [p.text for p in last.pieces][-1] == ")"  # mirrored, visual


def test_long_right_to_left_text_wraps_and_splits_across_frames() -> None:
    style = theme.paragraph_style("t", 12)
    para = ScriptText(" ".join([ARABIC] * 40), style, theme.fonts_for())
    _, height = para.wrap(200, 1000)
    assert height > style.leading * 5
    first, rest = para.split(200, style.leading * 3)
    assert len(first._lines) == 3
    assert len(first._lines) + len(rest._lines) == len(para._lines)


def test_a_word_wider_than_the_column_is_cut_to_fit() -> None:
    style = theme.paragraph_style("t", 12)
    para = ScriptText("مرحبا " + "ب" * 400, style, theme.fonts_for())
    para.wrap(150, 1000)
    assert len(para._lines) > 3
    assert all(sum(w.width for w in line) <= 150 + 1 for line in para._lines[1:])
