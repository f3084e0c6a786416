"""The activity library and vocabularies load from data and reject bad files by file and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.errors import DataFileError, NotFound
from kit.library import ACTIVITIES_DIR, get_activity, load_library, load_library_from
from kit.vocab import ARTICLES, load_glossary, load_guidance, load_principles, load_themes

GOOD = """
id = "sample"
title = "Sample"
kind = "activity"
purpose = "A purpose."
principles = [12]
themes = ["safety"]
minutes = 10
group_size = [2, 8]
materials = []
easy_read = "Easy."
interpreter_notes = "Notes."
safeguarding_notes = "Remind everyone of the right to pass."
low_literacy = "Pictures."

[[steps]]
title = "Talk"
say = "Let's talk."
minutes = 10
"""


def write_activity(folder: Path, text: str, name: str = "sample.toml") -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_library_has_at_least_sixteen_valid_activities() -> None:
    library = load_library()
    assert len(library) >= 16
    assert len(list(ACTIVITIES_DIR.glob("*.toml"))) == len(library)


def test_every_principle_is_covered_at_least_three_times() -> None:
    for article in ARTICLES:
        assert sum(article in a.principles for a in load_library().values()) >= 3, article


def test_library_has_opening_closing_and_follow_up_activities() -> None:
    kinds = {a.kind for a in load_library().values()}
    assert {"opening", "activity", "closing", "follow-up"} <= kinds
    assert {"ground-rules", "check-in", "check-out", "what-happened"} <= set(load_library())


def test_every_activity_reminds_the_facilitator_of_the_right_to_pass() -> None:
    for activity in load_library().values():
        assert "right to pass" in activity.safeguarding_notes.lower(), activity.id


def test_activity_minutes_are_the_sum_of_their_steps() -> None:
    for activity in load_library().values():
        assert activity.minutes == sum(step.minutes for step in activity.steps)


def test_activity_themes_are_in_the_vocabulary() -> None:
    themes = load_themes()
    for activity in load_library().values():
        assert set(activity.themes) <= set(themes), activity.id


def test_unknown_activity_id_names_the_command_to_list_ids() -> None:
    with pytest.raises(NotFound, match="codesign-kit activities"):
        get_activity("no-such-thing")


def test_valid_file_loads(tmp_path: Path) -> None:
    write_activity(tmp_path, GOOD)
    activity = load_library_from(tmp_path, {"safety"})["sample"]
    assert activity.steps[0].say == "Let's talk."
    assert activity.group_size == (2, 8)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (("principles = [12]", "principles = [5]"), "principles"),
        (("minutes = 10\ngroup", "minutes = 11\ngroup"), "minutes"),
        (('themes = ["safety"]', 'themes = ["weather"]'), "themes"),
        (('kind = "activity"', 'kind = "party"'), "kind"),
        (("group_size = [2, 8]", "group_size = [9, 8]"), "group_size"),
        (('title = "Sample"\n', ""), "title"),
        (('say = "Let\'s talk."', 'say = ""'), "steps[0].say"),
        (('id = "sample"', 'id = "other"'), "id"),
        (("minutes = 10\n", 'minutes = "ten"\n'), "minutes"),
    ],
)
def test_invalid_file_error_names_file_and_field(tmp_path: Path, change: tuple[str, str], field: str) -> None:
    path = write_activity(tmp_path, GOOD.replace(*change, 1))
    with pytest.raises(DataFileError) as caught:
        load_library_from(tmp_path, {"safety"})
    assert str(path) in str(caught.value)
    assert f"'{field}'" in str(caught.value)


def test_broken_toml_names_the_file(tmp_path: Path) -> None:
    path = write_activity(tmp_path, "id = ")
    with pytest.raises(DataFileError, match=str(path)):
        load_library_from(tmp_path, set())


def test_principles_are_the_four_general_principles() -> None:
    principles = load_principles()
    assert tuple(principles) == ARTICLES
    for p in principles.values():
        assert p.colour.startswith("#") and p.icon and p.child_friendly


def test_coordinator_can_add_own_themes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    extra = tmp_path / "themes.toml"
    extra.write_text('[[theme]]\nid = "food"\nname = "Food"\ndescription = "Meals together."\n', encoding="utf-8")
    monkeypatch.setenv("KIT_THEMES", str(extra))
    themes = load_themes()
    assert "food" in themes and "safety" in themes


def test_glossary_and_guidance_load() -> None:
    terms = {t.term for t in load_glossary()}
    assert any("National Referral Mechanism" in t for t in terms)
    assert load_guidance("interpreting", "rule")
    assert any("pass" in heading.lower() for heading, _ in load_guidance("safety", "section"))
