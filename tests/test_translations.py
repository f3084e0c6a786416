"""Sheets in the young people's language: sheet wording, "what happened" per language, the CSV round trip."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from printables_helpers import make_session, pdf_pages

from kit.cli import main
from kit.errors import InputError, NotFound
from kit.store import edit_output, load_session, record_response, set_translations
from kit.store.translations import import_translations, write_translations_csv

BASE = "http://10.0.0.2:8765"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def session(sessions: Path) -> Path:
    return make_session(sessions)


def _ids(path: Path) -> list[str]:
    return [o.id for o, _ in load_session(path).sheet_items()]


def test_sheet_wording_and_what_happened_per_language_are_stored_scrubbed(session: Path) -> None:
    first = _ids(session)[0]
    edit_output(session, first, sheet_text="Someone should believe you from day one. Call Sam on 07700 900123")
    edit_output(session, first, sheet_text="Cineva ar trebui să te creadă din prima zi.", language="ro")
    set_translations(session, "ro", [(first, "what_happened", "Lucrătorii vă întâlnesc din prima zi.")])
    log = load_session(session)
    output, response = log.sheet_items()[0]
    assert "07700" not in output.sheet_text["en"] and output.sheet_text["ro"].startswith("Cineva")
    assert response.translations == {"ro": "Lucrătorii vă întâlnesc din prima zi."}
    assert output.text == "Heart: someone who believes you on the first day."  # the log itself is unchanged
    english = log.sheet_wording("en")[0]
    assert english.said.startswith("Someone should believe you") and not english.missing
    romanian = log.sheet_wording("ro")
    assert romanian[0].said.startswith("Cineva") and romanian[0].missing == ()
    assert romanian[1].missing == ("sheet_text", "what_happened")
    edit_output(session, first, sheet_text="", language="ro")  # back to the logged words
    assert "ro" not in load_session(session).sheet_items()[0][0].sheet_text


def test_a_changed_what_happened_drops_its_now_stale_translations(session: Path) -> None:
    first = _ids(session)[0]
    set_translations(session, "vi", [(first, "what_happened", "Đã làm.")])
    record_response(session, first, "acted", "Key workers now meet every new arrival on day one.")
    assert load_session(session).responses[first].translations == {"vi": "Đã làm."}
    record_response(session, first, "acted", "Key workers now meet every arrival within an hour.")
    assert load_session(session).responses[first].translations == {}


def test_translations_need_a_known_language_and_an_existing_response(session: Path) -> None:
    first = _ids(session)[0]
    with pytest.raises(InputError, match="not a language the kit knows"):
        set_translations(session, "klingon", [(first, "what_happened", "x")])
    with pytest.raises(NotFound):
        set_translations(session, "ro", [("nope", "sheet_text", "x")])
    before = session.read_bytes()
    with pytest.raises(NotFound):
        set_translations(session, "ro", [(first, "sheet_text", "bun"), ("nope", "sheet_text", "x")])
    assert session.read_bytes() == before  # all or nothing


def test_a_sheet_lacking_texts_in_its_language_says_which_and_marks_them(
    session: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = _ids(session)[0]
    edit_output(session, first, sheet_text="Cineva să te creadă.", language="ro")
    set_translations(session, "ro", [(first, "what_happened", "Ne întâlnim din prima zi.")])
    code, _, err = run(
        capsys, "sheets", str(session), "--copies", "1", "--language", "ro", "-o", str(tmp_path / "s.pdf")
    )
    assert code == 0
    assert "not yet in 'ro': item 2 (what was said, what happened)" in err and "item 1" not in err
    # item 3 is logged in Arabic and Tigrinya: not Romanian either
    assert "item 3" in err
    text = " ".join(pdf_pages(tmp_path / "s.pdf"))
    assert "Cineva să te creadă." in text and "Ne întâlnim din prima zi." in text
    assert text.count("Încă nu este tradus în limba ta.") == 2


def test_text_logged_in_the_sheets_own_script_counts_as_that_language(session: Path) -> None:
    wording = load_session(session).sheet_wording("ar", "arabic")
    assert wording[2].missing == ("what_happened",)  # said in Arabic; the answer was logged in Tigrinya
    assert wording[0].missing == ("sheet_text", "what_happened")


def test_edit_and_respond_commands(session: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = _ids(session)[0]
    code, out, _ = run(capsys, "edit", str(session), first, "--sheet-text", "Believe us", "--language", "vi", "--json")
    assert code == 0 and json.loads(out)["sheet_text"] == {"vi": "Believe us"}
    code, _, _ = run(capsys, "edit", str(session), first, "--text", "Heart: trust on day one.", "--principle", "12")
    output = load_session(session).output(first)
    assert output is not None and output.text == "Heart: trust on day one." and output.principles == [12]
    code, out, _ = run(capsys, "respond", str(session), first, "--text", "Chúng tôi đã làm.", "--language", "vi")
    assert code == 0 and "saved in vi" in out
    assert load_session(session).responses[first].translations["vi"] == "Chúng tôi đã làm."
    code, _, err = run(capsys, "respond", str(session), first, "--text", "x")
    assert code == 1 and "--status" in err and err.count("\n") == 1
    code, _, err = run(capsys, "edit", str(session), first)
    assert code == 1 and "Say what to change" in err
    code, _, err = run(capsys, "edit", str(session), first, "--sheet-text", "x", "--language", "xx")
    assert code == 1 and "not a language the kit knows" in err


def _export(session: Path, tmp_path: Path, language: str = "ro") -> tuple[Path, list[list[str]]]:
    out = tmp_path / "tr.csv"
    write_translations_csv(session, language, out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a spreadsheet then reads it as UTF-8
    return out, list(csv.reader(raw.decode("utf-8-sig").splitlines()))


def test_export_has_one_row_per_text_with_the_columns_and_opens_safely(session: Path, tmp_path: Path) -> None:
    first = _ids(session)[1]
    record_response(session, first, "passed-on", '=HYPERLINK("http://x") sent on')
    _, rows = _export(session, tmp_path)
    assert rows[0][:4] == ["output_id", "field", "text", "translation"]
    assert len(rows) == 1 + 2 * 3
    assert {r[1] for r in rows[1:]} == {"sheet_text", "what_happened"}
    assert all(r[3] == "" and r[4] == "ro" for r in rows[1:])
    formula = next(r for r in rows if r[0] == first and r[1] == "what_happened")
    assert formula[2].startswith("'=")  # shown as text, never run


def test_import_round_trip_stores_scrubbed_translations(
    session: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, rows = _export(session, tmp_path)
    rows[1][3] = "Cineva care te crede. Sună-l pe Sam: 07700 900123"
    rows[2][3] = "Lucrătorii vă întâlnesc din prima zi."
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    roster = tmp_path / "roster.txt"
    roster.write_text("Sam\n", encoding="utf-8")
    code, stdout, err = run(capsys, "translations", str(session), "--import", str(out), "--roster-file", str(roster))
    assert code == 0, err
    assert "Saved 2 translation(s) in ro" in stdout
    output, response = load_session(session).sheet_items()[0]
    assert output.sheet_text["ro"].startswith("Cineva care te crede.")
    assert "07700" not in output.sheet_text["ro"] and "Sam" not in output.sheet_text["ro"]
    assert response.translations["ro"] == "Lucrătorii vă întâlnesc din prima zi."


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize(
    ("content", "encoding", "message"),
    [
        ("output_id,text,translation\nx,y,z\n", "utf-8", r"lacks the column\(s\) field"),
        ("output_id,field,text,translation,language\nabc,sheet_text,Hi,Salut,ro\n", "utf-16", "not saved as UTF-8"),
        ("", "utf-8", "is empty"),
    ],
)
def test_a_file_it_cannot_read_is_one_clear_message_and_changes_nothing(
    session: Path, tmp_path: Path, content: str, encoding: str, message: str
) -> None:
    before = session.read_bytes()
    with pytest.raises(InputError, match=message) as caught:
        import_translations(session, _write(tmp_path / "t.csv", content, encoding))
    assert "Nothing was changed" in str(caught.value) and "\n" not in str(caught.value)
    assert session.read_bytes() == before


def test_a_file_over_10_mb_is_refused(session: Path, tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    with big.open("wb") as handle:
        handle.truncate(10 * 1024 * 1024 + 1)
    with pytest.raises(InputError, match="at most 10 MB"):
        import_translations(session, big)


def test_bad_rows_are_named_by_number_and_nothing_is_saved(session: Path, tmp_path: Path) -> None:
    out, rows = _export(session, tmp_path)
    rows[1][3] = "Bun"  # fine on its own
    rows[2][3] = "=1+1"  # a formula
    rows[3][1] = "title"  # not a sheet field
    rows[4][2] = "Some other text"  # changed since the export
    rows.append(["deadbeef", "sheet_text", "x", "y", "ro"])  # not on the sheet
    rows.append(list(rows[1]))  # twice
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    before = session.read_bytes()
    with pytest.raises(InputError) as caught:
        import_translations(session, out)
    message = str(caught.value)
    for expected in (
        "row 3: the translation starts with '='",
        "row 4: field 'title'",
        "row 5: the text has changed",
        "row 8: output 'deadbeef'",
        "row 9:",
    ):
        assert expected in message, message
    assert "row 2" not in message and "Nothing was changed" in message
    assert session.read_bytes() == before


def test_the_language_comes_from_the_file_or_the_option(session: Path, tmp_path: Path) -> None:
    out, rows = _export(session, tmp_path)
    rows[1][3] = "Bun"
    stripped = [r[:4] for r in rows]
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(stripped)
    with pytest.raises(InputError, match="add --language"):
        import_translations(session, out)
    assert import_translations(session, out, "ro") == ("ro", 1)


def test_languages_lists_coverage_and_review_status(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "languages", "--json")
    assert code == 0
    by_code = {row["code"]: row for row in json.loads(out)}
    assert {"en", "ar", "fa", "ti", "am", "vi", "sq", "ro"} <= set(by_code)
    assert by_code["ro"]["sheet"]["coverage"] == 1.0 and by_code["ro"]["page"]["coverage"] == 1.0
    assert by_code["en"]["sheet"]["review"] == "source"
    assert by_code["ar"]["sheet"]["review"] == "draft" and "native speaker" in by_code["ar"]["sheet"]["review_note"]
    code, out, _ = run(capsys, "languages")
    assert code == 0 and "ro" in out and "draft" in out and "100%" in out


def test_export_never_writes_over_an_existing_file(session: Path, tmp_path: Path) -> None:
    done = tmp_path / "done.csv"
    done.write_text("output_id,field,text,translation\nabc,sheet_text,Hi,Salut\n", encoding="utf-8")
    with pytest.raises(InputError, match="already exists and was left untouched"):
        write_translations_csv(session, "ro", done)
    assert "Salut" in done.read_text(encoding="utf-8")
    with pytest.raises(InputError, match="should end in .csv"):
        write_translations_csv(session, "ro", tmp_path / "t.xlsx")
    with pytest.raises(InputError, match="choose the language"):
        write_translations_csv(session, "en", tmp_path / "t.csv")
