"""What happened to an output (its response) carries a history, so collation tells a newer copy of the
same line of changes from a response changed apart on two laptops; older files without one still load."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kit.cli import main
from kit.collate import collate, summarise
from kit.collate.exports import write_json
from kit.store import (
    add_output,
    create_session,
    load_session,
    record_response,
    restore_response,
    set_on_sheet,
    set_translations,
)

SESSION = "20260314-aaaaaa"


def make_session(folder: Path) -> tuple[Path, str]:
    """A session with one output and what happened to it, on 'laptop A'."""
    path = create_session(folder, "Safe first week", ["body-map"], date="2026-03-14", session_id=SESSION)
    output = add_output(path, "body-map", "A safe place to sleep", principles=[6])[0]
    record_response(path, output.id, "considering", "Asked the housing team")
    return path, output.id


def copy_to(path: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy2(path, folder / path.name))


def test_every_change_to_a_response_records_the_version_it_came_from(tmp_path: Path) -> None:
    path, output = make_session(tmp_path)
    first = load_session(path).responses[output]
    record_response(path, output, "acted", "Moved to a safer flat")
    second = load_session(path).responses[output]
    set_on_sheet(path, output, False)
    third = load_session(path).responses[output]
    set_translations(path, "ar", [(output, "what_happened", "انتقل إلى شقة أكثر أمانا")])
    fourth = load_session(path).responses[output]
    restore_response(path, output, second)  # undo in the follow-up screen: the old words, as a new version
    fifth = load_session(path).responses[output]
    assert first.history == []
    assert second.history == [first.updated]
    assert third.history == [first.updated, second.updated] and not third.on_sheet
    assert fourth.history == [first.updated, second.updated, third.updated]
    assert fifth.history == [*fourth.history, fourth.updated] and fifth.on_sheet and fifth.updated > fourth.updated


def test_output_translations_extend_the_output_history_too(tmp_path: Path) -> None:
    path, output = make_session(tmp_path)
    before = load_session(path).outputs[0]
    set_translations(path, "ar", [(output, "sheet_text", "مكان آمن للنوم")])
    after = load_session(path).outputs[0]
    assert after.history == [before.updated] and after.updated > before.updated


@pytest.mark.parametrize("order", ["old-first", "new-first"])
def test_a_newer_copy_of_the_same_line_of_changes_supersedes_silently(tmp_path: Path, order: str) -> None:
    a, output = make_session(tmp_path / "a")
    copy_to(a, tmp_path / "older")  # "being considered", never changed again
    record_response(a, output, "passed-on", "Sent to the housing team")
    copy_to(a, tmp_path / "usb")  # an older copy of the line, changed once
    b = copy_to(a, tmp_path / "b")
    record_response(b, output, "acted", "Moved to a safer flat")
    set_on_sheet(b, output, False)
    folders = [tmp_path / "older", tmp_path / "usb", tmp_path / "a", tmp_path / "b"]
    collation = collate(folders if order == "old-first" else folders[::-1])
    assert collation.conflicts == []
    kept = collation.logs()[0].responses[output]
    assert (kept.status, kept.text, kept.on_sheet) == ("acted", "Moved to a safer flat", False)


@pytest.mark.parametrize("order", ["ab", "ba"])
def test_responses_changed_apart_are_a_conflict_naming_both_versions(tmp_path: Path, order: str) -> None:
    a, output = make_session(tmp_path / "a")
    b = copy_to(a, tmp_path / "b")
    record_response(a, output, "passed-on", "Sent to the council")
    record_response(b, output, "acted", "Moved to a safer flat")  # later: kept
    on_a, on_b = load_session(a).responses[output], load_session(b).responses[output]
    folders = {"a": tmp_path / "a", "b": tmp_path / "b"}
    collation = collate([folders[c] for c in order])
    [conflict] = collation.conflicts
    assert (conflict.session, conflict.output, conflict.record) == (SESSION, output, "response")
    assert (conflict.kept, conflict.kept_path) == (on_b.updated, b)
    assert (conflict.dropped, conflict.dropped_path) == (on_a.updated, a)
    line = conflict.describe()
    assert "what happened was changed in two places" in line and "\n" not in line
    assert f"kept the one of {on_b.updated} ({b})" in line and f"set aside the one of {on_a.updated} ({a})" in line
    assert collation.logs()[0].responses[output].text == "Moved to a safer flat"


def test_the_same_words_recorded_apart_are_not_a_conflict(tmp_path: Path) -> None:
    a, output = make_session(tmp_path / "a")
    b = copy_to(a, tmp_path / "b")
    record_response(a, output, "acted", "Moved to a safer flat")
    record_response(b, output, "acted", "Moved to a safer flat")
    collation = collate([tmp_path])
    assert collation.conflicts == [] and collation.logs()[0].responses[output].status == "acted"


def test_responses_recorded_on_two_laptops_independently_are_a_conflict(tmp_path: Path) -> None:
    a = create_session(tmp_path / "a", "Safe first week", ["body-map"], date="2026-03-14", session_id=SESSION)
    output = add_output(a, "body-map", "A safe place to sleep")[0].id
    b = copy_to(a, tmp_path / "b")
    record_response(a, output, "considering", "Asked the team")
    record_response(b, output, "acted", "Now done")
    [conflict] = collate([tmp_path]).conflicts
    assert conflict.record == "response" and conflict.kept_path == b


def without_response_history(path: Path) -> None:
    """Make path a file as kits before response histories wrote it."""
    data = json.loads(path.read_text(encoding="utf-8"))
    for doc in data["responses"].values():
        del doc["history"]
    path.write_text(json.dumps(data), encoding="utf-8")


def test_a_file_from_before_response_histories_loads_merges_and_is_superseded_silently(tmp_path: Path) -> None:
    old, output = make_session(tmp_path / "old")
    without_response_history(old)
    assert load_session(old).responses[output].history == []
    new = copy_to(old, tmp_path / "new")
    record_response(new, output, "acted", "Moved to a safer flat")  # the newer kit continues the old line
    assert load_session(new).responses[output].history == [load_session(old).responses[output].updated]
    collation = collate([tmp_path / "new", tmp_path / "old"])
    assert collation.conflicts == [] and collation.problems == []
    assert collation.logs()[0].responses[output].status == "acted"
    assert summarise(collation).responded == 1


def test_a_damaged_response_history_is_reported_and_skipped(tmp_path: Path) -> None:
    path, output = make_session(tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["responses"]["1"]["history"] = ["2026-03-14T10:00:00+00:00", 7]
    path.write_text(json.dumps(data), encoding="utf-8")
    collation = collate([tmp_path])
    assert collation.merged == {} and len(collation.problems) == 1 and "damaged" in collation.problems[0]


def test_a_response_conflict_survives_an_export_collated_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, output = make_session(tmp_path / "in" / "a")
    b = copy_to(a, tmp_path / "in" / "b")
    record_response(a, output, "passed-on", "Sent to the council")
    record_response(b, output, "acted", "Moved to a safer flat")
    original = collate([tmp_path / "in"])
    write_json(original, tmp_path / "merged.json")
    [before], [after] = original.conflicts, collate([tmp_path / "merged.json"]).conflicts
    assert (after.record, after.kept, after.dropped) == ("response", before.kept, before.dropped)
    assert main(["collate", str(tmp_path / "merged.json"), "--quiet"]) == 0
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("conflict: ") and "what happened was changed in two places" in line


def test_an_export_from_before_recorded_kinds_reads_its_conflicts_as_output_edits(tmp_path: Path) -> None:
    a, output = make_session(tmp_path / "in" / "a")
    b = copy_to(a, tmp_path / "in" / "b")
    record_response(a, output, "passed-on", "Sent to the council")
    record_response(b, output, "acted", "Moved to a safer flat")
    write_json(collate([tmp_path / "in"]), tmp_path / "merged.json")
    data = json.loads((tmp_path / "merged.json").read_text(encoding="utf-8"))
    for conflict in data["conflicts"]:
        del conflict["record"]
    (tmp_path / "merged.json").write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
    [conflict] = collate([tmp_path / "merged.json"]).conflicts
    assert conflict.record == "output" and conflict.output == output


@pytest.mark.parametrize("order", ["old-first", "new-first"])
def test_a_response_taken_back_stays_taken_back_whatever_older_copy_comes_with_it(tmp_path: Path, order: str) -> None:
    a, output = make_session(tmp_path / "a")
    copy_to(a, tmp_path / "usb")  # copied while the response was there
    restore_response(a, output, None)  # then undone in the follow-up screen: there was nothing before
    assert output not in load_session(a).responses
    folders = [tmp_path / "usb", tmp_path / "a"]
    collation = collate(folders if order == "old-first" else folders[::-1])
    assert collation.conflicts == []
    assert output not in collation.logs()[0].responses
    assert summarise(collation).by_status["considering"] == 0


def test_what_is_recorded_after_taking_back_continues_the_line_and_supersedes_silently(tmp_path: Path) -> None:
    a, output = make_session(tmp_path / "a")
    copy_to(a, tmp_path / "usb")
    restore_response(a, output, None)
    copy_to(a, tmp_path / "undone")
    record_response(a, output, "acted", "Moved to a safer flat")
    assert not json.loads(a.read_text(encoding="utf-8")).get("removed_responses")  # the mark has done its work
    collation = collate([tmp_path / "a", tmp_path / "undone", tmp_path / "usb"])
    assert collation.conflicts == []
    assert collation.logs()[0].responses[output].text == "Moved to a safer flat"


def test_a_response_taken_back_stays_taken_back_through_an_export(tmp_path: Path) -> None:
    a, output = make_session(tmp_path / "a")
    copy_to(a, tmp_path / "usb")
    restore_response(a, output, None)
    write_json(collate([tmp_path / "a"]), tmp_path / "merged.json")
    collation = collate([tmp_path / "merged.json", tmp_path / "usb"])
    assert collation.conflicts == [] and output not in collation.logs()[0].responses


def test_taken_back_on_one_laptop_and_changed_on_another_is_a_conflict(tmp_path: Path) -> None:
    a, output = make_session(tmp_path / "a")
    b = copy_to(a, tmp_path / "b")
    restore_response(a, output, None)
    record_response(b, output, "acted", "Moved to a safer flat")  # later: kept
    [conflict] = collate([tmp_path / "a", tmp_path / "b"]).conflicts
    assert (conflict.record, conflict.kept_path, conflict.dropped_path) == ("response", b, a)
    assert collate([tmp_path / "b", tmp_path / "a"]).logs()[0].responses[output].text == "Moved to a safer flat"
