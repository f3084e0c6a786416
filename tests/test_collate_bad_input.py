"""Bad input to collation: one line each, nothing skipped silently, the run goes on.

A 2 GB file is made sparse (no 2 GB written) and refused by its size; a folder of 100,000 files is
stood in for by lowering the limit (bench/collate.py --many-files checks the real size).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kit.cli import main
from kit.collate import collate, merge
from kit.collate.exports import write_json
from kit.store import add_output, create_session
from kit.store.storage import EXPORT_START

TWO_GB = 2 * 1024**3


@pytest.fixture
def good(tmp_path: Path) -> Path:
    """A folder with one session of one output."""
    path = create_session(tmp_path / "good", "First week", ["body-map"], date="2026-03-14", session_id="s-good")
    add_output(path, "body-map", "A safe place to sleep", principles=[6])
    return path.parent


def sparse(path: Path, start: bytes = b"") -> Path:
    """A 2 GB file that takes no room on disk: its size says 2 GB, nothing is written but start."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        handle.write(start)
        handle.truncate(TWO_GB)
    return path


def test_a_2_gb_file_is_refused_by_its_size_without_being_read(good: Path, tmp_path: Path) -> None:
    huge = sparse(tmp_path / "odd" / "huge.json")
    huge_export = sparse(tmp_path / "odd" / "huge-export.json", EXPORT_START + b": 1, ")
    collation = collate([tmp_path / "odd", good])
    assert huge.stat().st_size == huge_export.stat().st_size == TWO_GB
    assert len(collation.problems) == 2 and all("\n" not in p for p in collation.problems)
    export_line, plain_line = collation.problems  # files in name order
    assert str(huge_export) in export_line and str(huge) in plain_line
    for line in (export_line, plain_line):
        assert "2,147,483,648 bytes is too large" in line and "it was not read" in line
        assert "at most 64 MB, an export 1 GB" in line and "Move it out of the folders you collate" in line
    assert sorted(collation.merged) == ["s-good"]  # the run went on


def test_a_folder_of_too_many_files_is_skipped_in_one_line_and_the_run_goes_on(
    good: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(merge, "MAX_FILES", 5)  # stands in for 20,000: a folder of 100,000 files
    session = next(good.glob("*.json"))
    at_limit, over = tmp_path / "at-limit", tmp_path / "over"
    for folder, count in ((at_limit, 4), (over, 6)):
        for n in range(count):
            (folder / f"laptop-{n}").mkdir(parents=True)
            shutil.copy(session, folder / f"laptop-{n}" / session.name)
    (at_limit / "notes.json").write_text(
        "[]", encoding="utf-8"
    )  # the fifth file to collate: reported, not counted twice
    collation = collate([over, at_limit])
    assert collation.files == 5  # none of the folder over the limit was read
    [too_many, notes] = collation.problems
    assert too_many.startswith(f"{over}: holds more than 5 files to collate (is it the right folder?); it was skipped.")
    assert "\n" not in too_many and "--json" in too_many
    assert "notes.json" in notes
    assert list(collation.merged) == ["s-good"] and collation.merged["s-good"].copies == 4


def test_collate_cli_with_only_a_folder_of_too_many_files_exits_non_zero_and_says_why(
    good: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(merge, "MAX_FILES", 0)
    out = tmp_path / "out.csv"
    assert main(["collate", str(good), "--quiet", "--csv", str(out)]) == 1
    skipped, stopped = capsys.readouterr().err.strip().splitlines()
    assert skipped.startswith(f"skipped: {good}: holds more than 0 files to collate")
    assert "Nothing to collate: every file given was skipped" in stopped
    assert not out.exists()


def test_a_session_from_a_newer_kit_inside_an_export_is_named_in_one_line(good: Path, tmp_path: Path) -> None:
    write_json(collate([good]), tmp_path / "merged.json")
    data = json.loads((tmp_path / "merged.json").read_text(encoding="utf-8"))
    data["sessions"][0]["schema"] = 99
    (tmp_path / "newer.json").write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
    collation = collate([tmp_path / "newer.json", good])
    [line] = collation.problems
    assert "newer.json" in line and "newer version of the kit (schema 99)" in line and "Update the kit" in line
    assert list(collation.merged) == ["s-good"]


def test_every_kind_of_bad_input_gets_one_line_and_the_run_goes_on(
    good: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(merge, "MAX_FILES", 4)  # "odd" holds 4 files to collate, "crowded" 5
    session = next(good.glob("*.json"))
    (tmp_path / "odd").mkdir()
    write_json(collate([good]), tmp_path / "odd" / "merged.json")
    newer = json.loads((tmp_path / "odd" / "merged.json").read_text(encoding="utf-8"))
    newer["codesign_kit_export"] = 2
    (tmp_path / "odd" / "newer.json").write_text(json.dumps(newer, sort_keys=True), encoding="utf-8")
    (tmp_path / "odd" / "other.json").write_text('{"groceries": ["rice"]}', encoding="utf-8")
    sparse(tmp_path / "odd" / "zz-huge.json")
    crowded = tmp_path / "crowded"
    for n in range(5):
        (crowded / str(n)).mkdir(parents=True)
        shutil.copy(session, crowded / str(n) / session.name)
    out = tmp_path / "out.csv"
    assert main(["collate", str(tmp_path / "odd"), str(crowded), str(good), "--quiet", "--csv", str(out)]) == 0
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 5, lines
    newer_line, other_line, huge_line, crowded_line, also_line = lines
    assert newer_line.startswith("skipped: ") and "newer.json" in newer_line and "newer version" in newer_line
    assert other_line.startswith("skipped: ") and "other.json" in other_line and "neither" in other_line
    assert huge_line.startswith("skipped: ") and "zz-huge.json" in huge_line and "too large" in huge_line
    assert crowded_line.startswith(f"skipped: {crowded}: holds more than 4 files")
    assert also_line.startswith(f"note: {session}: session s-good is also in the export")
    assert out.read_text(encoding="utf-8-sig").count("A safe place to sleep") == 1
