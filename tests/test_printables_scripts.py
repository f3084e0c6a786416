"""Every script: Arabic joined and right to left, Tigrinya in an Ethiopic font, mixed text in visual order."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from PIL import Image
from printables_helpers import ARABIC, TIGRINYA, make_session, pdftotext_words, render_pages

from kit.printables import theme
from kit.printables.scripttext import ScriptText, reorder, text_direction
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
        piece = word.runs[0]
        assert piece.font == "Kit-Arabic"
        assert hasattr(piece.text, "__shapeData__"), "the word was not shaped by harfbuzz"
        assert piece.text != logical


@pytest.fixture
def sheet_pdf(sessions: Path, tmp_path: Path) -> Path:
    path = make_session(sessions)
    return render_sheets(path, tmp_path / "scripts.pdf", 1, "http://10.0.0.2:8765", language="ar", duplex=False)


def _item_page(sheet_pdf: Path) -> int:
    """The page with the third item (the Arabic and Tigrinya one): numbered items may run onto page 2."""
    for page in (1, 2):
        if TIGRINYA.split()[0] in [w[0] for w in pdftotext_words(sheet_pdf, page)]:
            return page
    raise AssertionError("the Tigrinya item is on neither page")


def test_arabic_on_the_sheet_is_joined_and_right_to_left(sheet_pdf: Path) -> None:
    words = pdftotext_words(sheet_pdf, _item_page(sheet_pdf))
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

    words = [w[0] for w in pdftotext_words(sheet_pdf, _item_page(sheet_pdf))]
    for word in TIGRINYA.split():
        assert word in words
    fonts = subprocess.run([require_executable("pdffonts"), str(sheet_pdf)], capture_output=True, text=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:]]
    names = {row[0].split("+")[-1] for row in rows}
    assert {"NotoSans-Regular", "NotoSansArabic-Regular", "NotoSansEthiopic-Regular"} <= names
    assert all(row[-5:-3] == ["yes", "yes"] for row in rows), f"every font embedded as a subset:\n{fonts}"


def test_rendered_page_shows_ink_where_the_arabic_and_tigrinya_words_are(sheet_pdf: Path, tmp_path: Path) -> None:
    dpi = 100
    page = _item_page(sheet_pdf)
    image = Image.open(render_pages(sheet_pdf, dpi, tmp_path)[page - 1]).convert("L")
    scale = dpi / 72
    for text, x0, y0, x1, y1 in pdftotext_words(sheet_pdf, page):
        if text in TIGRINYA.split() or unicodedata.normalize("NFKC", text[::-1]) in ARABIC.split():
            box = image.crop((int(x0 * scale), int(y0 * scale), int(x1 * scale) + 1, int(y1 * scale) + 1))
            dark = sum(box.histogram()[:100])
            assert dark > 20, f"no glyphs drawn for '{text}'"


def test_reordering_follows_rule_l2_and_direction_the_first_strong_letter() -> None:
    # levels of: R R L L N R in a right-to-left paragraph -> Latin pair kept in reading order
    assert reorder([1, 1, 2, 2, 1, 1]) == [5, 4, 2, 3, 1, 0]
    assert reorder([0, 1, 1, 0]) == [0, 2, 1, 3]
    assert reorder([1, 2, 2, 1]) == [3, 1, 2, 0]
    assert text_direction("123 نريد Home") == "rtl"
    assert text_direction("Home نريد") == "ltr"
    assert text_direction(TIGRINYA) == "ltr"
    assert text_direction("24", default="rtl") == "rtl"


def _display(text: str) -> list[tuple[str, str]]:
    style = theme.paragraph_style("t", 12)
    para = theme.text_flowable(text, style)
    assert isinstance(para, ScriptText)
    para.wrap(800, 100)
    assert para._lines is not None and len(para._lines) == 1
    return [(run.text, run.font) if run else (" ", "") for run in para.display_runs(para._lines[0])]


def test_latin_text_in_an_arabic_paragraph_uses_the_latin_font() -> None:
    runs = _display(f"{ARABIC} Home Office (مهم)")
    assert {font for _, font in runs if font} == {"Kit-Arabic", "Kit-Latin"}
    texts = [t for t, _ in runs]
    # displayed left to right: the bracketed word first, mirrored brackets, then Home Office in reading order
    assert texts[:3] == ["(", texts[1], ")"] and texts[4:7] == ["Home", " ", "Office"]


def test_brackets_around_a_number_in_arabic_stay_around_it() -> None:
    texts = [t for t, _ in _display("(24 ساعة)")]
    assert texts[0] == "(" and texts[-1] == ")" and texts[-2] == "24"


def test_persian_and_arabic_indic_digits_come_from_the_arabic_font_in_reading_order() -> None:
    runs = _display("وقتی ۱۸ ساله")
    assert ("۱۸", "Kit-Arabic") in runs
    runs = _display("We need ٣٠ chairs")
    assert ("٣٠", "Kit-Arabic") in runs and runs[0] == ("We", "Kit-Latin")


def test_a_character_no_font_has_is_an_error_naming_it() -> None:
    from kit.printables.scripttext import MissingGlyph

    with pytest.raises(MissingGlyph, match=r"U\+5B57 CJK UNIFIED IDEOGRAPH-5B57"):
        theme.text_flowable("the word 字", theme.paragraph_style("t", 12))


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


PERSIAN = "وقتی ۱۸ ساله می‌شویم"
ARABIC_HOURS = "(24 ساعة)"
MIXED = "We want ٣ interpreters who speak عربي (Sudanese)."


@pytest.fixture
def digits_pdf(sessions: Path, tmp_path: Path) -> Path:
    outputs = [
        ("body-map", PERSIAN, [6], "acted", "عمري ١٨ سنة"),
        ("dot-voting", ARABIC_HOURS, [12], "considering", MIXED),
    ]
    path = make_session(sessions, outputs=outputs)
    return render_sheets(path, tmp_path / "digits.pdf", 1, "http://10.0.0.2:8765", language="fa")


def test_no_glyph_on_the_sheet_is_a_blank(digits_pdf: Path) -> None:
    from printables_helpers import drawn_glyphs

    for page in drawn_glyphs(digits_pdf):
        blanks = [(ch, font) for ch, font, gid, _, _ in page if gid == 0 and not ch.isspace()]
        assert not blanks, f"drawn as .notdef: {blanks}"


def test_persian_and_arabic_indic_digits_are_drawn_from_noto_sans_arabic(digits_pdf: Path) -> None:
    from printables_helpers import drawn_glyphs

    glyphs = drawn_glyphs(digits_pdf)[0]
    for digit in "۱۸١٨٣":
        fonts = {font for ch, font, gid, _, _ in glyphs if ch == digit and gid}
        assert fonts == {"NotoSansArabic-Regular"}, f"{digit} drawn with {fonts}"
    xs = [x for ch, _, _, x, _ in glyphs if ch in "۱۸"]
    assert xs == sorted(xs), "۱۸ reads 18 left to right, also inside Farsi text"


def test_brackets_stay_around_the_number_in_arabic(digits_pdf: Path) -> None:
    from printables_helpers import drawn_glyphs

    glyphs = drawn_glyphs(digits_pdf)[0]
    i = next(n for n, g in enumerate(glyphs) if g[0] == "2" and glyphs[n + 1][0] == "4")
    line = [g for g in glyphs if g[4] == glyphs[i][4]]
    opening = max(x for ch, _, _, x, _ in line if ch == ")")  # the mirrored bracket at the right
    closing = min(x for ch, _, _, x, _ in line if ch == "(")
    assert closing < glyphs[i][3] < opening, "(24 ساعة) must not print as 24( ساعة)"
    assert glyphs[i + 1][3] > glyphs[i][3]


def test_an_isolated_title_resolves_in_its_own_direction_inside_an_english_line() -> None:
    from kit.printables.scripttext import bidi_levels, isolate

    title = "ورشة (2)."
    line = f"2026-03-14 · {isolate(title)} · body-map"
    assert text_direction(line) == "ltr" and text_direction(f"2026 · {isolate(title)}") == "ltr"
    levels = dict(zip(range(len(line)), bidi_levels(line, False), strict=True))
    start = line.index("ورشة")
    assert {levels[start + n] for n in range(len(title)) if not title[n].isdigit()} == {1}  # "(", ")" and "." too
    assert levels[line.index("body")] == 0 and levels[0] == 0
    assert isolate("one\ntwo").split("\n") == ["\u2068one\u2069", "\u2068two\u2069"]


def test_emoji_clusters_keep_flags_families_skin_tones_and_keycaps_together() -> None:
    from kit.printables.scripttext import emoji_clusters

    family = "👨\u200d👩\u200d👧"
    assert emoji_clusters(f"🙂👍🏽{family}🇬🇧🇫🇷1\ufe0f\u20e3❤\ufe0f") == [
        "🙂", "👍🏽", family, "🇬🇧", "🇫🇷", "1\ufe0f\u20e3", "❤\ufe0f",
    ]  # fmt: skip


def test_typed_lines_are_kept_with_one_blank_line_at_most() -> None:
    from kit.printables.scripttext import paragraphs

    assert paragraphs("\n- one  \n-   two\n\n\n\nafter\n\n") == ["- one", "- two", "", "after"]
    assert paragraphs("   ") == []
    para = theme.text_flowable("- واحد\n- two", theme.paragraph_style("t", 12))
    assert isinstance(para, ScriptText)
    para.wrap(400, 100)
    assert para._lines is not None and len(para._lines) == 2 and para._line_rtl == [True, False]


def test_emoji_and_typed_lines_on_a_farsi_sheet(sessions: Path, tmp_path: Path) -> None:
    from printables_helpers import drawn_glyphs

    outputs = [("body-map", "- یک اتاق امن 🙂\n- غذایی که می‌شناسیم", [6], "acted", "Done 👍🏽\nSee you in May")]
    out = render_sheets(
        make_session(sessions, outputs=outputs), tmp_path / "fa.pdf", 1, "http://10.0.0.2:8765", language="fa"
    )
    glyphs = [g for g in drawn_glyphs(out)[0] if not g[0].isspace()]
    assert not [g for g in glyphs if g[2] == 0], "no blank glyph"
    emoji = [g for g in glyphs if g[1] == "NotoEmoji-Regular"]
    assert len(emoji) == 2  # 🙂 and 👍🏽 (its skin tone folded into it)
    dashes = sorted((g for g in glyphs if g[0] == "-" and g[3] > 500 and "Bold" not in g[1]), key=lambda g: g[4])
    assert len(dashes) == 2 and abs(dashes[0][3] - dashes[1][3]) < 0.5, "two Farsi bullets, each at the right"
    done = next(g for g in glyphs if g[0] == "D")
    see = next(g for g in glyphs if g[0] == "S" and g[4] > done[4])
    assert abs(see[3] - done[3]) < 0.5, "the English answer's second line starts under its first, at the left"


def test_digits_and_punctuation_after_a_word_of_the_other_script_stay_with_the_paragraphs_language() -> None:
    texts = [t for t, _ in _display("We need an interpreter (مترجم), 24 hours!")]
    assert texts[-8] == "(" and texts[-6:] == [")", ",", " ", "24", " ", "hours!"], texts  # not "(24 ,مترجم"
    texts = [t for t, _ in _display("نريد Home Office 24 ساعة")]
    assert texts.index("24") < texts.index("Home") < texts.index("Office"), texts  # "24 ساعة" stays together
