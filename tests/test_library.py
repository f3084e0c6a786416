"""The activity library and vocabularies load from data and reject bad files by file and field."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from kit.errors import DataFileError, NotFound
from kit.library import (
    ACTIVITIES_DIR,
    LUNDY,
    find_activities,
    find_activity,
    get_activity,
    load_library,
    load_library_from,
)
from kit.plan.safeguards import load_planning, planning_safeguards
from kit.vocab import (
    ARTICLES,
    checked_date,
    load_glossary,
    load_guidance,
    load_principles,
    load_themes,
    load_wording,
    nations_of,
)

GOOD = """
id = "sample"
title = "Sample"
kind = "activity"
purpose = "A purpose."
principles = [12]
themes = ["safety"]
lundy = ["voice"]
crisis_plan = false
minutes = 10
group_size = [2, 8]
materials = []
easy_read = "Easy. You can pass. You can take back what you said."
interpreter_notes = "Notes."
safeguarding_notes = "Remind everyone of the right to pass."
low_literacy = "Pictures."

[[steps]]
title = "Talk"
say = "Let's talk. You can pass, and you can take back anything you say."
minutes = 10
interpreted_minutes = 18
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
    assert activity.steps[0].say.startswith("Let's talk.")
    assert activity.group_size == (2, 8)
    assert activity.lundy == ("voice",)
    assert (activity.minutes, activity.interpreted_minutes) == (10, 18)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (("principles = [12]", "principles = [5]"), "principles"),
        (("minutes = 10\ngroup", "minutes = 11\ngroup"), "minutes"),
        (('themes = ["safety"]', 'themes = ["weather"]'), "themes"),
        (('kind = "activity"', 'kind = "party"'), "kind"),
        (("group_size = [2, 8]", "group_size = [9, 8]"), "group_size"),
        (('title = "Sample"\n', ""), "title"),
        (("say = \"Let's talk.", 'say = "" # "'), "steps[0].say"),
        (('id = "sample"', 'id = "other"'), "id"),
        (("minutes = 10\n", 'minutes = "ten"\n'), "minutes"),
        (('lundy = ["voice"]', 'lundy = ["loudness"]'), "lundy"),
        (('lundy = ["voice"]\n', ""), "lundy"),
        (("interpreted_minutes = 18", "interpreted_minutes = 5"), "steps[0].interpreted_minutes"),
        (("interpreted_minutes = 18", "interpreted_minutes = 31"), "steps[0].interpreted_minutes"),
        (("interpreted_minutes = 18\n", ""), "steps[0].interpreted_minutes"),
        (("Let's talk. You can pass, and you can take back anything you say.", "Let's talk."), "steps[0].say"),
        (("Let's talk. You can pass,", "Let's talk. You can leave,"), "steps[0].say"),
        (("Easy. You can pass. You can take back what you said.", "Easy."), "easy_read"),
        (("Let's talk.", "Who? What? You can pass, and you can take back anything you say."), "steps[0].say"),
        (('purpose = "A purpose."', 'purpose = "What you say stays in this room."'), "purpose"),
        (('low_literacy = "Pictures."', 'low_literacy = "Pictures. It all stays in the room."'), "low_literacy"),
        (("crisis_plan = false", "crisis_plan = 1"), "crisis_plan"),
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


def test_every_theme_has_at_least_three_activities() -> None:
    library = load_library().values()
    for theme in load_themes():
        assert sum(theme in a.themes for a in library) >= 3, theme


def test_every_activity_serves_a_lundy_element_and_each_element_is_well_served() -> None:
    library = load_library().values()
    assert all(a.lundy and set(a.lundy) <= set(LUNDY) for a in library)
    for element in LUNDY:
        assert len(find_activities(lundy=element)) >= 4, element


def test_find_activities_filters_by_principle_theme_and_lundy_together() -> None:
    found = find_activities(principle=12, theme="participation", lundy="influence")
    assert found and all(12 in a.principles and "participation" in a.themes and "influence" in a.lundy for a in found)
    assert "what-happened" in {a.id for a in found}
    assert find_activities() == list(load_library().values())


def test_every_activity_says_pass_and_take_back_in_its_first_step_and_easy_read() -> None:
    rules = load_wording()
    for activity in load_library().values():
        assert rules.says_pass_and_take_back(activity.steps[0].say), activity.id
        assert rules.says_pass_and_take_back(activity.easy_read), activity.id


def test_check_out_says_how_to_take_something_back_and_how_young_people_hear_back() -> None:
    said = " ".join(step.say for step in get_activity("check-out").steps).lower()
    assert "tell us by the date" in said and "we will take it out" in said
    assert "who said what stays here" in said and "no names" in said and "tell you what happened" in said


def test_ground_rules_make_only_true_promises() -> None:
    said = " ".join(step.say for step in get_activity("ground-rules").steps).lower()
    assert "who said what stays here" in said
    assert "one limit" in said and "tell you first" in said
    assert "no photos, no recording and no posting" in said
    assert "tell you what happened" in said


def test_every_step_asks_at_most_one_question() -> None:
    for activity in load_library().values():
        for step in activity.steps:
            assert step.say.count("?") <= 1, (activity.id, step.title)


def test_interpreted_minutes_are_longer_than_plain_minutes_but_within_the_factor() -> None:
    for activity in load_library().values():
        assert activity.minutes < activity.interpreted_minutes <= 3 * activity.minutes, activity.id
        assert all(s.minutes <= s.interpreted_minutes for s in activity.steps), activity.id


def test_no_activity_uses_sea_storm_body_outline_or_bottle_imagery() -> None:
    banned = re.compile(r"\b(storm|sea|river|boats?|bottle|outline of a person|lies down)\b", re.IGNORECASE)
    for path in ACTIVITIES_DIR.glob("*.toml"):
        text = path.read_text(encoding="utf-8")
        assert not banned.search(text.replace("river-journey", "")), (path.name, banned.search(text))


def test_body_map_uses_four_symbols_and_the_road_map_is_not_one_straight_line() -> None:
    body = get_activity("body-map")
    assert [s.title for s in body.steps[1:5]] == ["Know", "Feel", "Do", "Go"]
    road = get_activity("river-journey")
    assert "more than one way" in road.steps[0].say and "roundabout" in road.purpose


def test_story_a_is_flagged_to_check_first_and_every_story_has_a_uk_version() -> None:
    stories = get_activity("case-vignettes")
    assert stories.check_first and "Story A" in stories.check_first and stories.crisis_plan
    uk = [m for m in stories.materials if "grew up in the UK" in m]
    assert {m.split(" for young people")[0] for m in uk} == {"Story card A", "Story card B", "Story card C"}


def test_what_happened_asks_whether_it_is_good_enough() -> None:
    steps = get_activity("what-happened").steps
    assert any(s.title == "Is this good enough?" and s.capture for s in steps)


def test_activity_summary_carries_lundy_and_interpreted_minutes() -> None:
    summary = get_activity("ground-rules").summary()
    assert summary["lundy"] == ["space", "voice"]
    assert summary["interpreted_minutes"] > summary["minutes"]


def test_a_banned_promise_in_a_nested_field_is_named(tmp_path: Path) -> None:
    path = write_activity(tmp_path, GOOD + 'capture = "It stays in this room."\n')
    with pytest.raises(DataFileError, match=r"'steps\[0\]\.capture'") as caught:
        load_library_from(tmp_path, {"safety"})
    assert str(path) in str(caught.value) and "stays in this room" in str(caught.value)


def test_every_shipped_data_file_passes_the_wording_check() -> None:
    load_principles.cache_clear()
    load_glossary.cache_clear()
    load_guidance.cache_clear()
    load_planning.cache_clear()
    assert load_principles() and load_glossary() and load_planning()
    for name, table in [
        ("safety", "section"),
        ("interpreting", "rule"),
        ("interpreting", "brief"),
        ("break", "message"),
        ("grounding", "technique"),
    ]:
        assert load_guidance(name, table), (name, table)


def test_safety_panel_and_interpreting_guidance_carry_the_true_promise_and_the_photo_rule() -> None:
    safety = " ".join(text for _, text in load_guidance("safety", "section")).lower()
    assert "who said what stays here" in safety and "tell the young person first" in safety
    assert "no photos" in " ".join(h.lower() for h, _ in load_guidance("safety", "section"))
    assert "shredded" in safety and "neutral title" in safety
    interpreting = " ".join(h + " " + t for h, t in load_guidance("interpreting", "rule")).lower()
    for words in (
        "child protection",
        "never asked to interpret",
        "not from the home office",
        "safeguarding lead",
        "social media",
        "no photos",
        "in a group",
    ):
        assert words in interpreting, words


def test_grounding_menu_has_several_short_ideas() -> None:
    ideas = load_guidance("grounding", "technique")
    assert len(ideas) >= 4
    assert all(len(text) < 160 for _, text in ideas)


def test_glossary_facts_have_a_checked_date_and_nations_where_they_differ() -> None:
    terms = {t.term: t for t in load_glossary()}
    assert all(isinstance(t.checked_on, dt.date) and t.checked_on <= dt.date.today() for t in terms.values())
    assert terms["Independent Child Trafficking Guardian (ICTG)"].nations == ("england", "wales")
    assert terms["Guardian (Scotland)"].nations == ("scotland",)
    assert terms["Independent Guardian (Northern Ireland)"].nations == ("northern-ireland",)
    nrm = terms["National Referral Mechanism (NRM)"].meaning
    assert "First Responder" in nrm and "council" in nrm and "does not give leave to remain" in nrm
    age = terms["Age assessment"].meaning
    assert "benefit of the doubt" in age and "challenge" in age and "Documents" in age
    assert "a primary consideration" in terms["Best interests"].meaning
    assert "must come first" not in load_principles()[3].child_friendly


def test_a_future_or_missing_checked_date_is_refused_by_file_and_field(tmp_path: Path) -> None:
    path = tmp_path / "glossary.toml"
    later = dt.date.today() + dt.timedelta(days=3)
    with pytest.raises(DataFileError, match=r"'term\[0\]\.checked_on' is .* in the future"):
        checked_date(path, {"checked_on": later}, "term[0].")
    with pytest.raises(DataFileError, match=r"'term\[0\]\.checked_on' is missing"):
        checked_date(path, {}, "term[0].")
    with pytest.raises(DataFileError, match=r"'term\[0\]\.checked_on' should be date"):
        checked_date(path, {"checked_on": "yesterday"}, "term[0].")
    with pytest.raises(DataFileError, match=r"'term\[0\]\.nations'"):
        nations_of(path, {"nations": ["wales", "mars"]}, "term[0].")


def test_planning_safeguards_follow_the_group_and_the_activities() -> None:
    library = load_library()
    calm = planning_safeguards([library["check-in"]], group_size=8, interpreter=True)
    ids = {s.id for s in calm}
    assert {"ages", "named-adults", "neutral-title", "travel-home", "no-photos", "group-make-up"} <= ids
    assert not ids & {"interpreted-large", "small-group", "crisis-plan"}
    big = planning_safeguards([library["case-vignettes"]], group_size=14, interpreter=True)
    found = {s.id: s for s in big}
    assert "about 12 young people" in found["interpreted-large"].text
    assert "Made-up stories" in found["crisis-plan"].text
    assert "Story A" in found["check-first-case-vignettes"].text
    assert "interpreted-large" not in {s.id for s in planning_safeguards([], group_size=14, interpreter=False)}
    small = {s.id: s for s in planning_safeguards([], group_size=3)}
    assert "Fewer than 4" in small["small-group"].heading


def test_no_activity_is_planned_for_a_group_too_large_to_hear_everyone() -> None:
    cap = load_planning().max_group_interpreted
    for activity in load_library().values():
        assert activity.group_size[1] <= 15, activity.id
        assert activity.group_size[0] <= cap, activity.id


def test_a_session_planned_with_a_renamed_activity_still_finds_it() -> None:
    assert get_activity("message-in-a-bottle").id == "welcome-postcards"
    found = find_activity("message-in-a-bottle")
    assert found is not None and found.id == "welcome-postcards"
    assert find_activity("no-such-activity") is None
