"""Feedback sheets: one page per copy, every item, a QR code per page that decodes to its own token."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from printables_helpers import make_session, pdf_pages, render_pages, squash

from kit.errors import InputError
from kit.printables.sheets import feedback_url, render_sheets
from kit.store import find_ticket, format_code, hash_token, load_session

BASE = "http://192.168.7.20:8765"


def _render(sessions: Path, tmp_path: Path, copies: int = 3, **options: object) -> tuple[Path, Path, list]:
    path = make_session(sessions)
    issued: list = []
    out = render_sheets(path, tmp_path / "sheets.pdf", copies, BASE, on_issue=issued.extend, **options)  # type: ignore[arg-type]
    return path, out, issued


PLAIN = {
    "acted": "We did something about it",
    "passed-on": "We took it to the people who can change this",
    "considering": "We are still thinking about it",
}


def test_each_copy_has_title_date_written_out_and_every_item_in_plain_words(sessions: Path, tmp_path: Path) -> None:
    path, out, issued = _render(sessions, tmp_path, duplex=False)
    pages = pdf_pages(out)
    assert len(pages) == 3
    log = load_session(path)
    items = log.sheet_items()
    assert len(items) == 3
    for page, sheet in zip(pages, issued, strict=True):
        assert "Our first week" in page and "14 March 2026" in page
        assert format_code(sheet.code) in page
        assert "http://192.168.7.20:8765/" in page  # where to type the code
        for output, response in items:
            if not any(
                ord(ch) > 0x5FF for ch in output.text + response.text
            ):  # other scripts: see test_printables_scripts
                assert squash(output.text) in page
                assert squash(response.text) in page
            assert PLAIN[response.status] in page and response.status_label not in page
        assert page.count("partly") == len(items)


def test_every_qr_code_decodes_to_its_own_token_whose_hash_is_in_the_log(sessions: Path, tmp_path: Path) -> None:
    import zxingcpp

    path, out, issued = _render(sessions, tmp_path, copies=4, duplex=False)
    images = render_pages(out, 150, tmp_path)
    assert len(images) == 4
    decoded = []
    for image in images:
        codes = zxingcpp.read_barcodes(Image.open(image))
        assert len(codes) == 1, f"{image.name}: expected one QR code, found {len(codes)}"
        decoded.append(codes[0].text)
    assert decoded == [feedback_url(BASE, sheet.token) for sheet in issued]
    tokens = [url.rsplit("/f/", 1)[1] for url in decoded]
    assert len(set(tokens)) == 4
    log = load_session(path)
    stored = {ticket.token_hash for ticket in log.tickets}
    for sheet, token in zip(issued, tokens, strict=True):
        assert len(token) >= 22  # 16 random bytes, URL-safe base64
        assert hash_token(token) in stored
        assert token not in path.read_text(encoding="utf-8")
        assert find_ticket(log, code=sheet.code) is find_ticket(log, token=token)


def test_zbarimg_reads_the_codes_too(sessions: Path, tmp_path: Path) -> None:
    import subprocess

    from conftest import require_executable

    zbarimg = require_executable("zbarimg")
    _, out, issued = _render(sessions, tmp_path, copies=2, duplex=False)
    images = render_pages(out, 150, tmp_path)
    result = subprocess.run([zbarimg, "-q", "--raw", *map(str, images)], capture_output=True, text=True, check=True)
    assert result.stdout.split() == [feedback_url(BASE, s.token) for s in issued]


def test_sheet_wording_comes_from_the_catalogue(sessions: Path, tmp_path: Path) -> None:
    _, out, _ = _render(sessions, tmp_path, copies=1, language="vi")
    page = " ".join(pdf_pages(out))
    assert "Chúng tôi đã hiểu đúng ý bạn chưa?" in page
    assert "Chúng tôi vẫn đang suy nghĩ về việc này" in page
    assert "14 tháng 3, 2026" in page


def test_unknown_language_fails_before_any_token_is_issued(sessions: Path, tmp_path: Path) -> None:
    path = make_session(sessions)
    with pytest.raises(InputError, match="Languages available"):
        render_sheets(path, tmp_path / "s.pdf", 2, BASE, language="zz")
    assert load_session(path).tickets == []
    assert not (tmp_path / "s.pdf").exists()


def test_letter_paper(sessions: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    _, out, _ = _render(sessions, tmp_path, copies=1, paper="letter")
    box = PdfReader(out).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def _ten_items(sessions: Path) -> Path:
    outputs = [
        ("body-map", f"Idea number {n}: more youth workers on Fridays, and more time.", [6], "acted", "We hired two.")
        for n in range(1, 11)
    ]
    return make_session(sessions, outputs=outputs)


def test_ten_items_stay_at_14_points_numbered_with_page_furniture_on_every_page(sessions: Path, tmp_path: Path) -> None:
    from printables_helpers import drawn_glyphs

    path = _ten_items(sessions)
    issued: list = []
    out = render_sheets(path, tmp_path / "long.pdf", 2, BASE, on_issue=issued.extend)
    pages = pdf_pages(out)
    assert len(pages) % 2 == 0 and len(pages) >= 4
    per_copy = len(pages) // 2
    content = [p for p in pages if p]  # duplex padding pages are blank
    assert len(content) >= 4
    seen: list[str] = []
    for copy, sheet in enumerate(issued):
        copy_pages = [p for p in pages[copy * per_copy : (copy + 1) * per_copy] if p]
        for x, page in enumerate(copy_pages, 1):
            assert format_code(sheet.code) in page
            assert f"Page {x} of {len(copy_pages)}" in page
            assert "On this page: " in page
        seen = [p for p in copy_pages]
    for n in range(1, 11):
        assert any(f"Idea number {n}:" in p for p in seen)
    body_sizes = set()
    import pymupdf

    with pymupdf.open(out) as doc:
        for page in doc:
            for span in page.get_texttrace():
                text = "".join(chr(c[0]) for c in span["chars"])
                if "Idea number" in text or "We hired" in text:
                    body_sizes.add(round(span["size"], 1))
    assert body_sizes and min(body_sizes) >= 14
    assert drawn_glyphs(out)


def test_every_copy_is_padded_to_an_even_number_of_pages_unless_no_duplex(sessions: Path, tmp_path: Path) -> None:
    path = make_session(sessions)
    one = render_sheets(path, tmp_path / "one.pdf", 3, BASE)
    assert len(pdf_pages(one)) == 6 and pdf_pages(one)[1::2] == ["", "", ""]
    single = render_sheets(path, tmp_path / "single.pdf", 3, BASE, duplex=False)
    assert len(pdf_pages(single)) == 3


def test_items_are_numbered_and_the_band_lists_each_pages_items(sessions: Path, tmp_path: Path) -> None:
    from kit.printables.sheets import number_list

    assert number_list([1, 2, 3, 5]) == "1-3, 5"
    assert number_list([4]) == "4"
    path = _ten_items(sessions)
    out = render_sheets(path, tmp_path / "n.pdf", 1, BASE, duplex=False)
    bands = [p.split("On this page: ", 1)[1].split()[0] for p in pdf_pages(out)]
    assert bands[0].startswith("1")
    assert bands[-1].endswith("10")


def test_the_date_is_written_out_in_the_sheets_language() -> None:
    from kit.printables.sheets import long_date

    assert long_date("2026-03-14", "en") == "14 March 2026"
    assert long_date("2026-03-14", "ro") == "14 martie 2026"
    assert "مارس" in long_date("2026-03-14", "ar")
    assert long_date("not a date", "en") == "not a date"


def test_a_character_no_font_has_stops_the_sheets_before_any_code_is_issued(sessions: Path, tmp_path: Path) -> None:
    from kit.printables.scripttext import MissingGlyph

    outputs = [("body-map", "We want more football 足球", [6], "acted", "Saturdays from April.")]
    path = make_session(sessions, outputs=outputs)
    with pytest.raises(MissingGlyph, match="U\\+8DB3"):
        render_sheets(path, tmp_path / "s.pdf", 3, BASE)
    assert load_session(path).tickets == []
    assert not (tmp_path / "s.pdf").exists()
