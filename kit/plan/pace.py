"""The session clock: how long the room has run against the plan, and whether it is ahead or behind.

Plain arithmetic on seconds, so the Run screen (or a test) supplies the clock.
"""

from __future__ import annotations

from dataclasses import dataclass

from kit.model import Session
from kit.plan.blocks import session_schedule

ON_TIME_SECONDS = 60  # within a minute of the plan counts as on time


@dataclass(frozen=True)
class StepSlot:
    """Where a step sits in the plan: its start (minutes after the session starts) and its minutes."""

    start: int
    minutes: int


@dataclass(frozen=True)
class RunPlan:
    """The planned activities' steps in time (breaks and own blocks counted in the starts), and the total."""

    activities: list[str]
    slots: list[list[StepSlot]]
    total: int


def run_plan(session: Session) -> RunPlan:
    """Time each planned activity's steps as the plan does (changed minutes and interpreting included)."""
    activities: list[str] = []
    slots: list[list[StepSlot]] = []
    at = 0
    schedule = session_schedule(session)
    for block in schedule.blocks:
        if block.activity is not None:
            activities.append(block.activity.id)
            slots.append([StepSlot(at + start, minutes) for _, start, minutes in block.step_times()])
        at += block.length
    return RunPlan(activities, slots, schedule.length)


def clock_text(seconds: float) -> str:
    """Elapsed seconds as minutes and seconds, e.g. 47:05 (minutes go past 60 for a long session)."""
    whole = int(max(seconds, 0))
    return f"{whole // 60:02d}:{whole % 60:02d}"


def pace(elapsed: float, planned_at: float) -> str:
    """'on time', or how many minutes the room is behind or ahead of where the plan would be now."""
    delta = elapsed - planned_at
    if abs(delta) < ON_TIME_SECONDS:
        return "on time"
    minutes = round(abs(delta) / 60)
    return f"{minutes} min {'behind' if delta > 0 else 'ahead'}"


def planned_position(slot: StepSlot, used: float) -> float:
    """Seconds into the plan the room should be at: the step's start plus its time used (overtime not counted)."""
    return slot.start * 60 + min(max(used, 0.0), slot.minutes * 60)


def session_clock_line(elapsed: float | None, total: int, planned_at: float) -> str:
    """The line the Run screen shows: elapsed against planned, and ahead or behind."""
    if elapsed is None:
        return f"{total} min planned · the session clock starts with the first timer (F5)"
    return f"Session {clock_text(elapsed)} of {total} min · {pace(elapsed, planned_at)}"
