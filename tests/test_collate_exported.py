"""Collating a collation export again (alone or mixed with folders) gives what the originals give."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kit.cli import main
from kit.collate import Collation, collate, summarise
from kit.collate.exports import write_csv, write_json, write_qdpx
from kit.store import (
    add_output,
    create_session,
    edit_output,
    hash_token,
    issue_sheets,
    record_feedback,
    record_response,
    withdraw_output,
)


@pytest.fixture
def laptops(tmp_path: Path) -> Path:
    """Laptop a: two sessions; laptop b: a copy of one (edited there, one output withdrawn) and a third."""
    a = create_session(tmp_path / "in" / "a", "First week", ["body-map"], date="2026-03-14", session_id="s-one")
    outs = [add_output(a, "body-map", t, principles=[6, 12], themes=["safety"])[0] for t in ("Sleep", "Asked", "Go")]
    record_response(a, outs[0].id, "acted", "One placement")
    sheets = issue_sheets(a, 3)
    record_feedback(a, hash_token(sheets[0].token), {outs[0].id: "yes"}, "Thank you")
    other = create_session(tmp_path / "in" / "a", "Other", ["body-map"], date="2026-03-01", session_id="s-other")
    add_output(other, "body-map", "-> more interpreters", principles=[2])
    b = tmp_path / "in" / "b"
    b.mkdir()
    copy = Path(shutil.copy(a, b / a.name))
    edit_output(copy, outs[1].id, text="Asked, not told")
    withdraw_output(copy, outs[2].id)
    record_feedback(copy, hash_token(sheets[1].token), {outs[0].id: "partly"})
    third = create_session(b, "Third", ["body-map"], date="2026-04-02", session_id="s-three")
    add_output(third, "body-map", "مكان آمن 🙂", principles=[3], themes=["trust"])
    return tmp_path / "in"


def exported(collation: Collation, path: Path) -> dict:
    write_json(collation, path)
    return json.loads(path.read_text(encoding="utf-8"))


def same_result(one: Collation, two: Collation, tmp_path: Path) -> None:
    """Same sessions in the JSON, the same CSV and REFI-QDA bytes, the same summary."""
    first, second = exported(one, tmp_path / "1.json"), exported(two, tmp_path / "2.json")
    assert first["sessions"] == second["sessions"] and first["sessions"]
    for write, name in ((write_csv, "x.csv"), (write_qdpx, "x.qdpx")):
        write(one, tmp_path / f"1{name}")
        write(two, tmp_path / f"2{name}")
        assert (tmp_path / f"1{name}").read_bytes() == (tmp_path / f"2{name}").read_bytes()
    assert summarise(one) == summarise(two)


def test_an_export_collated_again_gives_the_same_result(laptops: Path, tmp_path: Path) -> None:
    original = collate([laptops])
    write_json(original, tmp_path / "merged.json")
    again = collate([tmp_path / "merged.json"])
    assert again.files == 1 and again.problems == [] and again.notes == []
    same_result(original, again, tmp_path)
    withdrawn = summarise(again).withdrawn
    assert withdrawn == 1 and summarise(again).feedback_sheets == 2
    assert [s["sheets_issued"] for s in exported(again, tmp_path / "3.json")["sessions"]] == [0, 3, 0]


def test_an_export_mixed_with_folders_gives_what_the_originals_give(laptops: Path, tmp_path: Path) -> None:
    write_json(collate([laptops / "a"]), tmp_path / "a.json")
    mixed = collate([tmp_path / "a.json", laptops / "b"])
    same_result(collate([laptops]), mixed, tmp_path)
    # the session copied to laptop b is also inside the export: said once, in one line
    [note] = mixed.notes
    assert "s-one" in note and "a.json" in note and str(laptops / "b") in note and "\n" not in note
    assert [c.describe().split(" (")[0] for c in mixed.conflicts] == [
        c.describe().split(" (")[0] for c in collate([laptops]).conflicts
    ]


def test_merging_exports_of_each_laptop_gives_the_same_as_all_files(laptops: Path, tmp_path: Path) -> None:
    write_json(collate([laptops / "a"]), tmp_path / "a.json")
    write_json(collate([laptops / "b"]), tmp_path / "b.json")
    same_result(collate([laptops]), collate([tmp_path / "a.json", tmp_path / "b.json"]), tmp_path)


def test_an_export_from_a_newer_kit_or_other_json_is_named_in_one_line(laptops: Path, tmp_path: Path) -> None:
    write_json(collate([laptops]), tmp_path / "merged.json")
    data = json.loads((tmp_path / "merged.json").read_text(encoding="utf-8"))
    data["codesign_kit_export"] = 99
    folder = tmp_path / "odd"
    folder.mkdir()
    (folder / "newer.json").write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
    (folder / "list.json").write_text('{"groceries": ["rice"]}', encoding="utf-8")
    damaged = dict(data, codesign_kit_export=1, sessions=[{"session": {"id": 3}}])
    (folder / "damaged.json").write_text(json.dumps(damaged, sort_keys=True), encoding="utf-8")
    collation = collate([folder, laptops / "b"])
    assert len(collation.problems) == 3 and all("\n" not in p for p in collation.problems)
    damaged_line, list_line, newer_line = collation.problems  # files in name order
    assert "damaged.json" in damaged_line and "damaged" in damaged_line.split(":", 1)[1]
    assert "list.json" in list_line and "neither a codesign-kit session log nor" in list_line
    assert "newer.json" in newer_line and "newer version of the kit" in newer_line
    assert sorted(collation.merged) == ["s-one", "s-three"]  # the run went on


def test_collate_cli_reads_its_own_export(laptops: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["collate", str(laptops), "--quiet", "--json", str(tmp_path / "merged.json")]) == 0
    capsys.readouterr()
    assert main(["collate", str(tmp_path / "merged.json"), "--csv", str(tmp_path / "again.csv")]) == 0
    printed = capsys.readouterr()
    assert "3 sessions from 1 file, 4 outputs (1 withdrawn and left out)" in printed.out
    assert printed.err == ""  # b's copy continued a's line of edits: no conflict
    assert main(["collate", str(tmp_path / "merged.json"), str(laptops / "b"), "--quiet"]) == 0
    notes = capsys.readouterr().err.strip().splitlines()
    assert len(notes) == 2 and all(n.startswith("note: ") for n in notes)  # s-one and s-three, one line each


def test_a_conflict_recorded_in_an_export_is_reported_again(tmp_path: Path) -> None:
    a = create_session(tmp_path / "a", "Two laptops", ["body-map"], date="2026-03-14", session_id="s-c")
    first = add_output(a, "body-map", "Said once", principles=[12])[0]
    b = tmp_path / "b"
    b.mkdir()
    copy = Path(shutil.copy(a, b / a.name))
    edit_output(a, first.id, text="Changed on A")
    edit_output(copy, first.id, text="Changed on B")
    original = collate([tmp_path / "a", b])
    write_json(original, tmp_path / "merged.json")
    again = collate([tmp_path / "merged.json"])
    [before], [after] = original.conflicts, again.conflicts
    assert (after.session, after.output, after.kept, after.dropped) == (
        before.session,
        before.output,
        before.kept,
        before.dropped,
    )
    assert after.kept_path == tmp_path / "merged.json"
