"""Planning safeguards: what to settle before a session, from kit/data/planning.toml, for a given plan."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from kit.errors import DataFileError
from kit.library import Activity
from kit.vocab import DATA_DIR, check_wording, read_toml, require

PLANNING_FILE = DATA_DIR / "planning.toml"
WHEN = ("always", "interpreted-large", "small-group", "crisis-plan", "check-first")
PLACEHOLDERS = ("cap", "minimum", "activities", "activity", "note")

__all__ = ["Safeguard", "PlanningRules", "load_planning", "planning_safeguards"]


@dataclass(frozen=True)
class Safeguard:
    """One thing to settle while planning, worded for the facilitator."""

    id: str
    heading: str
    text: str
    when: str = "always"  # which rule brought it in (see WHEN): "always", or something about this plan


@dataclass(frozen=True)
class PlanningRules:
    """The planning limits and the safeguard templates, as loaded."""

    max_group_interpreted: int
    min_group_for_outputs: int
    templates: tuple[tuple[str, Safeguard], ...]


@cache
def load_planning() -> PlanningRules:
    """The planning safeguards file, validated, naming file and field in any error."""
    path = PLANNING_FILE
    data = read_toml(path)
    check_wording(path, data)
    limits = require(path, data, "limits", dict)
    cap = int(require(path, limits, "max_group_interpreted", int, "limits."))
    minimum = int(require(path, limits, "min_group_for_outputs", int, "limits."))
    if not 1 <= minimum <= cap:
        raise DataFileError(
            f"{path}: fields 'limits.min_group_for_outputs' and 'limits.max_group_interpreted' "
            "should be whole numbers with 1 <= minimum <= cap."
        )
    templates = []
    for i, row in enumerate(require(path, data, "safeguard", list)):
        where = f"safeguard[{i}]."
        when = str(require(path, row, "when", str, where))
        if when not in WHEN:
            raise DataFileError(f"{path}: field '{where}when' should be one of {', '.join(WHEN)}.")
        fields = {f: str(require(path, row, f, str, where)) for f in ("id", "heading", "text")}
        for field in ("heading", "text"):
            try:
                fields[field].format(**dict.fromkeys(PLACEHOLDERS, ""))
            except (KeyError, IndexError, ValueError):
                raise DataFileError(
                    f"{path}: field '{where}{field}' uses a placeholder the kit does not know; "
                    f"use only {', '.join('{' + p + '}' for p in PLACEHOLDERS)}."
                ) from None
        templates.append((when, Safeguard(**fields, when=when)))
    return PlanningRules(cap, minimum, tuple(templates))


def planning_safeguards(
    activities: Iterable[Activity], *, group_size: int | None = None, interpreter: bool = False
) -> list[Safeguard]:
    """The safeguards that apply to a plan: every session's, then those its group and activities call for."""
    rules = load_planning()
    planned = list(dict.fromkeys(activities))
    crisis = [a.title for a in planned if a.crisis_plan]
    values = {"cap": rules.max_group_interpreted, "minimum": rules.min_group_for_outputs}
    found: list[Safeguard] = []

    def add(template: Safeguard, **extra: str) -> None:
        words = {**values, **{k: v for k, v in extra.items() if k != "activity_id"}}
        found.append(
            Safeguard(
                id=template.id if "activity_id" not in extra else f"{template.id}-{extra['activity_id']}",
                heading=template.heading.format(**words),
                text=template.text.format(**words),
                when=template.when,
            )
        )

    for when, template in rules.templates:
        if when == "always":
            add(template)
        elif when == "interpreted-large" and interpreter and (group_size or 0) > rules.max_group_interpreted:
            add(template)
        elif when == "small-group" and group_size is not None and group_size < rules.min_group_for_outputs:
            add(template)
        elif when == "crisis-plan" and crisis:
            add(template, activities=_join(crisis))
        elif when == "check-first":
            for a in planned:
                if a.check_first:
                    add(template, activity=a.title, note=a.check_first, activity_id=a.id)
    return found


def _join(titles: list[str]) -> str:
    """'A', 'A and B', 'A, B and C' (quoted titles)."""
    quoted = [f"'{t}'" for t in titles]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} and {quoted[-1]}"
