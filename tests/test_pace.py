"""The session clock's arithmetic: elapsed against the plan, ahead or behind, steps timed as the plan times them."""

from __future__ import annotations

from kit.model import Block, Session
from kit.plan.pace import StepSlot, clock_text, pace, planned_position, run_plan, session_clock_line


def test_pace_says_on_time_within_a_minute_then_minutes_behind_or_ahead() -> None:
    assert pace(600, 590) == "on time"
    assert pace(600, 300) == "5 min behind"
    assert pace(300, 600) == "5 min ahead"


def test_the_planned_position_counts_a_step_up_to_its_minutes_and_no_further() -> None:
    slot = StepSlot(start=10, minutes=5)
    assert planned_position(slot, 0) == 600
    assert planned_position(slot, 120) == 720
    assert planned_position(slot, 900) == 900  # overtime on the step is time behind, not planned


def test_run_plan_counts_breaks_in_the_starts_and_changed_minutes_in_the_steps() -> None:
    session = Session(
        id="s",
        title="t",
        date="2026-03-14",
        activities=["ground-rules", "check-out"],
        blocks=[
            Block("activity", "ground-rules"),
            Block("break", minutes=15, title="Tea"),
            Block("activity", "check-out"),
        ],
    )
    plan = run_plan(session)
    assert plan.activities == ["ground-rules", "check-out"]
    first, second = plan.slots
    assert first[0].start == 0 and sum(s.minutes for s in first) == first[-1].start + first[-1].minutes
    ground_rules = sum(s.minutes for s in first)
    assert second[0].start == ground_rules + 15
    assert plan.total == second[-1].start + second[-1].minutes


def test_the_clock_line_before_and_after_the_first_timer() -> None:
    assert session_clock_line(None, 90, 0) == "90 min planned · the session clock starts with the first timer (F5)"
    assert session_clock_line(25 * 60 + 3, 90, 20 * 60) == "Session 25:03 of 90 min · 5 min behind"
    assert clock_text(95 * 60) == "95:00"
