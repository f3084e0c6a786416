"""The activity library: one TOML file per activity under `kit/activities/`, validated on load."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kit.errors import DataFileError, NotFound
from kit.vocab import ARTICLES, load_themes, read_toml, require

ACTIVITIES_DIR = Path(__file__).parent / "activities"
KINDS = ("opening", "activity", "closing", "follow-up")
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Step:
    """One step of an activity: what the facilitator says, for how long, and what to capture."""

    title: str
    say: str
    minutes: int
    capture: str | None = None


@dataclass(frozen=True)
class Activity:
    """An activity card as the facilitator, interpreter and printables see it."""

    id: str
    title: str
    kind: str
    purpose: str
    principles: tuple[int, ...]
    themes: tuple[str, ...]
    minutes: int
    group_size: tuple[int, int]
    materials: tuple[str, ...]
    steps: tuple[Step, ...]
    easy_read: str
    interpreter_notes: str
    safeguarding_notes: str
    low_literacy: str

    def summary(self) -> dict:
        """The fields a script needs, as plain JSON-ready values."""
        return {
            "id": self.id,
            "title": self.title,
            "kind": self.kind,
            "principles": list(self.principles),
            "themes": list(self.themes),
            "minutes": self.minutes,
            "group_size": list(self.group_size),
        }


def _int_list(path: Path, data: dict, field: str) -> list[int]:
    values = require(path, data, field, list)
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        raise DataFileError(f"{path}: field '{field}' should be a list of whole numbers.")
    return values


def _str_list(path: Path, data: dict, field: str) -> list[str]:
    values = require(path, data, field, list)
    if not all(isinstance(v, str) and v.strip() for v in values):
        raise DataFileError(f"{path}: field '{field}' should be a list of non-empty strings.")
    return values


def _parse_step(path: Path, index: int, data: object) -> Step:
    where = f"steps[{index}]."
    if not isinstance(data, dict):
        raise DataFileError(f"{path}: 'steps[{index}]' should be a table ([[steps]]).")
    minutes = require(path, data, "minutes", int, where)
    if minutes < 1:
        raise DataFileError(f"{path}: field '{where}minutes' should be at least 1.")
    capture = data.get("capture")
    if capture is not None:
        capture = str(require(path, data, "capture", str, where))
    return Step(
        title=str(require(path, data, "title", str, where)),
        say=str(require(path, data, "say", str, where)),
        minutes=minutes,
        capture=capture,
    )


def parse_activity(path: Path, data: dict, theme_ids: set[str]) -> Activity:
    """Build an Activity from one file's table, naming the file and field in any error."""
    text = {
        f: str(require(path, data, f, str))
        for f in (
            "id",
            "title",
            "kind",
            "purpose",
            "easy_read",
            "interpreter_notes",
            "safeguarding_notes",
            "low_literacy",
        )
    }
    if not ID_PATTERN.match(text["id"]):
        raise DataFileError(f"{path}: field 'id' should use lowercase letters, digits and hyphens only.")
    if text["id"] != path.stem:
        raise DataFileError(
            f"{path}: field 'id' is '{text['id']}' but the file is named '{path.name}'; make them match."
        )
    if text["kind"] not in KINDS:
        raise DataFileError(f"{path}: field 'kind' should be one of {', '.join(KINDS)}.")
    principles = _int_list(path, data, "principles")
    if not principles or not set(principles) <= set(ARTICLES):
        raise DataFileError(f"{path}: field 'principles' should list one or more of {ARTICLES}.")
    themes = _str_list(path, data, "themes")
    unknown = sorted(set(themes) - theme_ids)
    if unknown:
        raise DataFileError(f"{path}: field 'themes' has unknown theme(s) {', '.join(unknown)}.")
    group = _int_list(path, data, "group_size")
    if len(group) != 2 or not 1 <= group[0] <= group[1]:
        raise DataFileError(f"{path}: field 'group_size' should be [min, max] with 1 <= min <= max.")
    raw_steps = require(path, data, "steps", list)
    if not raw_steps:
        raise DataFileError(f"{path}: field 'steps' needs at least one step.")
    steps = tuple(_parse_step(path, i, s) for i, s in enumerate(raw_steps))
    minutes = require(path, data, "minutes", int)
    if minutes != sum(s.minutes for s in steps):
        raise DataFileError(
            f"{path}: field 'minutes' is {minutes} but the steps add up to {sum(s.minutes for s in steps)}."
        )
    return Activity(
        principles=tuple(sorted(set(principles))),
        themes=tuple(themes),
        minutes=minutes,
        group_size=(group[0], group[1]),
        materials=tuple(_str_list(path, data, "materials")),
        steps=steps,
        **text,
    )


def load_library_from(folder: Path, theme_ids: set[str]) -> dict[str, Activity]:
    """Load and validate every `*.toml` activity in a folder, keyed by id in file-name order."""
    activities: dict[str, Activity] = {}
    for path in sorted(folder.glob("*.toml")):
        activity = parse_activity(path, read_toml(path), theme_ids)
        activities[activity.id] = activity
    if not activities:
        raise DataFileError(f"{folder}: no activity files found; reinstall the kit.")
    return activities


@cache
def load_library() -> dict[str, Activity]:
    """The kit's activity library, keyed by id, ordered openings first and closings last."""
    activities = load_library_from(ACTIVITIES_DIR, set(load_themes()))
    order = {kind: i for i, kind in enumerate(("opening", "activity", "closing", "follow-up"))}
    return dict(sorted(activities.items(), key=lambda item: (order[item[1].kind], item[1].title.lower())))


def get_activity(activity_id: str) -> Activity:
    """One activity by id, or a NotFound naming the ids that exist."""
    library = load_library()
    try:
        return library[activity_id]
    except KeyError:
        raise NotFound(
            f"No activity '{activity_id}' in the library. Run 'codesign-kit activities' to see the ids."
        ) from None
