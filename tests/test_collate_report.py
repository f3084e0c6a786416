"""The coordinator's PDF report: every principle, the figures, outputs with what happened, any script."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.collate import collate
from kit.printables import report
from kit.store import (
    add_output,
    create_session,
    hash_token,
    issue_sheets,
    record_feedback,
    record_response,
    withdraw_output,
)
from kit.vocab import load_principles

pypdf = pytest.importorskip("pypdf")


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(str(path)).pages)


@pytest.fixture
def sessions_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "collected"
    path = create_session(folder, "First week", ["body-map"], date="2026-03-14", session_id="s-one")
    safe = add_output(path, "body-map", "A safe place to sleep", principles=[6], themes=["safety"])[0]
    add_output(path, "body-map", "مترجم يتكلم لهجتي", principles=[2, 12], themes=["interpreters"])
    add_output(path, "body-map", "ቦታ ውሑስ ንምድቃስ", principles=[3])
    gone = add_output(path, "body-map", "Withdrawn words never printed", principles=[12])[0]
    withdraw_output(path, gone.id)
    record_response(path, safe.id, "considering", "Housing team looking at one placement for the first month")
    return folder


def test_report_names_every_principle_and_shows_what_happened(sessions_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    report.write_report(collate([sessions_folder]), out)
    text = " ".join(pdf_text(out).split())
    for principle in load_principles().values():
        assert principle.label in text
    assert "A safe place to sleep" in text
    assert "Housing team looking at one placement" in text
    assert "Being considered" in text and "Outputs by principle" in text
    assert "Withdrawn words" not in text


def test_outputs_without_a_principle_are_listed_under_their_own_heading(sessions_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    report.write_report(collate([sessions_folder]), out)
    assert "Not linked to a principle yet" not in pdf_text(out)  # every output here has one
    path = sessions_folder / "s-one.json"
    add_output(path, "body-map", "Football on Saturdays")
    report.write_report(collate([sessions_folder]), out)
    text = " ".join(pdf_text(out).split())
    untagged = text.index("Not linked to a principle yet")
    assert text.index("Football on Saturdays") > untagged > text.index(load_principles()[12].label)


def test_long_lists_are_cut_with_a_pointer_to_the_csv(
    sessions_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(report, "MAX_LISTED", 0)
    out = tmp_path / "report.pdf"
    report.write_report(collate([sessions_folder]), out)
    assert "the CSV export" in pdf_text(out)


def test_a_report_of_nothing_still_renders(tmp_path: Path) -> None:
    out = tmp_path / "empty.pdf"
    report.write_report(collate([]), out)
    text = pdf_text(out)
    assert "No outputs were tagged" in text
    assert "No feedback sheets have come back yet." in text


@pytest.mark.parametrize("top, step", [(0, 1), (3, 1), (7, 2), (23, 5), (99, 20), (18_844, 5_000), (46_895, 10_000)])
def test_chart_steps_are_round_numbers(top: int, step: int) -> None:
    assert report.nice_step(top) == step


def test_every_font_in_the_report_is_embedded(sessions_folder: Path, tmp_path: Path) -> None:
    import subprocess

    from conftest import require_executable

    out = tmp_path / "report.pdf"
    report.write_report(collate([sessions_folder]), out)
    fonts = subprocess.run([require_executable("pdffonts"), str(out)], capture_output=True, text=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:]]
    assert rows and all(row[-5:-3] == ["yes", "yes"] for row in rows), f"charts and tables embed their fonts:\n{fonts}"


def test_persian_digits_and_bracketed_numbers_are_drawn_in_the_report(tmp_path: Path) -> None:
    from printables_helpers import drawn_glyphs

    folder = tmp_path / "persian"
    path = create_session(folder, "Farsi group", ["body-map"], date="2026-03-14")
    output, _ = add_output(path, "body-map", "وقتی ۱۸ ساله می‌شویم همه چیز عوض می‌شود (۲۴ ساعت).", principles=[6])
    record_response(path, output.id, "passed-on", "نامه‌ای به مسئول خدمات نوشتیم (24 ساعة).")
    out = tmp_path / "report.pdf"
    report.write_report(collate([folder]), out)
    glyphs = [g for page in drawn_glyphs(out) for g in page]
    assert not [(ch, font) for ch, font, gid, _, _ in glyphs if gid == 0 and not ch.isspace()]
    for digit in "۱۸۲۴":
        assert {font for ch, font, _, _, _ in glyphs if ch == digit} == {"NotoSansArabic-Regular"}, digit


def test_report_notes_outputs_counted_under_several_principles(sessions_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    report.write_report(collate([sessions_folder]), out)
    text = " ".join(pdf_text(out).split())
    assert "1 output counts under more than one principle" in text and "(4) add up to more than the 3 outputs" in text
    assert "0 answers on 0 sheets (one sheet per young person)" in text


def test_feedback_chart_counts_each_answer_once_and_the_sheets(tmp_path: Path) -> None:
    path = create_session(tmp_path / "in", "Sheets", ["body-map"], date="2026-03-14", session_id="s-s")
    outs = [add_output(path, "body-map", t, principles=[2, 3, 12])[0] for t in ("One", "Two")]
    for output in outs:
        record_response(path, output.id, "acted", "Done")
    sheets = issue_sheets(path, 3)
    for sheet in sheets:
        record_feedback(path, hash_token(sheet.token), {outs[0].id: "yes", outs[1].id: "no"})
    out = tmp_path / "report.pdf"
    report.write_report(collate([tmp_path / "in"]), out)
    assert "6 answers on 3 sheets" in " ".join(pdf_text(out).split())  # not 18 (3 principles each)


def test_answer_colours_differ_in_greyscale() -> None:
    def grey(colour: object) -> float:
        r, g, b = colour.red, colour.green, colour.blue  # type: ignore[attr-defined]
        return 0.299 * r + 0.587 * g + 0.114 * b

    levels = sorted(grey(c) for c in report.ANSWER_COLOURS.values())
    assert all(b - a >= 0.2 for a, b in zip(levels, levels[1:], strict=False)), levels


# Mixed scripts, emoji and typed lines, read back from the glyphs drawn (PyMuPDF), line by line.

AR_TITLE = "ورشة الأسبوع الأول (2)"


@pytest.fixture(scope="module")
def mixed_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("mixed")
    path = create_session(folder / "in", AR_TITLE, ["body-map"], date="2026-03-14", session_id="s-ar")
    said = add_output(
        path, "body-map", "We need an interpreter (مترجم), not a phone line: 24 hours, 7 days!", principles=[12]
    )
    record_response(path, said[0].id, "acted", "تم الاتصال بخدمة الترجمة (الساعة 10).")
    add_output(path, "body-map", "Feeling safe here 🙂👍🏽!", principles=[3])
    listed = add_output(path, "body-map", "- one safe room\n- a key worker who listens\n- food we know", principles=[6])
    record_response(path, listed[0].id, "considering", "1. Housing team asked\n2. Answer due in May")
    add_output(path, "body-map", "- مكان للنوم\n- طعام نعرفه", principles=[2])
    sheet = issue_sheets(path, 1)[0]
    record_feedback(path, hash_token(sheet.token), {said[0].id: "yes"}, comment="Thank you 🙏 for listening")
    out = folder / "report.pdf"
    report.write_report(collate([folder / "in"]), out)
    return out


Glyph = tuple[str, str, int, float, float]


def drawn_lines(path: Path) -> list[list[Glyph]]:
    """Every line of every page as the glyphs drawn on it, left to right (spaces left out)."""
    from printables_helpers import drawn_glyphs

    lines: list[list[Glyph]] = []
    for page in drawn_glyphs(path):
        rows: dict[int, list[Glyph]] = {}
        for glyph in page:
            if not glyph[0].isspace():
                rows.setdefault(round(glyph[4]), []).append(glyph)
        lines += [sorted(rows[y], key=lambda g: g[3]) for y in sorted(rows)]
    return lines


def chars(line: list[Glyph]) -> str:
    return "".join(g[0] for g in line)


def is_arabic(glyph: Glyph) -> bool:
    return glyph[1].startswith("NotoSansArabic")


def test_no_glyph_in_a_mixed_report_is_a_blank(mixed_report: Path) -> None:
    blanks = [(g[0], g[1]) for line in drawn_lines(mixed_report) for g in line if g[2] == 0]
    assert not blanks, f"drawn as .notdef: {blanks}"


def test_an_arabic_word_in_an_english_line_keeps_the_punctuation_in_place(mixed_report: Path) -> None:
    line = next(line for line in drawn_lines(mixed_report) if chars(line).startswith("Weneed"))
    text = chars(line)
    assert text.startswith("Weneedaninterpreter(") and text.endswith("),notaphoneline:24hours,7days!"), text
    inside = line[len("Weneedaninterpreter(") : -len("),notaphoneline:24hours,7days!")]
    assert inside and all(is_arabic(g) for g in inside)


def test_an_arabic_answer_after_an_english_label_keeps_its_brackets_and_full_stop(mixed_report: Path) -> None:
    line = next(line for line in drawn_lines(mixed_report) if chars(line).startswith("Whathappened(Actedon):"))
    label, answer = line[: len("Whathappened(Actedon):")], line[len("Whathappened(Actedon):") :]
    assert {g[1] for g in label} == {"NotoSans-Bold"}, "the label is bold, as on lines without Arabic"
    # read right to left from its first word, the Arabic sentence ends at the left with "(الساعة 10)."
    assert chars(answer[:4]) == ".(10", chars(line)
    assert is_arabic(answer[4]) and is_arabic(answer[-1]) and answer[0][3] < answer[-1][3]


def test_a_source_line_with_an_arabic_title_reads_date_title_activity(mixed_report: Path) -> None:
    lines = [line for line in drawn_lines(mixed_report) if "·body-map" in chars(line)]
    assert len(lines) == 4  # one per output
    margin = next(line for line in drawn_lines(mixed_report) if chars(line).startswith("Whathappened"))[0][3]
    for line in lines:
        text = chars(line)
        assert text.startswith("2026-03-14·(2)"), text  # the title's "(2)" ends it, at its left
        assert text.endswith(("·body-map", "·body-map·heardright:yes1")), text
        assert abs(line[0][3] - margin) < 0.5, "an English line starts at the left margin"
        title = line[len("2026-03-14·(2)") : text.index("·body-map")]
        assert title and all(is_arabic(g) for g in title)


def test_emoji_are_drawn_from_noto_emoji_a_skin_tone_folded_into_its_emoji(mixed_report: Path) -> None:
    lines = drawn_lines(mixed_report)
    felt = next(line for line in lines if chars(line).startswith("Feelingsafehere"))
    emoji = [g for g in felt if g[1] == "NotoEmoji-Regular"]
    assert len(emoji) == 2 and all(g[2] for g in emoji)  # 🙂 and 👍🏽: no separate skin-tone square
    assert felt[-1][0] == "!" and felt[-1][1] == "NotoSans-Regular" and emoji[-1][3] < felt[-1][3]
    comment = next(line for line in lines if chars(line).startswith("Thankyou"))
    assert [g[1] for g in comment].count("NotoEmoji-Regular") == 1


def test_typed_lines_of_an_output_stay_separate_lines(mixed_report: Path) -> None:
    lines = drawn_lines(mixed_report)
    texts = [chars(line) for line in lines]
    start = texts.index("-onesaferoom")
    assert texts[start : start + 3] == ["-onesaferoom", "-akeyworkerwholistens", "-foodweknow"]
    assert len({lines[start + n][0][3] for n in range(3)}) == 1  # each starts at the same left edge
    said = texts.index("Whathappened(Beingconsidered):1.Housingteamasked")
    assert texts[said + 1] == "2.AnswerdueinMay"
    arabic = [line for line in lines if line[-1][0] == "-" and all(is_arabic(g) for g in line[:-1])]
    assert len(arabic) == 2, "each Arabic bullet on its own line, its dash at the right"
    assert abs(arabic[0][-1][3] - arabic[1][-1][3]) < 0.5 and arabic[0][-1][4] < arabic[1][-1][4]


def test_a_character_no_font_has_is_a_visible_mark_and_a_note_not_a_stopped_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from printables_helpers import drawn_glyphs

    from kit.cli import main

    folder = tmp_path / "mixed"
    path = create_session(folder, "Week one", ["body-map"], date="2026-03-14")
    output, _ = add_output(path, "body-map", "We want classes 中文 too", principles=[6])
    record_response(path, output.id, "considering", "Asking the college")
    out = tmp_path / "report.pdf"
    assert main(["collate", str(folder), "--report", str(out), "--quiet"]) == 0
    notes = [line for line in capsys.readouterr().err.splitlines() if line.startswith("note: ")]
    assert len(notes) == 2 and "U+4E2D" in notes[0] and "U+6587" in notes[1] and "We want classes" in notes[0]
    glyphs = [g for page in drawn_glyphs(out) for g in page]
    assert not [(ch, font) for ch, font, gid, _, _ in glyphs if gid == 0 and not ch.isspace()]  # never a blank
    assert sum(ch == "\ufffd" for ch, *_ in glyphs) == 2 and "Asking the college" in "".join(g[0] for g in glyphs)
