"""Names across scripts from the command line: capture and edit with a roster file, and odd rosters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kit.cli import main
from kit.store import create_session


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def session(sessions: Path) -> Path:
    return create_session(sessions, "CLI names", ["body-map"], date="2026-03-14", session_id="cli-names")


def test_capture_then_edit_with_a_roster_in_two_scripts_keeps_every_spelling_off_disk(
    session: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roster = tmp_path / "roster.txt"
    roster.write_text("Amira / أميرة\nYonas, Mohammed\n", encoding="utf-8")
    base = ["--sessions", str(session.parent)]
    code, out, err = run(
        capsys, *base, "capture", "cli-names", "--activity", "body-map", "--text", "قالت أميرة إنها تحتاج إلى مترجم",
        "--roster-file", str(roster), "--json",
    )  # fmt: skip
    assert code == 0, err
    output = json.loads(out)[0]
    assert output["text"] == "قالت [name] إنها تحتاج إلى مترجم"
    code, out, err = run(
        capsys, *base, "edit", "cli-names", output["id"], "--text", "ዮናስ and Muhammad agreed with Amira",
        "--principle", "12", "--roster-file", str(roster), "--json",
    )  # fmt: skip
    assert code == 0, err
    edited = json.loads(out)
    assert edited["text"] == "[name] and [name] agreed with [name]" and edited["principles"] == [12]
    raw = session.read_text(encoding="utf-8")
    for spelling in ("أميرة", "ዮናስ", "Muhammad", "Amira", "Yonas", "Mohammed"):
        assert spelling not in raw
    assert [p.name for p in session.parent.iterdir() if not p.name.startswith(".")] == ["cli-names.json"]


def test_a_roster_file_of_500_names_on_one_line_removes_them_all(
    session: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    names = [f"Zq{chr(97 + n // 26 % 26)}{chr(97 + n % 26)}x" for n in range(500)]
    roster = tmp_path / "roster.txt"
    roster.write_text(" ".join(names), encoding="utf-8")
    text = f"{names[0]}, {names[250]} and {names[499]} said the bus pass matters"
    code, out, err = run(
        capsys, "--sessions", str(session.parent), "capture", "cli-names", "--activity", "body-map",
        "--text", text, "--roster-file", str(roster),
    )  # fmt: skip
    assert code == 0, err
    assert "[name], [name] and [name] said" in out and names[250] not in session.read_text(encoding="utf-8")


def test_a_roster_of_one_letter_and_invisible_characters_is_safe(
    session: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roster = tmp_path / "roster.txt"
    roster.write_text("J\nZq\u200bmira\u200f\nname\n\u200b\n", encoding="utf-8")
    code, out, err = run(
        capsys, "--sessions", str(session.parent), "capture", "cli-names", "--activity", "body-map",
        "--text", "J and A said Zqmira's name is nice", "--roster-file", str(roster),
    )  # fmt: skip
    assert code == 0, err
    assert "J and A said [name]'s [name] is nice" in out
