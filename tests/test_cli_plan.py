"""`new` with blocks and a start time, `show` with clock times, and bad plan input on the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kit.cli import main
from kit.library import get_activity
from kit.plan import interpreted_activity_minutes
from kit.store import load_session


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse errors exit
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_new_keeps_activities_and_breaks_in_the_order_given(sessions: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys,
        "new",
        "--title",
        "First week",
        "--activity",
        "check-in",
        "--break",
        "10:Tea: and fruit",
        "--activity",
        "body-map:30",
        "--break",
        "5",
        "--activity",
        "check-out",
        "--start",
        "9:30",
        "--date",
        "14/03/2026",
    )
    assert code == 0, err
    session = load_session(sessions / f"{out.strip()}.json").session
    assert [(b.kind, b.activity, b.minutes, b.title) for b in session.blocks] == [
        ("activity", "check-in", None, ""),
        ("break", "", 10, "Tea: and fruit"),
        ("activity", "body-map", 30, ""),
        ("break", "", 5, ""),
        ("activity", "check-out", None, ""),
    ]
    assert session.activities == ["check-in", "body-map", "check-out"]
    assert session.start == "09:30" and session.date == "2026-03-14"


def test_show_json_includes_the_blocks_with_clock_times(sessions: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "new", "--title", "W", "--activity", "check-in:15", "--break", "10:Tea", "--start", "10:00"
    )
    code, out, _ = run(capsys, "show", out.strip(), "--json")
    data = json.loads(out)
    assert [b["kind"] for b in data["session"]["blocks"]] == ["activity", "break"]
    assert [(b["title"], b["start"], b["end"], b["minutes"]) for b in data["plan"]] == [
        (data["plan"][0]["title"], "10:00", "10:15", 15),
        ("Tea", "10:15", "10:25", 10),
    ]
    assert data["session"]["start"] == "10:00"


def test_show_prints_each_block_with_its_clock_time_and_interpreting(
    sessions: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(
        capsys, "new", "--title", "W", "--activity", "check-in", "--break", "10", "--start", "9:00", "--interpreter"
    )
    code, out, _ = run(capsys, "show", out.strip())
    assert code == 0
    check_in = interpreted_activity_minutes(get_activity("check-in"))  # each step's own interpreted minutes
    assert 10 < check_in < 30
    assert f"1. 09:00  How are you arriving? (10 min, {check_in} with interpreting)" in out
    assert f"2. 09:{check_in:02d}  Break (10 min)" in out
    assert f"Total 20 min, {check_in + 10} with interpreting, 09:00 to 09:{check_in + 10:02d}" in out


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["--activity", "check-in:0"], "at least 1 minute"),
        (["--activity", "check-in:1000"], "at most 240 minutes"),
        (["--activity", "check-in", "--break", "0"], "at least 1 minute"),
        (["--activity", "check-in", "--break", "1000:Lunch"], "at most 240 minutes"),
        (["--activity", "check-in", "--start", "25:00"], "HH:MM"),
        (["--activity", "check-in", "--break", "5:" + "x" * 5000], "the limit is 80"),
        (["--activity", "check-in", "--language", "tigrinyaa"], "ti (Tigrinya)"),
        (["--activity", "check-in", "--date", "31/02/2026"], "DD/MM/YYYY"),
        (["--break", "5"], "at least one --activity"),
    ],
)
def test_bad_plan_input_is_one_clear_line_and_nothing_is_saved(
    sessions: Path, capsys: pytest.CaptureFixture[str], argv: list[str], needle: str
) -> None:
    code, out, err = run(capsys, "new", "--title", "T", *argv)
    assert code in (1, 2) and out == ""
    assert needle in err and err.count("\n") == 1 and len(err) < 700
    assert "Traceback" not in err and ".." not in err
    assert list(sessions.glob("*.json")) == []


def test_language_names_are_turned_into_codes(sessions: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(
        capsys, "new", "--title", "T", "--activity", "check-in", "--language", "Tigrinya", "--language", "ar"
    )
    assert load_session(sessions / f"{out.strip()}.json").session.languages == ["ti", "ar"]


def test_markup_escape_codes_and_rtl_text_in_a_break_title_are_kept_as_text(
    sessions: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    title = "[red]استراحة[/] \x1b[2J A [/] B"
    _, out, _ = run(capsys, "new", "--title", "[b]T[/b]", "--activity", "check-in", "--break", f"5:{title}")
    session = load_session(sessions / f"{out.strip()}.json").session
    assert session.title == "[b]T[/b]"
    assert session.blocks[1].title.startswith("[red]استراحة[/]") and "\x1b" not in session.blocks[1].title
