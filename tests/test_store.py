"""The session log: named operations, scrubbing before disk, crash safety, locking, damaged files."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kit.errors import CorruptSession, InputError, NotFound, SessionNotFound
from kit.store import (
    MAX_TEXT,
    add_output,
    add_outputs,
    create_session,
    edit_output,
    issue_sheets,
    list_sessions,
    load_session,
    record_feedback,
    record_paper_feedback,
    record_response,
    session_path,
    set_on_sheet,
    update_plan,
    withdraw_output,
)
from kit.store.storage import AtomicJSONStorage

ROSTER = ["Amina", "Yonas"]


@pytest.fixture
def session(sessions: Path) -> Path:
    return create_session(sessions, "Test session", ["ground-rules", "body-map"], date="2026-03-14", group_size=6)


def test_new_session_holds_its_plan_and_schema_version(session: Path) -> None:
    log = load_session(session)
    assert log.session.title == "Test session"
    assert log.session.activities == ["ground-rules", "body-map"]
    assert log.session.group_size == 6
    assert log.schema == 1
    assert json.loads(session.read_text(encoding="utf-8"))["meta"]["1"]["schema"] == 1


def test_outputs_are_scrubbed_before_they_touch_disk(session: Path) -> None:
    secrets = ["Amina", "Yonas", "07700 900123", "amina@example.com", "SW1A 1AA", "03/04/2008", "B1234567"]
    add_output(session, "body-map", "Amina said call 07700 900123 or amina@example.com", roster=ROSTER)
    add_output(session, "body-map", "Yonas lives near SW1A 1AA, born 03/04/2008, ref B1234567", roster=ROSTER)
    output = load_session(session).outputs[0]
    record_response(session, output.id, "acted", "We told Yonas's worker", roster=ROSTER)
    raw = session.read_bytes()
    for secret in secrets:
        assert secret.encode() not in raw, secret
    assert b"[name]" in raw and b"[phone]" in raw


def test_capture_reports_what_was_removed(session: Path) -> None:
    output, result = add_output(session, "body-map", "Amina: 07700 900123", roster=ROSTER)
    assert output.text == "[name]: [phone]"
    assert output.removed == {"name": 1, "phone": 1}
    assert result.describe().startswith("2 things removed")


def test_output_validation_errors_say_what_to_do(session: Path) -> None:
    with pytest.raises(InputError, match="limit"):
        add_output(session, "body-map", "x" * (MAX_TEXT + 1))
    with pytest.raises(InputError, match="empty"):
        add_output(session, "body-map", "   ")
    with pytest.raises(InputError, match="Principle 5"):
        add_output(session, "body-map", "ok", principles=[5])
    with pytest.raises(InputError, match="Unknown theme"):
        add_output(session, "body-map", "ok", themes=["weather"])
    with pytest.raises(NotFound, match="codesign-kit activities"):
        add_output(session, "no-such-activity", "ok")
    assert load_session(session).outputs == []


def test_many_outputs_are_written_in_one_go(session: Path) -> None:
    stored = add_outputs(session, "body-map", ["one", "two", "three"], principles=[6], themes=["safety"])
    assert [o.text for o, _ in stored] == ["one", "two", "three"]
    assert len({o.id for o, _ in stored}) == 3
    assert [o.principles for o in load_session(session).outputs] == [[6], [6], [6]]


def test_response_replaces_the_previous_one_and_controls_the_sheet(session: Path) -> None:
    output, _ = add_output(session, "body-map", "More football")
    record_response(session, output.id, "considering", "Asked the college")
    record_response(session, output.id, "acted", "Football on Fridays")
    log = load_session(session)
    assert len(log.responses) == 1
    assert log.responses[output.id].status == "acted"
    assert [o.id for o, _ in log.sheet_items()] == [output.id]
    set_on_sheet(session, output.id, False)
    assert load_session(session).sheet_items() == []


def test_unknown_status_and_unknown_output_are_refused(session: Path) -> None:
    output, _ = add_output(session, "body-map", "Idea")
    with pytest.raises(InputError, match="acted"):
        record_response(session, output.id, "done", "x")
    with pytest.raises(NotFound, match="codesign-kit show"):
        record_response(session, "nope", "acted", "x")


def test_withdrawn_output_loses_its_text_and_response_but_leaves_a_marker(session: Path) -> None:
    output, _ = add_output(session, "body-map", "Please take this out")
    record_response(session, output.id, "acted", "Done")
    withdraw_output(session, output.id)
    log = load_session(session)
    assert log.outputs == [] and log.responses == {}
    assert [o.id for o in log.withdrawn] == [output.id]
    assert b"Please take this out" not in session.read_bytes()
    with pytest.raises(NotFound):
        edit_output(session, output.id, text="back")


def test_edit_output_scrubs_again_and_moves_the_edit_time(session: Path) -> None:
    output, _ = add_output(session, "body-map", "first")
    edited = edit_output(session, output.id, text="Amina changed it", themes=["trust"], roster=ROSTER)
    assert edited.text == "[name] changed it"
    assert edited.themes == ["trust"]
    assert edited.updated > output.updated


def test_update_plan_changes_only_named_fields(session: Path) -> None:
    update_plan(session, title="New title", activities=["check-in"], group_size=4)
    log = load_session(session)
    assert (log.session.title, log.session.activities, log.session.group_size) == ("New title", ["check-in"], 4)
    with pytest.raises(InputError):
        update_plan(session, roster=["Amina"])


def test_sheets_store_hashes_only_and_feedback_updates_in_place(session: Path) -> None:
    output, _ = add_output(session, "body-map", "A worker who calls back")
    record_response(session, output.id, "acted", "Workers now call back within two days")
    sheets = issue_sheets(session, 2)
    raw = session.read_bytes()
    for sheet in sheets:
        assert sheet.token.encode() not in raw and sheet.code.encode() not in raw
    log = load_session(session)
    ticket = log.tickets[0]
    record_feedback(session, ticket.token_hash, {output.id: "partly"}, "call me on 07700 900123")
    record_feedback(session, ticket.token_hash, {output.id: "yes"}, "better now")
    log = load_session(session)
    assert len(log.feedback) == 1
    assert log.feedback[0].answers == {output.id: "yes"}
    assert log.feedback_counts()[output.id]["yes"] == 1
    record_paper_feedback(session, sheets[1].code.lower(), {"1": "no"}, "Amina wrote this", roster=ROSTER)
    log = load_session(session)
    assert sorted(f.via for f in log.feedback) == ["paper", "web"]
    assert "[name] wrote this" in [f.comment for f in log.feedback]
    with pytest.raises(NotFound, match="code"):
        record_paper_feedback(session, "WRONGCODE1", {"1": "yes"})


def test_paper_feedback_item_in_other_digits_is_an_input_error_not_a_crash(session: Path) -> None:
    output, _ = add_output(session, "body-map", "A worker who calls back")
    record_response(session, output.id, "acted", "Workers now call back within two days")
    sheet = issue_sheets(session, 1)[0]
    before = session.read_bytes()
    with pytest.raises(InputError, match="not on that sheet"):
        record_paper_feedback(session, sheet.code, {"\u00b2": "yes"})  # superscript two: isdigit() but not int()
    assert session.read_bytes() == before


def test_a_long_notes_file_is_read_and_written_once_with_unique_ids(
    session: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_output(session, "body-map", "Already there")
    calls = {"read": 0, "write": 0}
    real_read, real_write = AtomicJSONStorage.read, AtomicJSONStorage.write

    def counted_read(self: AtomicJSONStorage) -> dict | None:
        calls["read"] += 1
        return real_read(self)

    def counted_write(self: AtomicJSONStorage, data: dict) -> None:
        calls["write"] += 1
        real_write(self, data)

    monkeypatch.setattr(AtomicJSONStorage, "read", counted_read)
    monkeypatch.setattr(AtomicJSONStorage, "write", counted_write)
    stored = add_outputs(session, "body-map", [f"line {n} we said" for n in range(4000)])
    # Each insert used to re-read the whole table (quadratic): the file is read a fixed number of times
    # and written once, whatever the number of lines. The time it takes is measured in bench/linear.py.
    assert calls["write"] == 1 and calls["read"] <= 3, calls
    monkeypatch.undo()
    log = load_session(session)
    assert len(log.outputs) == 4001 and len({o.id for o in log.outputs}) == 4001
    assert [o.text for o, _ in stored] == [o.text for o in log.outputs[1:]]


def test_out_of_range_step_minutes_and_languages_are_refused_and_nothing_changes(session: Path, sessions: Path) -> None:
    before = session.read_bytes()
    with pytest.raises(InputError, match="not a step"):
        add_output(session, "body-map", "text", step=10**23)
    with pytest.raises(InputError, match="planned length"):
        update_plan(session, length_minutes=999_999_999)
    with pytest.raises(InputError, match="Group size"):
        update_plan(session, group_size=0)
    with pytest.raises(InputError, match="not a language"):
        update_plan(session, languages=["x" * 5000])
    assert session.read_bytes() == before
    with pytest.raises(InputError, match="planned length"):
        create_session(sessions, "T", ["body-map"], length_minutes=10**18)
    assert add_output(session, "body-map", "last step", step=1)[0].step == 1


@pytest.mark.parametrize(
    ("table", "field", "value"),
    [
        ("outputs", "id", ["a list"]),
        ("outputs", "principles", "2, 3"),
        ("session", "activities", [{"id": "body-map"}]),
        ("session", "group_size", "six"),
        ("session", "title", None),
    ],
)
def test_a_damaged_document_is_corrupt_for_reading_and_writing_and_left_untouched(
    session: Path, table: str, field: str, value: object
) -> None:
    add_output(session, "body-map", "Before the damage")
    data = json.loads(session.read_text(encoding="utf-8"))
    data[table]["1"][field] = value
    session.write_text(json.dumps(data), encoding="utf-8")
    before = session.read_bytes()
    with pytest.raises(CorruptSession, match="damaged"):
        load_session(session)
    with pytest.raises(CorruptSession, match="damaged"):
        add_output(session, "body-map", "After the damage")
    assert session.read_bytes() == before


def test_titles_and_aliases_are_one_line(session: Path, sessions: Path) -> None:
    path = create_session(sessions, "Our\nfirst   week\r\n", ["body-map"], facilitator="Sam\n(lead)")
    assert load_session(path).session.title == "Our first week"
    assert load_session(path).session.facilitator == "Sam (lead)"
    assert update_plan(session, title="two\nlines").title == "two lines"


def test_sheets_need_an_output_marked_for_the_sheet(session: Path) -> None:
    with pytest.raises(InputError, match="what happened"):
        issue_sheets(session, 1)


def test_session_lookup_by_id_or_path(session: Path, sessions: Path) -> None:
    assert session_path(sessions, session.stem) == session
    assert session_path(sessions, str(session)) == session
    with pytest.raises(SessionNotFound, match="codesign-kit list"):
        session_path(sessions, "nope")
    with pytest.raises(SessionNotFound):
        session_path(sessions, "../etc/passwd")


DAMAGED = {
    "truncated.json": None,  # filled in from a real session below
    "empty.json": b"",
    "garbage.json": b"\x00\xff\xfe not json",
    "foreign.json": b'{"_default": {"1": {"name": "something else"}}}',
    "list.json": b"[1, 2, 3]",
    "latin1.json": '{"meta": "caf\u00e9"}'.encode("latin-1"),
}


@pytest.mark.parametrize("name", sorted(DAMAGED))
def test_damaged_file_gives_a_clear_error_and_is_never_overwritten(session: Path, name: str) -> None:
    content = DAMAGED[name] if DAMAGED[name] is not None else session.read_bytes()[:57]
    damaged = session.with_name(name)
    damaged.write_bytes(content)
    with pytest.raises(CorruptSession) as caught:
        load_session(damaged)
    assert str(damaged) in str(caught.value)
    with pytest.raises(CorruptSession):
        add_output(damaged, "body-map", "would be lost")
    assert damaged.read_bytes() == content


def test_listing_carries_on_past_damaged_files_with_a_warning(session: Path, sessions: Path) -> None:
    (sessions / "broken.json").write_text("{not json", encoding="utf-8")
    summaries, warnings = list_sessions(sessions)
    assert [s.id for s in summaries] == [session.stem]
    assert len(warnings) == 1 and "broken.json" in warnings[0]


WRITER = """
import sys
from pathlib import Path
from kit.store import add_output
path = Path(sys.argv[1])
for i in range(int(sys.argv[2])):
    add_output(path, "body-map", f"{sys.argv[3]} {i}")
"""


def test_two_writers_lose_no_update(session: Path) -> None:
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(session), "40", label]) for label in ("left", "right")]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    texts = {o.text for o in load_session(session).outputs}
    assert texts == {f"{label} {i}" for label in ("left", "right") for i in range(40)}


KILLED_WRITER = """
import sys
from pathlib import Path
from kit.store import add_output
path, filler = Path(sys.argv[1]), "words of the group " * 200  # big outputs make each write take a while
add_output(path, "body-map", filler)
sys.stdout.write("saved\\n")
sys.stdout.flush()
while True:  # writes until it is killed
    add_output(path, "body-map", filler)
"""


@pytest.mark.long
def test_killing_a_writer_at_random_moments_never_corrupts_the_log(session: Path) -> None:
    # A fresh process each time (not a fork of the test runner, whose threads could hold a lock in the child).
    rng = random.Random(1234)
    saved = 0
    for _ in range(20):
        writer = subprocess.Popen(
            [sys.executable, "-c", KILLED_WRITER, str(session)], stdout=subprocess.PIPE, text=True
        )
        try:
            assert writer.stdout is not None
            assert writer.stdout.readline() == "saved\n"  # after its first complete write the kill may land
            time.sleep(rng.uniform(0.0, 0.03))  # somewhere in a later write, or between writes
        finally:
            writer.kill()
            writer.wait(timeout=60)
        log = load_session(session)  # must load every time: old or new content, never broken
        assert len(log.outputs) > saved  # the completed write is there, and nothing earlier was lost
        saved = len(log.outputs)
    assert not [p for p in session.parent.iterdir() if p.suffix == ".json" and p != session]
