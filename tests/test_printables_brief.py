"""Interpreter brief: cover, how to interpret, run sheet with the words to say, glossary to fill in."""

from __future__ import annotations

from pathlib import Path

import pytest
from printables_helpers import PLAN, make_session, pdf_pages, squash

from kit.errors import InputError
from kit.library import get_activity
from kit.printables.brief import render_brief
from kit.vocab import load_glossary, load_guidance


def test_brief_has_cover_rules_run_sheet_and_every_glossary_term(sessions: Path, tmp_path: Path) -> None:
    path = make_session(sessions)
    out = render_brief(path, tmp_path / "brief.pdf")
    pages = pdf_pages(out)
    text = " ".join(pages)
    assert "Interpreter brief" in pages[0] and "Our first week" in pages[0] and "2026-03-14" in pages[0]
    assert "en, ar, ti" in pages[0] and "Sam" in pages[0]
    for heading, _ in load_guidance("interpreting", "brief"):
        assert heading in pages[0]
    assert "How to interpret in this room" in pages[1]
    for heading, rule in load_guidance("interpreting", "rule"):
        assert squash(heading) in text and squash(rule) in text
    for activity_id in PLAN:
        activity = get_activity(activity_id)
        assert squash(activity.title) in text
        for step in activity.steps:
            assert squash(step.say) in text
    for term in load_glossary():
        assert squash(term.term) in text
    assert "Your translation" in text
    assert 5 <= len(pages) <= 30


def test_brief_length_is_the_sum_of_the_plan_when_not_set(sessions: Path, tmp_path: Path) -> None:
    path = make_session(sessions)
    minutes = sum(get_activity(a).minutes for a in PLAN)
    assert f"{minutes} minutes" in pdf_pages(render_brief(path, tmp_path / "b.pdf"))[0]


def test_brief_headings_in_arabic(sessions: Path, tmp_path: Path) -> None:
    path = make_session(sessions)
    out = render_brief(path, tmp_path / "brief-ar.pdf", language="ar")
    pages = pdf_pages(out)
    assert "Our first week" in pages[0]
    assert "Interpreter brief" not in pages[0]
    assert len(pages) >= 5


def test_brief_refuses_an_unknown_language_and_writes_nothing(sessions: Path, tmp_path: Path) -> None:
    path = make_session(sessions)
    with pytest.raises(InputError, match="No translation for language 'xx'"):
        render_brief(path, tmp_path / "b.pdf", language="xx")
    assert list(tmp_path.glob("*.pdf")) == []
