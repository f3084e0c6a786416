"""The printables' theme: fonts found or a clear error, styles, safe PDF writing, output checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.errors import InputError
from kit.printables import theme
from kit.printables.scripttext import ScriptText


def test_fonts_are_found_and_registered() -> None:
    names = theme.register_fonts()
    assert set(names.values()) >= {"Kit-Latin", "Kit-Latin-Bold", "Kit-Arabic", "Kit-Ethiopic"}
    assert theme.find_font("NotoSansArabic-Regular.ttf").is_file()


def test_text_flowable_picks_paragraph_for_latin_and_script_text_otherwise() -> None:
    style = theme.paragraph_style("x", "body", bold=True)
    assert type(theme.text_flowable("Tiếng Việt, Shqip: ë ç <b>", style)).__name__ == "Paragraph"
    arabic = theme.text_flowable("مرحبا Home", style)
    assert isinstance(arabic, ScriptText) and arabic.rtl and arabic.fonts["arabic"] == "Kit-Arabic-Bold"
    ethiopic = theme.text_flowable("ሰላም", style)
    assert isinstance(ethiopic, ScriptText) and not ethiopic.rtl
    assert theme.is_rtl("سلام") and not theme.is_rtl("ሰላም")


def test_paragraph_style_sizes_scale_and_alignment() -> None:
    style = theme.paragraph_style("x", "sheet_body", scale=2, align="centre")
    assert style.fontSize == theme.SIZES["sheet_body"] * 2 and style.leading > style.fontSize
    assert style.fontName == "Kit-Latin"


def test_output_must_be_a_pdf_and_an_existing_non_pdf_is_never_overwritten(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="like notes.pdf"):
        theme.check_output_path(tmp_path / "notes.txt")
    with pytest.raises(InputError, match="should end in .pdf"):
        theme.check_output_path(Path(""))
    precious = tmp_path / "precious.pdf"
    precious.write_text("my thesis")
    with pytest.raises(InputError, match="not a PDF; it was left untouched"):
        theme.write_pdf(precious, lambda temp: Path(temp).write_bytes(b"%PDF-1.4"))
    assert precious.read_text() == "my thesis"
    with pytest.raises(InputError, match="does not exist"):
        theme.check_output_path(tmp_path / "missing" / "a.pdf")


def test_a_failed_render_leaves_no_file_and_keeps_the_old_pdf(tmp_path: Path) -> None:
    old = tmp_path / "cards.pdf"
    old.write_bytes(b"%PDF-1.4 old")

    def crash(temp: str) -> None:
        Path(temp).write_bytes(b"%PDF-1.4 half")
        raise RuntimeError("power cut")

    with pytest.raises(RuntimeError):
        theme.write_pdf(old, crash)
    assert old.read_bytes() == b"%PDF-1.4 old"
    assert [p.name for p in tmp_path.iterdir()] == ["cards.pdf"]


def test_an_existing_pdf_is_replaced(tmp_path: Path) -> None:
    old = tmp_path / "cards.pdf"
    old.write_bytes(b"%PDF-1.4 old")
    theme.write_pdf(old, lambda temp: Path(temp).write_bytes(b"%PDF-1.4 new"))
    assert old.read_bytes() == b"%PDF-1.4 new"


def test_unknown_paper_is_refused() -> None:
    with pytest.raises(InputError, match="a4, letter"):
        theme.page_size("a3")


def test_label_flowable_bolds_a_latin_label_and_handles_other_scripts() -> None:
    style = theme.paragraph_style("x", "body")
    latin = theme.label_flowable("You told us:", "a safe place", style)
    assert "<b>You told us:</b> a safe place" in latin.text
    arabic = theme.label_flowable("قلت لنا:", "مكان آمن", style)
    assert isinstance(arabic, ScriptText) and arabic.rtl


def test_table_style_sets_the_kit_font_for_every_cell() -> None:
    style = theme.table_style(("GRID", (0, 0), (-1, -1), 0.5, theme.RULE))
    assert style.getCommands()[0][:4] == ("FONT", (0, 0), (-1, -1), theme.BASE_FONT)
