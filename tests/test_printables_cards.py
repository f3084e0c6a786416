"""Activity cards: four to a page with cut marks, every planned activity, long cards continued."""

from __future__ import annotations

import math
from pathlib import Path

from printables_helpers import PLAN, make_session, pdf_pages, squash
from pypdf import PdfReader

from kit.library import get_activity, load_library
from kit.printables import theme
from kit.printables.cards import NORMAL, CardStyles, card_story, draw_cards, render_cards, slots


def _faces(activities: list, tmp_path: Path, large: bool = False) -> int:
    from reportlab.pdfgen.canvas import Canvas

    from kit.printables.cards import LARGE_PRINT

    layout = LARGE_PRINT if large else NORMAL
    page = theme.page_size("a4", landscape=layout.landscape)
    canv = Canvas(str(tmp_path / "count.pdf"), pagesize=page)
    return draw_cards(canv, activities, page, layout)


def test_cards_for_a_session_plan_have_every_title_and_four_faces_a_page(sessions: Path, tmp_path: Path) -> None:
    path = make_session(sessions)
    activities = [get_activity(a) for a in PLAN]
    out = render_cards(activities, tmp_path / "cards.pdf")
    pages = pdf_pages(out)
    assert len(pages) == math.ceil(_faces(activities, tmp_path) / 4)
    text = " ".join(pages)
    for activity in activities:
        assert squash(activity.title) in text
        assert squash(activity.steps[0].title) in text
        assert squash(activity.easy_read) in text
    assert path.exists()


def test_a_long_card_continues_on_the_next_card_and_nothing_is_cut(tmp_path: Path) -> None:
    from dataclasses import replace

    body_map = get_activity("body-map")
    long = replace(body_map, safeguarding_notes=" ".join([body_map.safeguarding_notes] * 6))
    out = render_cards([long], tmp_path / "long.pdf")
    text = " ".join(pdf_pages(out))
    assert f"{body_map.title} (continued)" in text
    words = iter(text.split())
    assert all(word in words for word in long.safeguarding_notes.split()), "every word, in order, across the cards"


def test_whole_library_large_print_on_landscape_pages_with_two_cards_each(tmp_path: Path) -> None:
    activities = list(load_library().values())
    out = render_cards(activities, tmp_path / "large.pdf", large_print=True)
    reader = PdfReader(out)
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)
    assert len(reader.pages) == math.ceil(_faces(activities, tmp_path, large=True) / 2)
    text = " ".join(pdf_pages(out))
    for activity in activities:
        assert squash(activity.title) in text


def test_large_print_type_is_larger() -> None:
    assert CardStyles(1.45).body.fontSize > CardStyles(1.0).body.fontSize * 1.4


def test_card_slots_tile_the_page_inside_the_cut_margins() -> None:
    page = theme.page_size("a4")
    rects, xs, ys = slots(page, NORMAL)
    assert len(rects) == 4 and len(xs) == 3 and len(ys) == 3
    w, h = rects[0][2], rects[0][3]
    assert abs(w - (page[0] - xs[0] * 2) / 2) < 0.01 and h > w  # portrait cards, close to A6


def test_card_story_has_purpose_materials_steps_and_safety_note() -> None:
    activity = get_activity("diamond-ranking")
    story = card_story(activity, CardStyles(1.0))
    texts = " ".join(getattr(f, "text", "") for f in story)
    assert activity.purpose in texts
    for item in activity.materials:
        assert item in texts
    assert f"{len(activity.steps)}. {activity.steps[-1].title}" in texts
    assert "Keep everyone safe" in texts
