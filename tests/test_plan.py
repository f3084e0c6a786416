"""The plan as blocks: minutes per activity, breaks and own blocks, clock times, interpreting, old files."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path

import pytest

from kit.errors import InputError, KitError
from kit.library import get_activity
from kit.model import Block
from kit.plan import (
    MAX_BLOCK,
    interpreted_activity_minutes,
    interpreted_step_minutes,
    interpreting_factors,
    parse_clock,
    parse_minutes,
    schedule,
    session_schedule,
)
from kit.store import (
    create_session,
    delete_session,
    duplicate_session,
    list_sessions,
    load_session,
    show_date,
    update_plan,
)
from kit.vocab import language_code, load_languages


def test_clock_times_follow_each_block_from_the_start_time() -> None:
    blocks = [
        Block("activity", "check-in"),
        Block("break", minutes=15, title="Tea"),
        Block("activity", "body-map", minutes=25),
        Block("energiser", minutes=5),
    ]
    timed = schedule(blocks, start="09:30", planned=60)
    assert [b.clock for b in timed.blocks] == ["09:30", "09:40", "09:55", "10:20"]
    assert [b.minutes for b in timed.blocks] == [10, 15, 25, 5]
    assert [b.title for b in timed.blocks] == [
        get_activity("check-in").title,
        "Tea",
        get_activity("body-map").title,
        "Energiser",
    ]
    assert timed.end_clock == "10:25"
    text, over = timed.total_message()
    assert (text, over) == ("Total 55 min, 09:30 to 10:25: fits the 60 planned (5 spare).", False)


def test_without_a_start_time_there_are_no_clock_times() -> None:
    timed = schedule([Block("activity", "check-in")])
    assert timed.blocks[0].clock == "" and timed.end_clock == ""
    assert timed.total_message() == ("Total 10 min. Set a planned length to check it fits.", False)


def test_a_plan_past_midnight_wraps_the_clock() -> None:
    timed = schedule([Block("break", minutes=30)], start="23:45")
    assert timed.end_clock == "00:15"


def test_interpreting_uses_the_factor_of_each_kind_of_step_from_the_data_file() -> None:
    factors = interpreting_factors()
    check_in = get_activity("check-in")
    expected = sum(
        s.interpreted_minutes or math.ceil(s.minutes * factors["discussion" if s.capture else "instructions"])
        for s in check_in.steps
    )
    # A step that gives no interpreted minutes of its own is timed by its kind's factor.
    for step in check_in.steps:
        bare = replace(step, interpreted_minutes=0)
        kind = "discussion" if step.capture else "instructions"
        assert interpreted_step_minutes(bare) == math.ceil(step.minutes * factors[kind])
    timed = schedule([Block("activity", "check-in"), Block("break", minutes=10)], interpreter=True, start="10:00")
    assert timed.blocks[0].interpreted == expected == interpreted_activity_minutes(check_in)
    assert timed.blocks[1].interpreted == math.ceil(10 * factors["break"])
    # The clock follows the time the room will take, interpreting included.
    assert timed.blocks[1].clock == f"10:{expected:02d}"
    assert timed.length == expected + timed.blocks[1].interpreted


def test_a_changed_activity_length_grows_its_interpreting_in_proportion() -> None:
    body_map = get_activity("body-map")
    plain = schedule([Block("activity", "body-map")], interpreter=True).blocks[0]
    doubled = schedule([Block("activity", "body-map", minutes=body_map.minutes * 2)], interpreter=True).blocks[0]
    assert doubled.minutes == body_map.minutes * 2
    assert doubled.interpreted == plain.interpreted * 2


def test_the_total_compares_the_time_with_interpreting_with_the_planned_length() -> None:
    minutes = get_activity("check-in").minutes
    with_interpreting = interpreted_activity_minutes(get_activity("check-in"))
    fits_alone = schedule([Block("activity", "check-in")], planned=minutes)
    assert fits_alone.total_message()[1] is False
    interpreted = schedule([Block("activity", "check-in")], interpreter=True, planned=minutes)
    text, over = interpreted.total_message()
    assert over
    assert f"Total {minutes} min, {with_interpreting} with interpreting" in text
    assert f"{with_interpreting - minutes} min over the {minutes} planned" in text


def test_steps_of_a_block_get_their_share_of_its_minutes() -> None:
    block = schedule([Block("activity", "check-in", minutes=20)]).blocks[0]
    times = block.step_times()
    assert [start for _, start, _ in times][0] == 0
    assert sum(length for _, _, length in times) == 20


@pytest.mark.parametrize("typed", ["0", "1000", "-5", "abc", "", "2.5"])
def test_block_minutes_out_of_range_are_refused_with_what_to_type(typed: str) -> None:
    with pytest.raises(InputError, match="minute"):
        parse_minutes(typed)


def test_block_minutes_in_range_are_accepted() -> None:
    assert parse_minutes(" 15 ") == 15 and parse_minutes(str(MAX_BLOCK)) == MAX_BLOCK


@pytest.mark.parametrize(
    ("typed", "clock"), [("9:30", "09:30"), ("09.30", "09:30"), ("14:00", "14:00"), ("9", "09:00"), ("", "")]
)
def test_start_times_are_read_as_facilitators_write_them(typed: str, clock: str) -> None:
    assert parse_clock(typed) == clock


@pytest.mark.parametrize("typed", ["25:00", "12:60", "noon", "930", "9:5", "[b]9:00[/b]"])
def test_a_start_time_that_is_not_a_time_of_day_is_refused(typed: str) -> None:
    with pytest.raises(InputError, match="HH:MM"):
        parse_clock(typed)


def test_blocks_are_stored_in_order_and_read_back(sessions: Path) -> None:
    blocks = [
        Block("activity", "check-in", minutes=15),
        Block("break", minutes=10, title="  Tea   and fruit ", notes="Halal snacks"),
        Block("own", minutes=20, title="Visit from the housing team"),
        Block("activity", "check-out"),
    ]
    path = create_session(sessions, "Week", [], blocks=blocks, start="9:05", date="14/03/2026")
    session = load_session(path).session
    assert session.start == "09:05" and session.date == "2026-03-14"
    assert session.activities == ["check-in", "check-out"]
    assert [(b.kind, b.minutes, b.title) for b in session.blocks] == [
        ("activity", 15, ""),
        ("break", 10, "Tea and fruit"),
        ("own", 20, "Visit from the housing team"),
        ("activity", None, ""),
    ]
    assert session.blocks[1].notes == "Halal snacks"
    assert [b.clock for b in session_schedule(session).blocks] == ["09:05", "09:20", "09:30", "09:50"]


def test_a_plan_stored_as_a_list_of_activity_ids_still_loads(sessions: Path) -> None:
    path = create_session(sessions, "Old", ["check-in", "body-map"], date="2026-03-14")
    data = json.loads(path.read_text())
    for doc in data["session"].values():  # as an earlier kit wrote it: no blocks, no start
        del doc["blocks"], doc["start"]
    path.write_text(json.dumps(data))
    session = load_session(path).session
    assert [b.activity for b in session.blocks] == ["check-in", "body-map"]
    assert session.start == ""
    assert list_sessions(sessions)[0][0].title == "Old"
    update_plan(path, blocks=[*session.blocks, Block("break", minutes=5)], start="10:00")
    again = load_session(path).session
    assert again.activities == ["check-in", "body-map"] and again.blocks[-1].kind == "break"


def test_blocks_an_older_kit_left_behind_its_activities_give_way_to_them(sessions: Path) -> None:
    path = create_session(sessions, "W", [], blocks=[Block("activity", "check-in"), Block("break", minutes=5)])
    data = json.loads(path.read_text())
    for doc in data["session"].values():  # an older kit changed the ids and knew nothing of blocks
        doc["activities"] = ["body-map"]
    path.write_text(json.dumps(data))
    assert [b.activity for b in load_session(path).session.blocks] == ["body-map"]


@pytest.mark.parametrize(
    ("block", "needle"),
    [
        (Block("break", minutes=0), "at least 1"),
        (Block("break", minutes=1000), "at most 240"),
        (Block("break", minutes=5, title="x" * 5000), "5,000 characters"),
        (Block("own", minutes=5, notes="y" * 600), "notes"),
        (Block("activity", "no-such-activity"), "codesign-kit activities"),
        (Block("dance", minutes=5), "kind"),
    ],
)
def test_a_bad_block_is_refused_and_nothing_is_written(sessions: Path, block: Block, needle: str) -> None:
    path = create_session(sessions, "W", ["check-in"])
    before = path.read_bytes()
    with pytest.raises(KitError, match=needle):
        update_plan(path, blocks=[Block("activity", "check-in"), block])
    with pytest.raises(KitError, match=needle):
        create_session(sessions, "W2", [], blocks=[block])
    assert path.read_bytes() == before and len(list(sessions.glob("*.json"))) == 1


def test_block_titles_keep_markup_escape_codes_and_rtl_text_as_typed_text(sessions: Path) -> None:
    title = "[bold]استراحة[/] \x1b[31m A [/] B"
    path = create_session(sessions, "W", [], blocks=[Block("break", minutes=5, title=title)])
    stored = load_session(path).session.blocks[0].title
    assert "\x1b" not in stored  # the escape character goes; what was typed around it stays
    assert stored.startswith("[bold]استراحة[/]") and "A [/] B" in stored


@pytest.mark.parametrize(
    ("typed", "stored"), [("14/03/2026", "2026-03-14"), ("4/3/2026", "2026-03-04"), ("2026-03-14", "2026-03-14")]
)
def test_dates_are_read_day_first_as_uk_facilitators_write_them(sessions: Path, typed: str, stored: str) -> None:
    path = create_session(sessions, "W", ["check-in"], date=typed)
    assert load_session(path).session.date == stored
    assert show_date(stored) == f"{stored[8:]}/{stored[5:7]}/{stored[:4]}"


@pytest.mark.parametrize("typed", ["03/14/2026", "31/02/2026", "14/03/26", "tomorrow"])
def test_a_date_that_cannot_be_read_says_the_format(sessions: Path, typed: str) -> None:
    with pytest.raises(InputError, match="DD/MM/YYYY"):
        create_session(sessions, "W", ["check-in"], date=typed)


def test_languages_are_codes_from_the_known_list_and_names_are_turned_into_codes(sessions: Path) -> None:
    assert {"en", "ar", "fa", "ti", "am", "vi", "sq", "ro", "ps"} <= set(load_languages())
    assert language_code("Tigrinya") == "ti" and language_code(" FA ") == "fa" and language_code("persian") == "fa"
    path = create_session(sessions, "W", ["check-in"], languages=["en", "tigrinya", "ti"])
    assert load_session(path).session.languages == ["en", "ti"]
    with pytest.raises(InputError, match=r"ti \(Tigrinya\)"):
        create_session(sessions, "W", ["check-in"], languages=["klingon"])
    with pytest.raises(InputError, match="give the code"):
        language_code("kurdish")


def test_duplicating_a_session_copies_the_plan_and_nothing_the_group_said(demo_session: Path) -> None:
    update_plan(demo_session, blocks=[*load_session(demo_session).session.blocks, Block("break", minutes=5)])
    copy = duplicate_session(demo_session)
    original, duplicate = load_session(demo_session), load_session(copy)
    assert copy != demo_session and copy.parent == demo_session.parent
    assert duplicate.session.title == f"Copy of {original.session.title}"
    assert duplicate.session.blocks == original.session.blocks
    assert duplicate.session.languages == original.session.languages
    assert original.outputs and not duplicate.outputs and not duplicate.responses and not duplicate.tickets


def test_deleting_a_session_removes_its_file_and_nothing_else(demo_session: Path) -> None:
    other = create_session(demo_session.parent, "Keep me", ["check-in"])
    delete_session(demo_session)
    assert not demo_session.exists() and other.exists()
    assert not list(demo_session.parent.glob(f".{demo_session.name}*"))


def test_a_file_that_is_not_a_session_log_is_never_deleted(sessions: Path) -> None:
    stray = sessions / "notes.json"
    stray.write_text('{"not": "a session"}')
    with pytest.raises(KitError, match="untouched"):
        delete_session(stray)
    assert stray.exists()


def test_the_demo_fits_its_planned_length_with_interpreting_and_a_break(demo_session: Path) -> None:
    session = load_session(demo_session).session
    timed = session_schedule(session)
    assert session.interpreter and len(session.languages) >= 3
    assert any(block.kind == "break" for block in session.blocks)
    assert session.length_minutes is not None and timed.length <= session.length_minutes
    assert timed.total_message()[1] is False
