"""Fonts inside the kit: found first, every needed glyph present, PDFs print with no system fonts at all."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from printables_helpers import make_session
from pypdf import PdfReader

from kit.errors import KitError
from kit.i18n import LOCALE_DIR, available_languages
from kit.printables import fonts, theme
from kit.printables.brief import render_brief
from kit.printables.sheets import render_sheets

KIT = Path(fonts.__file__).resolve().parent.parent.parent


@pytest.fixture
def fresh_fonts() -> Iterator[None]:
    """Fonts registered anew for this test, and again (from the normal places) for the tests after it."""
    theme.register_fonts.cache_clear()
    yield
    theme.register_fonts.cache_clear()


@pytest.fixture
def no_system_fonts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_fonts: None) -> None:
    """A computer with no fonts installed: every system font folder is one empty folder, no KIT_FONTS."""
    empty = tmp_path / "no-fonts"
    empty.mkdir()
    monkeypatch.setattr(fonts, "SYSTEM_FONT_FOLDERS", (str(empty),))
    monkeypatch.delenv(fonts.FONT_ENV, raising=False)


def test_the_six_fonts_ship_with_their_licence_and_are_whole() -> None:
    shipped = {p.name for p in fonts.BUNDLED.glob("*.ttf")}
    assert shipped == set(fonts.FONT_FILES.values())
    licence = (fonts.BUNDLED / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL Open Font License" in licence and "Google" in licence and "Reserved Font Name" in licence
    for name in shipped:
        assert fonts.check_font(fonts.BUNDLED / name) is None


def test_the_kits_own_fonts_are_found_before_the_systems(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(fonts.FONT_ENV, raising=False)
    for filename in fonts.FONT_FILES.values():
        assert fonts.locate_font(filename) == fonts.FontSource(fonts.BUNDLED / filename, "kit")


def test_kit_fonts_folder_wins_over_the_kits_own(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    mine = tmp_path / "my fonts Zoë"
    mine.mkdir()
    (mine / "NotoSans-Regular.ttf").write_bytes((fonts.BUNDLED / "NotoSans-Regular.ttf").read_bytes())
    monkeypatch.setenv(fonts.FONT_ENV, str(mine))
    assert fonts.locate_font("NotoSans-Regular.ttf") == fonts.FontSource(mine / "NotoSans-Regular.ttf", "KIT_FONTS")
    assert fonts.locate_font("NotoSansArabic-Regular.ttf").origin == "kit"  # type: ignore[union-attr]


def test_system_fonts_are_used_when_the_kits_copies_are_gone(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    system = tmp_path / "usr" / "share" / "fonts" / "truetype" / "noto"
    system.mkdir(parents=True)
    (system / "NotoSansEthiopic-Bold.ttf").write_bytes(b"")
    monkeypatch.setattr(fonts, "BUNDLED", tmp_path / "stripped")
    monkeypatch.setattr(fonts, "SYSTEM_FONT_FOLDERS", (str(tmp_path / "usr" / "share" / "fonts"),))
    monkeypatch.delenv(fonts.FONT_ENV, raising=False)
    found = fonts.locate_font("NotoSansEthiopic-Bold.ttf")
    assert found == fonts.FontSource(system / "NotoSansEthiopic-Bold.ttf", "system")  # found in a subfolder
    with pytest.raises(KitError, match="NotoSans-Regular.ttf is missing from the kit.*Reinstall the kit"):
        fonts.find_font("NotoSans-Regular.ttf")


def test_windows_font_folders_come_from_the_environment_and_unset_ones_are_skipped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(fonts.FONT_ENV, raising=False)
    monkeypatch.setenv("LOCALAPPDATA", r"C:\Users\Zoë Ní Bhriain\AppData\Local")
    monkeypatch.delenv("WINDIR", raising=False)
    folders = [str(folder) for folder, _ in fonts.font_folders()]
    assert any(f.startswith(r"C:\Users\Zoë Ní Bhriain\AppData\Local") and f.endswith("Fonts") for f in folders)
    assert not any("$" in f for f in folders)


def test_a_damaged_font_is_named_with_how_to_fix_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fresh_fonts: None
) -> None:
    whole = (fonts.BUNDLED / "NotoSansEthiopic-Regular.ttf").read_bytes()
    (tmp_path / "NotoSansEthiopic-Regular.ttf").write_bytes(whole[:30_000])  # cut short, as a bad copy is
    (tmp_path / "NotoSans-Bold.ttf").write_text("not a font")
    monkeypatch.setenv(fonts.FONT_ENV, str(tmp_path))
    for name in ("NotoSansEthiopic-Regular.ttf", "NotoSans-Bold.ttf"):
        problem = fonts.check_font(tmp_path / name)
        assert problem is not None and name in problem and "damaged" in problem and "unset KIT_FONTS" in problem
    with pytest.raises(KitError, match="NotoSans-Bold.ttf is damaged"):
        theme.register_fonts()
    assert "reinstall the kit" in (fonts.check_font(fonts.BUNDLED / "missing.ttf") or "")


def _characters_in(path: Path) -> set[str]:
    return {ch for ch in path.read_text(encoding="utf-8") if ch.isprintable() and not ch.isspace()}


def test_every_character_in_the_kits_wording_has_a_glyph_in_one_of_its_fonts() -> None:
    import uharfbuzz as hb

    faces = [
        hb.Font(hb.Face((fonts.BUNDLED / fonts.FONT_FILES[(script, False)]).read_bytes()))
        for script in ("latin", "arabic", "ethiopic")
    ]
    texts = [*LOCALE_DIR.glob("*/LC_MESSAGES/*.po"), *(KIT / "kit").glob("activities/*.toml")]
    texts += list((KIT / "kit").glob("data/*.toml"))
    assert len(texts) > 10
    # The alphabets of the kit's languages, beyond what the wording uses today.
    vietnamese = "ăâđêôơưĂÂĐÊÔƠƯàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
    extra = set(vietnamese + "ëçËÇșțȘȚşţîÎ" + "۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩پچژگکی" + "፩፪፫፡።፣")
    missing = {
        ch: str(path)
        for path in texts
        for ch in _characters_in(path)
        if not any(f.get_nominal_glyph(ord(ch)) for f in faces)
    }
    missing.update({ch: "alphabet" for ch in extra if not any(f.get_nominal_glyph(ord(ch)) for f in faces)})
    assert missing == {}


@pytest.mark.usefixtures("no_system_fonts")
@pytest.mark.parametrize("language", available_languages())
def test_sheet_and_brief_print_in_every_language_with_no_system_fonts(
    language: str, sessions: Path, tmp_path: Path
) -> None:
    session = make_session(sessions)
    sheet = render_sheets(session, tmp_path / "sheet.pdf", 1, "http://10.0.0.2:8765", language=language)
    brief = render_brief(session, tmp_path / "brief.pdf", language=language)
    for pdf in (sheet, brief):
        embedded = {
            str(font["/BaseFont"]).split("+")[-1]
            for page in PdfReader(pdf).pages
            for font in page["/Resources"]["/Font"].values()
            if "/BaseFont" in font.get_object()
        }
        assert "NotoSans-Regular" in embedded
        script_font = {
            "ar": "NotoSansArabic",
            "fa": "NotoSansArabic",
            "ti": "NotoSansEthiopic",
            "am": "NotoSansEthiopic",
        }
        if language in script_font:
            assert f"{script_font[language]}-Regular" in embedded or f"{script_font[language]}-Bold" in embedded
    from reportlab.pdfbase import pdfmetrics

    for name in ("Kit-Latin", "Kit-Arabic", "Kit-Ethiopic-Bold"):
        assert Path(pdfmetrics.getFont(name).face.filename).parent == fonts.BUNDLED
