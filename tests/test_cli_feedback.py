"""`codesign-kit feedback`: typing in a paper sheet by its short code; `show --json` includes the feedback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from web_helpers import session_with_sheets

from kit.cli import main
from kit.store import format_code, load_session


def run(sessions: Path, *args: str) -> int:
    return main(["--sessions", str(sessions), *args])


def test_paper_answers_by_item_number_are_stored_like_the_web_page(
    sessions: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, sheets = session_with_sheets(sessions)
    code = format_code(sheets[0].code).lower()  # typed as printed, in any case
    assert run(sessions, "feedback", path.stem, "--code", code, "--answer", "1=yes", "--answer", "2=partly") == 0
    out = capsys.readouterr().out
    assert f"Saved the answers of sheet {format_code(sheets[0].code)}: item 1 yes, item 2 partly." in out
    [record] = load_session(path).feedback
    assert record.answers == {sheets[0].items[0]: "yes", sheets[0].items[1]: "partly"}
    assert record.via == "paper"


def test_a_second_entry_of_the_same_sheet_updates_it(sessions: Path) -> None:
    path, sheets = session_with_sheets(sessions)
    code = sheets[0].code
    assert run(sessions, "feedback", path.stem, "--code", code, "--answer", "1=no") == 0
    assert run(sessions, "feedback", path.stem, "--code", code, "--answer", f"{sheets[0].items[1]}=YES") == 0
    [record] = load_session(path).feedback
    assert record.answers == {sheets[0].items[1]: "yes"}


def test_the_comment_is_scrubbed(sessions: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, sheets = session_with_sheets(sessions)
    args = ["feedback", path.stem, "--code", sheets[0].code, "--answer", "1=yes", "--comment", "ring 07700 900123"]
    assert run(sessions, *args, "--json") == 0
    printed = json.loads(capsys.readouterr().out)
    assert "07700" not in printed["comment"] and "[phone]" in printed["comment"]
    assert "07700" not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("answer", "code", "says"),
    [
        ("3=yes", None, "it lists items 1 to 2"),
        ("1=yes", "WRONGCODE1", "No feedback sheet of this session has the code"),
    ],
)
def test_mistakes_are_one_line_and_change_nothing(
    sessions: Path, capsys: pytest.CaptureFixture[str], answer: str, code: str | None, says: str
) -> None:
    path, sheets = session_with_sheets(sessions)
    before = path.read_bytes()
    assert run(sessions, "feedback", path.stem, "--code", code or sheets[0].code, "--answer", answer) == 1
    err = capsys.readouterr().err
    assert says in err and err.count("\n") == 1
    assert path.read_bytes() == before


def test_a_badly_written_answer_is_refused_by_the_parser(sessions: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, sheets = session_with_sheets(sessions)
    with pytest.raises(SystemExit) as stop:
        run(sessions, "feedback", path.stem, "--code", sheets[0].code, "--answer", "1=maybe")
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "ITEM=yes, ITEM=partly or ITEM=no" in err and err.count("\n") == 1


def test_the_same_item_twice_is_refused(sessions: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, sheets = session_with_sheets(sessions)
    assert run(sessions, "feedback", path.stem, "--code", sheets[0].code, "--answer", "1=yes", "--answer", "1=no") == 1
    assert "more than one answer" in capsys.readouterr().err
    assert load_session(path).feedback == []


def test_show_json_includes_the_feedback(sessions: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, sheets = session_with_sheets(sessions)
    run(sessions, "feedback", path.stem, "--code", sheets[0].code, "--answer", "1=yes", "--comment", "Thanks")
    run(sessions, "feedback", path.stem, "--code", sheets[1].code, "--answer", "1=no", "--answer", "2=partly")
    capsys.readouterr()
    assert run(sessions, "show", path.stem, "--json") == 0
    shown = json.loads(capsys.readouterr().out)
    by_id = {o["id"]: o for o in shown["outputs"]}
    assert by_id[sheets[0].items[0]]["feedback"] == {"yes": 1, "partly": 0, "no": 1}
    assert by_id[sheets[0].items[1]]["feedback"] == {"yes": 0, "partly": 1, "no": 0}
    assert shown["sheets_issued"] == 2
    assert sorted(f["comment"] for f in shown["feedback"]) == ["", "Thanks"]
    assert {f["via"] for f in shown["feedback"]} == {"paper"}
    assert all(sheets[0].code not in json.dumps(f) and sheets[0].token not in json.dumps(f) for f in shown["feedback"])
