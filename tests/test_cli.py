"""The command line a coordinator scripts against: names, options, JSON and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kit.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> object:
    code, out, err = run(capsys, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


def test_a_whole_session_can_be_scripted(sessions: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    roster = tmp_path / "roster.txt"
    roster.write_text("Amina\nYonas\n", encoding="utf-8")
    notes = tmp_path / "flipchart.txt"
    notes.write_text("Yonas wants more football\n\n  \nA guardian who phones back: 07700 900123\n", encoding="utf-8")

    created = run_json(
        capsys,
        "--sessions",
        str(sessions),
        "new",
        "--title",
        "Spring group",
        "--activity",
        "ground-rules",
        "--activity",
        "body-map",
        "--language",
        "ar",
        "--group-size",
        "6",
    )
    session = created["id"]
    one = run_json(
        capsys,
        "--sessions",
        str(sessions),
        "capture",
        session,
        "--activity",
        "body-map",
        "--text",
        "Amina said a safe home comes first",
        "--principle",
        "6",
        "--theme",
        "safety",
        "--roster-file",
        str(roster),
    )
    assert one[0]["text"] == "[name] said a safe home comes first"
    assert one[0]["removed"] == {"name": 1}
    many = run_json(
        capsys,
        "--sessions",
        str(sessions),
        "capture",
        session,
        "--activity",
        "body-map",
        "--from-file",
        str(notes),
        "--roster-file",
        str(roster),
    )
    assert [o["text"] for o in many] == ["[name] wants more football", "A guardian who phones back: [phone]"]

    code, out, err = run(
        capsys,
        "--sessions",
        str(sessions),
        "respond",
        session,
        one[0]["id"],
        "--status",
        "acted",
        "--text",
        "The council found two more flats",
    )
    assert code == 0, err
    run(
        capsys,
        "--sessions",
        str(sessions),
        "respond",
        session,
        many[0]["id"],
        "--status",
        "passed-on",
        "--text",
        "Sent to the sports club",
        "--not-on-sheet",
    )

    shown = run_json(capsys, "--sessions", str(sessions), "show", session)
    assert shown["session"]["title"] == "Spring group"
    assert shown["session"]["group_size"] == 6
    by_id = {o["id"]: o for o in shown["outputs"]}
    assert by_id[one[0]["id"]]["response"]["status"] == "acted"
    assert by_id[one[0]["id"]]["response"]["on_sheet"] is True
    assert by_id[many[0]["id"]]["response"]["on_sheet"] is False
    assert by_id[many[1]["id"]]["response"] is None

    raw = (sessions / f"{session}.json").read_bytes()
    for secret in (b"Amina", b"Yonas", b"07700"):
        assert secret not in raw

    code, out, _ = run(capsys, "--sessions", str(sessions), "show", session)
    assert "Spring group" in out and "Acted on" in out


def test_activities_json_lists_ids_titles_principles_minutes(capsys: pytest.CaptureFixture[str]) -> None:
    activities = run_json(capsys, "activities", "--principle", "2")
    assert activities and all(2 in a["principles"] for a in activities)
    assert {"id", "title", "principles", "minutes"} <= set(activities[0])


def test_list_reports_damaged_files_and_carries_on(sessions: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "--sessions", str(sessions), "demo")
    (sessions / "broken.json").write_bytes(b"\x00garbage")
    code, out, err = run(capsys, "--sessions", str(sessions), "list", "--json")
    assert code == 0
    assert [s["id"] for s in json.loads(out)] == ["demo"]
    assert "broken.json" in err


def test_demo_is_created_once(sessions: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = run_json(capsys, "--sessions", str(sessions), "demo")
    second = run_json(capsys, "--sessions", str(sessions), "demo")
    assert first["created"] is True and second["created"] is False
    assert list(sessions.glob("*.json")) == [sessions / "demo.json"]
    shown = run_json(capsys, "--sessions", str(sessions), "show", "demo")
    assert shown["session"]["title"].startswith("Demo")
    assert shown["outputs"] and any(o["response"] for o in shown["outputs"])


def test_kit_sessions_variable_chooses_the_folder(sessions: Path, capsys: pytest.CaptureFixture[str]) -> None:
    created = run_json(capsys, "new", "--title", "Env", "--activity", "check-in")
    assert (sessions / f"{created['id']}.json").is_file()


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["show", "nope"], "codesign-kit list"),
        (["capture", "demo", "--activity", "nope", "--text", "x"], "codesign-kit activities"),
        (["capture", "demo", "--activity", "body-map", "--from-file", "/no/such/file"], "does not exist"),
        (["respond", "demo", "nope", "--status", "acted", "--text", "x"], "codesign-kit show"),
        (["new", "--title", "T", "--activity", "check-in", "--date", "03/14/2026"], "DD/MM/YYYY"),
    ],
)
def test_user_errors_are_one_line_with_what_to_do(
    sessions: Path, capsys: pytest.CaptureFixture[str], argv: list[str], needle: str
) -> None:
    run(capsys, "--sessions", str(sessions), "demo")
    code, _, err = run(capsys, "--sessions", str(sessions), *argv)
    assert code == 1
    assert err.count("\n") == 1 and needle in err


@pytest.mark.parametrize(
    "argv",
    [
        ["show", "x\ny"],
        ["show", "x\x1b[31mred"],
        ["show", "x" * 5000],
        ["capture", "demo", "--activity", "a\u2028b", "--text", "x"],
        ["capture", "demo", "--activity", "body-map", "--from-file", "no\nfile"],
        ["new", "--title", "T", "--activity", "check-in", "--date", "2020\r\n01"],
    ],
)
def test_errors_stay_one_short_line_whatever_was_typed(
    sessions: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    run(capsys, "--sessions", str(sessions), "demo")
    code, _, err = run(capsys, "--sessions", str(sessions), *argv)
    assert code == 1
    assert err.count("\n") == 1 and err.endswith("\n") and "\x1b" not in err and "\u2028" not in err
    assert len(err) < 300


@pytest.mark.parametrize(
    ("error", "needle"),
    [
        (OSError(30, "Read-only file system", "/media/stick/.x.json.lock"), "/media/stick is on a read-only disk"),
        (OSError(28, "No space left on device", "/media/stick/.x.json.123.tmp"), "disk holding /media/stick is full"),
        (PermissionError(13, "Permission denied", "/media/stick/x.json"), "permission denied for /media/stick/x.json"),
    ],
)
def test_file_system_errors_name_the_folder_and_what_to_do(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], error: OSError, needle: str
) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr("kit.store.create_session", fail)
    code, _, err = run(capsys, "--sessions", "/media/stick", "new", "--title", "T", "--activity", "check-in")
    assert code == 1 and err.count("\n") == 1 and needle in err and ".tmp" not in err and ".lock" not in err


def test_a_too_long_line_in_a_notes_file_is_named_and_nothing_is_saved(
    sessions: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "--sessions", str(sessions), "demo")
    before = (sessions / "demo.json").read_bytes()
    notes = tmp_path / "notes.txt"
    notes.write_text("first\n\nsecond\n" + "x" * 6000 + "\n", encoding="utf-8")
    argv = ["capture", "demo", "--activity", "body-map", "--from-file", str(notes)]
    code, _, err = run(capsys, "--sessions", str(sessions), *argv)
    assert code == 1 and err.count("\n") == 1 and "Line 4 of" in err and "nothing was saved" in err
    assert (sessions / "demo.json").read_bytes() == before


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_an_endless_file_such_as_dev_zero_is_refused_not_read_forever(
    sessions: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "--sessions", str(sessions), "demo")
    for option in ("--from-file", "--roster-file"):
        argv = ["capture", "demo", "--activity", "body-map", option, "/dev/zero"]
        if option == "--roster-file":
            argv[4:4] = ["--text", "x"]
        code, _, err = run(capsys, "--sessions", str(sessions), *argv)
        assert code == 1 and err.count("\n") == 1 and "more than" in err


def test_text_with_a_byte_that_is_not_utf8_is_saved_with_a_replacement_character(
    sessions: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "--sessions", str(sessions), "demo")
    argv = ["capture", "demo", "--activity", "body-map", "--text", "bad \udcff byte"]  # as Python decodes b"\xff"
    code, out, err = run(capsys, "--sessions", str(sessions), *argv)
    assert code == 0, err
    assert "bad \ufffd byte" in (sessions / "demo.json").read_text(encoding="utf-8")


def test_ctrl_c_is_one_line_saying_nothing_is_half_written(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("kit.store.create_session", interrupted)
    code, _, err = run(capsys, "new", "--title", "T", "--activity", "check-in")
    assert code == 130 and err.count("\n") == 1 and "half-written" in err


def test_output_piped_into_a_reader_that_stops_early_ends_quietly(sessions: Path) -> None:
    subprocess.run([sys.executable, "-m", "kit", "--sessions", str(sessions), "demo"], check=True, capture_output=True)
    show = subprocess.Popen(
        [sys.executable, "-m", "kit", "--sessions", str(sessions), "show", "demo"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert show.stdout is not None and show.stdout.read(10)
    show.stdout.close()  # like `| head -1`
    assert show.wait(timeout=30) in (0, 141)
    assert show.stderr is not None and show.stderr.read() == b""


def test_notes_file_lines_of_only_invisible_characters_are_skipped_like_blank_ones(
    sessions: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "--sessions", str(sessions), "demo")
    notes = tmp_path / "notes.txt"
    notes.write_text("good line\n\u200b\n\x01\x02\nanother\n", encoding="utf-8")
    argv = ["capture", "demo", "--activity", "body-map", "--from-file", str(notes), "--json"]
    code, out, err = run(capsys, "--sessions", str(sessions), *argv)
    assert code == 0, err
    assert [o["text"] for o in json.loads(out)] == ["good line", "another"]


def test_roster_file_with_names_separated_by_commas_removes_each_name(
    sessions: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "--sessions", str(sessions), "demo")
    roster = tmp_path / "roster.txt"
    roster.write_bytes("\ufeffAmira, Yonas\r\nSam;Lee\r\n".encode())
    argv = ["capture", "demo", "--activity", "body-map", "--text", "Amira, Yonas, Sam and Lee", "--roster-file"]
    code, out, err = run(capsys, "--sessions", str(sessions), *argv, str(roster))
    assert code == 0, err
    assert "[name], [name], [name] and [name]" in out
    stored = (sessions / "demo.json").read_text(encoding="utf-8")
    assert not any(name in stored for name in ("Amira", "Yonas", "Lee"))


@pytest.mark.parametrize("command", [["list"], ["demo"], ["new", "--title", "T", "--activity", "check-in"]])
def test_sessions_option_naming_a_file_is_one_line_and_the_file_is_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    not_a_folder = tmp_path / "notes.json"
    not_a_folder.write_bytes(b"my own notes")
    code, out, err = run(capsys, "--sessions", str(not_a_folder), *command)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "is a file, not a sessions folder" in err
    assert not_a_folder.read_bytes() == b"my own notes"


@pytest.mark.parametrize(
    "argv",
    [
        ["new", "--activity", "check-in"],
        ["activities", "--principle", "5"],
        ["activities", "--lundy", "loudness"],
        ["frobnicate"],
        ["respond", "demo", "x", "--status", "done", "--text", "x"],
        ["new", "--title", "T", "--activity", "a", "--group-size", "-3"],
        ["serve", "--port", "70000"],
        ["serve", "--port", "\u00b2"],
        ["sheets", "demo", "--copies", "100000", "-o", "x.pdf"],
        ["feedback", "demo", "--code", "X", "--answer", "1=maybe"],
        ["feedback", "demo", "--code", "X", "--answer", "=yes"],
    ],
)
def test_wrong_arguments_exit_2_with_one_line(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--help" in err


def test_python_dash_m_kit_is_the_same_program_and_never_shows_a_traceback(sessions: Path) -> None:
    bad = sessions / "huge.txt"
    bad.write_bytes(b"\xff\xfe" * 10)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "kit",
            "--sessions",
            str(sessions),
            "capture",
            "nope",
            "--activity",
            "body-map",
            "--from-file",
            str(bad),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "codesign-kit list" in result.stderr


def test_activities_filter_by_lundy_element_and_keep_the_principle_filter(capsys: pytest.CaptureFixture[str]) -> None:
    influence = run_json(capsys, "activities", "--lundy", "influence")
    assert influence and all("influence" in a["lundy"] for a in influence)
    assert "what-happened" in {a["id"] for a in influence}
    both = run_json(capsys, "activities", "--lundy", "audience", "--principle", "2")
    assert both and all("audience" in a["lundy"] and 2 in a["principles"] for a in both)
    assert all(a["interpreted_minutes"] > a["minutes"] for a in influence)
