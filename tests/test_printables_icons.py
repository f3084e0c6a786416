"""Principle icons: every principle's icon is drawn, in its colour, and rows of icons lay out."""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from kit.printables.icons import SHAPES, PrincipleIcons, draw_icon, draw_principle_icon
from kit.vocab import load_principles


def test_every_principle_icon_named_in_the_data_has_a_drawing() -> None:
    assert {p.icon for p in load_principles().values()} <= set(SHAPES)


def test_icons_draw_in_the_principle_colour(tmp_path: Path) -> None:
    canv = Canvas(str(tmp_path / "icons.pdf"), pageCompression=0)
    for i, article in enumerate(load_principles()):
        draw_principle_icon(canv, article, 10 + i * 40, 10, 30)
    draw_icon(canv, "unknown-name", 200, 10, 30, "#123456")  # an unknown icon still draws a marker
    canv.save()
    content = (tmp_path / "icons.pdf").read_bytes()
    assert b".839216 .152941 .156863 rg" in content  # Art. 3 red, #d62728


def test_a_row_of_icons_is_as_tall_as_an_icon_and_empty_rows_take_no_space() -> None:
    assert PrincipleIcons([2, 12], 20).wrap(100, 100) == (100, 20)
    assert PrincipleIcons([], 20).wrap(100, 100) == (100, 0)


def test_icon_row_skips_an_article_the_kit_does_not_know() -> None:
    assert PrincipleIcons([2, 10**30, 12], size=10).articles == [2, 12]
