"""The session plan as blocks with clock times: activities, breaks, energisers and own blocks, timed with
and without interpreting. Plain Python: the Plan screen, the CLI, `show` and the agenda all use it."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from kit.errors import DataFileError, InputError, KitError
from kit.library import Activity, Step, get_activity
from kit.model import BLOCK_KINDS, Block, Session
from kit.vocab import DATA_DIR, read_toml

MIN_BLOCK = 1
MAX_BLOCK = 240  # four hours: longer is a typing slip (a session day is split into blocks)
MAX_BLOCK_TITLE = 80
MAX_BLOCK_NOTES = 500
MAX_BLOCKS = 60
TIMING_FILE = DATA_DIR / "interpreting-time.toml"
STEP_KINDS = ("instructions", "discussion")
DEFAULT_TITLES = {"break": "Break", "energiser": "Energiser", "own": "Own block"}
_CLOCK = re.compile(r"^\s*(\d{1,2})(?:[:.h](\d{2}))?\s*$")


@cache
def interpreting_factors() -> dict[str, float]:
    """How many times longer each kind of step takes with interpreting, from the data file."""
    table = read_toml(TIMING_FILE).get("factor")
    kinds = (*STEP_KINDS, "break", "energiser", "own")
    if not isinstance(table, dict):
        raise DataFileError(f"{TIMING_FILE}: a [factor] table is missing.")
    factors: dict[str, float] = {}
    for kind in kinds:
        value = table.get(kind)
        if isinstance(value, bool) or not isinstance(value, int | float) or not 1 <= value <= 5:
            raise DataFileError(f"{TIMING_FILE}: field 'factor.{kind}' should be a number from 1 to 5.")
        factors[kind] = float(value)
    return factors


def step_kind(step: Step) -> str:
    """A step that captures what the group says is a discussion; any other step is instructions."""
    return "discussion" if step.capture else "instructions"


def interpreted_step_minutes(step: Step) -> int:
    """A step's minutes with interpreting: its own figure if the activity gives one, else by its kind."""
    if step.interpreted_minutes >= step.minutes:  # the activity's own figure (the library checks its range)
        return step.interpreted_minutes
    return math.ceil(step.minutes * interpreting_factors()[step_kind(step)])


def interpreted_activity_minutes(activity: Activity) -> int:
    """An activity's minutes with interpreting, step by step."""
    return sum(interpreted_step_minutes(step) for step in activity.steps)


# Checking what the facilitator typed.


def parse_minutes(text: str | int, what: str = "A block") -> int:
    """Whole minutes from MIN_BLOCK to MAX_BLOCK, or InputError saying what to type."""
    value = text if isinstance(text, int) else (int(text.strip()) if text.strip().isdigit() else None)
    if value is None:
        shown = str(text).strip()[:20]
        found = f"'{shown}'" if shown else "nothing"
        raise InputError(f"{what} needs its length in whole minutes (for example 15), not {found}.")
    if value < MIN_BLOCK:
        raise InputError(f"{what} should last at least {MIN_BLOCK} minute, not {value}.")
    if value > MAX_BLOCK:
        raise InputError(
            f"{what} should last at most {MAX_BLOCK} minutes, not {value:,}; split a long part of the day into blocks."
        )
    return value


def parse_clock(text: str) -> str:
    """A start time as HH:MM (24-hour; 9:30, 09.30, 9h30 and 9 are read too), '' for none; InputError if not."""
    if not text.strip():
        return ""
    match = _CLOCK.match(text)
    if match is None or int(match[1]) > 23 or int(match[2] or 0) > 59:
        shown = text.strip()[:20]
        raise InputError(f"'{shown}' is not a time of day; write the start time as HH:MM, for example 09:30 or 14:00.")
    return f"{int(match[1]):02d}:{match[2] or '00'}"


def clock_minutes(clock: str) -> int | None:
    """Minutes after midnight of an HH:MM time, or None for ''."""
    return int(clock[:2]) * 60 + int(clock[3:5]) if clock else None


def clock_text(minutes: int) -> str:
    """Minutes after midnight as HH:MM (past midnight wraps round)."""
    minutes %= 24 * 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def check_block(block: Block, clean: object = None) -> Block:
    """A block checked: a known kind, an activity that exists, minutes in range, title and notes not too long."""
    if block.kind not in BLOCK_KINDS:
        raise InputError(f"A block's kind should be one of {', '.join(BLOCK_KINDS)}, not '{block.kind[:20]}'.")
    if block.kind == "activity":
        get_activity(block.activity)
    elif block.activity:
        raise InputError("Only an activity block names an activity.")
    if block.minutes is not None:
        parse_minutes(block.minutes, f"'{describe(block)[:40]}'")
    elif block.kind != "activity":
        raise InputError(f"Give the {BLOCK_KINDS[block.kind].lower()} a number of minutes.")
    if len(block.title) > MAX_BLOCK_TITLE:
        raise InputError(
            f"A block title is {len(block.title):,} characters long; the limit is {MAX_BLOCK_TITLE}. "
            "Put the details in the block's notes."
        )
    if len(block.notes) > MAX_BLOCK_NOTES:
        raise InputError(
            f"A block's notes are {len(block.notes):,} characters long; the limit is {MAX_BLOCK_NOTES}. Shorten them."
        )
    return block


def check_blocks(blocks: Sequence[Block]) -> list[Block]:
    """Every block checked; at most MAX_BLOCKS of them."""
    if len(blocks) > MAX_BLOCKS:
        raise InputError(f"A plan can hold at most {MAX_BLOCKS} blocks; this one has {len(blocks)}.")
    return [check_block(b) for b in blocks]


def describe(block: Block) -> str:
    """The block's title as shown: the activity's title, or the block's own (or its kind's name)."""
    if block.kind == "activity":
        try:
            return get_activity(block.activity).title
        except KitError:  # an activity this copy of the kit does not have: show its id rather than fail
            return block.activity
    return block.title or DEFAULT_TITLES.get(block.kind, "Block")


# The schedule: each block's minutes, minutes with interpreting and clock time.


@dataclass(frozen=True)
class TimedBlock:
    """One block of the plan with its times."""

    number: int
    block: Block
    title: str
    minutes: int  # as planned, without interpreting
    interpreted: int  # with interpreting (the same as minutes when there is no interpreter)
    start: int | None  # minutes after midnight, None without a start time
    activity: Activity | None

    @property
    def length(self) -> int:
        """The minutes the room will actually take: with interpreting when an interpreter is there."""
        return self.interpreted

    @property
    def clock(self) -> str:
        """The block's start as HH:MM, or '' without a start time."""
        return "" if self.start is None else clock_text(self.start)

    @property
    def end_clock(self) -> str:
        return "" if self.start is None else clock_text(self.start + self.length)

    def step_times(self) -> list[tuple[Step, int, int]]:
        """An activity's steps with the minutes each takes in this block (scaled if its minutes changed)
        and its start in minutes after the block's start."""
        if self.activity is None:
            return []
        steps = self.activity.steps
        own = [self._step_length(s) for s in steps]
        scale = self.length / sum(own)
        out: list[tuple[Step, int, int]] = []
        at = 0.0
        for step, minutes in zip(steps, own, strict=True):
            start = round(at)
            at += minutes * scale
            out.append((step, start, round(at) - start))
        return out

    def _step_length(self, step: Step) -> int:
        return interpreted_step_minutes(step) if self.interpreted != self.minutes else step.minutes


@dataclass(frozen=True)
class Schedule:
    """The plan timed: blocks, totals against the planned length, and the end time."""

    blocks: list[TimedBlock]
    interpreter: bool
    planned: int | None
    start: int | None

    @property
    def minutes(self) -> int:
        """Total minutes without interpreting."""
        return sum(b.minutes for b in self.blocks)

    @property
    def length(self) -> int:
        """Total minutes the room will take (with interpreting when there is an interpreter)."""
        return sum(b.length for b in self.blocks)

    @property
    def end_clock(self) -> str:
        return "" if self.start is None else clock_text(self.start + self.length)

    def total_message(self) -> tuple[str, bool]:
        """The running total against the planned length, and whether it is over."""
        if self.interpreter:
            text = f"Total {self.minutes} min, {self.length} with interpreting"
        else:
            text = f"Total {self.length} min"
        if self.end_clock:
            text += f", {clock_text(self.start or 0)} to {self.end_clock}"
        if self.planned is None:
            return f"{text}. Set a planned length to check it fits.", False
        if self.length > self.planned:
            over = self.length - self.planned
            return f"{text}: {over} min over the {self.planned} planned. Remove or shorten.", True
        return f"{text}: fits the {self.planned} planned ({self.planned - self.length} spare).", False

    def to_json(self) -> list[dict]:
        """The timed blocks as plain values (for `show --json`)."""
        return [
            {
                "number": b.number,
                "kind": b.block.kind,
                "activity": b.block.activity or None,
                "title": b.title,
                "minutes": b.minutes,
                "interpreted_minutes": b.interpreted if self.interpreter else None,
                "start": b.clock or None,
                "end": b.end_clock or None,
                "notes": b.block.notes,
            }
            for b in self.blocks
        ]


def time_block(block: Block, interpreter: bool) -> tuple[int, int, Activity | None]:
    """A block's minutes, its minutes with interpreting (if an interpreter is there) and its activity."""
    if block.kind == "activity":
        try:
            activity = get_activity(block.activity)
        except KitError:  # planned with a newer library: its minutes if they were set, else none
            return block.minutes or 0, block.minutes or 0, None
        minutes = block.minutes or activity.minutes
        if not interpreter:
            return minutes, minutes, activity
        interpreted = interpreted_activity_minutes(activity)
        if minutes != activity.minutes:  # changed by the facilitator: interpreting grows in proportion
            interpreted = math.ceil(minutes * interpreted / activity.minutes)
        return minutes, interpreted, activity
    minutes = block.minutes or MIN_BLOCK
    factor = interpreting_factors().get(block.kind, 1.0) if interpreter else 1.0
    return minutes, math.ceil(minutes * factor), None


def schedule(
    blocks: Iterable[Block], *, interpreter: bool = False, start: str = "", planned: int | None = None
) -> Schedule:
    """Time the blocks in order from the start time."""
    at = clock_minutes(start)
    timed: list[TimedBlock] = []
    for number, block in enumerate(blocks, 1):
        minutes, interpreted, activity = time_block(block, interpreter)
        timed.append(TimedBlock(number, block, describe(block), minutes, interpreted, at, activity))
        if at is not None:
            at += interpreted
    return Schedule(timed, interpreter, planned, clock_minutes(start))


def session_schedule(session: Session) -> Schedule:
    """A session's plan timed, with interpreting if an interpreter will be there."""
    return schedule(
        session.blocks, interpreter=session.interpreter, start=session.start, planned=session.length_minutes
    )
