"""The activity library: one TOML file per activity under `kit/activities/`, validated on load."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kit.errors import DataFileError, NotFound
from kit.vocab import ARTICLES, check_wording, load_themes, load_wording, read_toml, require

ACTIVITIES_DIR = Path(__file__).parent / "activities"
KINDS = ("opening", "activity", "closing", "follow-up")
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# The Lundy model of participation (2007): space to form a view, voice to express it, an audience with
# power to act, and influence (the view is acted on and young people hear what happened).
LUNDY = ("space", "voice", "audience", "influence")
# An interpreted step takes longer, but never more than this many times its plain minutes.
MAX_INTERPRETED_FACTOR = 3


@dataclass(frozen=True)
class Step:
    """One step of an activity: what the facilitator says, for how long, and what to capture."""

    title: str
    say: str
    minutes: int
    capture: str | None = None
    interpreted_minutes: int = 0

    @property
    def minutes_with_interpreting(self) -> int:
        """The step's minutes when everything said is interpreted."""
        return self.interpreted_minutes or self.minutes


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
    lundy: tuple[str, ...] = ()
    crisis_plan: bool = False
    check_first: str | None = None

    @property
    def interpreted_minutes(self) -> int:
        """The activity's minutes when every step is interpreted."""
        return sum(step.minutes_with_interpreting for step in self.steps)

    def summary(self) -> dict:
        """The fields a script needs, as plain JSON-ready values."""
        return {
            "id": self.id,
            "title": self.title,
            "kind": self.kind,
            "principles": list(self.principles),
            "themes": list(self.themes),
            "lundy": list(self.lundy),
            "minutes": self.minutes,
            "interpreted_minutes": self.interpreted_minutes,
            "group_size": list(self.group_size),
            "crisis_plan": self.crisis_plan,
            "check_first": self.check_first,
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
    interpreted = require(path, data, "interpreted_minutes", int, where)
    if not minutes <= interpreted <= minutes * MAX_INTERPRETED_FACTOR:
        raise DataFileError(
            f"{path}: field '{where}interpreted_minutes' should be between {minutes} and "
            f"{minutes * MAX_INTERPRETED_FACTOR} (the step's minutes, up to {MAX_INTERPRETED_FACTOR} times)."
        )
    capture = data.get("capture")
    if capture is not None:
        capture = str(require(path, data, "capture", str, where))
    say = str(require(path, data, "say", str, where))
    if say.count("?") > 1:
        raise DataFileError(
            f"{path}: field '{where}say' asks {say.count('?')} questions; ask one question per turn "
            "and put the next one in its own step."
        )
    return Step(
        title=str(require(path, data, "title", str, where)),
        say=say,
        minutes=minutes,
        capture=capture,
        interpreted_minutes=interpreted,
    )


def _right_to_pass(path: Path, steps: tuple[Step, ...], easy_read: str) -> None:
    """Refuse an activity that does not say, out loud and in easy read, that young people can pass and take back."""
    rules = load_wording()
    words = f"'{rules.pass_words[0]}' and '{rules.take_back[0]}'"
    if not rules.says_pass_and_take_back(steps[0].say):
        raise DataFileError(
            f"{path}: field 'steps[0].say' should tell young people they can pass and can take back what they said "
            f"(use the words {words})."
        )
    if not rules.says_pass_and_take_back(easy_read):
        raise DataFileError(
            f"{path}: field 'easy_read' should say that young people can pass and can take back what they said "
            f"(use the words {words})."
        )


def parse_activity(path: Path, data: dict, theme_ids: set[str]) -> Activity:
    """Build an Activity from one file's table, naming the file and field in any error."""
    check_wording(path, data)
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
    lundy = _str_list(path, data, "lundy")
    if not lundy or not set(lundy) <= set(LUNDY):
        raise DataFileError(f"{path}: field 'lundy' should list one or more of {', '.join(LUNDY)}.")
    crisis_plan = require(path, data, "crisis_plan", bool) if "crisis_plan" in data else False
    check_first = str(require(path, data, "check_first", str)) if "check_first" in data else None
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
    _right_to_pass(path, steps, text["easy_read"])
    return Activity(
        principles=tuple(sorted(set(principles))),
        themes=tuple(themes),
        minutes=minutes,
        group_size=(group[0], group[1]),
        materials=tuple(_str_list(path, data, "materials")),
        steps=steps,
        lundy=tuple(e for e in LUNDY if e in lundy),
        crisis_plan=bool(crisis_plan),
        check_first=check_first,
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


def find_activities(
    *, principle: int | None = None, theme: str | None = None, lundy: str | None = None
) -> list[Activity]:
    """The library's activities that serve a principle, a theme and a Lundy element (None means any)."""
    return [
        a
        for a in load_library().values()
        if (principle is None or principle in a.principles)
        and (theme is None or theme in a.themes)
        and (lundy is None or lundy in a.lundy)
    ]


# Activities whose id changed: sessions planned with the old id still find the activity.
RENAMED = {"message-in-a-bottle": "welcome-postcards"}


def find_activity(activity_id: str) -> Activity | None:
    """One activity by id (or by an id it had before), or None if the library has no such activity."""
    return load_library().get(RENAMED.get(activity_id, activity_id))


def get_activity(activity_id: str) -> Activity:
    """One activity by id (or by an id it had before), or a NotFound naming the ids that exist."""
    library = load_library()
    try:
        return library[RENAMED.get(activity_id, activity_id)]
    except KeyError:
        raise NotFound(
            f"No activity '{activity_id}' in the library. Run 'codesign-kit activities' to see the ids."
        ) from None
