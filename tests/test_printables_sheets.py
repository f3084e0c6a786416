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


def test_one_page_per_copy_with_title_date_and_every_sheet_item(sessions: Path, tmp_path: Path) -> None:
    path, out, issued = _render(sessions, tmp_path)
    pages = pdf_pages(out)
    assert len(pages) == 3
    log = load_session(path)
    items = log.sheet_items()
    assert len(items) == 3
    for page, sheet in zip(pages, issued, strict=True):
        assert "Our first week" in page and "2026-03-14" in page
        assert format_code(sheet.code) in page
        for output, response in items:
            if not any(
                ord(ch) > 0x5FF for ch in output.text + response.text
            ):  # other scripts: see test_printables_scripts
                assert squash(output.text) in page
                assert squash(response.text) in page
            assert response.status_label in page
        assert page.count("partly") == len(items)


def test_every_qr_code_decodes_to_its_own_token_whose_hash_is_in_the_log(sessions: Path, tmp_path: Path) -> None:
    import zxingcpp

    path, out, issued = _render(sessions, tmp_path, copies=4)
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
    _, out, issued = _render(sessions, tmp_path, copies=2)
    images = render_pages(out, 150, tmp_path)
    result = subprocess.run([zbarimg, "-q", "--raw", *map(str, images)], capture_output=True, text=True, check=True)
    assert result.stdout.split() == [feedback_url(BASE, s.token) for s in issued]


def test_sheet_wording_comes_from_the_catalogue(sessions: Path, tmp_path: Path) -> None:
    _, out, _ = _render(sessions, tmp_path, copies=1, language="vi")
    page = pdf_pages(out)[0]
    assert "Chúng tôi đã hiểu đúng ý bạn chưa?" in page
    assert "Đang được xem xét" in page


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


def test_many_items_continue_on_a_second_page_of_the_same_copy(sessions: Path, tmp_path: Path) -> None:
    outputs = [("body-map", f"Idea number {n}: more youth workers.", [6], "acted", "We hired two.") for n in range(9)]
    path = make_session(sessions, outputs=outputs)
    out = render_sheets(path, tmp_path / "long.pdf", 2, BASE)
    pages = pdf_pages(out)
    assert len(pages) == 4
    assert "(continued)" in pages[1] and "(continued)" in pages[3]
    for n in range(9):
        assert f"Idea number {n}:" in pages[0] + pages[1]
