"""Collation: merging copies of sessions from several laptops, problems reported, the summary."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kit.collate import collate, filter_rows, output_rows, summarise
from kit.model import Output
from kit.store import (
    add_output,
    create_session,
    edit_output,
    hash_token,
    issue_sheets,
    load_session,
    log_from_data,
    record_feedback,
    record_response,
    withdraw_output,
)


def make_session(folder: Path, session_id: str = "20260314-aaaaaa", date: str = "2026-03-14") -> Path:
    """A session with three outputs, one response and an issued sheet, on 'laptop A'."""
    path = create_session(folder, "Safe first week", ["body-map"], date=date, session_id=session_id)
    add_output(path, "body-map", "A safe place to sleep", principles=[6], themes=["safety", "home"])
    add_output(path, "body-map", "Someone who believes you", principles=[3, 12], themes=["trust"])
    add_output(path, "body-map", "English classes straight away", principles=[2], themes=["education"])
    return path


def copy_to(path: Path, folder: Path) -> Path:
    """Copy a session file to another 'laptop' folder, as a facilitator would on a USB stick."""
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy2(path, folder / path.name))


def ids(path: Path) -> list[str]:
    return [o.id for o in load_session(path).outputs]


def test_identical_copies_from_several_places_count_once(tmp_path: Path) -> None:
    original = make_session(tmp_path / "laptop-a")
    copy_to(original, tmp_path / "usb" / "march")
    copy_to(original, tmp_path / "email")
    collation = collate([tmp_path / "laptop-a", tmp_path / "usb", tmp_path / "email" / original.name])
    summary = summarise(collation)
    assert collation.files == 3
    assert (summary.sessions, summary.outputs) == (1, 3)
    assert collation.conflicts == [] and collation.problems == []


def test_the_same_file_given_twice_is_read_once(tmp_path: Path) -> None:
    original = make_session(tmp_path / "laptop-a")
    collation = collate([tmp_path / "laptop-a", original])
    assert collation.files == 1


def test_outputs_added_on_different_laptops_are_all_kept(tmp_path: Path) -> None:
    a = make_session(tmp_path / "a")
    b = copy_to(a, tmp_path / "b")
    add_output(a, "body-map", "Added on laptop A", principles=[12])
    add_output(b, "body-map", "Added on laptop B", principles=[12])
    log = collate([tmp_path]).logs()[0]
    assert [o.text for o in log.outputs][-2:] == ["Added on laptop A", "Added on laptop B"]


@pytest.mark.parametrize("order", ["ab", "ba"])
def test_an_output_edited_in_two_places_keeps_the_newest_edit_and_reports_it(tmp_path: Path, order: str) -> None:
    a = make_session(tmp_path / "a")
    b = copy_to(a, tmp_path / "b")
    first = ids(a)[0]
    edit_output(a, first, text="Edited on laptop A")
    edit_output(b, first, text="Edited on laptop B, later", themes=["safety"])
    folders = {"a": tmp_path / "a", "b": tmp_path / "b"}
    collation = collate([folders[c] for c in order])
    kept = collation.logs()[0].output(first)
    assert kept is not None and kept.text == "Edited on laptop B, later"
    assert kept.themes == ["safety"]
    [conflict] = collation.conflicts
    assert (conflict.session, conflict.output) == ("20260314-aaaaaa", first)
    assert conflict.kept_path == b and conflict.dropped_path == a
    assert conflict.kept > conflict.dropped
    assert first in conflict.describe() and str(a) in conflict.describe()


def test_an_unedited_copy_beside_an_edited_one_keeps_the_edit(tmp_path: Path) -> None:
    a = make_session(tmp_path / "a")
    copy_to(a, tmp_path / "old-copy")
    first = ids(a)[0]
    edit_output(a, first, text="Corrected later")
    log = collate([tmp_path]).logs()[0]
    assert log.output(first).text == "Corrected later"  # type: ignore[union-attr]


@pytest.mark.parametrize("order", ["old-first", "new-first"])
def test_a_newer_copy_of_the_same_line_of_edits_supersedes_silently(tmp_path: Path, order: str) -> None:
    a = make_session(tmp_path / "a")
    first = ids(a)[0]
    copy_to(a, tmp_path / "older")  # the original, never edited
    edit_output(a, first, text="Edited once on A")
    copy_to(a, tmp_path / "usb")  # an older copy of the line, edited once
    b = copy_to(a, tmp_path / "b")
    edit_output(b, first, text="Edited again on B")
    edit_output(b, first, themes=["trust"])
    folders = [tmp_path / "older", tmp_path / "usb", tmp_path / "a", tmp_path / "b"]
    collation = collate(folders if order == "old-first" else folders[::-1])
    assert collation.conflicts == []
    kept = collation.logs()[0].output(first)
    assert kept is not None and (kept.text, kept.themes) == ("Edited again on B", ["trust"])


def test_copies_that_diverged_after_a_shared_edit_are_still_a_conflict(tmp_path: Path) -> None:
    a = make_session(tmp_path / "a")
    first = ids(a)[0]
    edit_output(a, first, text="Shared edit")
    b = copy_to(a, tmp_path / "b")
    edit_output(a, first, text="Then A")
    edit_output(b, first, text="Then B")
    [conflict] = collate([tmp_path / "a", tmp_path / "b"]).conflicts
    assert (conflict.kept_path, conflict.dropped_path) == (b, a)
    assert "kept the edit of" in conflict.describe() and "set aside the edit of" in conflict.describe()


def test_an_edit_records_the_version_it_came_from(tmp_path: Path) -> None:
    a = make_session(tmp_path / "a")
    first = load_session(a).outputs[0]
    edited = edit_output(a, first.id, text="Once")
    again = edit_output(a, first.id, text="Twice")
    assert first.history == [] and edited.history == [first.updated]
    assert again.history == [first.updated, edited.updated] and again.updated > edited.updated


@pytest.mark.parametrize("withdraw_on", ["a", "b"])
def test_a_withdrawn_output_stays_withdrawn_whatever_other_copies_say(tmp_path: Path, withdraw_on: str) -> None:
    a = make_session(tmp_path / "a")
    b = copy_to(a, tmp_path / "b")
    first = ids(a)[0]
    record_response(b, first, "acted", "Housing team told")
    if withdraw_on == "a":  # withdrawn first, edited later on another laptop
        withdraw_output(a, first)
        edit_output(b, first, text="A later edit elsewhere")
    else:  # edited first, withdrawn later
        edit_output(a, first, text="An earlier edit elsewhere")
        withdraw_output(b, first)
    collation = collate([tmp_path / "b", tmp_path / "a"])
    log = collation.logs()[0]
    assert first not in [o.id for o in log.outputs]
    assert [o.id for o in log.withdrawn] == [first]
    assert first not in log.responses
    assert all(row.output.id != first for row in output_rows(collation))
    summary = summarise(collation)
    assert (summary.outputs, summary.withdrawn, summary.responded) == (2, 1, 0)


def test_responses_merge_by_newest_update(tmp_path: Path) -> None:
    a = make_session(tmp_path / "a")
    b = copy_to(a, tmp_path / "b")
    second = ids(a)[1]
    record_response(a, second, "considering", "Asked the team")
    record_response(b, second, "acted", "Now done")
    record_response(a, ids(a)[2], "passed-on", "Sent to the college")
    log = collate([tmp_path]).logs()[0]
    assert log.responses[second].status == "acted"
    assert log.responses[second].text == "Now done"
    assert log.responses[ids(a)[2]].status == "passed-on"


def test_feedback_merges_by_sheet_keeping_the_newest_answers(tmp_path: Path) -> None:
    a = make_session(tmp_path / "a")
    first, second = ids(a)[:2]
    record_response(a, first, "acted", "Done")
    record_response(a, second, "acted", "Done too")
    sheets = issue_sheets(a, 3)
    b = copy_to(a, tmp_path / "b")
    record_feedback(a, hash_token(sheets[0].token), {first: "partly"})
    record_feedback(b, hash_token(sheets[0].token), {first: "yes", second: "no"})  # same sheet, later
    record_feedback(a, hash_token(sheets[1].token), {first: "yes"})
    record_feedback(b, hash_token(sheets[2].token), {second: "partly"})
    collation = collate([tmp_path])
    log = collation.logs()[0]
    assert len(log.feedback) == 3 and len(log.tickets) == 3
    counts = {row.output.id: row.feedback for row in output_rows(collation)}
    assert counts[first] == {"yes": 2, "partly": 0, "no": 0}
    assert counts[second] == {"yes": 0, "partly": 1, "no": 1}
    summary = summarise(collation)
    assert summary.feedback_by_principle[6] == {"yes": 2, "partly": 0, "no": 0}
    assert summary.feedback_by_principle[12] == {"yes": 0, "partly": 1, "no": 1}
    assert summary.feedback_sheets == 3


def test_session_plan_merges_by_newest_update(tmp_path: Path) -> None:
    from kit.store import update_plan

    a = make_session(tmp_path / "a")
    b = copy_to(a, tmp_path / "b")
    update_plan(b, title="Safe first week (renamed)")
    assert collate([tmp_path / "b", tmp_path / "a"]).logs()[0].session.title == "Safe first week (renamed)"


def damaged_files(folder: Path, good: Path) -> dict[str, Path]:
    """Every kind of file a coordinator's folder might hold that is not a usable session log."""
    folder.mkdir(parents=True, exist_ok=True)
    data = json.loads(good.read_text(encoding="utf-8"))
    broken_tables = dict(data, outputs={"1": {"id": "x1", "text": 42, "activity": "body-map"}})
    no_session = {k: v for k, v in data.items() if k != "session"}
    files = {
        "not-json": "this is not json at all {",
        "truncated": good.read_text(encoding="utf-8")[:200],
        "foreign": json.dumps({"name": "someone else's app", "items": [1, 2]}),
        "a-list": "[1, 2, 3]",
        "wrong-types": json.dumps(broken_tables),
        "no-session-table": json.dumps(no_session),
        "empty": "",
    }
    paths = {}
    for name, text in files.items():
        paths[name] = folder / f"{name}.json"
        paths[name].write_text(text, encoding="utf-8")
    paths["binary"] = folder / "binary.json"
    paths["binary"].write_bytes(b"\xff\xfe\x00garbage")
    return paths


def test_corrupt_and_foreign_files_are_reported_by_path_and_skipped(tmp_path: Path) -> None:
    good = make_session(tmp_path / "laptop-a")
    bad = damaged_files(tmp_path / "laptop-b" / "deep" / "er", good)
    (tmp_path / "laptop-b" / "notes.txt").write_text("not a session", encoding="utf-8")
    (tmp_path / "laptop-b" / ".hidden.json").write_text("{", encoding="utf-8")
    collation = collate([tmp_path / "laptop-b", tmp_path / "laptop-a", tmp_path / "missing"])
    assert summarise(collation).outputs == 3
    assert len(collation.problems) == len(bad) + 1
    for path in bad.values():
        assert sum(str(path) in p for p in collation.problems) == 1, path
    assert any("missing" in p and "no such file or folder" in p for p in collation.problems)
    assert not any("notes.txt" in p or ".hidden" in p for p in collation.problems)


def test_an_unreadable_file_is_skipped_not_fatal(tmp_path: Path) -> None:
    good = make_session(tmp_path / "a")
    locked = tmp_path / "a" / "locked.json"
    shutil.copy(good, locked)
    locked.chmod(0)
    try:
        collation = collate([tmp_path])
    finally:
        locked.chmod(0o644)
    assert summarise(collation).sessions == 1  # as root the file is still readable; either way, no crash


def test_the_demo_session_is_left_out_unless_asked(demo_session: Path, tmp_path: Path) -> None:
    make_session(demo_session.parent)
    collation = collate([demo_session.parent])
    assert [log.session.id for log in collation.logs()] == ["20260314-aaaaaa"]
    assert any("demo" in p for p in collation.problems)
    assert len(collate([demo_session.parent], include_demo=True).logs()) == 2


def test_sessions_come_out_oldest_first_whatever_the_reading_order(tmp_path: Path) -> None:
    make_session(tmp_path / "z", "20260501-bbbbbb", "2026-05-01")
    make_session(tmp_path / "a", "20260314-cccccc", "2026-03-14")
    make_session(tmp_path / "m", "20260314-aaaaaa", "2026-03-14")
    order = [log.session.id for log in collate([tmp_path]).logs()]
    assert order == ["20260314-aaaaaa", "20260314-cccccc", "20260501-bbbbbb"]


def test_summary_counts_principles_themes_and_shares(tmp_path: Path) -> None:
    a = make_session(tmp_path / "a")
    first, second, _ = ids(a)
    record_response(a, first, "acted", "Done")
    record_response(a, second, "passed-on", "Sent on", on_sheet=False)
    summary = summarise(collate([tmp_path]))
    assert summary.by_principle == {2: 1, 3: 1, 6: 1, 12: 1}
    assert summary.by_theme == {"education": 1, "home": 1, "safety": 1, "trust": 1}
    assert summary.by_status == {"acted": 1, "passed-on": 1, "considering": 0, "not-possible": 0, "none": 1}
    assert (summary.responded, summary.on_sheet) == (2, 1)
    assert summary.share(summary.responded) == pytest.approx(2 / 3)
    assert summarise(collate([])).share(0) == 0.0


def test_rows_filter_by_principle_theme_status_and_feedback(tmp_path: Path) -> None:
    a = make_session(tmp_path / "a")
    first, second, third = ids(a)
    record_response(a, first, "acted", "Done")
    record_response(a, second, "considering", "Thinking")
    sheet = issue_sheets(a, 1)[0]
    record_feedback(a, hash_token(sheet.token), {first: "no"})
    rows = list(output_rows(collate([tmp_path])))

    def pick(**kw: object) -> list[str]:
        return [r.output.id for r in filter_rows(rows, **kw)]  # type: ignore[arg-type]

    assert pick(principle=12) == [second]
    assert pick(theme="safety") == [first]
    assert pick(status="none") == [third]
    assert pick(status="acted", principle=6) == [first]
    assert pick(feedback="no") == [first]
    assert pick(feedback="yes") == []
    assert pick(feedback="any") == [first]
    assert pick(feedback="none") == [second, third]


def test_log_from_data_is_the_store_reader(tmp_path: Path) -> None:
    path = make_session(tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert log_from_data(data) == load_session(path)


def test_documents_from_a_newer_kit_with_extra_fields_still_load(tmp_path: Path) -> None:
    path = make_session(tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["outputs"]["1"]["mood"] = "added by a newer kit"
    log = log_from_data(data)
    assert isinstance(log.outputs[0], Output) and log.outputs[0].text == "A safe place to sleep"
    del data["outputs"]["1"]["text"]
    with pytest.raises(TypeError):
        log_from_data(data)


def test_documents_missing_optional_fields_are_merged_and_missing_text_is_reported(tmp_path: Path) -> None:
    path = make_session(tmp_path / "a")
    data = json.loads(path.read_text(encoding="utf-8"))
    for field in ("removed", "step", "created", "deleted"):
        del data["outputs"]["1"][field]
    data["outputs"]["2"]["mood"] = "a field from a newer kit"
    path.write_text(json.dumps(data), encoding="utf-8")
    broken = tmp_path / "b" / "broken.json"
    broken.parent.mkdir()
    del data["outputs"]["3"]["text"]
    broken.write_text(json.dumps(dict(data, session={"1": dict(data["session"]["1"], id="other")})), encoding="utf-8")
    collation = collate([tmp_path])
    assert [log.session.id for log in collation.logs()] == ["20260314-aaaaaa"]
    assert summarise(collation).outputs == 3
    assert len(collation.problems) == 1 and "broken.json" in collation.problems[0]


def test_the_schema_gives_documents_of_older_kits_every_field_the_model_has() -> None:
    from dataclasses import fields

    from kit.model import Response
    from kit.store.schema import check_output, check_response

    output = {"id": "ab12cd34", "activity": "body-map", "text": "Said"}
    response = {"output": "ab12cd34", "status": "acted", "text": "Done", "date": "2026-03-14"}
    check_output(output)
    check_response(response)
    assert set(output) == {f.name for f in fields(Output)} and Output.from_doc(output).history == []
    assert set(response) == {f.name for f in fields(Response)} and Response.from_doc(response).history == []
    for required in ("id", "activity", "text"):
        with pytest.raises(ValueError, match=required):
            check_output({k: v for k, v in output.items() if k != required})
    with pytest.raises(ValueError, match="date"):
        check_response({k: v for k, v in response.items() if k != "date"})
